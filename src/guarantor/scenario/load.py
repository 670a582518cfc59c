"""Scenario loading: YAML in, a frozen, validated :class:`~guarantor.scenario.schema.Scenario` out.

A scenario may name a ``baseline`` (a bundled name or a path) and change it. Inheritance is a
deep merge (:func:`deep_merge`), then ``overrides`` by dotted path:

1. the baseline is resolved first (recursively: a baseline may have its own baseline);
2. the child's own keys are merged onto it: a mapping merges key by key, recursively; any other
   value (a scalar, a list, ``null``) replaces the baseline's value at that key;
3. the child's ``overrides`` (dotted path -> value) are applied last: each sets exactly one path,
   so an override wins over the same path set in step 2.

Every override is checked against the schema before any is applied, and the baseline is never
mutated. Past this module the code sees typed objects, not dicts.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, get_origin

from guarantor.errors import ScenarioError
from guarantor.scenario.schema import Scenario
from guarantor.yamlio import Located, load_yaml, parse_yaml_text, validate

# --------------------------------------------------------------------------- loading

#: Keys of a scenario file that are about the file itself, not the arrangement.
_FILE_KEYS = ("baseline", "overrides")


def bundled_scenarios() -> tuple[str, ...]:
    """Names of the scenarios bundled with the package (file stems, sorted)."""
    folder = resources.files("guarantor.scenario") / "scenarios"
    return tuple(
        sorted(
            p.name[: -len(".yaml")]
            for p in folder.iterdir()
            if p.name.endswith(".yaml") and not p.name.startswith("_")
            and p.name != "force_options.yaml"
        )
    )


def _bundled_text(name: str) -> tuple[str, str]:
    ref = resources.files("guarantor.scenario") / "scenarios" / f"{name}.yaml"
    return ref.read_text("utf-8"), f"scenarios/{name}.yaml"


def locate_scenario(ref: str | Path, relative_to: Path | None = None) -> Located:
    """Find a scenario by bundled name or path."""
    s = str(ref)
    if s in bundled_scenarios():
        text, label = _bundled_text(s)
        return parse_yaml_text(text, label)
    p = Path(s)
    if not p.is_absolute() and relative_to is not None and not p.exists():
        p = relative_to / p
    if not p.exists():
        raise ScenarioError(
            "scenario not found",
            value=s,
            allowed="a path to a YAML file or a bundled name: " + ", ".join(bundled_scenarios()),
        )
    return load_yaml(p)


def _apply_override(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """Walk ``path`` in ``data``; return (parent mapping, last key), creating nothing."""
    parts = path.split(".")
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node, dict):
            raise KeyError(".".join(parts[: i + 1]))
        if part not in node or node[part] is None:
            node[part] = {}
        node = node[part]
    if not isinstance(node, dict):
        raise KeyError(path)
    return node, parts[-1]


def _check_override_path(path: str) -> None:
    """An override must name a field of the scenario schema (dict keys such as ISO3 allowed)."""
    parts = path.split(".")
    model: Any = Scenario
    for i, part in enumerate(parts):
        fields = getattr(model, "model_fields", None)
        if fields is None:
            return  # inside a free mapping (e.g. willingness.POL): values are validated later
        if (i == 0 and part in _FILE_KEYS) or part not in fields:
            raise ScenarioError(
                "unknown override path",
                key=f"overrides.{path}",
                value=path,
                allowed=", ".join(sorted(fields)) if i == 0 else
                f"fields of {'.'.join(parts[:i])}: {', '.join(sorted(fields))}",
            )
        from guarantor.yamlio import _model_of

        annotation = fields[part].annotation
        if get_origin(annotation) is dict:
            return  # a free mapping (willingness.POL, pledges.FRA...): validated after applying
        nxt = _model_of(annotation)
        model = nxt if nxt is not None else object()


def resolve_raw(located: Located, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The scenario's own mapping merged onto its baseline (recursively), overrides applied."""
    from guarantor.yamlio import _plain

    data = _plain(located.data)
    if data is None:
        raise ScenarioError("the file is empty", file=located.source,
                            allowed="a scenario mapping (name, title, participants, missions...)")
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping", file=located.source)
    base_ref = data.pop("baseline", None)
    overrides = data.pop("overrides", None) or {}
    if overrides and base_ref is None:
        raise ScenarioError(
            "overrides need a baseline", file=located.source, key="overrides",
            line=located.line_of(["overrides"]), hint="add `baseline: <name or path>`",
        )
    if base_ref is None:
        return data
    if base_ref in seen:
        raise ScenarioError("baseline cycle", file=located.source, key="baseline", value=base_ref)
    here = Path(located.source).parent if Path(located.source).exists() else None
    merged = copy.deepcopy(resolve_raw(locate_scenario(base_ref, here), seen + (str(base_ref),)))
    if not isinstance(overrides, dict):
        raise ScenarioError(
            "overrides must be a mapping of dotted paths to values",
            file=located.source, key="overrides", line=located.line_of(["overrides"]),
        )
    # check every override before applying any
    for path in overrides:
        try:
            _check_override_path(path)
        except ScenarioError as exc:
            exc.file = located.source
            exc.line = located.line_of(["overrides", path])
            raise
    merged = deep_merge(merged, data)
    for path, value in overrides.items():
        parent, key = _apply_override(merged, path)
        parent[key] = copy.deepcopy(value)
    return merged


def deep_merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``child`` merged onto ``base``: mappings key by key, recursively; anything else replaces.

    Neither argument is changed; the result shares no mutable value with them.

    Examples
    --------
    >>> base = {"policy": {"a": 1, "b": 2}, "rationale": [1, 2], "title": "x"}
    >>> deep_merge(base, {"policy": {"b": 3}, "rationale": [9], "title": None})
    {'policy': {'a': 1, 'b': 3}, 'rationale': [9], 'title': None}
    >>> deep_merge({"missions": {"air_shield": {"commit_share": 0.2}}},
    ...            {"missions": {"military_aid": {"replace_us_share": True}}})
    {'missions': {'air_shield': {'commit_share': 0.2}, 'military_aid': {'replace_us_share': True}}}
    """
    out = copy.deepcopy(dict(base))
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_scenario(ref: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a scenario by bundled name or path, resolve its baseline, validate it.

    Parameters
    ----------
    ref : str or Path
        A bundled scenario name (``guarantor.scenario.bundled_scenarios()``) or a YAML path.
    overrides : mapping, optional
        Extra dotted-path overrides (e.g. from the CLI or web levers), checked like file overrides.

    Examples
    --------
    >>> s = load_scenario("aug2025")
    >>> s.us_posture
    'enablers'
    """
    located = locate_scenario(ref)
    return scenario_with_overrides(resolve_raw(located), located, overrides)


def scenario_with_overrides(raw: dict[str, Any], located: Located,
                            overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate a resolved scenario mapping after applying extra dotted-path overrides.

    Every override is checked before any is applied and ``raw`` is never mutated; an error that
    an override caused names it in its hint. Used by :func:`load_scenario` (``--set``) and by the
    web app's levers, so both give the same message for the same input.
    """
    if overrides:
        raw = copy.deepcopy(raw)
        for path in overrides:
            _check_override_path(path)
        for path, value in overrides.items():
            parent, key = _apply_override(raw, path)
            parent[key] = value
    try:
        return validate_located(raw, located)
    except ScenarioError as exc:
        given = [p for p in overrides or {} if exc.key and (exc.key == p or
                 exc.key.startswith(p + ".") or p.startswith(exc.key + "."))]
        if given and overrides is not None:  # given is empty when overrides is None
            exc.line = None
            exc.hint = f"from the override {given[0]}={overrides[given[0]]!r}"
        raise


def validate_located(raw: dict[str, Any], located: Located) -> Scenario:
    """Validate merged data; point errors at the line of the child file that set the value."""
    try:
        return validate(Scenario, raw, located.source)
    except ScenarioError as exc:
        if exc.key and exc.line is None:
            parts: list[str | int] = []
            for bit in exc.key.replace("]", "").split("."):
                name, _, idx = bit.partition("[")
                parts.append(name)
                if idx:
                    parts.append(int(idx))
            data = located.data if isinstance(located.data, dict) else {}
            overrides = data.get("overrides") or {}
            hit = [p for p in overrides if exc.key == p or exc.key.startswith(p + ".")
                   or p.startswith(exc.key + ".")]
            if hit:
                exc.line = located.line_of(["overrides", hit[0]])
            elif located.line_of(parts[:1]) is not None:
                exc.line = located.line_of(parts)
        raise


def scenario_from_text(text: str, source: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (web uploads)."""
    located = parse_yaml_text(text, source)
    return validate_located(resolve_raw(located), located)


@lru_cache(maxsize=32)
def bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once."""
    return load_scenario(name)
