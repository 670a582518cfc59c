"""The fused Monte Carlo kernel (engine/fused.py) against the NumPy reference path.

Reference: ``build_inputs`` -> ``compute`` (NumPy allocation path) -> ``extract``. The kernel
writes every product and comparison in the reference's order, so whole units (troops, air
units), shortfalls and every boolean (met, unknown, fits the gap) must be identical. Sums over
countries (a participant's cost is a sum over its classes; totals over participants) are added
left to right by the kernel and pairwise by NumPy: money is compared at rtol 1e-12, the
accumulated rounding of ~40 additions of doubles (each 1.1e-16 relative) with a safety factor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from guarantor.engine import allocate, fused
from guarantor.engine.inputs import build_inputs
from guarantor.scenario import load_scenario
from guarantor.uncertainty.montecarlo import (
    Loaded,
    evaluate_draws,
    extract,
    extract_fused,
    run_montecarlo,
)
from guarantor.uncertainty.sampling import Sampler, uncertain_inputs

#: Outputs that are sums of money: equal up to the order of additions.
MONEY = ("cost_total", "cost_gdp_share", "spending_gap_eur", "aid_shortfall", "burden", "cost",
         "gap_eur")


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return Loaded.bundled()


def _both(name: str, loaded: Loaded, n: int, overrides: dict[str, object] | None = None,
          spread: float = 0.3) -> tuple[tuple[dict, dict], tuple[dict, dict]]:
    sc = load_scenario(name, overrides=overrides)
    specs = uncertain_inputs(sc, loaded.params, spread, inventory=loaded.inventory)
    draws = Sampler(7).stream(specs).next(n)
    old = allocate.COMPILED_FROM
    allocate.COMPILED_FROM = 2**62  # the NumPy path everywhere
    try:
        inp, out = evaluate_draws(sc, draws, n, loaded, horizon=True)
        ref = extract(sc, inp, out)
    finally:
        allocate.COMPILED_FROM = old
    full = build_inputs(sc, data=loaded.data, params=loaded.params, inventory=loaded.inventory,
                        postures=loaded.postures, draws=draws, n_draws=n)
    assert fused.supports(full)
    return ref, extract_fused(sc, full, fused.evaluate(full))


def _compare(ref: dict[str, np.ndarray], got: dict[str, np.ndarray]) -> None:
    assert list(got) == list(ref)
    for k, a in ref.items():
        b = got[k]
        assert b.shape == a.shape, k
        if k in MONEY or k.startswith("aid_shortfall"):
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=0, equal_nan=True, err_msg=k)
        else:  # whole units, shortfalls of units, booleans: identical
            assert np.array_equal(np.asarray(a, float), np.asarray(b, float), equal_nan=True), k


@pytest.mark.parametrize(("name", "overrides"), [
    ("aug2025", None),                          # ledger positions, pools, unknown inventories
    ("feb2025", None),
    ("aug2025", {"burden_rule": "capacity"}),
    ("aug2025", {"burden_rule": "historical"}),
    ("aug2025", {"burden_rule": "fair_share"}),
])
def test_every_output_column_equals_the_reference(name: str, overrides: dict | None,
                                                 loaded: Loaded) -> None:
    (s_ref, pc_ref), (s_f, pc_f) = _both(name, loaded, 3000, overrides)
    _compare(s_ref, s_f)
    _compare(pc_ref, pc_f)
    # the draws exercise the cases that matter: some short, some met, some "unknown"
    assert 0 < s_ref["met.reassurance_force.troops"].sum() < 3000 or name == "feb2025"
    assert s_ref["cost_total"].std() > 0


def test_buffers_are_reused_and_results_do_not_depend_on_them(loaded: Loaded) -> None:
    sc = load_scenario("aug2025")
    specs = uncertain_inputs(sc, loaded.params, 0.3, inventory=loaded.inventory)
    d1, d2 = (Sampler(s).stream(specs).next(500) for s in (1, 2))
    i1, i2 = (build_inputs(sc, data=loaded.data, params=loaded.params,
                           inventory=loaded.inventory, postures=loaded.postures, draws=d,
                           n_draws=500) for d in (d1, d2))
    first = fused.evaluate(i1)
    cost1 = first.cost.copy()
    again = fused.evaluate(i2, out=first)
    assert again is first  # same buffers, overwritten
    fresh = fused.evaluate(i2)
    assert np.array_equal(again.cost, fresh.cost, equal_nan=True)
    assert not np.array_equal(cost1, fresh.cost)


def test_pledges_rule_takes_the_reference_path(loaded: Loaded) -> None:
    sc = load_scenario("aug2025", overrides={"burden_rule": "pledges"})
    inp = build_inputs(sc, data=loaded.data, params=loaded.params, inventory=loaded.inventory,
                       postures=loaded.postures)
    assert not fused.supports(inp)


def test_monte_carlo_tables_equal_the_reference_path(loaded: Loaded) -> None:
    """The whole run: 20,000 draws in chunks of 5,000, fused against reference."""
    sc = load_scenario("aug2025")
    kw = dict(willingness_spread=0.3, loaded=loaded, chunk=5000)
    fast = run_montecarlo(sc, 20_000, seed=3, fused=True, **kw)
    ref = run_montecarlo(sc, 20_000, seed=3, fused=False, **kw)
    # two worker processes, each making its chunks' draws: the very same tables
    two = run_montecarlo(sc, 20_000, seed=3, fused=True, workers=2, **kw)
    for a, b in ((fast.probabilities, two.probabilities), (fast.outputs, two.outputs),
                 (fast.burden, two.burden)):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert fast.probabilities.equals(ref.probabilities)
    num = [c for c in ref.outputs.columns if c not in ("output", "unit")]
    assert fast.outputs[["output", "unit"]].equals(ref.outputs[["output", "unit"]])
    np.testing.assert_allclose(fast.outputs[num].to_numpy(float), ref.outputs[num].to_numpy(float),
                               rtol=1e-12, atol=0, equal_nan=True)
    assert list(fast.burden["iso3"]) == list(ref.burden["iso3"])
    bn = [c for c in ref.burden.columns if c not in ("iso3", "country")]
    np.testing.assert_allclose(fast.burden[bn].to_numpy(float), ref.burden[bn].to_numpy(float),
                               rtol=1e-12, atol=0, equal_nan=True)


def test_pledged_aircraft_and_unsourced_availability_equal_the_reference(loaded: Loaded) -> None:
    """The kernel's less usual air-supply cases against the reference: pledged aircraft (a
    participant with a known fleet and one with an unknown fleet) and an availability missing
    in some draws (then the upper bounds of unknown fleets take availability 1)."""
    from dataclasses import replace

    from guarantor.engine.compute import compute

    sc = load_scenario("aug2025")
    specs = uncertain_inputs(sc, loaded.params, 0.3, inventory=loaded.inventory)
    n = 2000
    inp = build_inputs(sc, data=loaded.data, params=loaded.params, inventory=loaded.inventory,
                       postures=loaded.postures, draws=Sampler(5).stream(specs).next(n),
                       n_draws=n)
    part = np.flatnonzero(inp.participants)
    unknown = [(c, k) for c in part for k in range(len(inp.classes))
               if not np.isfinite(inp.inventory[c, k])]
    known = [(c, k) for c in part for k in range(len(inp.classes))
             if inp.inventory[c, k] > 0]
    assert unknown and known
    pledges = inp.pledge_aircraft.copy()
    pledges[unknown[0]] = 3.0
    pledges[known[0]] = 2.0
    avail = np.array(inp.availability, dtype=float, copy=True)
    k_unknown = inp.classes.index("combat_aircraft")  # one unknown fleet, often short
    assert any(k == k_unknown for _, k in unknown)
    avail[::7, k_unknown] = np.nan
    changed = replace(inp, pledge_aircraft=pledges, availability=avail)
    old = allocate.COMPILED_FROM
    allocate.COMPILED_FROM = 2**62  # the NumPy path everywhere
    try:
        ref = extract(sc, changed, compute(changed))
    finally:
        allocate.COMPILED_FROM = old
    got = extract_fused(sc, changed, fused.evaluate(changed))
    _compare(ref[0], got[0])
    _compare(ref[1], got[1])
    # the cases are exercised: the pledged units are offered, the missing availability
    # changes the figures of its class (against the unchanged inputs)
    base = extract_fused(sc, inp, fused.evaluate(inp))[0]
    name = inp.classes[k_unknown]
    assert not np.array_equal(base[f"air_shortfall.{name}"], got[0][f"air_shortfall.{name}"])
    assert got[0][f"unknown.air_shield.{name}"][::7].any()
