"""The country registry is data a user can extend with a file of their own (GUARANTOR_COUNTRIES),
validated like the bundled one. Run in subprocesses: the registry is read once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GEORGIA = """countries:
- iso3: GEO
  name: Georgia
  role: other
  aliases: [Georgia]
"""


def _run(args: list[str], files: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GUARANTOR_COUNTRIES": os.pathsep.join(str(f) for f in files)}
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)


def test_a_users_country_joins_the_registry_and_a_scenario(tmp_path: Path) -> None:
    f = tmp_path / "countries.yaml"
    f.write_text(GEORGIA, encoding="utf-8")
    p = _run(["run", "aug2025", "--set", "participants.countries=[GEO]", "--json"], [f])
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["summary"]["participants"] == 35
    geo = [r for r in out["tables"]["contributions"] if r["iso3"] == "GEO"]
    assert geo and geo[0]["stance"] == "none"  # no stated position for a new country


def test_a_code_already_in_the_registry_is_refused_with_file_and_key(tmp_path: Path) -> None:
    f = tmp_path / "dup.yaml"
    f.write_text("countries:\n- iso3: UKR\n  name: Ukraine again\n", encoding="utf-8")
    p = _run(["run", "aug2025"], [f])
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert str(f) in p.stderr and "countries[0].iso3" in p.stderr and "UKR" in p.stderr


def test_a_malformed_users_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("countries:\n- iso3: GEO\n  nme: Georgia\n", encoding="utf-8")
    p = _run(["run", "aug2025"], [f])
    assert p.returncode == 2 and "Traceback" not in p.stderr and str(f) in p.stderr
