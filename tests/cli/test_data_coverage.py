"""``guarantor data coverage``: the participant x class grid of capability inventories."""

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=120)


def test_coverage_json_counts_every_cell() -> None:
    r = run("data", "coverage", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    s = d["summary"]
    # aug2025: 34 participants x 7 classes
    assert s["cells"] == 238 == len(d["cells"])
    assert s["sourced"] + s["none_held"] + s["unknown"] == 238
    # merged research (2026-12): 97 figures, 112 sourced "none held" (Austria's ISR from the
    # Bundesheer's fleet page), 29 searched unknowns; before the merge only 26 cells held a figure
    assert (s["sourced"], s["none_held"], s["unknown"]) == (97, 112, 29)
    assert abs(s["covered_share"] - 209 / 238) < 1e-12
    cell = next(c for c in d["cells"] if c["iso3"] == "SWE" and c["class"] == "aewc")
    assert cell["status"] == "unknown" and cell["value"] is None and cell["searched"]


def test_coverage_table_and_legend() -> None:
    r = run("data", "coverage")
    assert r.returncode == 0, r.stderr
    assert "209 of 238 cells sourced (87.8%)" in r.stdout
    assert "none held" in r.stdout and "unknown" in r.stdout
