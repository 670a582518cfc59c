"""Ingestion throughput: articles per second per core on the five founding reports, repeated.

Run from the repository root::

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 100]

Each article goes through the whole pipeline (clean, quotes, speakers, indirect statements,
positions, draft entries) in one process, so the rate is per core. Registries are loaded once
before timing (as in a long-running session); every article is processed from scratch. Target:
200 articles/s per core or more. Results go to ``benchmarks/results/ingest.txt`` (atomically).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTING = ROOT / ".." / "shared" / "reporting"
RESULTS = ROOT / "benchmarks" / "results" / "ingest.txt"
TARGET = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="passes over the five reports")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from guarantor.ingest import ingest_text
    from guarantor.ingest.source import read_article

    files = sorted(REPORTING.glob("*.txt"))
    if not files:
        print(f"no reports found in {REPORTING.resolve()}", file=sys.stderr)
        return 2
    texts = [read_article(f) for f in files]
    for t in texts:  # warm-up: registries, regex caches
        ingest_text(t).drafts()
    n = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(args.repeat):
        for t in texts:
            ingest_text(t).drafts()
            n += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    # Per core = per CPU-second of this process, so a busy machine does not understate it.
    rate = n / cpu
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cmd = f".venv/bin/python benchmarks/bench_ingest.py --repeat {args.repeat}"
    lines = [
        f"command: {cmd}",
        f"machine: {platform.machine()} {platform.processor() or ''} python "
        f"{platform.python_version()}, {os.cpu_count()} cpu(s) visible, 1 process",
        f"articles: {n} ({len(files)} reports x {args.repeat}), {elapsed:.2f} s wall, "
        f"{cpu:.2f} s CPU (load average {load:.1f})",
        f"wall-clock rate: {n / elapsed:.0f} articles/s",
        f"throughput: {rate:.0f} articles/s per core (articles per CPU-second) "
        f"({'meets' if rate >= TARGET else 'BELOW'} the {TARGET:.0f}/s target)",
        f"mean: {1000 * cpu / n:.2f} ms CPU per article "
        f"(mean size {sum(len(t) for t in texts) / len(texts):.0f} characters)",
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ingest.", suffix=".tmp", dir=RESULTS.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
