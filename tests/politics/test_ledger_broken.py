"""Every broken ledger fixture fails with its located message, and the CLI exits 2 on it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.errors import LedgerError
from guarantor.politics.ledger import load_ledger

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "broken_ledger"
CASES = sorted(FIXTURES.glob("*.yaml"))


def _expectation(path: Path) -> tuple[str, int]:
    text = path.read_text("utf-8")
    expect = re.search(r"^# expect: (.+)$", text, re.M)
    line = re.search(r"^# line: (\d+)$", text, re.M)
    assert expect and line, f"{path.name} needs '# expect:' and '# line:' header lines"
    return expect.group(1).strip(), int(line.group(1))


def test_fixture_folder_is_not_empty() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_ledger_message(path: Path) -> None:
    expect, line = _expectation(path)
    with pytest.raises(LedgerError) as info:
        load_ledger(path)
    msg = str(info.value)
    assert expect in msg
    assert f"{path}:{line}:" in msg, msg
    assert "\n" not in msg


@pytest.mark.parametrize("name", ["unknown_actor", "unknown_topic", "malformed_date",
                                  "malformed_date_unquoted"])
def test_cli_ledger_check_exits_2(name: str) -> None:
    path = FIXTURES / f"{name}.yaml"
    expect, line = _expectation(path)
    r = subprocess.run([sys.executable, "-m", "guarantor", "ledger", "check", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert expect in r.stderr and f":{line}:" in r.stderr
