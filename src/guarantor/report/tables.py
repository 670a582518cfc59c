"""Tidy tables behind the report and the web app, built from evaluated results.

Each function takes a :class:`~guarantor.engine.result.Result` (draw 0) and returns a small
DataFrame shaped for one chart or one table. Money is in the engine's basis (constant euros of
the price base year, ``EUR_2024``; :func:`money_basis` says which); shares are fractions.
The red-line check and the Monte Carlo are reached through adapters that return ``None`` when the
module is absent or its API differs, so the report still builds without them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from guarantor.data.vocabulary import MISSIONS
from guarantor.engine.result import mission_rows as engine_mission_rows
from guarantor.engine.spending import straight_line_path
from guarantor.format import finite
from guarantor.uncertainty import draws as _draws

# The report's Monte Carlo tables are guarantor.uncertainty's: the draws and their summary.
MC_CHUNK = _draws.MC_CHUNK
MC_OUTPUTS = _draws.MC_OUTPUTS
montecarlo_frame = _draws.draws_frame
montecarlo_summary = _draws.summarise_draws

#: Suppliers other than the N largest contributors are grouped under this label.
OTHERS = "Other participants"
US = "United States"
SHORTFALL = "Shortfall"
#: How many contributing countries are shown by name in a stacked supply bar.
TOP_SUPPLIERS = 8

MISSION_TITLES = MISSIONS


_finite = finite


def money_basis(obj: Any) -> str:
    """The price basis of the engine's money for a result or a scenario (``EUR_2024``).

    A :class:`~guarantor.engine.result.Result` carries it (``outputs.money_basis``); for a
    scenario (a Monte Carlo run does not carry it) it is read from the scenario's parameters
    (``prices.base_year``, :mod:`guarantor.data.prices`) without evaluating anything.
    """
    out = getattr(obj, "outputs", None)
    if out is not None and getattr(out, "money_basis", None):
        return str(out.money_basis)
    from guarantor.data.params import load_parameters
    from guarantor.data.prices import basis, price_index

    scenario = getattr(obj, "scenario", obj)
    params = load_parameters()
    if getattr(scenario, "parameters", None):
        params = params.with_overrides(scenario.parameters)
    try:
        return basis(int(params.value("prices.base_year")))
    except (KeyError, TypeError, ValueError):
        return basis(price_index().base)


def engine_money_unit(unit: str, basis: str) -> str:
    """A money unit of an engine output with the engine's basis: the Monte Carlo's labels
    ('EUR per year', 'EUR' in ``uncertainty.montecarlo.UNITS``) name no basis, while every
    engine figure is in ``basis``
    (``engine.inputs`` converts each cost, GDP and aid year to it). Non-money units unchanged.

    Examples
    --------
    >>> engine_money_unit("EUR per year", "EUR_2024"), engine_money_unit("persons", "EUR_2024")
    ('EUR_2024 per year', 'persons')
    >>> engine_money_unit("EUR_current", "EUR_2024")
    'EUR_2024'
    """
    if not str(unit).startswith("EUR"):
        return unit
    rest = str(unit).split(" ", 1)
    return basis + (f" {rest[1]}" if len(rest) > 1 else "")


def records(df: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-safe dicts (NaN/inf -> None, numpy scalars -> Python), fast.

    Column-wise ``tolist`` is an order of magnitude faster than ``to_dict(orient="records")``
    on small frames, which matters for the web app's latency.
    """
    if isinstance(df, list):
        return df
    cols = [str(c) for c in df.columns]
    lists = []
    for c in df.columns:
        vals = df[c].tolist()
        if vals and any(isinstance(v, float) for v in vals):
            vals = [None if isinstance(v, float) and not math.isfinite(v) else v for v in vals]
        lists.append(vals)
    return [dict(zip(cols, row, strict=True)) for row in zip(*lists, strict=True)]


def top_suppliers(result: Any, n: int = TOP_SUPPLIERS) -> list[str]:
    """Names of the ``n`` countries with the largest annual cost (they are named in charts)."""
    from guarantor.data.countries import registry

    inp, o = result.inputs, result.outputs
    cost = np.nan_to_num(np.asarray(o.cost_total[0], dtype=float)) * inp.participants
    order = np.argsort(-cost, kind="stable")[:n]
    reg = registry()
    return [reg[inp.codes[i]].name for i in order if cost[i] > 0]


def _names(codes: Sequence[str]) -> list[str]:
    from guarantor.data.countries import registry

    reg = registry()
    return [reg[c].name for c in codes]


#: A float, or None when not finite (JSON null); never -0.0.
_f = finite


def mission_rows(result: Any) -> list[dict[str, Any]]:
    """The missions table of draw 0 as dicts (:func:`guarantor.engine.result.mission_rows`)."""
    return engine_mission_rows(result.scenario, result.inputs, result.outputs)


def supply_rows(result: Any, n_named: int = TOP_SUPPLIERS) -> list[dict[str, Any]]:
    """Requirement against supply per mission item, stacked by supplier (see supply_frame)."""
    inp, o = result.inputs, result.outputs
    part = np.asarray(inp.participants, dtype=bool)
    names = _names(inp.codes)
    cost = np.nan_to_num(np.asarray(o.cost_total[0], dtype=float)) * part
    named_idx = [int(i) for i in np.argsort(-cost, kind="stable")[:n_named] if cost[i] > 0]
    others = part.copy()
    others[named_idx] = False
    rows: list[dict[str, Any]] = []
    scen = result.scenario.name
    for r in mission_rows(result):
        mission, item = r["mission"], r["item"]
        if mission == "reassurance_force":
            alloc = np.asarray(o.troops[0], dtype=float)
        elif mission == "air_shield":
            alloc = np.asarray(o.air[0, :, inp.classes.index(item)], dtype=float)
        else:
            alloc = np.asarray(o.aid[0], dtype=float)
        alloc = np.nan_to_num(alloc) * part
        aid = mission == "military_aid"
        scale = 1e-9 if aid else 1.0
        req = r["requirement"]
        base = dict(scenario=scen, mission=mission,
                    mission_title=MISSION_TITLES.get(mission, mission), item=item,
                    unit=str(r["unit"]).replace(" per year", " bn per year") if aid
                    else r["unit"],
                    requirement=None if req is None else req * scale, status=r["status"],
                    only_us_can_fill=bool(r["only_us_can_fill"]))
        n0 = len(rows)
        parts = sorted(((float(alloc[i]), names[i]) for i in named_idx), reverse=True)
        parts.append((float(alloc[others].sum()), OTHERS))
        for k, (v, who) in enumerate(parts):
            if v > 0:
                rows.append({**base, "supplier": who, "kind": "other" if who == OTHERS
                             else "country", "value": v * scale, "order": k})
        us = _finite(r["us_supply"])
        if us:
            rows.append({**base, "supplier": US, "kind": "us", "value": us * scale, "order": 100})
        short = _finite(r["shortfall"])
        if short or len(rows) == n0:
            rows.append({**base, "supplier": SHORTFALL, "kind": "shortfall",
                         "value": (short or 0.0) * scale, "order": 101})
    return rows


SUPPLY_COLUMNS = ["scenario", "mission", "mission_title", "item", "unit", "requirement", "status",
                  "only_us_can_fill", "supplier", "kind", "value", "order"]


def supply_frame(result: Any, n_named: int = TOP_SUPPLIERS) -> pd.DataFrame:
    """Requirement against supply per mission item, stacked by supplier.

    One row per (mission, item, supplier) with ``value`` in the item's unit; suppliers are the
    named largest contributors, :data:`OTHERS`, :data:`US` (what the US posture covers) and
    :data:`SHORTFALL`. ``requirement`` repeats the item's requirement (NaN = unknown).
    Aid is in EUR billions per year so the axis stays readable.
    """
    return pd.DataFrame(supply_rows(result, n_named), columns=SUPPLY_COLUMNS)


def shortfall_rows(result: Any) -> list[dict[str, Any]]:
    """Air-shield shortfall per capability class with the US part [class unit]."""
    if result.scenario.missions.air_shield is None:
        return []
    from guarantor.data.capabilities import CLASS_UNITS

    inp, o = result.inputs, result.outputs
    status = {r["item"]: r["status"] for r in mission_rows(result)
              if r["mission"] == "air_shield"}
    rows = []
    for j, k in enumerate(inp.classes):
        rows.append(dict(
            scenario=result.scenario.name, item=k, unit=CLASS_UNITS.get(k, "units"),
            requirement=_f(o.air_required[0, j]), us_supply=_f(o.air_us[0, j]),
            others_allocated=_f(np.nansum(o.air[0, :, j])), shortfall=_f(o.air_shortfall[0, j]),
            status=status.get(k, ""), only_us_can_fill=bool(o.air_only_us[0, j])))
    return rows


def shortfall_frame(result: Any) -> pd.DataFrame:
    """Air-shield shortfall per capability class with the US part [class unit]."""
    return pd.DataFrame(shortfall_rows(result), columns=[
        "scenario", "item", "unit", "requirement", "us_supply", "others_allocated", "shortfall",
        "status", "only_us_can_fill"]).astype({"requirement": float, "us_supply": float,
                                               "others_allocated": float, "shortfall": float})


BURDEN_COLUMNS = ["scenario", "iso3", "country", "year", "cost_troops_eur", "cost_air_eur",
                  "cost_aid_eur", "cost_total_eur", "air_cost_complete", "gdp_eur",
                  "defence_budget_eur", "cost_gdp_share", "cost_defence_budget_share",
                  "money_basis"]


def burden_rows(result: Any, year_index: int = 0) -> list[dict[str, Any]]:
    """Per participant with a cost, the annual cost in one year of the horizon (default the
    first) [money_basis, e.g. EUR_2024: constant euros] and as shares of GDP and of the defence
    budget; largest share first."""
    inp, o = result.inputs, result.outputs
    idx = np.flatnonzero(inp.participants & (np.nan_to_num(o.cost_total[0]) > 0))
    gdp_share = o.cost_gdp_share[0][:, year_index]
    order = idx[np.argsort(-np.nan_to_num(gdp_share[idx], nan=-1.0), kind="stable")]
    names = _names(inp.codes)
    year = int(inp.years[year_index])
    cols = {
        "cost_troops_eur": o.cost_troops[0], "cost_air_eur": o.cost_air[0],
        "cost_aid_eur": o.cost_aid[0], "cost_total_eur": o.cost_total[0],
        "gdp_eur": o.gdp[0][:, year_index], "defence_budget_eur": o.milex[0][:, year_index],
        "cost_gdp_share": gdp_share,
        "cost_defence_budget_share": o.cost_milex_share[0][:, year_index],
    }
    lists = {k: [_f(x) for x in np.asarray(v, dtype=float)[order]] for k, v in cols.items()}
    complete = np.asarray(o.air_cost_known[0], dtype=bool)[order].tolist()
    scen = result.scenario.name
    basis = money_basis(result)
    return [dict(scenario=scen, iso3=inp.codes[i], country=names[i], year=year,
                 cost_troops_eur=lists["cost_troops_eur"][n], cost_air_eur=lists["cost_air_eur"][n],
                 cost_aid_eur=lists["cost_aid_eur"][n],
                 cost_total_eur=lists["cost_total_eur"][n], air_cost_complete=complete[n],
                 gdp_eur=lists["gdp_eur"][n], defence_budget_eur=lists["defence_budget_eur"][n],
                 cost_gdp_share=lists["cost_gdp_share"][n],
                 cost_defence_budget_share=lists["cost_defence_budget_share"][n],
                 money_basis=basis)
            for n, i in enumerate(order.tolist())]


def burden_frame(result: Any) -> pd.DataFrame:
    """Per-country annual cost of the arrangement in the first year of the horizon.

    Columns: see :data:`BURDEN_COLUMNS`. Only participants with a cost; sorted by cost as a
    share of GDP, largest first.
    """
    return pd.DataFrame(burden_rows(result), columns=BURDEN_COLUMNS)


SPENDING_COLUMNS = ["scenario", "iso3", "country", "base_year", "defence_gdp_share",
                    "target_applies", "target_share", "target_related_share", "target_year",
                    "gap_eur_target_year", "gap_related_eur_upper",
                    "increase_share_per_year", "increase_eur_per_year", "arrangement_cost_eur",
                    "cost_fits_in_gap", "money_basis"]


def spending_rows(result: Any) -> list[dict[str, Any]]:
    """The spending-target gap per participant, largest gap first.

    Built from the engine's own table (``Result.spending``), so the report shows what ``run``
    shows: per participant the core target (e.g. the Hague 3.5%) and the defence-related one
    (1.5%) as separate components. A participant the target does not apply to (a non-NATO
    state the scenario does not name in ``policy.spending_target_countries``) has
    ``target_applies = False`` and no target, gap or fit (None), never the allies' 5%.
    ``money_basis`` states the price base of the EUR figures.
    """
    sp = result.spending
    inp = result.inputs
    if sp is None or len(sp) == 0:
        sp = _spending_from_arrays(result)
    if len(sp) == 0:
        return []
    core = sp["target_share"].to_numpy(dtype=float)
    gap = sp["gap_eur_target_year"].to_numpy(dtype=float)
    order = np.argsort(-np.nan_to_num(gap, nan=-1.0), kind="stable")
    basis = money_basis(result)
    rel = (sp["target_related_share"].to_numpy(dtype=float) if "target_related_share" in sp
           else np.full(len(sp), np.nan))
    rel_gap = (sp["gap_related_eur_upper"].to_numpy(dtype=float)
               if "gap_related_eur_upper" in sp else np.full(len(sp), np.nan))
    rows = []
    for i in order.tolist():
        r = sp.iloc[i]
        applies = bool(np.isfinite(core[i]))
        rows.append(dict(
            scenario=result.scenario.name, iso3=str(r["iso3"]), country=str(r["country"]),
            base_year=int(inp.base_year), defence_gdp_share=_f(r["defence_gdp_share"]),
            target_applies=applies, target_share=_f(core[i]),
            target_related_share=_f(rel[i]) if applies else None,
            target_year=int(inp.target_year),
            gap_eur_target_year=_f(gap[i]) if applies else None,
            gap_related_eur_upper=_f(rel_gap[i]) if applies else None,
            increase_share_per_year=_f(r["increase_share_per_year"]) if applies else None,
            increase_eur_per_year=_f(r["increase_eur_per_year"]) if applies else None,
            arrangement_cost_eur=_f(r["arrangement_cost_eur"]),
            # no target, or a gap that is unknown (no defence-spending figure): no verdict
            cost_fits_in_gap=(bool(r["cost_fits_in_gap"]) if applies and np.isfinite(gap[i])
                              else None),
            money_basis=basis))
    return rows


def _spending_from_arrays(result: Any) -> pd.DataFrame:
    """The engine's spending table rebuilt from draw 0 of the arrays, for a lean result built
    without tables (the web app's fast path); the same columns as ``Result.spending``."""
    inp, o = result.inputs, result.outputs
    part = np.asarray(inp.participants, dtype=bool)
    n = int(part.sum())
    core = (np.asarray(o.target_core_share, dtype=float) if o.target_core_share is not None
            else np.full(len(inp.codes), float(inp.target_share)))

    def col(a: Any) -> np.ndarray:
        return np.full(n, np.nan) if a is None else np.asarray(a, dtype=float)[0][part]

    return pd.DataFrame({
        "iso3": np.array(inp.codes)[part], "country": np.array(_names(inp.codes))[part],
        "defence_gdp_share": np.asarray(inp.milex_gdp_share, dtype=float)[part],
        "target_share": core[part],
        "target_related_share": np.where(np.isnan(core[part]), np.nan,
                                         float(getattr(inp, "target_related_share", 0.0))),
        "gap_eur_target_year": col(o.gap_eur), "gap_related_eur_upper": col(o.gap_related_upper),
        "increase_share_per_year": np.asarray(o.increase_share_per_year, dtype=float)[part],
        "increase_eur_per_year": col(o.increase_eur_per_year),
        "arrangement_cost_eur": col(o.cost_total),
        "cost_fits_in_gap": np.asarray(o.cost_fits_gap[0], dtype=bool)[part],
    })


def spending_frame(result: Any) -> pd.DataFrame:
    """The spending-target table, largest gap first, with the scenario name."""
    return pd.DataFrame(spending_rows(result), columns=SPENDING_COLUMNS)


def spending_path_rows(result: Any, n: int = 8) -> list[dict[str, Any]]:
    """Straight-line path of defence spending [share of GDP] from the base year to the target
    year, for the ``n`` participants with the largest gap."""
    inp = result.inputs
    rows = []
    for r in [r for r in spending_rows(result) if (r["gap_eur_target_year"] or 0) > 0][:n]:
        years, path = straight_line_path(
            r["defence_gdp_share"] or 0.0, r["increase_share_per_year"] or 0.0,
            r["target_share"], int(inp.base_year), int(inp.target_year))
        tgt = r["target_share"]
        rows += [dict(scenario=r["scenario"], iso3=r["iso3"], country=r["country"], year=int(y),
                      defence_gdp_share=float(v), target_share=tgt)
                 for y, v in zip(years.tolist(), path.tolist(), strict=True)]
    return rows


def spending_path_frame(result: Any, n: int = 8) -> pd.DataFrame:
    """Straight-line spending path per ally (see :func:`spending_path_rows`)."""
    return pd.DataFrame(spending_path_rows(result, n), columns=[
        "scenario", "iso3", "country", "year", "defence_gdp_share", "target_share"])


def compare_frame(results: Sequence[Any]) -> pd.DataFrame:
    """Headline figures side by side: one row per figure, one column per scenario."""
    rows = {r.scenario.name: r.summary() for r in results}
    df = pd.DataFrame(rows)
    return df.drop(index=[i for i in ("scenario", "scenario_hash") if i in df.index])


# --------------------------------------------------------------------------- red lines adapter

def topic_inputs(result: Any) -> Any:
    """The scenario's topic inputs (:class:`~guarantor.politics.topics.TopicInputs`), draw 0.

    Delegates to the one bridge between the engine and the topics,
    :func:`guarantor.politics.arrangement.topic_inputs`.
    """
    import dataclasses

    import numpy as np

    from guarantor.politics.arrangement import topic_inputs as bridge

    ti = bridge(result.scenario, result.outputs, result.inputs)
    first = {f.name: (np.asarray(getattr(ti, f.name)).reshape(-1)[0]
                      if np.ndim(getattr(ti, f.name)) else getattr(ti, f.name))
             for f in dataclasses.fields(ti)}
    return type(ti)(**first)


def _redline_report(result: Any, as_of: date | None, ledger: Any) -> Any:
    """The red-line check of draw 0, as of the scenario's date (see
    :func:`guarantor.politics.arrangement.judgement_date`); never the wall clock."""
    from guarantor.politics.arrangement import judgement_date
    from guarantor.politics.ledger import load_ledger
    from guarantor.politics.redlines import check
    from guarantor.politics.topics import resolve

    ledger = ledger if ledger is not None else load_ledger()
    when = judgement_date(result.scenario, ledger, as_of)
    return check(resolve(topic_inputs(result)), ledger, when)


def redlines_frame(result: Any, as_of: date | None = None,
                   ledger: Any = None) -> pd.DataFrame:
    """Every actor's findings against this arrangement (quote, speaker, source).

    :func:`~guarantor.politics.redlines.check` and
    :func:`~guarantor.politics.redlines.report_frame` of draw 0, with a ``scenario`` column.
    A failing check raises: the report never turns a failure into "not available".
    """
    from guarantor.politics.redlines import report_frame

    frame = report_frame(_redline_report(result, as_of, ledger)).copy()
    frame.insert(0, "scenario", result.scenario.name)
    return frame


def redlines_rows(result: Any, as_of: date | None = None, ledger: Any = None,
                  statuses: Sequence[str] = ("crossed", "unmet")) -> list[dict[str, Any]]:
    """Findings with the given statuses as plain dicts (the web app's fast path).

    Reads the :class:`~guarantor.politics.redlines.RedLineReport` directly instead of building
    the DataFrame; the keys are those of :func:`guarantor.politics.redlines.report_frame`.
    """
    from guarantor.data.sources import cite, source_catalogue
    from guarantor.politics.topics import topic_registry

    rep = _redline_report(result, as_of, ledger)
    reg = topic_registry()
    cat = source_catalogue()
    rows = []
    for a in rep.actors:
        for f in a.findings:
            if f.status not in statuses:
                continue
            e = f.entry
            src = cat[e.source]
            rows.append(dict(
                actor=a.actor, actor_name=a.name, status=f.status, topic=e.topic,
                question=reg[e.topic].question, value=f.value, quote=e.quote,
                speaker=e.speaker, role=e.speaker_role, date=str(e.date),
                outlet=e.outlet or src.publisher, citation=cite(e.source, e.locator),
                url=src.url, source_id=e.source))
    return rows


# --------------------------------------------------------------------------- Monte Carlo adapter

# --------------------------------------------------------------------------- sources

def sources_frames(results: Iterable[Any], redlines: Iterable[pd.DataFrame | None] = ()) \
        -> dict[str, pd.DataFrame]:
    """Every source the results rest on, as four tables plus the citation list.

    ``datasets``: bundled series (unit, meaning, source ids, vintage); ``parameters``: each
    parameter the engine reads (value, unit, source, locator, vintage); ``capabilities``: source
    ids behind inventories with their vintages and how many figures each gives; ``reports``:
    scenario rationales and US postures; ``citations``: one row per source id cited anywhere.
    """
    from guarantor.data.dataset import SERIES, load_dataset
    from guarantor.data.params import load_parameters, load_postures
    from guarantor.data.sources import cite, source_catalogue

    results = list(results)
    cat = source_catalogue()
    used: dict[str, set[str]] = {}

    def use(sid: str | None, where: str) -> None:
        if sid:
            used.setdefault(sid, set()).add(where)

    data = load_dataset()
    ds_rows = []
    for name in SERIES:
        try:
            m = data.meta(name)
        except KeyError:  # a series this snapshot does not carry
            continue
        for sid in m.sources:
            use(sid, "dataset")
        ds_rows.append(dict(series=name, unit=m.unit, meaning=m.meaning,
                            sources=", ".join(m.sources), vintage=m.vintage))
    datasets = pd.DataFrame(ds_rows)
    vint = pd.DataFrame(sorted(data.vintages.items()), columns=["source_id", "vintage"])

    params = load_parameters()
    overrides: dict[str, dict[str, float]] = {r.scenario.name: dict(r.scenario.parameters)
                                              for r in results}
    p_rows = []
    for name in params.names():
        rec = params.record(name)
        use(rec.source, "parameter")
        by_country = getattr(rec, "by_country", {}) or {}
        for c in by_country.values():
            use(c.source, "parameter")
        over = {s: v[name] for s, v in overrides.items() if name in v}
        p_rows.append(dict(parameter=name, value=rec.value, unit=rec.unit,
                           price_year=getattr(rec, "price_year", None), source=rec.source,
                           locator=rec.locator, vintage=rec.vintage,
                           judgement=bool(getattr(rec, "judgement", False)),
                           by_country=len(by_country),
                           overridden_in=", ".join(f"{k}={v:g}" for k, v in over.items())))
    parameters = pd.DataFrame(p_rows)

    from guarantor.data.capabilities import load_inventory

    inv = load_inventory().frame()
    inv = inv[inv["source"].notna()]
    capabilities = (inv.groupby(["source", "vintage"]).agg(figures=("iso3", "size"),
                                                          classes=("class", lambda s: ", ".join(
                                                              sorted(set(s)))))
                    .reset_index())
    for sid in capabilities["source"]:
        use(sid, "capabilities")

    r_rows = []
    postures = load_postures()
    for r in results:
        s = r.scenario
        for rat in s.rationale:
            if rat.source:
                use(rat.source, f"scenario {s.name}")
                r_rows.append(dict(used_by=f"scenario {s.name}", source=rat.source,
                                   locator=rat.locator or "", text=rat.text))
        post = postures.get(s.us_posture) if hasattr(postures, "get") else None
        if post is not None:
            for sid in post.sources:
                use(sid, f"US posture {s.us_posture}")
                r_rows.append(dict(used_by=f"US posture '{s.us_posture}' ({s.name})",
                                   source=sid, locator="", text=post.rationale))
    for rl in redlines:
        if rl is None or rl.empty or "source_id" not in rl:
            continue
        for sid in rl["source_id"].dropna().unique():
            use(str(sid), "red-line ledger")
    reports = pd.DataFrame(r_rows, columns=["used_by", "source", "locator", "text"])
    if not reports.empty:
        reports = reports.drop_duplicates(["used_by", "source", "locator"])

    vmap = dict(data.vintages)
    c_rows = []
    for sid in sorted(used):
        if sid not in cat:
            continue
        src = cat[sid]
        c_rows.append(dict(source_id=sid, used_for=", ".join(sorted(used[sid])),
                           publisher=src.publisher, title=src.title, date=src.date or "",
                           vintage=vmap.get(sid, ""), url=src.url, citation=cite(sid)))
    citations = pd.DataFrame(c_rows)
    return {"datasets": datasets, "vintages": vint, "parameters": parameters,
            "capabilities": capabilities, "reports": reports, "citations": citations}


# --------------------------------------------------------------------- contributions' evidence

def evidence_frame(result: Any) -> pd.DataFrame:
    """One row per participant with troops offered or a stated position on troops: allocation,
    capacity, basis (stated / assumed / overridden), position, date, speaker, quote, source."""
    c = result.contributions
    if c.empty or "basis" not in c:
        return pd.DataFrame()
    t = c[c["item"] == "troops"]
    t = t[(t["allocated"] > 0) | (t["stance"] != "none")]
    return t.sort_values(["allocated", "capacity"], ascending=False)[[
        "country", "allocated", "capacity", "pledged", "basis", "stance", "statement_date",
        "evidence", "speaker", "quote", "source_url"]].reset_index(drop=True)


def timeline_frame(scenario: Any, *, monthly: bool = True) -> pd.DataFrame:
    """The arrangement replayed as of each statement date: troops stated, assumed and short,
    long form for a chart (date, part, troops).

    With ``monthly`` (the report's choice) the replay itself is monthly, one engine call per
    month with a statement, as of the month's last statement date (the web app's timeline);
    otherwise one row per statement date (one engine call each, several times slower).
    """
    from guarantor.politics.timeline import replay

    frame = replay(scenario, monthly=monthly)
    if frame.empty:
        return frame
    long = frame.melt(id_vars=["date"], value_vars=["troops_stated", "troops_assumed",
                                                    "troops_shortfall"],
                      var_name="part", value_name="troops")
    long["part"] = long["part"].str.replace("troops_", "", regex=False)
    return long.reset_index(drop=True)
