"""The troops table of ``guarantor run``: who sends how many, and the statement behind it."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from guarantor.cli.app import console
from guarantor.cli.common import term

#: One colour per basis, the same wherever the split is shown.
BASIS_STYLE = {"stated": "green", "assumed": "yellow", "overridden": "cyan"}


_QUOTE_MARKS = ' "“”'


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def print_troop_evidence(result: Any) -> None:
    """Headline split (stated / assumed / overridden) and one row per participant with troops
    offered or a stated position, naming the entry or override behind its figure."""
    c = result.contributions
    if c.empty or "basis" not in c:
        return
    t = c[c["item"] == "troops"]
    if t.empty:
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
    shown = t[(t["allocated"] > 0) | (t["stance"] != "none")]
    for r in shown.sort_values(["allocated", "capacity"], ascending=False).itertuples():
        pledged = getattr(r, "pledged", float("nan"))
        source = f" per {r.pledge_entry}" if getattr(r, "pledge_entry", "") else ""
        cap_note = (f" (pledge {pledged:,.0f}{source}, capped at capacity)"
                    if pledged == pledged and pledged > r.capacity else
                    (f" (pledge {pledged:,.0f}{source})" if pledged == pledged else ""))
        quote = r.quote.strip(_QUOTE_MARKS)
        said = f"{r.speaker}: “{_short(quote)}”" if quote else ""
        evidence = r.evidence + cap_note + (f" — {said}" if said else "")
        table.add_row(term(r.country), f"{r.allocated:,.0f}", f"{r.capacity:,.0f}",
                      f"[{BASIS_STYLE.get(r.basis, 'white')}]{r.basis}[/]",
                      escape(r.stance.replace("_", " ")), r.statement_date, escape(evidence))
    console.print(table)
    unstated = t[t["stance"] == "none"]
    if len(unstated):
        console.print(
            f"[dim]{len(unstated)} participant(s) with no stated position on troops as of "
            f"{as_of} (lever contributions.unstated.troops): "
            + ", ".join(unstated["country"]) + "[/]", highlight=False)
