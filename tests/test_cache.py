"""The content-hashed parse cache: same documents, safe when corrupt, stale or turned off."""

from __future__ import annotations

from pathlib import Path

import pytest

from guarantor import cache
from guarantor.errors import ScenarioError
from guarantor.yamlio import parse_yaml_text

DOC = "a: 1\nb:\n  - 2.5\n  - when: 2025-08-26\n"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GUARANTOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GUARANTOR_CACHE", raising=False)
    return tmp_path


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_cached_document_is_the_parsed_one_with_its_lines(folder: Path) -> None:
    first = parse_yaml_text(DOC, "x.yaml")
    assert len(_entries(folder)) == 1
    again = parse_yaml_text(DOC, "y.yaml")  # same text, another label: the same entry
    assert len(_entries(folder)) == 1
    assert again.data == first.data == {"a": 1, "b": [2.5, {"when": first.data["b"][1]["when"]}]}
    assert str(again.data["b"][1]["when"]) == "2025-08-26"
    assert again.source == "y.yaml"
    assert again.line_of(["b", 1, "when"]) == first.line_of(["b", 1, "when"]) == 4


def test_a_changed_text_is_a_new_key(folder: Path) -> None:
    parse_yaml_text(DOC, "x.yaml")
    changed = parse_yaml_text(DOC.replace("a: 1", "a: 2"), "x.yaml")
    assert changed.data["a"] == 2
    assert len(_entries(folder)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_entry_is_parsed_again_and_replaced(folder: Path, damage: bytes) -> None:
    parse_yaml_text(DOC, "x.yaml")
    (entry,) = _entries(folder)
    entry.write_bytes(damage)
    assert parse_yaml_text(DOC, "x.yaml").data["b"][0] == 2.5
    assert entry.read_bytes() != damage


def test_an_entry_stored_under_another_key_is_never_used(folder: Path) -> None:
    parse_yaml_text(DOC, "x.yaml")
    parse_yaml_text("a: 99\n", "z.yaml")
    one, two = _entries(folder)
    two.write_bytes(one.read_bytes())  # right pickle, wrong key: treated as absent
    values = {parse_yaml_text(DOC, "x.yaml").data["a"], parse_yaml_text("a: 99\n", "z").data["a"]}
    assert values == {1, 99}


def test_errors_are_never_cached(folder: Path) -> None:
    bad = "a: 1\na: 2\n"
    for _ in range(2):
        with pytest.raises(ScenarioError, match="duplicate key"):
            parse_yaml_text(bad, "dup.yaml")
    assert _entries(folder) == []


def test_turned_off_nothing_is_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARANTOR_CACHE", "off")
    assert cache.cache_dir() is None
    assert parse_yaml_text(DOC, "x.yaml").data["a"] == 1
    assert _entries(folder) == []


def test_an_unwritable_folder_only_turns_the_cache_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GUARANTOR_CACHE_DIR", str(blocker / "sub"))
    assert parse_yaml_text(DOC, "x.yaml").data["a"] == 1
