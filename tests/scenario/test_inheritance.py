"""Baseline inheritance: a documented deep merge, then dotted-path overrides, for every key kind.

See :mod:`guarantor.scenario.load`: the child's own keys merge onto the baseline (mappings key by
key, recursively; scalars, lists and null replace), then ``overrides`` set single paths last.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guarantor.scenario import deep_merge, load_scenario, resolve_raw
from guarantor.scenario.load import locate_scenario


def child(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "child.yaml"
    p.write_text("name: child\ntitle: Child\nbaseline: aug2025\n" + text, encoding="utf-8")
    return p


def test_scalar_replaces() -> None:
    base = load_scenario("aug2025")
    sc = load_scenario("aug2025", {"us_posture": "full"})
    assert base.us_posture == "enablers" and sc.us_posture == "full"


def test_child_mapping_merges_and_keeps_the_baselines_overrides(tmp_path: Path) -> None:
    # aug2025 sets missions.air_shield by override on feb2025; a child that sets one field of
    # another mission must keep that air shield (it was lost when top-level keys replaced)
    base = load_scenario("aug2025")
    sc = load_scenario(child(tmp_path, "missions:\n  reassurance_force:\n    troops: 12000\n"))
    assert sc.missions.reassurance_force is not None
    assert sc.missions.reassurance_force.troops == 12000
    assert sc.missions.air_shield == base.missions.air_shield
    assert sc.missions.military_aid == base.missions.military_aid
    assert sc.missions.reassurance_force.sustainability == \
        base.missions.reassurance_force.sustainability


def test_nested_mapping_merges_key_by_key(tmp_path: Path) -> None:
    base = load_scenario("aug2025")
    sc = load_scenario(child(tmp_path, "policy:\n  spending_target_share: 0.035\n"))
    assert sc.policy.spending_target_share == 0.035
    assert sc.policy.europe_in_negotiations == base.policy.europe_in_negotiations
    assert sc.policy.spending_target_year == base.policy.spending_target_year


def test_list_replaces(tmp_path: Path) -> None:
    sc = load_scenario(child(tmp_path, "rationale:\n  - text: mine\n"))
    assert [r.text for r in sc.rationale] == ["mine"]


def test_null_replaces(tmp_path: Path) -> None:
    sc = load_scenario(child(tmp_path, "missions:\n  air_shield: null\n"))
    assert sc.missions.air_shield is None
    assert sc.missions.reassurance_force is not None


def test_override_wins_over_the_childs_own_key(tmp_path: Path) -> None:
    p = child(tmp_path, "policy:\n  spending_target_share: 0.035\n"
                        "overrides:\n  policy.spending_target_share: 0.05\n")
    assert load_scenario(p).policy.spending_target_share == 0.05


def test_free_mapping_merges_by_country(tmp_path: Path) -> None:
    base = load_scenario("aug2025")
    p = child(tmp_path, "participants:\n  willingness:\n    POL: 0.5\n")
    sc = load_scenario(p)
    assert sc.participants.willingness["POL"] == 0.5
    assert sc.participants.group == base.participants.group
    for k, v in base.participants.willingness.items():
        if k != "POL":
            assert sc.participants.willingness[k] == v


def test_the_baseline_is_never_mutated(tmp_path: Path) -> None:
    before = resolve_raw(locate_scenario("aug2025"))
    load_scenario(child(tmp_path, "missions:\n  air_shield:\n    commit_share: 0.9\n"))
    assert resolve_raw(locate_scenario("aug2025")) == before


@pytest.mark.parametrize(("base", "kid", "want"), [
    ({"a": 1}, {"a": 2}, {"a": 2}),
    ({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}}, {"a": {"b": 1, "c": 3}}),
    ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
    ({"a": {"b": 1}}, {"a": None}, {"a": None}),
    ({"a": 1}, {"a": {"b": 2}}, {"a": {"b": 2}}),
    ({"a": {"b": 1}}, {"c": 2}, {"a": {"b": 1}, "c": 2}),
])
def test_deep_merge_key_kinds(base, kid, want) -> None:
    snapshot = repr(base)
    out = deep_merge(base, kid)
    assert out == want
    assert repr(base) == snapshot
