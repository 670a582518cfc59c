"""Personnel cost per soldier per ally and year, from NATO's own tables.

``240617-def-exp-2024-TABLES-en.xlsx``: TABLE2 (defence expenditure, million US$, current
prices), TABLE8a second block "Personnel (b)" (personnel expenditure as a percentage of defence
expenditure; NATO note (b): "includes military and civilian expenditure and pensions") and
TABLE7 (military personnel, thousands). Per ally and year::

    EUR per person-year = milex_USD x personnel_share / military personnel / (US$ per EUR)

at the ECB annual average rate of the year, in current euros of that year (``price_year`` =
year). It counts civilian pay and pensions over military heads, so it is a proxy for what one
soldier-year costs at home, not the full cost of a deployment; the engine uses it per country
where NATO reports it and the flat ``costs.soldier_year_eur`` elsewhere (a labelled fallback).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.data.countries import registry
from guarantor.data.loaders.nato import load_nato_tables
from guarantor.errors import DataError

SOURCE = "nato_defexp_2024"
SHEET = "TABLE8a"
BLOCK = "Personnel (b)"


def personnel_share(path: Path, min_year: int = 2014) -> pd.DataFrame:
    """TABLE8a's personnel block: (iso3, year, value [share of defence expenditure])."""
    try:
        raw = pd.read_excel(path, sheet_name=SHEET, header=None, engine="openpyxl")
    except ValueError as exc:
        raise DataError(f"cannot read sheet {SHEET!r}: {exc}".splitlines()[0], file=str(path),
                        allowed=SHEET) from None
    def year(c: object) -> int | None:
        t = str(c).strip().rstrip("e")
        t = t[:-2] if t.endswith(".0") else t
        return int(t) if t.isdigit() and len(t) == 4 else None

    def label(i: int) -> str:
        cells = [str(c).strip() for c in raw.iloc[i, :3].tolist()
                 if isinstance(c, str) and c.strip()]
        return cells[-1].rstrip("*").strip() if cells else ""

    start = [i for i in range(len(raw)) if label(i) == BLOCK]
    hdr = [i for i in range(len(raw))
           if sum(1 for c in raw.iloc[i].tolist() if year(c) is not None) >= 5]
    if not start or not hdr:
        raise DataError(f"sheet {SHEET!r}: no '{BLOCK}' block under a year header",
                        file=str(path), allowed=BLOCK)
    years = {j: y for j, c in enumerate(raw.iloc[hdr[0]].tolist())
             if (y := year(c)) is not None}
    reg = registry()
    rows = []
    for i in range(start[0] + 1, len(raw)):
        name = label(i)
        if not name:
            continue
        iso = reg.lookup(name)
        if iso is None:
            if name.startswith(("NATO", "#", "Notes")):
                break
            continue
        for j, y in years.items():
            v = pd.to_numeric(raw.iloc[i, j], errors="coerce")
            if y >= min_year and np.isfinite(v):
                rows.append({"iso3": iso, "year": y, "value": float(v) / 100.0})
    if not rows:
        raise DataError(f"sheet {SHEET!r}: no country rows in the '{BLOCK}' block",
                        file=str(path))
    return pd.DataFrame(rows)


def personnel_cost(path: Path, usd_per_eur: dict[int, float]) -> pd.DataFrame:
    """EUR per soldier-year per ally and year (current euros of the year).

    Returns
    -------
    pandas.DataFrame
        ``iso3, year, eur_per_person_year, unit, price_year, source, derivation``.
    """
    t = load_nato_tables(path)
    wide = t.pivot_table(index=["iso3", "year"], columns="series", values="value")
    share = personnel_share(path).set_index(["iso3", "year"])["value"]
    df = wide.join(share.rename("share"), how="inner").reset_index()
    df = df[np.isfinite(df.get("milex_usd_nato", np.nan)) & (df["personnel_nato"] > 0)]
    df = df[df["year"].isin(list(usd_per_eur))]
    fx = df["year"].map(usd_per_eur)
    df = df.assign(eur_per_person_year=df["milex_usd_nato"] * df["share"]
                   / df["personnel_nato"] / fx)
    df = df.assign(unit="EUR_per_person_year", price_year=df["year"], source=SOURCE,
                   derivation="NATO TABLE2 defence expenditure (current US$) x TABLE8a personnel "
                              "share (military and civilian pay and pensions) / TABLE7 military "
                              "personnel / ECB annual average US$ per EUR of the year")
    cols = ["iso3", "year", "eur_per_person_year", "unit", "price_year", "source", "derivation"]
    return df.loc[:, cols].sort_values(["iso3", "year"]).reset_index(drop=True)
