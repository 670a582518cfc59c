"""Capability inventories: every record sourced, units per class, pools attributed.

Bad files are located.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guarantor.data.capabilities import (
    CAPABILITY_CLASSES,
    CLASS_UNITS,
    load_inventory,
)
from guarantor.data.countries import registry
from guarantor.data.sources import source_catalogue
from guarantor.errors import DataError


@pytest.fixture(scope="module")
def inv():
    return load_inventory()


def test_classes_are_the_closed_vocabulary(inv) -> None:
    assert CAPABILITY_CLASSES == inv.classes
    assert CAPABILITY_CLASSES[0] == "combat_aircraft"
    assert set(CLASS_UNITS.values()) <= {"aircraft", "radars", "batteries"}
    assert inv.national.shape == (len(registry().codes), len(CAPABILITY_CLASSES))
    assert inv.codes == registry().codes


def test_every_record_is_sourced_and_in_class_unit(inv) -> None:
    catalogue = source_catalogue()
    assert inv.records, "no records bundled"
    for (iso3, cls), rec in inv.records.items():
        assert iso3 in registry()
        assert rec.unit == CLASS_UNITS[cls], (iso3, cls)
        if rec.value is None:
            # unknown: what was searched, and when (or the source of a partial figure)
            assert rec.note, f"{iso3}.{cls}: a null needs a note saying why"
            assert rec.searched or rec.source in catalogue, (iso3, cls)
        else:
            assert rec.source in catalogue, (iso3, cls)
            assert rec.vintage and len(rec.vintage) >= 4
            assert rec.locator, (iso3, cls)
            assert rec.value >= 0
            if rec.by_type:
                assert sum(rec.by_type.values()) == pytest.approx(rec.value), (iso3, cls)


def test_every_pool_is_sourced_and_has_registry_members(inv) -> None:
    catalogue = source_catalogue()
    assert {p.id for p in inv.pools} >= {"mmf", "sac_c17"}
    for p in inv.pools:
        assert p.size.source in catalogue and p.members_source in catalogue
        assert p.size.unit == CLASS_UNITS[p.cls]
        assert all(m in registry() for m in p.members)
        assert sum(p.fractions().values()) == pytest.approx(1.0)
        assert p.shares_derivation


def test_unknown_is_nan_not_zero(inv) -> None:
    # Sweden's AEW&C was searched and not found: unknown, never 0. Iceland (no armed forces,
    # a sourced statement) holds none of the aircraft classes: 0, marked as a judgement.
    k = CAPABILITY_CLASSES.index("aewc")
    i = registry().index["SWE"]
    assert np.isnan(inv.national[i, k]) and not inv.known()[i, k]
    assert inv.record("SWE", "aewc").status == "unknown"
    isl = inv.record("ISL", "tanker")
    assert isl.value == 0 and isl.judgement and isl.status == "none held"
    # a country absent from the file is unknown in every class
    j = registry().index["CHE"]
    assert np.isnan(inv.national[j]).all()


def test_sourced_zero_is_zero(inv) -> None:
    r = registry().index["GBR"]
    assert inv.national[r, CAPABILITY_CLASSES.index("aewc")] == 0.0
    assert inv.known()[r, CAPABILITY_CLASSES.index("aewc")]


def test_pool_attribution_hand_checked(inv) -> None:
    # MMF: 8 aircraft shared by flight hours NLD 2000, DEU 5500, BEL 1000, LUX 200, NOR 100,
    # CZE 100 (total 8,900 h): Germany 8 * 5500/8900 = 4.9438..., Czechia 8 * 100/8900.
    k = CAPABILITY_CLASSES.index("tanker")
    idx = registry().index
    assert inv.pooled[idx["DEU"], k] == pytest.approx(8 * 5500 / 8900)
    assert inv.pooled[idx["CZE"], k] == pytest.approx(8 * 100 / 8900)
    assert inv.pooled[idx["FRA"], k] == 0.0
    assert inv.pooled[:, k].sum() == pytest.approx(8.0)
    # Netherlands: sourced national 0 plus its MMF share.
    assert inv.total()[idx["NLD"], k] == pytest.approx(8 * 2000 / 8900)
    # SAC: 3 C-17s split by the 3,165 flight hours a year: Sweden 550 (sourced since the 2026-12
    # merge; the earlier equal split gave 0.25), the seven members without a published split
    # share the remaining 615 equally.
    a = CAPABILITY_CLASSES.index("strategic_airlift")
    assert inv.pooled[idx["SWE"], a] == pytest.approx(3 * 550 / 3165)
    assert inv.pooled[idx["USA"], a] == pytest.approx(3 * 1000 / 3165)
    assert inv.pooled[idx["POL"], a] == pytest.approx(3 * (615 / 7) / 3165, rel=1e-4)
    assert inv.pooled[:, a].sum() == pytest.approx(3.0)


def test_record_and_frame(inv) -> None:
    rec = inv.record("GBR", "combat_aircraft")
    assert rec is not None and rec.value == 172
    assert inv.record("CHE", "tanker") is None
    f = inv.frame()
    assert list(f.columns) == [
        "iso3", "class", "national", "pooled", "unit", "source", "locator", "vintage", "note",
    ]
    assert len(f) == len(inv.codes) * len(inv.classes)
    row = f[(f.iso3 == "NOR") & (f["class"] == "combat_aircraft")].iloc[0]
    assert row.national == 52 and row.source == "aft_norway_f35_2025"


def test_bundled_is_cached() -> None:
    assert load_inventory() is load_inventory()


def test_arrays_are_read_only(inv) -> None:
    with pytest.raises(ValueError):
        inv.national[0, 0] = 1.0


GOOD_RECORD = (
    "{value: 10, unit: aircraft, source: bbc_voyager_2011, locator: p. 1, vintage: '2024'}"
)

BROKEN = {
    "unknown_class": (
        f"inventories:\n  GBR:\n    fighters: {GOOD_RECORD}\n",
        ["unknown capability class", "inventories.GBR.fighters", "'fighters'", "combat_aircraft"],
    ),
    "negative_count": (
        "inventories:\n  GBR:\n    tanker: {value: -3, unit: aircraft, source: bbc_voyager_2011,"
        " vintage: '2024'}\n",
        ["inventories.GBR.tanker.value", "-3", ">= 0"],
    ),
    "unknown_country": (
        f"inventories:\n  XXX:\n    tanker: {GOOD_RECORD}\n",
        ["unknown country code", "inventories.XXX", "'XXX'"],
    ),
    "unit_mismatch": (
        "inventories:\n  GBR:\n    long_range_sam: {value: 2, unit: aircraft,"
        " source: bbc_voyager_2011, locator: p. 1, vintage: '2024'}\n",
        ["unit does not match", "inventories.GBR.long_range_sam.unit", "batteries"],
    ),
    "unknown_source": (
        "inventories:\n  GBR:\n    tanker: {value: 2, unit: aircraft, source: nowhere,"
        " vintage: '2024'}\n",
        ["unknown source id", "inventories.GBR.tanker.source", "'nowhere'"],
    ),
    "unknown_key": (
        "inventories:\n  GBR:\n    tanker: {value: 2, unit: aircraft, source: bbc_voyager_2011,"
        " vintage: '2024', colour: red}\n",
        ["unknown key 'colour'", "inventories.GBR.tanker.colour"],
    ),
    "pool_member_unknown": (
        "pools:\n  - id: p\n    name: P\n    class: tanker\n    size: " + GOOD_RECORD + "\n"
        "    members: [GBR, ZZZ]\n    members_source: bbc_voyager_2011\n"
        "    members_vintage: '2024'\n    shares: equal\n    shares_derivation: equal split\n",
        ["unknown country code", "pools[0].members[1]", "'ZZZ'"],
    ),
    "pool_shares_mismatch": (
        "pools:\n  - id: p\n    name: P\n    class: tanker\n    size: " + GOOD_RECORD + "\n"
        "    members: [GBR, FRA]\n    members_source: bbc_voyager_2011\n"
        "    members_vintage: '2024'\n    shares: {GBR: 1}\n    shares_source: bbc_voyager_2011\n"
        "    shares_derivation: hours\n",
        ["share weights must name exactly", "pools[0].shares"],
    ),
    "by_type_does_not_add_up": (
        "inventories:\n  GBR:\n    tanker: {value: 10, unit: aircraft, source: bbc_voyager_2011,"
        " locator: p. 1, vintage: '2024', by_type: {A330: 8}}\n",
        ["by_type adds up to 8, not the value 10", "inventories.GBR.tanker"],
    ),
    "figure_without_locator": (
        "inventories:\n  GBR:\n    tanker: {value: 10, unit: aircraft, source: bbc_voyager_2011,"
        " vintage: '2024'}\n",
        ["a figure needs locator", "inventories.GBR.tanker"],
    ),
    "unknown_without_note": (
        "inventories:\n  GBR:\n    tanker: {value: null, unit: aircraft, searched: '2026-12-02'}\n",
        ["needs a note", "inventories.GBR.tanker"],
    ),
    "unknown_not_searched": (
        "inventories:\n  GBR:\n    tanker: {value: null, unit: aircraft, note: tried}\n",
        ["needs 'searched'", "inventories.GBR.tanker"],
    ),
    "classes_changed": (
        "classes:\n  tanker: {unit: aircraft, meaning: x}\n",
        ["differ from the bundled vocabulary", "classes"],
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gives_located_error(tmp_path: Path, name: str) -> None:
    text, expected = BROKEN[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_inventory(path)
    msg = str(info.value)
    assert str(path) in msg
    assert ":" in msg.split(str(path), 1)[1][:6], f"no line number in {msg!r}"
    for part in expected:
        assert part in msg, f"{part!r} not in {msg!r}"


def test_user_file_without_classes_uses_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(f"inventories:\n  ITA:\n    tanker: {GOOD_RECORD}\n", encoding="utf-8")
    mine = load_inventory(path)
    assert mine.classes == CAPABILITY_CLASSES
    assert mine.national[registry().index["ITA"], 1] == 10
    assert np.isnan(mine.national[registry().index["GBR"], 0])
