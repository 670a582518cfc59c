"""Monte Carlo over a scenario's uncertain inputs, chunked so memory stays bounded at any N.

The draws are evaluated by the one engine (:func:`~guarantor.engine.inputs.build_inputs` and
:func:`~guarantor.engine.compute.compute`) in chunks of ``chunk`` draws; each chunk is reduced at
once to running statistics and dropped:

* **probabilities** that each requirement is met are counts over all N draws; their Monte Carlo
  standard error is ``sqrt(p (1 - p) / N)`` and the interval is Wilson's score interval (95 %);
* **means and standard deviations** are exact over all N draws (chunk sums merged with Chan's
  parallel formula), with the standard error of the mean ``sd / sqrt(N)``;
* **quantiles** are the empirical quantiles (numpy's default, linear interpolation) of the first
  ``quantile_sample`` draws (default 100,000). The draws are independent and identically
  distributed, so the first R draws are a uniform random subsample of all N; memory is bounded by
  R x (number of outputs). By the Dvoretzky-Kiefer-Wolfowitz inequality the empirical CDF of R
  draws is within ``sqrt(ln(2/0.05) / (2 R))`` of the true CDF with 95 % probability (0.0043 for
  R = 100,000; stored as ``quantile_cdf_error``): a reported 5th percentile is the true
  percentile of rank 0.05 +- 0.0043 at worst.

References
----------
Wilson, E. B. (1927), Probable inference, the law of succession, and statistical inference,
JASA 22(158): 209-212. Chan, T. F., Golub, G. H., LeVeque, R. J. (1979), Updating formulae and a
pairwise algorithm for computing sample variances, Stanford CS report STAN-CS-79-773.
Dvoretzky, A., Kiefer, J., Wolfowitz, J. (1956), Ann. Math. Statist. 27(3): 642-669; Massart,
P. (1990), Ann. Probab. 18(3): 1269-1283 (tight constant).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from guarantor.atomic import write_files
from guarantor.errors import ScenarioError
from guarantor.uncertainty.sampling import Sampler, uncertain_inputs

__all__ = ["MonteCarloResult", "Loaded", "evaluate_draws", "run_montecarlo", "QUANTILES"]

#: Quantiles reported for every output.
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
DEFAULT_CHUNK = 10_000
DEFAULT_QUANTILE_SAMPLE = 100_000
#: From this many draws on, Monte Carlo uses the fused kernel (see ``run_montecarlo``).
FUSED_FROM = 20_000
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Loaded:
    """Data, parameters, inventory and postures loaded once and shared by every chunk."""

    data: Any
    params: Any
    inventory: Any
    postures: Any

    @classmethod
    def bundled(cls) -> Loaded:
        """The bundled snapshot, parameters, capability inventory and US postures."""
        from guarantor.data.capabilities import load_inventory
        from guarantor.data.dataset import load_dataset
        from guarantor.data.params import load_parameters, load_postures

        return cls(load_dataset(), load_parameters(), load_inventory(), load_postures())


def evaluate_draws(scenario: Any, draws: Mapping[str, np.ndarray], n: int,
                   loaded: Loaded | None = None, horizon: bool = False) -> tuple[Any, Any]:
    """Inputs and outputs of ``n`` draws of ``scenario`` (one vectorised engine call).

    ``horizon=True`` computes every year of the horizon (the full model; the reported figures
    use the first year and are the same either way), otherwise the lean one-year path.
    """
    from guarantor.engine.compute import compute
    from guarantor.engine.inputs import build_inputs

    ld = loaded or Loaded.bundled()
    inp = build_inputs(scenario, data=ld.data, params=ld.params, inventory=ld.inventory,
                       postures=ld.postures, draws=draws, n_draws=n)
    inp = participants_only(inp)
    return inp, compute(inp, years=horizon)


# Country-axis fields of ModelInputs: axis 0 for these, axis 1 (after the draw axis) for _BY_DRAW.
_BY_COUNTRY = ("participants", "nato_member", "gdp_eur", "milex_eur", "milex_gdp_share",
               "personnel", "pledge_troops", "inventory", "pledge_aircraft", "aid_history",
               "pledge_aid", "europe_donor", "target_applies", "inventory_low", "inventory_high",
               "soldier_cost_nato")
_BY_DRAW = ("willingness", "land_share", "willingness_air", "willingness_aid",
            "willingness_air_missions",
            "soldier_year_eur_by_country")


def participants_only(inp: Any) -> Any:
    """The same inputs on the participants' columns only.

    Non-participants have zero willingness, weight and capacity, so every participant's figure
    is unchanged; Monte Carlo reports participants only and saves a quarter of the work. If
    :class:`~guarantor.engine.inputs.ModelInputs` has fields this function does not know, the
    inputs are returned unchanged (never a silently inconsistent axis).
    """
    from dataclasses import fields, replace

    known = set(_BY_COUNTRY) | set(_BY_DRAW) | {"pledge_troops_capped", "pool_members"}
    arrays = {f.name for f in fields(inp) if isinstance(getattr(inp, f.name), np.ndarray)}
    C = len(inp.codes)
    unknown = {k for k in arrays - known
               if C in getattr(inp, k).shape and k not in _NO_COUNTRY_AXIS}
    if unknown or inp.participants.all() or inp.inventory_drawn:
        return inp  # (drawn inventory cells are indexed over all countries)
    m = inp.participants
    # np.take with indices, not a boolean mask: the same values, ten times faster on the
    # (draws, countries, classes) arrays (profile of issue 18)
    idx = np.flatnonzero(m)
    upd: dict[str, Any] = {k: np.take(getattr(inp, k), idx, axis=0) for k in _BY_COUNTRY
                           if getattr(inp, k) is not None and getattr(inp, k).ndim < 3}
    for k in ("inventory_low", "inventory_high"):  # drawn bounds carry the draw axis first
        v = getattr(inp, k)
        if v is not None and v.ndim == 3:
            upd[k] = np.take(v, idx, axis=1)
    upd.update({k: np.take(getattr(inp, k), idx, axis=1) for k in _BY_DRAW
                if getattr(inp, k) is not None})
    if inp.pledge_troops_capped is not None:
        upd["pledge_troops_capped"] = np.take(inp.pledge_troops_capped, idx)
    upd["pool_members"] = (np.take(inp.pool_members, idx, axis=1) if inp.pool_members.size
                           else inp.pool_members)
    upd["codes"] = tuple(c for c, keep in zip(inp.codes, m, strict=True) if keep)
    return replace(inp, **upd)


# Array fields without a country axis (their length may equal C by coincidence).
_NO_COUNTRY_AXIS = frozenset({
    "years", "gdp_growth", "deployable_share", "sustainable_share", "rotation_ratio",
    "troops_required", "availability", "commit_share", "air_required", "us_supply",
    "aid_required", "us_aid_share", "soldier_year_eur", "unit_year_eur", "pool_size",
    "pool_class", "air_hours", "flight_hour_eur", "air_mission_index",
    "inventory_drawn_values"})


# ------------------------------------------------------------------------ what is reported


def _requirements(scenario: Any, classes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(mission, item) of every requirement the scenario sets."""
    m = scenario.missions
    items: list[tuple[str, str]] = []
    if m.reassurance_force is not None:
        items.append(("reassurance_force", "troops"))
    if m.air_shield is not None:
        items += [("air_shield", k) for k in classes]
    if m.military_aid is not None:
        items.append(("military_aid", "aid"))
    return items


def extract(scenario: Any, inp: Any, out: Any) -> tuple[dict[str, np.ndarray],
                                                        dict[str, np.ndarray]]:
    """Per-draw outputs of one chunk.

    Returns
    -------
    scalars : dict name -> ndarray (n,)
        ``troops_shortfall`` [persons], ``air_shortfall.<class>`` [units], ``aid_shortfall``,
        ``cost_total`` [EUR per year, participants], ``cost_gdp_share`` [share of participants'
        GDP, first year], ``spending_gap_eur`` [EUR, participants, target year], and
        ``met.<mission>.<item>`` / ``met.all`` / ``unknown.air_shield.<class>`` as booleans.
    per_country : dict name -> ndarray (n, P) over participants (registry order)
        ``burden`` [share of GDP, first year of the horizon], ``cost`` [EUR per year],
        ``gap_eur`` [EUR], ``fits_gap`` (0/1).
    """
    part = inp.participants
    year0 = int(inp.years[0])
    growth0 = (1.0 + inp.gdp_growth) ** (year0 - inp.base_year)           # (n,)
    gdp0 = np.where(np.isfinite(inp.gdp_eur), inp.gdp_eur, np.nan)[part]   # (P,)
    cost = out.cost_total[:, part]
    with np.errstate(invalid="ignore", divide="ignore"):
        burden = cost / (gdp0[None, :] * growth0[:, None])
    gdp_part = np.nansum(gdp0) * growth0
    total = np.nansum(cost, axis=1)
    gap = out.gap_eur[:, part]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(gdp_part > 0, total / gdp_part, np.nan)
    return assemble(scenario, inp.classes, out, total, share, np.nansum(gap, axis=1),
                    {"burden": burden, "cost": cost, "gap_eur": gap,
                     "fits_gap": out.cost_fits_gap[:, part]})


def extract_fused(scenario: Any, inp: Any, fo: Any) -> tuple[dict[str, np.ndarray],
                                                              dict[str, np.ndarray]]:
    """:func:`extract` of the fused kernel's outputs (:func:`guarantor.engine.fused.evaluate`)."""
    return assemble(scenario, inp.classes, fo, fo.cost_total, fo.cost_gdp_share,
                    fo.spending_gap_eur, {"burden": fo.burden, "cost": fo.cost,
                                          "gap_eur": fo.gap_eur, "fits_gap": fo.fits_gap})


def assemble(scenario: Any, classes: tuple[str, ...], out: Any, cost_total: np.ndarray,
             cost_gdp_share: np.ndarray, spending_gap: np.ndarray,
             per_country: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray],
                                                          dict[str, np.ndarray]]:
    """The named per-draw outputs (see :func:`extract`) from the engine's arrays: ``out`` has
    ``troops_shortfall``, ``air_shortfall``, ``air_unknown``, ``air_shortfall_min``,
    ``aid_shortfall`` and ``feasible`` (an :class:`~guarantor.engine.compute.Outputs` or the
    fused kernel's :class:`~guarantor.engine.fused.FusedOut`)."""
    s: dict[str, np.ndarray] = {}
    m = scenario.missions
    if m.reassurance_force is not None:
        s["troops_shortfall"] = out.troops_shortfall
        s["met.reassurance_force.troops"] = out.troops_shortfall <= 0
    if m.air_shield is not None:
        for j, k in enumerate(classes):
            s[f"air_shortfall.{k}"] = out.air_shortfall[:, j]
            s[f"met.air_shield.{k}"] = out.air_shortfall[:, j] <= 0
            s[f"unknown.air_shield.{k}"] = out.air_unknown[:, j]
            if out.air_shortfall_min is not None:
                s[f"air_shortfall_low.{k}"] = out.air_shortfall_min[:, j]
    if m.military_aid is not None:
        s["aid_shortfall"] = out.aid_shortfall
        s["met.military_aid.aid"] = out.aid_shortfall <= 0
    s["met.all"] = out.feasible
    s["cost_total"] = cost_total
    s["cost_gdp_share"] = cost_gdp_share
    s["spending_gap_eur"] = spending_gap
    return s, per_country


#: Units of the scalar outputs (for tables); money is in the engine's basis
#: (``Outputs.money_basis``, constant euros of the price base year), which the shells name
#: (``report.tables.engine_money_unit``).
UNITS = {"troops_shortfall": "persons", "aid_shortfall": "EUR per year",
         "cost_total": "EUR per year", "cost_gdp_share": "share",
         "spending_gap_eur": "EUR"}


# ------------------------------------------------------------------------ running statistics


class _Running:
    """Count, mean, M2 (Chan), min, max, and the first R values, per column."""

    def __init__(self, width: int, keep: int) -> None:
        self.n = 0
        self.mean = np.zeros(width)
        self.m2 = np.zeros(width)
        self.finite = np.zeros(width, dtype=np.int64)
        self.lo = np.full(width, np.inf)
        self.hi = np.full(width, -np.inf)
        self.keep = keep
        self.kept: list[np.ndarray] = []
        self.n_kept = 0

    def add(self, x: np.ndarray) -> None:
        from guarantor.uncertainty.moments import chunk_moments

        x = np.asarray(x, dtype=float).reshape(len(x), -1)
        nb = x.shape[0]
        cnt, mb, m2b, lo, hi = chunk_moments(x)
        na = self.finite
        tot = na + cnt
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = mb - self.mean
            self.mean = np.where(tot > 0, self.mean + delta * cnt / np.maximum(tot, 1), 0.0)
            self.m2 = self.m2 + m2b + delta ** 2 * na * cnt / np.maximum(tot, 1)
        self.finite = tot
        self.lo = np.minimum(self.lo, lo)
        self.hi = np.maximum(self.hi, hi)
        self.n += nb
        if self.n_kept < self.keep:
            take = min(self.keep - self.n_kept, nb)
            self.kept.append(x[:take].copy())
            self.n_kept += take

    def merge(self, other: _Running) -> None:
        """Fold in the statistics of the draws that come *after* ours (order matters only for
        the kept sample)."""
        na, nb = self.finite, other.finite
        tot = na + nb
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = other.mean - self.mean
            self.mean = np.where(tot > 0, self.mean + delta * nb / np.maximum(tot, 1), 0.0)
            self.m2 = self.m2 + other.m2 + delta ** 2 * na * nb / np.maximum(tot, 1)
        self.finite = tot
        self.lo = np.minimum(self.lo, other.lo)
        self.hi = np.maximum(self.hi, other.hi)
        self.n += other.n
        for x in other.kept:
            if self.n_kept >= self.keep:
                break
            take = min(self.keep - self.n_kept, len(x))
            self.kept.append(x[:take])
            self.n_kept += take

    def sample(self) -> np.ndarray:
        return np.concatenate(self.kept) if self.kept else np.empty((0, len(self.mean)))

    def sd(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.finite > 1, np.sqrt(self.m2 / np.maximum(self.finite - 1, 1)),
                            np.nan)


def column_quantiles(sample: np.ndarray, qs: np.ndarray,
                     columns: list[int] | None = None) -> np.ndarray:
    """``np.nanquantile(sample[:, columns], qs, axis=0)``, the same values, faster.

    Each column is sorted as one contiguous row (NaN sort last) and ``np.quantile`` reads the
    sorted non-NaN part: the same order statistics, so the same values as ``nanquantile``,
    which selects them column by column on a strided axis (about half of the time Monte
    Carlo's main process spent after its workers, issue 18). Columns not asked for cost nothing.

    Parameters
    ----------
    sample : ndarray, shape (R, w)
        The kept draws of w outputs.
    qs : ndarray, shape (Q,)
        Probabilities.
    columns : list of int, optional
        Columns of ``sample`` wanted (default: all).

    Returns
    -------
    ndarray, shape (Q, w)
        NaN for a column not asked for, or without a non-NaN value.

    Examples
    --------
    >>> x = np.array([[1.0, 5.0], [np.nan, 3.0], [3.0, 4.0]])
    >>> column_quantiles(x, np.array([0.5]))
    array([[2., 4.]])
    """
    width = sample.shape[1] if sample.ndim == 2 else 0
    out = np.full((len(qs), width), np.nan)
    cols = np.arange(width) if columns is None else np.asarray(columns, dtype=np.intp)
    if sample.size == 0 or cols.size == 0:
        return out
    rows = np.sort(np.ascontiguousarray(sample[:, cols].T), axis=1)
    finite = rows.shape[1] - np.isnan(rows).sum(axis=1)
    for r, j in enumerate(cols):
        if finite[r]:
            out[:, j] = np.quantile(rows[r, :finite[r]], qs)
    return out


def wilson(p: float, n: int, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``p`` from ``n`` trials.

    Examples
    --------
    >>> lo, hi = wilson(0.0, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.0, 0.037)
    """
    if n <= 0:
        return (math.nan, math.nan)
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


# ------------------------------------------------------------------------ result


@dataclass(frozen=True)
class MonteCarloResult:
    """Summary of a Monte Carlo run: probabilities, quantiles, burden ranges, provenance.

    Tables
    ------
    ``probabilities``  one row per requirement (and ``all``): p_met, mc_se, 95 % Wilson interval,
                       and p_short_unknown, the share of draws short while some participant's
                       inventory or availability is unsourced (short, or only unknown?);
    ``outputs``        one row per scalar output: mean, sd, mc_se of the mean, min, quantiles, max;
    ``burden``         one row per participant: cost as a share of GDP (first year of the
                       horizon) mean and quantiles, annual cost median, spending gap median,
                       probability the cost fits inside the gap;
    ``inputs``         one row per uncertain input: its distribution spec.
    """

    scenario: Any
    n_draws: int
    seed: int
    provenance: dict[str, Any]
    probabilities: pd.DataFrame
    outputs: pd.DataFrame
    burden: pd.DataFrame
    inputs: pd.DataFrame
    quantile_sample: int
    quantile_cdf_error: float
    seconds: float = field(default=math.nan, compare=False)

    def p_met(self, item: str = "all") -> float:
        """Probability the named requirement (``troops``, a class, ``aid`` or ``all``) is met."""
        row = self.probabilities[self.probabilities["item"] == item]
        if row.empty:
            raise KeyError(item)
        return float(row["p_met"].iloc[0])

    def output(self, name: str) -> pd.Series:
        """The row of one scalar output (mean, sd, quantiles...)."""
        return self.outputs.set_index("output").loc[name]

    def summary(self) -> dict[str, Any]:
        """Headline figures (the keys ``compare`` prints), rounded for display."""
        s: dict[str, Any] = {
            "scenario": self.scenario.name,
            "title": self.scenario.title,
            "us_posture": self.scenario.us_posture,
            "burden_rule": self.scenario.burden_rule,
            "draws": self.n_draws,
            "seed": self.seed,
        }
        for r in self.probabilities.itertuples():
            s[f"p_met.{r.item}"] = round(float(r.p_met), 4)
        out = self.outputs.set_index("output")
        for name in ("troops_shortfall", "cost_total", "cost_gdp_share", "spending_gap_eur"):
            if name in out.index:
                for q in ("p05", "p50", "p95"):
                    s[f"{name}.{q}"] = float(out.loc[name, q])
        s["scenario_hash"] = self.provenance.get("scenario_hash")
        return s

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name."""
        return {"probabilities": self.probabilities, "outputs": self.outputs,
                "burden": self.burden, "inputs": self.inputs}

    def to_json(self) -> str:
        """Summary, tables and provenance as JSON."""
        payload = {
            "summary": self.summary(), "provenance": self.provenance,
            "quantile_method": {"sample": self.quantile_sample,
                                "cdf_error_95": self.quantile_cdf_error},
            "tables": {k: json.loads(v.to_json(orient="records"))
                       for k, v in self.tables().items()},
        }
        return json.dumps(payload, indent=2, default=str)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV and Parquet plus provenance JSON, atomically per file."""
        stem = f"{self.scenario.name}_mc"
        writers: dict[str, Any] = {}
        for name, df in self.tables().items():
            writers[f"{stem}_{name}.csv"] = lambda p, df=df: df.to_csv(p, index=False)
            writers[f"{stem}_{name}.parquet"] = lambda p, df=df: df.to_parquet(p, index=False)
        writers[f"{stem}_provenance.json"] = lambda p: p.write_text(self.to_json())
        return write_files(out_dir, writers)


@dataclass
class _ChunkStats:
    """Running statistics of consecutive draws (one chunk, or several merged in order)."""

    names: list[str]
    scalars: _Running
    per_country: dict[str, _Running]
    classes: tuple[str, ...]
    codes: list[str]

    def merge(self, other: _ChunkStats) -> None:
        self.scalars.merge(other.scalars)
        for k, v in self.per_country.items():
            v.merge(other.per_country[k])


#: The fused kernel's output buffers of this process, reused by every chunk of the same size
#: (no fresh arrays, so no page faults, per chunk).
_BUFFERS: dict[str, Any] = {}


def _fused_extract(scenario: Any, draws: Mapping[str, np.ndarray], n: int,
                   loaded: Loaded | None) -> tuple[Any, dict[str, np.ndarray],
                                                   dict[str, np.ndarray]] | None:
    """Inputs and per-draw outputs of one chunk by the fused kernel, or None when the kernel
    does not compute this model (then the reference path runs)."""
    from guarantor.engine import fused
    from guarantor.engine.inputs import build_inputs

    ld = loaded or Loaded.bundled()
    inp = build_inputs(scenario, data=ld.data, params=ld.params, inventory=ld.inventory,
                       postures=ld.postures, draws=draws, n_draws=n, compact=True)
    if not fused.supports(inp):
        return None
    fo = fused.evaluate(inp, out=_BUFFERS.get("fused"))
    _BUFFERS["fused"] = fo
    s, per = extract_fused(scenario, inp, fo)
    return inp, s, per


def _chunk_stats(scenario: Any, draws: Mapping[str, np.ndarray], n: int, keep: int,
                 loaded: Loaded | None, horizon: bool = False,
                 fused: bool = False) -> _ChunkStats:
    """Evaluate one chunk and reduce it (runs in a worker process when workers > 1).

    ``fused``: by the fused kernel (:mod:`guarantor.engine.fused`) where it computes the model;
    it reports the same figures as the reference path, which ``horizon`` only makes do more
    work (the other years of the horizon do not enter any reported figure).
    """
    got = _fused_extract(scenario, draws, n, loaded) if fused else None
    if got is not None:
        inp, s, per = got
    else:
        inp, out = evaluate_draws(scenario, draws, n, loaded, horizon)
        s, per = extract(scenario, inp, out)
    names = list(s)
    scal = _Running(len(names), keep)
    scal.add(np.stack([np.asarray(s[k], dtype=float) for k in names], axis=1))
    pc = {}
    for k, v in per.items():
        pc[k] = _Running(v.shape[1], keep)
        pc[k].add(v)
    codes = [c for c, m in zip(inp.codes, inp.participants, strict=True) if m]
    return _ChunkStats(names, scal, pc, tuple(inp.classes), codes)


#: What a run's worker processes share, set before they are forked: the loaded data.
_WORKER: dict[str, Any] = {}


def _chunk_job(scenario: Any, specs: Mapping[str, Any], seed: int,
               correlations: Mapping[tuple[str, str], float] | None, start: int, n: int,
               keep: int, horizon: bool, fused: bool) -> _ChunkStats:
    """One chunk in a worker process, its draws made there: the stream moved past the
    ``start`` draws before it (:meth:`~guarantor.uncertainty.sampling.Stream.skip`), so the
    numbers are the ones a single process makes, and only the chunk's statistics travel back
    (not some 10 MB of draws per chunk out)."""
    draws = Sampler(seed, correlations).stream(specs).skip(start).next(n)
    return _chunk_stats(scenario, draws, n, keep, _WORKER.get("loaded"), horizon, fused)


def _keep_freed_memory() -> None:
    """Let glibc keep freed large blocks for reuse instead of returning them to the system.

    Every chunk allocates arrays of the same sizes as the one before; by default glibc maps each
    large array afresh and unmaps it when freed, so every chunk page-faults its memory in again
    (about a fifth of a Monte Carlo run's CPU time was system time, issue 18). Raising the mmap
    and trim thresholds to 1 GiB makes the next chunk reuse the previous chunk's memory: the
    same effect as buffers preallocated and reused across chunks, for every array of the engine,
    without changing it. Peak memory is unchanged (at most one chunk's arrays per process).
    Other C libraries, or none found: nothing is done.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    mallopt(m_mmap_threshold, 1 << 30)
    mallopt(m_trim_threshold, 1 << 30)


def _one_blas_thread() -> Any:
    """Limit every BLAS library this process has loaded to one thread (threadpoolctl); the
    returned limiter's ``restore_original_limits()`` puts the counts back.

    A Monte Carlo run keeps its cores busy with its own processes (one per core), and its
    matrix products are small ((D, M) by (M,), the correlation's Cholesky factor): OpenBLAS's
    extra threads only spin after each product, taking CPU from the engine on the other core
    (a third of a 50,000-draw chunk's CPU time on 2 cores, issue 18). The products give the
    same bits on one thread: OpenBLAS splits the outputs between threads, each computed alike.
    Forked workers inherit the limit.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _spec_text(spec: Any) -> str:
    return json.dumps(spec.model_dump(), default=str)


def run_montecarlo(
    scenario: Any,
    n_draws: int,
    seed: int,
    *,
    chunk: int = DEFAULT_CHUNK,
    willingness_spread: float = 0.0,
    correlations: Mapping[tuple[str, str], float] | None = None,
    quantile_sample: int = DEFAULT_QUANTILE_SAMPLE,
    loaded: Loaded | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    horizon: bool = False,
    fused: bool = True,
) -> MonteCarloResult:
    """Monte Carlo of ``scenario``: ``n_draws`` draws of every uncertain input, from ``seed``.

    Parameters
    ----------
    scenario : Scenario
    n_draws : int
        Number of draws (>= 2).
    seed : int
        Seed of the :class:`~guarantor.uncertainty.sampling.Sampler`; scenarios run with the same
        seed share their draws (common random numbers).
    chunk : int
        Draws evaluated at once; memory is proportional to it, not to ``n_draws``.
    willingness_spread : float
        See :func:`~guarantor.uncertainty.sampling.uncertain_inputs`.
    correlations : mapping, optional
        See :class:`~guarantor.uncertainty.sampling.Sampler`.
    quantile_sample : int
        Draws kept for the quantiles (the first R; see the module docstring).
    progress : callable(int), optional
        Called with the number of draws done after each chunk.
    workers : int
        Local processes evaluating chunks in parallel. Each makes its chunk's draws from the
        same streams, moved past the draws before the chunk, and the chunk statistics are
        merged in order: results are identical for any number of workers.
    horizon : bool
        Compute every year of the horizon (the full model) rather than the first year only;
        the reported figures are the same (they use the first year), only the work differs.
    fused : bool
        Evaluate the draws with the fused compiled kernel (:mod:`guarantor.engine.fused`) where
        it computes the model (the engine's weighted burden rules), from 20,000 draws on (below
        that numba's import and first compile cost more than they save). ``False``: the
        reference path (:func:`evaluate_draws` and :func:`extract`). Both give the same
        results: whole units, shortfalls and probabilities identical, money equal up to the
        order of floating-point additions (relative 1e-12; ``tests/engine/test_fused.py``).

    Examples
    --------
    >>> from guarantor.scenario import load_scenario
    >>> r = run_montecarlo(load_scenario("feb2025"), 2000, seed=1, willingness_spread=0.2)
    >>> 0.0 <= r.p_met("troops") <= 1.0
    True
    """
    import time

    from guarantor.engine.evaluate import provenance

    if isinstance(n_draws, bool) or int(n_draws) < 2:
        raise ScenarioError("Monte Carlo needs at least 2 draws", key="--draws", value=n_draws)
    if int(chunk) < 1:
        raise ScenarioError("chunk must be at least 1 draw", key="--chunk", value=chunk)
    t0 = time.perf_counter()
    n_draws, chunk = int(n_draws), int(chunk)
    if n_draws > chunk:  # several chunks: reuse the memory of one for the next
        _keep_freed_memory()
    ld = loaded or Loaded.bundled()
    specs = uncertain_inputs(scenario, ld.params, willingness_spread, inventory=ld.inventory)
    stream = Sampler(seed, correlations).stream(specs)
    keep = max(int(quantile_sample), 1)
    starts = list(range(0, n_draws, chunk))
    sizes = [min(chunk, n_draws - i) for i in starts]
    # each chunk keeps only the rows of the first ``keep`` draws it holds (merging in order
    # drops the rest anyway): a chunk past them carries no sample back from a worker
    keeps = [max(keep - i, 0) for i in starts]
    total: _ChunkStats | None = None

    def fold(part: _ChunkStats) -> None:
        nonlocal total
        if total is None:
            total = part
        else:
            total.merge(part)
        if progress is not None:
            progress(part.scalars.n)

    fused = bool(fused) and n_draws >= FUSED_FROM
    blas = _one_blas_thread()  # the run's processes use the cores (see _one_blas_thread)
    try:
        if workers <= 1 or len(sizes) == 1:
            for n, kept in zip(sizes, keeps, strict=True):
                fold(_chunk_stats(scenario, stream.next(n), n, kept, ld, horizon, fused))
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            if n_draws >= 2 * chunk:  # import numba once, before the workers are forked
                from guarantor.engine import kernels

                kernels.available()
                from guarantor.uncertainty import moments

                moments.load()
                if fused:
                    # numba compiles (or loads from its cache) at the first call, for the
                    # argument types of that call: two draws through the kernel here, so the
                    # workers forked below inherit it instead of each loading it at its first
                    # chunk
                    _fused_extract(scenario, Sampler(seed, correlations).stream(specs).next(2),
                                   2, ld)
            _WORKER["loaded"] = ld
            try:
                with ProcessPoolExecutor(max_workers=int(workers),
                                         mp_context=mp.get_context("fork")) as pool:
                    pending = []
                    for i, n, kept in zip(starts, sizes, keeps, strict=True):
                        pending.append(pool.submit(_chunk_job, scenario, specs, seed,
                                                   correlations, i, n, kept, horizon, fused))
                        if len(pending) >= 2 * int(workers):
                            fold(pending.pop(0).result())
                    for f in pending:
                        fold(f.result())
            finally:
                _WORKER.clear()
    finally:
        blas.restore_original_limits()
    assert total is not None  # n_draws >= 2
    scal, pc, scal_names = total.scalars, total.per_country, total.names
    classes, codes = total.classes, total.codes
    qs = np.array(QUANTILES)
    idx = {k: i for i, k in enumerate(scal_names)}
    # quantiles of the reported outputs only (not of the met./unknown. booleans)
    qv = column_quantiles(scal.sample(), qs, [i for k, i in idx.items()
                                              if not k.startswith(("met.", "unknown."))])

    # probabilities
    prob_rows = []
    for mission, item in _requirements(scenario, classes) + [("all", "all")]:
        key = "met.all" if mission == "all" else f"met.{mission}.{item}"
        p = float(scal.mean[idx[key]])
        lo, hi = wilson(p, n_draws)
        unk = f"unknown.{mission}.{item}"
        prob_rows.append({"mission": mission, "item": item, "p_met": p,
                          "mc_se": math.sqrt(p * (1 - p) / n_draws), "ci95_low": lo,
                          "ci95_high": hi,
                          "p_short_unknown": float(scal.mean[idx[unk]]) if unk in idx else 0.0})
    probabilities = pd.DataFrame(prob_rows)

    sd = scal.sd()
    rows = []
    for k in scal_names:
        if k.startswith(("met.", "unknown.")):
            continue
        i = idx[k]
        row = {"output": k,
               "unit": UNITS.get(k, "units" if k.startswith(("air_shortfall.",
                                                             "air_shortfall_low.")) else ""),
               "mean": scal.mean[i], "sd": sd[i],
               "mc_se_mean": sd[i] / math.sqrt(max(scal.finite[i], 1)),
               "min": scal.lo[i]}
        for q, v in zip(QUANTILES, qv[:, i], strict=True):
            row[f"p{round(q * 100):02d}"] = v
        row["max"] = scal.hi[i]
        rows.append(row)
    outputs = pd.DataFrame(rows)

    from guarantor.data.countries import registry

    reg = registry()
    # every quantile of the burden; the median only of cost and gap (all the table shows)
    bq = {"burden": column_quantiles(pc["burden"].sample(), qs),
          **{k: column_quantiles(pc[k].sample(), np.array([0.5])) for k in ("cost", "gap_eur")}}
    burden = pd.DataFrame({
        "iso3": codes, "country": [reg[c].name for c in codes],
        "burden_gdp_share_mean": pc["burden"].mean,
        **{f"burden_gdp_share_p{round(q * 100):02d}": bq["burden"][j]
           for j, q in enumerate(QUANTILES)},
        "cost_eur_p50": bq["cost"][0], "gap_eur_p50": bq["gap_eur"][0],
        "p_cost_fits_gap": pc["fits_gap"].mean,
    }).sort_values("burden_gdp_share_p50", ascending=False, kind="stable").reset_index(drop=True)
    inputs = pd.DataFrame({"input": list(specs), "distribution": [s.dist for s in specs.values()],
                           "spec": [_spec_text(s) for s in specs.values()]})
    prov = provenance(scenario, ld.data, seed=seed, n_draws=n_draws)
    prov.update({"method": "monte_carlo", "chunk": chunk, "willingness_spread": willingness_spread,
                 "correlations": {f"{a}~{b}": r for (a, b), r in (correlations or {}).items()},
                 "uncertain_inputs": list(specs)})
    r_kept = min(keep, n_draws)
    return MonteCarloResult(
        scenario=scenario, n_draws=n_draws, seed=seed, provenance=prov,
        probabilities=probabilities, outputs=outputs, burden=burden, inputs=inputs,
        quantile_sample=r_kept,
        quantile_cdf_error=math.sqrt(math.log(2 / 0.05) / (2 * r_kept)),
        seconds=time.perf_counter() - t0,
    )
