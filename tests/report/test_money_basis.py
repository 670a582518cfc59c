"""Every money figure of the HTML report says its price basis (issue 15), found by the
formatter's markup (``format.money_html``: ``<span class="money" data-basis=...>``)."""

from __future__ import annotations

import re

from moneycheck import html_problems, spec_problems

from guarantor.format import money_html


def test_every_money_figure_in_the_report_says_its_basis(report_html: str) -> None:
    assert html_problems(report_html) == []


def test_the_report_marks_its_money_and_uses_three_significant_figures(report_html: str) -> None:
    spans = re.findall(r'<span class="money" data-basis="([^"]+)"[^>]*>([^<]*)</span>',
                       report_html)
    assert len(spans) > 200  # every table's money, not a few
    # the engine's figures are constant 2024 euros; parameters are in their source's prices
    assert {b for b, _ in spans} >= {"EUR_2024"}
    for _, text in spans:
        digits = re.sub(r"[^0-9]", "", text.split("(")[0].lstrip("-€").split(" ")[0])
        assert len(digits.lstrip("0")) <= 3 or digits.endswith("0" * (len(digits) - 3)), text
    # no more "EUR current" labels on constant-euro figures, no bare "EUR bn"
    assert "current prices" not in re.sub(r"<script.*?</script>", "", report_html, flags=re.S) \
        .split('id="sources"')[0]


def test_the_checker_catches_a_figure_without_its_basis() -> None:
    """The checker is not vacuous: a marked figure under a heading without the basis, a bare
    euro sign, a marked figure with no basis, and a chart title with 'EUR bn' all fail."""
    fig = money_html(43.6e9, "EUR_2024")
    bad_cell = f"<table><thead><tr><th>cost</th></tr></thead><tbody><tr><td>{fig}</td></tr>" \
               "</tbody></table>"
    good_cell = bad_cell.replace("<th>cost</th>", "<th>cost, € (2024 prices)</th>")
    assert html_problems(f"<html><body>{bad_cell}</body></html>")
    assert html_problems(f"<html><body>{good_cell}</body></html>") == []
    assert html_problems("<html><body><p>It costs €43.6 bn.</p></body></html>")
    assert html_problems('<html><body><p><span class="money">€4 bn</span> (2024 prices)'
                         "</p></body></html>")
    assert html_problems(f"<html><body><p>{money_html(1e9, 'EUR_2024', inline=True)}</p>"
                         "</body></html>") == []
    assert spec_problems({"encoding": {"x": {"title": "cost [EUR bn/yr]"}}})
    assert spec_problems({"encoding": {"x": {"title": "cost, €bn (2024 prices)"}}}) == []
