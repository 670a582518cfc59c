"""Every money figure the web app serves says its price basis (issue 15), at three significant
figures like the report: the overview's JSON (``display``), every analyst view, their chart
specs, and the headings the page builds (``web/static/app.js``)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from moneycheck import json_problems

#: Views and the smallest request that shows their money (draws and grid kept small).
VIEWS = {"staffing": {}, "air": {}, "aid": {}, "apportion": {}, "coalitions": {},
         "pareto": {"vary": {"us_posture": ["none", "enablers"]}},
         "timeline": {}}
# the montecarlo view (Sobol included, heavy) is checked in test_views, with its one request


def test_the_overview_says_the_basis_of_its_money(client) -> None:
    body = client.post("/api/evaluate", json={"scenario": "aug2025", "draws": 100}).json()
    assert json_problems(body) == []
    d = body["display"]
    assert (d["money_basis"], d["money_label"]) == ("EUR_2024", "2024 prices")
    s = d["summary"]
    # three significant figures (was '€41.81 bn'), unknown never '€0'
    assert s["cost_total_eur_per_year"] == "€42.3 bn"  # AEW&C and ground radar costed
    assert s["aid_required_eur"] == "€41.9 bn"
    assert s["europe_aid_share"] == "63.3%"
    money_units = {r["unit"] for r in body["montecarlo"] if r["unit"].startswith("EUR")}
    assert money_units == {"EUR_2024 per year"}  # the engine's basis, never 'EUR per year'


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_says_the_basis_of_its_money(client, name: str) -> None:
    r = client.post(f"/api/view/{name}", json={"scenario": "aug2025", **VIEWS[name]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert json_problems(body, name) == []
    if name != "staffing":  # every view with money names its basis for the page's headings
        assert body["money_basis"] == "EUR_2024" and body["money_label"] == "2024 prices"


def test_the_page_builds_money_headings_from_the_basis() -> None:
    static = resources.files("guarantor.web") / "static"
    js = (static / "app.js").read_text("utf-8")
    page = (static / "index.html").read_text("utf-8")
    # no heading or sentence writes 'EUR' itself: money headings go through eur(d, label)
    assert not re.search(r"label: \"[^\"]*EUR", js)
    assert "EUR " not in re.sub(r"//.*", "", js).replace('"EUR_', "")
    assert "EUR per year" not in page
    assert js.count("eur(d, ") >= 9
