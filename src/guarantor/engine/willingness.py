"""Willingness from stated positions: what each country offers to one mission, and why.

Each participant's latest contribution position on a mission (as of the scenario's date) decides
its willingness share and any pledged quantity:

=========================  ============================================  ===========
position                   offered                                       basis
=========================  ============================================  ===========
will contribute, number    the pledged number (capped by capacity)       stated
will contribute            capacity x ``stated_share``                   assumed
conditional, condition met as "will contribute"                          as above
conditional, not met       nothing                                       stated
only outside               nothing inside the protected state            stated
will not                   nothing                                       stated
no stated position / none  capacity x ``unstated_share`` (a lever)       assumed
scenario override          capacity x the override share                 overridden
=========================  ============================================  ===========

``stated_share`` and ``unstated_share`` are scenario levers (``contributions.stated_share``,
``contributions.unstated.*``), labelled as assumptions wherever they act; ``unstated_share`` may
vary by draw (it is an uncertain input of Monte Carlo and Sobol).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Stance codes of the arrays (0: no entry at all).
STANCE_CODE: dict[str, int] = {
    "none": 0, "no_stated_position": 1, "will_contribute": 2, "conditional": 3,
    "only_outside": 4, "will_not": 5,
}
#: Basis codes of the output, in the words every output uses.
BASIS: tuple[str, ...] = ("stated", "assumed", "overridden")
STATED, ASSUMED, OVERRIDDEN = 0, 1, 2


@dataclass(frozen=True)
class Derived:
    """Willingness of each country for one mission.

    willingness : (D, C) share of capacity offered (1 where a pledge decides the number)
    pledge : (C,) pledged units, NaN where none applies
    basis : (C,) int, index into :data:`BASIS`
    contributes : (C,) bool, the position offers something (before the unstated lever)
    """

    willingness: np.ndarray
    pledge: np.ndarray
    basis: np.ndarray
    contributes: np.ndarray


def derive(stance: np.ndarray, condition_met: np.ndarray, quantity: np.ndarray,
           stated_share: np.ndarray, unstated_share: np.ndarray, override: np.ndarray,
           *, inside_protected_state: bool = True) -> Derived:
    """Willingness, pledge and basis per country from stance codes (see module table).

    Parameters
    ----------
    stance : (C,) int, :data:`STANCE_CODE`
    condition_met : (C,) bool, whether a conditional position's condition holds in the scenario
    quantity : (C,) pledged units of the mission, NaN = no number stated
    stated_share : (D,) share offered by "will contribute" without a number [assumption]
    unstated_share : (D,) or (D, C) share offered with no stated position [lever]
    override : (C,) share set by the scenario, NaN = none
    inside_protected_state : the mission is on the protected state's soil (then "only outside"
        offers nothing)

    Examples
    --------
    Five countries: a pledge of 5,000, a "will contribute", a conditional whose condition fails,
    a "will not", and one with no stated position; two draws of the unstated lever.

    >>> d = derive(np.array([2, 2, 3, 5, 1]), np.array([False] * 5),
    ...            np.array([5000.0, np.nan, np.nan, np.nan, np.nan]), np.array([1.0, 1.0]),
    ...            np.array([0.0, 0.5]), np.full(5, np.nan))
    >>> d.willingness
    array([[1. , 1. , 0. , 0. , 0. ],
           [1. , 1. , 0. , 0. , 0.5]])
    >>> d.pledge
    array([5000.,   nan,   nan,   nan,   nan])
    >>> [BASIS[b] for b in d.basis]
    ['stated', 'assumed', 'stated', 'stated', 'assumed']
    """
    stance = np.asarray(stance)
    C = stance.shape[0]
    D = np.asarray(stated_share).reshape(-1).shape[0]
    outside = stance == STANCE_CODE["only_outside"]
    contributes = ((stance == STANCE_CODE["will_contribute"])
                   | ((stance == STANCE_CODE["conditional"]) & np.asarray(condition_met, bool))
                   | (outside & (not inside_protected_state)))
    unstated = stance <= STANCE_CODE["no_stated_position"]
    numbered = contributes & np.isfinite(quantity)
    unstated_dc = np.broadcast_to(np.asarray(unstated_share, float).reshape(D, -1), (D, C))
    stated_d = np.asarray(stated_share, float).reshape(D, 1)
    will = np.where(numbered[None, :], 1.0,
                    np.where(contributes[None, :], stated_d,
                             np.where(unstated[None, :], unstated_dc, 0.0)))
    pledge = np.where(numbered, quantity, np.nan)
    basis = np.where(numbered | ~(contributes | unstated), STATED, ASSUMED)
    over = np.isfinite(override)
    will = np.where(over[None, :], np.asarray(override, float)[None, :], will)
    pledge = np.where(over, np.nan, pledge)
    basis = np.where(over, OVERRIDDEN, basis)
    return Derived(np.clip(will, 0.0, 1.0), pledge, basis.astype(np.int8), contributes)
