"""Military aid: US part, burden rules, pledges."""

import numpy as np
import pytest

from guarantor.engine.compute import compute
from guarantor.errors import ScenarioError
from tests.engine.toy import toy


def test_gdp_rule_hand_worked() -> None:
    o = compute(toy())
    assert o.aid_us.tolist() == [50.0, 50.0]
    np.testing.assert_allclose(o.aid[0], [10.0, 30.0, 10.0])
    assert o.aid_shortfall[0] == 0.0


def test_capacity_rule_uses_defence_budgets() -> None:
    o = compute(toy(burden_rule="capacity"))  # milex 20/30/10 -> 1/3, 1/2, 1/6 of 50
    np.testing.assert_allclose(o.aid[0], [50 / 3, 25.0, 50 / 6])


def test_historical_rule_uses_past_aid() -> None:
    o = compute(toy(burden_rule="historical"))  # history 10/30/10
    np.testing.assert_allclose(o.aid[0], [10.0, 30.0, 10.0])


def test_pledges_rule_and_shortfall() -> None:
    o = compute(toy(burden_rule="pledges", pledge_aid=np.array([20.0, np.nan, 5.0])))
    np.testing.assert_allclose(o.aid[0], [20.0, 0.0, 5.0])
    assert o.aid_shortfall[0] == 25.0


def test_unknown_rule_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="burden rule"):
        compute(toy(burden_rule="lottery"))


def test_shares_sum_to_one() -> None:
    for rule in ("gdp", "capacity", "historical"):
        o = compute(toy(burden_rule=rule))
        np.testing.assert_allclose(o.fair_weights.sum(axis=1), 1.0)
