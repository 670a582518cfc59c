"""Inter-annotator agreement (tests/ingest/eval/agreement.py) on a tiny hand-made pair of keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from guarantor.ingest.evaluate import load_key, split_of

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "eval"))
import agreement as ag  # noqa: E402  (a script beside the key, not a package module)

FIRST = """\
articles:
  - file: a.txt
    quotes:
      - {text: "we will send troops to the mission", speaker: Keir Starmer}
      - {text: "no decision has been taken yet on any deployment", speaker: Jane Roe}
      - {text: "only with a mandate", speaker: John Doe}
    contributions:
      - {actor: GBR, mission: land_in_protected_state, stance: will_contribute}
      - {actor: FRA, mission: land_in_protected_state, stance: conditional, condition: us_backstop}
      - {actor: DEU, mission: land_in_protected_state, stance: will_not}
      - {actor: ITA, mission: training, stance: will_contribute}
  - file: b.txt
    quotes: []
    contributions: []
"""
SECOND = """\
articles:
  - file: a.txt
    quotes:
      - {text: "we will send troops to the mission,", speaker: Keir Starmer}
      - {text: "no decision has been taken yet", speaker: Roe}
      - {text: "something else entirely said here", speaker: Max Mustermann}
    contributions:
      - {actor: GBR, mission: land_in_protected_state, stance: will_contribute}
      - {actor: FRA, mission: land_in_protected_state, stance: conditional, condition: ceasefire}
      - {actor: DEU, mission: land_in_protected_state, stance: conditional, condition: other}
      - {actor: ESP, mission: maritime, stance: will_contribute}
"""


def _keys(tmp_path: Path, first: str = FIRST, second: str = SECOND) -> tuple[Path, Path]:
    (tmp_path / "first.yaml").write_text(first, "utf-8")
    (tmp_path / "second.yaml").write_text(second, "utf-8")
    return tmp_path / "first.yaml", tmp_path / "second.yaml"


def test_agreement_counts_by_hand(tmp_path: Path) -> None:
    f, s = _keys(tmp_path)
    a = ag.agreement(load_key(f).articles, load_key(s).articles)
    assert a.articles == 1  # only the articles the second key lists
    # Quotes: the first pair overlaps fully (strict), the second by 2*5/(5+9) = 0.71 (lenient).
    assert (a.quotes_first, a.quotes_second, a.quotes_strict, a.quotes_lenient) == (3, 3, 1, 2)
    assert a.quote_prf("lenient") == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert a.quote_prf("strict") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # Speakers: Keir Starmer = Keir Starmer; "Roe" is Jane Roe's surname only.
    assert (a.speakers_strict, a.speakers_lenient) == (1, 2)
    assert a.con == {"strict": [1, 3, 3], "stance": [2, 2, 2], "lenient": [3, 1, 1]}
    assert ag.Agreement.prf(*a.con["lenient"]) == pytest.approx((0.75, 0.75, 0.75))
    # Stance pairs GBR (same), FRA (same), DEU (will_not / conditional): p_o = 2/3; each key's
    # shares give p_e = (1*1 + 1*2 + 1*0) / 9 = 1/3; kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5.
    assert sorted(a.stance_pairs) == [("conditional", "conditional"),
                                      ("will_contribute", "will_contribute"),
                                      ("will_not", "conditional")]
    assert a.kappa() == pytest.approx((2 / 3, 0.5))
    assert (a.conditions_same, a.conditions_both) == (0, 1)  # FRA: us_backstop / ceasefire
    assert "a.txt: position first only ('ITA', 'training', 'will_contribute', None)" \
        in a.disagreements
    assert "a.txt: speaker 'Jane Roe' / 'Roe': 'no decision has been taken yet on any deployment'" \
        in a.disagreements
    assert any("quote second only (Max Mustermann)" in d for d in a.disagreements)


def test_two_stances_for_one_pair_are_one_category(tmp_path: Path) -> None:
    second = SECOND.replace(
        "      - {actor: ESP,",
        "      - {actor: DEU, mission: land_in_protected_state, stance: will_not}\n"
        "      - {actor: ESP,")
    f, s = _keys(tmp_path, second=second)
    a = ag.agreement(load_key(f).articles, load_key(s).articles)
    assert ("will_not", "conditional+will_not") in a.stance_pairs
    assert a.con["stance"] == [3, 2, 1]


def test_identical_keys_agree_fully(tmp_path: Path) -> None:
    f, _ = _keys(tmp_path)
    a = ag.agreement(load_key(f).articles, load_key(f).articles)
    assert a.kappa() == (1.0, 1.0)
    assert all(ag.Agreement.prf(*a.con[m]) == (1.0, 1.0, 1.0) for m in ag.MODES)
    assert a.disagreements == [] and a.speakers_strict == a.quotes_strict == 3


def test_cli_table_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f, s = _keys(tmp_path)
    assert ag.main(["--first", str(f), "--second", str(s)]) == 0
    out = capsys.readouterr().out
    assert "contribution positions (lenient): F1 0.750" in out
    assert "Cohen's kappa 0.500 (3 pairs)" in out
    assert "speakers (strict): 0.500 agree (1/2 matched quotes)" in out
    # An article the first key lacks, and a file that is no key: exit 2, one clear line.
    assert ag.main(["--first", str(s), "--second", str(f)]) == 2
    assert "b.txt: in the second key, not in the first" in capsys.readouterr().err
    assert ag.main(["--first", str(tmp_path / "missing.yaml"), "--second", str(s)]) == 2
    err = capsys.readouterr().err
    assert "missing.yaml" in err and "Traceback" not in err


def test_second_annotator_covers_the_test_split() -> None:
    """The second reading is of the key's 19 session-6 test-split articles (articles added to
    the test split later have no second reading yet)."""
    key = load_key(HERE / "eval" / "key.yaml")
    second = load_key(HERE / "eval" / "second_annotator.yaml")
    test_files = {a.file for a in key.articles if split_of(a.file) == "test"}
    files = [a.file for a in second.articles]
    assert files == sorted(files) and len(files) == 19 and set(files) <= test_files
    assert all(a.contributions is not None for a in second.articles)
