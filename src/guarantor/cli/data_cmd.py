"""``guarantor data ...``: inspect bundled sources, show a country, rebuild the snapshot."""

import typer

from guarantor.cli.commands import app, console
from guarantor.cli.common import term
from guarantor.format import basis_label, money_heading

data_app = typer.Typer(help="Inspect the bundled data and rebuild it from official files.")
app.add_typer(data_app, name="data")


@data_app.command("countries")
def countries() -> None:
    """List the country registry with memberships."""
    from rich.table import Table

    from guarantor.data.countries import registry

    t = Table("iso3", "name", "NATO since", "EU since", "G7", "coalition", "role")
    for c in registry().countries:
        t.add_row(
            c.iso3,
            c.name,
            str(c.nato_since or ""),
            str(c.eu_since or ""),
            "yes" if c.g7 else "",
            str(c.coalition.since) if c.coalition else "",
            c.role or "",
        )
    console.print(t)


@data_app.command("sources")
def sources() -> None:
    """List every bundled series with its unit, source(s) and vintage, then the full citations."""
    from rich.table import Table

    from guarantor.data.dataset import load_dataset
    from guarantor.data.sources import cite, source_catalogue

    ds = load_dataset()
    cat = source_catalogue()
    t = Table("series", "unit", "sources (publisher: table)", "vintage")
    used: list[str] = []
    for name in (*ds_series(), "usd_per_eur"):
        if name == "usd_per_eur":
            ids = sorted({ds.fx_source(y) for y in ds.fx_years()})
            unit = "USD_per_EUR"
        else:
            m = ds.meta(name)
            ids, unit = list(m.sources), m.unit
        used += [i for i in ids if i not in used]
        t.add_row(name, unit,
                  "\n".join(f"{i}: {cat[i].publisher}: {cat[i].table or cat[i].title}"
                            for i in ids),
                  "\n".join(cat[i].date or "" for i in ids))
    console.print(t)
    console.print("Sources:", highlight=False)
    for sid in used:
        lic = cat[sid].licence
        console.print(f"  [{sid}] {cite(sid)}" + (f" — licence: {lic}" if lic else ""),
                      highlight=False, markup=False)
    console.print(f"latest complete year: {ds.latest_complete_year}; years "
                  f"{int(ds.years[0])}-{int(ds.years[-1])}; gaps and their reasons: "
                  "guarantor/data/snapshot/gaps.csv", highlight=False)


def _cumulative_aid_share(ds, i: int) -> list[str]:
    """Aid to Ukraine since 2022 as % of GDP, cumulated with each year's GDP (converted at that
    year's ECB average), per year; '–' where a year's GDP or rate is missing."""
    import numpy as np

    from guarantor.engine.aid import cumulative_gdp_share

    fx = np.array([ds.fx(int(y)) if int(y) in ds.fx_years() else np.nan for y in ds.years])
    gdp = ds.values("gdp_usd")[i] / fx
    aid = ds.aid_totals_eur("all")[i]
    out = []
    for k in range(len(ds.years)):
        upto = slice(0, k + 1)
        if np.isnan(aid[upto]).all() or np.isnan(gdp[k]):
            out.append("–")
        else:
            out.append(f"{100 * cumulative_gdp_share(aid[upto], gdp[upto]):.2f}")
    return out


def ds_series() -> tuple[str, ...]:
    """Canonical series names in definition order."""
    from guarantor.data.dataset import SERIES

    return tuple(SERIES)


@data_app.command("show")
def show(iso3: str = typer.Argument(..., help="ISO3 code of a registry country, e.g. POL")) -> None:
    """Print one country's GDP, defence spending, share of GDP, personnel and aid by year."""
    import numpy as np
    from rich.table import Table

    from guarantor.data.countries import registry
    from guarantor.data.dataset import load_dataset
    from guarantor.errors import DataError

    code = iso3.strip().upper()
    reg = registry()
    if code not in reg:
        guess = reg.lookup(iso3)
        raise DataError("unknown country code", value=iso3,
                        allowed="ISO3 codes of the registry (guarantor data countries)",
                        hint=f"did you mean {guess}?" if guess else None)
    ds = load_dataset()
    i = ds.index(code)
    c = reg[code]

    def fmt(series: str, scale: float, digits: int) -> list[str]:
        v = ds.values(series)[i]
        return ["–" if np.isnan(x) else f"{x / scale:,.{digits}f}" for x in v]

    cols = {
        money_heading("GDP", "USD_current", "bn"): fmt("gdp_usd", 1e9, 1),
        money_heading("defence", "USD_current", "bn"): fmt("milex_usd", 1e9, 2),
        "share of GDP %": fmt("milex_gdp_share", 0.01, 2),
        "definition": [str(d) for d in ds.definitions("milex_gdp_share")[i]],
        "SIPRI % GDP": fmt("milex_gdp_share_sipri", 0.01, 2),
        "NATO % GDP": fmt("milex_gdp_share_nato", 0.01, 2),
        "personnel k": fmt("personnel", 1e3, 1),
        "population m": fmt("population", 1e6, 2),
        money_heading("aid to UKR", "EUR_current", "bn"): [
            "–" if np.isnan(x) else f"{x / 1e9:,.2f}" for x in ds.aid_totals_eur("all")[i]
        ],
        "aid cum. % GDP": _cumulative_aid_share(ds, i),
    }
    t = Table("year", *cols, title=f"{c.name} ({code})")
    for k, y in enumerate(ds.years):
        t.add_row(str(int(y)), *(v[k] for v in cols.values()))
    console.print(t)
    usd_def = ds.definitions("milex_usd")[i]
    notes = ["defence US$ definition per year: " + ", ".join(
        f"{int(y)}={d or 'gap'}" for y, d in zip(ds.years, usd_def, strict=True))]
    pv, py = ds.latest("personnel")
    if not np.isnan(pv[i]):
        notes.append(f"latest personnel: {pv[i]:,.0f} ({py[i]})")
    notes.append("nato = NATO 'Defence Expenditure of NATO Countries (2014-2024)' (2023-24 "
                 "estimates), 2025e share from the August 2025 edition (transcribed); sipri = "
                 "SIPRI Milex; derived = SIPRI 2026 share x WB GDP; – = gap (reasons: "
                 "gaps.csv); aid cum. % GDP = aid since 2022 over each year's GDP (ECB rate), "
                 "summed; sources: guarantor data sources")
    for n in notes:
        console.print(n, highlight=False)


@data_app.command("build")
def build(
    raw: str = typer.Option(..., "--raw", help="folder with the official raw files"),
    out: str = typer.Option(None, "--out", help="snapshot folder (default: the bundled one)"),
) -> None:
    """Rebuild the bundled snapshot from the official raw files (atomic, deterministic)."""
    from pathlib import Path

    from guarantor.data.dataset import load_dataset, snapshot_dir
    from guarantor.data.loaders.build import build_snapshot

    target = Path(out) if out else snapshot_dir()
    with console.status("building snapshot…") as status:
        def progress(msg: str) -> None:
            status.update(msg)
            console.print(f"  {msg}", highlight=False)

        report = build_snapshot(Path(raw), target, progress)
    load_dataset.cache_clear()
    console.print(
        f"wrote {report.out}: {report.n_rows} values, {report.n_gaps} gap ranges, years "
        f"{report.years[0]}-{report.years[1]}, latest complete year "
        f"{report.latest_complete_year}, {report.bytes_written / 1024:.0f} KiB", highlight=False)


def _fmt_figure(value: float, unit: str) -> str:
    """A published or computed figure in its unit, readably (EUR/USD in bn, shares in %)."""
    import math

    if not math.isfinite(value):
        return "–"
    if unit in ("EUR_current", "USD_current"):  # published figures: their own precision
        sign = "€" if unit.startswith("EUR") else "US$"
        return f"{sign}{value / 1e9:,.2f} bn ({basis_label(unit)})"
    if unit == "share":
        return f"{value * 100:.3f}%"
    if unit == "USD_per_EUR":
        return f"{value:.10f}"
    return f"{value:g}"


@data_app.command("check-published")
def check_published_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Every published figure the project reproduces beside ours: published | ours | difference
    | within its tolerance (figures and tolerances: guarantor/data/published.yaml)."""
    import json

    from rich.table import Table

    from guarantor.data.published import published_figures
    from guarantor.engine.published import check_published

    t = check_published()
    figs = published_figures()
    if as_json:
        rows = [
            {**{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()},
             "expected_outside": figs[r["id"]].expected_outside}
            for r in t.to_dict(orient="records")
        ]
        typer.echo(json.dumps({"figures": rows, "n": len(rows),
                               "within": int(t["within"].sum())}, indent=2, default=str))
        return
    tab = Table("figure", "source", "published", "ours", "difference", "tolerance", "within?",
                title="Published figures reproduced (guarantor/data/published.yaml)")
    for r in t.itertuples():
        rel = r.relative_difference
        diff = f"{rel * 100:+.2f}%" if rel == rel else f"{r.difference:+g}"
        ok = "yes" if r.within else ("NO (known)" if figs[r.id].expected_outside else "NO")
        tab.add_row(r.id, figs[r.id].source, _fmt_figure(r.published, r.unit),
                    _fmt_figure(r.ours, r.unit), diff, r.tolerance, ok)
    console.print(tab)
    console.print("sources: guarantor data sources; figures, tolerances and why: "
                  "guarantor/data/published.yaml", highlight=False)
    known = [f for f in figs.values() if f.expected_outside]
    console.print(f"{int(t['within'].sum())} of {len(t)} within tolerance; "
                  f"{len(known)} known outside:", highlight=False)
    for f in known:
        console.print(f"  {f.id}: {' '.join((f.expected_outside or '').split())}",
                      highlight=False, markup=False)


def _year_month(text: str, option: str) -> tuple[int, int]:
    from guarantor.errors import ScenarioError

    try:
        y, m = (int(x) for x in text.split("-"))
        if not 1 <= m <= 12:
            raise ValueError
    except ValueError:
        raise ScenarioError("bad month", key=option, value=text, allowed="YYYY-MM") from None
    return y, m


@data_app.command("replace-us")
def replace_us_cmd(
    start: str = typer.Option("2022-02", "--from", help="first month of the reference window"),
    end: str = typer.Option("2024-12", "--to", help="last month of the reference window"),
    kind: str = typer.Option("all", "--kind", help="military | financial | humanitarian | all"),
    rule: str = typer.Option("equal_gdp_share", "--rule",
                             help="equal_gdp_share | level_up | gdp | historical"),
    gdp_year: int = typer.Option(2024, "--gdp-year", help="year of the GDP shares"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Per European donor (Kiel's groups, EU institutions included): annual aid now and needed
    to replace the US flow, in € bn and % of GDP (defaults: Kiel Policy Brief 186's reading)."""
    import json

    from rich.table import Table

    from guarantor.data.dataset import load_dataset
    from guarantor.data.donors import donor_groups
    from guarantor.engine.aid import AID_KINDS, REPLACE_RULES, replace_us_table
    from guarantor.errors import ScenarioError

    if kind not in (*AID_KINDS, "all"):
        raise ScenarioError("unknown aid kind", key="--kind", value=kind,
                            allowed="all, " + ", ".join(AID_KINDS))
    if rule not in REPLACE_RULES:
        raise ScenarioError("unknown rule", key="--rule", value=rule,
                            allowed=", ".join(REPLACE_RULES))
    t = replace_us_table(load_dataset(), start=_year_month(start, "--from"),
                         end=_year_month(end, "--to"), kind=kind, rule=rule, gdp_year=gdp_year)
    g = donor_groups()
    labels = {"europe_rest": "all remaining European donors", "europe": "Europe total",
              "europe_governments": "European governments (bilateral)", "USA": "United States"}
    if as_json:
        typer.echo(json.dumps({"window": t.attrs["window"], "kind": kind, "rule": rule,
                               "gdp_year": gdp_year, "common_share": t.attrs["common_share"],
                               "rows": json.loads(t.reset_index(names="donor").to_json(
                                   orient="records"))}, indent=2))
        return
    # Kiel's flows as published: current euros (Policy Brief 186's reading), not the engine's
    # constant-euro basis
    tab = Table("donor", money_heading("now a year", "EUR_current", "bn"),
                money_heading("needed a year", "EUR_current", "bn"), "now % GDP", "needed % GDP",
                title=f"Replacing the US flow: {kind} aid, window {t.attrs['window']}, "
                      f"rule {rule}, GDP {gdp_year}")
    for d, r in t.iterrows():
        name = labels.get(str(d)) or g.name(str(d))
        tab.add_row(name, f"{r.now_eur / 1e9:,.2f}", f"{r.needed_eur / 1e9:,.2f}",
                    f"{100 * r.now_gdp_share:.3f}%", f"{100 * r.needed_gdp_share:.3f}%")
    console.print(tab)
    console.print(f"common share of GDP: {100 * t.attrs['common_share']:.3f}%; Europe = EU "
                  "members + EU institutions + other European states (registry/"
                  "donor_groups.yaml); Kiel Ukraine Support Tracker Release 29, ECB rates",
                  highlight=False)


#: One-word cell text per coverage status (the legend spells them out).
_COVERAGE_CELL = {"sourced": "src", "none held": "none", "unknown": "?"}


@data_app.command("coverage")
def coverage_cmd(
    scenario: str = typer.Option(
        "aug2025", "--scenario", help="Whose participants to list (bundled name or YAML path)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Capability inventories: per participant and class, sourced / none held / unknown."""
    import json

    from rich.table import Table

    from guarantor.data.capabilities import load_inventory
    from guarantor.data.countries import registry
    from guarantor.scenario import load_scenario

    inv = load_inventory()
    codes = load_scenario(scenario).participant_codes()
    cov = inv.coverage(codes)
    counts = cov["status"].value_counts().to_dict()
    n = len(cov)
    have = counts.get("sourced", 0) + counts.get("none held", 0)
    summary = {"cells": n, "sourced": counts.get("sourced", 0),
               "none_held": counts.get("none held", 0), "unknown": counts.get("unknown", 0),
               "covered_share": have / n if n else 0.0}
    if as_json:
        cells = [{k: (None if v != v else v) for k, v in r.items()}  # NaN -> null
                 for r in cov.to_dict("records")]
        print(json.dumps({"scenario": scenario, "classes": list(inv.classes), "countries": codes,
                          "summary": summary, "cells": cells}, ensure_ascii=False, indent=2))
        return
    reg = registry()
    table = Table(title=f"Capability inventories of {scenario}'s participants",
                  title_justify="left")
    table.add_column("country")
    for c in inv.classes:
        table.add_column(c.replace("_", " "), overflow="fold")
    by = {(r["iso3"], r["class"]): r for r in cov.to_dict("records")}
    for iso in codes:
        cells = []
        for c in inv.classes:
            r = by[(iso, c)]
            txt = _COVERAGE_CELL[r["status"]]
            if r["status"] == "sourced":
                txt = f"{r['value']:g}"
            elif r["status"] == "none held" and r["judgement"]:
                txt = "none*"
            cells.append(txt)
        table.add_row(term(reg[iso].name), *cells)
    console.print(table)
    console.print("legend: a number = sourced count; none = a source says none held (none* = "
                  "inferred from the source, judgement); ? = unknown (searched, not found)",
                  highlight=False)
    console.print(f"{have} of {n} cells sourced ({summary['covered_share']:.1%}): "
                  f"{summary['sourced']} figures, {summary['none_held']} none held, "
                  f"{summary['unknown']} unknown.", highlight=False)
