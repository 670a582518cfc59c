"""Build the bundled snapshot from a folder of official raw files (``guarantor data build``).

The output is small, tidy and deterministic (same inputs, byte-identical files) and written
atomically (a temporary folder renamed into place):

``series.csv``   one row per (series, country, year) with a value: unit, definition, source id(s)
``fx.csv``       US dollars per euro per year (ECB annual averages), each with source and locator
``aid_donors.csv`` monthly aid by Kiel donor (EU institutions included) and kind
``kiel_pb186.csv`` Kiel Policy Brief 186's table (now / needed per donor group), as published
``prices.csv``   euro price index per year (1 in 2024), derived from SIPRI's CPI conversion
``personnel_cost.csv`` EUR per soldier-year per ally and year (NATO TABLE2 x TABLE8a / TABLE7)
``gaps.csv``     every missing (series, country, year range) with the reason
``manifest.json`` country axis, years, vintages per source, per-series metadata, raw file hashes
``README.md``    the table: series, meaning, publisher and table, vintage
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from guarantor.atomic import publishing
from guarantor.data.countries import registry
from guarantor.data.dataset import SERIES, SERIES_COLUMNS
from guarantor.data.loaders import fx as fxmod
from guarantor.data.loaders._common import find_one
from guarantor.data.loaders.ecb import usd_per_eur_records
from guarantor.data.loaders.kiel import (
    annual_aid,
    load_kiel_donors,
    load_kiel_explorer,
    load_kiel_release,
)
from guarantor.data.loaders.kiel_pb186 import load_kiel_pb186
from guarantor.data.loaders.nato import load_nato_tables
from guarantor.data.loaders.nato2025 import load_nato_2025
from guarantor.data.loaders.personnel_cost import personnel_cost
from guarantor.data.loaders.prices import euro_price_index
from guarantor.data.loaders.sipri import load_sipri_extract, load_sipri_workbook
from guarantor.data.loaders.worldbank import load_wdi_long, load_wdi_wide
from guarantor.data.sources import source_catalogue
from guarantor.errors import DataError

FIRST_YEAR = 2014
#: Year whose SIPRI share comes from the 2026-release extract (the workbook ends a year earlier).
EXTRACT_YEAR = 2025

#: Raw folder layout: key -> (sub-folder, glob pattern, what it is).
RAW_LAYOUT: dict[str, tuple[str, str, str]] = {
    "sipri": ("sipri_milex", "SIPRI-Milex-data-*.xlsx", "SIPRI Milex workbook"),
    "sipri_extract": ("sipri_milex_2026_extract", "*.csv", "SIPRI 2026 extract"),
    "wb_gdp": ("worldbank_wdi", "NY.GDP.MKTP.CD.csv", "World Bank GDP"),
    "wb_pop": ("worldbank_wdi", "SP.POP.TOTL.csv", "World Bank population"),
    "wb_milex": ("worldbank_wdi", "MS.MIL.XPND.GD.ZS.csv", "World Bank military expenditure"),
    "wb_personnel": ("worldbank_wdi", "API_MS.MIL.TOTL.P1*.csv", "World Bank armed forces"),
    "nato": ("nato_defence_expenditure", "*def-exp*.xlsx", "NATO defence expenditure tables"),
    "kiel": ("kiel_ukraine_support_tracker", "data_explorer.csv", "Kiel data_explorer"),
    "kiel_release": ("kiel_ukraine_support_tracker", "release_info.csv", "Kiel release_info"),
    "ecb_fx": ("ecb_fx", "eurofxref-hist*.zip", "ECB euro reference rates (daily)"),
    "kiel_pb186": ("kiel_policy_brief_186", "*.csv", "Kiel Policy Brief 186 table"),
}

#: Source id of each directly loaded series.
SERIES_SOURCE: dict[str, str] = {
    "gdp_usd": "wb_gdp",
    "population": "wb_population",
    "milex_usd_sipri": "sipri_milex_2025",
    "milex_gdp_share_sipri": "sipri_milex_2025",
    "milex_gdp_share_wb": "wb_milex_share",
    "milex_usd_nato": "nato_defexp_2024",
    "milex_gdp_share_nato": "nato_defexp_2024",
    "personnel_nato": "nato_defexp_2024",
    "personnel_wb": "wb_personnel",
    "aid_military_eur": "kiel_ust_r29",
    "aid_financial_eur": "kiel_ust_r29",
    "aid_humanitarian_eur": "kiel_ust_r29",
}

DEFINITIONS: dict[str, str] = {
    "milex_usd": (
        "per cell: 'nato' = NATO TABLE2 (current US$) for a country that is an ally in that year "
        "(registry nato_since) where NATO reports it; 'sipri' = SIPRI 'Current US$' otherwise; "
        "'derived' = SIPRI share of GDP x World Bank GDP (current US$) where SIPRI gives no US$ "
        f"figure, i.e. {EXTRACT_YEAR} from the SIPRI April 2026 release share x WB GDP "
        f"{EXTRACT_YEAR}"
    ),
    "milex_gdp_share": (
        "per cell: 'nato' = NATO TABLE3 (share of real GDP) for allies where NATO reports it; "
        f"'sipri' = SIPRI share of GDP otherwise ({EXTRACT_YEAR} from the April 2026 release)"
    ),
    "personnel": (
        "per cell: 'nato' = NATO TABLE7 for allies where reported; 'wb' = World Bank "
        "MS.MIL.TOTL.P1 otherwise (ends 2020; IISS definition, includes some paramilitary forces)"
    ),
    "milex_gdp_share_sipri": (
        f"2014-{EXTRACT_YEAR - 1} from the April 2025 workbook; {EXTRACT_YEAR} from the April 2026 "
        "release (source sipri_milex_2026)"
    ),
    "milex_usd_nato": "2023 and 2024 are NATO estimates (note 'estimate')",
    "milex_gdp_share_nato": (
        "share of real GDP; 2014-2024 from the June 2024 edition (2015 prices; 2023 and 2024 "
        "estimates); 2025e from the August 2025 edition (2021 prices), transcribed from press "
        "reports quoting it and copies of its table (source nato_defexp_2025; "
        "guarantor/data/transcriptions/); NATO left Germany's 2025e blank"
    ),
    "personnel_nato": "thousands in the table, stored as persons; 2023 and 2024 are estimates",
    "aid_military_eur": "allocations by calendar year; the latest year is partial (see note)",
    "aid_financial_eur": "allocations by calendar year; the latest year is partial (see note)",
    "aid_humanitarian_eur": "allocations by calendar year; the latest year is partial (see note)",
}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    out: Path
    n_rows: int
    n_gaps: int
    years: tuple[int, int]
    latest_complete_year: int
    bytes_written: int


def _sha16(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def locate_raw(raw: Path) -> dict[str, Path]:
    """Find every expected raw file under ``raw`` (DataError naming the first one missing)."""
    if not raw.is_dir():
        raise DataError("raw data folder not found", file=str(raw),
                        hint="pass the folder holding sipri_milex/, worldbank_wdi/, ...")
    return {k: find_one(raw / sub, pat, what) for k, (sub, pat, what) in RAW_LAYOUT.items()}


def load_all(files: dict[str, Path], progress: Progress) -> tuple[pd.DataFrame, dict[str, str]]:
    """Load every raw file into one tidy table with a ``source`` column; also the Kiel release."""
    parts: list[pd.DataFrame] = []
    progress(f"SIPRI workbook  {files['sipri'].name}")
    sipri = load_sipri_workbook(files["sipri"], FIRST_YEAR)
    sipri = sipri[sipri["year"] < EXTRACT_YEAR]
    parts.append(sipri.assign(source=sipri["series"].map(SERIES_SOURCE)))
    progress(f"SIPRI 2026 extract  {files['sipri_extract'].name}")
    ext = load_sipri_extract(files["sipri_extract"])
    ext = ext[ext["year"] == EXTRACT_YEAR]
    parts.append(ext.assign(source="sipri_milex_2026"))
    for key, code in (("wb_gdp", "NY.GDP.MKTP.CD"), ("wb_pop", "SP.POP.TOTL"),
                      ("wb_milex", "MS.MIL.XPND.GD.ZS")):
        progress(f"World Bank {code}  {files[key].name}")
        t = load_wdi_long(files[key], code, FIRST_YEAR)
        parts.append(t.assign(source=t["series"].map(SERIES_SOURCE)))
    progress(f"World Bank MS.MIL.TOTL.P1  {files['wb_personnel'].name}")
    t = load_wdi_wide(files["wb_personnel"], FIRST_YEAR)
    parts.append(t.assign(source=t["series"].map(SERIES_SOURCE)))
    progress(f"NATO tables  {files['nato'].name}")
    t = load_nato_tables(files["nato"], FIRST_YEAR)
    parts.append(t.assign(source=t["series"].map(SERIES_SOURCE)))
    progress("NATO 2025 Table 3 (2025e) transcription")
    n25, _ = load_nato_2025()
    if not n25.empty:
        parts.append(n25.loc[:, ["iso3", "year", "series", "value", "unit", "note", "source"]])
    progress(f"Kiel Ukraine Support Tracker  {files['kiel'].name}")
    release = load_kiel_release(files["kiel_release"])
    monthly = load_kiel_explorer(files["kiel"])
    annual = annual_aid(monthly)
    try:
        pm, py = (int(x) for x in release["period"].split("/"))
    except ValueError:
        raise DataError("release period must look like MM/YYYY", file=str(files["kiel_release"]),
                        value=release["period"]) from None
    months = pd.Timestamp(year=py, month=pm, day=1).strftime("%b")
    partial = f"partial year: Jan-{months} {py} (Kiel Release {release['release']})"
    annual["note"] = np.where(annual["year"] == py, partial, "")
    parts.append(annual.drop(columns="last_month").assign(source="kiel_ust_r29"))
    data = pd.concat(parts, ignore_index=True)
    data["definition"] = ""
    return data, release


def _grid(data: pd.DataFrame, series: str, codes: tuple[str, ...], years: np.ndarray) -> np.ndarray:
    d = data[data["series"] == series]
    piv = d.pivot(index="iso3", columns="year", values="value")
    return cast(np.ndarray,
                piv.reindex(index=list(codes), columns=list(years)).to_numpy(dtype="float64"))


def derive_preferred(data: pd.DataFrame, codes: tuple[str, ...], years: np.ndarray) -> pd.DataFrame:
    """The preferred series milex_usd, milex_gdp_share, personnel with a per-cell definition."""
    reg = registry()
    since = np.array([reg[c].nato_since or np.inf for c in codes], dtype=float)
    ally = since[:, None] <= years[None, :]
    g = {s: _grid(data, s, codes, years) for s in (
        "milex_usd_nato", "milex_usd_sipri", "milex_gdp_share_nato", "milex_gdp_share_sipri",
        "gdp_usd", "personnel_nato", "personnel_wb")}
    has = {k: ~np.isnan(v) for k, v in g.items()}
    share_src = _grid(data.assign(value=(data["source"] == "sipri_milex_2026").astype(float)),
                      "milex_gdp_share_sipri", codes, years)

    use_nato = ally & has["milex_usd_nato"]
    use_sipri = ~use_nato & has["milex_usd_sipri"]
    use_der = ~use_nato & ~use_sipri & has["milex_gdp_share_sipri"] & has["gdp_usd"]
    usd = np.select([use_nato, use_sipri, use_der],
                    [g["milex_usd_nato"], g["milex_usd_sipri"],
                     g["milex_gdp_share_sipri"] * g["gdp_usd"]], np.nan)
    usd_def = np.select([use_nato, use_sipri, use_der], ["nato", "sipri", "derived"], "")
    sipri_share_src = np.where(share_src == 1.0, "sipri_milex_2026", "sipri_milex_2025")
    usd_src = np.select([use_nato, use_sipri, use_der],
                        ["nato_defexp_2024", "sipri_milex_2025", np.char.add(
                            sipri_share_src.astype(str), "+wb_gdp")], "")

    sh_nato = ally & has["milex_gdp_share_nato"]
    # in a year NATO's table covers, an ally NATO gives no figure for is a gap, not a SIPRI
    # share: the two definitions (real vs nominal GDP, scope) are never mixed in one column
    nato_year = has["milex_gdp_share_nato"].any(axis=0)[None, :]
    sh_sipri = ~sh_nato & has["milex_gdp_share_sipri"] & ~(ally & nato_year)
    share = np.select([sh_nato, sh_sipri],
                      [g["milex_gdp_share_nato"], g["milex_gdp_share_sipri"]], np.nan)
    share_def = np.select([sh_nato, sh_sipri], ["nato", "sipri"], "")
    nato_share_src = np.where(years[None, :] >= 2025, "nato_defexp_2025", "nato_defexp_2024")
    share_srcs = np.select([sh_nato, sh_sipri], [nato_share_src, sipri_share_src], "")

    p_nato = ally & has["personnel_nato"]
    p_wb = ~p_nato & has["personnel_wb"]
    pers = np.select([p_nato, p_wb], [g["personnel_nato"], g["personnel_wb"]], np.nan)
    pers_def = np.select([p_nato, p_wb], ["nato", "wb"], "")
    pers_src = np.select([p_nato, p_wb], ["nato_defexp_2024", "wb_personnel"], "")

    # carry NATO's 'estimate' flag into the preferred series
    est = data[(data["note"] == "estimate")][["series", "iso3", "year"]]
    est_keys = set(zip(est["series"], est["iso3"], est["year"], strict=True))
    frames = []
    ci, yi = np.meshgrid(np.arange(len(codes)), np.arange(len(years)), indexing="ij")
    for name, vals, defs, srcs, nato_series in (
        ("milex_usd", usd, usd_def, usd_src, "milex_usd_nato"),
        ("milex_gdp_share", share, share_def, share_srcs, "milex_gdp_share_nato"),
        ("personnel", pers, pers_def, pers_src, "personnel_nato"),
    ):
        ok = ~np.isnan(vals)
        f = pd.DataFrame({
            "iso3": np.array(codes)[ci[ok]], "year": years[yi[ok]], "series": name,
            "value": vals[ok], "unit": SERIES[name][0], "definition": defs[ok],
            "source": srcs[ok],
        })
        f["note"] = [
            "estimate" if d == "nato" and (nato_series, c, int(y)) in est_keys else ""
            for d, c, y in zip(f["definition"], f["iso3"], f["year"], strict=True)
        ]
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _runs(years: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs of sorted years."""
    if years.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(years) != 1)
    starts = np.r_[years[0], years[breaks + 1]]
    ends = np.r_[years[breaks], years[-1]]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def find_gaps(data: pd.DataFrame, codes: tuple[str, ...], years: np.ndarray,
              kiel_first_year: int, fx_years: set[int] | None = None,
              nato_2025_gaps: dict[str, str] | None = None) -> pd.DataFrame:
    """Every missing (series, country, year-range) with the reason."""
    rows = []
    for s in SERIES:
        grid = _grid(data, s, codes, years)
        present = ~np.isnan(grid)
        last = int(years[present.any(axis=0)].max()) if present.any() else None
        src = SERIES_SOURCE.get(s, "the sources it combines")
        for i, c in enumerate(codes):
            miss = years[~present[i]]
            if miss.size == 0:
                continue
            for a, b in _runs(miss):
                if not present[i].any():
                    reason = f"{c} has no value in {src}"
                    if s.endswith("_nato") or (s in ("milex_usd", "milex_gdp_share")
                                               and not present.any()):
                        reason += " (not covered by the NATO tables)"
                elif (s in ("milex_gdp_share_nato", "milex_gdp_share") and nato_2025_gaps
                      and c in nato_2025_gaps and a <= 2025 <= b):
                    reason = nato_2025_gaps[c]
                elif last is not None and a > last:
                    reason = f"after the latest year in the source ({last})"
                elif s.startswith("aid_") and b < kiel_first_year:
                    reason = f"before the Kiel tracker's coverage (from {kiel_first_year})"
                elif s.startswith("aid_"):
                    reason = "no allocation recorded by Kiel for this donor in this year"
                else:
                    reason = "missing in the source (blank, '...' or 'xxx')"
                rows.append((s, c, a, b, reason))
    fxy = fx_years or set()
    for a, b in _runs(np.array([y for y in years.tolist() if y not in fxy], dtype=int)):
        rows.append(("usd_per_eur", "", a, b, fxmod.GAP_REASON))
    return pd.DataFrame(rows, columns=["series", "iso3", "first_year", "last_year", "reason"])


def latest_complete(data: pd.DataFrame, codes: tuple[str, ...], years: np.ndarray) -> int:
    """Latest year in which every ally of that year has GDP and non-derived defence spending.

    Allies absent from every source (e.g. in a partial raw folder) do not count; the
    completeness test checks the bundled snapshot covers them all.
    """
    reg = registry()
    since = np.array([reg[c].nato_since or np.inf for c in codes], dtype=float)
    d = data[(data["series"] == "milex_usd") & (data["definition"] != "derived")]
    covered = np.isin(np.array(codes), d["iso3"].unique())
    ally = (since[:, None] <= years[None, :]) & covered[:, None]
    gdp = ~np.isnan(_grid(data, "gdp_usd", codes, years))
    mil = ~np.isnan(_grid(d, "milex_usd", codes, years))
    ok = (~ally | (gdp & mil)).all(axis=0)
    if not ok.any():
        raise DataError("no year in which every NATO ally has GDP and defence spending")
    return int(years[ok].max())


def _readme(manifest: dict[str, object], fx_records: tuple[fxmod.FxRecord, ...]) -> str:
    cat = source_catalogue()
    smeta = manifest["series"]
    assert isinstance(smeta, dict)
    lines = [
        "# Bundled snapshot",
        "",
        "Generated by `guarantor data build --raw DIR` — do not edit by hand. Per country",
        f"(registry order) and year {manifest['years'][0]}-{manifest['years'][1]}; "  # type: ignore[index]
        f"latest complete year: {manifest['latest_complete_year']}.",
        "Files: `series.csv` (values, with unit, per-cell definition and source ids), `fx.csv`",
        "(USD per EUR), `gaps.csv` (every gap with its reason), `manifest.json` (metadata).",
        "",
        "| series | unit | meaning | publisher and table | vintage |",
        "|---|---|---|---|---|",
    ]
    for s, m in smeta.items():
        pubs = "; ".join(f"{cat[i].publisher}, {cat[i].table or cat[i].title}"
                         for i in m["sources"])
        lines.append(f"| `{s}` | {m['unit']} | {m['meaning']} | {pubs} | {m['vintage']} |")
    fxs = sorted({r.source for r in fx_records})
    lines.append(
        f"| `usd_per_eur` | USD_per_EUR | US dollars per euro, annual average "
        f"({fxmod.SERIES_ANNUAL}, mean of the daily {fxmod.SERIES_DAILY}) | "
        + "; ".join(f"{cat[i].publisher}, {cat[i].title}" for i in fxs)
        + f" | {', '.join(cat[i].date or '' for i in fxs)} |"
    )
    lines += [
        "| `aid_donors.csv` | EUR_current | aid to Ukraine by Kiel donor (EU institutions as "
        "donor `EUI`), month and kind | Kiel, Ukraine Support Tracker, data_explorer.csv | "
        f"{cat['kiel_ust_r29'].date} |",
        "| `kiel_pb186.csv` | EUR_current per year | Kiel Policy Brief 186: aid now and needed "
        "to replace US aid, by donor group (as published) | "
        f"{cat['kiel_pb186_2025_03'].publisher}, {cat['kiel_pb186_2025_03'].title} | "
        f"{cat['kiel_pb186_2025_03'].date} |",
    ]
    lines += ["", "Definitions:", ""]
    lines += [f"- `{s}`: {m['definition']}" for s, m in smeta.items() if m["definition"]]
    lines += ["", "Licences and attribution:", ""]
    used = sorted({i for m in smeta.values() for i in m["sources"]} | set(fxs))
    lines += [f"- `{i}`: {cat[i].publisher}, “{cat[i].title}”, {cat[i].url} — {cat[i].licence}"
              for i in used]
    return "\n".join(lines) + "\n"


def build_snapshot(raw: Path, out: Path, progress: Progress | None = None) -> BuildReport:
    """Rebuild the snapshot from ``raw`` into ``out`` (atomic, deterministic).

    Parameters
    ----------
    raw : Path
        Folder with the official files (layout of :data:`RAW_LAYOUT`).
    out : Path
        Snapshot folder to (re)write; replaced only once everything has been written.
    progress : callable, optional
        Called with a one-line message per step.
    """
    say = progress or (lambda _msg: None)
    files = locate_raw(raw)
    data, release = load_all(files, say)
    say(f"ECB reference rates  {files['ecb_fx'].name}")
    fx_records = usd_per_eur_records(files["ecb_fx"], FIRST_YEAR)
    say(f"Kiel donors (EU institutions included)  {files['kiel'].name}")
    donors = load_kiel_donors(files["kiel"])
    say(f"Kiel Policy Brief 186  {files['kiel_pb186'].name}")
    pb186 = load_kiel_pb186(files["kiel_pb186"])
    _, n25_gaps = load_nato_2025()
    say(f"euro price index (SIPRI CPI conversion)  {files['sipri'].name}")
    prices = euro_price_index(files["sipri"])
    say(f"personnel cost per soldier (NATO TABLE2 x TABLE8a / TABLE7)  {files['nato'].name}")
    pcost = personnel_cost(files["nato"], {r.year: r.usd_per_eur for r in fx_records})
    codes = registry().codes
    y1 = int(data["year"].max())
    years = np.arange(FIRST_YEAR, y1 + 1)
    data = data[data["iso3"].isin(codes) & (data["year"] >= FIRST_YEAR)]
    say("combining: NATO for allies where available, SIPRI otherwise")
    data = pd.concat([data, derive_preferred(data, codes, years)], ignore_index=True)
    order = {c: i for i, c in enumerate(codes)}
    sorder = {s: i for i, s in enumerate(SERIES)}
    data = data.assign(_s=data["series"].map(sorder), _c=data["iso3"].map(order))
    data = data.sort_values(["_s", "_c", "year"], kind="mergesort").drop(columns=["_s", "_c"])
    data = data.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)
    lcy = latest_complete(data, codes, years)
    gaps = find_gaps(data, codes, years, kiel_first_year=2022,
                     fx_years={r.year for r in fx_records},
                     nato_2025_gaps=dict(zip(n25_gaps["iso3"], n25_gaps["reason"], strict=True)))
    cat = source_catalogue()
    series_meta = {}
    for s, (unit, meaning) in SERIES.items():
        ids = sorted({i for v in data.loc[data["series"] == s, "source"] for i in v.split("+")})
        series_meta[s] = {
            "unit": unit, "meaning": meaning, "sources": ids,
            "vintage": "; ".join(f"{i}: {cat[i].date}" for i in ids),
            "definition": DEFINITIONS.get(s, ""),
        }
    vintages = {i: cat[i].date or "" for m in series_meta.values() for i in m["sources"]}
    vintages.update({r.source: cat[r.source].date or "" for r in fx_records})
    vintages["kiel_pb186_2025_03"] = cat["kiel_pb186_2025_03"].date or ""
    manifest = {
        "schema": 1,
        "command": "guarantor data build --raw <raw folder>",
        "codes": list(codes),
        "years": [FIRST_YEAR, y1],
        "latest_complete_year": lcy,
        "vintages": dict(sorted(vintages.items())),
        "series": series_meta,
        "notes": {
            "kiel_release": f"Release {release['release']}, period {release['period']}, "
                            f"dated {release['date']}",
            "derived_2025": DEFINITIONS["milex_usd"],
        },
        "raw_files": {f"{p.parent.name}/{p.name}": _sha16(p) for p in
                      sorted(files.values(), key=lambda p: (p.parent.name, p.name))},
    }
    fx = pd.DataFrame([
        {"year": r.year, "usd_per_eur": r.usd_per_eur, "unit": "USD_per_EUR",
         "source": r.source, "locator": r.locator} for r in fx_records
    ])
    say(f"writing {len(data)} values, {len(gaps)} gap ranges")
    out = out.resolve()
    with publishing(out, what="the data snapshot", keep_others=False, error=DataError) as tmp:
        data.to_csv(tmp / "series.csv", index=False, float_format="%.12g", lineterminator="\n")
        fx.to_csv(tmp / "fx.csv", index=False, lineterminator="\n")
        gaps.to_csv(tmp / "gaps.csv", index=False, lineterminator="\n")
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")
        donors.to_csv(tmp / "aid_donors.csv", index=False, float_format="%.12g",
                      lineterminator="\n")
        pb186.to_csv(tmp / "kiel_pb186.csv", index=False, float_format="%.12g",
                     lineterminator="\n")
        prices.to_csv(tmp / "prices.csv", index=False, float_format="%.12g",
                      lineterminator="\n")
        pcost.to_csv(tmp / "personnel_cost.csv", index=False, float_format="%.12g",
                     lineterminator="\n")
        (tmp / "README.md").write_text(_readme(manifest, fx_records), "utf-8")
        size = sum(p.stat().st_size for p in tmp.iterdir())
    return BuildReport(out=out, n_rows=len(data), n_gaps=len(gaps), years=(FIRST_YEAR, y1),
                       latest_complete_year=lcy, bytes_written=size)
