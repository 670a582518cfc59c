"""Shared paths for the ingestion tests."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
REPORTING = Path(__file__).resolve().parents[2] / ".." / "shared" / "reporting"


@pytest.fixture
def reporting() -> Path:
    """The five founding reports; the test is skipped when the folder is absent."""
    if not REPORTING.is_dir() or not sorted(REPORTING.glob("*.txt")):
        pytest.skip(f"shared reporting not found at {REPORTING.resolve()} (optional test data)")
    return REPORTING
