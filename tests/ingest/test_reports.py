"""The five founding reports against the hand-written answer key (skipped without them)."""

from __future__ import annotations

from pathlib import Path

from guarantor.ingest import ingest_file
from guarantor.ingest.evaluate import load_key, score

KEY = Path(__file__).resolve().parent / "key_reports.yaml"


def test_key_quotes_are_verbatim(reporting: Path) -> None:
    key = load_key(KEY)
    for entry in key.articles:
        text = (reporting / entry.file).read_text("utf-8")
        for q in entry.quotes:
            assert q.text in text, (entry.file, q.text)


def test_reports_meet_acceptance(reporting: Path) -> None:
    key = load_key(KEY)
    arts = {e.file: ingest_file(reporting / e.file) for e in key.articles}
    s = score(key, arts)
    assert s.articles == 5
    assert s.quote_f1 >= 0.9, s.lines()
    assert s.speaker_accuracy >= 0.9, s.lines()
    assert s.position_precision >= 0.7 and s.position_recall >= 0.7, s.lines()


def test_report_boilerplate_and_repeats_removed(reporting: Path) -> None:
    art = ingest_file(reporting / "002_6c9dad5aa87dc804.txt")
    text = art.cleaned.text
    assert "Leave a Reply" not in text and "#Hegseth" not in text
    assert text.count("must be backed by capable European") == 1
    art = ingest_file(reporting / "004_9a1dfe319461ab8b.txt")
    assert "appeared first on" not in art.cleaned.text
    assert art.outlet == "Foreign Policy"
    assert art.cleaned.text.count("The Trump administration delivered") == 1
