"""The import rule, checked over the source with :mod:`ast` (no import is executed).

Imports flow one way: shells -> apportion/politics/uncertainty/ingest -> engine -> scenario ->
data -> base. Every import counts, also one inside a function or under ``TYPE_CHECKING``: a loop
hidden in a function body is still a loop. Two checks:

1. no module imports a package of a higher layer;
2. no import loop, between modules or between packages.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "guarantor"

#: Layer of each top-level package or module of ``guarantor`` (higher imports lower, never up).
LAYERS: dict[str, int] = {
    # base: small utilities every layer may use
    "__init__": 0, "errors": 0, "yamlio": 0, "yamlparse": 0, "units": 0, "atomic": 0,
    "distributions": 0, "format": 0, "cache": 0,
    "palette": 0,
    "data": 1,
    "scenario": 2,
    "engine": 3,
    "apportion": 4, "politics": 4, "uncertainty": 4, "ingest": 4,
    "report": 5, "web": 5, "cli": 5, "__main__": 5,
}


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The ``guarantor`` modules that ``path`` imports (resolved to the module, not the name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = module_name(path)
    pkg = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod
                     for a in node.names]
        else:
            continue
        out |= {n for n in names if n.split(".")[0] == "guarantor" and n != me}
    return out


def graph() -> dict[str, set[str]]:
    files = sorted(SRC.rglob("*.py"))
    modules = {module_name(f) for f in files}
    return {module_name(f): {m for m in imports_of(f, modules)} for f in files}


def top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each sorted.

    Examples
    --------
    >>> cycles({"a": ["b"], "b": ["a"], "c": ["a"]})
    [['a', 'b']]
    >>> cycles({"a": ["b"], "b": []})
    []
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_package_has_a_layer() -> None:
    missing = sorted({top(m) for m in graph()} - set(LAYERS))
    assert not missing, f"give these a layer in LAYERS (and a line in ARCHITECTURE.md): {missing}"


def test_imports_never_go_up_a_layer() -> None:
    bad = [f"{m} (layer {LAYERS[top(m)]}) imports {i} (layer {LAYERS[top(i)]})"
           for m, deps in graph().items() for i in sorted(deps)
           if LAYERS.get(top(i), 99) > LAYERS.get(top(m), -1)]
    assert not bad, "imports flow shells -> apportion/politics/uncertainty -> engine -> " \
                    "scenario -> data:\n" + "\n".join(bad)


def test_no_import_loop_between_modules() -> None:
    g = graph()
    edges = {m: {i for i in deps if i in g} for m, deps in g.items()}
    # a package's __init__ re-exporting its own modules is not a loop of the design
    edges = {m: {i for i in deps if not (m == i.rpartition(".")[0] and m != "guarantor")}
             for m, deps in edges.items()}
    assert cycles(edges) == []


def test_no_import_loop_between_packages() -> None:
    pk: dict[str, set[str]] = {}
    for m, deps in graph().items():
        pk.setdefault(top(m), set()).update(top(i) for i in deps if top(i) != top(m))
    assert cycles(pk) == []


@pytest.mark.parametrize("edges", [
    {"guarantor.engine.compute": {"guarantor.apportion.result"},
     "guarantor.apportion.result": {"guarantor.engine.compute"}},
])
def test_the_loop_detector_sees_a_loop(edges: dict[str, set[str]]) -> None:
    assert cycles(edges) == [sorted(edges)]


def test_architecture_md_names_every_package_and_module() -> None:
    text = (SRC.parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if path.name in ("__init__.py", "__main__.py") or "static" in rel.parts:
            continue
        if len(rel.parts) == 1:
            if f"`{path.stem}`" not in text:
                missing.append(str(rel))
        elif len(rel.parts) == 2 and rel.parts[0] not in ("cli", "report", "web", "ingest"):
            if f"`{path.stem}`" not in text and f"{rel.parts[0]}/{path.name}" not in text:
                missing.append(str(rel))
        if f"`{rel.parts[0]}/`" not in text and len(rel.parts) > 1:
            missing.append(rel.parts[0] + "/")
    assert not missing, f"ARCHITECTURE.md should say where these live: {sorted(set(missing))}"
