"""A learned choice among a quote's candidate speakers (issue 20), after the rules' choice.

For each direct quote the rules attributed (:meth:`guarantor.ingest.quotes.QuoteFinder.direct`),
the candidates are the people and anonymous sources the resolver noted near the quote
(:meth:`guarantor.ingest.speakers.SpeakerResolver.noted`: from :data:`WINDOW_BEFORE` characters
before its opening mark to :data:`WINDOW_AFTER` after its end) and the rules' own choice (also
an institution, a document or a pair). Each candidate is described by :data:`FEATURES`, read at
its mention nearest the quote (:func:`features`): distance, side, sentence and paragraph, the
grammatical cue around the mention ("X said", a colon lead-in; "said X" and "according to X"
were tried and left out: no gain in cross-validation, and their cost), how
often and how recently it is named, its kind (person, anonymous, organisation, title only) and a
registry hit. A linear score per candidate (a logistic regression over candidate pairs, trained
by ``tools/train_speakerlearn8.py`` on the dev split of the evaluation key) and a softmax per
quote pick the speaker (:func:`choose`).

The fitted parameters live in ``models/speakerlearn8.json`` with their provenance. Nothing here
imports scikit-learn: a score is a dot product in NumPy.

:func:`guarantor.ingest.ingest_text` applies it by default (``speakers='learned'``;
``'rules'``, or ``guarantor ingest --speakers rules``, keeps the rules' choice alone);
tests/ingest/eval/README.md, "Learned speaker choice", gives the figures behind that.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path

import numpy as np
import numpy.typing as npt

from guarantor.data.actors import actors
from guarantor.ingest.linear_model import logistic
from guarantor.ingest.quotes import _FINITE_RE, Quote, QuoteFinder
from guarantor.ingest.speakers import Speaker, split_title_name

#: Characters before a quote's opening mark searched for candidates (about three paragraphs).
WINDOW_BEFORE = 1500
#: Characters after a quote's end searched for candidates ("...,” the minister said later").
WINDOW_AFTER = 300
#: Characters after/before a mention searched for its speech verb ("X said", "said X").
VERB_REACH = 30
#: Distances are scaled by this many characters (a log scale, 1.0 at the window's edge).
DISTANCE_SCALE = float(WINDOW_BEFORE)

#: Feature names, in column order of :func:`features`.
FEATURES: tuple[str, ...] = (
    "log_distance",      # log(1 + characters between mention and quote) / log(1 + scale)
    "after_quote",       # the nearest mention follows the quote
    "same_sentence",     # the mention is in the quote's sentence(s)
    "same_paragraph",    # no paragraph break between mention and quote
    "sentences_between",  # sentence starts between mention and quote, at most 5, / 5
    "verb_after",        # "X said": a speech verb right after the mention
    "colon_lead",        # "X: “...”": a colon between the mention and the quote, same sentence
    "speech_subject",    # the resolver marked the mention as the subject of a speech verb
    "discourse_subject",  # the mention opens its sentence or an attribution
    "log_mentions",      # log(1 + mentions of the candidate in the article)
    "window_mentions",   # mentions of the candidate in the window, at most 5, / 5
    "last_person",       # the nearest person named before the quote
    "pronoun_mention",   # the nearest mention is a pronoun ("he said") the resolver read
    "title_only",        # the mention names a role, not a name ("the minister")
    "person",            # a named individual
    "anonymous",         # an unnamed source ("a European diplomat")
    "organisation",      # neither: an institution, a document, a country, a pair
    "registry",          # the label is a person or actor of the shared alias registry
    "first_person",      # the first person the article names (its main speaker, often)
    "rule_choice",       # the rules' own choice (a stacked feature: see the eval README)
)

_PRONOUN_MENTION = re.compile(r"^(?:he|she|they|we|his|her)$", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile("\n\n")
#: The log-distance divisor (the window's edge scores 1.0).
_LOG_SCALE = math.log1p(DISTANCE_SCALE)
_STOP = re.compile(r"[.;“”\"«»\n]")


@dataclass(frozen=True)
class Candidate:
    """One candidate speaker of one quote.

    Attributes
    ----------
    speaker : Speaker
        As the resolver read it (its label is what a choice writes on the quote).
    position : int
        Offset of its mention nearest the quote (characters).
    salient, subject : bool
        The resolver's flags of that mention (speech subject, discourse subject).
    mentions : int
        Mentions of the label in the whole article.
    window_mentions : int
        Mentions of the label within the quote's window.
    """

    speaker: Speaker
    position: int
    salient: bool
    subject: bool
    mentions: int
    window_mentions: int


@dataclass(frozen=True)
class SpeakerModel:
    """Fitted parameters: one weight per feature used (a subset of :data:`FEATURES`)."""

    features: tuple[str, ...]
    weights: npt.NDArray[np.float64]
    intercept: float

    def scores(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Linear scores ``x[:, used] @ w + b`` of a candidate matrix ``x`` [n_candidates,
        len(FEATURES)]: the columns of the features the model uses, in its order."""
        return np.asarray(x[:, self._column_index] @ self.weights + self.intercept,
                          dtype=np.float64)

    @property
    def columns(self) -> list[int]:
        """Columns of :data:`FEATURES` the weights apply to, in their order."""
        return [FEATURES.index(name) for name in self.features]

    @cached_property
    def _column_index(self) -> npt.NDArray[np.intp]:
        """:attr:`columns` as an index array, looked up once per model (every article's
        :meth:`scores` reads it; the lookups cost a third of a call)."""
        return np.array(self.columns, dtype=np.intp)


def softmax(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Probabilities of the candidates of one quote from their scores (a stable softmax).

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)])).round(3).tolist()
    [0.25, 0.75]
    """
    z = np.exp(scores - scores.max())
    return np.asarray(z / z.sum(), dtype=np.float64)


class ArticleFacts:
    """What every quote of one article reads: its text, sentence starts, the mentions the
    resolver noted (:meth:`~guarantor.ingest.speakers.SpeakerResolver.noted`, read once after
    the rules attributed the article), their positions and counts per label, and the first
    person named."""

    def __init__(self, finder: QuoteFinder) -> None:
        self.text = finder.text
        self.starts = [s.start for s in finder.sents]
        # One entry per mention: several passes of the rules note the same person at the
        # same offset (the resolver's flags are the offset's, so equal).
        seen: set[tuple[int, str]] = set()
        self.noted: list[tuple[int, Speaker, bool, bool]] = []
        for item in finder.resolver.noted():
            key = (item[0], item[1].label)
            if key not in seen:
                seen.add(key)
                self.noted.append(item)
        self.positions = [pos for pos, *_ in self.noted]
        self.counts: dict[str, int] = {}
        for _, sp, _, _ in self.noted:
            self.counts[sp.label] = self.counts.get(sp.label, 0) + 1
        self.first_person = next((sp.label for _, sp, _, _ in self.noted if sp.person), None)
        self.breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(self.text)]
        self._mentions: dict[tuple[int, Speaker], tuple[int | bool, ...]] = {}

    def mention_facts(self, c: Candidate) -> tuple[int | bool, ...]:
        """What a candidate's mention says whatever the quote (read once per mention):
        (mention length, verb after, pronoun, title only, person, anonymous, organisation,
        registry, first person)."""
        key = (c.position, c.speaker)
        found = self._mentions.get(key)
        if found is None:
            sp, pos, text = c.speaker, c.position, self.text
            mention = (sp.mention or sp.label).strip()
            pronoun = _PRONOUN_MENTION.match(mention) is not None
            reg = actors()
            found = (
                len(mention),
                _verb_after(text, pos + len(mention)),
                pronoun,
                not pronoun and not split_title_name(mention)[1],
                sp.person,
                sp.anonymous,
                not sp.person and not sp.anonymous,
                reg.speaker_for(sp.label) is not None or reg.actor_for(sp.label) is not None,
                sp.label == self.first_person,
            )
            self._mentions[key] = found
        return found


def candidates(facts: ArticleFacts, quote: Quote) -> list[Candidate]:
    """The candidate speakers of ``quote``: the people and sources noted in its window, one
    per label (the mention nearest the quote), and the rules' choice, in order of position."""
    noted, counts = facts.noted, facts.counts
    a = bisect.bisect_left(facts.positions, quote.start - WINDOW_BEFORE)
    b = bisect.bisect_right(facts.positions, quote.end + WINDOW_AFTER)
    near: dict[str, tuple[int, int, Speaker, bool, bool]] = {}  # label -> (distance, ...)
    in_window: dict[str, int] = {}
    start, end = quote.start, quote.end
    for pos, sp, sal, sub in noted[a:b]:
        if start <= pos < end:
            continue  # a name inside the quoted words is not its speaker
        label = sp.label
        in_window[label] = in_window.get(label, 0) + 1
        dist = start - pos if pos < start else pos - end
        best = near.get(label)
        if best is None or dist < best[0]:
            near[label] = (dist, pos, sp, sal, sub)
    for label, (dist, pos, sp, _, _) in list(near.items()):
        if sp.person:
            # The resolver notes a person where a title or a speech verb names them; the
            # surname alone ("Kovacs, in addition, reiterated that “...”") may stand nearer.
            found = _nearest_name(facts, label.split()[-1], quote, dist)
            if found is not None and not pos <= found[0] < pos + len(sp.mention):
                at, opens = found
                near[label] = (_distance(at, quote), at, replace(sp, mention=label.split()[-1]),
                               False, opens)
    out = [Candidate(sp, pos, sal, sub, counts[label], in_window[label])
           for label, (_, pos, sp, sal, sub) in near.items()]
    if quote.speaker is not None and quote.speaker not in near:
        rule = Speaker(quote.speaker, quote.mention or quote.speaker, quote.actor, quote.role,
                       quote.anonymous, False, quote.co_actors)
        out.append(Candidate(rule, _mention_at(facts.text, quote), False, False,
                             counts.get(quote.speaker, 0) + 1, 1))
    return sorted(out, key=lambda c: (c.position, c.speaker.label))


def _nearest_name(facts: ArticleFacts, name: str, quote: Quote, dist: int
                  ) -> tuple[int, bool] | None:
    """(offset, opens its sentence) of the whole word ``name`` nearest the quote in its window,
    when nearer than ``dist`` characters; else None."""
    text, start, end = facts.text, quote.start, quote.end
    if len(name) < 3:
        return None
    best: int | None = None
    at = text.rfind(name, max(start - dist, 0), start)
    if at >= 0 and _whole_word(text, at, len(name)):
        best, dist = at, start - at
    at = text.find(name, end, min(end + dist, end + WINDOW_AFTER))
    if at >= 0 and _whole_word(text, at, len(name)) and at - end < dist:
        best = at
    if best is None:
        return None
    i = bisect.bisect_left(facts.starts, best)
    return best, i < len(facts.starts) and facts.starts[i] == best


def _whole_word(text: str, at: int, n: int) -> bool:
    return ((at == 0 or not text[at - 1].isalnum())
            and (at + n == len(text) or not text[at + n].isalnum()))


def _distance(pos: int, quote: Quote) -> int:
    return quote.start - pos if pos < quote.start else max(pos - quote.end, 0)


def _mention_at(text: str, quote: Quote) -> int:
    """Offset of the rules' mention nearest the quote, else the quote's opening: an
    institution or document the resolver does not note as a person."""
    mention = (quote.mention or quote.speaker or "").strip()
    if not mention:
        return quote.start
    lo = max(quote.context_start - WINDOW_BEFORE, 0)
    before = text.rfind(mention, lo, quote.start)
    after = text.find(mention, quote.end, quote.end + WINDOW_AFTER)
    if before < 0 and after < 0:
        return quote.start
    if after < 0 or (before >= 0 and quote.start - before <= after - quote.end):
        return before
    return after


def features(facts: ArticleFacts, quote: Quote,
             cands: list[Candidate]) -> npt.NDArray[np.float64]:
    """Feature matrix [n_candidates, len(FEATURES)] of a quote's candidates (see
    :data:`FEATURES`); pure: the same article, quote and candidates give the same matrix."""
    return np.array(_rows(facts, quote, cands), dtype=np.float64).reshape(len(cands),
                                                                          len(FEATURES))


def _rows(facts: ArticleFacts, quote: Quote, cands: list[Candidate]
          ) -> list[tuple[float | bool, ...]]:
    text, starts, breaks = facts.text, facts.starts, facts.breaks
    ctx_start = quote.context_start
    ctx_end = ctx_start + len(quote.context)
    before = [c for c in cands if c.position < quote.start and c.speaker.person]
    last_person = max(before, key=lambda c: c.position).speaker.label if before else None
    out: list[tuple[float | bool, ...]] = []
    for c in cands:
        sp, pos = c.speaker, c.position
        mention = facts.mention_facts(c)
        after = pos >= quote.end
        lo, hi = (quote.end, pos) if after else (min(pos + mention[0], quote.start), quote.start)
        # a paragraph break ("\n\n") starting in lo .. hi - 2 lies between mention and quote
        same_paragraph = bisect.bisect_left(breaks, lo) == bisect.bisect_right(breaks, hi - 2)
        out.append((
            math.log1p(_distance(pos, quote)) / _LOG_SCALE,
            after,
            ctx_start <= pos < ctx_end,
            same_paragraph,
            min(bisect.bisect_right(starts, max(lo, hi - 1)) - bisect.bisect_right(starts, lo),
                5) / 5,
            mention[1],
            not after and same_paragraph and ctx_start <= pos and text.find(":", lo, hi) >= 0,
            c.salient,
            c.subject,
            math.log1p(c.mentions),
            min(c.window_mentions, 5) / 5,
            sp.label == last_person,
            *mention[2:],
            sp.label == quote.speaker,
        ))
    return out


def _verb_after(text: str, end: int) -> bool:
    """"X said", "X, the minister, said", "X also told": a speech verb within reach."""
    m = _FINITE_RE.search(text, end, end + VERB_REACH)
    return m is not None and _STOP.search(text, end, m.start()) is None


def choose(model: SpeakerModel, finder: QuoteFinder, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` with each direct quote's speaker replaced by its most probable candidate
    (the rules' speaker when it has no candidate; indirect statements unchanged).

    The candidates of all quotes are scored in one product; a quote with one candidate takes
    it without scoring (the argmax of one)."""
    if not any(q.kind == "direct" for q in quotes):
        return quotes
    facts = ArticleFacts(finder)
    groups = [candidates(facts, q) if q.kind == "direct" else [] for q in quotes]
    rows: list[tuple[float | bool, ...]] = []
    for q, cands in zip(quotes, groups, strict=True):
        if cands and any(c.speaker.label != q.speaker for c in cands):
            rows.extend(_rows(facts, q, cands))
    scores = model.scores(np.array(rows, dtype=np.float64)) if rows else np.zeros(0)
    out: list[Quote] = []
    at = 0
    for q, cands in zip(quotes, groups, strict=True):
        if cands and any(c.speaker.label != q.speaker for c in cands):
            own = scores[at : at + len(cands)]
            at += len(cands)
            best = int(own.argmax())  # same first maximum as np.argmax, without its dispatch
            sp = cands[best].speaker
            if sp.label != q.speaker:
                # The model's own confidence, not the rules' (they found no one or another):
                # the logistic of the chosen candidate's score.
                q = replace(q, speaker=sp.label, mention=sp.mention, actor=sp.actor,
                            role=sp.role, anonymous=sp.anonymous, co_actors=sp.co_actors,
                            rule="learned", confidence=round(logistic(float(own[best])), 2))
        out.append(q)
    return out


#: The committed parameters.
MODEL_PATH = Path(__file__).with_name("models") / "speakerlearn8.json"


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> SpeakerModel:
    """The fitted parameters of ``path`` (checked against :data:`FEATURES`)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(doc["features"])
    unknown = sorted(set(names) - set(FEATURES))
    if unknown or len(doc["weights"]) != len(names):
        raise ValueError(f"{path}: features {unknown} not in speaker_rank.FEATURES or weights "
                         "not one per feature; retrain with tools/train_speakerlearn8.py")
    return SpeakerModel(names, np.asarray(doc["weights"], dtype=np.float64),
                        float(doc["intercept"]))


def chooser(path: Path = MODEL_PATH) -> Callable[[QuoteFinder, list[Quote]], list[Quote]]:
    """:func:`choose` with the parameters of ``path``: ``ingest_text(speakers=...)``."""
    return partial(choose, load_model(path))
