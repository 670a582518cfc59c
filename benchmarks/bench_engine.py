"""Engine throughput and memory: ``evaluate``/``compute`` for 1, 10,000 and 1,000,000 draws.

All 46 registry countries, the scenario's 10-year horizon, the full ``compute`` (every
(draws, countries, years) array), every uncertain parameter drawn and each participant's
willingness varying. 1,000,000 draws are evaluated in chunks (memory stays bounded). Peak memory
is what tracemalloc saw NumPy allocate (per case) and the process's maximum resident set size.
Last, the wall time of a plain ``guarantor run`` (a fresh process, start-up included; target
< 1 s).

Run: ``.venv/bin/python benchmarks/bench_engine.py [--scenario aug2025] [--chunk 10000]``
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import Report  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="aug2025")
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--big", type=int, default=1_000_000)
    args = ap.parse_args()
    rep = Report("bench_engine")

    from guarantor.engine import evaluate
    from guarantor.engine.compute import compute
    from guarantor.engine.inputs import build_inputs
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import Loaded
    from guarantor.uncertainty.sampling import Sampler, uncertain_inputs

    ld = Loaded.bundled()
    sc = load_scenario(args.scenario)
    specs = uncertain_inputs(sc, ld.params, 0.3)
    evaluate(sc, ld.data, ld.params)  # warm caches (data loaded once, as in a session)

    def run(n: int, chunk: int, years: bool = True) -> tuple[float, float]:
        stream = Sampler(1).stream(specs)
        tracemalloc.start()
        t = time.perf_counter()
        done = 0
        while done < n:
            m = min(chunk, n - done)
            inp = build_inputs(sc, data=ld.data, params=ld.params, inventory=ld.inventory,
                               postures=ld.postures, draws=stream.next(m), n_draws=m)
            out = compute(inp, years=years)
            del inp, out
            done += m
        dt = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return dt, peak

    t = time.perf_counter()
    r = evaluate(sc, ld.data, ld.params)
    dt1 = time.perf_counter() - t
    rep(f"evaluate(), 1 draw (tables included): {dt1 * 1e3:.1f} ms; feasible={r.feasible}")
    for n, chunk in ((1, 1), (10_000, 10_000), (args.big, args.chunk)):
        dt, peak = run(n, chunk)
        rep(f"build_inputs + compute, {n:>9,} draws (chunks of {chunk:,}), 46 countries x "
            f"{sc.horizon_years} years: {dt:8.3f} s = {n / dt:>10,.0f} draws/s, "
            f"peak traced {peak / 2**20:,.0f} MiB")
    dt, peak = run(args.big, args.chunk, years=False)
    rep(f"same {args.big:,} draws, lean path compute(years=False): {dt:.3f} s = "
        f"{args.big / dt:,.0f} draws/s, peak traced {peak / 2**20:,.0f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rep(f"max resident set size of this process: {rss:,.0f} MiB")

    walls = []
    for _ in range(3):
        t = time.perf_counter()
        p = subprocess.run([str(Path(sys.executable).parent / "guarantor"), "run", args.scenario],
                           capture_output=True, text=True)
        walls.append(time.perf_counter() - t)
        assert p.returncode == 0, p.stderr
    rep(f"`guarantor run {args.scenario}` wall time (fresh process, 3 runs): median "
        f"{statistics.median(walls):.2f} s, min {min(walls):.2f} s (target < 1 s)")
    rep.save()


if __name__ == "__main__":
    main()
