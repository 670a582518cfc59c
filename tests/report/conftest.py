"""Fixtures for the report tests: the four bundled scenarios rendered once, a headless browser."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BUNDLED = ["feb2025", "may2025", "aug2025", "baseline_2024"]


@pytest.fixture(scope="session")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the four bundled scenarios, written once."""
    from guarantor.report import build_report

    return build_report(BUNDLED, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="session")
def report_html(report_path: Path) -> str:
    return report_path.read_text("utf-8")


@pytest.fixture()
def browser_page() -> Iterator[Any]:
    """A page in Debian's headless Chromium (fresh profile); skips when it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no browser: {CHROMIUM} is absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    profile = tempfile.mkdtemp(prefix="guarantor-chromium-")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000})
        try:
            yield ctx.new_page()
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)
