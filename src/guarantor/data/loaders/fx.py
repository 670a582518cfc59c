"""US dollars per euro, annual averages, as published by the Federal Reserve Board (G.5A).

These figures are not in the raw folder; they are transcribed from the publisher's annual
release, each with the release it is read from (source id in ``registry/sources/data.yaml``) and
the row/column it sits in. Years not covered by a release we could cite are left as gaps.

References
----------
Board of Governors of the Federal Reserve System, Statistical Release G.5A "Foreign Exchange
Rates (Annual)", row "EMU MEMBERS / EURO" (US dollars per euro; averages of daily noon buying
rates in New York certified by the Federal Reserve Bank of New York).
"""

from __future__ import annotations

from typing import NamedTuple


class FxRecord(NamedTuple):
    """One sourced annual average rate."""

    year: int
    usd_per_eur: float
    source: str
    locator: str


_ROW = "row '*EMU MEMBERS EURO' (US dollars per euro), column"

#: Published annual averages [USD_per_EUR].
USD_PER_EUR: tuple[FxRecord, ...] = (
    FxRecord(2014, 1.3297, "fed_g5a_2016", f"{_ROW} 2014"),
    FxRecord(2015, 1.1096, "fed_g5a_2016", f"{_ROW} 2015"),
    FxRecord(2017, 1.1301, "fed_g5a_2021", f"{_ROW} 2017"),
    FxRecord(2018, 1.1817, "fed_g5a_2021", f"{_ROW} 2018"),
    FxRecord(2019, 1.1194, "fed_g5a_2021", f"{_ROW} 2019"),
    FxRecord(2020, 1.1410, "fed_g5a_2024", f"{_ROW} 2020"),
    FxRecord(2021, 1.1830, "fed_g5a_2024", f"{_ROW} 2021"),
    FxRecord(2022, 1.0534, "fed_g5a_2024", f"{_ROW} 2022"),
    FxRecord(2023, 1.0817, "fed_g5a_2024", f"{_ROW} 2023"),
)

#: Why the other years are gaps.
GAP_REASON = (
    "no G.5A (or ECB) annual average for this year could be retrieved and cited when the snapshot "
    "was built; add the published value to guarantor/loaders/fx.py with its release"
)
