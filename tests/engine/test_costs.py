"""Costs and spending: hand-worked figures and invariants."""

import numpy as np
import pytest

from guarantor.engine.compute import compute
from tests.engine.toy import toy


def test_costs_hand_worked() -> None:
    o = compute(toy())
    # A: 2000 troops x 0.001 = 2; 5 fighters x 0.01 = 0.05; aid 10  -> 12.05
    # B: 6000 x 0.001 = 6; 15 x 0.01 + 1 battery x 0.1 = 0.25; aid 30 -> 36.25
    # C: 2000 x 0.001 = 2; aid 10 -> 12
    np.testing.assert_allclose(o.cost_total[0], [12.05, 36.25, 12.0])
    np.testing.assert_allclose(o.cost_gdp_share[0, :, 0], [12.05 / 1000, 36.25 / 3000, 12 / 1000])
    np.testing.assert_allclose(o.cost_milex_share[0, :, 0], [12.05 / 20, 36.25 / 30, 12 / 10])


def test_spending_gap_hand_worked() -> None:
    o = compute(toy())
    # target 3% by 2030 from 2025 with no growth: headroom 1%, 2%, 2% of GDP
    np.testing.assert_allclose(o.gap_eur[0], [10.0, 60.0, 20.0])
    np.testing.assert_allclose(o.increase_share_per_year, [0.002, 0.004, 0.004])
    assert o.cost_fits_gap[0].tolist() == [False, True, True]


def test_growth_projects_gdp() -> None:
    o = compute(toy(gdp_growth=np.array([0.0, 0.1])))
    np.testing.assert_allclose(o.gdp[1, 0], 1000 * 1.1 ** np.arange(1, 5))
    np.testing.assert_allclose(o.gdp[0, 0], 1000.0)


def test_unknown_unit_cost_is_flagged_not_zeroed() -> None:
    o = compute(toy(unit_year_eur=np.tile(np.array([[np.nan, 0.1]]), (2, 1))))
    assert o.air_cost_known[0].tolist() == [False, False, True]


def test_costs_never_negative() -> None:
    o = compute(toy())
    assert (o.cost_total >= 0).all() and (o.gap_eur >= 0).all()


# --- one money basis ----------------------------------------------------------------------------


def test_costs_are_converted_to_constant_2024_euros() -> None:
    """Each cost from its price year to EUR_2024 (bundled index; prices.inflation after 2024);
    the personnel cost then grows at real pay growth to the horizon's first year."""
    from guarantor.engine import build_inputs
    from guarantor.scenario import load_scenario

    sc = load_scenario("aug2025")
    inp = build_inputs(sc)
    assert inp.money_basis == "EUR_2024" and inp.price_base_year == 2024
    real = 1.028 / 1.019  # costs.pay_growth_nominal over prices.inflation
    assert inp.soldier_year_eur[0] == pytest.approx(166_667 * real ** (sc.start_year - 2024))
    j = inp.classes.index("long_range_sam")
    assert inp.unit_year_eur[0, j] == pytest.approx(10_021_015 * 1.260447, rel=1e-5)
    # the deflator of the horizon: current euros of 2026 -> 2024 euros at 1.9% a year
    y = list(inp.years).index(2026)
    assert inp.deflator[0, y] == pytest.approx(1 / 1.019 ** 2)


def test_cost_fits_in_gap_compares_the_same_year_and_basis() -> None:
    """The target year's cost (personnel at real pay growth) against the target year's gap,
    both in constant 2024 euros; a 10% higher nominal pay growth moves the comparison."""
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("examples/hague_target.yaml"))
    i, o = r.inputs, r.outputs
    ahead = i.target_year - int(i.years[0])
    g = (1.0 + i.soldier_real_growth[0]) ** ahead
    expect = o.cost_troops[0] * g + o.cost_air[0] + o.cost_aid[0]
    np.testing.assert_allclose(o.cost_target_year[0], expect)
    assert (o.cost_target_year[0] >= o.cost_total[0] - 1e-6).all()
    np.testing.assert_array_equal(o.cost_fits_gap[0], o.cost_target_year[0] <= o.gap_eur[0] + 1e-6)
    # the gap is in constant euros: nominal target-year GDP deflated at prices.inflation
    k = list(i.codes).index("DEU")
    nominal = i.gdp_eur[k] * (1 + i.gdp_growth[0]) ** (i.target_year - i.base_year)
    const = nominal / 1.019 ** (i.target_year - 2024)
    assert o.gap_eur[0, k] == pytest.approx(max(0.035 - i.milex_gdp_share[k], 0) * const)
    assert r.spending["money_basis"].unique().tolist() == ["EUR_2024"]
    assert r.summary()["money_basis"] == "EUR_2024"


def test_cost_per_soldier_per_country_from_nato_tables() -> None:
    """Germany 2024e: NATO TABLE2 US$ 97,685.6 m x TABLE8a personnel 29.58% / TABLE7 185,641
    persons / 1.0824 US$ per EUR (ECB 2024) = EUR 143,817 (2024 prices = the basis); Poland
    EUR 44,146; a non-NATO participant (Austria) keeps the flat default, named in the notes."""
    from guarantor.data.prices import latest_personnel_cost
    from guarantor.engine import build_inputs
    from guarantor.scenario import load_scenario

    val, yr = latest_personnel_cost(["DEU", "POL", "USA", "AUT"], 2024)
    assert val[:3].round(0).tolist() == [143_817.0, 44_146.0, 173_388.0]
    assert yr[:3].tolist() == [2024, 2024, 2024] and np.isnan(val[3])
    sc = load_scenario("aug2025")
    inp = build_inputs(sc)
    real = (1.028 / 1.019) ** (sc.start_year - 2024)
    k = {c: list(inp.codes).index(c) for c in ("DEU", "POL", "AUT")}
    s = inp.soldier_year_eur_by_country[0]
    assert s[k["DEU"]] == pytest.approx(143_817 * real, rel=1e-5)
    assert s[k["POL"]] == pytest.approx(44_146 * real, rel=1e-4)
    assert s[k["AUT"]] == pytest.approx(inp.soldier_year_eur[0])  # the labelled fallback
    assert inp.soldier_cost_nato[k["DEU"]] and not inp.soldier_cost_nato[k["AUT"]]
    assert any("labelled fallback" in n and "AUT" in n for n in inp.notes)
