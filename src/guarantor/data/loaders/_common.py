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


#: Largest raw file read (bytes): the official files are a few MB; a guard, not a format rule.
MAX_RAW_BYTES = 200_000_000

#: Limits on a zip archive (an .xlsx workbook is one): members, total uncompressed size, and
#: the compression ratio of any member — guards against zip bombs before anything is unpacked.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 1_000_000_000
MAX_ZIP_RATIO = 200


def tidy(rows: pd.DataFrame, file: str | Path | None = None) -> pd.DataFrame:
    """Order columns and rows of a tidy table and fix dtypes (deterministic output).

    Every value must be a finite number of at least 0 (spending, GDP, persons, aid and shares
    are never negative; a gap is a missing row, never ``inf``); anything else is a DataError
    naming the file (when given), the series, country and year.
    """
    out = rows.loc[:, list(TIDY_COLUMNS)].copy()
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    vals = out["value"].to_numpy()
    bad = np.isinf(vals) | (vals < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        r = out.iloc[i]
        raise DataError(
            f"value out of range for {r['series']} {r['iso3']} {r['year']}",
            file=None if file is None else str(file), key=f"{r['iso3']} {r['year']}",
            value=float(vals[i]),
            allowed="a finite number >= 0 (leave a gap empty or '..')",
            hint=f"{int(bad.sum())} such value(s) in this file")
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
    import stat

    if not path.exists():
        raise DataError(f"missing {what}", file=str(path), hint="check the --raw folder layout")
    try:
        st = path.stat()
    except OSError as exc:
        raise DataError(f"cannot read {what}: {exc.strerror}", file=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise DataError(f"not a regular file; expected {what}", file=str(path),
                        allowed="a regular file (not a folder, pipe or device)")
    if st.st_size == 0:
        raise DataError(f"empty file; expected {what}", file=str(path))
    if st.st_size > MAX_RAW_BYTES:
        raise DataError(f"file too large for {what}", file=str(path),
                        value=f"{st.st_size:,} bytes", allowed=f"at most {MAX_RAW_BYTES:,} bytes")
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


def check_zip(path: Path, what: str = ".xlsx workbook") -> None:
    """Fail with a readable message when an archive is not a complete zip or is a zip bomb.

    The central directory is read (not the contents): the number of members, their total
    uncompressed size and each member's compression ratio must stay within the limits above.
    """
    require_file(path, what)
    if not zipfile.is_zipfile(path):
        raise DataError(
            f"not a readable {what} (truncated or corrupt file)", file=str(path),
            hint="download the file again",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(f"not a readable {what}: {exc}", file=str(path)) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DataError(f"{what} has too many members", file=str(path), value=len(infos),
                        allowed=f"at most {MAX_ZIP_MEMBERS:,}")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_BYTES:
        raise DataError(f"{what} unpacks to too much data (a zip bomb?)", file=str(path),
                        value=f"{total:,} bytes", allowed=f"at most {MAX_ZIP_BYTES:,} bytes")
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > 1_000_000 and ratio > MAX_ZIP_RATIO:
            raise DataError(f"{what} member compressed too strongly (a zip bomb?)",
                            file=str(path), key=i.filename, value=f"ratio {ratio:,.0f}",
                            allowed=f"at most {MAX_ZIP_RATIO}:1")


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
    except OSError as exc:
        raise DataError(f"cannot read {what}: {exc.strerror}", file=str(path)) from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"{what}: missing column(s) {', '.join(map(repr, missing))}", file=str(path),
            value=[str(c) for c in df.columns][:12], allowed=", ".join(required),
            hint="the publisher may have renamed a column",
        )
    if df.empty:
        raise DataError(f"{what}: no data rows (only a header)", file=str(path),
                        allowed="at least one row of data")
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
        vals = col.astype("float64")
        inf = np.isinf(vals.to_numpy())
        if inf.any():
            i = int(np.flatnonzero(inf)[0])
            raise DataError(f"not a finite number in column {column!r}", file=str(path),
                            line=i + 1 + header_rows, value=float(vals.iloc[i]),
                            allowed="a finite number or a missing-data marker (.., ..., …)")
        return vals
    text = col.astype(str).str.strip()
    text = text.where(~text.isin(list(missing)) & col.notna(), None)
    vals = pd.to_numeric(text, errors="coerce")
    bad = (vals.isna() & text.notna()) | np.isinf(vals.to_numpy(dtype="float64"))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"non-numeric value in column {column!r}", file=str(path), line=i + 1 + header_rows,
            value=str(col.iloc[i]), allowed="a number or a missing-data marker (.., ..., …)",
        )
    return vals.astype("float64")
