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

__all__ = ["capped_split", "available"]


_Kernel = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool], None]
_compiled: _Kernel | None = None


_HUGE = float(np.finfo(np.float64).max)


def _split_one(r: float, wv: np.ndarray, cw: np.ndarray, out: np.ndarray, whole: bool,
               sat: np.ndarray, capf: np.ndarray, n: int
               ) -> None:  # pragma: no cover - runs compiled
    """Capped proportional split of ``r`` among ``n`` countries, optionally in whole units.

    ``wv`` holds the weights (cleaned: NaN and negative 0) and ``cw`` the caps of the countries
    that count (weight > 0 and cap > 0, else 0); both are overwritten. ``capf`` must hold the
    raw caps (for whole units). The method is described in the module docstring.
    """
    if r != r:
        r = 0.0
    elif r > _HUGE:
        r = _HUGE
    if r < 0.0:
        r = 0.0
    total = 0.0
    for j in range(n):
        total += cw[j]
    any_pos = False
    if r <= 0.0:
        for j in range(n):
            out[j] = 0.0
    elif total > r:
        # the level search, one pass per round: a country's saturation is decided and, in the
        # same pass and the same order, its cap or weight added to the next round's sums
        # (the sums of a round are those of the saturation set it ends with)
        rem = r
        wu = 0.0
        for j in range(n):
            sat[j] = False
            wu += wv[j]
        while True:
            lam = (rem if rem > 0.0 else 0.0) / wu if wu > 0.0 else 0.0
            changed = False
            rem = r
            wu = 0.0
            for j in range(n):
                if not sat[j] and lam * wv[j] >= cw[j]:
                    sat[j] = True
                    changed = True
                if sat[j]:
                    rem -= cw[j]
                else:
                    wu += wv[j]
            if not changed:
                break
        for j in range(n):
            x = cw[j] if sat[j] else lam * wv[j]
            out[j] = x
            any_pos = any_pos or x > 0.0
    else:
        for j in range(n):
            out[j] = cw[j]
            any_pos = any_pos or cw[j] > 0.0
    if not whole:
        return
    if not any_pos:
        for j in range(n):
            out[j] = 0.0
        return
    a_sum = 0.0
    b_sum = 0.0
    c_sum = 0.0
    for j in range(n):
        cj = capf[j]
        cj = np.floor((cj if cj > 0.0 else 0.0) + 1e-9)
        capf[j] = cj
        a = out[j]
        a = a if a < cj else cj
        a = a if a > 0.0 else 0.0
        b = np.floor(a + 1e-9)
        wv[j] = a
        cw[j] = b
        a_sum += a
        b_sum += b
        c_sum += cj
    rounded = np.floor(a_sum)
    d = a_sum - rounded
    if d > 0.5 or (d == 0.5 and rounded % 2.0 == 1.0):
        rounded += 1.0
    target = rounded if rounded < c_sum else c_sum
    missing = int(target - b_sum)
    if missing > n:
        missing = n
    for j in range(n):
        wv[j] = (wv[j] - cw[j]) if cw[j] + 1.0 <= capf[j] else -1.0
    for _ in range(missing):
        best = -1
        bf = -1.0
        for j in range(n):
            if wv[j] > bf:
                bf = wv[j]
                best = j
        if best < 0:
            break
        cw[best] += 1.0
        wv[best] = -2.0
    for j in range(n):
        out[j] = cw[j]


def _prepare(wj: float, cj: float, j: int, wv: np.ndarray, cw: np.ndarray,
             capf: np.ndarray) -> None:  # pragma: no cover - runs compiled
    """Store country ``j``'s weight and cap the way the split reads them."""
    cw[j] = cj if (wj > 0.0 and cj > 0.0) else 0.0
    capf[j] = cj
    if wj != wj or wj < 0.0:
        wj = 0.0
    elif wj > _HUGE:
        wj = _HUGE
    wv[j] = wj


def _fill(req: np.ndarray, w: np.ndarray, cap: np.ndarray, out: np.ndarray,
          whole: bool) -> None:  # pragma: no cover - runs compiled (see _rows, tested there)
    """Shares of problems (A, B) among n countries, written into ``out`` (A, B, n): each
    problem by :func:`_split_one` (the split the fused kernel also uses)."""
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

        jit = numba.njit(cache=True, nogil=True)
        if not hasattr(_split_one, "py_func"):
            _split_one = jit(_split_one)
            _prepare = jit(_prepare)
        _compiled = cast(_Kernel, jit(_fill))
    return _compiled


def loads(kernel: Callable[[], object]) -> bool:
    """Compile (or load from numba's cache) ``kernel``'s compiled function now, e.g. before
    forking workers; False when numba is not importable (only in a broken install)."""
    try:
        kernel()
    except ImportError:
        return False
    return True


def available() -> bool:
    """True when numba can be imported (it is a dependency; False only in a broken install)."""
    return loads(_kernel)


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
