"""Web app: latency of a lever change with concurrent clients on loopback, and a storm of bad ones.

Target (issue 18): p95 under 60 ms at 16 concurrent clients with 0 errors. Evaluations are
cached by the scenario's hash (guarantor.web.compute): after the warm-up every lever set of the
cycle below has been computed once, so the levels measure what a user moving levers back and
forth sees; the first computation of each lever set is reported on its own line ("cold").
Issue 17: 500 concurrent bad requests on loopback must leave the server answering a good one
in under 1 s (``--storm``, on by default).

A real ``guarantor serve`` process (uvicorn, one worker) is started on a free loopback port; after
a warm-up, C concurrent clients each send lever changes to ``POST /api/evaluate`` one after the
other (US posture, force size, willingness, burden rule, spending target — cycling through the
bundled scenarios), and every request's wall-clock time from send to the last byte of the JSON
answer (figures, tables, Vega-Lite charts, red lines) is recorded. Reports p50/p95/p99/max per
concurrency level.

Run:  .venv/bin/python benchmarks/bench_web.py [--requests 400] [--clients 1 4 8 16]
      (writes benchmarks/results/web.txt atomically, with the previous figures beside)
"""

from __future__ import annotations

import argparse
import json
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import record, save_figures  # noqa: E402

DEFAULT_OUT = Path(__file__).parent / "results" / "web.txt"
#: Lever moves (names from guarantor.scenario.levers.LEVERS).
LEVER_MOVES = [
    {"us_posture": "none"}, {"us_posture": "enablers"}, {"us_posture": "full"},
    {"us_posture": "intelligence"}, {"force": 64_000}, {"force": 10_000},
    {"unstated": 0.5}, {"unstated": 0.8, "us_posture": "none"},
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


def bad_request(i: int, port: int) -> bytes:
    """The i-th of five kinds of bad request as raw HTTP, each distinct (no cache helps)."""
    kind = i % 5
    extra = b""
    if kind == 0:
        body = b"{not json " + str(i).encode()
    elif kind == 1:
        body = json.dumps({"scenario": "aug2025", "levers": {"force": -1 - i}}).encode()
    elif kind == 2:
        body = json.dumps({"scenario": f"atlantis{i}"}).encode()
    elif kind == 3:
        body = json.dumps({"scenario": "aug2025"}).encode()
        extra = b"Origin: http://evil.example\r\n"
    else:
        body = json.dumps({"scenario": "aug2025", "levers": {"unstated": 2 + i}}).encode()
    return (b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: "
            b"application/json\r\nContent-Length: %d\r\nConnection: close\r\n%s\r\n%s"
            % (port, len(body), extra, body))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far [s], from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def storm(url: str, n: int, force: int,
          pid: int) -> tuple[float, float, dict[int, int], float]:
    """``n`` bad requests sent at once, then a good (uncached) one: its latency [ms], the time
    until the last bad one is answered [ms], the bad ones' status codes (count by code), and
    the CPU time the server process spent meanwhile [s] (what the good one waits for on a core
    of its own, whatever else runs on the machine)."""
    port = int(url.rsplit(":", 1)[1])
    cpu0 = cpu_seconds(pid)
    socks = []
    t0 = time.perf_counter()
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=120)
        s.sendall(bad_request(i, port))
        socks.append(s)
    t1 = time.perf_counter()
    good = httpx.post(url + "/api/evaluate", json={"scenario": "feb2025",
                                                   "levers": {"force": force}},
                      timeout=120, trust_env=False)
    good_ms = (time.perf_counter() - t1) * 1000
    if good.status_code != 200:
        raise SystemExit(f"the good request failed: {good.status_code} {good.text[:200]}")
    codes: dict[int, int] = {}
    for s in socks:
        with s:
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(4096)
                if not chunk:
                    break
                head += chunk
        code = int(head.split(b" ", 2)[1]) if head else 0
        codes[code] = codes.get(code, 0) + 1
    return good_ms, (time.perf_counter() - t0) * 1000, codes, cpu_seconds(pid) - cpu0


def previous(path: Path) -> dict[tuple[str, int], float]:
    """p95 by (server workers, clients) from an earlier results file."""
    out: dict[tuple[str, int], float] = {}
    workers = "1"
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        if line.startswith("server workers:"):
            workers = line.split(":")[1].split("|")[0].strip()
        bits = line.split()
        if len(bits) >= 7 and bits[0].isdigit() and bits[1].isdigit():
            try:
                out[(workers, int(bits[0]))] = float(bits[3])
            except ValueError:
                pass
    return out


def run_level(url: str, clients: int, total: int) -> np.ndarray:
    """``total`` lever changes spread over ``clients`` threads; latencies in ms.

    Each client keeps one connection (stdlib ``http.client``: a light client, so the figures
    are the server's rather than the client library's; they were taken with httpx before
    2026-12, which cost about 1 ms of CPU a request in this same process)."""
    import http.client

    per = max(total // clients, 1)
    host, port = url.split("//", 1)[1].split(":")
    out: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    barrier = threading.Barrier(clients)

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        barrier.wait()
        for k in range(per):
            body = json.dumps({"scenario": SCENARIOS[(i + k) % len(SCENARIOS)],
                               "levers": LEVER_MOVES[(i * 7 + k) % len(LEVER_MOVES)]})
            t0 = time.perf_counter()
            conn.request("POST", "/api/evaluate", body=body,
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            dt = (time.perf_counter() - t0) * 1000
            if r.status != 200:
                failures.append(f"{r.status} {data[:200]!r}")
            out[i].append(dt)
        conn.close()

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
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8, 16])
    ap.add_argument("--storm", type=int, default=500, help="bad requests at once (0 = none)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1],
                    help="server worker processes (one run per value)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    before = previous(args.out)
    lines = [
        "guarantor web app: lever change latency (POST /api/evaluate, recompute + response)",
        "target: p95 < 60 ms at 16 clients, 0 errors | `guarantor serve` on loopback, clients "
        "in this process | evaluations cached by scenario hash, computed in worker processes",
        f"command: .venv/bin/python {' '.join(sys.argv)}",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average at start "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]
    figures: dict[str, dict[str, object]] = {}
    for workers in args.workers:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_server(port, workers)
        try:
            httpx.post(url + "/api/evaluate", json={"scenario": "aug2025"}, timeout=120,
                       trust_env=False)  # the workers are up once this answers
            t0 = time.perf_counter()
            cold = run_level(url, 2, len(SCENARIOS) * len(LEVER_MOVES))  # each lever set once
            cold_s = time.perf_counter() - t0
            run_level(url, 2 * workers, 40 * workers)  # warm-up (every worker)
            with httpx.Client(base_url=url, trust_env=False) as c:
                size = len(c.post("/api/evaluate", json={
                    "scenario": "aug2025", "levers": {"us_posture": "none"}}).content)
            lines += ["", f"server workers: {workers} | response ~{size / 1024:.0f} KiB JSON "
                      "(figures, tables, 6 Vega-Lite charts, red lines)",
                      f"cold: {len(cold)} first computations on 2 clients: p50 "
                      f"{np.percentile(cold, 50):.1f} ms, p95 {np.percentile(cold, 95):.1f} ms "
                      f"({len(cold) / cold_s:.1f} req/s)",
                      f"{'clients':>8} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} "
                      f"{'p99 ms':>8} {'max ms':>8} {'req/s':>7} {'errors':>6}  p95 before"]
            for c in args.clients:
                t0 = time.perf_counter()
                lat = run_level(url, c, args.requests)
                wall = time.perf_counter() - t0
                p50, p95, p99 = np.percentile(lat, [50, 95, 99])
                old = before.get((str(workers), c))
                was = f"{old:.1f} ms (before/now {old / p95:.2f})" if old else "n/a"
                lines.append(f"{c:>8} {len(lat):>9} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} "
                             f"{lat.max():>8.1f} {len(lat) / wall:>7.1f} {0:>6}  {was}")
                print(lines[-1], flush=True)
                if workers == 1:
                    figures[f"p95_{c}"] = record(
                        float(p95), "ms", f"web, lever change p95 at {c} concurrent clients "
                        "(0 errors)", load=os.getloadavg()[0], target=60.0 if c == 16 else None)
            if args.storm:
                good_ms, all_ms, codes, cpu = storm(url, args.storm, 20_000 + workers,
                                                    proc.pid)
                five = sum(v for k, v in codes.items() if k >= 500 or k == 0)
                lines.append(f"storm: {args.storm} bad requests at once (bad JSON, bad levers, "
                             f"unknown scenario, cross-origin), then a good uncached one: "
                             f"answered in {good_ms:.0f} ms (target < 1000); all bad ones "
                             f"answered in {all_ms:.0f} ms, codes "
                             + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items()))
                             + f"; 5xx or none: {five}; server CPU meanwhile {cpu:.2f} s")
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
    if figures and args.out == DEFAULT_OUT:
        save_figures("web", lines[2], figures)


if __name__ == "__main__":
    main()
