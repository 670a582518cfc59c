"""``guarantor compare``: several scenarios side by side, plain or Monte Carlo."""

import typer

from guarantor.cli.commands import app
from guarantor.cli.run_cmd import print_compare


@app.command()
def compare(
    scenarios: list[str] = typer.Argument(
        None, help="Scenario names or paths (default: all bundled)."),
    as_json: bool = typer.Option(False, "--json"),
    draws: int = typer.Option(0, "--draws", help="Monte Carlo draws per scenario (0: a plain "
                              "run); all scenarios share the same draws."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo sampler."),
    willingness_spread: float = typer.Option(0.0, "--willingness-spread",
                                             help="See `guarantor montecarlo --help`."),
) -> None:
    """Compare scenarios side by side (with --draws: Monte Carlo, common random numbers)."""
    from guarantor.engine import evaluate
    from guarantor.scenario import bundled_scenarios, load_scenario

    names = scenarios or list(bundled_scenarios())
    if draws:
        from guarantor.cli.common import run_mc
        from guarantor.cli.uncertainty_cmd import print_mc_compare

        print_mc_compare([run_mc(n, draws, seed, willingness_spread=willingness_spread)
                          for n in names], as_json)
        return
    results = [evaluate(load_scenario(n)) for n in names]
    print_compare(results, as_json)
