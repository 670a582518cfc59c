"""NATO "Defence Expenditure of NATO Countries (2014-2025)", Table 3, 2025e: a transcription.

No machine-readable copy of the 28 August 2025 tables is in the raw folder, so the 2025e shares of
GDP are kept in ``guarantor/data/transcriptions/nato_defexp_2025_table3.yaml``: per ally the value
(two decimals of a percentage, as NATO prints them), the press report or copy of NATO's table it
is read in with the verbatim locator, and a second report where one was found. ``data build``
reads it here; a null value (Iceland: no armed forces; Germany: NATO left the cell blank) is a
gap with the transcription's note as its reason.

The definition is NATO's (defence expenditure over real GDP, 2021 prices in the 2025 edition) and
is kept apart from SIPRI's nominal share: the snapshot stores it under ``milex_gdp_share_nato``
(year 2025, source ``nato_defexp_2025``), never mixed into a SIPRI cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from guarantor.data import DATA_DIR
from guarantor.data.countries import registry
from guarantor.errors import DataError
from guarantor.yamlio import _plain, parse_yaml_text

YEAR = 2025
SOURCE = "nato_defexp_2025"


def transcription_path() -> Path:
    """The bundled transcription file."""
    return DATA_DIR / "transcriptions" / "nato_defexp_2025_table3.yaml"


def load_nato_2025(path: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and gaps of the 2025e column.

    Returns
    -------
    values : pandas.DataFrame
        Tidy rows (iso3, year, series, value [share], unit, note, source, locator, check_source).
    gaps : pandas.DataFrame
        (iso3, reason) of allies without a transcribed value.
    """
    from guarantor.data.sources import source_catalogue

    path = path or transcription_path()
    try:
        doc = _plain(parse_yaml_text(path.read_text("utf-8"), str(path), DataError).data)
        rows = doc["values"]
    except (OSError, KeyError, TypeError) as exc:
        raise DataError(f"cannot read the NATO 2025 transcription: {exc}", file=str(path)) from None
    reg = registry()
    cat = source_catalogue()
    vals, gaps = [], []
    for iso, r in rows.items():
        if iso not in reg:
            raise DataError("unknown country code", file=str(path), key=f"values.{iso}")
        v = r.get("value")
        if v is None:
            gaps.append((iso, "no NATO 2025e figure: " + str(r.get("note", "no report"))))
            continue
        if not isinstance(v, int | float) or not 0 <= v <= 0.2:
            raise DataError("share of GDP must be a fraction", file=str(path),
                            key=f"values.{iso}.value", value=v, allowed="0..0.2")
        for k in ("source", "check_source"):
            if r.get(k) is not None and r[k] not in cat:
                raise DataError("unknown source id", file=str(path), key=f"values.{iso}.{k}",
                                value=r[k])
        if not r.get("source") or not r.get("locator"):
            raise DataError("a transcribed value needs its source and locator", file=str(path),
                            key=f"values.{iso}")
        note = "estimate" + ("; provisional" if r.get("flag") == "provisional" else "")
        vals.append({"iso3": iso, "year": YEAR, "series": "milex_gdp_share_nato",
                     "value": float(v), "unit": "share", "note": note, "source": SOURCE,
                     "locator": r["locator"], "check_source": r.get("check_source") or ""})
    return pd.DataFrame(vals), pd.DataFrame(gaps, columns=["iso3", "reason"])
