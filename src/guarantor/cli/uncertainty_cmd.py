"""``guarantor montecarlo``, ``sensitivity`` and ``sweep``: how sure are we, and what drives it."""

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from guarantor.cli.commands import app, console
from guarantor.cli.common import locate_errors, parse_sets, progress, run_mc, term
from guarantor.format import amount, basis_label, money3, money_heading, share, unit_heading

SPREAD_HELP = (
    "Half-width of a default willingness distribution for participants whose willingness is a "
    "plain number: triangular, mode at the stated value, truncated to 0..1, independent per "
    "country. A documented assumption, not data; 0 (default) keeps willingness as written."
)


def _pct(x: float, digits: int = 2) -> str:
    """A probability or share; '—' when there is none (e.g. no draw of that kind)."""
    return share(x, digits, missing="—")


_num = amount


def print_montecarlo(r: Any, top: int = 12) -> None:
    """Readable tables of a Monte Carlo result (money in the engine's price basis)."""
    from guarantor.report.tables import engine_money_unit, money_basis

    sc = r.scenario
    basis = money_basis(sc)
    console.rule(f"[bold]{term(sc.title)}[/] — Monte Carlo")
    console.print(
        f"scenario [bold]{sc.name}[/] · {r.n_draws:,} draws · seed {r.seed} · "
        f"{len(r.inputs)} uncertain inputs · {r.seconds:.1f} s "
        f"({r.n_draws / max(r.seconds, 1e-9):,.0f} draws/s) · hash {r.provenance['scenario_hash']}"
    )
    t = Table(title="Probability each requirement is met (± Monte Carlo standard error)")
    for col in ("mission", "item", "P(met)", "± MC error", "95% interval",
                "short with unsourced data"):
        t.add_column(col, justify="left" if col in ("mission", "item") else "right")
    for p in r.probabilities.itertuples():
        colour = "green" if p.p_met >= 0.95 else "red" if p.p_met <= 0.05 else "yellow"
        t.add_row(p.mission, p.item, f"[{colour}]{_pct(p.p_met, 1)}[/]", _pct(p.mc_se, 2),
                  f"{_pct(p.ci95_low, 1)} – {_pct(p.ci95_high, 1)}",
                  _pct(p.p_short_unknown, 1) if p.p_short_unknown > 0 else "")
    console.print(t)
    if (r.probabilities["p_short_unknown"] > 0).any():
        console.print("[dim]short with unsourced data: draws where the class falls short while "
                      "some participant's inventory or availability is not sourced — the "
                      "shortfall may be a data gap, not a real one[/]")
    t2 = Table(title="Shortfall, annual cost and spending gap: mean and quantiles")
    for col in ("output", "unit", "mean", "5%", "25%", "median", "75%", "95%"):
        t2.add_column(col, justify="left" if col in ("output", "unit") else "right")
    for o in r.outputs.itertuples():
        unit = engine_money_unit(str(o.unit), basis)
        t2.add_row(o.output, unit_heading(unit),
                   *(_num(v, unit) for v in (o.mean, o.p05, o.p25, o.p50, o.p75, o.p95)))
    console.print(t2)
    b = r.burden.head(top)
    t3 = Table(title=f"Burden: arrangement cost as % of GDP in {sc.start_year} "
               f"(the {top} heaviest by median)")
    for col in ("country", "5%", "median", "95%", money_heading("cost a year (median)", basis),
                "P(cost fits spending gap)"):
        t3.add_column(col, justify="left" if col == "country" else "right")
    for x in b.itertuples():
        t3.add_row(term(x.country), _pct(x.burden_gdp_share_p05, 3),
                   _pct(x.burden_gdp_share_p50, 3),
                   _pct(x.burden_gdp_share_p95, 3), money3(x.cost_eur_p50),
                   _pct(x.p_cost_fits_gap, 0))
    console.print(t3)
    console.print(
        f"[dim]probabilities over all {r.n_draws:,} draws; quantiles from the first "
        f"{r.quantile_sample:,} draws (empirical CDF within ±{r.quantile_cdf_error:.4f} at 95%)[/]")
    if not any(i.startswith(("willingness.", "default_willingness", "unstated."))
               for i in r.inputs["input"]):
        console.print("[dim]willingness is certain in this scenario; see --willingness-spread[/]")


def print_mc_compare(results: list[Any], as_json: bool = False) -> None:
    """Monte Carlo summaries of several scenarios side by side (common random numbers)."""
    if as_json:
        typer.echo(json.dumps({r.scenario.name: r.summary() for r in results}, indent=2,
                              default=str))
        return
    keys: list[str] = []
    for r in results:
        keys += [k for k in r.summary() if k not in keys and k not in ("scenario", "scenario_hash")]
    t = Table(title=f"Scenarios compared: Monte Carlo, {results[0].n_draws:,} draws, seed "
              f"{results[0].seed} (common random numbers)")
    t.add_column("figure")
    for r in results:
        t.add_column(r.scenario.name, justify="right")
    for k in keys:
        row = []
        for r in results:
            v = r.summary().get(k)
            if v is None:
                row.append("—")
            elif k.startswith("p_met."):
                row.append(_pct(v, 1))
            elif k.startswith(("cost_total.", "spending_gap_eur.")):
                row.append(money3(v))
            elif k.startswith("cost_gdp_share."):
                row.append(_pct(v, 3))
            elif isinstance(v, float):
                row.append(f"{v:,.0f}")
            else:
                row.append(str(v))
        if k.startswith(("cost_total.", "spending_gap_eur.")):  # money says its basis
            from guarantor.report.tables import money_basis

            k = f"{k} ({basis_label(money_basis(results[0].scenario))})"
        t.add_row(k, *row)
    console.print(t)


@app.command()
def montecarlo(
    scenarios: list[str] = typer.Argument(..., help="Scenario name(s) or YAML path(s)."),
    draws: int = typer.Option(10_000, "--draws", "-n", help="Number of draws."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sampler (recorded with the result)."),
    chunk: int = typer.Option(10_000, help="Draws evaluated at once (bounds memory)."),
    workers: int = typer.Option(0, help="Local processes evaluating chunks in parallel (same "
                                "numbers for any count); 0: one per CPU from 200,000 draws, "
                                "else 1."),
    willingness_spread: float = typer.Option(0.0, "--willingness-spread", help=SPREAD_HELP),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    out: Path = typer.Option(None, "--out", help="Write CSV, Parquet and provenance here."),
    top: int = typer.Option(12, help="How many countries to list in the burden table."),
) -> None:
    """Monte Carlo: probability each requirement is met, ranges of shortfall, cost and burden.

    Several scenarios are run with the same seed (common random numbers) and compared.
    """
    import os

    if workers <= 0:
        workers = (os.cpu_count() or 1) if draws >= 200_000 else 1
    results = [run_mc(s, draws, seed, sets=parse_sets(set_), chunk=chunk,
                      willingness_spread=willingness_spread, workers=workers) for s in scenarios]
    if as_json:
        if len(results) == 1:
            typer.echo(results[0].to_json())
        else:
            print_mc_compare(results, as_json=True)
    else:
        for r in results:
            print_montecarlo(r, top=top)
        if len(results) > 1:
            print_mc_compare(results)
    if out is not None:
        n = sum(len(r.write(out)) for r in results)
        console.print(f"wrote {n} files to {out}")


@app.command()
def sensitivity(
    scenario: str = typer.Argument(..., help="Scenario name or YAML path."),
    output: str = typer.Option("troops_shortfall", "--output", "-o",
                               help="troops_shortfall, air_shortfall.<class>, aid_shortfall, "
                                    "cost_total, cost_gdp_share, spending_gap_eur, "
                                    "burden.<ISO3>, troops_gap, air_gap.<class>"),
    samples: int = typer.Option(1024, "--samples", help="Sobol base sample N (power of two); "
                                "the model runs N x (inputs + 2) times."),
    seed: int = typer.Option(0, "--seed"),
    willingness_spread: float = typer.Option(0.0, "--willingness-spread", help=SPREAD_HELP),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    as_json: bool = typer.Option(False, "--json"),
    top: int = typer.Option(15, help="How many inputs to list."),
) -> None:
    """Sobol indices (first-order and total, with 95% intervals): which inputs drive an output."""
    import time

    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.sensitivity import run_sensitivity

    sc = load_scenario(scenario, overrides=parse_sets(set_) or None)
    t0 = time.perf_counter()
    with locate_errors(scenario, sc), \
            console.status(f"Sobol indices of {output} ({samples} base samples)…"):
        r = run_sensitivity(sc, output, n_base=samples, seed=seed,
                            willingness_spread=willingness_spread)
    dt = time.perf_counter() - t0
    if as_json:
        typer.echo(json.dumps({"scenario": sc.name, "output": r.output, "n_base": r.n_base,
                               "evaluations": r.n_evaluations, "seed": r.seed, "note": r.note,
                               "indices": json.loads(r.indices.to_json(orient="records"))},
                              indent=2))
        return
    console.rule(f"[bold]{term(sc.title)}[/] — what drives {term(output)}")
    if r.note:
        console.print(f"[yellow]{r.note}[/]")
    ranked = r.indices[r.indices["ST"] > max(0.01, 0)]
    names = ", ".join(f"{x.input} (total {x.ST:.2f})" for x in ranked.head(5).itertuples())
    console.print(f"[bold]Drivers of {r.output}[/]: " + (names or "none above 0.01"))
    t = Table(title=f"Sobol indices of {r.output} · {r.n_evaluations:,} model runs · seed "
              f"{r.seed} · {dt:.1f} s")
    for col in ("rank", "input", "first-order S1", "± 95%", "total ST", "± 95%"):
        t.add_column(col, justify="left" if col == "input" else "right")
    for x in r.indices.head(top).itertuples():
        t.add_row(str(x.rank), x.input, f"{x.S1:.3f}", f"{x.S1_conf:.3f}", f"{x.ST:.3f}",
                  f"{x.ST_conf:.3f}")
    console.print(t)
    console.print(f"[dim]{r.output}: mean {r.output_mean:,.4g}, sd {r.output_sd:,.4g}; "
                  "inputs ranked by total index[/]")
    if not any(i.startswith(("willingness.", "default_willingness", "unstated."))
               for i in r.indices["input"]):
        console.print("[dim]willingness is certain in this scenario; --willingness-spread 0.3 "
                      "lets each participant's willingness vary[/]")


@app.command()
def sweep(
    grid: Path = typer.Argument(..., help="Grid YAML: scenarios x overrides x draws."),
    out: Path = typer.Option(None, "--out", help="Parquet file (default: GRID name + .parquet)."),
    workers: int = typer.Option(None, help="Local processes (default: CPU count)."),
    ray: bool = typer.Option(False, "--ray", help="Run on Ray: starts a local Ray instance "
                             "(stopped afterwards) unless --ray-address is given."),
    ray_address: str = typer.Option(None, "--ray-address", metavar="ADDRESS",
                                    help="Ray cluster to join ('auto' or host:port); implies "
                                    "--ray."),
) -> None:
    """Run a grid of scenarios x Monte Carlo draws; one Parquet row per grid point.

    Same seed, same rows, whether run in local processes or on Ray.
    """
    import time

    from guarantor.uncertainty.sweep import load_grid, run_sweep, write_parquet

    ray = ray_address or ("local" if ray else None)
    g = load_grid(grid)
    target = out or grid.with_suffix(".parquet")
    t0 = time.perf_counter()
    with progress(len(g.points()), f"sweep {g.name}: {len(g.points())} points") as advance:
        df = run_sweep(g, workers=workers, ray_address=ray, progress=advance)
    write_parquet(df, target, g)
    dt = time.perf_counter() - t0
    console.print(f"{len(df)} grid points x {g.draws:,} draws in {dt:.1f} s "
                  f"({'ray ' + ray if ray else 'local'}); wrote {target}")
    show = [c for c in ("scenario", *g.grid.keys(), "p_met.all", "cost_total.p50")
            if c in df.columns]
    t = Table(title="Sweep (first rows)")
    for c in show:
        t.add_column(c)
    for row in df[show].head(20).itertuples(index=False):
        t.add_row(*(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row))
    console.print(t)
