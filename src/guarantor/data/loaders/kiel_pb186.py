"""Kiel Policy Brief 186 (March 2025): European aid needed to replace US aid, by donor group.

``kiel_policy_brief_186/kiel_pb186_replace_us_aid.csv`` is a hand transcription of the eight
groups the brief's abstract names (shared/data/raw/PROVENANCE.md, section 8): columns ``donor``,
``current_eur_bn_per_year``, ``needed_eur_bn_per_year``, ``needed_is_minimum``,
``abstract_wording``. Each row is mapped to a donor group id of ``registry/donor_groups.yaml``.

References
----------
Kiel Institute for the World Economy, "Europe and the Ukraine aid gap", Kiel Policy Brief No. 186,
2025, https://hdl.handle.net/10419/313634 (abstract).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from guarantor.data.loaders._common import numeric_column, read_csv_checked
from guarantor.errors import DataError

COLUMNS = ("donor", "current_eur_bn_per_year", "needed_eur_bn_per_year", "needed_is_minimum",
           "abstract_wording")

#: The brief's row label -> donor or donor-group id (registry/donor_groups.yaml).
ROWS: dict[str, str] = {
    "EU institutions (Commission and EIB)": "EUI",
    "Germany": "DEU",
    "United Kingdom": "GBR",
    "France": "FRA",
    "Italy": "ITA",
    "Spain": "ESP",
    "All remaining European donors": "europe_rest",
    "Europe total": "europe",
}

#: Columns of the tidy table (``kiel_pb186.csv`` in the snapshot).
TIDY = ("row", "label", "now_eur", "needed_eur", "needed_is_minimum", "wording")


def load_kiel_pb186(path: Path) -> pd.DataFrame:
    """The brief's rows as EUR per year (``now_eur``, ``needed_eur`` [EUR_current per year])."""
    df = read_csv_checked(path, COLUMNS, "Kiel Policy Brief 186 table", dtype=str,
                          keep_default_na=False)
    labels = df["donor"].str.strip()
    unknown = ~labels.isin(list(ROWS))
    if unknown.any():
        i = int(unknown.to_numpy().nonzero()[0][0])
        raise DataError("unknown row of the Kiel Policy Brief 186 table", file=str(path),
                        line=i + 2, value=labels.iloc[i], allowed=", ".join(ROWS))
    missing = [k for k in ROWS if k not in set(labels)]
    if missing:
        raise DataError("row(s) missing from the Kiel Policy Brief 186 table", file=str(path),
                        value=missing)
    flag = df["needed_is_minimum"].str.strip().str.lower()
    if not flag.isin(["yes", "no"]).all():
        i = int((~flag.isin(["yes", "no"])).to_numpy().nonzero()[0][0])
        raise DataError("needed_is_minimum must be yes or no", file=str(path), line=i + 2,
                        value=df["needed_is_minimum"].iloc[i])
    return pd.DataFrame({
        "row": labels.map(ROWS), "label": labels,
        "now_eur": numeric_column(df, "current_eur_bn_per_year", path) * 1e9,
        "needed_eur": numeric_column(df, "needed_eur_bn_per_year", path) * 1e9,
        "needed_is_minimum": flag == "yes", "wording": df["abstract_wording"].str.strip(),
    }).loc[:, list(TIDY)]
