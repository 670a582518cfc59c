"""The ``guarantor`` command: a thin shell over the library.

Every command parses its arguments, calls the API and prints or writes files. Any
:class:`~guarantor.errors.GuarantorError` becomes one readable line on stderr and exit code 2 —
never a traceback. Usage errors are Click's own (exit 2).
"""

from __future__ import annotations

import sys

from rich.markup import escape

from guarantor.cli.app import app, err_console
from guarantor.errors import GuarantorError

# Command modules register themselves on ``app`` when imported. isort is off for this block
# because the import order is the order commands appear in ``guarantor --help``.
# isort: off
from guarantor.cli import run_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import compare_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import apportion_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import data_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import demo_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import ingest_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import ledger_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import review_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import politics_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import timeline_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import report_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import uncertainty_cmd  # noqa: E402,F401  (registration)
from guarantor.cli import serve_cmd  # noqa: E402,F401  (registration)
# isort: on


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        app(args=argv, prog_name="guarantor")
    except GuarantorError as exc:
        err_console.print("[bold red]error:[/] " + escape(str(exc)), highlight=False,
                          soft_wrap=True)
        sys.exit(2)


__all__ = ["app", "main"]
