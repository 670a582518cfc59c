"""Web app: latency of a lever change (recompute + response) with concurrent clients on loopback.

Target (DESIGN.md): under 150 ms at p95.

A real ``guarantor serve`` process (uvicorn, one worker) is started on a free loopback port; after
a warm-up, C concurrent clients each send lever changes to ``POST /api/evaluate`` one after the
other (US posture, force size, willingness, burden rule, spending target — cycling through the
bundled scenarios), and every request's wall-clock time from send to the last byte of the JSON
answer (figures, tables, Vega-Lite charts, red lines) is recorded. Reports p50/p95/p99/max per
concurrency level.

Run:  .venv/bin/python benchmarks/bench_web.py [--requests 400] [--clients 1 4 8]
      (writes benchmarks/results/web.txt atomically)
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

#: Lever moves (names from guarantor.scenario.levers.LEVERS).
LEVER_MOVES = [
    {"us_posture": "none"}, {"us_posture": "enablers"}, {"us_posture": "full"},
    {"us_posture": "intelligence"}, {"force": 64_000}, {"force": 10_000},
    {"willingness": 0.5}, {"willingness": 0.8, "us_posture": "none"},
    {"burden_rule": "capacity"}, {"burden_rule": "historical"},
    {"spending_target": 0.035, "spending_target_year": 2030},
    {"willingness_by_country": {"POL": 0.0, "DEU": 0.5}},
]
SCENARIOS = ["aug2025", "feb2025", "may2025", "aug2025"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    exe = [sys.executable, "-m", "guarantor", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1,
                         trust_env=False).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("server did not start")


def run_level(url: str, clients: int, total: int) -> np.ndarray:
    """``total`` lever changes spread over ``clients`` threads; latencies in ms."""
    per = max(total // clients, 1)
    out: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    barrier = threading.Barrier(clients)

    def worker(i: int) -> None:
        with httpx.Client(base_url=url, timeout=30, trust_env=False) as c:
            barrier.wait()
            for k in range(per):
                body = {"scenario": SCENARIOS[(i + k) % len(SCENARIOS)],
                        "levers": LEVER_MOVES[(i * 7 + k) % len(LEVER_MOVES)]}
                t0 = time.perf_counter()
                r = c.post("/api/evaluate", json=body)
                r.read()
                dt = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                out[i].append(dt)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return np.array([x for xs in out for x in xs])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400, help="lever changes per level")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    ap.add_argument("--workers", type=int, nargs="+", default=[1],
                    help="server worker processes (one run per value)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "web.txt")
    args = ap.parse_args()
    lines = [
        "guarantor web app: lever change latency (POST /api/evaluate, recompute + response)",
        "target: p95 < 150 ms | `guarantor serve` on loopback, clients in this process",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average at start "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]
    for workers in args.workers:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_server(port, workers)
        try:
            run_level(url, 2 * workers, 40 * workers)  # warm-up (every worker)
            with httpx.Client(base_url=url, trust_env=False) as c:
                size = len(c.post("/api/evaluate", json={
                    "scenario": "aug2025", "levers": {"us_posture": "none"}}).content)
            lines += ["", f"server workers: {workers} | response ~{size / 1024:.0f} KiB JSON "
                      "(figures, tables, 6 Vega-Lite charts, red lines)",
                      f"{'clients':>8} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} "
                      f"{'p99 ms':>8} {'max ms':>8} {'req/s':>7}"]
            for c in args.clients:
                t0 = time.perf_counter()
                lat = run_level(url, c, args.requests)
                wall = time.perf_counter() - t0
                p50, p95, p99 = np.percentile(lat, [50, 95, 99])
                lines.append(f"{c:>8} {len(lat):>9} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} "
                             f"{lat.max():>8.1f} {len(lat) / wall:>7.1f}")
                print(lines[-1], flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, prefix=".web.", suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
