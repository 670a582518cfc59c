"""Euro price index for constant-euro costs, derived from SIPRI's own price conversion.

SIPRI's Milex workbook gives each country's military expenditure in local currency at current
prices (sheet "Local currency calendar years") and in constant (2023) US$ (sheet "Constant
(2023) US$"). SIPRI makes the constant series by deflating local currency with the country's
consumer price index and converting at the base year's exchange rate, so for a country ``c``

    CPI_c(t) / CPI_c(2023) = LC_c(t) / (K_c(t) x fx_c(2023)),
    fx_c(2023) = LC_c(2023) / USD_c(2023)

(``USD`` = sheet "Current US$"). The euro index is the aggregate of the euro area's eleven
founding members (1999; their local currency is the euro in every year used here), each at its
own CPI: ``sum_c LC_c(t) / sum_c LC_c(t) at 2023 prices`` — an implicit consumer-price deflator
of those countries' defence spending, rebased to 1 in :data:`BASE_YEAR`. Checked against the
national CPIs it embeds: Germany 2022 +6.9%, France 2022 +5.2%, Italy 2022 +8.2%, Spain 2022
+8.4% (tests/data/loaders/test_prices.py).

References
----------
SIPRI Military Expenditure Database, April 2025 release, "Sources and methods": constant US$
figures are local-currency figures deflated by the national CPI and converted at the base year's
market exchange rate.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from guarantor.errors import DataError

#: Euro area founding members (1 January 1999), SIPRI's country names.
EURO_11: tuple[str, ...] = (
    "Austria", "Belgium", "Finland", "France", "Germany", "Ireland", "Italy", "Luxembourg",
    "Netherlands", "Portugal", "Spain",
)
#: SIPRI's constant-price base year in the April 2025 workbook.
SIPRI_BASE = 2023
#: Year the bundled index is 1 in (the report's constant euros).
BASE_YEAR = 2024
FIRST_YEAR = 1999
SOURCE = "sipri_milex_2025"
SHEETS = ("Local currency calendar years", "Constant (2023) US$", "Current US$")


def _wide(raw: pd.DataFrame, sheet: str, path: Path) -> pd.DataFrame:
    """Country x year numbers of one sheet (the header row starts with 'Country')."""
    first = raw[0].astype(str).str.strip()
    hits = np.flatnonzero(first.to_numpy() == "Country")
    if len(hits) == 0:
        raise DataError(f"sheet {sheet!r}: no header row starting with 'Country'", file=str(path))
    h = int(hits[0])
    cols = raw.iloc[h].tolist()
    body = raw.iloc[h + 1:].copy()
    body.columns = cols
    body = body.set_index("Country")
    years = [c for c in cols if isinstance(c, int | float) and not pd.isna(c)]
    return body[years].apply(pd.to_numeric, errors="coerce").rename(columns=int)


def euro_price_index(path: Path) -> pd.DataFrame:
    """The euro price index per year from the SIPRI workbook at ``path``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``index`` [ratio, 1 in :data:`BASE_YEAR`], ``inflation``
        [share_per_year, change on the year before], ``unit``, ``source``, ``derivation``.
    """
    try:
        sheets = pd.read_excel(path, sheet_name=list(SHEETS), header=None, engine="openpyxl")
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the SIPRI workbook: {exc}", file=str(path),
                        allowed=", ".join(SHEETS)) from None
    lc, k, usd = (_wide(sheets[s], s, path) for s in SHEETS)
    # the euro-11 countries the workbook has (all eleven in SIPRI's release; a cut-down copy,
    # as in the test fixtures, may hold fewer): the derivation names them
    members = [c for c in EURO_11 if c in lc.index and c in k.index and c in usd.index]
    if not members:
        raise DataError("no euro-area country in the SIPRI workbook", file=str(path),
                        allowed=", ".join(EURO_11))
    years = [y for y in lc.columns if FIRST_YEAR <= y <= BASE_YEAR and y in k.columns]
    if BASE_YEAR not in years or SIPRI_BASE not in usd.columns:
        raise DataError("the SIPRI workbook lacks the base years", file=str(path),
                        value=f"{years[0] if years else '-'}..{years[-1] if years else '-'}",
                        allowed=f"years up to {BASE_YEAR}")
    fx = lc.loc[members, SIPRI_BASE] / usd.loc[members, SIPRI_BASE]
    cur = lc.loc[members, years]
    const = k.loc[members, years].mul(fx, axis=0)
    if cur.isna().any().any() or const.isna().any().any():
        raise DataError("a euro-area value is missing for the index years", file=str(path),
                        value=f"{years[0]}..{years[-1]}")
    idx = cur.sum() / const.sum()
    idx = idx / idx[BASE_YEAR]
    out = pd.DataFrame({"year": [int(y) for y in idx.index], "index": idx.to_numpy()})
    out["inflation"] = out["index"].pct_change()
    out["unit"] = "ratio"
    out["source"] = SOURCE
    out["derivation"] = (
        f"sum over {len(members)} of the euro area's 11 founding members of military expenditure"
        " in local currency "
        "at current prices / the same at 2023 prices (SIPRI constant 2023 US$ x the 2023 "
        f"LC/US$ rate); national CPIs as SIPRI applies them; rebased to {BASE_YEAR} = 1")
    return out
