"""A content-addressed cache of parsed documents, so start-up does not re-parse unchanged YAML.

Parsing the bundled YAML (the contribution ledger, capabilities, parameters, sources...) with
the round-trip parser takes most of a plain run's time; unpickling the same parsed documents
takes about 1/50 of it. A cached entry is keyed by the SHA-256 of everything the parsed value
depends on -- the document's text, the parser's name and version, and this module's format
version -- never by a file name, a modification time or the clock. So a changed file is a new
key (a stale entry is simply never read again) and a result can never depend on anything but
the inputs.

Safety:

* every entry stores its own key; an entry whose key does not match, that cannot be unpickled,
  or that is truncated is treated as absent, re-parsed and overwritten;
* entries are written atomically (temporary file, then rename), so a crash or a concurrent
  writer never leaves half an entry under a key;
* the folder is created private to the user (mode 0700): pickles run code when loaded, so only
  the user's own processes may write there;
* any operating-system error (read-only home, full disk) turns the cache off for that call;
  nothing is ever reported as an error because of the cache.

Where: ``$GUARANTOR_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/guarantor``, else
``~/.cache/guarantor``. ``GUARANTOR_CACHE=off`` turns the cache off (every call parses).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cache_dir", "cached", "content_key"]

T = TypeVar("T")

#: Bumped whenever what is stored changes shape; old entries are then never read again.
FORMAT = "guarantor-cache-1"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off (``GUARANTOR_CACHE=off``)."""
    if os.environ.get("GUARANTOR_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("GUARANTOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "guarantor"


def content_key(*parts: str | bytes) -> str:
    """SHA-256 (hex) of the parts, each length-prefixed so that no two splits collide.

    Examples
    --------
    >>> content_key("a", "bc") != content_key("ab", "c")
    True
    """
    h = hashlib.sha256(FORMAT.encode())
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _read(path: Path, key: str) -> tuple[bool, Any]:
    try:
        raw = path.read_bytes()
    except OSError:
        return False, None
    try:
        stored_key, value = pickle.loads(raw)
    except Exception:  # corrupt or written by an incompatible version: parse again
        return False, None
    if stored_key != key:
        return False, None
    return True, value


def _write(folder: Path, path: Path, key: str, value: Any) -> None:
    import tempfile  # only on a miss: a warm run reads and never writes

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key[:16]}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # unpicklable value, full disk...: the cache is an optimisation only
        try:
            os.unlink(tmp)
        except OSError:
            pass


def cached(key: str, make: Callable[[], T]) -> T:
    """The value stored under ``key``, or ``make()`` (stored for next time).

    ``key`` must be a :func:`content_key` of every input ``make`` depends on. Exceptions raised
    by ``make`` propagate and nothing is stored, so errors are always reported afresh.
    """
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"{key}.pickle"
    hit, value = _read(path, key)
    if hit:
        return value  # type: ignore[no-any-return]
    value = make()
    _write(folder, path, key, value)
    return value
