"""``guarantor ledger ...``: validate a positions ledger, show statements, list topics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from guarantor.cli.app import app, console
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
    from rich.markup import escape
    from rich.table import Table

    from guarantor.data.sources import source_catalogue
    from guarantor.politics.actors import actors
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
        t.add_row(e.date, e.actor, e.topic, f"{e.stance} ({e.strength})", escape(quote),
                  escape(f"{e.speaker}, {e.speaker_role}; {outlet} [{e.source}]"))
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
