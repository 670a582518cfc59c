"""Moments of one chunk of draws, per column: the reduction every Monte Carlo chunk ends with.

For each column of a chunk (draws x outputs): the number of finite values, their mean, the sum
of squared deviations from that mean (M2, two passes: exact, no cancellation), minimum and
maximum. Monte Carlo merges chunks with Chan's formula (``montecarlo._Running``).

:func:`chunk_moments_numpy` is the reference; the compiled version (numba, on first use) does the
same arithmetic in two passes over the chunk instead of some ten NumPy passes with temporaries.
Both add the rows of a column in order (NumPy's reduction over the first axis of a C-ordered
array is sequential too), so the results are identical (``tests/uncertainty/test_moments.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from guarantor.engine import kernels

__all__ = ["chunk_moments", "chunk_moments_numpy", "load", "COMPILED_FROM"]

#: From this many values (rows x columns) on, the compiled version is used.
COMPILED_FROM = 1_000_000

Moments = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def chunk_moments_numpy(x: np.ndarray) -> Moments:
    """Count of finite values, mean, M2, min and max per column of ``x`` (n, w).

    Examples
    --------
    >>> cnt, mean, m2, lo, hi = chunk_moments_numpy(np.array([[1.0, np.nan], [3.0, 2.0]]))
    >>> cnt.tolist(), mean.tolist(), m2.tolist(), lo.tolist(), hi.tolist()
    ([2, 1], [2.0, 2.0], [2.0, 0.0], [1.0, 2.0], [3.0, 2.0])
    """
    fin = np.isfinite(x)
    cnt = fin.sum(0)
    xz = np.where(fin, x, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mb = np.where(cnt > 0, xz.sum(0) / cnt, 0.0)
    m2b = np.where(fin, (x - mb) ** 2, 0.0).sum(0)
    lo = np.where(fin, x, np.inf).min(0)
    hi = np.where(fin, x, -np.inf).max(0)
    return cnt, mb, m2b, lo, hi


def _moments(x: np.ndarray, cnt: np.ndarray, mean: np.ndarray, m2: np.ndarray,
             lo: np.ndarray, hi: np.ndarray) -> None:  # pragma: no cover - runs compiled
    n, w = x.shape
    for j in range(w):
        cnt[j] = 0
        mean[j] = 0.0
        m2[j] = 0.0
        lo[j] = np.inf
        hi[j] = -np.inf
    for i in range(n):
        for j in range(w):
            v = x[i, j]
            if v - v == 0.0:
                cnt[j] += 1
                mean[j] += v
                if v < lo[j]:
                    lo[j] = v
                if v > hi[j]:
                    hi[j] = v
            else:
                mean[j] += 0.0
    for j in range(w):
        mean[j] = mean[j] / cnt[j] if cnt[j] > 0 else 0.0
    for i in range(n):
        for j in range(w):
            v = x[i, j]
            if v - v == 0.0:
                dv = v - mean[j]
                m2[j] += dv * dv
            else:
                m2[j] += 0.0


_compiled: Callable[..., None] | None = None


def _kernel() -> Callable[..., None]:
    global _compiled
    if _compiled is None:
        import numba

        kernel = numba.njit(cache=True, nogil=True)(_moments)
        # numba compiles (or loads from its cache) on the first call, per argument types: make
        # that call now, with the types chunk_moments passes, so that worker processes forked
        # after load() inherit the compiled code (each loaded it again at its first chunk:
        # some 0.3-0.7 s of CPU per worker, issue 18)
        kernel(np.zeros((1, 1)), np.empty(1, dtype=np.int64), np.empty(1), np.empty(1),
               np.empty(1), np.empty(1))
        _compiled = kernel
    return _compiled


def load() -> bool:
    """Compile (or load from numba's cache) the kernel now, e.g. before forking workers; False
    when numba is not importable."""
    return kernels.loads(_kernel)


def chunk_moments(x: np.ndarray) -> Moments:
    """:func:`chunk_moments_numpy`, compiled for large chunks (identical results).

    Parameters
    ----------
    x : ndarray, shape (n, w)
        Values of w outputs in n draws; NaN and infinities are not counted.

    Returns
    -------
    cnt (w,) int, mean (w,), m2 (w,), min (w,), max (w,)
        Min and max are +inf and -inf for a column without a finite value.
    """
    x = np.asarray(x, dtype=float)
    if x.size < COMPILED_FROM:
        return chunk_moments_numpy(x)
    try:
        kernel = _kernel()
    except ImportError:
        return chunk_moments_numpy(x)
    w = x.shape[1]
    out = (np.empty(w, dtype=np.int64), np.empty(w), np.empty(w), np.empty(w), np.empty(w))
    kernel(np.ascontiguousarray(x), *out)
    return out
