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
    # merged research (2026-12): 97 figures, 112 sourced "none held", 29 unknowns; then issue 16
    # added GBR radar and SAM, DNK ISR (figures) and ALB/CYP/NZL ISR (none held): 215 >= 90%
    assert (s["sourced"], s["none_held"], s["unknown"]) == (100, 115, 23)
    assert abs(s["covered_share"] - 215 / 238) < 1e-12 and s["covered_share"] >= 0.9
    gbr = {c["class"]: c for c in d["cells"] if c["iso3"] == "GBR"}
    assert gbr["ground_radar"]["value"] == 5 and gbr["long_range_sam"]["value"] == 6
    cell = next(c for c in d["cells"] if c["iso3"] == "SWE" and c["class"] == "aewc")
    assert cell["status"] == "unknown" and cell["value"] is None and cell["searched"]


def test_coverage_table_and_legend() -> None:
    r = run("data", "coverage")
    assert r.returncode == 0, r.stderr
    assert "215 of 238 cells sourced (90.3%)" in r.stdout
    assert "none held" in r.stdout and "unknown" in r.stdout
