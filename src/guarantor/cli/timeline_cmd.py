"""``guarantor timeline``: replay the debate, date by date, for one arrangement."""

import json
from datetime import date

import typer
from rich.table import Table

from guarantor.cli.commands import app, console
from guarantor.errors import ScenarioError


def _day(text: str, key: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScenarioError("malformed date", key=key, value=text, allowed="YYYY-MM-DD") from None


@app.command()
def timeline(
    scenario: str = typer.Argument("aug2025", help="Bundled scenario name or YAML path."),
    since: str = typer.Option("2025-02-01", "--since", help="First date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Last date (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Replay the debate: the arrangement's staffing, air coverage and aid burden given the
    positions known on each date a contribution position was stated."""
    from guarantor.politics.timeline import replay
    from guarantor.scenario import load_scenario

    sc = load_scenario(scenario)
    frame = replay(sc, since=_day(since, "--since"),
                   until=None if until is None else _day(until, "--until"))
    if as_json:
        print(json.dumps({"scenario": scenario, "rows": frame.to_dict(orient="records")},
                         ensure_ascii=False, indent=2))
        return
    from guarantor.format import money3, money_heading
    from guarantor.report.tables import money_basis

    basis = money_basis(sc)
    t = Table(title=f"{scenario}: the arrangement as the positions stood on each date")
    for col in ("date", "troops (stated + assumed)", "short", "air units short",
                "air classes short", money_heading("aid by others a year", basis), "feasible"):
        t.add_column(col, justify="left" if col in ("date", "air classes short") else "right")
    for r in frame.itertuples():
        t.add_row(r.date, f"{r.troops_allocated:,.0f} ({r.troops_stated:,.0f} + "
                          f"{r.troops_assumed:,.0f})",
                  f"{r.troops_shortfall:,.0f}", f"{r.air_shortfall_units:,.0f}",
                  r.air_classes_short or "—", money3(r.aid_by_others_eur),
                  "yes" if r.feasible else "no")
    console.print(t)
