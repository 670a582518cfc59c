"""Hostile inputs finish and give the right answer (issues 17 and 18): quick correctness tests.

The timing targets themselves (5 MB under 5 s, 50 kB of punctuation under 0.1 s) are measured
by ``benchmarks/bench_ingest.py``. Here each input must give the expected result within a bound
some twenty to a hundred times the measured cost, so a return of quadratic behaviour (minutes on
these sizes) fails, while a busy machine does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from guarantor.errors import IngestError
from guarantor.ingest import ingest_text
from guarantor.ingest.quotes import QuoteFinder, find_quote_spans, mask_quoted
from guarantor.ingest.source import MAX_ARTICLE_BYTES, decode_article
from guarantor.ingest.text import sentence_spans

T = TypeVar("T")
GENEROUS_S = 10.0


def within(fn: Callable[[], T], bound: float = GENEROUS_S) -> T:
    """Run ``fn`` and fail when it takes more than ``bound`` CPU seconds."""
    start = time.process_time()
    out = fn()
    assert time.process_time() - start < bound
    return out


@pytest.mark.parametrize("text", [
    "." * 50_000,
    "“" * 25_000 + '"' * 25_000,
    ("!?.,;:—“”‘’«»()[]\"'-… " * 2_500)[:50_000],
    ".\n" * 25_000,
])
def test_punctuation_is_cleaned_away_with_nothing_found(text: str) -> None:
    art = within(lambda: ingest_text(text))
    assert art.cleaned.text == "" and art.quotes == () and art.statements == ()
    assert art.cleaned.removed and art.cleaned.removed[0].reason == "line without words"


def test_sentence_splitting_of_a_run_of_full_stops() -> None:
    text = "Troops will go" + "." * 50_000 + " Then they stay."
    spans = within(lambda: sentence_spans(text))
    assert [text[a:b][-5:] for a, b in spans] == ["....." , "stay."]


def test_quote_scanning_of_a_run_of_marks_finishes_with_the_words_inside() -> None:
    text = "“" * 25_000 + " and then “We will send troops,” she said."
    raws = within(lambda: find_quote_spans(text))
    # The unclosed run opens one unbalanced span (marks past the depth bound are ignored);
    # the words of the real quote are inside it, not lost.
    assert len(raws) == 1 and "and then “We will send troops,” she said." in raws[0].text


def test_masking_hides_quoted_words_only_and_keeps_offsets() -> None:
    text = "He said “we go” and “they stay” today."
    masked = mask_quoted(text, [(8, 15), (20, 31)])
    assert masked == "He said “xx xx” and “xxxx xxxx” today." and len(masked) == len(text)


def test_many_quotes_and_speech_verbs_are_attributed() -> None:
    text = "“We will go,” Anna Nowak said. " * 3_000
    finder = within(lambda: QuoteFinder(text))
    quotes = within(finder.direct)
    assert len(quotes) == 3_000 and {q.speaker for q in quotes} == {"Anna Nowak"}
    art = within(lambda: ingest_text("said " * 10_000))
    assert art.quotes == ()


def test_distinct_paragraphs_scale_linearly_and_keep_every_quote() -> None:
    para = ("({i}) “Estonia will send a company,” Prime Minister Kristen Michal said on "
            "Wednesday, adding that parliament must approve it.")
    text = "\n\n".join(para.format(i=i) for i in range(4_000))  # ~480 kB
    art = within(lambda: ingest_text(text), 60.0)
    assert len(art.quotes) == 4_000
    assert {q.speaker for q in art.quotes} == {"Kristen Michal"}


def test_over_the_size_limit_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="too large"):
        decode_article(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")
