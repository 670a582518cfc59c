"""Fair-share apportionment and minimal coalitions, with the real HiGHS solver (no mocks).

Hand-checked textbook cases; invariants on seeded random problems (requirements met, caps and
floors respected, whole units, deviation no worse than the GDP rule); infeasibility explained;
the same answer every time; the engine's ``fair_share`` rule; the CLI.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from guarantor.apportion import (
    ApportionOptions,
    ApportionProblem,
    MilpFairShare,
    apportion,
    build_problem,
    coalitions,
    deviation,
    fair_shares,
    find_coalitions,
    solve,
)
from guarantor.apportion.solve import proportional_reference
from guarantor.engine.allocate import capped_proportional, whole_units
from guarantor.engine.compute import compute
from guarantor.errors import ScenarioError
from tests.engine.toy import toy


def problem(required, upper, fair, step=None, lower=None, cost=None, codes=None):
    upper = np.asarray(upper, dtype=float)
    if upper.ndim == 1:
        upper = upper[:, None]
    C, R = upper.shape
    return ApportionProblem(
        codes=codes or tuple(string.ascii_uppercase[:C]),
        requirements=tuple(f"r{j}" for j in range(R)),
        units=("units",) * R, required=np.atleast_1d(np.asarray(required, dtype=float)),
        lower=np.zeros((C, R)) if lower is None else np.asarray(lower, dtype=float).reshape(C, R),
        upper=upper, step=np.ones(R) if step is None else np.atleast_1d(step),
        fair=np.asarray(fair, dtype=float),
        unit_cost=np.ones((C, R)) if cost is None else np.asarray(cost, float).reshape(C, R),
        money_basis="EUR_2024")


# --------------------------------------------------------------------------- textbook cases

def test_capped_country_extra_spread_in_proportion() -> None:
    # fair 2/6/2 of 10; B can field 4, so its 2 missing units go 1 each to A and C
    s = solve(problem(10, [10, 4, 10], [0.2, 0.6, 0.2]))
    assert s.allocation[:, 0].tolist() == [3.0, 4.0, 3.0]
    assert s.status == ("met",)
    assert s.deviation[0] == pytest.approx(0.4)  # |0.3-0.2| + |0.4-0.6| + |0.3-0.2|


def test_whole_troop_units_round_to_the_nearest_fair_amount() -> None:
    # 1,000 troops in companies of 100, fair 47/33/20 % -> 470/330/200 -> 5/3/2 companies
    s = solve(problem(1000, [5000, 5000, 5000], [0.47, 0.33, 0.2], step=100.0))
    assert s.allocation[:, 0].tolist() == [500.0, 300.0, 200.0]
    assert s.deviation[0] == pytest.approx(0.06)


def test_money_is_continuous_and_exact() -> None:
    s = solve(problem(90e9, [1e12, 1e12, 1e12], [0.5, 0.3, 0.2], step=0.0))
    np.testing.assert_allclose(s.allocation[:, 0], [45e9, 27e9, 18e9], rtol=1e-6)


def test_fixed_pledge_above_fair_share_leaves_less_for_others() -> None:
    # A pledges exactly 8 of 10 (fixed): B gives the remaining 2
    s = solve(problem(10, [8, 10], [0.5, 0.5], lower=[8, 0]))
    assert s.allocation[:, 0].tolist() == [8.0, 2.0]


def test_proportional_reference_is_water_filling() -> None:
    y = proportional_reference(1.0, np.array([0.2, 0.6, 0.2]), np.zeros(3),
                               np.array([1.0, 0.4, 1.0]))
    np.testing.assert_allclose(y, [0.3, 0.4, 0.3])


def test_several_requirements_at_once() -> None:
    p = problem([10, 4], [[10, 0], [4, 4], [10, 4]], [0.2, 0.6, 0.2])
    s = solve(p)
    assert s.allocation[:, 0].tolist() == [3.0, 4.0, 3.0]
    assert s.allocation[:, 1].sum() == 4 and s.allocation[0, 1] == 0


# --------------------------------------------------------------------------- infeasible

def test_shortfall_is_reported_with_every_country_at_cap() -> None:
    s = solve(problem(20, [3, 5, 4], [0.2, 0.6, 0.2]))
    assert s.status == ("short",)
    assert s.shortfall[0] == 8.0
    assert s.allocation[:, 0].tolist() == [3.0, 5.0, 4.0]


def test_impossible_scenario_explains_shortfall_and_binding_caps() -> None:
    a = apportion("aug2025", overrides={"missions.reassurance_force.troops": 5_000_000})
    assert not a.feasible
    req = a.requirements_table().set_index("requirement")
    assert req.loc["troops", "status"] == "short"
    assert req.loc["troops", "shortfall"] == pytest.approx(
        5_000_000 - req.loc["troops", "others_can_field"])
    text = " ".join(a.explanations())
    assert "troops: SHORT by" in text and "Binding caps (at cap)" in text
    # every country able to send troops is at its cap; Germany (only outside Ukraine, as of
    # the scenario's date) offers none and so is not among them
    caps = req.loc["troops", "binding_caps"]
    assert "GBR" in caps and "FRA" in caps and "DEU" not in caps


# --------------------------------------------------------------------------- invariants

def _random_problem(rng: np.random.Generator, C: int = 6, R: int = 4) -> ApportionProblem:
    gdp = rng.lognormal(0.0, 1.0, C)
    upper = np.floor(rng.lognormal(2.0, 1.0, (C, R)) * (rng.random((C, R)) < 0.7))
    required = np.round(upper.sum(axis=0) * rng.uniform(0.3, 1.2, R))
    step = np.ones(R)
    step[-1] = 0.0  # one money requirement
    upper[:, -1] = rng.uniform(1.0, 50.0, C)
    required[-1] = upper[:, -1].sum() * rng.uniform(0.3, 1.1)
    return problem(required, upper, gdp / gdp.sum(), step=step)


def _gdp_rule(p: ApportionProblem) -> np.ndarray:
    """The engine's gdp rule on the same problem (capped proportional, whole units)."""
    cap = p.upper.T  # (R, C)
    w = np.broadcast_to(p.fair, cap.shape)
    cont = capped_proportional(p.required, w, cap)
    rounded = whole_units(cont, cap)
    return np.where(p.integer[:, None], rounded, cont).T


@pytest.mark.parametrize("seed", range(25))
def test_invariants_and_no_worse_than_gdp_rule(seed: int) -> None:
    p = _random_problem(np.random.default_rng(seed))
    s = solve(p)
    x = s.allocation
    cover = p.max_cover()
    met = np.minimum(p.required, cover)
    assert (x.sum(axis=0) >= met * (1 - 1e-6) - 1e-9).all()            # requirements met
    assert (x <= p.upper + 1e-9).all() and (x >= p.lower - 1e-9).all()  # caps and floors
    whole = x[:, p.integer]
    assert np.array_equal(whole, np.round(whole))                      # integer where required
    short = p.required > cover
    np.testing.assert_allclose(s.shortfall[short], (p.required - cover)[short], rtol=1e-6)
    g = _gdp_rule(p)
    both = (g.sum(axis=0) >= p.required * (1 - 1e-9)) & ~short
    assert (s.deviation[both] <= deviation(p, g)[both] + 1e-6).all()


def test_same_answer_every_time() -> None:
    p = _random_problem(np.random.default_rng(99), C=12, R=5)
    first = solve(p)
    for _ in range(3):
        again = solve(p)
        assert np.array_equal(first.allocation, again.allocation)
    a1 = apportion("aug2025").allocations_table()
    a2 = apportion("aug2025").allocations_table()
    assert a1.equals(a2)


# --------------------------------------------------------------------------- bases, options

def test_bases_and_mix() -> None:
    inp = toy()
    elig = inp.participants.copy()
    gdp, _ = fair_shares(inp, ApportionOptions(), elig)
    np.testing.assert_allclose(gdp, [0.2, 0.6, 0.2])
    spend, _ = fair_shares(inp, ApportionOptions(basis="spending"), elig)
    np.testing.assert_allclose(spend, [20 / 60, 30 / 60, 10 / 60])
    mix, _ = fair_shares(inp, ApportionOptions(basis="mix", mix={"gdp": 1, "aid": 1}), elig)
    np.testing.assert_allclose(mix, 0.5 * np.array([0.2, 0.6, 0.2]) + 0.5 * np.array(
        [0.2, 0.6, 0.2]))
    pop, _ = fair_shares(inp, ApportionOptions(basis="population"), elig,
                         population=np.array([1.0, 1.0, 2.0]))
    np.testing.assert_allclose(pop, [0.25, 0.25, 0.5])


@pytest.mark.parametrize("kwargs", [{"basis": "wealth"}, {"basis": "mix"},
                                    {"basis": "mix", "mix": {"gdp": -1}},
                                    {"pledges": "maybe"}, {"troop_unit": 0}])
def test_bad_options_are_scenario_errors(kwargs) -> None:
    with pytest.raises(ScenarioError):
        ApportionOptions(**kwargs)


def test_toy_problem_nets_off_the_us() -> None:
    inp = toy()
    p = build_problem(inp, ApportionOptions(troop_unit=1))
    assert p.requirements == ("troops", "combat_aircraft", "long_range_sam", "aid")
    # batteries: 2 required, the US supplies 1; aid: 100, the US pays half
    np.testing.assert_allclose(p.required, [10_000, 20, 1, 50])
    s = solve(p)
    assert s.status == ("met",) * 4


def test_troops_cost_what_the_engine_charges_in_each_country() -> None:
    """The troops column is the engine's per-country cost per soldier-year (NATO-derived, flat
    fallback), not one flat rate; without per-country figures the flat rate is used."""
    by_c = np.array([[3e5, 1e5, 2e5], [3.3e5, 1.1e5, 2.2e5]])
    p = build_problem(replace(toy(), soldier_year_eur_by_country=by_c),
                      ApportionOptions(troop_unit=1), draw=1)
    assert p.requirements[0] == "troops"
    np.testing.assert_array_equal(p.unit_cost[:, 0], [3.3e5, 1.1e5, 2.2e5])
    np.testing.assert_array_equal(p.unit_cost[:, 1], np.full(3, toy().unit_year_eur[1, 0]))
    flat = build_problem(toy(), ApportionOptions(troop_unit=1), draw=1)
    np.testing.assert_array_equal(flat.unit_cost[:, 0], np.full(3, toy().soldier_year_eur[1]))


@pytest.mark.parametrize(("costs", "expected"), [
    ([3e5, 1e5, 2e5], [1.0, 1.0, 0.0]),   # B is cheaper than C: B takes the second unit
    ([3e5, 2e5, 1e5], [1.0, 0.0, 1.0]),   # C is cheaper than B: C takes it
])
def test_country_cost_per_soldier_settles_what_fairness_leaves_open(costs, expected) -> None:
    """Hand-worked, 3 countries, fair shares 0.5 / 0.25 / 0.25, two whole units to place.

    Deviation (sum |share - fair|): A+B or A+C gives 0 + 0.25 + 0.25 = 0.5; A+A gives
    0.5 + 0.25 + 0.25 = 1.0; B+C gives 0.5 + 0.25 + 0.25 = 1.0. So A takes exactly one unit
    although it is the dearest, and B and C tie on fairness and on spread (both 0.5 from
    the proportional 1 / 0.5 / 0.5). Only the cost per soldier separates them: with one flat
    cost the tie is the solver's; with the engine's per-country cost the cheaper one gets it.
    """
    p = problem(2, [2, 2, 2], [0.5, 0.25, 0.25], cost=costs)
    s = solve(p)
    np.testing.assert_array_equal(s.allocation[:, 0], expected)
    np.testing.assert_allclose(s.deviation, [0.5])


# --------------------------------------------------------------------------- engine hook

def test_milp_allocator_meets_what_it_can() -> None:
    inp = replace(toy(), burden_rule="fair_share")
    o = compute(inp, allocator=MilpFairShare())
    assert o.troops.shape == (2, 3) and o.air.shape == (2, 3, 2)
    assert (o.troops % 150 == 0).all()
    np.testing.assert_allclose(o.aid.sum(-1), [50.0, 50.0])
    assert (o.air <= o.air_capacity + 1e-9).all()
    assert "fair-share MILP" in o.notes[0]


def _many_draws(D: int):
    base = toy()
    return replace(
        base, burden_rule="fair_share", willingness=np.ones((D, 3)), gdp_growth=np.zeros(D),
        land_share=np.full((D, 3), 0.5), deployable_share=np.full(D, 0.5),
        sustainable_share=np.full(D, 0.1), rotation_ratio=np.full(D, 5.0),
        troops_required=np.full(D, 10_000.0), availability=np.full((D, 2), 0.5),
        commit_share=np.full(D, 0.2), air_required=np.tile([[20.0, 2.0]], (D, 1)),
        aid_required=np.full(D, 100.0), us_aid_share=np.full(D, 0.5),
        soldier_year_eur=np.full(D, 0.001), unit_year_eur=np.tile([[0.01, 0.1]], (D, 1)))


def test_engine_fair_share_is_one_method_at_any_number_of_draws() -> None:
    few, many = compute(_many_draws(2)), compute(_many_draws(200))
    assert few.notes == many.notes and "continuous optimum" in few.notes[0]
    np.testing.assert_array_equal(few.troops[0], many.troops[0])
    g = compute(replace(_many_draws(200), burden_rule="gdp"))
    np.testing.assert_array_equal(many.troops, g.troops)


# --------------------------------------------------------------------------- coalitions

def test_fewest_countries_and_alternatives_without_passengers() -> None:
    p = problem([2, 10], [[2, 0], [0, 10], [1, 6], [0, 5]], np.full(4, 0.25))
    found = find_coalitions(p, "count", top=5)
    assert [c.members for c in found] == [("A", "B"), ("A", "C", "D")]


def test_cheapest_coalition_uses_country_costs() -> None:
    p = problem(10, [10, 10, 5, 5], np.full(4, 0.25), cost=[5.0, 1.0, 1.0, 1.0])
    by_count = find_coalitions(p, "count", top=2)
    assert [c.members for c in by_count] == [("B",), ("A",)]
    by_cost = find_coalitions(p, "cost", top=3)
    # B alone (10); then C+D (10, one more country); then A with C or D: 5x5 + 5x1 = 30
    assert [c.members for c in by_cost][:2] == [("B",), ("C", "D")]
    assert [c.cost_eur for c in by_cost] == [10.0, 10.0, 30.0]
    assert by_cost[2].members[0] == "A" and by_cost[2].size == 2


def test_scenario_coalitions_report_what_nobody_can_meet() -> None:
    s = coalitions("aug2025", top=2,
                   overrides={"missions.reassurance_force.troops": 5_000_000})
    assert "troops" in s.unmeetable
    assert s.coalitions and all(c.optimal for c in s.coalitions)
    json.loads(s.to_json())


# --------------------------------------------------------------------------- CLI

def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_apportion_aug2025_flags_what_only_the_us_fills() -> None:
    r = run("apportion", "aug2025")
    assert r.returncode == 0, r.stderr
    assert "fair share" in r.stdout and "only the US can currently fill" in r.stdout


def test_cli_impossible_scenario_exits_0_marked_infeasible(tmp_path) -> None:
    r = run("apportion", "aug2025", "--set", "missions.reassurance_force.troops=5000000",
            "--json", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    payload = json.loads(r.stdout[: r.stdout.rindex("}") + 1])
    assert payload["feasible"] is False
    assert any(e.startswith("troops: SHORT") for e in payload["explanations"])
    assert len(list(tmp_path.iterdir())) == 3
    bad = run("apportion", "aug2025", "--mix", "gdp=x")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_cli_coalition() -> None:
    r = run("coalition", "aug2025", "--minimise", "cost", "--top", "2")
    assert r.returncode == 0, r.stderr
    assert "rank" in r.stdout
