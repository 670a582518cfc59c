"""Fault injection: kill -9 mid-write and refused writes (disk full, not a folder).

After a kill the output folder holds the old or the new full set and no temporary; a later run
removes what the killed process left beside it. A refused write is one line and exit code 1.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guarantor.atomic import publishing, write_files, write_text
from guarantor.errors import GuarantorError

#: A child that publishes N files slowly into OUT (the mechanism ``demo`` and ``run --out`` use).
CHILD = """
import sys, time
from pathlib import Path
from guarantor.atomic import publishing
out, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with publishing(out) as stage:
    (stage / "sub").mkdir()
    for i in range(n):
        (stage / ("sub" if i % 2 else ".") / f"f{i}.txt").write_text(tag * 1000)
        time.sleep(0.004)
print("done", flush=True)
"""

N = 40


def _files(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text()[:3] for p in sorted(out.rglob("*"))
            if p.is_file()}


def _child(out: Path, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(out), tag, str(N)],
                            stdout=subprocess.PIPE, text=True)


def test_kill_9_at_random_points_leaves_old_or_new_full_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _child(out, "old").wait(timeout=60) == 0
    old = _files(out)
    assert len(old) == N and set(old.values()) == {"old"}
    rng = random.Random(17)
    seen = set()
    for _ in range(8):
        p = _child(out, "new")
        time.sleep(rng.uniform(0.0, 0.8))  # import takes most of it; writing about 0.2 s
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        now = _files(out)
        assert now in ({k: "old" for k in old}, {k: "new" for k in old}), now
        seen.add(next(iter(now.values())))
        assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # nothing inside
        if now[next(iter(now))] == "new":
            assert _child(out, "old").wait(timeout=60) == 0  # back to old for the next round
    with publishing(out) as stage:  # the next run removes what killed runs left beside
        (stage / "x.txt").write_text("x")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert "old" in seen


def test_kill_9_of_run_out(tmp_path: Path) -> None:
    """The real CLI: ``guarantor run --out`` killed at a random moment leaves no folder (the
    old state) or the full set, and nothing hidden inside; the full set has every file."""
    out = tmp_path / "res"
    cmd = [sys.executable, "-m", "guarantor", "run", "aug2025", "--json", "--out", str(out)]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(3).uniform(1.0, 6.0))
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    if out.exists():
        names = sorted(q.name for q in out.iterdir())
        assert not [n for n in names if n.startswith(".")]
        assert len(names) >= 10 and "aug2025_provenance.json" in names, names
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    assert [q.name for q in tmp_path.iterdir()] == ["res"]  # the killed run's leftovers gone


def test_disk_full_via_rlimit_is_one_line_exit_1(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in a child: the write fails with EFBIG like a full disk would."""
    out = tmp_path / "res"
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000));"
            "from guarantor.cli import main; main(sys.argv[1:])")
    r = subprocess.run([sys.executable, "-c", code, "run", "aug2025", "--json", "--out",
                        str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "cannot write the outputs" in lines[0] and "File too large" in lines[0]
    assert lines[0].startswith(f"error: {out}: ")
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing partial, no temporary


def test_enospc_in_a_patched_write_keeps_the_old_report(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.html"
    write_text(target, "old")

    def full(self: Path, *a: object, **k: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(GuarantorError) as info:
        write_text(target, "new", what="the report")
    monkeypatch.undo()
    assert info.value.exit_code == 1
    assert str(info.value).startswith(f"{target}: cannot write the report: No space left")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_target_that_cannot_be_a_folder(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("run", "aug2025", "--json", "--out", str(blocker / "sub"))
    assert r.code == 1 and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1 and "cannot write the outputs" in r.err
    with pytest.raises(GuarantorError, match="is not a folder") as info:
        write_files(blocker, {"a": lambda p: p.write_text("1")})
    assert info.value.exit_code == 1 and blocker.read_text() == "x"


def test_write_files_keeps_other_files_and_replaces_its_own(tmp_path: Path) -> None:
    out = tmp_path / "o"
    write_files(out, {"a_x.csv": lambda p: p.write_text("1"), "keep.txt": lambda p:
                      p.write_text("k")})
    write_files(out, {"a_x.csv": lambda p: p.write_text("2"), "b_x.csv": lambda p:
                      p.write_text("3")})
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "a_x.csv": "2", "keep.txt": "k", "b_x.csv": "3"}


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / f".o.tmp-{dead}-abcd").mkdir()
    (tmp_path / f".r.html.{dead}.xyz.tmp").write_text("half")
    (tmp_path / f".o.tmp-{os.getpid()}-beef").mkdir()  # a live process's: kept
    write_files(tmp_path / "o", {"f": lambda p: p.write_text("1")})
    write_text(tmp_path / "r.html", "r")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["o", "r.html", f".o.tmp-{os.getpid()}-beef"])
