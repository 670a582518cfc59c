"""The learned boilerplate-line classifier: features, the scorer, the bundled parameters."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.ingest.boilerplate import (
    CONTEXT_FEATURES,
    FEATURES,
    MAX_CHARS,
    MODEL_PATH,
    SHAPE_FEATURES,
    LineModel,
    flagged_lines,
    holds_quotation,
    line_features,
    line_shape,
    load_model,
    model_from_dict,
)
from guarantor.ingest.clean import clean_text
from guarantor.ingest.evaluate import load_key, split_of

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "ingest" / "eval" / "cache"
KEY = ROOT / "tests" / "ingest" / "eval" / "key.yaml"


def _shape(line: str) -> dict[str, float]:
    return dict(zip(SHAPE_FEATURES, line_shape(line), strict=True))


def test_shape_of_a_credit_line_and_of_a_sentence() -> None:
    credit = _shape("Photo: Jane Example / Wire Agency")
    assert credit["credit_words"] == 1.0 and credit["ends_bare"] == 1.0
    assert credit["verb"] == 0.0 and credit["separators"] == pytest.approx(1 / 3)
    assert credit["capital_share"] == 1.0 and credit["promo_start"] == 1.0
    sentence = _shape("“We will send engineers,” the minister said on Monday.")
    assert sentence["ends_stop"] == 1.0 and sentence["speech_verb"] == 1.0
    assert sentence["quote_mark"] == 1.0 and sentence["verb"] == 1.0
    assert sentence["month_or_weekday"] == 1.0 and sentence["credit_words"] == 0.0
    assert sentence["log_words"] == pytest.approx(math.log1p(9))
    assert sentence["capital_share"] == pytest.approx(2 / 9)


def test_shape_of_time_stamps_links_and_bullets() -> None:
    stamp = _shape("12.03.2025, 10:11")
    assert stamp["numeric_date"] == 1.0 and stamp["clock_time"] == 1.0
    assert stamp["digit_share"] == pytest.approx(12 / 17)
    link = _shape("- Read also: example-news.com/story")
    assert link["bullet"] == 1.0 and link["link_shape"] == 1.0 and link["promo_start"] == 1.0


def test_context_features() -> None:
    lines = ["Allies weigh air patrols over the west",
             "The ministers met on Monday in Paris to weigh the patrols and their cost.",
             "Allies weigh air patrols over the west again",
             "- Next story"]
    rows = [r for r in line_features(lines) if r is not None]
    assert len(rows) == 4 and all(len(r) == len(FEATURES) for r in rows)
    ctx = [dict(zip(CONTEXT_FEATURES, r[len(SHAPE_FEATURES):], strict=True)) for r in rows]
    assert [c["position"] for c in ctx] == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert [c["is_first"] for c in ctx] == [1, 0, 0, 0]
    assert [c["is_last"] for c in ctx] == [0, 0, 0, 1]
    assert [c["repeats_first"] for c in ctx] == [0, 0, 1, 0]  # the title printed again
    assert [c["prev_short"] for c in ctx] == [1, 1, 0, 1]     # the sentence is long
    assert [c["next_short"] for c in ctx] == [0, 1, 1, 1]
    assert [c["next_bullet"] for c in ctx] == [0, 0, 1, 0]


def test_scorer_hand_worked() -> None:
    # z = -1 + 1 * (2 - 1) / 2 - 2 * (0 - 0) / 1 + 0.5 * (1 - 0) / 0.5 = 0.5
    m = LineModel(("a", "b", "c"), (1.0, 0.0, 0.0), (2.0, 1.0, 0.5), (1.0, -2.0, 0.5), -1.0, 0.6)
    (p,) = m.probabilities([(2.0, 0.0, 1.0)])
    assert p == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert p == pytest.approx(0.6224593)
    (q,) = m.probabilities([(2.0, 1.0, 1.0)])  # z = 0.5 - 2 = -1.5
    assert q == pytest.approx(0.1824255)


def _credit_model(threshold: float) -> LineModel:
    """A model that reads only the credit words (z = -3 + 6 * credit_words)."""
    n = len(FEATURES)
    coef = tuple(6.0 if f == "credit_words" else 0.0 for f in FEATURES)
    return LineModel(FEATURES, (0.0,) * n, (1.0,) * n, coef, -3.0, threshold)


def test_flagged_lines_and_the_cleaner_hook() -> None:
    body = "The minister said the country would send troops to the mission next year."
    credit = "Jane Example took this picture for the Wire Agency"  # no rule reads this line
    tail = "Parliament will vote on the deployment in the spring, officials said."
    text = f"{body}\n\n{credit}\n\n{tail}"
    model = _credit_model(0.9)  # p = 1 / (1 + e^-3) = 0.953 for the credit line
    assert flagged_lines([body, credit], model) == frozenset({credit})
    assert flagged_lines([body, credit], _credit_model(0.96)) == frozenset()
    assert clean_text(text, learned=False).paragraphs == (body, credit, tail)
    got = clean_text(text, model=model)
    assert got.paragraphs == (body, tail)
    assert [r.kind for r in got.removed] == ["boilerplate"]
    assert clean_text(got.text, model=model).text == got.text


def test_a_line_that_quotes_someone_is_never_flagged() -> None:
    """The model's credit cue fires on both lines; only the one without a quotation goes."""
    credit = "Photo by Jane Example for the Wire Agency"
    quoted = "“Send us a photo of the new Wire Agency office,” the minister said"
    model = _credit_model(0.9)
    assert model.probabilities(line_features([credit, quoted]))[1] >= 0.9  # type: ignore[arg-type]
    assert flagged_lines([credit, quoted], model) == frozenset({credit})
    unquoted = quoted.replace("“", "").replace(",”", "")  # same words, no quotation mark
    assert flagged_lines([credit, unquoted], model) == frozenset({credit, unquoted})


def test_long_lines_are_article_text() -> None:
    """A line over MAX_CHARS is never read nor flagged, whatever its words."""
    long = "Jane Example took this picture for the Wire Agency, " * 6
    assert len(long.strip()) > MAX_CHARS
    short = "Jane Example took this picture for the Wire Agency"
    rows = line_features([short, long.strip()])
    assert rows[0] is not None and rows[1] is None
    assert flagged_lines([short, long.strip()], _credit_model(0.9)) == frozenset({short})


def test_parameter_file_is_checked() -> None:
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = model_from_dict(doc["model"])
    assert model == load_model() and model.features == FEATURES
    assert 0.5 < model.threshold < 1.0
    wrong = dict(doc["model"], features=list(FEATURES[:-1]))
    with pytest.raises(ValueError, match="re-run tools/train_boilerplate.py"):
        model_from_dict(wrong)
    short = dict(doc["model"], coef=doc["model"]["coef"][:-1])
    with pytest.raises(ValueError, match="coef has"):
        model_from_dict(short)
    prov = doc["provenance"]
    assert prov["command"] == "python tools/train_boilerplate.py" and prov["sklearn"]
    assert all(f.startswith("e") for f in prov["dev_files"])


def test_bundled_model_keeps_article_text_and_drops_furniture() -> None:
    """Invented lines: sentences, quotes and a headline stay; furniture no rule reads goes."""
    text = "\n".join([
        "Allies weigh air patrols over the west",
        "The defence ministers of five countries met in Paris on Monday to plan air patrols.",
        "“We are ready to fly the first patrols within weeks,” the minister said.",
        "She added that parliament would vote on the deployment in the spring.",
        "Pictured: Jane Example and John Sample in Paris / Example Wire",
        "The talks will continue in Rome next month, officials said.",
    ])
    got = clean_text(text)
    assert got.paragraphs[:4] == tuple(text.split("\n")[:4])
    assert got.paragraphs[-1] == "The talks will continue in Rome next month, officials said."


def test_holds_quotation() -> None:
    assert holds_quotation("- “We will send engineers,” the minister said")
    assert holds_quotation("“We are ready to do our part and")  # cut before its closing mark
    assert holds_quotation("The president said it was \"not the time\".")
    assert not holds_quotation("- Allies discuss a US “backstop” in Paris")
    assert not holds_quotation("- Ministers meet in Paris on Thursday")


def test_ingest_imports_no_sklearn() -> None:
    """The model is applied in plain Python: ingesting never loads scikit-learn (issue 18)."""
    code = ("import sys; from guarantor.ingest import ingest_text; "
            "ingest_text('Photo: Jane Example\\nThe minister said troops would go.'); "
            "print('sklearn' in sys.modules, 'guarantor.ingest.boilerplate' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.split() == ["False", "True"]


def test_boilerplate_model_matches_the_key() -> None:
    """Runs without the cache: the committed model was trained on today's key and dev split."""
    prov = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["provenance"]
    assert prov["key_sha256"] == hashlib.sha256(KEY.read_bytes()).hexdigest(), \
        "key.yaml changed since the model was trained: re-run tools/train_boilerplate.py"
    dev = {a.file for a in load_key(KEY).articles if split_of(a.file) == "dev"}
    assert set(prov["dev_files"]) == dev and len(prov["dev_files"]) == len(dev)


def test_committed_parameters_reproduce() -> None:
    """Retrain the committed setting from the eval key and cache: the same parameters."""
    if not (CACHE / "e01_rbc_estonia.txt").exists():
        pytest.skip(f"eval cache absent at {CACHE} (rebuild: tests/ingest/eval/README.md)")
    pytest.importorskip("sklearn", reason="scikit-learn (test extra) trains the model")
    sys.path.insert(0, str(ROOT / "tools"))
    import train_boilerplate as tb

    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert doc["provenance"]["key_sha256"] == hashlib.sha256(tb.KEY.read_bytes()).hexdigest(), \
        "key.yaml changed since the model was trained: re-run tools/train_boilerplate.py"
    excerpts = tb.dev_excerpts()
    assert [e.file for e in excerpts] == doc["provenance"]["dev_files"]
    m = doc["model"]
    fitted, _, _ = tb.fit_setting(excerpts, m["C"], m["class_weight"])
    for name in ("mean", "scale", "coef"):
        assert getattr(fitted, name) == pytest.approx(m[name], rel=1e-5, abs=1e-7), name
    assert fitted.intercept == pytest.approx(m["intercept"], rel=1e-5)
    assert fitted.threshold == pytest.approx(m["threshold"], rel=1e-6)
