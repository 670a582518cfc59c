"""Replaying the debate: each row is the arrangement evaluated as of that statement date."""

from __future__ import annotations

from datetime import date

from guarantor.engine import evaluate
from guarantor.politics.timeline import replay
from guarantor.scenario import load_scenario


def test_each_row_is_a_run_as_of_its_date():
    sc = load_scenario("aug2025")
    frame = replay(sc, since=date(2025, 2, 1), until=date(2025, 3, 31))
    assert list(frame["date"]) == sorted(frame["date"]) and len(frame) >= 5
    assert frame["date"].iloc[0] >= "2025-02-01" and frame["date"].iloc[-1] <= "2025-03-31"
    row = frame.iloc[len(frame) // 2]
    direct = evaluate(load_scenario("aug2025", {"as_of": row["date"]})).summary()
    assert row["troops_allocated"] == direct["troops_allocated"]
    assert row["troops_stated"] + row["troops_assumed"] + row["troops_overridden"] == \
        row["troops_allocated"]
    assert row["air_shortfall_units"] == direct["air_shortfall_units"]
    assert all(e for e in frame["entries"])


def test_the_debate_moves_the_answer():
    frame = replay(load_scenario("aug2025"), since=date(2025, 2, 1), until=date(2026, 1, 31))
    assert frame["troops_allocated"].nunique() > 3
    first, last = frame.iloc[0], frame.iloc[-1]
    assert first["troops_allocated"] < last["troops_allocated"]
