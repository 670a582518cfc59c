"""Splitting a requirement among contributors: capped proportional shares, whole units.

The burden rules ``gdp``, ``capacity`` and ``historical`` all share a requirement in proportion to
a weight per country, without giving any country more than it can supply (its cap). When a
country hits its cap, the rest is re-shared among the others in the same proportions
("water-filling"). The solution is exact and vectorised over any leading axes (draws, classes).
"""

from __future__ import annotations

import numpy as np


def capped_proportional(
    requirement: np.ndarray, weights: np.ndarray, caps: np.ndarray
) -> np.ndarray:
    """Share ``requirement`` in proportion to ``weights``, no country above its cap.

    Finds, for every problem along the leading axes, the level ``lam`` such that
    ``sum(min(lam * w, cap)) == requirement``; if the caps cannot cover the requirement, every
    country gives its full cap (the shortfall is the caller's to report).

    Parameters
    ----------
    requirement : ndarray, shape (...)
        Amount to share [any unit]; negative values are treated as 0.
    weights : ndarray, shape (..., n_countries)
        Non-negative weights (e.g. GDP); zero weight means the country is not asked.
    caps : ndarray, shape (..., n_countries)
        Non-negative upper bounds [same unit as requirement]; NaN is treated as 0.

    Returns
    -------
    ndarray, shape (..., n_countries)
        Allocation; sums to ``min(requirement, sum(caps over weighted countries))``.

    Examples
    --------
    >>> capped_proportional(np.array(90.0), np.array([1.0, 1.0, 1.0]), np.array([10.0, 50, 50]))
    array([10., 40., 40.])
    """
    req = np.clip(np.nan_to_num(np.asarray(requirement, dtype=float)), 0, None)
    w = np.asarray(weights, dtype=float)
    cap = np.asarray(caps, dtype=float)
    shape = np.broadcast_shapes(w.shape, cap.shape)
    n = shape[-1]
    # NaN or negative weights and caps count as 0 (comparisons with NaN are False)
    capw = np.where((w > 0) & (cap > 0), cap, 0.0)
    capw = np.array(np.broadcast_to(capw, shape), order="C").reshape(-1, n)
    req1 = np.broadcast_to(req, shape[:-1]).reshape(-1)
    # Problems whose caps cannot cover the requirement: everyone gives the full cap; with nothing
    # to share, nobody gives. Only the rest need the level search, and only over countries that
    # can give something: at a million draws this keeps Monte Carlo fast.
    total = capw.sum(-1)
    rows = np.flatnonzero((total > req1) & (req1 > 0))
    capw[req1 <= 0] = 0.0
    if rows.size:
        sub = capw[rows]
        cols = np.flatnonzero((sub > 0).any(axis=0))
        w_sub = _gather_rows(w, shape, rows)[:, cols]
        w_sub = np.clip(np.nan_to_num(w_sub), 0, None)
        capw[rows[:, None], cols[None, :]] = _water_fill(req1[rows], w_sub, sub[:, cols])
    return capw.reshape(shape)


def _gather_rows(x: np.ndarray, shape: tuple[int, ...], rows: np.ndarray) -> np.ndarray:
    """Rows ``rows`` (flat indices over the leading axes) of ``x`` broadcast to ``shape``, as
    (len(rows), n) -- without materialising the broadcast."""
    xb = np.broadcast_to(x, shape)
    if len(shape) == 1:
        return np.broadcast_to(xb, (len(rows), shape[0])).copy()
    return xb[np.unravel_index(rows, shape[:-1])]


def _water_fill(req: np.ndarray, w: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Level search for problems (m, n) whose caps exceed the requirement (m,).

    Saturates, round by round, every country whose proportional share at the current level
    reaches its cap, then re-shares the rest among the others. The level only rises, a
    saturated country stays saturated, and at most n rounds are needed (usually two or three);
    problems that are settled drop out of the next round.
    """
    m = w.shape[0]
    sat = np.zeros(w.shape, dtype=bool)
    lam = np.zeros(m)
    act = np.arange(m)
    wa, ca, sa = w, cap, sat
    while act.size:
        rem = req[act] - np.where(sa, ca, 0.0).sum(-1)
        wu = np.where(sa, 0.0, wa).sum(-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            lv = np.where(wu > 0, np.clip(rem, 0, None) / wu, 0.0)
        new = sa | (lv[:, None] * wa >= ca)
        changed = new.sum(-1) != sa.sum(-1)
        sat[act] = new
        lam[act] = lv
        act = act[changed]
        wa, ca, sa = wa[changed], ca[changed], new[changed]
    return np.where(sat, cap, lam[:, None] * w)


def whole_units(alloc: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Round allocations to whole units, keeping the (rounded) total and respecting caps.

    Largest-remainder rounding: every country gets the floor of its share, then the units still
    needed to reach the rounded total go to the largest fractional parts among countries whose
    cap allows one more.

    Parameters
    ----------
    alloc : ndarray, shape (..., n_countries)
        Continuous allocation [units].
    caps : ndarray, shape (..., n_countries)
        Upper bounds [units]; NaN treated as 0.

    Returns
    -------
    ndarray, shape (..., n_countries)
        Whole-number allocation with ``sum == round(sum(alloc))`` where the caps allow.

    Examples
    --------
    >>> whole_units(np.array([1.5, 1.5, 1.0]), np.array([5.0, 5.0, 5.0]))
    array([2., 1., 1.])
    """
    alloc, caps = np.broadcast_arrays(np.asarray(alloc, dtype=float), np.asarray(caps, float))
    shape = alloc.shape
    n = shape[-1]
    out = np.zeros(shape).reshape(-1, n)
    # Problems with nothing allocated stay at zero; at a million draws most air-shield classes
    # are of that kind (the US covers them, or nobody can), so only the others are rounded.
    rows = np.flatnonzero((alloc > 0).any(axis=-1).reshape(-1))
    if rows.size == 0:
        return out.reshape(shape)
    if rows.size > out.shape[0] // 2:
        rows = np.arange(out.shape[0])
        a_r = np.ascontiguousarray(alloc).reshape(-1, n)
        c_r = np.ascontiguousarray(caps).reshape(-1, n)
    else:
        a_r, c_r = _gather_rows(alloc, shape, rows), _gather_rows(caps, shape, rows)
    out[rows] = _largest_remainder(a_r, c_r)
    return out.reshape(shape)


def _largest_remainder(alloc: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """:func:`whole_units` for problems (m, n), C-contiguous."""
    n = alloc.shape[-1]
    cap = np.where(caps > 0, caps, 0.0)  # NaN and negative caps count as 0
    cap += 1e-9
    np.floor(cap, out=cap)
    a = np.minimum(alloc, cap)
    np.maximum(a, 0.0, out=a)
    base = a + 1e-9
    np.floor(base, out=base)
    target = np.minimum(np.round(a.sum(-1)), cap.sum(-1))
    missing = (target - base.sum(-1)).astype(np.int64)
    rows = np.flatnonzero(missing > 0)  # only these need the largest-remainder pass
    if rows.size == 0:
        return base
    if rows.size > missing.size // 2:  # most need it: skip the gather
        rows = np.arange(missing.size)
    a_r, b_r, c_r = a[rows], base[rows], cap[rows]
    m_r = np.clip(missing[rows], 0, n)
    frac = np.where(b_r + 1 <= c_r, a_r - b_r, -1.0)
    # The m-th largest eligible fraction is the threshold; a plain sort is much cheaper than the
    # rank of every element. Rows where ties make the threshold ambiguous are redone exactly
    # (stable order: among equal fractions the first country gets the unit).
    srt = np.sort(frac, axis=-1)
    thr = srt[np.arange(len(rows)), np.clip(n - m_r, 0, n - 1)]
    bump = (frac >= thr[:, None]) & (frac >= 0) & (m_r > 0)[:, None]
    tied = np.flatnonzero(bump.sum(-1) != np.minimum(m_r, (frac >= 0).sum(-1)))
    if tied.size:
        ft = frac[tied]
        order = np.argsort(-ft, axis=-1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(np.arange(n), order.shape), -1)
        bump[tied] = (rank < m_r[tied][:, None]) & (ft >= 0)
    base[rows] = b_r + bump
    return base
