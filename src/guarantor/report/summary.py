"""What a reader sees first: plain words, rounded figures, and the source behind each figure.

The report opens on a half-page finding per scenario (can it be staffed, equipped, paid for; by
whom; who objects; how sure) instead of the engine's variable names. This module holds the
wording, the labels that replace variable names, the money rounding (three significant figures:
the inputs support no more) and the map from each headline figure to the publisher's public URL
(:func:`guarantor.data.sources.source_catalogue`), so every headline is one click from its source.

Examples
--------
>>> label("aid_shortfall_eur")
'Military aid not covered'
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from guarantor.data.vocabulary import MISSIONS
from guarantor.format import money3, money_html, number, pct3
from guarantor.palette import STATUS_COLOURS

#: Plain labels for the headline figures of :meth:`guarantor.engine.result.Result.summary`
#: (the reader never sees the variable name).
LABELS: dict[str, str] = {
    "title": "Scenario",
    "us_posture": "What the US supplies",
    "burden_rule": "How the cost is shared",
    "participants": "Participating countries",
    "troops_required": "Troops needed at once",
    "troops_allocated": "Troops offered",
    "troops_shortfall": "Troops missing",
    "air_required_units": "Air-shield units needed",
    "air_us_units": "Air-shield units from the US",
    "air_shortfall_units": "Air-shield units missing (certain)",
    "air_shortfall_units_if_unknown_zero":
        "Air-shield units missing if unknown inventories hold none",
    "air_classes_short": "Air-shield classes short",
    "air_classes_unknown": "Air-shield classes with unknown supply (missing: low–high)",
    "air_cost_not_costed": "Air-shield classes without a sourced cost",
    "air_classes_only_us": "Air-shield classes only the US can fill",
    "aid_required_eur": "Military aid needed per year",
    "aid_us_eur": "Military aid from the US per year",
    "aid_shortfall_eur": "Military aid not covered",
    "europe_aid_share": "Europe's share of the aid",
    "cost_total_eur_per_year": "Cost to participants per year",
    "cost_gdp_share_participants": "Cost as a share of participants' GDP",
    "feasible": "Every requirement met",
    "troops_by_basis": "Troops by evidence (stated / assumed / overridden)",
    "feasibility": "Can it be done?",
}

#: Units shown beside each headline figure.
UNITS: dict[str, str] = {
    "troops_required": "persons", "troops_allocated": "persons", "troops_shortfall": "persons",
    "air_required_units": "units", "air_us_units": "units", "air_shortfall_units": "units",
    "air_shortfall_units_if_unknown_zero": "units", "aid_required_eur": "€ per year",
    "aid_us_eur": "€ per year", "aid_shortfall_eur": "€ per year",
    "cost_total_eur_per_year": "€ per year", "europe_aid_share": "share",
    "cost_gdp_share_participants": "share of GDP",
}

#: Plain names of mission items (capability classes, troops, aid).
ITEMS: dict[str, str] = {
    "troops": "troops", "aid": "military aid", "combat_aircraft": "combat aircraft",
    "tanker": "tankers", "aewc": "AEW&C aircraft", "isr": "ISR aircraft",
    "ground_radar": "ground radars", "long_range_sam": "long-range SAM batteries",
    "strategic_airlift": "strategic airlift aircraft",
}

#: Plain names of the US postures and burden rules (``data.vocabulary``).
POSTURES: dict[str, str] = {
    "none": "nothing", "intelligence": "intelligence only",
    "enablers": "strategic enablers (no troops)", "full": "its full 2022-24 role",
}

#: How each burden rule shares the cost, in words (``data.vocabulary.BURDEN_RULES``).
RULES: dict[str, str] = {
    "gdp": "in proportion to GDP", "capacity": "in proportion to what each can supply",
    "historical": "by each donor's 2022-24 share of aid", "pledges": "by what each pledged",
    "fair_share": "by the fair-share optimiser",
}

def esc(x: Any) -> str:
    """HTML-escaped text."""
    return html.escape("" if x is None else str(x), quote=True)


def label(key: str) -> str:
    """The reader's label for a headline key, mission, item or vocabulary word."""
    return LABELS.get(key) or MISSIONS.get(key) or ITEMS.get(key) or key.replace("_", " ")


def item(key: str) -> str:
    """A mission item (capability class, troops, aid) in words."""
    return ITEMS.get(key, key.replace("_", " "))


# --------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class Cited:
    """A headline figure's source: catalogue id, publisher, title and public URL."""

    source_id: str
    publisher: str
    title: str
    url: str


def cited(source_id: str | None) -> Cited | None:
    """The catalogue record of ``source_id`` (None when absent or without a public URL)."""
    if not source_id:
        return None
    from guarantor.data.sources import source_catalogue

    s = source_catalogue().get(source_id)
    if s is None or not s.url.startswith(("http://", "https://")):
        return None
    return Cited(source_id, s.publisher, s.title, s.url)


def headline_sources(result: Any) -> dict[str, Cited | None]:
    """Where each headline figure comes from, by key: troops (the published force option, else
    the scenario's first cited rationale), air (the scenario's rationale: the requirement is its
    judgement), aid (the Kiel tracker), cost (the soldier-year cost), GDP (World Bank)."""
    from guarantor.data.dataset import load_dataset
    from guarantor.data.params import load_parameters
    from guarantor.scenario.schema import force_options

    s = result.scenario
    rationale = next((r.source for r in s.rationale if r.source), None)
    troops_src = rationale
    rf = s.missions.reassurance_force
    if rf is not None and rf.option:
        opt = force_options().get(rf.option, {})
        if int(opt.get("troops", -1)) == int(rf.troops):
            troops_src = opt.get("source") or rationale
    data = load_dataset()
    aid_src = next(iter(data.meta("aid_military_eur").sources), None)
    gdp_src = next(iter(data.meta("gdp_usd").sources), None)
    cost_src = load_parameters().record("costs.soldier_year_eur").source
    return {"troops": cited(troops_src), "air": cited(rationale), "aid": cited(aid_src),
            "cost": cited(cost_src), "gdp": cited(gdp_src)}


def fig(text: str, key: str, src: Cited | None) -> str:
    """A headline figure as a link to its publisher's page (``data-headline`` names it); a
    figure with no public source says 'assumed'."""
    if src is None:
        return (f'<b class="fig" data-headline="{esc(key)}">{text}</b> '
                '<span class="assumed">(assumed)</span>')
    return (f'<a class="fig" data-headline="{esc(key)}" href="{esc(src.url)}" '
            f'title="Source: {esc(src.publisher)}, “{esc(src.title)}”">{text}</a>')


# --------------------------------------------------------------------------- the finding

def _status_word(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#595959")
    return f'<b class="st st-{esc(status).replace(" ", "-")}" style="color:{colour}">' \
           f"{esc(status)}</b>"


def _and(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _staffed(r: Any, src: Mapping[str, Cited | None]) -> str:
    o = r.outputs
    need = float(o.troops_required[0])
    if r.scenario.missions.reassurance_force is None or need <= 0:
        return "<li><b>Staffed?</b> No reassurance force in this arrangement.</li>"
    have = float(o.troops[0].sum())
    short = float(o.troops_shortfall[0])
    split = r.troops_by_basis()
    verdict = _status_word("short" if short > 0 else "met")
    basis = ", ".join(f"{number(v)} {b}" for b, v in split.items() if v > 0) or "none"
    gap = f"; {number(short)} are missing" if short > 0 else ""
    return (f"<li><b>Staffed?</b> {verdict}: "
            f"{fig(number(need) + ' troops', 'troops_required', src['troops'])} are needed at "
            f"once; contributors can sustainably keep {number(have)} deployed{gap} "
            f"(by evidence: {basis}).</li>")


def _equipped(r: Any, src: Mapping[str, Cited | None]) -> str:
    if r.scenario.missions.air_shield is None:
        return "<li><b>Equipped?</b> No air shield in this arrangement.</li>"
    rows = [m for m in r.missions.to_dict(orient="records") if m["mission"] == "air_shield"]
    short = [item(m["item"]) for m in rows if m["status"] == "short"]
    unknown = [item(m["item"]) for m in rows if m["status"] == "unknown"]
    only_us = [item(m["item"]) for m in rows if m["only_us_can_fill"]]
    s = r.summary()
    need = fig(f"{number(s['air_required_units'])} units", "air_required_units", src["air"])
    if short:
        head = f"{_status_word('short')}: of {need} the air shield needs, " \
               f"{number(s['air_shortfall_units'])} are missing for certain ({_and(short)})"
    elif unknown:
        head = f"{_status_word('unknown')}: the air shield needs {need}; supply is not sourced for"\
               f" {_and(unknown)}"
    else:
        head = f"{_status_word('met')}: the {need} the air shield needs are covered"
    extra = f"; {_and(unknown)}: {_status_word('unknown')} (inventory not sourced)" \
        if short and unknown else ""
    us = f"; only the US can fill {_and(only_us)}" if only_us else ""
    return f"<li><b>Equipped?</b> {head}{extra}{us}.</li>"


def _eur(x: Any, basis: str, per: str = "") -> str:
    """A money figure in running text, marked with its price basis and saying it."""
    return money_html(x, basis, inline=True, per=per)


def _paid(r: Any, src: Mapping[str, Cited | None]) -> str:
    s = r.summary()
    basis = str(s["money_basis"])
    aid = ""
    if r.scenario.missions.military_aid is not None and s["aid_required_eur"] > 0:
        cover = (f"{_eur(s['aid_shortfall_eur'], basis, ' a year')} is not covered"
                 if s["aid_shortfall_eur"] > 0 else "it is covered")
        need = fig(_eur(s["aid_required_eur"], basis, " a year"), "aid_required_eur",
                   src["aid"])
        aid = (f"Military aid of {need}"
               f" (Europe's share {pct3(s['europe_aid_share'])}): {cover}. ")
    cost = fig(_eur(s["cost_total_eur_per_year"], basis, " a year"), "cost_total_eur_per_year",
               src["cost"])
    gdp = fig(pct3(s["cost_gdp_share_participants"]) + " of their GDP",
              "cost_gdp_share_participants", src["gdp"])
    verdict = _status_word("short" if s["aid_shortfall_eur"] > 0 else "met")
    return (f"<li><b>Paid for?</b> {verdict}: {aid}The participants' cost of the whole "
            f"arrangement is {cost}, {gdp}.</li>")


def _by_whom(r: Any, burden: pd.DataFrame, src: Mapping[str, Cited | None]) -> str:
    if burden.empty:
        return "<li><b>By whom?</b> No participant carries a cost.</li>"
    total = float(burden["cost_total_eur"].fillna(0).sum())
    top = burden.sort_values("cost_total_eur", ascending=False).head(3)
    basis = str(r.summary()["money_basis"])
    parts = [f"{esc(c)} {_eur(v, basis)} ({pct3(v / total if total else float('nan'))} of the "
             "cost)"
             for c, v in zip(top["country"], top["cost_total_eur"], strict=True)]
    rule = RULES.get(r.scenario.burden_rule, r.scenario.burden_rule)
    return (f"<li><b>By whom?</b> {len(burden)} countries share the cost ({esc(rule)}); the "
            f"largest payers are {_and(parts)}. The US supplies "
            f"{esc(POSTURES.get(r.scenario.us_posture, r.scenario.us_posture))}.</li>")


_QUOTE_MARKS = ' "“”'


def _objects(redlines: pd.DataFrame | None) -> str:
    if redlines is None:
        return "<li><b>Who objects?</b> The red-line check was not run.</li>"
    crossed = redlines[redlines["status"] == "crossed"] if not redlines.empty else redlines
    if crossed.empty:
        return "<li><b>Who objects?</b> No actor's stated red line is crossed.</li>"
    quotes = []
    for _, g in crossed.groupby("actor", sort=False):
        row = g.iloc[0]
        url = row.get("url") or ""
        said = "“" + esc(str(row["quote"]).strip(_QUOTE_MARKS)) + "”"
        who = f"{esc(row['speaker'])}, {esc(row['date'])}"
        link = (f' <a class="fig" data-headline="redline-{esc(row["actor"])}" '
                f'href="{esc(url)}">{who}</a>' if url else f" {who}")
        quotes.append(f"<li><b>{esc(row['actor_name'])}</b> ({len(g)} red line(s)): "
                      f"{said} —{link}</li>")
    names = [esc(n) for n in crossed["actor_name"].drop_duplicates()]
    return (f"<li><b>Who objects?</b> {len(names)} actor(s) see a red line crossed: "
            f"{_and(names)}.<ul class=quotes>{''.join(quotes[:4])}</ul></li>")


def _sure(mc: pd.DataFrame | None, basis: str) -> str:
    if mc is None or mc.empty:
        return ("<li><b>How sure?</b> Uncertainty was not computed for this report "
                "(<code>guarantor report --draws 1000</code> adds it): the figures above are "
                "the central case.</li>")
    p = float(mc["feasible"].astype(float).mean()) if "feasible" in mc else float("nan")
    cost = mc["cost_total_eur"] if "cost_total_eur" in mc else None
    rng = ""
    if cost is not None:
        lo, hi = float(cost.quantile(0.05)), float(cost.quantile(0.95))
        rng = (f"; the yearly cost is {_eur(lo, basis)} in 90% of draws"
               if money3(lo) == money3(hi) else
               f"; the yearly cost lies between {_eur(lo, basis)} and {_eur(hi, basis)} in 90% "
               "of draws")
    return (f"<li><b>How sure?</b> Over {len(mc):,} draws of every uncertain input, every "
            f"requirement is met in {pct3(p)} of them{rng}.</li>")


def finding(rep: Any, burden: pd.DataFrame) -> str:
    """The plain-language finding for one evaluated scenario, as an HTML block."""
    r = rep.result
    src = headline_sources(r)
    verdict = {"yes": "can be done as written", "no": "cannot be done as written",
               "unknown": "may or may not be done: some supply is not sourced"}[r.feasibility()]
    return (f'<div class="finding-block" data-scenario-summary="{esc(r.scenario.name)}">'
            f"<h3>{esc(r.scenario.title)}</h3><p class=lead>This arrangement "
            f"<b>{verdict}</b>.</p><ul>"
            + _staffed(r, src) + _equipped(r, src) + _paid(r, src) + _by_whom(r, burden, src)
            + _objects(rep.redlines) + _sure(rep.montecarlo, str(r.summary()["money_basis"]))
            + "</ul></div>")
