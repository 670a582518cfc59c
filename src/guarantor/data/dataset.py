"""The bundled country-year snapshot as typed arrays: GDP, defence spending, personnel, aid.

The snapshot (``guarantor/data/snapshot``) is rebuilt from the official raw files by
``guarantor data build --raw DIR`` (:mod:`guarantor.data.loaders.build`) and read here once. Every
array has the registry's country axis (``registry().codes`` order) first and years second;
NaN is a gap (the reason is in ``gaps.csv`` and :meth:`Dataset.gap_reason`), never a zero.

Examples
--------
>>> ds = load_dataset()
>>> ds.values("gdp_usd").shape == (len(ds.codes), len(ds.years))
True
>>> ds.meta("milex_gdp_share").unit
'share'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.errors import DataError
from guarantor.units import UNITS

if TYPE_CHECKING:  # pandas is imported where a table is asked for, not on a plain run
    import pandas as pd

#: Canonical series: name -> (unit, meaning). Defined once; CLI, docs and the build read it.
SERIES: dict[str, tuple[str, str]] = {
    "gdp_usd": ("USD_current", "GDP, current US$ (World Bank WDI NY.GDP.MKTP.CD)"),
    "population": ("persons", "Population, total (World Bank WDI SP.POP.TOTL)"),
    "milex_usd_sipri": ("USD_current", "Military expenditure, current US$ (SIPRI definition)"),
    "milex_gdp_share_sipri": ("share", "Military expenditure as a share of GDP (SIPRI definition)"),
    "milex_gdp_share_wb": ("share", "Military expenditure as a share of GDP (World Bank copy of "
                                    "SIPRI, MS.MIL.XPND.GD.ZS)"),
    "milex_usd_nato": ("USD_current", "Defence expenditure, current US$ (NATO definition)"),
    "milex_gdp_share_nato": ("share", "Defence expenditure as a share of real GDP (NATO)"),
    "personnel_nato": ("persons", "Military personnel (NATO definition, TABLE7)"),
    "personnel_wb": ("persons", "Armed forces personnel, total (World Bank MS.MIL.TOTL.P1, IISS)"),
    "milex_usd": ("USD_current", "Defence spending, current US$: NATO for allies where available, "
                                 "SIPRI otherwise; 2025 derived (see definition column)"),
    "milex_gdp_share": ("share", "Defence spending as a share of GDP: NATO for allies where "
                                 "available, SIPRI otherwise (see definition column)"),
    "personnel": ("persons", "Military personnel: NATO for allies where available, World Bank "
                             "otherwise (see definition column)"),
    "aid_military_eur": ("EUR_current", "Military aid to Ukraine allocated in the calendar year "
                                        "(Kiel Ukraine Support Tracker)"),
    "aid_financial_eur": ("EUR_current", "Financial aid to Ukraine allocated in the calendar year "
                                         "(Kiel)"),
    "aid_humanitarian_eur": ("EUR_current", "Humanitarian aid to Ukraine allocated in the calendar "
                                            "year (Kiel)"),
}

#: Kinds of aid for :meth:`Dataset.aid_totals_eur`.
AID_KINDS: dict[str, str] = {
    "military": "aid_military_eur",
    "financial": "aid_financial_eur",
    "humanitarian": "aid_humanitarian_eur",
}

#: Files of the snapshot folder.
SNAPSHOT_FILES: tuple[str, ...] = ("series.csv", "fx.csv", "gaps.csv", "aid_donors.csv",
                                   "kiel_pb186.csv", "prices.csv", "personnel_cost.csv",
                                   "manifest.json", "README.md")
#: Columns of ``aid_donors.csv`` (monthly aid by Kiel donor, EU institutions included).
DONOR_COLUMNS: tuple[str, ...] = (
    "donor", "year", "month", "kind", "value", "unit", "kiel_gdp_eur", "source",
)
#: Columns of ``kiel_pb186.csv`` (Kiel Policy Brief 186's table as published).
PB186_COLUMNS: tuple[str, ...] = (
    "row", "label", "now_eur", "needed_eur", "needed_is_minimum", "wording",
)
SERIES_COLUMNS: tuple[str, ...] = (
    "iso3", "year", "series", "value", "unit", "definition", "source", "note",
)


@dataclass(frozen=True)
class SeriesMeta:
    """What a series is and where it comes from."""

    name: str
    unit: str
    meaning: str
    sources: tuple[str, ...]
    vintage: str
    definition: str = ""


def _check_series(name: str) -> None:
    if name not in SERIES:
        raise DataError("unknown series", value=name, allowed=", ".join(SERIES))


@dataclass(frozen=True)
class Dataset:
    """The bundled snapshot: arrays over (countries, years), per-series metadata, FX per year."""

    codes: tuple[str, ...]
    years: np.ndarray
    vintages: dict[str, str]
    latest_complete_year: int
    _values: dict[str, np.ndarray] = field(repr=False)
    _definitions: dict[str, np.ndarray] = field(repr=False)
    _meta: dict[str, SeriesMeta] = field(repr=False)
    _fx: dict[int, float] = field(repr=False)
    _fx_source: dict[int, str] = field(repr=False)
    _frame: Columns = field(repr=False)
    _gaps: Columns = field(repr=False)
    notes: dict[str, str] = field(default_factory=dict)
    _donors: Columns = field(default_factory=dict, repr=False)
    _pb186: Columns = field(default_factory=dict, repr=False)

    def aid_donors(self) -> pd.DataFrame:
        """Monthly aid by Kiel donor and kind [EUR_current], EU institutions as donor ``EUI``.

        Columns: donor, year, month, kind (military | financial | humanitarian), value, unit,
        kiel_gdp_eur, source. A copy: callers may modify it.
        """
        return _table(self._donors)

    def aid_donor_columns(self) -> Columns:
        """The ``aid_donors`` table as read-only columns (name -> array), without pandas."""
        return self._donors

    def aid_by_year(self, kind: str = "all") -> np.ndarray:
        """All Kiel donors' aid (EU institutions included) per year of :attr:`years`
        [EUR_current]; NaN for a year without a row. ``kind`` is one of :data:`AID_KINDS` or
        ``all``.

        Summed as ``aid_donors().groupby("year")["value"].sum()`` sums (compensated summation
        in row order), without pandas: the table's figure (equal to the last bit on the bundled
        data, a test checks; in general at most an ulp apart).
        """
        cols = self._donors
        keep = np.ones(len(cols["year"]), dtype=bool) if kind == "all" else cols["kind"] == kind
        out = np.full(len(self.years), np.nan)
        pos = {int(y): i for i, y in enumerate(self.years)}
        sums: dict[int, list[float]] = {}
        for y, v in zip(cols["year"][keep].tolist(), cols["value"][keep].tolist(), strict=True):
            acc = sums.setdefault(int(y), [0.0, 0.0])  # Kahan: sum, compensation
            if v != v:  # NaN is skipped, as pandas does
                continue
            t = v - acc[1]
            total = acc[0] + t
            acc[1] = total - acc[0] - t
            acc[0] = total
        for y, (total, _) in sums.items():
            if y in pos:
                out[pos[y]] = total
        return out

    def kiel_pb186(self) -> pd.DataFrame:
        """Kiel Policy Brief 186's table as published: row id, label, now_eur, needed_eur
        [EUR_current per year], needed_is_minimum, wording."""
        return _table(self._pb186)

    def values(self, series: str) -> np.ndarray:
        """Values of ``series`` [its unit], shape (n_countries, n_years); NaN = gap. Read-only."""
        _check_series(series)
        return self._values[series]

    def definitions(self, series: str) -> np.ndarray:
        """Per-cell definition ('nato' | 'sipri' | 'derived' | 'wb' | '') of ``series``."""
        _check_series(series)
        return self._definitions[series]

    def latest(self, series: str, max_year: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per country the latest non-NaN value at or before ``max_year`` and its year.

        Returns
        -------
        values : numpy.ndarray
            Shape (n_countries,) [unit of the series]; NaN when the country has no value.
        years : numpy.ndarray
            Shape (n_countries,) int; 0 when the country has no value.
        """
        v = self.values(series)
        ok = ~np.isnan(v)
        if max_year is not None:
            ok &= (self.years <= max_year)[None, :]
        # index of the last True per row: argmax over the reversed axis
        rev = ok[:, ::-1]
        has = rev.any(axis=1)
        idx = v.shape[1] - 1 - np.argmax(rev, axis=1)
        out = np.where(has, v[np.arange(v.shape[0]), idx], np.nan)
        yrs = np.where(has, self.years[idx], 0).astype(int)
        return out, yrs

    def frame(self, series: str) -> pd.DataFrame:
        """Tidy rows of ``series`` (iso3, year, value, unit, definition, source, note)."""
        _check_series(series)
        f = _table(self._frame)
        f = f[f["series"] == series]
        return f.drop(columns="series").reset_index(drop=True)

    def fx(self, year: int) -> float:
        """US dollars per euro, annual average of ``year`` [USD_per_EUR]; DataError on a gap."""
        if year not in self._fx:
            raise DataError(
                "no sourced USD per EUR rate for this year", value=year,
                allowed=", ".join(str(y) for y in sorted(self._fx)),
                hint="see gaps.csv (series usd_per_eur) for the reason",
            )
        return self._fx[year]

    def fx_source(self, year: int) -> str:
        """Source id of the USD per EUR rate of ``year``."""
        self.fx(year)
        return self._fx_source[year]

    def fx_years(self) -> tuple[int, ...]:
        """Years with a sourced USD per EUR rate."""
        return tuple(sorted(self._fx))

    def meta(self, series: str) -> SeriesMeta:
        """Unit, meaning, source ids, vintage and definition notes of ``series``."""
        _check_series(series)
        return self._meta[series]

    def gap_reason(self, series: str, iso3: str, year: int) -> str | None:
        """Why (series, country, year) is missing, or None when it is not a gap."""
        g = self._gaps
        hit = np.flatnonzero((g["series"] == series) & (g["iso3"] == iso3)
                             & (g["first_year"] <= year) & (g["last_year"] >= year))
        return None if not len(hit) else str(g["reason"][hit[0]])

    def aid_totals_eur(self, kind: str = "all") -> np.ndarray:
        """Aid to Ukraine per country and year [EUR_current]: one kind or the sum of all kinds.

        A cell is NaN only when every kind is missing there.
        """
        if kind == "all":
            stack = np.stack([self.values(s) for s in AID_KINDS.values()])
            allnan = np.isnan(stack).all(axis=0)
            return np.where(allnan, np.nan, np.nansum(stack, axis=0))
        if kind not in AID_KINDS:
            raise DataError("unknown aid kind", value=kind, allowed="all, " + ", ".join(AID_KINDS))
        return self.values(AID_KINDS[kind])

    def index(self, iso3: str) -> int:
        """Position of a country on the country axis."""
        try:
            return self.codes.index(iso3)
        except ValueError:
            raise DataError("country not in the snapshot", value=iso3,
                            hint="see guarantor data countries") from None


def snapshot_dir() -> Path:
    """The folder of the bundled snapshot inside the installed package."""
    return DATA_DIR / "snapshot"


#: A table as columns: name -> read-only array (object arrays for text). The snapshot's tables
#: are kept so (not as DataFrames), so the compiled cache of the dataset unpickles without pandas.
Columns = dict[str, np.ndarray]


def _columns(df: pd.DataFrame) -> Columns:
    out: Columns = {}
    for c in df.columns:
        a = np.array(df[c].to_numpy(), copy=True)
        a.setflags(write=False)
        out[str(c)] = a
    return out


def _table(cols: Columns) -> pd.DataFrame:
    """A DataFrame (a copy: callers may modify it) of ``cols``."""
    import pandas as pd

    return pd.DataFrame({k: np.array(v, copy=True) for k, v in cols.items()})


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    if not path.is_file():
        raise DataError("bundled snapshot file missing", file=str(path),
                        hint="rebuild it with: guarantor data build --raw DIR")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"corrupt snapshot file: {str(exc).splitlines()[0]}", file=str(path),
                        hint="rebuild it with: guarantor data build --raw DIR") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"snapshot file lacks column(s) {', '.join(missing)}", file=str(path),
                        allowed=", ".join(columns))
    return df


def _num(df: pd.DataFrame, col: str, path: Path, *, allow_empty: bool = False) -> np.ndarray:
    import pandas as pd

    text = df[col].str.strip()
    vals = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = vals.isna() & (text != "") if allow_empty else vals.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"bad number in column {col!r}", file=str(path), line=i + 2,
                        value=df[col].iloc[i])
    return cast(np.ndarray, vals.to_numpy(dtype="float64"))


def read_snapshot(folder: Path, codes: tuple[str, ...] | None = None) -> Dataset:
    """Read and check a snapshot folder (raises DataError naming the file and row).

    ``codes`` sets the country axis (default: the manifest's); countries of the axis without
    rows in the snapshot are all-gap.
    """
    mpath = folder / "manifest.json"
    if not mpath.is_file():
        raise DataError("bundled snapshot file missing", file=str(mpath),
                        hint="rebuild it with: guarantor data build --raw DIR")
    try:
        manifest = json.loads(mpath.read_text("utf-8"))
        codes = tuple(manifest["codes"]) if codes is None else tuple(codes)
        y0, y1 = (int(y) for y in manifest["years"])
        vintages = dict(manifest["vintages"])
        smeta = manifest["series"]
        latest_complete = int(manifest["latest_complete_year"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"corrupt manifest: {type(exc).__name__}: {exc}", file=str(mpath)) from None
    years = np.arange(y0, y1 + 1)
    spath = folder / "series.csv"
    df = _read_csv(spath, SERIES_COLUMNS)
    checks = [
        (~df["series"].isin(list(SERIES)), "unknown series"),
        (~df["iso3"].isin(list(codes)), "country not in the registry (rebuild the snapshot)"),
        (~df["unit"].isin(list(UNITS)), "unit not in the closed list"),
        (df["source"].str.strip() == "", "row without a source"),
    ]
    for mask, msg in checks:
        if mask.any():
            i = int(np.flatnonzero(mask.to_numpy())[0])
            raise DataError(msg, file=str(spath), line=i + 2, value=df.iloc[i].to_dict())
    yr = _num(df, "year", spath)
    val = _num(df, "value", spath)
    if ((yr < y0) | (yr > y1)).any():
        i = int(np.flatnonzero((yr < y0) | (yr > y1))[0])
        raise DataError("year outside the manifest's range", file=str(spath), line=i + 2,
                        value=df["year"].iloc[i], allowed=f"{y0}..{y1}")
    wrong_unit = df["unit"].to_numpy() != df["series"].map(lambda s: SERIES[s][0]).to_numpy()
    if wrong_unit.any():
        i = int(np.flatnonzero(wrong_unit)[0])
        raise DataError("unit does not match the series", file=str(spath), line=i + 2,
                        value=df["unit"].iloc[i], allowed=SERIES[df["series"].iloc[i]][0])
    if df.duplicated(["series", "iso3", "year"]).any():
        i = int(np.flatnonzero(df.duplicated(["series", "iso3", "year"]).to_numpy())[0])
        raise DataError("duplicate series-country-year row", file=str(spath), line=i + 2)
    ci = df["iso3"].map({c: k for k, c in enumerate(codes)}).to_numpy()
    yi = (yr - y0).astype(int)
    values: dict[str, np.ndarray] = {}
    defs: dict[str, np.ndarray] = {}
    sidx = df["series"].to_numpy()
    dcol = df["definition"].to_numpy()
    for s in SERIES:
        m = sidx == s
        arr = np.full((len(codes), len(years)), np.nan)
        arr[ci[m], yi[m]] = val[m]
        arr.setflags(write=False)
        values[s] = arr
        d = np.full((len(codes), len(years)), "", dtype=object)
        d[ci[m], yi[m]] = dcol[m]
        defs[s] = d
    frame = df.assign(year=yr.astype(int), value=val)
    fpath = folder / "fx.csv"
    fx = _read_csv(fpath, ("year", "usd_per_eur", "unit", "source", "locator"))
    fxv = dict(zip(_num(fx, "year", fpath).astype(int).tolist(),
                   _num(fx, "usd_per_eur", fpath).tolist(), strict=True))
    fxs = dict(zip(fxv, fx["source"].tolist(), strict=True))
    gpath = folder / "gaps.csv"
    gaps = _read_csv(gpath, ("series", "iso3", "first_year", "last_year", "reason"))
    gaps = gaps.assign(first_year=_num(gaps, "first_year", gpath).astype(int),
                       last_year=_num(gaps, "last_year", gpath).astype(int))
    dpath = folder / "aid_donors.csv"
    donors = _read_csv(dpath, DONOR_COLUMNS)
    donors = donors.assign(year=_num(donors, "year", dpath).astype(int),
                           month=_num(donors, "month", dpath).astype(int),
                           value=_num(donors, "value", dpath),
                           kiel_gdp_eur=_num(donors, "kiel_gdp_eur", dpath, allow_empty=True))
    ppath = folder / "kiel_pb186.csv"
    pb = _read_csv(ppath, PB186_COLUMNS)
    pb = pb.assign(now_eur=_num(pb, "now_eur", ppath), needed_eur=_num(pb, "needed_eur", ppath),
                   needed_is_minimum=pb["needed_is_minimum"].str.strip() == "True")
    meta: dict[str, SeriesMeta] = {}
    for s, (unit, meaning) in SERIES.items():
        if s not in smeta:
            raise DataError("series missing from the manifest", file=str(mpath), key=f"series.{s}")
        m = smeta[s]
        meta[s] = SeriesMeta(name=s, unit=unit, meaning=meaning, sources=tuple(m["sources"]),
                             vintage=str(m["vintage"]), definition=str(m.get("definition", "")))
    return Dataset(codes=codes, years=years, vintages=vintages,
                   latest_complete_year=latest_complete, _values=values, _definitions=defs,
                   _meta=meta, _fx=fxv, _fx_source=fxs, _frame=_columns(frame),
                   _gaps=_columns(gaps), notes=dict(manifest.get("notes", {})),
                   _donors=_columns(donors), _pb186=_columns(pb))


@lru_cache(maxsize=1)
def load_dataset() -> Dataset:
    """The bundled snapshot (read once); DataError naming file and row when it is corrupt."""
    return compiled("load_dataset", _make_load_dataset)


def _make_load_dataset() -> Dataset:
    from guarantor.data.countries import registry

    # The registry is the country axis everywhere; a country added to the registry after the
    # last build is all-gap until the snapshot is rebuilt.
    return read_snapshot(snapshot_dir(), codes=registry().codes)


__all__ = ["AID_KINDS", "SERIES", "Dataset", "SeriesMeta", "load_dataset", "read_snapshot",
           "snapshot_dir"]
