"""Scenario grids: scenarios x overrides x Monte Carlo draws, in local processes or on Ray.

A grid file names scenarios, a set of dotted-path overrides with the values to try (their
Cartesian product), and the Monte Carlo settings::

    name: force_size_vs_posture
    scenarios: [feb2025, aug2025]
    grid:
      missions.reassurance_force.troops: [20000, 30000, 45000, 64000]
      us_posture: [none, enablers]
    draws: 20000
    seed: 1
    willingness_spread: 0.2

Every grid point is one Monte Carlo run with the grid's seed, so all points share their draws
(common random numbers) and a point's result depends only on the point, never on which worker ran
it or in what order: the same seed gives identical rows locally and on Ray. Results are one row
per grid point (:func:`point_row`), written as Parquet with the grid and provenance in the file's
metadata.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from guarantor.atomic import staged_file
from guarantor.errors import GuarantorError, ScenarioError

__all__ = ["Grid", "load_grid", "point_row", "run_point", "run_sweep", "write_parquet"]


class Grid(BaseModel):
    """A validated sweep grid (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="sweep", pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    scenarios: tuple[str, ...] = Field(min_length=1)
    grid: dict[str, list[Any]] = Field(default_factory=dict)
    draws: int = Field(default=10_000, ge=2, le=100_000_000)
    seed: int = Field(default=0, ge=0)
    chunk: int = Field(default=10_000, ge=1)
    willingness_spread: float = Field(default=0.0, ge=0, le=1)

    @field_validator("grid")
    @classmethod
    def _values(cls, v: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for path, values in v.items():
            if not values:
                raise ValueError(f"grid.{path} needs at least one value")
        return v

    def points(self) -> list[tuple[str, dict[str, Any]]]:
        """(scenario, overrides) of every grid point, in a fixed order."""
        keys = list(self.grid)
        combos = list(itertools.product(*(self.grid[k] for k in keys))) if keys else [()]
        return [(s, dict(zip(keys, c, strict=True))) for s in self.scenarios for c in combos]


def load_grid(path: str | Path) -> Grid:
    """Read and validate a grid file; every point's scenario and overrides are checked up front
    (a bad path or value names the grid file, the key and what is allowed)."""
    from guarantor.scenario import load_scenario
    from guarantor.yamlio import load_yaml, validate

    located = load_yaml(path)
    g = validate(Grid, located)
    for scenario, overrides in g.points():
        try:
            load_scenario(scenario, overrides=overrides)
        except ScenarioError as exc:
            raise ScenarioError(
                f"grid point {scenario} {overrides} is not a valid scenario: {exc.message}",
                file=str(path), line=located.line_of(["grid"]) if overrides else
                located.line_of(["scenarios"]), key=exc.key, value=exc.value,
                allowed=exc.allowed, hint=exc.hint) from None
    return g


def point_row(result: Any, scenario: str, overrides: dict[str, Any], index: int) -> dict[str, Any]:
    """One Parquet row of a grid point: the point, probabilities, quantiles, provenance."""
    row: dict[str, Any] = {"point": index, "scenario": scenario}
    for k, v in overrides.items():
        row[k] = v if isinstance(v, int | float | str | bool) else json.dumps(v)
    row.update({"draws": result.n_draws, "seed": result.seed,
                "scenario_hash": result.provenance["scenario_hash"]})
    for p in result.probabilities.itertuples():
        row[f"p_met.{p.item}"] = float(p.p_met)
        row[f"mc_se.{p.item}"] = float(p.mc_se)
    for o in result.outputs.itertuples():
        for q in ("mean", "p05", "p50", "p95"):
            row[f"{o.output}.{q}"] = float(getattr(o, q))
    return row


def run_point(scenario: str, overrides: dict[str, Any], index: int, draws: int, seed: int,
              chunk: int, willingness_spread: float) -> dict[str, Any]:
    """Evaluate one grid point (in whichever process or Ray worker runs it)."""
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import run_montecarlo

    sc = load_scenario(scenario, overrides=overrides or None)
    r = run_montecarlo(sc, draws, seed, chunk=chunk, willingness_spread=willingness_spread)
    return point_row(r, scenario, overrides, index)


def _args(g: Grid) -> list[tuple[Any, ...]]:
    return [(s, o, i, g.draws, g.seed, g.chunk, g.willingness_spread)
            for i, (s, o) in enumerate(g.points())]


def run_sweep(g: Grid, *, workers: int | None = None, ray_address: str | None = None,
              progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Run every grid point; one row per point, in grid order.

    Parameters
    ----------
    workers : int, optional
        Local processes (default: CPU count; 1 runs in this process). Ignored with Ray.
    ray_address : str, optional
        ``"local"`` starts a Ray instance on this machine (stopped afterwards), ``"auto"`` joins
        a running cluster, anything else is a cluster address passed to ``ray.init``.
    """
    args = _args(g)
    rows: list[dict[str, Any]] = []
    tick = progress or (lambda n: None)
    if ray_address:
        rows = _run_ray(args, ray_address, tick)
    elif (workers or os.cpu_count() or 1) <= 1:
        for a in args:
            rows.append(run_point(*a))
            tick(1)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        n = min(workers or os.cpu_count() or 1, len(args))
        with ProcessPoolExecutor(max_workers=n, mp_context=_mp_context(mp)) as pool:
            futs = [pool.submit(run_point, *a) for a in args]
            for f in as_completed(futs):
                rows.append(f.result())
                tick(1)
    return pd.DataFrame(sorted(rows, key=lambda r: r["point"])).reset_index(drop=True)


def _run_ray(args: list[tuple[Any, ...]], address: str, tick: Callable[[int], None]) -> list[dict]:
    try:
        import ray
    except ImportError:
        raise GuarantorError("Ray is not installed", value="--ray",
                             hint="pip install 'guarantor[ray]'") from None
    started = False
    if not ray.is_initialized():
        if address == "local":
            ray.init(include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False)
        started = True
    try:
        remote = ray.remote(run_point)
        refs = [remote.remote(*a) for a in args]
        rows = []
        pending = list(refs)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            rows.extend(ray.get(done))
            tick(len(done))
        return rows
    finally:
        if started:
            ray.shutdown()


def write_parquet(df: pd.DataFrame, path: str | Path, g: Grid) -> Path:
    """Write the sweep atomically (temp file, then rename), grid and provenance in metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import guarantor

    out = Path(path)
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"guarantor"] = json.dumps({"guarantor_version": guarantor.__version__,
                                     "grid": g.model_dump(mode="json")}).encode()
    table = table.replace_schema_metadata(meta)
    with staged_file(out, what="results") as tmp:
        pq.write_table(table, tmp)
    return out


def _mp_context(mp: Any) -> Any:
    """Fork where the platform has it (workers inherit the loaded data), else spawn."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
