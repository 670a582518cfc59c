"""The code stays lint-clean (ruff, the rules in pyproject.toml) and the core packages type-check
under ``mypy --strict`` (the files listed in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)


def test_ruff_is_clean() -> None:
    p = _run("ruff", "check", "src", "tests", "benchmarks", "tools")
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-1000:]


def test_mypy_strict_core_is_clean() -> None:
    p = _run("mypy", "--cache-dir", "/dev/null")
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-1000:]
