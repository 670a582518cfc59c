"""NATO, "Defence Expenditure of NATO Countries (2014-2024)": the tables workbook.

References
----------
NATO Public Diplomacy Division, press release of 17 June 2024, file
``240617-def-exp-2024-TABLES-en.xlsx``: TABLE2 (defence expenditure, million US$, current prices
and exchange rates: first block), TABLE3 (defence expenditure as % of real GDP: first block),
TABLE7 (military personnel, thousands). Years headed ``2023e``/``2024e`` are estimates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from guarantor.data.countries import registry
from guarantor.data.loaders._common import check_zip, parse_year, tidy
from guarantor.errors import DataError

#: Row labels of the NATO tables that are aggregates, not countries.
OUT_OF_SCOPE: frozenset[str] = frozenset({"NATO Europe and Canada", "NATO Total", "NATO Europe"})

#: Sheet -> (series, unit, multiplier, the block's expected heading or None for the first block).
SHEETS: dict[str, tuple[str, str, float]] = {
    "TABLE2": ("milex_usd_nato", "USD_current", 1e6),
    "TABLE3": ("milex_gdp_share_nato", "share", 0.01),
    "TABLE7": ("personnel_nato", "persons", 1e3),
}


def _first_block(raw: pd.DataFrame, sheet: str, path: Path) -> pd.DataFrame:
    series, unit, mult = SHEETS[sheet]
    cells = raw.to_numpy(dtype=object)
    # header row: the first row with at least 5 year-like cells
    parsed = np.vectorize(lambda c: parse_year(c) is not None, otypes=[bool])(cells)
    counts = parsed.sum(axis=1)
    hdr = np.flatnonzero(counts >= 5)
    if hdr.size == 0:
        raise DataError(f"sheet {sheet!r}: no header row with years", file=str(path),
                        hint="expected a row like 2014, 2015, ..., '2023e', '2024e'")
    h = int(hdr[0])
    ycols = np.flatnonzero(parsed[h])
    yinfo = [parse_year(cells[h, j]) for j in ycols]
    years = [y[0] for y in yinfo]  # type: ignore[index]
    if years != sorted(years) or len(set(years)) != len(years):
        raise DataError(f"sheet {sheet!r}: year columns out of order or repeated", file=str(path),
                        key=f"row {h + 1}", value=years, allowed="increasing years")
    first_y = int(ycols[0])
    reg = registry()
    rows: list[int] = []
    names: list[str] = []
    started = False
    for r in range(h + 1, cells.shape[0]):
        label_cells = [c for c in cells[r, :first_y] if isinstance(c, str) and c.strip()]
        values = cells[r, ycols]
        has_vals = any(v is not None and not (isinstance(v, float) and np.isnan(v)) for v in values)
        if not label_cells:
            if started and not has_vals:
                continue
            continue
        label = label_cells[-1].strip().rstrip("*").strip()
        if not has_vals:
            if started:  # a heading after the first block: stop
                break
            continue
        started = True
        if label in OUT_OF_SCOPE:
            if label == "NATO Total":
                break
            continue
        if reg.lookup(label) is None:
            reg.resolve(label, file=str(path), where=f"sheet {sheet!r} row {r + 1}")
        rows.append(r)
        names.append(label)
    if not rows:
        raise DataError(f"sheet {sheet!r}: no country rows under the year header", file=str(path),
                        key=f"row {h + 1}")
    block = cells[np.ix_(cast(Any, rows), cast(Any, ycols))]
    is_num = np.vectorize(
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and not np.isnan(v),
        otypes=[bool])(block)
    is_missing = np.vectorize(lambda v: v is None or (isinstance(v, float) and np.isnan(v))
                              or (isinstance(v, str) and v.strip() in ("", "..", "...", "-")),
                              otypes=[bool])(block)
    bad = ~is_num & ~is_missing
    if bad.any():
        i, j = (int(x[0]) for x in np.nonzero(bad))
        col = int(ycols[j])
        raise DataError(f"sheet {sheet!r}: non-numeric value", file=str(path),
                        key=f"row {rows[i] + 1} column {col + 1} ({years[j]})",
                        value=block[i, j], allowed="a number")
    vals = np.where(is_num, block, np.nan).astype("float64") * mult
    codes = [reg.lookup(n) for n in names]
    if len(set(codes)) != len(codes):
        raise DataError(f"sheet {sheet!r}: a country appears twice", file=str(path))
    notes = ["estimate" if y[1] else "" for y in yinfo]  # type: ignore[index]
    out = pd.DataFrame({
        "iso3": np.repeat(cast(Any, codes), len(years)),
        "year": np.tile(years, len(codes)),
        "value": vals.ravel(),
        "note": np.tile(notes, len(codes)),
    })
    out = out[out["value"].notna()].assign(series=series, unit=unit)
    return tidy(out, path)


def load_nato_tables(path: Path, min_year: int = 2014) -> pd.DataFrame:
    """Defence expenditure (current USD), its share of real GDP (fraction) and personnel (persons).

    Parameters
    ----------
    path : Path
        ``240617-def-exp-2024-TABLES-en.xlsx`` or a file of the same layout.
    min_year : int
        First year kept [year].

    Returns
    -------
    pandas.DataFrame
        Tidy rows: ``milex_usd_nato`` [USD_current], ``milex_gdp_share_nato`` [share],
        ``personnel_nato`` [persons]; note ``estimate`` for years headed like ``2023e``.
    """
    check_zip(path)
    try:
        sheets = pd.read_excel(path, sheet_name=list(SHEETS), header=None, engine="openpyxl",
                               keep_default_na=False, na_values=[])
    except ValueError as exc:
        if "not found" in str(exc).lower():
            import openpyxl

            names = openpyxl.load_workbook(path, read_only=True).sheetnames
            missing = [s for s in SHEETS if s not in names]
            raise DataError(f"missing sheet(s) {', '.join(map(repr, missing))}", file=str(path),
                            value=names[:10], allowed=", ".join(SHEETS)) from None
        raise DataError(f"cannot read workbook: {exc}".splitlines()[0], file=str(path)) from None
    except Exception as exc:
        raise DataError(f"cannot read workbook: {type(exc).__name__}: {exc}".splitlines()[0],
                        file=str(path)) from None
    # keep 'n/a'-like strings (so they are reported) but treat blank cells as empty
    sheets = {k: v.replace(r"^\s*$", np.nan, regex=True) for k, v in sheets.items()}
    out = pd.concat([_first_block(sheets[s], s, path) for s in SHEETS], ignore_index=True)
    return tidy(out[out["year"] >= min_year], path)
