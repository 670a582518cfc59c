"""The red-line check: hand-worked February 2025 case, as-of logic, vectorised counting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from rich.console import Console

from guarantor.errors import ScenarioError
from guarantor.politics.ledger import load_ledger, parse_ledger
from guarantor.politics.redlines import check, count_crossed, render, report_frame
from guarantor.politics.topics import TopicInputs, resolve

FEB_2025 = TopicInputs(
    us_posture="none",
    us_troops_in_protected_state=False,
    article5_for_deployed_forces=False,
    nato_membership_for_protected_state=False,
    pre2014_borders_objective=False,
    guarantees_agreed_with_adversary=False,
    troops_deployed=30_000.0,
    nato_countries_with_troops=5,
    europe_aid_share=0.9,
    spending_target_share=0.05,
)
LATE_2025 = date(2025, 12, 31)


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


@pytest.mark.parametrize("as_of", [date(2025, 2, 28), LATE_2025])
def test_february_2025_crosses_no_us_red_line(ledger, as_of: date) -> None:
    rep = check(resolve(FEB_2025), ledger, as_of)
    usa = rep.actor("USA")
    assert usa.red_lines_crossed == ()
    assert any(f.entry.red_line for f in usa.met)  # the US does state red lines; none crossed
    assert usa.verdict.startswith("United States: crosses none of")


def test_february_2025_crosses_russias_foreign_troops_red_line(ledger) -> None:
    rep = check(resolve(FEB_2025), ledger, LATE_2025)
    crossed = {f.topic: f for f in rep.actor("RUS").red_lines_crossed}
    assert "foreign_troops_in_protected_state" in crossed
    assert "nato_troops_in_protected_state" in crossed
    f = crossed["foreign_troops_in_protected_state"]
    assert f.value is True and f.entry.quote and f.entry.speaker
    assert "crosses" in rep.actor("RUS").verdict


def test_as_of_february_uses_lavrov_riyadh_statement(ledger) -> None:
    rep = check(resolve(FEB_2025), ledger, date(2025, 2, 28))
    crossed = {f.topic: f for f in rep.actor("RUS").red_lines_crossed}
    assert crossed["nato_troops_in_protected_state"].entry.speaker == "Sergey Lavrov"
    assert crossed["nato_troops_in_protected_state"].entry.date == "2025-02-18"
    # later statements are not yet known in February
    assert "guarantees_agreed_with_russia" not in crossed


def test_no_foreign_troops_clears_russias_troop_red_lines(ledger) -> None:
    r = resolve(replace(FEB_2025, troops_deployed=0.0, nato_countries_with_troops=0))
    topics = {f.topic for f in check(r, ledger, LATE_2025).actor("RUS").red_lines_crossed}
    assert not topics & {"foreign_troops_in_protected_state", "nato_troops_in_protected_state"}


HAND = """
entries:
  - id: us_no_troops
    actor: USA
    speaker: Pete Hegseth
    date: "2025-02-12"
    topic: us_troops_in_protected_state
    stance: rejects
    strength: red_line
    quote: "there will not be U.S. troops deployed to Ukraine"
    source: report_002
  - id: us_backstop_old
    actor: USA
    speaker: Trump administration
    date: "2025-02-13"
    topic: us_backstop
    stance: opposes
    strength: preference
    quote: "minimal US involvement"
    source: report_000
  - id: us_backstop_new
    actor: USA
    speaker: Donald Trump
    date: "2025-08-19"
    topic: us_backstop
    stance: supports
    strength: preference
    quote: "by air"
    source: newrepublic_2025_08_19_trump
  - id: ru_troops
    actor: RUS
    speaker: Sergey Lavrov
    date: "2025-02-18"
    topic: nato_troops_in_protected_state
    stance: rejects
    strength: red_line
    quote: "It is of course completely unacceptable"
    source: bbc_2025_02_18_lavrov
  - id: us_five
    actor: USA
    speaker: Pete Hegseth
    date: "2025-02-12"
    topic: spending_target_share
    stance: requires
    strength: red_line
    threshold: 0.05
    quote: "not enough"
    source: report_002
"""


def test_as_of_picks_latest_statement_per_actor_and_topic() -> None:
    led = parse_ledger(HAND, "hand.yaml")
    r = resolve(FEB_2025)  # us_posture none -> no backstop
    early = check(r, led, date(2025, 3, 1)).actor("USA")
    late = check(r, led, date(2025, 9, 1)).actor("USA")
    # in March the US opposed a backstop (met); by September it supports one (unmet)
    assert [f.entry.id for f in early.met if f.topic == "us_backstop"] == ["us_backstop_old"]
    assert [f.entry.id for f in late.preferences_unmet] == ["us_backstop_new"]
    assert check(r, led, date(2025, 2, 1)).actors == ()


def test_count_crossed_is_vectorised_and_weighted() -> None:
    led = parse_ledger(HAND, "hand.yaml")
    x = replace(
        FEB_2025,
        us_troops_in_protected_state=np.array([False, True, False, True]),
        nato_countries_with_troops=np.array([0, 0, 3, 3]),
        spending_target_share=np.array([0.05, 0.05, 0.035, 0.02]),
    )
    r = resolve(x)
    # red lines: US no troops, US >= 5% target, Russia no NATO troops (US troops count as NATO)
    assert count_crossed(r, led, date(2025, 3, 1)).tolist() == [0.0, 2.0, 2.0, 3.0]
    w = count_crossed(r, led, date(2025, 3, 1), weights={"RUS": 0.5})
    assert w.tolist() == [0.0, 1.5, 1.5, 2.5]
    # before Lavrov spoke only the US red lines count
    assert count_crossed(r, led, date(2025, 2, 15)).tolist() == [0.0, 1.0, 1.0, 2.0]
    # the per-arrangement check agrees with the vectorised count
    for i in range(4):
        assert check(r, led, date(2025, 3, 1), arrangement=i).red_lines_crossed == \
            count_crossed(r, led, date(2025, 3, 1))[i]


def test_unresolved_topics_are_listed_not_counted() -> None:
    led = parse_ledger(HAND, "hand.yaml")
    r = {"us_troops_in_protected_state": np.array([True])}
    rep = check(r, led, date(2025, 9, 1))
    assert rep.red_lines_crossed == 1
    assert {f.topic for f in rep.actor("RUS").unresolved} == {"nato_troops_in_protected_state"}
    assert count_crossed(r, led, date(2025, 9, 1)).tolist() == [1.0]


def test_bad_weights_and_arrangement() -> None:
    led = parse_ledger(HAND, "hand.yaml")
    r = resolve(FEB_2025)
    with pytest.raises(ScenarioError, match="weight"):
        count_crossed(r, led, LATE_2025, weights={"USA": -1.0})
    with pytest.raises(ScenarioError, match="no such arrangement"):
        check(r, led, LATE_2025, arrangement=3)


def test_report_frame_and_render(ledger) -> None:
    rep = check(resolve(FEB_2025), ledger, LATE_2025)
    df = report_frame(rep)
    assert {"actor", "status", "topic", "quote", "speaker", "role", "outlet", "date", "url",
            "citation"} <= set(df.columns)
    crossed = df[df.status == "crossed"]
    assert (crossed.actor == "RUS").any() and not (crossed.actor == "USA").any()
    assert crossed.quote.str.len().gt(0).all() and crossed.outlet.str.len().gt(0).all()
    console = Console(record=True, width=200)
    render(rep, console)
    text = console.export_text()
    assert "Russia: crosses" in text and "United States: crosses none" in text
    assert "Lavrov" in text or "Peskov" in text or "Putin" in text
