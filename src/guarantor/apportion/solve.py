"""The fair-share apportionment MILP: meet every requirement, each country close to its fair share.

For each requirement r (net of the US) with amount R_r, country c gives
``x_cr = lower_cr + s_r * v_cr`` where ``v_cr`` is a whole number of units of size ``s_r`` for
whole-unit requirements (aircraft, batteries, troop units) or a continuous share (money), and
``0 <= v_cr <= (upper_cr - lower_cr) / s_r``. The program, solved lexicographically by HiGHS:

1. *Shortfall first.* Requirements do not share constraints, so the most the countries can
   provide, ``M_r = sum_c (lower_cr + s_r * floor((upper_cr - lower_cr) / s_r))``, is known
   before solving. The program provides exactly ``min(R_r, M_r)`` (in whole units: the fewest
   that reach it; more only if floors already exceed it — an excess could otherwise "buy" a
   smaller deviation); ``max(R_r - M_r, 0)`` is the shortfall, reported with the caps that bind
   — the model is therefore always feasible.
2. *Fair share.* Minimise the total absolute deviation of shares from fair shares,
   ``sum_r sum_c |x_cr / R_r - f_c|``, linearised with ``d_cr >= +-(x_cr / R_r - f_c)``.
3. *Spread, then cost.* The absolute deviation has many optima (the extra carried for a
   capped country may fall on anyone above their fair share), so among allocations with that
   deviation (to 1e-9) the program takes the one nearest (in absolute terms) to the
   proportional reference :func:`proportional_reference` — fair shares scaled by one common
   factor and clipped to each country's floor and cap, i.e. the GDP rule's water-filling —
   with total cost as a tie-breaker weighted 1e-6. Extra effort is thus spread in proportion
   to fair shares, never dumped on one country.

With continuous units the answer is the capped proportional split of the ``gdp`` rule
(:func:`guarantor.engine.allocate.capped_proportional`), which minimises the chi-square
distance of shares from fair shares; the MILP adds whole units, floors (pledges) and exact
optimality of the deviation under them. The deviation is never worse than the GDP rule's when
both allocate in the same units (tested).

References
----------
NATO Defence Planning Process, apportionment of capability targets by fair share:
https://www.nato.int/cps/en/natohq/topics_49202.htm
Charnes, A. and Cooper, W. W. (1961). *Management Models and Industrial Applications of Linear
Programming*. Wiley. (Goal programming: absolute deviations linearised with auxiliary variables.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from guarantor.apportion import milp
from guarantor.apportion.problem import ApportionProblem

#: Weight of cost against the spread term in step 3 (cost normalised to at most 1).
COST_WEIGHT = 1e-6
#: Deviation may exceed the step-2 optimum by this much in step 3 (absolute, in share units).
DEVIATION_TOL = 1e-9


@dataclass(frozen=True)
class Solution:
    """Arrays of one solved apportionment (C countries, R requirements).

    Attributes
    ----------
    allocation : ndarray, shape (C, R)
        What each country gives [unit of the requirement]; 0 for unknown requirements.
    shortfall : ndarray, shape (R,)
        Unmet part of the net requirement [unit]; NaN where the requirement is unknown.
    deviation : ndarray, shape (R,)
        ``sum_c |x_cr / R_r - f_c|`` [share]; NaN where not solved.
    status : tuple of str, length R
        ``met``, ``short`` or ``unknown`` (requirement not known, or a shortfall the upper
        bounds of unknown inventories could close).
    shortfall_low : ndarray, shape (R,)
        The shortfall left at the upper bounds of unknown inventories (the low end of an
        unknown's range; equal to ``shortfall`` where nothing is unknown).
    solve_seconds : float
        Wall-clock time of building and solving the MILP [s].
    optimal : bool
        HiGHS proved every stage optimal (False only when a time limit was hit).
    solver_status : str
        HiGHS's model status of the last stage.
    """

    allocation: np.ndarray
    shortfall: np.ndarray
    deviation: np.ndarray
    status: tuple[str, ...]
    solve_seconds: float
    optimal: bool
    solver_status: str
    n_cols: int = 0
    n_rows: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    shortfall_low: np.ndarray | None = None


def deviation(problem: ApportionProblem, allocation: np.ndarray) -> np.ndarray:
    """Total absolute deviation of shares from fair shares per requirement, shape (R,) [share].

    Examples
    --------
    >>> p = ApportionProblem(codes=("A", "B"), requirements=("x",), units=("u",),
    ...     required=np.array([10.0]), lower=np.zeros((2, 1)), upper=np.full((2, 1), 10.0),
    ...     step=np.array([1.0]), fair=np.array([0.5, 0.5]), unit_cost=np.ones((2, 1)),
    ...     money_basis="EUR_2024")
    >>> deviation(p, np.array([[7.0], [3.0]]))
    array([0.4])
    """
    req = problem.required
    with np.errstate(invalid="ignore", divide="ignore"):
        share = allocation / req[None, :]
    dev = np.abs(share - problem.fair[:, None]).sum(axis=0)
    return np.where(np.isfinite(req) & (req > 0), dev, np.nan)


def solve(problem: ApportionProblem, time_limit: float = 30.0) -> Solution:
    """Apportion every requirement of ``problem`` by fair share (see the module docstring).

    Parameters
    ----------
    problem : ApportionProblem
        Requirements, floors, caps, whole units and fair shares.
    time_limit : float
        Seconds HiGHS may spend on each of the two stages [s].

    Returns
    -------
    Solution
        Allocation, shortfall, deviation per requirement; the model is always feasible, so a
        shortfall is an answer, not a solver failure.

    Examples
    --------
    Three countries with fair shares 0.2, 0.6, 0.2 share 10 aircraft; B can field only 4:

    >>> p = ApportionProblem(codes=("A", "B", "C"), requirements=("jets",), units=("aircraft",),
    ...     required=np.array([10.0]), lower=np.zeros((3, 1)),
    ...     upper=np.array([[10.0], [4.0], [10.0]]), step=np.array([1.0]),
    ...     fair=np.array([0.2, 0.6, 0.2]), unit_cost=np.ones((3, 1)),
    ...     money_basis="EUR_2024")
    >>> solve(p).allocation[:, 0]
    array([3., 4., 3.])
    """
    t0 = time.perf_counter()
    C, R = problem.lower.shape
    req = problem.required
    known = np.isfinite(req)
    active = known & (req > 0)
    scale = problem._scale()
    vmax = problem._vmax()
    cover = problem.max_cover()
    target = np.where(active, np.minimum(req, cover), 0.0)
    f = problem.fair

    m = milp.Model()
    v_idx = np.full((C, R), -1, dtype=np.int64)
    dev_cols: list[np.ndarray] = []
    spread_cols: list[np.ndarray] = []
    cost_terms: list[tuple[np.ndarray, np.ndarray]] = []
    cost_scale = float(np.nansum(np.nanmax(np.nan_to_num(problem.unit_cost), axis=0) *
                                 np.where(active, req, 0.0))) or 1.0
    for r in np.flatnonzero(active):
        a = scale[r] / req[r]
        low = problem.lower[:, r] / req[r]
        var = vmax[:, r] > 0
        cs = np.flatnonzero(var)
        if cs.size == 0:
            continue
        v = m.add_cols(np.zeros(cs.size), vmax[cs, r], bool(problem.integer[r]))
        v_idx[cs, r] = v
        need = target[r] / req[r] - low.sum()
        whole = bool(problem.integer[r])
        # provide exactly what is needed (whole units: the fewest that reach it); never more,
        # since an excess over the requirement could otherwise "buy" a smaller deviation
        if whole:  # in units: an integer right-hand side keeps the LP vertices integral
            k = float(max(np.ceil(need / a - 1e-7), 0.0))
            m.add_row(v, np.ones(cs.size), lo=k, hi=k)
        else:
            k = max(need, 0.0)
            m.add_row(v, np.full(cs.size, a), lo=k * (1 - 1e-9), hi=k * (1 + 1e-9) + 1e-12)
        d = m.add_cols(np.zeros(cs.size), np.full(cs.size, np.inf))
        dev_cols.append(d)
        _abs_rows(m, d, v, a, (f[cs] - low[cs]) / a, whole)
        ref = proportional_reference(target[r] / req[r], f, low, low + a * vmax[:, r])
        e = m.add_cols(np.zeros(cs.size), np.full(cs.size, np.inf))
        spread_cols.append(e)
        _abs_rows(m, e, v, a, (ref[cs] - low[cs]) / a, whole)
        c = np.nan_to_num(problem.unit_cost[cs, r]) * scale[r] / cost_scale
        cost_terms.append((v, c))

    alloc = problem.lower.copy() * active[None, :]
    status_word, optimal = "no requirement to apportion", True
    n_rows = 0
    if m.n_cols:
        integ = np.concatenate(m.integer)
        h = m.highs(time_limit)
        n_rows = h.getNumRow()
        d_all = np.concatenate(dev_cols)
        obj = np.zeros(m.n_cols)
        obj[d_all] = 1.0
        milp.set_objective(h, obj)
        first = milp.run(h, integ)
        # stage 3: keep the deviation, spread the extra, then cheapest
        best = float(first.x[d_all].sum())
        h.addRow(-np.inf, best + DEVIATION_TOL * max(1.0, best), d_all.size,
                 d_all.astype(np.int32), np.ones(d_all.size))
        obj = np.zeros(m.n_cols)
        obj[np.concatenate(spread_cols)] = 1.0
        for v, c in cost_terms:
            obj[v] += COST_WEIGHT * c
        milp.set_objective(h, obj)
        h.setSolution(_solution(h, first.x))
        second = milp.run(h, integ)
        status_word, optimal = second.status, first.optimal and second.optimal
        x = second.x
        has = v_idx >= 0
        alloc = np.where(has, problem.lower + scale[None, :] * x[np.where(has, v_idx, 0)], alloc)
        alloc = alloc * active[None, :]
    short = np.where(known, np.clip(np.where(known, req, 0.0) - alloc.sum(axis=0), 0.0, None),
                     np.nan)
    # money: HiGHS's primal feasibility tolerance (1e-7 in share units) is not a shortfall
    tol = np.where(problem.integer, 1e-6, 1e-6 * np.nan_to_num(req))
    short = np.where(short > tol, short, np.where(known, 0.0, np.nan))
    # a shortfall the upper bounds of unknown inventories could close is unknown, not short
    extra = (np.zeros_like(short) if problem.unknown_extra is None
             else np.asarray(problem.unknown_extra, dtype=float))
    short_low = np.where(known, np.clip(short - extra, 0.0, None), np.nan)
    status = tuple("unknown" if not k else ("met" if s <= 0 else
                                             ("unknown" if lo <= 0 else "short"))
                   for k, s, lo in zip(known, short, short_low, strict=True))
    return Solution(
        allocation=alloc, shortfall=short, deviation=deviation(problem, alloc), status=status,
        solve_seconds=time.perf_counter() - t0, optimal=optimal, solver_status=status_word,
        n_cols=m.n_cols, n_rows=n_rows, notes=problem.notes, shortfall_low=short_low,
    )


def _abs_rows(m: milp.Model, d: np.ndarray, v: np.ndarray, a: float, g: np.ndarray,
              whole: bool) -> None:
    """Rows making ``d >= a * |v - g|`` (the columns ``d``, ``v`` and targets ``g`` per country).

    For whole-unit ``v`` a third row, the chord through ``floor(g)`` and ``floor(g) + 1``, makes
    the bound exact on the integers with integer breakpoints only, so the LP relaxation of the
    deviation stage has integral vertices and HiGHS closes it at the root.
    """
    pair = np.stack([d, v], axis=1)
    m.add_rows(pair, np.array([1.0, -a]), lo=-a * g, hi=np.inf)
    m.add_rows(pair, np.array([1.0, a]), lo=a * g, hi=np.inf)
    if whole:
        gf = np.floor(g)
        th = g - gf
        slope = 1.0 - 2.0 * th
        m.add_rows(pair, np.stack([np.ones_like(g), -a * slope], axis=1),
                   lo=a * (th - gf * slope), hi=np.inf)


def proportional_reference(total: float, fair: np.ndarray, lower: np.ndarray,
                           upper: np.ndarray) -> np.ndarray:
    """Shares ``clip(lam * fair, lower, upper)`` summing to ``total`` (water-filling), shape (C,).

    Countries with a zero fair share join (in proportion to their room) only when the others
    cannot reach ``total``. All arguments in shares of the requirement.

    Examples
    --------
    >>> proportional_reference(1.0, np.array([0.2, 0.6, 0.2]), np.zeros(3),
    ...                        np.array([1.0, 0.4, 1.0]))
    array([0.3, 0.4, 0.3])
    """
    lo = np.asarray(lower, dtype=float)
    hi = np.maximum(np.asarray(upper, dtype=float), lo)
    f = np.asarray(fair, dtype=float)
    if lo.sum() >= total:
        return lo.copy()
    pos = f > 0
    top = float(np.max(np.where(pos, hi / np.where(pos, f, 1.0), 0.0))) if pos.any() else 0.0
    a, b = 0.0, top
    for _ in range(80):  # bisection on the common factor; monotone in lam
        mid = 0.5 * (a + b)
        if np.clip(mid * f, lo, hi).sum() < total:
            a = mid
        else:
            b = mid
    y = np.clip(b * f, lo, hi)
    rest = total - y.sum()
    if rest > 1e-12:  # only countries without a fair share can still help
        room = np.where(pos, 0.0, hi - y)
        if room.sum() > 0:
            y = y + room * min(1.0, rest / room.sum())
    return y


def _solution(h, x: np.ndarray):
    import highspy

    sol = highspy.HighsSolution()
    sol.col_value = list(x)
    sol.value_valid = True
    return sol
