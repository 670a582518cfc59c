"""Fair-share optimiser: solve time at 60 countries x 10 requirement classes, and its growth.

Target (DESIGN.md): 60 countries x 10 capability classes solved in under 1 s on 2 cores.
Problems are synthetic but shaped like the real ones: GDP-like fair shares (lognormal), whole-unit
classes with a third of countries unable to field a class, one troop class in units of 150, one
money class, each requirement 60% of what all could field. Times include building the model.

Run:  .venv/bin/python benchmarks/bench_apportion.py   (writes benchmarks/results/apportion.txt)
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np

from guarantor.apportion import ApportionProblem, apportion, coalitions, find_coalitions, solve

SEEDS = range(7)


def synthetic(C: int, K: int, seed: int) -> ApportionProblem:
    """C countries x K requirements: troops (units of 150), K-2 unit classes, aid (EUR)."""
    rng = np.random.default_rng(seed)
    gdp = rng.lognormal(0.0, 1.5, C)
    cap = np.floor(rng.lognormal(2.0, 1.5, (C, K)) * (rng.random((C, K)) < 0.65))
    cap[:, 0] = np.floor(rng.lognormal(7.0, 1.0, C))
    required = np.round(0.6 * cap.sum(axis=0))
    required[-1] = 4e10
    cap[:, -1] = 4e10
    step = np.ones(K)
    step[0], step[-1] = 150.0, 0.0
    return ApportionProblem(
        codes=tuple(f"C{i:03d}" for i in range(C)), requirements=tuple(f"r{j}" for j in range(K)),
        units=("units",) * K, required=required, lower=np.zeros((C, K)), upper=cap, step=step,
        fair=gdp / gdp.sum(), unit_cost=np.ones((C, K)), money_basis="EUR_2024")


def timed(C: int, K: int) -> tuple[float, float]:
    ts = [solve(synthetic(C, K, s)).solve_seconds for s in SEEDS]
    return float(np.median(ts)), float(np.max(ts))


def main() -> str:
    lines = [f"# bench_apportion  {time.strftime('%Y-%m-%d %H:%M')}  python "
             f"{platform.python_version()}  cpus {os.cpu_count()}  highspy "
             f"{__import__('importlib.metadata').metadata.version('highspy')}",
             f"# {len(SEEDS)} seeded synthetic problems per size; seconds per solve "
             "(build + two HiGHS stages)"]
    solve(synthetic(10, 3, 0))  # warm-up (imports)
    med, mx = timed(60, 10)
    lines.append(f"60 countries x 10 classes: median {med:.3f} s, max {mx:.3f} s  "
                 f"(target < 1 s: {'PASS' if mx < 1 else 'FAIL'})")
    lines.append("growth with countries (10 classes):")
    for C in (15, 30, 60, 120, 240):
        med, mx = timed(C, 10)
        lines.append(f"  C={C:4d}  median {med:.3f} s  max {mx:.3f} s")
    lines.append("growth with classes (60 countries):")
    for K in (3, 5, 10, 20, 40):
        med, mx = timed(60, K)
        lines.append(f"  K={K:4d}  median {med:.3f} s  max {mx:.3f} s")
    lines.append("minimal coalitions, 60 countries x 10 classes (fewest countries; set cover "
                 "with capacities, NP-hard; time limit 10 s per solve):")
    for top in (1, 3):
        ts, proven = [], 0
        for s in SEEDS:
            t0 = time.perf_counter()
            found = find_coalitions(synthetic(60, 10, s), "count", top=top, time_limit=10.0)
            ts.append(time.perf_counter() - t0)
            proven += all(c.optimal for c in found)
        lines.append(f"  top {top}: median {np.median(ts):.3f} s  max {np.max(ts):.3f} s  "
                     f"proven optimal {proven}/{len(ts)}")
    t0 = time.perf_counter()
    c = coalitions("aug2025", top=5)
    lines.append(f"aug2025 coalitions (count, top 5): {time.perf_counter() - t0:.3f} s, sizes "
                 f"{[x.size for x in c.coalitions]}")
    t0 = time.perf_counter()
    a = apportion("aug2025")
    lines.append(f"aug2025 (34 participants, {len(a.problem.requirements)} requirements): solve "
                 f"{a.solution.solve_seconds:.3f} s, apportion() incl. inputs "
                 f"{time.perf_counter() - t0:.3f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    text = main()
    print(text)
    out = Path(__file__).parent / "results" / "apportion.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, out)
