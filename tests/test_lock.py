"""The lock file and pyproject.toml agree, and the suite runs on exactly the locked versions."""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import lockcheck  # noqa: E402

LOCK_TEXT = lockcheck.LOCK.read_text(encoding="utf-8")


def test_lock_agrees_with_pyproject():
    assert lockcheck.problems(LOCK_TEXT) == []


def test_every_pyproject_range_has_a_major_upper_bound():
    for text in lockcheck.declared_requirements():
        assert "<" in text, f"{text}: give an upper bound on the major version"


def test_a_pin_edited_by_hand_is_caught():
    name, version = next(iter(lockcheck.pins(LOCK_TEXT).items()))
    edited = re.sub(rf"(?m)^{re.escape(name)}=={re.escape(version)}$",
                    f"{name}=={version}.post999", LOCK_TEXT, count=1)
    assert edited != LOCK_TEXT
    assert any("edited by hand" in p for p in lockcheck.problems(edited))


def test_a_pyproject_range_changed_without_relocking_is_caught(tmp_path):
    text = lockcheck.PYPROJECT.read_text(encoding="utf-8")
    changed = text.replace('"numpy>=1.26,<3"', '"numpy>=1.26,<2.4"')
    assert changed != text
    copy = tmp_path / "pyproject.toml"
    copy.write_text(changed, encoding="utf-8")
    found = lockcheck.problems(LOCK_TEXT, copy)
    assert any("dependencies changed" in p for p in found)
    assert any(p.startswith("numpy==") and "outside" in p for p in found)


def test_installed_versions_are_the_locked_ones():
    """The suite ran with what the lock says (the README installs with ``-c requirements.lock``)."""
    wrong = []
    for name, version in lockcheck.pins(LOCK_TEXT).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # platform-specific pins (e.g. a Windows-only dependency) may be absent
        if installed != version:
            wrong.append(f"{name}: installed {installed}, locked {version}")
    if wrong:
        pytest.fail("installed packages differ from requirements.lock: " + "; ".join(wrong)
                    + " (install with: pip install -c requirements.lock -e '.[test]')")
