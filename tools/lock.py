"""Regenerate ``requirements.lock``: the exact dependency set the test suite runs with.

    python -m pip install pip-tools && python tools/lock.py

pip-compile resolves ``pyproject.toml``'s ranges (runtime, ``test`` and ``ray`` extras) to exact
versions; this script then appends two fingerprints that ``tests/test_lock.py`` recomputes: one
of the dependency declarations in ``pyproject.toml`` (so a range changed there without
re-locking fails) and one of the pins (so a pin edited by hand fails). Both README commands
install with ``-c requirements.lock``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from lockcheck import EXTRAS, LOCK, fingerprint_footer  # noqa: E402


def main() -> int:
    """Run pip-compile into the lock, then append the fingerprints."""
    cmd = [sys.executable, "-m", "piptools", "compile", "--quiet", "--strip-extras",
           "--no-emit-index-url", "--no-emit-find-links", "--newline", "LF",
           "--output-file", LOCK.name, "pyproject.toml"]
    for extra in EXTRAS:
        cmd[5:5] = ["--extra", extra]
    # --upgrade: resolve afresh from the ranges, never keep a stale pin from the old lock.
    cmd.insert(5, "--upgrade")
    subprocess.run(cmd, cwd=ROOT, check=True)
    body = (ROOT / LOCK.name).read_text(encoding="utf-8")
    (ROOT / LOCK.name).write_text(body.rstrip("\n") + "\n" + fingerprint_footer(body),
                                  encoding="utf-8")
    print(f"wrote {LOCK.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
