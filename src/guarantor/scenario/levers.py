"""The levers of an arrangement, declared once: what an analyst may move, and where it lands.

A lever has a name, the scenario path it sets (a dotted path, as ``--set PATH=VALUE``), the values
it takes, and how the search (:mod:`guarantor.politics.search`) varies it (its ``kind``). The
search, the CLI's help, the web app's API and page all read :data:`LEVERS`; to add a lever, add
one line here.

Kinds (how :func:`guarantor.politics.search.search` evaluates a grid of values):

``posture``   the US posture changes the engine's inputs: one engine call per value;
``draw``      numeric engine inputs, batched on the engine's draw axis (``target`` is the draw);
``aid``       the US share of military aid, set on the built inputs;
``policy``    flags and the spending target: no engine array changes (``target`` is the
              :class:`~guarantor.politics.topics.TopicInputs` field);
``scenario``  set on the scenario only (web app, ``--set``); the search does not vary it.

Examples
--------
>>> LEVERS["force"].overrides(64000.0)
{'missions.reassurance_force.troops': 64000}
>>> LEVERS["non_us_aid_share"].overrides(0.75)
{'us_aid_share': 0.25}
>>> LEVERS["burden_rule"].parse("capacity")
'capacity'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from guarantor.data.vocabulary import BURDEN_RULES, US_POSTURES
from guarantor.errors import ScenarioError

LeverKind = Literal["posture", "draw", "aid", "policy", "scenario"]
ValueType = Literal["category", "number", "integer", "bool", "force"]

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class Lever:
    """One open lever of an arrangement.

    ``path`` is the scenario field it sets (dotted); ``target`` is what the search sets: the
    engine draw name (kind ``draw``), the :class:`~guarantor.politics.topics.TopicInputs` field
    (kind ``policy``), or unused. ``complement`` levers set ``1 - value`` at ``path``.
    """

    name: str
    kind: LeverKind
    value_type: ValueType
    target: str
    help: str
    path: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    complement: bool = False

    def allowed(self) -> str:
        """What values the lever takes, for help texts and error messages."""
        if self.value_type == "category":
            return ", ".join(self.choices)
        if self.value_type == "bool":
            return "true, false"
        if self.value_type == "force":
            from guarantor.scenario.schema import force_options

            return "troops >= 0 or a force option: " + ", ".join(force_options())
        if self.high is None:
            return f"a number >= {self.low:g}"
        return f"a number {self.low:g}..{self.high:g}"

    def parse(self, text: str) -> Any:
        """One value from its text form; ScenarioError naming the lever and what is allowed."""
        t = str(text).strip()
        bad = ScenarioError("bad lever value", key=f"--vary {self.name}", value=t,
                            allowed=self.allowed())
        if self.value_type == "category":
            if t not in self.choices:
                raise bad
            return t
        if self.value_type == "bool":
            if t.lower() in _TRUE:
                return True
            if t.lower() in _FALSE:
                return False
            raise bad
        if self.value_type == "force":
            from guarantor.scenario.schema import force_options

            options = force_options()
            if t in options:
                return float(options[t]["troops"])
        try:
            v = float(t.replace("_", ""))
        except ValueError:
            raise bad from None
        if not np.isfinite(v) or (self.low is not None and v < self.low) or (
                self.high is not None and v > self.high):
            raise bad
        return v

    def overrides(self, value: Any) -> dict[str, Any]:
        """The scenario overrides (dotted path -> value) that set this lever to ``value``."""
        if self.complement:
            return {self.path: 1 - float(value)}
        if self.value_type in ("force", "integer") and isinstance(value, float) \
                and value.is_integer():
            value = int(value)
        return {self.path: value}

    def current(self, scenario: Any) -> Any:
        """The lever's value in ``scenario`` (None when unset or not a plain value)."""
        node = scenario
        for part in self.path.split("."):
            node = getattr(node, part, None)
            if node is None:
                return None
        if isinstance(node, bool | int | float | str):
            return 1 - node if self.complement and not isinstance(node, str) else node
        return None


def _flag(name: str, field: str, help_: str) -> Lever:
    return Lever(name, "policy", "bool", field, help_, f"policy.{field}")


#: The closed list of levers, defined once.
LEVERS: dict[str, Lever] = {lv.name: lv for lv in (
    Lever("us_posture", "posture", "category", "us_posture",
          "what the US supplies (air-shield units, share of aid)", "us_posture",
          choices=US_POSTURES),
    Lever("force", "draw", "force", "reassurance_force.troops",
          "reassurance-force troops deployed at once [persons] or a published option",
          "missions.reassurance_force.troops", low=0),
    Lever("unstated", "draw", "number", "unstated.troops",
          "share of sustainable troops offered by participants with no stated position "
          "[fraction] (assumed)", "contributions.unstated.troops", low=0, high=1),
    Lever("air_commit", "draw", "number", "air_shield.commit_share",
          "share of available air-shield units a contributor commits [fraction]",
          "missions.air_shield.commit_share", low=0, high=1),
    Lever("aid_required", "draw", "number", "aid.required_eur",
          "annual military-aid requirement [EUR per year]", "missions.military_aid.eur_per_year",
          low=0),
    Lever("us_aid_share", "aid", "number", "us_aid_share",
          "share of military aid the US pays [fraction]", "us_aid_share", low=0, high=1),
    Lever("non_us_aid_share", "aid", "number", "us_aid_share",
          "share of military aid the donors other than the US pay [fraction] (= 1 - "
          "us_aid_share: Europe and the non-European donors together; Europe's own part, as "
          "Kiel groups donors, is the output europe_aid_share)",
          "us_aid_share", low=0, high=1, complement=True),
    _flag("article5", "article5_for_deployed_forces", "Article 5 covers the deployed forces"),
    _flag("membership", "nato_membership_for_protected_state",
          "NATO membership for the protected state"),
    _flag("us_troops", "us_troops_in_protected_state", "US ground troops in the protected state"),
    _flag("agreed_with_russia", "guarantees_agreed_with_adversary",
          "the guarantees are agreed with the adversary"),
    _flag("nato_led", "nato_led_mission", "the force is a NATO mission"),
    _flag("pre2014_borders", "pre2014_borders_objective", "pre-2014 borders are an objective"),
    _flag("concessions", "territorial_concessions", "occupied territory is ceded"),
    _flag("sanctions", "economic_pressure_on_adversary", "economic pressure on the adversary"),
    _flag("europe_at_table", "europe_in_negotiations", "Europe and the protected state negotiate"),
    Lever("spending_target", "policy", "number", "spending_target_share",
          "allies' defence-spending target [fraction of GDP]", "policy.spending_target_share",
          low=0, high=0.2),
    Lever("spending_target_year", "scenario", "integer", "",
          "year the spending target is to be reached", "policy.spending_target_year",
          low=2025, high=2060),
    Lever("burden_rule", "scenario", "category", "", "burden-sharing rule", "burden_rule",
          choices=BURDEN_RULES),
)}

#: Old lever names still accepted, each with the lever that replaced it. ``europe_aid_share`` set
#: ``1 - us_aid_share``, i.e. every donor but the US, Canada, Japan, Australia, Korea and New
#: Zealand included, so its name said "Europe" for something that is not (issue 15); the output
#: of that name is Europe's part as Kiel groups donors.
RENAMED_LEVERS: dict[str, str] = {"europe_aid_share": "non_us_aid_share"}


def searchable() -> dict[str, Lever]:
    """The levers a search may vary (every kind but ``scenario``), by name, in list order."""
    return {n: lv for n, lv in LEVERS.items() if lv.kind != "scenario"}


def current_name(name: str) -> str:
    """The lever's current name; an old name is accepted with a FutureWarning saying the new one.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     current_name("europe_aid_share"), str(w[0].message)[:54]
    ('non_us_aid_share', "lever 'europe_aid_share' is renamed 'non_us_aid_share'")
    >>> current_name("force")
    'force'
    """
    new = RENAMED_LEVERS.get(name)
    if new is None:
        return name
    import warnings

    warnings.warn(
        f"lever {name!r} is renamed {new!r}: it sets 1 - us_aid_share, the part of military aid "
        "every donor but the US pays (non-European donors included); Europe's own part is the "
        f"output column europe_aid_share. {name!r} will be removed; use {new!r}.",
        FutureWarning, stacklevel=3)
    return new


__all__ = ["LEVERS", "RENAMED_LEVERS", "Lever", "LeverKind", "ValueType", "current_name",
           "searchable"]
