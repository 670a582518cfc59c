"""A learned boilerplate-line classifier: the shape and context of a line -> P(page furniture).

The line rules of :mod:`guarantor.ingest.clean` were written for the outlets of the dev
articles and miss much of the furniture of outlets they never saw (issue 20). This module
scores every line of a text with a logistic regression over general features of its shape
(length, words, final punctuation, capitals, digits, date and time shapes, separators, credit,
promo and byline words, link shapes, a verb, a quotation mark, a speech verb) and of its context
(position in the text, whether its neighbours are short, whether it repeats the first line).
The cleaner removes a line when a rule matches it OR the model's probability reaches the
threshold chosen in cross-validation (:func:`flagged_lines`).

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
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Where the fitted parameters live (package data).
MODEL_PATH = Path(__file__).parent / "models" / "boilerplate.json"

_I = re.IGNORECASE
_TOKEN = re.compile(r"[^\W_][\w’'.-]*")
_MONTH_DAY = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", _I)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUM_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_AGO = re.compile(r"\b(?:ago|yesterday|today|updated|published)\b", _I)
_SEPARATORS = re.compile(r"[|/·•»›]")
_CREDIT = re.compile(
    r"©|\b(?:photo(?:graph)?s?|foto|image|picture|credit|getty|reuters|afp|ap|epa|pool|"
    r"shutterstock|anadolu|xinhua|tass|bloomberg|via|illustrative|file)\b", _I)
_LINK = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|news|info|eu|ua|ru|uk|io|co)\b",
                   _I)
_PROMO = re.compile(
    r"\b(?:read|more|also|subscribe|subscription|share|follow|newsletter|related|next|"
    r"previous|comments?|reply|sign|click|advert\w*|ads?|login|menu|home|latest|trending|"
    r"popular|watch|listen|download|app)\b", _I)
_BYLINE = re.compile(
    r"\b(?:by|author|editor|edited|reporter|correspondent|journalist|written|columnist|"
    r"contributor|staff|source)\b", _I)
#: Verb-like tokens: auxiliaries and common finite verbs of news prose (a sentence has one,
#: a caption label, menu or byline rarely does).
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|should|must|may|"
    r"might|shall|does|do|did|says|said|told|added|stated|wants?|needs?|plans?|makes?|made|"
    r"takes?|took|gives?|gave|sends?|sent|agreed|called|noted|warned|announced|expects?|"
    r"remains?|seems?|became|becomes?|\w{3,}ed)\b", _I)
_QUOTE = re.compile(r"[“”\"«»„]")
#: Speech verbs (a subset of :mod:`guarantor.ingest.quotes`' finite speech verbs).
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|stressed|noted|wrote|warned|argued|"
    r"insisted|emphasi[sz]ed|explained|declared|announced|asserted|claimed|confirmed|"
    r"suggested|replied|responded|according)\b", _I)
_QUOTED_WORDS = re.compile(r"[“\"«„]\s*+(?:[^\s“”\"«»„]++\s++){2,}[^\s“”\"«»„]")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?\s+[“\"‘(]?[A-Z]")
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


@lru_cache(maxsize=8192)
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
    toks = _TOKEN.findall(line)
    n_tok = len(toks)
    alpha = [t for t in toks if t[0].isalpha()]
    last = line[-1] if line else ""
    n_chars = len(line)
    digits = sum(c.isdigit() for c in line)
    return (
        math.log1p(n_chars),
        math.log1p(n_tok),
        float(last in ".!?…"),
        float(last in "”\"’'»"),
        float(last == ":"),
        float(last.isalnum()),
        sum(t[0].isupper() for t in alpha) / len(alpha) if alpha else 0.0,
        sum(len(t) > 1 and t.isupper() for t in alpha) / len(alpha) if alpha else 0.0,
        digits / n_chars if n_chars else 0.0,
        float(_MONTH_DAY.search(line) is not None),
        float(_TIME.search(line) is not None),
        float(_NUM_DATE.search(line) is not None),
        float(_AGO.search(line) is not None),
        min(len(_SEPARATORS.findall(line)), 3) / 3,
        float(_CREDIT.search(line) is not None),
        float(_LINK.search(line) is not None),
        float(_PROMO.search(line) is not None),
        float(_BYLINE.search(line) is not None),
        float(_VERB.search(line) is not None),
        float(_QUOTE.search(line) is not None),
        float(_SPEECH.search(line) is not None),
        math.log1p(len(_SENTENCE_END.findall(line))),
        float(_BULLET.match(line) is not None),
        float(line.endswith((")", ").", ")”"))),
        float(line[:1].islower()),
        float(_PROMO_START.match(line) is not None),
        float(last == "?"),
    )


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
            or (_QUOTE.search(line) is not None and _SPEECH.search(line) is not None))


def _short(line: str | None) -> float:
    if line is None:
        return 1.0  # the text's edge: nothing around, as short as a line can be
    return float(len(line) <= SHORT_CHARS or line[-1] not in ".!?…”\"’)")


def _words(line: str) -> frozenset[str]:
    return frozenset(t.lower() for t in _TOKEN.findall(line))


def line_features(lines: Sequence[str]) -> list[tuple[float, ...]]:
    """The feature rows of the lines of one text: each line's shape, then its context.

    Parameters
    ----------
    lines : sequence of str
        The non-empty, stripped lines of one text, in order.

    Returns
    -------
    list of tuple of float
        One row per line, in the order of :data:`FEATURES` (shape, then context: relative
        position, first, last, whether the line before / after is short, whether the line
        repeats most words of the first line, as a title printed again does, whether the line
        before / after is a bullet, whether the line before starts like a promo).

    Examples
    --------
    >>> rows = line_features(["Allies meet", "The ministers met on Monday in Paris."])
    >>> ctx = dict(zip(CONTEXT_FEATURES, rows[1][len(SHAPE_FEATURES):]))
    >>> ctx["position"], ctx["is_last"], ctx["prev_short"], ctx["next_short"]
    (1.0, 1.0, 1.0, 1.0)
    """
    n = len(lines)
    first = _words(lines[0]) if n else frozenset()
    rows: list[tuple[float, ...]] = []
    for i, line in enumerate(lines):
        words = _words(line) if i else first
        repeats = (i > 0 and bool(first) and len(words & first) >= 0.8 * len(first))
        rows.append(line_shape(line) + (
            i / (n - 1) if n > 1 else 0.0,
            float(i == 0),
            float(i == n - 1),
            _short(lines[i - 1] if i else None),
            _short(lines[i + 1] if i + 1 < n else None),
            float(repeats),
            float(i > 0 and _BULLET.match(lines[i - 1]) is not None),
            float(i + 1 < n and _BULLET.match(lines[i + 1]) is not None),
            float(i > 0 and _PROMO_START.match(lines[i - 1]) is not None),
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

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """P(boilerplate) of each feature row.

        Examples
        --------
        >>> m = LineModel(("a", "b"), (0.0, 1.0), (1.0, 2.0), (2.0, -1.0), -0.5, 0.5)
        >>> [round(p, 4) for p in m.probabilities([(1.0, 3.0)])]  # z = -0.5 + 2 - 1 = 0.5
        [0.6225]
        """
        weights = [c / s for c, s in zip(self.coef, self.scale, strict=True)]
        base = self.intercept - sum(w * m for w, m in zip(weights, self.mean, strict=True))
        out = []
        for row in rows:
            z = base + sum(w * x for w, x in zip(weights, row, strict=True))
            out.append(1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0)
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
        The flagged lines' texts.
    """
    if not lines:
        return frozenset()
    m = model or load_model()
    probs = m.probabilities(line_features(lines))
    return frozenset(line for line, p in zip(lines, probs, strict=True) if p >= m.threshold)
