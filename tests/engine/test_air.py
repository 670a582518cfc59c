"""Air shield: US netting, whole units, unknown inventories, only-US classes."""

import numpy as np

from guarantor.engine.air import net_of_us
from guarantor.engine.compute import compute
from tests.engine.toy import toy


def test_capacity_hand_worked() -> None:
    # fighters: 100 x 0.5 x 0.2 = 10, 200 x 0.5 x 0.2 = 20, C unknown -> 0
    # batteries: 4 x 0.5 x 0.2 = 0.4 -> 0; 10 x 0.1 = 1; C has none
    o = compute(toy())
    assert o.air_capacity[0, :, 0].tolist() == [10.0, 20.0, 0.0]
    assert o.air_capacity[0, :, 1].tolist() == [0.0, 1.0, 0.0]


def test_us_netted_first_and_allocation_by_gdp() -> None:
    o = compute(toy())
    # batteries: 2 required, US gives 1, B gives the remaining 1
    assert o.air_us[0].tolist() == [0.0, 1.0]
    assert o.air[0, :, 1].tolist() == [0.0, 1.0, 0.0]
    # fighters: 20 required, weights 0.2/0.6/0.2 with caps 10/20/0 -> A 5, B 15
    assert o.air[0, :, 0].tolist() == [5.0, 15.0, 0.0]
    assert o.air_shortfall[0].tolist() == [0.0, 0.0]


def test_unknown_inventory_marks_class_unknown_not_short() -> None:
    o = compute(toy(air_required=np.tile(np.array([[40.0, 2.0]]), (2, 1))))
    assert o.air_shortfall[0, 0] == 10.0
    assert bool(o.air_unknown[0, 0])  # C's fighter inventory is unknown
    assert not bool(o.air_unknown[0, 1])


def test_only_us_flag() -> None:
    # batteries: others can offer 1 < 2 required; the US fills the gap
    o = compute(toy())
    assert o.air_only_us[0].tolist() == [False, True]


def test_allocations_are_whole_units() -> None:
    o = compute(toy(air_required=np.tile(np.array([[17.0, 2.0]]), (2, 1))))
    assert np.array_equal(o.air, np.round(o.air))
    assert o.air[0, :, 0].sum() == 17.0


def test_net_of_us_never_negative() -> None:
    us, rest = net_of_us(np.array([[1.0, 0.0, 5.0]]), np.array([3.0, 3.0, 3.0]))
    assert (rest >= 0).all() and us.tolist() == [[1.0, 0.0, 3.0]]
