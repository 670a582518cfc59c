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


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)], ids=["desktop", "phone"])
def test_report_first_screen_and_no_console_error(report_path: Path, browser_page, width: int,
                                                  height: int, tmp_path: Path) -> None:
    """At desktop and phone width: no console error, the plain-language finding is on the first
    screen, nothing but a table or chart scrolls sideways, and it prints to PDF."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else r.abort())
    page.goto(report_path.as_uri())
    page.wait_for_function("document.body.hasAttribute('data-charts-ready')", timeout=30_000)
    assert console == []
    lead = page.locator("#summary .lead").first
    box = lead.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height  # on the first screen
    assert "This arrangement" in lead.inner_text()
    # the page itself never scrolls sideways; wide tables and charts scroll in their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # every headline figure is a link a reader can follow
    hrefs = page.eval_on_selector_all("[data-headline]", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    # charts speak the reader's words too: no variable name, file name, nan or -0 in any label
    import re

    from .conftest import BUNDLED

    labels = page.eval_on_selector_all(".chart svg text", "els => els.map(e => e.textContent)")
    assert len(labels) > 200
    bad = {t for t in labels if re.search(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\.yaml|\bnan\b|NaN"
                                          r"|(?<![\w.])-0(?![.\d]*[1-9])", t) and t not in BUNDLED}
    assert bad == set()
    page.screenshot(path=str(tmp_path / f"report-{width}.png"))
    # printing: navigation hidden, folded tables opened, a PDF of several pages
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
    if width > 1000:
        pdf = page.pdf(format="A4")
        assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") > 10
