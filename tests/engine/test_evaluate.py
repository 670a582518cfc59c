"""evaluate(): tables, provenance, exports, and the plain run as the one-draw case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.engine import build_inputs, compute, evaluate
from guarantor.scenario import bundled_scenarios, load_scenario


def test_every_bundled_scenario_evaluates_with_tables() -> None:
    for name in bundled_scenarios():
        r = evaluate(load_scenario(name))
        assert set(r.tables()) == {"missions", "contributions", "burden", "spending"}
        assert not r.missions.empty
        assert (r.burden["cost_total_eur"].fillna(0) >= 0).all()
        prov = r.provenance
        assert prov["scenario_hash"] == load_scenario(name).digest()
        assert prov["n_draws"] == 1 and prov["data_vintages"]


def test_contribution_shares_sum_to_one_per_item() -> None:
    r = evaluate(load_scenario("aug2025"))
    c = r.contributions
    sums = c.groupby("item")["share_of_effort"].sum()
    alloc = c.groupby("item")["allocated"].sum()
    assert np.allclose(sums[alloc > 0], 1.0)
    assert np.allclose(c.groupby("item")["fair_share"].sum(), 1.0)


def test_many_draws_of_equal_inputs_equal_the_plain_run() -> None:
    s = load_scenario("aug2025")
    one = compute(build_inputs(s))
    many = compute(build_inputs(s, draws={"economy.gdp_growth_nominal": np.full(3, 0.032)}))
    assert np.array_equal(many.troops[2], one.troops[0])
    assert np.allclose(many.cost_total[1], one.cost_total[0])


def test_draws_change_the_answer_per_draw() -> None:
    # every participant at full willingness (the assumed source), so capacity is ample and the
    # test is about the draw axis alone
    s = load_scenario("feb2025", {"contributions.source": "assumed"})
    o = compute(build_inputs(s, draws={"reassurance_force.troops": np.array([10e3, 30e3, 500e3])}))
    assert o.troops.sum(axis=1)[0] == 10_000 and o.troops.sum(axis=1)[1] == 30_000
    assert o.troops_shortfall[2] > 0 and o.troops_shortfall[0] == 0


def test_write_exports_and_json(tmp_path: Path) -> None:
    r = evaluate(load_scenario("may2025"))
    files = r.write(tmp_path)
    names = {f.name for f in files}
    assert "may2025.xlsx" in names and "may2025_missions.parquet" in names
    assert pd.read_parquet(tmp_path / "may2025_burden.parquet").shape[0] == len(r.burden)
    assert not list(tmp_path.glob("tmp*"))  # no temporary folder left behind
    payload = json.loads(r.to_json())
    assert payload["summary"]["scenario"] == "may2025"


def test_cli_run_json_and_compare() -> None:
    r = subprocess.run([sys.executable, "-m", "guarantor", "run", "feb2025", "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["summary"]["troops_required"] == 30000
    r = subprocess.run([sys.executable, "-m", "guarantor", "compare", "feb2025", "aug2025"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "aug2025" in r.stdout


def test_cli_set_override() -> None:
    r = subprocess.run([sys.executable, "-m", "guarantor", "run", "feb2025", "--json", "--set",
                        "missions.reassurance_force.troops=64000"],
                       capture_output=True, text=True, timeout=120)
    assert json.loads(r.stdout)["summary"]["troops_required"] == 64000


def test_no_negative_zero_reaches_an_output() -> None:
    # baseline_2024 asks for no troops: ceil(0 - 1e-9) is -0.0 unless the engine says otherwise
    r = evaluate(load_scenario("baseline_2024"))
    s = r.summary()
    assert s["troops_required"] == 0 and not np.signbit(s["troops_required"])
    assert not any(isinstance(v, float) and v == 0 and np.signbit(v) for v in s.values())
    for name, df in r.tables().items():
        for c in df.columns:
            if df[c].dtype.kind == "f":
                assert not ((df[c] == 0) & np.signbit(df[c])).any(), (name, c)
