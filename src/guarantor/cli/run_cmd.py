"""``guarantor validate``, ``run`` and ``compare``: write an arrangement down, get the answer."""

import json
from pathlib import Path

import typer
from rich.table import Table

from guarantor.cli.commands import app, console
from guarantor.cli.common import parse_sets, term
from guarantor.cli.result_tables import money_basis, print_result
from guarantor.format import amount, basis_label, money3, share


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files.")) -> None:
    """Validate scenario files; every problem is reported with file, line, key and value."""
    from guarantor.errors import GuarantorError
    from guarantor.scenario import load_scenario
    from guarantor.yamlio import combine

    problems: list[GuarantorError] = []
    for f in files:
        try:
            s = load_scenario(f)
        except GuarantorError as exc:
            problems.extend(exc.all())
            continue
        console.print(f"[green]ok[/] {term(f)}: {term(s.name)} ({s.digest()})")
    if problems:
        raise combine(problems)


@app.command()
def run(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    out: Path = typer.Option(None, "--out", help="Write CSV, Parquet, XLSX and provenance here."),
    top: int = typer.Option(10, help="How many contributors to list."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Judge by the positions stated by this date (YYYY-MM-DD; default: "
        "the scenario's as_of)."),
) -> None:
    """Evaluate one scenario: requirement, supply, shortfall and cost per mission and country."""
    from guarantor.engine import evaluate
    from guarantor.scenario import load_scenario

    sets = parse_sets(set_)
    if as_of is not None:
        sets["as_of"] = as_of
    sc = load_scenario(scenario, overrides=sets)
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


def _mapping_text(v: dict) -> str:
    """A summary mapping in words: ``{'stated': 6186.0, ...}`` -> 'stated 6,186 · ...'; an
    unknown class's bounds -> 'long_range_sam 0 to 5'."""
    parts = []
    for k, x in v.items():
        if isinstance(x, dict) and {"shortfall_low", "shortfall_high"} <= set(x):
            parts.append(f"{k} {amount(x['shortfall_low'])} to {amount(x['shortfall_high'])}")
        elif isinstance(x, float | int) and not isinstance(x, bool):
            parts.append(f"{k} {amount(float(x))}")
        else:
            parts.append(f"{k} {x}")
    return " · ".join(parts) or "—"


def print_compare(results, as_json: bool = False) -> None:
    """Print the comparison table of several results."""
    if as_json:
        typer.echo(json.dumps({r.scenario.name: r.summary() for r in results}, indent=2,
                              default=str))
        return
    money_keys = ("aid_required_eur", "aid_us_eur", "aid_shortfall_eur",
                  "cost_total_eur_per_year")
    fmt = {
        "troops_required": amount, "troops_allocated": amount, "troops_shortfall": amount,
        "air_required_units": amount, "air_us_units": amount, "air_shortfall_units": amount,
        **{k: money3 for k in money_keys},
        "europe_aid_share": lambda x: share(x, 0),
        "cost_gdp_share_participants": lambda x: share(x, 2),
    }
    bases = {money_basis(r) for r in results}
    basis = bases.pop() if len(bases) == 1 else None
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
            elif isinstance(v, dict):
                vals.append(_mapping_text(v))
            elif k in fmt and isinstance(v, float | int) and not isinstance(v, bool):
                vals.append(fmt[k](float(v)))
            else:
                vals.append(str(v))
        label = k
        if k in money_keys:  # every scenario's money in the one basis, said once on the row
            label = f"{k} ({basis_label(basis)})" if basis else k
            if basis is None:
                vals = [f"{v} ({basis_label(money_basis(r))})"
                        for v, r in zip(vals, results, strict=True)]
        t.add_row(label, *vals)
    console.print(t)
