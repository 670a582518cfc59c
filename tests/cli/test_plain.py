"""The plain run's fast path (``guarantor run NAME`` without the Typer app) against Typer's.

``guarantor run NAME --top 10`` means the same as ``guarantor run NAME`` but carries an option,
so Typer parses it: the two command lines must print the same bytes and exit alike, for a
result, for an error and when the reader of stdout goes away.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.cli import plain_run_scenario


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "aug2025"], "aug2025"),
    (["run", "my scenario.yaml"], "my scenario.yaml"),
    (["run"], None),
    (["run", "aug2025", "--json"], None),
    (["run", "--help"], None),
    (["run", "-"], None),
    (["compare", "aug2025"], None),
    (["validate", "aug2025"], None),
    ([], None),
])
def test_only_a_bare_run_takes_the_fast_path(args: list[str], expected: str | None) -> None:
    assert plain_run_scenario(args) == expected


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(tmp_path), "COLUMNS": "140"}
    for name in ("GUARANTOR_CACHE", "GUARANTOR_COMPILED"):
        env.pop(name, None)
    return env


def _guarantor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.parametrize("name", ["aug2025", "moldova2026", "no_such_scenario"])
def test_the_fast_path_prints_what_typer_prints(tmp_path: Path, name: str) -> None:
    env = _env(tmp_path)
    fast = _guarantor(env, "run", name)
    typer = _guarantor(env, "run", name, "--top", "10")
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer.returncode, typer.stdout, typer.stderr)
    if name == "no_such_scenario":
        assert fast.returncode == 2 and fast.stderr.startswith("error: scenario not found")
    else:
        assert fast.returncode == 0 and "largest contributors" in fast.stdout


def test_a_closed_pipe_ends_both_paths_alike(tmp_path: Path) -> None:
    """The reader of stdout is gone before the first line is printed (``guarantor run aug2025
    | true``): exit 1 and nothing on stderr, as Click's standalone mode does."""
    env = _env(tmp_path)
    _guarantor(env, "run", "aug2025")  # fill the cache
    ends = []
    for extra in ([], ["--top", "10"]):
        p = subprocess.Popen([sys.executable, "-m", "guarantor", "run", "aug2025", *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # long before the child's first print (its imports take far longer)
        err = p.stderr.read()
        ends.append((p.wait(timeout=300), err))
    assert ends[0] == ends[1] == (1, b"")


def test_a_plain_run_builds_no_typer_app(tmp_path: Path) -> None:
    probe = ("import sys, io, contextlib\n"
             "from guarantor.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
             "    try:\n"
             "        main(['run', 'aug2025'])\n"
             "    except SystemExit as e:\n"
             "        assert e.code == 0, e.code\n"
             "assert len(out.getvalue()) > 10_000\n"
             "print(' '.join(sorted(m for m in sys.modules\n"
             "                      if m.split('.')[0] in ('typer', 'click')\n"
             "                      or m.startswith('guarantor.cli.') and m.endswith('_cmd'))))\n")
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       env=_env(tmp_path), timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == ""
