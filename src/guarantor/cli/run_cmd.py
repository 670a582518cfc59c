"""``guarantor validate``, ``run`` and ``compare``: write an arrangement down, get the answer."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from guarantor.cli.app import app, console
from guarantor.cli.common import parse_sets
from guarantor.engine.result import shortfall_text


def _fmt(x: float, unit: str = "") -> str:
    if x != x:  # NaN
        return "unknown"
    if unit.startswith("EUR"):
        return f"€{x / 1e9:,.2f} bn"
    return f"{x:,.0f}"


def print_air_operation(result) -> None:
    """The air shield's requirement and operating cost, step by step."""
    op = result.air_operation()
    console.print("[bold]Air shield: requirement and operating cost, step by step[/]")
    for r in op.itertuples():
        cost = ("not costed (no sourced cost)" if r.operating_cost_eur_per_year
                != r.operating_cost_eur_per_year else
                f"€{r.operating_cost_eur_per_year / 1e9:,.2f} bn a year"
                + (f" = {r.hours_per_year:,.0f} h x €{r.eur_per_flight_hour:,.0f}/h"
                   if r.hours_per_year == r.hours_per_year else ""))
        console.print(f"  {r[1]}: {r.step or 'not required'} → {cost}", highlight=False,
                      markup=False)


def print_result(result, top: int = 10) -> None:
    """Readable tables: missions, largest contributors, per-country burden."""
    s = result.summary()
    console.rule(f"[bold]{result.scenario.title}[/]")
    console.print(
        f"scenario [bold]{s['scenario']}[/] · US posture [bold]{s['us_posture']}[/] · "
        f"rule [bold]{s['burden_rule']}[/] · {s['participants']} participants · "
        f"hash {s['scenario_hash']}"
    )
    t = Table(title="Missions: requirement, supply and shortfall (US part shown separately)")
    for col in ("mission", "item", "required", "US supplies", "others can offer",
                "others allocated", "shortfall", "status", "only US fills"):
        t.add_column(col, justify="right" if col not in ("mission", "item", "status") else "left")
    for r in result.missions.itertuples():
        t.add_row(r.mission, r.item, _fmt(r.requirement, r.unit), _fmt(r.us_supply, r.unit),
                  "no cap" if r.mission == "military_aid" else _fmt(r.others_capacity, r.unit),
                  _fmt(r.allocated, r.unit),
                  shortfall_text(r.status, getattr(r, "shortfall_low", r.shortfall),
                                 r.shortfall, lambda x, u=r.unit: _fmt(x, u)),
                  {"met": "[green]met[/]", "short": "[red]short[/]",
                   "unknown": "[yellow]unknown[/]"}.get(r.status, r.status),
                  "yes" if r.only_us_can_fill else "")
    console.print(t)
    if result.scenario.missions.air_shield is not None:
        print_air_operation(result)
    c = result.contributions
    if not c.empty:
        by = (c.groupby(["iso3", "country"], as_index=False)["cost_eur_per_year"].sum()
              .sort_values("cost_eur_per_year", ascending=False).head(top))
        troops = c[c["item"] == "troops"].set_index("iso3")["allocated"]
        aid = c[c["item"] == "aid"].set_index("iso3")["allocated"]
        b0 = result.burden[result.burden["year"] == result.burden["year"].min()].set_index("iso3")
        t2 = Table(title=f"The {top} largest contributors (annual cost, first year)")
        for col in ("country", "troops", "aid €bn/yr", "total cost €bn/yr", "% of GDP",
                    "% of defence budget"):
            t2.add_column(col, justify="left" if col == "country" else "right")
        for r in by.itertuples():
            t2.add_row(r.country, _fmt(troops.get(r.iso3, 0.0)),
                       f"{aid.get(r.iso3, 0.0) / 1e9:,.2f}", f"{r.cost_eur_per_year / 1e9:,.2f}",
                       f"{100 * b0.loc[r.iso3, 'cost_gdp_share']:.2f}%",
                       f"{100 * b0.loc[r.iso3, 'cost_defence_budget_share']:.1f}%")
        console.print(t2)
    sp = result.spending.sort_values("gap_eur_target_year", ascending=False).head(top)
    t3 = Table(title=f"Spending target {100 * result.inputs.target_share:.1f}% of GDP by "
               f"{result.inputs.target_year}: largest gaps")
    for col in ("country", "now % GDP", "gap €bn (target yr)", "+pp/yr", "cost fits gap"):
        t3.add_column(col, justify="left" if col == "country" else "right")
    for r in sp.itertuples():
        t3.add_row(r.country, f"{100 * r.defence_gdp_share:.2f}%",
                   f"{r.gap_eur_target_year / 1e9:,.1f}",
                   f"{100 * r.increase_share_per_year:.2f}", "yes" if r.cost_fits_in_gap else "no")
    console.print(t3)
    console.print(
        f"Total annual cost €{s['cost_total_eur_per_year'] / 1e9:,.1f} bn = "
        f"{100 * s['cost_gdp_share_participants']:.2f}% of participants' GDP · feasible: "
        + {"yes": "[green]yes[/]", "no": "[red]no[/]",
           "unknown": "[yellow]unknown[/] (short only where supply is not sourced)"}[
            s["feasibility"]]
    )
    for n in (*result.inputs.notes, *getattr(result.outputs, "notes", ())):
        console.print(f"[dim]note: {n}[/]")


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files.")) -> None:
    """Validate scenario files; the first problem is reported with file, line, key and value."""
    from guarantor.scenario import load_scenario

    for f in files:
        s = load_scenario(f)
        console.print(f"[green]ok[/] {f}: {s.name} ({s.digest()})")


@app.command()
def run(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    out: Path = typer.Option(None, "--out", help="Write CSV, Parquet, XLSX and provenance here."),
    top: int = typer.Option(10, help="How many contributors to list."),
) -> None:
    """Evaluate one scenario: requirement, supply, shortfall and cost per mission and country."""
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    sc = load_scenario(scenario, overrides=parse_sets(set_))
    result = evaluate(sc)
    if as_json:
        typer.echo(result.to_json())
    else:
        print_result(result, top=top)
    if out is not None:
        files = result.write(out)
        console.print(f"wrote {len(files)} files to {out}")


def compare_frame(results) -> object:
    """Headline figures of several results side by side (rows: figure, columns: scenario)."""
    import pandas as pd

    rows = {r.scenario.name: r.summary() for r in results}
    df = pd.DataFrame(rows)
    return df.drop(index=["scenario", "scenario_hash"])


def print_compare(results, as_json: bool = False) -> None:
    """Print the comparison table of several results."""
    if as_json:
        typer.echo(json.dumps({r.scenario.name: r.summary() for r in results}, indent=2,
                              default=str))
        return
    fmt = {
        "troops_required": _fmt, "troops_allocated": _fmt, "troops_shortfall": _fmt,
        "air_required_units": _fmt, "air_us_units": _fmt, "air_shortfall_units": _fmt,
        "aid_required_eur": lambda x: _fmt(x, "EUR"), "aid_us_eur": lambda x: _fmt(x, "EUR"),
        "aid_shortfall_eur": lambda x: _fmt(x, "EUR"),
        "europe_aid_share": lambda x: f"{100 * x:.0f}%",
        "cost_total_eur_per_year": lambda x: _fmt(x, "EUR"),
        "cost_gdp_share_participants": lambda x: f"{100 * x:.2f}%",
    }
    t = Table(title="Scenarios compared")
    t.add_column("figure")
    for r in results:
        t.add_column(r.scenario.name, justify="right")
    keys = [k for k in results[0].summary() if k not in ("scenario", "scenario_hash")]
    for k in keys:
        vals = []
        for r in results:
            v = r.summary()[k]
            if isinstance(v, list):
                vals.append(", ".join(v) or "—")
            elif k in fmt and isinstance(v, float | int) and not isinstance(v, bool):
                vals.append(fmt[k](float(v)))
            else:
                vals.append(str(v))
        t.add_row(k, *vals)
    console.print(t)
