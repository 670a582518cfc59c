"""The whole engine for one draw in one compiled pass: the Monte Carlo fast path.

:func:`guarantor.engine.compute.compute` followed by the Monte Carlo reduction
(:func:`guarantor.uncertainty.montecarlo.extract`) is the reference (NumPy) path. At a million
draws it writes some thirty (draws x countries [x classes]) arrays per chunk and reads each back
(profile of issue 18: air supply a third of the time, then water-fill and rounding, page faults).
:func:`evaluate` does the same arithmetic one draw at a time -- troop capacity, air supply
(national fleets, pools, the upper bounds of unknown inventories), the US netted off, the burden
rule's capped split in whole units, aid, costs, spending gap -- keeping every intermediate in a
few small scratch vectors, and writes only the per-draw outputs Monte Carlo reports.

Same method, step for step, as the reference functions (``forces.troop_capacity``,
``air.supply``, ``allocate.Capped``, ``costs.annual_costs``, ``spending.target_gap``,
``compute.compute``, ``montecarlo.extract``): each product and comparison is written in the
reference's order, so whole units, shortfalls and booleans are identical. Sums over countries are
added left to right here and pairwise by NumPy, so money (costs, burdens, aid shares, gaps) may
differ in the last bits (relative 1e-12 at most; ``tests/engine/test_fused.py`` compares every
output column on thousands of Monte Carlo draws).

The year axis: the reported figures need the first year of the horizon (burden) and the spending
target year (gap, cost in that year); the other years add nothing to them, so they are not
computed (:func:`guarantor.engine.compute.compute` with ``years=True`` still computes them).

Supported: the weighted burden rules (``gdp``, ``capacity``, ``historical``, ``fair_share``) of
the engine's own allocators; ``pledges`` or another allocator takes the reference path
(:func:`supports`).

numba is imported on first use only (never by a plain run); ``cache=True`` keeps the compiled
code on disk, so a second process loads it instead of compiling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from guarantor.data.vocabulary import BURDEN_RULES
from guarantor.engine import kernels
from guarantor.engine.kernels import _prepare, _split_one

__all__ = ["supports", "load", "evaluate", "FusedOut", "RULES"]

#: Burden rules the fused kernel computes (code = position): the vocabulary's rules but
#: ``pledges`` (the reference path) and ``fair_share`` (computed as the ``gdp`` split).
RULES: tuple[str, ...] = tuple(r for r in BURDEN_RULES if r not in ("pledges", "fair_share"))
_HUGE = float(np.finfo(np.float64).max)


def _offer(pledge: float, inv: float, f: float, will: float
           ) -> float:  # pragma: no cover - runs compiled
    """Units of a class one participant offers (:func:`guarantor.engine.air.air_capacity`): its
    pledge, else inventory x (availability x commit share) x willingness, in whole units."""
    if pledge - pledge == 0.0:
        x = pledge
    else:
        inv = inv if inv - inv == 0.0 else 0.0
        x = inv * f
        x *= will if will - will == 0.0 else 0.0
    return float(np.floor(x + 1e-9))


def _clean_low(inv: float) -> float:  # pragma: no cover - runs compiled
    """A value as air supply reads an unknown fleet's lower bound or the commitment: NaN = 0,
    clamped to floats."""
    return 0.0 if inv != inv else (_HUGE if inv > _HUGE else (-_HUGE if inv < -_HUGE else inv))


def _clean_high(inv: float) -> float:  # pragma: no cover - runs compiled
    """An unknown fleet's upper bound as air supply reads it: unbounded = a very large fleet
    (1e9), then as :func:`_offer` reads an inventory (not finite = 0)."""
    if inv != inv or inv > _HUGE:
        inv = 1e9
    return inv if inv - inv == 0.0 else 0.0


def _fused(rule: int, whole_air: bool, idx: np.ndarray,
           # per draw (D,) / (D, K)
           troops_required: np.ndarray, sust_factor: np.ndarray, commit: np.ndarray,
           air_required: np.ndarray, availability: np.ndarray, unit_rate: np.ndarray,
           aid_required: np.ndarray, us_aid_share: np.ndarray, growth0: np.ndarray,
           gap_factor: np.ndarray, real_factor: np.ndarray,
           # per draw and country (D, C[, K]); inventories (D, C, K), a view of (C, K) if fixed
           land_share: np.ndarray, will: np.ndarray, will_air: np.ndarray, amap: np.ndarray,
           will_aid: np.ndarray, soldier: np.ndarray,
           # unknown inventories: bounds (C, K); drawn cells' index (C, K), -1 = not drawn,
           # and their values (D, U)
           inv_lo: np.ndarray, inv_hi: np.ndarray, cell: np.ndarray, cell_lo: np.ndarray,
           cell_hi: np.ndarray,
           # per country (C,) / (C, K)
           personnel: np.ndarray, pledge_troops: np.ndarray, capped: np.ndarray,
           w_gdp: np.ndarray, w_hist: np.ndarray, w_milex: np.ndarray, pledge_aid: np.ndarray,
           gdp0: np.ndarray, headroom: np.ndarray, gdp_base: np.ndarray,
           inventory: np.ndarray, pledge_air: np.ndarray, us_supply: np.ndarray,
           unknown_rows: np.ndarray,
           # pools (Q, C), (Q,), (Q,), (D, Q) NaN = offered by members
           pool_members: np.ndarray, pool_size: np.ndarray, pool_class: np.ndarray,
           take_part: np.ndarray,
           # outputs
           o_troops_short: np.ndarray, o_air_short: np.ndarray, o_air_low: np.ndarray,
           o_air_unknown: np.ndarray, o_aid_short: np.ndarray, o_feasible: np.ndarray,
           o_cost: np.ndarray, o_gap: np.ndarray, o_fits: np.ndarray, o_burden: np.ndarray,
           o_cost_total: np.ndarray, o_cost_share: np.ndarray, o_gap_total: np.ndarray
           ) -> None:  # pragma: no cover - runs compiled (tested against the reference path)
    D = troops_required.shape[0]
    P = idx.shape[0]
    K = air_required.shape[1]
    Q = pool_size.shape[0]
    t_cap = np.empty(P)
    t_alloc = np.empty(P)
    a_nat = np.empty((K, P))
    pooled = np.zeros((K, P))
    a_alloc = np.empty(P)
    air_cost = np.empty(P)
    aid_alloc = np.empty(P)
    wv = np.empty(P)
    cw = np.empty(P)
    capf = np.empty(P)
    sat = np.empty(P, dtype=np.bool_)
    w_air = np.empty(P)
    rest_nat = np.empty(K)
    scale = np.empty(K)
    extra = np.empty(K)
    # national fleets per class and participant (K, P): the inventory, or an unknown one's
    # sourced lower bound (drawn cells: per draw) and upper bound; pledges; the unknown fleets
    # without a pledge of the rows that may have one (``hi_j``, in row order)
    M = will_air.shape[2]
    wv_air = np.empty((M, P))
    inv_kp = np.zeros((K, P))
    hi_kp = np.zeros((K, P))
    pl_j = np.empty((K, P), dtype=np.int64)
    pl_v = np.empty((K, P))
    n_pl = np.zeros(K, dtype=np.int64)
    hi_j = np.empty((K, P), dtype=np.int64)
    n_hi = np.zeros(K, dtype=np.int64)
    drawn_k = np.empty(K * P, dtype=np.int64)
    drawn_j = np.empty(K * P, dtype=np.int64)
    drawn_u = np.empty(K * P, dtype=np.int64)
    n_drawn = 0
    members = np.empty((Q, P))  # each pool's member shares, participants only
    for q in range(Q):
        for j in range(P):
            members[q, j] = pool_members[q, idx[j]]
    in_rows = np.zeros(P, dtype=np.bool_)
    for r in range(unknown_rows.shape[0]):
        in_rows[unknown_rows[r]] = True
    for k in range(K):
        for j in range(P):
            c = idx[j]
            inv = inventory[c, k]
            pl = pledge_air[c, k]
            if inv - inv == 0.0:
                inv_kp[k, j] = inv
            elif cell[c, k] < 0:
                inv_kp[k, j] = _clean_low(inv_lo[c, k])
                hi_kp[k, j] = _clean_high(inv_hi[c, k])
            else:
                drawn_k[n_drawn] = k
                drawn_j[n_drawn] = j
                drawn_u[n_drawn] = cell[c, k]
                n_drawn += 1
            if pl - pl == 0.0:
                pl_j[k, n_pl[k]] = j
                pl_v[k, n_pl[k]] = np.floor(pl + 1e-9)
                n_pl[k] += 1
            elif in_rows[j] and inv - inv != 0.0:
                hi_j[k, n_hi[k]] = j
                n_hi[k] += 1
    gdp_part = 0.0
    for j in range(P):
        g = gdp0[idx[j]]
        if g == g:
            gdp_part += g
    for d in range(D):
        # --- reassurance force (forces.troop_capacity)
        for j in range(P):
            c = idx[j]
            sust = (personnel[c] * land_share[d, c]) * sust_factor[d]
            p = pledge_troops[c]
            if p - p == 0.0:
                given = p
                if capped[c]:
                    given = sust if (sust < p or sust != sust) else p
                off = given
            else:
                off = sust * will[d, c]
            if off != off:
                off = 0.0
            elif off > _HUGE:
                off = _HUGE
            elif off < -_HUGE:
                off = -_HUGE
            t_cap[j] = np.floor(off + 1e-9)
        req_t = np.ceil(troops_required[d] - 1e-9) + 0.0
        for j in range(P):
            c = idx[j]
            if will[d, c] > 0.0:
                wj = w_gdp[c] if rule == 0 else (t_cap[j] if rule == 1 else w_hist[c])
            else:
                wj = 0.0
            _prepare(wj, t_cap[j], j, wv, cw, capf)
        _split_one(req_t, wv, cw, t_alloc, True, sat, capf, P)
        s = 0.0
        for j in range(P):
            s += t_alloc[j]
        t_short = req_t - s
        t_short = t_short if t_short > 0.0 else 0.0
        # --- air shield (air.supply): national fleets at the sourced lower bounds, pools
        cm = _clean_low(commit[d])  # NaN = 0, clamped to floats (as air.supply reads it)
        # each participant's willingness per air mission, cleaned as _offer reads it, and the
        # drawn unknown fleets at both bounds
        for mm in range(M):
            for j in range(P):
                w = will_air[d, idx[j], mm]
                wv_air[mm, j] = w if w - w == 0.0 else 0.0
        for t in range(n_drawn):
            k = drawn_k[t]
            j = drawn_j[t]
            u = drawn_u[t]
            inv_kp[k, j] = _clean_low(cell_lo[d, u])
            hi_kp[k, j] = _clean_high(cell_hi[d, u])
        for k in range(K):
            av_raw = availability[d, k]
            av = av_raw if av_raw - av_raw == 0.0 else 0.0
            f = av * cm
            m = amap[k]
            s = 0.0
            for j in range(P):  # _offer, with the inventory and willingness read above
                x = inv_kp[k, j] * f
                x *= wv_air[m, j]
                x = np.floor(x + 1e-9)
                a_nat[k, j] = x
                s += x
            for t in range(n_pl[k]):
                a_nat[k, pl_j[k, t]] = pl_v[k, t]
                s += pl_v[k, t]
            if s - s == 0.0 and av_raw - av_raw == 0.0:
                # every offer finite, availability sourced (so the same at both bounds): only
                # unknown fleets without a pledge differ at their upper bound; every other row
                # of air.supply's ``extra`` adds an exact 0.0, left out
                ex = 0.0
                for t in range(n_hi[k]):
                    j = hi_j[k, t]
                    x = hi_kp[k, j] * f
                    x *= wv_air[m, j]
                    ex += np.floor(x + 1e-9) - a_nat[k, j]
                extra[k] = ex
                continue
            # upper bounds of unknown inventories (air.supply's ``extra``), every row
            av_hi = av_raw if av_raw - av_raw == 0.0 else 1.0
            f_hi = av_hi * cm
            ex = 0.0
            for r in range(unknown_rows.shape[0]):
                j = unknown_rows[r]
                c = idx[j]
                inv = inventory[c, k]
                if inv - inv != 0.0:  # unknown: its upper bound, unbounded = a very large fleet
                    u = cell[c, k]
                    inv = inv_hi[c, k] if u < 0 else cell_hi[d, u]
                    if inv != inv or inv > _HUGE:
                        inv = 1e9
                ex += _offer(pledge_air[c, k], inv, f_hi, will_air[d, c, m]) - a_nat[k, j]
            extra[k] = ex
        for k in range(K):
            for j in range(P):
                pooled[k, j] = 0.0
        for q in range(Q):
            k = pool_class[q]
            size = pool_size[q] if pool_size[q] - pool_size[q] == 0.0 else 0.0
            av = availability[d, k] if availability[d, k] - availability[d, k] == 0.0 else 0.0
            fleet = np.floor(size * av + 1e-9)
            tp = take_part[d, q]
            if tp == tp:
                for j in range(P):
                    pooled[k, j] += fleet * members[q, j] * tp
            else:  # offered by its members, each as willing as for the class's mission
                m = amap[k]
                for j in range(P):
                    pooled[k, j] += fleet * members[q, j] * wv_air[m, j]
        # the US first, then pools, then national fleets share the rest
        for k in range(K):
            req_k = np.ceil(air_required[d, k] - 1e-9) + 0.0
            us = req_k if req_k < us_supply[k] else us_supply[k]
            rest = req_k - us
            pk = 0.0
            for j in range(P):
                pk += pooled[k, j]
            cover = rest if rest < pk else pk
            rest_nat[k] = rest - cover
            scale[k] = cover / pk if pk > 0.0 else 0.0
        for j in range(P):
            air_cost[j] = 0.0
        if rule != 1:
            for j in range(P):
                c = idx[j]
                mx = will_air[d, c, amap[0]]
                for k in range(1, K):
                    if will_air[d, c, amap[k]] > mx:
                        mx = will_air[d, c, amap[k]]
                w_air[j] = (w_gdp[c] if rule == 0 else w_hist[c]) if mx > 0.0 else 0.0
        all_met = True
        for k in range(K):
            for j in range(P):
                wj = a_nat[k, j] if rule == 1 else w_air[j]
                _prepare(wj, a_nat[k, j], j, wv, cw, capf)
            _split_one(rest_nat[k], wv, cw, a_alloc, whole_air, sat, capf, P)
            s = 0.0
            for j in range(P):
                s += a_alloc[j]
            short = rest_nat[k] - s
            short = short if short > 0.0 else 0.0
            low = short - extra[k]
            low = low if low > 0.0 else 0.0
            o_air_short[d, k] = short
            o_air_low[d, k] = low
            o_air_unknown[d, k] = short > 0.0 and low <= 0.0
            all_met = all_met and short <= 0.0
            rate = unit_rate[d, k]
            rate = rate if rate - rate == 0.0 else 0.0
            for j in range(P):
                air_cost[j] += (a_alloc[j] + pooled[k, j] * scale[k]) * rate
        # --- military aid: the US share first, the rest split without rounding
        sh = us_aid_share[d]
        sh = 0.0 if sh < 0.0 else (1.0 if sh > 1.0 else sh)
        aid_rest = aid_required[d] - aid_required[d] * sh
        for j in range(P):
            c = idx[j]
            if will_aid[d, c] > 0.0:
                wj = w_gdp[c] if rule == 0 else (w_milex[c] if rule == 1 else w_hist[c])
            else:
                wj = 0.0
            pa = pledge_aid[c]
            cap = (pa if pa == pa and pa - pa == 0.0 else 1e30) if wj > 0.0 else 0.0
            _prepare(wj, cap, j, wv, cw, capf)
        _split_one(aid_rest, wv, cw, aid_alloc, False, sat, capf, P)
        s = 0.0
        for j in range(P):
            s += aid_alloc[j]
        aid_short = aid_rest - s
        aid_short = aid_short if aid_short > 0.0 else 0.0
        aid_short = aid_short if aid_short > 1e-12 * aid_rest else 0.0
        o_troops_short[d] = t_short
        o_aid_short[d] = aid_short
        o_feasible[d] = t_short <= 0.0 and all_met and aid_short <= 0.0
        # --- costs, burden, spending gap (costs.annual_costs, spending.target_gap, extract)
        total = 0.0
        gap_total = 0.0
        for j in range(P):
            c = idx[j]
            rs = soldier[d, c]
            rs = 0.0 if rs != rs else (_HUGE if rs > _HUGE else (-_HUGE if rs < -_HUGE else rs))
            tc = t_alloc[j] * rs
            cost = tc + air_cost[j] + aid_alloc[j]
            o_cost[d, j] = cost
            o_burden[d, j] = cost / (gdp0[c] * growth0[d])
            if cost == cost:
                total += cost
            gdp_t = gdp_base[c] * gap_factor[d]
            gdp_t = gdp_t * real_factor[d, 1]
            gap = headroom[c] * gdp_t
            o_gap[d, j] = gap
            if gap == gap:
                gap_total += gap
            o_fits[d, j] = tc * real_factor[d, 0] + air_cost[j] + aid_alloc[j] <= gap + 1e-6
        o_cost_total[d] = total
        gp = gdp_part * growth0[d]
        o_cost_share[d] = total / gp if gp > 0.0 else np.nan
        o_gap_total[d] = gap_total


_compiled: Callable[..., None] | None = None


def _kernel() -> Callable[..., None]:
    """The compiled kernel (numba, cached on disk), compiled on first use."""
    global _compiled, _split_one, _prepare, _offer, _clean_low, _clean_high
    if _compiled is None:
        import numba

        kernels._kernel()  # compiles the split both kernels use (ImportError without numba)
        _split_one, _prepare = kernels._split_one, kernels._prepare
        jit = numba.njit(cache=True, nogil=True, error_model="numpy")
        if not hasattr(_offer, "py_func"):
            _offer, _clean_low, _clean_high = jit(_offer), jit(_clean_low), jit(_clean_high)
        _compiled = jit(_fused)
    return _compiled


def load() -> bool:
    """Compile (or load from numba's cache) the kernel now, e.g. before forking workers; False
    when numba is not importable."""
    return kernels.loads(_kernel)


def supports(inp: Any, allocator: Any = None) -> bool:
    """True when the fused kernel computes this model: the engine's own weighted rules."""
    from guarantor.engine.allocate import ALLOCATORS

    rule = "gdp" if inp.burden_rule == "fair_share" else inp.burden_rule
    if allocator is not None and allocator is not ALLOCATORS.get(inp.burden_rule):
        return False
    return rule in RULES and load()


@dataclass(frozen=True)
class FusedOut:
    """Per-draw outputs of :func:`evaluate` (D draws, P participants, K classes).

    Attribute names follow :class:`guarantor.engine.compute.Outputs`; the per-country arrays are
    over participants only, in registry order.
    """

    troops_shortfall: np.ndarray   # (D,) persons
    air_shortfall: np.ndarray      # (D, K) units
    air_shortfall_min: np.ndarray  # (D, K) units, at the upper bounds of unknown inventories
    air_unknown: np.ndarray        # (D, K) bool
    aid_shortfall: np.ndarray      # (D,) EUR per year
    feasible: np.ndarray           # (D,) bool
    cost: np.ndarray               # (D, P) EUR per year
    gap_eur: np.ndarray            # (D, P) EUR
    fits_gap: np.ndarray           # (D, P) bool
    burden: np.ndarray             # (D, P) share of GDP, first year of the horizon
    cost_total: np.ndarray         # (D,) EUR per year, participants
    cost_gdp_share: np.ndarray     # (D,) share of participants' GDP
    spending_gap_eur: np.ndarray   # (D,) EUR, participants


def _buffers(D: int, P: int, K: int, reuse: FusedOut | None) -> FusedOut:
    if reuse is not None and reuse.cost.shape == (D, P) and reuse.air_shortfall.shape[1] == K:
        return reuse
    f8, b1 = np.float64, np.bool_
    return FusedOut(np.empty(D), np.empty((D, K)), np.empty((D, K)), np.empty((D, K), b1),
                    np.empty(D), np.empty(D, b1), np.empty((D, P)), np.empty((D, P)),
                    np.empty((D, P), b1), np.empty((D, P), f8), np.empty(D), np.empty(D),
                    np.empty(D))


def _air_willingness(inp: Any) -> tuple[np.ndarray, np.ndarray]:
    """Air willingness as (D, C, M) and each class's index into M: the compact form, the full
    (D, C, K) array (M = K), or the troops' willingness (M = 1)."""
    K = len(inp.classes)
    if inp.willingness_air is not None:
        return inp.willingness_air, np.arange(K, dtype=np.int64)
    if inp.willingness_air_missions is not None and inp.air_mission_index is not None:
        return inp.willingness_air_missions, np.asarray(inp.air_mission_index, np.int64)
    return inp.willingness[:, :, None], np.zeros(K, dtype=np.int64)


def _inventory_cells(inp: Any) -> tuple[np.ndarray, ...]:
    """Bounds of unknown inventories as (C, K) and the drawn cells: index (C, K) (-1: not
    drawn) and lower and upper values (D, U)."""
    f = np.float64
    low = inp.inventory_low if inp.inventory_low is not None else np.zeros_like(inp.inventory)
    high = (inp.inventory_high if inp.inventory_high is not None
            else np.full_like(inp.inventory, np.inf))
    cell = np.full(np.shape(inp.inventory), -1, dtype=np.int64)
    D = inp.willingness.shape[0]
    if inp.inventory_drawn and inp.inventory_drawn_values is not None:
        for u, (c, k) in enumerate(inp.inventory_drawn):
            cell[c, k] = u
        vals = np.ascontiguousarray(inp.inventory_drawn_values, f)
        return np.asarray(low, f), np.asarray(high, f), cell, vals, vals
    if low.ndim == 3:  # drawn, as full arrays: the cells that vary between draws
        def varies(x: np.ndarray) -> np.ndarray:
            same = (x == x[:1]) | (np.isnan(x) & np.isnan(x[:1]))
            return np.asarray(~same.all(axis=0))

        cs, ks = np.nonzero(varies(low) | varies(high))
        cell[cs, ks] = np.arange(len(cs))
        return (np.asarray(low[0], f), np.asarray(high[0], f), cell,
                np.ascontiguousarray(low[:, cs, ks], f), np.ascontiguousarray(high[:, cs, ks], f))
    empty = np.zeros((D, 0))
    return np.asarray(low, f), np.asarray(high, f), cell, empty, empty


def evaluate(inp: Any, out: FusedOut | None = None) -> FusedOut:
    """Every draw of ``inp`` through the fused kernel; ``out`` (same sizes) is reused if given.

    Parameters
    ----------
    inp : ModelInputs
        All countries (non-participants are skipped, not copied out).
    out : FusedOut, optional
        Buffers of a previous call, overwritten (no fresh arrays per chunk).

    Returns
    -------
    FusedOut
    """
    from guarantor.engine.compute import _deflator, _real_growth

    rule = RULES.index("gdp" if inp.burden_rule == "fair_share" else inp.burden_rule)
    D, C = inp.willingness.shape
    K = len(inp.classes)
    idx = np.flatnonzero(inp.participants).astype(np.int64)
    P = len(idx)
    res = _buffers(D, P, K, out)
    f = np.float64

    def dk(x: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, f), (D, K))

    if inp.sustainability == "rotation":
        sust_factor = inp.deployable_share / inp.rotation_ratio
    else:
        sust_factor = inp.sustainable_share
    will_air, amap = _air_willingness(inp)
    lo2, hi2, cell, cell_lo, cell_hi = _inventory_cells(inp)
    # participants (positions in idx) that may have an unknown cell (air.unknown_contributors)
    no_pledge = ~np.isfinite(inp.pledge_aircraft) & inp.participants[:, None]      # (C, K)
    willing = np.asarray((will_air > 0).any(axis=0))[:, amap]                      # (C, K)
    rows = (~np.isfinite(inp.inventory) & no_pledge & willing).any(axis=1)
    bad = ~np.isfinite(dk(inp.availability))
    for k in np.flatnonzero(bad.any(axis=0)):  # unsourced availability (rare): per draw
        rows |= (bad[:, k, None] & (will_air[:, :, amap[k]] > 0)).any(axis=0) & no_pledge[:, k]
    unknown_rows = np.searchsorted(idx, np.flatnonzero(rows)).astype(np.int64)
    # cost per soldier: one rate, or one per country
    soldier = (inp.soldier_year_eur_by_country if inp.soldier_year_eur_by_country is not None
               else np.broadcast_to(np.asarray(inp.soldier_year_eur, f)[:, None], (D, C)))
    # spending: the gap (target year, constant euros) and the cost in the target year
    applies = (inp.target_applies if inp.target_applies is not None
               else np.ones(C, dtype=bool))
    core = np.where(applies, inp.target_share, np.nan)
    headroom = np.clip(core - inp.milex_gdp_share, 0.0, None)
    to_const = _deflator(inp, np.array([inp.target_year]))[:, 0]
    gap_factor = (1.0 + inp.gdp_growth) ** (inp.target_year - inp.base_year)
    real = (1.0 + _real_growth(inp)) ** max(int(inp.target_year - int(inp.years[0])), 0)
    real_factor = np.ascontiguousarray(np.stack([real, np.asarray(to_const, f)], axis=1))
    growth0 = (1.0 + inp.gdp_growth) ** (int(inp.years[0]) - inp.base_year)
    gdp0 = np.where(np.isfinite(inp.gdp_eur), inp.gdp_eur, np.nan)
    unit = np.asarray(inp.unit_year_eur, f)
    Q = len(inp.pool_size)
    take = (np.asarray(inp.pool_take_part, f).reshape(D, Q) if inp.pool_take_part is not None
            else np.full((D, Q), np.nan))
    capped = (inp.pledge_troops_capped if inp.pledge_troops_capped is not None
              else np.zeros(C, dtype=bool))
    _kernel()(
        rule, True, idx,
        np.asarray(inp.troops_required, f), np.asarray(sust_factor, f),
        np.asarray(inp.commit_share, f), dk(inp.air_required), dk(inp.availability), dk(unit),
        np.asarray(inp.aid_required, f), np.asarray(inp.us_aid_share, f), growth0, gap_factor,
        real_factor,
        inp.land_share, inp.willingness, will_air, amap, inp.aid_willingness(), soldier,
        lo2, hi2, cell, cell_lo, cell_hi,
        np.asarray(inp.personnel, f), np.asarray(inp.pledge_troops, f), capped,
        np.nan_to_num(inp.gdp_eur), np.nan_to_num(inp.aid_history), np.nan_to_num(inp.milex_eur),
        np.asarray(inp.pledge_aid, f), gdp0, headroom, np.asarray(inp.gdp_eur, f),
        np.asarray(inp.inventory, f), np.asarray(inp.pledge_aircraft, f),
        np.asarray(inp.us_supply, f), unknown_rows,
        np.asarray(inp.pool_members, f).reshape(Q, C), np.asarray(inp.pool_size, f),
        np.asarray(inp.pool_class, np.int64), take,
        res.troops_shortfall, res.air_shortfall, res.air_shortfall_min, res.air_unknown,
        res.aid_shortfall, res.feasible, res.cost, res.gap_eur, res.fits_gap, res.burden,
        res.cost_total, res.cost_gdp_share, res.spending_gap_eur)
    return res
