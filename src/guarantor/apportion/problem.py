"""The apportionment problem as arrays: requirements, floors, caps, whole units, fair shares.

:func:`build_problem` turns one draw of :class:`~guarantor.engine.inputs.ModelInputs` into an
:class:`ApportionProblem` over the participating countries and the scenario's requirements
(troops; each air-shield class; military aid), each *net of what the US covers* under the
scenario's posture. Caps are the engine's supply (sustainable troops x willingness; inventory x
availability x commit share x willingness; pledges), so the optimiser and ``guarantor run``
never disagree about what a country can field.

Fair-share bases (:data:`BASES`): ``gdp`` (default), ``population``, ``spending`` (defence
spending), ``aid`` (historical military aid), or ``mix`` (a weighted mix of the others, each
normalised over the participants first).

References
----------
NATO Defence Planning Process: capability targets are apportioned to allies by a "fair share"
principle based largely on economic weight (GDP), then adjusted by what each can field.
NATO (2022), *NATO Defence Planning Process*, https://www.nato.int/cps/en/natohq/topics_49202.htm
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from guarantor.engine import air as air_mod
from guarantor.engine import forces as force_mod
from guarantor.engine.inputs import ModelInputs
from guarantor.errors import ScenarioError

#: Fair-share bases, defined once (the CLI's choices read this).
BASES: tuple[str, ...] = ("gdp", "population", "spending", "aid", "mix")

#: How a pledge enters the problem: ``cap`` (the engine's meaning: a pledge replaces the computed
#: supply, so it is the most the country gives), ``floor`` (the least it gives; it may give more,
#: up to its computed supply), ``fixed`` (exactly the pledge).
PLEDGE_MODES: tuple[str, ...] = ("cap", "floor", "fixed")

#: Default troop unit [persons]: a company-sized unit. A modelling option, not a sourced figure:
#: troops are offered and allocated in whole units of this size (``--troop-unit 1`` for persons).
DEFAULT_TROOP_UNIT = 150


@dataclass(frozen=True)
class ApportionOptions:
    """How to apportion.

    Attributes
    ----------
    basis : str
        One of :data:`BASES`.
    mix : mapping of basis -> weight, optional
        Weights of the ``mix`` basis (e.g. ``{"gdp": 0.5, "population": 0.25, "spending": 0.25}``);
        normalised to sum 1.
    troop_unit : int
        Troops are allocated in whole units of this many persons [persons].
    pledges : str
        One of :data:`PLEDGE_MODES`.
    aid_cap_gdp_share : float, optional
        Most military aid a country may be asked for, as a share of its GDP [share]; default: no
        cap but pledges (aid is then limited only by the requirement).
    time_limit : float
        Seconds HiGHS may spend per solve [s].
    """

    basis: str = "gdp"
    mix: Mapping[str, float] | None = None
    troop_unit: int = DEFAULT_TROOP_UNIT
    pledges: str = "cap"
    aid_cap_gdp_share: float | None = None
    time_limit: float = 30.0

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ScenarioError("unknown fair-share basis", value=self.basis,
                                allowed=", ".join(BASES))
        if self.basis == "mix":
            if not self.mix:
                raise ScenarioError("the mix basis needs weights", key="mix",
                                    hint="e.g. --mix gdp=0.5,population=0.25,spending=0.25")
            bad = [k for k in self.mix if k not in BASES or k == "mix"]
            if bad:
                raise ScenarioError("unknown basis in the mix", key="mix", value=bad[0],
                                    allowed=", ".join(b for b in BASES if b != "mix"))
            if any(not np.isfinite(w) or w < 0 for w in self.mix.values()) or \
                    sum(self.mix.values()) <= 0:
                raise ScenarioError("mix weights must be >= 0 and not all 0", key="mix",
                                    value=dict(self.mix))
        if self.pledges not in PLEDGE_MODES:
            raise ScenarioError("unknown pledge mode", value=self.pledges,
                                allowed=", ".join(PLEDGE_MODES))
        if int(self.troop_unit) < 1:
            raise ScenarioError("troop unit must be at least 1 person", value=self.troop_unit,
                                key="troop_unit")
        if self.aid_cap_gdp_share is not None and not 0 < self.aid_cap_gdp_share <= 1:
            raise ScenarioError("aid cap must be a share of GDP in (0, 1]",
                                value=self.aid_cap_gdp_share, key="aid_cap_gdp_share")
        if not self.time_limit > 0:
            raise ScenarioError("time limit must be positive", value=self.time_limit)


@dataclass(frozen=True)
class ApportionProblem:
    """One apportionment problem (one draw): C countries x R requirements.

    Attributes
    ----------
    codes : tuple of str, length C
        ISO3 codes of the countries that may contribute.
    requirements, units : tuple of str, length R
        Requirement names (``troops``, capability classes, ``aid``) and their units.
    required : ndarray, shape (R,)
        What the others must provide, net of the US [unit]; NaN = unknown (not solved).
    lower, upper : ndarray, shape (C, R)
        Floors and caps per country [unit]; ``lower <= upper``.
    step : ndarray, shape (R,)
        Size of a whole unit [unit]; 0 = continuous (money).
    fair : ndarray, shape (C,)
        Fair shares, summing to 1 over countries with a positive basis [share].
    unit_cost : ndarray, shape (C, R)
        Annual cost per unit [EUR per unit-year, constant euros of the scenario's money basis];
        NaN = not sourced (counted as 0, flagged). Troops cost what the engine charges per
        soldier in that country (NATO-derived where available, the flat default otherwise).
    money_basis : str
        The price basis of every money figure, the engine's (``EUR_2024``: constant euros).
    gross, us_covers : ndarray, shape (R,)
        The requirement before netting, and the part the US covers [unit].
    cap_source : ndarray of str, shape (C, R)
        What sets each cap (for the explanation of binding caps).
    unknown_supply : ndarray of bool, shape (C, R)
        The country's supply could not be sourced (it offers nothing here).
    """

    codes: tuple[str, ...]
    requirements: tuple[str, ...]
    units: tuple[str, ...]
    required: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    step: np.ndarray
    fair: np.ndarray
    unit_cost: np.ndarray
    #: the price basis of every money figure (aid, unit costs): the engine's ``money_basis``
    #: (``EUR_2024``, constant euros); no default, so a problem never claims a basis it is not in
    money_basis: str
    # These four accept None, meaning "the default", which __post_init__ replaces with an array
    # (a copy of ``required``, zeros, "cap", False); after construction they are always arrays,
    # so they are typed as such for every reader. The ignores cover only the None default.
    gross: np.ndarray = None  # type: ignore[assignment]
    us_covers: np.ndarray = None  # type: ignore[assignment]
    cap_source: np.ndarray = None  # type: ignore[assignment]
    unknown_supply: np.ndarray = None  # type: ignore[assignment]
    basis: str = "gdp"
    #: (R,) units pooled fleets cover (netted off after the US, like the engine); and what
    #: unknown inventories could add at their upper bounds (a shortfall they could close is
    #: "unknown", not "short"). None = zeros.
    pool_covers: np.ndarray | None = None
    unknown_extra: np.ndarray | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        C, R = len(self.codes), len(self.requirements)
        for name, shape in (("required", (R,)), ("lower", (C, R)), ("upper", (C, R)),
                            ("step", (R,)), ("fair", (C,)), ("unit_cost", (C, R))):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != shape:
                raise ScenarioError(f"apportionment input {name} has the wrong shape",
                                    value=arr.shape, allowed=str(shape))
            object.__setattr__(self, name, arr)
        if (self.lower < 0).any() or (self.upper < self.lower - 1e-9).any():
            raise ScenarioError("apportionment bounds need 0 <= lower <= upper")
        if (self.step < 0).any() or (self.fair < 0).any():
            raise ScenarioError("unit sizes and fair shares must be >= 0")
        if self.gross is None:
            object.__setattr__(self, "gross", self.required.copy())
        if self.us_covers is None:
            object.__setattr__(self, "us_covers", np.zeros(R))
        if self.cap_source is None:
            object.__setattr__(self, "cap_source", np.full((C, R), "cap", dtype=object))
        if self.unknown_supply is None:
            object.__setattr__(self, "unknown_supply", np.zeros((C, R), dtype=bool))

    @property
    def integer(self) -> np.ndarray:
        """(R,) bool: the requirement is met in whole units."""
        return self.step > 0

    def max_cover(self) -> np.ndarray:
        """(R,) the most all countries together can provide, in whole units where whole [unit]."""
        return (self.lower + self._vmax() * self._scale()[None, :]).sum(axis=0)

    def _scale(self) -> np.ndarray:
        """(R,) size of one variable step [unit]: the unit size, or the requirement for money."""
        req = np.where(np.isfinite(self.required) & (self.required > 0), self.required, 1.0)
        return np.where(self.integer, self.step, req)

    def _vmax(self) -> np.ndarray:
        """(C, R) most steps above the floor each country can add."""
        room = np.clip(self.upper - self.lower, 0.0, None) / self._scale()[None, :]
        return np.where(self.integer[None, :], np.floor(room + 1e-9), room)

    def restrict(self, keep: np.ndarray) -> ApportionProblem:
        """The same problem among countries ``keep`` (bool (C,)); fair shares renormalised."""
        keep = np.asarray(keep, dtype=bool)
        f = self.fair[keep]
        f = f / f.sum() if f.sum() > 0 else f
        return ApportionProblem(
            codes=tuple(np.array(self.codes)[keep]), requirements=self.requirements,
            units=self.units, required=self.required, lower=self.lower[keep],
            upper=self.upper[keep], step=self.step, fair=f, unit_cost=self.unit_cost[keep],
            gross=self.gross, us_covers=self.us_covers, cap_source=self.cap_source[keep],
            unknown_supply=self.unknown_supply[keep], basis=self.basis, notes=self.notes,
            money_basis=self.money_basis)


# --------------------------------------------------------------------------- fair shares

def basis_values(inp: ModelInputs, basis: str, population: np.ndarray | None = None
                 ) -> np.ndarray:
    """The raw basis per country of the registry axis, shape (C,) [its unit]; NaN = no data.

    ``population`` [persons] is read from the bundled dataset (latest at or before the base
    year) when not given.
    """
    if basis == "gdp":
        return np.asarray(inp.gdp_eur, dtype=float)
    if basis == "spending":
        return np.asarray(inp.milex_eur, dtype=float)
    if basis == "aid":
        return np.asarray(inp.aid_history, dtype=float)
    if basis == "population":
        if population is None:
            from guarantor.data.dataset import load_dataset

            population, _ = load_dataset().latest("population", max_year=inp.base_year)
        return np.asarray(population, dtype=float)
    raise ScenarioError("unknown fair-share basis", value=basis, allowed=", ".join(BASES))


def fair_shares(inp: ModelInputs, options: ApportionOptions, eligible: np.ndarray,
                population: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Fair shares over the registry axis, shape (C,), summing to 1 over ``eligible``.

    Returns the shares and notes (e.g. eligible countries without data, who get a zero share).
    """
    # ApportionOptions rejects the mix basis without weights, so ``or {}`` only narrows the type.
    weights = dict(options.mix or {}) if options.basis == "mix" else {options.basis: 1.0}
    total_w = sum(weights.values())
    f = np.zeros(len(inp.codes))
    notes: list[str] = []
    for b, w in weights.items():
        if w <= 0:
            continue
        v = np.where(eligible, basis_values(inp, b, population), 0.0)
        missing = [c for c, e, x in zip(inp.codes, eligible, v, strict=True)
                   if e and not np.isfinite(x)]
        if missing:
            notes.append(f"no {b} data for {', '.join(missing)}: zero {b}-based fair share")
        v = np.nan_to_num(v, nan=0.0)
        s = v.sum()
        if s > 0:
            f += (w / total_w) * v / s
    s = f.sum()
    return (f / s if s > 0 else f), notes


# --------------------------------------------------------------------------- from the engine

def troop_costs(inp: ModelInputs, draw: int, cost: np.ndarray) -> np.ndarray:
    """Cost per unit of every requirement column for every country, shape (C, 1 + K + 1).

    The troops column is the engine's cost per soldier-year *of that country*
    (``soldier_year_eur_by_country``: NATO personnel expenditure per military person, converted
    to the scenario's constant-euro basis, with the flat ``costs.soldier_year_eur`` as the
    labelled fallback where NATO has no figure), so the optimiser prices a brigade as
    ``guarantor run`` does. Without per-country figures every country gets the flat rate.
    Air classes and aid cost the same everywhere (one sourced cost per unit; one euro per euro).

    Parameters
    ----------
    inp : ModelInputs
        Engine inputs.
    draw : int
        The draw whose costs are used.
    cost : ndarray, shape (1 + K + 1,)
        Flat cost per unit of each column: troops, the air classes, aid [EUR per unit-year].

    Returns
    -------
    ndarray, shape (C, 1 + K + 1)
        Cost per unit-year for every country of ``inp.codes`` [EUR per unit-year].

    Examples
    --------
    Three countries, one draw; NATO gives A, B, C EUR 100k, 200k, 50k per soldier-year:

    >>> from types import SimpleNamespace
    >>> inp = SimpleNamespace(codes=("A", "B", "C"),
    ...                       soldier_year_eur_by_country=np.array([[1e5, 2e5, 5e4]]))
    >>> troop_costs(inp, 0, np.array([166_667.0, 5e6, 1.0]))
    array([[1.e+05, 5.e+06, 1.e+00],
           [2.e+05, 5.e+06, 1.e+00],
           [5.e+04, 5.e+06, 1.e+00]])
    """
    out = np.tile(np.asarray(cost, dtype=float), (len(inp.codes), 1))
    by_country = inp.soldier_year_eur_by_country
    if by_country is not None:
        out[:, 0] = np.asarray(by_country, dtype=float)[draw]
    return out


def build_problem(inp: ModelInputs, options: ApportionOptions | None = None, draw: int = 0,
                  *, population: np.ndarray | None = None,
                  include: tuple[str, ...] | None = None) -> ApportionProblem:
    """The apportionment problem of one draw of a scenario's inputs.

    Parameters
    ----------
    inp : ModelInputs
        From :func:`guarantor.engine.inputs.build_inputs`.
    options : ApportionOptions, optional
        Basis, troop unit, pledge mode, aid cap.
    draw : int
        Which draw to take.
    population : ndarray, shape (C,), optional
        Population per registry country [persons] (read from the dataset when needed).
    include : tuple of str, optional
        Requirement names to keep (default: every requirement of the scenario's missions,
        i.e. those with a positive or unknown gross requirement).
    """
    opt = options or ApportionOptions()
    d = draw
    part = np.asarray(inp.participants, dtype=bool)
    will = inp.willingness[d]                      # troops
    will_air = inp.air_willingness()[d]            # (C, K)
    will_aid = inp.aid_willingness()[d]
    # willingness behind each column: troops | air classes | aid
    will_cols = np.concatenate([will[:, None], will_air, will_aid[:, None]], axis=1)
    codes = tuple(np.array(inp.codes)[part])
    classes = tuple(inp.classes)

    # supply with pledges as the engine reads them, and without (for floor mode)
    land = force_mod.land_forces(inp.personnel, inp.land_share[d:d + 1])
    sust = force_mod.sustainable_troops(
        land, inp.deployable_share[d:d + 1], inp.sustainable_share[d:d + 1],
        inp.rotation_ratio[d:d + 1], inp.sustainability)
    no_pledge_t = np.full_like(inp.pledge_troops, np.nan)
    t_free = force_mod.troop_capacity(sust, will[None], no_pledge_t, part)[0]
    sup = air_mod.supply(inp, np.full_like(inp.pledge_aircraft, np.nan), slice(d, d + 1))
    a_free = sup["national"][0]
    if opt.aid_cap_gdp_share is not None:
        aid_free = np.nan_to_num(inp.gdp_eur, nan=0.0) * opt.aid_cap_gdp_share
    else:
        aid_free = np.full(len(inp.codes), np.inf)
    aid_free = np.where(part & (will_aid > 0), aid_free, 0.0)

    free = np.concatenate([t_free[:, None], a_free, aid_free[:, None]], axis=1)  # (Call, 1+K+1)
    pledge = np.concatenate([inp.pledge_troops[:, None], inp.pledge_aircraft,
                             inp.pledge_aid[:, None]], axis=1)
    has_pledge = np.isfinite(pledge)
    pv = np.nan_to_num(pledge, nan=0.0)
    if opt.pledges == "cap":
        lower = np.zeros_like(free)
        upper = np.where(has_pledge, pv, free)
    elif opt.pledges == "fixed":
        lower = np.where(has_pledge, pv, 0.0)
        upper = np.where(has_pledge, pv, free)
    else:  # floor
        lower = np.where(has_pledge, pv, 0.0)
        upper = np.where(has_pledge, np.maximum(pv, free), free)
    upper = np.where(part[:, None], upper, 0.0)
    lower = np.where(part[:, None], lower, 0.0)

    # requirements net of the US
    # whole units: a fractional requirement means one more unit (as the engine reads it)
    air_req = np.ceil(inp.air_required[d] - 1e-9)
    troops_req = float(np.ceil(inp.troops_required[d] - 1e-9))
    us_air = np.minimum(air_req, inp.us_supply)
    # pooled fleets (NATO E-3A, MMF, SAC, AGS) are netted off after the US, as in the engine
    sup_p = air_mod.supply(inp, None, slice(d, d + 1))
    pool_air = np.minimum(air_req - us_air, sup_p["pooled"][0].sum(axis=0))
    aid_us = inp.aid_required[d] * np.clip(inp.us_aid_share[d], 0.0, 1.0)
    names = ("troops",) + classes + ("aid",)
    from guarantor.data.capabilities import CLASS_UNITS

    units = ("persons",) + tuple(CLASS_UNITS.get(k, "units") for k in classes) + \
        (f"{inp.money_basis} per year",)
    gross = np.concatenate([[troops_req], air_req, [inp.aid_required[d]]])
    us = np.concatenate([[0.0], us_air, [aid_us]])
    step = np.concatenate([[float(opt.troop_unit)], np.ones(len(classes)), [0.0]])
    cost = np.concatenate([[inp.soldier_year_eur[d]], inp.unit_year_eur[d], [1.0]])
    unit_cost = troop_costs(inp, d, cost)

    # money has no natural upper bound: nobody need give more than the whole requirement
    pools = np.concatenate([[0.0], pool_air, [0.0]])
    net = gross - us - pools
    upper = np.where(np.isinf(upper), lower + np.nan_to_num(np.clip(net, 0, None))[None, :],
                     upper)

    # what sets each cap, in words
    src = np.empty(free.shape, dtype=object)
    src[:, 0] = "sustainable troops x willingness"
    src[:, 1:-1] = "inventory x availability x commit share x willingness"
    src[:, -1] = ("GDP x aid cap" if opt.aid_cap_gdp_share is not None
                  else "no cap (the whole requirement)")
    unknown = np.zeros(free.shape, dtype=bool)
    unknown[:, 1:-1] = air_mod.unknown_contributors(
        inp.inventory, inp.pledge_aircraft, part, will_air[None], inp.availability[d:d + 1])[0]
    src[:, 1:-1] = np.where(unknown[:, 1:-1], "inventory or availability not sourced",
                            src[:, 1:-1])
    src[:, 1:-1] = np.where(np.isfinite(inp.inventory) & (inp.inventory == 0), "no inventory",
                            src[:, 1:-1])
    src = np.where(has_pledge, f"pledge ({opt.pledges})", src)
    src = np.where(will_cols > 0, src, "willingness 0")
    src = np.where(has_pledge, f"pledge ({opt.pledges})", src)

    eligible = part & (will_cols > 0).any(axis=1)
    fair, notes = fair_shares(inp, opt, eligible, population)

    keep = np.isnan(gross) | (gross > 0)
    if include is not None:
        keep &= np.isin(np.array(names), include)
    ks = np.flatnonzero(keep)
    notes = list(notes)
    if opt.troop_unit > 1 and 0 in ks:
        notes.append(f"troops allocated in whole units of {opt.troop_unit} persons "
                     "(option --troop-unit; a modelling choice, not a sourced figure)")
    return ApportionProblem(
        codes=codes, requirements=tuple(names[k] for k in ks), units=tuple(units[k] for k in ks),
        required=np.where(np.isfinite(net[ks]), np.clip(net[ks], 0.0, None), np.nan),
        lower=lower[part][:, ks], upper=upper[part][:, ks], step=step[ks], fair=fair[part],
        unit_cost=unit_cost[part][:, ks],
        gross=gross[ks], us_covers=us[ks], cap_source=src[part][:, ks],
        unknown_supply=(unknown & (will_cols > 0))[part][:, ks], basis=opt.basis,
        notes=tuple(notes), pool_covers=pools[ks], money_basis=inp.money_basis,
        unknown_extra=np.concatenate([[0.0], sup_p["extra"][0], [0.0]])[ks],
    )
