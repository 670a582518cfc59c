"""A learned boilerplate-line classifier: the shape and context of a line -> P(page furniture).

The line rules of :mod:`guarantor.ingest.clean` were written for the outlets of the dev
articles and miss much of the furniture of outlets they never saw (issue 20). This module
scores every line of a text with a logistic regression over general features of its shape
(length, words, final punctuation, capitals, digits, date and time shapes, separators, credit,
promo and byline words, link shapes, a verb, a quotation mark, a speech verb) and of its context
(position in the text, whether its neighbours are short, whether it repeats the first line).
The cleaner removes a line when a rule matches it OR the model's probability reaches the
threshold chosen in cross-validation (:func:`flagged_lines`); the model never flags a line that
quotes someone (:func:`holds_quotation`).

The parameters (feature names, standardisation, coefficients, intercept, threshold) and their
provenance are read from ``models/boilerplate.json``, written by ``tools/train_boilerplate.py``
(scikit-learn, trained on the dev split of the evaluation key only). Scoring here is plain
Python: the ingest path imports neither scikit-learn nor NumPy.

References
----------
Kohlschütter, Fankhauser and Nejdl (2010), "Boilerplate detection using shallow text
features", WSDM '10: line length, word counts, link and capitalisation shapes and the same
features of the neighbouring blocks separate furniture from text.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from guarantor.ingest.linear_model import logistic

#: Where the fitted parameters live (package data).
MODEL_PATH = Path(__file__).parent / "models" / "boilerplate.json"

_I = re.IGNORECASE
_WORD = re.compile(r"[^\W\d_]+")
#: A word in -ed (a verb form).
_ED_WORD = re.compile(r"[a-z]{3}ed\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUM_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_SEPARATORS = re.compile(r"[|/·•»›]")
_LINK = re.compile(r"://|\bwww\.|\.(?:com|org|net|news|info|eu|ua|ru|uk|io|co)\b", _I)
_QUOTE = re.compile(r"[“”\"«»„]")


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Cue words, each set read as "the line has one of these words" (lower case, letters only).
_MONTH_DAY = _words_of(
    "jan january feb february march apr april jun june jul july aug august sep sept september "
    "oct october nov november dec december monday tuesday wednesday thursday friday saturday "
    "sunday")
_TIME_WORDS = _words_of("ago yesterday today updated published")
_CREDIT = _words_of(
    "photo photos photograph photographs foto image picture credit getty reuters afp ap epa "
    "pool shutterstock anadolu xinhua tass bloomberg via illustrative file")
_PROMO = _words_of(
    "read more also subscribe subscription share follow newsletter related next previous "
    "comment comments reply sign click ad ads advert advertisement advertising login menu home "
    "latest trending popular watch listen download app")
_BYLINE = _words_of(
    "by author editor edited reporter correspondent journalist written columnist contributor "
    "staff source")
#: Verb-like words: auxiliaries and common finite verbs of news prose (a sentence has one, a
#: caption label, menu or byline rarely does), and any word of five or more letters in -ed.
_VERB = _words_of(
    "is are was were be been being has have had will would can could should must may might "
    "shall does do did says said told added stated want wants need needs plan plans make makes "
    "made take takes took give gives gave send sends sent agreed called noted warned announced "
    "expect expects remain remains seem seems became become becomes")
#: Speech verbs (a subset of :mod:`guarantor.ingest.quotes`' finite speech verbs).
_SPEECH = _words_of(
    "said says say told tells added adds stated stressed noted wrote warned argued insisted "
    "emphasised emphasized explained declared announced asserted claimed confirmed suggested "
    "replied responded according")
_QUOTED_WORDS = re.compile(r"[“\"«„]\s*+(?:[^\s“”\"«»„]++\s++){2,}[^\s“”\"«»„]")

_BULLET = re.compile(r"^[-•*–—]\s*")
#: Words a promo, link or credit line starts with ("Read also: ...", "Source: ...").
_PROMO_START = re.compile(
    r"^[-•*–—]?\s*(?:read|see|also|more|related|next|previous|watch|listen|source|photo|"
    r"image|follow|share|subscribe|sign|click|home|latest|top)\b", _I)

#: Names of the features, in the order :func:`line_features` returns them.
SHAPE_FEATURES: tuple[str, ...] = (
    "log_chars", "log_words", "ends_stop", "ends_quote", "ends_colon", "ends_bare",
    "capital_share", "upper_share", "digit_share", "month_or_weekday", "clock_time",
    "numeric_date", "time_word", "separators", "credit_words", "link_shape", "promo_words",
    "byline_words", "verb", "quote_mark", "speech_verb", "sentences", "bullet", "ends_paren",
    "starts_lower", "promo_start", "ends_question",
)
CONTEXT_FEATURES: tuple[str, ...] = (
    "position", "is_first", "is_last", "prev_short", "next_short", "repeats_first",
    "prev_bullet", "next_bullet", "prev_promo_start",
)
FEATURES: tuple[str, ...] = SHAPE_FEATURES + CONTEXT_FEATURES

#: A neighbour is short when it has at most this many characters or no final stop.
SHORT_CHARS = 60
#: Lines longer than this are article text: never scored (no listed boilerplate line of the
#: dev split is longer but two, an author's biography and a subscription notice, both rules').
MAX_CHARS = 300
#: The cues of a long line are read in its first HEAD and last TAIL characters.
HEAD, TAIL = 100, 60


def line_shape(line: str) -> tuple[float, ...]:
    """The shape features of one line (see :data:`SHAPE_FEATURES`), each a number in [0, ~7].

    Parameters
    ----------
    line : str
        One stripped line of text.

    Returns
    -------
    tuple of float
        Values in the order of :data:`SHAPE_FEATURES`.

    Examples
    --------
    >>> shape = dict(zip(SHAPE_FEATURES, line_shape("Photo: Jane Doe / Reuters")))
    >>> shape["credit_words"], shape["ends_bare"], shape["verb"]
    (1.0, 1.0, 0.0)
    """
    return _read(line)[0]


@lru_cache(maxsize=8192)
def _read(line: str) -> tuple[tuple[float, ...], frozenset[str]]:
    """A line's shape features and the set of its lower-case words, read once (cached: a
    cleaning pass asks again about the lines an earlier pass kept)."""
    # The word and shape cues are read in a window of the line's start and end: furniture is
    # short, and a paragraph of article text shows what it is in its first words (a verb, no
    # credit) and its end (a stop), so a long paragraph costs no more than a short line.
    n_chars = len(line)
    view = line if n_chars <= HEAD + TAIL else f"{line[:HEAD]} {line[-TAIL:]}"
    found = _WORD.findall(view)
    n_words = len(found)
    words = frozenset(map(str.lower, found))
    capitalised = [w for w in found if w[0].isupper()]
    last = line[-1] if line else ""
    digits = sum(map(view.count, "0123456789"))
    return (
        math.log1p(n_chars),
        math.log1p(line.count(" ") + 1 if line else 0),
        float(last in ".!?…"),
        float(last in "”\"’'»"),
        float(last == ":"),
        float(last.isalnum()),
        len(capitalised) / n_words if n_words else 0.0,
        sum(len(w) > 1 and w.isupper() for w in capitalised) / n_words if n_words else 0.0,
        digits / len(view) if view else 0.0,
        float(not words.isdisjoint(_MONTH_DAY)),
        float(digits > 0 and ":" in view and _TIME.search(view) is not None),
        float(digits > 0 and _NUM_DATE.search(view) is not None),
        float(not words.isdisjoint(_TIME_WORDS)),
        min(len(_SEPARATORS.findall(view)), 3) / 3,
        float("©" in view or not words.isdisjoint(_CREDIT)),
        float(_LINK.search(view) is not None),
        float(not words.isdisjoint(_PROMO)),
        float(not words.isdisjoint(_BYLINE)),
        float(not words.isdisjoint(_VERB) or _ED_WORD.search(view) is not None),
        float(_QUOTE.search(view) is not None),
        float(_has_speech_verb(words)),
        math.log1p(line.count(". ") + line.count("? ") + line.count("! ")),
        float(_BULLET.match(line) is not None),
        float(line.endswith((")", ").", ")”"))),
        float(line[:1].islower()),
        float(_PROMO_START.match(line) is not None),
        float(last == "?"),
    ), words


def holds_quotation(line: str) -> bool:
    """Whether a line quotes someone: an opening double quotation mark followed by three or
    more words (someone's words, also when the page cut the line before the closing mark; a
    quoted term such as a “backstop” is not one), or a quotation mark with a speech verb.

    Examples
    --------
    >>> holds_quotation("- “We will send engineers,” the minister said")
    True
    >>> holds_quotation("“We are ready to do our part and")
    True
    >>> holds_quotation("- Allies discuss a US “backstop” in Paris")
    False
    """
    return (_QUOTED_WORDS.search(line) is not None
            or (_QUOTE.search(line) is not None
                and _has_speech_verb(frozenset(_WORD.findall(line.lower())))))


def _has_speech_verb(words: frozenset[str]) -> bool:
    return not words.isdisjoint(_SPEECH)


def _short(line: str) -> float:
    return float(len(line) <= SHORT_CHARS or line[-1] not in ".!?…”\"’)")


def _words(line: str) -> frozenset[str]:
    """The lower-case words of a line (of its window, as :func:`line_shape` reads them)."""
    return _read(line)[1]


def line_features(lines: Sequence[str]) -> list[tuple[float, ...] | None]:
    """The feature rows of the lines of one text: each line's shape, then its context.

    Parameters
    ----------
    lines : sequence of str
        The non-empty, stripped lines of one text, in order.

    Returns
    -------
    list of (tuple of float or None)
        One row per line, in the order of :data:`FEATURES` (shape, then context: relative
        position, first, last, whether the line before / after is short, whether the line
        repeats most words of the first line, as a title printed again does, whether the line
        before / after is a bullet, whether the line before starts like a promo); None for a
        line longer than :data:`MAX_CHARS`, which is article text (never scored, never read).

    Examples
    --------
    >>> rows = line_features(["Allies meet", "The ministers met on Monday in Paris."])
    >>> ctx = dict(zip(CONTEXT_FEATURES, rows[1][len(SHAPE_FEATURES):]))
    >>> ctx["position"], ctx["is_last"], ctx["prev_short"], ctx["next_short"]
    (1.0, 1.0, 1.0, 1.0)
    """
    n = len(lines)
    first = _words(lines[0]) if n else frozenset()
    # Each line's own context cues, once: (short, bullet, promo start); the text's edges count
    # as short, neither bullet nor promo.
    cues = [(1.0, 0.0, 0.0)]
    cues.extend((_short(line), float(_BULLET.match(line) is not None),
                 float(_PROMO_START.match(line) is not None)) for line in lines)
    cues.append((1.0, 0.0, 0.0))
    rows: list[tuple[float, ...] | None] = []
    for i, line in enumerate(lines):
        if len(line) > MAX_CHARS:
            rows.append(None)
            continue
        repeats = i > 0 and bool(first) and len(_words(line) & first) >= 0.8 * len(first)
        before, after = cues[i], cues[i + 2]
        rows.append(line_shape(line) + (
            i / (n - 1) if n > 1 else 0.0,
            float(i == 0),
            float(i == n - 1),
            before[0],
            after[0],
            float(repeats),
            before[1],
            after[1],
            before[2],
        ))
    return rows


@dataclass(frozen=True)
class LineModel:
    """A fitted logistic regression over standardised :data:`FEATURES`.

    ``P(boilerplate) = 1 / (1 + exp(-(intercept + Σ coef_j · (x_j - mean_j) / scale_j)))``;
    a line is boilerplate when the probability is at least ``threshold``.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    @cached_property
    def _folded(self) -> tuple[tuple[float, ...], float]:
        """The standardisation folded into the weights: (coef / scale, the constant)."""
        weights = tuple(c / s for c, s in zip(self.coef, self.scale, strict=True))
        return weights, self.intercept - sum(w * m for w, m in zip(weights, self.mean,
                                                                      strict=True))

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """P(boilerplate) of each feature row.

        Examples
        --------
        >>> m = LineModel(("a", "b"), (0.0, 1.0), (1.0, 2.0), (2.0, -1.0), -0.5, 0.5)
        >>> [round(p, 4) for p in m.probabilities([(1.0, 3.0)])]  # z = -0.5 + 2 - 1 = 0.5
        [0.6225]
        """
        weights, base = self._folded
        out = []
        for row in rows:
            z = base + sum(map(operator.mul, weights, row))
            out.append(logistic(z))
        return out


def model_from_dict(data: dict[str, object]) -> LineModel:
    """A :class:`LineModel` from the ``model`` part of the parameter file (checked against
    :data:`FEATURES`: a file written for other features is refused, not misread)."""
    features = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
    if features != FEATURES:
        raise ValueError(f"{MODEL_PATH}: features {features} are not this module's {FEATURES};"
                         " re-run tools/train_boilerplate.py")

    def floats(name: str) -> tuple[float, ...]:
        values = tuple(float(v) for v in data[name])  # type: ignore[attr-defined]
        if len(values) != len(features):
            raise ValueError(f"{MODEL_PATH}: {name} has {len(values)} values, "
                             f"expected {len(features)}")
        return values

    return LineModel(features, floats("mean"), floats("scale"), floats("coef"),
                     float(data["intercept"]), float(data["threshold"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_model() -> LineModel:
    """The bundled model (read once per process)."""
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return model_from_dict(doc["model"])


def flagged_lines(lines: Sequence[str], model: LineModel | None = None) -> frozenset[str]:
    """The lines of one text the model calls boilerplate (probability >= its threshold).

    Parameters
    ----------
    lines : sequence of str
        The non-empty, stripped lines of one text, in order.
    model : LineModel, optional
        Defaults to the bundled model (:func:`load_model`).

    Returns
    -------
    frozenset of str
        The flagged lines' texts; never a line that :func:`holds_quotation`.
    """
    if not lines:
        return frozenset()
    m = model or load_model()
    scored = [(line, row) for line, row in zip(lines, line_features(lines), strict=True)
              if row is not None]
    probs = m.probabilities([row for _, row in scored])
    # A line that quotes someone is article text whatever its shape: on an outlet the model
    # never saw, a short quoted line can look like a caption or a headline, and a quote cut is
    # worse than a line of furniture left (the one held-out key quote the session-8 model cut).
    # Asked only of the few lines over the threshold: it costs nothing on the others.
    return frozenset(line for (line, _), p in zip(scored, probs, strict=True)
                     if p >= m.threshold and not holds_quotation(line))
