"""Actors and speakers: who a position belongs to, and who voiced it.

Shared by the positions ledger (validation of ``actor`` and ``speaker``) and by article
ingestion (mapping a speaker mention to an actor). An actor is a registry country (ISO3) or an
organisation from ``registry/actors.yaml``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, model_validator

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.data.countries import registry
from guarantor.errors import DataError


class Organisation(BaseModel):
    """A non-country actor (EU, NATO, unnamed European officials...)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    name: str
    aliases: tuple[str, ...] = ()


class Speaker(BaseModel):
    """A named person who speaks for an actor."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    actor: str
    role: str
    aliases: tuple[str, ...] = ()


class _ActorsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    organisations: tuple[Organisation, ...]
    speakers: tuple[Speaker, ...]

    @model_validator(mode="after")
    def _actors_known(self) -> _ActorsFile:
        orgs = {o.id for o in self.organisations}
        for s in self.speakers:
            if s.actor not in orgs and s.actor not in registry():
                raise ValueError(f"speaker {s.name!r} has unknown actor {s.actor!r}")
        return self


#: Letters that Unicode does not decompose into a base letter and a mark: without this table
#: "Støre" would lose its "ø" ("stre") and never meet "Store", the spelling of most English copy.
_TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
                                "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def fold_letters(text: str) -> str:
    """``text`` in plain Latin letters: marks dropped, letters such as "ø" or "ł" spelt as the
    English press spells them.

    Examples
    --------
    >>> fold_letters("Jonas Gahr Støre"), fold_letters("Nausėda"), fold_letters("Łukasz")
    ('Jonas Gahr Store', 'Nauseda', 'Lukasz')
    """
    t = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return "".join(c for c in t if not unicodedata.combining(c))


@lru_cache(maxsize=8192)  # pure; called for every mention looked up
def _norm(text: str) -> str:
    t = fold_letters(text).encode("ascii", "ignore").decode().lower()
    t = t.replace("’", "'").replace(".", "")
    if t.startswith("the "):
        t = t[4:]
    return " ".join(t.split())


class ActorRegistry:
    """Lookup of actors (countries + organisations) and speakers by name or alias."""

    def __init__(self, orgs: tuple[Organisation, ...], speakers: tuple[Speaker, ...]):
        self.organisations = {o.id: o for o in orgs}
        self.speakers = {s.name: s for s in speakers}
        reg = registry()
        self.ids: tuple[str, ...] = tuple(reg.codes) + tuple(self.organisations)
        self._actor_alias: dict[str, str] = {}
        for c in reg.countries:
            for n in (c.name, *c.aliases):
                self._actor_alias[_norm(n)] = c.iso3
        for o in orgs:
            for n in (o.id, o.name, *o.aliases):
                self._actor_alias[_norm(n)] = o.id
        self._speaker_alias: dict[str, str] = {}
        for s in speakers:
            for n in (s.name, *s.aliases):
                self._speaker_alias[_norm(n)] = s.name

    def is_actor(self, actor_id: str) -> bool:
        """True if ``actor_id`` is a registry country code or an organisation id."""
        return actor_id in self.ids

    def name(self, actor_id: str) -> str:
        """Display name of an actor."""
        if actor_id in self.organisations:
            return self.organisations[actor_id].name
        return registry()[actor_id].name

    def actor_for(self, mention: str) -> str | None:
        """Actor id for a country/organisation mention ("the UK", "Brussels"), or None."""
        return self._actor_alias.get(_norm(mention))

    def speaker_for(self, mention: str) -> Speaker | None:
        """The known speaker a mention refers to ("Hegseth", "U.S. Defense Secretary"), or None."""
        name = self._speaker_alias.get(_norm(mention))
        return self.speakers.get(name) if name else None


@lru_cache(maxsize=1)
def actors() -> ActorRegistry:
    """The bundled actor registry (read once)."""
    return compiled("actors", _make_actors)


def _make_actors() -> ActorRegistry:
    from guarantor.yamlio import parse_yaml_text, validate

    ref = DATA_DIR / "registry" / "actors.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), "registry/actors.yaml", DataError)
    f = validate(_ActorsFile, located, error=DataError)
    return ActorRegistry(f.organisations, f.speakers)
