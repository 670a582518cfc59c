"""Vega-Lite chart specifications (built with Altair), each labelled with units and sources.

Every function takes the tidy frames of :mod:`guarantor.report.tables` and returns a Vega-Lite
spec as a plain dict (JSON-ready), so the static report and the web app render the same charts.
Colours are fixed across charts: the United States is always dark blue, the shortfall always red,
smaller contributors grey; named contributors take the remaining categorical colours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from guarantor.report.tables import MC_OUTPUTS, OTHERS, SHORTFALL, US

US_COLOUR = "#1f3a93"
SHORTFALL_COLOUR = "#d62728"
OTHERS_COLOUR = "#b8b8b8"
#: Categorical colours for named contributors (no blue close to the US, no red).
COUNTRY_COLOURS = ("#f28e2b", "#59a14f", "#edc948", "#b07aa1", "#76b7b2", "#ff9da7", "#9c755f",
                   "#8cd17d", "#d4a6c8", "#a0cbe8", "#86bcb6", "#f1ce63")
WIDTH = 620


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-safe rows: NaN and infinities become null (Vega shows them as missing)."""
    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if isinstance(v, float) and not math.isfinite(v):
                v = None
            elif hasattr(v, "item"):  # numpy scalar
                v = v.item()
                if isinstance(v, float) and not math.isfinite(v):
                    v = None
            clean[k] = v
        out.append(clean)
    return out


def _data(df: pd.DataFrame) -> alt.InlineData:
    return alt.InlineData(values=_records(df))


@lru_cache(maxsize=1)
def _vintages() -> dict[str, str]:
    from guarantor.dataset import load_dataset

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
        parts.append("US posture: parameters/us_postures.yaml")
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


def _suppliers_in_order(df: pd.DataFrame) -> list[str]:
    seen: dict[str, float] = {}
    for r in df.itertuples():
        seen[r.supplier] = seen.get(r.supplier, 0.0) + (0 if r.kind != "country" else r.value)
    return sorted(seen, key=lambda s: -seen[s])


def _stacked(df: pd.DataFrame, *, horizontal: bool, title: str, subtitle: list[str],
             unit: str, height: int = 90, label_axis: str = "item_label") -> alt.Chart:
    scale = supplier_scale(_suppliers_in_order(df))
    value = alt.X if horizontal else alt.Y
    cat = alt.Y if horizontal else alt.X
    base = alt.Chart(_data(df))
    bars = base.mark_bar().encode(
        value("sum(value):Q", title=unit, stack="zero"),
        cat(f"{label_axis}:N", title=None, sort=None),
        color=alt.Color("supplier:N", scale=scale, title="Supplied by",
                        legend=alt.Legend(orient="right", symbolLimit=20)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("item:N", title="item"), alt.Tooltip("supplier:N"),
                 alt.Tooltip("value:Q", title=unit, format=",.1f"),
                 alt.Tooltip("requirement:Q", title=f"requirement ({unit})", format=",.1f"),
                 alt.Tooltip("status:N")],
    )
    req = alt.Chart(_data(df.drop_duplicates([label_axis]))).mark_tick(
        color="black", thickness=3, size=(28 if not horizontal else 40)).encode(
        value("requirement:Q"), cat(f"{label_axis}:N", sort=None),
        tooltip=[alt.Tooltip("requirement:Q", title=f"requirement ({unit})", format=",.1f")])
    chart = alt.layer(bars, req).properties(
        width=WIDTH, height=height, title=_title(title, subtitle))
    return chart


def mission_charts(supply: pd.DataFrame, scenario_title: str = "") -> dict[str, dict[str, Any]]:
    """One chart per mission: requirement (black tick) against supply stacked by supplier.

    ``supply`` from :func:`guarantor.report.tables.supply_frame`. Keys: ``reassurance_force``,
    ``air_shield``, ``military_aid`` (only the missions the scenario has).
    """
    out: dict[str, dict[str, Any]] = {}
    if supply.empty:
        return out
    df = supply.copy()
    df["item_label"] = df["item"].str.replace("_", " ")
    df.loc[df["requirement"].isna(), "item_label"] += " (requirement unknown)"
    us_note = "US part in dark blue, shortfall in red; black tick = requirement"
    f = df[df["mission"] == "reassurance_force"]
    if not f.empty:
        out["reassurance_force"] = _stacked(
            f, horizontal=True, unit="troops deployed at once [persons]",
            title=f"Reassurance force: requirement against supply{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("forces")], height=40).to_dict(validate=False)
    a = df[df["mission"] == "air_shield"]
    if not a.empty:
        out["air_shield"] = _stacked(
            a, horizontal=True, unit="units [aircraft, radars or batteries, by class]",
            title=f"Air shield: requirement against supply by class{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("capabilities", "postures")],
            height=24 * a["item"].nunique()).to_dict(validate=False)
    m = df[df["mission"] == "military_aid"]
    if not m.empty:
        out["military_aid"] = _stacked(
            m, horizontal=True, unit="military aid [EUR bn per year, current prices]",
            title=f"Military aid: requirement against supply{_sfx(scenario_title)}",
            subtitle=[us_note, source_line("aid", "economy")], height=40).to_dict(validate=False)
    return out


def _sfx(t: str) -> str:
    return f" — {t}" if t else ""


def shortfall_chart(short: pd.DataFrame, scenario_title: str = "") -> dict[str, Any]:
    """Air-shield shortfall per capability class, beside what the US supplies [class unit].

    ``short`` from :func:`guarantor.report.tables.shortfall_frame`; may hold several scenarios
    (then one column per scenario).
    """
    df = short.copy()
    long = pd.concat([
        df.assign(part="US supplies", value=df["us_supply"]),
        df.assign(part="Shortfall (nobody fills)", value=df["shortfall"]),
    ], ignore_index=True)
    long["item_label"] = long["item"].str.replace("_", " ")
    long["value_known"] = long["value"].notna()
    scale = alt.Scale(domain=["US supplies", "Shortfall (nobody fills)"],
                      range=[US_COLOUR, SHORTFALL_COLOUR])
    several = df["scenario"].nunique() > 1
    base = alt.Chart(_data(long)).mark_bar().encode(
        x=alt.X("value:Q", title="units [aircraft, radars or batteries, by class]"),
        y=alt.Y("item_label:N", title=None, sort=None),
        yOffset=alt.YOffset("part:N", sort=["US supplies", "Shortfall (nobody fills)"]),
        color=alt.Color("part:N", scale=scale, title=None, legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip("item:N"), alt.Tooltip("part:N"),
                 alt.Tooltip("value:Q", format=",.0f"), alt.Tooltip("unit:N"),
                 alt.Tooltip("requirement:Q", format=",.0f"), alt.Tooltip("status:N")],
    )
    title = _title(f"Air-shield shortfall by capability class{_sfx(scenario_title)}",
                   ["What the US posture supplies and what is left unfilled after every "
                    "participant's committed share", source_line("capabilities", "postures")])
    if not scenario_title and not several and not df.empty:
        title.text = f"{title.text} — {df['scenario'].iloc[0]}"
    if several:
        n = df["scenario"].nunique()
        order = list(dict.fromkeys(df["scenario"]))
        return base.properties(width=max(160, (WIDTH + 200) // n - 40), height=190).facet(
            column=alt.Column("scenario:N", title=None, sort=order)).properties(
            title=title).to_dict(validate=False)
    return base.properties(width=WIDTH, height=230, title=title).to_dict(validate=False)


def burden_chart(burden: pd.DataFrame, scenario_title: str = "", top: int = 20) -> dict[str, Any]:
    """Per-country annual cost as % of GDP and % of the defence budget (first year, top N)."""
    df = burden.head(top).copy()
    year = int(df["year"].iloc[0]) if not df.empty else ""
    sort = list(df["country"])
    tip = [alt.Tooltip("country:N"), alt.Tooltip("cost_total_eur:Q", title="cost [EUR/yr]",
                                                  format=",.0f"),
           alt.Tooltip("cost_gdp_share:Q", title="% of GDP", format=".3%"),
           alt.Tooltip("cost_defence_budget_share:Q", title="% of defence budget",
                       format=".2%")]
    base = alt.Chart(_data(df))
    g = base.mark_bar(color="#4e79a7").encode(
        x=alt.X("cost_gdp_share:Q", title=f"annual cost, % of GDP ({year})",
                axis=alt.Axis(format=".2%")),
        y=alt.Y("country:N", sort=sort, title=None), tooltip=tip).properties(
        width=(WIDTH - 120) // 2, height=14 * len(df))
    m = base.mark_bar(color="#f28e2b").encode(
        x=alt.X("cost_defence_budget_share:Q", title=f"annual cost, % of defence budget ({year})",
                axis=alt.Axis(format=".1%")),
        y=alt.Y("country:N", sort=sort, title=None, axis=None), tooltip=tip).properties(
        width=(WIDTH - 120) // 2, height=14 * len(df))
    return alt.hconcat(g, m, spacing=8).properties(title=_title(
        f"Burden per country: cost of the arrangement{_sfx(scenario_title)}",
        [f"The {len(df)} largest burdens relative to GDP, first year of the horizon; EUR current "
         "prices", source_line("economy", "aid")])).to_dict(validate=False)


def spending_charts(spending: pd.DataFrame, path: pd.DataFrame, scenario_title: str = "",
                    top: int = 15) -> dict[str, Any]:
    """The gap to the spending target (EUR bn, target year) and the straight-line path to it."""
    sp = spending[spending["gap_eur_target_year"] > 0].head(top).copy()
    sp["gap_eur_bn"] = sp["gap_eur_target_year"] / 1e9
    sp["fits"] = sp["cost_fits_in_gap"].map({True: "cost fits in gap", False: "cost exceeds gap"})
    target = float(spending["target_share"].iloc[0]) if not spending.empty else float("nan")
    tyear = int(spending["target_year"].iloc[0]) if not spending.empty else ""
    gap = alt.Chart(_data(sp)).mark_bar(color="#9c755f").encode(
        x=alt.X("gap_eur_bn:Q", title=f"extra defence spending needed in {tyear} [EUR bn/yr]"),
        y=alt.Y("country:N", sort=list(sp["country"]), title=None),
        tooltip=[alt.Tooltip("country:N"),
                 alt.Tooltip("defence_gdp_share:Q", title="now, % of GDP", format=".2%"),
                 alt.Tooltip("gap_eur_bn:Q", title="gap [EUR bn]", format=",.1f"),
                 alt.Tooltip("increase_share_per_year:Q", title="+ share of GDP per year",
                             format=".3%"), alt.Tooltip("fits:N")],
    ).properties(width=WIDTH // 2 - 40, height=14 * max(len(sp), 1))
    lines = alt.Chart(_data(path)).mark_line(point=True).encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("defence_gdp_share:Q", title="defence spending [% of GDP]",
                axis=alt.Axis(format=".1%")),
        color=alt.Color("country:N", title="Ally",
                        scale=alt.Scale(range=list(COUNTRY_COLOURS))),
        tooltip=[alt.Tooltip("country:N"), alt.Tooltip("year:O"),
                 alt.Tooltip("defence_gdp_share:Q", format=".2%")],
    )
    rule = alt.Chart(_data(pd.DataFrame({"target": [target]}))).mark_rule(
        color="black", strokeDash=[4, 3]).encode(y="target:Q")
    pth = alt.layer(lines, rule).properties(width=WIDTH // 2 - 40, height=14 * max(len(sp), 1))
    pct = f"{100 * target:g}%" if math.isfinite(target) else "?"
    return alt.hconcat(gap, pth, spacing=30).resolve_scale(color="independent").properties(
        title=_title(f"Spending target {pct} of GDP by {tyear}: gap and path{_sfx(scenario_title)}",
                     [f"Left: the {len(sp)} largest gaps; right: straight-line path from the base "
                      f"year for the {path['country'].nunique()} largest; dashed line = target", source_line("economy")])).to_dict(validate=False)


def compare_cost_chart(burdens: pd.DataFrame, top: int = 15) -> dict[str, Any]:
    """Heat map: cost as % of GDP per country (rows) and scenario (columns)."""
    totals = burdens.groupby("country")["cost_gdp_share"].max().sort_values(ascending=False)
    keep = list(totals.index[:top])
    df = burdens[burdens["country"].isin(keep)]
    base = alt.Chart(_data(df)).encode(
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
    return alt.layer(heat, text).properties(width=WIDTH, height=16 * len(keep), title=_title(
        "Burden compared: annual cost as % of GDP, first year of each scenario",
        [f"The {len(keep)} countries with the largest burden in any scenario",
         source_line("economy", "aid")])).to_dict(validate=False)


def compare_missions_chart(supplies: pd.DataFrame) -> dict[str, Any]:
    """Per scenario, share of each mission item's requirement met by others, the US, or unmet."""
    df = supplies.copy()
    df["who"] = df["kind"].map({"country": "Participants", "other": "Participants",
                                "us": US, "shortfall": SHORTFALL})
    g = df.groupby(["scenario", "mission", "item", "who"], as_index=False, sort=False).agg(
        value=("value", "sum"), requirement=("requirement", "first"))
    g["share"] = g["value"] / g["requirement"]
    g = g[g["requirement"].fillna(0) > 0]
    g["item_label"] = g["item"].str.replace("_", " ")
    scale = alt.Scale(domain=["Participants", US, SHORTFALL],
                      range=["#59a14f", US_COLOUR, SHORTFALL_COLOUR])
    order = list(dict.fromkeys(g["item_label"]))
    n = max(g["scenario"].nunique(), 1)
    scen_order = list(dict.fromkeys(df["scenario"]))
    return alt.Chart(_data(g)).mark_bar().encode(
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
             source_line("forces", "capabilities", "aid", "postures")])).to_dict(validate=False)


def montecarlo_chart(draws: pd.DataFrame, scenario_title: str = "") -> dict[str, Any] | None:
    """Histograms of the headline outputs over Monte Carlo draws (one panel each)."""
    cols = [c for c in MC_OUTPUTS if c in draws]
    if not cols or len(draws) < 2:
        return None
    long = draws[cols].melt(var_name="output", value_name="value").dropna()
    long["label"] = long["output"].map(lambda c: f"{MC_OUTPUTS[c][0]} [{MC_OUTPUTS[c][1]}]")
    return alt.Chart(_data(long)).mark_bar(color="#4e79a7").encode(
        x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title=None),
        y=alt.Y("count():Q", title="draws"),
    ).properties(width=WIDTH // 2 - 30, height=120).facet(
        facet=alt.Facet("label:N", title=None), columns=2).resolve_scale(
        x="independent", y="independent").properties(title=_title(
            f"Monte Carlo: distribution over {len(draws):,} draws{_sfx(scenario_title)}",
            ["Uncertain inputs drawn from their sourced distributions (guarantor.uncertainty)",
             source_line("economy", "capabilities", "aid")])).to_dict(validate=False)
