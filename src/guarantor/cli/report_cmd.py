"""``guarantor report``: one self-contained HTML file for one or more scenarios."""

from pathlib import Path

import typer

from guarantor.cli.commands import app, console
from guarantor.errors import ScenarioError

#: Most Monte Carlo draws a report asks for (each scenario runs them).
MAX_REPORT_DRAWS = 200_000


@app.command()
def report(
    scenarios: list[str] = typer.Argument(
        None, help="Bundled scenario names or YAML paths (default: every bundled scenario)."),
    out: Path = typer.Option(Path("report.html"), "-o", "--out", help="HTML file to write."),
    set_: list[str] = typer.Option(None, "--set",
                                   help="Override PATH=VALUE for every scenario (repeatable)."),
    draws: int = typer.Option(1000, "--draws", help="Monte Carlo draws per scenario (0 = none)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo draws."),
    title: str = typer.Option(None, "--title", help="Title of the report."),
) -> None:
    """Write a static HTML report (charts, tables, red lines, sources) that opens offline."""
    from guarantor.cli.common import parse_sets
    from guarantor.report import build_report
    from guarantor.scenario import bundled_scenarios

    if not 0 <= draws <= MAX_REPORT_DRAWS:
        raise ScenarioError("draws out of range", key="--draws", value=draws,
                            allowed=f"0..{MAX_REPORT_DRAWS}")
    names = scenarios or list(bundled_scenarios())
    path = build_report(names, out, overrides=parse_sets(set_) or None, draws=draws, seed=seed,
                        title=title)
    console.print(f"report written to {path.resolve()}")
