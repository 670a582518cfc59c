"""Throughput of ``guarantor search``: arrangements enumerated, engine batches, seconds.

Run: ``.venv/bin/python benchmarks/bench_search.py`` (writes ``benchmarks/results/search.txt``).
Not part of the test pass. Times are wall-clock after a warm-up (bundled data, parameters and
ledger loaded once, as in a long-running process); the CLI adds about a second of start-up.
"""

from __future__ import annotations

import os
import platform
import time
from datetime import date
from pathlib import Path

import numpy as np

from guarantor.politics.search import pareto_front, search
from guarantor.scenario import load_scenario

AS_OF = date(2025, 12, 31)

GRIDS: dict[str, tuple[str, dict[str, list[str]]]] = {
    "5 levers (acceptance grid)": ("feb2025", {
        "us_posture": ["none", "intelligence", "enablers", "full"],
        "force": ["10000", "30000", "64000"],
        "article5": ["false", "true"], "membership": ["false", "true"],
        "willingness": ["0.5", "0.75", "1.0"], "spending_target": ["0.035", "0.05"],
    }),
    "8 levers, air shield": ("aug2025", {
        "us_posture": ["none", "intelligence", "enablers", "full"],
        "force": ["0", "small_10k", "ukfr_under_30k", "radakin_64k"],
        "europe_aid_share": ["0.5", "0.9", "1"], "air_commit": ["0.25", "0.5"],
        "article5": ["false", "true"], "membership": ["false", "true"],
        "agreed_with_russia": ["false", "true"], "europe_at_table": ["false", "true"],
    }),
    "11 levers": ("aug2025", {
        "us_posture": ["none", "intelligence", "enablers", "full"],
        "force": ["0", "10000", "25000", "30000", "64000", "100000"],
        "willingness": ["0.5", "0.75", "1"],
        "europe_aid_share": ["0.5", "0.75", "0.9", "1"], "air_commit": ["0.25", "0.5"],
        "article5": ["false", "true"], "membership": ["false", "true"],
        "agreed_with_russia": ["false", "true"], "europe_at_table": ["false", "true"],
        "nato_led": ["false", "true"], "spending_target": ["0.035", "0.05"],
    }),
}


def main() -> None:
    lines = [
        f"# bench_search  {time.strftime('%Y-%m-%d %H:%M')}  python {platform.python_version()}  "
        f"numpy {np.__version__}  {platform.machine()}  cpus {os.cpu_count()}",
        f"{'grid':34s} {'arrangements':>12s} {'engine rows':>11s} {'batches':>7s} "
        f"{'front':>6s} {'seconds':>8s} {'per 1k':>8s}",
    ]
    search(load_scenario("feb2025"), {"force": ["0"]}, as_of=AS_OF)  # warm-up: load data once
    for label, (name, vary) in GRIDS.items():
        sc = load_scenario(name)
        best = np.inf
        for _ in range(3):
            t = time.perf_counter()
            res = search(sc, vary, as_of=AS_OF)
            best = min(best, time.perf_counter() - t)
        front = int(res.frame["on_front"].sum())
        lines.append(f"{label:34s} {res.n:12,d} {res.n_engine:11,d} {res.n_batches:7d} "
                     f"{front:6d} {best:8.3f} {1000 * best / res.n:8.4f}")
    rng = np.random.default_rng(0)
    for n in (10_000, 100_000, 500_000):
        pts = np.column_stack([rng.integers(0, 15, n), rng.random(n), rng.random(n)])
        t = time.perf_counter()
        k = int(pareto_front(pts).sum())
        lines.append(f"{'pareto_front 3 objectives':34s} {n:12,d} {'':>11s} {'':>7s} "
                     f"{k:6d} {time.perf_counter() - t:8.3f}")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    out = Path(__file__).parent / "results" / "search.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(out)


if __name__ == "__main__":
    main()
