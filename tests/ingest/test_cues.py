"""One cue scan per clause (issue 18): the gates it opens never hide a match, and a gate's
search, split and substitution are the pattern's own on every text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guarantor.ingest import contributions, cues, positions
from guarantor.ingest.cues import Gate, contains_any, cue_literals, fold, opens, scan, watch
from guarantor.ingest.text import first_char_guard, sentence_spans

HERE = Path(__file__).parent


def _gates() -> list[tuple[str, Gate]]:
    found = [(f"{m.__name__}.{k}", v) for m in (positions, contributions)
             for k, v in vars(m).items() if isinstance(v, Gate)]
    found += [(f"condition {c}", g) for c, g in contributions._G_CONDITION_CUES]
    found += [(f"mission {m}", g) for m, g in contributions._G_MISSIONS.items()]
    return found


def _words() -> list[str]:
    """Every literal the gates watch, so each alternative is exercised."""
    return sorted({w for _, g in _gates() for w in (g.needs or ())} | set(cues._LITERALS))


def _texts() -> list[str]:
    """Sentences of the test articles, clauses of them, and adversarial texts: every watched
    word in upper, title and lower case, next to another cue word and inside a longer word, and
    the letters re.IGNORECASE folds onto ASCII ones."""
    out: list[str] = []
    for f in [*sorted((HERE / "articles").glob("*.txt")),
              *sorted((HERE / "eval_fixtures").glob("*.txt"))]:
        for para in f.read_text("utf-8").split("\n"):
            for a, b in sentence_spans(para):
                out.append(para[a:b])
                out.extend(positions.clauses(para[a:b]))
    words = _words()
    for i, w in enumerate(words):
        nxt = words[(i * 7 + 3) % len(words)]
        out += [f"Officials {w.upper()} troops.", f"{w.title()} {nxt}, and then", f"x{w}y {nxt}",
                f"France {w} send troops - {nxt}; but {w}"]
    out += ["NATO TROOPS", "US TROOPS İN UKRAİNE", "ſanctions on Russia", "no bacKstop",
            "Germany will not — never — send troops; it is not ready.", "a\n\nb", "",
            "€1.5 billion", "$5bn", "He said: “No.” She agreed.",
            # One sentence per contribution cue the test articles lack (written for this test).
            "Poland is ready to do so, and Italy rejected the idea.",
            "even if the idea was not approved by all, France will go",
            "Planners were discussing offering support to the force.",
            "Troops present on land, at sea and in the air will deploy.",
            "Spain does not rule out sending troops.",
            "Denmark will join the contingent if it is deployed.",
            "Britain will not hesitate to send jets, and we won't shy away.",
            "Italy will not send troops unless the US provides a backstop.",
            "The ministers said they had agreed on the plan.",
            "No troops while there is war, and none during active hostilities.",
            "Only with a United Nations mandate would Ireland send troops."]
    return out


TEXTS = _texts()


def test_texts_exercise_every_gate() -> None:
    # A gate whose pattern never matches the corpus would pass the tests below vacuously.
    for name, gate in _gates():
        assert any(gate.pattern.search(t) for t in TEXTS), name


@pytest.mark.parametrize("name,gate", _gates(), ids=[n for n, _ in _gates()])
def test_gate_is_the_pattern_on_every_text(name: str, gate: Gate) -> None:
    p = gate.pattern
    opened = 0
    for t in TEXTS:
        hits = scan(fold(t))
        m, g = p.search(t), gate.search(t, hits)
        if m is not None:
            opened += 1
            assert gate.open(hits), (name, t)  # the gate is a necessary condition of a match
        assert (m and m.span()) == (g and g.span()), (name, t)
        assert gate.split(t, hits) == p.split(t), (name, t)
        assert gate.sub(" ", t, hits) == p.sub(" ", t), (name, t)
        assert (gate.match(t, hits) and gate.match(t, hits).span()) == (  # type: ignore[union-attr]
            p.match(t) and p.match(t).span()), (name, t)  # type: ignore[union-attr]
    assert opened > 0


def test_scan_reports_every_watched_word_it_holds() -> None:
    # The scan is exactly the watched words (automaton or one-character) that occur in the text.
    for t in TEXTS:
        folded = fold(t)
        assert scan(folded) == {w for w in cues._LITERALS if w in folded}, t


def test_contains_any_is_the_substring_test() -> None:
    # The positions' anchor pre-filter answers as the substring test over every anchor did,
    # on every test text and on each anchor alone, inside a word and at the text's ends.
    anchors = positions._ANCHORS
    texts = [t.lower() for t in TEXTS]
    texts += [f"x{a}y" for a in anchors] + [a for a in anchors] + [a[:-1] for a in anchors]
    held = [positions._has_anchor(t) for t in texts]
    assert held == [any(a in t for a in anchors) for t in texts]
    assert any(held) and not all(held)  # both answers are exercised
    has = contains_any(("air ", "troop"))
    assert [has(t) for t in ("", "air", "airlift", "the air force", "troops")] == [
        False, False, False, True, True]
    assert contains_any(())("anything") is False


def test_topic_rule_words_are_the_prefilters() -> None:
    # The set test on a clause's scan decides as the substring pre-filter did.
    for rule in positions.TOPIC_RULES.values():
        needs, cue_needs = rule.words
        for t in TEXTS[:400]:
            hits, folded = scan(fold(t)), fold(t)
            assert opens(needs, hits) == (rule.needs is None
                                          or any(s in folded for s in rule.needs))
            for words, lits in zip(cue_needs, rule.cue_needs, strict=True):
                assert opens(words, hits) == (lits is None or any(s in folded for s in lits))


def test_cue_literals_hand_worked() -> None:
    assert cue_literals(re.compile(r"\bwill not\b|\bnever\b", re.I)) == {"will not", "never"}
    # Look-arounds name words the text holds; a class of punctuation is one-character words.
    assert cue_literals(re.compile(r"(?<=[.!?])\s+(?=[A-Z])")) == {".", "!", "?"}
    assert cue_literals(re.compile(r",\s+(?=with\s+\w+\s+ruling out)")) == {"ruling out"}
    # Characters without case are literals; a cased letter beyond ASCII is not.
    assert cue_literals(re.compile(r"\s+[—–]\s+")) == {"—", "–"}
    assert cue_literals(re.compile(r"é|\bno\b", re.I)) is None
    assert cue_literals(re.compile(r"\w+ said")) == {" said"}
    assert cue_literals(re.compile(r"\d+|troops")) is None


def test_a_gate_follows_an_edit_of_its_pattern() -> None:
    # The words come from the pattern itself: a cue added to a rule opens its gate.
    before = Gate(re.compile(r"\bwill not\b|\bnever\b", re.I))
    after = Gate(re.compile(r"\bwill not\b|\bnever\b|\bno way\b", re.I))
    text = "There is NO WAY we send troops"
    assert before.search(text, scan(fold(text))) is None
    assert after.search(text, scan(fold(text))).group(0) == "NO WAY"  # type: ignore[union-attr]
    assert watch(("zq",)) == {"zq"} and "zq" in scan("a zq b") and "zq" not in scan("a z q")


def test_alternatives_searched_alone_keep_the_engines_order() -> None:
    # At one position the earlier alternative wins, as in the whole alternation.
    # (An alternative whose word is absent, so the others are searched alone.)
    for pattern, text in ((r"ab|a|qqq", "xab"), (r"a|ab|qqq", "xab"),
                          (r"\bno\b|\bnot\b|qqq", "not no"),
                          (r"(?<=[.!?])\s+|;\s*|qqq", "a; b. C")):
        rx = re.compile(pattern)
        gate = Gate(rx)
        hits = scan(fold(text))
        assert gate._alone(hits) is not None, pattern  # the emulation is what is tested
        assert gate.search(text, hits).span() == rx.search(text).span()  # type: ignore[union-attr]
        assert gate.split(text, hits) == rx.split(text)
    # A guarded pattern is split at its own alternatives, not the guard's.
    guarded = first_char_guard(re.compile(r"\bwill not\b|\bnever\b|\bcannot\b", re.I))
    assert len(Gate(guarded)._alts) == 3


@pytest.mark.parametrize("source,alts", [
    (r"a|b", ["a", "b"]),
    (r"[|(]|\||x", ["[|(]", r"\|", "x"]),
    (r"\b(?:a|b(?:c|d))\b", [r"\ba\b", r"\bb(?:c|d)\b"]),
    (r"(?:a)(?:b)", ["(?:a)(?:b)"]),
    (r"[]|]|y", ["[]|]", "y"]),
])
def test_alternatives_of_a_source(source: str, alts: list[str]) -> None:
    assert cues._alternatives(source) == alts


def test_unguarded_source() -> None:
    plain = re.compile(r"\bwill not\b|\bnever\b", re.I)
    assert cues._unguarded(first_char_guard(plain)) == plain.pattern
    # A look-ahead that is part of the pattern itself stays.
    own = re.compile(r"(?=[ab])\b(?:a|b)|[€$]")
    assert cues._unguarded(own) == own.pattern
    assert cues._unguarded(re.compile(r"(?=x)(?:a)|(?:b)")) == r"(?=x)(?:a)|(?:b)"


def test_kept_choice_of_alternatives_is_the_fresh_one_and_bounded() -> None:
    # A gate's kept choice (by the words a text holds) is what choosing afresh gives, on
    # every test text, and the store never grows past its bound.
    for name, gate in _gates():
        for t in TEXTS:
            hits = scan(fold(t))
            if gate._alts:
                assert gate._alone(hits) == gate._choose(gate._words.intersection(hits)), name
        assert len(gate._chosen) <= cues.CHOICE_CACHE, name
    gate = contributions._G_COMMIT
    words = sorted(gate._words)
    assert len(words) > 10  # enough word sets below to pass the bound many times over
    sets = [{a, b} for a in words for b in words][: 4 * cues.CHOICE_CACHE]
    for hits in sets:
        assert gate._alone(hits) == gate._choose(gate._words.intersection(hits))
        assert len(gate._chosen) <= cues.CHOICE_CACHE
