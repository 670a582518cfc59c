"""A folder of broken inputs, each with the message it must produce (one parametrised test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.data.loaders import (
    load_kiel_explorer,
    load_nato_tables,
    load_sipri_extract,
    load_sipri_workbook,
    load_wdi_long,
    load_wdi_wide,
)
from guarantor.data.loaders.ecb import load_ecb_daily
from guarantor.data.loaders.kiel_pb186 import load_kiel_pb186
from guarantor.errors import DataError
from tests.data.loaders.conftest import BROKEN, FIXTURES

LOADERS = {
    "ecb_daily": load_ecb_daily,
    "kiel_pb186": load_kiel_pb186,
    "kiel_explorer": load_kiel_explorer,
    "nato": load_nato_tables,
    "sipri_extract": load_sipri_extract,
    "sipri_workbook": load_sipri_workbook,
    "wdi_wide": load_wdi_wide,
}

CASES = sorted(p for p in BROKEN.iterdir() if (p / "expected.txt").is_file())


def _expected(case: Path) -> dict[str, str]:
    out = {}
    for line in (case / "expected.txt").read_text("utf-8").splitlines():
        key, _, val = line.partition(": ")
        out[key.strip()] = val.strip()
    return out


def test_there_are_broken_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input_gives_its_message(case: Path) -> None:
    exp = _expected(case)
    path = case / exp["file"]
    loader = exp["loader"]
    with pytest.raises(DataError) as info:
        if loader.startswith("wdi_long:"):
            load_wdi_long(path, loader.split(":", 1)[1])
        else:
            LOADERS[loader](path)
    msg = str(info.value)
    assert exp["message"] in msg
    assert str(path) in msg  # names the file
    assert "\n" not in msg


def test_cli_build_on_broken_raw_is_one_line_exit_2(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    import shutil

    shutil.copytree(FIXTURES, raw)
    shutil.copy(BROKEN / "kiel_non_numeric" / "data_explorer.csv",
                raw / "kiel_ukraine_support_tracker" / "data_explorer.csv")
    out = tmp_path / "snap"
    r = subprocess.run(
        [sys.executable, "-m", "guarantor", "data", "build", "--raw", str(raw), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    # one message (the console may soft-wrap it at its width), naming file, line and column
    assert r.stderr.count("error:") == 1
    flat = " ".join(r.stderr.split())
    assert "data_explorer.csv:4: non-numeric value in column 'military'" in flat
    assert not out.exists()  # nothing half-written
    assert not any(p.name.startswith(".snap.tmp") for p in tmp_path.iterdir())
