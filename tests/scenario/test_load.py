"""Scenario language: bundled scenarios, baselines and overrides, broken inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.errors import ScenarioError
from guarantor.scenario import bundled, bundled_scenarios, load_scenario, scenario_from_text

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken_scenarios"


def expectations(path: Path) -> list[str]:
    first = path.read_text().splitlines()[0] if path.read_text() else ""
    assert first.startswith("# expect:"), f"{path.name} needs an '# expect:' first line"
    return [p.strip() for p in first[len("# expect:"):].split(";") if p.strip()]


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_scenario_gives_located_message(path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message, message
    for part in expectations(path):
        assert part in message, f"{part!r} not in {message!r}"


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml"))[:4], ids=lambda p: p.stem)
def test_cli_validate_exits_2_with_one_line(path: Path, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "guarantor", "validate", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if line.strip()]) == 1, r.stderr


def test_cli_run_writes_nothing_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "guarantor", "run",
                        str(BROKEN / "negative_troops.yaml"), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and not out.exists()


def test_bundled_scenarios_load() -> None:
    assert set(bundled_scenarios()) >= {"baseline_2024", "feb2025", "may2025", "aug2025"}
    for name in bundled_scenarios():
        s = bundled(name)
        assert s.rationale, f"{name} has no rationale"
        assert all(r.source for r in s.rationale[:1])


def test_baseline_overrides_do_not_mutate_the_baseline() -> None:
    feb = load_scenario("feb2025")
    before = feb.digest()
    aug = load_scenario("aug2025")
    assert aug.us_posture == "enablers" and feb.us_posture == "none"
    assert aug.missions.air_shield is not None and feb.missions.air_shield is None
    assert load_scenario("feb2025").digest() == before
    # inherited, not overridden
    assert aug.policy.spending_target_share == feb.policy.spending_target_share
    assert aug.participants == feb.participants


def test_force_option_sets_troops_and_explicit_troops_win() -> None:
    assert load_scenario("may2025").missions.reassurance_force.troops == 10_000
    s = load_scenario("feb2025", overrides={"missions.reassurance_force.troops": 64_000})
    assert s.missions.reassurance_force.troops == 64_000


def test_extra_overrides_are_checked_before_applied() -> None:
    with pytest.raises(ScenarioError, match="unknown override path"):
        load_scenario("feb2025", overrides={"us_posture": "full", "policy.nope": 1})


def test_digest_is_stable_and_sensitive() -> None:
    a = load_scenario("feb2025").digest()
    assert a == load_scenario("feb2025").digest()
    assert a != load_scenario("feb2025", overrides={"policy.spending_target_share": 0.035}).digest()


def test_participants_never_include_protected_state_adversary_or_us() -> None:
    for name in bundled_scenarios():
        codes = bundled(name).participant_codes()
        assert not {"UKR", "RUS", "USA"} & set(codes)


def test_scenario_from_text() -> None:
    s = scenario_from_text(
        "name: t\ntitle: t\nparticipants: {countries: [FRA, DEU, POL]}\n"
        "missions: {reassurance_force: {troops: 5000}}\n"
    )
    assert s.participant_codes() == ("FRA", "DEU", "POL")  # registry order (by name)


def test_override_into_a_mapping_by_country() -> None:
    s = load_scenario("aug2025", overrides={"participants.willingness.POL": 0.25})
    assert s.participants.willingness["POL"] == 0.25
    with pytest.raises(ScenarioError, match="willingness of POL"):
        load_scenario("aug2025", overrides={"participants.willingness.POL": 3})


def test_examples_validate() -> None:
    from guarantor.uncertainty.sweep import load_grid

    root = Path(__file__).resolve().parents[2] / "examples"
    assert load_scenario(root / "my_scenario.yaml").missions.reassurance_force.troops == 64_000
    assert len(load_grid(root / "grid.yaml").points()) == 18


# --------------------------------------------------------------------------- compiled scenarios


def _compiled_env(folder: Path, **extra: str) -> dict[str, str]:
    import os

    env = {**os.environ, "GUARANTOR_CACHE_DIR": str(folder), **extra}
    for k in ("GUARANTOR_CACHE", "GUARANTOR_COMPILED"):
        if k not in extra:
            env.pop(k, None)
    return env


@pytest.mark.parametrize("name", bundled_scenarios())
def test_a_compiled_bundled_scenario_is_the_validated_one(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From the compiled cache (first call stores, second reads) or validated afresh
    (``GUARANTOR_COMPILED=off``): equal objects with the same digest, and the remembered digest
    is the one computed from the fields."""
    monkeypatch.setenv("GUARANTOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GUARANTOR_CACHE", raising=False)
    monkeypatch.delenv("GUARANTOR_COMPILED", raising=False)
    stored = load_scenario(name)
    read = load_scenario(name)
    assert list(tmp_path.glob("*.pickle"))
    monkeypatch.setenv("GUARANTOR_COMPILED", "off")
    fresh = load_scenario(name)
    assert read == stored == fresh and read is not stored
    assert read.digest() == fresh.digest() == read._canonical_digest()
    assert read.model_dump(mode="json") == fresh.model_dump(mode="json")


def test_a_copy_of_a_compiled_scenario_hashes_its_own_fields(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARANTOR_CACHE_DIR", str(tmp_path))
    load_scenario("aug2025")
    sc = load_scenario("aug2025")
    moved = sc.model_copy(update={"horizon_years": sc.horizon_years + 1})
    assert moved.digest() == moved._canonical_digest() != sc.digest()
    assert load_scenario("aug2025", overrides={"horizon_years": sc.horizon_years + 1}).digest() \
        == moved.digest()


def test_editing_a_bundled_scenario_invalidates_its_compiled_copy(tmp_path: Path) -> None:
    """A copy of the package, a bundled scenario edited between two runs sharing one cache
    folder: the second run sees the edit (the scenario files are part of the key)."""
    import shutil

    import guarantor

    pkg = tmp_path / "src" / "guarantor"
    shutil.copytree(Path(guarantor.__file__).resolve().parent, pkg,
                    ignore=shutil.ignore_patterns("__pycache__", "static", "geo"))
    env = {**_compiled_env(tmp_path / "cache"), "PYTHONPATH": str(pkg.parent)}
    code = ("from guarantor.scenario import load_scenario; s = load_scenario('aug2025');"
            "print(s.title, s.digest())")

    def seen() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, cwd=tmp_path, check=True).stdout.strip()

    first = seen()
    assert seen() == first  # now from the compiled cache
    path = pkg / "scenario" / "scenarios" / "aug2025.yaml"
    text = path.read_text("utf-8")
    assert 'title: "August 2025: US enablers' in text
    path.write_text(text.replace('title: "August 2025: US enablers',
                                 'title: "Edited: US enablers', 1), "utf-8")
    edited = seen()
    assert edited.startswith("Edited: US enablers") and edited.split()[-1] != first.split()[-1]
