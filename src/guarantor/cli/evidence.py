"""The troops table of ``guarantor run``: who sends how many, and the statement behind it."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from guarantor.cli.common import term
from guarantor.cli.console import console

#: One colour per basis, the same wherever the split is shown.
BASIS_STYLE = {"stated": "green", "assumed": "yellow", "overridden": "cyan"}


_QUOTE_MARKS = ' "“”'


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _shown_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Largest allocation first, then largest capacity, NaN last, ties in registry order (the
    order of pandas' ``sort_values(["allocated", "capacity"], ascending=False)``)."""
    def key(r: dict[str, Any]) -> tuple[bool, float, bool, float]:
        a, c = float(r["allocated"]), float(r["capacity"])
        return (a != a, -a if a == a else 0.0, c != c, -c if c == c else 0.0)

    return sorted(rows, key=key)


def print_troop_evidence(result: Any, rows: list[dict[str, Any]] | None) -> None:
    """Headline split (stated / assumed / overridden) and one row per participant with troops
    offered or a stated position, naming the entry or override behind its figure.

    ``rows``: the troops rows of the contributions (one dict per participant, as
    :func:`guarantor.engine.result.column_rows` gives them); None or empty prints nothing.
    """
    if not rows:
        return
    split = result.troops_by_basis()
    total = sum(split.values())
    as_of = result.scenario.as_of.isoformat() if result.scenario.as_of else "latest"
    console.print(
        f"Reassurance force: {total:,.0f} troops allocated — "
        + " · ".join(f"[{BASIS_STYLE[b]}]{b} {v:,.0f}[/]" for b, v in split.items())
        + f" (positions as of {as_of}; source: {result.scenario.contributions.source})",
        highlight=False)
    table = Table(title="Troops in the protected state: what each participant's figure rests on")
    for col in ("country", "troops", "capacity", "basis", "position", "date", "evidence"):
        table.add_column(col, justify="right" if col in ("troops", "capacity") else "left",
                         overflow="fold")
    shown = [r for r in rows if r["allocated"] > 0 or r["stance"] != "none"]
    for r in _shown_order(shown):
        pledged = r.get("pledged", float("nan"))
        source = f" per {r['pledge_entry']}" if r.get("pledge_entry", "") else ""
        capacity = r["capacity"]
        cap_note = (f" (pledge {pledged:,.0f}{source}, capped at capacity)"
                    if pledged == pledged and pledged > capacity else
                    (f" (pledge {pledged:,.0f}{source})" if pledged == pledged else ""))
        quote = r["quote"].strip(_QUOTE_MARKS)
        said = f"{r['speaker']}: “{_short(quote)}”" if quote else ""
        evidence = r["evidence"] + cap_note + (f" — {said}" if said else "")
        table.add_row(term(r["country"]), f"{r['allocated']:,.0f}", f"{capacity:,.0f}",
                      f"[{BASIS_STYLE.get(r['basis'], 'white')}]{r['basis']}[/]",
                      escape(r["stance"].replace("_", " ")), r["statement_date"],
                      escape(evidence))
    console.print(table)
    unstated = [r for r in rows if r["stance"] == "none"]
    if len(unstated):
        console.print(
            f"[dim]{len(unstated)} participant(s) with no stated position on troops as of "
            f"{as_of} (lever contributions.unstated.troops): "
            + ", ".join(r["country"] for r in unstated) + "[/]", highlight=False)
