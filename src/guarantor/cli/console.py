"""The command line's two terminals: tables and summaries on stdout, errors on stderr.

Kept apart from the Typer app (:mod:`guarantor.cli.commands`) so that printing a result and
reporting an error need Rich only: the plain run's fast path (:mod:`guarantor.cli.plain`) prints
through these without Typer.
"""

from __future__ import annotations

from rich.console import Console

__all__ = ["console", "err_console"]

#: Tables and summaries go to stdout; errors go to stderr (see ``guarantor.cli.main``).
#: ``emoji=False``: text is shown as typed, as :func:`guarantor.cli.common.term` promises (a
#: quote, title or file name holding ``:thumbs_up:`` is not turned into a picture), and no
#: printed line is scanned for emoji codes.
console = Console(width=140, emoji=False)
err_console = Console(stderr=True, width=200, emoji=False)
