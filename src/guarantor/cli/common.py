"""What several commands share: ``--set`` parsing, progress bars, Monte Carlo with located errors.

Command modules import from here, never from each other (no loops between commands).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.markup import escape

from guarantor.cli.console import err_console
from guarantor.errors import GuarantorError, ScenarioError

#: Characters a terminal would act on rather than show: C0 controls except tab and newline,
#: DEL, C1 controls (0x80-0x9F, including the 8-bit CSI), and the bidirectional overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: object, newlines: bool = True) -> str:
    """``text`` with control characters shown as ``\\xNN`` so they cannot drive the terminal.

    ANSI escape sequences (``ESC [ 31 m``), bells, backspaces and the like are made visible
    instead of acted on; with ``newlines=False`` line breaks are shown too.
    """
    s = str(text)
    if not newlines:
        s = s.replace("\n", "\\n").replace("\r", "\\r")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", s)


def term(text: object) -> str:
    """User text (a title, a quote, a name) made safe to embed in Rich markup.

    Control characters are made visible (:func:`plain_text`) and Rich markup such as ``[/x]``
    or ``[bold]`` is escaped, so it is shown as typed and cannot crash the printer.

    Examples
    --------
    >>> print(term("[/x] " + chr(27) + "[31mred"))
    \\[/x] \\x1b[31mred
    """
    return escape(plain_text(text))


#: How to write a ``--set``.
_SET_EXAMPLE = "PATH=VALUE, e.g. --set missions.reassurance_force.troops=64000"
_PATH_PART = re.compile(r"^[A-Za-z0-9_\-]+$")


def parse_sets(sets: list[str] | None) -> dict[str, object]:
    """``--set a.b=value`` pairs into overrides (values parsed as YAML values).

    Every pair is checked before any is returned and all problems are reported together: a
    missing ``=``, an empty or malformed path segment, a value that is not valid YAML.
    """
    from guarantor.yamlio import combine, load_scalar

    out: dict[str, object] = {}
    problems: list[GuarantorError] = []
    for item in sets or []:
        if "=" not in item:
            problems.append(ScenarioError("--set needs PATH=VALUE", key="--set", value=item,
                                          allowed=_SET_EXAMPLE))
            continue
        k, v = item.split("=", 1)
        k = k.strip()
        if not k or not all(_PATH_PART.match(p) for p in k.split(".")):
            problems.append(ScenarioError(
                "--set path must be dotted names (letters, digits, _ and -) or list indices",
                key="--set", value=k, allowed=_SET_EXAMPLE))
            continue
        try:
            out[k] = load_scalar(v, key=k) if v.strip() else None
        except ScenarioError as exc:
            exc.file = None
            exc.key = f"--set {k}"
            exc.value = v
            problems.append(exc)
    if problems:
        raise combine(problems)
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
