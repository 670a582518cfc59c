"""The bundled snapshot: API, provenance walk, completeness, cross-source checks, determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from guarantor.data.countries import registry
from guarantor.data.dataset import SERIES, SNAPSHOT_FILES, load_dataset, read_snapshot, snapshot_dir
from guarantor.data.loaders.build import build_snapshot
from guarantor.data.sources import source_catalogue
from guarantor.errors import DataError
from guarantor.units import UNITS

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "raw"
REAL_RAW = (REPO / ".." / "shared" / "data" / "raw").resolve()


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_axes_follow_registry(ds) -> None:
    assert ds.codes == registry().codes
    assert ds.years[0] == 2014 and np.all(np.diff(ds.years) == 1)
    for s in SERIES:
        assert ds.values(s).shape == (len(ds.codes), len(ds.years))
        assert ds.meta(s).unit == SERIES[s][0]


def test_unknown_series_lists_allowed(ds) -> None:
    with pytest.raises(DataError, match="allowed: gdp_usd"):
        ds.values("gdp")


def test_latest_picks_last_non_gap(ds) -> None:
    v, y = ds.latest("personnel")
    i = ds.codes.index("POL")
    assert y[i] == 2024 and v[i] == pytest.approx(216081)
    v, y = ds.latest("personnel", max_year=2020)
    assert y[i] == 2020
    j = ds.codes.index("TWN")  # no personnel source for Taiwan: NaN and year 0
    assert np.isnan(v[j]) and y[j] == 0


def test_fx_sourced_and_gaps_raise(ds) -> None:
    """ECB annual averages (EXR.A.USD.EUR.SP00.A), computed from the ECB's daily file; 2022 is
    the mean of the 257 daily rates (PROVENANCE.md section 6: 1.0530). The Federal Reserve's G.5A
    figure (1.0534, noon buying rates in New York) was the previous source: a different rate."""
    assert ds.fx(2022) == pytest.approx(1.0530486381)
    assert ds.fx_source(2024) == "ecb_exr"
    with pytest.raises(DataError, match="no sourced USD per EUR rate"):
        ds.fx(2013)
    with pytest.raises(DataError, match="no sourced USD per EUR rate"):
        ds.fx(2026)  # partial year in the daily file: no annual average


def test_provenance_walk_every_value_has_source_unit_vintage() -> None:
    """Never skips: walks every bundled file."""
    folder = snapshot_dir()
    cat = source_catalogue()
    series = pd.read_csv(folder / "series.csv", dtype=str, keep_default_na=False)
    assert len(series) > 0
    assert series["unit"].isin(UNITS).all()
    ids = series["source"].str.split("+").explode()
    assert (ids != "").all() and ids.isin(list(cat)).all()
    manifest = read_snapshot(folder)
    for sid in set(ids):
        assert manifest.vintages.get(sid), sid
        s = cat[sid]
        assert s.publisher and s.title and s.url and s.date and s.licence
    for s in SERIES:
        m = manifest.meta(s)
        assert m.sources and m.vintage, s
    fx = pd.read_csv(folder / "fx.csv", dtype=str, keep_default_na=False)
    assert (fx["unit"] == "USD_per_EUR").all() and fx["source"].isin(list(cat)).all()
    assert (fx["locator"] != "").all()
    gaps = pd.read_csv(folder / "gaps.csv", dtype=str, keep_default_na=False)
    assert (gaps["reason"] != "").all()


def test_completeness_every_ally_latest_complete_year(ds) -> None:
    y = ds.latest_complete_year
    assert y >= 2024
    k = int(np.flatnonzero(ds.years == y)[0])
    allies = registry().group("nato", y)
    idx = [ds.codes.index(c) for c in allies]
    assert not np.isnan(ds.values("gdp_usd")[idx, k]).any()
    assert not np.isnan(ds.values("milex_usd")[idx, k]).any()


def test_gaps_are_gaps_with_reason(ds) -> None:
    i = ds.codes.index("TWN")
    assert np.isnan(ds.values("gdp_usd")[i]).all()  # the World Bank has no Taiwan row
    assert "no value" in ds.gap_reason("gdp_usd", "TWN", 2020)
    assert ds.gap_reason("gdp_usd", "POL", 2020) is None


def test_cross_check_sipri_share_vs_usd_over_wb_gdp(ds) -> None:
    """SIPRI share of GDP vs SIPRI US$ / World Bank GDP, 2014-2024: within 10% for 90% of cells."""
    k = ds.years <= 2024
    share = ds.values("milex_gdp_share_sipri")[:, k]
    implied = ds.values("milex_usd_sipri")[:, k] / ds.values("gdp_usd")[:, k]
    ok = ~np.isnan(share) & ~np.isnan(implied) & (share > 0)
    ratio = implied[ok] / share[ok]
    assert ok.sum() > 300
    assert np.mean(np.abs(ratio - 1) < 0.10) > 0.9


def test_cross_check_nato_vs_sipri_shares_for_allies(ds) -> None:
    """NATO (real GDP) vs SIPRI (nominal GDP) shares for allies: within 0.5 pp for 90% of cells."""
    n = ds.values("milex_gdp_share_nato")
    s = ds.values("milex_gdp_share_sipri")
    ok = ~np.isnan(n) & ~np.isnan(s)
    assert ok.sum() > 200
    assert np.mean(np.abs(n[ok] - s[ok]) < 0.005) > 0.9


def test_wb_share_is_sipri_copy(ds) -> None:
    w = ds.values("milex_gdp_share_wb")
    s = ds.values("milex_gdp_share_sipri")
    ok = ~np.isnan(w) & ~np.isnan(s)
    assert np.mean(np.abs(w[ok] - s[ok]) < 0.001) > 0.9


def test_preferred_definitions(ds) -> None:
    i = ds.codes.index("POL")
    d = dict(zip(ds.years.tolist(), ds.definitions("milex_usd")[i], strict=True))
    assert d[2024] == "nato" and d[2025] == "derived"
    j = ds.codes.index("AUS")  # not an ally: SIPRI
    assert ds.definitions("milex_gdp_share")[j][ds.years == 2024][0] == "sipri"
    # derived 2025 = SIPRI 2026 share x WB GDP 2025
    k = int(np.flatnonzero(ds.years == 2025)[0])
    assert ds.values("milex_usd")[i, k] == pytest.approx(
        ds.values("milex_gdp_share_sipri")[i, k] * ds.values("gdp_usd")[i, k])


def test_aid_partial_year_noted(ds) -> None:
    f = ds.frame("aid_military_eur")
    assert f["note"][f["year"] == int(ds.years[-1])].str.startswith("partial year").all()
    tot = ds.aid_totals_eur("all")
    assert tot[ds.codes.index("DEU")][ds.years == 2023][0] > 0


def test_snapshot_is_small() -> None:
    size = sum(p.stat().st_size for p in snapshot_dir().iterdir())
    assert size < 1_000_000


def test_build_on_fixtures_is_deterministic_and_atomic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    build_snapshot(FIXTURES, a)
    build_snapshot(FIXTURES, b)
    build_snapshot(FIXTURES, b)  # rebuilding over an existing snapshot
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(SNAPSHOT_FILES)
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # no temp folders left
    ds = read_snapshot(a)
    i = ds.codes.index("POL")
    assert ds.values("gdp_usd")[i][ds.years == 2024][0] == pytest.approx(917767106146.761,
                                                                          rel=1e-11)


def test_corrupt_snapshot_names_file_and_line(tmp_path: Path) -> None:
    snap = tmp_path / "snap"
    shutil.copytree(snapshot_dir(), snap)
    lines = (snap / "series.csv").read_text("utf-8").splitlines()
    parts = lines[5].split(",")
    parts[3] = "12x"
    lines[5] = ",".join(parts)
    (snap / "series.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DataError) as info:
        read_snapshot(snap)
    assert "series.csv:6" in str(info.value) and "bad number" in str(info.value)


def test_bundled_snapshot_matches_real_files_for_poland(ds) -> None:
    if not (REAL_RAW / "worldbank_wdi").is_dir():
        pytest.skip(f"real raw files not present at {REAL_RAW}")
    gdp = pd.read_csv(REAL_RAW / "worldbank_wdi/NY.GDP.MKTP.CD.csv")
    pol = gdp[(gdp["Country Code"] == "POL") & (gdp["Year"] >= 2014)].set_index("Year")["Value"]
    i = ds.codes.index("POL")
    for y, v in pol.items():
        assert ds.values("gdp_usd")[i][ds.years == y][0] == pytest.approx(v, rel=1e-11)


@pytest.mark.parametrize("kind", ["all", "military", "financial", "humanitarian"])
def test_aid_by_year_equals_the_tables_groupby_to_the_last_bit(kind: str) -> None:
    ds = load_dataset()
    f = ds.aid_donors()
    f = f if kind == "all" else f[f["kind"] == kind]
    want = f.groupby("year")["value"].sum().reindex(np.asarray(ds.years)).to_numpy(dtype=float)
    np.testing.assert_array_equal(ds.aid_by_year(kind), want)


def test_gap_reason_reads_the_columns() -> None:
    ds = load_dataset()
    g = ds._gaps
    assert len(g["series"]) > 0
    s, c, y = str(g["series"][0]), str(g["iso3"][0]), int(g["first_year"][0])
    assert ds.gap_reason(s, c, y) == str(g["reason"][0])
    assert ds.gap_reason("gdp_usd", "DEU", 2020) is None
