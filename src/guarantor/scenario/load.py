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
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from guarantor.errors import GuarantorError, ScenarioError
from guarantor.scenario.schema import Scenario, remember_digest
from guarantor.yamlio import Located, combine, load_yaml, parse_yaml_text, validate

# --------------------------------------------------------------------------- loading

#: Keys of a scenario file that are about the file itself, not the arrangement.
_FILE_KEYS = ("baseline", "overrides")

#: The bundled scenarios' folder. A plain path, not ``importlib.resources.files``: the package
#: is read from the file system (the compiled cache hashes these files by path,
#: :mod:`guarantor.data.compiled`), and ``resources.files`` imports ``importlib.readers`` and
#: ``zipfile`` on the plain run's path only to find this folder.
_SCENARIOS = Path(__file__).resolve().parent / "scenarios"


def bundled_scenarios() -> tuple[str, ...]:
    """Names of the scenarios bundled with the package (file stems, sorted)."""
    return tuple(
        sorted(
            p.name[: -len(".yaml")]
            for p in _SCENARIOS.iterdir()
            if p.name.endswith(".yaml") and not p.name.startswith("_")
            and p.name != "force_options.yaml"
        )
    )


def _bundled_text(name: str) -> tuple[str, str]:
    return (_SCENARIOS / f"{name}.yaml").read_text("utf-8"), f"scenarios/{name}.yaml"


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


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model an annotation allows (``X | None``, ``float | Distribution``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (dict, list, tuple):
        return []
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _container_in(annotation: Any, kinds: tuple[type, ...]) -> Any:
    """The first ``dict[...]`` (or ``list``/``tuple``) annotation inside ``annotation``."""
    if get_origin(annotation) in kinds:
        return annotation
    for arg in get_args(annotation):
        if get_origin(arg) in kinds:
            return arg
    return None


def _kind(annotation: Any) -> str:
    """What a leaf of the schema holds, in words, for messages."""
    names = {float: "a number", int: "a whole number", bool: "true or false", str: "text"}
    args = get_args(annotation) or (annotation,)
    words = [names.get(a, getattr(a, "__name__", str(a))) for a in args if a is not type(None)]
    return " or ".join(dict.fromkeys(words)) or "a single value"


def _unknown(path: str, at: int, allowed: list[str]) -> ScenarioError:
    parts = path.split(".")
    return ScenarioError(
        "unknown override path", key=f"overrides.{path}", value=path,
        allowed=", ".join(sorted(allowed)) if at == 0 else
        f"fields of {'.'.join(parts[:at])}: {', '.join(sorted(allowed))}")


def override_keys(path: str) -> list[str | int]:
    """The keys an override path walks in a scenario mapping, checked against the schema.

    ``missions.air_shield.commit_share`` -> ``["missions", "air_shield", "commit_share"]``.
    Inside a free mapping of single values (``parameters``), the rest of the path is one key,
    so dotted parameter names work: ``parameters.air.availability.isr`` ->
    ``["parameters", "air.availability.isr"]``. A list takes an index (``rationale.0.text``).
    A path through a single value (a number, text, a flag) is refused with what it holds.
    """
    parts = path.split(".")
    if any(not p for p in parts):
        raise ScenarioError("empty segment in override path", key=f"overrides.{path}",
                            value=path, allowed="dotted field names, e.g. missions.air_shield")
    keys: list[str | int] = []
    annotation: Any = Scenario
    i = 0
    while i < len(parts):
        part = parts[i]
        models = _models_in(annotation)
        if models:
            fields = {n: f for m in models for n, f in m.model_fields.items()}
            if part not in fields or (i == 0 and part in _FILE_KEYS):
                raise _unknown(path, i, [f for f in fields if not (i == 0 and f in _FILE_KEYS)])
            keys.append(part)
            annotation = fields[part].annotation
            i += 1
            continue
        mapping = _container_in(annotation, (dict,))
        if mapping is not None:
            value_ann = get_args(mapping)[1] if get_args(mapping) else Any
            if (_models_in(value_ann) or _container_in(value_ann, (dict, list, tuple))
                    or value_ann is Any):
                keys.append(part)
                annotation = value_ann
                i += 1
                continue
            keys.append(".".join(parts[i:]))  # a key of single values: the rest is its name
            return keys
        sequence = _container_in(annotation, (list, tuple))
        if sequence is not None:
            if not part.isdigit():
                raise ScenarioError(
                    f"{'.'.join(parts[:i])} is a list; it takes an index, not {part!r}",
                    key=f"overrides.{path}", value=path,
                    allowed=f"{'.'.join(parts[:i])}.0, {'.'.join(parts[:i])}.1, ...")
            keys.append(int(part))
            annotation = (get_args(sequence) or (Any,))[0]
            i += 1
            continue
        here = ".".join(parts[:i])
        raise ScenarioError(
            f"{here} holds {_kind(annotation)}; it cannot take the key {part!r}",
            key=f"overrides.{path}", value=path, allowed=f"set {here} itself")
    return keys


def _check_override_path(path: str) -> None:
    """An override must name a field of the scenario schema (see :func:`override_keys`)."""
    override_keys(path)


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at the override ``path`` in ``data`` (a mutable copy), creating mappings.

    A single value met on the way (e.g. ``commit_share: 0.25`` under
    ``missions.air_shield.commit_share.low``) cannot take a child key: that is an error naming
    the path, what is there and what to do instead, never a KeyError.
    """
    keys = override_keys(path)
    node: Any = data
    for depth, key in enumerate(keys[:-1]):
        here = ".".join(str(k) for k in keys[: depth + 1])
        nxt = keys[depth + 1]
        if isinstance(node, dict):
            if node.get(key) is None:
                if isinstance(nxt, int):
                    raise ScenarioError(f"{here} is not set, so it has no item {nxt}",
                                        key=f"overrides.{path}", value=path,
                                        allowed=f"set the whole list {here}")
                node[key] = {}
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int):
            if key >= len(node):
                raise ScenarioError(f"{here}: no item {key} (the list has {len(node)})",
                                    key=f"overrides.{path}", value=path,
                                    allowed=f"an index below {len(node)}")
            node = node[key]
        if not isinstance(node, dict | list):
            raise ScenarioError(
                f"{here} is {node!r}, a single value; it cannot take the key {nxt!r}",
                key=f"overrides.{path}", value=path,
                allowed=f"set {here} itself (e.g. as a mapping such as "
                "{dist: uniform, low: 0.1, high: 0.4} where a distribution is allowed)")
    last = keys[-1]
    if isinstance(node, list) and (not isinstance(last, int) or last >= len(node)):
        raise ScenarioError(f"no item {last} in the list (it has {len(node)})",
                            key=f"overrides.{path}", value=path,
                            allowed=f"an index below {len(node)}")
    node[last] = copy.deepcopy(value)


def apply_overrides(raw: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``raw`` with every dotted-path override set; ``raw`` is never changed.

    Every path is checked against the schema before any is applied; all problems (unknown
    paths, paths through single values) are reported together.
    """
    problems: list[GuarantorError] = []
    for path in overrides:
        try:
            override_keys(str(path))
        except ScenarioError as exc:
            problems.append(exc)
    if not problems:
        out = copy.deepcopy(raw)
        for path, value in overrides.items():
            try:
                _set_path(out, str(path), value)
            except ScenarioError as exc:
                problems.append(exc)
        if not problems:
            return out
    raise combine(problems)


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
    merged = deep_merge(merged, data)
    try:
        return apply_overrides(merged, overrides)
    except ScenarioError as exc:
        for problem in exc.all():  # point each at its own line in the file
            path = (problem.key or "").removeprefix("overrides.")
            problem.file = located.source
            problem.line = located.line_of(["overrides", path])
        raise


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
    if not overrides and str(ref) in bundled_scenarios():
        return _compiled_bundled(str(ref))
    located = locate_scenario(ref)
    return scenario_with_overrides(resolve_raw(located), located, overrides)


def _compiled_bundled(name: str) -> Scenario:
    """A bundled scenario without overrides, validated once and then read from the compiled
    cache (:mod:`guarantor.data.compiled`, whose key covers the scenario package's files and
    the data its validators read) with its digest, so that neither its YAML is read nor its
    validator or serializer built (:func:`guarantor.scenario.schema.remember_digest`)."""
    from guarantor.data.compiled import compiled

    def make() -> tuple[Scenario, str]:
        located = locate_scenario(name)
        sc = scenario_with_overrides(resolve_raw(located), located)
        return sc, sc.digest()

    sc, digest = compiled(f"scenario:{name}", make)
    remember_digest(sc, digest)
    return sc


def scenario_with_overrides(raw: dict[str, Any], located: Located,
                            overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate a resolved scenario mapping after applying extra dotted-path overrides.

    Every override is checked before any is applied and ``raw`` is never mutated; an error that
    an override caused names it in its hint. Used by :func:`load_scenario` (``--set``) and by the
    web app's levers, so both give the same message for the same input.
    """
    if overrides:
        try:
            raw = apply_overrides(raw, overrides)
        except ScenarioError as exc:
            for problem in exc.all():
                problem.key = "--set " + (problem.key or "").removeprefix("overrides.")
            raise
    try:
        return validate_located(raw, located)
    except ScenarioError as exc:
        for problem in exc.all():
            key = problem.key
            given = [p for p in overrides or {} if key and (key == p or key.startswith(p + ".")
                     or p.startswith(key + ".") or key.startswith(p + "["))]
            if given and overrides is not None:  # given is empty when overrides is None
                problem.line = None
                problem.hint = f"from the override {given[0]}={overrides[given[0]]!r}"
        raise


def validate_located(raw: dict[str, Any], located: Located) -> Scenario:
    """Validate merged data; point errors at the line of the child file that set the value."""
    try:
        return validate(Scenario, raw, located.source)
    except ScenarioError as err:
        for exc in err.all():
            _locate(exc, located)
        raise


def _locate(exc: GuarantorError, located: Located) -> None:
    """Point one problem found in merged data at the line of the child file that set it."""
    if not exc.key or exc.line is not None:
        return
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


def scenario_from_text(text: str, source: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (web uploads)."""
    located = parse_yaml_text(text, source)
    return validate_located(resolve_raw(located), located)


@lru_cache(maxsize=32)
def bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once."""
    return load_scenario(name)
