"""Fixtures for the report tests: the four bundled scenarios rendered once."""

from __future__ import annotations

from pathlib import Path

import pytest

BUNDLED = ["feb2025", "may2025", "aug2025", "baseline_2024"]


@pytest.fixture(scope="session")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the four bundled scenarios, written once."""
    from guarantor.report import build_report

    return build_report(BUNDLED, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="session")
def report_html(report_path: Path) -> str:
    return report_path.read_text("utf-8")


