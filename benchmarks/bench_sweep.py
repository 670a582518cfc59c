"""Sweep scaling: the same grid with 1 and 2 local worker processes, and on a local Ray.

Grid: feb2025 and aug2025 x four reassurance-force sizes = 8 points, each a Monte Carlo of
``--draws`` draws with every participant's willingness varying. Reports wall time, speed-up of 2
workers over 1, and checks the rows are identical whichever way they were computed.

Run: ``.venv/bin/python benchmarks/bench_sweep.py [--draws 50000] [--no-ray]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import Report  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)

GRID = """\
name: bench_sweep
scenarios: [feb2025, aug2025]
grid:
  missions.reassurance_force.troops: [25000, 45000, 64000, 100000]
draws: {draws}
seed: 1
willingness_spread: 0.3
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=50_000)
    ap.add_argument("--no-ray", action="store_true")
    args = ap.parse_args()
    rep = Report("bench_sweep")

    import pandas as pd

    from guarantor.uncertainty.sweep import load_grid, run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "grid.yaml"
        p.write_text(GRID.format(draws=args.draws))
        g = load_grid(p)
    n = len(g.points())
    rep(f"grid: {n} points x {g.draws:,} draws = {n * g.draws:,} model draws")
    times, frames = {}, {}
    for w in (1, 2):
        t = time.perf_counter()
        frames[w] = run_sweep(g, workers=w)
        times[w] = time.perf_counter() - t
        rep(f"local, {w} worker(s): {times[w]:.2f} s = {n * g.draws / times[w]:,.0f} draws/s")
    rep(f"speed-up 2 workers / 1 worker: {times[1] / times[2]:.2f}x "
        f"(ideal 2.00x; other jobs on this machine take their share of the 2 cores)")
    pd.testing.assert_frame_equal(frames[1], frames[2])
    rep("rows identical with 1 and 2 workers: True")
    if not args.no_ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            rep("ray not installed: skipped")
        else:
            t = time.perf_counter()
            on_ray = run_sweep(g, ray_address="local")
            dt = time.perf_counter() - t
            pd.testing.assert_frame_equal(on_ray, frames[1])
            rep(f"Ray (local instance, all CPUs, start-up included): {dt:.2f} s; rows identical "
                "to the local run: True")
    rep.save()


if __name__ == "__main__":
    main()
