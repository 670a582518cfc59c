"""The orchestrator over arrays: compose forces, air, aid, costs and spending for all draws at once.

:func:`compute` is pure: :class:`~guarantor.engine.inputs.ModelInputs` in, :class:`Outputs` out,
no Python loop over countries or draws. A plain run is the case ``n_draws == 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from guarantor.engine import aid as aid_mod
from guarantor.engine import air as air_mod
from guarantor.engine import costs as cost_mod
from guarantor.engine import forces as force_mod
from guarantor.engine import spending as spend_mod
from guarantor.engine.allocate import capped_proportional, whole_units
from guarantor.engine.inputs import ModelInputs
from guarantor.errors import ScenarioError


@dataclass(frozen=True)
class Outputs:
    """Arrays of one evaluation (D draws, C countries, K classes, Y years)."""

    troops_required: np.ndarray     # (D,)
    troops_capacity: np.ndarray     # (D, C)
    troops: np.ndarray              # (D, C) allocated
    troops_shortfall: np.ndarray    # (D,)
    air_required: np.ndarray        # (D, K)
    air_us: np.ndarray              # (D, K) what the US covers
    air_capacity: np.ndarray        # (D, C, K)
    air: np.ndarray                 # (D, C, K) allocated
    air_shortfall: np.ndarray       # (D, K)
    air_unknown: np.ndarray         # (D, K) bool: short, and some participant's inventory unknown
    air_only_us: np.ndarray         # (D, K) bool: the others' capacity alone falls short of the
                                    # requirement, the US fills it
    aid_required: np.ndarray        # (D,)
    aid_us: np.ndarray              # (D,)
    aid: np.ndarray                 # (D, C)
    aid_shortfall: np.ndarray       # (D,)
    fair_weights: np.ndarray        # (D, C) the rule's basis, normalised over participants
    cost_troops: np.ndarray         # (D, C) EUR per year
    cost_air: np.ndarray            # (D, C)
    cost_aid: np.ndarray            # (D, C)
    cost_total: np.ndarray          # (D, C)
    air_cost_known: np.ndarray      # (D, C) bool
    gdp: np.ndarray                 # (D, C, Y) EUR
    milex: np.ndarray               # (D, C, Y) EUR at the base-year share
    cost_gdp_share: np.ndarray      # (D, C, Y)
    cost_milex_share: np.ndarray    # (D, C, Y)
    gap_eur: np.ndarray             # (D, C) extra annual spending needed in the target year
    increase_share_per_year: np.ndarray  # (C,)
    increase_eur_per_year: np.ndarray    # (D, C)
    cost_fits_gap: np.ndarray       # (D, C) bool: arrangement cost (target year) within the gap
    notes: tuple[str, ...] = ()     # how the rule was applied (e.g. fair_share fallback)

    @property
    def feasible(self) -> np.ndarray:
        """(D,) bool: every requirement met (troops, every air class, aid)."""
        return (
            (self.troops_shortfall <= 0)
            & (self.air_shortfall <= 0).all(axis=-1)
            & (self.aid_shortfall <= 0)
        )


def rule_weights(rule: str, inp: ModelInputs, capacity: np.ndarray | None = None,
                 money: bool = False) -> np.ndarray:
    """Basis of the burden rule per draw and country, shape (D, C) (participants only).

    ``gdp``: GDP; ``capacity``: what the country can field (for money: its defence budget);
    ``historical``: its past military aid; ``pledges`` has no basis (pledges as written).
    """
    D, C = inp.willingness.shape
    part = inp.participants[None, :] & (inp.willingness > 0)
    if rule == "gdp":
        base = np.broadcast_to(np.nan_to_num(inp.gdp_eur)[None, :], (D, C))
    elif rule == "capacity":
        base = (np.broadcast_to(np.nan_to_num(inp.milex_eur)[None, :], (D, C))
                if money or capacity is None else capacity)
    elif rule == "historical":
        base = np.broadcast_to(np.nan_to_num(inp.aid_history)[None, :], (D, C))
    elif rule == "pledges":
        base = np.zeros((D, C))
    else:
        raise ScenarioError(
            "unknown burden rule for a proportional basis", value=rule,
            allowed="gdp, capacity, historical, pledges (fair_share goes through the optimiser)",
        )
    return np.where(part, base, 0.0)


def _normalise(w: np.ndarray) -> np.ndarray:
    s = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, w / s, 0.0)


def compute(inp: ModelInputs, *, years: bool = True) -> Outputs:
    """Evaluate every mission, cost and spending gap for all draws at once.

    The ``fair_share`` rule takes its allocations from the fair-share MILP
    (:func:`guarantor.apportion.fair_share_allocations`, one solve per draw); its fair shares and,
    for Monte Carlo runs above ``FAIR_SHARE_MAX_DRAWS`` draws, its allocations are the ``gdp``
    rule's (the continuous optimum of the same objective), and a note says so.

    ``years=False`` is the lean path for Monte Carlo: GDP, defence budget and the cost shares are
    computed for the first year of the horizon only (their year axis has length 1), since the
    other years follow from it by the (per-draw) growth rate; everything else is unchanged.
    """
    fair_share = inp.burden_rule == "fair_share"
    rule = "gdp" if fair_share else inp.burden_rule
    D, C = inp.willingness.shape
    # troops and air-shield units are whole: a fractional requirement means one more unit
    troops_req = np.ceil(inp.troops_required - 1e-9)
    air_req = np.ceil(inp.air_required - 1e-9)

    # --- reassurance force
    land = force_mod.land_forces(inp.personnel, inp.land_share)
    sust = force_mod.sustainable_troops(
        land, inp.deployable_share, inp.sustainable_share, inp.rotation_ratio, inp.sustainability)
    t_cap = force_mod.troop_capacity(sust, inp.willingness, inp.pledge_troops, inp.participants)
    if rule == "pledges":
        t_alloc = np.where(np.isfinite(inp.pledge_troops)[None, :], t_cap, 0.0)
    else:
        w = rule_weights(rule, inp, t_cap)
        t_alloc = whole_units(capped_proportional(troops_req, w, t_cap), t_cap)
    t_short = np.clip(troops_req - t_alloc.sum(-1), 0.0, None)

    # --- air shield (US netted off first)
    a_cap = air_mod.air_capacity(inp.inventory, inp.availability, inp.commit_share,
                                 inp.willingness, inp.pledge_aircraft, inp.participants)
    us, rest = air_mod.net_of_us(air_req, inp.us_supply)
    cap_dkc = np.moveaxis(a_cap, 1, 2)  # (D, K, C)
    if rule == "pledges":
        alloc_dkc = np.where(np.isfinite(inp.pledge_aircraft).T[None], cap_dkc, 0.0)
    else:
        if rule == "capacity":
            w_dkc = cap_dkc
        else:
            w_dkc = np.broadcast_to(rule_weights(rule, inp)[:, None, :], cap_dkc.shape)
        alloc_dkc = whole_units(capped_proportional(rest, w_dkc, cap_dkc), cap_dkc)
    a_alloc = np.moveaxis(alloc_dkc, 2, 1)  # (D, C, K)
    a_short = np.clip(rest - alloc_dkc.sum(-1), 0.0, None)
    unknown = air_mod.unknown_contributors(inp.inventory, inp.pledge_aircraft, inp.participants,
                                           inp.willingness, inp.availability).any(axis=1)
    others_total = cap_dkc.sum(-1)
    only_us = (others_total < air_req) & (us > 0) & (air_req > 0)

    # --- military aid
    aid_us, aid_rest = aid_mod.split_aid(inp.aid_required, inp.us_aid_share)
    if rule == "pledges":
        aid_alloc = np.broadcast_to(
            np.where(inp.participants, np.nan_to_num(inp.pledge_aid), 0.0)[None, :], (D, C)).copy()
    else:
        w = rule_weights(rule, inp, money=True)
        caps = np.where(np.isfinite(inp.pledge_aid)[None, :], inp.pledge_aid[None, :], np.inf)
        caps = np.where(w > 0, caps, 0.0)
        aid_alloc = capped_proportional(aid_rest, w, np.where(np.isinf(caps), 1e30, caps))
    aid_short = np.clip(aid_rest - aid_alloc.sum(-1), 0.0, None)

    notes: tuple[str, ...] = ()
    if fair_share:
        from guarantor.apportion import fair_share_allocations
        from guarantor.apportion.result import FAIR_SHARE_MAX_DRAWS

        fs = fair_share_allocations(inp)
        if fs is None:
            notes = (f"fair_share: {D} draws exceed {FAIR_SHARE_MAX_DRAWS}; the draws use the "
                     "gdp rule's capped proportional split (the continuous fair-share optimum)",)
        else:
            t_alloc, a_alloc, aid_alloc = fs
            t_short = np.clip(troops_req - t_alloc.sum(-1), 0.0, None)
            a_short = np.clip(rest - a_alloc.sum(1), 0.0, None)
            aid_short = np.clip(aid_rest - aid_alloc.sum(-1), 0.0, None)
            aid_short = np.where(aid_short > 1e-6 * aid_rest, aid_short, 0.0)
            notes = ("fair_share: allocations from the fair-share MILP (GDP basis, troops in "
                     "whole units of 150; see `guarantor apportion`)",)

    # --- costs, economy, spending
    c = cost_mod.annual_costs(t_alloc, inp.soldier_year_eur, a_alloc, inp.unit_year_eur, aid_alloc)
    gdp = spend_mod.project(np.nan_to_num(inp.gdp_eur, nan=np.nan), inp.gdp_growth,
                            inp.years if years else inp.years[:1],
                            inp.base_year)
    milex = gdp * np.nan_to_num(inp.milex_gdp_share, nan=np.nan)[None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        cost_gdp = c["total"][:, :, None] / gdp
        cost_milex = c["total"][:, :, None] / milex
    gap = spend_mod.target_gap(inp.gdp_eur, inp.milex_gdp_share, inp.gdp_growth,
                               inp.target_share, inp.target_year, inp.base_year)
    fits = c["total"] <= gap["gap_eur"] + 1e-6

    fair = _normalise(rule_weights(rule if rule != "pledges" else "gdp", inp, t_cap))
    return Outputs(
        troops_required=troops_req, troops_capacity=t_cap, troops=t_alloc,
        troops_shortfall=t_short, air_required=air_req, air_us=us, air_capacity=a_cap,
        air=a_alloc, air_shortfall=a_short, air_unknown=unknown & (a_short > 0),
        air_only_us=only_us, aid_required=inp.aid_required, aid_us=aid_us, aid=aid_alloc,
        aid_shortfall=aid_short, fair_weights=fair, cost_troops=c["troops"], cost_air=c["air"],
        cost_aid=c["aid"], cost_total=c["total"], air_cost_known=c["air_cost_known"], gdp=gdp,
        milex=milex, cost_gdp_share=cost_gdp, cost_milex_share=cost_milex,
        gap_eur=gap["gap_eur"], increase_share_per_year=gap["increase_share_per_year"],
        increase_eur_per_year=gap["increase_eur_per_year"], cost_fits_gap=fits, notes=notes,
    )
