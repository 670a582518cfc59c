"""One palette and one wording for mission status: terminal, report, web and charts all use it.

A mission item is ``met``, ``short``, ``unknown`` (supply not sourced: shown with its bounds) or
``none required``. Analysts compare the CLI, the report and the web app side by side, so the same
status must read and look the same everywhere; colours are colour-blind-safe (Okabe-Ito) and
meet WCAG AA contrast as text on white.

Examples
--------
>>> STATUS_WORDS["unknown"]
'unknown'
>>> status_colour("short")
'#b2182b'
>>> status_colour("met"), status_rich("unknown")
('#1b7837', 'bold #8c6d00')
"""

from __future__ import annotations

from typing import Final

#: The words every output uses for each status (never 'SHORT', 'shortfall' or 'n/a' for one).
STATUS_WORDS: Final[dict[str, str]] = {
    s: s for s in ("none required", "met", "short", "unknown")
}

#: Hex colour per status (text and chart marks on a white background, WCAG AA >= 4.5:1).
STATUS_COLOURS: Final[dict[str, str]] = {
    "met": "#1b7837",
    "short": "#b2182b",
    "unknown": "#8c6d00",
    "none required": "#595959",
}

#: Colours of what a figure rests on (evidence basis): stated, assumed, overridden, unknown.
BASIS_COLOURS: Final[dict[str, str]] = {
    "stated": "#1b7837",
    "assumed": "#8c6d00",
    "overridden": "#2166ac",
    "unknown": "#595959",
    "shortfall": "#b2182b",
}


def status_colour(status: str) -> str:
    """Hex colour of ``status`` (a key of :data:`STATUS_WORDS`, the same list as
    ``data.vocabulary.MISSION_STATUSES``); a KeyError names any other."""
    return STATUS_COLOURS[status]


def status_rich(status: str) -> str:
    """Rich style for ``status`` in the terminal: the same colour, bold."""
    return f"bold {STATUS_COLOURS[status]}"
