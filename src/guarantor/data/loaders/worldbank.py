"""World Bank World Development Indicators: long CSVs (datahub layout) and the wide API download.

References
----------
World Bank, World Development Indicators: NY.GDP.MKTP.CD (GDP, current US$), SP.POP.TOTL
(population, total), MS.MIL.XPND.GD.ZS (military expenditure, % of GDP; SIPRI-sourced),
MS.MIL.TOTL.P1 (armed forces personnel, total; IISS-sourced). CC BY 4.0.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.data.countries import registry
from guarantor.data.loaders._common import (
    numeric_column,
    parse_year,
    read_csv_checked,
    require_file,
    tidy,
)
from guarantor.errors import DataError

#: WDI indicator code -> (series, unit, multiplier to the unit). Percent becomes a fraction.
INDICATORS: dict[str, tuple[str, str, float]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", "USD_current", 1.0),
    "SP.POP.TOTL": ("population", "persons", 1.0),
    "MS.MIL.XPND.GD.ZS": ("milex_gdp_share_wb", "share", 0.01),
    "MS.MIL.TOTL.P1": ("personnel_wb", "persons", 1.0),
}

LONG_COLUMNS = ("Country Name", "Country Code", "Year", "Value")


def _to_tidy(codes: pd.Series, years: pd.Series, values: pd.Series, indicator: str,
             min_year: int, path: Path) -> pd.DataFrame:
    series, unit, mult = INDICATORS[indicator]
    out = pd.DataFrame({"iso3": codes.to_numpy(), "year": years.to_numpy(),
                        "value": values.to_numpy() * mult})
    # WB files hold aggregates (WLD, EUU, income groups) and out-of-scope states: keep the registry.
    out = out[out["iso3"].isin(registry().codes) & out["value"].notna() & (out["year"] >= min_year)]
    out = out.assign(series=series, unit=unit, note="")
    return tidy(out, path)


def load_wdi_long(path: Path, indicator: str, min_year: int = 2014) -> pd.DataFrame:
    """One WDI indicator from a long CSV (``Country Name, Country Code, Year, Value``).

    Parameters
    ----------
    path : Path
        E.g. ``worldbank_wdi/NY.GDP.MKTP.CD.csv``.
    indicator : str
        WDI code, one of :data:`INDICATORS`.
    min_year : int
        First year kept [year].
    """
    if indicator not in INDICATORS:
        raise DataError("unknown WDI indicator", value=indicator, allowed=", ".join(INDICATORS))
    df = read_csv_checked(path, LONG_COLUMNS, f"World Bank {indicator}", dtype={"Value": str},
                          keep_default_na=False)
    years = numeric_column(df, "Year", path)
    if years.isna().any() or not np.all(np.mod(years.to_numpy(), 1) == 0):
        i = int(np.flatnonzero(years.isna().to_numpy() | (np.mod(years.fillna(0), 1) != 0))[0])
        raise DataError("column 'Year' must hold whole years", file=str(path), line=i + 2,
                        value=str(df["Year"].iloc[i]))
    values = numeric_column(df, "Value", path)
    dup = df.duplicated(["Country Code", "Year"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError("country-year appears twice", file=str(path), line=i + 2,
                        value=f"{df['Country Code'].iloc[i]} {df['Year'].iloc[i]}")
    return _to_tidy(df["Country Code"].astype(str), years.astype("int64"), values, indicator,
                    min_year, path)


def load_wdi_wide(path: Path, min_year: int = 2014) -> pd.DataFrame:
    """A WDI API download in the wide layout (4 preamble lines, one column per year).

    The indicator is read from the ``Indicator Code`` column and must be one of
    :data:`INDICATORS` (e.g. ``MS.MIL.TOTL.P1``, armed forces personnel).
    """
    require_file(path, "World Bank wide CSV")
    head = path.read_text("utf-8-sig", errors="replace").splitlines()[:6]
    skip = next((i for i, ln in enumerate(head) if ln.startswith('"Country Name"')
                 or ln.startswith("Country Name")), None)
    if skip is None:
        raise DataError("no header line starting with 'Country Name' in the first 6 lines",
                        file=str(path), hint="expected the World Bank API CSV layout")
    df = read_csv_checked(path, ["Country Name", "Country Code", "Indicator Code"],
                          "World Bank wide CSV", skiprows=skip, dtype=str, keep_default_na=False)
    codes = df["Indicator Code"].unique().tolist()
    if len(codes) != 1 or codes[0] not in INDICATORS:
        raise DataError("unexpected 'Indicator Code'", file=str(path), value=codes[:3],
                        allowed=", ".join(INDICATORS))
    parsed = {c: parse_year(c) for c in df.columns}
    ycols = {c: y[0] for c, y in parsed.items() if y is not None and not y[1]}
    if not ycols:
        raise DataError("no year columns in header", file=str(path), line=skip + 1)
    long = df.melt(id_vars=["Country Code"], value_vars=list(ycols), var_name="col",
                   value_name="Value")
    long["Year"] = long["col"].map(ycols)
    # line numbers: header at skip+1, data from skip+2; melt keeps row order per column
    vals = numeric_column(long, "Value", path, header_rows=skip + 1)
    return _to_tidy(long["Country Code"], long["Year"], vals, codes[0], min_year, path)
