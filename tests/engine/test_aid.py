"""Military aid: US part, burden rules, pledges."""

import numpy as np
import pytest

from guarantor.engine.compute import compute
from guarantor.errors import ScenarioError
from tests.engine.toy import toy


def test_gdp_rule_hand_worked() -> None:
    o = compute(toy())
    assert o.aid_us.tolist() == [50.0, 50.0]
    np.testing.assert_allclose(o.aid[0], [10.0, 30.0, 10.0])
    assert o.aid_shortfall[0] == 0.0


def test_capacity_rule_uses_defence_budgets() -> None:
    o = compute(toy(burden_rule="capacity"))  # milex 20/30/10 -> 1/3, 1/2, 1/6 of 50
    np.testing.assert_allclose(o.aid[0], [50 / 3, 25.0, 50 / 6])


def test_historical_rule_uses_past_aid() -> None:
    o = compute(toy(burden_rule="historical"))  # history 10/30/10
    np.testing.assert_allclose(o.aid[0], [10.0, 30.0, 10.0])


def test_pledges_rule_and_shortfall() -> None:
    o = compute(toy(burden_rule="pledges", pledge_aid=np.array([20.0, np.nan, 5.0])))
    np.testing.assert_allclose(o.aid[0], [20.0, 0.0, 5.0])
    assert o.aid_shortfall[0] == 25.0


def test_unknown_rule_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="burden rule"):
        compute(toy(burden_rule="lottery"))


def test_shares_sum_to_one() -> None:
    for rule in ("gdp", "capacity", "historical"):
        o = compute(toy(burden_rule=rule))
        np.testing.assert_allclose(o.fair_weights.sum(axis=1), 1.0)


# --- donors as Kiel counts them, and the donor-level rules (engine/aid.py) -------------------

from guarantor.engine.aid import (  # noqa: E402
    annual_flow,
    cumulative_gdp_share,
    equal_gdp_share,
    level_up,
    replace_us_table,
    share_out,
)


def test_equal_gdp_share_three_donors_two_draws() -> None:
    """Hand-worked: donors give 5, 1, 0 now on GDP 100, 100, 200; adding 10 (draw 0) or 2
    (draw 1) puts everyone at 16/400 = 4% or 8/400 = 2% of GDP."""
    need, s = equal_gdp_share(np.array([5.0, 1.0, 0.0]), np.array([100.0, 100.0, 200.0]),
                              np.array([10.0, 2.0]))
    np.testing.assert_allclose(s, [0.04, 0.02])
    np.testing.assert_allclose(need, [[4.0, 4.0, 8.0], [2.0, 2.0, 4.0]])
    np.testing.assert_allclose(need.sum(axis=1), [16.0, 8.0])


def test_level_up_never_asks_less_than_now() -> None:
    now = np.array([5.0, 1.0, 0.0])
    need, s = level_up(now, np.array([100.0, 100.0, 200.0]), np.array([10.0, 0.0]))
    assert (need >= now - 1e-9).all()
    np.testing.assert_allclose(need.sum(axis=1), [16.0, 6.0], rtol=1e-9)
    np.testing.assert_allclose(s[0], 11 / 300, rtol=1e-9)  # 5 + 100 s + 200 s = 16


def test_share_out_adds_the_increment_by_weight() -> None:
    np.testing.assert_allclose(share_out(np.array([1.0, 1.0, 0.0]), np.array([1.0, 1.0, 2.0]),
                                         np.array([4.0, 0.0])), [[2.0, 2.0, 2.0], [1, 1, 0]])


def test_annual_flow_annualises_over_the_window_months() -> None:
    monthly = np.array([[12.0] * 24, [0.0] * 23 + [24.0], [np.nan] * 24])
    win = np.zeros(24, dtype=bool)
    win[1:24] = True  # 23 months
    np.testing.assert_allclose(annual_flow(monthly, win), [144.0, 24 * 12 / 23, 0.0])


def test_cumulative_aid_share_uses_each_years_gdp() -> None:
    """1 of GDP 100 in year one and 1 of GDP 200 in year two is 1.5% of GDP cumulated; the
    latest GDP for both years would say 1% (the bug this replaces)."""
    aid = np.array([[1.0, 1.0], [2.0, np.nan], [0.0, 0.0]])
    gdp = np.array([[100.0, 200.0], [100.0, 100.0], [50.0, 50.0]])
    np.testing.assert_allclose(cumulative_gdp_share(aid, gdp), [0.015, 0.02, 0.0])


def test_replace_us_table_groups_and_rows() -> None:
    from guarantor.data.dataset import load_dataset

    t = replace_us_table(load_dataset())
    rows = ["EUI", "DEU", "GBR", "FRA", "ITA", "ESP", "europe_rest"]
    assert t.loc[rows, "now_eur"].sum() == pytest.approx(t.loc["europe", "now_eur"])
    assert t.loc[rows, "needed_eur"].sum() == pytest.approx(t.loc["europe", "needed_eur"])
    # everyone at the common share: the total rises by exactly the US flow
    added = t.loc["europe", "needed_eur"] - t.loc["europe", "now_eur"]
    assert added == pytest.approx(t.loc["USA", "now_eur"])
    assert t.loc["DEU", "needed_gdp_share"] == pytest.approx(t.attrs["common_share"])
    # the EU institutions are the largest European donor, as Kiel counts them
    assert t.loc[rows[:-1], "now_eur"].idxmax() == "EUI"
    military = replace_us_table(load_dataset(), kind="military")
    assert military.loc["EUI", "now_eur"] == 0.0  # EU institutions give no military aid
    assert military.loc["USA", "now_eur"] < t.loc["USA", "now_eur"]


def test_europe_aid_share_excludes_non_european_donors() -> None:
    """feb2025 shares aid by GDP among participants that include Canada, Australia, Japan...:
    Europe's share is what European donors give, not 1 - US."""
    from guarantor.data.donors import donor_groups
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("feb2025"))
    s = r.summary()
    aid = r.contributions[r.contributions["mission"] == "military_aid"]
    g = donor_groups()
    europe = aid[[g.group(c, 2025) == "europe" for c in aid["iso3"]]]["allocated"].sum()
    others = aid[[g.group(c, 2025) != "europe" for c in aid["iso3"]]]["allocated"].sum()
    assert others > 0  # the coalition has non-European donors
    assert s["europe_aid_share"] == pytest.approx(europe / s["aid_required_eur"])
    assert s["europe_aid_share"] < 1 - s["aid_us_eur"] / s["aid_required_eur"] - 0.01


def test_replace_us_all_kinds_requires_the_us_total() -> None:
    """``replace_us: all`` asks the others for what the US gave of every kind; ``military``
    only for its military aid (the requirement is the US average over the reference years)."""
    from guarantor.data.dataset import load_dataset
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    ds = load_dataset()
    usa = ds.index("USA")
    ref = (ds.years >= 2022) & (ds.years <= 2024)
    m = evaluate(load_scenario("feb2025", overrides={
        "missions.military_aid.replace_us": "military"})).summary()
    a = evaluate(load_scenario("feb2025", overrides={
        "missions.military_aid.replace_us": "all"})).summary()
    from guarantor.data.prices import price_index

    # each year's aid in constant 2024 euros (the money basis), then averaged
    idx = price_index()
    to24 = idx.level(2024, 0.019) / idx.level(ds.years[ref], 0.019)
    assert to24.round(4).tolist() == [1.0762, 1.0235, 1.0]
    assert m["money_basis"] == "EUR_2024"
    assert m["aid_required_eur"] == pytest.approx(
        np.nansum(ds.aid_totals_eur("military")[usa, ref] * to24) / 3)
    assert a["aid_required_eur"] == pytest.approx(
        np.nansum(ds.aid_totals_eur("all")[usa, ref] * to24) / 3)
    assert a["aid_us_eur"] == 0.0 and a["aid_required_eur"] > m["aid_required_eur"]


def test_replace_us_and_amount_conflict() -> None:
    from guarantor.scenario import load_scenario

    with pytest.raises(ScenarioError, match="replace_us"):
        load_scenario("feb2025", overrides={"missions.military_aid.replace_us": "all",
                                            "missions.military_aid.eur_per_year": 1e9})


def test_donor_rules_invariants() -> None:
    """Both rules add exactly the extra; level_up never asks anyone for less than now; equal
    shares are proportional to GDP (hypothesis, 3+ donors, 2 draws)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    vec = st.lists(st.floats(0.0, 100.0), min_size=3, max_size=6)

    @settings(max_examples=60, deadline=None)
    @given(vec, st.lists(st.floats(1.0, 1000.0), min_size=6, max_size=6),
           st.tuples(st.floats(0.0, 50.0), st.floats(0.0, 50.0)))
    def check(now, gdp, extra):
        now = np.array(now)
        basis = np.array(gdp[: len(now)])
        ex = np.array(extra)
        for rule in (equal_gdp_share, level_up):
            need, s = rule(now, basis, ex)
            assert need.shape == (2, len(now))
            np.testing.assert_allclose(need.sum(axis=1), now.sum() + ex, rtol=1e-9, atol=1e-6)
        need, _ = level_up(now, basis, ex)
        assert (need >= now[None, :] - 1e-9).all()
        need, s = equal_gdp_share(now, basis, ex)
        np.testing.assert_allclose(need / basis[None, :], np.repeat(s[:, None], len(now), 1))

    check()


def test_replace_us_cli_table_and_errors() -> None:
    from typer.testing import CliRunner

    from guarantor.cli import app

    res = CliRunner().invoke(app, ["data", "replace-us"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "EU institutions" in res.output and "Europe total" in res.output
    bad = CliRunner().invoke(app, ["data", "replace-us", "--from", "2022-13"])
    assert isinstance(bad.exception, ScenarioError) and "YYYY-MM" in str(bad.exception)
