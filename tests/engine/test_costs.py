"""Costs and spending: hand-worked figures and invariants."""

import numpy as np

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
