"""The JSON API over HTTP on loopback, against a real uvicorn server."""

from __future__ import annotations

import io
import json

import pytest

from guarantor.errors import GuarantorError
from guarantor.scenario import bundled_scenarios, load_scenario
from guarantor.web.app import MAX_DRAWS, MAX_UPLOAD_BYTES


def cli_message(name: str, overrides: dict) -> str:
    """What the CLI prints for the same input (after 'error: ')."""
    from guarantor.engine import evaluate

    with pytest.raises(GuarantorError) as exc:
        evaluate(load_scenario(name, overrides))
    return str(exc.value)


def evaluate(client, scenario: str = "aug2025", **levers):
    return client.post("/api/evaluate", json={"scenario": scenario, "levers": levers})


def test_scenarios_and_vocabulary(client) -> None:
    r = client.get("/api/scenarios")
    assert r.status_code == 200
    body = r.json()
    assert [s["name"] for s in body["scenarios"] if s["origin"] == "bundled"] == \
        list(bundled_scenarios())
    assert body["vocabulary"]["us_postures"] == ["none", "intelligence", "enablers", "full"]
    assert body["limits"]["max_draws"] == MAX_DRAWS
    aug = next(s for s in body["scenarios"] if s["name"] == "aug2025")
    assert aug["levers"]["us_posture"] == "enablers"


def test_lever_change_updates_figures_and_charts(client) -> None:
    a = evaluate(client).json()
    b = evaluate(client, us_posture="none").json()
    assert a["summary"]["us_posture"] == "enablers" and b["summary"]["us_posture"] == "none"
    # the headline says what the troops rest on: stated, assumed, overridden
    assert set(a["summary"]["troops_by_basis"]) == {"stated", "assumed", "overridden"}
    assert "stated" in a["display"]["summary"]["troops_by_basis"]
    assert b["summary"]["air_us_units"] == 0 < a["summary"]["air_us_units"]
    # without the US the air shield falls further short at the sourced lower bounds; part of it
    # (ground radar) is unknown since 2026-12 (radars of eight participants not sourced), so the
    # high end of the range grows and the certain shortfall never falls
    assert b["summary"]["air_shortfall_units_if_unknown_zero"] > \
        a["summary"]["air_shortfall_units_if_unknown_zero"]
    assert b["summary"]["air_shortfall_units"] >= a["summary"]["air_shortfall_units"]
    assert a["charts"]["air_shortfall"]["datasets"] != b["charts"]["air_shortfall"]["datasets"]
    c = evaluate(client, force=200_000, unstated=0.2,
                 spending_target=0.035, spending_target_year=2030,
                 burden_rule="capacity", willingness_by_country={"POL": 0.0}).json()
    assert c["summary"]["troops_shortfall"] > 0
    assert c["levers"]["spending_target_year"] == 2030
    assert c["spending"][0]["target_share"] == 0.035
    assert c["provenance"]["overrides"]["participants.willingness"]["POL"] == 0.0
    assert {"reassurance_force", "air_shield", "military_aid", "burden", "spending"} <= \
        set(c["charts"])


@pytest.mark.parametrize("levers", [
    {"force": -5},
    {"us_posture": "maybe"},
    {"unstated": 1.5},
    {"willingness_by_country": {"XXX": 0.5}},
    {"spending_target_year": 1999},
    {"burden_rule": "lottery"},
    {"overrides": {"missions.air_shield.no_such_key": 1}},
])
def test_bad_levers_answer_422_with_the_cli_message(client, levers) -> None:
    from guarantor.web.app import Levers

    r = evaluate(client, **levers)
    assert r.status_code == 422
    over = Levers(**levers).to_overrides()
    if "participants.willingness" in over:
        own = dict(load_scenario("aug2025").participants.willingness)
        over["participants.willingness"] = {**own, **over["participants.willingness"]}
    assert r.json() == {"error": cli_message("aug2025", over)}
    assert client.get("/api/health").json() == {"status": "ok"}


def test_cli_prints_the_same_message(client) -> None:
    import subprocess
    import sys

    r = evaluate(client, force=-5)
    cli = subprocess.run([sys.executable, "-m", "guarantor", "run", "aug2025", "--set",
                          "missions.reassurance_force.troops=-5"], capture_output=True,
                         text=True, timeout=60)
    assert cli.returncode == 2
    assert " ".join(cli.stderr.split()) == " ".join(("error: " + r.json()["error"]).split())


def test_unknown_scenario_is_404_and_wrong_types_422(client) -> None:
    r = evaluate(client, scenario="atlantis")
    assert r.status_code == 404
    assert "scenario not found" in r.json()["error"] and "atlantis" in r.json()["error"]
    r = evaluate(client, force="many")
    assert r.status_code == 422 and "levers.force" in r.json()["error"]
    r = client.post("/api/evaluate", content=b"{not json", headers={
        "content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()


def test_draws_are_limited(client) -> None:
    r = client.post("/api/evaluate", json={"scenario": "aug2025", "draws": MAX_DRAWS + 1})
    assert r.status_code == 422 and str(MAX_DRAWS) in r.json()["error"]
    r = client.post("/api/evaluate", json={"scenario": "aug2025", "draws": 20, "seed": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["montecarlo"] is not None and body["montecarlo_note"] is None
    # the page's text comes from guarantor.format, row for row
    from guarantor.format import amount

    assert len(body["display"]["montecarlo"]) == len(body["montecarlo"])
    assert [m["requirement"] for m in body["display"]["missions"]] == [
        amount(m["requirement"], m["unit"]) for m in body["missions"]]
    assert body["display"]["summary"]["cost_total_eur_per_year"].startswith("€")


AUG = load_scenario("aug2025")


def upload(client, text: str | bytes, name: str = "mine.yaml"):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/api/upload", files={"file": (name, io.BytesIO(data), "text/yaml")})


def test_upload_then_move_levers(client) -> None:
    text = "name: mine\ntitle: Mine\nbaseline: aug2025\noverrides:\n  us_posture: full\n"
    r = upload(client, text)
    assert r.status_code == 200, r.text
    info = r.json()
    assert info["name"].startswith("upload:") and info["levers"]["us_posture"] == "full"
    ev = evaluate(client, scenario=info["name"], us_posture="none")
    assert ev.status_code == 200 and ev.json()["summary"]["us_posture"] == "none"
    assert info["name"] in [s["name"] for s in client.get("/api/scenarios").json()["scenarios"]]


@pytest.mark.parametrize("text, status, needle", [
    ("name: x\ntitle: t\nfoo: 1\n", 422, "upload:bad.yaml"),
    ("name: x\nbaseline: /etc/passwd\n", 422, "baseline must be a bundled scenario"),
    ("name: [unclosed\n", 422, "upload:bad.yaml"),
    (b"\xff\xfe\x00binary", 422, "not UTF-8"),
    ("#" * (MAX_UPLOAD_BYTES + 10), 413, "too large"),
])
def test_bad_uploads(client, text, status, needle) -> None:
    r = upload(client, text, "bad.yaml")
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]
    assert client.get("/api/health").status_code == 200


def test_downloads(client) -> None:
    import openpyxl
    import pandas as pd

    q = {"scenario": "aug2025", "levers": json.dumps({"us_posture": "none"})}
    r = client.get("/api/download/csv", params={**q, "table": "missions"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    df = pd.read_csv(io.StringIO(r.text))
    assert df.loc[df["item"] == "ground_radar", "us_supply"].iloc[0] == 0
    r = client.get("/api/download/xlsx", params=q)
    assert r.content[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert {"missions", "contributions", "burden", "spending", "provenance"} <= set(wb.sheetnames)
    r = client.get("/api/download/json", params=q)
    assert r.json()["summary"]["us_posture"] == "none"
    r = client.get("/api/download/html", params=q)
    assert r.status_code == 200 and 'data-section="sources"' in r.text
    r = client.get("/api/download/json", params={"scenario": "aug2025", "levers": "{oops"})
    assert r.status_code == 422 and "levers" in r.json()["error"]
    r = client.get("/api/download/pdf", params=q)
    assert r.status_code == 422


def test_openapi_documents_the_json_shape(client) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("EvaluateRequest", "EvaluateResponse", "Levers", "Summary", "MissionRow",
                 "ErrorBody", "ScenarioList", "ScenarioInfo"):
        assert name in schemas, name
    ev = spec["paths"]["/api/evaluate"]["post"]
    assert ev["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "EvaluateResponse")
    assert "422" in ev["responses"] and "404" in ev["responses"]
    for path in ("/api/scenarios", "/api/upload", "/api/download/{fmt}"):
        assert path in spec["paths"]


def test_page_and_vendored_scripts_are_served(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="lever-list-us"' in page.text  # filled from /api/meta
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        r = client.get(f"/vendor/{name}")
        assert r.status_code == 200 and "BSD-3-Clause" in r.text[:300]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/vendor/../app.py").status_code == 404
    assert client.get("/static/nope.js").status_code == 404


def test_lever_change_does_not_reload_data(live, client, monkeypatch) -> None:
    import guarantor.data.capabilities
    import guarantor.data.dataset
    import guarantor.data.params
    import guarantor.scenario.load

    def forbidden(*a, **k):
        raise AssertionError("bundled data reloaded during a lever change")

    for mod, name in [(guarantor.data.dataset, "load_dataset"),
                      (guarantor.data.params, "load_parameters"),
                      (guarantor.data.params, "load_postures"), (guarantor.data.capabilities,
                                                            "load_inventory"),
                      (guarantor.scenario.load, "locate_scenario"),
                      (guarantor.scenario.load, "load_scenario"),
                      (guarantor.scenario, "load_scenario")]:
        monkeypatch.setattr(mod, name, forbidden)
    r = evaluate(client, us_posture="none", force=50_000)
    assert r.status_code == 200, r.text
