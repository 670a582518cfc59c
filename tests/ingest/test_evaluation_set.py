"""The evaluation set: key format, strict/lenient scoring, dev/test split, boilerplate rate.

Fetch-free: the fixture articles in ``eval_fixtures/`` are invented (our own words, realistic
boilerplate). The real-article key (``eval/key.yaml``) is checked for form here; scoring it needs
the local page cache, which is not in the repository (copyright).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.data.contributions import CONDITIONS, MISSIONS
from guarantor.ingest import ingest_file
from guarantor.ingest.clean import clean_text
from guarantor.ingest.evaluate import load_key, score, split_of

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "eval_fixtures"
REAL_KEY = HERE / "eval" / "key.yaml"


def _articles() -> dict[str, object]:
    return {p.name: ingest_file(p) for p in sorted(FIXTURES.glob("*.txt"))}


def test_fixture_scores() -> None:
    result = score(load_key(FIXTURES / "key.yaml"), _articles())  # type: ignore[arg-type]
    assert result.articles == 4
    assert result.quote_prf("strict")[2] == 1.0 and result.speaker_accuracy == 1.0
    assert result.contribution_prf("strict") == (1.0, 1.0, 1.0)
    assert result.contribution_prf("stance") == (1.0, 1.0, 1.0)
    # "up to 500 troops", "two frigates", "€300 million", "four F-16s"
    assert result.con_quantity == [4, 4]
    assert result.boiler == [13, 13] and result.overcleaned == 0
    lines = "\n".join(result.report())
    assert "quotes (strict)" in lines and "speakers (lenient)" in lines
    n_pred = result.n_predicted_quotes
    assert result.speaker_prf("strict") == (result.speakers_correct / n_pred,
                                            result.speakers_correct / result.n_key_quotes,
                                            result.speaker_prf("strict")[2])
    assert f"precision {result.speakers_correct / n_pred:.3f}" in lines
    assert "contribution positions (lenient)" in lines and "boilerplate: 13/13" in lines
    assert "contribution positions (actor, mission, stance; condition ignored)" in lines


def test_lenient_is_never_below_strict() -> None:
    result = score(load_key(FIXTURES / "key.yaml"), _articles())  # type: ignore[arg-type]
    assert result.quote_prf("lenient")[2] >= result.quote_prf("strict")[2]
    assert result.contribution_prf("lenient")[2] >= result.contribution_prf("strict")[2]
    assert result.speakers_lenient >= result.speakers_correct


def test_real_key_form_and_split() -> None:
    key = load_key(REAL_KEY)
    assert len(key.articles) >= 40
    assert len({a.url for a in key.articles}) >= 40
    assert len({a.outlet for a in key.articles}) >= 25
    splits = [split_of(a.file) for a in key.articles]
    assert 15 <= splits.count("test") <= len(splits) - 15
    for a in key.articles:
        assert a.url and a.url.startswith("http")
        for c in a.contributions or ():
            assert c.mission in MISSIONS
            assert (c.condition is None) == (c.stance != "conditional")
            assert c.condition is None or c.condition in CONDITIONS
        # Only short quotes are stored (the licence allows no full text).
        assert all(len(q.text) <= 400 for q in a.quotes)


#: Boilerplate lines of the DEV excerpts (e01, e02, e04, e28, e36, e38: `split_of` = dev) and
#: invented lines of the kinds the held-out pages showed (session 8: the lines that were not
#: dev lines were replaced by invented ones of the same kind, so no test-split text is here).
@pytest.mark.parametrize(
    "line",
    [
        "ua en ru",
        "41.25 UAH",
        "News Feed",
        "- Top stories",
        "Hide Ad Advertisement",
        "This summary was generated with the help of AI",
        "Kyiv • UNN",
        "KARACHI, Pakistan",
        "NWS/AFP/JD/1420 hrs",
        "3 days ago",
        "Duration: 2:05",
        "READ SOME MORE",
        "READ: Another story entirely",
        "- Post By Jane Example",
        "- 09:05, 2 March, 2025",
        "Ivanna Kostina, Stanislav PohorilovWednesday, 30 April 2025, 11:24",
        "Stock Photo: Getty Images",
        "A minister talks to the press. (Jane Doe/NurPhoto via Getty Images)",
        "A minister: 'We will act.' Photograph: John Smith/AP",
        "The minister spoke at the weekend. Credit: Alex Example",
        "Prime Minister Jane Doe | FILE PHOTO/Agence France-Presse",
    ],
)
def test_boilerplate_lines_removed(line: str) -> None:
    body = "The minister said the country would send troops to the mission next year."
    tail = "Parliament will vote on the deployment in the spring, officials said."
    assert clean_text(f"{body}\n\n{line}\n\n{tail}").paragraphs == (body, tail)


@pytest.mark.parametrize(
    "line",
    [
        "Ireland will also open a line of credit: 5 billion euros for reconstruction.",
        "“No,” he said.",
        "Poland will run the logistics hub, Tusk said.",
    ],
)
def test_article_lines_kept(line: str) -> None:
    assert line in clean_text(f"Headline words here for the test\n\n{line}").paragraphs


def test_advert_glued_to_a_paragraph_is_cut() -> None:
    got = clean_text("Hide AdHe said “nobody wants to see” the clash.").paragraphs
    assert got == ("He said “nobody wants to see” the clash.",)


def test_cli_evaluate_split(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "guarantor", "ingest", *map(str, sorted(FIXTURES.glob("*.txt"))),
         "--evaluate", str(FIXTURES / "key.yaml"), "--quiet", "--errors"],
        capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "contribution positions (strict): precision 1.000, recall 1.000" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "guarantor", "ingest", str(FIXTURES / "f1_wire.txt"),
         "--evaluate", str(FIXTURES / "key.yaml"), "--split", "nope"],
        capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "unknown split" in r.stderr


def test_cache_manifest_pins_each_excerpt(tmp_path: Path) -> None:
    """The rebuild script cuts an excerpt out of a page by its anchors and checks its hash."""
    sys.path.insert(0, str(HERE / "eval"))
    import rebuild_cache as rc

    excerpt = "Estonia will send a company,\nthe prime minister said on Wednesday in Tallinn."
    first, last = rc.anchors(excerpt)
    page = f"Menu\nNews\n{excerpt}\nRead more\nRelated: another story in Tallinn."
    assert rc.cut(page, first, last) == excerpt
    assert rc.digest(rc.cut(page, first, last) or "") == rc.digest(excerpt)
    reflowed = page.replace("company,\nthe", "company, the")  # whitespace differs: hash fails
    assert rc.cut(reflowed, first, last) != excerpt
    assert rc.cut("unrelated page", first, last) is None
    manifest = rc.read_manifest()
    key = load_key(REAL_KEY)
    assert set(manifest) <= {a.file for a in key.articles} and len(manifest) >= 30
    assert all(len(sha) == 64 and url.startswith("http") for sha, _, _, _, url
               in manifest.values())


def test_cut_rule_and_search_answers_rebuild_the_cache(tmp_path: Path) -> None:
    """A search answer (JSON as the tool prints it) rebuilds a pinned excerpt byte for byte."""
    sys.path.insert(0, str(HERE / "eval"))
    import rebuild_cache as rc

    assert rc.cut_rule(" date 2025-03-06 Canada is ready.") == "Canada is ready.\n"
    assert rc.cut_rule(" date 2025-04 Canada is ready.") == "Canada is ready.\n"
    assert rc.cut_rule("\nCanada is ready.\n\n") == "\nCanada is ready.\n\n"  # else untouched
    assert rc.cut_rule("Canada is ready. ") == "Canada is ready. \n"
    pinned = "Estonia will send a company,\nthe prime minister said.\n"
    other = "Another page entirely.\n"
    manifest = {"a.txt": (rc.digest(pinned), len(pinned), "", "", "http://a"),
                "b.txt": (rc.digest(other), len(other), "", "", "http://b")}
    answer = json.dumps({"results": [
        {"rank": 1, "url": "http://x", "excerpt": "Unrelated stored page."},
        {"rank": 2, "url": "http://a", "excerpt": " date 2025-04-30 " + pinned[:-1]}]})
    assert rc.from_search(manifest, answer + "\n" + json.dumps("Not pinned"), tmp_path) == 1
    assert (tmp_path / "a.txt").read_text("utf-8") == pinned
    assert not (tmp_path / "b.txt").exists()


def test_every_key_article_is_pinned_and_has_its_query() -> None:
    sys.path.insert(0, str(HERE / "eval"))
    import rebuild_cache as rc

    key = load_key(REAL_KEY)
    files = [a.file for a in key.articles]
    assert len(set(files)) == len(files)
    assert set(rc.read_manifest()) == set(files)
    rows = [line.split("\t") for line in rc.QUERIES.read_text("utf-8").splitlines()
            if line and not line.startswith("#")]
    assert {r[0] for r in rows} == set(files)
    assert all(len(r) == 3 and r[1].strip() and r[2].startswith("http") for r in rows)
    # One stored excerpt is one article: no two entries share a page's text.
    assert len({sha for sha, *_ in rc.read_manifest().values()}) == len(files)
