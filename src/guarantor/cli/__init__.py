"""The ``guarantor`` command: a thin shell over the library.

Every command parses its arguments, calls the API and prints or writes files. Any
:class:`~guarantor.errors.GuarantorError` becomes one readable line per problem on stderr and
its exit code (2 for bad input, 1 for an output that could not be written) — never a
traceback. An operating-system error that escaped the library (a write refused) is one line
and exit 1. Usage errors are Click's own (exit 2).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any


@contextmanager
def _imports_without_collection() -> Iterator[None]:
    """Import the command modules with the cyclic garbage collector paused, then freeze what
    they made.

    Importing NumPy, pydantic, Rich, Typer and the package creates some 80,000
    long-lived objects (modules, classes, schemas), and the collector walked all of them again
    at every full collection it started meanwhile: about a tenth of a plain ``guarantor run``.
    None of them is garbage, so the collector is paused while they are made, and
    :func:`gc.freeze` then moves them out of its view for the rest of the process (collection
    itself stays on for what the commands allocate). The collector's previous state comes back
    even when an import fails.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


# The command line uses no pydantic plugin, and looking for plugins reads the entry points of
# every installed distribution when the first validator is built (about 5% of a plain run).
# A user who does want plugins here sets PYDANTIC_DISABLE_PLUGINS themselves (setdefault).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

with _imports_without_collection():
    from guarantor.cli.common import term  # noqa: E402  (after the line above)
    from guarantor.cli.console import err_console  # noqa: E402
    from guarantor.errors import GuarantorError  # noqa: E402

if TYPE_CHECKING:
    from typer import Typer

    app: Typer  # built on first use (module ``__getattr__`` below)


def _typer_app() -> Typer:
    """The Typer app with every command registered (imported once, on first use)."""
    with _imports_without_collection():
        from guarantor.cli.commands import app

        # Command modules register themselves on ``app`` when imported. isort is off for this
        # block because the import order is the order commands appear in ``guarantor --help``.
        # They do not use ``from __future__ import annotations``: Typer reads the parameters of
        # every command at each start, and compiles and evaluates each annotation kept as a
        # string (about 40% of what it does before a command runs), whereas it takes real
        # annotations as they are.
        # isort: off
        from guarantor.cli import run_cmd  # noqa: F401  (registration)
        from guarantor.cli import compare_cmd  # noqa: F401  (registration)
        from guarantor.cli import apportion_cmd  # noqa: F401  (registration)
        from guarantor.cli import data_cmd  # noqa: F401  (registration)
        from guarantor.cli import demo_cmd  # noqa: F401  (registration)
        from guarantor.cli import ingest_cmd  # noqa: F401  (registration)
        from guarantor.cli import ledger_cmd  # noqa: F401  (registration)
        from guarantor.cli import review_cmd  # noqa: F401  (registration)
        from guarantor.cli import politics_cmd  # noqa: F401  (registration)
        from guarantor.cli import timeline_cmd  # noqa: F401  (registration)
        from guarantor.cli import report_cmd  # noqa: F401  (registration)
        from guarantor.cli import uncertainty_cmd  # noqa: F401  (registration)
        from guarantor.cli import serve_cmd  # noqa: F401  (registration)
        # isort: on
    globals()["app"] = app
    return app


def __getattr__(name: str) -> Any:
    """``guarantor.cli.app``: the Typer app, built when first asked for (a plain run never
    asks, see :mod:`guarantor.cli.plain`)."""
    if name == "app":
        return _typer_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plain_run_scenario(args: Sequence[str]) -> str | None:
    """The scenario of a plain run (``["run", NAME]``, NAME not starting with ``-``), else None.

    Only such a command line takes the fast path (:mod:`guarantor.cli.plain`); with any option,
    ``--help`` or another command Typer parses it, so usage errors and help stay Typer's.

    Examples
    --------
    >>> plain_run_scenario(["run", "aug2025"])
    'aug2025'
    >>> plain_run_scenario(["run", "aug2025", "--json"]) is None
    True
    >>> plain_run_scenario(["run", "--help"]) is None
    True
    """
    if len(args) == 2 and args[0] == "run" and not args[1].startswith("-"):
        return args[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script.

    ``guarantor run NAME`` takes the fast path (:mod:`guarantor.cli.plain`: the same output
    without building the Typer app); every other command line goes to the Typer app.
    """
    try:
        scenario = plain_run_scenario(sys.argv[1:] if argv is None else argv)
        if scenario is not None:
            # One run of one draw calls no BLAS routine large enough to use a second thread,
            # yet OpenBLAS starts its worker thread when NumPy is imported, and that thread
            # then takes CPU beside the run (the CPU time above the wall time of a plain run).
            # Set before NumPy's first import; a user's own setting wins (setdefault).
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            with _imports_without_collection():
                from guarantor.cli.plain import run_plain
            run_plain(scenario)
        _typer_app()(args=argv, prog_name="guarantor")
    except GuarantorError as exc:
        for problem in exc.all():
            err_console.print("[bold red]error:[/] " + term(str(problem).split("\n")[0]),
                              highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a write the library did not stage (stdout closed, disk full...)
        where = f"{exc.filename}: " if exc.filename else ""
        err_console.print("[bold red]error:[/] " + term(f"{where}cannot write or read: "
                                                         f"{exc.strerror or exc}"),
                          highlight=False, soft_wrap=True)
        sys.exit(1)


__all__ = ["app", "main"]
