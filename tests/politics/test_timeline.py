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


def test_monthly_replay_is_each_months_last_row_of_the_daily_one():
    sc = load_scenario("aug2025")
    window = dict(since=date(2025, 2, 1), until=date(2025, 4, 30))
    daily = replay(sc, **window)
    monthly = replay(sc, monthly=True, **window)
    last = daily.assign(month=daily["date"].str[:7]).groupby("month").tail(1)
    assert list(monthly["date"]) == list(last["date"]) and len(monthly) == 3
    cols = ["troops_allocated", "troops_stated", "troops_assumed", "troops_shortfall",
            "air_shortfall_units", "aid_shortfall_eur"]
    assert monthly[cols].to_dict("records") == last[cols].to_dict("records")
    # a month's row names every entry stated that month
    feb = [e for d, es in zip(daily["date"], daily["entries"], strict=True)
           if d.startswith("2025-02") for e in es.split(", ")]
    assert monthly["entries"].iloc[0].split(", ") == feb
