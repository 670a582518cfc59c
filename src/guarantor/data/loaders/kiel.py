"""Kiel Institute, Ukraine Support Tracker: the ``data_explorer.csv`` widget table (Release 29).

References
----------
Trebesch, C. et al., "The Ukraine Support Tracker: Which countries help Ukraine and how?",
Kiel Working Paper 2218, Kiel Institute for the World Economy, updated with each release.
Values are allocations in EUR billion, current euros, by donor and month.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.data.countries import registry
from guarantor.data.loaders._common import numeric_column, read_csv_checked
from guarantor.errors import DataError

#: Kiel donors outside the registry (by their ``iso`` code in the file).
OUT_OF_SCOPE: frozenset[str] = frozenset({"EU"})

#: Column of ``data_explorer.csv`` -> canonical series (unit EUR_current; file unit is EUR bn).
KINDS: dict[str, str] = {
    "military": "aid_military_eur",
    "financial": "aid_financial_eur",
    "humanitarian": "aid_humanitarian_eur",
}

EXPLORER_COLUMNS = ("country", "iso", "year", "month", *KINDS)

#: Columns of the monthly tidy table.
MONTHLY_COLUMNS = ("iso3", "year", "month", "series", "value", "unit", "note")


def load_kiel_explorer(path: Path) -> pd.DataFrame:
    """Monthly aid allocations to Ukraine by donor and kind, in euros.

    Parameters
    ----------
    path : Path
        ``kiel_ukraine_support_tracker/data_explorer.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MONTHLY_COLUMNS`; series ``aid_military_eur``, ``aid_financial_eur``,
        ``aid_humanitarian_eur`` [EUR_current] (the file's EUR bn times 1e9).
    """
    df = read_csv_checked(path, EXPLORER_COLUMNS, "Kiel data_explorer", dtype=str,
                          keep_default_na=False)
    reg = registry()
    iso = df["iso"].astype(str).str.strip()
    known = iso.isin(reg.codes)
    unknown = ~known & ~iso.isin(OUT_OF_SCOPE)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        reg.resolve(str(df["country"].iloc[i]), file=str(path), where=f"line {i + 2} column 'iso'")
    year = numeric_column(df, "year", path)
    month = numeric_column(df, "month", path)
    bad = year.isna() | month.isna() | ~month.between(1, 12) | ~year.between(2000, 2100)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError("bad year or month", file=str(path), line=i + 2,
                        value=f"{df['year'].iloc[i]}-{df['month'].iloc[i]}",
                        allowed="year 2000..2100, month 1..12")
    dup = df.duplicated(["iso", "year", "month"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError("donor-month appears twice", file=str(path), line=i + 2,
                        value=f"{iso.iloc[i]} {df['year'].iloc[i]}-{df['month'].iloc[i]}")
    frames = [
        pd.DataFrame({
            "iso3": iso, "year": year.astype("int64"), "month": month.astype("int64"),
            "series": series, "value": numeric_column(df, col, path) * 1e9,
            "unit": "EUR_current", "note": "",
        })[known]
        for col, series in KINDS.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    out = out[out["value"].notna()]
    return out.sort_values(["series", "iso3", "year", "month"], kind="mergesort").reset_index(
        drop=True).loc[:, list(MONTHLY_COLUMNS)]


def load_kiel_release(path: Path) -> dict[str, str]:
    """Release number, period and date from ``release_info.csv``."""
    df = read_csv_checked(path, ["release", "period", "date"], "Kiel release_info", dtype=str,
                          keep_default_na=False)
    if len(df) != 1:
        raise DataError("expected exactly one release row", file=str(path), value=len(df))
    row = df.iloc[0]
    return {"release": str(row["release"]), "period": str(row["period"]),
            "date": str(row["date"])}


def annual_aid(monthly: pd.DataFrame) -> pd.DataFrame:
    """Calendar-year sums of the monthly table (tidy, columns of TIDY_COLUMNS)."""
    g = monthly.groupby(["series", "iso3", "year"], sort=True, as_index=False).agg(
        value=("value", "sum"), last_month=("month", "max"))
    g["unit"] = "EUR_current"
    g["note"] = ""
    return g


#: Kiel's code for the EU institutions -> the donor id used in the snapshot and the registry's
#: donor groups (``registry/donor_groups.yaml``).
EU_INSTITUTIONS = {"EU": "EUI"}

#: Columns of the monthly per-donor table (``aid_donors.csv`` in the snapshot).
DONOR_COLUMNS = ("donor", "year", "month", "kind", "value", "unit", "kiel_gdp_eur", "source")


def load_kiel_donors(path: Path) -> pd.DataFrame:
    """Monthly aid allocations of every Kiel donor, EU institutions included, by kind.

    Unlike :func:`load_kiel_explorer` (registry countries only), this keeps the EU institutions
    ("EU (Commission and Council)", Kiel code ``EU``) as the donor ``EUI``: Kiel counts them as a
    donor in their own right, and the largest one.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DONOR_COLUMNS`: ``kind`` military | financial | humanitarian, ``value``
        [EUR_current] (file EUR bn x 1e9), ``kiel_gdp_eur`` [EUR_current] Kiel's reference GDP of
        the donor (NaN for the EU institutions, for which the file gives 0).
    """
    monthly = load_kiel_explorer(path)  # validates codes, months, numbers and duplicates
    df = read_csv_checked(path, (*EXPLORER_COLUMNS, "gdp"), "Kiel data_explorer", dtype=str,
                          keep_default_na=False)
    iso = df["iso"].astype(str).str.strip()
    eu = iso.isin(list(EU_INSTITUTIONS))
    gdp = numeric_column(df, "gdp", path) * 1e9
    frames = [monthly.assign(donor=monthly["iso3"],
                             kind=monthly["series"].map({v: k for k, v in KINDS.items()}))]
    if eu.any():
        e = df[eu]
        frames += [pd.DataFrame({
            "donor": iso[eu].map(EU_INSTITUTIONS), "year": numeric_column(e, "year", path)
            .astype("int64"), "month": numeric_column(e, "month", path).astype("int64"),
            "kind": kind, "value": numeric_column(e, col, path) * 1e9,
        }) for kind, col in ((k, k) for k in KINDS)]
    out = pd.concat(frames, ignore_index=True)
    gdp_by = pd.Series(np.where(gdp > 0, gdp, np.nan), index=iso.replace(EU_INSTITUTIONS))
    gdp_by = gdp_by[~gdp_by.index.duplicated()]
    out["kiel_gdp_eur"] = out["donor"].map(gdp_by)
    out["unit"] = "EUR_current"
    out["source"] = "kiel_ust_r29"
    out = out[out["value"].notna()]
    return out.sort_values(["donor", "kind", "year", "month"], kind="mergesort").reset_index(
        drop=True).loc[:, list(DONOR_COLUMNS)]
