"""Replay the debate: the same arrangement judged by the positions known on each date.

For every date on which a contribution position was stated (from a start date on), the scenario
is evaluated with ``as_of`` set to that date, so each row shows what the arrangement's staffing,
air coverage and aid burden were given what governments had said by then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

#: The debate the bundled case replays starts with Hegseth's statements of February 2025.
DEFAULT_SINCE = date(2025, 2, 1)


def replay(scenario: Any, *, since: date = DEFAULT_SINCE, until: date | None = None,
           data: Any = None, monthly: bool = False) -> pd.DataFrame:
    """One row per statement date in ``[since, until]``: the arrangement as of that date.

    With ``monthly``, one row per month: as of the month's last statement date, ``entries``
    listing every entry stated that month (the same rows as keeping each month's last row of the
    daily replay, for a fraction of the engine calls; the web app's timeline uses it).

    Columns: date, entries (ids stated that day), troops_required, troops_allocated,
    troops_stated, troops_assumed, troops_overridden, troops_shortfall, air_shortfall_units,
    air_classes_short, aid_required_eur, aid_by_others_eur, aid_shortfall_eur, feasible.
    """
    from guarantor.data.contributions import case_for, load_contributions
    from guarantor.data.dataset import load_dataset
    from guarantor.engine import evaluate

    data = data or load_dataset()
    led = load_contributions()
    case = scenario.contributions.case or case_for(scenario.protected_state)
    by_date: dict[date, list[str]] = {}
    for e in led.entries:
        if e.case == case and e.stated and e.when >= since and (until is None or e.when <= until):
            by_date.setdefault(e.when, []).append(e.id)
    if monthly:
        by_month: dict[str, tuple[date, list[str]]] = {}
        for d in sorted(by_date):
            key = d.isoformat()[:7]
            by_month[key] = (d, by_month.get(key, (d, []))[1] + by_date[d])
        by_date = dict(by_month.values())
    rows = []
    for d in sorted(by_date):
        r = evaluate(scenario.model_copy(update={"as_of": d}), data)
        s = r.summary()
        split = s["troops_by_basis"]
        rows.append({
            "date": d.isoformat(), "entries": ", ".join(by_date[d]),
            "troops_required": s["troops_required"], "troops_allocated": s["troops_allocated"],
            "troops_stated": split["stated"], "troops_assumed": split["assumed"],
            "troops_overridden": split["overridden"], "troops_shortfall": s["troops_shortfall"],
            "air_shortfall_units": s["air_shortfall_units"],
            "air_classes_short": ", ".join(s["air_classes_short"]),
            "aid_required_eur": s["aid_required_eur"],
            "aid_by_others_eur": s["aid_required_eur"] - s["aid_us_eur"],
            "aid_shortfall_eur": s["aid_shortfall_eur"], "feasible": s["feasible"],
        })
    return pd.DataFrame(rows)
