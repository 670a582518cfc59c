"""The root ``guarantor`` Typer app; command modules attach themselves to it."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="guarantor",
    help="Make a multinational security guarantee computable — every figure sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Tables and summaries go to stdout; errors go to stderr (see ``guarantor.cli.main``).
console = Console(width=140)
err_console = Console(stderr=True, width=200)
