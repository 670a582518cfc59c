"""What several commands share: ``--set`` parsing, progress bars, Monte Carlo with located errors.

Command modules import from here, never from each other (no loops between commands).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

from guarantor.cli.app import err_console
from guarantor.errors import ScenarioError


def parse_sets(sets: list[str] | None) -> dict[str, object]:
    """``--set a.b=value`` pairs into overrides (values parsed as YAML scalars)."""
    from ruamel.yaml import YAML

    out: dict[str, object] = {}
    for item in sets or []:
        if "=" not in item:
            raise ScenarioError("--set needs PATH=VALUE", value=item,
                                allowed="e.g. --set missions.reassurance_force.troops=64000")
        k, v = item.split("=", 1)
        out[k.strip()] = YAML(typ="safe").load(v) if v.strip() else None
    return out


@contextmanager
def progress(total: int, label: str):
    """A progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err_console, transient=True,
                  disable=not err_console.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def run_mc(scenario_ref: str, draws: int, seed: int, *, sets: dict[str, object] | None = None,
           chunk: int | None = None, willingness_spread: float = 0.0, workers: int = 1):
    """Load a scenario and run its Monte Carlo with a progress bar (shared by compare)."""
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import DEFAULT_CHUNK, run_montecarlo

    sc = load_scenario(scenario_ref, overrides=sets or None)
    with locate_errors(scenario_ref, sc), progress(draws, f"{sc.name}: {draws:,} draws") as adv:
        return run_montecarlo(sc, draws, seed, chunk=chunk or DEFAULT_CHUNK,
                              willingness_spread=willingness_spread, progress=adv,
                              workers=workers)


@contextmanager
def locate_errors(ref: str, sc: Any):
    """Point a scenario-input error found after validation at the file and line."""
    try:
        yield
    except ScenarioError as exc:
        if exc.file == f"scenario {sc.name}" and Path(ref).is_file():
            from guarantor.yamlio import load_yaml

            exc.file = ref
            if exc.key:
                exc.line = load_yaml(ref).line_of(exc.key.split("."))
        raise
