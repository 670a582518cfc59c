"""The validated bundled data, compiled once: typed objects unpickled instead of re-validated.

Each bundled loader (the country registry, the snapshot, the parameters, the postures, the
capability inventory, the contribution ledger, the donor groups, the actors, the price index,
the bundled scenarios) parses YAML or CSV and validates it into frozen typed objects. The
parse cache (:mod:`guarantor.cache`) saves the parsing only; this saves the validation and the
building too, which is most of what a plain ``guarantor run`` spends on data.

The key of every compiled object is the SHA-256 of everything it can depend on, never a file
name, a modification time or the clock:

* every file of the ``guarantor.data`` package (YAML, CSV, JSON and the ``.py`` files that
  validate them) and every base module (``guarantor/*.py``): by the import rule (data imports
  only base), no other code builds these objects;
* every file of the ``guarantor.scenario`` package (the bundled scenario YAML and the schema
  that validates it): a bundled scenario without overrides is compiled too
  (:func:`guarantor.scenario.load.load_scenario`), and its validators read only bundled data;
* the package, Python, NumPy and pydantic versions (pickles are version-bound);
* the loader's name, and for the registry the user's country files (``GUARANTOR_COUNTRIES``)
  with their contents.

A changed byte in any of them is a new key, so a stale object is never read. Everything else is
:func:`guarantor.cache.cached`'s: a corrupt or foreign entry is ignored and rebuilt, the folder
is the user's cache folder (``$GUARANTOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/guarantor``, else
``~/.cache/guarantor``), ``GUARANTOR_CACHE=off`` turns it off, and nothing is ever an error
because of the cache. ``GUARANTOR_COMPILED=off`` turns off only this compiled layer (the parse
cache stays), for measuring it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import guarantor
from guarantor.cache import cached, content_key

__all__ = ["USER_COUNTRIES_ENV", "bundle_digest", "compiled"]

T = TypeVar("T")

#: Bumped when what a loader returns changes shape in a way the source hash would not show.
FORMAT = "guarantor-compiled-1"

_OFF = ("off", "0", "no", "false")

#: The user's country files (see :data:`guarantor.data.countries.USER_COUNTRIES_ENV`): the
#: registry, and so every object on the country axis, depends on them.
USER_COUNTRIES_ENV = "GUARANTOR_COUNTRIES"


def _tree(folder: str) -> Iterator[Path]:
    """The files under ``folder`` (symbolic links followed), ``__pycache__`` left out."""
    with os.scandir(folder) as entries:
        for e in entries:
            if e.name == "__pycache__":
                continue
            if e.is_dir():
                yield from _tree(e.path)
            elif e.is_file():
                yield Path(e.path)


def _files(root: Path) -> list[Path]:
    """Every file the compiled objects may depend on, in a fixed order (by path parts).

    :func:`os.scandir`, not ``Path.rglob("*")`` and ``is_file()``: the same files, but the
    ``__pycache__`` folders are skipped instead of listed and every bytecode file in them
    tested, and whether an entry is a file comes from the listing (a plain run lists these
    folders every time).
    """
    out = [p for folder in (root / "data", root / "scenario") for p in _tree(str(folder))]
    out += [p for p in root.glob("*.py") if p.is_file()]
    return sorted(out, key=lambda p: p.parts)


@lru_cache(maxsize=1)
def bundle_digest() -> str:
    """SHA-256 (hex) of every bundled data file and base module, with the versions that matter.

    Read once per process: the package's files do not change under a running program.
    """
    import numpy
    import pydantic

    root = Path(guarantor.__file__).resolve().parent
    h = hashlib.sha256(FORMAT.encode())
    for part in (guarantor.__version__, sys.version, numpy.__version__, pydantic.VERSION):
        h.update(part.encode() + b"\0")
    for p in _files(root):
        rel = p.relative_to(root).as_posix().encode()
        body = p.read_bytes()
        h.update(len(rel).to_bytes(8, "little") + rel)
        h.update(len(body).to_bytes(8, "little") + body)
    return h.hexdigest()


def _user_countries() -> str | None:
    """The user's country files as one string for the key; None when one cannot be read (the
    loader then runs uncached and reports the problem itself)."""
    paths = os.environ.get(USER_COUNTRIES_ENV, "")
    parts = [paths]
    for p in (p for p in paths.split(os.pathsep) if p.strip()):
        try:
            parts.append(hashlib.sha256(Path(p).read_bytes()).hexdigest())
        except OSError:
            return None
    return "\0".join(parts)


def compiled(name: str, make: Callable[[], T]) -> T:
    """The bundled object ``name`` made by ``make()``, from the compiled cache when it holds it.

    ``make`` must read only bundled files (and the user's country files): those are what the
    key covers. Errors raised by ``make`` propagate and nothing is stored.
    """
    if os.environ.get("GUARANTOR_COMPILED", "").lower() in _OFF:
        return make()
    try:
        digest = bundle_digest()
        users = _user_countries()
    except OSError:  # a package file vanished or is unreadable: build, never fail here
        return make()
    if users is None:
        return make()
    return cached(content_key("compiled", name, digest, users), make)
