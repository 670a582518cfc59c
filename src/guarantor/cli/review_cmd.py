"""``guarantor ledger review DRAFTS``: accept, edit or reject draft entries proposed by ingest."""

import sys
from pathlib import Path

import typer

from guarantor.cli.commands import console
from guarantor.cli.ledger_cmd import ledger_app


@ledger_app.command("review")
def review_cmd(
    drafts: Path = typer.Argument(..., help="Drafts file written by `guarantor ingest --out`."),
    accept: list[str] = typer.Option([], "--accept", help="Accept this draft id (repeatable)."),
    reject: list[str] = typer.Option([], "--reject", help="Reject this draft id (repeatable)."),
    edit: list[str] = typer.Option(
        [], "--set", help="Edit an accepted draft: ID:field=value (repeatable; value=null drops)."),
    accept_all: bool = typer.Option(False, "--accept-all", help="Accept every draft not rejected."),
    ledger: Path | None = typer.Option(
        None, "--ledger", help="Positions ledger that receives accepted statements "
        "(default: the bundled one)."),
    contributions: Path | None = typer.Option(
        None, "--contributions", help="Contribution ledger file that receives accepted "
        "contribution drafts."),
) -> None:
    r"""Review drafts: accepted ones are validated and appended to the ledger (atomically).

    Without --accept/--reject/--accept-all and on a terminal, asks for each draft:
    \[a]ccept, \[e]dit then accept, \[r]eject or \[s]kip.
    """
    from guarantor.ingest.review import read_drafts, review
    from guarantor.politics.ledger import default_ledger_path

    accept, reject, edit = list(accept), list(reject), list(edit)
    if not (accept or reject or accept_all) and sys.stdin.isatty():
        for d in read_drafts(drafts):
            console.print({k: v for k, v in d.items() if v is not None}, highlight=False)
            choice = typer.prompt("[a]ccept / [e]dit / [r]eject / [s]kip", default="s")
            if choice.startswith("e"):
                while True:
                    pair = typer.prompt("field=value (empty to finish)", default="")
                    if not pair:
                        break
                    edit.append(f"{d['id']}:{pair}")
                accept.append(str(d["id"]))
            elif choice.startswith("a"):
                accept.append(str(d["id"]))
            elif choice.startswith("r"):
                reject.append(str(d["id"]))
    result = review(drafts, positions_ledger=ledger or default_ledger_path(),
                    contributions_ledger=contributions, accept=accept, reject=reject,
                    edits=edit, accept_all=accept_all)
    for path, ids in result.accepted.items():
        console.print(f"accepted {len(ids)} into {path}: {', '.join(ids)}", highlight=False)
    console.print(f"rejected {len(result.rejected)}; {result.remaining} draft(s) left in {drafts}",
                  highlight=False)
