"""End to end in Debian's headless Chromium: every view at desktop and phone size with no console
error, a lever change updates the figures, the URL reproduces the view, and each headline figure
has a source link to its publisher. Screenshots go to ``test-artifacts/browser/`` (ignored by
git; CI may keep them). Installs nothing; skips with a reason when there is no Chromium.

One browser serves the module (launching Chromium is the slow part); each test opens its own
context, and requests leaving the loopback server are aborted and counted (no network).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

ARTEFACTS = Path(os.environ.get("GUARANTOR_TEST_ARTIFACTS", "test-artifacts")) / "browser"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
VIEWS = ("overview", "staffing", "air", "aid", "apportion", "coalitions", "redlines",
         "pareto", "montecarlo", "timeline")
HEADLINES = ("troops_shortfall", "air_shortfall_units", "air_us_units", "aid_shortfall_eur",
             "cost_total_eur_per_year", "feasible")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from tests.conftest import CHROMIUM_ARGS, find_chromium

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    path = find_chromium()
    if path is None:
        pytest.skip("no browser: no Chromium on PATH or from Playwright (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Page:
    """A page in a fresh context that records console errors and outside requests."""

    def __init__(self, browser: Any, live: Any, viewport: dict[str, int]) -> None:
        self.ctx = browser.new_context(viewport=viewport, accept_downloads=True)
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.live = live

        def route(r: Any) -> Any:
            url = r.request.url
            if url.startswith(live.url) or url.startswith(("data:", "blob:")):
                return r.continue_()
            self.outside.append(url)
            return r.abort()

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)

    def open(self, query: str) -> None:
        self.page.goto(f"{self.live.url}/?{query}")
        self.ready_after("0")

    def ready_after(self, seq: str) -> None:
        self.page.wait_for_function(
            f"document.body.dataset.seq !== '{seq}' && document.body.dataset.state === 'ready'",
            timeout=30_000)

    def seq(self) -> str:
        return self.page.get_attribute("body", "data-seq") or "0"

    def view_ready(self) -> None:
        self.page.wait_for_function(
            "['ready','error'].includes(document.getElementById('view-body').dataset.state)",
            timeout=30_000)
        assert self.page.get_attribute("#view-body", "data-state") == "ready", \
            self.page.inner_text("#view-body")

    def shot(self, name: str) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture()
def desktop(chromium: Any, live: Any) -> Iterator[Page]:
    p = Page(chromium, live, DESKTOP)
    yield p
    p.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_view_loads_without_console_errors(chromium: Any, live: Any, size: str) -> None:
    p = Page(chromium, live, DESKTOP if size == "desktop" else PHONE)
    try:
        p.open("scenario=aug2025")
        assert "30,000 troops" in p.page.inner_text("#finding")  # the plain-language finding
        p.shot(f"{size}-overview")
        for name in VIEWS[1:]:
            p.page.click(f"#tab-{name}")
            if p.page.locator("#compute").count():
                p.page.click("#compute")
            p.view_ready()
            assert p.page.locator("#view-body table, #view-body details.actor").count() >= 1
            if name in ("air", "aid", "pareto", "montecarlo", "timeline", "staffing"):
                # charts carry vega-embed's export menu: PNG and SVG
                assert p.page.locator("#view-body .chart[data-rendered] svg").count() >= 1
                actions = p.page.locator("#view-body .vega-actions a")
                assert {"Save as SVG", "Save as PNG"} <= set(actions.all_text_contents())
            p.shot(f"{size}-{name}")
            assert f"view={name}" in p.page.url
        if size == "phone":  # no sideways scrolling of the page itself on a phone
            width = p.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 1
        assert p.errors == [] and p.outside == []
    finally:
        p.close()


def test_lever_change_updates_figures_and_the_url_reproduces_the_view(
        chromium: Any, live: Any, desktop: Page) -> None:
    page = desktop.page
    desktop.open("scenario=aug2025")
    assert page.input_value("#us_posture") == "enablers"
    assert page.inner_text("#fig-air-us") == "26"
    air_before = page.inner_text("#fig-air")
    hash_before = page.inner_text("#cite-hash")

    seq = desktop.seq()
    page.select_option("#us_posture", "none")
    desktop.ready_after(seq)
    assert page.inner_text("#fig-air-us") == "0"
    assert page.inner_text("#fig-air") != air_before
    assert page.inner_text("#cite-hash") != hash_before
    assert "us_posture: none" in page.inner_text("#yaml")

    seq = desktop.seq()
    page.select_option("#force-option", "64000")
    desktop.ready_after(seq)
    assert "64,000 troops" in page.inner_text("#finding")
    seq = desktop.seq()
    page.fill("#as_of", "2025-05-01")
    page.dispatch_event("#as_of", "change")
    desktop.ready_after(seq)
    assert page.inner_text("#cite-asof") == "2025-05-01"
    seq = desktop.seq()
    page.check("#article5")
    desktop.ready_after(seq)

    page.click("#tab-air")
    desktop.view_ready()
    state = parse_qs(urlparse(page.url).query)
    assert state["view"] == ["air"]
    assert json.loads(state["levers"][0]) == {
        "us_posture": "none", "force": 64000, "article5": True,
        "overrides": {"as_of": "2025-05-01"}}
    figures = {k: page.inner_text(f"#{k}") for k in (
        "fig-troops", "fig-air", "fig-air-us", "fig-aid", "fig-cost", "fig-feasible",
        "cite-hash", "cite-asof")}
    air_table = page.inner_text("#view-body table")

    # a fresh browser context opening the shared link sees the same view and figures
    other = Page(chromium, live, DESKTOP)
    try:
        other.page.goto(page.url)
        other.ready_after("0")
        other.view_ready()
        assert other.page.is_visible("#view-body") and not other.page.is_visible("#finding")
        assert other.page.input_value("#us_posture") == "none"
        assert other.page.input_value("#force") == "64000"
        assert other.page.is_checked("#article5")
        assert other.page.inner_text("#view-body table") == air_table
        other.page.click("#tab-overview")
        assert {k: other.page.inner_text(f"#{k}") for k in figures} == figures
        assert other.errors == [] and other.outside == []
    finally:
        other.close()
    assert desktop.errors == [] and desktop.outside == []


def test_each_headline_figure_links_its_publisher(desktop: Page, client: Any) -> None:
    page = desktop.page
    desktop.open("scenario=aug2025")
    sources = client.get("/api/meta").json()["sources"]
    urls = {s["url"] for s in sources.values()}
    for key in HEADLINES:
        link = page.locator(f"#src-{key} a.src-link").first
        href = link.get_attribute("href") or ""
        assert href in urls and href.startswith(("https://", "http://")), key
        assert link.get_attribute("title"), key  # publisher and title on hover
    aid = page.locator("#src-aid_shortfall_eur a.src-link").first
    assert aid.get_attribute("href") == sources["kiel_ust_r29"]["url"]
    # the red lines quoted on the overview link the statement's outlet
    assert page.locator("#redlines .finding a[href^='http']").count() >= 1
    desktop.shot("desktop-sources")


def test_contribution_lever_and_bad_value(desktop: Page) -> None:
    page = desktop.page
    desktop.open("scenario=aug2025&view=staffing")
    desktop.view_ready()
    basis = page.inner_text("#troops-basis")
    assert "6,186 stated" in basis
    seq = desktop.seq()
    page.fill("input.contrib[data-iso='GBR']", "0")
    page.dispatch_event("input.contrib[data-iso='GBR']", "change")
    desktop.ready_after(seq)
    desktop.view_ready()
    assert "0 stated" in page.inner_text("#troops-basis")
    row = page.locator("#staffing tr", has_text="United Kingdom").inner_text()
    assert "overridden" in row
    # a bad value shows the CLI's message and the page stays usable
    page.fill("#spending_target_year", "1990")
    page.dispatch_event("#spending_target_year", "change")
    page.wait_for_function("document.body.dataset.state === 'error'", timeout=30_000)
    assert "spending_target_year" in page.inner_text("#error")
    assert [e for e in desktop.errors if "422" not in e] == [] and desktop.outside == []


def test_tables_download_as_csv(desktop: Page) -> None:
    page = desktop.page
    desktop.open("scenario=aug2025&view=air")
    desktop.view_ready()
    with page.expect_download() as dl:
        page.click("#view-body .csv-btn >> nth=0")
    path = dl.value.path()
    text = Path(path).read_text("utf-8")
    assert text.splitlines()[0].startswith("item,unit,requirement")
    assert "combat_aircraft,aircraft,138" in text
    href = page.get_attribute("#view-body .xlsx-link", "href") or ""
    assert "/api/download/xlsx?scenario=aug2025" in href
