"""Uncertainty specifications with named fields, validated per distribution.

A spec is written ``{dist: triangular, low: .., mode: .., high: ..}`` — never positional bounds
whose meaning changes per distribution. The same models validate parameter files and scenario
inputs; sampling lives in :mod:`guarantor.uncertainty` (one seeded ``numpy.random.Generator``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Triangular(_Dist):
    """Triangular on [low, high] with the given mode."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high) or self.low == self.high:
            raise ValueError(
                f"triangular needs low <= mode <= high and low < high "
                f"(got low={self.low}, mode={self.mode}, high={self.high})"
            )
        return self


class Uniform(_Dist):
    """Uniform on [low, high]."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high (got low={self.low}, high={self.high})")
        return self


class Normal(_Dist):
    """Normal with mean and standard deviation, optionally truncated to [low, high]."""

    dist: Literal["normal"]
    mean: float
    sd: float = Field(ge=0)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Normal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"normal bounds need low < high (got {self.low}, {self.high})")
        return self


class LogNormal(_Dist):
    """Log-normal given by its median and the standard deviation ``sigma`` of the log."""

    dist: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(ge=0)


class Beta(_Dist):
    """Beta(alpha, beta) scaled to [low, high] (default 0..1)."""

    dist: Literal["beta"]
    alpha: float = Field(gt=0)
    beta: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    @model_validator(mode="after")
    def _order(self) -> Beta:
        if not self.low < self.high:
            raise ValueError(f"beta needs low < high (got low={self.low}, high={self.high})")
        return self


class Discrete(_Dist):
    """A finite set of values with weights (normalised to sum to one)."""

    dist: Literal["discrete"]
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Discrete:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"discrete needs one weight per value "
                    f"(got {len(self.weights)} weights for {len(self.values)} values)"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("discrete weights must be >= 0 and sum to more than 0")
        return self


Distribution = Annotated[
    Triangular | Uniform | Normal | LogNormal | Beta | Discrete,
    Field(discriminator="dist"),
]

#: Names of the supported distributions (the closed vocabulary the CLI and docs read).
DISTRIBUTIONS: tuple[str, ...] = (
    "triangular", "uniform", "normal", "lognormal", "beta", "discrete")


def central_value(spec: Any) -> float:
    """Central value of a distribution spec, used for a plain (deterministic) run."""
    d = spec.dist
    if d == "triangular":
        return float(spec.mode)
    if d == "uniform":
        return float((spec.low + spec.high) / 2)
    if d == "normal":
        return float(spec.mean)
    if d == "lognormal":
        return float(spec.median)
    if d == "beta":
        return float(spec.low + (spec.high - spec.low) * spec.alpha / (spec.alpha + spec.beta))
    if d == "discrete":
        w = np.asarray(spec.weights if spec.weights is not None else [1.0] * len(spec.values))
        return float(np.dot(spec.values, w / w.sum()))
    raise ValueError(d)
