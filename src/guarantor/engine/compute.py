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
from guarantor.engine.allocate import Allocator, Needs, allocator_for, rule_weights
from guarantor.engine.inputs import ModelInputs


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
    air_unknown: np.ndarray         # (D, K) bool: short at the sourced lower bounds, met at the
                                    # upper bounds of unknown inventories (never "short")
    air_only_us: np.ndarray         # (D, K) bool: the others' capacity alone falls short of the
                                    # requirement, the US fills it
    aid_required: np.ndarray        # (D,)
    aid_us: np.ndarray              # (D,)
    aid: np.ndarray                 # (D, C)
    aid_shortfall: np.ndarray       # (D,)
    fair_weights: np.ndarray        # (D, C) the rule's basis, normalised over participants
    cost_troops: np.ndarray         # (D, C) EUR per year (money_basis)
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
    #: basis of every EUR figure: the inputs' (constant euros of prices.base_year, e.g.
    #: "EUR_2024"); no default, so an evaluation can never carry a basis it was not computed in
    money_basis: str
    notes: tuple[str, ...] = ()     # how the rule was applied (e.g. fair_share fallback)
    gap_related_upper: np.ndarray | None = None  # (D, C) EUR: bound of the related-component gap
    target_core_share: np.ndarray | None = None  # (C,) share; NaN = no target for the country
    air_shortfall_min: np.ndarray | None = None  # (D, K) shortfall at the upper bounds of unknowns
    air_pool: np.ndarray | None = None           # (D, K) units pooled fleets cover
    cost_target_year: np.ndarray | None = None   # (D, C) EUR: the arrangement's cost in the
                                                 # target year (personnel at real pay growth)

    @property
    def feasible(self) -> np.ndarray:
        """(D,) bool: every requirement met (troops, every air class, aid)."""
        return (
            (self.troops_shortfall <= 0)
            & (self.air_shortfall <= 0).all(axis=-1)
            & (self.aid_shortfall <= 0)
        )


def _deflator(inp: ModelInputs, years: np.ndarray) -> np.ndarray:
    """(D, Y) current euros of each year -> constant euros of the money basis (1 without)."""
    n = inp.soldier_year_eur.shape[0]
    if inp.deflator is None:
        return np.ones((n, len(years)))
    pos = np.searchsorted(inp.years, years)
    inside = (pos < len(inp.years)) & (inp.years[np.minimum(pos, len(inp.years) - 1)] == years)
    if inside.all():
        return np.asarray(inp.deflator[:, pos], dtype=float)
    from guarantor.data.prices import price_index

    idx = price_index()
    base = inp.price_base_year if inp.price_base_year is not None else idx.base
    infl = _inflation(inp)
    out: np.ndarray = idx.level(base, infl[:, None]) / idx.level(years[None, :], infl[:, None])
    return out


def _inflation(inp: ModelInputs) -> np.ndarray:
    """(D,) the inflation the money basis carries past the price index [share_per_year]."""
    n = inp.soldier_year_eur.shape[0]
    return np.full(n, 0.019) if inp.inflation is None else np.asarray(inp.inflation, dtype=float)


def _real_growth(inp: ModelInputs) -> np.ndarray:
    """(D,) real growth of the personnel cost per year (0 when not given)."""
    g = inp.soldier_real_growth
    return np.zeros(inp.soldier_year_eur.shape[0]) if g is None else np.asarray(g, dtype=float)


def _normalise(w: np.ndarray) -> np.ndarray:
    s = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, w / s, 0.0)


def compute(inp: ModelInputs, *, years: bool = True, allocator: Allocator | None = None
            ) -> Outputs:
    """Evaluate every mission, cost and spending gap for all draws at once.

    The burden rule's allocator (:func:`guarantor.engine.allocate.allocator_for`) shares the
    requirements; ``allocator`` replaces it (e.g. the integer fair-share optimiser of
    :mod:`guarantor.apportion`). The ``fair_share`` rule's fair shares are the ``gdp`` rule's.

    ``years=False`` is the lean path for Monte Carlo: GDP, defence budget and the cost shares are
    computed for the first year of the horizon only (their year axis has length 1), since the
    other years follow from it by the (per-draw) growth rate; everything else is unchanged.
    """
    rule = "gdp" if inp.burden_rule == "fair_share" else inp.burden_rule
    alloc_fn = allocator if allocator is not None else allocator_for(inp.burden_rule)
    # troops and air-shield units are whole: a fractional requirement means one more unit
    # (+ 0.0: ceil(-1e-9) is -0.0, and a negative zero must never reach an output)
    troops_req = np.ceil(inp.troops_required - 1e-9) + 0.0
    air_req = np.ceil(inp.air_required - 1e-9) + 0.0

    # --- reassurance force: what each can field
    land = force_mod.land_forces(inp.personnel, inp.land_share)
    sust = force_mod.sustainable_troops(
        land, inp.deployable_share, inp.sustainable_share, inp.rotation_ratio, inp.sustainability)
    t_cap = force_mod.troop_capacity(sust, inp.willingness, inp.pledge_troops, inp.participants,
                                     inp.pledge_troops_capped)

    # --- air shield: the US netted off first, then pooled fleets, then national fleets share
    # the rest; unknown inventories count at their sourced lower bound (zero at worst)
    sup = air_mod.supply(inp)
    a_nat, pooled, extra = sup["national"], sup["pooled"], sup["extra"]
    pool_k = pooled.sum(axis=1)                                      # (D, K)
    us, rest = air_mod.net_of_us(air_req, inp.us_supply)
    pool_cover = np.minimum(rest, pool_k)
    rest_nat = rest - pool_cover
    with np.errstate(invalid="ignore", divide="ignore"):
        pool_used = pooled * np.where(pool_k > 0, pool_cover / pool_k, 0.0)[:, None, :]
    a_cap = a_nat + pooled
    only_us = (np.moveaxis(a_cap, 1, 2).sum(-1) < air_req) & (us > 0) & (air_req > 0)
    # --- military aid (US share first)
    aid_us, aid_rest = aid_mod.split_aid(inp.aid_required, inp.us_aid_share)

    # --- the burden rule shares what is left
    alloc = alloc_fn(inp, Needs(troops_req, t_cap, rest_nat, a_nat, aid_rest))
    t_alloc, aid_alloc = alloc.troops, alloc.aid
    a_alloc = alloc.air + pool_used
    t_short = np.clip(troops_req - t_alloc.sum(-1), 0.0, None)
    a_short = np.clip(rest_nat - np.moveaxis(alloc.air, 2, 1).sum(-1), 0.0, None)
    a_short_min = np.clip(a_short - extra, 0.0, None)
    aid_short = np.clip(aid_rest - aid_alloc.sum(-1), 0.0, None)
    # money: a residue below a millionth of a cent per euro is floating-point noise, not a gap
    tol = max(alloc.aid_tolerance, 1e-12)
    aid_short = np.where(aid_short > tol * aid_rest, aid_short, 0.0)
    notes: tuple[str, ...] = (alloc.note,) if alloc.note else ()
    uncosted = [k for k, used, rate in zip(inp.classes, a_alloc[0].sum(axis=0) > 0,
                                           inp.unit_year_eur[0], strict=True)
                if used and not np.isfinite(rate)]
    if uncosted:
        notes += ("the air shield's operating cost leaves out " + ", ".join(uncosted)
                  + ": no sourced cost per flying hour (or per unit-year); the cost shown is a "
                  "lower bound",)

    # --- costs, economy, spending
    soldier = (inp.soldier_year_eur_by_country if inp.soldier_year_eur_by_country is not None
               else inp.soldier_year_eur)
    c = cost_mod.annual_costs(t_alloc, soldier, a_alloc, inp.unit_year_eur, aid_alloc)
    yrs = inp.years if years else inp.years[:1]
    gdp = spend_mod.project(np.nan_to_num(inp.gdp_eur, nan=np.nan), inp.gdp_growth, yrs,
                            inp.base_year)
    # nominal GDP of each horizon year in constant euros of the money basis, like the costs
    defl = _deflator(inp, yrs)                                       # (D, Y)
    gdp = gdp * defl[:, None, :]
    milex = gdp * np.nan_to_num(inp.milex_gdp_share, nan=np.nan)[None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        cost_gdp = c["total"][:, :, None] / gdp
        cost_milex = c["total"][:, :, None] / milex
    applies = (inp.target_applies if inp.target_applies is not None
               else np.ones(len(inp.codes), dtype=bool))
    core = np.where(applies, inp.target_share, np.nan)
    to_const = _deflator(inp, np.array([inp.target_year]))[:, 0]     # (D,)
    gap = spend_mod.target_gap(inp.gdp_eur, inp.milex_gdp_share, inp.gdp_growth,
                               core, inp.target_year, inp.base_year, to_constant=to_const)
    rel_gap = spend_mod.related_gap_bound(inp.gdp_eur, inp.gdp_growth, inp.target_related_share,
                                          inp.target_year, inp.base_year, applies,
                                          to_constant=to_const)
    # the same year and basis on both sides: the arrangement's cost in the target year (personnel
    # at real pay growth) against the gap in the target year, both constant euros of the basis
    cost_ty = cost_mod.in_year(c, _real_growth(inp),
                               inp.target_year - int(inp.years[0]))
    fits = cost_ty <= gap["gap_eur"] + 1e-6

    fair = _normalise(rule_weights(rule if rule != "pledges" else "gdp", inp, t_cap))
    return Outputs(
        troops_required=troops_req, troops_capacity=t_cap, troops=t_alloc,
        troops_shortfall=t_short, air_required=air_req, air_us=us, air_capacity=a_cap,
        air=a_alloc, air_shortfall=a_short, air_unknown=(a_short > 0) & (a_short_min <= 0),
        air_only_us=only_us, aid_required=inp.aid_required, aid_us=aid_us, aid=aid_alloc,
        aid_shortfall=aid_short, fair_weights=fair, cost_troops=c["troops"], cost_air=c["air"],
        cost_aid=c["aid"], cost_total=c["total"], air_cost_known=c["air_cost_known"], gdp=gdp,
        milex=milex, cost_gdp_share=cost_gdp, cost_milex_share=cost_milex,
        gap_eur=gap["gap_eur"], increase_share_per_year=gap["increase_share_per_year"],
        increase_eur_per_year=gap["increase_eur_per_year"], cost_fits_gap=fits, notes=notes,
        gap_related_upper=rel_gap, target_core_share=core,
        air_shortfall_min=a_short_min, air_pool=pool_cover,
        money_basis=inp.money_basis, cost_target_year=cost_ty,
    )
