"""The country registry: one closed vocabulary (ISO 3166-1 alpha-3) with dated memberships.

Loaders map every name they meet through :meth:`CountryRegistry.resolve` (names and aliases of
SIPRI, the World Bank, NATO and Kiel) and fail loudly on one they cannot; scenarios, the engine,
CLI choices and the web app read the same list.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from guarantor.data import DATA_DIR
from guarantor.data.compiled import USER_COUNTRIES_ENV, compiled
from guarantor.errors import DataError, ScenarioError

Role = Literal["protected_state", "adversary", "united_states", "other"]


class CoalitionMembership(BaseModel):
    """Reported participation in the 2025 coalition-of-the-willing meetings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    since: date
    source: str
    locator: str | None = None


class Country(BaseModel):
    """One country of the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    aliases: tuple[str, ...] = ()
    nato_since: int | None = None
    eu_since: int | None = None
    g7: bool = False
    coalition: CoalitionMembership | None = None
    role: Role | None = None

    def nato_member(self, year: int) -> bool:
        """True if a NATO ally in ``year``."""
        return self.nato_since is not None and self.nato_since <= year

    def eu_member(self, year: int) -> bool:
        """True if an EU member in ``year``."""
        return self.eu_since is not None and self.eu_since <= year


class _RegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    membership_sources: dict[str, str]
    countries: tuple[Country, ...]

    @field_validator("countries")
    @classmethod
    def _unique(cls, v: tuple[Country, ...]) -> tuple[Country, ...]:
        seen: set[str] = set()
        for c in v:
            if c.iso3 in seen:
                raise ValueError(f"duplicate iso3 {c.iso3}")
            seen.add(c.iso3)
        return v


def _norm(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for name matching."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.replace("*", "").replace(".", "").replace("’", "'").strip().lower()
    return " ".join(text.split())


#: Named groups a scenario may use for its participants.
GROUPS: tuple[str, ...] = ("nato", "eu", "nato_europe", "coalition", "g7", "europe")


class CountryRegistry:
    """Lookup by code, by any known name, and by group; a fixed order for array axes."""

    def __init__(self, countries: tuple[Country, ...], membership_sources: dict[str, str]):
        self.countries = countries
        self.membership_sources = membership_sources
        self.codes: tuple[str, ...] = tuple(c.iso3 for c in countries)
        self.index: dict[str, int] = {c: i for i, c in enumerate(self.codes)}
        self._by_code = {c.iso3: c for c in countries}
        self._by_name: dict[str, str] = {}
        for c in countries:
            for n in (c.iso3, c.name, *c.aliases):
                key = _norm(n)
                other = self._by_name.get(key)
                if other is not None and other != c.iso3:
                    raise DataError(
                        f"alias {n!r} names both {other} and {c.iso3}",
                        file="registry/countries.yaml",
                    )
                self._by_name[key] = c.iso3

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, iso3: str) -> Country:
        return self._by_code[iso3]

    def __contains__(self, iso3: object) -> bool:
        return iso3 in self._by_code

    def lookup(self, name: str) -> str | None:
        """ISO3 code for a code, name or alias; None if unknown."""
        return self._by_name.get(_norm(name))

    def resolve(self, name: str, *, file: str | None = None, where: str | None = None) -> str:
        """ISO3 code for ``name`` or a DataError naming the file and position."""
        code = self.lookup(name)
        if code is None:
            raise DataError(
                "unknown country name",
                file=file,
                key=where,
                value=name,
                hint="add it as an alias in registry/countries.yaml or to the loader's "
                "list of out-of-scope names",
            )
        return code

    def check_code(self, code: str, *, file: str | None = None, key: str | None = None) -> str:
        """Validate a user-given ISO3 code (scenario input)."""
        if code not in self._by_code:
            guess = self.lookup(code)
            raise ScenarioError(
                "unknown country code",
                file=file,
                key=key,
                value=code,
                allowed="ISO 3166-1 alpha-3 codes of the registry (guarantor data countries)",
                hint=f"did you mean {guess}?" if guess else None,
            )
        return code

    def group(self, name: str, year: int = 2025) -> tuple[str, ...]:
        """Members of a named group in ``year`` (see :data:`GROUPS`)."""
        cs = self.countries
        if name == "nato":
            out = [c.iso3 for c in cs if c.nato_member(year)]
        elif name == "eu":
            out = [c.iso3 for c in cs if c.eu_member(year)]
        elif name == "nato_europe":
            out = [c.iso3 for c in cs if c.nato_member(year) and c.iso3 not in ("USA", "CAN")]
        elif name == "europe":
            out = [
                c.iso3
                for c in cs
                if (c.nato_member(year) or c.eu_member(year)) and c.iso3 not in ("USA", "CAN")
            ]
        elif name == "coalition":
            out = [
                c.iso3
                for c in cs
                if c.coalition is not None and c.coalition.since.year <= year and c.role is None
            ]
        elif name == "g7":
            out = [c.iso3 for c in cs if c.g7]
        else:
            raise ScenarioError("unknown country group", value=name, allowed=", ".join(GROUPS))
        return tuple(out)

    def mask(self, codes: tuple[str, ...] | list[str]) -> np.ndarray:
        """Boolean mask over the registry axis for the given codes."""
        m = np.zeros(len(self.codes), dtype=bool)
        m[[self.index[c] for c in codes]] = True
        return m


# USER_COUNTRIES_ENV (imported above, defined in guarantor.data.compiled, whose keys cover the
# files it names): the environment variable naming country files of the user's own
# (``os.pathsep``-separated), each ``countries:`` in the bundled format, added after the bundled
# registry (e.g. a protected state of a new case). Their countries have no figures until the
# snapshot is rebuilt.


class _UserRegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    countries: tuple[Country, ...]

    @field_validator("countries")
    @classmethod
    def _unique(cls, v: tuple[Country, ...]) -> tuple[Country, ...]:
        return _RegistryFile._unique(v)


def _user_countries(paths: str, known: set[str]) -> tuple[Country, ...]:
    """Countries of the user's files, validated like the bundled ones; a code that is already
    in the registry is an error naming the file and the entry."""
    from guarantor.yamlio import parse_yaml_text, read_text, validate

    out: list[Country] = []
    for path in (p for p in paths.split(os.pathsep) if p.strip()):
        located = parse_yaml_text(read_text(path, DataError), path, DataError)
        extra = validate(_UserRegistryFile, located, error=DataError)
        for i, c in enumerate(extra.countries):
            if c.iso3 in known:
                raise DataError("country already in the registry", file=path,
                                key=f"countries[{i}].iso3", line=located.line_of(
                                    ["countries", i, "iso3"]), value=c.iso3,
                                allowed="an ISO 3166-1 alpha-3 code not yet in the registry",
                                hint="see `guarantor data countries`")
            known.add(c.iso3)
            out.append(c)
    return tuple(out)


@lru_cache(maxsize=1)
def registry() -> CountryRegistry:
    """The registry: the bundled countries, then the user's (``GUARANTOR_COUNTRIES``); read once."""
    return compiled("registry", _make_registry)


def _make_registry() -> CountryRegistry:
    from guarantor.yamlio import parse_yaml_text, validate

    ref = DATA_DIR / "registry" / "countries.yaml"
    located = parse_yaml_text(ref.read_text("utf-8"), "registry/countries.yaml", DataError)
    reg = validate(_RegistryFile, located, error=DataError)
    extra = os.environ.get(USER_COUNTRIES_ENV, "")
    countries = reg.countries
    if extra.strip():
        countries = countries + _user_countries(extra, {c.iso3 for c in countries})
    return CountryRegistry(countries, reg.membership_sources)
