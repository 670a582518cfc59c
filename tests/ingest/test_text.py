"""The literal pre-filter (issue 18) never hides a match: it may only skip hopeless searches."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guarantor.ingest import contributions, positions
from guarantor.ingest import text as text_module
from guarantor.ingest.text import (
    _IGNORECASE_EXTRA,
    factor_alternatives,
    first_char_guard,
    fold,
    may_match,
    required_literals,
    sentence_spans,
)

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


# -- first-character guards (issue 18) -------------------------------------------------------

def _unguarded(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern a guard was derived from (None when ``rx`` carries no derived guard)."""
    m = re.match(r"\(\?=(?:\\b)?\[.*?\)\(\?:", rx.pattern, re.S)
    if m is None or not rx.pattern.endswith(")"):
        return None
    return re.compile(rx.pattern[m.end():-1], rx.flags)


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None,
                                                                                  ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def _assert_same_scans(derive: Callable[[re.Pattern[str]], re.Pattern[str]], pattern: str,
                       texts: list[str], matches: Callable[[re.Pattern[str], str], object]) -> None:
    """``derive(plain)`` finds what ``plain`` finds (``matches``, split, sub) on every text, with
    and without IGNORECASE."""
    for flags in (0, re.I):
        plain = re.compile(pattern, flags)
        derived = derive(plain)
        for t in texts:
            assert matches(derived, t) == matches(plain, t), (pattern, flags, t)
            assert derived.split(t) == plain.split(t) and derived.sub("#", t) == plain.sub("#", t)


def _guarded_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    from guarantor.ingest import quotes, speakers

    clean = importlib.import_module("guarantor.ingest.clean")  # the package's clean() shadows it
    found: list[re.Pattern[str]] = [*clean._RULE_HINTS.values()]
    for rule in positions.TOPIC_RULES.values():
        found.extend(p for p, _ in rule.cues)
        found.extend(x for x in (rule.any_cue, rule.unless) if x is not None)
    for module in (positions, contributions, quotes, speakers):
        found.extend(v for v in vars(module).values() if isinstance(v, re.Pattern))
    pairs = [(g, plain) for g in found if (plain := _unguarded(g)) is not None]
    return pairs


def test_first_char_guard_hand_worked() -> None:
    g = first_char_guard(re.compile(r"\bwill not\b|under no circumstances", re.I))
    assert g.pattern == r"(?=\b[w]|[u])(?:\bwill not\b|under no circumstances)"
    # An optional start: the characters of what may come first and of what follows it.
    assert first_char_guard(re.compile(r"(?:the )?force")).pattern.startswith("(?=[ft])")
    # A possible empty match, scoped flags, or a pattern the engine already skips by its first
    # character: no guard (the pattern itself comes back).
    for plain in (re.compile(r"a?"), re.compile(r"(?-i:A)b", re.I), re.compile(r"[ab]c"),
                  re.compile(r"(?<=”)(?=“)")):
        assert first_char_guard(plain) is plain
    # A look-behind and a word boundary are read as zero width; the class keeps its negation.
    # ("_" is a word character and no digit; "b" after "." fails the look-behind).
    g = first_char_guard(re.compile(r"(?<![\w.])\b[^\W\d]x|\dy", re.I))
    assert g.pattern.startswith(r"(?=[\d]|\b[^\W\d])")
    assert _matches(g, "ax 1y _x .bx") == [((0, 2), ()), ((3, 5), ()), ((6, 8), ())]


@pytest.mark.parametrize("pattern", [
    r"\bwill not\b|under no circumstances", r"(?:\w+\s+){0,3}?troops", r"\bK\w+|ſ\w+",
    r"(?:a|an)?\s*(?:force|army)", r"[^a-c]+d", r"(?i:x)y", r"(?P<n>\d+)\s?(?:%|per ?cent)",
    r"(?=[A-Z])\b(?:[A-Z]\w*\s+){0,2}?said", r"\s*[;:]\s+|\s*[—–]\s*|\s+-\s+", r".x|\Wy",
])
def test_first_char_guard_finds_what_the_pattern_finds(pattern: str) -> None:
    """Every guard is a necessary condition: on text built to hit edge cases (case variants,
    the four non-ASCII letters IGNORECASE folds, boundaries, punctuation) the guarded pattern
    finds the same spans and groups, by search, finditer, split and sub."""
    alphabet = "aAbBcdKkſİıxXyYsS_19 .;:—–-%’'\n"
    texts = ["".join(alphabet[(i * 7 + j * j) % len(alphabet)] for j in range(n))
             for i in range(60) for n in (5, 23)]
    texts += ["US troops will not go", "UNDER NO CIRCUMSTANCES", "ſtrong Kelvin", "42 per cent",
              "Then Macron Said", "a; b — c - d", "an army, the force"]
    _assert_same_scans(first_char_guard, pattern, texts, _matches)


def test_guarded_pipeline_patterns_find_what_the_plain_ones_find(reporting: Path) -> None:
    """Each guarded scan of the pipeline, on every sentence of the test and evaluation
    articles and of the five reports (as written, upper-cased and lower-cased), finds exactly
    what its plain pattern finds."""
    pairs = _guarded_patterns()
    assert len(pairs) >= 40  # the guards are in place (this test pins them all)
    texts = _sentences()
    for f in sorted(reporting.glob("*.txt")):
        for para in f.read_text("utf-8").split("\n"):
            texts.extend(para[a:b] for a, b in sentence_spans(para))
    texts += [t.upper() for t in texts[::5]] + [t.lower() for t in texts[1::5]]
    hits = 0
    for guarded, plain in pairs:
        for t in texts:
            found = _matches(guarded, t)
            assert found == _matches(plain, t), (plain.pattern[:60], t)
            hits += bool(found)
    assert hits > 1000  # the corpus exercises the patterns


# -- factored alternations (issue 18) ---------------------------------------------------------


def _all_matches(rx: re.Pattern[str], text: str) -> list[object]:
    return [(m.span(), m.groups(), m.lastgroup, m.lastindex) for m in rx.finditer(text)]


def test_ignorecase_extras_are_every_character_an_ascii_letter_matches() -> None:
    """The case-sensitive sets written for IGNORECASE letters are exact: checked against every
    code point (a letter the engine folds that the set missed would lose a match)."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = set(re.findall(letter, everything, re.I))
        assert found == {letter, letter.upper(), *_IGNORECASE_EXTRA.get(letter, "")}, letter


def test_factor_alternatives_hand_worked() -> None:
    rx = re.compile(r"\b(?:said|says|say|told)\b", re.I)
    fast = factor_alternatives(rx)
    assert fast is not rx and fast.pattern == rx.pattern and fast.flags == rx.flags
    assert [m.group(0) for m in fast.finditer("He SAID, she Says; ſay they told")] == [
        "SAID", "Says", "ſay", "told"]
    # Not factored: a locale or ASCII-only pattern (other case folding).
    ascii_only = re.compile(r"said|says", re.I | re.A)
    assert factor_alternatives(ascii_only) is ascii_only


@pytest.mark.parametrize("pattern", [
    r"\bwill not\b|under no circumstances|\bwon’t\b|\bwill never\b|never",
    r"said|says|say|s|stated|(?P<x>s\w+)|told|tells",
    r"(?P<a>ab)|(?P<b>a)c|(?P<c>abc)|a|",
    r"\b(?:(?:a|an|the) (?:force|forces|fort)|(?:an|and) \w+)\b",
    r"k\w+|K\w+|s\w|ſ\w|i|İ|ı\w",
    r"(?:ab|a)(?:bc|b)c|x(?:y|yz)?z",
    r"\b(?:US|U\.S\.|USA)\b|\bU(?:K|N)\b|(?-i:EU)|eu\w",
    r"(?<=a)b|(?<!a)bc|(?=b)\w|b+",
    r"[A-Z]\w+ (?:said|says)|\bsaid\b|\d+ (?:troops|tanks)|\d+",
])
def test_factor_alternatives_finds_what_the_pattern_finds(pattern: str) -> None:
    """Factored and plain patterns agree (spans, groups, last group) by finditer, split and sub
    on text built to hit edge cases: case variants, the IGNORECASE extras, prefixes shared by
    several alternatives, empty alternatives, boundaries."""
    alphabet = "aAbBcCsSkKſİıitTUuy.EeNn 0_—’"
    texts = ["".join(alphabet[(i * 5 + j * j * 3) % len(alphabet)] for j in range(n))
             for i in range(80) for n in (4, 19)]
    texts += ["He said, she SAYS, ſay so; it stated", "abc ab ac a", "the force an army and so",
              "US U.S. USA UK UN EU eu Eur", "Kelvin kelvin İt ıt", "abbc abc xz xyz xyzz",
              "Macron said 40 troops and 7 tanks 12"]
    _assert_same_scans(factor_alternatives, pattern, texts, _all_matches)


#: The sentence boundary as it was written before its look-behind moved after the first mark.
_BOUNDARY_REFERENCE = re.compile(
    r"(?<![.!?…])[.!?…]++[”\"’')\]»]*+\s++(?=[“\"‘'(\[«]?[A-Z0-9À-Ý])")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=".!?…”\"’')]»“‘([« \nAaZ0É-", max_size=60))
def test_boundary_matches_its_reference_form(text: str) -> None:
    # The faster form (a character set first) finds exactly the same boundaries.
    assert [m.span() for m in text_module._BOUNDARY.finditer(text)] == \
        [m.span() for m in _BOUNDARY_REFERENCE.finditer(text)]


def test_boundary_on_real_sentences() -> None:
    for s in _sentences():
        assert [m.span() for m in text_module._BOUNDARY.finditer(s)] == \
            [m.span() for m in _BOUNDARY_REFERENCE.finditer(s)]
    t = "It ended... Then “A new one” began. Gen. Smith left?! (Then) 2 more."
    assert [t[a:b] for a, b in sentence_spans(t)] == [
        "It ended...", "Then “A new one” began.", "Gen. Smith left?!", "(Then) 2 more."]
