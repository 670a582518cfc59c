"""The literal pre-filter (issue 18) never hides a match: it may only skip hopeless searches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guarantor.ingest import contributions, positions
from guarantor.ingest.text import fold, may_match, required_literals, sentence_spans

HERE = Path(__file__).parent


def _patterns() -> list[re.Pattern[str]]:
    out: list[re.Pattern[str]] = []
    for rule in positions.TOPIC_RULES.values():
        out.extend(p for p, _ in rule.cues)
        out.extend(x for x in (rule.any_cue, rule.unless) if x is not None)
    for module in (positions, contributions):
        out.extend(v for v in vars(module).values() if isinstance(v, re.Pattern))
    return out


def _sentences() -> list[str]:
    files = [*sorted((HERE / "articles").glob("*.txt")),
             *sorted((HERE / "eval_fixtures").glob("*.txt"))]
    out: list[str] = []
    for f in files:
        for para in f.read_text("utf-8").split("\n"):
            out.extend(para[a:b] for a, b in sentence_spans(para))
    # The four non-ASCII letters re.IGNORECASE matches to ASCII ones, inside cue words.
    out += ["NATO TROOPS", "US TROOPS İN UKRAİNE", "ſanctions on Russia", "BACK-UP", "no bacKstop",
            "terrİtorial concessions", "uſ troops will not go"]
    return out


def test_required_literals_hand_worked() -> None:
    rx = re.compile(r"\b(?:US|American)\s+(?:ground\s+)?(?:troops|forces)", re.I)
    assert required_literals(rx) == ("forces", "troops")
    # A branch with a literal-free alternative requires nothing; neither do optional parts.
    assert required_literals(re.compile(r"troops|\d+ men")) == (" men", "troops")
    assert required_literals(re.compile(r"troops|\d+")) is None
    assert required_literals(re.compile(r"(?:troops)?\s*deployed")) == ("deployed",)
    # "force" is found wherever "forces" is: the longer one is dropped.
    assert required_literals(re.compile(r"forces?|force field")) == ("force",)
    assert not may_match(("troops",), fold("No soldiers")) and may_match(None, "")


def test_prefilter_never_hides_a_match() -> None:
    patterns = _patterns()
    sentences = _sentences()
    checked = 0
    for rx in patterns:
        literals = required_literals(rx)
        for s in sentences:
            if rx.search(s) is not None:
                checked += 1
                assert may_match(literals, fold(s)), (rx.pattern[:60], s)
    assert checked > 200  # the corpus exercises the patterns (a vacuous pass pins nothing)


@pytest.mark.parametrize("text", ["İ", "ı", "ſ", "K"])
def test_fold_maps_the_ignorecase_extras_to_ascii(text: str) -> None:
    letter = fold(text)
    assert len(letter) == 1 and letter.isascii() and re.fullmatch(letter, text, re.I)
