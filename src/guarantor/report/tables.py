"""Tidy tables behind the report and the web app, built from evaluated results.

Each function takes a :class:`~guarantor.engine.result.Result` (draw 0) and returns a small
DataFrame shaped for one chart or one table. Money is in EUR_current; shares are fractions.
The red-line check and the Monte Carlo are reached through adapters that return ``None`` when the
module is absent or its API differs, so the report still builds without them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from guarantor.engine.result import _short_min, mission_status

#: Suppliers other than the N largest contributors are grouped under this label.
OTHERS = "Other participants"
US = "United States"
SHORTFALL = "Shortfall"
#: How many contributing countries are shown by name in a stacked supply bar.
TOP_SUPPLIERS = 8

MISSION_TITLES = {
    "reassurance_force": "Reassurance force",
    "air_shield": "Air shield",
    "military_aid": "Military aid",
}


def _finite(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


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


def _f(x: Any) -> float | None:
    """A float, or None when not finite (JSON null)."""
    v = float(x)
    return v if math.isfinite(v) else None




def mission_rows(result: Any) -> list[dict[str, Any]]:
    """The missions table (``Result.missions``) built from the arrays of draw 0, as dicts.

    Same rows and values as the engine's table, without pandas: the web app answers a lever
    change from the arrays alone.
    """
    from guarantor.data.capabilities import CLASS_UNITS

    sc, inp, o = result.scenario, result.inputs, result.outputs
    rows: list[dict[str, Any]] = []
    if sc.missions.reassurance_force is not None:
        req, short = float(o.troops_required[0]), float(o.troops_shortfall[0])
        rows.append(dict(mission="reassurance_force", item="troops", unit="persons",
                         requirement=_f(req), us_supply=0.0,
                         others_capacity=_f(np.sum(o.troops_capacity[0])),
                         allocated=_f(np.sum(o.troops[0])), shortfall=_f(short),
                         shortfall_low=_f(short),
                         status=mission_status(short, False, req), only_us_can_fill=False))
    if sc.missions.air_shield is not None:
        for j, k in enumerate(inp.classes):
            req, short = float(o.air_required[0, j]), float(o.air_shortfall[0, j])
            rows.append(dict(mission="air_shield", item=k, unit=CLASS_UNITS.get(k, "units"),
                             requirement=_f(req), us_supply=_f(o.air_us[0, j]),
                             others_capacity=_f(np.sum(o.air_capacity[0, :, j])),
                             allocated=_f(np.sum(o.air[0, :, j])), shortfall=_f(short),
                             shortfall_low=_f(_short_min(o)[0, j]),
                             status=mission_status(short, bool(o.air_unknown[0, j]), req),
                             only_us_can_fill=bool(o.air_only_us[0, j])))
    if sc.missions.military_aid is not None:
        req, short = float(o.aid_required[0]), float(o.aid_shortfall[0])
        rows.append(dict(mission="military_aid", item="aid", unit="EUR_current per year",
                         requirement=_f(req), us_supply=_f(o.aid_us[0]), others_capacity=None,
                         allocated=_f(np.sum(o.aid[0])), shortfall=_f(short),
                         shortfall_low=_f(short),
                         status=mission_status(short, False, req), only_us_can_fill=False))
    return rows


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
                    unit="EUR bn per year" if aid else r["unit"],
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
                  "defence_budget_eur", "cost_gdp_share", "cost_defence_budget_share"]


def burden_rows(result: Any, year_index: int = 0) -> list[dict[str, Any]]:
    """Per participant with a cost, the annual cost in one year of the horizon (default the
    first) [EUR_current] and as shares of GDP and of the defence budget; largest share first."""
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
    return [dict(scenario=scen, iso3=inp.codes[i], country=names[i], year=year,
                 cost_troops_eur=lists["cost_troops_eur"][n], cost_air_eur=lists["cost_air_eur"][n],
                 cost_aid_eur=lists["cost_aid_eur"][n],
                 cost_total_eur=lists["cost_total_eur"][n], air_cost_complete=complete[n],
                 gdp_eur=lists["gdp_eur"][n], defence_budget_eur=lists["defence_budget_eur"][n],
                 cost_gdp_share=lists["cost_gdp_share"][n],
                 cost_defence_budget_share=lists["cost_defence_budget_share"][n])
            for n, i in enumerate(order.tolist())]


def burden_frame(result: Any) -> pd.DataFrame:
    """Per-country annual cost of the arrangement in the first year of the horizon.

    Columns: see :data:`BURDEN_COLUMNS`. Only participants with a cost; sorted by cost as a
    share of GDP, largest first.
    """
    return pd.DataFrame(burden_rows(result), columns=BURDEN_COLUMNS)


SPENDING_COLUMNS = ["scenario", "iso3", "country", "base_year", "defence_gdp_share",
                    "target_share", "target_year", "gap_eur_target_year",
                    "increase_share_per_year", "increase_eur_per_year", "arrangement_cost_eur",
                    "cost_fits_in_gap"]


def spending_rows(result: Any) -> list[dict[str, Any]]:
    """The spending-target gap per participant, largest gap first (see ``Result.spending``)."""
    inp, o = result.inputs, result.outputs
    idx = np.flatnonzero(inp.participants)
    gap = np.asarray(o.gap_eur[0], dtype=float)
    order = idx[np.argsort(-np.nan_to_num(gap[idx], nan=-1.0), kind="stable")]
    names = _names(inp.codes)
    scen, ts, ty, by = (result.scenario.name, float(inp.target_share), int(inp.target_year),
                        int(inp.base_year))
    share = np.asarray(inp.milex_gdp_share, dtype=float)
    inc = np.asarray(o.increase_share_per_year, dtype=float)
    inc_eur = np.asarray(o.increase_eur_per_year[0], dtype=float)
    cost = np.asarray(o.cost_total[0], dtype=float)
    fits = np.asarray(o.cost_fits_gap[0], dtype=bool)
    return [dict(scenario=scen, iso3=inp.codes[i], country=names[i], base_year=by,
                 defence_gdp_share=_f(share[i]), target_share=ts, target_year=ty,
                 gap_eur_target_year=_f(gap[i]), increase_share_per_year=_f(inc[i]),
                 increase_eur_per_year=_f(inc_eur[i]), arrangement_cost_eur=_f(cost[i]),
                 cost_fits_in_gap=bool(fits[i]))
            for i in order.tolist()]


def spending_frame(result: Any) -> pd.DataFrame:
    """The spending-target table, largest gap first, with the scenario name."""
    return pd.DataFrame(spending_rows(result), columns=SPENDING_COLUMNS)


def spending_path_rows(result: Any, n: int = 8) -> list[dict[str, Any]]:
    """Straight-line path of defence spending [share of GDP] from the base year to the target
    year, for the ``n`` participants with the largest gap."""
    inp = result.inputs
    years = np.arange(int(inp.base_year), int(inp.target_year) + 1)
    rows = []
    for r in [r for r in spending_rows(result) if (r["gap_eur_target_year"] or 0) > 0][:n]:
        base, inc, tgt = r["defence_gdp_share"] or 0.0, r["increase_share_per_year"] or 0.0, \
            r["target_share"]
        path = np.minimum(base + inc * (years - inp.base_year), max(tgt, base))
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

#: Headline outputs summarised over draws: name -> (label, unit).
MC_OUTPUTS: dict[str, tuple[str, str]] = {
    "troops_shortfall": ("Reassurance-force shortfall", "persons"),
    "air_shortfall_units": ("Air-shield shortfall, all classes", "units"),
    "aid_shortfall_eur": ("Military-aid shortfall", "EUR per year"),
    "cost_total_eur": ("Total annual cost", "EUR per year"),
}


#: Draws evaluated at once by the Monte Carlo adapter.
MC_CHUNK = 20_000


def _draws_from_extract(scalars: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Per-draw frame from :func:`guarantor.uncertainty.montecarlo.extract` scalars."""
    n = len(next(iter(scalars.values())))
    air = [np.asarray(v, dtype=float) for k, v in scalars.items()
           if k.startswith("air_shortfall.")]
    cols: dict[str, Any] = {"draw": np.arange(n)}
    if "troops_shortfall" in scalars:
        cols["troops_shortfall"] = np.asarray(scalars["troops_shortfall"], dtype=float)
    if air:
        cols["air_shortfall_units"] = np.nansum(np.stack(air, axis=1), axis=1)
    if "aid_shortfall" in scalars:
        cols["aid_shortfall_eur"] = np.asarray(scalars["aid_shortfall"], dtype=float)
    if "cost_total" in scalars:
        cols["cost_total_eur"] = np.asarray(scalars["cost_total"], dtype=float)
    if "met.all" in scalars:
        cols["feasible"] = np.asarray(scalars["met.all"], dtype=bool)
    for k, v in scalars.items():
        if k.startswith("met.") and k != "met.all":
            cols[k] = np.asarray(v, dtype=bool)
    return pd.DataFrame(cols)


def montecarlo_frame(scenario: Any, n_draws: int, seed: int = 0, *, loaded: Any = None,
                     willingness_spread: float = 0.0) -> pd.DataFrame | None:
    """Per-draw headline outputs of :mod:`guarantor.uncertainty` (None below two draws).

    Uses its sampler (``Sampler(seed).stream(uncertain_inputs(...))``), vectorised evaluation
    (``evaluate_draws``) and output extraction (``extract``), so the draws are the ones
    ``guarantor montecarlo`` makes with the same seed. A failure raises.
    """
    if n_draws < 2:
        return None
    from guarantor.uncertainty import montecarlo as M  # noqa: N812
    from guarantor.uncertainty import sampling as S  # noqa: N812

    ld = loaded or M.Loaded.bundled()
    specs = S.uncertain_inputs(scenario, ld.params, willingness_spread)
    stream = S.Sampler(seed).stream(specs) if specs else None
    frames, done = [], 0
    while done < n_draws:  # chunked: memory bounded by MC_CHUNK, not by n_draws
        k = min(MC_CHUNK, n_draws - done)
        draws = stream.next(k) if stream is not None else {}
        inp, out = M.evaluate_draws(scenario, draws, k, ld)
        frames.append(_draws_from_extract(M.extract(scenario, inp, out)[0]))
        done += k
    frame = pd.concat(frames, ignore_index=True)
    frame["draw"] = np.arange(len(frame))
    return frame


def montecarlo_summary(draws: pd.DataFrame) -> pd.DataFrame:
    """Mean, 5th, 50th, 95th percentile of each headline output over draws."""
    rows = []
    for col, (label, unit) in MC_OUTPUTS.items():
        if col not in draws:
            continue
        v = draws[col].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        if not v.size:
            continue
        rows.append(dict(output=col, label=label, unit=unit, mean=float(v.mean()),
                         p05=float(np.percentile(v, 5)), p50=float(np.percentile(v, 50)),
                         p95=float(np.percentile(v, 95)), share_positive=float((v > 0).mean())))
    if "feasible" in draws:
        rows.append(dict(output="feasible", label="Probability every requirement is met",
                         unit="probability", mean=float(draws["feasible"].mean()), p05=None,
                         p50=None, p95=None, share_positive=None))
    for col in draws.columns:
        if str(col).startswith("met."):
            item = str(col).split(".", 2)[-1].replace("_", " ")
            rows.append(dict(output=str(col), label=f"Probability {item} is met",
                             unit="probability", mean=float(draws[col].mean()), p05=None,
                             p50=None, p95=None, share_positive=None))
    return pd.DataFrame(rows)


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
        p_rows.append(dict(parameter=name, value=rec.value, unit=rec.unit, source=rec.source,
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
