"""The bundled ledger: it loads, it is broad enough, and as-of logic picks the latest statement."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from guarantor.data.sources import source_catalogue
from guarantor.politics.ledger import (
    STANCE_STRENGTH,
    Ledger,
    load_ledger,
    parse_ledger,
    parse_statement_date,
)
from guarantor.politics.topics import topic_registry


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger()


def test_bundled_ledger_is_broad(ledger: Ledger) -> None:
    assert len(ledger) > 15
    for actor in ("USA", "GBR", "FRA", "DEU", "EU", "NATO", "UKR", "RUS"):
        assert actor in ledger.actors
    report_entries = [e for e in ledger.entries if e.source.startswith("report_")]
    assert len(report_entries) > 15
    assert {e.source for e in report_entries} == {f"report_00{i}" for i in range(5)}


def test_every_entry_is_complete(ledger: Ledger) -> None:
    cat = source_catalogue()
    for e in ledger.entries:
        assert STANCE_STRENGTH[e.stance] == e.strength
        assert e.topic in topic_registry()
        src = cat[e.source]
        assert src.publisher and src.title and src.url, e.id
        assert e.speaker_role
        assert (e.outlet or src.publisher)


def test_later_statements_cite_their_outlet(ledger: Ledger) -> None:
    later = [e for e in ledger.entries if not e.source.startswith("report_")]
    assert later, "the ledger should hold statements beyond the five reports"
    for e in later:
        assert source_catalogue()[e.source].url.startswith("https://"), e.id


def test_statement_dates() -> None:
    assert parse_statement_date("2025-02-12") == (date(2025, 2, 12), "day")
    assert parse_statement_date("2024-02") == (date(2024, 2, 29), "month")
    for bad in ("2025-02-30", "2025/02/12", "12-02-2025", "2025-2-1", ""):
        with pytest.raises(ValueError):
            parse_statement_date(bad)


HISTORY = """
entries:
  - id: old
    actor: USA
    speaker: Trump administration
    date: "2025-02-13"
    topic: us_backstop
    stance: opposes
    strength: preference
    quote: "minimal US involvement"
    source: report_000
  - id: month
    actor: USA
    speaker: Donald Trump
    date: "2025-08"
    topic: us_backstop
    stance: supports
    strength: preference
    quote: "We’ll be involved from the standpoint of backup."
    source: report_003
  - id: pref_same_day
    actor: USA
    speaker: Pete Hegseth
    date: "2025-02-12"
    topic: us_troops_in_protected_state
    stance: opposes
    strength: preference
    quote: "U.S. troops will not participate"
    quote_kind: reported
    source: report_004
  - id: red_same_day
    actor: USA
    speaker: Pete Hegseth
    date: "2025-02-12"
    topic: us_troops_in_protected_state
    stance: rejects
    strength: red_line
    quote: "there will not be U.S. troops deployed to Ukraine"
    source: report_002
"""


def test_latest_picks_the_latest_statement_as_of_a_date() -> None:
    led = parse_ledger(HISTORY, "history.yaml")
    key = ("USA", "us_backstop")
    assert key not in led.latest(date(2025, 2, 12))
    assert led.latest(date(2025, 2, 13))[key].id == "old"
    # a month-precision statement counts from the month's last day
    assert led.latest(date(2025, 8, 30))[key].id == "old"
    assert led.latest(date(2025, 8, 31))[key].id == "month"
    assert led.latest()[key].id == "month"
    assert [e.id for e in led.history(*key)] == ["old", "month"]


def test_same_day_red_line_outranks_preference() -> None:
    led = parse_ledger(HISTORY, "history.yaml")
    latest = led.latest(date(2025, 3, 1))
    assert latest[("USA", "us_troops_in_protected_state")].id == "red_same_day"


def test_bundled_us_backstop_position_changes_over_time(ledger: Ledger) -> None:
    feb = ledger.latest(date(2025, 3, 1))[("USA", "us_backstop")]
    sep = ledger.latest(date(2025, 9, 30))[("USA", "us_backstop")]
    assert feb.stance == "opposes" and sep.stance == "supports"


def test_select_filters(ledger: Ledger) -> None:
    rus = ledger.select(actor="RUS", as_of=date(2025, 3, 1))
    assert rus and all(e.actor == "RUS" and e.when <= date(2025, 3, 1) for e in rus)
    latest = ledger.select(topic="us_troops_in_protected_state", latest_only=True)
    assert [e.actor for e in latest] == ["USA"]


def test_cli_ledger_check_and_show() -> None:
    r = subprocess.run([sys.executable, "-m", "guarantor", "ledger", "check"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok:")
    r = subprocess.run([sys.executable, "-m", "guarantor", "ledger", "show", "--actor", "RUS",
                        "--as-of", "2025-03-01"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Lavrov" in r.stdout
    r = subprocess.run([sys.executable, "-m", "guarantor", "ledger", "show", "--actor", "XYZ"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "unknown actor" in r.stderr
