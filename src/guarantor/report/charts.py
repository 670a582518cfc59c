"""Vega-Lite chart specifications (built with Altair), each labelled with units and sources.

Every function takes the tidy frames of :mod:`guarantor.report.tables` and returns a Vega-Lite
spec as a plain dict (JSON-ready), so the static report and the web app render the same charts.
Colours are fixed across charts: the United States is always dark blue, the shortfall always red,
smaller contributors grey; named contributors take the remaining categorical colours.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from guarantor.format import basis_label, basis_of, basis_words, money_heading
from guarantor.palette import BASIS_COLOURS as _BASIS
from guarantor.palette import STATUS_COLOURS
from guarantor.report.tables import MC_OUTPUTS, OTHERS, SHORTFALL, US, records

US_COLOUR = "#1f3a93"
#: The shortfall is the palette's 'short' colour, what is met its 'met' colour (guarantor.palette).
SHORTFALL_COLOUR = STATUS_COLOURS["short"]
MET_COLOUR = STATUS_COLOURS["met"]
OTHERS_COLOUR = "#b8b8b8"
#: Categorical colours for named contributors (no blue close to the US, no red).
COUNTRY_COLOURS = ("#f28e2b", "#59a14f", "#edc948", "#b07aa1", "#76b7b2", "#ff9da7", "#9c755f",
                   "#8cd17d", "#d4a6c8", "#a0cbe8", "#86bcb6", "#f1ce63")
WIDTH = 620


def _records(df: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-safe rows: NaN and infinities become null (Vega shows them as missing)."""
    return records(df)


class _Datasets:
    """Names for the data of one chart. Charts reference their data by name; the rows go into
    the spec's top-level ``datasets`` after ``to_dict`` (Altair deep-copies inline values, which
    costs more than the rest of the chart)."""

    def __init__(self) -> None:
        self.values: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, df: pd.DataFrame | None = None) -> alt.NamedData:
        name = f"gdata_{len(self.values) + 1}"
        self.values[name] = _records(df) if df is not None else []
        return alt.NamedData(name=name)

    def spec(self, chart: alt.TopLevelMixin) -> dict[str, Any]:
        """The chart as a Vega-Lite dict with its data attached."""
        out = chart.to_dict(validate=False)
        out["datasets"] = {**out.get("datasets", {}), **self.values}
        return out


def P(name: str) -> Any:  # noqa: N802 - reads as a placeholder in chart templates
    """A placeholder in a cached chart template, replaced by :func:`_fill`."""
    return f"@@{name}@@"


#: Numeric placeholders (Altair checks numbers when a chart is built): sentinel -> name.
_NUMS: dict[float, str] = {}


def N(name: str) -> float:  # noqa: N802
    """A numeric placeholder in a cached chart template, replaced by :func:`_fill`."""
    for k, v in _NUMS.items():
        if v == name:
            return k
    sentinel = 987654321.0 + len(_NUMS)
    _NUMS[sentinel] = name
    return sentinel


def _fill(node: Any, values: Mapping[str, Any]) -> Any:
    """A copy of a template with every placeholder replaced (whole strings take any type)."""
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0].startswith("@@"):
            v = values[node[0][2:-2]]  # [P("x")] stands for the whole list x
            return list(v) if isinstance(v, list | tuple) else [v]
        return [_fill(v, values) for v in node]
    if isinstance(node, str) and "@@" in node:
        if node.startswith("@@") and node.endswith("@@") and node.count("@@") == 2:
            return values[node[2:-2]]
        for k, v in values.items():
            node = node.replace(f"@@{k}@@", str(v))
        return node
    if isinstance(node, float) and node in _NUMS:
        return values[_NUMS[node]]
    return node


def _from_template(template: dict[str, Any], values: Mapping[str, Any],
                   data: Sequence[pd.DataFrame]) -> dict[str, Any]:
    """Fill a cached template and attach its datasets (``gdata_1``, ``gdata_2``... in order)."""
    out = _fill(template, values)
    out["datasets"] = {f"gdata_{i + 1}": _records(df) for i, df in enumerate(data)}
    return out


Rows = pd.DataFrame | list[dict[str, Any]]


def _rows_basis(recs: list[dict[str, Any]]) -> str | None:
    """The price basis the rows' money is in (their ``money_basis``; None without rows)."""
    return str(recs[0]["money_basis"]) if recs else None


@lru_cache(maxsize=1)
def _vintages() -> dict[str, str]:
    from guarantor.data.dataset import load_dataset

    return dict(load_dataset().vintages)


def source_line(*kinds: str) -> str:
    """A one-line 'Source: ...' caption for a chart, with data vintages."""
    v = _vintages()
    parts = ["guarantor model (draw 0)"]
    if "economy" in kinds:
        parts.append("GDP: World Bank WDI" + (f" ({v['wb_gdp']})" if "wb_gdp" in v else ""))
        nato = next((f" ({v[k]})" for k in sorted(v, reverse=True) if k.startswith("nato")), "")
        sipri = next((f" ({v[k]})" for k in sorted(v, reverse=True) if k.startswith("sipri")), "")
        parts.append(f"defence spending: NATO{nato} / SIPRI{sipri}")
    if "forces" in kinds:
        parts.append("personnel: NATO / World Bank (IISS)")
    if "capabilities" in kinds:
        parts.append("inventories: sourced national figures (see Sources)")
    if "aid" in kinds:
        kiel = next((f" ({v[k]})" for k in sorted(v, reverse=True) if k.startswith("kiel")), "")
        parts.append(f"aid: Kiel Ukraine Support Tracker{kiel}")
    if "postures" in kinds:
        parts.append("US posture: sourced bundles (see Sources)")
    return "Source: " + "; ".join(parts)


def _title(text: str, subtitle: str | Sequence[str]) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle, anchor="start", fontSize=14,
                           subtitleFontSize=10, subtitleColor="#555")


def supplier_scale(suppliers: Sequence[str]) -> alt.Scale:
    """Fixed colours: named countries first, then others, the US and the shortfall."""
    named = [s for s in suppliers if s not in (OTHERS, US, SHORTFALL)]
    domain = named + [OTHERS, US, SHORTFALL]
    colours = [COUNTRY_COLOURS[i % len(COUNTRY_COLOURS)] for i in range(len(named))]
    return alt.Scale(domain=domain, range=colours + [OTHERS_COLOUR, US_COLOUR, SHORTFALL_COLOUR])


def _suppliers_in_order(rows: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, float] = {}
    for r in rows:
        seen[r["supplier"]] = seen.get(r["supplier"], 0.0) + (
            r["value"] if r["kind"] == "country" else 0.0)
    return sorted(seen, key=lambda s: -seen[s])


@lru_cache(maxsize=64)
def _tpl_stacked(unit: str, title: str, subtitle: tuple[str, ...]) -> dict[str, Any]:
    """Horizontal bars stacked by supplier, with a black tick at the requirement."""
    ds = _Datasets()
    bars = alt.Chart(ds()).mark_bar().encode(
        x=alt.X("sum(value):Q", title=unit, stack="zero"),
        y=alt.Y("item_label:N", title=None, sort=None),
        color=alt.Color("supplier:N", scale=alt.Scale(domain=[P("domain")], range=[P("range")]),
                        title="Supplied by", legend=alt.Legend(orient="right", symbolLimit=20)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("item:N", title="item"), alt.Tooltip("supplier:N"),
                 alt.Tooltip("value:Q", title=unit, format=",.1f"),
                 alt.Tooltip("requirement:Q", title=f"requirement ({unit})", format=",.1f"),
                 alt.Tooltip("status:N")],
    )
    req = alt.Chart(ds()).mark_tick(color="black", thickness=3, size=N("tick")).encode(
        x=alt.X("requirement:Q"), y=alt.Y("item_label:N", sort=None),
        tooltip=[alt.Tooltip("requirement:Q", title=f"requirement ({unit})", format=",.1f")])
    return ds.spec(alt.layer(bars, req).properties(
        width=WIDTH, height=N("height"), title=_title(title, list(subtitle))))


def _stacked(rows: list[dict[str, Any]], *, unit: str, title: str, subtitle: list[str],
             height: int) -> dict[str, Any]:
    named = [s for s in _suppliers_in_order(rows) if s not in (OTHERS, US, SHORTFALL)]
    domain = named + [OTHERS, US, SHORTFALL]
    colours = [COUNTRY_COLOURS[i % len(COUNTRY_COLOURS)] for i in range(len(named))]
    ticks = list({r["item_label"]: r for r in reversed(rows)}.values())[::-1]
    values = {"domain": domain, "range": colours + [OTHERS_COLOUR, US_COLOUR, SHORTFALL_COLOUR],
              "height": height, "tick": min(40, max(14, height // max(len(ticks), 1)))}
    return _from_template(_tpl_stacked(unit, title, tuple(subtitle)), values, [rows, ticks])


def mission_charts(supply: Rows, scenario_title: str = "") -> dict[str, dict[str, Any]]:
    """One chart per mission: requirement (black tick) against supply stacked by supplier.

    ``supply`` from :func:`guarantor.report.tables.supply_rows` (or ``supply_frame``). Keys:
    ``reassurance_force``, ``air_shield``, ``military_aid`` (only the missions present).
    """
    out: dict[str, dict[str, Any]] = {}
    by: dict[str, list[dict[str, Any]]] = {}
    for r in _records(supply):
        label = r["item"].replace("_", " ")
        req = r["requirement"]
        if req is None or (isinstance(req, float) and not math.isfinite(req)):
            label += " (requirement unknown)"
        by.setdefault(r["mission"], []).append({**r, "item_label": label})
    us_note = "US part in dark blue, shortfall in red; black tick = requirement"
    if "reassurance_force" in by:
        out["reassurance_force"] = _stacked(
            by["reassurance_force"], unit="troops deployed at once [persons]",
            title=f"Reassurance force: requirement against supply{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("forces")], height=40)
    if "air_shield" in by:
        n = len({r["item"] for r in by["air_shield"]})
        out["air_shield"] = _stacked(
            by["air_shield"], unit="units [aircraft, radars or batteries, by class]",
            title=f"Air shield: requirement against supply by class{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("capabilities", "postures")], height=24 * n)
    if "military_aid" in by:
        basis = basis_of(str(by["military_aid"][0]["unit"]))
        if basis is None:
            raise ValueError("aid rows name no price basis: unit "
                             f"{by['military_aid'][0]['unit']!r}")
        out["military_aid"] = _stacked(
            by["military_aid"], unit=money_heading("military aid a year", basis, "bn"),
            title=f"Military aid: requirement against supply{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("aid", "economy")], height=40)
    return out


def _sfx(t: str) -> str:
    return f" — {t}" if t else ""


SHORT_PARTS = ("US supplies", "Shortfall (nobody fills)")


@lru_cache(maxsize=16)
def _tpl_shortfall(faceted: bool) -> dict[str, Any]:
    ds = _Datasets()
    base = alt.Chart(ds()).mark_bar().encode(
        x=alt.X("value:Q", title="units [aircraft, radars or batteries, by class]"),
        y=alt.Y("item_label:N", title=None, sort=None),
        yOffset=alt.YOffset("part:N", sort=list(SHORT_PARTS)),
        color=alt.Color("part:N", scale=alt.Scale(domain=list(SHORT_PARTS),
                                                  range=[US_COLOUR, SHORTFALL_COLOUR]),
                        title=None, legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip("item:N"), alt.Tooltip("part:N"),
                 alt.Tooltip("value:Q", format=",.0f"), alt.Tooltip("unit:N"),
                 alt.Tooltip("requirement:Q", format=",.0f"), alt.Tooltip("status:N")],
    )
    title = _title(P("title"), ["What the US posture supplies and what is left unfilled after "
                                "every participant's committed share",
                                source_line("capabilities", "postures")])
    if faceted:
        return ds.spec(base.properties(width=N("width"), height=190).facet(
            column=alt.Column("scenario:N", title=None, sort=[P("order")])).properties(
            title=title))
    return ds.spec(base.properties(width=WIDTH, height=230, title=title))


def shortfall_chart(short: Rows, scenario_title: str = "") -> dict[str, Any]:
    """Air-shield shortfall per capability class, beside what the US supplies [class unit].

    ``short`` from :func:`guarantor.report.tables.shortfall_rows` (or ``shortfall_frame``); may
    hold several scenarios (then one column per scenario).
    """
    rows = _records(short)
    long = [{**r, "part": part, "value": r[key], "item_label": r["item"].replace("_", " ")}
            for key, part in (("us_supply", SHORT_PARTS[0]), ("shortfall", SHORT_PARTS[1]))
            for r in rows]
    order = list(dict.fromkeys(r["scenario"] for r in rows))
    title = f"Air-shield shortfall by capability class{_sfx(scenario_title)}"
    if not scenario_title and len(order) == 1:
        title += f" — {order[0]}"
    values = {"title": title, "order": order,
              "width": max(160, (WIDTH + 200) // max(len(order), 1) - 40)}
    return _from_template(_tpl_shortfall(len(order) > 1), values, [long])


@lru_cache(maxsize=4)
def _tpl_burden() -> dict[str, Any]:
    ds = _Datasets()
    tip = [alt.Tooltip("country:N"), alt.Tooltip("cost_total_eur:Q",
                                                  title="cost a year, € (@@basis@@)",
                                                  format=",.0f"),
           alt.Tooltip("cost_gdp_share:Q", title="% of GDP", format=".3%"),
           alt.Tooltip("cost_defence_budget_share:Q", title="% of defence budget",
                       format=".2%")]
    base = alt.Chart(ds())
    g = base.mark_bar(color="#4e79a7").encode(
        x=alt.X("cost_gdp_share:Q", title="annual cost, % of GDP (@@year@@)",
                axis=alt.Axis(format=".2%")),
        y=alt.Y("country:N", sort=[P("sort")], title=None), tooltip=tip).properties(
        width=(WIDTH - 120) // 2, height=N("height"))
    m = base.mark_bar(color="#f28e2b").encode(
        x=alt.X("cost_defence_budget_share:Q",
                title="annual cost, % of defence budget (@@year@@)",
                axis=alt.Axis(format=".1%")),
        y=alt.Y("country:N", sort=[P("sort")], title=None, axis=None), tooltip=tip).properties(
        width=(WIDTH - 120) // 2, height=N("height"))
    return ds.spec(alt.hconcat(g, m, spacing=8).properties(title=_title(
        "Burden per country: cost of the arrangement@@sfx@@",
        ["The @@n@@ largest burdens relative to GDP, first year of the horizon; cost in "
         "@@basis_words@@ (@@basis@@)", source_line("economy", "aid")])))


def burden_chart(burden: Rows, scenario_title: str = "", top: int = 20) -> dict[str, Any]:
    """Per-country annual cost as % of GDP and % of the defence budget (first year, top N)."""
    keys = ("country", "year", "cost_total_eur", "cost_gdp_share", "cost_defence_budget_share")
    recs = _records(burden)
    rows = [{k: r[k] for k in keys} for r in recs[:top]]
    basis = _rows_basis(recs)
    values = {"year": rows[0]["year"] if rows else "", "sort": [r["country"] for r in rows],
              "basis": basis_label(basis) if basis else "",
              "basis_words": basis_words(basis) if basis else "",
              "height": 14 * max(len(rows), 1), "n": len(rows), "sfx": _sfx(scenario_title)}
    return _from_template(_tpl_burden(), values, [rows])


@lru_cache(maxsize=4)
def _tpl_spending() -> dict[str, Any]:
    ds = _Datasets()
    gap = alt.Chart(ds()).mark_bar(color="#9c755f").encode(
        x=alt.X("gap_eur_bn:Q", title="extra defence spending needed in @@tyear@@, €bn a year "
                "(@@basis@@)"),
        y=alt.Y("country:N", sort=[P("sort")], title=None),
        tooltip=[alt.Tooltip("country:N"),
                 alt.Tooltip("defence_gdp_share:Q", title="now, % of GDP", format=".2%"),
                 alt.Tooltip("gap_eur_bn:Q", title="gap, €bn (@@basis@@)", format=",.3g"),
                 alt.Tooltip("increase_share_per_year:Q", title="+ share of GDP per year",
                             format=".3%"), alt.Tooltip("fits:N")],
    ).properties(width=WIDTH // 2 - 40, height=N("height"))
    lines = alt.Chart(ds()).mark_line(point=True).encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("defence_gdp_share:Q", title="defence spending [% of GDP]",
                axis=alt.Axis(format=".1%")),
        color=alt.Color("country:N", title="Ally", scale=alt.Scale(range=list(COUNTRY_COLOURS))),
        tooltip=[alt.Tooltip("country:N"), alt.Tooltip("year:O"),
                 alt.Tooltip("defence_gdp_share:Q", format=".2%")],
    )
    rule = alt.Chart(ds()).mark_rule(color="black", strokeDash=[4, 3]).encode(y="target:Q")
    pth = alt.layer(lines, rule).properties(width=WIDTH // 2 - 40, height=N("height"))
    return ds.spec(alt.hconcat(gap, pth, spacing=30).resolve_scale(color="independent")
                   .properties(title=_title(
                       "Spending target @@pct@@ of GDP by @@tyear@@: gap and path@@sfx@@",
                       ["Left: the @@n@@ largest gaps; right: straight-line path from the base "
                        "year for the @@npath@@ largest; dashed line = target",
                        source_line("economy")])))


def spending_charts(spending: Rows, path: Rows, scenario_title: str = "",
                    top: int = 15) -> dict[str, Any]:
    """The gap to the spending target (EUR bn, target year) and the straight-line path to it."""
    allrows = _records(spending)
    sp = [dict(country=r["country"], defence_gdp_share=r["defence_gdp_share"],
               gap_eur_bn=r["gap_eur_target_year"] / 1e9,
               increase_share_per_year=r["increase_share_per_year"],
               fits="cost fits in gap" if r["cost_fits_in_gap"] else "cost exceeds gap")
          for r in allrows if (r["gap_eur_target_year"] or 0) > 0][:top]
    target = float(allrows[0]["target_share"]) if allrows else float("nan")
    basis = _rows_basis(allrows)
    tyear = int(allrows[0]["target_year"]) if allrows else ""
    prows = [{k: r[k] for k in ("country", "year", "defence_gdp_share")} for r in _records(path)]
    values = {"sort": [r["country"] for r in sp], "height": 14 * max(len(sp), 1), "tyear": tyear,
              "pct": f"{100 * target:g}%" if math.isfinite(target) else "?", "n": len(sp),
              "npath": len({r["country"] for r in prows}), "sfx": _sfx(scenario_title),
              "basis": basis_label(basis) if basis else ""}
    return _from_template(_tpl_spending(), values, [sp, prows, [{"target": target}]])


def compare_cost_chart(burdens: pd.DataFrame, top: int = 15) -> dict[str, Any]:
    """Heat map: cost as % of GDP per country (rows) and scenario (columns)."""
    ds = _Datasets()
    totals = burdens.groupby("country")["cost_gdp_share"].max().sort_values(ascending=False)
    keep = list(totals.index[:top])
    df = burdens[burdens["country"].isin(keep)]
    base = alt.Chart(ds(df)).encode(
        x=alt.X("scenario:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("country:N", sort=keep, title=None))
    heat = base.mark_rect().encode(
        color=alt.Color("cost_gdp_share:Q", title="% of GDP", scale=alt.Scale(scheme="oranges"),
                        legend=alt.Legend(format=".2%")),
        tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip("country:N"),
                 alt.Tooltip("cost_gdp_share:Q", title="% of GDP", format=".3%"),
                 alt.Tooltip("cost_defence_budget_share:Q", title="% of defence budget",
                             format=".2%")])
    text = base.mark_text(fontSize=10).encode(text=alt.Text("cost_gdp_share:Q", format=".2%"))
    return ds.spec(alt.layer(heat, text).properties(
        width=WIDTH, height=16 * len(keep), title=_title(
        "Burden compared: annual cost as % of GDP, first year of each scenario",
        [f"The {len(keep)} countries with the largest burden in any scenario",
         source_line("economy", "aid")])))


def compare_missions_chart(supplies: pd.DataFrame) -> dict[str, Any]:
    """Per scenario, share of each mission item's requirement met by others, the US, or unmet."""
    ds = _Datasets()
    df = supplies.copy()
    df["who"] = df["kind"].map({"country": "Participants", "other": "Participants",
                                "us": US, "shortfall": SHORTFALL})
    g = df.groupby(["scenario", "mission", "item", "who"], as_index=False, sort=False).agg(
        value=("value", "sum"), requirement=("requirement", "first"))
    g["share"] = g["value"] / g["requirement"]
    g = g[g["requirement"].fillna(0) > 0]
    g["item_label"] = g["item"].str.replace("_", " ")
    scale = alt.Scale(domain=["Participants", US, SHORTFALL],
                      range=[MET_COLOUR, US_COLOUR, SHORTFALL_COLOUR])
    order = list(dict.fromkeys(g["item_label"]))
    n = max(g["scenario"].nunique(), 1)
    scen_order = list(dict.fromkeys(df["scenario"]))
    return ds.spec(alt.Chart(ds(g)).mark_bar().encode(
        x=alt.X("share:Q", title="share of requirement", axis=alt.Axis(format="%")),
        y=alt.Y("item_label:N", sort=order, title=None),
        color=alt.Color("who:N", scale=scale, title="Filled by", legend=alt.Legend(orient="top")),
        order=alt.Order("who:N", sort="descending"),
        tooltip=["scenario:N", "item:N", "who:N", alt.Tooltip("share:Q", format=".0%"),
                 alt.Tooltip("value:Q", format=",.1f")],
    ).properties(width=max(140, (WIDTH + 200) // n - 50), height=18 * len(order)).facet(
        column=alt.Column("scenario:N", title=None, sort=scen_order)).properties(title=_title(
            "Missions compared: who fills each requirement",
            ["Share of each requirement met by the participants, by the US, or left unmet",
             source_line("forces", "capabilities", "aid", "postures")])))


def montecarlo_chart(draws: pd.DataFrame, scenario_title: str = "", *,
                     basis: str) -> dict[str, Any] | None:
    """Histograms of the headline outputs over Monte Carlo draws (one panel each); money in
    ``basis`` (the engine's, e.g. ``EUR_2024``: the draws are engine outputs).

    Binned here with NumPy (30 bins per output) so the spec stays small for any number of draws.
    """
    cols = [c for c in MC_OUTPUTS if c in draws]
    if not cols or len(draws) < 2:
        return None
    rows = []
    for c in cols:
        v = draws[c].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        if not v.size:
            continue
        unit = MC_OUTPUTS[c][1]
        if unit.startswith("EUR"):  # billions keep the axis readable
            v = v / 1e9
            unit = money_heading("a year" if "per year" in unit else "", basis, "bn")
        lo, hi = float(v.min()), float(v.max())
        if hi - lo <= 1e-9 * max(abs(lo), 1.0):
            continue  # constant over the draws: the table says so, a histogram would mislead
        counts, edges = np.histogram(v, bins=30, range=(lo, hi))
        label = f"{MC_OUTPUTS[c][0]} [{unit}]"
        rows += [dict(label=label, start=float(a), end=float(b), draws=int(n))
                 for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True)]
    if not rows:
        return None
    ds = _Datasets()
    chart = alt.Chart(ds(pd.DataFrame(rows))).mark_bar(color="#4e79a7").encode(
        x=alt.X("start:Q", title=None, scale=alt.Scale(zero=False)), x2="end:Q",
        y=alt.Y("draws:Q", title="draws"), y2=alt.datum(0),
        tooltip=[alt.Tooltip("start:Q", format=",.3g"), alt.Tooltip("end:Q", format=",.3g"),
                 "draws:Q"],
    ).properties(width=WIDTH // 2 - 30, height=120).facet(
        facet=alt.Facet("label:N", title=None), columns=2).resolve_scale(
        x="independent", y="independent").properties(title=_title(
            f"Monte Carlo: distribution over {len(draws):,} draws{_sfx(scenario_title)}",
            ["Uncertain inputs drawn from their sourced distributions (guarantor.uncertainty); "
             "outputs constant over the draws are left out",
             source_line("economy", "capabilities", "aid")]))
    return ds.spec(chart)


#: One colour per basis of a contribution, the same in every chart and table.
BASIS_COLOURS = dict(_BASIS)


def timeline_chart(frame: pd.DataFrame, required: float) -> dict[str, Any] | None:
    """Troops stated, assumed and short, stacked, as the positions stood at each month's end."""
    if frame.empty:
        return None
    domain = ["stated", "assumed", "shortfall"]
    chart = alt.Chart(alt.Data(values=_records(frame))).mark_area().encode(
        x=alt.X("date:T", title="positions as of"),
        y=alt.Y("troops:Q", stack="zero", title="troops"),
        color=alt.Color("part:N", scale=alt.Scale(domain=domain, range=[
            BASIS_COLOURS[d] for d in domain]), sort=domain, title=None),
        order=alt.Order("part_order:Q"),
        tooltip=["date:T", "part:N", alt.Tooltip("troops:Q", format=",.0f")],
    ).transform_calculate(
        part_order="indexof(['stated','assumed','shortfall'], datum.part)"
    ).properties(width=620, height=220, title=_title(
        "Replaying the debate: the reassurance force as positions stood, month by month",
        [f"monthly: as of each month's last statement date; requirement {required:,.0f} "
         "troops; stated = a pledged figure, assumed = a stated "
         "willingness (or an unstated lever) times sustainable capacity",
         source_line("contributions")]))
    return chart.to_dict()
