"""Loaders of the money side: ECB reference rates, Kiel donors (EU institutions), Kiel Policy
Brief 186, the NATO 2025 Table 3 transcription. Fixtures in tests/fixtures/raw always run; the
checks against the real files read ../shared/data/raw."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from guarantor.data.loaders.ecb import annual_means, load_ecb_daily, usd_per_eur_records
from guarantor.data.loaders.kiel import load_kiel_donors
from guarantor.data.loaders.kiel_pb186 import load_kiel_pb186
from guarantor.data.loaders.nato2025 import load_nato_2025
from guarantor.data.sources import source_catalogue
from guarantor.errors import DataError

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "tests" / "fixtures" / "raw"
REAL = ROOT / ".." / "shared" / "data" / "raw"


def test_ecb_fixture_annual_mean_is_the_mean_of_the_daily_rates() -> None:
    daily = load_ecb_daily(FIX / "ecb_fx" / "eurofxref-hist.zip")
    assert daily.index.is_monotonic_increasing
    recs = usd_per_eur_records(FIX / "ecb_fx" / "eurofxref-hist.zip", 2014)
    assert [r.year for r in recs] == [2023, 2024]  # January 2025 alone is not a year
    by_hand = daily[daily.index.year == 2024].dropna().mean()
    assert recs[1].usd_per_eur == pytest.approx(by_hand, rel=1e-9)
    assert recs[1].source == "ecb_exr" and "EXR.A.USD.EUR.SP00.A" in recs[1].locator


def test_ecb_real_file_reproduces_the_ecb_annual_series() -> None:
    """ECB annual series EXR.A.USD.EUR.SP00.A as downloaded from the ECB for 2010-2016
    (PROVENANCE.md section 6, cross-check 2): the daily means reproduce them to 1e-9."""
    path = REAL / "ecb_fx" / "eurofxref-hist.zip"
    published = {2010: 1.325716666666667, 2011: 1.391955252918288, 2012: 1.284788671875001,
                 2013: 1.328118039215687, 2014: 1.328500784313724, 2015: 1.109512890624999,
                 2016: 1.106903112840467}
    got = annual_means(load_ecb_daily(path)).set_index("year")["mean"]
    for y, v in published.items():
        assert got[y] == pytest.approx(v, rel=1e-9)
    assert 2026 not in got.index  # the file ends in April 2026


def test_ecb_corrupt_zip_and_bad_rate(tmp_path: Path) -> None:
    bad = tmp_path / "eurofxref-hist.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DataError, match="zip"):
        load_ecb_daily(bad)
    z = tmp_path / "x.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("eurofxref-hist.csv", "Date,USD,\n2024-01-02,1.09x,\n")
    with pytest.raises(DataError, match="non-numeric rate") as info:
        load_ecb_daily(z)
    assert "1.09x" in str(info.value)


def test_kiel_donors_keep_the_eu_institutions() -> None:
    d = load_kiel_donors(FIX / "kiel_ukraine_support_tracker" / "data_explorer.csv")
    assert set(d["donor"]) == {"POL", "DEU", "USA", "EUI"}
    assert set(d["kind"]) == {"military", "financial", "humanitarian"}
    assert d.loc[d["donor"] == "EUI", "kiel_gdp_eur"].isna().all()
    assert (d.loc[d["donor"] == "DEU", "kiel_gdp_eur"] > 1e12).all()


def test_kiel_donors_real_file_total_equals_kiel_total_allocations() -> None:
    """Every donor, EU institutions included, sums to Kiel's own all-donor monthly totals
    (total_allocations.csv of the same release)."""
    d = load_kiel_donors(REAL / "kiel_ukraine_support_tracker" / "data_explorer.csv")
    tot = pd.read_csv(REAL / "kiel_ukraine_support_tracker" / "total_allocations.csv")
    assert d["value"].sum() == pytest.approx(tot["total_allocations"].sum() * 1e9, rel=1e-6)
    mil = d.loc[d["kind"] == "military", "value"].sum()
    assert mil == pytest.approx(tot["military"].sum() * 1e9, rel=1e-6)


def test_kiel_pb186_rows_and_errors(tmp_path: Path) -> None:
    t = load_kiel_pb186(FIX / "kiel_policy_brief_186" / "kiel_pb186_replace_us_aid.csv")
    assert list(t["row"]) == ["EUI", "DEU", "GBR", "FRA", "ITA", "ESP", "europe_rest", "europe"]
    real = load_kiel_pb186(REAL / "kiel_policy_brief_186" / "kiel_pb186_replace_us_aid.csv")
    assert real.set_index("row").loc["europe", "needed_eur"] == 82e9
    assert bool(real.set_index("row").loc["DEU", "needed_is_minimum"])
    bad = tmp_path / "pb.csv"
    text = (FIX / "kiel_policy_brief_186" / "kiel_pb186_replace_us_aid.csv").read_text()
    bad.write_text(text.replace("Spain", "Portugal"))
    with pytest.raises(DataError, match="unknown row") as info:
        load_kiel_pb186(bad)
    assert "Portugal" in str(info.value)


def test_nato_2025_transcription_is_sourced() -> None:
    vals, gaps = load_nato_2025()
    cat = source_catalogue()
    assert vals["source"].eq("nato_defexp_2025").all()
    assert vals["locator"].str.len().gt(10).all()
    assert set(vals["check_source"][vals["check_source"] != ""]) <= set(cat)
    assert ((vals["value"] > 0.019) & (vals["value"] < 0.05)).all()
    assert len(vals) + len(gaps) == 32  # every ally, Iceland included (no armed forces)
    pol = vals.set_index("iso3").loc["POL", "value"]
    assert pol == 0.0448
    assert gaps["reason"].str.len().gt(20).all()
    assert np.isin(["ISL"], gaps["iso3"]).all()


def test_nato_2025_every_ally_is_checked_against_the_transcription() -> None:
    """All 32 allies: each transcribed 2025e value has a published-figure row with the same
    value (so check-published compares the snapshot with it), and the allies without a value are
    exactly the two NATO gives no 2025e figure for: Iceland (no armed forces) and Germany (cell
    left blank, budget pending -- never the press's 2.00, which is its 2024e). Values read in a
    copy of NATO's table are pinned to the copy's digits."""
    from guarantor.data.published import published_figures

    vals, gaps = load_nato_2025()
    by_iso = vals.set_index("iso3")["value"]
    figs = {f.args["iso"]: f for f in published_figures().values()
            if f.id.startswith("nato_2025e.share.")}
    assert set(figs) == set(by_iso.index)
    assert len(figs) == 30
    for iso, v in by_iso.items():
        assert figs[iso].value == v, iso
        assert figs[iso].abs_tol == pytest.approx(5e-5)  # NATO prints two decimals of a percent
    assert sorted(gaps["iso3"]) == ["DEU", "ISL"]
    reason = gaps.set_index("iso3")["reason"]
    assert "BLANK" in reason["DEU"] and "2024e" in reason["DEU"]
    assert by_iso[["BGR", "HRV", "FRA", "GRC", "HUN"]].tolist() == [0.0206, 0.0203, 0.0205,
                                                                      0.0285, 0.0206]
    # read in nato25_ugent_dv26 (unrounded: 2.030415094, 2.491210214, 2.043977387, 2.023794942)
    assert by_iso[["MNE", "NLD", "SVK", "SVN"]].tolist() == [0.0203, 0.0249, 0.0204, 0.0202]
    assert set(vals.set_index("iso3").loc[["MNE", "NLD", "SVK", "SVN"], "locator"].str[:13]) == {
        '{"country": "'}
    assert not vals["note"].str.contains("provisional").any()
    # the copy that gave them agrees with an independent press figure where both exist
    assert by_iso["ROU"] == 0.0228
