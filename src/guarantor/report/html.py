"""The static HTML report: one self-contained file, scripts and data inlined, several scenarios.

Sections: scenarios compared; then per scenario its missions (requirement against supply,
stacked by country, the US part distinct), the burden per country (% of GDP and of the defence
budget), the spending-target gap and path, the red lines crossed per actor with their quotes, the
Monte Carlo distributions; and last every dataset, parameter and report used, with vintages.
The Vega, Vega-Lite and Vega-Embed bundles (BSD-3-Clause, licence headers kept) are inlined from
``report/static/vendor`` so the file opens with no network.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from guarantor.atomic import write_text
from guarantor.engine.result import shortfall_text
from guarantor.errors import GuarantorError
from guarantor.format import (
    UNKNOWN,
    basis_label,
    basis_of,
    basis_words,
    finite,
    money3,
    money_heading,
    money_html,
    no_negative_zero,
    pct3,
    share,
    sig3,
    unit_heading,
)
from guarantor.palette import STATUS_COLOURS
from guarantor.report import charts as C
from guarantor.report import summary as S
from guarantor.report import tables as T

SECTIONS = ("summary", "compare", "missions", "evidence", "burden", "spending", "redlines",
            "montecarlo", "sources")


@dataclass
class ScenarioReport:
    """Everything the report shows for one evaluated scenario."""

    result: Any
    redlines: pd.DataFrame | None = None
    montecarlo: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def collect(result: Any, *, draws: int = 0, seed: int = 0, as_of: date | None = None,
            ledger: Any = None) -> ScenarioReport:
    """Evaluate the optional parts (red lines, Monte Carlo) for one result, via the adapters."""
    rl = T.redlines_frame(result, as_of=as_of, ledger=ledger)
    mc = T.montecarlo_frame(result.scenario, draws, seed=seed) if draws >= 2 else None
    return ScenarioReport(result, rl, mc)


# --------------------------------------------------------------------------- formatting

def esc(x: Any) -> str:
    """HTML-escaped text; a missing text (None, NaN) is empty, never 'nan'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    return html.escape(str(x), quote=True)


_UNKNOWN_HTML = f'<span class="unknown">{UNKNOWN}</span>'


def _num(x: Any, fmt: str = ",.0f") -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return esc(x)
    if not math.isfinite(f):
        return _UNKNOWN_HTML
    return no_negative_zero(format(f, fmt))


def pct(x: Any, digits: int = 2) -> str:
    """A fraction as a percentage ('unknown' for NaN)."""
    try:
        float(x)
    except (TypeError, ValueError):
        return esc(x)
    return share(x, digits, missing=_UNKNOWN_HTML)


def eur_bn(x: Any, basis: str, *, inline: bool = False) -> str:
    """Euros to three significant figures ('€43.0 bn', '€545 m'; the inputs support no more),
    marked as money of ``basis`` (:func:`guarantor.format.money_html`); with ``inline`` the
    basis words follow the figure, else the column heading names them."""
    try:
        float(x)
    except (TypeError, ValueError):
        return esc(x)
    return money_html(x, basis, missing=_UNKNOWN_HTML, inline=inline)


def eur(basis: str) -> Callable[[Any], str]:
    """A table cell formatter for money of ``basis`` (its heading: :func:`money_heading`)."""
    return lambda x: eur_bn(x, basis)


def basis_of_reports(results: Sequence[Any]) -> str:
    """The one price basis of several results' money (the engine's; ``EUR_2024``)."""
    bases = {T.money_basis(r) for r in results}
    if len(bases) != 1:
        raise GuarantorError("the scenarios' money is in different price bases: "
                             + ", ".join(sorted(bases)), hint="give them one prices.base_year")
    return bases.pop()


def code(x: Any) -> str:
    """An identifier the reader may type (scenario, parameter, source id), set as code."""
    text = esc(x)
    return f"<code>{text}</code>" if text else ""


def table(df: pd.DataFrame, cols: Sequence[tuple[str, str, Callable[[Any], str] | None]],
          cls: str = "") -> str:
    """An HTML table of ``df``: (column, header, formatter or None for escaped text)."""
    head = "".join(f"<th>{esc(h)}</th>" for _, h, _ in cols)
    body = []
    for row in df.to_dict(orient="records"):
        cells = []
        for c, _, f in cols:
            v = row.get(c)
            if f is not None and f not in _TEXT_FORMATTERS:
                cells.append(f'<td class="num">{f(v)}</td>')
            else:
                cells.append(f"<td>{f(v) if f else esc(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table>")


def _status(s: Any) -> str:
    colour = STATUS_COLOURS.get(str(s), "#595959")
    return (f'<span class="st st-{esc(s).replace(" ", "-")}" style="color:{colour}">'
            f"{esc(s)}</span>")


def _yes(b: Any) -> str:
    return "yes" if bool(b) else ""


#: Formatters that produce text (left-aligned cells), not numbers.
_TEXT_FORMATTERS: tuple[Callable[[Any], str], ...] = ()


class _Charts:
    """Collects chart specs; each gets a div and is embedded by one script at the end."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, spec: Mapping[str, Any] | None, name: str) -> str:
        if not spec:
            return ""
        cid = f"chart-{len(self.specs) + 1}"
        self.specs[cid] = dict(spec)
        return f'<div class="chart" id="{cid}" data-chart="{esc(name)}"></div>'


# --------------------------------------------------------------------------- sections

def _compare_cell(key: str, v: Any, fmts: Mapping[str, Callable[[Any], str]],
                  words: Mapping[str, Mapping[str, str]]) -> str:
    """One headline value in words: lists and mappings of classes spelled out, no raw names."""
    if isinstance(v, list):
        return esc(", ".join(S.item(x) for x in v) or "none")
    if isinstance(v, dict):
        if not v:
            return "none"
        if all(isinstance(x, dict) for x in v.values()):  # class -> shortfall bounds
            return esc("; ".join(f"{S.item(k)}: {_plain(b.get('shortfall_low'))}–"
                                 f"{_plain(b.get('shortfall_high'))}" for k, b in v.items()))
        return esc(" / ".join(f"{_plain(x)} {k}" for k, x in v.items()))
    if isinstance(v, bool):
        return "yes" if v else '<span class="bad">no</span>'
    if isinstance(v, int | float):
        return fmts.get(key, _num)(v)
    if key in words:
        return esc(words[key].get(str(v), str(v)))
    if key == "feasibility":
        return esc({"yes": "yes", "no": "no", "unknown": UNKNOWN}.get(str(v), str(v)))
    return esc(v)


def _plain(x: Any) -> str:
    return re_sub_html(_num(x))


def re_sub_html(text: str) -> str:
    """Text with any markup removed (a formatted number used inside escaped text)."""
    import re

    return re.sub(r"<[^>]+>", "", text)


def _compare_section(reps: Sequence[ScenarioReport], ch: _Charts) -> str:
    results = [r.result for r in reps]
    cmp = T.compare_frame(results)
    basis = basis_of_reports(results)
    money = eur(basis)
    fmts: dict[str, Callable[[Any], str]] = {
        "aid_required_eur": money, "aid_us_eur": money, "aid_shortfall_eur": money,
        "cost_total_eur_per_year": money, "europe_aid_share": lambda x: pct(x, 0),
        "cost_gdp_share_participants": lambda x: pct3(x, missing=_UNKNOWN_HTML),
    }
    words = {"us_posture": S.POSTURES, "burden_rule": S.RULES}
    head = "<th>figure</th><th>unit</th>" + "".join(
        f"<th>{code(r.scenario.name)}</th>" for r in results)
    rows = []
    for key, vals in cmp.iterrows():
        k = str(key)
        cells = []
        for v in vals:
            cells.append(_compare_cell(k, v, fmts, words))
        unit = S.UNITS.get(k, "")
        if k in fmts and fmts[k] is money:  # the row's unit cell names the price basis
            unit = f"{unit} ({basis_label(basis)})"
        rows.append(f'<tr data-key="{esc(k)}"><td>{esc(S.label(k))}</td>'
                    f"<td>{esc(unit)}</td>"
                    + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>")
    out = [f'<table class="compare"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
           "</tbody></table>"]
    supplies = pd.concat([T.supply_frame(r) for r in results], ignore_index=True)
    if not supplies.empty:
        out.append(ch.add(C.compare_missions_chart(supplies), "compare-missions"))
    shorts = pd.concat([T.shortfall_frame(r) for r in results], ignore_index=True)
    if not shorts.empty:
        out.append(ch.add(C.shortfall_chart(shorts), "compare-shortfall"))
    burdens = pd.concat([T.burden_frame(r) for r in results], ignore_index=True)
    if not burdens.empty:
        out.append(ch.add(C.compare_cost_chart(burdens), "compare-burden"))
    return "\n".join(out)


def _missions(rep: ScenarioReport, ch: _Charts) -> str:
    r = rep.result
    sup = T.supply_frame(r)
    parts = [ch.add(spec, f"mission-{k}") for k, spec in C.mission_charts(sup).items()]
    if (r.missions["mission"] == "air_shield").any():
        parts.append(ch.add(C.shortfall_chart(T.shortfall_frame(r)), "air-shortfall"))
    m = r.missions.copy()
    money_row = m["unit"].astype(str).str.startswith("EUR")
    money = eur(T.money_basis(r))
    # an unknown's shortfall is a range, written as in every shell (engine.result.shortfall_text)
    m["shortfall_shown"] = [
        shortfall_text(st, lo, hi, money if is_money else _num)
        for st, lo, hi, is_money in zip(m["status"], m.get("shortfall_low", m["shortfall"]),
                                        m["shortfall"], money_row, strict=True)]
    for col in ("requirement", "us_supply", "others_capacity", "allocated"):
        m[col + "_shown"] = [money(v) if is_money else _num(v)
                             for v, is_money in zip(m[col], money_row, strict=True)]
    m["mission_shown"] = m["mission"].map(S.label)
    m["item_shown"] = m["item"].map(S.item)
    m["unit_shown"] = m["unit"].map(lambda u: unit_heading(str(u)))
    same = lambda x: x  # noqa: E731
    parts.append(table(m, [
        ("mission_shown", "mission", None), ("item_shown", "item", None),
        ("unit_shown", "unit", None),
        ("requirement_shown", "required", same), ("us_supply_shown", "US supplies", same),
        ("others_capacity_shown", "others can offer", same),
        ("allocated_shown", "others allocated", same),
        ("shortfall_shown", "shortfall", same), ("status", "status", _status),
        ("only_us_can_fill", "only the US fills", _yes)]))
    return "\n".join(parts)


#: The lever behind an "assumed" hour share of a NATO-decided pool (scenario.levers).
POOL_LEVER = "air.pool.assumed_member_share"


def _pools(rep: ScenarioReport) -> str:
    """The pooled fleets (NATO E-3A, AGS...): what each offers and on what basis, as in
    ``guarantor run`` (cli.run_cmd.print_pool_offers); empty when the scenario has none."""
    r = rep.result
    if r.scenario.missions.air_shield is None:
        return ""
    pools = r.pool_offers()
    if pools.empty:
        return ""
    colours = C.BASIS_COLOURS
    rows = []
    for x in pools.to_dict(orient="records"):
        decided = x["offered_by"] == "nato_decision"
        shares = "".join(
            f'<td class="num" style="color:{colours.get(b, "#333")}">'
            + (_num(x.get("share_" + b.replace(" ", "_")), ",.2f") if decided else "–")
            + "</td>" for b in ("stated", "assumed", "overridden", "will not"))
        rule = ("NATO decision: a member's hour share counts unless it said “will not”"
                + (f" (will not: {esc(x.get('will_not'))})" if x.get("will_not") else "")
                if decided else "the members' stated willingness")
        rows.append(
            f"<tr><td>{code(x['pool'])}</td><td>{esc(S.item(str(x['class'])))}</td>"
            f"<td>{rule}</td><td class=num>{_num(x['size'], ',.0f')}</td>"
            f"<td class=num>{_sig(x['availability'])}</td>"
            f"<td class=num>{_num(x['available'], ',.0f')}</td>"
            f"<td class=num>{_num(x['take_part'], ',.2f') if decided else '–'}</td>"
            + shares + f"<td class=num>{_sig(x['offered'])}</td>"
            f"<td class=num>{_sig(x['used'])}</td></tr>")
    return ('<h4 data-table="pools">Pooled fleets: what each offers and on what basis</h4>'
            "<p>A pool decided by NATO offers its available aircraft times the hour shares of "
            "the members taking part. Each member's share rests on a <i>stated</i> position, "
            "is <i>assumed</i> (the lever <code>" + POOL_LEVER + "</code>, default 1: a member "
            "that has said nothing takes part), is <i>overridden</i> by the scenario, or is "
            "removed because the member said it <i>will not</i> take part.</p>"
            "<table><thead><tr><th>pool</th><th>class</th><th>offered by</th><th>aircraft</th>"
            "<th>availability</th><th>available</th><th>hour share taking part</th>"
            "<th>stated</th><th>assumed</th><th>overridden</th><th>will not</th>"
            "<th>offered</th><th>used</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def _evidence(rep: ScenarioReport, ch: _Charts) -> str:
    r = rep.result
    ev = T.evidence_frame(r)
    src = r.scenario.contributions.source
    as_of = r.scenario.as_of.isoformat() if r.scenario.as_of else "the latest statement"
    if ev.empty:
        return "<p>No reassurance force in this arrangement.</p>"
    split = r.troops_by_basis()
    total = sum(split.values())
    colours = C.BASIS_COLOURS
    lead = (f"<p>Of {_num(total)} troops allocated, "
            + ", ".join(f'<b style="color:{colours[b]}">{_num(v)} {b}</b>'
                        for b, v in split.items())
            + f" (positions as of {esc(as_of)}; source: {esc(src)}). <i>Stated</i>: a figure a "
            "government gave, capped at its sustainable capacity; <i>assumed</i>: a stated "
            "willingness without a figure, or no stated position, times sustainable capacity "
            "(the levers <code>contributions.stated_share</code> and "
            "<code>contributions.unstated.troops</code>); <i>overridden</i>: the scenario's own "
            "figure, with its reason.</p>")

    def said(row: Any) -> str:
        if not row.get("quote"):
            return _evidence_words(row.get("evidence"))
        link = (f' <a href="{esc(row["source_url"])}">source</a>' if row.get("source_url")
                else "")
        quote = str(row["quote"]).strip(' "“”')
        return (f'{_evidence_words(row["evidence"])}: “{esc(quote)}” — {esc(row["speaker"])}'
                + link)

    rows = ev.to_dict(orient="records")
    body = "".join(
        f"<tr><td>{esc(x['country'])}</td><td class=num>{_num(x['allocated'])}</td>"
        f"<td class=num>{_num(x['capacity'])}</td>"
        f"<td class=num>{_num(x['pledged']) if x['pledged'] == x['pledged'] else ''}</td>"
        f'<td style="color:{colours.get(x["basis"], "#333")}">{esc(x["basis"])}</td>'
        f"<td>{esc(str(x['stance']).replace('_', ' '))}</td><td>{esc(x['statement_date'])}</td>"
        f"<td>{said(x)}</td></tr>" for x in rows)
    tbl = ("<table><thead><tr><th>country</th><th>troops</th><th>capacity</th><th>pledged</th>"
           "<th>basis</th><th>position</th><th>date</th><th>evidence</th></tr></thead><tbody>"
           + body + "</tbody></table>")
    chart = ""
    if src == "ledger":
        rf = r.scenario.missions.reassurance_force
        chart = ch.add(C.timeline_chart(T.timeline_frame(r.scenario),
                                        float(r.outputs.troops_required[0]) if rf else 0.0),
                       "timeline")
        if chart:
            chart += ('<p class="meta" data-caption="timeline">Timeline: a monthly replay — the '
                      "arrangement judged as positions stood on the last statement date of each "
                      "month with a statement (<code>guarantor timeline</code> replays every "
                      "statement date).</p>")
    return lead + chart + tbl


def _evidence_words(text: Any) -> str:
    """An evidence note with its ledger entry id (and any other identifier) set as code."""
    import re

    return re.sub(r"\b([a-z0-9]+(?:_[a-z0-9]+)+(?:\.[a-z0-9_]+)*)\b", r"<code>\1</code>", esc(text))


def _burden(rep: ScenarioReport, ch: _Charts) -> str:
    b = T.burden_frame(rep.result)
    if b.empty:
        return "<p>No participant carries a cost under this arrangement.</p>"
    basis = T.money_basis(rep.result)
    money = eur(basis)
    return ch.add(C.burden_chart(b), "burden") + "<details><summary>Every participant "\
        f"({len(b)})</summary>" + table(b, [
            ("country", "country", None), ("year", "year", None),
            ("cost_troops_eur", money_heading("troops", basis), money),
            ("cost_air_eur", money_heading("air shield", basis), money),
            ("cost_aid_eur", money_heading("aid", basis), money),
            ("cost_total_eur", money_heading("total per year", basis), money),
            ("cost_gdp_share", "% of GDP", lambda x: pct(x, 3)),
            ("cost_defence_budget_share", "% of defence budget", lambda x: pct(x, 2)),
            ("air_cost_complete", "air cost complete", _yes)]) + "</details>"


def _spending(rep: ScenarioReport, ch: _Charts) -> str:
    r = rep.result
    sp = T.spending_frame(r)
    path = T.spending_path_frame(r)
    basis = T.money_basis(r)
    money = eur(basis)
    applies = sp["target_applies"].astype(bool)
    n_gap = int((sp["gap_eur_target_year"].astype(float) > 0).sum())
    total = float(np.nansum(sp["gap_eur_target_year"].astype(float)))
    no_fit = int((sp["cost_fits_in_gap"] == False).sum())  # noqa: E712 (None = no target)
    rel = r.inputs.target_related_share
    related = (f" plus {pct(rel, 1)} defence-related (its gap is unknown: 0 up to the share)"
               if rel and rel > 0 else "")
    kind = "core " if rel and rel > 0 else ""
    lead = (f"<p>{n_gap} of {int(applies.sum())} participants the target applies to are below "
            f"the {kind}target of {pct(r.inputs.target_share, 1)} of GDP{related} by "
            f"{r.inputs.target_year}; together they need {eur_bn(total, basis, inline=True)} "
            "more a year by then "
            f"(GDP grows at the sourced nominal rate). {no_fit} cannot fit the arrangement's cost "
            f"inside their gap. {int((~applies).sum())} participants have no target (not NATO "
            f"allies, not named by the scenario). Money: "
            f"{esc(basis_words(str(sp['money_basis'].iloc[0])))}."
            "</p>") if len(sp) else "<p>No participant.</p>"
    shown = sp.astype(object)
    for c in ("target_share", "target_related_share", "gap_eur_target_year",
              "gap_related_eur_upper", "increase_share_per_year", "increase_eur_per_year"):
        shown.loc[~applies, c] = "no target"
    return lead + ch.add(C.spending_charts(sp[applies], path), "spending") + \
        "<details><summary>Every participant</summary>" + table(shown, [
            ("country", "country", None), ("defence_gdp_share", "now, % of GDP", pct),
            ("target_share", f"{kind}target", lambda x: pct(x, 1)),
            ("target_related_share", "related target", lambda x: pct(x, 1)),
            ("gap_eur_target_year", money_heading(f"{kind}gap in target year", basis), money),
            ("gap_related_eur_upper", money_heading("related gap, at most", basis), money),
            ("increase_share_per_year", "+ % of GDP per year", lambda x: pct(x, 3)),
            ("increase_eur_per_year", money_heading("+ per year", basis), money),
            ("arrangement_cost_eur", money_heading("arrangement cost", basis), money),
            ("cost_fits_in_gap", "cost fits in gap", _fit)]) + "</details>"


def _fit(b: Any) -> str:
    """yes / no / no target (None)."""
    return "no target" if b is None or (isinstance(b, float) and b != b) else (
        "yes" if bool(b) else "no")


def _quote(row: Mapping[str, Any]) -> str:
    url = row.get("url") or ""
    link = f' <a href="{esc(url)}">{esc(row.get("outlet"))}</a>' if url else \
        f" {esc(row.get('outlet'))}"
    return (f'<blockquote>“{esc(row.get("quote"))}”<footer>— {esc(row.get("speaker"))} '
            f'({esc(row.get("role"))}), {esc(row.get("date"))},{link}. '
            f'<span class="cite">{esc(row.get("citation"))}</span></footer></blockquote>')


def _redlines(rep: ScenarioReport) -> str:
    rl = rep.redlines
    if rl is None:
        return '<p class="na">The red-line check was not run for this report.</p>'
    if rl.empty:
        return "<p>The ledger holds no statement on the topics this scenario resolves.</p>"
    out = []
    crossed = rl[rl["status"] == "crossed"]
    n_act = crossed["actor"].nunique()
    out.append(f"<p><b>{len(crossed)}</b> red line(s) crossed, held by <b>{n_act}</b> actor(s); "
               f"{int((rl['status'] == 'unmet').sum())} stated preference(s) unmet.</p>")
    for actor, grp in rl.groupby("actor", sort=False):
        name = grp["actor_name"].iloc[0]
        c = grp[grp["status"] == "crossed"]
        u = grp[grp["status"] == "unmet"]
        m = grp[grp["status"] == "met"]
        verdict = (f'<span class="bad">crosses {len(c)} red line(s)</span>' if len(c)
                   else '<span class="good">crosses no red line</span>')
        out.append(f'<div class="actor"><h4>{esc(name)} <small>({esc(actor)})</small> — '
                   f"{verdict}; {len(u)} preference(s) unmet, {len(m)} met</h4>")
        for label, sub in (("Red line crossed", c), ("Preference unmet", u)):
            for row in sub.to_dict(orient="records"):
                kind = "crossed" if label.startswith("Red") else "unmet"
                out.append(f'<div class="finding {kind}">'
                           f"<b>{label}:</b> {esc(row.get('question'))} "
                           f"<small>(topic <code>{esc(row.get('topic'))}</code>, "
                           f"value in this scenario: {esc(row.get('value'))})</small>"
                           + _quote(row) + "</div>")
        if len(m):
            out.append("<details><summary>Statements this arrangement satisfies</summary>"
                       + "".join(f"<div class='finding met'>{esc(r.get('question'))}"
                                 + _quote(r) + "</div>" for r in m.to_dict(orient="records"))
                       + "</details>")
        out.append("</div>")
    return "\n".join(out)


def _montecarlo(rep: ScenarioReport, ch: _Charts) -> str:
    mc = rep.montecarlo
    if mc is None or len(mc) < 2:
        return ('<p class="na">No Monte Carlo distributions: the uncertainty module is not '
                "available in this build, or no draws were requested "
                "(<code>guarantor report --draws N</code>).</p>")
    summ = T.montecarlo_summary(mc)
    prob = summ[summ["unit"] == "probability"]
    outs = summ[summ["unit"] != "probability"]
    outs = outs.copy()
    basis = T.money_basis(rep.result)
    outs["unit"] = [T.engine_money_unit(str(u), basis) for u in outs["unit"]]
    money_row = outs["unit"].astype(str).str.startswith("EUR")
    for col in ("mean", "p05", "p50", "p95"):
        outs[col + "_shown"] = [eur_bn(v, basis) if is_money else _sig(v)
                                for v, is_money in zip(outs[col], money_row, strict=True)]
    outs["unit_shown"] = [unit_heading(str(u)) for u in outs["unit"]]
    prob = prob.assign(label_shown=[_mc_label(x) for x in prob["label"]])
    same = lambda x: x  # noqa: E731
    return (f"<p>{len(mc):,} draws of every uncertain input (seed recorded in the provenance)."
            "</p>" + ch.add(C.montecarlo_chart(mc, basis=basis), "montecarlo") + table(outs, [
                ("label", "output", None), ("unit_shown", "unit", None),
                ("mean_shown", "mean", same), ("p05_shown", "5th pct", same),
                ("p50_shown", "median", same), ("p95_shown", "95th pct", same),
                ("share_positive", "share of draws > 0", lambda x: pct(x, 1))])
            + table(prob, [("label_shown", "requirement", None),
                           ("mean", "probability", lambda x: pct(x, 1))]))


def _sig(x: Any) -> str:
    f = finite(x)
    return _UNKNOWN_HTML if f is None else sig3(f)


def _mc_label(text: str) -> str:
    """'Probability long range sam is met' -> 'Probability long-range SAM batteries are met'."""
    for key, words in S.ITEMS.items():
        if text == f"Probability {key.replace('_', ' ')} is met":
            return f"Probability the {words} requirement is met"
    return text


def _param_value(v: Any, unit: str, price_year: Any = None) -> str:
    """A parameter as recorded: money to three significant figures in its source's prices
    (``price_year``; the engine converts it to its basis), a year whole, else as given."""
    f = finite(v)
    if f is None:
        return _UNKNOWN_HTML
    if unit.startswith("EUR"):
        py = finite(price_year)
        basis = basis_of(unit) or (None if py is None else f"EUR_{int(py)}")
        if basis is None:  # a cost must record its price year (data.params): say it is missing
            return f"{money3(f)} (price year not recorded)"
        return eur_bn(f, basis, inline=True)
    if unit == "year":
        return str(int(f))
    return no_negative_zero(f"{f:.6g}")


def link(url: Any) -> str:
    """A URL shown as itself and followed in one click (it may break anywhere to fit)."""
    return f'<a class="url" href="{esc(url)}">{esc(url)}</a>' if esc(url) else ""


def _recorded(x: Any) -> str:
    """A recorded text field; a registry's literal 'None' (YAML text, not null) reads as not
    recorded rather than as the word None."""
    text = esc(x)
    return "not recorded" if text in ("", "None") else text


def codes(x: Any) -> str:
    """A comma-separated list of identifiers, each set as code."""
    return ", ".join(code(p.strip()) for p in str(x).split(",") if p.strip())


def _sources(reps: Sequence[ScenarioReport]) -> str:
    s = T.sources_frames([r.result for r in reps], [r.redlines for r in reps])
    params = s["parameters"].copy()
    params["value_shown"] = [_param_value(v, str(u), py) for v, u, py in zip(
        params["value"], params["unit"], params["price_year"], strict=True)]
    # a verbatim locator that quotes money ("a total of €250 million") is in the source's own
    # prices: say which, after the quote, so no money figure stands without its basis
    params["locator"] = [
        loc if not isinstance(loc, str) or not any(c in loc for c in "€$£") or py != py
        or py is None else f"{loc} (amounts as published, {int(py)} prices)"
        for loc, py in zip(params["locator"], params["price_year"], strict=True)]
    return "\n".join([
        "<h3>Data vintages</h3>",
        table(s["vintages"], [("source_id", "source", code), ("vintage", "data as of", None)]),
        "<h3>Datasets (bundled snapshot)</h3>",
        table(s["datasets"], [("series", "series", code), ("unit", "unit", code),
                              ("meaning", "meaning", _evidence_words),
                              ("sources", "sources", codes),
                              ("vintage", "vintage", _evidence_words)]),
        "<h3>Parameters</h3>",
        "<p>Each parameter's name is the key that overrides it in a scenario "
        "(<code>parameters:</code>) or on the command line (<code>--set</code>).</p>",
        table(params, [("parameter", "parameter", code),
                                ("value_shown", "value", lambda x: x),
                                ("unit", "unit", code), ("source", "source", code),
                                ("locator", "where in the source", _evidence_words),
                                ("vintage", "vintage", _evidence_words),
                                ("judgement", "judgement", _yes),
                                ("by_country", "per-country values", _num),
                                ("overridden_in", "overridden by scenario", _evidence_words)],
              "small"),
        "<h3>Capability inventories</h3>",
        table(s["capabilities"], [("source", "source", code), ("vintage", "vintage", None),
                                  ("figures", "figures", _num),
                                  ("classes", "classes",
                                   lambda x: esc(", ".join(S.item(c.strip())
                                                           for c in str(x).split(","))))],
              "small"),
        "<h3>Reports behind the scenarios and US postures</h3>",
        table(s["reports"], [("used_by", "used by", _evidence_words), ("source", "source", code),
                             ("locator", "where", _evidence_words),
                             ("text", "what it supports", _evidence_words)],
              "small"),
        f"<h3>Every source cited ({len(s['citations'])})</h3>",
        table(s["citations"], [("source_id", "id", code),
                               ("used_for", "used for", _evidence_words),
                               ("publisher", "publisher", None),
                               ("title", "title", _evidence_words),
                               ("date", "date", _recorded), ("vintage", "vintage", None),
                               ("url", "URL", link)], "small"),
    ])


# --------------------------------------------------------------------------- page

CSS = Template("""
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;
background:#fafafa}
header{background:#1f3a93;color:#fff;padding:18px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.9;font-size:12px}
header code{background:rgba(255,255,255,.18);color:#fff}
nav{padding:8px 32px;background:#eef1f8;border-bottom:1px solid #d6dbe8;font-size:13px}
nav a{margin-right:14px;color:#1f3a93}
main{padding:8px 32px 40px;max-width:1180px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px 20px 16px;
margin:18px 0}
h2{border-bottom:2px solid #1f3a93;padding-bottom:4px}h3{margin-top:22px;color:#1f3a93}
table{border-collapse:collapse;margin:10px 0;font-size:12.5px;display:block;overflow-x:auto;
max-width:100%}a.url{word-break:break-all}
p,li,blockquote,.actor,.finding,.meta,header{overflow-wrap:anywhere}
th,td{border-bottom:1px solid #e5e5e5;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
table.small{font-size:11.5px}
.chart{margin:14px 0;max-width:100%;overflow-x:auto}
.unknown{color:$unknown;font-style:italic}.bad{color:$short;font-weight:600}
.good{color:$met;font-weight:600}.na{color:#595959;font-style:italic}
.st{padding:0 5px;border:1px solid currentColor;border-radius:3px;font-size:11px;
font-weight:600;background:#fff}
.st-met{color:$met}.st-short{color:$short}.st-unknown{color:$unknown}
.st-none-required{color:$none}
#summary .lead{font-size:16px;margin:6px 0}#summary ul{margin:4px 0 10px;padding-left:20px}
#summary li{margin:3px 0}#summary ul.quotes{font-size:13px;color:#333}
.finding-block{border-top:1px solid #e3e3e3;padding-top:4px}
.finding-block:first-of-type{border-top:0}
a.fig{color:inherit;font-weight:600;text-decoration:underline dotted}
.assumed{color:#595959;font-style:italic}
code{font-size:.92em;background:#f3f4f7;padding:0 2px;border-radius:2px}
@media (max-width:640px){header,nav,main{padding-left:10px;padding-right:10px}
header{padding-top:10px;padding-bottom:10px}header h1{font-size:18px}
section{padding:6px 10px}}
@media print{body{background:#fff;font-size:11pt}nav{display:none}
header{background:#fff;color:#000;padding:0 0 6pt;border-bottom:2pt solid #000}
main{padding:0;max-width:none}section{border:0;padding:0;margin:0 0 12pt}
section#summary{page-break-after:always}section[data-scenario]{page-break-before:always}
table,.chart,blockquote,.finding,.finding-block{page-break-inside:avoid}
h2,h3,h4{page-break-after:avoid}a{color:#000}
a.fig::after,.cite a::after{content:" <" attr(href) ">";font-size:8pt;font-weight:400;
word-break:break-all}details>summary{display:none}}
blockquote{margin:4px 0 8px 16px;padding:4px 10px;border-left:3px solid #bbb;color:#333;
background:#fafafa}
blockquote footer{font-size:12px;color:#555}.cite{display:block;color:#888;font-size:11px}
.finding.crossed{border-left:4px solid $short;padding-left:8px;margin:6px 0}
.finding.unmet{border-left:4px solid $unknown;padding-left:8px;margin:6px 0}
.finding.met{border-left:4px solid $met;padding-left:8px;margin:6px 0}
.actor{margin:10px 0 16px}.actor h4{margin:8px 0 4px}
.meta{font-size:12px;color:#595959}details summary{cursor:pointer;color:#1f3a93;margin:6px 0}
""").substitute(met=STATUS_COLOURS["met"], short=STATUS_COLOURS["short"],
                unknown=STATUS_COLOURS["unknown"], none=STATUS_COLOURS["none required"])

EMBED_JS = """
(function(){
  var specs = JSON.parse(document.getElementById('guarantor-specs').textContent);
  var ids = Object.keys(specs), done = 0;
  ids.forEach(function(id){
    var el = document.getElementById(id);
    vegaEmbed(el, specs[id], {actions: false, renderer: 'svg'}).then(function(){
      el.setAttribute('data-rendered', '1');
    }).catch(function(e){
      el.setAttribute('data-error', String(e)); el.textContent = 'chart failed: ' + e;
    }).finally(function(){
      done += 1;
      if (done === ids.length) document.body.setAttribute('data-charts-ready', ids.length);
    });
  });
  if (!ids.length) document.body.setAttribute('data-charts-ready', '0');
  // printing shows every folded table: a PDF must hold what the screen hides
  var opened = [];
  window.addEventListener('beforeprint', function(){
    document.querySelectorAll('details:not([open])').forEach(function(d){
      d.setAttribute('open', ''); opened.push(d);
    });
  });
  window.addEventListener('afterprint', function(){
    opened.forEach(function(d){ d.removeAttribute('open'); }); opened = [];
  });
})();
"""


def _json_script(obj: Any) -> str:
    # "</" must not appear inside a <script> element
    return json.dumps(obj, separators=(",", ":"), default=str).replace("</", "<\\/")


def render_report(reports: Sequence[ScenarioReport], *, title: str | None = None) -> str:
    """The report as one HTML string (self-contained)."""
    from guarantor.report.vendor import vendored_scripts

    if not reports:
        raise GuarantorError("a report needs at least one scenario")
    import guarantor

    ch = _Charts()
    names = [r.result.scenario.name for r in reports]
    title = title or ("Security guarantee for Ukraine: " + (
        reports[0].result.scenario.title if len(reports) == 1
        else f"{len(reports)} arrangements compared"))
    body: list[str] = []
    toc = ['<a href="#summary">In brief</a>', '<a href="#compare">Scenarios compared</a>']
    body.append('<section id="summary" data-section="summary"><h2>In brief</h2>'
                "<p class=meta>Each figure links to the publisher it comes from; the sections "
                "below show how it is made.</p>"
                + "".join(S.finding(rep, T.burden_frame(rep.result)) for rep in reports)
                + "</section>")
    body.append('<section id="compare" data-section="compare"><h2>Scenarios compared</h2>'
                + _compare_section(reports, ch) + "</section>")
    for rep in reports:
        r = rep.result
        s = r.scenario
        sid = f"s-{s.name}"
        toc.append(f'<a href="#{sid}">{esc(s.title.split(":")[0])}</a>')
        prov = r.provenance
        over = prov.get("overrides") or {}
        body.append(
            f'<section id="{sid}" data-scenario="{esc(s.name)}"><h2>{esc(s.title)}</h2>'
            f"<p>{esc(s.description)}</p>"
            f'<p class="meta">scenario <code>{esc(s.name)}</code> · hash '
            f'<code>{esc(prov.get("scenario_hash"))}</code> · the US supplies '
            f"<b>{esc(S.POSTURES.get(s.us_posture, s.us_posture))}</b>"
            f" · cost shared <b>{esc(S.RULES.get(s.burden_rule, s.burden_rule))}</b> · "
            f"{int(r.inputs.participants.sum())} "
            f"participants · horizon {s.start_year}–{s.end_year}"
            + (f" · overrides <code>{esc(json.dumps(over))}</code>" if over else "") + "</p>"
            + "".join(f'<p class="meta">note: {_evidence_words(n)}</p>' for n in r.inputs.notes)
            + f'<h3 id="{sid}-missions" data-section="missions">Missions: requirement against '
              "supply</h3>" + _missions(rep, ch) + _pools(rep)
            + f'<h3 id="{sid}-evidence" data-section="evidence">Who sends troops, and on what '
              "evidence</h3>" + _evidence(rep, ch)
            + f'<h3 id="{sid}-burden" data-section="burden">Burden per country</h3>'
            + _burden(rep, ch)
            + f'<h3 id="{sid}-spending" data-section="spending">Spending target: gap and path</h3>'
            + _spending(rep, ch)
            + f'<h3 id="{sid}-redlines" data-section="redlines">Red lines crossed, per actor</h3>'
            + _redlines(rep)
            + f'<h3 id="{sid}-montecarlo" data-section="montecarlo">Monte Carlo</h3>'
            + _montecarlo(rep, ch)
            + "</section>")
    toc.append('<a href="#sources">Sources</a>')
    body.append('<section id="sources" data-section="sources"><h2>Sources</h2>'
                "<p>Every dataset, parameter and report the figures above rest on, with the "
                "date its data are as of. Parameters marked <i>judgement</i> are the model's "
                "assumptions, each a lever.</p>" + _sources(reports) + "</section>")
    vintages = reports[0].result.provenance.get("data_vintages", {})
    scripts = "\n".join(f"<script>/* {n} */\n{js}</script>" for n, js in vendored_scripts())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<meta name=\"generator\" content=\"guarantor {esc(guarantor.__version__)}\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p>guarantor {esc(guarantor.__version__)} · scenarios "
        + ", ".join(code(n) for n in names) + " · data as of "
        + ", ".join(f"{code(k)} {esc(v)}" for k, v in vintages.items())
        + "</p></header><nav>" + " ".join(toc) + "</nav><main>" + "\n".join(body)
        + "</main>"
        + f'<script type="application/json" id="guarantor-specs">{_json_script(ch.specs)}'
          "</script>\n" + scripts + f"\n<script>{EMBED_JS}</script></body></html>\n"
    )


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    return write_text(path, text, what="the report")


def write_report(reports: Sequence[ScenarioReport], path: str | Path,
                 title: str | None = None) -> Path:
    """Render and write the report atomically; returns its path."""
    return atomic_write_text(path, render_report(reports, title=title))


def build_report(scenarios: Sequence[Any], path: str | Path, *,
                 overrides: Mapping[str, Any] | None = None, draws: int = 1000, seed: int = 0,
                 data: Any = None, title: str | None = None) -> Path:
    """Load (names, paths or Scenario objects), evaluate, collect and write the report."""
    from guarantor.data.dataset import load_dataset
    from guarantor.engine import evaluate
    from guarantor.scenario import Scenario, load_scenario

    data = data or load_dataset()
    from guarantor.politics.ledger import load_ledger

    ledger = load_ledger()
    reps = []
    for ref in scenarios:
        sc = ref if isinstance(ref, Scenario) else load_scenario(ref, overrides=overrides)
        reps.append(collect(evaluate(sc, data, seed=seed if draws else None), draws=draws,
                            seed=seed, ledger=ledger))
    return write_report(reps, path, title=title)


_TEXT_FORMATTERS = (_yes, _status, _fit, code, codes, _evidence_words, _recorded, link)
