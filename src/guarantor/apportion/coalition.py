"""Minimal coalitions: the fewest (or cheapest) sets of countries that can carry the mission.

A binary ``y_c`` says country c takes part; what it gives is bounded by its cap only when it
does, ``x_cr = lower_cr * y_c + s_r * v_cr`` with ``v_cr <= vmax_cr * y_c``. Every requirement
must be met up to what *all* participants together could field (``min(R_r, M_r)``; a requirement
nobody can meet is reported beside the coalitions, it does not make the search empty). The
objective is ``sum_c y_c`` (``count``, cost as a 1e-6 tie-breaker) or total annual cost
(``cost``, count as a tie-breaker: one country weighs 0.01% of the cost). The best few
alternatives are enumerated with no-good cuts
``sum_{c in S} y_c <= |S| - 1`` for every coalition S found so far: each alternative differs from
the earlier ones by leaving out at least one of their members, so supersets (an earlier answer
plus a passenger) are never listed.

References
----------
Balas, E. and Jeroslow, R. (1972). Canonical cuts on the unit hypercube. *SIAM Journal on
Applied Mathematics* 23(1), 61-69. (No-good cuts for enumerating binary solutions.)
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from guarantor.apportion import milp
from guarantor.apportion.problem import ApportionOptions, ApportionProblem, build_problem
from guarantor.errors import ScenarioError

if TYPE_CHECKING:  # pandas is imported by the table that needs it
    import pandas as pd

#: What a coalition search may minimise (the CLI's choices read this).
OBJECTIVES: tuple[str, ...] = ("count", "cost")
TIE_WEIGHT = 1e-6
#: In ``cost`` mode one more country weighs like this share of the total cost: cost differences
#: smaller than 0.01% (solver tolerances, rounding) are ties, and ties go to fewer countries.
COUNT_TIE_IN_COST = 1e-4


@dataclass(frozen=True)
class Coalition:
    """One coalition that can carry the mission.

    Attributes
    ----------
    rank : int
        1 = best.
    members : tuple of str
        ISO3 codes, in registry order.
    cost_eur : float
        Annual cost of the allocation found [EUR per year]; unsourced unit costs count as 0.
    cost_complete : bool
        Every unit cost used is sourced.
    allocation : ndarray, shape (n_members, R)
        What each member gives [unit of the requirement].
    optimal : bool
        HiGHS proved it optimal given the earlier cuts.
    """

    rank: int
    members: tuple[str, ...]
    cost_eur: float
    cost_complete: bool
    allocation: np.ndarray = field(repr=False)
    optimal: bool = True

    @property
    def size(self) -> int:
        """Number of countries."""
        return len(self.members)


@dataclass(frozen=True)
class CoalitionSearch:
    """The best few coalitions of a scenario, and what no coalition can meet."""

    scenario: str
    minimise: str
    problem: ApportionProblem = field(repr=False)
    coalitions: tuple[Coalition, ...]
    unmeetable: dict[str, float]
    unknown: tuple[str, ...]
    solve_seconds: float
    notes: tuple[str, ...] = ()
    #: requirement -> (low, high): the gap all participants leave at the sourced lower bounds
    #: (high) that the upper bounds of unknown inventories could close (low = 0): "unknown"
    unknown_supply: dict[str, tuple[float, float]] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """One row per coalition: rank, size, annual cost, members."""
        import pandas as pd

        return pd.DataFrame({
            "rank": [c.rank for c in self.coalitions],
            "size": [c.size for c in self.coalitions],
            "cost_eur_per_year": [c.cost_eur for c in self.coalitions],
            "cost_complete": [c.cost_complete for c in self.coalitions],
            "proven_optimal": [c.optimal for c in self.coalitions],
            "members": [" ".join(c.members) for c in self.coalitions],
        })

    def to_json(self) -> str:
        """Everything as JSON (allocations per member and requirement included)."""
        p = self.problem
        return json.dumps({
            "scenario": self.scenario, "minimise": self.minimise,
            "requirements": dict(zip(p.requirements, p.required.tolist(), strict=True)),
            "unmeetable": self.unmeetable, "unknown": list(self.unknown),
            "unknown_supply": {k: {"shortfall_low": lo, "shortfall_high": hi}
                               for k, (lo, hi) in self.unknown_supply.items()},
            "solve_seconds": self.solve_seconds, "notes": list(self.notes),
            "coalitions": [{
                "rank": c.rank, "size": c.size, "members": list(c.members),
                "cost_eur_per_year": c.cost_eur, "cost_complete": c.cost_complete,
                "proven_optimal": c.optimal,
                "allocation": {m: dict(zip(p.requirements, c.allocation[i].tolist(), strict=True))
                               for i, m in enumerate(c.members)},
            } for c in self.coalitions],
        }, indent=2, default=str)


def find_coalitions(problem: ApportionProblem, minimise: str = "count", top: int = 5,
                    time_limit: float = 20.0) -> list[Coalition]:
    """The ``top`` best coalitions for ``problem`` (see the module docstring).

    Parameters
    ----------
    problem : ApportionProblem
        Requirements and caps (fair shares are not used).
    minimise : {"count", "cost"}
        Fewest countries, or lowest total annual cost.
    top : int
        How many alternatives to list (fewer if fewer exist).
    time_limit : float
        Seconds per MILP solve [s].

    Examples
    --------
    Two jets and ten batteries; A has 2 jets, B 10 batteries, C 1 jet and 6 batteries, D 5
    batteries:

    >>> p = ApportionProblem(codes=("A", "B", "C", "D"), requirements=("jets", "sam"),
    ...     units=("aircraft", "batteries"), required=np.array([2.0, 10.0]),
    ...     lower=np.zeros((4, 2)), upper=np.array([[2, 0], [0, 10], [1, 6], [0, 5.0]]),
    ...     step=np.ones(2), fair=np.full(4, 0.25), unit_cost=np.ones((4, 2)),
    ...     money_basis="EUR_2024")
    >>> [c.members for c in find_coalitions(p, top=3)]
    [('A', 'B'), ('A', 'C', 'D')]
    """
    if minimise not in OBJECTIVES:
        raise ScenarioError("unknown coalition objective", value=minimise,
                            allowed=", ".join(OBJECTIVES))
    if top < 1:
        raise ScenarioError("--top must be at least 1", value=top)
    C, R = problem.lower.shape
    req = problem.required
    active = np.isfinite(req) & (req > 0)
    scale = problem._scale()
    vmax = problem._vmax()
    target = np.where(active, np.minimum(req, problem.max_cover()), 0.0)
    helps = ((vmax > 0) | (problem.lower > 0))[:, active].any(axis=1)
    cand = np.flatnonzero(helps)
    if not active.any() or cand.size == 0:
        return []
    unit_cost = np.nan_to_num(problem.unit_cost)
    cost_scale = float((np.max(unit_cost, axis=0) * np.where(active, req, 0.0)).sum()) or 1.0

    m = milp.Model()
    y = m.add_cols(np.zeros(cand.size), np.ones(cand.size), True)
    y_of = np.full(C, -1)
    y_of[cand] = y
    obj_parts: list[tuple[np.ndarray, np.ndarray]] = []
    v_idx = np.full((C, R), -1, dtype=np.int64)
    for r in np.flatnonzero(active):
        cs = cand[vmax[cand, r] > 0]
        terms_i: list[np.ndarray] = []
        terms_v: list[np.ndarray] = []
        # nobody need give more than the whole requirement: a smaller big-M tightens the LP
        vcap = np.minimum(vmax[cs, r], np.ceil(target[r] / scale[r] - 1e-9))
        if cs.size:
            v = m.add_cols(np.zeros(cs.size), vcap, bool(problem.integer[r]))
            v_idx[cs, r] = v
            m.add_rows(np.stack([v, y_of[cs]], axis=1),
                       np.stack([np.ones(cs.size), -vcap], axis=1), lo=-np.inf, hi=0.0)
            terms_i.append(v)
            terms_v.append(np.ones(cs.size))
            obj_parts.append((v, unit_cost[cs, r] * scale[r] / cost_scale))
        fl = cand[problem.lower[cand, r] > 0]
        if fl.size:
            terms_i.append(y_of[fl])
            terms_v.append(problem.lower[fl, r] / scale[r])
            obj_parts.append((y_of[fl], unit_cost[fl, r] * problem.lower[fl, r] / cost_scale))
        need = target[r] / scale[r]
        if not terms_i or need <= 1e-12:  # nobody can field any: reported as unmeetable
            continue
        idx = np.concatenate(terms_i)
        val = np.concatenate(terms_v)
        m.add_row(idx, val, lo=need - 1e-9 * max(1.0, need))
    obj = np.zeros(m.n_cols)
    cost_obj = np.zeros(m.n_cols)
    for i, c in obj_parts:
        np.add.at(cost_obj, i, c)
    if minimise == "count":
        obj[y] = 1.0
        obj += TIE_WEIGHT * cost_obj
    else:
        obj = cost_obj.copy()
        obj[y] += COUNT_TIE_IN_COST
    integ = np.concatenate(m.integer)
    h = m.highs(time_limit)
    milp.set_objective(h, obj)
    found: list[Coalition] = []
    codes = np.array(problem.codes)
    for rank in range(1, top + 1):
        h.run()
        info = h.getInfo()
        if info.primal_solution_status != 2:
            break
        x = np.asarray(h.getSolution().col_value)
        x = np.where(integ, np.round(x), x)
        chosen = cand[x[y] > 0.5]
        alloc = np.where(v_idx >= 0, scale[None, :] * x[np.where(v_idx >= 0, v_idx, 0)], 0.0)
        yfull = np.zeros(C)
        yfull[chosen] = 1.0
        alloc = (alloc + problem.lower * yfull[:, None]) * active[None, :]
        cost = alloc * problem.unit_cost
        used = alloc > 0
        found.append(Coalition(
            rank=rank, members=tuple(str(c) for c in codes[chosen]),
            cost_eur=float(np.nansum(np.where(used, cost, 0.0))),
            cost_complete=bool(np.isfinite(np.where(used, cost, 0.0)).all()),
            allocation=alloc[chosen], optimal=h.getModelStatus() == _optimal()))
        sel = y_of[chosen]
        h.addRow(-np.inf, float(sel.size - 1), sel.size, sel.astype(np.int32),
                 np.ones(sel.size))
    return found


def _optimal():
    import highspy

    return highspy.HighsModelStatus.kOptimal


def coalitions(scenario, minimise: str = "count", top: int = 5,
               options: ApportionOptions | None = None, *,
               overrides: dict[str, Any] | None = None) -> CoalitionSearch:
    """The best ``top`` coalitions among a scenario's participants (draw 0).

    Examples
    --------
    >>> s = coalitions("aug2025", top=2)
    >>> 1 <= s.coalitions[0].size <= s.coalitions[-1].size
    True
    """
    from guarantor.engine.inputs import build_inputs
    from guarantor.scenario import Scenario, load_scenario

    t0 = time.perf_counter()
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    opt = options or ApportionOptions()
    inp = build_inputs(sc)
    prob = build_problem(inp, opt)
    found = find_coalitions(prob, minimise, top, opt.time_limit)
    cover = prob.max_cover()
    req = prob.required
    short = np.where(np.isfinite(req), np.clip(req - cover, 0.0, None), 0.0)
    # a gap the upper bounds of unknown inventories could close is unknown, not unmeetable
    extra = np.zeros_like(short) if prob.unknown_extra is None else prob.unknown_extra
    short_low = np.clip(short - extra, 0.0, None)
    tol = [max(1e-6, 1e-6 * float(v)) for v in np.nan_to_num(req)]
    unmeetable = {r: float(s) for r, s, lo, t in zip(prob.requirements, short, short_low, tol,
                                                      strict=True) if s > t and lo > t}
    unknown_supply = {r: (float(lo), float(s)) for r, s, lo, t in
                      zip(prob.requirements, short, short_low, tol, strict=True)
                      if s > t and lo <= t}
    unknown = tuple(r for r, v in zip(prob.requirements, req, strict=True) if not np.isfinite(v))
    notes = list(prob.notes) + list(inp.notes)
    uc = prob.unit_cost
    if minimise == "cost" and np.allclose(uc, uc[:1], equal_nan=True):
        notes.append("unit costs do not differ by country in the current parameters: the "
                     "cheapest coalitions differ only by over-provision in whole units, and ties "
                     "go to the fewest countries")
    return CoalitionSearch(sc.name, minimise, prob, tuple(found), unmeetable, unknown,
                           time.perf_counter() - t0, tuple(notes), unknown_supply)
