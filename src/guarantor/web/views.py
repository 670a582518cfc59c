"""The analyst's views of the web app: one JSON route per view, each a thin call to the library.

The page (``web/static/app.js``) shows an overview from ``/api/evaluate`` and, per tab, one of
the views below: staffing by country, air shield by class, aid and spending per country (with a
map of Europe), apportionment, coalition search, red lines per actor, the Pareto search, Monte
Carlo with Sobol bars, and the positions timeline. Every number is computed by the engine,
``apportion``, ``politics`` or ``uncertainty``; this module only selects rows, formats them with
:mod:`guarantor.format` and names the source behind each figure. Heavy views are bounded
(:data:`MAX_VIEW_DRAWS`, :data:`SOBOL_BASE`, :data:`MAX_GRID`) and run in the heavy slots.

``/api/meta`` serves what the page must not copy by hand: the status palette and words
(:mod:`guarantor.palette`), the levers (:data:`guarantor.scenario.levers.LEVERS`), the capability
classes, and every source record (publisher, title, public URL) with the figures it stands behind.
``/api/scenario`` answers the edited scenario as YAML and its "cite this" block (package
version, data vintages, scenario hash, as-of date: never the wall clock).
"""

from __future__ import annotations

import io
import json
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from guarantor.errors import ScenarioError
from guarantor.format import json_safe

#: Most Monte Carlo draws the distributions view computes.
MAX_VIEW_DRAWS = 5_000
#: Sobol base sample of the sensitivity bars (evaluations = base x (inputs + 2)).
SOBOL_BASE = 128
#: Most arrangements the Pareto view enumerates.
MAX_GRID = 400
#: Longest a view may compute unless :data:`VIEW_TIMEOUT_S` says otherwise [seconds].
TIMEOUT_S = 20.0
#: Coalitions the coalition view lists.
TOP_COALITIONS = 5

VIEWS = ("staffing", "air", "aid", "apportion", "coalitions", "redlines", "pareto",
         "montecarlo", "timeline")
ViewName = Literal["staffing", "air", "aid", "apportion", "coalitions", "redlines", "pareto",
                   "montecarlo", "timeline"]

#: Source ids behind each headline figure of the overview (besides the scenario's own
#: rationale sources and the US posture's): what a reader follows to check the figure.
HEADLINE_SERIES: dict[str, tuple[str, ...]] = {
    "troops_shortfall": ("personnel",),
    "air_shortfall_units": (),
    "air_us_units": (),
    "aid_shortfall_eur": ("aid_military_eur",),
    "cost_total_eur_per_year": ("gdp_usd",),
    "feasible": (),
}


class ViewRequest(BaseModel):
    """The scenario and levers (as for ``/api/evaluate``) plus a view's own bounded options."""

    model_config = ConfigDict(extra="forbid")

    scenario: str
    levers: dict[str, Any] = Field(default_factory=dict)
    draws: int = Field(1000, ge=2, le=MAX_VIEW_DRAWS, description="Monte Carlo draws")
    seed: int = Field(0, ge=0)
    output: str | None = Field(None, description="Output of the Sobol bars (default: the "
                                                 "scenario's first, see /api/view/montecarlo)")
    vary: dict[str, list[str]] = Field(default_factory=dict,
                                       description="Pareto search: lever -> values (as text)")


router = APIRouter()


def _state(request: Request) -> Any:
    return request.app.state.guarantor


def _evaluate_request(st: Any, req: ViewRequest) -> Any:
    """The app's ``EvaluateRequest`` for ``req`` (models handed over by ``create_app`` as
    ``st.request_models``: this module never imports the app, so there is no import loop)."""
    EvaluateRequest, Levers = st.request_models  # noqa: N806 - classes

    try:
        lv = Levers.model_validate(req.levers)
    except ValueError as exc:
        raise ScenarioError("bad levers", key="levers", value=json.dumps(req.levers)[:200],
                            allowed=str(exc).split("\n")[1] if "\n" in str(exc) else str(exc)
                            ) from None
    return EvaluateRequest(scenario=req.scenario, levers=lv)




def _json(body: Any) -> Response:
    return Response(json.dumps(json_safe(body), default=str), media_type="application/json")


# --------------------------------------------------------------------------- meta and sources

@lru_cache(maxsize=1)
def _meta() -> dict[str, Any]:
    import guarantor
    from guarantor.data.capabilities import load_inventory
    from guarantor.data.dataset import load_dataset
    from guarantor.data.params import load_postures
    from guarantor.data.sources import source_catalogue
    from guarantor.palette import BASIS_COLOURS, STATUS_COLOURS, STATUS_WORDS
    from guarantor.scenario.levers import LEVERS
    from guarantor.scenario.schema import CONDITION_DEFAULTS, force_options

    data = load_dataset()
    cat = source_catalogue()
    headline: dict[str, list[str]] = {}
    for fig, series in HEADLINE_SERIES.items():
        ids: list[str] = []
        for s in series:
            ids += [i for i in data.meta(s).sources if i not in ids]
        headline[fig] = ids
    inv = load_inventory()
    inv_sources = sorted({str(s) for s in inv.frame()["source"].dropna().unique()})
    headline["air_shortfall_units"] = inv_sources
    return {
        "version": guarantor.__version__,
        "palette": {"status_colours": dict(STATUS_COLOURS), "status_words": dict(STATUS_WORDS),
                    "basis_colours": dict(BASIS_COLOURS)},
        "levers": [{"name": lv.name, "kind": lv.kind, "value_type": lv.value_type,
                    "path": lv.path, "help": lv.help, "low": lv.low, "high": lv.high,
                    "choices": list(lv.choices), "complement": lv.complement}
                   for lv in LEVERS.values()],
        "classes": list(inv.classes),
        "conditions": list(CONDITION_DEFAULTS) + ["us_backstop", "nato_framework"],
        "force_options": {k: {"troops": int(v["troops"]), "label": str(v.get("label", k)),
                              "source": str(v.get("source", ""))}
                          for k, v in force_options().items()},
        "postures": {k: list(v.sources) for k, v in load_postures().items()},
        "headline_sources": headline,
        "sources": {sid: {"publisher": s.publisher, "title": s.title, "url": s.url,
                          "date": s.date or "", "table": s.table or ""}
                    for sid, s in cat.items()},
        "views": list(VIEWS),
        "bounds": {"max_view_draws": MAX_VIEW_DRAWS, "sobol_base": SOBOL_BASE,
                   "max_grid": MAX_GRID},
    }


@router.get("/api/meta")
async def meta() -> Response:
    """Palette and status words, levers, classes, sources (public URLs) and view bounds."""
    return _json(_meta())


@lru_cache(maxsize=1)
def _europe() -> bytes:
    ref = resources.files("guarantor") / "web" / "geo" / "europe.geo.json"
    return ref.read_bytes()


@router.get("/api/geo/europe")
async def europe() -> Response:
    """Country outlines of Europe (Natural Earth 1:50m, public domain; see its provenance)."""
    return Response(_europe(), media_type="application/geo+json",
                    headers={"Cache-Control": "max-age=86400"})


# --------------------------------------------------------------------------- scenario and cite

def _edited_yaml(entry: Any, over: dict[str, Any]) -> str:
    """The scenario as edited: a bundled one as ``baseline`` + ``overrides`` (what the levers
    moved), an upload as its whole merged mapping with the levers applied."""
    from ruamel.yaml import YAML

    from guarantor.scenario.load import apply_overrides

    if entry.origin == "bundled":
        # name and title unchanged, so the file has the same scenario hash as the view
        doc: dict[str, Any] = {"name": entry.name, "title": entry.scenario.title,
                               "baseline": entry.name, "overrides": dict(over)}
    else:
        doc = apply_overrides(json.loads(json.dumps(entry.raw, default=str)), over)
        doc.pop("baseline", None)
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    buf = io.StringIO()
    y.dump(json.loads(json.dumps(doc, default=str)), buf)
    return buf.getvalue()


def scenario_payload(st: Any, req: ViewRequest) -> dict[str, Any]:
    """The edited scenario's YAML, its cite block, and the per-country contribution levers
    with the ledger position behind each default."""
    from guarantor.engine.evaluate import provenance
    from guarantor.politics.arrangement import judgement_date

    ereq = _evaluate_request(st, req)
    sc, over = st.scenario(ereq)
    entry = st.entry(req.scenario)
    prov = provenance(sc, st.data, overrides=over)
    as_of = judgement_date(sc, st.ledger, None) if st.ledger is not None else sc.as_of
    cite = {"package": "guarantor", "version": prov["guarantor_version"],
            "scenario": sc.name, "scenario_hash": prov["scenario_hash"],
            "as_of": str(as_of) if as_of else "", "data_vintages": prov["data_vintages"],
            "overrides": over}
    vint = ", ".join(f"{k} {v}" for k, v in sorted(prov["data_vintages"].items()))
    cite["text"] = (f"guarantor {cite['version']}, scenario {sc.name} (hash "
                    f"{cite['scenario_hash']}), positions as of {cite['as_of']}; "
                    f"data: {vint}.")
    m = sc.missions
    air = m.air_shield
    missions = {
        "troops": None if m.reassurance_force is None else m.reassurance_force.troops,
        "stations": {} if air is None else dict(air.stations),
        "requirement": {} if air is None else dict(air.requirement),
        "commit_share": None if air is None or not isinstance(air.commit_share, float | int)
        else air.commit_share,
        "aid_eur_per_year": None if m.military_aid is None else m.military_aid.eur_per_year,
    }
    policy = sc.policy
    targets = {k: {"share": c.share, "year": c.year}
               for k, c in policy.spending_target_components.items()}
    return {"yaml": _edited_yaml(entry, over), "cite": cite, "missions": missions,
            "targets": targets, "as_of": str(sc.as_of) if sc.as_of else "",
            "contribution_overrides": {k: v.model_dump() for k, v in
                                       sc.contributions.overrides.items()}}


@router.post("/api/scenario")
async def scenario(request: Request, req: ViewRequest) -> Response:
    """The edited scenario as YAML and its "cite this" block."""
    from fastapi.concurrency import run_in_threadpool

    return _json(await run_in_threadpool(scenario_payload, _state(request), req))


@router.get("/api/scenario.yaml")
async def scenario_yaml(request: Request, scenario: str, levers: str = "{}") -> Response:
    """The edited scenario as a YAML file (download)."""
    from fastapi.concurrency import run_in_threadpool

    try:
        lv = json.loads(levers)
    except ValueError:
        raise ScenarioError("levers must be a JSON object of lever values", key="levers",
                            value=levers[:200]) from None
    body = await run_in_threadpool(scenario_payload, _state(request),
                                   ViewRequest(scenario=scenario, levers=lv))
    name = scenario.replace("upload:", "upload-")
    return Response(body["yaml"], media_type="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{name}-edited.yaml"'})


# --------------------------------------------------------------------------- the views

def _money(basis: str) -> dict[str, str]:
    """The keys that say a view's price basis, beside its money (``money_label`` goes in the
    page's headings: '€ a year (2024 prices)')."""
    from guarantor.format import basis_label, basis_words

    return {"money_basis": basis, "money_label": basis_label(basis),
            "money_words": basis_words(basis)}


def _fmt_rows(rows: list[dict[str, Any]], units: dict[str, str]) -> list[dict[str, str]]:
    """Text of each row's figures by the one formatter (column -> unit; ``share`` = %)."""
    from guarantor.format import amount, pct3

    out = []
    for r in rows:
        t: dict[str, str] = {}
        for col, unit in units.items():
            u = str(r.get("unit", "")) if unit == "@unit" else unit
            t[col] = pct3(r.get(col)) if u == "share" else amount(r.get(col), u)
        out.append(t)
    return out


def view_staffing(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Troops per country: allocation, capacity, what it rests on (stated / assumed /
    overridden) with the position, speaker, quote and public link behind it."""
    from guarantor.report import charts as C
    from guarantor.report import tables as T
    from guarantor.report.tables import records as _rows

    r = st.result(_evaluate_request(st, req))
    c = r.contributions
    rows: list[dict[str, Any]] = []
    if not c.empty:
        t = c[c["item"] == "troops"].sort_values(["allocated", "capacity"], ascending=False)
        rows = _rows(t[["iso3", "country", "allocated", "capacity", "pledged", "basis",
                        "stance", "statement_date", "evidence", "speaker", "quote",
                        "source_url"]])
    charts = {k: v for k, v in C.mission_charts(T.supply_rows(r)).items()
              if k == "reassurance_force"}
    return {"rows": rows, "text": _fmt_rows(rows, {"allocated": "persons", "capacity": "persons",
                                                   "pledged": "persons"}),
            "by_basis": r.summary().get("troops_by_basis"), "charts": charts}


def view_air(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Air shield by capability class: requirement (and how it is derived), US part, others,
    shortfall or its unknown range, status; with the per-class shortfall chart."""
    from guarantor.report import charts as C
    from guarantor.report import tables as T
    from guarantor.report.tables import records as _rows

    r = st.result(_evaluate_request(st, req))
    if r.scenario.missions.air_shield is None:
        return {"rows": [], "text": [], "operation": [], "charts": {},
                "note": "This scenario has no air shield."}
    rows = [m for m in T.mission_rows(r) if m["mission"] == "air_shield"]
    op = _rows(r.air_operation())
    cols = {c: "@unit" for c in ("requirement", "us_supply", "others_capacity", "allocated",
                                 "shortfall", "shortfall_low")}
    charts = {"air_shortfall": C.shortfall_chart(T.shortfall_rows(r))}
    charts.update({k: v for k, v in C.mission_charts(T.supply_rows(r)).items()
                   if k == "air_shield"})
    basis = T.money_basis(r)
    return {"rows": rows, "text": _fmt_rows(rows, cols), "operation": op,
            "operation_text": _fmt_rows(op, {"operating_cost_eur_per_year": basis,
                                             "participants_cost_eur_per_year": basis,
                                             "eur_per_flight_hour": basis}),
            "charts": charts, "note": "", **_money(basis)}


def _map_spec(rows: list[dict[str, Any]], colour: str) -> dict[str, Any]:
    """A Vega-Lite map of Europe: each participant coloured by its cost as a share of GDP
    (no data = grey); the outlines are the bundled Natural Earth geometry."""
    geo = json.loads(_europe())
    by = {r["iso3"]: r for r in rows}
    feats = []
    for f in geo["features"]:
        r = by.get(f["id"])
        props = dict(f["properties"])
        share_pct = None if r is None or r.get("cost_gdp_share") is None else \
            float(r["cost_gdp_share"]) * 100
        props.update(burden_pct=share_pct, country=r["country"] if r else props["name"])
        feats.append({**f, "properties": props})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 520, "height": 440, "autosize": {"type": "fit", "contains": "padding"},
        "title": {"text": "Burden as % of GDP, first year", "anchor": "start",
                  "subtitle": ["Outlines: Natural Earth 1:50m (public domain); "
                               "grey: not a participant or no cost"]},
        "projection": {"type": "conicConformal", "rotate": [-10, 0], "parallels": [40, 65]},
        "data": {"values": feats},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#e5e5e5", "stroke": "#fff",
                      "strokeWidth": 0.5}},
            {"transform": [{"filter": "isValid(datum.properties.burden_pct)"}],
             "mark": {"type": "geoshape", "stroke": "#fff", "strokeWidth": 0.5},
             "encoding": {
                 "color": {"field": "properties.burden_pct", "type": "quantitative",
                           "title": "% of GDP",
                           "scale": {"scheme": "blues", "zero": True}},
                 "tooltip": [{"field": "properties.country", "title": "country"},
                             {"field": "properties.burden_pct", "title": "% of GDP",
                              "format": ".3"}]}},
        ],
        "config": {"view": {"stroke": None}, "background": "white"},
        "usermeta": {"colour": colour},
    }


def view_aid(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Aid and spending per country: cost (troops, air, aid) and its share of GDP, the gap to
    the spending target, and the map of Europe coloured by burden."""
    from guarantor.report import charts as C
    from guarantor.report import tables as T

    r = st.result(_evaluate_request(st, req))
    burden = T.burden_rows(r)
    sp = T.spending_rows(r)
    c = r.contributions
    aid: dict[str, float] = {}
    if not c.empty:
        a = c[c["item"] == "aid"]
        aid = {str(k): float(v) for k, v in zip(a["iso3"], a["allocated"], strict=True)}
    for b in burden:
        b["aid_allocated_eur"] = aid.get(b["iso3"])
    charts: dict[str, Any] = {"map": _map_spec(burden, "blues")}
    if burden:
        charts["burden"] = C.burden_chart(burden)
    charts["spending"] = C.spending_charts(sp, T.spending_path_rows(r))
    return {**_money(T.money_basis(r)), "burden": burden,
            "burden_text": _fmt_rows(burden, {"cost_troops_eur": "EUR", "cost_air_eur": "EUR",
                                              "cost_aid_eur": "EUR", "cost_total_eur": "EUR",
                                              "aid_allocated_eur": "EUR",
                                              "cost_gdp_share": "share",
                                              "cost_defence_budget_share": "share"}),
            "spending": sp,
            "spending_text": _fmt_rows(sp, {"defence_gdp_share": "share",
                                            "target_share": "share",
                                            "gap_eur_target_year": "EUR",
                                            "increase_eur_per_year": "EUR"}),
            "charts": charts}


def view_apportion(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Fair-share apportionment (MILP, draw 0): per requirement, allocation against fair
    share and the caps that bind; per country, the allocations that are not zero."""
    from guarantor.apportion.result import apportion
    from guarantor.report.tables import records as _rows

    sc, over = st.scenario(_evaluate_request(st, req))
    a = apportion(sc, overrides=over)
    reqs = _rows(a.requirements_table())
    alloc = a.allocations_table()
    alloc = alloc[(alloc["allocated"] > 0) | (alloc["fair_amount"] > 0)]
    alloc_rows = _rows(alloc[["requirement", "unit", "iso3", "country", "fair_share",
                              "fair_amount", "allocated", "share", "cap", "cap_binds",
                              "cap_source"]])
    return {**_money(a.problem.money_basis), "requirements": reqs,
            "requirements_text": _fmt_rows(reqs, {c: "@unit" for c in (
                "required", "us_covers", "net_required", "others_can_field", "allocated",
                "shortfall")}),
            "allocations": alloc_rows,
            "allocations_text": _fmt_rows(alloc_rows, {"fair_amount": "@unit",
                                                       "allocated": "@unit", "cap": "@unit",
                                                       "fair_share": "share",
                                                       "share": "share"}),
            "explanations": a.explanations(), "feasible": a.feasible,
            "solver": {"optimal": a.solution.optimal,
                       "seconds": round(float(a.solution.solve_seconds), 2)}}


def view_coalitions(st: Any, req: ViewRequest) -> dict[str, Any]:
    """The smallest coalitions that meet the requirements, and what no coalition can meet."""
    from guarantor.apportion.coalition import coalitions
    from guarantor.data.countries import registry
    from guarantor.format import amount, unit_words

    sc, over = st.scenario(_evaluate_request(st, req))
    s = coalitions(sc, top=TOP_COALITIONS, overrides=over)
    reg = registry()
    units = dict(zip(s.problem.requirements, s.problem.units, strict=True))
    rows = [{"rank": c.rank, "size": c.size, "members": list(c.members),
             "member_names": [reg[m].name for m in c.members],
             "cost_eur_per_year": c.cost_eur,
             "cost_text": amount(c.cost_eur, s.problem.money_basis),
             "cost_complete": c.cost_complete, "proven_optimal": c.optimal}
            for c in s.coalitions]
    return {**_money(s.problem.money_basis), "coalitions": rows,
            "unmeetable": {k: {"value": v, "text": amount(v, units.get(k, "")),
                               "unit": units.get(k, ""),
                               "unit_text": unit_words(units.get(k, ""))}
                           for k, v in s.unmeetable.items()},
            "unknown": list(s.unknown), "notes": list(s.notes),
            "seconds": round(s.solve_seconds, 2)}


def view_redlines(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Every actor's verdict on the arrangement: each finding (crossed, unmet, met) with the
    quote, speaker, date and the public link of the statement."""
    from guarantor.report import tables as T

    r = st.result(_evaluate_request(st, req))
    rows = T.redlines_rows(r, ledger=st.ledger, statuses=("crossed", "unmet", "met", "unresolved"))
    actors: dict[str, dict[str, Any]] = {}
    for row in rows:
        a = actors.setdefault(row["actor"], {"actor": row["actor"], "name": row["actor_name"],
                                             "crossed": 0, "unmet": 0, "findings": []})
        if row["status"] in ("crossed", "unmet"):
            a[row["status"]] += 1
        a["findings"].append({k: ("" if v is None else v if isinstance(v, bool | int | float)
                                  else str(v)) for k, v in row.items()})
    order = sorted(actors.values(), key=lambda a: (-a["crossed"], -a["unmet"], a["actor"]))
    return {"actors": order}


#: The grid the Pareto view opens when the page names none (every value a lever takes that
#: changes red lines or the shortfall; 3 x 2^5 = 96 arrangements).
DEFAULT_VARY = {"us_posture": ["none", "enablers", "full"], "article5": ["true", "false"],
                "membership": ["true", "false"], "us_troops": ["true", "false"],
                "nato_led": ["true", "false"], "agreed_with_russia": ["true", "false"]}


def view_pareto(st: Any, req: ViewRequest) -> dict[str, Any]:
    """The Pareto front over levers: fewest red lines crossed, smallest shortfall, least cost."""
    from guarantor.format import amount
    from guarantor.politics.search import search
    from guarantor.report.tables import records as _rows

    vary = req.vary or DEFAULT_VARY
    n = 1
    for v in vary.values():
        n *= max(1, len(v))
    if n > MAX_GRID:
        raise ScenarioError("too many arrangements for the web app", key="vary", value=n,
                            allowed=f"at most {MAX_GRID}",
                            hint="run `guarantor politics search` for more")
    sc, _ = st.scenario(_evaluate_request(st, req))
    res = search(sc, vary, ledger=st.ledger)
    front = res.front(20)
    cols = list(vary) + ["red_lines_weighted", "red_lines", "crossed_by", "shortfall_index",
                         "cost_eur_per_year", "feasible"]
    rows = _rows(front[cols])
    from guarantor.format import money_heading
    from guarantor.report.tables import money_basis

    basis = money_basis(sc)
    for r in rows:
        r["cost_text"] = amount(r["cost_eur_per_year"], basis)
    frame = res.frame
    points = _rows(frame[["red_lines_weighted", "shortfall_index", "cost_eur_per_year",
                          "on_front"]])
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 480, "height": 260,
        "title": {"text": "Arrangements: red lines crossed against shortfall", "anchor": "start",
                  "subtitle": f"{res.n} arrangements, positions as of {res.as_of}"},
        "data": {"values": points},
        "mark": {"type": "point", "filled": True, "opacity": 0.7},
        "encoding": {
            "x": {"field": "red_lines_weighted", "type": "quantitative",
                  "title": "red lines crossed (weighted)"},
            "y": {"field": "shortfall_index", "type": "quantitative",
                  "title": "shortfall index"},
            "color": {"field": "on_front", "type": "nominal", "title": "on the front",
                      "scale": {"domain": [True, False], "range": ["#2166ac", "#bbbbbb"]}},
            "tooltip": [{"field": "red_lines_weighted"}, {"field": "shortfall_index",
                                                          "format": ".3"},
                        {"field": "cost_eur_per_year", "format": ".3s",
                         "title": money_heading("cost a year", basis)}]},
    }
    return {**_money(basis), "front": rows, "levers": list(vary), "n": res.n,
            "as_of": str(res.as_of),
            "seconds": round(res.seconds, 2), "charts": {"pareto": chart}}


def view_montecarlo(st: Any, req: ViewRequest) -> dict[str, Any]:
    """Monte Carlo distributions of the headline outputs and Sobol total indices of one."""
    from guarantor.report import charts as C
    from guarantor.report import tables as T
    from guarantor.report.tables import records as _rows
    from guarantor.uncertainty.sensitivity import output_names, run_sensitivity

    sc, _ = st.scenario(_evaluate_request(st, req))
    names = output_names(sc)
    output = req.output or names[0]
    if output not in names:
        raise ScenarioError("unknown output for the Sobol bars", key="output", value=output,
                            allowed=", ".join(names))
    mc = T.montecarlo_frame(sc, req.draws, seed=req.seed, loaded=st.mc_loaded)
    basis = T.money_basis(sc)
    summary = _rows(T.montecarlo_summary(mc)) if mc is not None else []
    for row in summary:  # the draws are engine outputs: money in the engine's basis
        row["unit"] = T.engine_money_unit(str(row.get("unit") or ""), basis)
    charts: dict[str, Any] = {}
    if mc is not None:
        spec = C.montecarlo_chart(mc, basis=basis)
        if spec:
            charts["montecarlo"] = spec
    sob = run_sensitivity(sc, output, n_base=SOBOL_BASE, seed=req.seed + 1,
                          loaded=st.mc_loaded)
    idx = sob.indices
    idx = idx[idx["ST"] > 0.005].head(12)
    bars = _rows(idx[["input", "S1", "ST", "ST_conf"]])
    charts["sobol"] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 420, "height": {"step": 18},
        "title": {"text": f"What drives {sob.output}: Sobol total index", "anchor": "start",
                  "subtitle": f"base sample {sob.n_base}, {sob.n_evaluations} evaluations, "
                              f"seed {sob.seed}"},
        "data": {"values": bars},
        "mark": {"type": "bar", "color": "#2166ac"},
        "encoding": {"y": {"field": "input", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "ST", "type": "quantitative", "title": "total index"},
                     "tooltip": [{"field": "input"}, {"field": "ST", "format": ".2f"},
                                 {"field": "S1", "format": ".2f"}]},
    }
    disp = [_mc_text(r) for r in summary]
    return {**_money(basis), "summary": summary, "text": disp, "sobol": bars,
            "sobol_note": sob.note or "",
            "outputs": names, "draws": req.draws, "seed": req.seed, "charts": charts}


def _mc_text(row: dict[str, Any]) -> dict[str, str]:
    """Text of one Monte Carlo row, three significant figures: probabilities as %, money by
    the money formatter (its basis: the view's ``money_label``), counts with their unit."""
    from guarantor.format import UNKNOWN, amount, finite, pct3, sig3

    unit = str(row.get("unit") or "")
    if unit == "probability":
        return {"mean": pct3(row.get("mean"))}

    def count(x: Any) -> str:
        f = finite(x)
        return UNKNOWN if f is None else f"{sig3(f)} {unit}"

    return {k: amount(row.get(k), unit) if unit.startswith("EUR") else count(row.get(k))
            for k in ("mean", "p05", "p50", "p95")}


def view_timeline(st: Any, req: ViewRequest) -> dict[str, Any]:
    """The arrangement replayed as positions stood at each month's end."""
    from guarantor.politics.timeline import replay
    from guarantor.report import charts as C
    from guarantor.report.tables import records as _rows

    sc, _ = st.scenario(_evaluate_request(st, req))
    wide = replay(sc, data=st.data, monthly=True)
    frame = wide
    if not wide.empty:  # long form for the chart (as report.tables.timeline_frame)
        frame = wide.melt(id_vars=["date"], value_vars=["troops_stated", "troops_assumed",
                                                        "troops_shortfall"],
                          var_name="part", value_name="troops")
        frame["part"] = frame["part"].str.replace("troops_", "", regex=False)
    rf = sc.missions.reassurance_force
    required = float(rf.troops) if rf is not None else 0.0
    chart = C.timeline_chart(frame, required) if not frame.empty else None
    from guarantor.report.tables import money_basis

    return {**_money(money_basis(sc)), "rows": _rows(frame), "months": _rows(wide),
            "charts": {"timeline": chart} if chart else {}}


_VIEWS = {"staffing": view_staffing, "air": view_air, "aid": view_aid,
          "apportion": view_apportion, "coalitions": view_coalitions,
          "redlines": view_redlines, "pareto": view_pareto, "montecarlo": view_montecarlo,
          "timeline": view_timeline}
#: Views that run in a heavy slot (solver, many engine calls, or draws).
HEAVY = {"apportion", "coalitions", "pareto", "montecarlo", "timeline"}


#: Seconds a view may compute (the web app's TIMEOUT_S unless listed): the timeline evaluates
#: the arrangement once per statement date (about 90 for aug2025).
VIEW_TIMEOUT_S = {"timeline": 90.0}
#: Views answered from memory when asked again with the same request (every view is a pure
#: function of the request and the bundled data, which never change while the server runs).
MEMO_SIZE = 32
_memo: OrderedDict[str, Any] = OrderedDict()
_memo_lock = threading.Lock()


def _memo_get(key: str) -> Any:
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    return None


def _memo_put(key: str, body: Any) -> None:
    with _memo_lock:
        _memo[key] = body
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


@router.post("/api/view/{name}")
async def view(request: Request, name: ViewName, req: ViewRequest) -> Response:
    """One view of the arrangement (see the module docstring); 422 with the CLI's message on
    bad input, 503 past the time limit."""
    import asyncio

    from fastapi.concurrency import run_in_threadpool

    st = _state(request)
    fn = _VIEWS[name]
    key = f"{id(st)}:{name}:{req.model_dump_json()}"
    hit = _memo_get(key)
    if hit is not None:
        return _json(hit)
    limit = VIEW_TIMEOUT_S.get(name, TIMEOUT_S)

    async def go() -> Any:
        return await asyncio.wait_for(run_in_threadpool(fn, st, req), limit)

    try:
        if name in HEAVY:
            async with st.heavy:
                body = await go()
        else:
            body = await go()
    except TimeoutError:
        raise HTTPException(503, f"the view took longer than {limit:g} s") from None
    _memo_put(key, body)
    return _json(body)
