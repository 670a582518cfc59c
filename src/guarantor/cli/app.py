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
#: ``emoji=False``: text is shown as typed, as :func:`guarantor.cli.common.term` promises (a
#: quote, title or file name holding ``:thumbs_up:`` is not turned into a picture), and no
#: printed line is scanned for emoji codes.
console = Console(width=140, emoji=False)
err_console = Console(stderr=True, width=200, emoji=False)
