"""Contribution positions: what each actor has said it will give, per mission, dated and sourced.

A :class:`ContributionEntry` records one actor's stated position on contributing to one mission
of one case (the protected state: ``ukraine``, ``moldova``...). Where the actor said nothing that
a real search could find, the entry says so (``stance: no_stated_position``, with the date of the
search and the queries tried) instead of guessing.

Stances
-------
==================  ==================================================================
will_contribute     the actor says it will contribute (a ``quantity`` when one was stated)
conditional         it will, on a named ``condition`` (US backstop, ceasefire, mandate...)
only_outside        it will contribute, but only outside the protected state
will_not            it will not contribute to this mission
no_stated_position  no public position found as of ``searched``
==================  ==================================================================

Dates and precedence follow the statements ledger (:mod:`guarantor.politics.ledger`): a month-
precision date takes effect on the month's last day; the latest statement per case x actor x
mission on or before the as-of date holds; a direct quote outranks a reported one on the same day,
then the later entry in the file wins. A "no stated position" record never outranks a statement.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.data.statements import check_quote, date_text, known_actor, parse_statement_date
from guarantor.errors import LedgerError

#: The missions a contribution position is about (one closed vocabulary, used everywhere).
MISSIONS: tuple[str, ...] = (
    "land_in_protected_state",
    "forces_in_neighbouring_states",
    "air_shield_aircraft",
    "ground_based_air_defence",
    "maritime",
    "training",
    "military_aid",
    "financing",
)
#: What each stance means, in the words every output uses.
STANCES: dict[str, str] = {
    "will_contribute": "will contribute",
    "conditional": "conditional",
    "only_outside": "only outside the protected state",
    "will_not": "will not",
    "no_stated_position": "no stated position",
}
#: Stance codes of the engine's arrays (0: no entry at all), in order of :data:`STANCES`.
STANCE_CODE: dict[str, int] = {"none": 0, **{s: i + 1 for i, s in enumerate(
    ("no_stated_position", "will_contribute", "conditional", "only_outside", "will_not"))}}
#: The protected state of each bundled case (a scenario's ``protected_state`` picks its case).
CASES: dict[str, str] = {"UKR": "ukraine", "MDA": "moldova"}
#: The unit a pledged quantity must carry to count as a pledge of the engine's mission.
PLEDGE_UNIT: dict[str, str] = {"land_in_protected_state": "persons"}
#: Conditions a conditional position can name.
CONDITIONS: tuple[str, ...] = (
    "us_backstop", "ceasefire", "peace_agreement", "un_mandate", "eu_mandate", "nato_framework",
    "parliamentary_approval", "other",
)
#: Units a pledged quantity can carry.
QUANTITY_UNITS: tuple[str, ...] = ("persons", "aircraft", "batteries", "ships", "EUR", "USD")

Stance = Literal["will_contribute", "conditional", "only_outside", "will_not", "no_stated_position"]


class ContributionEntry(BaseModel):
    """One dated, sourced contribution position (or a recorded absence of one)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    actor: str
    case: str = Field(default="ukraine", pattern=r"^[a-z][a-z0-9_]*$")
    mission: Literal[
        "land_in_protected_state", "forces_in_neighbouring_states", "air_shield_aircraft",
        "ground_based_air_defence", "maritime", "training", "military_aid", "financing"]
    stance: Stance
    condition: Literal[
        "us_backstop", "ceasefire", "peace_agreement", "un_mandate", "eu_mandate",
        "nato_framework", "parliamentary_approval", "other"] | None = None
    quantity: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    unit: Literal["persons", "aircraft", "batteries", "ships", "EUR", "USD"] | None = None
    quantity_note: str | None = None
    speaker: str | None = None
    role: str | None = None
    date: str | None = None
    quote: str | None = None
    quote_kind: Literal["direct", "reported"] | None = None
    source: str | None = None
    outlet: str | None = None
    note: str | None = None
    searched: str | None = None
    queries: tuple[str, ...] = ()

    @field_validator("date", "searched", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return date_text(v)

    @field_validator("actor")
    @classmethod
    def _actor(cls, v: str) -> str:
        return known_actor(v)

    @field_validator("source")
    @classmethod
    def _source(cls, v: str | None, info: ValidationInfo) -> str | None:
        from guarantor.data.sources import _check_source_id

        return None if v is None else _check_source_id(v, info)

    @field_validator("quote")
    @classmethod
    def _quote(cls, v: str | None) -> str | None:
        if v is None:
            return v
        return check_quote(v)

    @model_validator(mode="after")
    def _consistent(self) -> ContributionEntry:
        stated = self.stance != "no_stated_position"
        if stated:
            missing = [k for k in ("speaker", "date", "quote", "quote_kind", "source")
                       if getattr(self, k) is None]
            if missing:
                raise ValueError(
                    f"a stated position needs {', '.join(missing)}; allowed: every stance but "
                    "no_stated_position carries speaker, date, quote, quote_kind and source")
        else:
            if self.searched is None or not self.queries:
                raise ValueError("no_stated_position needs `searched` (date) and `queries` (what "
                                 "was searched)")
            if self.quote or self.quantity is not None:
                raise ValueError("no_stated_position carries no quote and no quantity")
        if self.speaker is not None:
            from guarantor.data.actors import actors

            speaker = actors().speakers.get(self.speaker)
            if speaker is None:
                raise ValueError(f"unknown speaker {self.speaker!r}; add them to "
                                 "registry/actors.yaml (name, actor, role, aliases)")
            # The coalition speaks through its members' leaders (co-chairs, hosts).
            if speaker.actor != self.actor and self.actor != "COALITION":
                raise ValueError(f"speaker {self.speaker!r} speaks for {speaker.actor}, "
                                 f"not {self.actor}")
        if (self.stance == "conditional") != (self.condition is not None):
            raise ValueError("`condition` is required for a conditional stance and only for it; "
                             f"allowed conditions: {', '.join(CONDITIONS)}")
        if (self.quantity is None) != (self.unit is None):
            raise ValueError("`quantity` and `unit` go together; allowed units: "
                             + ", ".join(QUANTITY_UNITS))
        if self.quantity is not None and self.stance in ("will_not", "no_stated_position"):
            raise ValueError(f"a {self.stance} position carries no pledged quantity")
        return self

    # --- derived -----------------------------------------------------------------------------

    @cached_property
    def when(self) -> _dt.date:
        """Effective date: of the statement, or of the search that found none.

        Parsed once per entry (the entry is frozen): every :meth:`ContributionLedger.latest`
        reads it for every entry of its case (a plain run: some 1,800 reads of 311 entries).
        """
        text = self.date if self.date is not None else self.searched
        assert text is not None  # guaranteed by validation
        return parse_statement_date(text)[0]

    @property
    def stated(self) -> bool:
        """True for a real statement, False for a recorded absence of one."""
        return self.stance != "no_stated_position"

    def rank(self) -> tuple[int, _dt.date, int]:
        """Sort key among positions of one actor on one mission (file order breaks ties)."""
        return (int(self.stated), self.when, int(self.quote_kind == "direct"))


class _ContributionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    entries: tuple[ContributionEntry, ...] = Field(min_length=1)


@dataclass(frozen=True)
class ContributionLedger:
    """Every contribution position of every case, in file order."""

    entries: tuple[ContributionEntry, ...]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def cases(self) -> tuple[str, ...]:
        """Case ids with at least one entry."""
        return tuple(dict.fromkeys(e.case for e in self.entries))

    def latest(self, case: str, as_of: date | None = None
               ) -> dict[tuple[str, str], ContributionEntry]:
        """The position per (actor, mission) of ``case`` holding on ``as_of`` (default: all).

        A statement made on or before ``as_of`` wins over any "no stated position" record; among
        statements the latest wins (direct over reported on the same day, then file order).
        """
        best: dict[tuple[str, str], tuple[tuple[int, date, int], int, ContributionEntry]] = {}
        for i, e in enumerate(self.entries):
            if e.case != case or (as_of is not None and e.stated and e.when > as_of):
                continue
            key = (e.actor, e.mission)
            cand = (e.rank(), i, e)
            if key not in best or cand[:2] >= best[key][:2]:
                best[key] = cand
        return {k: v[2] for k, v in best.items()}

    def history(self, case: str, actor: str, mission: str) -> list[ContributionEntry]:
        """Every position of ``actor`` on ``mission`` in ``case``, oldest first."""
        hits = [e for e in self.entries if (e.case, e.actor, e.mission) == (case, actor, mission)]
        return sorted(hits, key=lambda e: (e.when, int(e.stated)))

    def dates(self, case: str) -> list[date]:
        """The distinct dates of statements in ``case``, oldest first (for replaying the debate)."""
        return sorted({e.when for e in self.entries if e.case == case and e.stated})


def parse_contributions(texts: Iterable[tuple[str, str]]) -> ContributionLedger:
    """Validate contribution files given as ``(text, file name)``; ids are unique across files."""
    from guarantor.yamlio import parse_yaml_text, validate

    entries: list[ContributionEntry] = []
    seen: dict[str, str] = {}
    for text, name in texts:
        located = parse_yaml_text(text, name, LedgerError)
        f = validate(_ContributionFile, located, error=LedgerError)
        for i, e in enumerate(f.entries):
            if e.id in seen:
                raise LedgerError("duplicate entry id", file=name, key=f"entries[{i}].id",
                                  line=located.line_of(["entries", i, "id"]), value=e.id,
                                  hint=f"also used in {seen[e.id]}")
            seen[e.id] = name
        entries.extend(f.entries)
    return ContributionLedger(tuple(entries))


@lru_cache(maxsize=1)
def load_contributions() -> ContributionLedger:
    """The bundled contribution positions, ``data/ledger/contributions/*.yaml`` (read once)."""
    return compiled("load_contributions", _make_load_contributions)


def _make_load_contributions() -> ContributionLedger:
    folder = DATA_DIR / "ledger" / "contributions"
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return parse_contributions((p.read_text("utf-8"), f"data/ledger/contributions/{p.name}")
                               for p in files)


def coverage(ledger: ContributionLedger, countries: Iterable[str], *, case: str = "ukraine",
             as_of: date | None = None, missions: Iterable[str] = MISSIONS) -> list[dict[str, Any]]:
    """The position holding on ``as_of`` per country x mission: one row each, in input order.

    A cell with no entry at all says ``stance: None`` ("no entry": not even a recorded search),
    which is what ``guarantor ledger coverage`` lists as still unknown.
    """
    from guarantor.data.sources import source_catalogue

    latest = ledger.latest(case, as_of)
    cat = source_catalogue()
    rows: list[dict[str, Any]] = []
    for iso in countries:
        for mission in missions:
            e = latest.get((iso, mission))
            src = cat.get(e.source) if e is not None and e.source else None
            rows.append({
                "country": iso, "mission": mission,
                "stance": None if e is None else e.stance,
                "condition": None if e is None else e.condition,
                "quantity": None if e is None else e.quantity,
                "unit": None if e is None else e.unit,
                "date": None if e is None else (e.date or e.searched),
                "entry": None if e is None else e.id,
                "speaker": None if e is None else e.speaker,
                "quote": None if e is None else e.quote,
                "publisher": None if src is None else src.publisher,
                "url": None if src is None else src.url,
            })
    return rows


def case_for(protected_state: str) -> str:
    """The case (positions set) a scenario protecting ``protected_state`` is judged by.

    >>> case_for("UKR"), case_for("MDA"), case_for("EST")
    ('ukraine', 'moldova', 'est')
    """
    return CASES.get(protected_state, protected_state.lower())


@dataclass(frozen=True)
class MissionPositions:
    """The positions holding on a date for one mission, on the country axis ``codes``.

    stance : (C,) int, :data:`STANCE_CODE`
    condition : (C,) str, the condition of a conditional position ('' otherwise)
    quantity : (C,) float, the latest pledged number in the mission's unit (NaN: none)
    entry : per country, the entry the stance rests on (None: no entry)
    quantity_entry : per country, the entry the number rests on (None: no number)
    """

    stance: np.ndarray
    condition: np.ndarray
    quantity: np.ndarray
    entry: tuple[ContributionEntry | None, ...]
    quantity_entry: tuple[ContributionEntry | None, ...]


def mission_positions(ledger: ContributionLedger, case: str, as_of: date | None,
                      codes: Iterable[str], mission: str) -> MissionPositions:
    """Stance, condition and pledged number per country for ``mission`` as of ``as_of``.

    The number is the latest one stated (in the mission's pledge unit) by a position that
    offers something, on or before ``as_of``, and counts only while the latest stance still
    offers something: a later "will contribute" without a figure keeps an earlier figure.
    """
    codes = tuple(codes)
    latest = ledger.latest(case, as_of)
    unit = PLEDGE_UNIT.get(mission)
    numbers: dict[str, tuple[tuple[date, int], ContributionEntry]] = {}
    if unit is not None:
        for i, e in enumerate(ledger.entries):
            if (e.case == case and e.mission == mission and e.quantity is not None
                    and e.unit == unit and e.stance in ("will_contribute", "conditional")
                    and (as_of is None or e.when <= as_of)):
                key = (e.when, i)
                if e.actor not in numbers or key >= numbers[e.actor][0]:
                    numbers[e.actor] = (key, e)
    stance = np.zeros(len(codes), dtype=np.int8)
    condition = np.full(len(codes), "", dtype=object)
    quantity = np.full(len(codes), np.nan)
    entries: list[ContributionEntry | None] = []
    q_entries: list[ContributionEntry | None] = []
    for j, iso in enumerate(codes):
        pos = latest.get((iso, mission))
        entries.append(pos)
        q = numbers.get(iso)
        q_entries.append(q[1] if q and pos is not None and pos.stance in (
            "will_contribute", "conditional") else None)
        if pos is None:
            continue
        stance[j] = STANCE_CODE[pos.stance]
        condition[j] = pos.condition or ""
        qe = q_entries[-1]
        if qe is not None and qe.quantity is not None:
            quantity[j] = float(qe.quantity)
    return MissionPositions(stance, condition, quantity, tuple(entries), tuple(q_entries))
