"""One meaning of unknown (issue 16): an inventory that could not be sourced is a range, and the
engine, apportion, the coalition search, the red-line (Pareto) search and Monte Carlo all report
it as "unknown" with the same bounds, never as zero and never as a shortfall.

The case is aug2025's long-range SAM: the participants' sourced batteries (at the sourced
availability, 1/3, and commit share 0.25, in whole batteries) field 1 of the 6 required, so the
sourced lower bounds leave it 5 short; the batteries of Australia, Czechia, Norway and the UK
could not be sourced and have no sourced upper bound, so they could close the gap: unknown,
short by 0 to 5.
"""

import pytest

from guarantor.scenario import load_scenario

LOW, HIGH = 0.0, 5.0


@pytest.fixture(scope="module")
def scenario():
    # every participant willing (assumed source), so the unknown inventories are offered: the
    # test is the one meaning of unknown across outputs, not who said what
    return load_scenario("aug2025", {"contributions.source": "assumed"})


def test_engine(scenario) -> None:
    from guarantor.engine import evaluate

    r = evaluate(scenario)
    row = r.missions.set_index("item").loc["long_range_sam"]
    assert row.status == "unknown"
    assert (row.shortfall_low, row.shortfall) == (LOW, HIGH)
    s = r.summary()
    assert "long_range_sam" not in s["air_classes_short"]
    assert s["air_classes_unknown"]["long_range_sam"] == {"shortfall_low": LOW,
                                                         "shortfall_high": HIGH}


def test_apportion(scenario) -> None:
    from guarantor.apportion import apportion

    t = apportion(scenario).requirements_table().set_index("requirement")
    row = t.loc["long_range_sam"]
    assert row.status == "unknown"
    assert (row.shortfall_low, row.shortfall) == (LOW, HIGH)


def test_coalition_search(scenario) -> None:
    from guarantor.apportion import find_coalitions as _  # noqa: F401  (the API exists)
    from guarantor.apportion.coalition import coalitions

    res = coalitions(scenario, top=1)
    assert "long_range_sam" not in res.unmeetable
    assert res.unknown_supply["long_range_sam"] == (LOW, HIGH)


def test_search(scenario) -> None:
    from guarantor.politics.search import search

    f = search(scenario, {"us_posture": ["enablers"]}).frame
    assert f["air_classes_unknown"].tolist() == [1]
    # with the same bounds as the engine: short by LOW to HIGH
    assert f["air_unknown_shortfall_low"].tolist() == [LOW]
    assert f["air_unknown_shortfall_high"].tolist() == [HIGH]
    # the unknown class adds nothing to the shortfall index (its certain shortfall is LOW = 0)
    assert f["air_shortfall_share"].tolist() == [pytest.approx(LOW / 6)]


def test_montecarlo(scenario) -> None:
    from guarantor.uncertainty.montecarlo import run_montecarlo

    mc = run_montecarlo(scenario, 200, 7)
    p = mc.probabilities.set_index("item").loc["long_range_sam"]
    assert p.p_met == 0.0 and p.p_short_unknown == 1.0   # unknown in every draw, never "short"
    out = mc.outputs.set_index("output")
    assert out.loc["air_shortfall_low.long_range_sam", "max"] == LOW
    # the high end moves with the drawn availability, commit share and willingness; the plain
    # run's 5 lies within the drawn range, and no draw turns the unknown into a shortfall
    assert 0 < out.loc["air_shortfall.long_range_sam", "min"] <= HIGH
    assert HIGH <= out.loc["air_shortfall.long_range_sam", "max"] <= 6


def test_montecarlo_draws_a_bounded_unknown_from_its_stated_range(scenario) -> None:
    # Sweden's AEW&C is unknown with a sourced range of 0 to 4 aircraft: Monte Carlo draws it
    # uniformly from that range (each draw then knows it: both bounds take the drawn value);
    # the long-range SAM unknowns have no upper bound and stay unknown in every draw.
    import numpy as np

    from guarantor.engine import build_inputs
    from guarantor.uncertainty.montecarlo import run_montecarlo

    mc = run_montecarlo(scenario, 50, 11)
    spec = mc.inputs.set_index("input").loc["inventory.SWE.aewc", "spec"]
    assert '"uniform"' in spec and '"low": 0.0' in spec and '"high": 4.0' in spec
    inp = build_inputs(scenario, draws={"inventory.SWE.aewc": np.array([0.0, 4.0])}, n_draws=2)
    i, k = inp.codes.index("SWE"), inp.classes.index("aewc")
    assert inp.inventory_low[:, i, k].tolist() == [0.0, 4.0]
    assert inp.inventory_high[:, i, k].tolist() == [0.0, 4.0]
    assert np.isnan(inp.inventory[i, k])  # still not a sourced figure
