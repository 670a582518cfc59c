"""Political topics: the closed vocabulary, and how a scenario resolves each one.

A *topic* is a question about an arrangement ("are US troops in the protected state?"). The
registry (``registry/topics.yaml``) says what each topic means; this module holds, for each topic
id, one pure function that computes its value from :class:`TopicInputs`. The inputs are flat
and array-friendly so the engine can resolve thousands of candidate arrangements at once: each
field is a scalar or a NumPy array of shape ``(n_arrangements,)``; scalars broadcast.

Examples
--------
>>> import numpy as np
>>> from guarantor.politics.topics import TopicInputs, resolve
>>> feb_2025 = TopicInputs(
...     us_posture="none", us_troops_in_protected_state=False,
...     article5_for_deployed_forces=False, nato_membership_for_protected_state=False,
...     pre2014_borders_objective=False, guarantees_agreed_with_adversary=False,
...     troops_deployed=30_000.0, nato_countries_with_troops=5,
...     europe_aid_share=0.9, spending_target_share=0.05)
>>> r = resolve(feb_2025)
>>> bool(r["nato_troops_in_protected_state"][0]), bool(r["us_backstop"][0])
(True, False)
>>> two = TopicInputs(
...     us_posture=np.array(["none", "enablers"]), us_troops_in_protected_state=False,
...     article5_for_deployed_forces=False, nato_membership_for_protected_state=False,
...     pre2014_borders_objective=False, guarantees_agreed_with_adversary=False,
...     troops_deployed=np.array([0.0, 25_000.0]), nato_countries_with_troops=np.array([0, 4]),
...     europe_aid_share=0.6, spending_target_share=0.035)
>>> resolve(two)["us_backstop"].tolist()
[False, True]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from guarantor.data import DATA_DIR
from guarantor.data.vocabulary import US_POSTURES
from guarantor.errors import DataError, ScenarioError

ArrayLike = bool | int | float | str | np.ndarray


@dataclass(frozen=True)
class TopicInputs:
    """What topic resolution reads from a scenario; every field a scalar or an ``(n,)`` array.

    Parameters
    ----------
    us_posture : str or ndarray of str
        [category] 'none' | 'intelligence' | 'enablers' | 'full': what the US supplies.
    us_troops_in_protected_state : bool or ndarray of bool
        [flag] US ground troops are deployed in the protected state.
    article5_for_deployed_forces : bool or ndarray of bool
        [flag] NATO Article 5 covers the forces deployed to the protected state.
    nato_membership_for_protected_state : bool or ndarray of bool
        [flag] the arrangement gives the protected state NATO membership.
    pre2014_borders_objective : bool or ndarray of bool
        [flag] a return to pre-2014 borders is an objective of the settlement.
    guarantees_agreed_with_adversary : bool or ndarray of bool
        [flag] the guarantees are agreed with the adversary.
    troops_deployed : float or ndarray
        [persons] reassurance-force troops actually planned (0 = no force).
    nato_countries_with_troops : int or ndarray
        [countries] number of NATO-member participants contributing troops.
    europe_aid_share : float or ndarray
        [fraction, 0..1] share of military aid carried by non-US participants.
    spending_target_share : float or ndarray
        [fraction of GDP] the allies' defence-spending target, e.g. 0.05.
    nato_led_mission : bool or ndarray of bool, default False
        [flag] the reassurance force is a NATO mission under NATO command.
    territorial_concessions : bool or ndarray of bool, default False
        [flag] the settlement cedes occupied territory to the adversary.
    economic_pressure_on_adversary : bool or ndarray of bool, default False
        [flag] the arrangement steps up sanctions / economic pressure on the adversary.
    europe_in_negotiations : bool or ndarray of bool, default True
        [flag] the European states and the protected state take part in the negotiations.
    """

    us_posture: str | np.ndarray
    us_troops_in_protected_state: bool | np.ndarray
    article5_for_deployed_forces: bool | np.ndarray
    nato_membership_for_protected_state: bool | np.ndarray
    pre2014_borders_objective: bool | np.ndarray
    guarantees_agreed_with_adversary: bool | np.ndarray
    troops_deployed: float | np.ndarray
    nato_countries_with_troops: int | np.ndarray
    europe_aid_share: float | np.ndarray
    spending_target_share: float | np.ndarray
    nato_led_mission: bool | np.ndarray = False
    territorial_concessions: bool | np.ndarray = False
    economic_pressure_on_adversary: bool | np.ndarray = False
    europe_in_negotiations: bool | np.ndarray = True


#: Names of the TopicInputs fields (the registry's ``inputs`` must be drawn from these).
INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(TopicInputs))


class _Arrays:
    """TopicInputs broadcast to 1-D arrays of one common length, with checked values."""

    def __init__(self, inputs: TopicInputs) -> None:
        raw = {name: np.asarray(getattr(inputs, name)) for name in INPUT_FIELDS}
        for name, arr in raw.items():
            if arr.ndim > 1:
                raise ScenarioError(
                    "topic input must be a scalar or a 1-D array over arrangements",
                    key=name, value=f"shape {arr.shape}", allowed="shape () or (n_arrangements,)",
                )
        try:
            shape = np.broadcast_shapes(*(a.shape for a in raw.values()), (1,))
        except ValueError:
            shapes = {k: v.shape for k, v in raw.items() if v.ndim}
            raise ScenarioError(
                "topic inputs have different numbers of arrangements",
                value=str(shapes), allowed="scalars or arrays of one common length",
            ) from None
        self.n = shape[0]
        self._a = {k: np.broadcast_to(v, shape) for k, v in raw.items()}
        posture = self._a["us_posture"].astype(str)
        bad = ~np.isin(posture, US_POSTURES)
        if bad.any():
            raise ScenarioError(
                "unknown US posture", key="us_posture", value=str(posture[bad][0]),
                allowed=", ".join(US_POSTURES),
            )
        self._a["us_posture"] = posture
        for name in ("europe_aid_share", "spending_target_share"):
            v = self._a[name].astype(float)
            if np.any((v < 0) | (v > 1)) or np.any(np.isnan(v)):
                raise ScenarioError(
                    "share outside 0..1", key=name,
                    value=float(v[(v < 0) | (v > 1) | np.isnan(v)][0]),
                    allowed="a fraction between 0 and 1 (0.05, never 5)",
                )
        for name in ("troops_deployed", "nato_countries_with_troops"):
            v = self._a[name].astype(float)
            if np.any(v < 0):
                raise ScenarioError("must not be negative", key=name, value=float(v[v < 0][0]),
                                    allowed=">= 0")

    def b(self, name: str) -> np.ndarray:
        """Field as a bool array."""
        return self._a[name].astype(bool)

    def f(self, name: str) -> np.ndarray:
        """Field as a float array."""
        return self._a[name].astype(float)

    def s(self, name: str) -> np.ndarray:
        """Field as a str array."""
        return self._a[name]


# --- resolvers: one pure function per topic id --------------------------------------------------

#: Tolerance for the spending-target comparison (0.05 stored as a float is not exactly 0.05).
_EPS = 1e-9


def _us_troops(x: _Arrays) -> np.ndarray:
    return x.b("us_troops_in_protected_state")


def _force_deployed(x: _Arrays) -> np.ndarray:
    return x.f("troops_deployed") > 0


def _nato_troops(x: _Arrays) -> np.ndarray:
    return (_force_deployed(x) & (x.f("nato_countries_with_troops") >= 1)) | _us_troops(x)


def _foreign_troops(x: _Arrays) -> np.ndarray:
    return _force_deployed(x) | _us_troops(x)


def _us_part(x: _Arrays) -> np.ndarray:
    return (x.s("us_posture") != "none") | _us_troops(x)


def _us_backstop(x: _Arrays) -> np.ndarray:
    return np.isin(x.s("us_posture"), ("enablers", "full")) | _us_troops(x)


def _europe_leads(x: _Arrays) -> np.ndarray:
    return _force_deployed(x) & ~_us_troops(x)


def _flag(name: str) -> Callable[[_Arrays], np.ndarray]:
    def resolver(x: _Arrays) -> np.ndarray:
        return x.b(name)

    resolver.__name__ = f"_flag_{name}"
    return resolver


RESOLVERS: dict[str, Callable[[_Arrays], np.ndarray]] = {
    "us_troops_in_protected_state": _us_troops,
    "nato_troops_in_protected_state": _nato_troops,
    "foreign_troops_in_protected_state": _foreign_troops,
    "article5_for_deployed_forces": _flag("article5_for_deployed_forces"),
    "nato_led_mission": _flag("nato_led_mission"),
    "nato_membership_for_protected_state": _flag("nato_membership_for_protected_state"),
    "pre2014_borders_objective": _flag("pre2014_borders_objective"),
    "territorial_concessions": _flag("territorial_concessions"),
    "us_part_of_guarantee": _us_part,
    "us_backstop": _us_backstop,
    "europe_leads_guarantee": _europe_leads,
    "europe_carries_most_aid": lambda x: x.f("europe_aid_share") >= 0.5 - _EPS,
    "spending_target_5pct": lambda x: x.f("spending_target_share") >= 0.05 - _EPS,
    "spending_target_share": lambda x: x.f("spending_target_share"),
    "guarantees_agreed_with_russia": _flag("guarantees_agreed_with_adversary"),
    "economic_pressure_on_russia": _flag("economic_pressure_on_adversary"),
    "europe_in_negotiations": _flag("europe_in_negotiations"),
}


def resolve(inputs: TopicInputs) -> dict[str, np.ndarray]:
    """Resolve every registry topic for every arrangement.

    Parameters
    ----------
    inputs : TopicInputs
        Scalars or ``(n_arrangements,)`` arrays.

    Returns
    -------
    dict of str to ndarray
        Topic id -> ``(n_arrangements,)`` array: bool for ``value_type: bool`` topics, float
        for ``value_type: number`` topics. A plain scenario gives arrays of length 1.
    """
    x = _Arrays(inputs)
    out: dict[str, np.ndarray] = {}
    for topic in topic_registry().topics:
        value = np.asarray(RESOLVERS[topic.id](x))
        out[topic.id] = value.astype(bool if topic.value_type == "bool" else float)
    return out


# --- the registry ---------------------------------------------------------------------------------


class Topic(BaseModel):
    """One topic of the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    question: str = Field(min_length=1)
    resolves: str = Field(min_length=1)
    value_type: Literal["bool", "number"]
    inputs: tuple[str, ...] = Field(min_length=1)

    @field_validator("inputs")
    @classmethod
    def _inputs_known(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for name in v:
            if name not in INPUT_FIELDS:
                raise ValueError(
                    f"unknown topic input {name!r}; allowed: {', '.join(INPUT_FIELDS)}")
        return v


class TopicRegistry(BaseModel):
    """``registry/topics.yaml``: the closed list of topics, in display order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: tuple[Topic, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Topic ids in registry order."""
        return tuple(t.id for t in self.topics)

    def __getitem__(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self.ids


@lru_cache(maxsize=1)
def topic_registry() -> TopicRegistry:
    """The bundled topic registry (read once); every topic has exactly one resolver."""
    from guarantor.yamlio import parse_yaml_text, validate

    name = "registry/topics.yaml"
    located = parse_yaml_text((DATA_DIR / name).read_text("utf-8"), name, DataError)
    reg = validate(TopicRegistry, located, error=DataError)
    seen: set[str] = set()
    for i, t in enumerate(reg.topics):
        if t.id in seen:
            raise DataError("topic id defined twice", file=name, key=f"topics[{i}].id",
                            line=located.line_of(["topics", i, "id"]), value=t.id)
        seen.add(t.id)
        if t.id not in RESOLVERS:
            raise DataError("topic has no resolver in guarantor/topics.py", file=name,
                            key=f"topics[{i}].id", line=located.line_of(["topics", i, "id"]),
                            value=t.id, allowed=", ".join(sorted(RESOLVERS)))
    missing = sorted(set(RESOLVERS) - seen)
    if missing:
        raise DataError("resolver without a registry topic", file=name, value=missing[0],
                        hint="add the topic to registry/topics.yaml")
    return reg
