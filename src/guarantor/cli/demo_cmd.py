"""``guarantor demo``: the main job — every bundled scenario end to end, compared, and reported."""

from pathlib import Path

import typer

from guarantor.cli.commands import app, console

#: Monte Carlo draws per scenario in the demo report (distributions, probability each need is met).
DEMO_DRAWS = 1000


@app.command()
def demo(
    out: Path = typer.Option(Path("guarantor-out"), "--out", help="Folder for tables and report."),
) -> None:
    """Run every bundled scenario, print each summary and the comparison, write the outputs.

    Everything is written into a hidden folder beside ``--out`` and published at the end in one
    step, so an interrupted demo leaves the previous full set of outputs (or none), never a mix.
    """
    from guarantor.atomic import publishing
    from guarantor.cli.run_cmd import print_compare, print_result
    from guarantor.data.dataset import load_dataset
    from guarantor.engine import evaluate
    from guarantor.scenario import bundled_scenarios, load_scenario

    data = load_dataset()
    console.print(
        f"guarantor: bundled data {', '.join(f'{k} {v}' for k, v in data.vintages.items())}"
    )
    from guarantor.politics.ledger import load_ledger
    from guarantor.report import collect, write_report

    results = []
    with publishing(out, what="the demo outputs") as stage:
        for name in bundled_scenarios():
            r = evaluate(load_scenario(name), data)
            print_result(r, top=5)
            r.write(stage / name)
            results.append(r)
        print_compare(results)
        ledger = load_ledger()
        write_report([collect(r, ledger=ledger, draws=DEMO_DRAWS) for r in results],
                     stage / "report.html")
    console.print(f"tables written under {out}/")
    console.print(f"report written to {(out / 'report.html').resolve()}")
