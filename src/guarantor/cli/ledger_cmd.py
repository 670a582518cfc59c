"""``guarantor ledger ...``: validate a positions ledger, show statements, list topics."""

from datetime import date
from pathlib import Path

import typer

from guarantor.cli.commands import app, console
from guarantor.cli.common import term
from guarantor.errors import LedgerError

ledger_app = typer.Typer(
    help="Validate and browse the positions ledger (quoted, sourced statements).")
app.add_typer(ledger_app, name="ledger")


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LedgerError("malformed --as-of date", key="--as-of", value=text,
                          allowed="YYYY-MM-DD") from None


@ledger_app.command("check")
def check(
    file: Path | None = typer.Argument(None, help="Ledger YAML file (default: the bundled one)."),
) -> None:
    """Validate a ledger file; print a one-line summary or a located error (exit 2)."""
    from guarantor.politics.ledger import load_ledger

    led = load_ledger(file)
    console.print(
        f"ok: {led.file}: {len(led)} entries, {len(led.actors)} actors, {len(led.topics)} topics",
        highlight=False,
    )


@ledger_app.command("show")
def show(
    actor: str | None = typer.Option(
        None, "--actor", help="Actor id (ISO3 or EU, NATO, EUROPE...)."),
    topic: str | None = typer.Option(
        None, "--topic", help="Topic id (see `guarantor ledger topics`)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Only statements made by this date (YYYY-MM-DD)."),
    latest: bool = typer.Option(
        False, "--latest", help="Only the latest statement per actor x topic."),
    file: Path | None = typer.Option(
        None, "--file", help="Ledger YAML file (default: the bundled one)."),
) -> None:
    """List ledger statements, optionally filtered, with quote, speaker, outlet and date."""
    from rich.table import Table

    from guarantor.data.actors import actors
    from guarantor.data.sources import source_catalogue
    from guarantor.politics.ledger import load_ledger
    from guarantor.politics.topics import topic_registry

    if actor is not None and not actors().is_actor(actor):
        raise LedgerError("unknown actor", key="--actor", value=actor,
                          allowed="a registry ISO3 code or " + ", ".join(actors().organisations))
    if topic is not None and topic not in topic_registry():
        raise LedgerError("unknown topic", key="--topic", value=topic,
                          allowed=", ".join(topic_registry().ids))
    led = load_ledger(file)
    cat = source_catalogue()
    rows = led.select(actor=actor, topic=topic, as_of=_as_of(as_of), latest_only=latest)
    t = Table("date", "actor", "topic", "stance", "quote", "speaker; outlet [source]",
              show_lines=True, header_style="bold")
    for e in rows:
        outlet = e.outlet or cat[e.source].publisher
        quote = f"“{e.quote}”" if e.quote_kind == "direct" else f"(reported) {e.quote}"
        t.add_row(term(e.date), term(e.actor), term(e.topic), f"{e.stance} ({e.strength})",
                  term(quote), term(f"{e.speaker}, {e.speaker_role}; {outlet} [{e.source}]"))
    console.print(t)
    console.print(f"{len(rows)} statement(s)", highlight=False)


@ledger_app.command("topics")
def topics() -> None:
    """List the topic registry: id, question, how a scenario resolves it."""
    from rich.table import Table

    from guarantor.politics.topics import topic_registry

    t = Table("id", "type", "question", "resolves", show_lines=True, header_style="bold")
    for tp in topic_registry().topics:
        t.add_row(tp.id, tp.value_type, tp.question, tp.resolves)
    console.print(t)


#: One-word cell text per stance (the full words are in the legend and in --json).
_STANCE_CELL = {"will_contribute": "yes", "conditional": "if", "only_outside": "outside",
                "will_not": "no", "no_stated_position": "none found"}


@ledger_app.command("coverage")
def coverage_cmd(
    scenario: str = typer.Option(
        "aug2025", "--scenario", help="Whose participants to list (bundled name or YAML path)."),
    case: str = typer.Option("ukraine", "--case", help="Case (protected state) of the positions."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Positions known by this date (YYYY-MM-DD; default: all)."),
    mission: list[str] = typer.Option(
        None, "--mission", help="Only these missions (repeatable; default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Per country and mission: the latest stated contribution position, its date and source;
    then the cells with no entry at all."""
    import json

    from rich.markup import escape
    from rich.table import Table

    from guarantor.data.contributions import MISSIONS, STANCES, coverage, load_contributions
    from guarantor.data.countries import registry
    from guarantor.scenario import load_scenario

    missions = tuple(mission) if mission else MISSIONS
    bad = [m for m in missions if m not in MISSIONS]
    if bad:
        raise LedgerError("unknown mission", key="--mission", value=bad[0],
                          allowed=", ".join(MISSIONS))
    countries = load_scenario(scenario).participant_codes()
    rows = coverage(load_contributions(), countries, case=case, as_of=_as_of(as_of),
                    missions=missions)
    missing = [(r["country"], r["mission"]) for r in rows if r["stance"] is None]
    if as_json:
        print(json.dumps({"case": case, "as_of": as_of, "scenario": scenario, "positions": rows,
                          "no_entry": [{"country": c, "mission": m} for c, m in missing]},
                         ensure_ascii=False, indent=2))
        return
    reg = registry()
    table = Table(title=f"Contribution positions, case {case}, as of {as_of or 'latest'}: "
                        "stance (date)", title_justify="left")
    table.add_column("country")
    for m in missions:
        table.add_column(m.replace("_", " "), overflow="fold")
    by = {(r["country"], r["mission"]): r for r in rows}
    for iso in countries:
        cells = []
        for m in missions:
            r = by[(iso, m)]
            cells.append("—" if r["stance"] is None
                         else f"{_STANCE_CELL[r['stance']]} ({r['date']})")
        table.add_row(term(reg[iso].name), *cells)
    console.print(table)
    console.print("legend: " + "; ".join(f"{_STANCE_CELL[k]} = {v}" for k, v in STANCES.items())
                  + "; — = no entry", highlight=False)
    stated = [r for r in rows if r["stance"] not in (None, "no_stated_position")]
    console.print(f"{len(stated)} of {len(rows)} country x mission cells hold a stated position; "
                  f"{len(missing)} have no entry.", highlight=False)
    land = [r for r in rows if r["mission"] == "land_in_protected_state"]
    if land:
        src = Table(title="Land forces in the protected state: the entry behind each stance",
                    title_justify="left")
        for col in ("country", "stance", "date", "speaker", "quote", "source"):
            src.add_column(col, overflow="fold")
        for r in land:
            if r["stance"] is None:
                continue
            src.add_row(term(reg[r["country"]].name), STANCES[r["stance"]]
                        + (f" ({r['condition']})" if r["condition"] else ""), r["date"] or "",
                        term(r["speaker"] or ""),
                        escape(r["quote"] or "no public position found"),
                        escape(f"{r['publisher']}, {r['url']}" if r["url"] else ""))
        console.print(src)
    if missing:
        console.print("no entry: " + ", ".join(f"{c}/{m}" for c, m in missing), highlight=False)
