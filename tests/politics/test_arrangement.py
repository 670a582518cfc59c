"""The bridge from scenario + engine to topics, and the red-line check of bundled scenarios."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from guarantor.engine import build_inputs, compute, evaluate
from guarantor.engine.allocate import capped_proportional
from guarantor.politics.arrangement import (
    default_as_of,
    europe_aid_share,
    europe_mask,
    nato_mask,
    redlines,
    topic_inputs,
)
from guarantor.politics.ledger import load_ledger
from guarantor.politics.topics import resolve
from guarantor.scenario import bundled_scenarios, load_scenario

LATE_2025 = date(2025, 12, 31)


@pytest.fixture(scope="module")
def feb():
    return load_scenario("feb2025")


@pytest.fixture(scope="module")
def feb_result(feb):
    return evaluate(feb)


# --- topic inputs from the engine -------------------------------------------------------------


def test_topic_inputs_of_february_2025(feb, feb_result) -> None:
    ti = topic_inputs(feb, feb_result.outputs, feb_result.inputs)
    troops = feb_result.outputs.troops[0]
    nato = feb_result.inputs.nato_member
    # as of 28 Feb 2025 only the positions stated by then staff the force: part of the 30,000
    assert ti.troops_deployed.tolist() == [troops.sum()]
    assert 0 < troops.sum() < 30_000
    assert ti.nato_countries_with_troops.tolist() == [int(((troops > 0) & nato).sum())]
    assert ti.nato_countries_with_troops[0] >= 2  # the UK and the others that said yes
    # posture none: the US pays nothing, but Canada, Japan, Australia, NZ are not Europe
    assert 0.5 < ti.europe_aid_share[0] < 0.95
    assert ti.us_posture == "none"
    assert ti.article5_for_deployed_forces is False
    assert ti.spending_target_share == pytest.approx(0.05)
    assert ti.territorial_concessions is True and ti.europe_in_negotiations is False


def test_topic_inputs_without_model_inputs_use_the_registry(feb, feb_result) -> None:
    assert np.array_equal(nato_mask(feb), feb_result.inputs.nato_member)
    a = topic_inputs(feb, feb_result.outputs)
    b = topic_inputs(feb, feb_result.outputs, feb_result.inputs)
    assert a.nato_countries_with_troops.tolist() == b.nato_countries_with_troops.tolist()


def test_topic_inputs_are_vectorised_over_draws(feb) -> None:
    # every participant fully willing (assumed source): capacity is ample, the test is the axis
    feb = load_scenario("feb2025", {"contributions.source": "assumed"})
    inp = build_inputs(feb, draws={"reassurance_force.troops": np.array([0.0, 10_000.0, 30_000.0])})
    out = compute(inp)
    ti = topic_inputs(feb, out, inp)
    assert ti.troops_deployed.tolist() == [0.0, 10_000.0, 30_000.0]
    assert ti.nato_countries_with_troops[0] == 0 and ti.nato_countries_with_troops[2] > 0
    r = resolve(ti)
    assert r["foreign_troops_in_protected_state"].tolist() == [False, True, True]
    assert r["nato_troops_in_protected_state"].tolist() == [False, True, True]
    assert r["europe_leads_guarantee"].tolist() == [False, True, True]


def test_europe_aid_share_counts_kiel_europe_only() -> None:
    # three donors: a European one, a non-European one, a European one; one draw with nothing
    aid = np.array([[20.0, 5.0, 10.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    eu = np.array([True, False, True])
    assert europe_aid_share(aid, np.array([40.0, 40.0, 0.0]), eu).tolist() == [0.75, 0.0, 1.0]
    mask = europe_mask(["DEU", "GBR", "NOR", "CAN", "JPN", "AUS", "KOR", "NZL", "USA"], 2025)
    assert mask.tolist() == [True, True, True, False, False, False, False, False, False]


def test_europe_aid_share_excludes_non_european_donors(feb, feb_result) -> None:
    """feb2025 (US posture none): the coalition's Canada, Australia, Japan and New Zealand give
    part of the aid; 1 - US would call all of it Europe's."""
    o, i = feb_result.outputs, feb_result.inputs
    share = topic_inputs(feb, o, i).europe_aid_share[0]
    eu = i.europe_donor
    assert share == pytest.approx(float(o.aid[0][eu].sum() / o.aid_required[0]))
    non_eu = float(o.aid[0][~eu].sum())
    assert non_eu > 0.05 * o.aid_required[0]  # the non-European part is material
    assert share < 1 - o.aid_us[0] / o.aid_required[0] - 0.05
    # the run summary and the topic agree
    assert feb_result.summary()["europe_aid_share"] == pytest.approx(share)
    # without model inputs the mask comes from the donor groups and gives the same share
    assert topic_inputs(feb, o).europe_aid_share[0] == pytest.approx(share)


def test_no_aid_mission_means_europe_carries_all(feb) -> None:
    sc = load_scenario("feb2025", overrides={"missions.military_aid": None})
    r = evaluate(sc)
    assert topic_inputs(sc, r.outputs, r.inputs).europe_aid_share.tolist() == [1.0]


@pytest.mark.parametrize(("posture", "part", "backstop"), [
    ("none", False, False), ("intelligence", True, False), ("enablers", True, True),
    ("full", True, True),
])
def test_posture_resolves_through_the_bridge(posture: str, part: bool, backstop: bool) -> None:
    sc = load_scenario("feb2025", overrides={"us_posture": posture})
    r = evaluate(sc)
    res = resolve(topic_inputs(sc, r.outputs, r.inputs))
    assert res["us_part_of_guarantee"].tolist() == [part]
    assert res["us_backstop"].tolist() == [backstop]


def test_unstaffable_force_deploys_what_it_can() -> None:
    # a force larger than the coalition can field: troops deployed are those allocated
    sc = load_scenario("feb2025", overrides={"missions.reassurance_force.troops": 10_000_000})
    r = evaluate(sc)
    ti = topic_inputs(sc, r.outputs, r.inputs)
    assert 0 < ti.troops_deployed[0] == pytest.approx(r.outputs.troops_capacity[0].sum(), abs=40)
    assert r.outputs.troops_shortfall[0] > 0


def test_capped_proportional_gives_every_cap_when_short_with_zero_weights() -> None:
    # regression: a zero-weight (non-participant) country used to make the whole allocation 0
    w = np.tile([1.0, 1.0, 0.0], (3, 1))
    caps = np.tile([10.0, 50.0, 50.0], (3, 1))
    alloc = capped_proportional(np.array([200.0, 50.0, 10.0]), w, caps)
    assert alloc.tolist() == [[10.0, 50.0, 0.0], [10.0, 40.0, 0.0], [5.0, 5.0, 0.0]]


# --- the red-line check of a scenario -----------------------------------------------------------


@pytest.mark.parametrize("as_of", [date(2025, 2, 28), LATE_2025, None])
def test_february_2025_crosses_no_us_red_line(feb, feb_result, as_of) -> None:
    rep = redlines(feb, as_of=as_of, result=feb_result)
    usa = rep.actor("USA")
    assert usa.red_lines_crossed == ()
    assert any(f.entry.red_line for f in usa.met)


def test_february_2025_crosses_russias_red_line_on_foreign_troops(feb, feb_result) -> None:
    rep = redlines(feb, as_of=LATE_2025, result=feb_result)
    crossed = {f.topic: f for f in rep.actor("RUS").red_lines_crossed}
    assert "foreign_troops_in_protected_state" in crossed
    f = crossed["foreign_troops_in_protected_state"]
    assert f.value is True and f.entry.quote and f.entry.speaker and f.entry.source
    assert rep.actor("RUS").verdict.startswith("Russia: crosses")


def test_default_as_of_is_the_ledgers_latest_statement(feb, feb_result) -> None:
    led = load_ledger()
    assert default_as_of(led) == max(e.when for e in led.entries)
    assert redlines(feb, result=feb_result).as_of == date(2025, 2, 28)  # the scenario's date
    undated = feb.model_copy(update={"as_of": None})
    assert redlines(undated, result=feb_result).as_of == default_as_of(led)


def test_us_troops_cross_the_us_red_line() -> None:
    sc = load_scenario("feb2025", overrides={"policy.us_troops_in_protected_state": True})
    topics = {f.topic for f in redlines(sc, as_of=LATE_2025).actor("USA").red_lines_crossed}
    assert "us_troops_in_protected_state" in topics


def test_weights_are_carried_into_the_report(feb, feb_result) -> None:
    rep = redlines(feb, as_of=LATE_2025, result=feb_result, weights={"RUS": 0.0})
    assert rep.weighted_crossed == rep.red_lines_crossed - len(rep.actor("RUS").red_lines_crossed)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=120)


def _table_rows(stdout: str) -> list[list[str]]:
    """Cells of the rich detail table: wrapped lines of one row joined per column."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in stdout.splitlines():
        if line.startswith(("├", "└", "┡")):
            if current is not None:
                rows.append(current)
            current = None
            continue
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if current is None or len(current) != len(cells):
            if current is not None:
                rows.append(current)
            current = cells
        else:
            current = [f"{a} {b}".strip() for a, b in zip(current, cells, strict=True)]
    if current is not None:
        rows.append(current)
    return rows


@pytest.mark.parametrize("name", bundled_scenarios())
def test_cli_redlines_prints_every_crossed_red_line_with_quote_and_source(name: str) -> None:
    r = _cli("redlines", name)
    assert r.returncode == 0, r.stderr
    rep = redlines(load_scenario(name))
    crossed = [(a.actor, f) for a in rep.actors for f in a.red_lines_crossed]
    assert f"{len(crossed)} red line(s) crossed" in r.stdout

    def squash(s: str) -> str:
        return "".join(s.split())

    printed = [[squash(c) for c in row] for row in _table_rows(r.stdout) if len(row) == 7]
    for actor, f in crossed:
        e = f.entry
        rows = [row for row in printed if row[:3] == [actor, "crossed", e.topic]]
        assert len(rows) == 1, (e.id, printed[:2])
        who = rows[0][6]
        assert squash(e.quote) in rows[0][5], e.id
        assert f"[{e.source}]" in who and squash(e.speaker) in who and e.date in who, e.id
    for a in rep.actors:
        assert a.actor in r.stdout and squash(a.verdict)[:30] in squash(r.stdout)


def test_cli_redlines_json_and_errors() -> None:
    import json

    r = _cli("redlines", "aug2025", "--as-of", "2025-09-30", "--json")
    assert r.returncode == 0, r.stderr
    payload = json.loads(r.stdout)
    assert payload["as_of"] == "2025-09-30"
    crossed = [f for f in payload["findings"] if f["status"] == "crossed"]
    assert len(crossed) == payload["red_lines_crossed"] > 0
    assert all(f["quote"] and f["source_id"] and f["speaker"] for f in crossed)
    bad = _cli("redlines", "feb2025", "--as-of", "2025-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    bad = _cli("redlines", "feb2025", "--set", "us_posture=sometimes")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
