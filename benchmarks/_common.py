"""Shared by the benchmarks: print a line and keep it for benchmarks/results/<name>.txt."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shlex
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


class Report:
    """Collects printed lines; ``save`` writes them with the command that produced them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
        self.header = [
            f"command: .venv/bin/python {shlex.join(sys.argv)}",
            f"date: {dt.datetime.now().isoformat(timespec='seconds')}",
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average at start {load[0]:.2f} "
            "(other jobs share this machine: figures are conservative)",
        ]
        for h in self.header:
            print(h)

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def save(self) -> Path:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{self.name}.txt"
        tmp = out.with_suffix(".tmp")
        tmp.write_text("\n".join(self.header + [""] + self.lines) + "\n")
        os.replace(tmp, out)
        print(f"wrote {out}")
        return out
