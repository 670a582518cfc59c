"""A compiled kernel for Monte Carlo: the capped proportional split and whole-unit rounding, fused.

:func:`guarantor.engine.allocate.capped_proportional` followed by
:func:`guarantor.engine.allocate.whole_units` is the reference (NumPy) path. At a million draws
it makes a dozen temporary arrays per call and repeats passes over them (profiles of issue 18:
the water-fill about a third of a Monte Carlo run, the rounding a fifth). This module does the
same arithmetic one problem at a time, in one pass over each row, with no temporaries, compiled
by numba; :func:`capped_split` is the only entry point and the allocator chooses it for large
draw counts (:func:`guarantor.engine.allocate.split`).

Same method, step for step (see the reference functions for the method itself):

1. requirement: NaN -> 0, +inf -> the largest float, negative -> 0; a country counts only with
   weight > 0 and cap > 0 (NaN counts as 0);
2. caps that cannot cover the requirement: everyone gives its cap; nothing to share: nobody
   gives; otherwise the level search: saturate every country whose share at the current level
   reaches its cap, re-share the rest, until no country saturates;
3. whole units (optional): the floor of each share (caps floored), then the units still needed
   to reach ``min(round(total), sum(caps))`` go to the largest fractional parts among countries
   whose cap allows one more, the first country winning a tie (round half to even, as NumPy).

Results equal the reference path's up to the order of floating-point additions: NumPy sums a row
pairwise, this kernel left to right. Continuous shares may differ in the last bits (relative
1e-15); whole units differ only if a row's total falls within that distance of a rounding
boundary, which the 1e-9 guard of the rounding makes immaterial (``tests/engine/test_kernels.py``
checks equality on thousands of Monte Carlo draws).

numba is imported the first time the kernel is used (not by a plain run) and the compiled code is
cached on disk by numba (``cache=True``), so only the first run on a machine compiles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np

from guarantor.engine.fused import _prepare, _split_one

__all__ = ["capped_split", "available"]


_Kernel = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool], None]
_compiled: _Kernel | None = None


def _fill(req: np.ndarray, w: np.ndarray, cap: np.ndarray, out: np.ndarray,
          whole: bool) -> None:  # pragma: no cover - runs compiled (see _rows, tested there)
    """Shares of problems (A, B) among n countries, written into ``out`` (A, B, n): each
    problem by :func:`guarantor.engine.fused._split_one` (the one compiled split)."""
    A, B, n = out.shape
    cw = np.empty(n)
    wv = np.empty(n)
    sat = np.empty(n, dtype=np.bool_)
    capf = np.empty(n)
    row = np.empty(n)
    for i in range(A):
        for k in range(B):
            for j in range(n):
                _prepare(w[i, k, j], cap[i, k, j], j, wv, cw, capf)
            _split_one(req[i, k], wv, cw, row, whole, sat, capf, n)
            for j in range(n):
                out[i, k, j] = row[j]


def _kernel() -> _Kernel:
    """The compiled kernel (numba, cached on disk), compiled on first use."""
    global _compiled, _split_one, _prepare
    if _compiled is None:
        import numba

        from guarantor.engine import fused

        fused.load()  # compiles the per-problem split this kernel calls
        _split_one, _prepare = fused._split_one, fused._prepare
        _compiled = cast(_Kernel, numba.njit(cache=True, nogil=True)(_fill))
    return _compiled


def available() -> bool:
    """True when numba can be imported (it is a dependency; False only in a broken install)."""
    try:
        _kernel()
    except ImportError:
        return False
    return True


def capped_split(requirement: np.ndarray, weights: np.ndarray, caps: np.ndarray,
                 whole: bool = True, out: np.ndarray | None = None) -> np.ndarray:
    """Capped proportional shares, optionally in whole units, by the compiled kernel.

    The same as ``whole_units(capped_proportional(requirement, weights, caps), caps)`` (or,
    with ``whole=False``, ``capped_proportional(...)``) of :mod:`guarantor.engine.allocate`.

    Parameters
    ----------
    requirement : ndarray, shape (D,) or (D, B)
        Amount to share per problem [any unit].
    weights : ndarray, shape (D, n) or (D, B, n); broadcast views are read without copying
        Non-negative weights; zero, negative or NaN means the country is not asked.
    caps : ndarray, same shape as ``weights``
        Upper bounds [unit of requirement]; NaN counts as 0.
    whole : bool
        Round to whole units (largest remainder within caps).
    out : ndarray, optional
        Where to write (same shape; a strided view is fine), e.g. a buffer reused across chunks.

    Returns
    -------
    ndarray, the shape of ``weights``

    Examples
    --------
    >>> capped_split(np.array([90.0]), np.array([[1.0, 1.0, 1.0]]), np.array([[10.0, 50, 50]]))
    array([[10., 40., 40.]])
    """
    req = np.asarray(requirement, dtype=float)
    two = req.ndim == 1
    w = np.asarray(weights, dtype=float)
    c = np.asarray(caps, dtype=float)
    shape = np.broadcast_shapes(w.shape, c.shape)
    w, c = np.broadcast_to(w, shape), np.broadcast_to(c, shape)
    res = np.empty(shape) if out is None else out
    if two:
        _kernel()(req[:, None], w[:, None, :], c[:, None, :], res[:, None, :], whole)
    else:
        _kernel()(req, w, c, res, whole)
    return res
