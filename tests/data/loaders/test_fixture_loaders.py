"""Each loader on the small fixture files (always run)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from guarantor.data.loaders import (
    load_kiel_explorer,
    load_kiel_release,
    load_nato_tables,
    load_sipri_extract,
    load_sipri_workbook,
    load_wdi_long,
    load_wdi_wide,
)
from guarantor.data.loaders._common import TIDY_COLUMNS, parse_year
from guarantor.data.loaders.kiel import annual_aid
from guarantor.errors import DataError
from guarantor.units import UNITS
from tests.data.loaders.conftest import FIXTURES


def _val(df: pd.DataFrame, series: str, iso3: str, year: int) -> float:
    hit = df[(df["series"] == series) & (df["iso3"] == iso3) & (df["year"] == year)]
    assert len(hit) == 1, (series, iso3, year)
    return float(hit["value"].iloc[0])


def _check_tidy(df: pd.DataFrame) -> None:
    assert tuple(df.columns) == TIDY_COLUMNS
    assert df["unit"].isin(UNITS).all()
    assert df["value"].notna().all()


def test_parse_year_accepts_numbers_strings_and_estimates() -> None:
    assert parse_year(2019) == (2019, False)
    assert parse_year(2019.0) == (2019, False)
    assert parse_year("2019") == (2019, False)
    assert parse_year("2023e") == (2023, True)
    assert parse_year("Notes") is None and parse_year(None) is None and parse_year(1.5) is None


def test_sipri_workbook_fixture() -> None:
    df = load_sipri_workbook(FIXTURES / "sipri_milex/SIPRI-Milex-data-1949-2024_2.xlsx")
    _check_tidy(df)
    assert set(df["iso3"]) == {"POL", "DEU", "USA"}  # Brazil is out of scope, regions skipped
    # Poland 2024: US$ m 38000.73 in the sheet, stored in US$; share is already a fraction
    assert _val(df, "milex_usd_sipri", "POL", 2024) == pytest.approx(38000.72865237e6)
    assert _val(df, "milex_gdp_share_sipri", "POL", 2024) == pytest.approx(0.041543938797535616)


def test_sipri_extract_fixture_decimal_comma_percent() -> None:
    df = load_sipri_extract(
        FIXTURES / "sipri_milex_2026_extract/SIPRI-Milex-data-1949-2025_v1.2-KHARTIS.csv")
    _check_tidy(df)
    assert _val(df, "milex_gdp_share_sipri", "POL", 2025) == pytest.approx(0.045)
    assert _val(df, "milex_gdp_share_sipri", "POL", 2015) == pytest.approx(0.0213)
    assert (df["note"] == "SIPRI 2026 release").all()


def test_wdi_long_fixture_filters_aggregates_and_converts_percent() -> None:
    gdp = load_wdi_long(FIXTURES / "worldbank_wdi/NY.GDP.MKTP.CD.csv", "NY.GDP.MKTP.CD")
    _check_tidy(gdp)
    assert "WLD" not in set(gdp["iso3"]) and "BRA" not in set(gdp["iso3"])
    assert _val(gdp, "gdp_usd", "POL", 2024) == pytest.approx(917767106146.761)
    mil = load_wdi_long(FIXTURES / "worldbank_wdi/MS.MIL.XPND.GD.ZS.csv", "MS.MIL.XPND.GD.ZS")
    assert mil["unit"].eq("share").all() and mil["value"].lt(0.2).all()


def test_wdi_long_accepts_reordered_columns(tmp_path) -> None:
    src = pd.read_csv(FIXTURES / "worldbank_wdi/SP.POP.TOTL.csv")
    p = tmp_path / "pop.csv"
    src[["Value", "Year", "Country Code", "Country Name"]].to_csv(p, index=False)
    a = load_wdi_long(p, "SP.POP.TOTL")
    b = load_wdi_long(FIXTURES / "worldbank_wdi/SP.POP.TOTL.csv", "SP.POP.TOTL")
    pd.testing.assert_frame_equal(a, b)


def test_wdi_wide_fixture_personnel() -> None:
    df = load_wdi_wide(
        FIXTURES / "worldbank_wdi/API_MS.MIL.TOTL.P1_DS2_en_csv_v2_FIXTURE.csv")
    _check_tidy(df)
    assert set(df["series"]) == {"personnel_wb"}
    assert df["year"].max() == 2020  # the WB series ends in 2020: later years stay gaps


def test_nato_fixture_blocks_units_and_estimates() -> None:
    df = load_nato_tables(
        FIXTURES / "nato_defence_expenditure/240617-def-exp-2024-TABLES-en.xlsx")
    _check_tidy(df)
    assert set(df["iso3"]) == {"POL", "DEU", "USA"}  # aggregates dropped
    assert _val(df, "milex_usd_nato", "USA", 2014) == pytest.approx(653942e6)
    assert _val(df, "milex_gdp_share_nato", "POL", 2024) == pytest.approx(0.04120190989, rel=1e-9)
    assert _val(df, "personnel_nato", "POL", 2024) == pytest.approx(216081)
    est = df[df["year"] >= 2023]
    assert (est["note"] == "estimate").all() and (df[df["year"] < 2023]["note"] == "").all()


def test_kiel_fixture_monthly_and_annual() -> None:
    m = load_kiel_explorer(FIXTURES / "kiel_ukraine_support_tracker/data_explorer.csv")
    # the EU (Commission and Council) is out of scope
    assert set(m["iso3"]) == {"POL", "DEU", "USA"}
    assert m["unit"].eq("EUR_current").all()
    # Poland, April 2022: 1.8 EUR bn military aid in the file
    hit = m[(m["iso3"] == "POL") & (m["year"] == 2022) & (m["month"] == 4)
            & (m["series"] == "aid_military_eur")]
    assert float(hit["value"].iloc[0]) == pytest.approx(1.8e9)
    a = annual_aid(m)
    pol22 = a[(a["iso3"] == "POL") & (a["year"] == 2022) & (a["series"] == "aid_military_eur")]
    monthly_sum = m[(m["iso3"] == "POL") & (m["year"] == 2022)
                    & (m["series"] == "aid_military_eur")]["value"].sum()
    assert float(pol22["value"].iloc[0]) == pytest.approx(monthly_sum)
    rel = load_kiel_release(FIXTURES / "kiel_ukraine_support_tracker/release_info.csv")
    assert rel["release"] == "99" and rel["period"] == "12/2030"


def test_missing_file_names_it(tmp_path) -> None:
    with pytest.raises(DataError, match="missing"):
        load_wdi_long(tmp_path / "nope.csv", "NY.GDP.MKTP.CD")


def test_unknown_indicator() -> None:
    with pytest.raises(DataError, match="unknown WDI indicator"):
        load_wdi_long(FIXTURES / "worldbank_wdi/SP.POP.TOTL.csv", "XX.YY")


def test_values_are_finite() -> None:
    df = load_wdi_long(FIXTURES / "worldbank_wdi/SP.POP.TOTL.csv", "SP.POP.TOTL")
    assert np.isfinite(df["value"].to_numpy()).all()
