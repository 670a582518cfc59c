"""The plain run's fast path: ``guarantor run NAME`` without building the Typer app.

A plain run is the command typed most, and before Typer runs any command it imports every
command module and reads every command's parameters (Typer and Click, the 13 command modules and
what they import). :func:`guarantor.cli.main` hands this module the one argument list that needs
none of that, ``["run", NAME]`` with NAME not an option (:func:`guarantor.cli.plain_run_scenario`);
every other list -- another command, any option, ``--help``, a usage error -- goes to the Typer
app, so their behaviour stays Typer's.

:func:`run_plain` does what ``guarantor run NAME`` does with its defaults
(:func:`guarantor.cli.run_cmd.run`: no ``--set``, tables, the 10 largest contributors, no files)
through the same printer (:mod:`guarantor.cli.result_tables`), and ends as Click's standalone
mode ends a command: exit 0; exit 1 without a message when stdout is a closed pipe; 130 on
Ctrl-C. A :class:`~guarantor.errors.GuarantorError` or another ``OSError`` goes up to
:func:`guarantor.cli.main`, which reports both paths' errors alike. ``tests/cli/test_plain.py``
compares the two paths byte for byte.
"""

from __future__ import annotations

import errno
import sys
from typing import Any, NoReturn, TextIO

from guarantor.cli.common import parse_sets
from guarantor.cli.result_tables import print_result
from guarantor.engine import evaluate
from guarantor.scenario import load_scenario

__all__ = ["run_plain"]

#: ``guarantor run``'s default for ``--top`` (:func:`guarantor.cli.run_cmd.run`).
TOP = 10


class _PipeClosed:
    """A stream whose ``flush`` ignores a closed pipe (Click's ``PacifyFlushWrapper``): after
    the reader of stdout went away, the interpreter's last flush at exit stays silent."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run_plain(scenario: str) -> NoReturn:
    """``guarantor run SCENARIO``: evaluate it and print its tables; exit as Click would."""
    try:
        sc = load_scenario(scenario, overrides=parse_sets(None))
        print_result(evaluate(sc), top=TOP)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _PipeClosed(sys.stdout)  # type: ignore[assignment]
        sys.stderr = _PipeClosed(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    sys.exit(0)
