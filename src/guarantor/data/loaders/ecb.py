"""European Central Bank, euro foreign exchange reference rates: the daily file.

``ecb_fx/eurofxref-hist.zip`` holds one CSV, ``eurofxref-hist.csv``: a ``Date`` column, then one
column per currency (units of that currency per euro), newest row first, ``N/A`` where no rate
was published, and a trailing comma on every line (an empty last column).

The annual average of a currency is the arithmetic mean of the year's daily reference rates,
which is how the ECB computes its annual series (e.g. ``EXR.A.USD.EUR.SP00.A``): the mean of this
file's USD column reproduces the ECB's published annual values for 2010-2016 to 12 significant
digits (shared/data/raw/PROVENANCE.md, section 6).

References
----------
European Central Bank, "Euro foreign exchange reference rates",
https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.data.loaders._common import check_zip, require_file
from guarantor.data.loaders.fx import SERIES_ANNUAL, SERIES_DAILY, SOURCE, FxRecord
from guarantor.errors import DataError


def load_ecb_daily(path: Path, currency: str = "USD") -> pd.Series:
    """Daily reference rates of ``currency`` per euro, oldest first, NaN where none published.

    Parameters
    ----------
    path : Path
        ``eurofxref-hist.zip`` (or the ``.csv`` inside it).
    currency : str
        Column of the file, e.g. ``"USD"``.

    Returns
    -------
    pandas.Series
        Index: dates (datetime64); values [currency per EUR].
    """
    require_file(path, "ECB eurofxref-hist")
    try:
        if zipfile.is_zipfile(path):
            check_zip(path, "ECB zip archive")
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.endswith(".csv")]
                if len(names) != 1:
                    raise DataError("expected exactly one CSV in the ECB zip", file=str(path),
                                    value=zf.namelist())
                with zf.open(names[0]) as fh:
                    df = pd.read_csv(fh, dtype=str, keep_default_na=False)
        elif path.suffix.lower() == ".zip":
            raise DataError("not a readable zip archive (truncated or corrupt file)",
                            file=str(path), hint="download the file again")
        else:
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
            zipfile.BadZipFile) as exc:
        raise DataError(f"cannot parse the ECB daily file: {str(exc).splitlines()[0]}",
                        file=str(path)) from None
    if df.empty:
        raise DataError("ECB daily file: no data rows (only a header)", file=str(path),
                        allowed="at least one row of data")
    for col in ("Date", currency):
        if col not in df.columns:
            raise DataError(f"ECB daily file: missing column {col!r}", file=str(path),
                            value=list(df.columns)[:8], allowed="Date, USD, JPY, ...")
    dates = pd.to_datetime(df["Date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataError("bad date in the ECB daily file", file=str(path), line=i + 2,
                        value=df["Date"].iloc[i], allowed="YYYY-MM-DD")
    text = df[currency].str.strip()
    vals = pd.to_numeric(text.where(~text.isin(["N/A", ""])), errors="coerce")
    bad = vals.isna() & ~text.isin(["N/A", ""])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"non-numeric rate in column {currency!r}", file=str(path), line=i + 2,
                        value=df[currency].iloc[i], allowed="a number or N/A")
    if dates.duplicated().any():
        i = int(np.flatnonzero(dates.duplicated().to_numpy())[0])
        raise DataError("date appears twice in the ECB daily file", file=str(path), line=i + 2,
                        value=df["Date"].iloc[i])
    return pd.Series(vals.to_numpy(), index=pd.DatetimeIndex(dates), name=currency).sort_index()


def annual_means(daily: pd.Series) -> pd.DataFrame:
    """Arithmetic mean of each complete calendar year's published daily rates.

    A year counts as complete when the file has rates both in its first and its last week (the
    latest year of a file read in April is partial and is left out).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``mean`` [currency per EUR], ``n_days``.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 9.0],
    ...               index=pd.to_datetime(["2024-01-02", "2024-06-03", "2024-12-31",
    ...                                     "2025-01-02"]))
    >>> annual_means(s).to_dict("records")
    [{'year': 2024, 'mean': 2.0, 'n_days': 3}]
    """
    s = daily.dropna()
    years = s.index.year
    g = pd.DataFrame({"year": years, "v": s.to_numpy(), "doy": s.index.day_of_year,
                      "month": s.index.month, "day": s.index.day})
    agg = g.groupby("year").agg(mean=("v", "mean"), n_days=("v", "size"),
                                first_doy=("doy", "min"),
                                last_md=("month", lambda m: int(m.max())))
    last_day = g[g["month"] == 12].groupby("year")["day"].max()
    agg["last_dec_day"] = last_day.reindex(agg.index).fillna(0)
    complete = (agg["first_doy"] <= 7) & (agg["last_md"] == 12) & (agg["last_dec_day"] >= 24)
    out = agg[complete].reset_index()[["year", "mean", "n_days"]]
    out["year"] = out["year"].astype(int)
    out["n_days"] = out["n_days"].astype(int)
    return out


def usd_per_eur_records(path: Path, first_year: int) -> tuple[FxRecord, ...]:
    """Annual USD per EUR (``EXR.A.USD.EUR.SP00.A``) from the daily file, from ``first_year``."""
    means = annual_means(load_ecb_daily(path, "USD"))
    means = means[means["year"] >= first_year]
    if means.empty:
        raise DataError("no complete year of USD rates in the ECB daily file", file=str(path))
    return tuple(
        FxRecord(int(r.year), round(float(r.mean), 10), SOURCE,
                 f"{SERIES_ANNUAL}: mean of the {int(r.n_days)} daily rates {SERIES_DAILY} of "
                 f"{int(r.year)} in {path.name}")
        for r in means.itertuples()
    )
