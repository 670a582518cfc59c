"""Scenarios: YAML in, a frozen, validated :class:`Scenario` out — once, at the boundary.

- :mod:`~guarantor.scenario.schema` -- the schema (participants, policy, missions, ``as_of``);
- :mod:`~guarantor.scenario.load` -- YAML loading with located errors, baselines (a documented
  deep merge) and dotted-path overrides;
- ``scenarios/`` -- the bundled scenarios and the published force options.

Examples
--------
>>> from guarantor.scenario import load_scenario
>>> load_scenario("may2025").us_posture
'intelligence'
"""

from guarantor.data.vocabulary import BURDEN_RULES, SUSTAINABILITY_METHODS, US_POSTURES
from guarantor.scenario.load import (
    bundled,
    bundled_scenarios,
    deep_merge,
    load_scenario,
    resolve_raw,
    scenario_from_text,
    scenario_with_overrides,
)
from guarantor.scenario.schema import (
    AirShield,
    MilitaryAid,
    Missions,
    Participants,
    Pledge,
    Policy,
    Rationale,
    ReassuranceForce,
    Scenario,
    capability_classes,
    force_options,
)

__all__ = [
    "BURDEN_RULES", "SUSTAINABILITY_METHODS", "US_POSTURES", "AirShield", "MilitaryAid",
    "Missions", "Participants", "Pledge", "Policy", "Rationale", "ReassuranceForce", "Scenario",
    "bundled", "bundled_scenarios", "capability_classes", "deep_merge", "force_options",
    "load_scenario", "resolve_raw", "scenario_from_text", "scenario_with_overrides",
]
