"""Train the learned speaker choice (issue 20) on the dev split of the evaluation key.

    python tools/train_speakerlearn8.py [--key tests/ingest/eval/key.yaml]
        [--cache tests/ingest/eval/cache] [--out src/guarantor/ingest/models/speakerlearn8.json]
        [--cv-only] [--coverage]

Each dev article is ingested as the pipeline does (``ingest_text(speakers=...)`` hands over the
finder and the rules' quotes at the one call site the model uses); each predicted direct quote
that the evaluator matches to a key quote (``evaluate.match_spans``) is one group of candidate
speakers (``speaker_rank.candidates``), each labelled by ``evaluate.same_speaker`` against the
key's speaker. A logistic regression over candidate pairs (scikit-learn, L2, class weights
balanced) is fitted on the quotes whose key speaker is among their candidates; a softmax per
quote (the argmax of the scores) chooses. Hyper-parameters (C, and whether the rules' choice is
a feature) are chosen by grouped cross-validation on dev (GroupKFold, groups = outlet): the
number of matched key quotes given the right speaker, the rules' on the same quotes beside it.
The final model is refitted on all dev quotes and written with its provenance. Deterministic:
the same key and cache write the same file.

``--coverage`` also prints how many of the rules' wrong speakers (dev, and test as counts only:
no test line is read or printed) have the key's speaker among their candidates at all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from guarantor.ingest import ingest_text, speaker_rank
from guarantor.ingest.evaluate import load_key, match_spans, same_speaker, split_of
from guarantor.ingest.quotes import Quote, QuoteFinder
from guarantor.ingest.source import read_article

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "tests" / "ingest" / "eval" / "key.yaml"
CACHE = ROOT / "tests" / "ingest" / "eval" / "cache"
OUT = speaker_rank.MODEL_PATH
#: Regularisation strengths tried (inverse of the L2 penalty; small = strong).
GRID_C = (0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5


@dataclass
class QuoteRow:
    """One predicted quote matched to a key quote, with its candidates."""

    file: str
    group: str
    quote: str
    rule_right: bool
    x: npt.NDArray[np.float64]  # [n_candidates, len(FEATURES)]
    y: npt.NDArray[np.bool_]  # candidate is the key's speaker


def _attributed(content: str) -> tuple[QuoteFinder, list[Quote]]:
    seen: list[tuple[QuoteFinder, list[Quote]]] = []

    def keep(finder: QuoteFinder, quotes: list[Quote]) -> list[Quote]:
        seen.append((finder, quotes))
        return quotes

    ingest_text(content, speakers=keep)
    return seen[0] if seen else (QuoteFinder(""), [])


def rows(key_path: Path, cache: Path, split: str) -> Iterator[QuoteRow]:
    """Candidate rows of every matched quote of the ``split`` articles of the key."""
    key = load_key(key_path)
    for entry in key.articles:
        if split_of(entry.file) != split:
            continue
        path = cache / Path(entry.file).name
        if not path.exists():
            raise SystemExit(f"{path}: missing; rebuild the cache (tests/ingest/eval/README.md)")
        finder, quotes = _attributed(read_article(path))
        facts = speaker_rank.ArticleFacts(finder)
        for i, j, _ in match_spans([q.text for q in quotes], [k.text for k in entry.quotes]):
            q, truth = quotes[i], entry.quotes[j].speaker
            cands = speaker_rank.candidates(facts, q) if q.kind == "direct" else []
            x = speaker_rank.features(facts, q, cands)
            y = np.array([same_speaker(c.speaker.label, truth) for c in cands], dtype=bool)
            yield QuoteRow(entry.file, entry.outlet or entry.file, q.text,
                           same_speaker(q.speaker, truth), x, y)


def _fit(data: list[QuoteRow], columns: list[int], c: float) -> tuple[npt.NDArray[np.float64],
                                                                       float]:
    from sklearn.linear_model import LogisticRegression

    train = [r for r in data if r.y.any()]
    x = np.vstack([r.x[:, columns] for r in train])
    y = np.concatenate([r.y for r in train])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _right(r: QuoteRow, columns: list[int], w: npt.NDArray[np.float64]) -> bool:
    if not len(r.y):
        return r.rule_right  # no candidate: the rules' speaker stays
    return bool(r.y[int(np.argmax(r.x[:, columns] @ w))])


def cross_validate(data: list[QuoteRow], columns: list[int], c: float) -> int:
    """Matched quotes given the right speaker, each predicted by a model not fitted on its
    outlet (GroupKFold over outlets)."""
    from sklearn.model_selection import GroupKFold

    groups = [r.group for r in data]
    right = 0
    for tr, te in GroupKFold(n_splits=FOLDS).split(np.zeros(len(data)), groups=groups):
        w, _ = _fit([data[i] for i in tr], columns, c)
        right += sum(_right(data[i], columns, w) for i in te)
    return right


def variants() -> dict[str, list[str]]:
    """Feature sets compared: the raw cues alone, and with the rules' choice stacked on."""
    raw = [f for f in speaker_rank.FEATURES if f != "rule_choice"]
    return {"raw cues": raw, "raw cues + rules' choice": list(speaker_rank.FEATURES)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(key_path: Path, cache: Path, log: list[str]) -> dict[str, object]:
    """Select by grouped CV on dev, refit on all dev, return the model document."""
    import sklearn

    data = list(rows(key_path, cache, "dev"))
    rules = sum(r.rule_right for r in data)
    covered = sum(bool(r.y.any()) for r in data)
    log.append(f"dev: {len(data)} matched quotes; rules right {rules}; key speaker among "
               f"candidates {covered}")
    tried: list[tuple[int, int, float, str]] = []
    cv: dict[str, dict[str, int]] = {}
    for name, feats in variants().items():
        columns = [speaker_rank.FEATURES.index(f) for f in feats]
        cv[name] = {}
        for c in GRID_C:
            right = cross_validate(data, columns, c)
            cv[name][str(c)] = right
            log.append(f"  CV {name:26s} C={c:<5} right {right}/{len(data)} "
                       f"(rules {rules}/{len(data)})")
            tried.append((right, -len(feats), -c, name))  # ties: fewer features, smaller C
    right, _, neg_c, name = max(tried)
    c = -neg_c
    feats = variants()[name]
    columns = [speaker_rank.FEATURES.index(f) for f in feats]
    w, b = _fit(data, columns, c)
    files = sorted({r.file for r in data})
    return {
        "model": "logistic regression over candidate speakers, softmax (argmax) per quote",
        "variant": name,
        "features": feats,
        "weights": [round(float(v), 10) for v in w],
        "intercept": round(b, 10),
        "C": c,
        "class_weight": "balanced",
        "provenance": {
            "command": "python tools/train_speakerlearn8.py",
            "key_sha256": sha256(key_path),
            "dev_files": files,
            "sklearn": sklearn.__version__,
            "cv": f"GroupKFold({FOLDS}) over outlets, dev only",
            "cv_right": right,
            "cv_rules_right": rules,
            "cv_quotes": len(data),
            "cv_grid": cv,
        },
    }


def coverage(key_path: Path, cache: Path, split: str) -> str:
    """Counts only: rules' wrong speakers among matched quotes, and how many of them have the
    key's speaker among their candidates."""
    wrong = covered = 0
    for r in rows(key_path, cache, split):
        if not r.rule_right:
            wrong += 1
            covered += bool(r.y.any())
    return f"{split}: rules wrong on {wrong} matched quotes; key speaker among candidates {covered}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--key", type=Path, default=KEY)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cv-only", action="store_true", help="report the CV, write nothing")
    ap.add_argument("--coverage", action="store_true",
                    help="candidate coverage of the rules' misses, dev and test (counts only)")
    args = ap.parse_args(argv)
    log: list[str] = []
    doc = train(args.key, args.cache, log)
    print("\n".join(log))
    print(f"chosen: {doc['variant']}, C={doc['C']}")
    if args.coverage:
        for split in ("dev", "test"):
            print(coverage(args.key, args.cache, split))
    if not args.cv_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
