"""Scenario cases analysts can write in YAML: a scenario, overrides, expected figures.

Each file in ``tests/cases`` names a scenario (bundled name or path), optional dotted-path
overrides, and a list of expectations: ``figure`` (a key of ``Result.summary()``) or ``table`` +
``where`` + ``column`` (one row of a result table), with ``value`` (and ``tolerance``, default 0)
or ``min`` / ``max`` bounds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from guarantor.engine import evaluate
from guarantor.scenario import load_scenario

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _actual(result, exp: dict) -> object:
    if "figure" in exp:
        return result.summary()[exp["figure"]]
    df = result.tables()[exp["table"]]
    for k, v in exp.get("where", {}).items():
        df = df[df[k] == v]
    assert len(df) == 1, f"{exp} matches {len(df)} rows"
    return df[exp["column"]].iloc[0]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    case = YAML(typ="safe").load(path.read_text())
    result = evaluate(load_scenario(case["scenario"], overrides=case.get("overrides")))
    for exp in case["expect"]:
        got = _actual(result, exp)
        label = f"{path.name}: {exp}"
        if "value" in exp:
            if isinstance(exp["value"], bool):
                assert bool(got) is exp["value"], f"{label} got {got}"
            else:
                assert got == pytest.approx(exp["value"], abs=exp.get("tolerance", 0)), \
                    f"{label} got {got}"
        if "min" in exp:
            assert got >= exp["min"], f"{label} got {got}"
        if "max" in exp:
            assert got <= exp["max"], f"{label} got {got}"
