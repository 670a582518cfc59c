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
    w = np.clip(np.nan_to_num(np.asarray(weights, dtype=float)), 0, None)
    cap = np.clip(np.nan_to_num(np.asarray(caps, dtype=float)), 0, None)
    w, cap = np.broadcast_arrays(w, cap)
    cap = np.where(w > 0, cap, 0.0)
    req = np.broadcast_to(req, cap.shape[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        brk = np.where(w > 0, cap / w, np.inf)  # lam at which each country saturates
    order = np.argsort(brk, axis=-1, kind="stable")
    brk_s = np.take_along_axis(brk, order, -1)
    cap_s = np.take_along_axis(cap, order, -1)
    w_s = np.take_along_axis(w, order, -1)
    cap_before = np.cumsum(cap_s, axis=-1) - cap_s  # caps of countries saturated before j
    w_tail = np.flip(np.cumsum(np.flip(w_s, -1), -1), -1)  # weights of j and after
    with np.errstate(invalid="ignore"):
        # a zero-weight country never saturates (brk inf) but adds nothing: the level is
        # unbounded only while some weight remains
        filled_at_brk = cap_before + np.where(np.isfinite(brk_s), brk_s * w_tail,
                                              np.where(w_tail > 0, np.inf, 0.0))
    reached = filled_at_brk >= req[..., None]
    j = np.argmax(reached, axis=-1)
    any_reached = reached.any(axis=-1)
    cb = np.take_along_axis(cap_before, j[..., None], -1)[..., 0]
    wt = np.take_along_axis(w_tail, j[..., None], -1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(wt > 0, (req - cb) / wt, 0.0)
    lam = np.where(any_reached, np.clip(lam, 0, None), np.inf)
    with np.errstate(invalid="ignore"):  # inf * 0 for zero-weight countries -> NaN -> cap (0)
        alloc = np.minimum(lam[..., None] * w, cap)
    return np.where(np.isfinite(alloc), alloc, cap)


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
    cap = np.floor(np.nan_to_num(caps) + 1e-9)
    a = np.minimum(np.clip(alloc, 0, None), cap)
    base = np.floor(a + 1e-9)
    target = np.minimum(np.round(a.sum(-1)), cap.sum(-1))
    missing = (target - base.sum(-1)).astype(np.int64)
    frac = np.where(base + 1 <= cap, a - base, -1.0)
    order = np.argsort(-frac, axis=-1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(a.shape[-1]), -1)
    bump = (rank < missing[..., None]) & (frac >= 0)
    return base + bump
