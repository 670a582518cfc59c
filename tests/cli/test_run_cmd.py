"""``guarantor run``'s printer: no heavy library on a plain run, and the same rows, figures and
order as the result's tables (which the printer no longer reads)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.cli.console import console
from guarantor.cli.run_cmd import print_result
from guarantor.engine import evaluate
from guarantor.format import money3
from guarantor.scenario import load_scenario

#: Libraries a plain run must not import: it needs none of them (tables, workbooks, charts,
#: solvers, compiled kernels, statistics, the web server are all built elsewhere).
HEAVY = ("pandas", "pyarrow", "altair", "highspy", "numba", "scipy", "openpyxl", "SALib",
         "fastapi", "xlsxwriter")

#: Modules a plain run must not import either, each once part of its start-up: the masked
#: arrays np.unique pulls in, the apportionment and politics packages (the choices of their
#: commands are in data.vocabulary and scenario.levers, so registering the commands does not
#: import them), Typer (a plain run does not build the app, see guarantor.cli.plain),
#: importlib.metadata, which pydantic's plugin loader imports when the first validator or
#: serializer is built: a warm plain run builds none (the bundled scenario and its digest come
#: from the compiled cache), and ruamel.yaml: it parses no YAML (guarantor.yamlparse). Then
#: what only writing or an error needs: difflib (the suggestions of an unknown parameter),
#: importlib.resources (with zipfile, tempfile and shutil; the package data is found by path,
#: guarantor.data.DATA_DIR), and guarantor.atomic (with ctypes.util and subprocess), which
#: writes a result's files.
NOT_AT_START = ("numpy.ma", "guarantor.apportion", "guarantor.politics", "typer",
                "importlib.metadata", "ruamel", "guarantor.yamlparse", "difflib",
                "importlib.resources", "importlib.readers", "zipfile", "tempfile", "shutil",
                "guarantor.atomic", "ctypes.util", "subprocess")

_PROBE = ("import sys, io, contextlib\n"
          "from guarantor.cli import main\n"
          "out = io.StringIO()\n"
          "try:\n"
          "    with contextlib.redirect_stdout(out):\n"
          "        main(['run', 'aug2025'])\n"
          "except SystemExit as e:\n"
          "    assert not e.code, e.code\n"
          "print(len(out.getvalue()))\n"
          "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[1:])))\n"
          "print(' '.join(sorted(m for m in sys.modules if any(\n"
          "    m == n or m.startswith(n + '.') for n in sys.argv[1:]))))\n")


def test_a_plain_run_imports_no_heavy_library(tmp_path: Path) -> None:
    """With the cache warm (the usual case: the first run after an install fills it) a plain
    run loads its data from the compiled cache and prints from the arrays."""
    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(tmp_path)}
    env.pop("GUARANTOR_CACHE", None)
    env.pop("GUARANTOR_COMPILED", None)
    for _ in range(2):  # the first run fills the cache, the second is measured
        p = subprocess.run([sys.executable, "-c", _PROBE, *HEAVY], capture_output=True,
                           text=True, env=env, timeout=300)
        assert p.returncode == 0, p.stderr
    printed, loaded = p.stdout.splitlines()[:2] + [""] * (2 - len(p.stdout.splitlines()))
    assert int(printed) > 10_000  # the whole report was printed
    assert loaded == "", f"a plain run imported {loaded}"


def test_a_plain_run_imports_no_module_it_stopped_needing(tmp_path: Path) -> None:
    """Not a timing test: the modules a plain run no longer imports stay out of it."""
    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(tmp_path)}
    env.pop("GUARANTOR_CACHE", None)
    env.pop("GUARANTOR_COMPILED", None)
    for _ in range(2):  # the first run fills the cache, the second is the usual, warm one
        p = subprocess.run([sys.executable, "-c", _PROBE, *NOT_AT_START], capture_output=True,
                           text=True, env=env, timeout=300)
        assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines() + [""] * 3
    assert int(lines[0]) > 10_000
    assert lines[2] == "", f"a plain run imported {lines[2]}"


def test_a_plain_run_starts_no_blas_worker_thread(tmp_path: Path) -> None:
    """One draw needs no threaded BLAS, and OpenBLAS's worker thread took CPU beside the run:
    a plain run sets ``OPENBLAS_NUM_THREADS=1`` before NumPy's import, so the process has one
    thread; a user's own setting is kept. Warm runs (the first fills the cache: building the
    data imports libraries that may start threads of their own)."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to count the threads (Linux)")
    probe = _PROBE.split("print(len")[0] + (
        "import os\n"
        "print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])\n")
    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(tmp_path)}
    env.pop("OPENBLAS_NUM_THREADS", None)
    env.pop("GUARANTOR_CACHE", None)
    env.pop("GUARANTOR_COMPILED", None)
    for _ in range(2):
        p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=env, timeout=300)
        assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["1", "1"]
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       env={**env, "OPENBLAS_NUM_THREADS": "2"}, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["2", "2"]


def test_cold_warm_and_uncached_runs_print_the_same_bytes(tmp_path: Path) -> None:
    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(tmp_path), "COLUMNS": "140"}
    env.pop("GUARANTOR_COMPILED", None)
    outs = []
    for extra in ({}, {}, {"GUARANTOR_CACHE": "off"}, {"GUARANTOR_COMPILED": "off"}):
        p = subprocess.run([sys.executable, "-m", "guarantor", "run", "skyshield"],
                           capture_output=True, text=True, env={**env, **extra}, timeout=300)
        assert p.returncode == 0, p.stderr
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2] == outs[3]
    assert "largest contributors" in outs[0]


def _printed(result: object) -> str:
    with console.capture() as cap, contextlib.redirect_stdout(io.StringIO()):
        print_result(result, top=40)
    return cap.get()


def _in_order(text: str, names: list[str]) -> bool:
    pos = [text.find(n) for n in names]
    return all(p >= 0 for p in pos) and pos == sorted(pos)


@pytest.mark.parametrize("name", ["aug2025", "skyshield", "baseline_2024"])
def test_the_printer_lists_what_the_tables_hold_in_their_order(name: str) -> None:
    """The contributors (groupby + sort of the contributions table), the spending gaps (sort of
    the spending table) and the troops evidence (sort by troops, capacity) appear in the order
    the pandas tables give, with the tables' figures."""
    r = evaluate(load_scenario(name))
    text = _printed(r)
    contributors = text[text.index("largest contributors"):text.index("Spending target")]
    c = r.contributions
    by = (c.groupby(["iso3", "country"], as_index=False)["cost_eur_per_year"].sum()
          .sort_values("cost_eur_per_year", ascending=False).head(40))
    assert _in_order(contributors, [f"{n} " for n in by["country"]])
    for cost in by["cost_eur_per_year"]:
        assert money3(cost) in contributors
    spending = text[text.index("Spending target"):]
    sp = r.spending.sort_values("gap_eur_target_year", ascending=False,
                                na_position="last").head(40)
    assert _in_order(spending, [f"{n} " for n in sp["country"]])
    t = c[c["item"] == "troops"]
    if len(t):
        evidence = text[text.index("what each participant's figure rests on"):
                        text.index("largest contributors")]
        shown = t[(t["allocated"] > 0) | (t["stance"] != "none")].sort_values(
            ["allocated", "capacity"], ascending=False)
        assert _in_order(evidence, [f"{n} " for n in shown["country"]])


def test_tables_are_built_only_when_asked_for() -> None:
    r = evaluate(load_scenario("aug2025"))
    assert "_frames" not in r.__dict__  # summary and printing need none
    r.summary()
    _printed(r)
    assert "_frames" not in r.__dict__
    assert len(r.missions) > 0 and "_frames" in r.__dict__
    empty = evaluate(load_scenario("aug2025"), tables=False)
    assert empty.contributions.empty and empty.summary() == r.summary()
