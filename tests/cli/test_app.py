"""The root app's consoles: user text is printed as typed, on stdout and on stderr."""

from __future__ import annotations

import subprocess
import sys


def _guarantor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=300)


def test_an_emoji_code_in_a_title_is_printed_as_typed() -> None:
    # Rich would turn ":thumbs_up:" into a picture; a scenario's title is the user's text
    p = _guarantor("run", "aug2025", "--set", "title='Plan :thumbs_up: for :flag_for_ukraine:'")
    assert p.returncode == 0, p.stderr
    assert "Plan :thumbs_up: for :flag_for_ukraine:" in p.stdout.splitlines()[0]
    assert "\N{THUMBS UP SIGN}" not in p.stdout


def test_an_emoji_code_in_an_error_is_printed_as_typed() -> None:
    p = _guarantor("run", "no_such_:thumbs_up:_scenario")
    assert p.returncode == 2
    assert "no_such_:thumbs_up:_scenario" in p.stderr
    assert "\N{THUMBS UP SIGN}" not in p.stderr
    assert "Traceback" not in p.stderr
