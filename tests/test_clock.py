"""One clock: every judgement that depends on a date takes it from the scenario (or ``--as-of``).

Nothing in the package reads the wall clock for a date, so the same scenario gives the same
output on any day.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from guarantor.politics.arrangement import default_as_of, judgement_date
from guarantor.politics.ledger import load_ledger
from guarantor.scenario import load_scenario

SRC = Path(__file__).resolve().parents[1] / "src" / "guarantor"
WALL_CLOCK = re.compile(r"\b(date\.today|datetime\.(now|utcnow|today)|time\.(localtime|gmtime|"
                        r"ctime|strftime))\s*\(")


def test_no_wall_clock_date_in_the_package() -> None:
    hits = [f"{p.relative_to(SRC)}:{i}: {line.strip()}"
            for p in sorted(SRC.rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if WALL_CLOCK.search(line)]
    assert not hits, "read the date from the scenario (judgement_date), not the clock:\n" + \
        "\n".join(hits)


def test_judgement_date_order() -> None:
    ledger = load_ledger()
    sc = load_scenario("aug2025")
    assert judgement_date(sc, ledger) == date(2025, 8, 26)  # the scenario's own date
    undated = sc.model_copy(update={"as_of": None})
    assert judgement_date(undated, ledger) == default_as_of(ledger)
    dated = load_scenario("aug2025", {"as_of": "2025-03-01"})
    assert judgement_date(dated, ledger) == date(2025, 3, 1)
    assert judgement_date(dated, ledger, date(2025, 1, 2)) == date(2025, 1, 2)
    assert dated.digest() != sc.digest()


def test_exports_do_not_carry_the_time_they_were_made() -> None:
    import time

    from guarantor.engine import evaluate

    r = evaluate(load_scenario("may2025"))
    first = r.xlsx_bytes()
    time.sleep(1.1)  # a workbook stamped with the wall clock would differ after a second
    assert r.xlsx_bytes() == first
