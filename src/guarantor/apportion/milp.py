"""A small column/row builder over HiGHS for the apportionment and coalition programs.

Columns and rows are collected as NumPy arrays and handed to HiGHS in one call each
(``addCols``/``addRows``), so building a 60-country x 10-class model costs well under a
millisecond. The solver is always the real HiGHS branch-and-cut MILP solver (``highspy``).

References
----------
Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10, 119-142. (HiGHS; https://highs.dev)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from guarantor.errors import SolverError

#: Relative and absolute MIP gaps: tight, so "no worse than the GDP rule" holds to 1e-7.
MIP_REL_GAP = 1e-7
MIP_ABS_GAP = 1e-9


_SILENCE_LOCK = threading.Lock()


def _flush_c_stdio() -> None:
    """Flush the C library's stdio buffers (where HiGHS's C++ writes land before fd 1)."""
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):
        pass  # no C library handle (e.g. Windows): nothing to flush


@contextlib.contextmanager
def c_stdout_silenced() -> Iterator[None]:
    """Point file descriptor 1 at the null device while HiGHS is built and configured.

    highspy 1.16 writes its licence banner from C++ when the first ``highspy.Highs()`` of a
    process is constructed, before ``output_flag`` can be switched off; redirecting
    ``sys.stdout`` does not reach it, so the descriptor itself is swapped. C stdio is flushed
    before the descriptor is restored, or a banner buffered while stdout is a pipe would be
    written out at exit. A lock serialises the swap between threads (the web app solves in
    worker threads).
    """
    with _SILENCE_LOCK:
        sys.stdout.flush()
        _flush_c_stdio()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            yield
        finally:
            _flush_c_stdio()
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


def new_highs(time_limit: float):  # -> highspy.Highs (untyped extension module)
    """The one place a HiGHS instance is made: silent, seeded and with the project's gaps.

    Nothing HiGHS writes reaches standard output, whatever the highspy version (the banner at
    construction included), so ``--json`` output stays pure JSON.
    """
    import highspy

    with c_stdout_silenced():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("log_to_console", False)
    h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    h.setOptionValue("mip_abs_gap", MIP_ABS_GAP)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", float(time_limit))
    return h


@dataclass
class Model:
    """A mixed-integer program under construction (minimisation)."""

    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    #: blocks of rows: (indices (n, m), values (n, m), lower (n,), upper (n,))
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list)
    n_cols: int = 0

    def add_cols(self, lower: np.ndarray, upper: np.ndarray, integer: bool | np.ndarray = False
                 ) -> np.ndarray:
        """Add columns with bounds; return their indices, shape like ``lower``."""
        lo = np.asarray(lower, dtype=float).ravel()
        hi = np.broadcast_to(np.asarray(upper, dtype=float), lo.shape).ravel()
        integ = np.broadcast_to(np.asarray(integer, dtype=bool), lo.shape).ravel()
        idx = np.arange(self.n_cols, self.n_cols + lo.size)
        self.lower.append(lo)
        self.upper.append(hi.copy())
        self.integer.append(integ.copy())
        self.n_cols += lo.size
        return idx.reshape(np.shape(lower))

    def add_row(self, idx: np.ndarray, val: np.ndarray, lo: float = -np.inf,
                hi: float = np.inf) -> None:
        """Add ``lo <= sum(val * x[idx]) <= hi``."""
        i = np.asarray(idx, dtype=np.int64).reshape(1, -1)
        v = np.broadcast_to(np.asarray(val, dtype=float).ravel(), (i.shape[1],))
        self.add_rows(i, v.reshape(1, -1), lo, hi)

    def add_rows(self, idx: np.ndarray, val: np.ndarray, lo: np.ndarray | float,
                 hi: np.ndarray | float) -> None:
        """Add one row per line of ``idx``/``val`` (each shape (n_rows, n_terms))."""
        idx = np.asarray(idx, dtype=np.int64)
        if idx.ndim != 2:
            raise ValueError("add_rows needs 2-d indices (n_rows, n_terms)")
        val = np.broadcast_to(np.asarray(val, dtype=float), idx.shape)
        n = idx.shape[0]
        self.rows.append((idx, val.copy(), np.broadcast_to(np.asarray(lo, float), (n,)).copy(),
                          np.broadcast_to(np.asarray(hi, float), (n,)).copy()))

    def highs(self, time_limit: float):
        """A HiGHS instance holding this model (objective all zero)."""
        import highspy

        h = new_highs(time_limit)
        lo = np.concatenate(self.lower) if self.lower else np.zeros(0)
        hi = np.concatenate(self.upper) if self.upper else np.zeros(0)
        n = lo.size
        h.addCols(n, np.zeros(n), lo, hi, 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
                  np.zeros(0))
        integ = np.concatenate(self.integer) if self.integer else np.zeros(0, bool)
        if integ.any():
            cols = np.flatnonzero(integ).astype(np.int32)
            h.changeColsIntegrality(cols.size, cols,
                                    np.full(cols.size, highspy.HighsVarType.kInteger))
        if self.rows:
            lengths = np.concatenate([np.full(r[0].shape[0], r[0].shape[1]) for r in self.rows])
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
            index = np.concatenate([r[0].ravel() for r in self.rows]).astype(np.int32)
            value = np.concatenate([r[1].ravel() for r in self.rows])
            rlo = np.concatenate([r[2] for r in self.rows])
            rhi = np.concatenate([r[3] for r in self.rows])
            h.addRows(rlo.size, rlo, rhi, index.size, starts, index, value)
        return h


def set_objective(h, cost: np.ndarray) -> None:
    """Replace the objective of ``h`` by ``cost`` (minimise)."""
    n = cost.size
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=float))


@dataclass(frozen=True)
class Solved:
    """What HiGHS returned: status word, column values, objective, proven optimal or not."""

    status: str
    x: np.ndarray
    objective: float
    optimal: bool


def run(h, integer: np.ndarray) -> Solved:
    """Solve; integer columns are rounded to the nearest whole number.

    Raises
    ------
    SolverError
        When HiGHS finds no solution at all (the apportionment model is always feasible by
        construction, so this means a bug or a time limit hit before any solution).
    """
    import highspy

    h.run()
    ms = h.getModelStatus()
    status = h.modelStatusToString(ms)
    info = h.getInfo()
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if not has_sol:
        raise SolverError("the MILP solver returned no solution", value=status,
                          hint="raise the time limit, or report the scenario as a bug")
    x = np.asarray(h.getSolution().col_value, dtype=float)
    x = np.where(integer, np.round(x), x) + 0.0  # + 0.0 turns a rounded -0.0 into 0.0
    return Solved(status, x, float(info.objective_function_value),
                  ms == highspy.HighsModelStatus.kOptimal)
