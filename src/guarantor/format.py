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

Money always says its price basis: the engine's figures are constant euros of one base year
(``EUR_2024``, :mod:`guarantor.data.prices`), a nominal figure is ``EUR_current``. One place
words it: :func:`basis_label` ('2024 prices'), :func:`money_heading` for a column, and
:func:`money_with_basis` / :func:`money_html` for one figure. Three significant figures
(:func:`money3`, :func:`pct3`, :func:`sig3`) in every shell: the inputs support no more.

>>> money_with_basis(43_607_000_000.0, "EUR_2024")
'€43.6 bn (2024 prices)'
>>> money_heading("cost a year", "EUR_2024 per year", scale="bn")
'cost a year, €bn (2024 prices)'
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
    """A value in its unit: money (``EUR...``) to three significant figures ('€43.6 bn'; its
    basis goes in the heading or beside it, :func:`money_heading`), shares as %, anything
    else a count."""
    if unit.startswith("EUR"):
        return money3(x, missing=missing)
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


# --------------------------------------------------------------------------- money basis

#: Each money basis a figure can have, as a unit names it (``EUR_2024``, ``EUR_current``).
_BASIS = re.compile(r"^(EUR|USD)_(\d{4}|current)\b")
#: The attribute and class that mark a money figure in HTML (tests find figures by them).
MONEY_CLASS = "money"


def basis_of(unit: str) -> str | None:
    """The price basis a unit names ('EUR_2024 per year' -> 'EUR_2024'), or None if it names
    none (a bare 'EUR' is not a basis: the caller must say which).

    Examples
    --------
    >>> basis_of("EUR_2024 per year"), basis_of("EUR_current"), basis_of("EUR"), basis_of("persons")
    ('EUR_2024', 'EUR_current', None, None)
    """
    m = _BASIS.match(str(unit))
    return None if m is None else f"{m.group(1)}_{m.group(2)}"


def _basis_parts(basis: str) -> tuple[str, str]:
    m = _BASIS.match(str(basis))
    if m is None:
        raise ValueError(f"unknown money basis {basis!r}; allowed: EUR_<year>, EUR_current, "
                         "USD_<year>, USD_current")
    return m.group(1), m.group(2)


def basis_label(basis: str) -> str:
    """The short words for a basis, as every shell prints it beside money.

    Examples
    --------
    >>> basis_label("EUR_2024"), basis_label("EUR_current per year"), basis_label("USD_2024")
    ('2024 prices', 'current prices', '2024 prices')

    The currency is the figure's sign (€, US$); the label says only whose prices.
    """
    _, year = _basis_parts(basis)
    return "current prices" if year == "current" else f"{year} prices"


def basis_words(basis: str) -> str:
    """The long words for a basis, for captions and tooltips.

    Examples
    --------
    >>> basis_words("EUR_2024"), basis_words("EUR_current")
    ('constant 2024 euros', 'current euros (nominal, each year its own prices)')
    """
    cur, year = _basis_parts(basis)
    money_word = "euros" if cur == "EUR" else "US dollars"
    if year == "current":
        return f"current {money_word} (nominal, each year its own prices)"
    return f"constant {year} {money_word}"


def money_heading(label: str, basis: str, scale: str = "") -> str:
    """A column heading or axis title for money of ``basis``: the label, the unit and the
    basis ('cost, €bn (2024 prices)'); ``scale`` is '' (euros as formatted by :func:`money3`),
    'bn' or 'm'.

    Examples
    --------
    >>> money_heading("aid a year", "EUR_2024"), money_heading("", "EUR_current", "bn")
    ('aid a year, € (2024 prices)', '€bn (current prices)')
    >>> money_heading("GDP", "USD_current", "bn")
    'GDP, US$bn (current prices)'

    """
    cur, _ = _basis_parts(basis)
    unit = f"{'€' if cur == 'EUR' else 'US$'}{scale} ({basis_label(basis)})"
    return f"{label}, {unit}" if label else unit


def money_with_basis(x: object, basis: str, missing: str = UNKNOWN, per: str = "") -> str:
    """One money figure to three significant figures with its basis beside it, for running
    text: '€43.6 bn (2024 prices)', with ``per=" a year"`` '€43.6 bn a year (2024 prices)';
    unknown stays unknown."""
    text = money3(x, missing=missing)
    return text if finite(x) is None else f"{text}{per} ({basis_label(basis)})"


def money_html(x: object, basis: str, missing: str = UNKNOWN, *, inline: bool = False,
               per: str = "") -> str:
    """One money figure as HTML, marked as money of ``basis``: ``<span class="money"
    data-basis="EUR_2024" title="constant 2024 euros">€43.6 bn</span>``. With ``inline`` the
    basis words follow the figure (and ``per``, e.g. ' a year'; running text); without, the
    table heading carries them.

    Examples
    --------
    >>> money_html(5e8, "EUR_2024")
    '<span class="money" data-basis="EUR_2024" title="constant 2024 euros">€500 m</span>'
    >>> money_html(5e8, "EUR_2024", inline=True)[-28:]
    '>€500 m (2024 prices)</span>'
    """
    b = "_".join(_basis_parts(basis))
    f = finite(x)
    if f is None:
        return missing
    text = money_with_basis(f, b, per=per) if inline else money3(f) + per
    return (f'<span class="{MONEY_CLASS}" data-basis="{b}" title="{basis_words(b)}">'
            f"{text}</span>")


def unit_words(unit: str) -> str:
    """A unit as a reader sees it after a figure: money says its basis ('EUR_2024 per year'
    -> 'a year (2024 prices)', so '€43.6 bn a year (2024 prices)'); other units as they are.

    Examples
    --------
    >>> unit_words("EUR_2024 per year"), unit_words("EUR_current"), unit_words("aircraft")
    ('a year (2024 prices)', '(current prices)', 'aircraft')
    """
    b = basis_of(unit)
    if b is None:
        return unit
    per = "a year " if "per year" in unit else ""
    return f"{per}({basis_label(b)})"


def unit_heading(unit: str) -> str:
    """A unit column's cell: money with its basis ('€ a year (2024 prices)'), else the unit.

    Examples
    --------
    >>> unit_heading("EUR_2024 per year"), unit_heading("persons")
    ('€ a year (2024 prices)', 'persons')
    """
    return unit if basis_of(unit) is None else f"€ {unit_words(unit)}"
