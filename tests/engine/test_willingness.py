"""Hand-worked cases of willingness derived from stated positions (engine/willingness.py)."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.engine.willingness import ASSUMED, OVERRIDDEN, STANCE_CODE, STATED, derive

S = STANCE_CODE
NAN = np.nan


def _one(stance, *, met=False, qty=NAN, stated=(1.0, 1.0), unstated=(0.0, 0.0), override=NAN,
         inside=True, others=(S["will_not"], S["will_not"])):
    """Derive for a country followed by two 'will not' countries (three countries, two draws)."""
    st = np.array([S[stance], *others])
    d = derive(st, np.array([met, False, False]), np.array([qty, NAN, NAN]), np.array(stated),
               np.array(unstated), np.array([override, NAN, NAN]),
               inside_protected_state=inside)
    assert d.willingness.shape == (2, 3)
    assert np.all(d.willingness[:, 1:] == 0.0) and np.all(np.isnan(d.pledge[1:]))
    return d.willingness[:, 0], d.pledge[0], int(d.basis[0])


def test_a_pledge_gives_its_number_and_is_stated():
    will, pledge, basis = _one("will_contribute", qty=5000.0)
    assert pledge == 5000.0 and np.all(will == 1.0) and basis == STATED


def test_will_contribute_without_a_number_takes_the_assumed_share():
    will, pledge, basis = _one("will_contribute", stated=(0.5, 0.8))
    assert np.isnan(pledge) and will.tolist() == [0.5, 0.8] and basis == ASSUMED


def test_conditional_holds_only_when_its_condition_is_met():
    met = _one("conditional", met=True, qty=1200.0)
    assert met[1] == 1200.0 and met[2] == STATED
    unmet = _one("conditional", met=False, qty=1200.0)
    assert np.isnan(unmet[1]) and unmet[0].tolist() == [0.0, 0.0] and unmet[2] == STATED


def test_only_outside_gives_nothing_inside_and_capacity_next_door():
    inside = _one("only_outside", inside=True)
    assert inside[0].tolist() == [0.0, 0.0] and inside[2] == STATED
    outside = _one("only_outside", inside=False, stated=(1.0, 1.0))
    assert outside[0].tolist() == [1.0, 1.0] and outside[2] == ASSUMED


def test_will_not_gives_zero_whatever_the_levers():
    will, pledge, basis = _one("will_not", unstated=(1.0, 1.0), stated=(1.0, 1.0))
    assert will.tolist() == [0.0, 0.0] and basis == STATED


@pytest.mark.parametrize("lever", [0.0, 0.25, 1.0])
@pytest.mark.parametrize("stance", ["no_stated_position", "none"])
def test_unstated_follows_the_lever(stance, lever):
    will, pledge, basis = _one(stance, unstated=(lever, lever))
    assert will.tolist() == [lever, lever] and np.isnan(pledge) and basis == ASSUMED


def test_unstated_lever_may_vary_by_draw_and_country():
    d = derive(np.array([S["none"]] * 3), np.zeros(3, bool), np.full(3, NAN), np.ones(2),
               np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), np.full(3, NAN))
    assert d.willingness.tolist() == [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]


def test_an_override_beats_every_position():
    for stance in ("will_not", "will_contribute", "no_stated_position"):
        will, pledge, basis = _one(stance, qty=NAN if stance != "will_contribute" else 900.0,
                                   override=0.3)
        assert will.tolist() == [0.3, 0.3] and np.isnan(pledge) and basis == OVERRIDDEN


def test_columns_equal_the_nested_where_definition():
    """derive() builds a few per-draw columns and spreads them over the countries; the values
    are those of the table's definition written as nested np.where over (D, C), element for
    element (random stances, levers varying by draw and by country, overrides set in some
    draws only, NaN where no override)."""
    rng = np.random.default_rng(3)
    D, C = 50, 40
    stance = rng.choice(list(STANCE_CODE.values()), C)
    met = rng.random(C) < 0.5
    qty = np.where(rng.random(C) < 0.3, rng.integers(100, 5000, C).astype(float), NAN)
    stated = rng.random(D)
    for unstated in (rng.random(D), rng.random((D, C)) * 1.2 - 0.1):
        over = np.full((D, C), NAN)
        over[:, 3] = 0.4
        over[rng.random(D) < 0.5, 7] = 1.3   # an override in some draws, clipped to 1
        over[:, 9] = rng.random(D)
        for inside in (True, False):
            d = derive(stance, met, qty, stated, unstated, over, inside_protected_state=inside)
            outside = stance == STANCE_CODE["only_outside"]
            contributes = ((stance == STANCE_CODE["will_contribute"])
                           | ((stance == STANCE_CODE["conditional"]) & met)
                           | (outside & (not inside)))
            numbered = contributes & np.isfinite(qty)
            uns = np.broadcast_to(unstated.reshape(D, -1), (D, C))
            will = np.where(numbered[None], 1.0, np.where(
                contributes[None], stated[:, None],
                np.where((stance <= STANCE_CODE["no_stated_position"])[None], uns, 0.0)))
            will = np.clip(np.where(np.isfinite(over), over, will), 0.0, 1.0)
            assert np.array_equal(d.willingness, will)
            assert np.array_equal(np.isnan(d.pledge), ~numbered | np.isfinite(over).any(0))
            assert (d.basis[[3, 7, 9]] == OVERRIDDEN).all()


def test_columns_expand_with_and_without_a_mask():
    # four countries, three draws: a pledge, the stated share, the unstated lever, an override
    from guarantor.engine.willingness import derive_columns

    st = np.array([S["will_contribute"], S["will_contribute"], S["none"], S["will_not"]])
    cols = derive_columns(st, np.zeros(4, bool), np.array([900.0, NAN, NAN, NAN]),
                          np.array([0.5, 0.7, 0.9]), np.array([0.2, 0.3, 0.4]),
                          {3: np.array([0.6, NAN, 0.8])})
    mask = np.array([True, True, True, False])
    fresh = cols.expand(mask)
    assert fresh.tolist() == [[1.0, 0.5, 0.2, 0.0], [1.0, 0.7, 0.3, 0.0], [1.0, 0.9, 0.4, 0.0]]
    assert cols.expand()[:, 3].tolist() == [0.6, 0.0, 0.8]  # the override, where drawn


def test_expand_missions_equals_each_mission_expanded():
    # two missions over four countries and three draws: a per-country unstated lever and an
    # override in one, a pledge and the stated share in the other; one country masked out
    from guarantor.engine.willingness import derive_columns, expand_missions

    st = np.array([S["will_contribute"], S["none"], S["none"], S["will_not"]])
    a = derive_columns(st, np.zeros(4, bool), np.array([900.0, NAN, NAN, NAN]),
                       np.array([0.5, 0.7, 0.9]), np.array([[0.1, 0.2, 0.3, 0.4]] * 3),
                       {3: np.array([0.6, NAN, 0.8])})
    b = derive_columns(st[::-1], np.zeros(4, bool), np.full(4, NAN), np.array([0.25, 0.5, 1.5]),
                       np.array([0.35, 0.45, 0.55]), {})
    mask = np.array([True, False, True, True])
    got = expand_missions([a, b], mask)
    np.testing.assert_array_equal(got, np.stack([a.expand(mask), b.expand(mask)], axis=2))
    assert got.flags.c_contiguous
    assert got[:, :, 0].tolist() == [[1.0, 0.0, 0.3, 0.6], [1.0, 0.0, 0.3, 0.0],
                                     [1.0, 0.0, 0.3, 0.8]]
    assert got[:, :, 1].tolist() == [[0.0, 0.0, 0.35, 0.25], [0.0, 0.0, 0.45, 0.5],
                                     [0.0, 0.0, 0.55, 1.0]]
