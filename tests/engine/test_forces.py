"""Reassurance force: hand-worked three-country case and invariants."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from guarantor.engine.compute import compute
from guarantor.engine.forces import land_forces, sustainable_troops, troop_capacity
from tests.engine.toy import toy


def test_sustainable_troops_by_usability_hand_worked() -> None:
    # land = personnel x 0.5 = 50k, 100k, 25k; sustainable = 10% -> 5k, 10k, 2.5k
    o = compute(toy())
    assert o.troops_capacity[0].tolist() == [5000.0, 10000.0, 2500.0]
    assert np.array_equal(o.troops_capacity[0], o.troops_capacity[1])


def test_rotation_gives_deployable_over_ratio() -> None:
    land = land_forces(np.array([100_000.0, 200_000.0, 50_000.0]), np.full((2, 3), 0.5))
    s = sustainable_troops(land, np.full(2, 0.5), np.full(2, 0.1), np.full(2, 4.0), "rotation")
    assert s[1].tolist() == [6250.0, 12500.0, 3125.0]


def test_gdp_rule_with_caps_hand_worked() -> None:
    # 10,000 troops by GDP shares 0.2/0.6/0.2 -> 2000, 6000, 2000: all within caps
    o = compute(toy())
    assert o.troops[0].tolist() == [2000.0, 6000.0, 2000.0]
    assert o.troops_shortfall.tolist() == [0.0, 0.0]
    # 16,000: B capped at 10,000, the 6,000 left shared A:C = 1:1 up to C's cap 2,500
    o = compute(toy(troops_required=np.full(2, 16_000.0)))
    assert o.troops[0].tolist() == [3500.0, 10000.0, 2500.0]
    assert o.troops_shortfall[0] == 0.0
    # 20,000 > total capacity 17,500 -> everyone at cap, 2,500 short
    o = compute(toy(troops_required=np.full(2, 20_000.0)))
    assert o.troops[0].tolist() == [5000.0, 10000.0, 2500.0]
    assert o.troops_shortfall.tolist() == [2500.0, 2500.0]


def test_pledge_overrides_and_willingness_scales() -> None:
    will = np.array([[1.0, 0.5, 1.0], [1.0, 1.0, 0.0]])
    o = compute(toy(willingness=will, pledge_troops=np.array([np.nan, np.nan, 1000.0])))
    assert o.troops_capacity[0].tolist() == [5000.0, 5000.0, 1000.0]
    # draw 1: C unwilling -> no share for C even with a pledge (willingness 0 drops it)
    assert o.troops[1][2] == 0.0


def test_pledges_rule_takes_pledges_as_written() -> None:
    o = compute(toy(burden_rule="pledges", pledge_troops=np.array([3000.0, np.nan, 1000.0])))
    assert o.troops[0].tolist() == [3000.0, 0.0, 1000.0]
    assert o.troops_shortfall[0] == 6000.0


def test_troop_capacity_zero_for_non_participants() -> None:
    cap = troop_capacity(np.full((2, 3), 100.0), np.ones((2, 3)), np.full(3, np.nan),
                         np.array([True, False, True]))
    assert cap[:, 1].tolist() == [0.0, 0.0]


@settings(max_examples=60, deadline=None)
@given(
    req=st.floats(0, 30_000),
    extra=st.floats(0, 10_000),
    w=st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
)
def test_more_demand_never_removes_a_shortfall(req: float, extra: float, w: list[float]) -> None:
    will = np.tile(np.array(w), (2, 1))
    a = compute(toy(willingness=will, troops_required=np.full(2, req)))
    b = compute(toy(willingness=will, troops_required=np.full(2, req + extra)))
    assert (b.troops_shortfall >= a.troops_shortfall - 1e-6).all()
    assert (a.troops >= 0).all() and (a.troops <= a.troops_capacity + 1e-9).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=3, max_size=3))
def test_adding_a_contributor_never_reduces_supply(mask: list[bool]) -> None:
    part = np.array(mask)
    more = part.copy()
    more[np.argmin(part)] = True
    a = compute(toy(participants=part))
    b = compute(toy(participants=more))
    assert b.troops_capacity.sum() >= a.troops_capacity.sum()
    assert (b.air_capacity.sum(axis=1) >= a.air_capacity.sum(axis=1)).all()
