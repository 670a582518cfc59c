"""What a reader sees: the report parsed as HTML, checked the way a reader would read it.

The first screen is the plain-language finding; no figure shows ``nan``, ``-0`` or more than
three significant figures of money; no engine variable name is visible outside ``<code>``;
every headline figure links to its publisher's public URL; statuses wear the one palette.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from guarantor.format import money3, pct3, sig3
from guarantor.palette import STATUS_COLOURS
from guarantor.report.summary import label

from .conftest import BUNDLED

#: Elements whose text a reader does not read as prose.
_HIDDEN = {"script", "style"}
_VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "col", "area", "base"}


class Page(HTMLParser):
    """The visible text of a page, cell by cell, with what encloses each piece, and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            self.links.append(a)
        if tag not in _VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip():
            return
        tags = tuple(t for t, _ in self.stack)
        ids = tuple(str(a.get("id") or "") for _, a in self.stack)
        if not set(tags) & _HIDDEN:
            self.texts.append((data, tags, ids))

    def visible(self, *, skip_code: bool = False, skip_url_links: bool = False,
                within: str | None = None) -> list[str]:
        """Text pieces (one per text node, so cells never run together)."""
        out = []
        for text, tags, ids in self.texts:
            if within is not None and within not in ids:
                continue
            if skip_code and "code" in tags:
                continue
            if skip_url_links and "a" in tags and text.strip().startswith("http"):
                continue
            out.append(text)
        return out


@pytest.fixture(scope="module")
def page(report_html: str) -> Page:
    p = Page()
    p.feed(report_html)
    return p


def _sig_digits(number: str) -> int:
    digits = number.replace(",", "")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.strip("0") or "0")


# --------------------------------------------------------------------------- rounding

def test_money_is_rounded_to_three_significant_figures() -> None:
    assert money3(43_007_031_756.0) == "€43.0 bn"
    assert money3(41_893_364_333.0) == "€41.9 bn"
    assert money3(4_189_336_433.0) == "€4.19 bn"
    assert money3(999_600_000.0) == "€1.00 bn"  # rounding up crosses into billions
    assert money3(545_000_000.0) == "€545 m"
    assert money3(166_667.0) == "€167,000"
    assert money3(-0.0) == "€0" and money3(-1e-12) == "€0" and money3(0.3) == "€0"
    assert money3(-5_004_000_000.0) == "-€5.00 bn"
    assert money3(float("nan")) == "unknown" and money3(None) == "unknown"
    assert pct3(0.0013287) == "0.133%" and pct3(0.7034) == "70.3%"
    assert sig3(-0.0001) == "-0.000100" and sig3(0.0) == "0" and sig3(1234.5) == "1,230"


def test_no_nan_negative_zero_or_overprecise_money_anywhere(page: Page) -> None:
    text = "\n".join(page.visible())
    assert not re.search(r"\bnan\b", text, re.I), "nan shown"
    assert not re.search(r"\binf\b|\bNone\b", text), "inf/None shown"
    assert not re.search(r"(?<![\w.])-0(?:[.,]0*)?(?![\d.,]*[1-9])", text), "-0 shown"
    money = re.findall(r"-?€\s?([\d,]+(?:\.\d+)?)", text)
    assert len(money) > 200  # the report is full of money: the check below must bite
    over = [m for m in money if _sig_digits(m) > 3]
    assert not over, over[:10]
    # nor raw euro amounts written out in full (€43,007,031,756 or 43007031756 EUR)
    assert not re.search(r"\d{1,3}(,\d{3}){3,}", text)


def test_iceland_has_no_nan_percent(page: Page, report_html: str) -> None:
    row = re.search(r"<tr><td>Iceland</td>.*?</tr>", report_html[report_html.index(
        'data-section="burden"'):], re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert "nan" not in row.group(0).lower()
    # Iceland keeps no armed forces: the cost as a share of its defence budget is unknown
    assert cells[7] == '<span class="unknown">unknown</span>'


# --------------------------------------------------------------------------- words, not names

def test_no_engine_variable_name_is_visible(page: Page) -> None:
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    shown = page.visible(skip_code=True, skip_url_links=True)
    snake = sorted({m for t in shown for m in re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", t)})
    assert snake == []
    keys = evaluate(load_scenario("feb2025")).summary().keys()
    text = "\n".join(shown)
    for key in keys:
        if "_" in key:
            assert key not in text, key
    assert label("aid_shortfall_eur") in text


def test_first_screen_is_the_plain_language_finding(page: Page, report_html: str) -> None:
    main = report_html[report_html.index("<main>"):]
    first = re.match(r"<main><section id=\"(\w+)\"", main)
    assert first and first.group(1) == "summary"
    summary = page.visible(within="summary")
    text = re.sub(r"\s+", " ", " ".join(summary))
    assert summary[0] == "In brief"
    assert len(re.findall(r"This arrangement (?:can|cannot|may or may not) be done", text)) \
        == len(BUNDLED)
    for q in ("Staffed?", "Equipped?", "Paid for?", "By whom?", "Who objects?", "How sure?"):
        assert text.count(q) == len(BUNDLED), q
    # the bundled figures, as a reader reads them (a 10% change of an input moves them)
    assert "30,000 troops" in text and "16,472 are missing" in text  # feb2025
    assert "€41.9 bn a year" in text  # Kiel: the 2022-24 military aid a year
    assert "every requirement is met in" in text  # Monte Carlo ran (draws in the fixture)
    # who objects: a quoted red line with its speaker
    assert "Sergey Lavrov" in text and "“It is of course completely unacceptable”" in text


def test_every_headline_figure_links_to_its_publisher(report_html: str, page: Page) -> None:
    from guarantor.data.sources import source_catalogue

    urls = {s.url for s in source_catalogue().values()}
    heads = [a for a in page.links if a.get("data-headline")]
    assert heads
    for a in heads:
        href = a.get("href") or ""
        assert href.startswith("https://") and href in urls, a
        assert "guarantor" not in href and not href.endswith((".txt", ".yaml", ".csv")), href
    # every figure-shaped headline is a link, not bare bold text with no source
    assert 'class="fig"' in report_html and "<b class=\"fig\"" not in report_html
    for key in ("troops_required", "aid_required_eur", "cost_total_eur_per_year",
                "cost_gdp_share_participants", "air_required_units"):
        assert any(a.get("data-headline") == key for a in heads), key
    kiel = source_catalogue()["kiel_ust_r29"].url
    assert any(a.get("data-headline") == "aid_required_eur" and a.get("href") == kiel
               for a in heads)


# --------------------------------------------------------------------------- palette and print

def test_one_palette_for_met_short_unknown(report_html: str) -> None:
    from guarantor.report import charts as C

    css = report_html[report_html.index("<style>"):report_html.index("</style>")]
    for status, colour in STATUS_COLOURS.items():
        assert f".st-{status.replace(' ', '-')}{{color:{colour}}}" in css, status
    for span in re.findall(r'<span class="st st-([\w-]+)" style="color:(#\w+)">', report_html):
        assert STATUS_COLOURS[span[0].replace("-", " ")] == span[1]
    # no other red or green for a status: the old palette's colours are gone
    for old in ("#d62728", "#dff0d8", "#f8d7da", "#59a14f\"", "#c00;"):
        assert old not in css, old
    assert C.SHORTFALL_COLOUR == STATUS_COLOURS["short"]
    specs = json.loads(re.search(r'id="guarantor-specs">(.*?)</script>', report_html,
                                 re.S).group(1))
    text = json.dumps(specs)
    assert STATUS_COLOURS["short"] in text and "#d62728" not in text


def test_prints_well(report_html: str) -> None:
    css = report_html[report_html.index("<style>"):report_html.index("</style>")]
    assert "@media print" in css
    printed = css[css.index("@media print"):]
    assert "nav{display:none}" in printed and "page-break-inside:avoid" in printed
    assert "beforeprint" in report_html  # folded tables open for the PDF
