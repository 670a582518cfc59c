"""Parameters and US postures: sourced records, located override errors, ordered postures."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest

from guarantor.data.params import (
    POSTURE_CLASSES,
    US_POSTURES,
    load_parameters,
    load_postures,
)
from guarantor.data.sources import source_catalogue
from guarantor.errors import ScenarioError
from guarantor.units import UNITS

#: Names the engine reads; they must stay.
ENGINE_NAMES = [
    "forces.land_share",
    "forces.deployable_share",
    "forces.sustainable_share",
    "forces.rotation_ratio",
    "costs.soldier_year_eur",
    *[f"costs.flight_hour_eur.{k}" for k in ("combat_aircraft", "tanker", "aewc", "isr",
                                             "strategic_airlift")],
    "costs.battery_year_eur.long_range_sam",
    "costs.radar_year_eur.ground_radar",
    *[f"air.availability.{k}" for k in POSTURE_CLASSES],
    *[f"air.flight_hours_per_year.{k}" for k in ("combat_aircraft", "tanker", "aewc", "isr",
                                                 "strategic_airlift")],
    "air.station.aircraft_per_station",
    "air.station.time_on_station_hours",
    "economy.gdp_growth_nominal",
    "aid.reference_start_year",
    "aid.reference_end_year",
]


@pytest.fixture(scope="module")
def params():
    return load_parameters()


def test_engine_names_present(params):
    missing = [n for n in ENGINE_NAMES if n not in params.names()]
    assert not missing


def test_every_record_sourced(params):
    catalogue = source_catalogue()
    for name in params.names():
        rec = params.record(name)
        assert rec.source in catalogue, name
        assert rec.unit in UNITS, name
        assert rec.vintage and len(rec.vintage) >= 4, name
        # an unsourced value must say why; a judgement must give its reasoning
        if rec.value is None or rec.judgement:
            assert rec.note or rec.derivation, name
        for iso, c in getattr(rec, "by_country", {}).items():
            assert c.source in catalogue and c.vintage, (name, iso)


def test_shares_within_bounds(params):
    for name in params.names():
        rec = params.record(name)
        if rec.unit == "share":
            vals = [rec.value, *(c.value for c in rec.by_country.values())]
            assert all(v is None or 0.0 <= v <= 1.0 for v in vals), name
        if name.endswith("_share"):
            assert rec.unit == "share", name


def test_unsourced_is_nan_not_zero(params):
    # (time on station, the example until 2026-12, is now a labelled assumption lever; the
    # tanker and AEW&C cost per hour and the radar cost per year, later examples, are sourced)
    assert math.isnan(params.value("air.flight_hours_per_year.aewc"))
    assert params.record("air.flight_hours_per_year.aewc").value is None


def test_aewc_cost_per_hour_is_the_nato_budget_over_its_hours(params):
    # EUR 250 million a year / 4,300 planned hours (Aviation Week, December 2014) = 58,139.5,
    # rounded to the euro; a judgement, euros at 2014 prices (no exchange rate)
    rec = params.record("costs.flight_hour_eur.aewc")
    assert rec.value == round(250_000_000 / 4_300) == 58_140
    assert rec.price_year == 2014 and rec.judgement
    assert rec.source == "par_aviationweek_nato_awacs_2014"


def test_radar_cost_per_year_is_the_uk_contract_per_site_year(params):
    # GBP 32 million / (5 years x 5 radar sites) / 0.86979 GBP per EUR (ECB 2023 mean)
    rec = params.record("costs.radar_year_eur.ground_radar")
    assert rec.value == round(32_000_000 / 25 / 0.86979) == 1_471_620
    assert rec.unit == "EUR_per_radar_year" and rec.price_year == 2023 and rec.judgement


def test_assumptions_are_labelled(params):
    # every air-operation lever that no source gives says so in its note
    for name in params.names():
        if name.startswith("air.station."):
            rec = params.record(name)
            assert (rec.judgement and "ASSUMED" in (rec.note or "")
                    or rec.source != "par_unsourced"), name


def test_by_country_broadcast(params):
    out = params.by_country("forces.land_share", ("GBR", "DEU", "FRA"))
    assert out.shape == (3,)
    assert out[0] == pytest.approx(0.56)
    assert out[1] == pytest.approx(0.3378)
    assert out[2] == pytest.approx(params.value("forces.land_share"))


def test_uncertain_specs(params):
    u = params.uncertain()
    assert "costs.soldier_year_eur" in u
    tri = u["costs.soldier_year_eur"]
    assert tri.low <= params.value("costs.soldier_year_eur") <= tri.high


def test_overrides_do_not_mutate(params):
    q = params.with_overrides({"forces.land_share": 0.5, "forces.rotation_ratio": 4})
    assert q.value("forces.land_share") == 0.5
    assert params.value("forces.land_share") == pytest.approx(0.449)
    # an override replaces per-country values too, and drops the uncertainty spec
    assert np.all(q.by_country("forces.land_share", ("GBR", "DEU")) == 0.5)
    assert "forces.land_share" not in q.uncertain()
    assert dict(q.overrides) == {"forces.land_share": 0.5, "forces.rotation_ratio": 4.0}
    with pytest.raises(AttributeError):
        params.x = 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"forces.land_shares": 0.5}, "unknown parameter; at parameters.forces.land_shares"),
        ({"forces.deployable_share": 1.5}, "parameter override out of range"),
        ({"forces.deployable_share": -0.1}, "fraction in 0..1"),
        ({"costs.soldier_year_eur": -5}, "a number >= 0"),
        ({"forces.rotation_ratio": "five"}, "parameter override must be a number"),
        ({"forces.rotation_ratio": True}, "parameter override must be a number"),
    ],
)
def test_override_errors_are_located(params, overrides, message):
    with pytest.raises(ScenarioError) as exc:
        params.with_overrides(overrides, file="scen.yaml")
    text = str(exc.value)
    assert text.startswith("scen.yaml: ")
    assert message in text


def test_all_overrides_checked_before_any_applied(params):
    with pytest.raises(ScenarioError):
        params.with_overrides({"forces.land_share": 0.3, "nope.nope": 1.0})
    assert params.value("forces.land_share") == pytest.approx(0.449)
    assert not params.overrides


def test_unknown_name_lists_close_names(params):
    with pytest.raises(ScenarioError) as exc:
        params.value("forces.deployable_shar")
    assert "forces.deployable_share" in str(exc.value)


# ----------------------------------------------------------------------------- postures


def test_postures_complete():
    ps = load_postures()
    assert tuple(ps) == US_POSTURES
    for p in ps.values():
        assert set(p.supplies) == set(POSTURE_CLASSES)
        assert p.judgement and p.rationale and p.sources
        assert all(s in source_catalogue() for s in p.sources)
    assert ps["full"].aid_share == "historical"


def test_postures_monotone():
    ps = load_postures()
    for lo, hi in zip(US_POSTURES, US_POSTURES[1:], strict=False):
        for k in POSTURE_CLASSES:
            assert ps[lo].supplies[k] <= ps[hi].supplies[k], (lo, hi, k)

    def share(p):  # 'historical' is the largest US share
        return 1.0 if p.aid_share == "historical" else p.aid_share

    assert [share(ps[n]) for n in US_POSTURES] == sorted(share(ps[n]) for n in US_POSTURES)
    assert ps["none"].supplies == dict.fromkeys(POSTURE_CLASSES, 0.0)


# ----------------------------------------------------------------------- broken fixtures

_GOOD = """\
parameters:
  forces.deployable_share:
    value: 0.4
    unit: share
    source: report_000
    vintage: "2004"
"""

BROKEN_PARAMS = {
    "unknown_key": (
        _GOOD + "    colour: red\n",
        "broken.yaml:7: unknown key 'colour'; at parameters.forces.deployable_share.colour",
    ),
    "share_over_one": (
        _GOOD.replace("value: 0.4", "value: 40"),
        "value 40.0 not allowed for unit share: must be a fraction in 0..1",
    ),
    "unknown_unit": (
        _GOOD.replace("unit: share", "unit: percent"),
        "unknown unit 'percent'",
    ),
    "unknown_source": (
        _GOOD.replace("source: report_000", "source: nowhere"),
        "unknown source id 'nowhere'",
    ),
    "negative_count": (
        _GOOD.replace("forces.deployable_share", "air.station.aircraft_per_station")
        .replace("value: 0.4", "value: -2")
        .replace("unit: share", "unit: aircraft"),
        "value -2.0 not allowed for unit aircraft: must be a number >= 0",
    ),
    "share_name_wrong_unit": (
        _GOOD.replace("unit: share", "unit: ratio"),
        "ends in _share but its unit is 'ratio'",
    ),
    "bad_name": (
        _GOOD.replace("forces.deployable_share", "Deployable"),
        "is not a dotted lower-case name",
    ),
    "duplicate_key": (
        _GOOD + _GOOD.split("\n", 1)[1],
        "broken.yaml:7: duplicate key; got 'forces.deployable_share'",
    ),
    "unknown_country": (
        _GOOD + "    by_country:\n      XXX: {value: 0.5, unit: share, source: report_000,"
        " vintage: '2024'}\n",
        "unknown country code 'XXX' in by_country",
    ),
    "bad_uncertainty": (
        _GOOD + "    uncertainty: {dist: triangular, low: 0.5, mode: 0.4, high: 0.6}\n",
        "triangular needs low <= mode <= high",
    ),
    "uncertainty_outside_share": (
        _GOOD + "    uncertainty: {dist: uniform, low: 0.2, high: 1.5}\n",
        "uncertainty high=1.5 outside 0..1",
    ),
    "cost_without_price_year": (
        _GOOD.replace("forces.deployable_share", "costs.soldier_year_eur")
        .replace("value: 0.4", "value: 166667")
        .replace("unit: share", "unit: EUR_per_person_year"),
        "a cost in EUR_per_person_year needs price_year",
    ),
    "cost_price_year_out_of_range": (
        _GOOD.replace("forces.deployable_share", "costs.soldier_year_eur")
        .replace("value: 0.4", "value: 166667")
        .replace("unit: share", "unit: EUR_per_person_year") + "    price_year: 24\n",
        "price_year 24 not allowed",
    ),
    "missing_vintage": (
        _GOOD.replace('    vintage: "2004"\n', ""),
        "Field required; at parameters.forces.deployable_share.vintage",
    ),
}


def test_every_cost_parameter_names_currency_and_price_year(params):
    """Walks every parameter (and per-country record): a cost names its currency in its unit
    and the year of its prices; never skips, fails on the first missing base year."""
    from guarantor.data.params import COST_UNITS

    costs = {}
    for name in params.names():
        rec = params.record(name)
        recs = [(name, rec)] + [(f"{name}.{c}", r) for c, r in rec.by_country.items()]
        for key, r in recs:
            if r.unit in COST_UNITS:
                assert r.unit.startswith(("EUR_per_", "USD_per_")), key
                assert r.price_year is not None, f"{key}: no price_year"
                costs[key] = r.price_year
    # the bundled costs and their price bases: a Patriot battery at 2011-12 prices is no longer
    # summed with 2024 personnel costs as if both were "EUR_current"
    assert costs["costs.soldier_year_eur"] == 2024
    assert costs["costs.battery_year_eur.long_range_sam"] == 2012
    assert costs["costs.flight_hour_eur.combat_aircraft"] == 2025
    assert len(costs) == 8


@pytest.mark.parametrize("case", sorted(BROKEN_PARAMS))
def test_broken_parameter_files(tmp_path, case):
    text, message = BROKEN_PARAMS[case]
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_parameters(path)
    shown = str(exc.value).replace(str(tmp_path) + "/", "")
    assert message in shown, shown


def _postures_text(**changes: str) -> str:
    body = []
    for name in US_POSTURES:
        block = textwrap.dedent(
            f"""\
              {name}:
                description: d
                supplies: {{combat_aircraft: 0, tanker: 0, aewc: 0, ground_radar: 0,
                           long_range_sam: 0, isr: 0, strategic_airlift: 0}}
                aid_share: 0.0
                rationale: r
                sources: [report_001]
            """
        )
        body.append(textwrap.indent(changes.get(name, block), "  "))
    return "postures:\n" + "".join(body)


BROKEN_POSTURES = {
    "unknown_posture": (
        _postures_text().replace("  full:", "  total:"),
        "unknown posture 'total'; allowed: none, intelligence, enablers, full",
    ),
    "negative_supply": (
        _postures_text().replace("isr: 0, strategic", "isr: -1, strategic", 1),
        "supplies.isr = -1.0: counts must be finite and >= 0",
    ),
    "unknown_class": (
        _postures_text().replace("tanker: 0,", "tankers: 0,", 1),
        "unknown capability class 'tankers'",
    ),
    "aid_share_out_of_range": (
        _postures_text().replace("aid_share: 0.0", "aid_share: 2", 1),
        "aid_share 2.0 outside 0..1 (or write 'historical')",
    ),
    "unknown_source": (
        _postures_text().replace("[report_001]", "[nowhere]", 1),
        "unknown source id 'nowhere'",
    ),
    "unknown_key": (
        _postures_text().replace("rationale: r", "rationale: r\n    colour: red", 1),
        "unknown key 'colour'; at postures.none.colour",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_POSTURES))
def test_broken_posture_files(tmp_path, case):
    text, message = BROKEN_POSTURES[case]
    path = tmp_path / "postures.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_postures(path)
    assert message in str(exc.value), str(exc.value)


def test_good_posture_fixture_loads(tmp_path):
    path = tmp_path / "postures.yaml"
    path.write_text(_postures_text(), encoding="utf-8")
    assert set(load_postures(path)) == set(US_POSTURES)


def test_bundled_loaders_read_once():
    assert load_parameters() is load_parameters()
    assert load_postures() == load_postures()
    assert load_postures() is not load_postures()  # callers get their own dict


def test_a_parameter_set_survives_pickling() -> None:
    """The compiled data cache stores the bundled set pickled; overrides and values survive."""
    import pickle

    p = load_parameters().with_overrides({"forces.land_share": 0.5})
    back = pickle.loads(pickle.dumps(p))
    assert back.names() == p.names()
    assert back.value("forces.land_share") == 0.5
    assert dict(back.overrides) == {"forces.land_share": 0.5}
    assert back.source == p.source
    assert [back.record(n) for n in back.names()] == [p.record(n) for n in p.names()]
