"""Pools NATO assigns (E-3A, AGS): offered by a NATO decision, each share labelled by basis."""

import numpy as np
import pytest

from guarantor.engine.air import POOL_BASIS, decision_take_part, pool_offer


def test_decision_take_part_hand_worked() -> None:
    # four members with hour shares 0.4 / 0.3 / 0.2 / 0.1: the first said it will contribute,
    # the second "will not", the third has no position, the fourth a condition not met; two
    # draws of the assumed share (1 and 0.5):
    #   draw 0: 0.4 x 1 + 0.3 x 0 + 0.2 x 1 + 0.1 x 1 = 0.7
    #   draw 1: 0.4 x 1 + 0.3 x 0 + 0.2 x 0.5 + 0.1 x 0.5 = 0.55
    tp, share, basis = decision_take_part(
        np.array([0.4, 0.3, 0.2, 0.1]),
        np.array(["will_contribute", "will_not", "none", "conditional"]),
        np.array([True, False, False, False]), np.full((2, 4), np.nan), np.array([1.0, 0.5]))
    assert tp == pytest.approx([0.7, 0.55])
    assert share[1].tolist() == [1.0, 0.0, 0.5, 0.5]
    assert [POOL_BASIS[b] for b in basis] == ["stated", "will not", "assumed", "assumed"]


def test_decision_override_wins_and_is_labelled() -> None:
    over = np.array([[np.nan, 0.25, np.nan], [np.nan, 0.25, np.nan]])
    tp, _, basis = decision_take_part(np.array([0.5, 0.25, 0.25]),
                                      np.array(["none", "will_not", "none"]),
                                      np.zeros(3, bool), over, np.array([1.0, 0.0]))
    # draw 0: 0.5 + 0.25 x 0.25 + 0.25 = 0.8125; draw 1: 0 + 0.0625 + 0 = 0.0625
    assert tp == pytest.approx([0.8125, 0.0625])
    assert [POOL_BASIS[b] for b in basis] == ["assumed", "overridden", "assumed"]


def test_decision_pool_ignores_willingness_and_participation() -> None:
    # 14 aircraft at availability 0.5 -> 7; a NATO decision with 0.75 of the hours taking part
    # offers 5.25, attributed by the member fractions, whatever the national willingness
    members = np.array([[0.5, 0.5, 0.0]])
    off = pool_offer(members, np.array([14.0]), np.array([0]), np.array([[0.5], [0.5]]),
                     np.zeros((2, 3)), np.array([True, False, True]),
                     take_part=np.array([[0.75], [0.75]]))
    assert off[:, :, 0].sum(axis=1) == pytest.approx([5.25, 5.25])
    assert off[0, :, 0] == pytest.approx([2.625, 2.625, 0.0])
    # a pool offered by its members (NaN take-part) still follows willingness x participation
    off = pool_offer(members, np.array([14.0]), np.array([0]), np.array([[0.5]]),
                     np.ones((1, 3)), np.array([True, False, True]),
                     take_part=np.array([[np.nan]]))
    assert off[0, :, 0] == pytest.approx([3.5, 0.0, 0.0])


@pytest.fixture(scope="module")
def aug() -> object:
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    return evaluate(load_scenario("aug2025"))


def test_aug2025_nato_awacs_offers_fleet_times_availability(aug: object) -> None:
    # NATO's 14 E-3A (WiWo, November 2023) x AEW&C availability 0.5 = 7 offered: no member of
    # the 16 NAPMO nations said it "will not", none stated it will contribute aircraft, so all
    # 16 equal shares count on the basis "assumed"
    r = aug
    pools = r.pool_offers().set_index("pool")  # type: ignore[attr-defined]
    awacs = pools.loc["nato_awacs"]
    assert awacs.offered_by == "nato_decision"
    assert (awacs["size"], awacs.availability, awacs.available) == (14.0, 0.5, 7.0)
    assert awacs.take_part == pytest.approx(1.0) and awacs.offered == pytest.approx(7.0)
    assert awacs.share_assumed == pytest.approx(1.0) and awacs.share_will_not == 0.0
    # 6 AEW&C required, the US posture gives 2, the pool covers the other 4: met, not unknown
    m = r.missions.set_index("item")  # type: ignore[attr-defined]
    assert m.loc["aewc", "status"] == "met"
    assert m.loc["aewc", "allocated"] == pytest.approx(4.0)
    assert awacs.used == pytest.approx(4.0)
    # the NATO AGS pool: 5 RQ-4D x 0.6992 -> 3 offered
    assert pools.loc["nato_ags", "offered"] == pytest.approx(3.0)
    # pools offered by their members are labelled so
    assert pools.loc["mmf", "offered_by"] == "members"


def test_aug2025_no_class_unknown(aug: object) -> None:
    m = aug.missions  # type: ignore[attr-defined]
    assert not (m["status"] == "unknown").any(), m[["item", "status"]]


def test_assumed_share_is_a_lever() -> None:
    # with the lever at 0 only members that said they will contribute count: none in aug2025,
    # so the E-3A pool offers nothing and AEW&C falls short again (6 - 2 US = 4 short)
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("aug2025"),
                 draws={"air.pool.assumed_member_share": np.array([0.0])})
    pools = r.pool_offers().set_index("pool")
    assert pools.loc["nato_awacs", "offered"] == 0.0
    m = r.missions.set_index("item")
    assert m.loc["aewc", "status"] == "short" and m.loc["aewc", "shortfall"] == 4


def test_participants_only_keeps_the_decision_pool_offer() -> None:
    # Monte Carlo drops non-participant columns; the E-3A's US and Hungarian shares must still
    # count (the offer is over all members, attributed to participating ones)
    from guarantor.engine.air import supply
    from guarantor.engine.inputs import build_inputs
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import participants_only

    inp = build_inputs(load_scenario("aug2025"))
    k = inp.classes.index("aewc")
    full = supply(inp)["pooled"][0, :, k].sum()
    slim = participants_only(inp)
    assert len(slim.codes) < len(inp.codes)
    assert supply(slim)["pooled"][0, :, k].sum() == pytest.approx(full) == pytest.approx(7.0)
