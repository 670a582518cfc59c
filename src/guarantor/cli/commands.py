"""The root ``guarantor`` Typer app; command modules attach themselves to it.

Built only when a command other than a plain run is asked for (see :mod:`guarantor.cli`):
importing this module imports Typer. The terminals are :mod:`guarantor.cli.console`'s, named
here too so that a command module imports ``app`` and ``console`` from one place.
"""

from __future__ import annotations

import typer

from guarantor.cli.console import console, err_console

__all__ = ["app", "console", "err_console"]

app = typer.Typer(
    name="guarantor",
    help="Make a multinational security guarantee computable — every figure sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
