"""The one closed list of units that every bundled number, parameter and output uses.

Money names its currency and price base; shares are fractions in 0..1 (never percent);
counts say what they count.
"""

from __future__ import annotations

from typing import Literal, get_args

Unit = Literal[
    # money
    "USD_current",
    "EUR_current",
    "USD_2024",
    "EUR_2024",
    "USD_2015",
    "USD_per_EUR",
    "EUR_per_person_year",
    "EUR_per_flight_hour",
    "EUR_per_aircraft_year",
    "EUR_per_battery_year",
    "EUR_per_radar_year",
    # fractions
    "share",
    "share_per_year",
    # counts
    "persons",
    "aircraft",
    "batteries",
    "radars",
    "stations",
    "countries",
    # time and ratios
    "hours",
    "hours_per_year",
    "years",
    "year",
    "ratio",
]

UNITS: tuple[str, ...] = get_args(Unit)

#: Units whose values are fractions in 0..1.
SHARE_UNITS: frozenset[str] = frozenset({"share"})
#: Units not range-checked: money levels, and growth rates (which may be negative).
UNCHECKED_UNITS: frozenset[str] = frozenset(
    {"USD_current", "EUR_current", "USD_2024", "EUR_2024", "USD_2015", "share_per_year"}
)
#: Units whose values must not be negative: counts, unit costs, time, ratios, exchange rates.
NONNEGATIVE_UNITS: frozenset[str] = frozenset(UNITS) - SHARE_UNITS - UNCHECKED_UNITS


def check_unit(unit: str) -> str:
    """Return ``unit`` if it is in the closed list, else raise ``ValueError`` naming the list."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; allowed: {', '.join(UNITS)}")
    return unit
