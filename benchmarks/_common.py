"""Shared by the benchmarks: print a line and keep it for benchmarks/results/<name>.txt.

Headline figures go through :meth:`Report.figure`: the line shows the figure beside the one the
previous saved run recorded (``results/<name>.json``) and beside its peer measured in the same
run (a per-draw loop, SALib, the reference path...), each as a ratio; ``save`` records them for
the next run and for the README's performance table (``benchmarks/readme_table.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shlex
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def record(value: float, unit: str, text: str, *, load: float,
           peer: tuple[str, float] | None = None, target: float | None = None,
           higher_is_better: bool = False) -> dict[str, object]:
    """One headline figure as ``results/<name>.json`` keeps it (read by the next run for its
    "previous run" column and by ``readme_table.py`` for the README)."""
    return {"value": value, "unit": unit, "text": text, "date": dt.date.today().isoformat(),
            "load": round(load, 2), "target": target, "higher_is_better": higher_is_better,
            "peer": None if peer is None else {"name": peer[0], "value": peer[1]}}


def save_figures(name: str, command: str, figures: dict[str, dict[str, object]]) -> Path:
    """Write ``results/<name>.json`` atomically: the command and its headline figures. Used by
    :meth:`Report.save` and by the benchmarks that print their own layout (web, ingest)."""
    RESULTS.mkdir(exist_ok=True)
    fig = RESULTS / f"{name}.json"
    fig.with_suffix(".tmp").write_text(json.dumps(
        {"command": command, "figures": figures}, indent=1) + "\n")
    os.replace(fig.with_suffix(".tmp"), fig)
    return fig


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
        self.figures: dict[str, dict[str, object]] = {}
        try:
            self.previous = json.loads((RESULTS / f"{name}.json").read_text())["figures"]
        except (OSError, ValueError, KeyError):
            self.previous = {}
        self.load = load[0]

    def figure(self, key: str, value: float, unit: str, text: str, *,
               peer: tuple[str, float] | None = None, target: float | None = None,
               higher_is_better: bool = False) -> None:
        """Print one headline figure beside the previous run's and its peer's, as ratios.

        A ratio above 1 always means "this figure is better" (faster, smaller).
        """
        def better(other: float) -> str:
            if not value or not other:
                return "n/a"
            r = value / other if higher_is_better else other / value
            return f"{r:,.2f}x"

        line = f"{text}: {value:,.3f} {unit}"
        if target is not None:
            ok = value >= target if higher_is_better else value < target
            line += f" (target {'>=' if higher_is_better else '<'} {target:g} {unit}: " \
                    f"{'met' if ok else 'NOT met'})"
        prev = self.previous.get(key)
        if isinstance(prev, dict) and isinstance(prev.get("value"), int | float):
            line += f"; previous run {prev['value']:,.3f} {unit} ({prev.get('date', '?')}): " \
                    f"{better(float(prev['value']))}"
        else:
            line += "; previous run: none recorded"
        if peer is not None:
            line += f"; {peer[0]} {peer[1]:,.3f} {unit}: {better(peer[1])}"
        self(line)
        self.figures[key] = record(value, unit, text, load=self.load, peer=peer, target=target,
                                   higher_is_better=higher_is_better)

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def save(self) -> Path:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{self.name}.txt"
        tmp = out.with_suffix(".tmp")
        tmp.write_text("\n".join(self.header + [""] + self.lines) + "\n")
        os.replace(tmp, out)
        if self.figures:
            save_figures(self.name, self.header[0], self.figures)
        print(f"wrote {out}")
        return out
