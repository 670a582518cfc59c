"""Levers are declared once (guarantor.scenario.levers); every consumer reads that list."""

from __future__ import annotations

import pytest

from guarantor.politics.search import LEVERS as SEARCH_LEVERS
from guarantor.scenario import load_scenario
from guarantor.scenario.levers import LEVERS

SAMPLE = {"category": None, "number": 0.5, "integer": 2030, "bool": True, "force": 40000.0}


@pytest.mark.parametrize("name", sorted(LEVERS))
def test_every_lever_sets_its_path_and_reads_it_back(name: str) -> None:
    lv = LEVERS[name]
    value = lv.choices[-1] if lv.value_type == "category" else SAMPLE[lv.value_type]
    if lv.value_type == "number" and lv.high is not None:
        value = lv.high / 2
    sc = load_scenario("aug2025", lv.overrides(value))
    got = lv.current(sc)
    assert got == pytest.approx(value) if not isinstance(value, str) else got == value


def test_search_varies_a_subset_of_the_one_list() -> None:
    assert set(SEARCH_LEVERS) <= set(LEVERS)
    assert all(SEARCH_LEVERS[n] is LEVERS[n] for n in SEARCH_LEVERS)
    assert {n for n, lv in LEVERS.items() if lv.kind == "scenario"} == \
        set(LEVERS) - set(SEARCH_LEVERS)


def test_web_api_levers_are_the_one_list() -> None:
    from guarantor.web.app import Levers

    assert set(Levers.model_fields) == set(LEVERS) | {"willingness_by_country", "overrides"}
