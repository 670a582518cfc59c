"""One money basis: constant euros of a stated base year.

Every cost parameter names its currency (in its unit, ``EUR_per_...``) and its ``price_year``;
this module turns a euro figure of one year's prices into another year's prices with the bundled
euro price index (``snapshot/prices.csv``, built by ``guarantor data build`` from SIPRI's CPI
conversion; :mod:`guarantor.data.loaders.prices`). Years after the index's last year continue at
the sourced inflation parameter (``prices.inflation``, ECB staff projections). The report's basis
is ``EUR_<base year>`` (``prices.base_year``), e.g. ``EUR_2024``.

Examples
--------
>>> idx = price_index()
>>> round(float(idx.factor(2012, 2024)), 4)  # 2012 euros -> 2024 euros
1.2604
>>> round(float(idx.factor(2024, 2026, inflation=0.02)), 4)
1.0404
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from guarantor.data.compiled import compiled
from guarantor.errors import DataError

if TYPE_CHECKING:  # pandas is imported where a table is asked for, not on a plain run
    import pandas as pd

SOURCE = "sipri_milex_2025"


def basis(base_year: int) -> str:
    """The label of constant euros of ``base_year`` (``EUR_2024``)."""
    return f"EUR_{int(base_year)}"


@dataclass(frozen=True)
class PriceIndex:
    """Euro price index per year (1 in ``base``), from the bundled snapshot."""

    years: np.ndarray      # (Y,) int
    index: np.ndarray      # (Y,) ratio
    base: int
    source: str = SOURCE

    def level(self, year: int | np.ndarray, inflation: float | np.ndarray) -> np.ndarray:
        """Index level in ``year`` [ratio]; after the last year the level grows at
        ``inflation`` [share_per_year] (shape broadcasts: a draw axis in ``inflation``)."""
        y = np.asarray(year, dtype=float)
        last = int(self.years[-1])
        first = int(self.years[0])
        if np.any(y < first):
            raise DataError("year before the bundled price index", key="price_year",
                            value=float(np.min(y)), allowed=f"{first}..")
        known = np.interp(np.minimum(y, last), self.years, self.index)
        extra = np.clip(y - last, 0.0, None)
        out: np.ndarray = known * (1.0 + np.asarray(inflation, dtype=float)) ** extra
        return out

    def factor(self, from_year: int, to_year: int,
               inflation: float | np.ndarray = 0.0) -> np.ndarray:
        """Multiply a ``from_year`` euro figure by this to express it in ``to_year`` prices."""
        out: np.ndarray = self.level(to_year, inflation) / self.level(from_year, inflation)
        return out


def _snapshot_csv(name: str, need: set[str]) -> tuple[pd.DataFrame, str]:
    """A snapshot file with the columns it must have (a clear error naming the file if not)."""
    import pandas as pd

    from guarantor.data.dataset import snapshot_dir

    path = snapshot_dir() / name
    try:
        df = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {name}: {exc}", file=str(path),
                        hint="rebuild with 'guarantor data build'") from None
    if not need <= set(df.columns) or df.empty:
        raise DataError(f"{name} lacks columns", file=str(path),
                        value=", ".join(sorted(need - set(df.columns))) or "(no rows)",
                        allowed=", ".join(sorted(need)))
    return df, str(path)


@lru_cache(maxsize=1)
def price_index() -> PriceIndex:
    """The bundled euro price index (read once)."""
    return compiled("price_index", _make_price_index)


def _make_price_index() -> PriceIndex:
    df, path = _snapshot_csv("prices.csv", {"year", "index"})
    years = df["year"].to_numpy(dtype=int)
    index = df["index"].to_numpy(dtype=float)
    if np.any(np.diff(years) != 1) or not np.all(np.isfinite(index)) or np.any(index <= 0):
        raise DataError("price index years must be consecutive and values positive",
                        file=path)
    base = int(years[np.argmin(np.abs(index - 1.0))])
    return PriceIndex(years=years, index=index, base=base)



def personnel_costs() -> pd.DataFrame:
    """EUR per soldier-year per ally and year, current euros of the year (``price_year``), from
    NATO's tables (``snapshot/personnel_cost.csv``; :mod:`guarantor.data.loaders.personnel_cost`).
    A copy: callers may modify it.
    """
    from guarantor.data.dataset import _table

    return _table(_personnel_columns())


@lru_cache(maxsize=1)
def _personnel_columns() -> dict[str, np.ndarray]:
    """``personnel_cost.csv`` as read-only columns (compiled: no pandas on a cache hit)."""
    return compiled("personnel_costs", _make_personnel_columns)


def _make_personnel_columns() -> dict[str, np.ndarray]:
    from guarantor.data.dataset import _columns

    df, path = _snapshot_csv("personnel_cost.csv",
                             {"iso3", "year", "eur_per_person_year", "price_year"})
    if df.duplicated(["iso3", "year"]).any():
        raise DataError("personnel_cost.csv has two rows for one country and year", file=path,
                        hint="rebuild with 'guarantor data build'")
    return _columns(df)


def latest_personnel_cost(codes: tuple[str, ...] | list[str], max_year: int
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Per country of ``codes``: the latest NATO-derived EUR per soldier-year at or before
    ``max_year`` [current EUR of that year] and that year (NaN / 0 where NATO gives none)."""
    cols = _personnel_columns()
    cost = cols["eur_per_person_year"].astype(float)
    ok = (cols["year"] <= max_year) & np.isfinite(cost)
    # (country, year) is unique (checked when read): the latest row per country is its answer
    last: dict[str, int] = {}
    for i in np.flatnonzero(ok):
        c = str(cols["iso3"][i])
        if c not in last or cols["year"][i] > cols["year"][last[c]]:
            last[c] = int(i)
    val = np.array([float(cost[last[c]]) if c in last else np.nan for c in codes])
    yr = np.array([int(cols["price_year"][last[c]]) if c in last else 0 for c in codes])
    return val, yr
__all__ = ["PriceIndex", "basis", "latest_personnel_cost", "personnel_costs", "price_index"]
