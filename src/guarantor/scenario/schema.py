"""The scenario schema: the frozen, validated :class:`Scenario` and its parts.

A scenario writes down an arrangement: the protected state, the participants (a named group or a
list, with willingness, pledges and exclusions), the US posture, policy flags, the missions
(reassurance force, air shield, military aid), the burden-sharing rule, the horizon, parameter
overrides, the date its judgements are made as of, and a rationale with sources. Loading (YAML,
baselines, overrides) is :mod:`guarantor.scenario.load`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guarantor.data.countries import GROUPS, registry
from guarantor.data.vocabulary import (
    BurdenRule,
    SustainabilityMethod,
    USPostureName,
)
from guarantor.distributions import Distribution
from guarantor.yamlio import parse_yaml_text

Share = float  # a fraction in 0..1, checked by Field(ge=0, le=1)


def capability_classes() -> tuple[str, ...]:
    """The closed vocabulary of air-shield capability classes (defined in capabilities.yaml)."""
    from guarantor.data.capabilities import CAPABILITY_CLASSES

    return tuple(CAPABILITY_CLASSES)


def _iso(code: str) -> str:
    if code not in registry():
        guess = registry().lookup(code)
        hint = f" (did you mean {guess}?)" if guess and guess != code else ""
        raise ValueError(
            f"unknown country code {code!r}{hint}; allowed: ISO3 codes listed by "
            f"`guarantor data countries`"
        )
    return code


def _classes(mapping: Mapping[str, Any]) -> None:
    allowed = capability_classes()
    for k in mapping:
        if k not in allowed:
            raise ValueError(f"unknown capability class {k!r}; allowed: {', '.join(allowed)}")


#: Guards on counts and money a scenario may give: far above any real arrangement, they only
#: catch typos and values that would overflow the arithmetic (not model assumptions).
MAX_PERSONS = 10_000_000
MAX_UNITS = 1_000_000
MAX_EUR_PER_YEAR = 1e14


class _Model(BaseModel):
    # allow_inf_nan=False: .nan and .inf are refused in every float field, however it is built
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Pledge(_Model):
    """What a participant has pledged; pledges override computed supply where given."""

    troops: int | None = Field(default=None, ge=0, le=MAX_PERSONS)
    aircraft: dict[str, float] = Field(default_factory=dict)
    aid_eur_per_year: float | None = Field(default=None, ge=0, le=MAX_EUR_PER_YEAR)

    @field_validator("aircraft")
    @classmethod
    def _aircraft(cls, v: dict[str, float]) -> dict[str, float]:
        _classes(v)
        for k, n in v.items():
            if not 0 <= n <= MAX_UNITS:
                raise ValueError(f"pledged {k} must be in 0..{MAX_UNITS:,}, got {n}")
        return v


def _share_or_spec(v: Any, key: str) -> Any:
    """``v`` when it is a share in 0..1 or a distribution whose every value lies in 0..1.

    A share's distribution must be bounded inside 0..1 (triangular, uniform, beta, discrete,
    or a normal truncated by ``low`` and ``high``), so a draw is always a share.
    """
    if isinstance(v, float | int) and not 0 <= v <= 1:
        raise ValueError(f"{key} must be a share in 0..1, got {v}")
    if isinstance(v, BaseModel):
        dist = getattr(v, "dist", "")
        if dist == "discrete":
            bounds = list(getattr(v, "values", []))
        else:
            bounds = [getattr(v, "low", None), getattr(v, "high", None)]
        if any(b is None for b in bounds) or not all(0 <= b <= 1 for b in bounds):
            raise ValueError(
                f"{key} is a share, so its {dist} distribution must stay within 0..1 "
                f"(low and high, or every value, in 0..1; lognormal is not allowed)")
    return v


class Participants(_Model):
    """Who takes part: a named group and/or a list, minus exclusions."""

    group: str | None = None
    countries: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_willingness: float | Distribution = 1.0
    willingness: dict[str, float | Distribution] = Field(default_factory=dict)
    pledges: dict[str, Pledge] = Field(default_factory=dict)

    @field_validator("group")
    @classmethod
    def _group(cls, v: str | None) -> str | None:
        if v is not None and v not in GROUPS:
            raise ValueError(f"unknown group {v!r}; allowed: {', '.join(GROUPS)}")
        return v

    @field_validator("countries", "exclude")
    @classmethod
    def _codes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_iso(c) for c in v)

    @field_validator("willingness", "pledges")
    @classmethod
    def _keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        for c in v:
            _iso(c)
        return v

    @field_validator("default_willingness")
    @classmethod
    def _default_share(cls, v: Any) -> Any:
        return _share_or_spec(v, "willingness")

    @field_validator("willingness")
    @classmethod
    def _shares(cls, v: dict[str, Any]) -> dict[str, Any]:
        for c, w in v.items():
            if isinstance(w, float | int) and not 0 <= w <= 1:
                raise ValueError(f"willingness of {c} must be a share in 0..1, got {w}")
            _share_or_spec(w, f"willingness of {c}")
        return v

    @model_validator(mode="after")
    def _nonempty(self) -> Participants:
        if self.group is None and not self.countries:
            raise ValueError("participants need a group or a list of countries")
        return self

    def resolve(self, year: int, protected_state: str, adversary: str) -> tuple[str, ...]:
        """Participating ISO3 codes in registry order (never the protected state or adversary)."""
        reg = registry()
        chosen = set(reg.group(self.group, year)) if self.group else set()
        chosen |= set(self.countries)
        chosen -= set(self.exclude)
        chosen -= {protected_state, adversary, "USA"}
        return tuple(c for c in reg.codes if c in chosen)


class UnstatedShares(_Model):
    """Share of capacity a participant with no stated position offers, per mission [lever].

    The default, 0, is the conservative reading: nothing is counted that no government said.
    Each may be a distribution (then Monte Carlo and Sobol vary it).
    """

    troops: float | Distribution = 0.0
    aircraft: float | Distribution = 0.0
    aid: float | Distribution = 0.0

    @field_validator("troops", "aircraft", "aid")
    @classmethod
    def _share(cls, v: Any, info: ValidationInfo) -> Any:
        return _share_or_spec(v, f"contributions.unstated.{info.field_name}")


class ContributionOverride(_Model):
    """A scenario's own willingness for one country, per mission, with the reason for it."""

    troops: float | None = Field(default=None, ge=0, le=1)
    aircraft: float | None = Field(default=None, ge=0, le=1)
    aid: float | None = Field(default=None, ge=0, le=1)
    reason: str = Field(min_length=3)


#: Conditions of conditional positions, and the default each takes when the scenario does not
#: say (``us_backstop`` and ``nato_framework`` follow the US posture and the mission flag).
CONDITION_DEFAULTS: dict[str, bool] = {
    "ceasefire": True,            # the arrangement is a post-ceasefire one by construction
    "peace_agreement": True,
    "un_mandate": False,
    "eu_mandate": False,
    "parliamentary_approval": True,  # assumed granted where a government proposes it
    "other": False,               # an unnamed condition is not assumed met
}


class Contributions(_Model):
    """Where each participant's contribution comes from.

    ``source: ledger`` (default) derives each country's willingness per mission from its latest
    stated position as of the scenario's ``as_of`` (``data/ledger/contributions``; see
    :mod:`guarantor.engine.willingness`); ``source: assumed`` uses ``participants`` willingness
    alone (every participant at ``default_willingness`` unless listed) — an assumption, labelled so.
    """

    source: Literal["ledger", "assumed"] = "ledger"
    case: str | None = None
    stated_share: float | Distribution = 1.0
    unstated: UnstatedShares = Field(default_factory=UnstatedShares)
    conditions: dict[str, bool] = Field(default_factory=dict)
    overrides: dict[str, ContributionOverride] = Field(default_factory=dict)

    @field_validator("stated_share")
    @classmethod
    def _stated(cls, v: Any) -> Any:
        return _share_or_spec(v, "contributions.stated_share")

    @field_validator("conditions")
    @classmethod
    def _conditions(cls, v: dict[str, bool]) -> dict[str, bool]:
        allowed = (*CONDITION_DEFAULTS, "us_backstop", "nato_framework")
        for k in v:
            if k not in allowed:
                raise ValueError(f"unknown condition {k!r}; allowed: {', '.join(allowed)}")
        return v

    @field_validator("overrides")
    @classmethod
    def _codes(cls, v: dict[str, Any]) -> dict[str, Any]:
        for c in v:
            _iso(c)
        return v


class TargetComponent(_Model):
    """One component of a spending target: a share of GDP to reach by a year."""

    share: float = Field(ge=0, le=0.2)
    year: int = Field(ge=2025, le=2060)


#: Components a spending target may have (NATO, The Hague Summit Declaration, 25 June 2025:
#: 3.5% of GDP on core defence requirements, NATO definition, plus up to 1.5% on defence- and
#: security-related spending, both by 2035).
TARGET_COMPONENTS: tuple[str, ...] = ("core", "related")


class Policy(_Model):
    """The rules of the arrangement (each a lever the red-line check reads).

    A spending target is either one share (``spending_target_share`` by ``spending_target_year``,
    measured on the NATO definition of defence spending) or components
    (``spending_target_components: {core: {share, year}, related: {share, year}}``); then the
    share is their sum and the year the latest. It applies to NATO allies, and to a non-member
    participant only when ``spending_target_countries`` names it.
    """

    us_troops_in_protected_state: bool = False
    article5_for_deployed_forces: bool = False
    nato_membership_for_protected_state: bool = False
    pre2014_borders_objective: bool = False
    guarantees_agreed_with_adversary: bool = False
    nato_led_mission: bool = False
    territorial_concessions: bool = False
    economic_pressure_on_adversary: bool = False
    europe_in_negotiations: bool = True
    spending_target_share: float = Field(default=0.02, ge=0, le=0.2)
    spending_target_year: int = Field(default=2035, ge=2025, le=2060)
    spending_target_components: dict[str, TargetComponent] = Field(default_factory=dict)
    spending_target_countries: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _components_sum(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("spending_target_components"):
            comps = data["spending_target_components"]
            if not isinstance(comps, Mapping):
                return data
            bad = [k for k in comps if k not in TARGET_COMPONENTS]
            if bad:
                raise ValueError(f"unknown spending target component {bad[0]!r}; allowed: "
                                 + ", ".join(TARGET_COMPONENTS))
            try:
                total = round(sum(float(v["share"]) for v in comps.values()), 10)
                year = max(int(v["year"]) for v in comps.values())
            except (KeyError, TypeError, ValueError):
                return data  # the field validators name the bad entry
            data = dict(data)
            data["spending_target_share"] = total
            data["spending_target_year"] = year
        return data

    @field_validator("spending_target_countries")
    @classmethod
    def _countries(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_iso(c) for c in v)

    def target_component(self, name: str) -> TargetComponent | None:
        """A component of the target (``core`` is the single share when none is given)."""
        if self.spending_target_components:
            return self.spending_target_components.get(name)
        if name == "core":  # the two fields have the component's own bounds: no validation
            return TargetComponent.model_construct(share=self.spending_target_share,
                                                   year=self.spending_target_year)
        return None


@lru_cache(maxsize=1)
def force_options() -> dict[str, dict[str, Any]]:
    """Published reassurance-force size options (``scenarios/force_options.yaml``), by name."""
    from guarantor.yamlio import _plain

    ref = Path(__file__).resolve().parent / "scenarios" / "force_options.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), "scenarios/force_options.yaml")
    return dict(_plain(located.data)["options"])


class ReassuranceForce(_Model):
    """Troops deployed at once in the protected state, and how sustainability is judged.

    Give ``troops``, or a published size ``option`` (``scenarios/force_options.yaml``) whose
    troop number is then used; with both, ``troops`` wins and ``option`` is a label.
    """

    troops: int = Field(default=-1)
    option: str | None = None
    sustainability: SustainabilityMethod = "usability"

    @model_validator(mode="before")
    @classmethod
    def _from_option(cls, data: Any) -> Any:
        if isinstance(data, dict):
            opt = data.get("option")
            if opt is not None:
                options = force_options()
                if opt not in options:
                    raise ValueError(
                        f"unknown force option {opt!r}; allowed: {', '.join(options)}"
                    )
                if data.get("troops") is None:
                    data = {**data, "troops": int(options[opt]["troops"])}
            elif data.get("troops") is None:
                raise ValueError("reassurance_force needs troops or a published option")
        return data

    @field_validator("troops")
    @classmethod
    def _nonneg(cls, v: int) -> int:
        if v < 0:
            raise ValueError(f"troops must be >= 0, got {v}")
        if v > MAX_PERSONS:
            raise ValueError(f"troops must be at most {MAX_PERSONS:,}, got {v}")
        return v


class AirShield(_Model):
    """Air-shield requirement per capability class: given directly, or from patrol stations."""

    requirement: dict[str, float] = Field(default_factory=dict)
    stations: dict[str, float] = Field(default_factory=dict)
    commit_share: float | Distribution = 0.25

    @field_validator("requirement", "stations")
    @classmethod
    def _cls(cls, v: dict[str, float]) -> dict[str, float]:
        _classes(v)
        for k, n in v.items():
            if not 0 <= n <= MAX_UNITS:
                raise ValueError(f"{k} must be in 0..{MAX_UNITS:,}, got {n}")
        return v

    @field_validator("commit_share")
    @classmethod
    def _share(cls, v: Any) -> Any:
        return _share_or_spec(v, "commit_share")


class MilitaryAid(_Model):
    """Annual aid: an amount, the US flow to replace, or (neither) the Kiel average.

    ``kind``: which of Kiel's kinds of aid the requirement counts (``military``, or ``all`` =
    military + financial + humanitarian). ``replace_us: military | all``: the others replace what
    the US gave of that kind (reference-period average); ``replace_us_share: true`` is the older
    spelling of ``replace_us: military``.
    """

    eur_per_year: float | None = Field(default=None, ge=0, le=MAX_EUR_PER_YEAR)
    replace_us_share: bool = False
    replace_us: Literal["military", "all"] | None = None
    kind: Literal["military", "all"] = "military"

    @model_validator(mode="after")
    def _one(self) -> MilitaryAid:
        if self.eur_per_year is not None and (self.replace_us_share or self.replace_us):
            raise ValueError("give either eur_per_year or replace_us, not both")
        if self.replace_us_share and self.replace_us == "all":
            raise ValueError("replace_us_share: true means replace_us: military; drop one")
        if self.replace_us is not None and self.kind != "military" and self.kind != self.replace_us:
            raise ValueError("kind and replace_us disagree; replace_us sets the kind")
        return self

    @property
    def replaces(self) -> str | None:
        """Kind of US aid the others replace (``military`` | ``all``), or None."""
        return self.replace_us or ("military" if self.replace_us_share else None)

    @property
    def aid_kind(self) -> str:
        """Kind of aid the requirement counts."""
        return self.replaces or self.kind


class Missions(_Model):
    """The missions of the arrangement; any may be absent."""

    reassurance_force: ReassuranceForce | None = None
    air_shield: AirShield | None = None
    military_aid: MilitaryAid | None = None


class Rationale(_Model):
    """Why the scenario is written as it is, with the source it rests on."""

    text: str = Field(min_length=1)
    source: str | None = None
    locator: str | None = None

    @field_validator("source")
    @classmethod
    def _src(cls, v: str | None) -> str | None:
        from guarantor.data.sources import source_catalogue

        if v is not None and v not in source_catalogue():
            raise ValueError(f"unknown source id {v!r}; see `guarantor data sources`")
        return v


class Scenario(_Model):
    """A security arrangement, validated and frozen."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    title: str
    description: str = ""
    protected_state: str = "UKR"
    adversary: str = "RUS"
    start_year: int = Field(default=2026, ge=2014, le=2060)
    horizon_years: int = Field(default=10, ge=1, le=40)
    participants: Participants
    us_posture: USPostureName = "none"
    us_supplies: dict[str, float] = Field(default_factory=dict)
    us_aid_share: float | None = Field(default=None, ge=0, le=1)
    policy: Policy = Field(default_factory=Policy)
    missions: Missions
    burden_rule: BurdenRule = "gdp"
    parameters: dict[str, float] = Field(default_factory=dict)
    rationale: tuple[Rationale, ...] = ()
    #: The date every date-dependent judgement uses (red lines, stated positions); default:
    #: the positions ledger's latest statement. Never the wall clock.
    as_of: date | None = None
    contributions: Contributions = Field(default_factory=Contributions)

    def conditions_met(self) -> dict[str, bool]:
        """Whether each condition of a conditional position holds in this arrangement."""
        out = dict(CONDITION_DEFAULTS)
        out["us_backstop"] = self.us_posture in ("enablers", "full")
        out["nato_framework"] = self.policy.nato_led_mission
        out.update(self.contributions.conditions)
        return out

    @field_validator("protected_state", "adversary")
    @classmethod
    def _state(cls, v: str) -> str:
        return _iso(v)

    @field_validator("us_supplies")
    @classmethod
    def _us(cls, v: dict[str, float]) -> dict[str, float]:
        _classes(v)
        for k, n in v.items():
            if not 0 <= n <= MAX_UNITS:
                raise ValueError(f"us_supplies.{k} must be in 0..{MAX_UNITS:,}, got {n}")
        return v

    @field_validator("parameters")
    @classmethod
    def _params(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        from guarantor.data.params import load_parameters

        known = set(load_parameters().names())
        for k in v:
            if k not in known:
                raise ValueError(
                    f"unknown parameter {k!r}; see `guarantor params` for the list"
                )
        return v

    @property
    def end_year(self) -> int:
        """Last year of the horizon (inclusive)."""
        return self.start_year + self.horizon_years - 1

    def participant_codes(self) -> tuple[str, ...]:
        """Participating countries in registry order."""
        return self.participants.resolve(self.start_year, self.protected_state, self.adversary)

    def digest(self) -> str:
        """Stable hash of the resolved scenario (first 16 hex of SHA-256 of canonical JSON)."""
        known = _KNOWN_DIGESTS.get(id(self))
        if known is not None and known[0] is self:
            return known[1]
        return self._canonical_digest()

    def _canonical_digest(self) -> str:
        """:meth:`digest` computed from the canonical JSON of every field."""
        dump = self.model_dump(mode="json")
        if dump.get("as_of") is None:  # unset: the hash of a scenario without the key
            dump.pop("as_of", None)
        blob = json.dumps(dump, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


#: Digests computed before, by object: ``id -> (scenario, digest)``. A bundled scenario read
#: from the compiled cache (:func:`guarantor.scenario.load.load_scenario`) comes with the
#: digest computed when it was validated, so a plain run never builds the Scenario's
#: serializer (about a tenth of its time) just to hash it. An entry holds its scenario, so its
#: id cannot be reused while the entry lives; a copy (``model_copy``) is another object and
#: computes its own digest. The oldest entries are dropped past :data:`_KNOWN_MAX`.
_KNOWN_DIGESTS: dict[int, tuple[Scenario, str]] = {}
_KNOWN_MAX = 64


def remember_digest(scenario: Scenario, digest: str) -> None:
    """Record ``digest`` as ``scenario.digest()`` (it must be what that computes)."""
    _KNOWN_DIGESTS[id(scenario)] = (scenario, digest)
    while len(_KNOWN_DIGESTS) > _KNOWN_MAX:
        del _KNOWN_DIGESTS[next(iter(_KNOWN_DIGESTS))]
