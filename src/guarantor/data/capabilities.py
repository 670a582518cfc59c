"""Capability inventories per country for the air-shield classes, with pooled fleets.

The bundled file ``data/capabilities.yaml`` defines the closed vocabulary of capability classes
(``classes``: name -> unit and meaning, in a fixed order), each country's national holdings per
class as sourced records (``inventories``), and multinational pools such as NATO's E-3A AWACS
fleet, the Multinational MRTT Fleet and the Strategic Airlift Capability's C-17s (``pools``),
each with a sourced size, a sourced member list and a rule attributing the pool to its members.

Unknown is not zero. A country or class absent from the file, or a record with ``value: null``,
is NaN in :attr:`Inventory.national`; only a sourced statement that a country holds none of a
class is a 0. The engine reports NaN cells as "unknown".

Attribution of a pool to its members (:attr:`Inventory.pooled`):

- ``shares: equal`` -- each of the ``n`` members is attributed ``size / n``;
- ``shares: {ISO3: weight, ...}`` -- one positive weight per member (for example flight hours per
  year bought by each nation); weights are normalised to sum to 1, so fractions that already sum
  to 1 are used as given. The basis is stated in ``shares_derivation`` and sourced by
  ``shares_source``.

A pool whose size is unknown gives its members NaN in ``pooled`` for that class.

Examples
--------
>>> inv = load_inventory()
>>> inv.classes[:3]
('combat_aircraft', 'tanker', 'aewc')
>>> inv.national.shape == (len(inv.codes), len(inv.classes))
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.data.countries import registry
from guarantor.data.sources import _check_source_id, source_catalogue
from guarantor.errors import DataError
from guarantor.units import UNITS
from guarantor.yamlio import Located, load_yaml, parse_yaml_text, validate

if TYPE_CHECKING:  # pandas is imported by the table that needs it
    import pandas as pd

__all__ = [
    "CAPABILITY_CLASSES",
    "CLASS_UNITS",
    "CapabilityRecord",
    "FlyingHourCost",
    "Inventory",
    "Pool",
    "load_inventory",
]

BUNDLED_NAME = "data/capabilities.yaml"

if TYPE_CHECKING:
    #: The closed vocabulary of capability classes, in the bundled file's order.
    CAPABILITY_CLASSES: tuple[str, ...]
    #: Unit of each capability class.
    CLASS_UNITS: dict[str, str]

#: Tolerance when checking that a pool's attribution sums to its size.
_SHARE_TOL = 1e-9


class ClassDef(BaseModel):
    """One capability class of the closed vocabulary."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    unit: str
    meaning: str = Field(min_length=1)

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r}; allowed: {', '.join(UNITS)}")
        return v


class CapabilityRecord(BaseModel):
    """A count of one capability class; ``value`` None means unknown, never zero.

    A figure (``value`` a number, 0 only where a source says none is held) needs ``source``,
    ``locator`` and ``vintage``; ``by_type`` (optional) must add up to it, and
    ``transfers_to_ukraine`` says what was given away and already subtracted. An unknown
    (``value: null``) needs a ``note`` saying what was tried and either the date it was
    ``searched`` or a ``source`` holding a partial figure.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    value: float | None = Field(ge=0)
    unit: str
    source: str | None = None
    locator: str | None = None
    vintage: str | None = Field(default=None, min_length=4)
    derivation: str | None = None
    note: str | None = None
    judgement: bool = False
    by_type: dict[str, float] | None = None
    transfers_to_ukraine: str | None = None
    searched: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    #: Bounds of an unknown: ``low`` a sourced lower bound (0 when absent: zero at worst),
    #: ``high`` a sourced upper bound (unbounded when absent); both need ``bounds_note``.
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    bounds_note: str | None = None

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r}; allowed: {', '.join(UNITS)}")
        return v

    @field_validator("source")
    @classmethod
    def _source(cls, v: str | None, info: Any) -> str | None:
        return None if v is None else _check_source_id(v, info)

    @field_validator("by_type")
    @classmethod
    def _types(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        for k, n in (v or {}).items():
            if not (isinstance(n, int | float) and math.isfinite(n) and n >= 0):
                raise ValueError(f"by_type count of {k!r} must be a number >= 0, got {n!r}")
        return v

    @model_validator(mode="after")
    def _complete(self) -> CapabilityRecord:
        if self.value is None:
            if not self.note:
                raise ValueError("an unknown (value: null) needs a note saying what was searched")
            if self.searched is None and self.source is None:
                raise ValueError(
                    "an unknown (value: null) needs 'searched' (YYYY-MM-DD) or a source")
            if (self.low is not None or self.high is not None) and not self.bounds_note:
                raise ValueError(
                    "bounds of an unknown need a bounds_note saying where they come from")
            if self.low is not None and self.high is not None and self.low > self.high:
                raise ValueError(f"low bound {self.low:g} is above the high bound {self.high:g}")
            return self
        if self.low is not None or self.high is not None:
            raise ValueError("low/high bounds are for unknowns only (value: null)")
        missing = [k for k in ("source", "locator", "vintage") if getattr(self, k) is None]
        if missing:
            raise ValueError("a figure needs " + ", ".join(missing))
        if self.by_type is not None and abs(sum(self.by_type.values()) - self.value) > 1e-9:
            raise ValueError(
                f"by_type adds up to {sum(self.by_type.values()):g}, not the value {self.value:g}")
        return self

    @property
    def status(self) -> str:
        """``sourced`` (a figure > 0), ``none held`` (a sourced 0) or ``unknown``."""
        if self.value is None:
            return "unknown"
        return "none held" if self.value == 0 else "sourced"


class Pool(BaseModel):
    """A fleet owned or bought in common and attributed to its member nations."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    cls: str = Field(alias="class")
    type: str | None = None
    size: CapabilityRecord
    members: tuple[str, ...] = Field(min_length=1)
    members_source: str
    members_locator: str | None = None
    members_vintage: str = Field(min_length=4)
    shares: Literal["equal"] | dict[str, float]
    shares_derivation: str = Field(min_length=1)
    shares_source: str | None = None
    shares_locator: str | None = None
    shares_unit: str | None = None
    shares_vintage: str | None = None
    #: Who offers the pool to a mission: ``members`` (each member's stated willingness, as for
    #: national fleets) or ``nato_decision`` (a NATO-owned, commonly funded fleet the Alliance
    #: assigns: every member's hour share counts unless that member said it "will not"; see
    #: :func:`guarantor.engine.air.decision_take_part`). ``offered_by_note`` says why.
    offered_by: Literal["members", "nato_decision"] = "members"
    offered_by_note: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _offered_by(self) -> Pool:
        if self.offered_by == "nato_decision" and not self.offered_by_note:
            raise ValueError("offered_by: nato_decision needs an offered_by_note saying why")
        return self

    @field_validator("members_source", "shares_source")
    @classmethod
    def _source(cls, v: str | None, info: Any) -> str | None:
        return None if v is None else _check_source_id(v, info)

    @field_validator("shares")
    @classmethod
    def _weights(
        cls, v: Literal["equal"] | dict[str, float]
    ) -> Literal["equal"] | dict[str, float]:
        if isinstance(v, dict):
            for k, w in v.items():
                if not (isinstance(w, int | float) and math.isfinite(w) and w > 0):
                    raise ValueError(f"share weight of {k} must be a positive number, got {w!r}")
        return v

    def fractions(self) -> dict[str, float]:
        """Fraction of the pool attributed to each member (sums to 1)."""
        if self.shares == "equal":
            return {m: 1.0 / len(self.members) for m in self.members}
        total = float(sum(self.shares.values()))
        return {m: float(self.shares[m]) / total for m in self.members}


class FlyingHourCost(BaseModel):
    """A published cost per flying hour of one aircraft type, as published (nominal).

    ``includes`` says what the figure covers: definitions differ (marginal vs full cost), so
    figures are compared within one source. A figure needs its currency, price-base year, source
    and locator; an unknown (``value: null``) needs the date it was ``searched`` and a note.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    type: str = Field(min_length=1)
    value: float | None = Field(default=None, gt=0)
    currency: Literal["EUR", "USD", "GBP"] | None = None
    price_base_year: int | None = Field(default=None, ge=1990, le=2100)
    includes: str | None = None
    source: str | None = None
    locator: str | None = None
    derivation: str | None = None
    judgement: bool = False
    searched: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    note: str | None = None

    @field_validator("source")
    @classmethod
    def _source(cls, v: str | None, info: Any) -> str | None:
        return None if v is None else _check_source_id(v, info)

    @model_validator(mode="after")
    def _complete(self) -> FlyingHourCost:
        if self.value is None:
            if self.searched is None or not self.note:
                raise ValueError("an unknown cost per flying hour needs 'searched' and a note")
            return self
        missing = [k for k in ("currency", "price_base_year", "includes", "source", "locator")
                   if getattr(self, k) is None]
        if missing:
            raise ValueError("a cost per flying hour needs " + ", ".join(missing))
        return self


class _CapabilityFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    classes: dict[str, ClassDef] | None = None
    inventories: dict[str, dict[str, CapabilityRecord]] = Field(default_factory=dict)
    pools: tuple[Pool, ...] = ()
    cost_per_flying_hour: tuple[FlyingHourCost, ...] = ()


@dataclass(frozen=True, eq=False)
class Inventory:
    """National and pooled holdings per country and capability class.

    Attributes
    ----------
    codes : tuple of str
        Country axis, in :func:`guarantor.data.countries.registry` order.
    classes : tuple of str
        Capability-class axis, in the file's order.
    units : tuple of str
        Unit of each class (``aircraft``, ``radars``, ``batteries``).
    meanings : tuple of str
        What each class counts.
    national : ndarray, shape (n_countries, n_classes) [class unit]
        Nationally held counts; NaN where not sourced (unknown).
    pooled : ndarray, shape (n_countries, n_classes) [class unit]
        Each member's attributed share of pools (0 where not a member, NaN where a pool the
        country belongs to has an unknown size).
    pools : tuple of Pool
        The pools, as validated.
    """

    codes: tuple[str, ...]
    classes: tuple[str, ...]
    units: tuple[str, ...]
    meanings: tuple[str, ...]
    national: np.ndarray
    pooled: np.ndarray
    pools: tuple[Pool, ...] = ()
    records: dict[tuple[str, str], CapabilityRecord] = field(default_factory=dict)
    source: str = BUNDLED_NAME
    flying_hour_costs: tuple[FlyingHourCost, ...] = ()

    def total(self) -> np.ndarray:
        """National plus pooled holdings, shape (n_countries, n_classes).

        Rule: an unknown national figure stays unknown (NaN) even where the country has a pool
        share, because the pool share alone would understate what the country holds; a known
        national figure plus an unknown pool share is also NaN. Use :attr:`pooled` directly to
        count pool shares on their own.
        """
        return cast(np.ndarray, self.national + self.pooled)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(low, high), each (n_countries, n_classes): the national figure where sourced; for an
        unknown, its sourced lower bound (0 when none: zero at worst) and its sourced upper bound
        (``inf`` when none).

        Examples
        --------
        >>> inv = load_inventory()
        >>> lo, hi = inv.bounds()
        >>> k = inv.classes.index("aewc"); i = inv.codes.index("SWE")
        >>> float(lo[i, k]), float(hi[i, k])
        (0.0, 4.0)
        """
        unknown = np.isnan(self.national)
        low = np.where(unknown, 0.0, self.national)
        high = np.where(unknown, np.inf, self.national)
        col = {c: k for k, c in enumerate(self.classes)}
        row = {c: i for i, c in enumerate(self.codes)}
        for (iso3, cls), rec in self.records.items():
            if rec.value is None:
                if rec.low is not None:
                    low[row[iso3], col[cls]] = rec.low
                if rec.high is not None:
                    high[row[iso3], col[cls]] = rec.high
        return low, high

    def known(self) -> np.ndarray:
        """Boolean mask (n_countries, n_classes): True where the national figure is sourced."""
        return cast(np.ndarray, ~np.isnan(self.national))

    def record(self, iso3: str, cls: str) -> CapabilityRecord | None:
        """The sourced national record for ``iso3`` and ``cls``, or None if there is none."""
        return self.records.get((iso3, cls))

    def frame(self) -> pd.DataFrame:
        """Tidy table, one row per country and class.

        Columns: iso3, class, national, pooled, unit, source, locator, vintage, note.
        """
        import pandas as pd

        n_c, n_k = len(self.codes), len(self.classes)
        rows: list[dict[str, Any]] = []
        for i in range(n_c):
            for k in range(n_k):
                rec = self.records.get((self.codes[i], self.classes[k]))
                rows.append(
                    {
                        "iso3": self.codes[i],
                        "class": self.classes[k],
                        "national": self.national[i, k],
                        "pooled": self.pooled[i, k],
                        "unit": self.units[k],
                        "source": rec.source if rec else None,
                        "locator": rec.locator if rec else None,
                        "vintage": rec.vintage if rec else None,
                        "note": rec.note if rec else None,
                    }
                )
        return pd.DataFrame(rows)

    def coverage(self, codes: Sequence[str]) -> pd.DataFrame:
        """Status of every country x class cell: ``sourced``, ``none held`` or ``unknown``.

        One row per cell of ``codes`` x :attr:`classes` with columns iso3, class, status, value,
        unit, source, vintage, judgement (a "none held" inferred rather than stated), searched.
        A cell with no record at all is ``unknown``.

        Examples
        --------
        >>> cov = load_inventory().coverage(["GBR", "ISL"])
        >>> cov.loc[(cov.iso3 == "GBR") & (cov["class"] == "aewc"), "status"].item()
        'none held'
        >>> len(cov) == 2 * len(load_inventory().classes)
        True
        """
        import pandas as pd

        rows = []
        for iso3 in codes:
            for k, cls in enumerate(self.classes):
                rec = self.records.get((iso3, cls))
                rows.append({
                    "iso3": iso3, "class": cls,
                    "status": rec.status if rec else "unknown",
                    "value": None if rec is None else rec.value,
                    "unit": self.units[k],
                    "source": rec.source if rec else None,
                    "vintage": rec.vintage if rec else None,
                    "judgement": bool(rec.judgement) if rec else False,
                    "searched": rec.searched if rec else None,
                })
        return pd.DataFrame(rows)

    def pool_frame(self) -> pd.DataFrame:
        """One row per pool member: pool, class, iso3, fraction, attributed [class unit]."""
        import pandas as pd

        rows = []
        for p in self.pools:
            size = p.size.value
            for m, f in p.fractions().items():
                rows.append(
                    {
                        "pool": p.id,
                        "class": p.cls,
                        "iso3": m,
                        "fraction": f,
                        "attributed": np.nan if size is None else size * f,
                        "source": p.size.source,
                        "vintage": p.size.vintage,
                    }
                )
        return pd.DataFrame(rows)


def _fail(located: Located, path: Sequence[str | int], message: str, **kw: Any) -> DataError:
    from guarantor.yamlio import format_path

    return DataError(
        message,
        file=located.source,
        line=located.line_of(list(path)),
        key=format_path(list(path)),
        **kw,
    )


def _build(located: Located, vocabulary: dict[str, ClassDef] | None) -> Inventory:
    """Validate the parsed document and build the arrays."""
    context = {"source_ids": set(source_catalogue())}
    doc = validate(_CapabilityFile, located, error=DataError, context=context)
    reg = registry()
    allowed_codes = "ISO 3166-1 alpha-3 codes of the registry (registry/countries.yaml)"

    if doc.classes is None:
        if vocabulary is None:
            raise _fail(located, ["classes"], "the file defines no capability classes")
        classes = vocabulary
    else:
        classes = doc.classes
        if vocabulary is not None and list(classes) != list(vocabulary):
            raise _fail(
                located,
                ["classes"],
                "capability classes differ from the bundled vocabulary",
                value=", ".join(classes),
                allowed=", ".join(vocabulary),
                hint="omit 'classes' to use the bundled vocabulary",
            )
    names = tuple(classes)
    units = tuple(classes[c].unit for c in names)
    col = {c: k for k, c in enumerate(names)}

    national = np.full((len(reg.codes), len(names)), np.nan)
    records: dict[tuple[str, str], CapabilityRecord] = {}
    for iso3, per_class in doc.inventories.items():
        if iso3 not in reg:
            guess = reg.lookup(iso3)
            raise _fail(
                located,
                ["inventories", iso3],
                "unknown country code",
                value=iso3,
                allowed=allowed_codes,
                hint=f"did you mean {guess}?" if guess else None,
            )
        for cls, rec in per_class.items():
            path = ["inventories", iso3, cls]
            if cls not in col:
                raise _fail(
                    located, path, "unknown capability class", value=cls, allowed=", ".join(names)
                )
            if rec.unit != classes[cls].unit:
                raise _fail(
                    located,
                    [*path, "unit"],
                    f"unit does not match class {cls!r}",
                    value=rec.unit,
                    allowed=classes[cls].unit,
                )
            records[(iso3, cls)] = rec
            if rec.value is not None:
                national[reg.index[iso3], col[cls]] = rec.value

    pooled = np.zeros_like(national)
    seen: set[str] = set()
    for j, pool in enumerate(doc.pools):
        base: list[str | int] = ["pools", j]
        if pool.id in seen:
            raise _fail(located, [*base, "id"], "pool id used twice", value=pool.id)
        seen.add(pool.id)
        if pool.cls not in col:
            raise _fail(
                located,
                [*base, "class"],
                "unknown capability class",
                value=pool.cls,
                allowed=", ".join(names),
            )
        if pool.size.unit != classes[pool.cls].unit:
            raise _fail(
                located,
                [*base, "size", "unit"],
                f"unit does not match class {pool.cls!r}",
                value=pool.size.unit,
                allowed=classes[pool.cls].unit,
            )
        if len(set(pool.members)) != len(pool.members):
            raise _fail(located, [*base, "members"], "a member is listed twice")
        for i, m in enumerate(pool.members):
            if m not in reg:
                raise _fail(
                    located, [*base, "members", i], "unknown country code", value=m,
                    allowed=allowed_codes,
                )
        if isinstance(pool.shares, dict):
            if set(pool.shares) != set(pool.members):
                raise _fail(
                    located,
                    [*base, "shares"],
                    "share weights must name exactly the pool's members",
                    value=", ".join(sorted(pool.shares)),
                    allowed=", ".join(pool.members),
                )
            if pool.shares_source is None:
                raise _fail(
                    located,
                    [*base, "shares_source"],
                    "weighted shares need a source",
                    hint="add shares_source (a source id) or use 'shares: equal'",
                )
        fractions = pool.fractions()
        if abs(sum(fractions.values()) - 1.0) > _SHARE_TOL:  # pragma: no cover - by construction
            raise _fail(located, [*base, "shares"], "shares do not sum to 1")
        size = np.nan if pool.size.value is None else pool.size.value
        k = col[pool.cls]
        for m, f in fractions.items():
            pooled[reg.index[m], k] += size * f

    national.setflags(write=False)
    pooled.setflags(write=False)
    return Inventory(
        codes=reg.codes,
        classes=names,
        units=units,
        meanings=tuple(classes[c].meaning for c in names),
        national=national,
        pooled=pooled,
        pools=doc.pools,
        records=records,
        source=located.source,
        flying_hour_costs=doc.cost_per_flying_hour,
    )


@lru_cache(maxsize=1)
def _bundled() -> Inventory:
    return compiled("bundled", _make_bundled)


def _make_bundled() -> Inventory:
    ref = DATA_DIR / "capabilities.yaml"
    try:
        text = ref.read_text("utf-8")
    except FileNotFoundError:
        raise DataError("bundled capability file is missing", file=BUNDLED_NAME) from None
    return _build(parse_yaml_text(text, BUNDLED_NAME, DataError), None)


def _vocabulary() -> dict[str, ClassDef]:
    inv = _bundled()
    return {
        c: ClassDef(unit=u, meaning=m)
        for c, u, m in zip(inv.classes, inv.units, inv.meanings, strict=True)
    }


def load_inventory(path: str | Path | None = None) -> Inventory:
    """Load capability inventories: the bundled file (cached) or a user-given YAML file.

    Parameters
    ----------
    path : str or Path, optional
        A capability file in the bundled format. It may omit ``classes`` (the bundled
        vocabulary is used); if it gives them they must equal the bundled vocabulary.

    Raises
    ------
    DataError
        Naming the file, line, key path, bad value and what is allowed, for an unknown
        class, country or key, a negative count, a unit that does not match its class, an
        unknown source id, or pool shares that do not match the members.
    """
    if path is None:
        return _bundled()
    return _build(load_yaml(path, DataError), _vocabulary())


def __getattr__(name: str) -> Any:
    # Read lazily so importing the module does not parse the data file.
    if name == "CAPABILITY_CLASSES":
        return _bundled().classes
    if name == "CLASS_UNITS":
        inv = _bundled()
        return dict(zip(inv.classes, inv.units, strict=True))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
