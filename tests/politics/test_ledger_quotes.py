"""Every ledger quote taken from a founding report is found verbatim in that report."""

from __future__ import annotations

from pathlib import Path

import pytest

from guarantor.data.sources import source_catalogue
from guarantor.politics.ledger import load_ledger

REPO = Path(__file__).resolve().parents[2]
REPORTING = REPO.parent / "shared" / "reporting"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _report_entries() -> list:
    cat = source_catalogue()
    return [e for e in load_ledger().entries
            if (cat[e.source].local_copy or "").startswith("shared/reporting/")]


ENTRIES = _report_entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_quote_is_verbatim_in_its_report(entry) -> None:
    if not REPORTING.is_dir():
        pytest.skip(f"the founding reports are not present at {REPORTING}")
    name = (source_catalogue()[entry.source].local_copy or "").rsplit("/", 1)[-1]
    path = REPORTING / name
    if not path.is_file():
        pytest.skip(f"{name} is not present in {REPORTING}")
    assert entry.quote in _collapse(path.read_text("utf-8")), (
        f"{entry.id}: quote not found verbatim in {name}"
    )
