"""Engine throughput and memory: ``evaluate``/``compute`` for 1, 10,000 and 1,000,000 draws.

All 46 registry countries, the scenario's 10-year horizon, the full ``compute`` (every
(draws, countries, years) array), every uncertain parameter drawn and each participant's
willingness varying. 1,000,000 draws are evaluated in chunks (memory stays bounded). Peak memory
is what tracemalloc saw NumPy allocate (per case) and the process's maximum resident set size.
Last, the wall time of a plain ``guarantor run`` (a fresh process, start-up included; target of
issue 18: < 0.5 s) with the cache warm (the parsed YAML of ``guarantor.cache`` and the compiled,
validated bundled data of ``guarantor.data.compiled``), cold (an empty cache folder: parse,
validate and store) and turned off (``GUARANTOR_CACHE=off``), and the CPU time of each (less
sensitive than wall time to the other jobs on a shared machine).

Run: ``.venv/bin/python benchmarks/bench_engine.py [--scenario aug2025] [--chunk 10000]
[--plain-only]``
"""

from __future__ import annotations

import argparse
import os
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
    ap.add_argument("--plain-only", action="store_true",
                    help="only the plain `guarantor run` (skip the throughput cases)")
    args = ap.parse_args()
    rep = Report("bench_engine")
    if args.plain_only:
        plain_run(rep, args.scenario)
        rep.save()
        return

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

    plain_run(rep, args.scenario)
    rep.save()


def plain_run(rep: Report, scenario: str, runs: int = 7) -> None:
    """Wall and CPU time of a plain ``guarantor run`` in fresh processes: warm cache, cold cache
    (an empty cache folder before each run) and cache off, medians of ``runs`` each.

    The child processes may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped from their
    environment), as an installed package has it: a sandbox that sets that variable would
    otherwise compile every module of the package from source on every run.
    """
    import shutil
    import tempfile

    exe = str(Path(sys.executable).parent / "guarantor")
    folder = Path(tempfile.mkdtemp(prefix="guarantor-bench-cache-"))

    def once(env: dict[str, str], empty_first: bool = False) -> tuple[float, float]:
        if empty_first:
            shutil.rmtree(folder, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run([exe, "run", scenario], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert p.returncode == 0, p.stderr
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    base = {k: v for k, v in os.environ.items()
            if k not in ("GUARANTOR_CACHE", "GUARANTOR_COMPILED", "PYTHONDONTWRITEBYTECODE")}
    warm = {**base, "GUARANTOR_CACHE_DIR": str(folder)}
    off = {**base, "GUARANTOR_CACHE": "off"}
    once(warm)  # bytecode written, the cache filled, the OS file cache warm
    res: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": [], "off": []}
    for _ in range(runs):  # interleaved, so a change of load hits every case alike
        res["warm"].append(once(warm))
        res["cold"].append(once(warm, empty_first=True))
        res["off"].append(once(off))
        once(warm)  # refill after the cold run
    shutil.rmtree(folder, ignore_errors=True)
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
           for k, v in res.items()}
    rep(f"`guarantor run {scenario}`, fresh process, {runs} runs each (median wall / CPU): "
        f"cache warm {med['warm'][0]:.2f} s / {med['warm'][1]:.2f} s; cache cold (empty "
        f"folder) {med['cold'][0]:.2f} s / {med['cold'][1]:.2f} s; cache off "
        f"{med['off'][0]:.2f} s / {med['off'][1]:.2f} s")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        rep("(this shell sets PYTHONDONTWRITEBYTECODE; the runs above were allowed bytecode, as "
            "an installed package has it)")
    rep.figure("plain_run_seconds", med["warm"][0], "s",
               f"plain `guarantor run {scenario}` wall time (median)", target=0.5,
               peer=("with the cache off", med["off"][0]))
    rep.figure("plain_run_cpu_seconds", med["warm"][1], "s",
               f"plain `guarantor run {scenario}` CPU time (median)", target=0.5,
               peer=("with the cache off", med["off"][1]))
    rep.figure("plain_run_cold_seconds", med["cold"][0], "s",
               f"plain `guarantor run {scenario}`, cold cache, wall time (median)",
               peer=("with the cache off", med["off"][0]))
    rep.figure("plain_run_cold_cpu_seconds", med["cold"][1], "s",
               f"plain `guarantor run {scenario}`, cold cache, CPU time (median)",
               peer=("with the cache off", med["off"][1]))


if __name__ == "__main__":
    main()
