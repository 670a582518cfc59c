"""Donor groups as the Kiel Ukraine Support Tracker counts them (``registry/donor_groups.yaml``).

Donors are registry countries plus institutions (the EU institutions, ``EUI``). The group of a
donor is ``europe`` (EU members in the year, EU institutions, the other European states listed)
or ``non_european``; the aid engine and the published-figures checks read them from here.

Examples
--------
>>> g = donor_groups()
>>> g.group("EUI", 2024), g.group("DEU", 2024), g.group("GBR", 2024), g.group("JPN", 2024)
('europe', 'europe', 'europe', 'non_european')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from guarantor.data import DATA_DIR
from guarantor.data.compiled import compiled
from guarantor.errors import DataError
from guarantor.yamlio import _plain, parse_yaml_text

GROUPS: tuple[str, ...] = ("europe", "non_european")


@dataclass(frozen=True)
class DonorGroups:
    """Institutions and the other European states; EU membership comes from the registry."""

    institutions: dict[str, dict[str, str]]
    other_european: tuple[str, ...]

    def group(self, donor: str, year: int) -> str:
        """``europe`` or ``non_european``."""
        from guarantor.data.countries import registry

        if donor in self.institutions:
            return self.institutions[donor]["group"]
        reg = registry()
        if donor in self.other_european or (donor in reg and reg[donor].eu_member(year)):
            return "europe"
        return "non_european"

    def subgroup(self, donor: str, year: int) -> str:
        """``eu_institutions`` | ``eu_member`` | ``other_european`` | ``non_european``."""
        from guarantor.data.countries import registry

        if donor in self.institutions:
            return "eu_institutions"
        reg = registry()
        if donor in reg and reg[donor].eu_member(year):
            return "eu_member"
        return "other_european" if donor in self.other_european else "non_european"

    def name(self, donor: str) -> str:
        """Display name of a donor."""
        from guarantor.data.countries import registry

        if donor in self.institutions:
            return self.institutions[donor]["name"]
        return registry()[donor].name

    def gdp_members(self, donor: str, year: int) -> tuple[str, ...]:
        """Countries whose GDP a donor's aid is measured against (itself for a country)."""
        from guarantor.data.countries import registry

        if donor in self.institutions:
            basis = self.institutions[donor].get("gdp_basis")
            if basis == "eu_members":
                return registry().group("eu", year)
            raise DataError("unknown gdp_basis", key=f"institutions.{donor}.gdp_basis",
                            value=basis, allowed="eu_members")
        return (donor,)


@lru_cache(maxsize=1)
def donor_groups() -> DonorGroups:
    """The bundled donor groups (read once)."""
    return compiled("donor_groups", _make_donor_groups)


def _make_donor_groups() -> DonorGroups:
    from guarantor.data.countries import registry

    name = "registry/donor_groups.yaml"
    doc = _plain(parse_yaml_text(
        (DATA_DIR / "registry" / "donor_groups.yaml").read_text("utf-8"),
        name, DataError).data)
    inst = {k: {kk: str(vv) for kk, vv in v.items()} for k, v in doc["institutions"].items()}
    for k, v in inst.items():
        if v.get("group") not in GROUPS:
            raise DataError("unknown donor group", file=name, key=f"institutions.{k}.group",
                            value=v.get("group"), allowed=", ".join(GROUPS))
    other = tuple(doc["other_european"]["codes"])
    reg = registry()
    for c in other:
        if c not in reg:
            raise DataError("unknown country code", file=name, key="other_european.codes",
                            value=c)
    return DonorGroups(institutions=inst, other_european=other)
