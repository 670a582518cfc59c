"""Score ingestion against an answer key: quote span F1, speaker accuracy, position P/R.

Answer key (YAML)::

    articles:
      - file: 002_6c9dad5aa87dc804.txt      # matched on the file name
        quotes:
          - {text: "must end,", speaker: Pete Hegseth}
        positions:
          - {actor: USA, topic: us_troops_in_protected_state, stance: rejects}

Metrics
-------
Quote span F1
    Each quote span is a bag of lower-case word tokens (:func:`guarantor.ingest.text.tokens`).
    The overlap score of a predicted span *p* and a key span *k* is the token-overlap F1
    ``2·|p∩k| / (|p|+|k|)`` (multiset intersection). Pairs are matched greedily within each
    article: all (p, k) pairs sorted by overlap, best first, each span used at most once, pairs
    scoring below :data:`MATCH_THRESHOLD` left unmatched. Then, over all articles,
    ``precision = Σ overlap(matched) / #predicted``, ``recall = Σ overlap(matched) / #key`` and
    ``F1 = 2PR / (P + R)`` — a soft span F1 that gives partial credit for a span cut short or
    run long and none for a missed or invented quote.
Speaker accuracy (and P/R/F1)
    Share of *key* quotes whose matched prediction names the same speaker (precision divides
    the same count by the predicted quotes, recall by the key's); an unmatched key
    quote counts as wrong. Speakers are equal when the shared alias registry maps both to the
    same person, or when their normalised labels are equal ("A European diplomat at the
    meeting" = "a European diplomat"); ``null`` equals ``null``. Accuracy over matched quotes
    only is reported as well.
Positions
    Precision and recall of the set of (actor, topic, stance) triples per article, and the same
    at polarity level (requires/supports = for, opposes/rejects = against). Scored only for key
    articles that list ``positions`` (an absent list means "not annotated").
Strict and lenient
    Quotes: strict counts a key quote found when a predicted span overlaps it with F1 >= 0.9,
    lenient when >= 0.5 (:data:`MATCH_THRESHOLD`); each found quote counts 1. Speakers: strict
    is :func:`same_speaker`; lenient also accepts the same surname (last word). Contribution
    positions: strict compares (actor, mission, stance, condition), lenient (actor, mission);
    a third, middle mode ``stance`` compares (actor, mission, stance), so a right stance with
    another condition category is told apart from a wrong stance (reported, never the target).
    Each mode compares *sets* per article: a position stated twice in one excerpt counts once,
    as the key lists it once.
Contribution positions
    Key articles may list ``contributions`` (actor, mission, stance, condition); precision and
    recall of the predicted set against them, per article, summed.
Boilerplate
    Key articles may list ``boilerplate`` lines; a line is removed when its comparison key
    (:func:`guarantor.ingest.text.key`) no longer occurs in the cleaned text. Key quotes whose
    words the cleaner removed are counted as over-cleaning.
Split
    Each key article belongs to ``dev`` or ``test`` by a hash of its file name
    (:func:`split_of`), fixed before any tuning: develop on dev, report test.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from guarantor.data.actors import actors
from guarantor.errors import IngestError
from guarantor.ingest import Article
from guarantor.ingest.speakers import norm_label
from guarantor.ingest.text import key as text_key
from guarantor.ingest.text import tokens
from guarantor.yamlio import load_yaml, validate

#: Minimum token-overlap F1 for a predicted span to count as finding a key span.
MATCH_THRESHOLD = 0.5
#: Overlap at which a found quote counts as exact (strict scoring).
STRICT_THRESHOLD = 0.9


def split_of(file: str) -> str:
    """``dev`` or ``test`` for a key article, by a hash of its file name (fixed, not tuned).

    Examples
    --------
    >>> split_of("e01_rbc_estonia.txt") in ("dev", "test")
    True
    """
    digest = hashlib.sha1(Path(file).name.encode("utf-8")).hexdigest()
    return "test" if int(digest, 16) % 2 else "dev"


class KeyQuote(BaseModel):
    """One quote of the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    speaker: str | None


class KeyPosition(BaseModel):
    """One position of the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: str
    topic: str
    stance: Literal["requires", "supports", "opposes", "rejects"]


class KeyContribution(BaseModel):
    """One contribution position of the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: str
    mission: str
    stance: Literal["will_contribute", "conditional", "only_outside", "will_not"]
    condition: str | None = None
    quantity: float | None = None
    unit: str | None = None


class KeyArticle(BaseModel):
    """Key entries for one article file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    url: str | None = None
    outlet: str | None = None
    quotes: tuple[KeyQuote, ...] = ()
    positions: tuple[KeyPosition, ...] | None = None
    contributions: tuple[KeyContribution, ...] | None = None
    boilerplate: tuple[str, ...] | None = None


class AnswerKey(BaseModel):
    """A whole answer key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    articles: tuple[KeyArticle, ...]


def load_key(path: str | Path) -> AnswerKey:
    """Read and validate an answer key (errors name the file, line and key path)."""
    return validate(AnswerKey, load_yaml(path, IngestError), error=IngestError)


def overlap_f1(a: str, b: str) -> float:
    """Token-overlap F1 of two spans.

    Examples
    --------
    >>> overlap_f1("must end,", "must end")
    1.0
    >>> round(overlap_f1("we must go now", "we must"), 2)
    0.67
    """
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta or not tb:
        return 0.0
    common = sum((ta & tb).values())
    return 2 * common / (sum(ta.values()) + sum(tb.values()))


def match_spans(predicted: list[str], key: list[str]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching by overlap F1: (predicted index, key index, score)."""
    pairs = sorted(
        ((overlap_f1(p, k), i, j) for i, p in enumerate(predicted) for j, k in enumerate(key)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_k: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for score, i, j in pairs:
        if score < MATCH_THRESHOLD:
            break
        if i in used_p or j in used_k:
            continue
        used_p.add(i)
        used_k.add(j)
        out.append((i, j, score))
    return out


def same_speaker(predicted: str | None, key: str | None) -> bool:
    """Speaker equality through the shared alias registry, then normalised labels."""
    if predicted is None or key is None:
        return predicted is None and key is None
    reg = actors()
    a, b = reg.speaker_for(predicted), reg.speaker_for(key)
    if a is not None or b is not None:
        return a is not None and b is not None and a.name == b.name
    return norm_label(predicted) == norm_label(key)


@dataclass
class Scores:
    """Evaluation result (see the module docstring for the definitions)."""

    n_key_quotes: int = 0
    n_predicted_quotes: int = 0
    overlap_sum: float = 0.0
    speakers_correct: int = 0
    n_matched: int = 0
    pos_tp: int = 0
    pos_fp: int = 0
    pos_fn: int = 0
    pol_tp: int = 0
    pol_fp: int = 0
    pol_fn: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)
    quotes_strict: int = 0
    quotes_lenient: int = 0
    speakers_lenient: int = 0
    con: dict[str, list[int]] = field(default_factory=lambda: {"strict": [0, 0, 0],
                                                               "stance": [0, 0, 0],
                                                               "lenient": [0, 0, 0]})
    con_quantity: list[int] = field(default_factory=lambda: [0, 0])  # [right, key with qty]
    boiler: list[int] = field(default_factory=lambda: [0, 0])  # [removed, listed]
    overcleaned: int = 0
    con_scored: int = 0  # key articles that list contribution positions
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, n_pred: int, n_key: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 1.0
        r = tp / n_key if n_key else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def quote_prf(self, mode: str) -> tuple[float, float, float]:
        """Quote precision, recall, F1; ``mode`` strict or lenient (see module docstring)."""
        tp = self.quotes_strict if mode == "strict" else self.quotes_lenient
        return self._prf(tp, self.n_predicted_quotes, self.n_key_quotes)

    def speaker_prf(self, mode: str) -> tuple[float, float, float]:
        """Speaker precision, recall, F1: a quote with the right speaker is a hit; precision
        over the predicted quotes, recall over the key's (strict or lenient speaker match)."""
        tp = self.speakers_correct if mode == "strict" else self.speakers_lenient
        return self._prf(tp, self.n_predicted_quotes, self.n_key_quotes)

    def contribution_prf(self, mode: str) -> tuple[float, float, float]:
        """Contribution-position precision, recall, F1 (strict, stance or lenient)."""
        tp, fp, fn = self.con[mode]
        return self._prf(tp, tp + fp, tp + fn)

    def report(self) -> list[str]:
        """The strict/lenient table (quotes, speakers, positions, boilerplate)."""
        out = [f"articles scored: {self.articles}"]
        for mode in ("strict", "lenient"):
            p, r, f = self.quote_prf(mode)
            out.append(f"quotes ({mode}): precision {p:.3f}, recall {r:.3f}, F1 {f:.3f} "
                       f"({self.n_predicted_quotes} predicted, {self.n_key_quotes} in key)")
        n = self.n_key_quotes
        for mode, right in (("strict", self.speakers_correct),
                            ("lenient", self.speakers_lenient)):
            p, r, f = self.speaker_prf(mode)
            out.append(f"speakers ({mode}): accuracy {(right / n if n else 1.0):.3f} "
                       f"({right}/{n}); precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")
        for mode in ("strict", "stance", "lenient") if self.con_scored else ():
            p, r, f = self.contribution_prf(mode)
            tp, fp, fn = self.con[mode]
            label = "actor, mission, stance; condition ignored" if mode == "stance" else mode
            out.append(f"contribution positions ({label}): precision {p:.3f}, recall {r:.3f}, "
                       f"F1 {f:.3f} (tp {tp}, fp {fp}, fn {fn})")
        if self.con_quantity[1]:
            out.append(f"contribution quantities: {self.con_quantity[0]}/"
                       f"{self.con_quantity[1]} right (value and unit)")
        if self.pos_tp + self.pos_fp + self.pos_fn:
            out.append(f"topic positions (strict): precision {self.position_precision:.3f}, "
                       f"recall {self.position_recall:.3f}; (lenient, polarity) precision "
                       f"{self.polarity_precision:.3f}, recall {self.polarity_recall:.3f}")
        if self.boiler[1]:
            out.append(f"boilerplate: {self.boiler[0]}/{self.boiler[1]} listed lines removed "
                       f"({self.boiler[0] / self.boiler[1]:.3f}); key quotes cut by cleaning: "
                       f"{self.overcleaned}")
        return out

    @property
    def quote_precision(self) -> float:
        return self.overlap_sum / self.n_predicted_quotes if self.n_predicted_quotes else 1.0

    @property
    def quote_recall(self) -> float:
        return self.overlap_sum / self.n_key_quotes if self.n_key_quotes else 1.0

    @property
    def quote_f1(self) -> float:
        p, r = self.quote_precision, self.quote_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_correct / self.n_key_quotes if self.n_key_quotes else 1.0

    @property
    def speaker_accuracy_matched(self) -> float:
        return self.speakers_correct / self.n_matched if self.n_matched else 1.0

    @property
    def position_precision(self) -> float:
        d = self.pos_tp + self.pos_fp
        return self.pos_tp / d if d else 1.0

    @property
    def position_recall(self) -> float:
        d = self.pos_tp + self.pos_fn
        return self.pos_tp / d if d else 1.0

    @property
    def polarity_precision(self) -> float:
        d = self.pol_tp + self.pol_fp
        return self.pol_tp / d if d else 1.0

    @property
    def polarity_recall(self) -> float:
        d = self.pol_tp + self.pol_fn
        return self.pol_tp / d if d else 1.0

    def lines(self) -> list[str]:
        """Human-readable summary."""
        return [
            f"articles scored: {self.articles}",
            f"quotes: span F1 {self.quote_f1:.3f} (precision {self.quote_precision:.3f}, "
            f"recall {self.quote_recall:.3f}; {self.n_predicted_quotes} predicted, "
            f"{self.n_key_quotes} in key)",
            f"speakers: accuracy {self.speaker_accuracy:.3f} "
            f"({self.speakers_correct}/{self.n_key_quotes}; "
            f"{self.speaker_accuracy_matched:.3f} over matched quotes)",
            f"positions: precision {self.position_precision:.3f}, recall "
            f"{self.position_recall:.3f} (actor, topic, stance); polarity level precision "
            f"{self.polarity_precision:.3f}, recall {self.polarity_recall:.3f}",
        ]


def _polarity(stance: str) -> str:
    return "for" if stance in ("requires", "supports") else "against"


def _surname(label: str | None) -> str | None:
    if label is None:
        return None
    reg = actors()
    known = reg.speaker_for(label)
    words = (known.name if known else norm_label(label)).split()
    return words[-1].lower() if words else None


def score(key: AnswerKey, articles: dict[str, Article], split: str = "all") -> Scores:
    """Score ingested ``articles`` (by file name) against ``key``.

    Key articles with no ingested counterpart are skipped (and listed in ``misses``); an
    ingested file the key does not cover is not scored. ``split`` (dev, test or all) keeps only
    the key articles of that split (:func:`split_of`).
    """
    s = Scores()
    for entry in key.articles:
        if split != "all" and split_of(entry.file) != split:
            continue
        art = articles.get(Path(entry.file).name)
        if art is None:
            s.misses.append(entry.file)
            continue
        s.articles += 1
        predicted = list(art.quotes)
        key_quotes = list(entry.quotes)
        s.n_key_quotes += len(key_quotes)
        s.n_predicted_quotes += len(predicted)
        found: set[int] = set()
        for i, j, sc in match_spans([q.text for q in predicted], [k.text for k in key_quotes]):
            found.add(j)
            s.overlap_sum += sc
            s.n_matched += 1
            s.quotes_lenient += 1
            s.quotes_strict += sc >= STRICT_THRESHOLD
            if same_speaker(predicted[i].speaker, key_quotes[j].speaker):
                s.speakers_correct += 1
                s.speakers_lenient += 1
            elif (_surname(predicted[i].speaker) is not None
                  and _surname(predicted[i].speaker) == _surname(key_quotes[j].speaker)):
                s.speakers_lenient += 1
            else:
                s.errors.append(f"{entry.file}: speaker {predicted[i].speaker!r} for key "
                                f"{key_quotes[j].speaker!r}: {key_quotes[j].text[:60]}")
        for j, k in enumerate(key_quotes):
            if j not in found:
                s.errors.append(f"{entry.file}: missed quote ({k.speaker}): {k.text[:70]}")
        body = text_key(art.cleaned.text)
        s.overcleaned += sum(text_key(k.text) not in body for k in key_quotes)
        if entry.boilerplate is not None:
            for line in entry.boilerplate:
                s.boiler[1] += 1
                gone = text_key(line) not in body if text_key(line) else True
                s.boiler[0] += gone
                if not gone:
                    s.errors.append(f"{entry.file}: boilerplate kept: {line[:70]}")
        if entry.contributions is not None:
            _score_contributions(s, entry, art)
        if entry.positions is None:
            continue
        pred_pos = {(p.actor, p.topic, p.stance) for p in art.positions}
        key_pos = {(p.actor, p.topic, p.stance) for p in entry.positions}
        s.pos_tp += len(pred_pos & key_pos)
        s.pos_fp += len(pred_pos - key_pos)
        s.pos_fn += len(key_pos - pred_pos)
        pred_pol = {(a, t, _polarity(st)) for a, t, st in pred_pos}
        key_pol = {(a, t, _polarity(st)) for a, t, st in key_pos}
        s.pol_tp += len(pred_pol & key_pol)
        s.pol_fp += len(pred_pol - key_pol)
        s.pol_fn += len(key_pol - pred_pol)
    return s


def _score_contributions(s: Scores, entry: KeyArticle, art: Article) -> None:
    assert entry.contributions is not None
    s.con_scored += 1
    pred = art.contributions
    strict_p = {(c.actor, c.mission, c.stance, c.condition) for c in pred}
    strict_k = {(c.actor, c.mission, c.stance, c.condition) for c in entry.contributions}
    mid_p = {(c.actor, c.mission, c.stance) for c in pred}
    mid_k = {(c.actor, c.mission, c.stance) for c in entry.contributions}
    len_p = {(c.actor, c.mission) for c in pred}
    len_k = {(c.actor, c.mission) for c in entry.contributions}
    for mode, p, k in (("strict", strict_p, strict_k), ("stance", mid_p, mid_k),
                       ("lenient", len_p, len_k)):
        s.con[mode][0] += len(p & k)
        s.con[mode][1] += len(p - k)
        s.con[mode][2] += len(k - p)
    for miss in sorted(strict_k - strict_p, key=str):
        s.errors.append(f"{entry.file}: contribution missed {miss}")
    for extra in sorted(strict_p - strict_k, key=str):
        s.errors.append(f"{entry.file}: contribution extra {extra}")
    for c in entry.contributions:
        if c.quantity is None:
            continue
        s.con_quantity[1] += 1
        s.con_quantity[0] += any(
            (p.actor, p.mission) == (c.actor, c.mission) and p.quantity == c.quantity
            and p.unit == c.unit for p in pred)
