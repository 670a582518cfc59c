"""Splitting a requirement among contributors: the allocators behind the burden rules.

Every burden rule is an :class:`Allocator`: it takes the model inputs and the :class:`Needs`
(requirements net of the US, each country's cap) and returns an :class:`Allocation` for all
draws at once. The engine ships three:

``pledges``
    pledges as written (:func:`pledges`);
``capped``
    ``gdp``, ``capacity`` and ``historical`` share a requirement in proportion to a weight per
    country, without giving any country more than it can supply (its cap). When a country hits
    its cap, the rest is re-shared among the others in the same proportions ("water-filling"),
    then rounded to whole units (:class:`Capped`);
``fair_share``
    the continuous optimum of the fair-share objective: the ``gdp`` split, capped, in whole
    units, the same method at any number of draws (:data:`FAIR_SHARE`).

The integer fair-share optimiser (HiGHS MILP) lives in :mod:`guarantor.apportion`, which builds on
the engine; it implements the same protocol and can be handed to
:func:`guarantor.engine.compute.compute` (``allocator=``) -- the engine never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np

from guarantor.errors import ScenarioError

if TYPE_CHECKING:
    from guarantor.engine.inputs import ModelInputs


@dataclass(frozen=True)
class Needs:
    """What the participants are to share (net of the US) and what each can give.

    D draws, C countries, K capability classes.
    """

    troops: np.ndarray      # (D,) persons, whole
    troop_caps: np.ndarray  # (D, C) persons
    air: np.ndarray         # (D, K) units, net of the US
    air_caps: np.ndarray    # (D, C, K) units
    aid: np.ndarray         # (D,) EUR per year, net of the US


@dataclass(frozen=True)
class Allocation:
    """Who gives what, for every draw: troops (D, C), air (D, C, K), aid (D, C).

    ``note`` says how the rule was applied (shown with the result); ``aid_tolerance`` is the
    relative aid shortfall below which the aid counts as met (a solver's rounding).
    """

    troops: np.ndarray
    air: np.ndarray
    aid: np.ndarray
    note: str = ""
    aid_tolerance: float = 0.0


class Allocator(Protocol):
    """A burden rule: shares :class:`Needs` among the participants for all draws at once."""

    def __call__(self, inp: ModelInputs, needs: Needs) -> Allocation:
        ...


def rule_weights(rule: str, inp: ModelInputs, capacity: np.ndarray | None = None,
                 money: bool = False, willingness: np.ndarray | None = None) -> np.ndarray:
    """Basis of the burden rule per draw and country, shape (D, C) (participants only).

    ``gdp``: GDP; ``capacity``: what the country can field (for money: its defence budget);
    ``historical``: its past military aid; ``pledges`` has no basis (pledges as written).
    Only countries willing to take part in the mission carry weight: for money (aid), those
    willing to share the aid burden; otherwise those willing to send troops (or, given
    ``willingness`` (D, C), those it marks).
    """
    D, C = inp.willingness.shape
    will = willingness if willingness is not None else (
        inp.aid_willingness() if money else inp.willingness)
    part = inp.participants[None, :] & (will > 0)
    if rule == "gdp":
        base = np.broadcast_to(np.nan_to_num(inp.gdp_eur)[None, :], (D, C))
    elif rule == "capacity":
        base = (np.broadcast_to(np.nan_to_num(inp.milex_eur)[None, :], (D, C))
                if money or capacity is None else capacity)
    elif rule == "historical":
        base = np.broadcast_to(np.nan_to_num(inp.aid_history)[None, :], (D, C))
    elif rule == "pledges":
        base = np.zeros((D, C))
    else:
        raise ScenarioError(
            "unknown burden rule for a proportional basis", value=rule,
            allowed="gdp, capacity, historical, pledges, fair_share",
        )
    return np.where(part, base, 0.0)


def pledges(inp: ModelInputs, needs: Needs) -> Allocation:
    """The ``pledges`` rule: every participant gives what it pledged (capped by what it can)."""
    D, C = inp.willingness.shape
    troops = np.where(np.isfinite(inp.pledge_troops)[None, :], needs.troop_caps, 0.0)
    cap_dkc = np.moveaxis(needs.air_caps, 1, 2)
    alloc_dkc = np.where(np.isfinite(inp.pledge_aircraft).T[None], cap_dkc, 0.0)
    aid = np.broadcast_to(
        np.where(inp.participants, np.nan_to_num(inp.pledge_aid), 0.0)[None, :], (D, C)).copy()
    return Allocation(troops, np.moveaxis(alloc_dkc, 2, 1), aid)


@dataclass(frozen=True)
class Capped:
    """A weighted rule (``gdp``, ``capacity``, ``historical``): capped proportional shares.

    Troops and air units are rounded to whole units (:func:`whole_units`); aid is money and is
    capped by each country's aid pledge where it made one.
    """

    rule: str
    note: str = ""

    def __call__(self, inp: ModelInputs, needs: Needs) -> Allocation:
        w = rule_weights(self.rule, inp, needs.troop_caps)
        troops = split(needs.troops, w, needs.troop_caps)
        cap_dkc = np.moveaxis(needs.air_caps, 1, 2)  # (D, K, C)
        if self.rule == "capacity":
            w_dkc = cap_dkc
        else:
            # every participant able to offer a class is weighted by the rule's basis
            base = rule_weights(self.rule, inp, willingness=inp.air_willingness().max(axis=-1))
            w_dkc = np.broadcast_to(base[:, None, :], cap_dkc.shape)
        air = np.empty(needs.air_caps.shape)  # (D, C, K), written through a (D, K, C) view
        split(needs.air, w_dkc, cap_dkc, out=np.moveaxis(air, 1, 2))
        w = rule_weights(self.rule, inp, money=True)
        caps = np.where(np.isfinite(inp.pledge_aid)[None, :], inp.pledge_aid[None, :], np.inf)
        caps = np.where(w > 0, caps, 0.0)
        aid = split(needs.aid, w, np.where(np.isinf(caps), 1e30, caps), whole=False)
        return Allocation(troops, air, aid, note=self.note)


#: The engine's ``fair_share`` rule: one method at any number of draws.
FAIR_SHARE = Capped(
    "gdp",
    note="fair_share: the gdp rule's capped proportional split in whole units (the continuous "
         "optimum of the fair-share objective); the integer optimum is `guarantor apportion`",
)

#: Every burden rule's allocator, by name (the vocabulary of ``burden_rule``).
ALLOCATORS: dict[str, Allocator] = {
    "gdp": Capped("gdp"),
    "capacity": Capped("capacity"),
    "historical": Capped("historical"),
    "pledges": pledges,
    "fair_share": FAIR_SHARE,
}


def allocator_for(rule: str) -> Allocator:
    """The engine's allocator of burden rule ``rule``.

    Examples
    --------
    >>> allocator_for("gdp")
    Capped(rule='gdp', note='')
    """
    try:
        return ALLOCATORS[rule]
    except KeyError:
        raise ScenarioError("unknown burden rule", value=rule,
                            allowed=", ".join(ALLOCATORS)) from None


#: From this many sharing problems (draws x classes) in one call on, :func:`split` uses the
#: compiled kernel (:mod:`guarantor.engine.kernels`). numba's import costs about 0.5 s of CPU
#: once per process and the kernel saves a few microseconds per problem, so it pays from some
#: 10^5 problems a process: a Monte Carlo chunk (10,000 draws) and Sobol runs use it; a plain
#: run, the demo and the report's 1,000 draws stay on the NumPy path.
COMPILED_FROM = 10_000


def split(requirement: np.ndarray, weights: np.ndarray, caps: np.ndarray, whole: bool = True,
          out: np.ndarray | None = None, kernel: str = "auto") -> np.ndarray:
    """Capped proportional shares, in whole units unless ``whole=False``: what every weighted
    burden rule computes.

    ``whole_units(capped_proportional(requirement, weights, caps), caps)`` (the NumPy reference
    path), or the same arithmetic by the compiled kernel of :mod:`guarantor.engine.kernels`
    when ``kernel="compiled"``, or ``"auto"`` and there are at least :data:`COMPILED_FROM`
    problems. The two agree up to the order of floating-point additions (see the kernels
    module); ``out`` (the shape of ``weights``, a view is fine) receives the result.

    Examples
    --------
    >>> split(np.array([91.0]), np.array([[1.0, 1.0, 1.0]]), np.array([[10.0, 50, 50]]))
    array([[10., 41., 40.]])
    """
    if kernel not in ("auto", "numpy", "compiled"):
        raise ValueError(f"kernel must be auto, numpy or compiled, not {kernel!r}")
    n_problems = int(np.prod(np.shape(requirement)))
    if kernel == "compiled" or (kernel == "auto" and n_problems >= COMPILED_FROM):
        from guarantor.engine import kernels

        if kernel == "compiled" or kernels.available():
            return kernels.capped_split(requirement, weights, caps, whole=whole, out=out)
    res = capped_proportional(requirement, weights, caps)
    if whole:
        res = whole_units(res, caps)
    if out is None:
        return res
    out[...] = res
    return out


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
        return cast(np.ndarray, base)
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
    return cast(np.ndarray, base)
