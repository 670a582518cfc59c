"""Spending targets: components (core, related) with a year; NATO allies only unless named."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.engine import evaluate
from guarantor.engine.spending import related_gap_bound, target_gap
from guarantor.errors import ScenarioError
from guarantor.scenario import load_scenario

HAGUE = {
    "policy.spending_target_components": {"core": {"share": 0.035, "year": 2035},
                                          "related": {"share": 0.015, "year": 2035}},
}


def test_target_gap_nan_where_no_target() -> None:
    g = target_gap(np.array([100.0, 100.0, 100.0]), np.array([0.02, 0.05, 0.01]),
                   np.array([0.0, 0.1]), np.array([0.05, 0.05, np.nan]), 2034, 2024)
    assert np.isnan(g["gap_eur"][:, 2]).all() and np.isnan(g["increase_eur_per_year"][:, 2]).all()
    np.testing.assert_allclose(g["gap_eur"][0, :2], [3.0, 0.0])


def test_related_bound_is_the_whole_component() -> None:
    b = related_gap_bound(np.array([100.0, 200.0, 50.0]), np.array([0.0, 0.0]), 0.015, 2035,
                          2024, np.array([True, False, True]))
    np.testing.assert_allclose(b[:, [0, 2]], [[1.5, 0.75], [1.5, 0.75]])
    assert np.isnan(b[:, 1]).all()


def test_hague_components_per_ally() -> None:
    s = load_scenario("aug2025", overrides=HAGUE)
    assert s.policy.spending_target_share == pytest.approx(0.05)
    assert s.policy.spending_target_year == 2035
    sp = evaluate(s).spending.set_index("iso3")
    assert sp.loc["POL", "target_share"] == pytest.approx(0.035)
    assert sp.loc["POL", "target_related_share"] == pytest.approx(0.015)
    assert sp.loc["DEU", "gap_eur_target_year"] > 0
    assert sp.loc["DEU", "gap_related_eur_upper"] > 0


def test_non_nato_participants_get_no_target_unless_named() -> None:
    base = load_scenario("feb2025")
    part = set(base.participant_codes())
    non_nato = sorted(c for c in part if c in ("AUS", "JPN", "NZL", "IRL", "AUT", "CYP"))
    assert non_nato, "feb2025 has non-NATO participants"
    c = non_nato[0]
    sp = evaluate(base).spending.set_index("iso3")
    assert np.isnan(sp.loc[c, "target_share"]) and np.isnan(sp.loc[c, "gap_eur_target_year"])
    assert not bool(sp.loc[c, "cost_fits_in_gap"])
    named = evaluate(load_scenario("feb2025", overrides={
        "policy.spending_target_countries": [c]})).spending.set_index("iso3")
    assert named.loc[c, "target_share"] == pytest.approx(0.05)
    assert named.loc[c, "gap_eur_target_year"] >= 0


def test_bad_component_and_country_are_rejected() -> None:
    with pytest.raises(ScenarioError, match="component"):
        load_scenario("aug2025", overrides={
            "policy.spending_target_components": {"hardware": {"share": 0.01, "year": 2030}}})
    with pytest.raises(ScenarioError, match="unknown country code"):
        load_scenario("aug2025", overrides={"policy.spending_target_countries": ["XXX"]})


def test_run_prints_both_components(tmp_path) -> None:
    from typer.testing import CliRunner

    from guarantor.cli import app

    res = CliRunner().invoke(app, ["run", "examples/hague_target.yaml"],
                             env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    assert "3.5% of GDP core + 1.5% related by 2035" in res.output
    assert "related gap, €" in res.output and "unknown, 0–€" in res.output


def test_one_share_is_the_whole_target_not_a_core_one() -> None:
    """A scenario with one target share (feb2025's 5%, "from 2 percent to 5 percent of GDP")
    has no core/related split: the run and the report call it "target"; "core" appears only
    beside a defence-related component (the Hague 3.5% + 1.5%)."""
    from typer.testing import CliRunner

    from guarantor.cli import app
    from guarantor.engine import evaluate
    from guarantor.report.html import collect, render_report
    from guarantor.scenario import load_scenario

    one = CliRunner().invoke(app, ["run", "aug2025"], env={"COLUMNS": "220"})
    assert one.exit_code == 0, one.output
    assert "Spending target 5.0% of GDP by 2035" in one.output
    assert "core target" not in one.output and "core gap" not in one.output
    both = CliRunner().invoke(app, ["run", "examples/hague_target.yaml"], env={"COLUMNS": "220"})
    assert "core target" in both.output and "core gap in target year" in both.output
    html_one = render_report([collect(evaluate(load_scenario("aug2025")))])
    assert "below the target of 5.0% of GDP" in html_one and "core target" not in html_one
    html_both = render_report([collect(evaluate(load_scenario(
        "examples/hague_target.yaml")))])
    assert "below the core target of 3.5% of GDP" in html_both
