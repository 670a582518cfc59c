"""Paths shared by the loader tests: the small fixtures and the real raw folder (optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "raw"
BROKEN = REPO / "tests" / "fixtures" / "broken_raw"
REAL_RAW = (REPO / ".." / "shared" / "data" / "raw").resolve()


@pytest.fixture(scope="session")
def real_raw() -> Path:
    """The real official files, or skip with the reason."""
    if not (REAL_RAW / "sipri_milex").is_dir():
        pytest.skip(f"real raw files not present at {REAL_RAW} (shared data folder absent)")
    return REAL_RAW
