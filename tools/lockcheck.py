"""Fingerprints tying ``requirements.lock`` to ``pyproject.toml`` (used by tools/lock.py and tests).

The lock is pip-compile's output plus two footer lines:

``# pyproject-sha256: …``  hash of the dependency declarations (runtime + locked extras), each
                           requirement normalised, so formatting changes do not matter;
``# pins-sha256: …``       hash of the sorted ``name==version`` pins of the lock itself.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
#: The optional-dependency groups the lock covers (what the README's commands install).
EXTRAS = ("test", "ray")

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", re.MULTILINE)
_FOOTER = re.compile(r"^# (pyproject|pins)-sha256: ([0-9a-f]{64})$", re.MULTILINE)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """The runtime and locked-extra requirement strings of ``pyproject``, sorted, spaces removed."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    reqs = list(project.get("dependencies", []))
    for extra in EXTRAS:
        reqs += project.get("optional-dependencies", {}).get(extra, [])
    return sorted({re.sub(r"\s+", "", r) for r in reqs})


def pins(lock_text: str) -> dict[str, str]:
    """``{canonical name: version}`` of every ``name==version`` line of a lock."""
    return {_canonical(m.group(1)): m.group(2) for m in _PIN.finditer(lock_text)}


def _sha(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def pyproject_hash(pyproject: Path = PYPROJECT) -> str:
    """Fingerprint of the dependency declarations."""
    return _sha(declared_requirements(pyproject))


def pins_hash(lock_text: str) -> str:
    """Fingerprint of the lock's pins."""
    return _sha(sorted(f"{n}=={v}" for n, v in pins(lock_text).items()))


def fingerprint_footer(lock_body: str, pyproject: Path = PYPROJECT) -> str:
    """The two footer lines for a freshly compiled lock body."""
    return (f"# pyproject-sha256: {pyproject_hash(pyproject)}\n"
            f"# pins-sha256: {pins_hash(lock_body)}\n")


def recorded(lock_text: str) -> dict[str, str]:
    """The fingerprints written in a lock's footer (``{'pyproject': …, 'pins': …}``)."""
    return {m.group(1): m.group(2) for m in _FOOTER.finditer(lock_text)}


def problems(lock_text: str, pyproject: Path = PYPROJECT) -> list[str]:
    """Every way the lock and ``pyproject`` disagree (empty when they agree).

    Checks the two fingerprints, then that every declared requirement is pinned at a version
    its range admits.
    """
    from packaging.requirements import Requirement

    out: list[str] = []
    rec = recorded(lock_text)
    if rec.get("pyproject") != pyproject_hash(pyproject):
        out.append("pyproject.toml's dependencies changed since the lock was made "
                   "(re-lock: python tools/lock.py)")
    if rec.get("pins") != pins_hash(lock_text):
        out.append("requirements.lock's pins were edited by hand (re-lock: python tools/lock.py)")
    locked = pins(lock_text)
    for text in declared_requirements(pyproject):
        req = Requirement(text)
        version = locked.get(_canonical(req.name))
        if version is None:
            out.append(f"{req.name} is declared in pyproject.toml but not pinned in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            out.append(f"{req.name}=={version} in the lock is outside pyproject.toml's "
                       f"{req.specifier}")
    return out
