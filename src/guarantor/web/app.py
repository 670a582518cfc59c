"""The web app: a FastAPI JSON API (documented by its OpenAPI schema) and one page.

Everything bundled (snapshot, parameters, inventories, US postures, positions ledger, the bundled
scenarios parsed and their baselines resolved) is loaded once, when the app is created; a lever
change only applies dotted-path overrides to the cached scenario, validates it and evaluates it.

Bad input answers 4xx with the same message the CLI prints (``{"error": "..."}``) and the server
stays up. Heavy requests are bounded: Monte Carlo draws (:data:`MAX_DRAWS`), upload size
(:data:`MAX_UPLOAD_BYTES`); evaluations, downloads and uploads run in killable worker processes
behind a cache keyed by the scenario's hash (:mod:`guarantor.web.compute`), within the time,
memory, header, body and size limits of :mod:`guarantor.web.limits`; every answer carries the
security headers of :mod:`guarantor.web.security`, which also refuses cross-origin POSTs.
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from guarantor.errors import GuarantorError, ScenarioError
from guarantor.format import json_safe
from guarantor.scenario.levers import LEVERS

#: Most Monte Carlo draws one web request may ask for.
MAX_DRAWS = 20_000
#: Largest scenario upload [bytes].
MAX_UPLOAD_BYTES = 64 * 1024
#: Longest a request may compute before it is answered 503 [seconds].
TIMEOUT_S = 20.0
#: Uploaded scenarios kept in memory (least recently used dropped first).
MAX_UPLOADS = 64
#: Concurrent heavy (Monte Carlo or report) computations.
HEAVY_SLOTS = 2
UPLOAD_PREFIX = "upload:"
TABLES = ("missions", "contributions", "burden", "spending")


# --------------------------------------------------------------------------- API models

class _LeverBase(BaseModel):
    """The levers of a scenario; each unset lever keeps the scenario's own value.

    One field per lever of :data:`guarantor.scenario.levers.LEVERS` (declared there, once), plus
    willingness per country and free dotted-path overrides. Values are checked by the scenario
    schema, so a bad value gets the CLI's message.
    """

    model_config = ConfigDict(extra="forbid")

    willingness_by_country: dict[str, float] = Field(
        default_factory=dict, description="Willingness per ISO3 country [share 0..1] "
        "(participants.willingness.ISO3)")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Any other dotted-path override, as `--set PATH=VALUE`")

    def to_overrides(self) -> dict[str, Any]:
        """The levers as dotted-path scenario overrides (the CLI's ``--set``)."""
        out: dict[str, Any] = dict(self.overrides)
        for name, lv in LEVERS.items():
            value = getattr(self, name)
            if value is not None:
                out.update(lv.overrides(value))
        if self.willingness_by_country:
            # the whole mapping: the scenario layer's path check reads a dotted path below
            # ``participants.willingness`` as a distribution's field (see WebState.scenario)
            out["participants.willingness"] = dict(self.willingness_by_country)
        return out


#: JSON type of each lever kind of value (the scenario schema checks the value itself).
_LEVER_TYPES: dict[str, Any] = {"category": str, "number": float, "integer": int, "bool": bool,
                                "force": float}

Levers = create_model(  # type: ignore[call-overload]
    "Levers", __base__=_LeverBase, __doc__=_LeverBase.__doc__,
    **{name: (_LEVER_TYPES[lv.value_type] | None,
              Field(None, description=f"{lv.help} ({lv.path})"))
       for name, lv in LEVERS.items()},
)


class EvaluateRequest(BaseModel):
    """A scenario (bundled name or ``upload:<id>``), its levers, and Monte Carlo draws."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(..., description="Bundled scenario name or an upload id")
    levers: Levers = Field(default_factory=Levers)
    draws: int = Field(0, ge=0, description=f"Monte Carlo draws (0 = none; at most {MAX_DRAWS})")
    seed: int = Field(0, ge=0, description="Seed of the Monte Carlo draws")


class ErrorBody(BaseModel):
    """A 4xx/5xx answer: the same one-line message the CLI prints."""

    error: str


class ScenarioInfo(BaseModel):
    """A scenario the page can pick."""

    name: str
    title: str
    description: str
    origin: Literal["bundled", "upload"]
    levers: dict[str, Any] = Field(description="The scenario's own lever values")


class Vocabulary(BaseModel):
    """Closed lists the page's controls read (defined once in the package)."""

    us_postures: list[str]
    burden_rules: list[str]
    countries: dict[str, str]


class Limits(BaseModel):
    """Bounds on heavy requests."""

    max_draws: int
    max_upload_bytes: int
    timeout_s: float


class ScenarioList(BaseModel):
    """What the page needs at start."""

    scenarios: list[ScenarioInfo]
    vocabulary: Vocabulary
    limits: Limits
    data_vintages: dict[str, str]
    montecarlo_available: bool
    redlines_available: bool


class Summary(BaseModel):
    """Headline figures of draw 0 (see ``Result.summary``); null = unknown."""

    model_config = ConfigDict(extra="allow")

    scenario: str
    title: str
    us_posture: str
    burden_rule: str
    participants: int
    troops_required: float | None
    troops_allocated: float | None
    troops_shortfall: float | None
    air_required_units: float | None
    air_us_units: float | None
    air_shortfall_units: float | None
    #: the shortfall if every unknown inventory were at its sourced lower bound (the high end
    #: of an unknown's range; equal to air_shortfall_units when nothing is unknown)
    air_shortfall_units_if_unknown_zero: float | None = None
    air_classes_short: list[str]
    air_classes_only_us: list[str]
    aid_required_eur: float | None
    aid_us_eur: float | None
    aid_shortfall_eur: float | None
    europe_aid_share: float | None
    cost_total_eur_per_year: float | None
    cost_gdp_share_participants: float | None
    feasible: bool
    feasibility: str = "no"  # yes | no | unknown (short only where supply is not sourced)
    scenario_hash: str


class MissionRow(BaseModel):
    """Requirement, US part, others' supply and shortfall of one mission item [its unit]."""

    mission: str
    item: str
    unit: str
    requirement: float | None
    us_supply: float | None
    others_capacity: float | None
    allocated: float | None
    shortfall: float | None
    shortfall_low: float | None = None  # an unknown's shortfall is a range: low to shortfall
    status: str
    only_us_can_fill: bool


class BurdenRow(BaseModel):
    """One participant's annual cost in the first year [the money basis, EUR_2024; shares are
    fractions]."""

    iso3: str
    country: str
    year: int
    cost_total_eur: float | None
    cost_gdp_share: float | None
    cost_defence_budget_share: float | None


class SpendingRow(BaseModel):
    """One participant's gap to the spending target."""

    iso3: str
    country: str
    defence_gdp_share: float | None
    target_share: float | None = Field(description="None: no target applies (non-NATO, not named)")
    target_year: int
    gap_eur_target_year: float | None
    increase_share_per_year: float | None
    cost_fits_in_gap: bool | None = Field(description="None: no target, or the gap is unknown")


class RedLineRow(BaseModel):
    """A red line crossed or a preference unmet, with the statement behind it."""

    actor: str
    actor_name: str
    status: str
    topic: str
    question: str
    quote: str
    speaker: str
    role: str
    date: str
    outlet: str
    citation: str
    url: str


class MonteCarloRow(BaseModel):
    """One headline output over the draws."""

    output: str
    label: str
    unit: str
    mean: float | None
    p05: float | None
    p50: float | None
    p95: float | None
    share_positive: float | None


class Display(BaseModel):
    """Formatted text of the headline figures, the mission rows and the Monte Carlo rows;
    money to three significant figures in ``money_basis`` (headline money says it inline)."""

    money_basis: str = Field(description="Price basis of every money figure (EUR_2024: "
                                         "constant 2024 euros)")
    money_label: str = Field(description="The basis in words for headings ('2024 prices')")
    summary: dict[str, str]
    missions: list[dict[str, str]]
    montecarlo: list[dict[str, str]] | None


#: Unit of each headline count the page shows (for :func:`guarantor.format.amount`).
_SUMMARY_UNITS = {
    "troops_required": "persons", "troops_allocated": "persons", "troops_shortfall": "persons",
    "air_required_units": "units", "air_us_units": "units", "air_shortfall_units": "units",
    "air_shortfall_units_if_unknown_zero": "units",
}
#: Headline money, each per year, to three significant figures ('€43.6 bn'); the page says
#: its basis beside it from ``Display.money_label`` ('a year (2024 prices)').
_SUMMARY_MONEY = ("aid_required_eur", "aid_us_eur", "aid_shortfall_eur",
                  "cost_total_eur_per_year")


def _display(summary: Mapping[str, Any], missions: list[dict[str, Any]],
             mc: list[dict[str, Any]] | None) -> Display:
    """The page's text for the figures, from the one formatter (:mod:`guarantor.format`)."""
    from guarantor.format import UNKNOWN, amount, basis_label, finite, pct3, sig3

    basis = str(summary.get("money_basis") or "")
    summ = {k: amount(summary.get(k), u) for k, u in _SUMMARY_UNITS.items()}
    summ.update({k: amount(summary.get(k), basis) for k in _SUMMARY_MONEY})
    summ["europe_aid_share"] = pct3(summary.get("europe_aid_share"))
    summ["cost_gdp_share_participants"] = pct3(summary.get("cost_gdp_share_participants"))
    split = summary.get("troops_by_basis") or {}
    summ["troops_by_basis"] = " · ".join(f"{amount(v, 'persons')} {b}" for b, v in split.items())
    cols = ("requirement", "us_supply", "others_capacity", "allocated", "shortfall",
            "shortfall_low")
    miss = [{c: amount(r.get(c), r["unit"]) for c in cols} for r in missions]
    mc_text = None
    if mc is not None:
        mc_text = []
        for r in mc:
            unit = str(r.get("unit") or "")
            if unit == "probability":
                mc_text.append({"mean": pct3(r.get("mean"))})
            else:
                def fmt(x: Any, unit: str = unit) -> str:
                    f = finite(x)
                    return amount(x, unit) if unit.startswith("EUR") else \
                        UNKNOWN if f is None else f"{sig3(f)} {unit}"
                mc_text.append({k: fmt(r.get(k)) for k in ("mean", "p05", "p50", "p95")})
    return Display(money_basis=basis, money_label=basis_label(basis), summary=summ,
                   missions=miss, montecarlo=mc_text)


class EvaluateResponse(BaseModel):
    """The evaluated scenario: headline figures, tables, Vega-Lite charts, red lines, provenance."""

    scenario: str
    title: str
    levers: dict[str, Any] = Field(description="Lever values in effect")
    summary: Summary
    missions: list[MissionRow]
    burden: list[BurdenRow] = Field(description="Participants with a cost, largest share of "
                                                "GDP first")
    spending: list[SpendingRow] = Field(description="Largest gap first")
    redlines: list[RedLineRow] | None = Field(description="Crossed and unmet only; null when "
                                                          "the red-line check is unavailable")
    montecarlo: list[MonteCarloRow] | None
    montecarlo_note: str | None
    charts: dict[str, dict[str, Any]] = Field(description="Vega-Lite specs by name")
    notes: list[str]
    provenance: dict[str, Any]
    compute_ms: float
    display: Display = Field(description="The figures as the page shows them, formatted by "
                                         "guarantor.format (the CLI's and the report's formatter)")


# --------------------------------------------------------------------------- state

@dataclass(frozen=True)
class _Entry:
    """A scenario parsed once: its located YAML, its merged mapping, and its default levers."""

    name: str
    origin: str
    located: Any
    raw: dict[str, Any]
    scenario: Any


def _lever_values(sc: Any) -> dict[str, Any]:
    """Every lever's value in ``sc`` (None when unset), with what the page needs beside them."""
    values: dict[str, Any] = {name: lv.current(sc) for name, lv in LEVERS.items()}
    values.update(
        willingness_by_country={k: v for k, v in sc.participants.willingness.items()
                                if isinstance(v, int | float)},
        participants=list(sc.participant_codes()),
        has_air_shield=sc.missions.air_shield is not None,
    )
    return values


class WebState:
    """Data loaded once at start-up, and the uploaded scenarios (bounded, in memory)."""

    def __init__(self) -> None:
        from guarantor.data.capabilities import load_inventory
        from guarantor.data.dataset import load_dataset
        from guarantor.data.params import load_parameters, load_postures
        from guarantor.scenario.load import bundled_scenarios, locate_scenario, resolve_raw

        self.data = load_dataset()
        self.params = load_parameters()
        self.inventory = load_inventory()
        self.postures = load_postures()
        from guarantor.politics.ledger import load_ledger

        self.ledger = load_ledger()
        self.bundled: dict[str, _Entry] = {}
        for name in bundled_scenarios():
            located = locate_scenario(name)
            raw = resolve_raw(located)
            self.bundled[name] = _Entry(name, "bundled", located, raw,
                                        self._validate(copy.deepcopy(raw), located))
        from guarantor.uncertainty.montecarlo import Loaded

        # the Monte Carlo shares the data loaded here rather than loading its own
        self.mc_loaded = Loaded(self.data, self.params, self.inventory, self.postures)
        self.uploads: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.heavy = asyncio.Semaphore(HEAVY_SLOTS)
        # warm the chart and red-line code paths so the first lever change is not the slow one
        first = next(iter(self.bundled), None)
        if first:
            try:
                self.evaluate(EvaluateRequest(scenario=first))
            except GuarantorError:
                pass

    @staticmethod
    def _validate(raw: dict[str, Any], located: Any) -> Any:
        from guarantor.scenario.load import validate_located

        return validate_located(raw, located)

    def entry(self, ref: str) -> _Entry:
        if ref in self.bundled:
            return self.bundled[ref]
        with self._lock:
            if ref in self.uploads:
                self.uploads.move_to_end(ref)
                return self.uploads[ref]
        from guarantor.scenario import bundled_scenarios

        raise ScenarioError("scenario not found", value=ref,
                            allowed="a bundled name (" + ", ".join(bundled_scenarios())
                            + ") or the id of an upload (upload:...)")

    def add_upload(self, text: str, filename: str) -> _Entry:
        from guarantor.scenario import bundled_scenarios, resolve_raw
        from guarantor.yamlio import parse_yaml_text

        label = f"upload:{Path(filename or 'scenario.yaml').name}"
        located = parse_yaml_text(text, label)
        data = located.data
        base = data.get("baseline") if hasattr(data, "get") else None
        if base is not None and str(base) not in bundled_scenarios():
            # an upload may only build on bundled scenarios, never on a path on the server
            raise ScenarioError("an uploaded scenario's baseline must be a bundled scenario",
                                file=label, key="baseline", value=str(base),
                                allowed=", ".join(bundled_scenarios()),
                                line=located.line_of(["baseline"]))
        raw = resolve_raw(located)
        sc = self._validate(copy.deepcopy(raw), located)
        uid = UPLOAD_PREFIX + uuid.uuid4().hex[:12]
        entry = _Entry(uid, "upload", located, raw, sc)
        with self._lock:
            self.uploads[uid] = entry
            while len(self.uploads) > MAX_UPLOADS:
                self.uploads.popitem(last=False)
        return entry

    def scenario(self, req: EvaluateRequest) -> tuple[Any, dict[str, Any]]:
        """The scenario with the levers applied (checked like the CLI's ``--set``)."""
        from guarantor.scenario import scenario_with_overrides

        e = self.entry(req.scenario)
        over = req.levers.to_overrides()
        if not over:
            return e.scenario, over
        if "participants.willingness" in over:  # levers add to the file's own willingness
            own = (e.raw.get("participants") or {}).get("willingness") or {}
            over["participants.willingness"] = {**own, **over["participants.willingness"]}
        return scenario_with_overrides(e.raw, e.located, over), over

    def result(self, req: EvaluateRequest, tables: bool = True,
               resolved: tuple[Any, dict[str, Any]] | None = None) -> Any:
        """The evaluation of the scenario with its levers moved. ``tables=False`` leaves the
        tables empty: the page's answer is built from the arrays (``report.tables.*_rows``),
        which halves the time of a lever change; downloads use the full tables. ``resolved``
        is :meth:`scenario`'s answer when the server process already made it (worker jobs)."""
        from guarantor.engine import evaluate

        sc, over = resolved if resolved is not None else self.scenario(req)
        return evaluate(sc, self.data, self.params, inventory=self.inventory,
                        postures=self.postures, overrides=over, tables=tables)

    def evaluate(self, req: EvaluateRequest,
                 resolved: tuple[Any, dict[str, Any]] | None = None) -> EvaluateResponse:
        from guarantor.report import charts as C
        from guarantor.report import tables as T

        if req.draws > MAX_DRAWS:
            raise ScenarioError("too many Monte Carlo draws for the web app", key="draws",
                                value=req.draws, allowed=f"0..{MAX_DRAWS}",
                                hint="run `guarantor montecarlo` for more")
        t0 = time.perf_counter()
        # no tables: the summary (troops by basis included) is complete from the arrays
        r = self.result(req, tables=False, resolved=resolved)
        sc = r.scenario
        charts = dict(C.mission_charts(T.supply_rows(r)))
        if sc.missions.air_shield is not None:
            charts["air_shortfall"] = C.shortfall_chart(T.shortfall_rows(r))
        burden = T.burden_rows(r)
        if burden:
            charts["burden"] = C.burden_chart(burden)
        sp = T.spending_rows(r)
        charts["spending"] = C.spending_charts(sp, T.spending_path_rows(r))
        rl = T.redlines_rows(r, ledger=self.ledger)
        mc_rows, mc_note = None, None
        if req.draws >= 2:
            mc = T.montecarlo_frame(sc, req.draws, seed=req.seed, loaded=self.mc_loaded)
            if mc is not None:
                basis = T.money_basis(r)
                mc_rows = _rows(T.montecarlo_summary(mc))
                for row in mc_rows:  # engine outputs: money in the engine's basis
                    row["unit"] = T.engine_money_unit(str(row.get("unit") or ""), basis)
                spec = C.montecarlo_chart(mc, basis=basis)
                if spec:
                    charts["montecarlo"] = spec
        redlines = None if rl is None else [
            {k: "" if row.get(k) is None else str(row.get(k)) for k in RedLineRow.model_fields}
            for row in rl]
        summary = json_safe(r.summary())
        missions = T.mission_rows(r)
        return EvaluateResponse(
            scenario=req.scenario, title=sc.title, levers=_lever_values(sc),
            summary=Summary(**summary),
            missions=missions,
            burden=[{k: b[k] for k in BurdenRow.model_fields} for b in burden],
            spending=[{k: x[k] for k in SpendingRow.model_fields} for x in sp],
            redlines=redlines,
            montecarlo=mc_rows, montecarlo_note=mc_note, charts=charts,
            notes=list(r.inputs.notes), provenance=json_safe(r.provenance),
            compute_ms=round(1000 * (time.perf_counter() - t0), 2),
            display=_display(summary, missions, mc_rows))




def _rows(df: Any) -> list[dict[str, Any]]:
    from guarantor.report.tables import records

    return records(df)


# --------------------------------------------------------------------------- the app

def _static(name: str) -> Path:
    return Path(str(resources.files("guarantor") / "web" / "static" / name))


def _error(status: int, exc: Exception | str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": str(exc)})


def _status_for(exc: GuarantorError) -> int:
    from guarantor.web.worker import status_for

    return status_for(exc)


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown scenario or upload"},
    413: {"model": ErrorBody, "description": "Upload too large"},
    422: {"model": ErrorBody, "description": "Bad input; same message as the CLI"},
    503: {"model": ErrorBody, "description": "Took longer than the time limit"},
}


def create_app(state: WebState | None = None, limits: Any = None) -> FastAPI:
    """The FastAPI application; bundled data are loaded here, once.

    Heavy requests run in killable worker processes behind a cache, within ``limits``
    (:class:`guarantor.web.limits.Limits`; see :mod:`guarantor.web.compute`).
    """
    from guarantor.web.compute import Computer
    from guarantor.web.limits import BodyLimitMiddleware
    from guarantor.web.limits import Limits as ServerLimits
    from guarantor.web.security import SecurityMiddleware

    lim = limits if limits is not None else ServerLimits.from_env()
    app = FastAPI(
        title="guarantor",
        version=__import__("guarantor").__version__,
        description="Make a multinational security guarantee computable: pick or upload a "
                    "scenario, move its levers, get requirement against supply, burden, "
                    "spending gaps, red lines and sources. Errors answer `{\"error\": "
                    "message}` with the CLI's message.",
    )
    st = state or WebState()
    app.state.guarantor = st
    comp = app.state.computer = Computer(st, lim, _download)
    app.add_middleware(BodyLimitMiddleware, limits=lim)
    app.add_middleware(SecurityMiddleware)  # outermost: its headers reach every answer
    app.router.on_shutdown.append(comp.close)
    # workers load in the background, so the first request does not wait for the whole pool
    threading.Thread(target=comp.pool.start, daemon=True, name="guarantor-pool-start").start()

    def _answer(ans: Any, hit: bool) -> Response:
        return Response(ans.body, status_code=ans.status, media_type=ans.media_type,
                        headers={**dict(ans.headers), "X-Guarantor-Cache": "hit" if hit
                                 else "miss"})

    @app.exception_handler(GuarantorError)
    async def _guarantor_error(_: Request, exc: GuarantorError) -> JSONResponse:
        return _error(_status_for(exc), exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        msgs = []  # every problem at once, each worded as the CLI words one
        for err in exc.errors() or [{}]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query"))
            value = err.get("input") if err.get("type") != "missing" else None
            msgs.append(str(GuarantorError("bad request", key=loc or None, value=value,
                                           allowed=err.get("msg"))))
        text = msgs[0] if len(msgs) == 1 else f"{len(msgs)} problems: " + " | ".join(msgs)
        return JSONResponse(status_code=422, content={"error": text, "errors": msgs})

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, exc.detail)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(_static("index.html"), media_type="text/html")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        allowed = {"app.js": "text/javascript", "app.css": "text/css"}
        if name not in allowed:
            raise HTTPException(404, f"no such file: {name}")
        return FileResponse(_static(name), media_type=allowed[name])

    @app.get("/vendor/{name}", include_in_schema=False)
    async def vendor(name: str) -> Response:
        from guarantor.report.vendor import ORDER, vendor_dir

        if name not in {f"{n}.min.js" for n in ORDER}:
            raise HTTPException(404, f"no such file: {name}")
        return FileResponse(vendor_dir() / name, media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})

    from guarantor.web.views import router as views_router

    st.request_models = (EvaluateRequest, Levers)  # the views build requests with these
    app.include_router(views_router)

    @app.get("/api/health")
    async def health() -> dict[str, str]:
        """Liveness."""
        return {"status": "ok"}

    @app.get("/api/scenarios", response_model=ScenarioList)
    async def scenarios() -> ScenarioList:
        """Bundled (and uploaded) scenarios, the lever vocabularies and the request limits."""
        from guarantor.data.countries import registry
        from guarantor.data.vocabulary import BURDEN_RULES, US_POSTURES

        reg = registry()
        entries = list(st.bundled.values()) + list(st.uploads.values())
        return ScenarioList(
            scenarios=[ScenarioInfo(name=e.name, title=e.scenario.title,
                                    description=e.scenario.description, origin=e.origin,
                                    levers=_lever_values(e.scenario)) for e in entries],
            vocabulary=Vocabulary(us_postures=list(US_POSTURES), burden_rules=list(BURDEN_RULES),
                                  countries={c: reg[c].name for c in reg.codes}),
            limits=Limits(max_draws=MAX_DRAWS, max_upload_bytes=MAX_UPLOAD_BYTES,
                          timeout_s=lim.timeout_s),
            data_vintages=dict(st.data.vintages),
            montecarlo_available=_module_has("guarantor.uncertainty"),
            redlines_available=st.ledger is not None,
        )

    @app.post("/api/upload", response_model=ScenarioInfo, responses=ERRORS)
    async def upload(request: Request, file: UploadFile = File(...)) -> ScenarioInfo:
        """Upload a scenario (YAML, UTF-8, at most MAX_UPLOAD_BYTES); answers its id."""
        blob = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(blob) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload:{file.filename}: file too large; allowed: at most "
                                     f"{MAX_UPLOAD_BYTES} bytes")
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            raise ScenarioError("not UTF-8 text", file=f"upload:{file.filename}",
                                allowed="a YAML scenario file in UTF-8") from None
        e = await comp.upload(text, file.filename or "scenario.yaml")
        return ScenarioInfo(name=e.name, title=e.scenario.title,
                            description=e.scenario.description, origin="upload",
                            levers=_lever_values(e.scenario))

    @app.post("/api/evaluate", response_model=EvaluateResponse, responses=ERRORS)
    async def evaluate(req: EvaluateRequest) -> EvaluateResponse:
        """Evaluate a scenario with its levers moved: figures, tables, charts, red lines."""
        if req.draws > MAX_DRAWS:
            raise ScenarioError("too many Monte Carlo draws for the web app", key="draws",
                                value=req.draws, allowed=f"0..{MAX_DRAWS}",
                                hint="run `guarantor montecarlo` for more")
        # computed once per distinct scenario, in a killable worker (web.compute)
        return _answer(*await comp.evaluate(req))

    @app.get("/api/download/{fmt}", responses={**ERRORS, 200: {
        "description": "The file", "content": {
            "text/csv": {}, "application/json": {}, "text/html": {},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
    async def download(
        fmt: Literal["csv", "xlsx", "json", "html"],
        scenario: str = Query(..., description="Bundled name or upload id"),
        levers: str = Query("{}", description="Levers as JSON (see the Levers schema)"),
        table: Literal["missions", "contributions", "burden", "spending"] = Query(
            "missions", description="Table, for CSV"),
        draws: int = Query(0, ge=0, description="Monte Carlo draws (HTML report)"),
        seed: int = Query(0, ge=0),
    ) -> Response:
        """Results as CSV (one table), XLSX (all tables + provenance), JSON, or the HTML report."""
        try:
            lv = Levers.model_validate(json.loads(levers))
        except (ValueError, TypeError) as exc:
            raise ScenarioError("levers must be a JSON object of lever values", key="levers",
                                value=levers, allowed=str(exc).split("\n")[0]) from None
        req = EvaluateRequest(scenario=scenario, levers=lv, draws=draws, seed=seed)
        if draws > MAX_DRAWS:
            raise ScenarioError("too many Monte Carlo draws for the web app", key="draws",
                                value=draws, allowed=f"0..{MAX_DRAWS}")
        return _answer(*await comp.download(req, fmt, table))

    return app


def _module_has(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _download(st: WebState, req: EvaluateRequest, fmt: str, table: str,
              resolved: tuple[Any, dict[str, Any]] | None = None) -> Response:
    r = st.result(req, resolved=resolved)
    stem = r.scenario.name if not req.scenario.startswith(UPLOAD_PREFIX) else \
        f"{r.scenario.name}-upload"
    if fmt == "csv":
        body = r.tables()[table].to_csv(index=False).encode()
        return _file(body, "text/csv; charset=utf-8", f"{stem}_{table}.csv")
    if fmt == "json":
        return _file(r.to_json().encode(), "application/json", f"{stem}.json")
    if fmt == "xlsx":
        return _file(r.xlsx_bytes(),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"{stem}.xlsx")
    from guarantor.report import collect, render_report

    rep = collect(r, draws=req.draws, seed=req.seed, ledger=st.ledger)
    return _file(render_report([rep]).encode(), "text/html; charset=utf-8", f"{stem}_report.html")


def _file(body: bytes, media: str, filename: str) -> Response:
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
