"""Air shield: what each contributor can put up per capability class, and what the US adds.

Supply of a class by a contributor = its national inventory x availability x the share of
available assets it commits x its willingness, rounded down to whole units; a pledge replaces it.
The US posture supplies a fixed bundle per class, netted off the requirement first.

Pooled fleets (NATO E-3A, MMF, SAC C-17, NATO AGS) are offered as pools (:func:`pool_offer`):
the pool's available aircraft, ``floor(size x availability)``, times the hour shares of the
members that take part, with no rounding per member; what the pools cover is netted off after
the US, before national fleets are shared out. Who takes part depends on who offers the pool:
for a pool its members buy into (MMF, SAC), each member's stated willingness; for a NATO-owned
fleet the Alliance assigns (E-3A, AGS), every member's share unless it said "will not", the
rest of them on the basis "assumed" (:func:`decision_take_part`).

An inventory that could not be sourced is *unknown*, a range: its sourced lower bound (zero at
worst) counts as supply, its upper bound (unbounded unless sourced) decides whether the class
could still be met (:func:`supply_bounds`). A class the lower bounds leave short but the upper
bounds would meet is "unknown", never "short".
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np


def air_capacity(
    inventory: np.ndarray,
    availability: np.ndarray,
    commit_share: np.ndarray,
    willingness: np.ndarray,
    pledge: np.ndarray,
    participants: np.ndarray,
) -> np.ndarray:
    """Units each participant offers per class, shape (D, C, K).

    Parameters
    ----------
    inventory : (C, K) units, NaN = unknown; or (D, C, K) when drawn per draw
    availability : (D, K) share of the fleet available
    commit_share : (D,) share of available units committed
    willingness : (D, C) or (D, C, K) share
    pledge : (C, K) units, NaN = no pledge
    participants : (C,) bool

    Examples
    --------
    >>> inv = np.array([[100.0], [np.nan], [40.0]])
    >>> air_capacity(inv, np.array([[0.5]]), np.array([0.2]), np.ones((1, 3)),
    ...              np.full((3, 1), np.nan), np.array([True, True, True]))[0, :, 0]
    array([10.,  0.,  4.])
    """
    # Unknown inventory or availability supplies nothing here; cleaning the small factors first
    # keeps the (D, C, K) product finite, so it needs no pass of nan_to_num (Monte Carlo speed).
    inv = np.where(np.isfinite(inventory), inventory, 0.0)
    inv = inv if inv.ndim == 3 else inv[None, :, :]    # (C, K), or (D, C, K) when drawn
    avail = np.where(np.isfinite(availability), availability, 0.0)
    w3 = willingness if willingness.ndim == 3 else willingness[:, :, None]
    will = np.where(participants[None, :, None] & np.isfinite(w3), w3, 0.0)
    offered = inv * (avail * np.nan_to_num(commit_share)[:, None])[:, None, :]
    offered *= will
    pledged = np.isfinite(pledge) & participants[:, None]
    if pledged.any():
        offered = np.where(pledged[None], pledge[None], offered)
    offered += 1e-9
    return cast(np.ndarray, np.floor(offered, out=offered))


def unknown_contributors(inventory: np.ndarray, pledge: np.ndarray, participants: np.ndarray,
                         willingness: np.ndarray, availability: np.ndarray) -> np.ndarray:
    """Participants whose supply of a class is unknown, shape (D, C, K) bool: no pledge, and
    either no sourced inventory or no sourced availability rate for the class."""
    no_pledge = ~np.isfinite(pledge) & participants[:, None]
    unk = (~np.isfinite(inventory))[None] | (~np.isfinite(availability))[:, None, :]
    w3 = willingness if willingness.ndim == 3 else willingness[:, :, None]
    return cast(np.ndarray, unk & no_pledge[None] & (w3 > 0))


def net_of_us(required: np.ndarray, us_supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split a requirement (D, K) into what the US covers and what is left for the others.

    Examples
    --------
    >>> us, rest = net_of_us(np.array([[10.0, 4.0]]), np.array([3.0, 6.0]))
    >>> us, rest
    (array([[3., 4.]]), array([[7., 0.]]))
    """
    us = np.minimum(required, us_supply[None, :])
    return us, required - us


def pool_offer(pool_members: np.ndarray, pool_size: np.ndarray, pool_class: np.ndarray,
               availability: np.ndarray, willingness: np.ndarray,
               participants: np.ndarray, take_part: np.ndarray | None = None) -> np.ndarray:
    """What pooled fleets offer, attributed to the members that take part, shape (D, C, K).

    Pool ``p`` offers ``floor(size_p x availability[class_p])`` aircraft. For a pool offered
    by its members, member ``c`` brings ``fraction[p, c] x willingness[c]`` of them when it
    takes part. For a pool offered by a NATO decision (``take_part[:, p]`` finite), the pool
    brings ``take_part[d, p]`` of its available aircraft (the hour share of the members that
    take part, :func:`decision_take_part`), attributed by ``fraction[p, c]``. Members are not
    rounded: a member with a twelfth of a pool brings a twelfth of an aircraft.

    Parameters
    ----------
    pool_members : (P, C) share of each pool attributed to each country (rows sum to 1)
    pool_size : (P,) aircraft, NaN = size unknown (offers nothing)
    pool_class : (P,) int, capability-class index of each pool
    availability : (D, K) share
    willingness : (D, C) or (D, C, K) share (per class: a member's willingness for the pool's class)
    participants : (C,) bool
    take_part : (D, P) share of a NATO-decision pool's hours whose members take part; NaN for
        pools offered by their members (optional: all offered by members)

    Examples
    --------
    NATO's 14 E-3A at availability 0.5 offer 7; with three members of equal share, of whom two
    take part, the pool brings 7 x 2/3:

    >>> off = pool_offer(np.full((1, 3), 1 / 3), np.array([14.0]), np.array([0]),
    ...                  np.array([[0.5]]), np.ones((1, 3)), np.array([True, True, False]))
    >>> off[0, :, 0].round(4), round(float(off.sum()), 4)
    (array([2.3333, 2.3333, 0.    ]), 4.6667)

    Offered by a NATO decision with every member's share taking part, all 7 are offered:

    >>> off = pool_offer(np.full((1, 3), 1 / 3), np.array([14.0]), np.array([0]),
    ...                  np.array([[0.5]]), np.zeros((1, 3)), np.array([True, True, False]),
    ...                  take_part=np.array([[1.0]]))
    >>> round(float(off.sum()), 4)
    7.0
    """
    D, K = availability.shape
    C = len(participants)
    P = len(pool_size)
    if P == 0:
        return np.zeros((D, C, K))
    size = np.where(np.isfinite(pool_size), pool_size, 0.0)
    avail = np.where(np.isfinite(availability), availability, 0.0)[:, pool_class]  # (D, P)
    fleet = np.floor(size[None, :] * avail + 1e-9)                                 # (D, P)
    w3 = (willingness if willingness.ndim == 3
          else np.broadcast_to(willingness[:, :, None], (*willingness.shape, K)))
    will = np.where(participants[None, :, None] & np.isfinite(w3), w3, 0.0)[:, :, pool_class]
    will_pc = np.moveaxis(will, 2, 1)                                                # (D, P, C)
    if take_part is not None:
        tp = np.broadcast_to(np.asarray(take_part, float).reshape(-1, P), (D, P))
        decided = np.isfinite(tp)
        will_pc = np.where(decided[:, :, None], np.where(decided, tp, 0.0)[:, :, None], will_pc)
    by_member = fleet[:, :, None] * pool_members[None, :, :] * will_pc               # (D, P, C)
    onehot = np.zeros((P, K))
    onehot[np.arange(P), pool_class] = 1.0
    out: np.ndarray = np.einsum("dpc,pk->dck", by_member, onehot)
    return out


#: Basis of each member's share in a NATO-decision pool, in the words every output uses.
POOL_BASIS: tuple[str, ...] = ("stated", "assumed", "overridden", "will not")


def decision_take_part(fractions: np.ndarray, stance: np.ndarray, contributes: np.ndarray,
                       override: np.ndarray, assumed_share: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share of a NATO-decision pool's hours whose members take part, and each member's basis.

    Rule (a design choice, labelled wherever it acts): NATO assigns a NATO-owned fleet, so a
    member's hour share counts unless the member said it "will not" take part in the mission
    (then its share is removed: its crews withdraw). A member whose position offers aircraft
    counts in full ("stated"); a scenario override sets the share ("overridden"); any other
    member -- no stated position, or a condition not met, which is not a refusal of the
    Alliance's fleet -- counts at ``assumed_share`` ("assumed", the lever
    ``air.pool.assumed_member_share``).

    Parameters
    ----------
    fractions : (M,) share of the pool's hours held by each member (sums to 1)
    stance : (M,) str, each member's stated position on the pool's mission (``will_not``, ...)
    contributes : (M,) bool, the member's position offers aircraft to the mission
    override : (D, M) share set by the scenario, NaN = none
    assumed_share : (D,) share counted for a member with no stated refusal [lever]

    Returns
    -------
    take_part : (D,) share of the pool's hours that take part
    member_share : (D, M) share of each member's hours that takes part
    basis : (M,) int, index into :data:`POOL_BASIS`

    Examples
    --------
    Four equal members: one said it will contribute, one "will not", one has no position, one
    a condition not met; the assumed share is 1 in the first draw and 0.5 in the second:

    >>> tp, share, basis = decision_take_part(
    ...     np.full(4, 0.25), np.array(["will_contribute", "will_not", "none", "conditional"]),
    ...     np.array([True, False, False, False]), np.full((2, 4), np.nan), np.array([1.0, 0.5]))
    >>> tp, [POOL_BASIS[b] for b in basis]
    (array([0.75, 0.5 ]), ['stated', 'will not', 'assumed', 'assumed'])
    """
    D = np.asarray(assumed_share).reshape(-1).shape[0]
    will_not = np.asarray(stance) == "will_not"
    contributes = np.asarray(contributes, bool) & ~will_not
    over = np.broadcast_to(np.asarray(override, float).reshape(-1, len(fractions)),
                           (D, len(fractions)))
    overridden = np.isfinite(over).any(axis=0)
    # each member's (D,) share is one of a few columns (0, 1, the lever, an override): built
    # once each and spread over the members (the same values as np.where over (D, M) arrays)
    src = np.where(will_not, 0, np.where(contributes, 1, 2))
    cols = [np.zeros(D), np.ones(D), np.asarray(assumed_share, float).reshape(D)]
    for j in np.flatnonzero(overridden):
        cols.append(np.where(np.isfinite(over[:, j]), over[:, j], cols[src[j]]))
        src[j] = len(cols) - 1
    share = np.take(np.clip(np.stack(cols, axis=1), 0.0, 1.0), src, axis=1)
    basis = np.where(overridden, 2, np.where(will_not, 3, np.where(contributes, 0, 1)))
    take_part = share @ np.asarray(fractions, float)
    return take_part, share, basis.astype(np.int8)


def supply_bounds(inventory: np.ndarray, inventory_low: np.ndarray, inventory_high: np.ndarray,
                  availability: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inventories to compute supply with: (at the lower bounds, at the upper bounds, and the
    availability at its upper bound), unknown cells replaced by their bounds.

    Unknown availability counts 0 at the lower and 1 at the upper bound; an unbounded unknown
    inventory counts a very large fleet at the upper bound.

    Examples
    --------
    >>> lo, hi, av = supply_bounds(np.array([[5.0, np.nan]]), np.array([[5.0, 1.0]]),
    ...                            np.array([[5.0, np.inf]]), np.array([[0.5, np.nan]]))
    >>> lo, bool(hi[0, 1] > 1e6), av
    (array([[5., 1.]]), True, array([[0.5, 1. ]]))
    """
    unknown = ~np.isfinite(inventory)
    lo = np.where(unknown, np.nan_to_num(inventory_low, nan=0.0), inventory)
    hi = np.where(unknown, np.nan_to_num(inventory_high, nan=_UNBOUNDED, posinf=_UNBOUNDED),
                  inventory)
    return lo, hi, np.where(np.isfinite(availability), availability, 1.0)


#: Stand-in for an unbounded upper bound (finite, so products stay finite).
_UNBOUNDED = 1e9


def station_requirement(stations: np.ndarray, per_station: np.ndarray, hours_per_day: np.ndarray,
                        time_on_station: np.ndarray, transit_hours: np.ndarray,
                        sorties_per_day: np.ndarray, availability: np.ndarray
                        ) -> dict[str, np.ndarray]:
    """Aircraft and flying hours a patrol operation needs, every argument shape (D,).

    Steps (each returned, shape (D,)):

    - ``sorties_per_day`` = stations x aircraft per station x hours covered per day / time on
      station (each sortie holds its station for ``time_on_station`` hours);
    - ``aircraft_flying`` = sorties per day / sorties one aircraft flies a day;
    - ``aircraft`` = aircraft flying / availability (the fleet behind them), not rounded here;
    - ``hours_per_year`` = sorties per day x (time on station + transit there and back) x 365.

    Examples
    --------
    Four stations of two fighters around the clock, 2 h on station, 1 h transit, two sorties per
    aircraft a day, availability 0.5: 4 x 2 x 24 / 2 = 96 sorties a day, 48 aircraft flying, a
    fleet of 96, and 96 x 3 h x 365 = 105,120 flying hours a year.

    >>> r = station_requirement(*[np.array([v]) for v in (4, 2, 24, 2, 1, 2, 0.5)])
    >>> [float(r[k][0]) for k in ("sorties_per_day", "aircraft_flying", "aircraft",
    ...                           "hours_per_year")]
    [96.0, 48.0, 96.0, 105120.0]
    """
    sorties = stations * per_station * hours_per_day / time_on_station
    flying = sorties / sorties_per_day
    with np.errstate(divide="ignore", invalid="ignore"):
        fleet = flying / availability
    return {"sorties_per_day": sorties, "aircraft_flying": flying, "aircraft": fleet,
            "hours_per_year": sorties * (time_on_station + transit_hours) * 365.0}


def supply(inp: Any, pledge: np.ndarray | None = None, draws: slice = slice(None)
           ) -> dict[str, np.ndarray]:
    """National, pooled and upper-bound supply of the air classes, one call for every shell.

    Parameters
    ----------
    inp : ModelInputs
    pledge : (C, K) units, optional
        Pledges to apply (default: the scenario's); pass all-NaN for supply without pledges.
    draws : slice
        Which draws to compute (default all).

    Returns
    -------
    dict with ``national`` (D, C, K) units at the sourced lower bounds of unknown inventories,
    ``pooled`` (D, C, K) what pools bring, attributed to members (not rounded), and ``extra``
    (D, K) what unknown inventories could add at their upper bounds (0 where none is unknown).
    """
    pledge = inp.pledge_aircraft if pledge is None else pledge
    avail, commit = inp.availability[draws], inp.commit_share[draws]
    will = inp.air_willingness()[draws]  # (D, C, K): per class, from stated positions
    if hasattr(inp, "inventory_bounds"):
        low, high = inp.inventory_bounds()
    else:
        low = inp.inventory_low if inp.inventory_low is not None else np.zeros_like(inp.inventory)
        high = (inp.inventory_high if inp.inventory_high is not None
                else np.full_like(inp.inventory, np.inf))
    if low.ndim == 3:  # unknowns drawn from their stated range, one value per draw
        low, high = low[draws], high[draws]
    inv_lo, inv_hi, avail_hi = supply_bounds(inp.inventory, low, high, avail)
    national = air_capacity(inv_lo, avail, commit, will, pledge, inp.participants)
    take_part = getattr(inp, "pool_take_part", None)
    pooled = pool_offer(inp.pool_members, inp.pool_size, inp.pool_class, avail, will,
                        inp.participants, None if take_part is None else take_part[draws])
    cells = unknown_contributors(inp.inventory, pledge, inp.participants, will, avail)
    rows = np.flatnonzero(cells.any(axis=(0, 2)))
    extra = np.zeros((avail.shape[0], avail.shape[1]))
    if rows.size:
        sub_hi = inv_hi[..., rows, :]
        hi = air_capacity(sub_hi, avail_hi, commit, will[:, rows], pledge[rows],
                          inp.participants[rows])
        extra = (hi - national[:, rows]).sum(axis=1)
    return {"national": national, "pooled": pooled, "extra": extra}
