"""Rules shared by every quoted, dated statement (positions ledger and contribution positions).

A statement's ``date`` is ``YYYY-MM-DD`` or, when the source allows no better, ``YYYY-MM``; a
month-precision date takes effect on the month's last day, so it never counts before it could
have been made. A quote is verbatim, one sentence at most, at most :data:`MAX_QUOTE_CHARS`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, Literal

#: Longest quote accepted (characters); quotes are one sentence at most.
MAX_QUOTE_CHARS = 300

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# A sentence ends, then another begins: ". The", "? It", ".” He" ... (abbreviations like "U.S."
# are not followed by a space and a capital, so they do not split).
SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bDr)(?<!\bSt)[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")


def parse_statement_date(text: str) -> tuple[date, Literal["day", "month"]]:
    """Effective date and precision of a statement's ``date`` string.

    >>> parse_statement_date("2025-02-12")
    (datetime.date(2025, 2, 12), 'day')
    >>> parse_statement_date("2025-08")
    (datetime.date(2025, 8, 31), 'month')
    """
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"malformed date {text!r}; allowed: YYYY-MM-DD or YYYY-MM")
    year, month = int(m.group(1)), int(m.group(2))
    try:
        if m.group(3):
            return date(year, month, int(m.group(3))), "day"
        return date(year, month, calendar.monthrange(year, month)[1]), "month"
    except ValueError as exc:
        raise ValueError(
            f"malformed date {text!r} ({exc}); allowed: YYYY-MM-DD or YYYY-MM") from None


def check_quote(text: str) -> str:
    """The quote with its whitespace normalised; ValueError when too long or over one sentence.

    >>> check_quote("We  will.")
    'We will.'
    """
    v = " ".join(text.split())
    if len(v) > MAX_QUOTE_CHARS:
        raise ValueError(f"quote is {len(v)} characters; allowed: at most {MAX_QUOTE_CHARS}")
    if SENTENCE_BREAK.search(v):
        raise ValueError("quote has more than one sentence; allowed: one sentence at most")
    return v


def date_text(value: Any) -> Any:
    """A statement's date as text, checked: a YAML date becomes ``YYYY-MM-DD``; a malformed one
    raises ValueError (for pydantic validators of every statement model)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        parse_statement_date(value)
    return value


def known_actor(value: str) -> str:
    """``value`` if it is a registry country or an organisation of the actors registry."""
    from guarantor.data.actors import actors

    reg = actors()
    if not reg.is_actor(value):
        orgs = ", ".join(reg.organisations)
        raise ValueError(f"unknown actor {value!r}; allowed: a registry country code (ISO3, e.g. "
                         f"USA, GBR) or an organisation ({orgs})")
    return value
