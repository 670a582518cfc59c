"""The euro price index (one money basis): derived from SIPRI's CPI conversion, bundled."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.data.loaders.build import locate_raw
from guarantor.data.loaders.prices import euro_price_index
from guarantor.data.prices import basis, price_index
from guarantor.errors import DataError
from tests.data.loaders.conftest import FIXTURES


def test_fixture_index_is_germanys_cpi() -> None:
    """The fixture workbook holds Germany only: the index is then Germany's CPI as SIPRI
    applies it (Destatis CPI: 2022 +6.9%, 2023 +5.9%)."""
    df = euro_price_index(locate_raw(FIXTURES)["sipri"]).set_index("year")
    assert df.loc[2024, "index"] == pytest.approx(1.0)
    assert df.loc[2022, "inflation"] == pytest.approx(0.0687, abs=5e-4)
    assert df.loc[2023, "inflation"] == pytest.approx(0.0595, abs=5e-4)
    assert df.index.min() == 2014  # the fixture starts in 2014
    assert "1 of the euro area's 11" in df["derivation"].iloc[0]


def test_real_index_euro11(real_raw) -> None:
    df = euro_price_index(locate_raw(real_raw)["sipri"]).set_index("year")
    assert "11 of the euro area's 11" in df["derivation"].iloc[0]
    assert df.loc[2012, "index"] == pytest.approx(0.7934, abs=1e-4)
    assert df.loc[2022, "inflation"] == pytest.approx(0.0715, abs=1e-4)


def test_bundled_index_pins_the_conversions() -> None:
    idx = price_index()
    assert idx.base == 2024 and basis(idx.base) == "EUR_2024"
    assert idx.years[0] == 1999 and idx.years[-1] == 2024
    # 2012 euros -> 2024 euros (the Patriot battery's price base): x 1.2604
    assert float(idx.factor(2012, 2024)) == pytest.approx(1.26045, abs=1e-4)
    # 2022-2024 aid to constant 2024 euros
    assert idx.factor(np.array([2022, 2023]), 2024).round(4).tolist() == [1.0762, 1.0235]
    # after the index, the sourced inflation carries it: 2025 euros -> 2024 at 1.9%
    assert float(idx.factor(2025, 2024, 0.019)) == pytest.approx(1 / 1.019)
    # per draw: the inflation axis broadcasts
    assert idx.factor(2024, 2026, np.array([0.0, 0.02, 0.05])).round(4).tolist() == [
        1.0, 1.0404, 1.1025]
    with pytest.raises(DataError, match="before the bundled price index"):
        idx.factor(1998, 2024)
