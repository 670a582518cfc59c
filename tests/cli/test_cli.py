"""The CLI shell: errors become one line and exit 2."""

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guarantor", *args], capture_output=True, text=True, timeout=120
    )


def test_unknown_command_exits_2() -> None:
    r = run("no-such-command")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_demo_runs() -> None:
    r = run("demo")
    assert r.returncode == 0, r.stderr
