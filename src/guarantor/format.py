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
from collections.abc import Mapping
from typing import Any

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


def json_safe(v: Any) -> Any:
    """``v`` made JSON-safe for the web app: NaN and infinity become None (unknown, never 0),
    numpy scalars Python numbers, mappings and sequences are walked.

    Examples
    --------
    >>> json_safe({"a": float("nan"), "b": (1, float("inf"))})
    {'a': None, 'b': [1, None]}
    """
    if isinstance(v, Mapping):
        return {str(k): json_safe(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [json_safe(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def sig3(x: float) -> str:
    """``x`` rounded to three significant figures, thousands separated, never '-0'.

    >>> sig3(0.0012345), sig3(166_667.0)
    ('0.00123', '167,000')
    """
    if x == 0:
        return "0"
    r = float(f"{x:.3g}")
    decimals = max(0, 2 - math.floor(math.log10(abs(r))))
    return no_negative_zero(f"{r:,.{decimals}f}")


def money3(x: object, missing: str = UNKNOWN) -> str:
    """Euros to three significant figures: '€43.0 bn', '€545 m', '€167,000'; unknown stays
    unknown (never '€nan' or '€0').

    Examples
    --------
    >>> money3(43_007_031_756.0)
    '€43.0 bn'
    >>> money3(545_000_000.0), money3(166_667.0), money3(-0.0), money3(float("nan"))
    ('€545 m', '€167,000', '€0', 'unknown')
    >>> money3(-5e9), money3(-1e-12)
    ('-€5.00 bn', '€0')
    """
    f = finite(x)
    if f is None:
        return missing
    a = abs(float(f"{f:.3g}"))
    sign = "-" if f < 0 and a >= 0.5 else ""
    if a < 0.5:  # less than a euro is nothing, and never '-€0'
        return "€0"
    if a >= 1e9:
        return f"{sign}€{sig3(a / 1e9)} bn"
    if a >= 1e6:
        return f"{sign}€{sig3(a / 1e6)} m"
    return f"{sign}€{sig3(a)}"


def pct3(x: object, missing: str = UNKNOWN) -> str:
    """A fraction as a percentage to at most three significant figures (0.00133 -> '0.133%')."""
    f = finite(x)
    if f is None:
        return missing
    return f"{sig3(100 * f)}%"
