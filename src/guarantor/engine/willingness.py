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

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from guarantor.data.contributions import STANCE_CODE
from guarantor.distributions import central_value

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
    override : (C,) or (D, C) share set by the scenario, NaN = none
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
    over_dc = np.asarray(override, float).reshape(-1, np.asarray(stance).shape[0])
    cols = {int(c): over_dc[:, c] for c in np.flatnonzero(np.isfinite(over_dc).any(axis=0))}
    t = derive_columns(stance, condition_met, quantity, stated_share, unstated_share, cols,
                       inside_protected_state=inside_protected_state)
    return Derived(t.expand(), t.pledge, t.basis, t.contributes)


@dataclass(frozen=True)
class Columns:
    """Willingness of each country for one mission, as a few distinct per-draw columns.

    Each country's (D,) willingness is one of a handful of vectors (1, 0, the stated share, the
    unstated lever, an override): ``table`` holds them once, ``src`` says which is whose. Monte
    Carlo builds the (D, C) array from it in one pass (:meth:`expand`) instead of some ten
    passes of nested ``np.where`` and ``np.clip`` over (D, C) arrays (issue 18).

    table : (D, S) share, each column clipped to 0..1
    src : (C,) int, each country's column in ``table``
    pledge, basis, contributes : as in :class:`Derived`
    """

    table: np.ndarray
    src: np.ndarray
    pledge: np.ndarray
    basis: np.ndarray
    contributes: np.ndarray

    def expand(self, mask: np.ndarray | None = None) -> np.ndarray:
        """The (D, C) willingness, multiplied by ``mask`` (C,) bool when given (the same
        values as ``willingness * mask``: a column times 1.0 or 0.0)."""
        if mask is None:
            return np.take(self.table, self.src, axis=1)
        S = self.table.shape[1]
        both = np.concatenate([self.table, self.table * 0.0], axis=1)
        return np.take(both, np.where(np.asarray(mask, bool), self.src, self.src + S), axis=1)


def expand_missions(missions: list[Columns], mask: np.ndarray) -> np.ndarray:
    """The (D, C, M) willingness of M missions, each :meth:`Columns.expand` ``(mask)`` on the
    last axis: one gather from the missions' tables side by side into a contiguous array
    (gathering into each mission's strided (D, C) view took four times as long, issue 18).

    >>> a = Columns(np.array([[0.0, 1.0], [0.0, 0.5]]), np.array([1, 0]), *([np.zeros(2)] * 3))
    >>> b = Columns(np.array([[0.25], [1.0]]), np.array([0, 0]), *([np.zeros(2)] * 3))
    >>> expand_missions([a, b], np.array([True, True]))[:, :, 0].tolist()
    [[1.0, 0.0], [0.5, 0.0]]
    >>> expand_missions([a, b], np.array([True, False]))[1].tolist()
    [[0.5, 1.0], [0.0, 0.0]]
    """
    keep = np.asarray(mask, bool)
    tables, index, start = [], [], 0
    for m in missions:
        S = m.table.shape[1]
        tables += [m.table, m.table * 0.0]  # the columns, then the same times 0 (as expand)
        index.append(np.where(keep, m.src, m.src + S) + start)
        start += 2 * S
    D, C = missions[0].table.shape[0], keep.shape[0]
    cells = np.stack(index, axis=1).reshape(-1)  # (C * M,): country-major, as (D, C, M)
    out: np.ndarray = np.take(np.concatenate(tables, axis=1), cells, axis=1)
    return out.reshape(D, C, len(missions))


def derive_columns(stance: np.ndarray, condition_met: np.ndarray, quantity: np.ndarray,
                   stated_share: np.ndarray, unstated_share: np.ndarray,
                   override: Mapping[int, np.ndarray | float], *,
                   inside_protected_state: bool = True) -> Columns:
    """:func:`derive` as distinct columns (:class:`Columns`); ``override`` maps a country's
    position to its (D,) override share (NaN in a draw = none in that draw). The same values
    as :func:`derive`, element for element (``Columns.expand``)."""
    stance = np.asarray(stance)
    C = stance.shape[0]
    D = np.asarray(stated_share).reshape(-1).shape[0]
    outside = stance == STANCE_CODE["only_outside"]
    contributes = ((stance == STANCE_CODE["will_contribute"])
                   | ((stance == STANCE_CODE["conditional"]) & np.asarray(condition_met, bool))
                   | (outside & (not inside_protected_state)))
    unstated = stance <= STANCE_CODE["no_stated_position"]
    numbered = contributes & np.isfinite(quantity)
    unstated_v = np.asarray(unstated_share, float).reshape(D, -1)
    # columns: 0 = nothing, 1 = a pledged number decides, 2 = the stated share, then the
    # unstated lever (one column, or one per country), then the overrides
    base = [np.zeros(D), np.ones(D), np.asarray(stated_share, float).reshape(D)]
    src = np.where(numbered, 1, np.where(contributes, 2, 0))
    if unstated_v.shape[1] == 1:
        base.append(unstated_v[:, 0])
        src = np.where(unstated & ~contributes, 3, src)
    else:
        per_country = np.broadcast_to(unstated_v, (D, C))
        for u in np.flatnonzero(unstated & ~contributes):
            base.append(per_country[:, u])
            src[u] = len(base) - 1
    pledge = np.where(numbered, quantity, np.nan)
    basis = np.where(numbered | ~(contributes | unstated), STATED, ASSUMED)
    overridden = np.zeros(C, dtype=bool)
    for c, value in override.items():
        v = np.broadcast_to(np.asarray(value, float).reshape(-1), (D,))
        fin = np.isfinite(v)
        if not fin.any():
            continue
        base.append(np.where(fin, v, base[src[c]]))
        src[c] = len(base) - 1
        overridden[c] = True
    pledge = np.where(overridden, np.nan, pledge)
    basis = np.where(overridden, OVERRIDDEN, basis)
    table = np.clip(np.stack(base, axis=1), 0.0, 1.0)
    return Columns(table, src.astype(np.int64), pledge, basis.astype(np.int8), contributes)


# ------------------------------------------------------------------ scenario -> engine arrays

#: The stated-position mission behind each engine item (air classes by what they are).
CLASS_MISSION: dict[str, str] = {
    "combat_aircraft": "air_shield_aircraft", "tanker": "air_shield_aircraft",
    "aewc": "air_shield_aircraft", "isr": "air_shield_aircraft",
    "strategic_airlift": "air_shield_aircraft",
    "ground_radar": "ground_based_air_defence", "long_range_sam": "ground_based_air_defence",
}
TROOPS_MISSION = "land_in_protected_state"
AID_MISSION = "military_aid"
#: The lever (``contributions.unstated.*``) and override key of each stated-position mission.
LEVER_OF: dict[str, str] = {
    TROOPS_MISSION: "troops", "air_shield_aircraft": "aircraft",
    "ground_based_air_defence": "aircraft", AID_MISSION: "aid",
}


@dataclass(frozen=True)
class FromPositions:
    """Engine inputs derived from stated positions, and the evidence behind each figure.

    evidence : {mission: tuple of one dict per country (registry order)} with keys basis,
        stance, condition, condition_met, entry, speaker, date, quote, publisher, url,
        pledge_entry, reason
    """

    troops: np.ndarray          # (D, C)
    air_missions: np.ndarray    # (D, C, M) per stated-position air mission
    air_index: np.ndarray       # (K,) int: the air mission of each class (into M)
    aid: np.ndarray             # (D, C)
    pledge_troops: np.ndarray   # (C,) persons, NaN = none
    pledge_capped: np.ndarray   # (C,) bool: a stated pledge, capped by sustainable capacity
    evidence: dict[str, tuple[dict[str, object], ...]]

    @property
    def air(self) -> np.ndarray:
        """(D, C, K) share of each class's capacity offered (its mission's willingness)."""
        return np.take(self.air_missions, self.air_index, axis=2)


def _draw_or(value: object, key: str, draws: dict[str, np.ndarray], n: int) -> np.ndarray:
    if key in draws:
        return np.asarray(draws[key], dtype=float).reshape(n)
    if isinstance(value, int | float):
        return np.full(n, float(value))
    return np.full(n, central_value(value))


#: Positions per (ledger, case, date, countries, mission), read once per process: they do not
#: depend on the draws, and Monte Carlo builds its inputs once per chunk (issue 18). The ledger
#: is held with its positions, so its id cannot be reused while the entry exists.
_POSITIONS: dict[tuple[object, ...], tuple[object, object]] = {}


def _positions(led: object, case: str, as_of: object, codes: tuple[str, ...], mission: str,
               read: Any) -> Any:
    key = (id(led), case, as_of, codes, mission)
    hit = _POSITIONS.get(key)
    if hit is None or hit[0] is not led:
        if len(_POSITIONS) > 256:
            _POSITIONS.clear()
        hit = (led, read(led, case, as_of, codes, mission))
        _POSITIONS[key] = hit
    return hit[1]


def from_positions(scenario: object, codes: tuple[str, ...], classes: tuple[str, ...],
                   participants: np.ndarray, draws: dict[str, np.ndarray], n: int,
                   ledger: object = None) -> FromPositions:
    """Per-mission willingness of every registry country from the scenario's case and date.

    Overrides, in order of precedence: ``contributions.overrides.<ISO3>.<mission>`` (with its
    reason), then ``participants.willingness.<ISO3>`` (every mission; reason: the scenario
    file). Draw names: ``unstated.troops|aircraft|aid``, ``stated_share``.
    """
    from guarantor.data.contributions import case_for, load_contributions, mission_positions
    from guarantor.data.sources import source_catalogue

    sc: Any = scenario
    led: Any = ledger or load_contributions()
    spec = sc.contributions
    case = spec.case or case_for(sc.protected_state)
    met_by_name = sc.conditions_met()
    stated = _draw_or(spec.stated_share, "stated_share", draws, n)
    unstated = {k: _draw_or(getattr(spec.unstated, k), f"unstated.{k}", draws, n)
                for k in ("troops", "aircraft", "aid")}
    cat = source_catalogue()
    C = len(codes)
    index = {c: i for i, c in enumerate(codes)}

    def overrides(lever: str) -> tuple[dict[int, np.ndarray | float], list[str]]:
        share: dict[int, np.ndarray | float] = {}
        reason = [""] * C
        for iso, w in sc.participants.willingness.items():
            share[index[iso]] = _draw_or(w, f"willingness.{iso}", draws, n)
            reason[index[iso]] = "participants.willingness in the scenario file"
        for iso, o in spec.overrides.items():
            v = getattr(o, lever)
            if v is not None:
                share[index[iso]], reason[index[iso]] = float(v), o.reason
        return share, reason

    def one(mission: str, inside: bool) -> tuple[Columns, tuple[dict[str, object], ...]]:
        pos = _positions(led, case, sc.as_of, codes, mission, mission_positions)
        lever = LEVER_OF[mission]
        met = np.array([bool(met_by_name.get(c, False)) if c else False for c in pos.condition])
        over, reason = overrides(lever)
        d = derive_columns(pos.stance, met, pos.quantity, stated, unstated[lever], over,
                           inside_protected_state=inside)
        rows: list[dict[str, object]] = []
        for j in range(C):
            e = pos.entry[j]
            src = cat.get(e.source) if e is not None and e.source else None
            qe = pos.quantity_entry[j]
            rows.append({
                "basis": BASIS[int(d.basis[j])],
                "stance": "none" if e is None else e.stance,
                "condition": "" if e is None else (e.condition or ""),
                "condition_met": bool(met[j]) if e is not None and e.condition else None,
                "entry": "" if e is None else e.id,
                "speaker": "" if e is None or e.speaker is None else e.speaker,
                "date": "" if e is None else (e.date or e.searched or ""),
                "quote": "" if e is None or e.quote is None else e.quote,
                "publisher": "" if src is None else src.publisher,
                "url": "" if src is None else src.url,
                "pledge_entry": "" if qe is None else qe.id,
                "pledged": float(d.pledge[j]),
                "reason": reason[j],
            })
        return d, tuple(rows)

    troops, ev_t = one(TROOPS_MISSION, True)
    air_missions = {m: one(m, True) for m in sorted(set(CLASS_MISSION.values()))}
    aid, ev_a = one(AID_MISSION, True)
    # one (D, C) array per air mission, and each class's mission: the (D, C, K) array is made
    # only where it is asked for (FromPositions.air), not per Monte Carlo chunk
    names = list(air_missions)
    part = np.asarray(participants, bool)
    air = expand_missions([air_missions[m][0] for m in names], part)
    of_class = np.array([names.index(CLASS_MISSION.get(k, "air_shield_aircraft"))
                         for k in classes], dtype=np.int64)
    evidence = {TROOPS_MISSION: ev_t, AID_MISSION: ev_a,
                **{m: v[1] for m, v in air_missions.items()}}
    return FromPositions(
        troops=troops.expand(part), air_missions=air,
        air_index=of_class, aid=aid.expand(part), pledge_troops=troops.pledge,
        pledge_capped=np.isfinite(troops.pledge), evidence=evidence)


def with_aid_record(fp: FromPositions, donor: np.ndarray, participants: np.ndarray,
                    record: str) -> FromPositions:
    """Count a recorded donor with no stated aid position as willing to keep giving.

    Military aid is the one mission with a record of deeds: a participant that gave military
    aid in the reference period (``donor``, from the Kiel tracker) and has said nothing since is
    taken to keep giving (willingness 1, basis "stated", the record named as evidence), rather
    than falling to the unstated lever. A stated "will not" still gives zero.
    """
    rows = list(fp.evidence[AID_MISSION])
    use = (np.array([r["stance"] in ("none", "no_stated_position") and r["basis"] != "overridden"
                     for r in rows])
           & np.asarray(donor, bool) & np.asarray(participants, bool))
    for j in np.flatnonzero(use):
        rows[j] = {**rows[j], "basis": "stated", "stance": "will_contribute", "entry": "",
                   "quote": "", "reason": record}
    aid = np.where(use[None, :], 1.0, fp.aid)
    return replace(fp, aid=aid, evidence={**fp.evidence, AID_MISSION: tuple(rows)})
