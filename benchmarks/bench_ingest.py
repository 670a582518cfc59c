"""Ingestion throughput (articles per CPU-second) beside trafilatura's, and the linear-time cases.

Run from the repository root::

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 40] [--skip-large]

Throughput: each of the five founding reports (``../shared/reporting``, typical news articles of
2-7 kB) goes through the whole pipeline (clean, quotes, speakers, indirect statements,
positions, contributions, draft entries), repeated; registries are loaded once before timing.
A second, cold rate empties the bounded per-mention caches before each article (the corpus
re-reads the same five texts, which a warm cache would flatter). The rate is articles per
CPU-second of this process, so a busy machine does not understate it (it still slows it:
shared caches and frequency), and the peer is timed on the same texts in
the same run: trafilatura's main-text extraction of each report wrapped as a minimal HTML page.
Target (issue 18): 500 articles per CPU-second.

Linear time (issues 17 and 18): a 5 MB input of distinct paragraphs in under 5 s; 50 kB of
punctuation (one run of '.', one of quotation marks, one of mixed marks) in under 0.1 s each;
the ratio of a 400 kB to a 200 kB input near 2 (linear) rather than 4 (quadratic); an input over
the size limit refused with a clear error. Each figure is printed beside the previous run's
(``benchmarks/results/ingest.txt``, written atomically).
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REPORTING = ROOT / ".." / "shared" / "reporting"
RESULTS = ROOT / "benchmarks" / "results" / "ingest.txt"
TARGET = 500.0
LARGE_BYTES = 5_000_000
LARGE_LIMIT_S = 5.0
PUNCT_LIMIT_S = 0.1


def _previous() -> dict[str, str]:
    """Figures of the previous run, by label (the text before ':' on each line)."""
    if not RESULTS.exists():
        return {}
    out: dict[str, str] = {}
    for line in RESULTS.read_text("utf-8").splitlines():
        label, _, value = line.partition(": ")
        m = re.match(r"[\d.]+", value)
        if m:
            out[label] = m.group(0)
    return out


def distinct_paragraphs(texts: list[str], size: int) -> str:
    """``size`` characters of numbered paragraphs drawn from ``texts`` (none a duplicate)."""
    paras = [p for t in texts for p in t.split("\n") if p.strip()]
    out: list[str] = []
    total, i = 0, 0
    while total < size:
        p = f"({i}) {paras[i % len(paras)]}"
        out.append(p)
        total += len(p) + 2
        i += 1
    return "\n\n".join(out)[:size]


def mention_caches() -> list[Any]:
    """The bounded per-mention and per-paragraph caches of the pipeline (``lru_cache`` with room
    for more than one entry; the one-entry caches hold the registries, loaded once before
    timing)."""
    from guarantor.data import actors
    from guarantor.ingest import speakers, text

    return [f for mod in (speakers, actors, text) for f in vars(mod).values()
            if hasattr(f, "cache_clear") and (f.cache_parameters()["maxsize"] or 2) > 1]


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of one call."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="passes over the five reports")
    parser.add_argument("--skip-large", action="store_true", help="skip the 5 MB case")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import trafilatura
    from _common import record, save_figures

    from guarantor.errors import IngestError
    from guarantor.ingest import ingest_text
    from guarantor.ingest.source import MAX_ARTICLE_BYTES, decode_article, read_article

    files = sorted(REPORTING.glob("*.txt"))
    if not files:
        print(f"no reports found in {REPORTING.resolve()}", file=sys.stderr)
        return 2
    texts = [read_article(f) for f in files]
    pages = ["<html><body><article>" + "".join(
        f"<p>{html.escape(p)}</p>" for p in t.split("\n") if p.strip())
        + "</article></body></html>" for t in texts]
    for t, page in zip(texts, pages, strict=True):  # warm-up: registries, regex caches
        ingest_text(t).drafts()
        trafilatura.extract(page)
    n = args.repeat * len(texts)

    def ours() -> None:
        for _ in range(args.repeat):
            for t in texts:
                art = ingest_text(t)
                art.drafts()
                art.contribution_drafts()

    caches = mention_caches()

    def cold() -> None:
        # Every article as if first seen: the per-mention caches emptied before each one, so
        # re-reading the same five reports does not flatter the rate.
        for _ in range(args.repeat):
            for t in texts:
                for c in caches:
                    c.cache_clear()
                art = ingest_text(t)
                art.drafts()
                art.contribution_drafts()

    def peer() -> None:
        for _ in range(args.repeat):
            for page in pages:
                trafilatura.extract(page)

    wall = time.perf_counter()
    ours_cpu = cpu(ours)
    wall = time.perf_counter() - wall
    cold_cpu = cpu(cold)
    peer_cpu = cpu(peer)
    rate, peer_rate, cold_rate = n / ours_cpu, n / peer_cpu, n / cold_cpu

    punct = {
        "50 kB of '.'": "." * 50_000,
        "50 kB of quotation marks": "“" * 25_000 + '"' * 25_000,
        "50 kB of mixed marks": ("!?.,;:—“”‘’«»()[]\"'-… " * 2_500)[:50_000],
        "50 kB of 'said '": "said " * 10_000,
    }
    small, double = distinct_paragraphs(texts, 200_000), distinct_paragraphs(texts, 400_000)
    t_small, t_double = cpu(lambda: ingest_text(small)), cpu(lambda: ingest_text(double))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    prev = _previous()

    def line(label: str, value: float, unit: str, verdict: str = "") -> str:
        before = prev.get(label)
        was = f" (previous run {before} {unit})" if before else ""
        return f"{label}: {value:.3f} {unit}{was}{verdict}"

    lines = [
        f"command: .venv/bin/python benchmarks/bench_ingest.py --repeat {args.repeat}",
        f"machine: {platform.machine()} python {platform.python_version()}, "
        f"{os.cpu_count()} cpu(s) visible, 1 process, load average {load:.1f} "
        "(a shared machine: figures are noisy)",
        f"articles: {n} ({len(texts)} reports x {args.repeat}, mean "
        f"{sum(len(t) for t in texts) / len(texts):.0f} characters), {wall:.2f} s wall, "
        f"{ours_cpu:.2f} s CPU",
        line("throughput", rate, "articles per CPU-second",
             f" ({'meets' if rate >= TARGET else 'BELOW'} the {TARGET:.0f} target)"),
        line("throughput, mention caches emptied before each article", cold_rate,
             "articles per CPU-second", f" ({len(caches)} caches; the cold figure)"),
        line("trafilatura extraction alone", peer_rate, "articles per CPU-second"),
        line("ratio to trafilatura", rate / peer_rate, "x",
             " (ours / peer: our whole pipeline against its extraction alone)"),
        line("mean", 1000 * ours_cpu / n, "ms CPU per article"),
    ]
    ok = True
    punct_cpu: list[float] = []
    for label, text in punct.items():
        t = cpu(lambda text=text: ingest_text(text))  # type: ignore[misc]
        if "said" not in label:
            punct_cpu.append(t)
        passed = t < PUNCT_LIMIT_S
        ok &= passed or "said" in label
        limit = f" (limit {PUNCT_LIMIT_S} s: {'pass' if passed else 'FAIL'})" if "said" not in \
            label else " (no limit: speech verbs in one run, a worst case for attribution)"
        lines.append(line(label, t, "s CPU", limit))
    ratio = t_double / t_small if t_small else float("nan")
    lines.append(line("400 kB / 200 kB of distinct paragraphs", ratio, "x time for 2x size",
                      f" ({t_small:.2f} s and {t_double:.2f} s CPU; linear ~2, quadratic ~4)"))
    if not args.skip_large:
        large = distinct_paragraphs(texts, LARGE_BYTES - 1_000)
        t_large = cpu(lambda: ingest_text(large))
        passed = t_large < LARGE_LIMIT_S
        ok &= passed
        lines.append(line("5 MB of distinct paragraphs", t_large, "s CPU",
                          f" (limit {LARGE_LIMIT_S} s: {'pass' if passed else 'FAIL'})"))
    try:
        decode_article(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")
        lines.append("size limit: NOT enforced (FAIL)")
        ok = False
    except IngestError as exc:
        lines.append(f"size limit: {MAX_ARTICLE_BYTES} bytes, refused with: {exc}")
    print("\n".join(lines))
    figures = {
        "throughput": record(rate, "articles/CPU-s", "ingest throughput, typical articles "
                             "(whole pipeline, warm)", load=load, target=TARGET,
                             higher_is_better=True,
                             peer=("trafilatura extraction alone", peer_rate)),
        "punctuation": record(max(punct_cpu), "s CPU", "ingest, 50 kB of punctuation (worst "
                              "of three)", load=load, target=PUNCT_LIMIT_S),
    }
    if not args.skip_large:
        figures["large"] = record(t_large, "s CPU", "ingest, 5 MB of distinct paragraphs",
                                  load=load, target=LARGE_LIMIT_S)
    save_figures("ingest", lines[0], figures)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ingest.", suffix=".tmp", dir=RESULTS.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, RESULTS)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
