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
Speaker accuracy
    Share of *key* quotes whose matched prediction names the same speaker; an unmatched key
    quote counts as wrong. Speakers are equal when the shared alias registry maps both to the
    same person, or when their normalised labels are equal ("A European diplomat at the
    meeting" = "a European diplomat"); ``null`` equals ``null``. Accuracy over matched quotes
    only is reported as well.
Positions
    Precision and recall of the set of (actor, topic, stance) triples per article, and the same
    at polarity level (requires/supports = for, opposes/rejects = against).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from guarantor.errors import IngestError
from guarantor.ingest import Article
from guarantor.ingest.speakers import norm_label
from guarantor.ingest.text import tokens
from guarantor.data.actors import actors
from guarantor.yamlio import load_yaml, validate

#: Minimum token-overlap F1 for a predicted span to count as finding a key span.
MATCH_THRESHOLD = 0.5


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


class KeyArticle(BaseModel):
    """Key entries for one article file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    quotes: tuple[KeyQuote, ...] = ()
    positions: tuple[KeyPosition, ...] = ()


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


def score(key: AnswerKey, articles: dict[str, Article]) -> Scores:
    """Score ingested ``articles`` (by file name) against ``key``.

    Key articles with no ingested counterpart are skipped (and listed in ``misses``); an
    ingested file the key does not cover is not scored.
    """
    s = Scores()
    for entry in key.articles:
        art = articles.get(Path(entry.file).name)
        if art is None:
            s.misses.append(entry.file)
            continue
        s.articles += 1
        predicted = list(art.quotes)
        key_quotes = list(entry.quotes)
        s.n_key_quotes += len(key_quotes)
        s.n_predicted_quotes += len(predicted)
        for i, j, sc in match_spans([q.text for q in predicted], [k.text for k in key_quotes]):
            s.overlap_sum += sc
            s.n_matched += 1
            if same_speaker(predicted[i].speaker, key_quotes[j].speaker):
                s.speakers_correct += 1
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
