"""``guarantor apportion`` and ``guarantor coalition``: fair shares and minimal coalitions."""

from enum import Enum
from pathlib import Path

import numpy as np
import typer
from rich.table import Table

from guarantor.cli.commands import app, console
from guarantor.cli.common import parse_sets, term
from guarantor.data.vocabulary import APPORTION_BASES as BASES
from guarantor.data.vocabulary import COALITION_OBJECTIVES as OBJECTIVES
from guarantor.data.vocabulary import DEFAULT_TROOP_UNIT, PLEDGE_MODES
from guarantor.engine.result import shortfall_text
from guarantor.errors import ScenarioError
from guarantor.format import amount, basis_of, money_heading, share, unit_heading, unit_words

Basis = Enum("Basis", {b: b for b in BASES}, type=str)  # type: ignore[misc]
PledgeMode = Enum("PledgeMode", {p: p for p in PLEDGE_MODES}, type=str)  # type: ignore[misc]
Objective = Enum("Objective", {o: o for o in OBJECTIVES}, type=str)  # type: ignore[misc]


def parse_mix(text: str | None) -> dict[str, float] | None:
    """``gdp=0.5,population=0.25,spending=0.25`` into weights."""
    if not text:
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        if "=" not in part:
            raise ScenarioError("--mix needs BASIS=WEIGHT pairs", value=part,
                                allowed="e.g. gdp=0.5,population=0.25,spending=0.25")
        k, v = part.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise ScenarioError("--mix weight is not a number", key=k.strip(), value=v) from None
    return out


def _options(basis, mix, troop_unit, pledges, aid_cap, time_limit):
    from guarantor.apportion import ApportionOptions

    b = basis.value if hasattr(basis, "value") else str(basis)
    weights = parse_mix(mix)
    if weights and b != "mix":
        b = "mix"
    return ApportionOptions(basis=b, mix=weights, troop_unit=troop_unit,
                            pledges=pledges.value if hasattr(pledges, "value") else str(pledges),
                            aid_cap_gdp_share=aid_cap, time_limit=time_limit)


_fmt = amount


@app.command()
def apportion(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    basis: Basis = typer.Option("gdp", "--basis", help="Fair-share basis."),
    mix: str = typer.Option(None, "--mix",
                            help="Weights of the mix basis, e.g. gdp=0.5,population=0.25,"
                                 "spending=0.25 (implies --basis mix)."),
    troop_unit: int = typer.Option(DEFAULT_TROOP_UNIT, "--troop-unit",
                                   help="Troops are allocated in whole units of this many persons "
                                        "(a modelling choice; 1 = persons)."),
    pledges: PledgeMode = typer.Option("cap", "--pledges",
                                       help="A pledge is the most (cap), the least (floor) or "
                                            "exactly (fixed) what a country gives."),
    aid_cap: float = typer.Option(None, "--aid-cap-gdp",
                                  help="Most aid a country may be asked for, as a share of GDP."),
    time_limit: float = typer.Option(30.0, "--time-limit", help="Seconds per MILP solve."),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    show_all: bool = typer.Option(False, "--all", help="List every participant, not only "
                                                        "contributors and binding caps."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    out: Path = typer.Option(None, "--out", help="Write CSV tables and JSON here."),
) -> None:
    """Share each requirement by fair share (MILP): allocation beside fair share, binding caps,
    shortfalls explained, and what only the US can fill. Exit 0 even when infeasible (marked)."""
    from guarantor.apportion import apportion as run_apportion

    opt = _options(basis, mix, troop_unit, pledges, aid_cap, time_limit)
    a = run_apportion(scenario, opt, overrides=parse_sets(set_) or None)
    if as_json:
        typer.echo(a.to_json())
    else:
        print_apportionment(a, show_all)
    if out is not None:
        files = a.write(out)
        console.print(f"wrote {len(files)} files to {out}")


def print_apportionment(a, show_all: bool = False) -> None:
    """Tables per requirement, the summary, explanations and notes."""
    p, s = a.problem, a.solution
    basis = a.options.basis + (
        " (" + ", ".join(f"{k} {v:g}" for k, v in (a.options.mix or {}).items()) + ")"
        if a.options.basis == "mix" else "")
    console.rule(f"[bold]Fair-share apportionment — {term(a.title)}[/]")
    console.print(f"scenario [bold]{a.scenario}[/] · basis [bold]{basis}[/] · pledges "
                  f"[bold]{a.options.pledges}[/] · {len(p.codes)} participants · HiGHS "
                  f"{s.solver_status.lower()} in {1000 * s.solve_seconds:.0f} ms")
    alloc = a.allocations_table()
    for r, name in enumerate(p.requirements):
        unit = p.units[r]
        if not (np.isfinite(p.required[r]) and p.required[r] > 0):
            continue
        rows = alloc[alloc["requirement"] == name]
        if not show_all:
            rows = rows[(rows["allocated"] > 0) | (rows["cap_binds"] & (rows["cap"] > 0))]
        rows = rows.sort_values(["fair_share", "iso3"], ascending=[False, True])
        if rows.empty:
            console.print(f"[bold]{name}[/]: {_fmt(p.required[r], unit)} {unit_words(unit)} "
                          "after the US's "
                          f"{_fmt(p.us_covers[r], unit)} — [bold red]SHORT[/]: no participant "
                          "can field any (see below)")
            continue
        pools = 0.0 if p.pool_covers is None else float(p.pool_covers[r])
        low = s.shortfall[r] if s.shortfall_low is None else s.shortfall_low[r]
        t = Table(title=f"{name}: {_fmt(p.required[r], unit)} {unit_words(unit)} after the US's "
                        f"{_fmt(p.us_covers[r], unit)}"
                        + (f" and pooled fleets' {_fmt(pools, unit)}" if pools > 0 else "")
                        + (" — " + shortfall_text("unknown", low, s.shortfall[r],
                                                  lambda x, u=unit: _fmt(x, u))
                           + " short" if s.status[r] == "unknown" else
                           f" — {s.status[r]}" + (f", short by {_fmt(s.shortfall[r], unit)}"
                                                  if s.shortfall[r] > 0 else "")))
        money = basis_of(unit)  # money columns name their price basis in the heading
        for col in ("country", "fair share", "fair amount", "allocated", "share", "cap", "note"):
            head = money_heading(col, money) if money and col in (
                "fair amount", "allocated", "cap") else col
            t.add_column(head, justify="left" if col in ("country", "note") else "right")
        for row in rows.itertuples():
            note = ("[red]cap binds[/]" if row.cap_binds and row.cap > 0
                    else ("at cap" if row.at_cap and row.cap > 0 else ""))
            if row.floor > 0:
                note = (note + " " if note else "") + "pledge floor"
            t.add_row(f"{row.country} ({row.iso3})", share(row.fair_share, 1),
                      _fmt(row.fair_amount, unit), _fmt(row.allocated, unit),
                      share(row.share, 1), _fmt(row.cap, unit), note)
        console.print(t)
    req = a.requirements_table()
    t = Table(title="Requirements: US part, what the others can field, allocation, shortfall")
    for col in ("requirement", "unit", "required", "US covers", "others can field", "allocated",
                "shortfall", "status", "only US can fill", "deviation"):
        t.add_column(col, justify="left" if col in ("requirement", "unit", "status") else "right")
    for r in req.itertuples():
        t.add_row(r.requirement, unit_heading(str(r.unit)), _fmt(r.required, r.unit),
                  _fmt(r.us_covers, r.unit),
                  _fmt(r.others_can_field, r.unit), _fmt(r.allocated, r.unit),
                  _fmt(r.shortfall, r.unit),
                  {"met": "[green]met[/]", "short": "[bold red]SHORT[/]",
                   "unknown": "[yellow]unknown[/]"}.get(r.status, r.status),
                  f"[bold]{_fmt(r.only_us_units, r.unit)}[/]" if r.only_us_can_fill else "",
                  share(r.deviation_from_fair, 1, missing="", suffix=" pp"))
    console.print(t)
    if a.feasible and a.complete:
        console.print("[green]FEASIBLE[/]: every requirement is met within the caps.")
    elif a.feasible:
        console.print("[yellow]FEASIBLE for the known requirements[/]; some requirements are "
                      "unknown.")
    else:
        console.print("[bold red]INFEASIBLE[/]: not every requirement can be met — why:")
    for line in a.explanations():
        console.print(f"  • {line}", highlight=False)
    for n in (*a.solution.notes, *a.provenance.get("notes", [])):
        console.print(f"[dim]note: {n}[/]")


@app.command()
def coalition(
    scenario: str = typer.Argument(..., help="Bundled scenario name or YAML path."),
    minimise: Objective = typer.Option("count", "--minimise",
                                       help="Fewest countries, or lowest total annual cost."),
    top: int = typer.Option(5, "--top", help="How many alternatives to list."),
    troop_unit: int = typer.Option(DEFAULT_TROOP_UNIT, "--troop-unit",
                                   help="Troops in whole units of this many persons."),
    pledges: PledgeMode = typer.Option("cap", "--pledges", help="How pledges bound a member."),
    aid_cap: float = typer.Option(None, "--aid-cap-gdp",
                                  help="Most aid a member may pay, as a share of its GDP "
                                       "(default: no cap, so one member can pay all aid)."),
    time_limit: float = typer.Option(20.0, "--time-limit", help="Seconds per MILP solve."),
    set_: list[str] = typer.Option(None, "--set", help="Override PATH=VALUE (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """The smallest (or cheapest) coalitions that can carry the scenario's missions."""
    from guarantor.apportion import coalitions
    from guarantor.data.countries import registry

    opt = _options("gdp", None, troop_unit, pledges, aid_cap, time_limit)
    m = minimise.value if hasattr(minimise, "value") else str(minimise)
    res = coalitions(scenario, m, top, opt, overrides=parse_sets(set_) or None)
    if as_json:
        typer.echo(res.to_json())
        return
    reg = registry()
    console.rule(f"[bold]Minimal coalitions — {res.scenario}[/] (minimise {m})")
    if not res.coalitions:
        console.print("[bold red]No coalition[/]: no participant can field any of the "
                      "requirements.")
    t = Table(title=f"The {len(res.coalitions)} best coalitions (each leaves out a member of "
                    "every earlier one)")
    for col in ("rank", "countries", money_heading("annual cost", res.problem.money_basis),
                "members"):
        t.add_column(col, justify="left" if col == "members" else "right")
    for c in res.coalitions:
        cost = _fmt(c.cost_eur, res.problem.money_basis) + (
            "" if c.cost_complete else " (part unknown)")
        t.add_row(str(c.rank) + ("" if c.optimal else "*"), str(c.size), cost,
                  ", ".join(f"{reg[x].name}" for x in c.members))
    console.print(t)
    if res.unmeetable:
        p = res.problem
        console.print("[bold red]Not met by any coalition[/] (beyond what all participants "
                      "together can field):")
        for r, v in res.unmeetable.items():
            unit = p.units[p.requirements.index(r)]
            console.print(f"  • {r}: short by {_fmt(v, unit)} {unit_words(unit)}")
    if res.unknown_supply:
        p = res.problem
        console.print("[yellow]Unknown[/] (supply not sourced; a range, not a shortfall):")
        for r, (lo, hi) in res.unknown_supply.items():
            unit = p.units[p.requirements.index(r)]
            console.print(f"  • {r}: "
                          f"{shortfall_text('unknown', lo, hi, lambda x, u=unit: _fmt(x, u))} "
                          f"{unit_words(unit)} short")
    if res.unknown:
        console.print(f"[yellow]unknown requirements (not searched):[/] {', '.join(res.unknown)}")
    if any(not c.optimal for c in res.coalitions):
        console.print("* not proven optimal within the time limit")
    console.print(f"[dim]solved in {1000 * res.solve_seconds:.0f} ms[/]")
    for n in res.notes:
        console.print(f"[dim]note: {n}[/]")
