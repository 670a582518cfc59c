"""The analyst's views over HTTP on loopback (real uvicorn, real engine, solver and search).

Each view is checked against the library function it shows, and pinned to figures of the bundled
``aug2025`` scenario, so a change in an input or in the wiring fails here.
"""

from __future__ import annotations

import json

import pytest
from moneycheck import json_problems

from guarantor.palette import BASIS_COLOURS, STATUS_COLOURS, STATUS_WORDS
from guarantor.scenario.levers import LEVERS
from guarantor.web.views import MAX_GRID, MAX_VIEW_DRAWS


def view(client, name: str, **body):
    body.setdefault("scenario", "aug2025")
    return client.post(f"/api/view/{name}", json=body)


def test_meta_serves_palette_levers_and_public_sources(client) -> None:
    m = client.get("/api/meta").json()
    assert m["palette"] == {"status_colours": STATUS_COLOURS, "status_words": STATUS_WORDS,
                            "basis_colours": BASIS_COLOURS}
    assert [lv["name"] for lv in m["levers"]] == list(LEVERS)
    for fig, ids in m["headline_sources"].items():
        for sid in ids:
            assert m["sources"][sid]["url"].startswith(("https://", "http://")), (fig, sid)
    assert m["sources"]["wb_gdp"]["url"] == "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD"
    assert "kiel_ust_r29" in m["headline_sources"]["aid_shortfall_eur"]
    assert m["force_options"]["ukfr_under_30k"]["troops"] == 30000


def test_europe_geometry_is_bundled_with_its_provenance(client) -> None:
    geo = client.get("/api/geo/europe").json()
    assert geo["provenance"]["publisher"] == "Natural Earth"
    assert "public domain" in geo["provenance"]["licence"]
    ids = {f["id"] for f in geo["features"]}
    # every European participant of the bundled scenario can be coloured
    burden = view(client, "aid").json()["burden"]
    europe = {b["iso3"] for b in burden} - {"AUS", "CAN", "NZL", "JPN", "KOR"}
    assert europe and europe <= ids


def test_scenario_yaml_round_trips_and_cite_names_hash_and_as_of(client) -> None:
    from guarantor.engine.evaluate import provenance
    from guarantor.scenario.load import scenario_from_text

    levers = {"us_posture": "none", "force": 64000,
              "overrides": {"as_of": "2025-05-01",
                            "missions.air_shield.stations.combat_aircraft": 6}}
    r = client.post("/api/scenario", json={"scenario": "aug2025", "levers": levers})
    assert r.status_code == 200
    body = r.json()
    cite = body["cite"]
    assert cite["as_of"] == "2025-05-01" and cite["version"]
    assert body["missions"]["stations"]["combat_aircraft"] == 6
    sc = scenario_from_text(body["yaml"])
    assert sc.missions.reassurance_force.troops == 64000 and sc.us_posture == "none"
    assert provenance(sc, _data())["scenario_hash"] == cite["scenario_hash"]
    # the download is the same text
    d = client.get("/api/scenario.yaml", params={"scenario": "aug2025",
                                                 "levers": json.dumps(levers)})
    assert d.status_code == 200 and d.text == body["yaml"]
    assert "aug2025-edited.yaml" in d.headers["content-disposition"]


def _data():
    from guarantor.data.dataset import load_dataset

    return load_dataset()


def test_staffing_shows_the_position_behind_each_figure(client) -> None:
    body = view(client, "staffing").json()
    gbr = next(r for r in body["rows"] if r["iso3"] == "GBR")
    assert gbr["basis"] == "stated" and gbr["pledged"] == 10000
    assert gbr["source_url"].startswith("https://")
    assert body["by_basis"] == {"stated": 6186.0, "assumed": 23814.0, "overridden": 0.0}
    # a per-country contribution lever overrides the ledger position behind the default
    over = {"overrides": {"contributions.overrides.FRA": {"troops": 0.0, "reason": "test"}}}
    body2 = view(client, "staffing", levers=over).json()
    fra = next(r for r in body2["rows"] if r["iso3"] == "FRA")
    assert fra["basis"] == "overridden" and fra["allocated"] == 0


def test_air_by_class_matches_the_engine(client) -> None:
    body = view(client, "air").json()
    combat = next(r for r in body["rows"] if r["item"] == "combat_aircraft")
    assert combat["requirement"] == 138 and combat["status"] == "short"
    assert combat["shortfall"] == 108
    assert "air_shortfall" in body["charts"]
    op = next(r for r in body["operation"] if r["class"] == "combat_aircraft")
    assert op["hours_per_year"] == 105120


def test_aid_view_map_is_coloured_by_burden_share_of_gdp(client) -> None:
    body = view(client, "aid").json()
    by = {b["iso3"]: b for b in body["burden"]}
    feats = {f["id"]: f["properties"] for f in body["charts"]["map"]["data"]["values"]}
    for iso in ("GBR", "FRA", "LTU"):
        assert feats[iso]["burden_pct"] == pytest.approx(100 * by[iso]["cost_gdp_share"])
    assert feats["SRB"]["burden_pct"] is None  # not a participant: grey, never 0
    assert by["GBR"]["cost_total_eur"] == pytest.approx(6.00e9, rel=0.005)
    text = body["burden_text"][list(by).index("GBR")]
    assert text["cost_total_eur"] == "€6.00 bn"


def test_apportionment_coalitions_and_red_lines(client) -> None:
    a = view(client, "apportion").json()
    troops = next(r for r in a["requirements"] if r["requirement"] == "troops")
    assert troops["required"] == 30000 and troops["status"] == "met"
    assert any("caps hold IRL, LUX" in e for e in a["explanations"])
    c = view(client, "coalitions").json()
    assert c["coalitions"][0]["members"] == ["FRA", "TUR", "GBR"]
    # troops priced at each country's cost per soldier (FRA 114k, TUR 19k, GBR 158k EUR), not the
    # flat 170k: same allocation (2,850 / 17,250 / 9,900), EUR 2.87 bn less than the flat 43.61;
    # three significant figures
    assert c["coalitions"][0]["cost_text"] == "€40.7 bn"
    rl = view(client, "redlines").json()
    rus = next(x for x in rl["actors"] if x["actor"] == "RUS")
    assert rus["crossed"] == 1 and rus["findings"][0]["url"].startswith("http")


def test_pareto_and_its_bound(client) -> None:
    p = view(client, "pareto").json()
    assert p["n"] == 96 and p["front"]
    best = p["front"][0]
    assert best["red_lines_weighted"] <= min(r["red_lines_weighted"] for r in p["front"])
    big = {k: [str(i) for i in range(8)] for k in ("force", "unstated", "air_commit")}
    r = view(client, "pareto", vary=big)
    assert r.status_code == 422 and str(MAX_GRID) in r.json()["error"]


def test_montecarlo_and_sobol_are_bounded_and_seeded(client) -> None:
    a = view(client, "montecarlo", draws=200, seed=3).json()
    b = view(client, "montecarlo", draws=200, seed=3).json()
    assert a["summary"] == b["summary"] and a["sobol"] == b["sobol"]
    assert {"montecarlo", "sobol"} <= set(a["charts"])
    # money says its basis (tests/web/test_money_basis.py checks the other views)
    assert json_problems(a, "montecarlo") == [] and a["money_label"] == "2024 prices"
    assert {r["unit"] for r in a["summary"] if r["unit"].startswith("EUR")} == {
        "EUR_2024 per year"}
    assert view(client, "montecarlo", draws=MAX_VIEW_DRAWS + 1).status_code == 422
    bad = view(client, "montecarlo", draws=200, output="nonsense")
    assert bad.status_code == 422 and "troops_shortfall" in bad.json()["error"]


def test_bad_lever_answers_the_cli_message(client) -> None:
    r = view(client, "air", levers={"spending_target_year": 1990})
    assert r.status_code == 422 and "spending_target_year" in r.json()["error"]


def test_sobol_output_defaults_to_the_scenarios_first(client) -> None:
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.sensitivity import output_names

    body = view(client, "montecarlo", draws=100).json()
    assert body["outputs"] == output_names(load_scenario("aug2025"))
    assert body["charts"]["sobol"]["title"]["text"].endswith(
        f"{body['outputs'][0]}: Sobol total index")
    top = body["sobol"][0]
    assert top["input"] == "forces.land_share" and top["ST"] > 0.5
