"""The closed vocabularies of the model, each defined once.

Schema validation, the engine, CLI choices and help, the report and the web app's controls all
read these. Larger vocabularies live in the registry files beside this module and have their own
loaders: countries and groups (:mod:`guarantor.data.countries`), capability classes and units
(:mod:`guarantor.data.capabilities`), actors and topics (:mod:`guarantor.data.actors`,
:mod:`guarantor.politics.topics`), levers (:mod:`guarantor.scenario.levers`).

Examples
--------
>>> US_POSTURES
('none', 'intelligence', 'enablers', 'full')
>>> MISSIONS["air_shield"]
'Air shield'
"""

from __future__ import annotations

from typing import Literal, get_args

#: What the US supplies, from least to most involved (bundles in ``parameters/us_postures.yaml``).
USPostureName = Literal["none", "intelligence", "enablers", "full"]
US_POSTURES: tuple[str, ...] = get_args(USPostureName)

#: Burden-sharing rules; each is an allocator of :mod:`guarantor.engine.allocate`.
BurdenRule = Literal["gdp", "capacity", "historical", "pledges", "fair_share"]
BURDEN_RULES: tuple[str, ...] = get_args(BurdenRule)

#: How a country's sustainable troop contribution is derived.
SustainabilityMethod = Literal["usability", "rotation"]
SUSTAINABILITY_METHODS: tuple[str, ...] = get_args(SustainabilityMethod)

#: The missions a scenario may set, with their titles (keys of ``missions:`` in a scenario).
MISSIONS: dict[str, str] = {
    "reassurance_force": "Reassurance force",
    "air_shield": "Air shield",
    "military_aid": "Military aid",
}

#: Fair-share bases of the apportionment (:mod:`guarantor.apportion.problem`).
APPORTION_BASES: tuple[str, ...] = ("gdp", "population", "spending", "aid", "mix")

#: How a pledge enters the apportionment problem: ``cap`` (the engine's meaning: a pledge
#: replaces the computed supply, so it is the most the country gives), ``floor`` (the least it
#: gives; it may give more, up to its computed supply), ``fixed`` (exactly the pledge).
PLEDGE_MODES: tuple[str, ...] = ("cap", "floor", "fixed")

#: What a coalition search may minimise (:mod:`guarantor.apportion.coalition`).
COALITION_OBJECTIVES: tuple[str, ...] = ("count", "cost")

#: Default troop unit of the apportionment [persons]: a company-sized unit. A modelling option,
#: not a sourced figure: troops are offered and allocated in whole units of this size
#: (``--troop-unit 1`` for persons). Here, with the choices above, so the command line can
#: offer them without importing the solver's modules.
DEFAULT_TROOP_UNIT = 150

#: Status of one mission item (``Result.missions.status``).
MissionStatus = Literal["none required", "met", "short", "unknown"]
MISSION_STATUSES: tuple[str, ...] = get_args(MissionStatus)
