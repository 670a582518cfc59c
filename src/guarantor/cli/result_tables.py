"""What ``guarantor run`` prints: a result as readable tables on the terminal.

The missions with their shortfalls, the troops and the statements behind them, the air shield's
requirement and cost step by step, the largest contributors and the spending gaps. Typer-free,
so the plain run's fast path (:mod:`guarantor.cli.plain`) and ``guarantor run``
(:mod:`guarantor.cli.run_cmd`) print through the same code.
"""

import numpy as np
from rich.table import Table

from guarantor.cli.common import plain_text, term
from guarantor.cli.console import console
from guarantor.cli.evidence import print_troop_evidence
from guarantor.engine.result import shortfall_text
from guarantor.format import (
    amount,
    basis_label,
    money3,
    money_heading,
    money_with_basis,
    share,
    unit_heading,
)
from guarantor.palette import STATUS_WORDS, status_rich


def print_air_operation(result) -> None:
    """The air shield's requirement and operating cost, step by step."""
    basis = money_basis(result)
    console.print("[bold]Air shield: requirement and operating cost, step by step[/]")
    for r in result.air_operation_rows():
        cost_year = r["operating_cost_eur_per_year"]
        cost = ("not costed (no sourced cost)" if cost_year != cost_year else
                f"{money3(cost_year)} a year"
                + (f" = {r['hours_per_year']:,.0f} h x {money3(r['eur_per_flight_hour'])}/h"
                   if r["hours_per_year"] == r["hours_per_year"] else "")
                + f" ({basis_label(basis)})")
        console.print(f"  {plain_text(r['class'])}: {r['step'] or 'not required'} → {cost}",
                      highlight=False, markup=False)
    print_pool_offers(result)


def print_pool_offers(result) -> None:
    """One line per pooled fleet: what it offers and what that rests on (stated/assumed)."""
    from guarantor.palette import BASIS_COLOURS

    pools = result.pool_offer_rows()
    if not pools:
        return
    nan = float("nan")
    console.print("[bold]Pooled fleets: what each offers and on what basis[/]")
    for r in pools:
        head = (f"  {r['pool']} ({r['class']}): {r['size']:g} x availability "
                f"{r['availability']:.3g} = {r['available']:g} available")
        if r["offered_by"] == "nato_decision":
            shares = {b: r.get("share_" + b.replace(" ", "_"), nan)
                      for b in ("stated", "assumed", "overridden", "will not")}
            basis = " · ".join(f"[{BASIS_COLOURS.get(b, '#595959')}]{b} {v:.2f}[/]"
                               for b, v in shares.items())
            will_not = r.get("will_not", nan)
            refused = f" (will not: {will_not})" if will_not else ""
            console.print(
                f"{head} x member hour shares taking part {r['take_part']:.2f} = "
                f"{r['offered']:.3g} offered, {r['used']:.3g} used — NATO decision rule: a "
                f"member's share counts unless it said \"will not\"; shares {basis}{refused} "
                "(assumed: lever air.pool.assumed_member_share)", highlight=False)
        else:
            console.print(
                f"{head}; offered by the members' stated willingness: {r['offered']:.3g} "
                f"offered, {r['used']:.3g} used", highlight=False)


def money_basis(result) -> str:
    """The price basis of a result's money figures (``EUR_2024``: constant euros of the
    scenario's price base year, :mod:`guarantor.data.prices`): the engine always sets it, so
    there is no fallback that could name a basis the figures are not in."""
    return str(result.outputs.money_basis)


def print_result(result, top: int = 10) -> None:
    """Readable tables: missions, largest contributors, per-country burden. Money to three
    significant figures, each column or line naming its price basis.

    Read from the arrays and the pandas-free rows of :mod:`guarantor.engine.result` (the same
    figures and order as the result's tables), so printing a run needs no pandas.
    """
    from guarantor.engine.result import (
        column_rows,
        compensated_sum,
        contribution_columns,
        descending_order,
        mission_rows,
        spending_columns,
    )

    sc, inp, o = result.scenario, result.inputs, result.outputs
    s = result.summary()
    basis = money_basis(result)
    console.rule(f"[bold]{term(sc.title)}[/]")
    console.print(
        f"scenario [bold]{s['scenario']}[/] · US posture [bold]{s['us_posture']}[/] · "
        f"rule [bold]{s['burden_rule']}[/] · {s['participants']} participants · "
        f"hash {s['scenario_hash']}"
    )
    t = Table(title="Missions: requirement, supply and shortfall (US part shown separately)")
    for col in ("mission", "item", "unit", "required", "US supplies", "others can offer",
                "others allocated", "shortfall", "status", "only US fills"):
        t.add_column(col, justify="right" if col not in ("mission", "item", "unit", "status")
                     else "left")
    nan = float("nan")
    for r in mission_rows(sc, inp, o):
        r = {k: nan if v is None else v for k, v in r.items()}
        t.add_row(r["mission"], r["item"], unit_heading(str(r["unit"])),
                  amount(r["requirement"], r["unit"]),
                  amount(r["us_supply"], r["unit"]),
                  "no cap" if r["mission"] == "military_aid"
                  else amount(r["others_capacity"], r["unit"]),
                  amount(r["allocated"], r["unit"]),
                  shortfall_text(r["status"], r["shortfall_low"], r["shortfall"],
                                 lambda x, u=r["unit"]: amount(x, u)),
                  f"[{status_rich(r['status'])}]{STATUS_WORDS.get(r['status'], r['status'])}[/]",
                  "yes" if r["only_us_can_fill"] else "")
    console.print(t)
    items = contribution_columns(sc, inp, o)
    print_troop_evidence(result, next((column_rows(c) for c in items if c["item"] == "troops"),
                                      None))
    if sc.missions.air_shield is not None:
        print_air_operation(result)
    part = np.flatnonzero(inp.participants)
    if items and len(part):
        # per country, the sum of its rows' annual cost, countries in code order, then the
        # largest first: as the contributions table's groupby and sort give them
        reg_order = sorted(range(len(part)), key=lambda k: (inp.codes[part[k]],
                                                            items[0]["country"][k]))
        totals = np.array([compensated_sum(c["cost_eur_per_year"][k] for c in items)
                           for k in reg_order])
        y0 = int(np.argmin(inp.years))
        t2 = Table(title=f"The {top} largest contributors (annual cost, first year)")
        for col in ("country", "troops", money_heading("aid a year", basis),
                    money_heading("total cost a year", basis), "% of GDP",
                    "% of defence budget"):
            t2.add_column(col, justify="left" if col == "country" else "right")
        for n in descending_order(totals)[:top]:
            j = int(part[reg_order[n]])
            troops = float(o.troops[0][j]) if sc.missions.reassurance_force is not None else 0.0
            aid = float(o.aid[0][j]) if sc.missions.military_aid is not None else 0.0
            t2.add_row(term(items[0]["country"][reg_order[n]]), amount(troops),
                       money3(aid), money3(totals[n]),
                       share(o.cost_gdp_share[0][j, y0], 2),
                       share(o.cost_milex_share[0][j, y0], 1))
        console.print(t2)
    sp = spending_columns(inp, o)
    rel = float(inp.target_related_share)
    title = f"Spending target {share(inp.target_share, 1)} of GDP"
    if rel > 0:
        title += f" core + {share(rel, 1)} related"
    t3 = Table(title=f"{title} by {inp.target_year} (NATO allies; others only when named): "
               "largest gaps")
    # "core" only beside a defence-related component (the Hague 3.5% + 1.5%); one share is the
    # whole target, however the scenario's source split it
    kind = "core " if rel > 0 else ""
    cols = ["country", "now % GDP", f"{kind}target",
            money_heading(f"{kind}gap in target year", basis), "+pp/yr"]
    if rel > 0:
        cols += ["related target", money_heading("related gap", basis)]
    for col in (*cols, "cost fits gap"):
        t3.add_column(col, justify="left" if col == "country" else "right")
    for k in descending_order(sp["gap_eur_target_year"])[:top]:
        no_target = not sp["target_share"][k] == sp["target_share"][k]
        row = [term(sp["country"][k]), share(sp["defence_gdp_share"][k], 2),
               "none" if no_target else share(sp["target_share"][k], 1),
               "–" if no_target else money3(sp["gap_eur_target_year"][k]),
               "–" if no_target else share(sp["increase_share_per_year"][k], 2, suffix="")]
        if rel > 0:
            row += ["none" if no_target else share(rel, 1),
                    "–" if no_target else
                    f"unknown, 0–{money3(sp['gap_related_eur_upper'][k])}"]
        row.append("–" if no_target else ("yes" if sp["cost_fits_in_gap"][k] else "no"))
        t3.add_row(*row)
    console.print(t3)
    console.print(
        f"Total annual cost {money_with_basis(s['cost_total_eur_per_year'], basis)} = "
        f"{share(s['cost_gdp_share_participants'], 2)} of participants' GDP · feasible: "
        + {"yes": "[green]yes[/]", "no": "[red]no[/]",
           "unknown": "[yellow]unknown[/] (short only where supply is not sourced)"}[
            s["feasibility"]]
    )
    for n in (*result.inputs.notes, *getattr(result.outputs, "notes", ())):
        console.print(f"[dim]note: {term(n)}[/]")
