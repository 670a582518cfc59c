"""The compiled cache of the validated bundled data: same objects, never stale, never an error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import guarantor
from guarantor.data import compiled as compiled_mod
from guarantor.data.compiled import compiled


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GUARANTOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GUARANTOR_CACHE", raising=False)
    monkeypatch.delenv("GUARANTOR_COMPILED", raising=False)
    return tmp_path


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return value

    return calls, make


def test_a_second_call_is_served_from_the_cache(folder: Path) -> None:
    calls, make = _counting({"a": (1, 2.5)})
    assert compiled("t_hit", make) == {"a": (1, 2.5)}
    assert compiled("t_hit", make) == {"a": (1, 2.5)}
    assert len(calls) == 1


def test_another_bundle_digest_is_another_key(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls, make = _counting(7)
    compiled("t_digest", make)
    monkeypatch.setattr(compiled_mod, "bundle_digest", lambda: "0" * 64)
    compiled("t_digest", make)
    assert len(calls) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(folder: Path, damage: bytes) -> None:
    calls, make = _counting([1, 2, 3])
    compiled("t_corrupt", make)
    for entry in folder.glob("*.pickle"):
        entry.write_bytes(damage)
    assert compiled("t_corrupt", make) == [1, 2, 3]
    assert len(calls) == 2
    assert compiled("t_corrupt", make) == [1, 2, 3]  # rewritten: a hit again
    assert len(calls) == 2


@pytest.mark.parametrize(("var", "value"), [("GUARANTOR_COMPILED", "off"),
                                            ("GUARANTOR_CACHE", "off")])
def test_turned_off_it_always_builds(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                     var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    calls, make = _counting(1)
    compiled("t_off", make)
    compiled("t_off", make)
    assert len(calls) == 2


def test_an_error_is_raised_every_time_and_never_stored(folder: Path) -> None:
    def bad() -> int:
        raise ValueError("bad data")

    for _ in range(2):
        with pytest.raises(ValueError, match="bad data"):
            compiled("t_error", bad)
    assert not list(folder.glob("*.pickle"))


def test_the_digest_covers_data_files_and_base_modules() -> None:
    root = Path(guarantor.__file__).resolve().parent
    files = {p.relative_to(root).as_posix() for p in compiled_mod._files(root)}
    assert {"data/parameters/defaults.yaml", "data/snapshot/series.csv",
            "data/registry/countries.yaml", "data/params.py", "yamlio.py",
            "scenario/scenarios/aug2025.yaml", "scenario/schema.py"} <= files
    assert not any("__pycache__" in f for f in files)


def test_the_digest_lists_the_files_rglob_would_in_path_order(tmp_path: Path) -> None:
    """The listing (os.scandir, skipping ``__pycache__``) is the one ``rglob("*")`` with
    ``is_file()`` gave, in the order of sorted paths, so the digest did not change with it:
    nested folders, a folder name that sorts before its prefix as text (``a-b`` < ``a/``) but
    after it as a path part, a linked file, and bytecode left out."""
    for rel in ("data/a/x.yaml", "data/a-b/y.csv", "data/a/deep/z.yaml", "data/top.py",
                "data/__pycache__/top.cpython-311.pyc", "data/a/__pycache__/q.pyc",
                "scenario/scenarios/s.yaml", "scenario/schema.py", "base.py", "notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    (tmp_path / "data" / "link.yaml").symlink_to(tmp_path / "notes.txt")
    expected = [p for folder in (tmp_path / "data", tmp_path / "scenario")
                for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    expected = sorted(expected + [tmp_path / "base.py"])
    got = compiled_mod._files(tmp_path)
    assert got == expected
    assert [p.relative_to(tmp_path).as_posix() for p in got] == [
        "base.py", "data/a/deep/z.yaml", "data/a/x.yaml", "data/a-b/y.csv", "data/link.yaml",
        "data/top.py", "scenario/scenarios/s.yaml", "scenario/schema.py"]


def test_editing_a_bundled_file_invalidates_it(tmp_path: Path) -> None:
    """A copy of the package, its parameter file edited between two runs sharing one cache
    folder: the second run sees the edit (a stale compiled object is never read)."""
    pkg = tmp_path / "src" / "guarantor"
    shutil.copytree(Path(guarantor.__file__).resolve().parent, pkg,
                    ignore=shutil.ignore_patterns("__pycache__", "static", "geo"))
    env = {**os.environ, "PYTHONPATH": str(pkg.parent),
           "GUARANTOR_CACHE_DIR": str(tmp_path / "cache")}
    for k in ("GUARANTOR_CACHE", "GUARANTOR_COMPILED"):
        env.pop(k, None)
    code = ("from guarantor.data.params import load_parameters;"
            "print(load_parameters().value('forces.land_share'))")

    def value() -> str:
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path, check=True)
        return p.stdout.strip()

    assert value() == "0.449"
    assert value() == "0.449"  # now from the compiled cache
    defaults = pkg / "data" / "parameters" / "defaults.yaml"
    text = defaults.read_text("utf-8")
    assert "    value: 0.449\n" in text
    defaults.write_text(text.replace("    value: 0.449\n", "    value: 0.45\n", 1), "utf-8")
    assert value() == "0.45"


def _compiled_loaders() -> list[tuple[str, str, str]]:
    """(module, name, maker) of every ``compiled("name", maker)`` call in the package."""
    import re

    root = Path(guarantor.__file__).resolve().parent
    out = []
    for p in sorted(root.rglob("*.py")):
        for name, make in re.findall(r'compiled\("(\w+)", (\w+)\)', p.read_text("utf-8")):
            mod = ".".join(p.relative_to(root.parent).with_suffix("").parts)
            out.append((mod, name, make))
    return out


def test_every_loader_is_found() -> None:
    names = {name for _, name, _ in _compiled_loaders()}
    assert {"bundled_parameters", "source_catalogue", "load_dataset", "registry"} <= names


@pytest.mark.parametrize(("module", "name", "make"), _compiled_loaders(),
                         ids=lambda x: str(x))
def test_every_compiled_object_is_stored(module: str, name: str, make: str) -> None:
    """An object that cannot be pickled is silently never stored (the cache is only an
    optimisation), and every plain run then validates it again: the bundled parameters did so
    until they learned to pickle (their values are pinned by tests/data/test_params.py)."""
    import importlib
    import pickle

    value = getattr(importlib.import_module(module), make)()
    back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is type(value)
