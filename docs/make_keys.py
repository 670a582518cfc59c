"""Write ``docs/scenario-keys.md``: every key a scenario file may hold, read from the schema.

The reference is generated, never edited by hand: the key paths, types, defaults and allowed
values come from the pydantic models of :mod:`guarantor.scenario.schema` (and the closed
vocabularies they read); only the one-line meaning of each key is written here, in
:data:`MEANING`. ``tests/docs/test_guide.py`` fails when a schema key has no meaning here, when a
meaning names a key the schema no longer has, or when the file on disk differs from what this
script writes. Rebuild with::

    .venv/bin/python docs/make_keys.py
"""

from __future__ import annotations

import sys
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

OUT = Path(__file__).with_name("scenario-keys.md")

#: What each key means, by its path (``<ISO3>``, ``<class>``, ``<name>`` stand for a map's keys).
MEANING: dict[str, str] = {
    "baseline": "Name or path of a scenario this one starts from (loader key, not in the schema).",
    "overrides":
        "Dotted paths of the baseline to change, e.g. `us_posture: enablers` (loader key).",
    "name": "Identifier of the scenario (lower case, digits, `_`, `-`); names output files.",
    "title": "One-line title shown in reports.",
    "description": "What the arrangement is, in a few sentences.",
    "protected_state": "ISO3 code of the state the guarantee protects.",
    "adversary": "ISO3 code of the state deterred; never a participant.",
    "start_year": "First year of the horizon.",
    "horizon_years": "Number of years the arrangement is costed over.",
    "participants": "Who takes part.",
    "participants.group": "A named country group (`guarantor data countries` lists them).",
    "participants.countries": "ISO3 codes added to the group (or the whole list without one).",
    "participants.exclude": "ISO3 codes removed from the group.",
    "participants.default_willingness":
        "Share of capacity a participant offers when `contributions.source: assumed` [share].",
    "participants.willingness": "Per-country willingness overriding the default [share].",
    "participants.willingness.<ISO3>": "Willingness of one country [share or distribution].",
    "participants.pledges": "What a country pledged; a pledge replaces its computed supply.",
    "participants.pledges.<ISO3>": "One country's pledge.",
    "participants.pledges.<ISO3>.troops": "Troops pledged [persons].",
    "participants.pledges.<ISO3>.aircraft": "Air-shield units pledged per class [units].",
    "participants.pledges.<ISO3>.aircraft.<class>": "Units of one class pledged [units].",
    "participants.pledges.<ISO3>.aid_eur_per_year": "Aid pledged [EUR_current per year].",
    "us_posture": "What the US supplies (bundles in `data/parameters/us_postures.yaml`).",
    "us_supplies": "US air-shield units per class, replacing the posture's bundle [units].",
    "us_supplies.<class>": "US units of one class [units].",
    "us_aid_share": "US share of the aid requirement, replacing the posture's [share].",
    "policy": "Rules of the arrangement; the red-line check reads them.",
    "policy.us_troops_in_protected_state": "US troops deployed in the protected state.",
    "policy.article5_for_deployed_forces": "NATO Article 5 covers the deployed forces.",
    "policy.nato_membership_for_protected_state": "The protected state joins NATO.",
    "policy.pre2014_borders_objective": "Restoring the pre-2014 borders is an objective.",
    "policy.guarantees_agreed_with_adversary": "The adversary agrees to the guarantees.",
    "policy.nato_led_mission": "The mission is NATO-led (meets the `nato_framework` condition).",
    "policy.territorial_concessions": "The protected state concedes occupied territory.",
    "policy.economic_pressure_on_adversary": "Sanctions or other economic pressure continue.",
    "policy.europe_in_negotiations": "Europe takes part in the negotiations.",
    "policy.spending_target_share": "Defence spending target, NATO definition [share of GDP].",
    "policy.spending_target_year": "Year the spending target is to be reached.",
    "policy.spending_target_components":
        "Target by component (`core`, `related`); share = their sum, year = the latest.",
    "policy.spending_target_components.<name>": "One component of the target.",
    "policy.spending_target_components.<name>.share": "Its share of GDP [share].",
    "policy.spending_target_components.<name>.year": "Year it is to be reached.",
    "policy.spending_target_countries": "Non-NATO participants the target also applies to.",
    "missions": "The missions; any may be left out.",
    "missions.reassurance_force": "Troops deployed at once in the protected state.",
    "missions.reassurance_force.troops":
        "Troops needed at once [persons]; wins over `option` when both are given.",
    "missions.reassurance_force.option":
        "A published force size (`scenario/scenarios/force_options.yaml`), with its source.",
    "missions.reassurance_force.sustainability":
        "How sustainable troops are judged: NATO usability shares or a rotation ratio.",
    "missions.air_shield": "Air-shield requirement per capability class.",
    "missions.air_shield.requirement": "Units needed per class, given directly [units].",
    "missions.air_shield.requirement.<class>": "Units of one class [units].",
    "missions.air_shield.stations":
        "Patrol stations or orbits per class; aircraft are derived from the operation.",
    "missions.air_shield.stations.<class>": "Stations of one class [stations].",
    "missions.air_shield.commit_share":
        "Share of each contributor's available fleet committed [share or distribution].",
    "missions.military_aid": "Annual military aid to the protected state.",
    "missions.military_aid.eur_per_year":
        "Aid needed [EUR_current per year]; default: Kiel average.",
    "missions.military_aid.replace_us_share": "Older spelling of `replace_us: military`.",
    "missions.military_aid.replace_us": "The others replace what the US gave of this kind.",
    "missions.military_aid.kind": "Which of Kiel's kinds of aid the requirement counts.",
    "burden_rule": "How a requirement is shared among participants (`engine/allocate.py`).",
    "parameters":
        "Overrides of sourced parameters by name (listed below; `data/parameters/defaults.yaml`).",
    "parameters.<name>": "New value of one parameter, in the parameter's unit.",
    "rationale": "Why the scenario is written so: a list of texts with their sources.",
    "rationale[].text": "The claim the scenario rests on.",
    "rationale[].source": "Its source id in the source catalogue (`guarantor data sources`).",
    "rationale[].locator": "Where in the source (page, paragraph, table).",
    "as_of":
        "Date every date-dependent judgement uses (positions, red lines); default: the ledger's "
        "latest statement. Never the clock.",
    "contributions": "Where each participant's contribution comes from.",
    "contributions.source":
        "`ledger`: stated positions as of `as_of`; `assumed`: the participants' willingness.",
    "contributions.case": "Which protected state's positions to read (`data/contributions.py`).",
    "contributions.stated_share":
        "Share of capacity offered by a country that said it will contribute without a figure.",
    "contributions.unstated": "Share of capacity offered by a country with no stated position.",
    "contributions.unstated.troops": "For troops [share or distribution].",
    "contributions.unstated.aircraft": "For air-shield units [share or distribution].",
    "contributions.unstated.aid": "For aid [share or distribution].",
    "contributions.conditions": "Whether each condition of a conditional position is met.",
    "contributions.conditions.<name>": "One condition, true or false.",
    "contributions.overrides": "The scenario's own willingness for a country, with a reason.",
    "contributions.overrides.<ISO3>": "One country's override.",
    "contributions.overrides.<ISO3>.troops": "Willingness for troops [share].",
    "contributions.overrides.<ISO3>.aircraft": "Willingness for air-shield units [share].",
    "contributions.overrides.<ISO3>.aid": "Willingness for aid [share].",
    "contributions.overrides.<ISO3>.reason": "Why the scenario departs from the ledger.",
}


def _type(ann: Any) -> str:
    """A field's type in words."""
    origin = get_origin(ann)
    args = get_args(ann)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (types.UnionType, typing.Union):
        parts = [a for a in args if a is not type(None)]
        names = [_type(a) for a in parts]
        if any("distribution" in n for n in names) and len(names) > 2:
            names = [n for n in names if n != "distribution"] + ["distribution"]
        text = " or ".join(dict.fromkeys(names))
        return text + (" (optional)" if len(parts) < len(args) else "")
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is dict:
        return f"map of {_key_kind(args[0])} to {_type(args[1])}"
    if origin is tuple:
        return f"list of {_type(args[0])}"
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        if ann.__module__ == "guarantor.distributions":
            return "distribution"
        return "section"
    return {int: "integer", float: "number", bool: "true / false", str: "text",
            date: "date (YYYY-MM-DD)"}.get(ann, str(ann))


def _key_kind(_: Any) -> str:
    return "name"  # refined per path in walk()


def _default(field: Any) -> str:
    if field.is_required():
        return "required"
    d = field.default
    if d is PydanticUndefined and field.default_factory is not None:
        d = field.default_factory()
    if isinstance(d, BaseModel):
        return "(section defaults)"
    if d in ({}, (), None, ""):
        return "—"
    if d == -1:  # the schema's mark for "taken from the published option"
        return "from `option`"
    if isinstance(d, bool):
        return "true" if d else "false"
    return f"`{d}`"


def _map_key(path: str) -> str:
    if path.endswith(("willingness", "pledges")) or path.endswith("contributions.overrides"):
        return "<ISO3>"
    if path.endswith(("aircraft", "requirement", "stations", "us_supplies")):
        return "<class>"
    return "<name>"


def _model_in(ann: Any) -> type[BaseModel] | None:
    origin = get_origin(ann)
    if origin in (types.UnionType, typing.Union):
        for a in get_args(ann):
            m = _model_in(a)
            if m is not None:
                return m
        return None
    if isinstance(ann, type) and issubclass(ann, BaseModel) \
            and ann.__module__ != "guarantor.distributions":
        return ann
    return None


def walk(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str, str]]:
    """(path, type, default) of every key under ``model``, depth first, in schema order."""
    rows: list[tuple[str, str, str]] = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = field.annotation
        typ = _type(ann)
        if get_origin(ann) is dict:
            typ = typ.replace("map of name", f"map of `{_map_key(path)}`", 1)
        rows.append((path, typ, _default(field)))
        sub = _model_in(ann)
        if sub is not None:
            rows += walk(sub, path + ".")
            continue
        origin = get_origin(ann)
        if origin is tuple and _model_in(get_args(ann)[0]) is not None:
            rows += walk(_model_in(get_args(ann)[0]) or BaseModel, path + "[].")
        elif origin is dict:
            key = f"{path}.{_map_key(path)}"
            value = get_args(ann)[1]
            rows.append((key, _type(value), "—"))
            vm = _model_in(value)
            if vm is not None:
                rows += walk(vm, key + ".")
    return rows


def allowed_values() -> list[str]:
    """The closed vocabularies a scenario's keys draw on, each from where it is defined."""
    from guarantor.data.countries import GROUPS
    from guarantor.data.params import load_parameters
    from guarantor.data.vocabulary import BURDEN_RULES, SUSTAINABILITY_METHODS, US_POSTURES
    from guarantor.scenario.schema import (
        CONDITION_DEFAULTS,
        TARGET_COMPONENTS,
        capability_classes,
        force_options,
    )

    def ticks(xs: Any) -> str:
        return ", ".join(f"`{x}`" for x in xs)

    return [
        f"- `<class>` (capability classes): {ticks(capability_classes())}",
        f"- `participants.group`: {ticks(GROUPS)}",
        f"- `us_posture`: {ticks(US_POSTURES)}",
        f"- `burden_rule`: {ticks(BURDEN_RULES)}",
        f"- `missions.reassurance_force.sustainability`: {ticks(SUSTAINABILITY_METHODS)}",
        f"- `missions.reassurance_force.option`: {ticks(force_options())}",
        f"- `policy.spending_target_components.<name>`: {ticks(TARGET_COMPONENTS)}",
        "- `contributions.conditions.<name>`: "
        f"{ticks((*CONDITION_DEFAULTS, 'us_backstop', 'nato_framework'))}",
        f"- `parameters.<name>` ({len(load_parameters().names())}): "
        f"{ticks(load_parameters().names())}",
        "- a *distribution* is written with named fields, e.g. "
        "`{dist: triangular, low: 0.1, mode: 0.2, high: 0.4}`; kinds: "
        + ticks(_distribution_kinds()),
    ]


def _distribution_kinds() -> list[str]:
    from guarantor.distributions import Distribution

    members = get_args(get_args(Distribution)[0])
    return [get_args(m.model_fields["dist"].annotation)[0] for m in members]


LOADER_KEYS = [("baseline", "text", "—"), ("overrides", "map of dotted path to value", "—")]


def render() -> str:
    """The whole reference as Markdown."""
    from guarantor.scenario.schema import Scenario

    rows = LOADER_KEYS + walk(Scenario)
    lines = [
        "# Scenario keys",
        "",
        "<!-- generated by docs/make_keys.py from guarantor.scenario.schema: do not edit -->",
        "",
        "Every key a scenario YAML file may hold. Unknown keys are rejected with the file, line "
        "and allowed keys. `<ISO3>`, `<class>` and `<name>` stand for a map's keys; `[]` marks a "
        "list item. Shares are fractions (0.05, never 5 or \"5%\").",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for path, typ, default in rows:
        lines.append(f"| `{path}` | {typ} | {default} | {MEANING.get(path, '**undocumented**')} |")
    lines += ["", "## Allowed values", ""] + allowed_values() + [""]
    return "\n".join(lines)


def keys() -> list[str]:
    """Every key path the schema (and the loader) accepts."""
    from guarantor.scenario.schema import Scenario

    return [p for p, _, _ in LOADER_KEYS + walk(Scenario)]


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(OUT)
