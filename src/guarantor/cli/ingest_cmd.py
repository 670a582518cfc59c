"""``guarantor ingest FILE...``: quotes table and draft ledger entries; ``--evaluate KEY``."""

import re
from pathlib import Path

import typer

from guarantor.cli.commands import app, console
from guarantor.errors import IngestError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@app.command("ingest")
def ingest(
    files: list[Path] = typer.Argument(
        ..., help="Article files (.txt or .html), one article each."),
    source: str | None = typer.Option(None, "--source", help="Outlet that published the articles."),
    date: str | None = typer.Option(None, "--date", help="Publication date, YYYY-MM-DD."),
    out: Path | None = typer.Option(None, "--out", help="Write draft ledger entries (YAML) here."),
    evaluate: Path | None = typer.Option(
        None, "--evaluate", help="Answer key (YAML): score quotes, speakers and positions."
    ),
    removed: bool = typer.Option(False, "--removed", help="Also list what cleaning removed."),
    split: str = typer.Option(
        "all", "--split", help="With --evaluate: score the dev or test part of the key, or all."),
    errors: bool = typer.Option(
        False, "--errors", help="With --evaluate: list every miss and mistake."),
    quiet: bool = typer.Option(False, "--quiet", help="No quotes table."),
    speakers: str = typer.Option(
        "learned", "--speakers",
        help="Who says each quote: 'learned' (the learned choice among the rules' candidates) "
             "or 'rules' (the rules alone)."),
) -> None:
    """Find quotes, speakers and positions in articles; propose UNREVIEWED ledger entries."""
    from rich.markup import escape
    from rich.table import Table

    from guarantor.ingest import Article, ingest_file
    from guarantor.ingest.output import render_drafts, write_atomic

    if split not in ("all", "dev", "test"):
        raise IngestError("unknown split", key="--split", value=split, allowed="all, dev, test")
    if speakers not in ("learned", "rules"):
        raise IngestError("unknown speaker reader", key="--speakers", value=speakers,
                          allowed="learned, rules")
    if date is not None and not _DATE.match(date):
        raise IngestError("malformed --date", key="--date", value=date, allowed="YYYY-MM-DD")
    key = None
    if evaluate is not None:
        from guarantor.ingest.evaluate import load_key

        key = load_key(evaluate)
    articles: dict[str, Article] = {}
    drafts: list[dict[str, object]] = []
    table = Table("file", "#", "speaker", "actor", "conf", "quote", "outlet", show_lines=False)
    for path in files:
        art = ingest_file(path, outlet=source, date=date, speakers=speakers)
        articles[path.name] = art
        drafts.extend(art.drafts())
        drafts.extend(art.contribution_drafts())
        for i, q in enumerate(art.quotes, 1):
            text = q.text if len(q.text) <= 90 else q.text[:87] + "..."
            table.add_row(
                escape(path.name), str(i), escape(q.speaker or "?"), q.actor or "",
                f"{q.confidence:.2f}", escape(text), escape(q.outlet or ""),
            )
        if removed:
            for r in art.cleaned.removed:
                shown = r.text if len(r.text) <= 80 else r.text[:77] + "..."
                console.print(f"[dim]{escape(path.name)}: removed {r.kind} ({r.reason}): "
                              f"{escape(shown)}[/]", highlight=False)
    if not quiet:
        console.print(table)
    n_quotes = sum(len(a.quotes) for a in articles.values())
    n_statements = sum(len(a.statements) for a in articles.values())
    console.print(
        f"{len(articles)} article(s): {n_quotes} direct quotes, {n_statements} indirect "
        f"statements, {len(drafts)} draft ledger entries (unreviewed)",
        highlight=False,
    )
    if out is not None:
        write_atomic(out, render_drafts(drafts))
        console.print(f"wrote {len(drafts)} draft entries to {out}", highlight=False)
    elif drafts and key is None:
        console.print("(use --out drafts.yaml to write the draft entries)", highlight=False)
    if key is not None:
        from guarantor.ingest.evaluate import score

        result = score(key, articles, split=split)
        # Articles and the soft span F1, then the strict/lenient table.
        for line in [*result.lines()[:2], *result.report()[1:]]:
            console.print(line, highlight=False)
        if errors:
            for line in result.errors:
                console.print(escape(line), highlight=False)
        if result.misses:
            console.print(f"not given (skipped): {', '.join(result.misses)}", highlight=False)
