"""Contributions from evidence, end to end on the bundled scenarios (issue: each country gives
what it has said it will give, dated and sourced)."""

from __future__ import annotations

from datetime import date

import pytest

from guarantor.data.contributions import load_contributions
from guarantor.engine import evaluate
from guarantor.scenario import load_scenario


@pytest.fixture(scope="module")
def aug():
    return evaluate(load_scenario("aug2025"))


def _troops(result):
    c = result.contributions
    return c[c["item"] == "troops"].set_index("iso3")


def test_no_troops_from_countries_that_said_no_or_only_outside(aug):
    latest = load_contributions().latest("ukraine", date(2025, 8, 26))
    t = _troops(aug)
    refused = [iso for iso in t.index
               if (e := latest.get((iso, "land_in_protected_state"))) is not None
               and e.stance in ("will_not", "only_outside")]
    assert {"POL", "ROU", "GRC", "HRV"} <= set(refused)
    assert (t.loc[refused, "allocated"] == 0).all()
    assert (t.loc[refused, "basis"] == "stated").all()


def test_every_contributor_names_the_entry_or_override_behind_its_figure(aug):
    t = _troops(aug)
    given = t[t["allocated"] > 0]
    assert len(given) >= 5
    assert (given["evidence"].str.len() > 0).all()
    stated = given[given["evidence"].str.match(r"^[a-z]{3}_")]
    assert len(stated) == len(given)  # all rest on a ledger entry (no overrides in aug2025)
    assert (given["quote"].str.len() > 0).all() and (given["source_url"].str.startswith(
        "http")).all()


def test_the_uk_carries_its_latest_stated_pledge_capped_at_capacity(aug):
    gbr = _troops(aug).loc["GBR"]
    assert gbr["pledged"] == 10_000 and gbr["pledge_entry"] == "gbr_2025_03_15_land_numbers"
    assert gbr["allocated"] == gbr["capacity"] < 10_000  # the cap binds and is reported
    assert gbr["basis"] == "stated"


def test_headline_splits_stated_assumed_overridden(aug):
    split = aug.summary()["troops_by_basis"]
    assert set(split) == {"stated", "assumed", "overridden"}
    assert sum(split.values()) == pytest.approx(aug.summary()["troops_allocated"])
    assert split["stated"] == _troops(aug).loc["GBR", "allocated"]
    assert split["overridden"] == 0


def test_headline_split_is_the_same_without_tables(aug):
    # the web app's fast path evaluates without tables: the split must not fall to zeros
    lean = evaluate(load_scenario("aug2025"), tables=False).summary()["troops_by_basis"]
    assert lean == aug.summary()["troops_by_basis"]
    assert lean["stated"] > 0 and lean["assumed"] > 0


def test_as_of_changes_the_answer_and_explains_it():
    early = evaluate(load_scenario("aug2025", {"as_of": "2025-03-01"}))
    late = evaluate(load_scenario("aug2025", {"as_of": "2026-01-10"}))
    te, tl = _troops(early), _troops(late)
    assert te["allocated"].sum() != tl["allocated"].sum()
    # Germany: conditional in March 2025, only outside Ukraine by the Paris declaration
    assert te.loc["DEU", "statement_date"] < "2025-03-02" <= "2026-01-06" == \
        tl.loc["DEU", "statement_date"]
    assert tl.loc["DEU", "stance"] == "only_outside" and tl.loc["DEU", "allocated"] == 0
    assert early.provenance["contributions"]["as_of"] == "2025-03-01"


def test_a_conditional_offer_falls_when_its_condition_is_not_met():
    with_us = _troops(evaluate(load_scenario("aug2025")))
    without = _troops(evaluate(load_scenario("aug2025", {"us_posture": "none"})))
    assert with_us.loc["CAN", "stance"].startswith("conditional (us_backstop: met)")
    assert with_us.loc["CAN", "capacity"] > 0
    assert without.loc["CAN", "stance"].startswith("conditional (us_backstop: not met)")
    assert without.loc["CAN", "capacity"] == 0


def test_an_override_carries_its_reason_into_result_and_provenance():
    sc = load_scenario("aug2025", {"contributions.overrides": {
        "ITA": {"troops": 0.5, "reason": "test: what if Rome changed its mind"}}})
    r = evaluate(sc)
    ita = _troops(r).loc["ITA"]
    assert ita["basis"] == "overridden" and ita["allocated"] > 0
    assert ita["evidence"] == "test: what if Rome changed its mind"
    assert r.provenance["contributions"]["override_reasons"]["ITA"].startswith("test:")
    assert r.summary()["troops_by_basis"]["overridden"] == ita["allocated"]


def test_default_willingness_is_refused_under_stated_positions():
    from guarantor.errors import ScenarioError

    with pytest.raises(ScenarioError, match="default_willingness"):
        evaluate(load_scenario("aug2025", {"participants.default_willingness": 1.0}))


def test_separate_willingness_per_mission(aug):
    """Italy will not send troops (stated) but offered air support from outside (conditional)."""
    c = aug.contributions
    ita = c[c["iso3"] == "ITA"].set_index("item")
    assert ita.loc["troops", "allocated"] == 0
    assert ita.loc["aid", "allocated"] > 0  # a recorded donor keeps giving


def test_cases_stay_apart_moldova_is_judged_by_its_own_positions():
    r = evaluate(load_scenario("moldova2026"))
    assert r.provenance["contributions"]["case"] == "moldova"
    t = _troops(r)
    # Italy said no to troops in Ukraine; that says nothing about Moldova
    assert t.loc["ITA", "stance"] == "none" and t.loc["ITA", "basis"] == "assumed"
    assert t.loc["ROU", "entry" if "entry" in t else "evidence"].startswith("rou_2025_10")
    assert r.summary()["troops_by_basis"]["stated"] == 0


def test_rotation_default_is_the_reportings_four_times_rule():
    from guarantor.data.params import load_parameters

    rec = load_parameters().record("forces.rotation_ratio")
    assert rec.value == 4.0 and rec.source == "par_times_2025_rotation"
    assert "256,000" in (rec.locator or "")


def test_cli_as_of_gives_different_explained_results():
    import json
    import subprocess
    import sys

    def run(day: str) -> dict:
        p = subprocess.run([sys.executable, "-m", "guarantor", "run", "aug2025", "--as-of", day,
                            "--json"], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    early, late = run("2025-03-01"), run("2026-01-10")
    assert early["summary"]["troops_by_basis"] != late["summary"]["troops_by_basis"]
    assert early["provenance"]["contributions"]["as_of"] == "2025-03-01"
    deu = [r for r in late["tables"]["contributions"] if r["iso3"] == "DEU"
           and r["item"] == "troops"][0]
    assert deu["stance"] == "only_outside" and deu["evidence"].startswith("deu_2026_01_06")
