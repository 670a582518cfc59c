"""Published figures the project claims to reproduce (``data/published.yaml``), as records.

Every figure lives here once: the publisher's source id, the table or locator, the published
value and unit, the tolerance and why it is that wide, and the method that computes ours
(:mod:`guarantor.engine.published` computes and compares; ``guarantor data check-published``
prints the table; ``tests/data/test_published.py`` fails on any figure outside its tolerance).

Examples
--------
>>> figs = published_figures()
>>> len(figs) >= 25
True
>>> figs["kiel_pb186.needed.europe"].value
82000000000.0
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from guarantor.data import DATA_DIR
from guarantor.errors import DataError
from guarantor.units import UNITS

#: Methods that compute "ours" (implemented in guarantor.engine.published).
METHODS: tuple[str, ...] = (
    "pb186_now", "pb186_needed", "pb186_share", "pb186_us", "kiel_total", "kiel_donor_total",
    "kiel_bilateral_share", "kiel_military_year", "kiel_military_cum", "nato_count",
    "nato_share", "ecb_annual", "wb_gdp",
)


class PublishedFigure(BaseModel):
    """One published figure with its tolerance."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(min_length=1)
    source: str = Field(min_length=1)
    table: str = Field(min_length=1)
    value: float
    unit: str
    rel_tol: float | None = Field(default=None, ge=0, le=0.5)
    abs_tol: float | None = Field(default=None, ge=0)
    why: str = Field(min_length=10)
    method: str
    args: dict[str, Any] = Field(default_factory=dict)
    #: Set when ours is known to fall outside the tolerance: the reason, shown by
    #: check-published and reported as not reproduced (the test fails if it comes back within).
    expected_outside: str | None = None

    @model_validator(mode="after")
    def _check(self) -> PublishedFigure:
        if (self.rel_tol is None) == (self.abs_tol is None):
            raise ValueError("give exactly one of rel_tol and abs_tol")
        if self.unit not in UNITS:
            raise ValueError(f"unit {self.unit!r} not in the closed list")
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; allowed: {', '.join(METHODS)}")
        return self

    def within(self, ours: float) -> bool:
        """Whether ``ours`` is within the tolerance of the published value."""
        diff = abs(ours - self.value)
        if self.abs_tol is not None:
            return bool(diff <= self.abs_tol + 1e-12)
        return bool(diff <= (self.rel_tol or 0.0) * abs(self.value) + 1e-12)

    @property
    def tolerance_text(self) -> str:
        """The tolerance as printed (``±5%`` or ``±0.0005``)."""
        if self.abs_tol is not None:
            return f"±{self.abs_tol:g}"
        return f"±{(self.rel_tol or 0) * 100:g}%"


@lru_cache(maxsize=1)
def published_figures() -> dict[str, PublishedFigure]:
    """All published figures by id (read and validated once)."""
    from guarantor.data.sources import source_catalogue
    from guarantor.yamlio import _plain, parse_yaml_text

    name = "data/published.yaml"
    doc = _plain(parse_yaml_text(
        (DATA_DIR / "published.yaml").read_text("utf-8"), name,
        DataError).data)
    cat = source_catalogue()
    out: dict[str, PublishedFigure] = {}
    for i, raw in enumerate(doc["figures"]):
        try:
            f = PublishedFigure(**raw)
        except ValueError as exc:
            raise DataError(f"bad published figure: {exc}", file=name,
                            key=f"figures[{i}]") from None
        if f.source not in cat:
            raise DataError("unknown source id", file=name, key=f"figures[{i}].source",
                            value=f.source)
        if f.id in out:
            raise DataError("duplicate figure id", file=name, key=f"figures[{i}].id", value=f.id)
        out[f.id] = f
    return out
