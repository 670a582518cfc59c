"""The positions ledger: who said what about which topic, when, and where it was reported.

Each entry records one actor's position on one topic (``registry/topics.yaml``), backed by a short
verbatim quote (one sentence at most) and a source id (``registry/sources/*.yaml``). Positions
change over time: the ledger keeps every dated statement, and :meth:`Ledger.latest` picks, for a
chosen date, the latest statement per actor x topic.

Stance and strength
-------------------
``stance`` is the actor's attitude to the topic being TRUE in an arrangement, and it fixes the
strength; the two fields must agree (validation rejects a mismatch):

============  ===========  =====================================
stance        strength     violated when the topic resolves to
============  ===========  =====================================
requires      red_line     false
rejects       red_line     true
supports      preference   false
opposes       preference   true
============  ===========  =====================================

For a ``value_type: number`` topic the entry gives a ``threshold`` and the topic counts as true
when the value is at least the threshold.

Quotes
------
``quote_kind: direct`` — the speaker's own words as the source quotes them (a fragment is
fine); ``quote_kind: reported`` — the source's own sentence reporting the position (no direct
quote exists). Either way the text is verbatim from the source. ``note`` gives context in our
words (what the quote refers to, a translation).

Dates
-----
``date`` (when it was said) is ``YYYY-MM-DD`` or, when the source only allows it, ``YYYY-MM``.
A month-precision statement takes effect on the month's last day, so it never counts before it
could have been made. Among statements of one actor on one topic on the same effective date, a
red line outranks a preference, a direct quote a reported one, and then the later entry in the
file wins; statements on the same day must not contradict each other.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guarantor.data import DATA_DIR
from guarantor.data.statements import (  # noqa: F401 (MAX_QUOTE_CHARS re-exported)
    MAX_QUOTE_CHARS,
    check_quote,
    date_text,
    known_actor,
    parse_statement_date,
)
from guarantor.errors import GuarantorError, LedgerError
from guarantor.yamlio import read_text

Stance = Literal["requires", "rejects", "supports", "opposes"]
Strength = Literal["red_line", "preference"]

#: The strength each stance implies (see the module docstring).
STANCE_STRENGTH: dict[str, str] = {
    "requires": "red_line",
    "rejects": "red_line",
    "supports": "preference",
    "opposes": "preference",
}
#: The value of the topic each stance wants.
STANCE_WANTS: dict[str, bool] = {
    "requires": True,
    "supports": True,
    "rejects": False,
    "opposes": False,
}

class Entry(BaseModel):
    """One dated statement of position."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    actor: str
    speaker: str
    role: str | None = None
    date: str
    topic: str
    stance: Stance
    strength: Strength
    threshold: float | None = None
    quote: str = Field(min_length=3)
    quote_kind: Literal["direct", "reported"] = "direct"
    source: str
    locator: str | None = None
    outlet: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return date_text(v)

    @field_validator("actor")
    @classmethod
    def _actor(cls, v: str) -> str:
        return known_actor(v)

    @field_validator("topic")
    @classmethod
    def _topic(cls, v: str) -> str:
        from guarantor.politics.topics import topic_registry

        reg = topic_registry()
        if v not in reg:
            raise ValueError(f"unknown topic {v!r}; allowed: {', '.join(reg.ids)}")
        return v

    @field_validator("source")
    @classmethod
    def _source(cls, v: str, info: ValidationInfo) -> str:
        from guarantor.data.sources import _check_source_id

        return _check_source_id(v, info)

    @field_validator("quote")
    @classmethod
    def _quote(cls, v: str) -> str:
        return check_quote(v)

    @model_validator(mode="after")
    def _consistent(self) -> Entry:
        from guarantor.data.actors import actors
        from guarantor.politics.topics import topic_registry

        want = STANCE_STRENGTH[self.stance]
        if self.strength != want:
            raise ValueError(
                f"stance {self.stance!r} is a {want.replace('_', ' ')}, but strength is "
                f"{self.strength!r}; allowed: requires/rejects with red_line, "
                "supports/opposes with preference"
            )
        speaker = actors().speakers.get(self.speaker)
        if speaker is None:
            raise ValueError(
                f"unknown speaker {self.speaker!r}; add them to registry/actors.yaml "
                "(name, actor, role, aliases)"
            )
        if speaker.actor != self.actor:
            raise ValueError(
                f"speaker {self.speaker!r} speaks for {speaker.actor}, not {self.actor}"
            )
        number = topic_registry()[self.topic].value_type == "number"
        if number and self.threshold is None:
            raise ValueError(f"topic {self.topic!r} is a number; the entry needs a threshold")
        if not number and self.threshold is not None:
            raise ValueError(f"topic {self.topic!r} is yes/no; remove the threshold")
        return self

    # --- derived ---------------------------------------------------------------------------------

    @property
    def when(self) -> _dt.date:
        """Effective date (the month's last day for a month-precision date)."""
        return parse_statement_date(self.date)[0]

    @property
    def precision(self) -> str:
        """'day' or 'month'."""
        return parse_statement_date(self.date)[1]

    @property
    def wants(self) -> bool:
        """The value of the topic this stance wants."""
        return STANCE_WANTS[self.stance]

    @property
    def red_line(self) -> bool:
        """True for requires/rejects."""
        return self.strength == "red_line"

    @property
    def speaker_role(self) -> str:
        """The role given on the entry, else the speaker's registry role."""
        if self.role:
            return self.role
        from guarantor.data.actors import actors

        return actors().speakers[self.speaker].role

    def rank(self) -> tuple[_dt.date, int, int]:
        """Sort key among statements of one actor on one topic (file order breaks ties)."""
        return (self.when, int(self.red_line), int(self.quote_kind == "direct"))


class _LedgerFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: tuple[Entry, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Ledger:
    """All entries of a ledger file, in file order, plus where they came from."""

    entries: tuple[Entry, ...]
    file: str

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def actors(self) -> tuple[str, ...]:
        """Actor ids with at least one entry, in order of first appearance."""
        return tuple(dict.fromkeys(e.actor for e in self.entries))

    @property
    def topics(self) -> tuple[str, ...]:
        """Topic ids with at least one entry, in order of first appearance."""
        return tuple(dict.fromkeys(e.topic for e in self.entries))

    def history(self, actor: str, topic: str) -> list[Entry]:
        """Every statement of ``actor`` on ``topic``, oldest first."""
        hits = [(e.rank(), i, e) for i, e in enumerate(self.entries)
                if e.actor == actor and e.topic == topic]
        return [e for _, _, e in sorted(hits, key=lambda t: (t[0], t[1]))]

    def latest(self, as_of: date | None = None) -> dict[tuple[str, str], Entry]:
        """The latest statement per (actor, topic) made on or before ``as_of`` (default: all)."""
        best: dict[tuple[str, str], tuple[tuple[date, int, int], int, Entry]] = {}
        for i, e in enumerate(self.entries):
            if as_of is not None and e.when > as_of:
                continue
            key = (e.actor, e.topic)
            cand = (e.rank(), i, e)
            if key not in best or cand[:2] >= best[key][:2]:
                best[key] = cand
        return {k: v[2] for k, v in best.items()}

    def select(
        self,
        actor: str | None = None,
        topic: str | None = None,
        as_of: date | None = None,
        latest_only: bool = False,
    ) -> list[Entry]:
        """Entries filtered by actor/topic/date.

        ``latest_only`` keeps the latest per actor x topic.
        """
        pool: Iterable[Entry]
        if latest_only:
            pool = self.latest(as_of).values()
        else:
            pool = (e for e in self.entries if as_of is None or e.when <= as_of)
        out = [e for e in pool if (actor is None or e.actor == actor)
               and (topic is None or e.topic == topic)]
        return sorted(out, key=lambda e: (e.actor, e.topic, e.when))


def _locate_bad_date(text: str) -> tuple[int | None, str | None]:
    """Line and value of the first impossible YYYY-MM-DD in raw YAML text (the YAML reader
    itself fails on those before validation can locate them)."""
    for n, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line):
            try:
                parse_statement_date(m.group(0))
            except ValueError:
                return n, m.group(0)
    return None, None


def parse_ledger(text: str, source: str) -> Ledger:
    """Validate ledger YAML text; any problem becomes a located :class:`LedgerError`."""
    from guarantor.yamlio import parse_yaml_text, validate

    try:
        located = parse_yaml_text(text, source, LedgerError)
    except GuarantorError:
        raise
    except ValueError as exc:  # e.g. an impossible unquoted date such as 2025-13-01
        line, value = _locate_bad_date(text)
        raise LedgerError(
            f"malformed date ({exc})", file=source, line=line, value=value,
            allowed="YYYY-MM-DD or YYYY-MM",
        ) from None
    f = validate(_LedgerFile, located, error=LedgerError)
    seen: dict[str, int] = {}
    same_day: dict[tuple[str, str, date], tuple[int, Entry]] = {}
    for i, e in enumerate(f.entries):
        if e.id in seen:
            raise LedgerError(
                "duplicate entry id", file=source, key=f"entries[{i}].id",
                line=located.line_of(["entries", i, "id"]), value=e.id,
                hint=f"also used by entries[{seen[e.id]}]",
            )
        seen[e.id] = i
        key = (e.actor, e.topic, e.when)
        if key in same_day and same_day[key][1].wants != e.wants:
            j, other = same_day[key]
            raise LedgerError(
                "contradictory statements on the same date", file=source,
                key=f"entries[{i}].stance", line=located.line_of(["entries", i, "stance"]),
                value=e.stance,
                hint=f"entries[{j}] ({other.id}) says {other.stance} for {e.actor} on {e.topic}",
            )
        same_day.setdefault(key, (i, e))
    return Ledger(entries=f.entries, file=source)


def default_ledger_path() -> Path:
    """Path of the bundled ledger, ``guarantor/data/ledger/positions.yaml``."""
    return DATA_DIR / "ledger" / "positions.yaml"


@lru_cache(maxsize=1)
def _bundled() -> Ledger:
    return parse_ledger(default_ledger_path().read_text("utf-8"), "ledger/positions.yaml")


def load_ledger(path: str | Path | None = None) -> Ledger:
    """Load and validate a ledger file (the bundled one, read once, when ``path`` is None)."""
    if path is None:
        return _bundled()
    return parse_ledger(read_text(path, LedgerError), str(path))
