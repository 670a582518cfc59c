"""`guarantor ledger review`: accept / edit / reject drafts, validated, written atomically."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guarantor.data.contributions import parse_contributions
from guarantor.errors import LedgerError
from guarantor.ingest import ingest_text
from guarantor.ingest.output import render_drafts
from guarantor.ingest.review import finalise, parse_edit, review
from guarantor.politics.ledger import default_ledger_path, load_ledger

ARTICLE = (
    "Keir Starmer said Britain was ready to send up to 10,000 troops to Ukraine if a "
    "ceasefire is agreed.\n\n“There will not be U.S. troops in Ukraine,” Pete Hegseth said.\n")
LAND = "draft_gbr_2025_03_15_land_in_protected_state"
US = "draft_usa_us_troops_in_protected_state"
SOURCE = "a_major_united24_starmer_2025_02_27"  # a registered source
POS_SOURCE = "report_000"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    art = ingest_text(ARTICLE, date="2025-03-15", url="https://example.org/a")
    drafts = tmp_path / "drafts.yaml"
    drafts.write_text(render_drafts([*art.drafts(), *art.contribution_drafts()]), "utf-8")
    contrib = tmp_path / "contrib.yaml"
    contrib.write_text(
        "# my contribution ledger\nentries:\n- id: seed\n  actor: GBR\n  mission: training\n"
        "  stance: no_stated_position\n  searched: '2025-01-01'\n  queries: [uk training]\n",
        "utf-8")
    pos = tmp_path / "positions.yaml"
    pos.write_text(default_ledger_path().read_text("utf-8"), "utf-8")
    return drafts, contrib, pos


def test_edit_parsing_and_finalise() -> None:
    assert parse_edit("x:quantity=5000") == ("x", "quantity", 5000)
    with pytest.raises(LedgerError, match="malformed edit"):
        parse_edit("no-colon")
    e = finalise({"id": "draft_a", "reviewed": False, "url": "u", "evidence": "e",
                  "confidence": 0.5, "outlet": None, "ledger": "contributions"},
                 {"source": "s"})
    assert e == {"id": "a", "source": "s"}


def test_accept_with_edit_writes_validated_entry(files: tuple[Path, Path, Path]) -> None:
    drafts, contrib, pos = files
    result = review(drafts, positions_ledger=pos, contributions_ledger=contrib, accept=[LAND],
                    edits=[f"{LAND}:source={SOURCE}"])
    text = contrib.read_text("utf-8")
    assert text.startswith("# my contribution ledger")  # comments kept
    led = parse_contributions([(text, "contrib.yaml")])
    [e] = [x for x in led.entries if x.id == LAND.removeprefix("draft_")]
    assert (e.quantity, e.unit, e.stance, e.condition) == (10000, "persons", "conditional",
                                                           "ceasefire")
    assert result.remaining == 1 and US in drafts.read_text("utf-8")
    assert LAND not in drafts.read_text("utf-8")


def test_invalid_acceptance_writes_nothing(files: tuple[Path, Path, Path]) -> None:
    drafts, contrib, pos = files
    before = (drafts.read_text("utf-8"), contrib.read_text("utf-8"), pos.read_text("utf-8"))
    with pytest.raises(LedgerError, match="needs source"):
        review(drafts, positions_ledger=pos, contributions_ledger=contrib, accept=[LAND, US],
               edits=[f"{US}:source={POS_SOURCE}"])
    assert (drafts.read_text("utf-8"), contrib.read_text("utf-8"),
            pos.read_text("utf-8")) == before
    with pytest.raises(LedgerError, match="unknown draft id"):
        review(drafts, positions_ledger=pos, contributions_ledger=contrib, accept=["nope"])
    with pytest.raises(LedgerError, match="not accepted"):
        review(drafts, positions_ledger=pos, contributions_ledger=contrib,
               edits=[f"{US}:source=x"])


def test_cli_accept_reject(files: tuple[Path, Path, Path]) -> None:
    drafts, contrib, pos = files
    n = len(load_ledger(pos))
    r = subprocess.run(
        [sys.executable, "-m", "guarantor", "ledger", "review", str(drafts), "--accept", US,
         "--set", f"{US}:source={POS_SOURCE}", "--reject", LAND, "--ledger", str(pos),
         "--contributions", str(contrib)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "accepted 1" in r.stdout and "0 draft(s) left" in r.stdout
    led = load_ledger(pos)
    assert len(led) == n + 1
    assert any(e.id == US.removeprefix("draft_") and e.stance == "rejects" for e in led.entries)
    r = subprocess.run(
        [sys.executable, "-m", "guarantor", "ledger", "review", str(drafts), "--accept", "x"],
        capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "unknown draft id" in r.stderr and "Traceback" not in r.stderr
