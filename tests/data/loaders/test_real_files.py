"""Loaders on the real official files (skipped with a reason when ../shared/data/raw is absent)."""

from __future__ import annotations

import pytest

from guarantor.data.loaders import load_nato_tables, load_sipri_extract, load_sipri_workbook
from guarantor.data.loaders.build import locate_raw


def test_real_sipri_nato_and_cross_release(real_raw) -> None:
    files = locate_raw(real_raw)
    wb = load_sipri_workbook(files["sipri"])
    ext = load_sipri_extract(files["sipri_extract"])
    pol = wb[(wb.iso3 == "POL") & (wb.year == 2024) & (wb.series == "milex_usd_sipri")]
    assert float(pol["value"].iloc[0]) == pytest.approx(38000.72865237e6)
    # SIPRI 2026 release vs 2025 release, share of GDP 2015: within 0.02 pp for most countries
    a = wb[(wb.series == "milex_gdp_share_sipri") & (wb.year == 2015)].set_index("iso3")["value"]
    b = ext[ext.year == 2015].set_index("iso3")["value"]
    common = a.index.intersection(b.index)
    close = ((a[common] - b[common]).abs() <= 0.0002).mean()
    assert len(common) >= 40 and close >= 0.8
    nato = load_nato_tables(files["nato"])
    assert nato[nato.series == "milex_usd_nato"].iso3.nunique() == 31  # Iceland has no forces
    assert nato[nato.series == "personnel_nato"].iso3.nunique() == 31
