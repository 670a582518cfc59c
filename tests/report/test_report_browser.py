"""The report opens in a real headless browser with every network request refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from guarantor.report import SECTIONS


@pytest.mark.browser
def test_report_opens_offline_and_renders_every_chart(report_path: Path, browser_page) -> None:
    page = browser_page
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report_path.as_uri())
    page.wait_for_function("document.body.hasAttribute('data-charts-ready')", timeout=30_000)
    n = page.evaluate("document.querySelectorAll('.chart').length")
    assert n >= 16
    assert page.evaluate("document.querySelectorAll('.chart[data-rendered] svg').length") == n
    assert page.evaluate("document.querySelectorAll('.chart[data-error]').length") == 0
    for s in SECTIONS:
        assert page.locator(f'[data-section="{s}"]').count() >= 1, s
    assert page.locator("#sources table").count() >= 5
    assert refused == [] and errors == []
