"""Every third-party package the code imports is declared in pyproject.toml (so the README's
first command, which installs the runtime dependencies only, can run the main job)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Imported only behind an optional feature, declared as an extra.
OPTIONAL = {"ray": "ray"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~\[;\s]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in project["dependencies"]}


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "guarantor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("guarantor",
                                                                              "__future__")}


def test_every_imported_package_is_a_declared_dependency() -> None:
    dists = importlib.metadata.packages_distributions()
    declared = _declared()
    missing = []
    for mod in sorted(_imported_top_levels()):
        if mod in OPTIONAL:
            continue
        owners = {d.lower().replace("_", "-") for d in dists.get(mod, [])}
        if not owners & declared:
            missing.append(f"{mod} (from {sorted(owners) or 'no installed distribution'})")
    assert not missing, "imported but not in pyproject dependencies: " + ", ".join(missing)
