"""Contribution positions: validation, the as-of rule (hand-worked), and the bundled ledger."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from guarantor.data.contributions import (
    MISSIONS,
    coverage,
    load_contributions,
    parse_contributions,
)
from guarantor.data.sources import source_catalogue
from guarantor.errors import LedgerError
from guarantor.politics.ledger import load_ledger

SRC = "report_003"  # a source id of the bundled catalogue

STATED = """
  - id: {id}
    actor: {actor}
    mission: land_in_protected_state
    stance: {stance}
    speaker: {speaker}
    date: "{date}"
    quote: "{quote}"
    quote_kind: {kind}
    source: report_003
"""


def _ledger(*entries: str):
    return parse_contributions([("entries:\n" + "".join(entries), "toy.yaml")])


def _stated(id, actor="GBR", stance="will_contribute", date="2025-03-02", quote="We will.",
            kind="direct", speaker="Keir Starmer", extra=""):
    return STATED.format(id=id, actor=actor, stance=stance, date=date, quote=quote, kind=kind,
                         speaker=speaker) + textwrap.indent(extra, "    ")


NONE_FOUND = """
  - id: gbr_none
    actor: GBR
    mission: land_in_protected_state
    stance: no_stated_position
    searched: "2026-12-01"
    queries: ["UK troops Ukraine"]
    note: no public position found as of 2026-12-01
"""


def test_as_of_picks_the_latest_statement_made_by_then():
    led = _ledger(_stated("a", date="2025-03-02"),
                  _stated("b", stance="will_not", date="2025-06-01", quote="We will not."))
    assert led.latest("ukraine", date(2025, 5, 31))[("GBR", "land_in_protected_state")].id == "a"
    assert led.latest("ukraine", date(2025, 6, 1))[("GBR", "land_in_protected_state")].id == "b"
    assert ("GBR", "land_in_protected_state") not in led.latest("ukraine", date(2025, 3, 1))


def test_month_precision_takes_effect_at_month_end():
    led = _ledger(_stated("a", date="2025-03-02"),
                  _stated("b", stance="will_not", date="2025-04", quote="We will not."))
    assert led.latest("ukraine", date(2025, 4, 29))[("GBR", "land_in_protected_state")].id == "a"
    assert led.latest("ukraine", date(2025, 4, 30))[("GBR", "land_in_protected_state")].id == "b"


def test_same_day_direct_quote_outranks_reported():
    led = _ledger(_stated("direct", kind="direct"),
                  _stated("reported", kind="reported", stance="will_not", quote="He said no."))
    assert led.latest("ukraine")[("GBR", "land_in_protected_state")].id == "direct"


def test_a_statement_outranks_a_recorded_absence_whatever_the_dates():
    led = _ledger(NONE_FOUND, _stated("a", date="2025-03-02"))
    assert led.latest("ukraine", date(2026, 12, 2))[("GBR", "land_in_protected_state")].id == "a"
    # before the statement, the recorded search is what holds
    before = led.latest("ukraine", date(2025, 1, 1))[("GBR", "land_in_protected_state")]
    assert before.id == "gbr_none" and before.stance == "no_stated_position"


def test_cases_stay_apart():
    led = _ledger(_stated("a"), _stated("m", extra="case: moldova\n", stance="will_not",
                                        quote="No."))
    assert led.latest("ukraine")[("GBR", "land_in_protected_state")].id == "a"
    assert led.latest("moldova")[("GBR", "land_in_protected_state")].id == "m"


@pytest.mark.parametrize(("extra", "stance", "message"), [
    ("", "conditional", "`condition` is required"),
    ("condition: ceasefire\n", "will_not", "`condition` is required"),
    ("quantity: 5000\n", "will_contribute", "`quantity` and `unit` go together"),
    ("quantity: 5000\nunit: persons\n", "will_not", "carries no pledged quantity"),
    ("quantity: .nan\nunit: persons\n", "will_contribute", "finite number"),
])
def test_inconsistent_entries_are_rejected_with_the_file_and_key(extra, stance, message):
    with pytest.raises(LedgerError) as err:
        _ledger(_stated("x", stance=stance, extra=extra))
    assert message in str(err.value) and "toy.yaml" in str(err.value)


def test_a_speaker_must_speak_for_the_actor():
    with pytest.raises(LedgerError, match="speaks for FRA, not GBR"):
        _ledger(_stated("x", speaker="Emmanuel Macron"))


def test_a_two_sentence_quote_is_rejected():
    with pytest.raises(LedgerError, match="more than one sentence"):
        _ledger(_stated("x", quote="We will. Of course we will."))


def test_no_stated_position_needs_the_search_it_rests_on():
    with pytest.raises(LedgerError, match="`searched`"):
        _ledger(NONE_FOUND.replace('    searched: "2026-12-01"\n', ""))


# --- the bundled ledger ------------------------------------------------------------------------

def test_bundled_ledger_size_and_breadth():
    contrib = load_contributions()
    statements = load_ledger()
    assert len(contrib) + len(statements) >= 200
    countries = {e.actor for e in contrib.entries
                 if e.stated and e.case == "ukraine" and len(e.actor) == 3 and e.actor.isupper()
                 and e.actor not in ("USA",)}
    assert len(countries) >= 30


def test_every_stated_entry_has_a_source_with_a_public_url():
    cat = source_catalogue()
    for e in load_contributions().entries:
        if e.stated:
            assert cat[e.source].url.startswith(("https://", "http://")), e.id


def test_every_participant_of_aug2025_has_a_land_position():
    from guarantor.scenario import load_scenario

    codes = load_scenario("aug2025").participant_codes()
    rows = coverage(load_contributions(), codes, missions=("land_in_protected_state",))
    assert [r["country"] for r in rows if r["stance"] is None] == []


def test_published_record_of_late_2025():
    """The statements the issue names: Italy and Poland ruled troops in Ukraine out, Germany
    would contribute from neighbouring territory (as of the Paris declaration, 6 January 2026)."""
    latest = load_contributions().latest("ukraine", date(2026, 1, 10))
    land = {iso: latest[(iso, "land_in_protected_state")].stance for iso in
            ("ITA", "POL", "DEU", "JPN")}
    assert land == {"ITA": "will_not", "POL": "only_outside", "DEU": "only_outside",
                    "JPN": "will_not"}
    assert latest[("GBR", "land_in_protected_state")].stance in ("will_contribute", "conditional")
    assert latest[("FRA", "land_in_protected_state")].stance in ("will_contribute", "conditional")


def test_missions_vocabulary_is_the_one_the_model_uses():
    from guarantor.data.contributions import ContributionEntry

    assert set(ContributionEntry.model_fields["mission"].annotation.__args__) == set(MISSIONS)


def test_every_statement_of_the_positions_ledger_has_a_public_url_and_its_actors_speaker():
    from guarantor.data.actors import actors

    cat, speakers = source_catalogue(), actors().speakers
    for e in load_ledger().entries:
        assert cat[e.source].url.startswith(("https://", "http://")), e.id
        assert speakers[e.speaker].actor == e.actor, e.id


def test_weimar_statement_is_not_given_to_tajani():
    """Audit fix: Italy co-signed the Weimar+ statement of 12 February 2025, but its foreign
    minister did not attend; the entry names the government, not Antonio Tajani."""
    entry = next(e for e in load_ledger().entries if e.id == "weimar_2025_02_12_ita")
    assert entry.speaker == "Government of Italy"
