"""SIPRI Military Expenditure Database: the full workbook and the 2026-release two-year extract.

References
----------
SIPRI Military Expenditure Database, April 2025 release (data 1949-2024), sheets "Current US$"
(US$ m, current prices and exchange rates) and "Share of GDP" (fraction).
SIPRI Military Expenditure Database, April 2026 release v1.2, extract of the 2015 and 2025
columns made by the Khartis project (CSV, European decimal comma, % of GDP in percent).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.data.countries import registry
from guarantor.data.loaders._common import (
    check_zip,
    numeric_column,
    parse_year,
    read_csv_checked,
    tidy,
)
from guarantor.errors import DataError

#: Names in the SIPRI files of states (and former states or groups) outside the registry. A name
#: neither here nor resolvable in ``registry/countries.yaml`` is an error, so a renamed or new
#: entry fails loudly instead of silently disappearing.
OUT_OF_SCOPE: frozenset[str] = frozenset({
    "Afghanistan", "Algeria", "Angola", "Argentina", "Armenia", "Azerbaijan", "Bahrain",
    "Bangladesh", "Belarus", "Belize", "Benin", "Bolivia", "Bosnia and Herzegovina", "Botswana",
    "Brazil", "Brunei", "Burkina Faso", "Burundi", "Cambodia", "Cameroon", "Cape Verde",
    "Central African Republic", "Chad", "Chile", "Colombia", "Congo, DR", "Congo, Republic",
    "Costa Rica", "Cote d'Ivoire", "Cuba", "Czechoslovakia", "Djibouti", "Dominican Republic",
    "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea", "Eswatini", "Ethiopia",
    "European Union", "Fiji", "Gabon", "Gambia, The", "Georgia", "German Democratic Republic",
    "Ghana", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Indonesia",
    "Iran", "Iraq", "Israel", "Jamaica", "Jordan", "Kazakhstan", "Kenya", "Korea, North",
    "Kosovo", "Kuwait", "Kyrgyz Republic", "Laos", "Lebanon", "Lesotho", "Liberia", "Libya",
    "Madagascar", "Malawi", "Malaysia", "Mali", "Mauritania", "Mauritius", "Mexico", "Moldova",
    "Mongolia", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal", "Nicaragua", "Niger",
    "Nigeria", "Oman", "Pakistan", "Panama", "Papua New Guinea", "Paraguay", "Peru",
    "Philippines", "Qatar", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Seychelles",
    "Sierra Leone", "Singapore", "Somalia", "South Africa", "South Sudan", "Sri Lanka", "Sudan",
    "Syria", "Tajikistan", "Tanzania", "Thailand", "Timor Leste", "Togo", "Trinidad and Tobago",
    "Tunisia", "Turkmenistan", "USSR", "Uganda", "United Arab Emirates", "Uruguay", "Uzbekistan",
    "Venezuela", "Viet Nam", "Yemen", "Yemen, North", "Yugoslavia", "Zambia", "Zimbabwe",
})

#: Sheet -> (series, unit, multiplier to the unit).
WORKBOOK_SHEETS: dict[str, tuple[str, str, float]] = {
    "Current US$": ("milex_usd_sipri", "USD_current", 1e6),
    "Share of GDP": ("milex_gdp_share_sipri", "share", 1.0),
}

_MISSING = ("...", "xxx", "..", ". .", "…", "")


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def resolve_names(names: pd.Series, file: str, where: pd.Series) -> pd.Series:
    """ISO3 per name (None for out-of-scope names); DataError on the first unknown name."""
    reg = registry()
    codes = names.map(reg.lookup)
    unknown = codes.isna() & ~names.isin(OUT_OF_SCOPE)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        reg.resolve(str(names.iloc[i]), file=file, where=str(where.iloc[i]))
    return codes


def _sheet_to_tidy(raw: pd.DataFrame, sheet: str, path: Path, min_year: int) -> pd.DataFrame:
    series, unit, mult = WORKBOOK_SHEETS[sheet]
    first = raw.iloc[:, 0].astype(str).str.strip()
    hdr = np.flatnonzero(first.to_numpy() == "Country")
    if hdr.size == 0:
        raise DataError(
            f"sheet {sheet!r}: no header row starting with 'Country'", file=str(path),
            hint="the workbook layout changed or the file is not the SIPRI Milex workbook",
        )
    h = int(hdr[0])
    header = raw.iloc[h].tolist()
    years = {j: parse_year(c) for j, c in enumerate(header)}
    ycols = [j for j, y in years.items() if y is not None]
    if not ycols:
        raise DataError(f"sheet {sheet!r}: header row has no year columns", file=str(path),
                        key=f"row {h + 1}")
    ylist = [years[j][0] for j in ycols]  # type: ignore[index]
    if ylist != sorted(ylist) or len(set(ylist)) != len(ylist):
        raise DataError(f"sheet {sheet!r}: year columns out of order or repeated", file=str(path),
                        key=f"row {h + 1}", value=ylist[:6], allowed="increasing years")
    body = raw.iloc[h + 1:, :]
    data = body.iloc[:, ycols]
    has_data = data.notna().any(axis=1) & body.iloc[:, 0].notna()
    body, data = body[has_data], data[has_data]
    names = body.iloc[:, 0].astype(str).str.strip()
    rows_xl = pd.Series(body.index + 1, index=body.index)
    where = rows_xl.map(lambda r: f"sheet {sheet!r} row {r} column A")
    codes = resolve_names(names, str(path), where)
    keep = codes.notna().to_numpy()
    sel = [k for k, j in enumerate(ycols) if years[j][0] >= min_year]  # type: ignore[index]
    data = data.iloc[keep, sel]
    long = data.set_axis([ylist[k] for k in sel], axis=1)
    long.insert(0, "iso3", codes[keep].to_numpy())
    long.insert(1, "xlrow", rows_xl[keep].to_numpy())
    long = long.melt(id_vars=["iso3", "xlrow"], var_name="year", value_name="raw")
    txt = long["raw"].map(lambda v: v.strip() if isinstance(v, str) else v)
    is_num = txt.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    bad = ~is_num & txt.notna() & ~txt.isin(_MISSING)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        yr = int(long["year"].iloc[i])
        col = _col_letter(ycols[ylist.index(yr)])
        raise DataError(
            f"sheet {sheet!r}: non-numeric value", file=str(path),
            key=f"row {int(long['xlrow'].iloc[i])} column {col} ({yr})", value=long["raw"].iloc[i],
            allowed="a number, '...' (unavailable) or 'xxx' (did not exist)",
        )
    long["value"] = pd.to_numeric(txt.where(is_num), errors="coerce") * mult
    long = long[long["value"].notna()].copy()
    if long.duplicated(["iso3", "year"]).any():
        dup = long[long.duplicated(["iso3", "year"])].iloc[0]
        raise DataError(f"sheet {sheet!r}: country appears twice", file=str(path),
                        key=f"row {int(dup['xlrow'])}", value=str(dup["iso3"]))
    long["series"], long["unit"], long["note"] = series, unit, ""
    return tidy(long, path)


def load_sipri_workbook(path: Path, min_year: int = 2014) -> pd.DataFrame:
    """Military expenditure (current USD) and share of GDP (fraction) by registry country and year.

    Parameters
    ----------
    path : Path
        ``SIPRI-Milex-data-1949-2024_2.xlsx`` (or a file of the same layout).
    min_year : int
        First year kept [year].

    Returns
    -------
    pandas.DataFrame
        Tidy rows (iso3, year, series, value, unit, note); series ``milex_usd_sipri``
        [USD_current] and ``milex_gdp_share_sipri`` [share]. Missing cells (``...``, ``xxx``)
        are left out: gaps stay gaps.
    """
    check_zip(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl",
                               keep_default_na=False, na_values=[])
    except Exception as exc:  # openpyxl raises many types on a damaged archive
        raise DataError(f"cannot read workbook: {type(exc).__name__}: {exc}".splitlines()[0],
                        file=str(path)) from None
    # keep 'n/a'-like strings (so they are reported) but treat blank cells as empty
    sheets = {k: v.replace(r"^\s*$", np.nan, regex=True) for k, v in sheets.items()}
    missing = [s for s in WORKBOOK_SHEETS if s not in sheets]
    if missing:
        raise DataError(f"missing sheet(s) {', '.join(map(repr, missing))}", file=str(path),
                        value=list(sheets)[:10], allowed=", ".join(WORKBOOK_SHEETS))
    parts = [_sheet_to_tidy(sheets[s], s, path, min_year) for s in WORKBOOK_SHEETS]
    return tidy(pd.concat(parts, ignore_index=True), path)


EXTRACT_SHARE_COLUMNS: dict[int, str] = {
    2015: "Military expenditure % of GDP, 2015",
    2025: "Military expenditure % of GDP, 2025",
}


def load_sipri_extract(path: Path) -> pd.DataFrame:
    """Share of GDP for 2015 and 2025 from the SIPRI April 2026 release extract.

    The file writes percent with a decimal comma (``"2,27"``); values are converted to a
    fraction. Series ``milex_gdp_share_sipri`` [share], note ``SIPRI 2026 release``.
    """
    df = read_csv_checked(
        path, ["Country", *EXTRACT_SHARE_COLUMNS.values()], "SIPRI 2026 extract",
        dtype=str, keep_default_na=False, encoding="utf-8",
    )
    names = df["Country"].astype(str).str.strip()
    where = pd.Series([f"line {i + 2} column 'Country'" for i in range(len(df))], index=df.index)
    codes = resolve_names(names, str(path), where)
    frames = []
    for year, col in EXTRACT_SHARE_COLUMNS.items():
        text = df[col].astype(str).str.strip().str.replace(",", ".", regex=False)
        vals = numeric_column(pd.DataFrame({col: text}), col, path)
        frames.append(pd.DataFrame({
            "iso3": codes, "year": year, "series": "milex_gdp_share_sipri",
            "value": vals / 100.0, "unit": "share", "note": "SIPRI 2026 release",
        }))
    out = pd.concat(frames, ignore_index=True)
    out = out[out["iso3"].notna() & out["value"].notna()]
    return tidy(out, path)
