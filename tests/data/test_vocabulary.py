"""Each closed vocabulary is defined once and every consumer reads that definition."""

from __future__ import annotations

import re
from pathlib import Path

from guarantor.data import vocabulary as V
from guarantor.engine.allocate import ALLOCATORS
from guarantor.engine.result import mission_status
from guarantor.scenario import Missions, Scenario

SRC = Path(__file__).resolve().parents[2] / "src" / "guarantor"


def test_burden_rules_are_the_engines_allocators() -> None:
    assert tuple(ALLOCATORS) == V.BURDEN_RULES


def test_missions_are_the_schemas() -> None:
    assert tuple(Missions.model_fields) == tuple(V.MISSIONS)


def test_schema_reads_the_vocabulary() -> None:
    assert Scenario.model_fields["us_posture"].annotation == V.USPostureName
    assert Scenario.model_fields["burden_rule"].annotation == V.BurdenRule


def test_statuses() -> None:
    got = {mission_status(s, u, r) for s, u, r in [
        (0, False, 0), (0, False, 5), (1, False, 5), (1, True, 5), (float("nan"), False, 5)]}
    assert got == set(V.MISSION_STATUSES)


def test_no_second_definition_in_the_package() -> None:
    literal = re.compile(r'\(\s*"none",\s*"intelligence",\s*"enablers",\s*"full"\s*\)|'
                         r'\(\s*"gdp",\s*"capacity",\s*"historical"')
    hits = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            if p.name != "vocabulary.py" and literal.search(p.read_text(encoding="utf-8"))]
    assert hits == []
