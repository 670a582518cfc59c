"""Operating costs of the arrangement per contributor and year, in constant EUR.

Every unit cost arrives in constant euros of the money basis (``ModelInputs.money_basis``,
e.g. ``EUR_2024``; converted from each parameter's ``price_year`` by ``engine.inputs`` with
:mod:`guarantor.data.prices`), so components of different price years are never summed.

Troops cost a sourced incremental cost per deployed soldier-year; aircraft cost their annual
flying hours times a cost per flight hour; ground radars and SAM batteries a cost per unit-year;
aid costs what is paid. A unit cost that could not be sourced is NaN: that component is reported
as unknown and left out of totals, with a flag, rather than counted as zero.
"""

from __future__ import annotations

import numpy as np


def annual_costs(
    troops: np.ndarray,
    soldier_year_eur: np.ndarray,
    air_units: np.ndarray,
    unit_year_eur: np.ndarray,
    aid: np.ndarray,
) -> dict[str, np.ndarray]:
    """Cost components [EUR per year], each shape (D, C), and ``air_cost_known`` (D, C) bool.

    Parameters
    ----------
    troops : (D, C) persons deployed
    soldier_year_eur : (D,) or (D, C) EUR per person-year (one rate, or one per country)
    air_units : (D, C, K) units committed
    unit_year_eur : (D, K) EUR per unit-year (NaN = unknown)
    aid : (D, C) EUR per year

    Examples
    --------
    >>> c = annual_costs(np.array([[10.0, 0.0, 5.0]]), np.array([2.0]),
    ...                  np.array([[[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]]]),
    ...                  np.array([[3.0, np.nan]]), np.array([[1.0, 1.0, 1.0]]))
    >>> c["total"], c["air_cost_known"]
    (array([[24.,  1., 11.]]), array([[ True, False,  True]]))
    """
    rate_s = np.nan_to_num(np.asarray(soldier_year_eur, dtype=float))
    troops_cost = troops * (rate_s[:, None] if rate_s.ndim == 1 else rate_s)
    # one contraction over classes instead of (D, C, K) temporaries (Monte Carlo speed); an
    # unknown unit cost adds nothing here and marks the country's air cost as incomplete
    finite = np.isfinite(unit_year_eur)
    rate = np.where(finite, unit_year_eur, 0.0)
    air_cost = np.einsum("dck,dk->dc", air_units, rate)
    known = np.einsum("dck,dk->dc", (air_units > 0).astype(float), (~finite).astype(float)) == 0
    return {
        "troops": troops_cost,
        "air": air_cost,
        "aid": aid,
        "total": troops_cost + air_cost + aid,
        "air_cost_known": known,
    }


def in_year(costs: dict[str, np.ndarray], real_growth: np.ndarray, years_ahead: int
            ) -> np.ndarray:
    """Total cost [constant EUR per year], shape (D, C), ``years_ahead`` years after the first
    year of the horizon: personnel costs grow at ``real_growth`` (D,) [share_per_year, pay
    growth over inflation]; air and aid stay at their constant-price level.

    Examples
    --------
    >>> c = {"troops": np.array([[100.0, 0.0, 50.0]]), "air": np.array([[10.0, 0.0, 0.0]]),
    ...      "aid": np.array([[0.0, 5.0, 0.0]])}
    >>> in_year(c, np.array([0.01]), 2).round(3).tolist()
    [[112.01, 5.0, 51.005]]
    """
    g = (1.0 + np.asarray(real_growth, dtype=float)) ** max(int(years_ahead), 0)
    out: np.ndarray = costs["troops"] * g[:, None] + costs["air"] + costs["aid"]
    return out
