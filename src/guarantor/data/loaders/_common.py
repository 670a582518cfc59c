"""Shared helpers of the loaders: the tidy-table shape and checked readers.

The readers fail with located errors.

Every loader returns a tidy :class:`pandas.DataFrame` with the columns of :data:`TIDY_COLUMNS`
(Kiel's monthly table adds ``month``). Every problem with an input file becomes a
:class:`~guarantor.errors.DataError` naming the file, the sheet/column/row and what was expected.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.errors import DataError

#: Columns of every tidy table a loader returns: country (ISO3), year, canonical series name,
#: value (float, in ``unit``), unit (from :mod:`guarantor.units`) and a note (e.g. ``estimate``).
TIDY_COLUMNS: tuple[str, ...] = ("iso3", "year", "series", "value", "unit", "note")

_YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)(e?)\s*$")


def tidy(rows: pd.DataFrame) -> pd.DataFrame:
    """Order columns and rows of a tidy table and fix dtypes (deterministic output)."""
    out = rows.loc[:, list(TIDY_COLUMNS)].copy()
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["note"] = out["note"].fillna("").astype(str)
    return out.sort_values(["series", "iso3", "year"], kind="mergesort").reset_index(drop=True)


def parse_year(cell: object) -> tuple[int, bool] | None:
    """Read a year header cell: ``2023``, ``2023.0``, ``'2019'`` or ``'2023e'`` (estimate flag)."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float | np.integer | np.floating):
        if float(cell).is_integer() and 1900 <= int(cell) <= 2100:
            return int(cell), False
        return None
    m = _YEAR_RE.match(str(cell))
    if m is None:
        return None
    return int(m.group(1)), m.group(2) == "e"


def require_file(path: Path, what: str) -> Path:
    """Return ``path`` if it is a readable non-empty file.

    Otherwise raise a DataError saying what was expected.
    """
    if not path.is_file():
        raise DataError(f"missing {what}", file=str(path), hint="check the --raw folder layout")
    if path.stat().st_size == 0:
        raise DataError(f"empty file; expected {what}", file=str(path))
    return path


def find_one(folder: Path, pattern: str, what: str) -> Path:
    """The single file matching ``pattern`` in ``folder`` (sorted, first), or a DataError."""
    hits = sorted(folder.glob(pattern))
    if not hits:
        raise DataError(
            f"no file matching {pattern!r} for {what}", file=str(folder),
            hint="check the --raw folder layout (see shared/data/raw/PROVENANCE.md)",
        )
    return require_file(hits[0], what)


def check_zip(path: Path) -> None:
    """Fail with a readable message when an .xlsx is not a (complete) zip archive."""
    if not zipfile.is_zipfile(path):
        raise DataError(
            "not a readable .xlsx workbook (truncated or corrupt file)", file=str(path),
            hint="download the file again",
        )


def read_csv_checked(
    path: Path, required: Sequence[str], what: str, **kwargs: object
) -> pd.DataFrame:
    """Read a CSV and check that the ``required`` columns are present (any order)."""
    require_file(path, what)
    try:
        df = pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"cannot parse {what} as CSV: {first}", file=str(path)) from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{what}: missing column(s) {', '.join(map(repr, missing))}", file=str(path),
            value=[str(c) for c in df.columns][:12], allowed=", ".join(required),
            hint="the publisher may have renamed a column",
        )
    return df


def numeric_column(
    df: pd.DataFrame, column: str, path: Path, *, header_rows: int = 1,
    missing: Iterable[str] = ("", "..", "...", "…", ". .", "xxx"),
) -> pd.Series:
    """Column as float (missing markers to NaN) or a DataError naming the first bad row.

    ``header_rows`` converts the 0-based data index to the 1-based line of the file.
    """
    col = df[column]
    if pd.api.types.is_numeric_dtype(col):
        return col.astype("float64")
    text = col.astype(str).str.strip()
    text = text.where(~text.isin(list(missing)) & col.notna(), None)
    vals = pd.to_numeric(text, errors="coerce")
    bad = vals.isna() & text.notna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"non-numeric value in column {column!r}", file=str(path), line=i + 1 + header_rows,
            value=str(col.iloc[i]), allowed="a number or a missing-data marker (.., ..., …)",
        )
    return vals.astype("float64")
