"""Helpers of the hostile-input tests: run the real CLI entry point in-process, timed."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from guarantor.cli import main

#: Each hostile input must give its answer within this many seconds (issue 17 acceptance).
LIMIT_S = 2.0


@dataclass
class Outcome:
    """What one CLI call did: exit code, stdout, stderr, wall time [s]."""

    code: int
    out: str
    err: str
    seconds: float

    def one_clear_error(self, *parts: str) -> None:
        """Exit 2, no traceback, one ``error:`` line per problem, each part in the message."""
        assert self.code == 2, (self.code, self.out, self.err)
        assert "Traceback" not in self.err + self.out
        lines = [ln for ln in self.err.splitlines() if ln.strip()]
        assert lines and all(ln.startswith("error: ") for ln in lines), self.err
        for part in parts:
            assert part in self.err, (part, self.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Call ``guarantor ARGS...`` through the console-script entry point (errors included)."""

    def call(*args: str) -> Outcome:
        capsys.readouterr()
        t0 = time.perf_counter()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        seconds = time.perf_counter() - t0
        cap = capsys.readouterr()
        return Outcome(code, cap.out, cap.err, seconds)

    return call
