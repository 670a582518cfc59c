"""The metric definitions and the ``guarantor ingest`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from guarantor.ingest.evaluate import match_spans, overlap_f1, same_speaker

ARTICLES = Path(__file__).resolve().parent / "articles"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args],
                          capture_output=True, text=True, timeout=120)


def test_overlap_and_greedy_matching() -> None:
    assert overlap_f1("a b c d", "a b") == 2 * 2 / 6
    m = match_spans(["we must go now", "unrelated words here"], ["we must go", "x y"])
    assert m == [(0, 0, overlap_f1("we must go now", "we must go"))]


def test_same_speaker() -> None:
    assert same_speaker("Hegseth", "Pete Hegseth")
    assert same_speaker("european diplomat", "A European diplomat at the meeting")
    assert same_speaker(None, None) and not same_speaker("Trump", None)


def test_cli_table_drafts_and_evaluation(tmp_path: Path) -> None:
    out = tmp_path / "drafts.yaml"
    positional = tmp_path / "positional.txt"
    positional.write_text("“There will be no NATO membership for Ukraine,” Pete Hegseth said.",
                          "utf-8")
    r = run("ingest", str(ARTICLES / "styles.txt"), str(ARTICLES / "wire_boilerplate.txt"),
            str(positional),
            "--source", "Example Daily", "--date", "2025-03-03", "--out", str(out),
            "--evaluate", str(ARTICLES / "expected.yaml"))
    assert r.returncode == 0, r.stderr
    assert "Anna Nowak" in r.stdout and "span F1 1.000" in r.stdout
    text = out.read_text("utf-8")
    assert text.startswith("# DRAFT") and "entries:" in text
    assert "reviewed: false" in text and "nato_membership_for_protected_state" in text
    assert "date: '2025-03-03'" in text or 'date: "2025-03-03"' in text or "2025-03-03" in text
    assert not list(tmp_path.glob("*.tmp"))


def test_cli_bad_inputs_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "x.pdf"
    binary.write_bytes(b"%PDF-1.4 \x00\x01")
    for args in (["ingest", str(binary)], ["ingest", str(tmp_path / "missing.txt")],
                 ["ingest", str(ARTICLES / "styles.txt"), "--date", "March 3"]):
        r = run(*args)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "error" in r.stderr
    bad_key = tmp_path / "key.yaml"
    bad_key.write_text("articles:\n  - file: a.txt\n    quotez: []\n", "utf-8")
    r = run("ingest", str(ARTICLES / "styles.txt"), "--evaluate", str(bad_key))
    assert r.returncode == 2 and "quotez" in r.stderr
