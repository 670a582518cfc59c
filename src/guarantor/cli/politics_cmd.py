"""``guarantor redlines`` and ``search``: who objects, and which arrangements cross fewest."""

import json
from datetime import date
from pathlib import Path

import typer

from guarantor.atomic import staged_file
from guarantor.cli.commands import app, console
from guarantor.cli.common import parse_sets, term
from guarantor.errors import ScenarioError
from guarantor.format import basis_label, money3

_AS_OF_HELP = "Statements made by this date (YYYY-MM-DD; default: the ledger's latest)."


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScenarioError("malformed --as-of date", key="--as-of", value=text,
                            allowed="YYYY-MM-DD") from None


@app.command()
def redlines(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    as_of: str | None = typer.Option(
        None, "--as-of", help=_AS_OF_HELP),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    show_met: bool = typer.Option(False, "--all", help="Also list red lines and preferences met."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Per actor: the red lines the scenario crosses and preferences unmet, each with its quote."""
    from guarantor.politics.arrangement import redlines as check_redlines
    from guarantor.politics.redlines import render, report_frame
    from guarantor.scenario import load_scenario

    sc = load_scenario(scenario, overrides=parse_sets(set_))
    rep = check_redlines(sc, _as_of(as_of))
    if as_json:
        payload = {
            "scenario": sc.name,
            "scenario_hash": sc.digest(),
            "as_of": rep.as_of.isoformat(),
            "ledger": rep.ledger_file,
            "red_lines_crossed": rep.red_lines_crossed,
            "verdicts": {a.actor: a.verdict for a in rep.actors},
            "findings": json.loads(report_frame(rep).to_json(orient="records", date_format="iso")),
        }
        typer.echo(json.dumps(payload, indent=2, default=str, ensure_ascii=False))
        return
    console.rule(f"[bold]{term(sc.title)}[/]")
    render(rep, console, show_met=show_met)
    console.print(f"{rep.red_lines_crossed} red line(s) crossed in all, "
                  f"{sum(len(a.preferences_unmet) for a in rep.actors)} preference(s) unmet.",
                  highlight=False)


def _vary_help() -> str:
    # read where the levers are defined: importing politics.search here, while the command is
    # registered, would cost every command (a plain `run` too) its import
    from guarantor.scenario.levers import searchable

    LEVERS = searchable()

    return ("LEVER=v1,v2,... (repeatable). Levers: " + "; ".join(
        f"{lv.name} ({lv.allowed()})" for lv in LEVERS.values()))


def _write_frame(df, path: Path) -> None:
    """Write the arrangements table as Parquet or CSV, atomically (temp file, then rename)."""
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ScenarioError("unknown output format", key="--out", value=str(path),
                            allowed="a .parquet or .csv file")
    with staged_file(path, what="output") as tmp:
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            df.to_csv(tmp, index=False)


@app.command(help="Enumerate open levers, check every arrangement's red lines, print the "
             "Pareto front of red lines crossed (weighted) vs shortfall vs annual cost.")
def search(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    vary: list[str] = typer.Option(..., "--vary", help=_vary_help()),
    weights: list[str] = typer.Option(
        None, "--weights", help="Weight of each actor's red lines: ACTOR=w,... (default 1 each)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help=_AS_OF_HELP),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE before varying."),
    top: int = typer.Option(20, "--top", min=1, help="How many front rows to print."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    out: Path | None = typer.Option(
        None, "--out", help="Write every arrangement (not only the front): FILE.parquet or .csv."),
) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from guarantor.politics.ledger import load_ledger
    from guarantor.politics.search import parse_vary, parse_weights
    from guarantor.politics.search import search as run_search
    from guarantor.scenario import load_scenario

    grid = parse_vary(vary)
    ledger = load_ledger()
    w = parse_weights(weights, ledger)
    when = _as_of(as_of)
    if out is not None and out.suffix.lower() not in (".parquet", ".csv"):
        raise ScenarioError("unknown output format", key="--out", value=str(out),
                            allowed="a .parquet or .csv file")
    sc = load_scenario(scenario, overrides=parse_sets(set_))
    res = run_search(sc, grid, weights=w, as_of=when, ledger=ledger)
    front = res.front()
    groups = res.front_groups()
    if out is not None:
        _write_frame(res.frame, out)
    if as_json:
        payload = {
            "scenario": sc.name, "scenario_hash": sc.digest(), "as_of": res.as_of.isoformat(),
            "levers": {k: [str(v) for v in vs] for k, vs in grid.items()},
            "weights": dict(res.weights), "combinations": res.n,
            "engine_arrangements": res.n_engine, "engine_batches": res.n_batches,
            "seconds": round(res.seconds, 3), "front_size": len(front),
            "front": json.loads(front.head(top).to_json(orient="records")),
        }
        typer.echo(json.dumps(payload, indent=2, default=str))
        return
    wtxt = ", ".join(f"{a}={v:g}" for a, v in res.weights.items()) or "1 for every actor"
    console.rule(f"[bold]Search: {term(sc.title)}[/]")
    console.print(
        f"{res.n:,} arrangements ({' x '.join(str(len(v)) for v in grid.values())} over "
        f"{', '.join(grid)}); engine: {res.n_engine} distinct arrangements in {res.n_batches} "
        f"batched evaluation(s); {res.seconds:.2f} s. Red lines as of {res.as_of.isoformat()}, "
        f"weights: {wtxt}.", highlight=False)
    console.print(
        f"Pareto front: [bold]{len(front)}[/] arrangement(s), shown as {len(groups)} row(s) "
        "(ties on every objective collapsed: values joined with |, 'any' = every value).",
        highlight=False)
    t = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    from guarantor.report.tables import money_basis

    cost_head = f"€/yr ({basis_label(money_basis(sc))})"  # narrow: the front's columns fit
    for col in ("red (w)", "shortfall", cost_head, "feasible", "n"):  # objectives: never cut
        t.add_column(col, justify="right", no_wrap=True)
    shown = groups.head(top)
    for name in res.levers:  # headers fold; a column is never narrower than its values
        widest = max((len(str(v)) for v in shown[name]), default=4) if name in shown else 4
        t.add_column(name, overflow="fold", min_width=min(max(widest, 5), 12))
    t.add_column("crossed by", min_width=12)
    for d in shown.to_dict(orient="records"):
        t.add_row(
            f"{d['red_lines_weighted']:g}", f"{d['shortfall_index']:.3f}",
            money3(d["cost_eur_per_year"]),
            "[green]yes[/]" if d["feasible"] else "[red]no[/]", str(d["n"]),
            *(escape(str(d[name])) for name in res.levers), escape(d["crossed_by"]),
        )
    console.print(t)
    if len(groups) > top:
        console.print(f"[dim]{len(groups) - top} more front row(s); --top to show more, "
                      "--out to export every arrangement.[/]")
    console.print(
        "[dim]shortfall = unmet share of the troop requirement + mean unmet share over air-shield "
        "classes + unmet share of military aid (0 = every requirement met, max 3); cost = annual "
        "cost to the participants (troops, air-shield units, the aid they pay).[/]")
    if out is not None:
        console.print(f"wrote {res.n:,} arrangements to {out}", highlight=False)
