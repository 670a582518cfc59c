"""One formatter for numbers, money, shares and units: CLI, report and web all use it.

Unknown is a state, not a number: ``None``, NaN and infinity print as :data:`UNKNOWN`, never
as 0. A value that rounds to zero never prints as ``-0``.

Examples
--------
>>> number(30000.0)
'30,000'
>>> number(-0.0), number(-0.004, 2)
('0', '0.00')
>>> money(41.89e9)
'€41.89 bn'
>>> share(0.00132, 3)
'0.132%'
>>> amount(float("nan"), "persons")
'unknown'
>>> amount(4.19e9, "EUR_current")
'€4.19 bn'
"""

from __future__ import annotations

import math
import re

#: How every output shows a value that could not be sourced or computed.
UNKNOWN = "unknown"

_NEG_ZERO = re.compile(r"^-(?=[0.,]*$)")


def finite(x: object) -> float | None:
    """``x`` as a float (never -0.0), or None when it is missing, not a number, NaN or infinite.

    Examples
    --------
    >>> finite("3"), finite(None), finite(float("inf"))
    (3.0, None, None)
    """
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f + 0.0 if math.isfinite(f) else None


def no_negative_zero(text: str) -> str:
    """Drop the sign of a formatted zero ('-0', '-0.00' -> '0', '0.00').

    Examples
    --------
    >>> no_negative_zero("-0.00"), no_negative_zero("-0.01")
    ('0.00', '-0.01')
    """
    return _NEG_ZERO.sub("", text)


def number(x: object, digits: int = 0, missing: str = UNKNOWN) -> str:
    """A count or plain number with thousands separators and ``digits`` decimals."""
    f = finite(x)
    return missing if f is None else no_negative_zero(f"{f:,.{digits}f}")


def money(x: object, digits: int = 2, missing: str = UNKNOWN) -> str:
    """Euros in billions: '€1.23 bn'."""
    f = finite(x)
    return missing if f is None else f"€{no_negative_zero(f'{f / 1e9:,.{digits}f}')} bn"


def billions(x: object, digits: int = 2, missing: str = UNKNOWN) -> str:
    """A number in billions, for columns whose header names the unit ('€bn'): 1.5e9 -> '1.50'."""
    f = finite(x)
    return missing if f is None else number(f / 1e9, digits)


def share(x: object, digits: int = 2, missing: str = UNKNOWN, suffix: str = "%") -> str:
    """A fraction as a percentage: 0.0132 -> '1.32%' (``suffix=""`` for percentage points)."""
    f = finite(x)
    return missing if f is None else no_negative_zero(f"{100 * f:.{digits}f}") + suffix


def amount(x: object, unit: str = "", missing: str = UNKNOWN) -> str:
    """A value in its unit: money (``EUR...``) in billions, shares as %, anything else a count."""
    if unit.startswith("EUR"):
        return money(x, missing=missing)
    if unit == "share" or unit.endswith("_share"):
        return share(x, missing=missing)
    return number(x, missing=missing)


def zero_sign(x: float) -> float:
    """``x`` with a negative zero made positive (``-0.0`` never reaches an output).

    Examples
    --------
    >>> zero_sign(-0.0), zero_sign(-1.5)
    (0.0, -1.5)
    """
    return x + 0.0
