"""Scenario language: YAML in, a frozen, validated :class:`Scenario` out — once, at the boundary.

A scenario writes down an arrangement: the protected state, the participants (a named group or a
list, with willingness, pledges and exclusions), the US posture, policy flags, the missions
(reassurance force, air shield, military aid), the burden-sharing rule, the horizon, parameter
overrides, and a rationale with sources. A scenario may name a ``baseline`` and change it with
``overrides`` by dotted path; every override is checked before any is applied, and the baseline is
never mutated. Past this module the code sees typed objects, not dicts.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guarantor.data.countries import GROUPS, registry
from guarantor.distributions import Distribution
from guarantor.errors import ScenarioError
from guarantor.yamlio import Located, load_yaml, parse_yaml_text, validate

BURDEN_RULES: tuple[str, ...] = ("gdp", "capacity", "historical", "pledges", "fair_share")
SUSTAINABILITY_METHODS: tuple[str, ...] = ("usability", "rotation")
US_POSTURES: tuple[str, ...] = ("none", "intelligence", "enablers", "full")

BurdenRule = Literal["gdp", "capacity", "historical", "pledges", "fair_share"]
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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pledge(_Model):
    """What a participant has pledged; pledges override computed supply where given."""

    troops: int | None = Field(default=None, ge=0)
    aircraft: dict[str, float] = Field(default_factory=dict)
    aid_eur_per_year: float | None = Field(default=None, ge=0)

    @field_validator("aircraft")
    @classmethod
    def _aircraft(cls, v: dict[str, float]) -> dict[str, float]:
        _classes(v)
        for k, n in v.items():
            if n < 0:
                raise ValueError(f"pledged {k} must be >= 0, got {n}")
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
        if isinstance(v, float | int) and not 0 <= v <= 1:
            raise ValueError(f"willingness must be a share in 0..1, got {v}")
        return v

    @field_validator("willingness")
    @classmethod
    def _shares(cls, v: dict[str, Any]) -> dict[str, Any]:
        for c, w in v.items():
            if isinstance(w, float | int) and not 0 <= w <= 1:
                raise ValueError(f"willingness of {c} must be a share in 0..1, got {w}")
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


class Policy(_Model):
    """The rules of the arrangement (each a lever the red-line check reads)."""

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


@lru_cache(maxsize=1)
def force_options() -> dict[str, dict[str, Any]]:
    """Published reassurance-force size options (``scenarios/force_options.yaml``), by name."""
    from guarantor.yamlio import _plain

    ref = resources.files("guarantor") / "scenarios" / "force_options.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), "scenarios/force_options.yaml")
    return dict(_plain(located.data)["options"])


class ReassuranceForce(_Model):
    """Troops deployed at once in the protected state, and how sustainability is judged.

    Give ``troops``, or a published size ``option`` (``scenarios/force_options.yaml``) whose
    troop number is then used; with both, ``troops`` wins and ``option`` is a label.
    """

    troops: int = Field(default=-1)
    option: str | None = None
    sustainability: Literal["usability", "rotation"] = "usability"

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
            if n < 0:
                raise ValueError(f"{k} must be >= 0, got {n}")
        return v

    @field_validator("commit_share")
    @classmethod
    def _share(cls, v: Any) -> Any:
        if isinstance(v, float | int) and not 0 <= v <= 1:
            raise ValueError(f"commit_share must be a share in 0..1, got {v}")
        return v


class MilitaryAid(_Model):
    """Annual military aid: an amount, the US share to replace, or (neither) the Kiel average."""

    eur_per_year: float | None = Field(default=None, ge=0)
    replace_us_share: bool = False

    @model_validator(mode="after")
    def _one(self) -> MilitaryAid:
        if self.eur_per_year is not None and self.replace_us_share:
            raise ValueError("give either eur_per_year or replace_us_share, not both")
        return self


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
    us_posture: Literal["none", "intelligence", "enablers", "full"] = "none"
    us_supplies: dict[str, float] = Field(default_factory=dict)
    us_aid_share: float | None = Field(default=None, ge=0, le=1)
    policy: Policy = Policy()
    missions: Missions
    burden_rule: BurdenRule = "gdp"
    parameters: dict[str, float] = Field(default_factory=dict)
    rationale: tuple[Rationale, ...] = ()
    #: The date every date-dependent judgement uses (red lines, stated positions); default:
    #: the positions ledger's latest statement. Never the wall clock.
    as_of: date | None = None

    @field_validator("protected_state", "adversary")
    @classmethod
    def _state(cls, v: str) -> str:
        return _iso(v)

    @field_validator("us_supplies")
    @classmethod
    def _us(cls, v: dict[str, float]) -> dict[str, float]:
        _classes(v)
        for k, n in v.items():
            if n < 0:
                raise ValueError(f"us_supplies.{k} must be >= 0, got {n}")
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
        dump = self.model_dump(mode="json")
        if dump.get("as_of") is None:  # unset: the hash of a scenario without the key
            dump.pop("as_of", None)
        blob = json.dumps(dump, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- loading

#: Keys of a scenario file that are about the file itself, not the arrangement.
_FILE_KEYS = ("baseline", "overrides")


def bundled_scenarios() -> tuple[str, ...]:
    """Names of the scenarios bundled with the package (file stems, sorted)."""
    folder = resources.files("guarantor") / "scenarios"
    return tuple(
        sorted(
            p.name[: -len(".yaml")]
            for p in folder.iterdir()
            if p.name.endswith(".yaml") and not p.name.startswith("_")
            and p.name != "force_options.yaml"
        )
    )


def _bundled_text(name: str) -> tuple[str, str]:
    ref = resources.files("guarantor") / "scenarios" / f"{name}.yaml"
    return ref.read_text("utf-8"), f"scenarios/{name}.yaml"


def _locate(ref: str | Path, relative_to: Path | None = None) -> Located:
    """Find a scenario by bundled name or path."""
    s = str(ref)
    if s in bundled_scenarios():
        text, label = _bundled_text(s)
        return parse_yaml_text(text, label)
    p = Path(s)
    if not p.is_absolute() and relative_to is not None and not p.exists():
        p = relative_to / p
    if not p.exists():
        raise ScenarioError(
            "scenario not found",
            value=s,
            allowed="a path to a YAML file or a bundled name: " + ", ".join(bundled_scenarios()),
        )
    return load_yaml(p)


def _apply_override(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """Walk ``path`` in ``data``; return (parent mapping, last key), creating nothing."""
    parts = path.split(".")
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node, dict):
            raise KeyError(".".join(parts[: i + 1]))
        if part not in node or node[part] is None:
            node[part] = {}
        node = node[part]
    if not isinstance(node, dict):
        raise KeyError(path)
    return node, parts[-1]


def _check_override_path(path: str) -> None:
    """An override must name a field of the scenario schema (dict keys such as ISO3 allowed)."""
    parts = path.split(".")
    model: Any = Scenario
    for i, part in enumerate(parts):
        fields = getattr(model, "model_fields", None)
        if fields is None:
            return  # inside a free mapping (e.g. willingness.POL): values are validated later
        if part in _FILE_KEYS or part not in fields:
            raise ScenarioError(
                "unknown override path",
                key=f"overrides.{path}",
                value=path,
                allowed=", ".join(sorted(fields)) if i == 0 else
                f"fields of {'.'.join(parts[:i])}: {', '.join(sorted(fields))}",
            )
        from guarantor.yamlio import _model_of

        annotation = fields[part].annotation
        if get_origin(annotation) is dict:
            return  # a free mapping (willingness.POL, pledges.FRA...): validated after applying
        nxt = _model_of(annotation)
        model = nxt if nxt is not None else object()


def resolve_raw(located: Located, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The scenario's own mapping merged onto its baseline (recursively), overrides applied."""
    from guarantor.yamlio import _plain

    data = _plain(located.data)
    if data is None:
        raise ScenarioError("the file is empty", file=located.source,
                            allowed="a scenario mapping (name, title, participants, missions...)")
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping", file=located.source)
    base_ref = data.pop("baseline", None)
    overrides = data.pop("overrides", None) or {}
    if overrides and base_ref is None:
        raise ScenarioError(
            "overrides need a baseline", file=located.source, key="overrides",
            line=located.line_of(["overrides"]), hint="add `baseline: <name or path>`",
        )
    if base_ref is None:
        return data
    if base_ref in seen:
        raise ScenarioError("baseline cycle", file=located.source, key="baseline", value=base_ref)
    here = Path(located.source).parent if Path(located.source).exists() else None
    merged = copy.deepcopy(resolve_raw(_locate(base_ref, here), seen + (str(base_ref),)))
    if not isinstance(overrides, dict):
        raise ScenarioError(
            "overrides must be a mapping of dotted paths to values",
            file=located.source, key="overrides", line=located.line_of(["overrides"]),
        )
    # check every override before applying any
    for path in overrides:
        try:
            _check_override_path(path)
        except ScenarioError as exc:
            exc.file = located.source
            exc.line = located.line_of(["overrides", path])
            raise
    for path, value in overrides.items():
        parent, key = _apply_override(merged, path)
        parent[key] = value
    for key, value in data.items():  # the child's own top-level keys replace the baseline's
        merged[key] = value
    return merged


def load_scenario(ref: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a scenario by bundled name or path, resolve its baseline, validate it.

    Parameters
    ----------
    ref : str or Path
        A bundled scenario name (``guarantor.scenario.bundled_scenarios()``) or a YAML path.
    overrides : mapping, optional
        Extra dotted-path overrides (e.g. from the CLI or web levers), checked like file overrides.

    Examples
    --------
    >>> s = load_scenario("aug2025")
    >>> s.us_posture
    'enablers'
    """
    located = _locate(ref)
    return scenario_with_overrides(resolve_raw(located), located, overrides)


def scenario_with_overrides(raw: dict[str, Any], located: Located,
                            overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate a resolved scenario mapping after applying extra dotted-path overrides.

    Every override is checked before any is applied and ``raw`` is never mutated; an error that
    an override caused names it in its hint. Used by :func:`load_scenario` (``--set``) and by the
    web app's levers, so both give the same message for the same input.
    """
    if overrides:
        raw = copy.deepcopy(raw)
        for path in overrides:
            _check_override_path(path)
        for path, value in overrides.items():
            parent, key = _apply_override(raw, path)
            parent[key] = value
    try:
        return _validate_located(raw, located)
    except ScenarioError as exc:
        given = [p for p in overrides or {} if exc.key and (exc.key == p or
                 exc.key.startswith(p + ".") or p.startswith(exc.key + "."))]
        if given and overrides is not None:  # given is empty when overrides is None
            exc.line = None
            exc.hint = f"from the override {given[0]}={overrides[given[0]]!r}"
        raise


def _validate_located(raw: dict[str, Any], located: Located) -> Scenario:
    """Validate merged data; point errors at the line of the child file that set the value."""
    try:
        return validate(Scenario, raw, located.source)
    except ScenarioError as exc:
        if exc.key and exc.line is None:
            parts: list[str | int] = []
            for bit in exc.key.replace("]", "").split("."):
                name, _, idx = bit.partition("[")
                parts.append(name)
                if idx:
                    parts.append(int(idx))
            data = located.data if isinstance(located.data, dict) else {}
            overrides = data.get("overrides") or {}
            hit = [p for p in overrides if exc.key == p or exc.key.startswith(p + ".")
                   or p.startswith(exc.key + ".")]
            if hit:
                exc.line = located.line_of(["overrides", hit[0]])
            elif located.line_of(parts[:1]) is not None:
                exc.line = located.line_of(parts)
        raise


def scenario_from_text(text: str, source: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (web uploads)."""
    located = parse_yaml_text(text, source)
    return _validate_located(resolve_raw(located), located)


@lru_cache(maxsize=32)
def bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once."""
    return load_scenario(name)
