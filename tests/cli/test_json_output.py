"""Every command with ``--json`` prints JSON and nothing else on stdout (scripts pipe it to jq).

Each command runs in a fresh process on a bundled scenario, so a banner that a library prints
once per process (highspy 1.16 does, from C, when the first solver is built) would show here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

from guarantor.cli import app

#: Arguments for each command that has ``--json``: a bundled scenario, kept small.
JSON_COMMANDS: dict[str, list[str]] = {
    "run": ["aug2025"],
    "compare": ["feb2025", "aug2025"],
    "apportion": ["aug2025"],
    "coalition": ["aug2025", "--top", "2"],
    "redlines": ["aug2025"],
    "search": ["aug2025", "--vary", "us_posture=none,enablers"],
    "montecarlo": ["aug2025", "--draws", "200"],
    "sensitivity": ["aug2025", "--samples", "64"],
    "ledger coverage": ["--as-of", "2025-08-19"],
    "timeline": ["aug2025", "--since", "2026-01-01"],
    "data check-published": [],
    "data replace-us": ["--kind", "military"],
    "data coverage": [],
}


def _commands_with_json() -> set[str]:
    group = typer.main.get_command(app)
    names = set()
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        subs = {name: cmd} if sub is None else {f"{name} {k}": v for k, v in sub.items()}
        for cname, c in subs.items():
            if any("--json" in getattr(p, "opts", ()) for p in c.params):
                names.add(cname)
    return names


def test_every_json_command_is_covered():
    assert _commands_with_json() == set(JSON_COMMANDS)


@pytest.mark.parametrize("command", sorted(JSON_COMMANDS))
def test_json_stdout_is_json_alone(command):
    proc = subprocess.run(
        [sys.executable, "-m", "guarantor", *command.split(), *JSON_COMMANDS[command], "--json"],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-2000:]
    json.loads(proc.stdout)  # raises on any text before or after the document
