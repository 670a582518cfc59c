"""The price data read without pandas: the latest personnel cost per country."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.data.countries import registry
from guarantor.data.prices import latest_personnel_cost, personnel_costs


@pytest.mark.parametrize("max_year", [2014, 2019, 2024, 2025, 2040])
def test_latest_personnel_cost_is_the_tables_latest_row(max_year: int) -> None:
    codes = registry().codes
    df = personnel_costs()
    df = df[(df["year"] <= max_year) & np.isfinite(df["eur_per_person_year"])]
    last = df.sort_values("year").groupby("iso3").tail(1).set_index("iso3")
    want_v = [float(last.loc[c, "eur_per_person_year"]) if c in last.index else np.nan
              for c in codes]
    want_y = [int(last.loc[c, "price_year"]) if c in last.index else 0 for c in codes]
    got_v, got_y = latest_personnel_cost(codes, max_year)
    np.testing.assert_array_equal(got_v, want_v)  # exact: a row is picked, not computed
    assert got_y.tolist() == want_y


def test_known_country_figure() -> None:
    v, y = latest_personnel_cost(("DEU", "XXX"), 2025)
    assert v[0] > 0 and y[0] >= 2020 and np.isnan(v[1]) and y[1] == 0
