"""Reproductions of published figures, each with its citation and tolerance.

These pin the bundled data and the engine's arithmetic to what the publishers themselves report;
a drift (a new data release, a bug in a loader or in the aid split) shows up here first.
"""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.data.countries import registry
from guarantor.data.dataset import load_dataset
from guarantor.data.sources import source_catalogue
from guarantor.engine import evaluate
from guarantor.scenario import load_scenario


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def _years(data, y0: int, y1: int) -> np.ndarray:
    return (data.years >= y0) & (data.years <= y1)


def test_us_share_of_2024_military_aid_bruegel_kiel() -> None:
    """Bruegel and Kiel Institute, "Defending Europe without the US: first estimates of what is
    needed", 21 Feb 2025: in 2024 the US gave EUR 20 bn of EUR 42 bn of military aid.

    Reproduced through the engine: the 2024 baseline with the aid reference period set to 2024
    alone, US posture ``full`` (its historical share). Tolerance: 5% on the total (Kiel revises
    earlier months with each release; we use Release 29 and registry donors only) and 0.03 on the
    share.
    """
    assert "par_bruegel_kiel_2025_02" in source_catalogue()
    s = load_scenario("baseline_2024", overrides={
        "parameters": {"aid.reference_start_year": 2024, "aid.reference_end_year": 2024}})
    m = evaluate(s).summary()
    assert m["aid_required_eur"] == pytest.approx(42e9, rel=0.05)
    assert m["aid_us_eur"] / m["aid_required_eur"] == pytest.approx(20 / 42, abs=0.03)


def test_us_aid_to_replace_kiel_policy_brief_186(data) -> None:
    """Kiel Policy Brief 186 (March 2025): replacing US aid flows takes Europe from EUR 44 bn to
    EUR 82 bn a year, i.e. the US gave about EUR 38 bn a year (all kinds, 2022-2024).

    Tolerance 5% (release revisions)."""
    assert "kiel_pb186_2025_03" in source_catalogue()
    usa = data.index("USA")
    per_year = np.nansum(data.aid_totals_eur("all")[usa, _years(data, 2022, 2024)]) / 3
    assert per_year == pytest.approx(82e9 - 44e9, rel=0.05)


def test_european_governments_aid_kiel_policy_brief_186(data) -> None:
    """Same brief: EUR 44 bn a year from Europe, of which EUR 16 bn from EU institutions, so
    about EUR 28 bn from European governments. Our registry has no EU-institutions donor; the sum
    over European states must be within 10% of EUR 28 bn."""
    europe = [registry().index[c] for c in registry().group("europe") + ("CHE",)]
    per_year = np.nansum(data.aid_totals_eur("all")[europe][:, _years(data, 2022, 2024)]) / 3
    assert per_year == pytest.approx(44e9 - 16e9, rel=0.10)


def test_nato_2024_allies_at_two_percent(data) -> None:
    """NATO, 17 June 2024: 23 Allies expected to meet the 2% guideline in 2024 (estimates).

    Exact count from TABLE3 of the bundled NATO tables."""
    assert "nato_pr_2024_06_17" in source_catalogue()
    share = data.values("milex_gdp_share_nato")[:, list(data.years).index(2024)]
    assert int(np.sum(share >= 0.02)) == 23


def test_replacing_us_military_aid_costs_a_tenth_of_a_percent_of_gdp() -> None:
    """What replacing US military aid would cost the coalition (engine): the US average annual
    military aid 2022-24, shared by GDP, is about 0.1% of the participants' GDP — the order of
    magnitude Kiel reports for the whole European aid effort (Policy Brief 186: 0.1% of GDP now,
    0.21% to replace all US aid). Tolerance: between 0.05% and 0.15% of GDP."""
    s = load_scenario("feb2025", overrides={
        "missions.military_aid.replace_us_share": True, "missions.reassurance_force.troops": 0})
    m = evaluate(s).summary()
    assert 0.0005 <= m["cost_gdp_share_participants"] <= 0.0015
