"""Everything the engine computes with, as arrays with the draw axis first.

:func:`build_inputs` turns a validated scenario, the bundled data, the parameters, the capability
inventory and the US posture into one :class:`ModelInputs`. A plain run has ``n_draws == 1``;
Monte Carlo passes sampled values (``draws``: name -> array of shape ``(n_draws,)``) for any
parameter name or scenario input, and the same functions compute every draw at once.

Axes: D draws, C countries (the whole registry, in registry order; non-participants are masked),
K capability classes, Y years of the horizon.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from guarantor.distributions import central_value
from guarantor.engine import air as air_mod
from guarantor.errors import ScenarioError
from guarantor.scenario import Scenario

#: Aircraft classes whose operating cost is flying hours x cost per hour; the others
#: (ground radars, SAM batteries) cost per unit-year.
FLYING = ("combat_aircraft", "tanker", "aewc", "isr", "strategic_airlift")
#: Classes that hold patrol stations or orbits; the others fly (airlift) or stand (ground).
PATROL = ("combat_aircraft", "tanker", "aewc", "isr")
GROUND_COST = {"ground_radar": "costs.radar_year_eur.ground_radar",
               "long_range_sam": "costs.battery_year_eur.long_range_sam"}


@dataclass(frozen=True)
class ModelInputs:
    """Arrays of one evaluation; see the module docstring for the axes."""

    codes: tuple[str, ...]
    classes: tuple[str, ...]
    years: np.ndarray                 # (Y,) calendar years of the horizon
    base_year: int                    # year of the economic base data
    participants: np.ndarray          # (C,) bool
    nato_member: np.ndarray           # (C,) bool, in the start year
    willingness: np.ndarray           # (D, C) share of troop capacity offered (land forces
                                      # in the protected state), 0 for non-participants
    # economy
    gdp_eur: np.ndarray               # (C,) EUR (money_basis), the base year's GDP
    milex_eur: np.ndarray             # (C,) EUR (money_basis), base year's share x gdp_eur
    milex_gdp_share: np.ndarray       # (C,) share
    gdp_growth: np.ndarray            # (D,) share_per_year, nominal
    target_share: float
    target_year: int
    # forces
    personnel: np.ndarray             # (C,) persons (latest available)
    land_share: np.ndarray            # (D, C) share
    deployable_share: np.ndarray      # (D,) share
    sustainable_share: np.ndarray     # (D,) share
    rotation_ratio: np.ndarray        # (D,) ratio
    sustainability: str               # 'usability' | 'rotation'
    troops_required: np.ndarray       # (D,) persons deployed at once
    pledge_troops: np.ndarray         # (C,) persons, NaN = no pledge
    # air
    inventory: np.ndarray             # (C, K) units, NaN = unknown
    availability: np.ndarray          # (D, K) share
    commit_share: np.ndarray          # (D,) share of available inventory a contributor commits
    air_required: np.ndarray          # (D, K) units
    pledge_aircraft: np.ndarray       # (C, K) units, NaN = no pledge
    us_supply: np.ndarray             # (K,) units the US posture supplies
    # aid
    aid_required: np.ndarray          # (D,) EUR per year (money_basis)
    us_aid_share: np.ndarray          # (D,) share of the aid requirement the US pays
    aid_history: np.ndarray           # (C,) EUR per year (money_basis), reference-period
                                      # average of each year's aid in constant euros
    pledge_aid: np.ndarray            # (C,) EUR per year (money_basis), NaN = no pledge
    # costs
    soldier_year_eur: np.ndarray      # (D,) EUR_per_person_year, constant EUR of the money
                                      # basis, in the horizon's first year
    unit_year_eur: np.ndarray         # (D, K) EUR per committed unit and year (money basis)
                                      # (flying: hours x rate)
    burden_rule: str
    # one money basis (guarantor.data.prices): every EUR figure is in constant euros of
    # price_base_year ("EUR_2024"); no default, so inputs never claim a basis they are not in
    money_basis: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    # per-mission willingness where it differs from the troops' (None: the troops' applies)
    willingness_air: np.ndarray | None = None    # (D, C, K) share of air capacity offered
    willingness_aid: np.ndarray | None = None    # (D, C) share; > 0: shares the aid burden
    pledge_troops_capped: np.ndarray | None = None  # (C,) bool: a pledge is capped by capacity
    # deflator[d, y] turns current euros of years[y] into the money basis
    price_base_year: int | None = None
    deflator: np.ndarray | None = None           # (D, Y) ratio, current EUR of year -> basis
    soldier_real_growth: np.ndarray | None = None  # (D,) per year, personnel cost in real terms
    inflation: np.ndarray | None = None          # (D,) share_per_year past the price index
    # EUR per soldier-year per country (money basis): NATO-derived where NATO reports it
    # (personnel expenditure share x defence expenditure / military personnel), else the flat
    # costs.soldier_year_eur (soldier_year_eur, a labelled fallback); soldier_cost_nato says which
    soldier_year_eur_by_country: np.ndarray | None = None  # (D, C)
    soldier_cost_nato: np.ndarray | None = None            # (C,) bool
    # the stated position or override behind each country's figure, per stated-position mission
    evidence: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    # aid donors and spending-target components (defaults keep hand-built inputs working)
    europe_donor: np.ndarray | None = None   # (C,) bool: in Kiel's Europe group (donor_groups)
    aid_kind: str = "military"               # military | all
    target_related_share: float = 0.0        # share of GDP, defence-related component
    target_applies: np.ndarray | None = None  # (C,) bool: a target applies (NATO ally or named)
    # air: pools, the bounds of unknown inventories, and the operation's flying hours
    pool_members: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (P, C) share
    pool_size: np.ndarray = field(default_factory=lambda: np.zeros(0))          # (P,) units
    pool_class: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # (P,) index
    pool_ids: tuple[str, ...] = ()
    inventory_low: np.ndarray | None = None    # (C, K) units: sourced lower bound of unknowns
    inventory_high: np.ndarray | None = None   # (C, K) units: upper bound of unknowns (inf);
                                               # both (D, C, K) when unknowns are drawn
    # NATO-decision pools: (D, P) share of each pool's hours whose members take part (NaN for
    # pools offered by their members); per pool, (member ISO3, basis, hour share) of each member
    pool_take_part: np.ndarray | None = None
    pool_basis: tuple[tuple[tuple[str, str, float], ...], ...] = ()
    air_hours: np.ndarray | None = None        # (D, K) hours the operation flies a year
    flight_hour_eur: np.ndarray | None = None  # (D, K) EUR per flying hour (NaN = unknown)
    air_steps: tuple[str, ...] = ()            # how the air requirement and hours were derived
    # compact forms (build_inputs(compact=True), for Monte Carlo): the air willingness per
    # stated-position mission (D, C, M) with each class's mission (K,), instead of
    # willingness_air; drawn unknown inventories as cells (country, class) with their values
    # (D, U), the bounds staying (C, K)
    willingness_air_missions: np.ndarray | None = None
    air_mission_index: np.ndarray | None = None
    inventory_drawn: tuple[tuple[int, int], ...] = ()
    inventory_drawn_values: np.ndarray | None = None

    @property
    def n_draws(self) -> int:
        """Number of draws (1 for a plain run)."""
        return int(self.willingness.shape[0])

    def air_willingness(self) -> np.ndarray:
        """(D, C, K) share of each class's capacity offered."""
        if self.willingness_air is not None:
            return self.willingness_air
        if self.willingness_air_missions is not None and self.air_mission_index is not None:
            return np.take(self.willingness_air_missions, self.air_mission_index, axis=2)
        return np.broadcast_to(self.willingness[:, :, None],
                               (*self.willingness.shape, len(self.classes)))

    def aid_willingness(self) -> np.ndarray:
        """(D, C) willingness to share the aid burden."""
        return self.willingness if self.willingness_aid is None else self.willingness_aid

    def inventory_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of unknown inventories: (C, K), or (D, C, K) when drawn."""
        low = self.inventory_low if self.inventory_low is not None else np.zeros_like(
            self.inventory)
        high = (self.inventory_high if self.inventory_high is not None
                else np.full_like(self.inventory, np.inf))
        if not self.inventory_drawn or self.inventory_drawn_values is None:
            return low, high
        n = self.inventory_drawn_values.shape[0]
        low, high = np.repeat(low[None], n, axis=0), np.repeat(high[None], n, axis=0)
        for u, (c, k) in enumerate(self.inventory_drawn):
            low[:, c, k] = high[:, c, k] = self.inventory_drawn_values[:, u]
        return low, high


def _param(name: str, params: Any, draws: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    if name in draws:
        return np.asarray(draws[name], dtype=float).reshape(n)
    return np.full(n, params.value(name), dtype=float)


def _param_or_nan(name: str, params: Any, draws: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """A parameter that may legitimately be unknown (value None -> NaN)."""
    if name in draws:
        return np.asarray(draws[name], dtype=float).reshape(n)
    try:
        rec = params.record(name)
    except (KeyError, ScenarioError):
        return np.full(n, np.nan)
    return np.full(n, np.nan if rec.value is None else float(rec.value))


def _scalar_input(value: Any, key: str, draws: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """A scenario input that is a number or an uncertainty spec (then it must be drawn)."""
    if key in draws:
        return np.asarray(draws[key], dtype=float).reshape(n)
    if isinstance(value, int | float):
        return np.full(n, float(value))
    return np.full(n, _central(value))


def _central(spec: Any) -> float:
    """Central value of a distribution spec, used for a plain (deterministic) run."""
    return central_value(spec)


def build_inputs(
    scenario: Scenario,
    *,
    data: Any = None,
    params: Any = None,
    inventory: Any = None,
    postures: Any = None,
    draws: Mapping[str, np.ndarray] | None = None,
    n_draws: int | None = None,
    compact: bool = False,
) -> ModelInputs:
    """Assemble the arrays for ``scenario``.

    Parameters
    ----------
    scenario : Scenario
        The validated arrangement.
    data, params, inventory, postures : optional
        Bundled dataset, parameters, capability inventory and US postures; loaded once and
        cached when not given.
    draws : mapping of name -> ndarray, shape (n_draws,), optional
        Sampled values for parameters (dotted names as in ``parameters/defaults.yaml``) or scenario
        inputs (``willingness.ISO3``, ``default_willingness``, ``air_shield.commit_share``,
        ``reassurance_force.troops``). Anything not drawn takes its central value.
    n_draws : int, optional
        Number of draws (default: the length of the draws, or 1).
    compact : bool
        Keep the air willingness per mission and drawn inventories as cells (the compact
        fields of :class:`ModelInputs`) rather than as (D, C, K) arrays: the same values, a
        seventh of the memory (Monte Carlo's fused kernel reads them so).
    """
    from guarantor.data.capabilities import load_inventory
    from guarantor.data.countries import registry
    from guarantor.data.dataset import load_dataset
    from guarantor.data.params import load_parameters, load_postures

    data = data or load_dataset()
    params = params or load_parameters()
    if scenario.parameters:
        params = params.with_overrides(scenario.parameters)
    inventory = inventory or load_inventory()
    postures = postures or load_postures()
    draws = dict(draws or {})
    n = n_draws or (len(next(iter(draws.values()))) if draws else 1)
    reg = registry()
    codes = reg.codes
    C = len(codes)
    classes = tuple(inventory.classes)
    K = len(classes)
    if tuple(inventory.codes) != tuple(codes) or tuple(data.codes) != tuple(codes):
        raise ScenarioError("internal: data, inventory and registry disagree on the country axis")
    notes: list[str] = []

    # -- participants and willingness
    part_codes = scenario.participant_codes()
    participants = reg.mask(part_codes)
    p = scenario.participants
    default_w = _scalar_input(p.default_willingness, "default_willingness", draws, n)
    will = np.repeat(default_w[:, None], C, axis=1)
    for iso, w in p.willingness.items():
        will[:, reg.index[iso]] = _scalar_input(w, f"willingness.{iso}", draws, n)
    for key, arr in draws.items():  # willingness drawn for countries the file did not list
        if key.startswith("willingness.") and key[12:] in reg.index:
            will[:, reg.index[key[12:]]] = np.asarray(arr, dtype=float).reshape(n)
    will = np.clip(will, 0.0, 1.0) * participants
    from_ledger = None
    if scenario.contributions.source == "ledger":
        if "default_willingness" in p.model_fields_set:
            raise ScenarioError(
                "participants.default_willingness applies only to contributions.source: assumed",
                key="participants.default_willingness", value=p.default_willingness,
                allowed="contributions.unstated.troops|aircraft|aid for participants with no "
                        "stated position, or contributions.source: assumed",
                file=f"scenario {scenario.name}")
        stray = sorted(k for k in draws if k == "default_willingness" or (
            k.startswith("willingness.") and k[12:] not in p.willingness))
        if stray:
            raise ScenarioError(
                "a drawn willingness has no effect when contributions come from stated positions",
                key=stray[0], value="drawn", file=f"scenario {scenario.name}",
                allowed="unstated.troops|aircraft|aid, stated_share, or willingness.<ISO3> of a "
                        "country listed in participants.willingness (an override)")
        from guarantor.engine.willingness import from_positions

        from_ledger = from_positions(scenario, codes, classes, participants, draws, n)
        will = from_ledger.troops

    # -- one money basis: constant euros of prices.base_year (guarantor.data.prices)
    from guarantor.data.prices import basis as money_basis_of
    from guarantor.data.prices import price_index

    prices = price_index()
    p_base = int(_param_value(params, "prices.base_year", prices.base))
    infl = _param_or_default("prices.inflation", draws, n,
                             _param_value(params, "prices.inflation", 0.019))
    pay = _param_or_default("costs.pay_growth_nominal", draws, n,
                            _param_value(params, "costs.pay_growth_nominal", float("nan")))
    real_pay = np.where(np.isfinite(pay), (1.0 + pay) / (1.0 + infl), 1.0)
    horizon = np.arange(scenario.start_year, scenario.end_year + 1)
    deflator = _to_basis(prices, horizon[None, :], p_base, infl[:, None])     # (D, Y)

    # -- economy: latest values at or before the base year, converted to EUR at that year's rate,
    # then to the money basis (a no-op when the base year is the basis year)
    base_year = min(scenario.start_year - 1, int(data.latest_complete_year))
    gdp_usd, gdp_year = data.latest("gdp_usd", max_year=base_year)
    milex_share, _ = data.latest("milex_gdp_share", max_year=base_year)
    fx, fx_note = _fx_for(data, gdp_year)
    if fx_note:
        notes.append(fx_note)
    gy = np.nan_to_num(np.asarray(gdp_year, dtype=float), nan=p_base)
    gy = np.where(gy >= prices.years[0], gy, p_base).astype(int)  # no GDP: no conversion
    gdp_eur = gdp_usd / fx * _to_basis(prices, gy, p_base, float(np.nanmean(infl)))
    milex_eur = milex_share * gdp_eur
    personnel, _ = data.latest("personnel", max_year=base_year)
    missing = [c for c, g in zip(codes, gdp_eur, strict=True) if not np.isfinite(g)]
    if any(participants[reg.index[c]] for c in missing):
        notes.append("no GDP for participant(s) " + ", ".join(
            c for c in missing if participants[reg.index[c]]) + ": they carry no GDP-based share")

    # -- forces
    rf = scenario.missions.reassurance_force
    troops_required = _param_or_default("reassurance_force.troops", draws, n,
                                        float(rf.troops) if rf else 0.0)
    land_default = params.value("forces.land_share")
    land_c = params.by_country("forces.land_share", codes)
    land_draw = _param("forces.land_share", params, draws, n)
    land_share = land_c[None, :] * (land_draw / land_default)[:, None]
    pledge_troops = np.full(C, np.nan)
    capped = None
    if from_ledger is not None:
        pledge_troops = from_ledger.pledge_troops.copy()
        capped = from_ledger.pledge_capped.copy()
    pledge_aircraft = np.full((C, K), np.nan)
    pledge_aid = np.full(C, np.nan)
    for iso, pl in p.pledges.items():  # the scenario's own pledges win over stated ones
        i = reg.index[iso]
        if pl.troops is not None:
            pledge_troops[i] = pl.troops
            if capped is not None:
                capped[i] = False
        for cls, v in pl.aircraft.items():
            pledge_aircraft[i, classes.index(cls)] = v
        if pl.aid_eur_per_year is not None:
            pledge_aid[i] = pl.aid_eur_per_year

    # -- air
    availability = np.stack(
        [_param(f"air.availability.{k}", params, draws, n) for k in classes], axis=1)
    air = scenario.missions.air_shield
    air_required = np.zeros((n, K))
    air_hours = np.full((n, K), np.nan)
    commit = np.full(n, 0.0)
    steps: list[str] = []
    if air is not None:
        commit = _scalar_input(air.commit_share, "air_shield.commit_share", draws, n)
        stations: dict[str, Any] = dict(air.stations)
        if ("tanker" not in air.requirement and "tanker" not in stations
                and "combat_aircraft" in stations):
            ratio = _param("air.station.tanker_tracks_per_patrol_station", params, draws, n)
            stations["tanker"] = stations["combat_aircraft"] * ratio
            steps.append(f"tanker: {_fmt(stations['tanker'])} tracks = "
                         f"{_fmt(air.stations['combat_aircraft'])} patrol stations x "
                         f"{_fmt(ratio)} tracks per station (assumed)")
        transit = _param("air.station.transit_hours", params, draws, n)
        rate = _param("air.station.sorties_per_aircraft_day", params, draws, n)
        for j, k in enumerate(classes):
            def by_class(base: str, k: str = k) -> np.ndarray:
                name = f"{base}.{k}" if f"{base}.{k}" in params.names() else base
                return _param(name, params, draws, n)
            if k in air.requirement:
                n_k = float(air.requirement[k])
                air_required[:, j] = n_k
                if k in PATROL:
                    # a fleet given directly flies at the operation's tempo
                    tos = by_class("air.station.time_on_station_hours")
                    air_hours[:, j] = n_k * availability[:, j] * rate * (tos + transit) * 365.0
                    steps.append(
                        f"{k}: {_fmt(n_k)} given; hours {_fmt(n_k)} x availability "
                        f"{_fmt(availability[:, j])} x {_fmt(rate)} sorties a day x ({_fmt(tos)} h "
                        f"on station + {_fmt(transit)} h transit) x 365 = "
                        f"{_fmt(air_hours[:, j])} a year")
                elif k in FLYING:
                    per_year = _param_or_nan(f"air.flight_hours_per_year.{k}", params, draws, n)
                    air_hours[:, j] = n_k * per_year
                    steps.append(f"{k}: {_fmt(n_k)} given; hours {_fmt(n_k)} x "
                                 f"{_fmt(per_year)} flying hours per aircraft-year = "
                                 f"{_fmt(air_hours[:, j])}")
                else:
                    steps.append(f"{k}: {_fmt(n_k)} given")
            elif k in stations:
                st = np.broadcast_to(np.asarray(stations[k], dtype=float), (n,))
                per = by_class("air.station.aircraft_per_station")
                tos = by_class("air.station.time_on_station_hours")
                r = air_mod.station_requirement(st, per, np.full(n, 24.0), tos, transit, rate,
                                                availability[:, j])
                air_required[:, j] = r["aircraft"]
                air_hours[:, j] = r["hours_per_year"]
                steps.append(
                    f"{k}: {_fmt(st)} stations x {_fmt(per)} aircraft x 24 h / {_fmt(tos)} h on "
                    f"station = {_fmt(r['sorties_per_day'])} sorties a day; / {_fmt(rate)} "
                    f"sorties per aircraft a day = {_fmt(r['aircraft_flying'])} flying; / "
                    f"availability {_fmt(availability[:, j])} = {_fmt(r['aircraft'])} aircraft; "
                    f"hours {_fmt(r['sorties_per_day'])} x ({_fmt(tos)} + {_fmt(transit)} h "
                    f"transit) x 365 = {_fmt(r['hours_per_year'])} a year")
    posture = postures[scenario.us_posture]
    us_supply = np.array([float(scenario.us_supplies.get(k, posture.supplies.get(k, 0.0)))
                          for k in classes])

    # -- aid (kind: military, or all kinds; donors as Kiel counts them, EU institutions included)
    aid = scenario.missions.military_aid
    aid_kind = aid.aid_kind if aid is not None else "military"
    yr = data.years
    # each year's aid in constant euros of the money basis, never current euros of mixed years
    aid_hist_cy = data.aid_totals_eur(aid_kind) * _to_basis(
        prices, yr, p_base, float(np.nanmean(infl)))[None, :]
    ref0 = int(params.value("aid.reference_start_year"))
    ref1 = int(params.value("aid.reference_end_year"))
    in_ref = (yr >= ref0) & (yr <= ref1)
    aid_history = np.nansum(aid_hist_cy[:, in_ref], axis=1) / max(int(in_ref.sum()), 1)
    all_donors = _all_donor_average(data, aid_hist_cy, in_ref, aid_kind)
    if from_ledger is not None:
        from guarantor.engine.willingness import with_aid_record

        from_ledger = with_aid_record(
            from_ledger, aid_history > 0, participants,
            f"no stated position; gave military aid in {ref0}-{ref1} (Kiel Ukraine Support "
            "Tracker, via the bundled snapshot): taken to keep giving")
    us_hist = aid_history[reg.index["USA"]]
    hist_us_share = us_hist / all_donors if all_donors > 0 else 0.0
    if aid is None:
        aid_required = np.zeros(n)
        us_share = np.zeros(n)
    else:
        if aid.replaces:
            req, share = us_hist, 0.0
        else:
            req = aid.eur_per_year if aid.eur_per_year is not None else all_donors
            if scenario.us_aid_share is not None:
                share = scenario.us_aid_share
            elif posture.aid_share == "historical":
                share = hist_us_share
            else:
                share = float(posture.aid_share)
        aid_required = _param_or_default("aid.required_eur", draws, n, req)
        us_share = np.full(n, float(share))

    # -- costs: flying classes cost the hours the operation flies x the cost per hour, spread
    # over the units the requirement counts; ground classes a cost per unit-year. Each cost is
    # converted from its price_year to the money basis (constant EUR of prices.base_year);
    # personnel costs then grow at real pay growth to the horizon's first year
    soldier = _param_or_nan("costs.soldier_year_eur", params, draws, n) * _cost_factor(
        "costs.soldier_year_eur", params, prices, p_base, infl)
    soldier_py = _price_year(params, "costs.soldier_year_eur", p_base)
    soldier = soldier * real_pay ** (scenario.start_year - soldier_py)
    from guarantor.data.prices import latest_personnel_cost

    pc_val, pc_year = latest_personnel_cost(codes, base_year)
    has_pc = np.isfinite(pc_val)
    pc_year = np.where(has_pc, pc_year, p_base)
    to_base = _to_basis(prices, pc_year[None, :], p_base, infl[:, None])      # (D, C)
    pc = pc_val[None, :] * to_base * real_pay[:, None] ** (scenario.start_year - pc_year)[None, :]
    soldier_c = np.where(has_pc[None, :], pc, soldier[:, None])
    if participants[~has_pc].any():
        notes.append(
            "cost per soldier: NATO-derived (personnel expenditure per military person) for "
            f"{int((participants & has_pc).sum())} participants; the flat "
            "costs.soldier_year_eur (a brigade abroad, labelled fallback) for "
            + ", ".join(c for c, p, h in zip(codes, participants, has_pc, strict=True)
                        if p and not h))
    unit_year = np.full((n, K), np.nan)
    hour_eur = np.full((n, K), np.nan)
    for j, k in enumerate(classes):
        if k in FLYING:
            hour_eur[:, j] = _param_or_nan(f"costs.flight_hour_eur.{k}", params, draws, n) * \
                _cost_factor(f"costs.flight_hour_eur.{k}", params, prices, p_base, infl)
            hours = air_hours[:, j]
            if air is None:
                hours = _param_or_nan(f"air.flight_hours_per_year.{k}", params, draws, n)
                per_unit = hours
            else:
                with np.errstate(divide="ignore", invalid="ignore"):
                    per_unit = np.where(air_required[:, j] > 0,
                                        hours / np.ceil(air_required[:, j] - 1e-9), 0.0)
            unit_year[:, j] = hour_eur[:, j] * per_unit
        elif k in GROUND_COST:
            unit_year[:, j] = _param_or_nan(GROUND_COST[k], params, draws, n) * _cost_factor(
                GROUND_COST[k], params, prices, p_base, infl)

    # -- inventories: national fleets (unknown = NaN, with bounds) and pools
    national = np.asarray(inventory.national, dtype=float)
    low, high = inventory.bounds() if hasattr(inventory, "bounds") else (
        np.where(np.isnan(national), 0.0, national), np.where(np.isnan(national), np.inf, national))
    drawn = {k: v for k, v in draws.items() if k.startswith("inventory.")}
    cells: list[tuple[int, int]] = []
    cell_values: list[np.ndarray] = []
    if drawn and compact:
        for key, arr in drawn.items():
            _, iso, cls = key.split(".", 2)
            if iso in reg.index and cls in classes:
                cells.append((reg.index[iso], classes.index(cls)))
                cell_values.append(np.asarray(arr, dtype=float).reshape(n))
    elif drawn:
        # an unknown drawn from its stated range takes that value in its draw (both bounds)
        low = np.repeat(low[None], n, axis=0)
        high = np.repeat(high[None], n, axis=0)
        for key, arr in drawn.items():
            _, iso, cls = key.split(".", 2)
            if iso in reg.index and cls in classes:
                drawn_v = np.asarray(arr, dtype=float).reshape(n)
                low[:, reg.index[iso], classes.index(cls)] = drawn_v
                high[:, reg.index[iso], classes.index(cls)] = drawn_v
    pools = tuple(getattr(inventory, "pools", ()))
    pool_members = np.zeros((len(pools), C))
    for q, pool in enumerate(pools):
        for m, f in pool.fractions().items():
            pool_members[q, reg.index[m]] = f
    pool_size = np.array([np.nan if q.size.value is None else q.size.value for q in pools],
                         dtype=float)
    pool_class = np.array([classes.index(q.cls) for q in pools], dtype=int)
    pool_take_part, pool_basis, pool_members = _decision_pools(
        pools, pool_members, pool_class, classes, codes, participants, from_ledger, params,
        draws, n)

    nato = np.array([reg[c].nato_member(scenario.start_year) for c in codes])
    from guarantor.data.donors import donor_groups

    groups = donor_groups()
    europe_donor = np.array([groups.group(c, scenario.start_year) == "europe" for c in codes])
    # -- spending target: components; NATO allies, and non-members only when named
    pol = scenario.policy
    core = pol.target_component("core")
    related = pol.target_component("related")
    target_applies = nato | reg.mask(list(pol.spending_target_countries))
    return ModelInputs(
        codes=codes, classes=classes,
        years=np.arange(scenario.start_year, scenario.end_year + 1),
        base_year=base_year, participants=participants, nato_member=nato, willingness=will,
        gdp_eur=gdp_eur, milex_eur=milex_eur, milex_gdp_share=milex_share,
        gdp_growth=_param("economy.gdp_growth_nominal", params, draws, n),
        target_share=core.share if core is not None else 0.0,
        target_year=scenario.policy.spending_target_year,
        personnel=np.nan_to_num(personnel), land_share=land_share,
        deployable_share=_param("forces.deployable_share", params, draws, n),
        sustainable_share=_param("forces.sustainable_share", params, draws, n),
        rotation_ratio=_param("forces.rotation_ratio", params, draws, n),
        sustainability=rf.sustainability if rf else "usability",
        troops_required=troops_required, pledge_troops=pledge_troops,
        inventory=national, availability=availability,
        commit_share=commit, air_required=air_required, pledge_aircraft=pledge_aircraft,
        us_supply=us_supply, aid_required=aid_required, us_aid_share=us_share,
        aid_history=aid_history, pledge_aid=pledge_aid, soldier_year_eur=soldier,
        unit_year_eur=unit_year, burden_rule=scenario.burden_rule, notes=tuple(notes),
        willingness_air=None if from_ledger is None or compact else from_ledger.air,
        willingness_air_missions=(from_ledger.air_missions if from_ledger is not None and compact
                                  else None),
        air_mission_index=from_ledger.air_index if from_ledger is not None and compact else None,
        inventory_drawn=tuple(cells),
        inventory_drawn_values=np.stack(cell_values, axis=1) if cells else None,
        willingness_aid=None if from_ledger is None else from_ledger.aid,
        pledge_troops_capped=capped,
        evidence={} if from_ledger is None else from_ledger.evidence,
        europe_donor=europe_donor, aid_kind=aid_kind,
        money_basis=money_basis_of(p_base), price_base_year=p_base, deflator=deflator,
        soldier_real_growth=real_pay - 1.0, inflation=infl,
        soldier_year_eur_by_country=soldier_c, soldier_cost_nato=has_pc,
        target_related_share=related.share if related is not None else 0.0,
        target_applies=target_applies,
        pool_members=pool_members, pool_size=pool_size, pool_class=pool_class,
        pool_ids=tuple(q.id for q in pools), pool_take_part=pool_take_part,
        pool_basis=pool_basis, inventory_low=low, inventory_high=high,
        air_hours=air_hours, flight_hour_eur=hour_eur, air_steps=tuple(steps),
    )


def _decision_pools(pools: tuple[Any, ...], members: np.ndarray, pool_class: np.ndarray,
                    classes: tuple[str, ...], codes: tuple[str, ...], participants: np.ndarray,
                    from_ledger: Any, params: Any, draws: Mapping[str, np.ndarray], n: int
                    ) -> tuple[np.ndarray | None, tuple[tuple[tuple[str, str, float], ...], ...],
                               np.ndarray]:
    """Take-part shares, member bases and attribution of the pools NATO assigns.

    For a pool ``offered_by: nato_decision`` (:func:`guarantor.engine.air.decision_take_part`)
    the pool offers ``take_part`` of its available aircraft, counted over *all* its members;
    the aircraft are attributed (for the burden and cost tables) to the participating members
    that did not say "will not", in proportion to their hour shares. With no stated positions
    (a scenario that sets willingness directly) every pool is offered by its members.
    """
    P = len(pools)
    decided = [q for q in range(P) if getattr(pools[q], "offered_by", "members") == "nato_decision"]
    if not decided or from_ledger is None:
        return None, (), members
    from guarantor.engine.willingness import CLASS_MISSION

    assumed = _param("air.pool.assumed_member_share", params, draws, n)
    take = np.full((n, P), np.nan)
    members = members.copy()
    bases: list[tuple[tuple[str, str, float], ...]] = [()] * P
    for q in decided:
        k = int(pool_class[q])
        rows = from_ledger.evidence[CLASS_MISSION.get(classes[k], "air_shield_aircraft")]
        idx = np.flatnonzero(members[q] > 0)
        stance = np.array([str(rows[c]["stance"]) for c in idx])
        contributes = np.array([
            rows[c]["stance"] == "will_contribute"
            or (rows[c]["stance"] == "conditional" and bool(rows[c]["condition_met"]))
            for c in idx], dtype=bool)
        over = np.full((n, len(idx)), np.nan)
        is_over = np.array([rows[c]["basis"] == "overridden" for c in idx], dtype=bool)
        over[:, is_over] = from_ledger.air_missions[:, idx[is_over], from_ledger.air_index[k]]
        tp, _, basis = air_mod.decision_take_part(members[q, idx], stance, contributes, over,
                                                  assumed)
        take[:, q] = tp
        bases[q] = tuple((codes[c], air_mod.POOL_BASIS[int(b)], float(members[q, c]))
                         for c, b in zip(idx, basis, strict=True))
        fields_it = np.zeros(len(codes))
        fields_it[idx] = basis != 3  # 3 = "will not": its share is removed
        attr = members[q] * np.asarray(participants, bool) * fields_it
        members[q] = attr / attr.sum() if attr.sum() > 0 else 0.0
    return take, tuple(bases), members


def _fmt(x: Any) -> str:
    """A step's number as shown: the first draw, to three significant figures."""
    v = float(np.asarray(x, dtype=float).reshape(-1)[0])
    if not np.isfinite(v):
        return "unknown"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _param_value(params: Any, name: str, default: float) -> float:
    """A parameter's value; ``default`` when a user parameter file lacks it."""
    try:
        return float(params.value(name))
    except (KeyError, ScenarioError):
        return default


def _price_year(params: Any, name: str, default: int) -> int:
    """The price-base year a cost parameter is in (``default`` when not stated)."""
    try:
        py = getattr(params.record(name), "price_year", None)
    except (KeyError, ScenarioError):
        py = None
    return int(py) if py is not None else int(default)


def _cost_factor(name: str, params: Any, prices: Any, base: int,
                 infl: np.ndarray) -> np.ndarray:
    """(D,) multiplier from a cost's price year to constant euros of ``base``."""
    return np.asarray(prices.factor(_price_year(params, name, base), base, infl), dtype=float)


def _to_basis(prices: Any, years: np.ndarray, base: int, infl: float | np.ndarray
              ) -> np.ndarray:
    """Multiplier from current euros of each year to constant euros of ``base`` (``years``
    and ``infl`` broadcast: (Y,) with a scalar, (D, Y) with ``infl`` of shape (D, 1))."""
    return np.asarray(prices.level(base, infl) / prices.level(np.asarray(years), infl),
                      dtype=float)


def _param_or_default(
    name: str, draws: Mapping[str, np.ndarray], n: int, value: float
) -> np.ndarray:
    if name in draws:
        return np.asarray(draws[name], dtype=float).reshape(n)
    return np.full(n, float(value))


def _fx_for(data: Any, years: np.ndarray) -> tuple[np.ndarray, str | None]:
    """USD per EUR for each year; a year without a sourced rate takes the latest earlier one,
    and the substitution is returned as a note (it is shown with the result)."""
    have = np.array(data.fx_years())
    out = np.full(len(years), np.nan)
    used: dict[int, int] = {}
    for y in np.unique(years[years > 0]):
        earlier = have[have <= y]
        if earlier.size == 0:
            continue
        src = int(earlier.max())
        out[years == y] = data.fx(src)
        if src != int(y):
            used[int(y)] = src
    note = None
    if used:
        note = "no sourced USD/EUR rate for " + ", ".join(
            f"{y} (used {s})" for y, s in sorted(used.items())) + "; GDP converted at that rate"
    return out, note


def _all_donor_average(data: Any, aid_cy: np.ndarray, in_ref: np.ndarray,
                       kind: str = "military") -> float:
    """Average annual aid of all donors over the reference years [EUR].

    All donors as Kiel counts them: the registry countries and the EU institutions (the
    snapshot's ``aid_donors`` table), so the total is the tracker's own; without that table,
    the sum over registry countries.
    """
    from guarantor.data.dataset import Dataset

    n_years = max(int(in_ref.sum()), 1)
    if isinstance(data, Dataset) and len(data.aid_donor_columns().get("year", ())):
        # the same sums without building the table (a plain run needs no pandas)
        return float(np.nansum(data.aid_by_year(kind)[in_ref]) / n_years)
    donors = getattr(data, "aid_donors", None)
    frame = donors() if donors is not None else None
    if frame is not None and len(frame):
        f = frame if kind == "all" else frame[frame["kind"] == kind]
        by_year = f.groupby("year")["value"].sum()
        per_year = by_year.reindex(np.asarray(data.years)).to_numpy(dtype=float)
        return float(np.nansum(per_year[in_ref]) / n_years)
    return float(np.nansum(aid_cy[:, in_ref]) / n_years)
