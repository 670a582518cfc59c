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


def test_compare_prints_summary_mappings_in_words() -> None:
    # a mapping in the summary (troops by basis, unknown air classes) reads as words and figures
    # in the comparison, never as a Python dict
    import os

    p = subprocess.run([sys.executable, "-m", "guarantor", "compare", "aug2025", "feb2025"],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "COLUMNS": "240"})  # wide: no wrapping in a cell
    assert p.returncode == 0, p.stderr
    assert "stated 6,186 · assumed 23,814 · overridden 0" in p.stdout
    assert "stated 0 · assumed 13,528 · overridden 0" in p.stdout
    assert "{'stated'" not in p.stdout


def test_command_modules_keep_their_annotations_as_objects() -> None:
    # Typer reads every command's parameters at each start; string annotations (the
    # __future__ import) would each be compiled and evaluated first (see guarantor.cli)
    from pathlib import Path

    import guarantor.cli

    modules = sorted(Path(guarantor.cli.__file__).parent.glob("*_cmd.py"))
    assert len(modules) >= 13
    for path in modules:
        assert "from __future__ import annotations" not in path.read_text("utf-8"), path.name
