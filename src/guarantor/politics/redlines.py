"""Who objects? The red-line check of an arrangement against the positions ledger.

The engine resolves every topic for every arrangement
(:func:`guarantor.politics.topics.resolve`); this module compares those values with the
latest statement of each actor on each topic as of a chosen date
(:meth:`guarantor.politics.ledger.Ledger.latest`):

* :func:`check` — one arrangement: per actor, the red lines crossed and preferences unmet, each
  with the entry behind it (quote, speaker, role, outlet, date, source), and a one-line verdict;
* :func:`count_crossed` — many arrangements at once: the (weighted) number of red lines each one
  crosses, for the search over open levers;
* :func:`report_frame` and :func:`render` — a DataFrame and a rich rendering for the CLI.

An entry is *violated* when the topic's value differs from what its stance wants (see
:mod:`guarantor.politics.ledger`). A topic the resolved mapping does not contain is *unresolved*:
listed, never counted as crossed.

Examples
--------
>>> from datetime import date
>>> from guarantor.politics.ledger import load_ledger
>>> from guarantor.politics.topics import TopicInputs, resolve
>>> feb = resolve(TopicInputs(
...     us_posture="none", us_troops_in_protected_state=False,
...     article5_for_deployed_forces=False, nato_membership_for_protected_state=False,
...     pre2014_borders_objective=False, guarantees_agreed_with_adversary=False,
...     troops_deployed=30_000.0, nato_countries_with_troops=5,
...     europe_aid_share=0.9, spending_target_share=0.05))
>>> rep = check(feb, load_ledger(), as_of=date(2025, 12, 31))
>>> len(rep.actor("USA").red_lines_crossed)
0
>>> "foreign_troops_in_protected_state" in {f.topic for f in rep.actor("RUS").red_lines_crossed}
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np

from guarantor.errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from rich.console import Console

    from guarantor.politics.ledger import Entry, Ledger

Status = Literal["crossed", "unmet", "met", "unresolved"]


@dataclass(frozen=True)
class Finding:
    """One actor's latest statement on one topic, judged against one arrangement."""

    entry: Entry
    value: bool | float | None
    status: Status

    @property
    def topic(self) -> str:
        """Topic id."""
        return self.entry.topic

    def citation(self) -> str:
        """Speaker, role, outlet and date behind the finding, with the source citation."""
        from guarantor.data.sources import cite, source_catalogue

        e = self.entry
        outlet = e.outlet or source_catalogue()[e.source].publisher
        return (f"{e.speaker} ({e.speaker_role}), {outlet}, {e.date}; "
                f"source: {cite(e.source, e.locator)}")


@dataclass(frozen=True)
class ActorVerdict:
    """Everything the check found for one actor."""

    actor: str
    name: str
    red_lines_crossed: tuple[Finding, ...]
    preferences_unmet: tuple[Finding, ...]
    met: tuple[Finding, ...]
    unresolved: tuple[Finding, ...]
    weight: float = 1.0

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings: crossed, unmet, met, unresolved."""
        return self.red_lines_crossed + self.preferences_unmet + self.met + self.unresolved

    @property
    def verdict(self) -> str:
        """One line: how the arrangement fares with this actor."""
        n_red, n_pref = len(self.red_lines_crossed), len(self.preferences_unmet)
        n_lines = sum(1 for f in self.findings if f.entry.red_line and f.status != "unresolved")
        if n_red:
            topics = ", ".join(f.topic for f in self.red_lines_crossed)
            text = f"crosses {n_red} of {n_lines} red line{'s' if n_lines != 1 else ''} ({topics})"
        elif n_lines:
            text = f"crosses none of {n_lines} red line{'s' if n_lines != 1 else ''}"
        else:
            text = "states no red line on these topics"
        if n_pref:
            text += f"; {n_pref} preference{'s' if n_pref != 1 else ''} unmet"
        elif any(not f.entry.red_line for f in self.met):
            text += "; all stated preferences met"
        if self.unresolved:
            text += f"; {len(self.unresolved)} topic(s) not resolved by the scenario"
        return f"{self.name}: {text}"


@dataclass(frozen=True)
class RedLineReport:
    """The check of one arrangement against the ledger as of a date."""

    as_of: date
    actors: tuple[ActorVerdict, ...]
    ledger_file: str
    weights: Mapping[str, float] = field(default_factory=dict)

    def actor(self, actor_id: str) -> ActorVerdict:
        """The verdict for ``actor_id`` (KeyError if the ledger has no statement of it)."""
        for a in self.actors:
            if a.actor == actor_id:
                return a
        raise KeyError(actor_id)

    @property
    def red_lines_crossed(self) -> int:
        """Total number of red lines crossed, all actors."""
        return sum(len(a.red_lines_crossed) for a in self.actors)

    @property
    def weighted_crossed(self) -> float:
        """Red lines crossed, each weighted by its actor's weight."""
        return sum(a.weight * len(a.red_lines_crossed) for a in self.actors)


def _violated(entry: Entry, value: np.ndarray) -> np.ndarray:
    """Bool array: does ``value`` (topic value per arrangement) violate ``entry``?"""
    truth = value >= entry.threshold if entry.threshold is not None else value.astype(bool)
    return truth != entry.wants


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    out = dict(weights or {})
    for actor, w in out.items():
        if not np.isfinite(w) or w < 0:
            raise ScenarioError("actor weight must be a finite number >= 0", key=f"weights.{actor}",
                                value=w, allowed=">= 0")
    return out


def _as_1d(resolved: Mapping[str, np.ndarray | bool | float]) -> tuple[dict[str, np.ndarray], int]:
    arrays = {k: np.atleast_1d(np.asarray(v)) for k, v in resolved.items()}
    lengths = {a.shape[0] for a in arrays.values()}
    if any(a.ndim != 1 for a in arrays.values()) or len(lengths - {1}) > 1:
        raise ScenarioError(
            "resolved topics must be 1-D arrays of one common length",
            value=str({k: v.shape for k, v in arrays.items()}), allowed="(n_arrangements,)",
        )
    n = max(lengths) if lengths else 1
    return {k: np.broadcast_to(v, (n,)) for k, v in arrays.items()}, n


def check(
    resolved: Mapping[str, np.ndarray | bool | float],
    ledger: Ledger,
    as_of: date,
    weights: Mapping[str, float] | None = None,
    arrangement: int = 0,
) -> RedLineReport:
    """Check one arrangement against every actor's latest statements as of ``as_of``.

    Parameters
    ----------
    resolved : mapping of str to ndarray
        Topic id -> value per arrangement, ``(n_arrangements,)`` (scalars allowed), as returned
        by :func:`guarantor.politics.topics.resolve`.
    ledger : Ledger
        The positions ledger (:func:`guarantor.politics.ledger.load_ledger`).
    as_of : date
        Only statements made on or before this date count; the latest per actor x topic wins.
    weights : mapping of str to float, optional
        Weight of each actor's red lines [dimensionless, >= 0]; default 1 for every actor.
    arrangement : int
        Which arrangement to report on when ``resolved`` holds several (default the first).

    Returns
    -------
    RedLineReport
        Per actor (in ledger order): red lines crossed, preferences unmet, met, unresolved,
        each finding with its entry; and a one-line verdict.
    """
    from guarantor.data.actors import actors as actor_registry

    w = _weights(weights)
    arrays, n = _as_1d(resolved)
    if not -n <= arrangement < n:
        raise ScenarioError("no such arrangement", key="arrangement", value=arrangement,
                            allowed=f"0..{n - 1}")
    latest = ledger.latest(as_of)
    order = {a: i for i, a in enumerate(ledger.actors)}
    topic_order = {t: i for i, t in enumerate(_topic_ids())}
    by_actor: dict[str, list[Finding]] = {}
    for (actor, topic), entry in latest.items():
        if topic not in arrays:
            by_actor.setdefault(actor, []).append(Finding(entry, None, "unresolved"))
            continue
        raw = arrays[topic][arrangement]
        value: bool | float = bool(raw) if raw.dtype == bool else float(raw)
        bad = bool(_violated(entry, np.asarray([raw]))[0])
        status: Status = ("crossed" if entry.red_line else "unmet") if bad else "met"
        by_actor.setdefault(actor, []).append(Finding(entry, value, status))
    reg = actor_registry()
    verdicts = []
    for actor in sorted(by_actor, key=lambda a: order.get(a, len(order))):
        fs = sorted(by_actor[actor], key=lambda f: topic_order.get(f.topic, 99))
        verdicts.append(ActorVerdict(
            actor=actor,
            name=reg.name(actor),
            red_lines_crossed=tuple(f for f in fs if f.status == "crossed"),
            preferences_unmet=tuple(f for f in fs if f.status == "unmet"),
            met=tuple(f for f in fs if f.status == "met"),
            unresolved=tuple(f for f in fs if f.status == "unresolved"),
            weight=w.get(actor, 1.0),
        ))
    return RedLineReport(as_of=as_of, actors=tuple(verdicts), ledger_file=ledger.file, weights=w)


def count_crossed(
    resolved: Mapping[str, np.ndarray | bool | float],
    ledger: Ledger,
    as_of: date,
    weights: Mapping[str, float] | None = None,
) -> np.ndarray:
    """Weighted number of red lines each arrangement crosses.

    Parameters
    ----------
    resolved : mapping of str to ndarray
        Topic id -> ``(n_arrangements,)`` values (:func:`guarantor.politics.topics.resolve`).
    ledger : Ledger
        The positions ledger.
    as_of : date
        Statements made on or before this date; the latest per actor x topic.
    weights : mapping of str to float, optional
        Weight per actor [dimensionless, >= 0]; default 1.

    Returns
    -------
    ndarray of float, shape (n_arrangements,)
        Sum over the latest red-line entries of ``weight[actor] * violated``. Unresolved topics
        count zero. Vectorised over arrangements; the only loop is over ledger entries.

    Examples
    --------
    >>> import numpy as np
    >>> from datetime import date
    >>> from guarantor.politics.ledger import load_ledger
    >>> r = {"us_troops_in_protected_state": np.array([False, True])}
    >>> count_crossed(r, load_ledger(), date(2025, 3, 1), {"USA": 2.0}).tolist()
    [0.0, 2.0]
    """
    w = _weights(weights)
    arrays, n = _as_1d(resolved)
    total = np.zeros(n, dtype=float)
    for (actor, topic), entry in ledger.latest(as_of).items():
        if entry.red_line and topic in arrays:
            total += w.get(actor, 1.0) * _violated(entry, arrays[topic])
    return total


def _topic_ids() -> tuple[str, ...]:
    from guarantor.politics.topics import topic_registry

    return topic_registry().ids


def report_frame(report: RedLineReport) -> pd.DataFrame:
    """One row per finding: actor, status, topic, value, stance, quote, speaker, outlet, source."""
    import pandas as pd

    from guarantor.data.sources import cite, source_catalogue
    from guarantor.politics.topics import topic_registry

    topics = topic_registry()
    cat = source_catalogue()
    rows = []
    for a in report.actors:
        for f in a.findings:
            e = f.entry
            src = cat[e.source]
            rows.append({
                "actor": a.actor,
                "actor_name": a.name,
                "status": f.status,
                "strength": e.strength,
                "topic": e.topic,
                "question": topics[e.topic].question,
                "value": f.value,
                "stance": e.stance,
                "threshold": e.threshold,
                "quote": e.quote,
                "quote_kind": e.quote_kind,
                "speaker": e.speaker,
                "role": e.speaker_role,
                "date": e.date,
                "outlet": e.outlet or src.publisher,
                "source_id": e.source,
                "source_title": src.title,
                "source_date": src.date,
                "url": src.url,
                "citation": cite(e.source, e.locator),
                "entry_id": e.id,
                "note": e.note,
            })
    columns = ["actor", "actor_name", "status", "strength", "topic", "question", "value", "stance",
               "threshold", "quote", "quote_kind", "speaker", "role", "date", "outlet",
               "source_id", "source_title", "source_date", "url", "citation", "entry_id", "note"]
    return pd.DataFrame(rows, columns=columns)


_STATUS_STYLE = {"crossed": "bold red", "unmet": "yellow", "met": "green", "unresolved": "dim"}


def render(report: RedLineReport, console: Console, show_met: bool = False) -> None:
    """Print the verdicts, then each red line crossed and preference unmet with its quote."""
    from rich.markup import escape
    from rich.table import Table

    from guarantor.data.sources import source_catalogue

    cat = source_catalogue()
    console.print(f"[bold]Red lines as of {report.as_of.isoformat()}[/] "
                  f"(ledger: {escape(report.ledger_file)})")
    verdicts = Table("actor", "verdict", show_header=True, header_style="bold")
    for a in report.actors:
        style = "red" if a.red_lines_crossed else ("yellow" if a.preferences_unmet else "green")
        verdicts.add_row(a.actor, f"[{style}]{escape(a.verdict)}[/]")
    console.print(verdicts)
    detail = Table("actor", "status", "topic", "value", "stance", "quote", "who, outlet, date",
                   show_header=True, header_style="bold", show_lines=True)
    # long ids wrap, never cut: sources must show
    for col in (detail.columns[2], detail.columns[6]):
        col.overflow = "fold"
    for a in report.actors:
        for f in a.findings:
            if f.status == "met" and not show_met:
                continue
            if f.status == "unresolved" and not show_met:
                continue
            e = f.entry
            outlet = e.outlet or cat[e.source].publisher
            quote = f"“{e.quote}”" if e.quote_kind == "direct" else f"(reported) {e.quote}"
            detail.add_row(
                a.actor,
                f"[{_STATUS_STYLE[f.status]}]{f.status}[/]",
                e.topic,
                "n/a" if f.value is None else str(f.value),
                e.stance if e.threshold is None else f"{e.stance} >= {e.threshold:g}",
                escape(quote),
                escape(f"{e.speaker}, {e.speaker_role}; {outlet}; {e.date} [{e.source}]"),
            )
    if detail.row_count:
        console.print(detail)
