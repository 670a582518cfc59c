"""Dump every ingest output of a fixed set of inputs as JSON, or compare two such dumps.

A speed change to the ingest pipeline must leave its outputs byte-identical: snapshot before,
change, snapshot after, compare. Run from the repository root::

    .venv/bin/python tools/ingest_snapshot.py dump /tmp/before
    .venv/bin/python tools/ingest_snapshot.py dump /tmp/after
    .venv/bin/python tools/ingest_snapshot.py compare /tmp/before /tmp/after

Inputs: the test articles (``tests/ingest/articles``), the evaluation fixtures
(``tests/ingest/eval_fixtures``), the benchmark corpus (``../shared/reporting``), the evaluation
cache (``tests/ingest/eval/cache``, copied there from the rebuilt cache; skipped when absent),
and synthetic cases of the benchmark (runs of punctuation, 200 kB of distinct paragraphs).
Each input gives one JSON file: cleaned text, paragraphs, removals and metadata, quotes,
statements, positions, contributions, ledger drafts and contribution drafts. The JSON is
written with sorted keys, so equal outputs give equal bytes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    ("articles", ROOT / "tests" / "ingest" / "articles"),
    ("eval_fixtures", ROOT / "tests" / "ingest" / "eval_fixtures"),
    ("reporting", ROOT / ".." / "shared" / "reporting"),
    ("eval_cache", ROOT / "tests" / "ingest" / "eval" / "cache"),
)


def _plain(value: Any) -> Any:
    """JSON-ready form of an ingest output (dataclasses as dicts, tuples as lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def synthetic() -> dict[str, str]:
    """The benchmark's hostile and long inputs (see ``benchmarks/bench_ingest.py``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_ingest import REPORTING, distinct_paragraphs  # noqa: PLC0415

    from guarantor.ingest.source import read_article  # noqa: PLC0415

    texts = [read_article(f) for f in sorted(REPORTING.glob("*.txt"))]
    return {
        "punct_dots": "." * 50_000,
        "punct_quotes": "“" * 25_000 + '"' * 25_000,
        "punct_mixed": ("!?.,;:—“”‘’«»()[]\"'-… " * 2_500)[:50_000],
        "said_run": "said " * 10_000,
        "distinct_200k": distinct_paragraphs(texts, 200_000),
    }


def inputs() -> dict[str, str]:
    """Every input, by a stable name."""
    from guarantor.ingest.source import read_article  # noqa: PLC0415

    out: dict[str, str] = {}
    for label, folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            if path.name != "README.md":
                out[f"{label}__{path.stem}"] = read_article(path)
    for name, text in synthetic().items():
        out[f"synthetic__{name}"] = text
    return out


def snapshot(text: str) -> dict[str, Any]:
    """Every output of the pipeline for one input."""
    from guarantor.ingest import ingest_text  # noqa: PLC0415

    art = ingest_text(text)
    return {
        "article": _plain(art),
        "drafts": _plain(art.drafts()),
        "contribution_drafts": _plain(art.contribution_drafts()),
    }


def dump(out: Path) -> int:
    """Write one JSON file per input into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    items = inputs()
    for name, text in items.items():
        data = json.dumps(snapshot(text), ensure_ascii=False, indent=1, sort_keys=True)
        (out / f"{name}.json").write_text(data + "\n", "utf-8")
    print(f"{len(items)} inputs dumped to {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    """Byte-compare two dumps; print each difference (file, first differing line)."""
    names_a = {p.name for p in a.glob("*.json")}
    names_b = {p.name for p in b.glob("*.json")}
    bad = 0
    for name in sorted(names_a ^ names_b):
        print(f"only in {'first' if name in names_a else 'second'}: {name}")
        bad += 1
    for name in sorted(names_a & names_b):
        x, y = (a / name).read_bytes(), (b / name).read_bytes()
        if x != y:
            bad += 1
            lx, ly = x.decode().splitlines(), y.decode().splitlines()
            i = next((i for i, (u, v) in enumerate(zip(lx, ly, strict=False)) if u != v),
                     min(len(lx), len(ly)))
            print(f"differs: {name} line {i + 1}:\n  - {lx[i] if i < len(lx) else '<end>'}"
                  f"\n  + {ly[i] if i < len(ly) else '<end>'}")
    same = len(names_a & names_b) - (bad - len(names_a ^ names_b))
    print(f"{same} of {len(names_a | names_b)} identical")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write the snapshot of every input into a folder")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare", help="byte-compare two snapshot folders")
    c.add_argument("first", type=Path)
    c.add_argument("second", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.cmd == "dump":
        return dump(args.out)
    return compare(args.first, args.second)


if __name__ == "__main__":
    raise SystemExit(main())
