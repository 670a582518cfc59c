"""Compute our value of every published figure (``data/published.yaml``) and compare.

:func:`check_published` returns one row per figure: published, ours, difference, tolerance,
within. ``scale`` multiplies inputs (for the test that a 10% change to any input fails at least
one figure): ``aid.<donor>`` / ``aid.*`` (Kiel allocations), ``gdp.<iso3>`` / ``gdp.*`` (World
Bank GDP), ``fx`` (ECB annual averages), ``nato2025`` (the NATO 2025e column) or
``nato2025.<iso3>`` (one ally's 2025e cell), ``nato2024``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from guarantor.engine.aid import annual_flow, donor_arrays, replace_us_table

#: The reference window and rule that reproduce Kiel Policy Brief 186 (see published.yaml).
PB186: dict[str, Any] = {"start": (2022, 2), "end": (2024, 12), "kind": "all",
                         "rule": "equal_gdp_share", "gdp_year": 2024}


class ScaledData:
    """A dataset whose inputs are multiplied by ``scale`` (everything else passes through)."""

    def __init__(self, data: Any, scale: Mapping[str, float]):
        self._data = data
        self._scale = dict(scale)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._data, name)

    def aid_donors(self) -> pd.DataFrame:
        f = self._data.aid_donors()
        k = f["donor"].map(lambda d: self._scale.get(f"aid.{d}", self._scale.get("aid.*", 1.0)))
        return f.assign(value=f["value"] * k.to_numpy())

    def values(self, series: str) -> np.ndarray:
        v = np.array(self._data.values(series), dtype=float)
        if series == "gdp_usd":
            k = np.array([self._scale.get(f"gdp.{c}", self._scale.get("gdp.*", 1.0))
                          for c in self._data.codes])
            v = v * k[:, None]
        if series == "milex_gdp_share_nato":
            years = np.asarray(self._data.years)
            k25 = np.array([self._scale.get(f"nato2025.{c}", self._scale.get("nato2025", 1.0))
                            for c in self._data.codes])
            v = v * np.where(years[None, :] == 2025, k25[:, None],
                             self._scale.get("nato2024", 1.0))
        return v

    def fx(self, year: int) -> float:
        return float(self._data.fx(year)) * self._scale.get("fx", 1.0)


def _window_flow(data: Any, kind: str, start: tuple[int, int], end: tuple[int, int],
                 annualise: bool) -> dict[str, float]:
    arr = donor_arrays(data.aid_donors())
    win = arr.window(start, end)
    v = arr.kind(kind)
    flow = annual_flow(v, win) if annualise else np.nansum(np.where(win, v, 0.0), axis=-1)
    return dict(zip(arr.donors, flow.tolist(), strict=True))


def ours(fig: Any, data: Any, cache_: dict[str, Any]) -> float:
    """Our value of one figure (``cache_`` holds tables shared between figures)."""
    from guarantor.data.donors import donor_groups

    m, a = fig.method, fig.args
    if m in ("pb186_now", "pb186_needed", "pb186_share", "pb186_us"):
        if "pb186" not in cache_:
            cache_["pb186"] = replace_us_table(data, **PB186)
        t = cache_["pb186"]
        if m == "pb186_now":
            return float(t.loc[a["row"], "now_eur"])
        if m == "pb186_needed":
            return float(t.loc[a["row"], "needed_eur"])
        if m == "pb186_us":
            return float(t.loc["USA", "now_eur"])
        col = "now_gdp_share" if a["which"] == "now" else "needed_gdp_share"
        return float(t.loc["europe", col])
    if m in ("kiel_total", "kiel_donor_total", "kiel_bilateral_share"):
        f = data.aid_donors()
        if m == "kiel_total":
            return float(f["value"].sum() if a["kind"] == "all"
                         else f.loc[f["kind"] == a["kind"], "value"].sum())
        g = f[f["donor"] == a["donor"]]
        if m == "kiel_donor_total":
            return float(g["value"].sum())
        return float(g["value"].sum() / g["kiel_gdp_eur"].iloc[0])
    if m == "kiel_military_year":
        y = int(a["year"])
        flows = _window_flow(data, "military", (y, 1), (y, 12), annualise=False)
        return float(flows[a["donor"]] if "donor" in a else sum(flows.values()))
    if m == "kiel_military_cum":
        flows = _window_flow(data, "military", (2022, 1), (2024, 12), annualise=False)
        if a["group"] == "europe":
            g = donor_groups()
            return float(sum(v for d, v in flows.items() if g.group(d, 2024) == "europe"))
        return float(flows[a["group"]])
    if m in ("nato_count", "nato_share"):
        v = data.values("milex_gdp_share_nato")
        year_col = list(data.years).index(int(a["year"]))
        if m == "nato_count":
            return float(np.sum(v[:, year_col] >= a["threshold"] - 1e-12))
        return float(v[data.codes.index(a["iso"]), year_col])
    if m == "wb_gdp":
        v = data.values("gdp_usd")
        return float(v[data.codes.index(a["iso"]), list(data.years).index(int(a["year"]))])
    if m == "ecb_annual":
        return float(data.fx(int(a["year"])))
    raise ValueError(m)


def check_published(data: Any = None, *, scale: Mapping[str, float] | None = None
                    ) -> pd.DataFrame:
    """Every published figure beside ours.

    Returns
    -------
    pandas.DataFrame
        Columns id, publisher, table, unit, published, ours, difference (ours - published),
        relative_difference, tolerance, within, why.
    """
    from guarantor.data.dataset import load_dataset
    from guarantor.data.published import published_figures
    from guarantor.data.sources import source_catalogue

    data = data or load_dataset()
    if scale:
        data = ScaledData(data, scale)
    cat = source_catalogue()
    c: dict[str, Any] = {}
    rows = []
    for f in published_figures().values():
        o = ours(f, data, c)
        rows.append({
            "id": f.id, "publisher": cat[f.source].publisher, "table": f.table, "unit": f.unit,
            "published": f.value, "ours": o, "difference": o - f.value,
            "relative_difference": (o - f.value) / f.value if f.value else np.nan,
            "tolerance": f.tolerance_text, "within": f.within(o), "why": f.why,
        })
    return pd.DataFrame(rows)
