"""Train the learned boilerplate-line classifier (guarantor.ingest.boilerplate) on the DEV split.

    python tools/train_boilerplate.py [--key K] [--cache DIR] [--out FILE] [--check]

Data: every non-empty line of every dev excerpt (``split_of(file) == "dev"``; the test split is
never read). A line is boilerplate when the key lists a boilerplate line for that article whose
comparison key (evaluate.py's own ``text.key``) is contained in the line's key and covers at
least half of it; a line holds a key quote when a key quote's comparison key is contained in it
(evaluate.py's over-cleaning test). Features: ``boilerplate.line_features`` (the same function the
cleaner calls at run time).

Model: logistic regression on standardised features (scikit-learn, lbfgs, deterministic), the
inverse regularisation ``C`` and the class weighting chosen by grouped cross-validation by
OUTLET (leave one outlet out). For each setting the out-of-fold probabilities give the
threshold: the smallest probability above every key-quote line's and above all but
``MAX_ARTICLE_LINES_CUT`` article lines' (a line that quotes someone, which
``flagged_lines`` never flags, counts as probability 0). The setting kept is the one whose
out-of-fold flags, together with the rules (``clean_text`` run with each fold's model), remove
the most listed boilerplate lines; ties go to the stronger regularisation.

Writes ``src/guarantor/ingest/models/boilerplate.json``: parameters, the threshold, the CV
figures (with the rules' own dev figure beside them) and the provenance (key SHA-256, dev
files, command, scikit-learn version). Re-running rewrites the same file; ``--check`` exits 1
when the written parameters would differ from the file's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from guarantor.ingest.boilerplate import (
    FEATURES,
    MAX_CHARS,
    MODEL_PATH,
    LineModel,
    holds_quotation,
    line_features,
)
from guarantor.ingest.clean import clean_text
from guarantor.ingest.evaluate import load_key, split_of
from guarantor.ingest.text import key as text_key
from guarantor.ingest.text import normalise

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "tests" / "ingest" / "eval" / "key.yaml"
CACHE = ROOT / "tests" / "ingest" / "eval" / "cache"
#: The settings tried: (C, class weighting).
GRID: tuple[tuple[float, str | None], ...] = tuple(
    (c, w) for c in (0.01, 0.03, 0.1, 0.3, 1.0) for w in (None, "balanced"))
#: Article lines (neither listed boilerplate nor key-quote lines) the out-of-fold flags may cut.
MAX_ARTICLE_LINES_CUT = 1
#: Significant digits written (the file must not change with the last bits of a BLAS sum).
DIGITS = 8


@dataclass(frozen=True)
class Excerpt:
    """One dev excerpt: its lines, their labels, and what the key lists for it."""

    file: str
    outlet: str
    text: str
    lines: tuple[str, ...]
    boiler: tuple[bool, ...]      # the line is listed boilerplate
    quote: tuple[bool, ...]       # the line holds a key quote
    listed: tuple[str, ...]       # the key's boilerplate lines
    quotes: tuple[str, ...]       # the key's quote texts


def _contains(line_key: str, part: str) -> bool:
    return bool(part) and f" {part} " in f" {line_key} "


def dev_excerpts(key_path: Path = KEY, cache: Path = CACHE) -> list[Excerpt]:
    """The dev excerpts of the key that are in the cache, labelled line by line."""
    out = []
    for entry in load_key(key_path).articles:
        path = cache / entry.file
        if split_of(entry.file) != "dev" or not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        lines = tuple(ln for ln in (x.strip() for x in normalise(text).split("\n")) if ln)
        listed = tuple(entry.boilerplate or ())
        lkeys = [text_key(b) for b in listed]
        qkeys = [text_key(q.text) for q in entry.quotes]
        boiler, quote = [], []
        for line in lines:
            k = text_key(line)
            boiler.append(any(_contains(k, b) and 2 * len(b) >= len(k) for b in lkeys))
            quote.append(any(_contains(k, q) for q in qkeys))
        out.append(Excerpt(entry.file, entry.outlet or entry.file, text, lines, tuple(boiler),
                           tuple(quote), listed, tuple(q.text for q in entry.quotes)))
    return out


def matrix(excerpts: list[Excerpt]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, boilerplate labels, key-quote flags and outlet group of every scored line
    (lines longer than ``boilerplate.MAX_CHARS`` are never scored, so not trained on)."""
    rows, y, q, g = [], [], [], []
    outlets = sorted({e.outlet for e in excerpts})
    for e in excerpts:
        for row, b, qq in zip(line_features(e.lines), e.boiler, e.quote, strict=True):
            if row is None:  # a line too long to be scored (boilerplate.MAX_CHARS)
                continue
            rows.append(row)
            y.append(b)
            q.append(qq)
            g.append(outlets.index(e.outlet))
    return np.array(rows, dtype=float), np.array(y, bool), np.array(q, bool), np.array(g)


def guarded(excerpts: list[Excerpt]) -> np.ndarray:
    """Which scored lines (in :func:`matrix`'s order) hold a quotation: ``flagged_lines``
    never flags them, so their probabilities neither set the threshold nor count as flags."""
    return np.array([holds_quotation(line) for e in excerpts for line in e.lines
                     if len(line) <= MAX_CHARS], bool)


def fit(x: np.ndarray, y: np.ndarray, c: float, weight: str | None) -> LineModel:
    """A logistic regression on standardised features, as a :class:`LineModel` (threshold 0.5
    until :func:`threshold` sets it)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, class_weight=weight, max_iter=5000, tol=1e-9)
    lr.fit((x - mean) / scale, y)
    return LineModel(FEATURES, tuple(mean), tuple(scale), tuple(lr.coef_[0]),
                     float(lr.intercept_[0]), 0.5)


def threshold(p: np.ndarray, y: np.ndarray, q: np.ndarray) -> float:
    """The smallest probability above every key-quote line's and above all but
    :data:`MAX_ARTICLE_LINES_CUT` article lines' (``p`` out of fold)."""
    article = np.sort(p[~y & ~q])[::-1]
    bound = max(float(p[q].max()) if q.any() else 0.0,
                float(article[MAX_ARTICLE_LINES_CUT]) if len(article) > MAX_ARTICLE_LINES_CUT
                else 0.0)
    return float(np.nextafter(bound, 1.0))


@dataclass(frozen=True)
class Cleaned:
    """The evaluator's boilerplate and over-cleaning counts over some excerpts."""

    removed: int
    listed: int
    quotes_cut: int
    article_lines_cut: int


def _rules_body(e: Excerpt, cache: dict[str, str] = {}) -> str:  # noqa: B006 (a memo)
    if e.file not in cache:
        cache[e.file] = text_key(clean_text(e.text, learned=False).text)
    return cache[e.file]


def evaluate_cleaning(excerpts: list[Excerpt], models: dict[str, LineModel | None]) -> Cleaned:
    """Clean each excerpt with its model (None: the rules alone) and count as evaluate.py does:
    a listed line is removed when its key no longer occurs in the cleaned text, a key quote is
    cut when its key no longer does; article lines cut = lines neither listed nor holding a
    quote that the rules keep and the model removes."""
    removed = listed = cut = lines_cut = 0
    for e in excerpts:
        model = models[e.file]
        body = (text_key(clean_text(e.text, model=model).text) if model is not None
                else _rules_body(e))
        rules = _rules_body(e)
        for b in e.listed:
            listed += 1
            removed += text_key(b) not in body if text_key(b) else True
        cut += sum(text_key(q) not in body for q in e.quotes)
        lines_cut += sum(1 for line, b, qq in zip(e.lines, e.boiler, e.quote, strict=True)
                         if not b and not qq and text_key(line) in rules
                         and text_key(line) not in body)
    return Cleaned(removed, listed, cut, lines_cut)


def out_of_fold(excerpts: list[Excerpt], x: np.ndarray, y: np.ndarray, g: np.ndarray,
                c: float, weight: str | None) -> tuple[np.ndarray, dict[str, LineModel]]:
    """Leave-one-outlet-out probabilities of every line, and each excerpt's fold model."""
    p = np.zeros(len(y))
    models: dict[str, LineModel] = {}
    outlets = sorted({e.outlet for e in excerpts})
    for k in range(len(outlets)):  # an outlet without a scored line still gets its fold
        test = g == k
        m = fit(x[~test], y[~test], c, weight)
        p[test] = m.probabilities(x[test].tolist())
        models.update({e.file: m for e in excerpts if outlets.index(e.outlet) == k})
    return p, models


def _round(values: object) -> object:
    if isinstance(values, float):
        return float(f"{values:.{DIGITS}g}")
    if isinstance(values, (list, tuple)):
        return [_round(v) for v in values]
    return values


def model_alone(excerpts: list[Excerpt], p: np.ndarray, t: float) -> int:
    """Listed lines the flags alone remove (every line holding the listed line flagged)."""
    n = start = 0
    for e in excerpts:
        flags = []
        for line in e.lines:  # the order of matrix(): scored lines only
            scored = len(line) <= MAX_CHARS
            flags.append(scored and bool(p[start] >= t))
            start += scored
        keys = [text_key(line) for line in e.lines]
        for b in e.listed:
            holders = [f for k, f in zip(keys, flags, strict=True) if _contains(k, text_key(b))]
            n += bool(holders) and all(holders)
    return n


def fit_setting(excerpts: list[Excerpt], c: float, weight: str | None,
                ) -> tuple[LineModel, np.ndarray, dict[str, LineModel]]:
    """One setting: the model fitted on all dev lines with the threshold of its out-of-fold
    probabilities, those probabilities, and each excerpt's fold model (same threshold)."""
    x, y, q, g = matrix(excerpts)
    p, fold_models = out_of_fold(excerpts, x, y, g, c, weight)
    p[guarded(excerpts)] = 0.0  # as flagged_lines: a line that quotes someone is never flagged
    t = threshold(p, y, q)
    folds = {f: replace(m, threshold=t) for f, m in fold_models.items()}
    return replace(fit(x, y, c, weight), threshold=t), p, folds


def train(key_path: Path = KEY, cache: Path = CACHE) -> dict[str, object]:
    """The whole parameter file's content (see the module docstring)."""
    excerpts = dev_excerpts(key_path, cache)
    x, y, q, g = matrix(excerpts)
    rules = evaluate_cleaning(excerpts, dict.fromkeys((e.file for e in excerpts), None))
    best = None
    grid = []
    for c, weight in GRID:
        final, p, fold_models = fit_setting(excerpts, c, weight)
        t = final.threshold
        res = evaluate_cleaning(excerpts, dict(fold_models))
        row = {"C": c, "class_weight": weight, "threshold": t,
               "oof_lines_flagged": int((p >= t).sum()),
               "oof_boilerplate_lines_flagged": int((p[y] >= t).sum()),
               "model_alone_removed": model_alone(excerpts, p, t),
               "removed": res.removed, "listed": res.listed, "key_quotes_cut": res.quotes_cut,
               "article_lines_cut": res.article_lines_cut}
        grid.append(row)
        print(row, file=sys.stderr)
        score = (res.removed, -res.article_lines_cut, row["model_alone_removed"], -c)
        if res.quotes_cut == 0 and (best is None or score > best[0]):
            best = (score, c, weight, final, row)
    if best is None:
        raise SystemExit("no setting cuts no key quote out of fold")
    _, c, weight, m, row = best
    t = m.threshold
    key_sha = hashlib.sha256(key_path.read_bytes()).hexdigest()
    return {
        "model": {
            "features": list(FEATURES),
            "mean": _round(list(m.mean)),
            "scale": _round(list(m.scale)),
            "coef": _round(list(m.coef)),
            "intercept": _round(m.intercept),
            "threshold": _round(t),
            "C": c,
            "class_weight": weight,
        },
        "cv": {
            "scheme": "leave one outlet out over the dev split; threshold from the pooled "
                      "out-of-fold probabilities; cleaning with each fold's model",
            "chosen": row,
            "rules_alone_dev": {"removed": rules.removed, "listed": rules.listed,
                                "key_quotes_cut": rules.quotes_cut},
            "grid": grid,
        },
        "provenance": {
            "trained_on": "dev split of tests/ingest/eval/key.yaml (split_of == 'dev')",
            "key_sha256": key_sha,
            "dev_files": [e.file for e in excerpts],
            "lines": int(len(y)),
            "boilerplate_lines": int(y.sum()),
            "key_quote_lines": int(q.sum()),
            "outlets": len(np.unique(g)),
            "command": "python tools/train_boilerplate.py",
            "sklearn": sklearn.__version__,
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--key", type=Path, default=KEY)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the file's parameters differ from a retrain")
    args = ap.parse_args(argv)
    doc = train(args.key, args.cache)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = args.out.exists() and json.loads(args.out.read_text())["model"] == doc["model"]
        print("same parameters" if same else f"{args.out} differs from a retrain")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {json.dumps(doc['cv']['chosen'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
