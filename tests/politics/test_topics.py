"""Topic resolution: hand-worked cases, vectorised over arrangements, and the registry."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from guarantor.errors import ScenarioError
from guarantor.politics.topics import INPUT_FIELDS, RESOLVERS, TopicInputs, resolve, topic_registry

FEB_2025 = TopicInputs(
    us_posture="none",
    us_troops_in_protected_state=False,
    article5_for_deployed_forces=False,
    nato_membership_for_protected_state=False,
    pre2014_borders_objective=False,
    guarantees_agreed_with_adversary=False,
    troops_deployed=30_000.0,
    nato_countries_with_troops=5,
    europe_aid_share=0.9,
    spending_target_share=0.05,
)


def test_registry_and_resolvers_match() -> None:
    reg = topic_registry()
    assert set(reg.ids) == set(RESOLVERS)
    for required in ("us_troops_in_protected_state", "nato_troops_in_protected_state",
                     "article5_for_deployed_forces", "nato_membership_for_protected_state",
                     "pre2014_borders_objective", "us_part_of_guarantee", "us_backstop",
                     "europe_carries_most_aid", "spending_target_5pct",
                     "guarantees_agreed_with_russia", "europe_leads_guarantee",
                     "economic_pressure_on_russia", "territorial_concessions"):
        assert required in reg
    for t in reg.topics:
        assert set(t.inputs) <= set(INPUT_FIELDS)


def test_february_2025_like_arrangement() -> None:
    r = {k: v.tolist() for k, v in resolve(FEB_2025).items()}
    assert r["us_troops_in_protected_state"] == [False]
    assert r["nato_troops_in_protected_state"] == [True]
    assert r["foreign_troops_in_protected_state"] == [True]
    assert r["article5_for_deployed_forces"] == [False]
    assert r["nato_membership_for_protected_state"] == [False]
    assert r["us_part_of_guarantee"] == [False]
    assert r["us_backstop"] == [False]
    assert r["europe_leads_guarantee"] == [True]
    assert r["europe_carries_most_aid"] == [True]
    assert r["spending_target_5pct"] == [True]  # 0.05 exactly counts, despite float rounding
    assert r["spending_target_share"] == [0.05]
    assert r["guarantees_agreed_with_russia"] == [False]
    assert r["europe_in_negotiations"] == [True]  # documented default


@pytest.mark.parametrize(
    ("posture", "us_troops", "part", "backstop"),
    [
        ("none", False, False, False),
        ("intelligence", False, True, False),  # intelligence alone is no backstop
        ("enablers", False, True, True),
        ("full", False, True, True),
        ("none", True, True, True),  # US troops on the ground are both
    ],
)
def test_us_posture_topics(posture: str, us_troops: bool, part: bool, backstop: bool) -> None:
    r = resolve(replace(FEB_2025, us_posture=posture, us_troops_in_protected_state=us_troops))
    assert r["us_part_of_guarantee"].tolist() == [part]
    assert r["us_backstop"].tolist() == [backstop]
    assert r["europe_leads_guarantee"].tolist() == [not us_troops]


def test_troop_topics_hand_worked() -> None:
    x = replace(
        FEB_2025,
        troops_deployed=np.array([0.0, 10_000.0, 10_000.0, 0.0]),
        nato_countries_with_troops=np.array([0, 0, 3, 0]),
        us_troops_in_protected_state=np.array([False, False, False, True]),
    )
    r = resolve(x)
    # no force / non-NATO force / NATO-member force / US troops only
    assert r["foreign_troops_in_protected_state"].tolist() == [False, True, True, True]
    assert r["nato_troops_in_protected_state"].tolist() == [False, False, True, True]
    assert r["europe_leads_guarantee"].tolist() == [False, True, True, False]


def test_thresholds_and_vector_shapes() -> None:
    shares = np.array([0.0, 0.49, 0.5, 1.0])
    targets = np.array([0.02, 0.035, 0.0499, 0.05])
    r = resolve(replace(FEB_2025, europe_aid_share=shares, spending_target_share=targets))
    assert r["europe_carries_most_aid"].tolist() == [False, False, True, True]
    assert r["spending_target_5pct"].tolist() == [False, False, False, True]
    for v in r.values():
        assert v.shape == (4,)
    assert r["us_backstop"].dtype == bool and r["spending_target_share"].dtype == float


def test_resolution_is_pure() -> None:
    a = resolve(FEB_2025)
    b = resolve(FEB_2025)
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"us_posture": "some"}, "unknown US posture"),
        ({"europe_aid_share": 90.0}, "share outside 0..1"),
        ({"spending_target_share": -0.01}, "share outside 0..1"),
        ({"troops_deployed": -1.0}, "must not be negative"),
        ({"troops_deployed": np.zeros(3), "europe_aid_share": np.full(2, 0.5)},
         "different numbers of arrangements"),
        ({"troops_deployed": np.zeros((2, 2))}, "1-D array"),
    ],
)
def test_bad_inputs_raise_scenario_error(change: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        resolve(replace(FEB_2025, **change))
