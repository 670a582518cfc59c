"""Air shield: US netting, whole units, unknown inventories, only-US classes."""

import numpy as np
import pytest

from guarantor.engine.air import net_of_us
from guarantor.engine.compute import compute
from tests.engine.toy import toy


def test_capacity_hand_worked() -> None:
    # fighters: 100 x 0.5 x 0.2 = 10, 200 x 0.5 x 0.2 = 20, C unknown -> 0
    # batteries: 4 x 0.5 x 0.2 = 0.4 -> 0; 10 x 0.1 = 1; C has none
    o = compute(toy())
    assert o.air_capacity[0, :, 0].tolist() == [10.0, 20.0, 0.0]
    assert o.air_capacity[0, :, 1].tolist() == [0.0, 1.0, 0.0]


def test_us_netted_first_and_allocation_by_gdp() -> None:
    o = compute(toy())
    # batteries: 2 required, US gives 1, B gives the remaining 1
    assert o.air_us[0].tolist() == [0.0, 1.0]
    assert o.air[0, :, 1].tolist() == [0.0, 1.0, 0.0]
    # fighters: 20 required, weights 0.2/0.6/0.2 with caps 10/20/0 -> A 5, B 15
    assert o.air[0, :, 0].tolist() == [5.0, 15.0, 0.0]
    assert o.air_shortfall[0].tolist() == [0.0, 0.0]


def test_unknown_inventory_marks_class_unknown_not_short() -> None:
    o = compute(toy(air_required=np.tile(np.array([[40.0, 2.0]]), (2, 1))))
    assert o.air_shortfall[0, 0] == 10.0
    assert bool(o.air_unknown[0, 0])  # C's fighter inventory is unknown
    assert not bool(o.air_unknown[0, 1])


def test_only_us_flag() -> None:
    # batteries: others can offer 1 < 2 required; the US fills the gap
    o = compute(toy())
    assert o.air_only_us[0].tolist() == [False, True]


def test_allocations_are_whole_units() -> None:
    o = compute(toy(air_required=np.tile(np.array([[17.0, 2.0]]), (2, 1))))
    assert np.array_equal(o.air, np.round(o.air))
    assert o.air[0, :, 0].sum() == 17.0


def test_net_of_us_never_negative() -> None:
    us, rest = net_of_us(np.array([[1.0, 0.0, 5.0]]), np.array([3.0, 3.0, 3.0]))
    assert (rest >= 0).all() and us.tolist() == [[1.0, 0.0, 3.0]]


# ----------------------------------------------------------------- pools, bounds (issue 16)


def test_pool_offers_fleet_times_availability_no_member_rounding() -> None:
    # one pool of 14 aircraft in class 0, shared 1/4, 1/4, 1/2 by A, B, C; availability 0.5:
    # floor(14 x 0.5) = 7 offered; A and B take part (C's willingness 0): 7 x 1/2 = 3.5, kept
    # fractional (per-member rounding would give 1 + 1 = 2).
    inp = toy(pool_members=np.array([[0.25, 0.25, 0.5]]), pool_size=np.array([14.0]),
              pool_class=np.array([0]), willingness=np.array([[1.0, 1.0, 0.0]] * 2),
              air_required=np.tile(np.array([[33.0, 0.0]]), (2, 1)))
    o = compute(inp)
    assert o.air_pool[0, 0] == 3.5
    assert o.air_capacity[0, :, 0].tolist() == [10.0 + 1.75, 20.0 + 1.75, 0.0]
    # 33 required: the pool covers 3.5 first; A and B share the 29.5 left in whole units
    # (30, capped at their 10 + 20): nothing short
    assert o.air_shortfall[0, 0] == 0.0
    assert o.air[0, :, 0].sum() == pytest.approx(3.5 + 30.0)


def test_nato_awacs_pool_in_aug2025() -> None:
    # aug2025: the 14 NATO E-3A at the AEW&C availability (0.5) offer floor(7); of the 16 NAPMO
    # members, the US and Hungary are not participants: 7 x 14/16 = 6.125, no rounding.
    from guarantor.engine import build_inputs
    from guarantor.engine.air import pool_offer
    from guarantor.scenario import load_scenario

    # every participant willing (assumed source): the test is about the pool's mechanics; with
    # stated positions only the members that said they would contribute aircraft take part
    inp = build_inputs(load_scenario("aug2025", {"contributions.source": "assumed"}))
    q = inp.pool_ids.index("nato_awacs")
    assert inp.pool_size[q] == 14
    k = inp.classes.index("aewc")
    assert inp.availability[0, k] == 0.5
    off = pool_offer(inp.pool_members[q:q + 1], inp.pool_size[q:q + 1],
                     inp.pool_class[q:q + 1], inp.availability, inp.willingness,
                     inp.participants)
    assert off[0, :, k].sum() == pytest.approx(7 * 14 / 16)
    assert 0 < off[0, inp.codes.index("DEU"), k] < 1   # a member's share stays fractional


def test_unknown_is_a_range_never_a_shortfall() -> None:
    # C's fighter inventory is unknown: at its lower bound (0) the class is 10 short; with no
    # sourced upper bound it could close the gap -> unknown, shortfall 0 to 10.
    o = compute(toy(air_required=np.tile(np.array([[40.0, 2.0]]), (2, 1))))
    assert o.air_shortfall[0, 0] == 10.0 and o.air_shortfall_min[0, 0] == 0.0
    assert o.air_unknown[:, 0].all()
    # a sourced upper bound of 20 aircraft for C: 20 x 0.5 x 0.2 = 2 more -> short 8 to 10
    o = compute(toy(air_required=np.tile(np.array([[40.0, 2.0]]), (2, 1)),
                    inventory_low=np.array([[100.0, 4.0], [200.0, 10.0], [0.0, 0.0]]),
                    inventory_high=np.array([[100.0, 4.0], [200.0, 10.0], [20.0, 0.0]])))
    assert o.air_shortfall_min[0, 0] == 8.0 and o.air_shortfall[0, 0] == 10.0
    assert not o.air_unknown[:, 0].any()  # at least 8 short whatever the truth: short


def test_station_requirement_and_operating_cost_hand_worked() -> None:
    # 4 stations x 2 fighters around the clock, 2 h on station, 1 h transit, 1 sortie per
    # aircraft a day, availability 0.6992: 4 x 2 x 24 / 2 = 96 sorties a day = 96 aircraft
    # flying; / 0.6992 = 137.3 -> 138 aircraft. Hours: 96 x (2 + 1) x 365 = 105,120 a year;
    # at EUR 33,756 per flying hour in 2025 prices = 33,756 / 1.019 (prices.inflation) =
    # EUR 33,126.6 in the money basis (constant 2024 euros) a year for the whole operation.
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("aug2025", {"contributions.source": "assumed"}))
    op = r.air_operation().set_index("class")
    row = op.loc["combat_aircraft"]
    assert row.required == 138
    assert row.hours_per_year == pytest.approx(105_120)
    rate = 33_756 / 1.019
    assert row.eur_per_flight_hour == pytest.approx(rate)
    assert row.operating_cost_eur_per_year == pytest.approx(105_120 * rate)
    assert "96 sorties a day" in row.step and "105,120 a year" in row.step
    # the participants field all 138 (no US fighters): they carry the whole cost
    assert row.participants_cost_eur_per_year == pytest.approx(105_120 * rate)
    # other classes: each sourced rate in its own price year, expressed in 2024 euros by the
    # bundled price index (2025 extrapolated at the 1.9% inflation parameter, hence 1.019)
    from guarantor.data.prices import price_index

    def in_2024(eur: float, year: int) -> float:
        return eur * float(price_index().factor(year, 2024, 0.019))

    # tankers: 2 tracks x 1 aircraft x 24 h / 6 h on station = 8 sorties a day; hours
    # 8 x (6 + 1 h transit) x 365 = 20,440 a year at the KC-135R/T FY2026 DoD rate midpoint
    # (USD 21,535 / 1.12998 = EUR 19,058 per hour, 2025 prices)
    tk = op.loc["tanker"]
    assert tk.hours_per_year == pytest.approx(20_440)
    assert tk.eur_per_flight_hour == pytest.approx(19_058 / 1.019)
    assert tk.operating_cost_eur_per_year == pytest.approx(20_440 * 19_058 / 1.019)
    # ISR: 1 orbit, 8 h on station + 1 h transit: 3 x 9 x 365 = 9,855 h x EUR 18,071 (RQ-4, 2013)
    assert op.loc["isr"].operating_cost_eur_per_year == pytest.approx(
        9_855 * in_2024(18_071, 2013))
    # strategic airlift: 8 aircraft x 1,450 h = 11,600 h x EUR 35,049 (RAF C-17, 2002 prices)
    assert op.loc["strategic_airlift"].operating_cost_eur_per_year == pytest.approx(
        11_600 * in_2024(35_049, 2002))
    # AEW&C: 1 orbit x 1 aircraft x 24 h / 8 h on station = 3 sorties a day; hours
    # 3 x (8 + 1 h transit) x 365 = 9,855 a year at the NATO E-3A rate, EUR 250 million a year /
    # 4,300 planned hours = EUR 58,140 per hour in 2014 euros, x 1.23759 (2014 -> 2024 by the
    # bundled price index) = EUR 71,953.5 -> EUR 709.1 million a year
    aw = op.loc["aewc"]
    assert aw.hours_per_year == pytest.approx(9_855)
    assert aw.eur_per_flight_hour == pytest.approx(in_2024(58_140, 2014))
    assert aw.eur_per_flight_hour == pytest.approx(71_953.5, abs=0.5)
    assert aw.operating_cost_eur_per_year == pytest.approx(9_855 * in_2024(58_140, 2014))
    assert aw.operating_cost_eur_per_year == pytest.approx(709.10e6, abs=0.01e6)
    # ground radar: 6 radars x GBP 32 million / (5 years x 5 UK radar sites) / 0.86979 GBP per
    # EUR = EUR 1,471,620 per radar-year in 2023 euros -> 2024 euros
    assert op.loc["ground_radar"].operating_cost_eur_per_year == pytest.approx(
        6 * in_2024(1_471_620, 2023))
    # every class the participants field is costed now, so the headline leaves none out (the
    # "leaves out" path itself is tested with an unsourced rate below)
    assert r.air_uncosted() == []
    assert not any("leaves out" in n for n in r.outputs.notes)


def test_a_class_without_a_sourced_cost_is_named_not_added_as_zero() -> None:
    # toy: the batteries' cost per unit-year is unsourced (NaN). 2 are required, the US gives
    # 1, the participants field the other: the class is used, so the headline note names it
    inp = toy(unit_year_eur=np.tile(np.array([[0.01, np.nan]]), (2, 1)))
    o = compute(inp)
    notes = [n for n in o.notes if "leaves out" in n]
    assert notes == ["the air shield's operating cost leaves out long_range_sam: no sourced "
                     "cost per flying hour (or per unit-year); the cost shown is a lower bound"]
    # with the batteries costed the note goes
    assert not any("leaves out" in n for n in compute(toy()).notes)
