"""The learned speaker choice (issue 20): candidates, features, the scorer, the call site, and
that the committed parameters are what ``tools/train_speakerlearn8.py`` fits.

The sentences are invented; the retraining test needs the evaluation cache
(``tests/ingest/eval/cache``, not in the repository: see its README) and skips without it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from guarantor.ingest import ingest_text, speaker_rank
from guarantor.ingest.evaluate import load_key, split_of
from guarantor.ingest.quotes import Quote, QuoteFinder
from guarantor.ingest.speaker_rank import FEATURES, ArticleFacts, SpeakerModel

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "ingest" / "eval" / "cache"
KEY = ROOT / "tests" / "ingest" / "eval" / "key.yaml"

# Kovacs speaks in the second paragraph without a speech verb the rules read ("took the
# opportunity to reiterate that"); Lind speaks after a colon in the third.
TEXT = ("Defence Minister Anna Kovacs met her counterparts in Vilnius on Monday.\n\n"
        "Kovacs, in addition, took the opportunity to reiterate that “no troops will go "
        "before a ceasefire”.\n\n"
        "Foreign Minister Peter Lind said: “We are ready to help with training.”")


def _attributed(text: str) -> tuple[QuoteFinder, list[Quote]]:
    seen: list[tuple[QuoteFinder, list[Quote]]] = []
    ingest_text(text, speakers=lambda f, q: seen.append((f, q)) or q)
    return seen[0]


def _row(facts: ArticleFacts, quote: Quote, label: str) -> dict[str, float]:
    cands = speaker_rank.candidates(facts, quote)
    x = speaker_rank.features(facts, quote, cands)
    i = [c.speaker.label for c in cands].index(label)
    return dict(zip(FEATURES, x[i].tolist(), strict=True))


def test_candidates_are_the_people_near_the_quote_at_their_nearest_mention() -> None:
    finder, quotes = _attributed(TEXT)
    facts = ArticleFacts(finder)
    first, second = quotes
    assert (first.speaker, second.speaker) == (None, "Peter Lind")  # the rules
    cands = speaker_rank.candidates(facts, first)
    # Kovacs at her surname in the quote's own sentence (not the title mention at 0)
    assert [(c.speaker.label, c.position) for c in cands] == [
        ("Anna Kovacs", TEXT.index("Kovacs,")), ("Peter Lind", TEXT.index("Foreign"))]
    assert [c.mentions for c in cands] == [1, 2]


def test_features_read_side_sentence_cue_and_kind() -> None:
    finder, (first, second) = _attributed(TEXT)
    facts = ArticleFacts(finder)
    kovacs = _row(facts, first, "Anna Kovacs")
    dist = first.start - TEXT.index("Kovacs,")
    assert kovacs["log_distance"] == pytest.approx(math.log1p(dist) / math.log1p(1500))
    assert {k: kovacs[k] for k in ("after_quote", "same_sentence", "same_paragraph",
                                   "sentences_between", "verb_after", "discourse_subject",
                                   "last_person", "first_person", "person", "rule_choice")} == {
        "after_quote": 0, "same_sentence": 1, "same_paragraph": 1, "sentences_between": 0,
        "verb_after": 0, "discourse_subject": 1, "last_person": 1, "first_person": 1,
        "person": 1, "rule_choice": 0}
    lind = _row(facts, first, "Peter Lind")
    assert (lind["after_quote"], lind["same_paragraph"], lind["verb_after"],
            lind["speech_subject"]) == (1, 0, 1, 1)
    lind2 = _row(facts, second, "Peter Lind")
    assert (lind2["colon_lead"], lind2["same_sentence"], lind2["rule_choice"]) == (1, 1, 1)
    assert _row(facts, second, "Anna Kovacs")["colon_lead"] == 0


def test_score_and_softmax_hand_worked() -> None:
    # weights 1 (after_quote) and 2 (verb_after), intercept -0.5: a candidate after the
    # quote with a verb scores 2.5, one with neither -0.5; softmax 1 / (1 + e^-3)
    model = SpeakerModel(("after_quote", "verb_after"), np.array([1.0, 2.0]), -0.5)
    x = np.zeros((2, len(FEATURES)))
    x[0, FEATURES.index("after_quote")] = x[0, FEATURES.index("verb_after")] = 1.0
    scores = model.scores(x)
    assert scores.tolist() == [2.5, -0.5]
    assert speaker_rank.softmax(scores)[0] == pytest.approx(0.9525741268)


def test_choose_takes_the_highest_scoring_candidate() -> None:
    finder, quotes = _attributed(TEXT)
    after = SpeakerModel(("after_quote", "rule_choice"), np.array([2.0, 1.0]), 0.0)
    chosen = speaker_rank.choose(after, finder, quotes)
    assert [(q.speaker, q.rule) for q in chosen] == [("Peter Lind", "learned"),
                                                     ("Peter Lind", "pre")]
    near = SpeakerModel(("same_sentence", "rule_choice"), np.array([2.0, 1.0]), 0.0)
    chosen = speaker_rank.choose(near, finder, quotes)
    assert [(q.speaker, q.rule) for q in chosen] == [("Anna Kovacs", "learned"),
                                                     ("Peter Lind", "pre")]
    assert chosen[0].actor is None and chosen[0].mention == "Kovacs"


def test_the_model_is_the_default_and_rules_turn_it_off() -> None:
    assert [q.speaker for q in ingest_text(TEXT, speakers="rules").quotes] == [None, "Peter Lind"]
    assert [q.speaker for q in ingest_text(TEXT).quotes] == ["Anna Kovacs", "Peter Lind"]
    assert [q.speaker for q in ingest_text(TEXT, speakers="learned").quotes] == [
        "Anna Kovacs", "Peter Lind"]
    with pytest.raises(ValueError, match=r"speakers: got 'both'; allowed: 'learned', 'rules'"):
        ingest_text(TEXT, speakers="both")  # type: ignore[arg-type]
    # an empty or blank article is refused the same way (the choice is checked before any work)
    for blank in ("", "   \n"):
        with pytest.raises(ValueError, match=r"speakers: got 'both'"):
            ingest_text(blank, speakers="both")  # type: ignore[arg-type]


def test_the_cli_option_chooses_the_reader_and_refuses_others(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "guarantor", "ingest", str(article), *extra],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "COLUMNS": "200"})

    rules, learned, bad = cli("--speakers", "rules"), cli(), cli("--speakers", "both")
    assert rules.returncode == 0 and learned.returncode == 0
    assert "Anna Kovacs" in learned.stdout and "Anna Kovacs" not in rules.stdout
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "--speakers" in bad.stderr + bad.stdout and "learned, rules" in bad.stderr + bad.stdout


def test_committed_parameters_load_and_a_bad_file_is_named(tmp_path: Path) -> None:
    model = speaker_rank.load_model()
    assert set(model.features) <= set(FEATURES) and len(model.weights) == len(model.features)
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"features": ["no_such_cue"], "weights": [1.0],
                               "intercept": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"m\.json: features \['no_such_cue'\]"):
        speaker_rank.load_model(bad)


def test_speaker_model_matches_the_key() -> None:
    """Runs without the cache: the committed model was trained on today's key and dev split."""
    prov = json.loads(speaker_rank.MODEL_PATH.read_text(encoding="utf-8"))["provenance"]
    assert prov["key_sha256"] == hashlib.sha256(KEY.read_bytes()).hexdigest(), \
        "key.yaml changed since the model was trained: re-run tools/train_speakerlearn8.py"
    dev = {a.file for a in load_key(KEY).articles if split_of(a.file) == "dev"}
    assert prov["dev_files"] and set(prov["dev_files"]) <= dev


def test_retraining_reproduces_the_committed_parameters() -> None:
    if not any(CACHE.glob("*.txt")):
        pytest.skip(f"eval cache absent at {CACHE} (rebuild: tests/ingest/eval/README.md)")
    sys.path.insert(0, str(ROOT / "tools"))
    import train_speakerlearn8 as train

    doc = train.train(train.KEY, CACHE, [])
    committed = json.loads(speaker_rank.MODEL_PATH.read_text(encoding="utf-8"))
    assert doc["features"] == committed["features"] and doc["C"] == committed["C"]
    assert doc["provenance"] == committed["provenance"]
    np.testing.assert_allclose(doc["weights"], committed["weights"], atol=1e-6)
    assert doc["intercept"] == pytest.approx(committed["intercept"], abs=1e-6)


def test_a_learned_attribution_carries_the_models_confidence() -> None:
    """Not the rules' (0.0 where they found no one): the logistic of the chosen score."""
    finder, quotes = _attributed(TEXT)
    assert quotes[0].speaker is None and quotes[0].confidence == 0.0
    near = SpeakerModel(("same_sentence", "rule_choice"), np.array([2.0, 1.0]), -0.5)
    chosen = speaker_rank.choose(near, finder, quotes)
    # Anna Kovacs: same sentence (1), not the rules' choice (0): 2.0 - 0.5 = 1.5
    assert chosen[0].speaker == "Anna Kovacs"
    assert chosen[0].confidence == round(1 / (1 + math.exp(-1.5)), 2) == 0.82
    assert chosen[1].confidence == quotes[1].confidence  # the rules' choice kept, and theirs
