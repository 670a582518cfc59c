"""Model parameters and US postures: sourced records read once, overridden without mutation.

``parameters/defaults.yaml`` holds every constant the engine uses as a
:class:`~guarantor.data.sources.SourcedValue` keyed by a dotted name (``forces.deployable_share``,
``costs.flight_hour_eur.combat_aircraft`` ...), optionally with per-country overrides
(``by_country``). ``parameters/us_postures.yaml`` holds the four US postures
(:data:`US_POSTURES`), each a judgement bundle of what the US supplies per capability class and
its share of the military-aid requirement.

A record whose ``value`` is null was not sourced: :meth:`Parameters.value` returns NaN for it so
that the engine reports "unknown" rather than a silent zero.

Examples
--------
>>> p = load_parameters()
>>> p.value("forces.deployable_share")
0.4
>>> q = p.with_overrides({"forces.deployable_share": 0.5})
>>> q.value("forces.deployable_share"), p.value("forces.deployable_share")
(0.5, 0.4)
>>> sorted(load_postures()) == sorted(US_POSTURES)
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.data.sources import SourcedValue, _check_source_id
from guarantor.data.vocabulary import US_POSTURES
from guarantor.distributions import Distribution
from guarantor.errors import DataError, GuarantorError, ScenarioError
from guarantor.units import NONNEGATIVE_UNITS, SHARE_UNITS, UNITS
from guarantor.yamlio import Located, load_yaml, parse_yaml_text, validate

__all__ = [
    "POSTURE_CLASSES",
    "US_POSTURES",
    "Parameters",
    "USPosture",
    "load_parameters",
    "load_postures",
]


#: Capability classes a posture must give a count for (same names as ``capabilities.py``).
POSTURE_CLASSES: tuple[str, ...] = (
    "combat_aircraft",
    "tanker",
    "aewc",
    "ground_radar",
    "long_range_sam",
    "isr",
    "strategic_airlift",
)

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_BUNDLED_PARAMS = "parameters/defaults.yaml"
_BUNDLED_POSTURES = "parameters/us_postures.yaml"


#: Units of a cost rate: they name the currency; the record must also name its price-base year.
COST_UNITS: frozenset[str] = frozenset(
    u for u in UNITS if u.startswith(("EUR_per_", "USD_per_")) and u != "USD_per_EUR")


def _check_price_year(rec: SourcedValue, price_year: int | None) -> None:
    """A cost rate must carry its price-base year (the currency is in its unit)."""
    if rec.unit in COST_UNITS and price_year is None:
        raise ValueError(
            f"a cost in {rec.unit} needs price_year (the year whose prices it is in, e.g. "
            "2024); allowed: a year 1990..2035")
    if price_year is not None and not 1990 <= price_year <= 2035:
        raise ValueError(f"price_year {price_year} not allowed: must be a year 1990..2035")


def _range_problem(unit: str, value: float) -> str | None:
    """Why ``value`` is not allowed for ``unit`` (None when it is)."""
    if not math.isfinite(value):
        return "a finite number"
    if unit in SHARE_UNITS and not 0.0 <= value <= 1.0:
        return "a fraction in 0..1 (write 0.05, never 5 or '5%')"
    if unit in NONNEGATIVE_UNITS and value < 0:
        return "a number >= 0"
    return None


def _check_range(rec: SourcedValue) -> SourcedValue:
    if rec.value is not None:
        why = _range_problem(rec.unit, rec.value)
        if why:
            raise ValueError(f"value {rec.value} not allowed for unit {rec.unit}: must be {why}")
    spec = rec.uncertainty
    if spec is not None and rec.unit in SHARE_UNITS:
        for field in ("low", "high", "mode", "mean", "median"):
            bound = getattr(spec, field, None)
            if bound is not None and not 0.0 <= bound <= 1.0:
                raise ValueError(
                    f"uncertainty {field}={bound} outside 0..1 for a share parameter"
                )
    return rec


class CountryRecord(SourcedValue):
    """A per-country override of a parameter (same fields as any sourced value)."""

    #: Year of the prices a cost is in (required for cost units; the currency is the unit's).
    price_year: int | None = None

    @model_validator(mode="after")
    def _range(self) -> CountryRecord:
        _check_range(self)
        _check_price_year(self, self.price_year)
        return self


class ParameterRecord(SourcedValue):
    """One parameter: a sourced value plus optional per-country overrides."""

    by_country: dict[str, CountryRecord] = Field(default_factory=dict)
    #: Year of the prices a cost is in (required for cost units; the currency is the unit's).
    price_year: int | None = None

    @model_validator(mode="after")
    def _range(self) -> ParameterRecord:
        _check_range(self)
        _check_price_year(self, self.price_year)
        for iso, rec in self.by_country.items():
            if rec.unit != self.unit:
                raise ValueError(
                    f"by_country.{iso} has unit {rec.unit!r} but the parameter is in {self.unit!r}"
                )
        return self

    @field_validator("by_country")
    @classmethod
    def _codes(cls, v: dict[str, CountryRecord]) -> dict[str, CountryRecord]:
        from guarantor.data.countries import registry

        reg = registry()
        for code in v:
            if code not in reg:
                raise ValueError(
                    f"unknown country code {code!r} in by_country; allowed: ISO 3166-1 alpha-3 "
                    "codes of the registry"
                )
        return v


class _ParametersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    parameters: dict[str, ParameterRecord]

    @field_validator("parameters")
    @classmethod
    def _names(cls, v: dict[str, ParameterRecord]) -> dict[str, ParameterRecord]:
        for name, rec in v.items():
            if not _NAME.match(name):
                raise ValueError(
                    f"parameter name {name!r} is not a dotted lower-case name "
                    "like 'forces.land_share'"
                )
            if name.endswith("_share") and rec.unit != "share":
                raise ValueError(f"{name} ends in _share but its unit is {rec.unit!r}, not 'share'")
        return v


class Parameters:
    """The parameter set, frozen. Build it once with :func:`load_parameters`.

    Parameters
    ----------
    records : Mapping[str, ParameterRecord]
        Records by dotted name.
    source : str
        The file the records came from (for messages and provenance).
    overrides : Mapping[str, float], optional
        The overrides applied to reach this set from the file (provenance).
    """

    __slots__ = ("_records", "_source", "_overrides")
    _records: Mapping[str, ParameterRecord]
    _source: str
    _overrides: Mapping[str, float]

    def __init__(
        self,
        records: Mapping[str, ParameterRecord],
        source: str = _BUNDLED_PARAMS,
        overrides: Mapping[str, float] | None = None,
    ) -> None:
        object.__setattr__(self, "_records", MappingProxyType(dict(records)))
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_overrides", MappingProxyType(dict(overrides or {})))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Parameters is frozen; use with_overrides()")

    def __reduce__(self) -> tuple[type[Parameters], tuple[dict[str, ParameterRecord], str,
                                                          dict[str, float]]]:
        # The read-only views cannot be pickled; rebuilt from plain dicts, so the compiled data
        # cache (``data.compiled``) can store the bundled set instead of validating it per run.
        return Parameters, (dict(self._records), self._source, dict(self._overrides))

    def __repr__(self) -> str:
        return (
            f"Parameters({len(self._records)} records from {self._source}, "
            f"{len(self._overrides)} overrides)"
        )

    def __contains__(self, name: object) -> bool:
        return name in self._records

    @property
    def source(self) -> str:
        """The file the records were read from."""
        return self._source

    @property
    def overrides(self) -> Mapping[str, float]:
        """Overrides applied to the file's values (read-only), for provenance."""
        return self._overrides

    def names(self) -> tuple[str, ...]:
        """All parameter names, sorted."""
        return tuple(sorted(self._records))

    def _unknown(self, name: str, file: str | None = None) -> ScenarioError:
        import difflib  # only for this message: not on every run's import path

        close = difflib.get_close_matches(name, self._records.keys(), n=5, cutoff=0.6)
        return ScenarioError(
            "unknown parameter",
            file=file,
            key=name,
            value=name,
            allowed=", ".join(close) if close else "see `guarantor params` for the list",
            hint="did you mean " + " or ".join(close) + "?" if close else None,
        )

    def record(self, name: str) -> SourcedValue:
        """The sourced record of ``name``; an unknown name raises ScenarioError with close names."""
        try:
            return self._records[name]
        except KeyError:
            raise self._unknown(name) from None

    def value(self, name: str) -> float:
        """The value of ``name`` as a float; NaN when the record is not sourced (value null)."""
        v = self.record(name).value
        return math.nan if v is None else float(v)

    def uncertain(self) -> dict[str, Distribution]:
        """Parameters that carry an uncertainty spec, by name (overridden ones excluded)."""
        return {
            n: r.uncertainty
            for n, r in sorted(self._records.items())
            if r.uncertainty is not None and n not in self._overrides
        }

    def by_country(self, name: str, codes: tuple[str, ...]) -> np.ndarray:
        """Value of ``name`` per country of ``codes`` [unit of the parameter], shape (len(codes),).

        The default is broadcast; countries with a sourced ``by_country`` record get theirs. An
        override of the parameter replaces the default and every per-country value.
        """
        rec = self._records.get(name)
        if rec is None:
            raise self._unknown(name)
        out = np.full(len(codes), self.value(name), dtype=float)
        if name in self._overrides:
            return out
        for i, code in enumerate(codes):
            c = rec.by_country.get(code)
            if c is not None:
                out[i] = math.nan if c.value is None else float(c.value)
        return out

    def with_overrides(
        self, overrides: Mapping[str, float], file: str | None = None
    ) -> Parameters:
        """A new set with ``overrides`` applied; ``self`` is never changed.

        Every override is checked before any is applied: an unknown name, a non-number, a
        share outside 0..1 or a negative count/cost raises ScenarioError naming the file, the
        key path (``parameters.<name>``), the bad value and what is allowed.
        """
        checked: dict[str, float] = {}
        for name, raw in overrides.items():
            if name not in self._records:
                err = self._unknown(name, file)
                err.key = f"parameters.{name}"
                raise err
            rec = self._records[name]
            if isinstance(raw, bool) or not isinstance(raw, int | float | np.integer | np.floating):
                raise ScenarioError(
                    "parameter override must be a number",
                    file=file,
                    key=f"parameters.{name}",
                    value=raw,
                    allowed=f"a number in unit {rec.unit}",
                )
            val = float(raw)
            why = _range_problem(rec.unit, val)
            if why:
                raise ScenarioError(
                    "parameter override out of range",
                    file=file,
                    key=f"parameters.{name}",
                    value=raw,
                    allowed=f"{why} (unit {rec.unit})",
                )
            checked[name] = val
        records = dict(self._records)
        for name, val in checked.items():
            old = records[name]
            records[name] = old.model_copy(
                update={
                    "value": val,
                    "uncertainty": None,
                    "note": f"overridden (was {old.value})"
                    + (f"; {old.note}" if old.note else ""),
                }
            )
        merged = {**self._overrides, **checked}
        return Parameters(records, self._source, merged)


def _build_parameters(located: Located | Any, error: type[GuarantorError]) -> Parameters:
    parsed = validate(_ParametersFile, located, error=error)
    source = located.source if isinstance(located, Located) else _BUNDLED_PARAMS
    return Parameters(parsed.parameters, source)


@lru_cache(maxsize=1)
def _bundled_parameters() -> Parameters:
    return compiled("bundled_parameters", _make_bundled_parameters)


def _make_bundled_parameters() -> Parameters:
    ref = DATA_DIR / "parameters" / "defaults.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), _BUNDLED_PARAMS, DataError)
    return _build_parameters(located, DataError)


def load_parameters(path: str | Path | None = None) -> Parameters:
    """Load a parameter file (default: the bundled ``parameters/defaults.yaml``, read once).

    Raises
    ------
    ScenarioError
        For a user file: file, line, key path, bad value and what is allowed (unknown key,
        unknown unit or source id, share outside 0..1, negative count, bad uncertainty spec).
    DataError
        The same problems in the bundled file.
    """
    if path is None:
        return _bundled_parameters()
    return _build_parameters(load_yaml(path, ScenarioError), ScenarioError)


# ------------------------------------------------------------------------------- US postures


class USPosture(BaseModel):
    """What the US supplies under one posture (a judgement bundle, override-able per scenario)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    description: str = Field(min_length=1)
    supplies: dict[str, float]
    aid_share: float | Literal["historical"]
    rationale: str = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    judgement: bool = True

    @field_validator("supplies")
    @classmethod
    def _supplies(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(POSTURE_CLASSES))
        if unknown:
            raise ValueError(
                f"unknown capability class {unknown[0]!r}; allowed: {', '.join(POSTURE_CLASSES)}"
            )
        missing = [k for k in POSTURE_CLASSES if k not in v]
        if missing:
            raise ValueError(f"missing capability class(es) {', '.join(missing)} in supplies")
        for k, n in v.items():
            if not math.isfinite(n) or n < 0:
                raise ValueError(f"supplies.{k} = {n}: counts must be finite and >= 0")
        return {k: float(v[k]) for k in POSTURE_CLASSES}

    @field_validator("aid_share")
    @classmethod
    def _aid(cls, v: float | str) -> float | str:
        if isinstance(v, float | int) and not 0.0 <= float(v) <= 1.0:
            raise ValueError(f"aid_share {v} outside 0..1 (or write 'historical')")
        return v

    @field_validator("sources")
    @classmethod
    def _sources(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_check_source_id(s, info) for s in v)


class _PostureBody(USPosture):
    """A posture as written in the file (its name is the mapping key)."""

    name: str = ""


class _PosturesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    postures: dict[str, _PostureBody]

    @field_validator("postures")
    @classmethod
    def _names(cls, v: dict[str, _PostureBody]) -> dict[str, _PostureBody]:
        for name in v:
            if name not in US_POSTURES:
                raise ValueError(f"unknown posture {name!r}; allowed: {', '.join(US_POSTURES)}")
        missing = [n for n in US_POSTURES if n not in v]
        if missing:
            raise ValueError(f"missing posture(s): {', '.join(missing)}")
        return v


def _build_postures(located: Located, error: type[GuarantorError]) -> dict[str, USPosture]:
    parsed = validate(_PosturesFile, located, error=error)
    return {
        name: USPosture(**{**parsed.postures[name].model_dump(), "name": name})
        for name in US_POSTURES
    }


@lru_cache(maxsize=1)
def _bundled_postures() -> MappingProxyType[str, USPosture]:
    return MappingProxyType(compiled("postures", _make_postures))


def _make_postures() -> dict[str, USPosture]:
    ref = DATA_DIR / "parameters" / "us_postures.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), _BUNDLED_POSTURES, DataError)
    return _build_postures(located, DataError)


def load_postures(path: str | Path | None = None) -> dict[str, USPosture]:
    """The US postures by name (default: bundled ``parameters/us_postures.yaml``, read once).

    Raises ScenarioError (DataError for the bundled file) naming file, line, key path, value and
    what is allowed for an unknown or missing posture or class, a negative count, an
    ``aid_share`` outside 0..1 (other than ``historical``) or an unknown source id.
    """
    if path is None:
        return dict(_bundled_postures())
    return _build_postures(load_yaml(path, ScenarioError), ScenarioError)

