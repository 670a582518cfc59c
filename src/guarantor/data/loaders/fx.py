"""US dollars per euro, annual averages: the ECB's reference rate, computed as the ECB does.

The ECB publishes one euro reference rate per currency each TARGET working day (series
``EXR.D.USD.EUR.SP00.A``); its annual series ``EXR.A.USD.EUR.SP00.A`` is the arithmetic mean of
that year's daily rates. The raw folder holds the ECB's own daily file (``eurofxref-hist.zip``),
so the annual averages are computed from it (:mod:`guarantor.data.loaders.ecb`) by
``guarantor data build``; only complete calendar years are kept.

References
----------
European Central Bank, "Euro foreign exchange reference rates", daily file
https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip ; annual averages: ECB Data Portal,
series EXR.A.USD.EUR.SP00.A.
"""

from __future__ import annotations

from typing import NamedTuple

#: Source id (``registry/sources/data.yaml``) and series ids of the rates.
SOURCE = "ecb_exr"
SERIES_DAILY = "EXR.D.USD.EUR.SP00.A"
SERIES_ANNUAL = "EXR.A.USD.EUR.SP00.A"


class FxRecord(NamedTuple):
    """One sourced annual average rate."""

    year: int
    usd_per_eur: float
    source: str
    locator: str


#: Why the other years are gaps.
GAP_REASON = (
    "no complete calendar year of ECB daily reference rates (EXR.D.USD.EUR.SP00.A) in the raw "
    "file for this year; the annual average (EXR.A.USD.EUR.SP00.A) is the mean of a whole year"
)
