"""Sources and sourced records: every bundled number carries where it came from.

A :class:`Source` is a publication (publisher, title, table or series, URL, date, licence).
Sources live once in ``registry/sources.yaml`` under a short id; a :class:`SourcedValue` names
its source by id, says where in it (``locator``: table, page, paragraph), its unit, its vintage
(data as of), how it was derived when it was, and optionally its uncertainty.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from guarantor.data import DATA_DIR
from guarantor.distributions import Distribution
from guarantor.errors import DataError
from guarantor.units import UNITS


class Source(BaseModel):
    """A publication that bundled figures are taken from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    publisher: str = Field(min_length=1)
    title: str = Field(min_length=1)
    table: str | None = None
    url: str = Field(min_length=1)
    date: str | None = None
    licence: str | None = None
    note: str | None = None
    #: Where the text that was read is kept when it is not the public page itself (the founding
    #: reports: ``shared/reporting/<file>``); ``url`` is always a public address.
    local_copy: str | None = None


class SourceCatalogue(BaseModel):
    """One file of ``registry/sources/``: id -> Source."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    sources: dict[str, Source]


def _check_source_id(value: str, info: ValidationInfo) -> str:
    ctx = info.context or {}
    known = ctx.get("source_ids")
    if known is None:
        known = set(source_catalogue())
    if value not in known:
        raise ValueError(
            f"unknown source id {value!r}; add it to registry/sources.yaml or use one of: "
            + ", ".join(sorted(known)[:12])
            + (" ..." if len(known) > 12 else "")
        )
    return value


class SourcedValue(BaseModel):
    """One bundled number with its provenance.

    ``value`` is None when the figure could not be sourced: the engine then reports "unknown"
    rather than counting it as zero.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    value: float | None
    unit: str
    source: str
    locator: str | None = None
    vintage: str = Field(min_length=4)
    derivation: str | None = None
    note: str | None = None
    uncertainty: Distribution | None = None
    judgement: bool = False

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r}; allowed: {', '.join(UNITS)}")
        return v

    @field_validator("source")
    @classmethod
    def _source(cls, v: str, info: ValidationInfo) -> str:
        return _check_source_id(v, info)


@lru_cache(maxsize=1)
def source_catalogue() -> dict[str, Source]:
    """All sources the package cites, by id, merged from ``registry/sources/*.yaml`` (read once).

    Each area of the package keeps its own file (data, parameters, capabilities, ledger...); an id
    defined in two files is an error. Served from the compiled data cache
    (:mod:`guarantor.data.compiled`) when it holds it: validating every record is most of a
    scenario's validation time otherwise (a rationale names a source id).
    """
    from guarantor.data.compiled import compiled

    return compiled("source_catalogue", _make_source_catalogue)


def _make_source_catalogue() -> dict[str, Source]:
    from guarantor.yamlio import parse_yaml_text, validate

    folder = DATA_DIR / "registry" / "sources"
    merged: dict[str, Source] = {}
    origin: dict[str, str] = {}
    for ref in sorted(folder.iterdir(), key=lambda r: r.name):
        if not ref.name.endswith(".yaml"):
            continue
        name = f"registry/sources/{ref.name}"
        located = parse_yaml_text(ref.read_text("utf-8"), name, DataError)
        for sid, src in validate(SourceCatalogue, located, error=DataError).sources.items():
            if sid in merged:
                raise DataError(
                    "source id defined twice", file=name, key=f"sources.{sid}", value=sid,
                    hint=f"also in {origin[sid]}",
                )
            merged[sid] = src
            origin[sid] = name
    return merged


def cite(source_id: str, locator: str | None = None) -> str:
    """A one-line citation: publisher, title, table, date, URL."""
    s = source_catalogue()[source_id]
    bits: list[Any] = [s.publisher, f"“{s.title}”"]
    if s.table:
        bits.append(s.table)
    if locator:
        bits.append(locator)
    if s.date:
        bits.append(s.date)
    bits.append(s.url)
    return ", ".join(str(b) for b in bits)
