"""The user guide agrees with the code: every scenario key, every output column, every command it
names, and the example notebook runs (offline, in under a minute)."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDE = DOCS / "guide.md"


def _make_keys() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_keys", DOCS / "make_keys.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- scenario keys

def test_key_reference_is_what_the_schema_generates() -> None:
    mk = _make_keys()
    on_disk = (DOCS / "scenario-keys.md").read_text(encoding="utf-8")
    assert on_disk == mk.render(), "schema and docs/scenario-keys.md disagree: " \
        "run .venv/bin/python docs/make_keys.py"


def test_every_schema_key_has_a_meaning_and_no_meaning_is_stale() -> None:
    mk = _make_keys()
    keys = mk.keys()
    assert len(keys) > 80  # the whole tree, nested sections and maps included
    for must in ("missions.air_shield.stations.<class>", "contributions.unstated.troops",
                 "policy.spending_target_components.<name>.share", "rationale[].source",
                 "participants.pledges.<ISO3>.aid_eur_per_year", "as_of"):
        assert must in keys, must
    assert [k for k in keys if k not in mk.MEANING] == []
    assert sorted(set(mk.MEANING) - set(keys)) == []
    assert "**undocumented**" not in mk.render()


def test_key_reference_changes_when_the_schema_does(monkeypatch) -> None:
    """A new schema field makes the committed reference stale (the check above can fail)."""
    from pydantic import create_model

    from guarantor.scenario import schema

    mk = _make_keys()
    grown = create_model("Scenario", __base__=schema.Scenario, new_lever=(float, 0.5))
    monkeypatch.setattr(schema, "Scenario", grown)
    assert "new_lever" in mk.keys() and "new_lever" not in mk.MEANING
    assert mk.render() != (DOCS / "scenario-keys.md").read_text(encoding="utf-8")


def test_every_key_a_bundled_scenario_uses_is_documented() -> None:
    from guarantor.yamlio import _plain, load_yaml

    keys = set(_make_keys().keys())
    pattern = {re.sub(r"<[^>]+>", "*", k).replace("[]", "") for k in keys}

    def paths(obj: object, prefix: str = "") -> list[str]:
        if isinstance(obj, dict):
            out = []
            for k, v in obj.items():
                p = f"{prefix}{k}"
                out.append(p)
                out += paths(v, p + ".")
            return out
        if isinstance(obj, list):
            return [x for item in obj for x in paths(item, prefix)]
        return []

    def documented(path: str) -> bool:
        parts = path.split(".")
        return any(len(p.split(".")) == len(parts) and all(
            a == "*" or a == b for a, b in zip(p.split("."), parts, strict=True)) for p in pattern)

    folder = ROOT / "src" / "guarantor" / "scenario" / "scenarios"
    seen = 0
    for f in sorted(folder.glob("*.yaml")):
        if f.name == "force_options.yaml":
            continue
        data = _plain(load_yaml(f).data)
        data.pop("overrides", None)  # dotted paths, checked by the loader
        for p in paths(data):
            seen += 1
            assert documented(p), f"{f.name}: {p}"
    assert seen > 100


# --------------------------------------------------------------------------- outputs, commands

def test_guide_names_every_output_column(guide: str) -> None:
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.draws import MC_OUTPUTS

    result = evaluate(load_scenario("aug2025"))
    names = set(result.summary())
    for frame in result.tables().values():
        names |= {str(c) for c in frame.columns}
    names |= {str(k) for k in MC_OUTPUTS}
    missing = sorted(n for n in names if f"`{n}`" not in guide)
    assert missing == []
    assert "`met.<mission>.<item>`" in guide


def test_every_command_the_guide_names_exists(guide: str) -> None:
    import typer.main

    from guarantor.cli import app

    root = typer.main.get_command(app)
    uses = re.findall(r"(?:`|bin/)guarantor ([a-z-]+)(?: ([a-z-]+))?", guide)
    assert len(uses) > 15
    for cmd, sub in uses:
        assert cmd in root.commands, cmd  # type: ignore[attr-defined]
        group = root.commands[cmd]  # type: ignore[attr-defined]
        if sub and hasattr(group, "commands"):
            assert sub in group.commands, f"guarantor {cmd} {sub}"
    assert "guarantor data check-published" in guide


def test_readme_links_the_guide_and_keeps_its_first_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    first = lines.index("```bash")
    assert lines[first + 1] == ("python3 -m venv .venv && .venv/bin/pip install -q -c "
                                "requirements.lock -e . && .venv/bin/guarantor demo")
    assert lines[first + 2] == ("python3 -m venv .venv && .venv/bin/pip install -q -c "
                                "requirements.lock -e '.[test]' && .venv/bin/python -m pytest "
                                "-q -n 2")
    assert "(docs/guide.md)" in readme


# --------------------------------------------------------------------------- the notebook

def test_example_notebook_runs_offline_in_under_a_minute() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    nb = nbformat.read(DOCS / "example.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    start = time.monotonic()
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(DOCS)}}).execute()
    took = time.monotonic() - start
    assert took < 60, took
    outputs = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            outputs.append(out.get("text") or out.get("data", {}).get("text/plain", ""))
    text = "\n".join(outputs)
    # the figures the notebook prints are the model's (a 10% change of an input moves them)
    assert "Troops needed 30,000, offered 30,000, missing 0" in text
    assert "Aid needed €41.9 bn a year" in text
    assert "without the US: air-shield units missing (certain)" in text
    assert "Sergey Lavrov" in text
    assert re.search(r"every requirement met in [\d.]+% of 200 draws", text)
    assert re.search(r"hash [0-9a-f]{16}", text) and "kiel_ust_r29" in text
