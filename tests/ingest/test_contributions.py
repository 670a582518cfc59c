"""Contribution positions from statements: mission, stance, condition, quantity and unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from guarantor.data.contributions import CONDITIONS, MISSIONS, QUANTITY_UNITS
from guarantor.ingest import ingest_text
from guarantor.ingest.contributions import MISSION_CUES, quantities, stance_of_clause


def found(text: str) -> list[tuple[str | None, str, str, str | None, float | None, str | None]]:
    art = ingest_text(text, date="2025-03-01")
    return [(c.actor, c.mission, c.stance, c.condition, c.quantity, c.unit)
            for c in art.contributions]


def test_vocabularies_are_the_ledgers() -> None:
    assert set(MISSION_CUES) | {"forces_in_neighbouring_states"} == set(MISSIONS)
    from guarantor.ingest.contributions import CONDITION_CUES
    assert {c for c, _ in CONDITION_CUES} <= set(CONDITIONS)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("up to 10,000 troops", 10000.0, "persons"),
        ("some 2.5 thousand soldiers", 2500.0, "persons"),
        ("two Patriot batteries", 2.0, "batteries"),
        ("six F-16s", 6.0, "aircraft"),
        ("twelve Rafale fighter jets", 12.0, "aircraft"),
        ("three frigates", 3.0, "ships"),
        ("€1.5 billion", 1.5e9, "EUR"),
        ("500 million euros", 5e8, "EUR"),
        ("$300m", 3e8, "USD"),
        # The model number is no count; singular units; strength of a formed unit.
        ("six F-16 fighter jets", 6.0, "aircraft"),
        ("one frigate", 1.0, "ships"),
        ("a 4,000-strong brigade", 4000.0, "persons"),
        ("a contingent of 1,500, officials said", 1500.0, "persons"),
        ("a brigade of 5,000 troops", 5000.0, "persons"),
    ],
)
def test_quantities_and_units(text: str, value: float, unit: str) -> None:
    got = quantities(f"The government will provide {text} next year.")
    assert [(q.value, q.unit) for q in got] == [(value, unit)]
    assert unit in QUANTITY_UNITS


def test_a_vague_count_is_no_quantity() -> None:
    assert quantities("several hundred troops and a few dozen jets") == []


def test_no_invented_numbers() -> None:
    # Vague amounts are not quantities; "a force" is not one person.
    assert quantities("several thousand troops and a force of peacekeepers") == []


def test_quantity_goes_into_the_draft() -> None:
    art = ingest_text("Keir Starmer said Britain was ready to send up to 10,000 troops to "
                      "Ukraine if a ceasefire is agreed.", date="2025-03-15")
    [d] = art.contribution_drafts()
    assert d["ledger"] == "contributions" and d["reviewed"] is False
    assert (d["actor"], d["mission"], d["stance"], d["condition"]) == (
        "GBR", "land_in_protected_state", "conditional", "ceasefire")
    assert (d["quantity"], d["unit"]) == (10000, "persons")
    assert "up to 10,000 troops" in d["quantity_note"]
    assert d["source"] is None  # the reviewer names the registered source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Italy will not deploy troops to Ukraine,” Giorgia Meloni said, adding that Italy is "
         "ready to help train Ukrainian soldiers outside the country.",
         {("ITA", "land_in_protected_state", "will_not", None, None, None),
          ("ITA", "training", "will_contribute", None, None, None)}),
        ("Emmanuel Macron said France could send troops and Rafale jets, but only if the "
         "United States provides a backstop.",
         {("FRA", "land_in_protected_state", "conditional", "us_backstop", None, None),
          ("FRA", "air_shield_aircraft", "conditional", "us_backstop", None, None)}),
        ("Poland will not send soldiers to Ukraine, Donald Tusk said.",
         {("POL", "land_in_protected_state", "will_not", None, None, None)}),
        ("Mark Carney said Canada will contribute two frigates to the maritime mission.",
         {("CAN", "maritime", "will_contribute", None, 2.0, "ships")}),
        ("German Chancellor Friedrich Merz said Germany would provide €9 billion in military "
         "aid next year.",
         {("DEU", "military_aid", "will_contribute", None, 9e9, "EUR")}),
        ("Keir Starmer said the UK would not rule out sending troops.",
         {("GBR", "land_in_protected_state", "conditional", "other", None, None)}),
        ("Emmanuel Macron said that 26 nations are ready to take part in an international "
         "force, in the event of a peace deal with Russia.",
         {("COALITION", "land_in_protected_state", "conditional", "peace_agreement", None,
           None)}),
        ("Emmanuel Macron said that the force does not have the objective of waging war against "
         "Russia.", set()),
        ("JD Vance said investment is a better guarantee than 20,000 troops from some random "
         "country.", set()),
        ("Volodymyr Zelensky said Ukraine needs 200,000 troops.", set()),
        ("Russian troops shelled Kharkiv overnight, Keir Starmer said.", set()),
        # "fundamentally" is no funding; a military presence is troops.
        ("Mette Frederiksen said Denmark is fundamentally ready to take part in a military "
         "presence in Ukraine.",
         {("DNK", "land_in_protected_state", "will_contribute", None, None, None)}),
        ("Emmanuel Macron clarified that the force doesn't intend to wage war against Russia.",
         set()),
        ("Ulf Kristersson acknowledged that Sweden may be part of such a deployment.",
         {("SWE", "land_in_protected_state", "conditional", "other", None, None)}),
        ("Recently, Keir Starmer reaffirmed that the UK is prepared to send troops if required.",
         {("GBR", "land_in_protected_state", "conditional", "other", None, None)}),
    ],
)
def test_mission_stance_condition(text: str, expected: set[tuple[object, ...]]) -> None:
    assert set(found(text)) == expected


@pytest.mark.parametrize(
    ("clause", "stance", "condition"),
    [
        ("we will send troops only if there is a US backstop", "conditional", "us_backstop"),
        ("troops would follow a peace agreement, if one is signed", "conditional",
         "peace_agreement"),
        ("deployment needs approval of the Bundestag, if it comes", "conditional",
         "parliamentary_approval"),
        ("Germany would consider sending troops", "conditional", "other"),
        ("we are not going to send troops", "will_not", None),
        ("troops only outside Ukraine, in Poland", "only_outside", None),
        ("we will send 5,000 troops", "will_contribute", None),
        # The condition is what the conditional phrase says, not a deal named before it.
        ("we are ready to deploy troops to enforce the peace agreement if necessary",
         "conditional", "other"),
        ("troops would deploy, contingent upon a ceasefire", "conditional", "ceasefire"),
        ("we will send troops unless there is no truce", "conditional", "ceasefire"),
        # Undecided, or only potentially: an open position, not an offer.
        ("we have not made a decision on any deployment of troops", "conditional", "other"),
        ("the government has yet to take a decision on sending troops", "conditional", "other"),
        ("leaders will discuss potentially sending peacekeepers", "conditional", "other"),
        # What the force is for is no condition; a refusal with an exception is one.
        ("Britain would send troops to monitor a ceasefire", "will_contribute", None),
        ("we will send troops as a guarantee of any peace deal", "will_contribute", None),
        ("we will not send troops unless the US provides a backstop", "conditional",
         "us_backstop"),
        ("we will not deploy troops without a UN mandate", "conditional", "un_mandate"),
        ("we will send troops only with American air cover", "conditional", "us_backstop"),
        ("Finland is unlikely to send troops", "will_not", None),
    ],
)
def test_stance_of_clause(clause: str, stance: str, condition: str | None) -> None:
    got = stance_of_clause(clause, "land_in_protected_state")
    assert got[:2] == (stance, condition)


def test_neighbouring_states() -> None:
    got = found("Mette Frederiksen said Denmark will station troops in the Baltic states.")
    assert got == [("DNK", "forces_in_neighbouring_states", "will_contribute", None, None,
                    None)]


def test_mission_scan_guard_keeps_every_hit(reporting: Path) -> None:
    """The combined mission scan's leading look-ahead (a speed-up) drops no hit: on the reports
    and on cues at awkward places (after marks, "€"/"$" alone), its (start, end, mission) hits
    equal those of the same alternation without it."""
    import re

    from guarantor.ingest.contributions import _MISSION_ANY

    plain = re.compile("|".join(f"(?P<{m}>{p.pattern})" for m, p in MISSION_CUES.items()),
                       re.IGNORECASE)
    texts = [f.read_text("utf-8") for f in sorted(reporting.glob("*.txt"))]
    texts.append("“Jets,” (troops) -navy; €5bn, $2 billion—F-16s/ air defence…training")
    hits = 0
    for text in texts:
        ours = [(m.start(), m.end(), m.lastgroup) for m in _MISSION_ANY.finditer(text)]
        assert ours == [(m.start(), m.end(), m.lastgroup) for m in plain.finditer(text)]
        hits += len(ours)
    assert hits > 20  # the check compared real hits, not two empty lists


def test_anchor_guard_keeps_every_hit(reporting: Path) -> None:
    """The anchor pre-filter's leading look-ahead (a speed-up) drops no hit: on every line of
    the reports and on each cue word capitalised, it finds what the unguarded pattern finds."""
    import re

    from guarantor.ingest.contributions import _ANCHOR

    assert _ANCHOR.pattern.startswith("(?=[")
    plain = re.compile(_ANCHOR.pattern[_ANCHOR.pattern.index("])") + 2:], _ANCHOR.flags)
    words = re.findall(r"[a-z][a-z -]+", plain.pattern)
    lines = [ln for f in sorted(reporting.glob("*.txt"))
             for ln in f.read_text("utf-8").splitlines()]
    lines += [f"({w.upper()})" for w in words] + [f"“{w.title()}" for w in words]
    found = [(m.span() if m else None) for m in map(_ANCHOR.search, lines)]
    assert found == [(m.span() if m else None) for m in map(plain.search, lines)]
    assert sum(f is not None for f in found) > 100  # real hits compared


def test_mission_hits_keep_the_combined_reading(reporting: Path) -> None:
    """Searching each mission's cue alone (a speed-up) names the missions the combined scan
    names: its first-match-per-position reading when it finds one mission, every mission
    whose cue matches when it finds two or more; on every clause of the reports and on cues
    that overlap ("air defence" holds "air"; a cue inside another mission's match)."""
    from guarantor.ingest.contributions import _MISSION_ANY, _SPLIT, _mission_hits

    def combined(clause: str) -> list[str]:
        hit = {m.lastgroup for m in _MISSION_ANY.finditer(clause)}
        if len(hit) > 1:
            hit = {m for m, p in MISSION_CUES.items() if p.search(clause)}
        return [m for m in MISSION_CUES if m in hit]

    clauses = [c for f in sorted(reporting.glob("*.txt"))
               for c in _SPLIT.split(f.read_text("utf-8")) if c]
    clauses += ["they will send air defence systems", "the air defence of Ukraine",
                "€2bn for air defence and troops", "Patriot batteries and F-16 jets",
                "a military aid package of weapons", "training of air forces",
                "funding for training", "air policing with fighter jets and ships"]
    got = [_mission_hits(c) for c in clauses]
    assert got == [combined(c) for c in clauses]
    assert sum(len(g) > 1 for g in got) >= 6 and sum(len(g) == 1 for g in got) > 20
    assert _mission_hits("the air defence of Ukraine") == ["ground_based_air_defence"]
    # "its military" (troops) is read first and holds "military" of "military aid": the
    # combined reading names the troops only, though the aid cue matches alone.
    assert MISSION_CUES["military_aid"].search("its military aid will grow")
    assert _mission_hits("its military aid will grow") == ["land_in_protected_state"]


def test_lead_without_dateline_reads_the_same(reporting: Path) -> None:
    """The lead adverbials read without the dateline part when a clause has no "(" or "/"
    (a speed-up) end where the full pattern's do, on every line of the reports and on leads
    with and without datelines; the dateline part was found in the pattern (else the fast
    path would be the full pattern and this test says so)."""
    from guarantor.ingest.contributions import _LEAD, _LEAD_PLAIN, _lead

    assert _LEAD_PLAIN.pattern != _LEAD.pattern
    lines = [ln for f in sorted(reporting.glob("*.txt"))
             for ln in f.read_text("utf-8").splitlines() if ln.strip()]
    lines += ["KYIV (Reuters) - Earlier, Germany stated that it will send troops",
              "WARSAW /PAP/ Poland will not", "However, in March, France said so",
              "According to the minister, Italy will help", "Meanwhile Britain agreed",
              "• Also, Estonia will send a company", "EARLIER, NATO SAID SO"]
    ends = [(m.end() if m else None) for m in map(_lead, lines)]
    assert ends == [(m.end() if m else None) for m in map(_LEAD.match, lines)]
    assert sum(e is not None and e > 0 for e in ends) > 5  # real leads compared


# --- issue 20: whose position (the clause's subject), domains, modality (invented sentences) ---


def test_narrator_reports_give_each_country_its_position() -> None:
    got = found("Talks continue in Paris this week\n\n"
                "Earlier, Norway stated that it does not rule out deploying its military "
                "contingent in Ukraine, while Denmark emphasized its readiness to send troops.")
    assert set(got) == {
        ("NOR", "land_in_protected_state", "conditional", "other", None, None),
        ("DNK", "land_in_protected_state", "will_contribute", None, None, None)}


def test_countries_listed_after_including_each_hold_the_position() -> None:
    got = found("Kyiv's other allies, including Norway and Denmark, have signalled they may send "
                "a peacekeeping force to enforce a peace deal.")
    assert set(got) == {
        ("NOR", "land_in_protected_state", "conditional", "peace_agreement", None, None),
        ("DNK", "land_in_protected_state", "conditional", "peace_agreement", None, None)}


def test_a_capital_speaks_for_its_country() -> None:
    got = found("According to a government spokesperson, Oslo does not intend to send a "
                "peacekeeping contingent to Ukraine.")
    assert got == [("NOR", "land_in_protected_state", "will_not", None, None, None)]


def test_land_sea_and_air_give_a_position_per_domain() -> None:
    got = found("Polish Defence Minister Anna Nowak said that 26 countries have committed to "
                "deploying troops on land, at sea or in the air once the fighting stops.")
    assert {(a, m, s) for a, m, s, *_ in got} == {
        ("COALITION", "land_in_protected_state", "will_contribute"),
        ("COALITION", "air_shield_aircraft", "will_contribute"),
        ("COALITION", "maritime", "will_contribute")}


def test_a_known_person_as_subject_speaks_for_the_country() -> None:
    got = found("Ceasefire talks go on\n\nPresident Trump has signalled he is willing to provide "
                "air power for the deployment.")
    assert got == [("USA", "air_shield_aircraft", "will_contribute", None, None, None)]


def test_reported_clause_subject_wins_over_the_speaker() -> None:
    got = found("Polish Defence Minister Anna Nowak said that Norway will send up to 500 troops "
                "to Ukraine.")
    assert got == [("NOR", "land_in_protected_state", "will_contribute", None, 500.0, "persons")]


def test_a_speaker_without_a_country_still_reports_a_country_subject() -> None:
    got = found("Norway is ready to step up training of Ukrainian forces, a government "
                "spokesperson said on Thursday.")
    assert got == [("NOR", "training", "will_contribute", None, None, None)]


def test_clause_without_subject_shares_the_previous_clause_subject() -> None:
    got = found("Ceasefire talks go on\n\nPolish Defence Minister Anna Nowak said the plan was "
                "sound, and President Trump has signalled he is willing to provide air power, "
                "but has ruled out sending US troops into Ukraine.")
    assert set(got) == {("USA", "air_shield_aircraft", "will_contribute", None, None, None),
                        ("USA", "land_in_protected_state", "will_not", None, None, None)}


def test_they_had_confirmed_is_not_the_speakers_position() -> None:
    got = found("Asked about Norway, French Defence Minister Claire Exemple replied only that they "
                "had confirmed their contribution to the training of Ukrainian troops.")
    assert got == []


def test_plural_air_defences_and_told_x_that() -> None:
    got = found("Officials told Nordwire that Norway has expressed its willingness to provide "
                "additional air defenses.")
    assert got == [("NOR", "ground_based_air_defence", "will_contribute", None, None, None)]


def test_kyiv_reporting_others_pledges_gives_the_coalition_position() -> None:
    got = found("Ukrainian President Volodymyr Zelensky said that 26 countries pledged to provide "
                "troops on land.")
    assert got == [("COALITION", "land_in_protected_state", "will_contribute", None, None, None)]


def test_two_stated_conditions_are_two_entries() -> None:
    got = found("Chancellor Friedrich Merz said any German deployment would require a Bundestag "
                "mandate.\n\nHe said Germany would send troops only with US support.")
    assert set(got) == {
        ("DEU", "land_in_protected_state", "conditional", "us_backstop", None, None),
        ("DEU", "land_in_protected_state", "conditional", "parliamentary_approval", None, None)}


def test_coalition_condition_holds_for_each_domain() -> None:
    got = found("Polish Defence Minister Anna Nowak said 26 nations signalled they are ready to "
                "take part in an international force in the event of a peace deal.\n\n"
                "She said the coalition will deploy forces on land, at sea and in the air.")
    assert {(a, m, s, c) for a, m, s, c, *_ in got} == {
        ("COALITION", m, "conditional", "peace_agreement")
        for m in ("land_in_protected_state", "air_shield_aircraft", "maritime")}


def test_money_for_aid_to_ukraine_is_military_aid_with_its_amount() -> None:
    got = found("Defence plans go to Cabinet\n\nTánaiste Simon Harris will bring a proposal to "
                "provide €100m in aid for Ukraine to Ministers.")
    assert got == [("IRL", "military_aid", "will_contribute", None, 100000000.0, "EUR")]


def test_not_repeating_a_promise_is_no_stance() -> None:
    got = found("Ceasefire talks go on\n\nThe prime minister did not reiterate his promise to put "
                "boots on the ground, instead saying allied forces would be deployed to support "
                "Ukrainian troops, including by sea and air.")
    assert {(a, m, s) for a, m, s, *_ in got} == {
        ("COALITION", "land_in_protected_state", "will_contribute"),
        ("COALITION", "air_shield_aircraft", "will_contribute"),
        ("COALITION", "maritime", "will_contribute")}


def test_if_the_force_is_deployed_is_no_condition_of_the_contributor() -> None:
    got = found("Ceasefire talks go on\n\nNorway is ready to join the foreign peacekeeping "
                "contingent if it is deployed in Ukraine.")
    assert got == [("NOR", "land_in_protected_state", "will_contribute", None, None, None)]


def test_named_condition_in_the_sentence_other_clause() -> None:
    got = found("Prime Minister Tore Sandvik said that Norway may send a small contribution of "
                "peacekeepers to Ukraine if asked, but it was premature to discuss details before "
                "Russia agrees to a ceasefire.")
    assert got == [("NOR", "land_in_protected_state", "conditional", "ceasefire", None, None)]


# -- general rules (issue 20, positions4): invented news-style sentences ------------------------

def test_group_subject_is_no_single_actor() -> None:
    # "European countries" are not France, though Macron reports it; a named country is.
    assert found("European countries are ready to send troops, French President Emmanuel "
                 "Macron said.") == []
    assert found("Other allies would send soldiers, Italian Prime Minister Giorgia Meloni "
                 "said.") == []
    assert found("France is ready to send troops, French President Emmanuel Macron said.") == [
        ("FRA", "land_in_protected_state", "will_contribute", None, None, None)]


def test_ukraines_own_soldiers_are_not_a_deployment() -> None:
    assert found("Canada would provide training for Ukrainian soldiers, Prime Minister Mark "
                 "Carney said.") == [("CAN", "training", "will_contribute", None, None, None)]
    assert found("Britain will train Ukraine's armed forces, Defence Secretary John Healey "
                 "said.") == [("GBR", "training", "will_contribute", None, None, None)]


def test_condition_in_a_clause_of_its_own() -> None:
    assert found("Belgium is willing to contribute four F-16s to an air policing mission, "
                 "Defence Minister Theo Francken said, adding that the decision would require "
                 "a vote in parliament.") == [
        ("BEL", "air_shield_aircraft", "conditional", "parliamentary_approval", 4.0,
         "aircraft")]
    # Another country's condition is not Belgium's.
    assert found("Belgium is willing to contribute F-16s, Defence Minister Theo Francken said, "
                 "while Germany would require a vote in the Bundestag.") == [
        ("BEL", "air_shield_aircraft", "will_contribute", None, None, None)]


@pytest.mark.parametrize(
    ("text", "stance", "condition"),
    [
        ("New Zealand will consider sending personnel, Prime Minister Christopher Luxon said.",
         "conditional", "other"),
        ("Croatian soldiers will not go to Ukraine, President Zoran Milanovic said.",
         "will_not", None),
        ("Romania will not send troops to Ukraine but will host allied forces, President "
         "Nicusor Dan said.", "only_outside", None),
    ],
)
def test_stance_cues(text: str, stance: str, condition: str | None) -> None:
    [(_, mission, got, cond, _, _)] = found(text)
    assert (mission, got, cond) == ("land_in_protected_state", stance, condition)


def test_too_early_to_talk_is_no_stance() -> None:
    assert found("Spain's Prime Minister Pedro Sanchez said it was too early to talk about "
                 "sending troops.") == []
    assert found("\"It is premature to discuss sending soldiers,\" Italian Defence Minister "
                 "Guido Crosetto said.") == []


def test_send_a_company() -> None:
    assert found("Estonia is ready to send a company, Prime Minister Kristen Michal said.") == [
        ("EST", "land_in_protected_state", "will_contribute", None, None, None)]


def test_american_involvement_is_the_us_backstop() -> None:
    assert found("Germany would only deploy troops with American involvement, Defence Minister "
                 "Boris Pistorius said.") == [
        ("DEU", "land_in_protected_state", "conditional", "us_backstop", None, None)]


def test_aid_to_ukraines_own_air_defence_is_also_military_aid() -> None:
    got = found("The Netherlands is ready to boost Ukraine's air defences, Defence Minister Ruben "
                "Brekelmans said.")
    assert {m for _, m, *_ in got} == {"ground_based_air_defence", "military_aid"}
    assert found("Sweden is ready to equip two Ukrainian brigades, the Swedish government "
                 "said.") == [("SWE", "military_aid", "will_contribute", None, None, None)]


def test_elliptic_refusal_takes_the_clause_befores_mission() -> None:
    assert found("Macron said France would send troops, while Italy would not.") == [
        ("FRA", "land_in_protected_state", "will_contribute", None, None, None),
        ("ITA", "land_in_protected_state", "will_not", None, None, None)]


def test_relative_clause_keeps_its_own_stance() -> None:
    assert found("Germany, which has ruled out sending ground troops, will provide air defence "
                 "systems, Merz said.") == [
        ("DEU", "land_in_protected_state", "will_not", None, None, None),
        ("DEU", "ground_based_air_defence", "will_contribute", None, None, None)]


def test_air_support_is_an_air_mission() -> None:
    assert found("Trump said the United States would not send troops but could provide air "
                 "support.") == [
        ("USA", "land_in_protected_state", "will_not", None, None, None),
        ("USA", "air_shield_aircraft", "will_contribute", None, None, None)]


@pytest.mark.parametrize(
    ("text", "stance", "condition"),
    [
        # A temporal phrase says when, not on what condition (the key's rule) ...
        ("Healey said the UK would deploy Typhoon jets to police the skies over Ukraine after "
         "a peace deal is signed.", "will_contribute", None),
        # ... an explicit conditional phrase does.
        ("Healey said the UK would deploy Typhoon jets to police the skies over Ukraine if a "
         "peace deal is signed.", "conditional", "peace_agreement"),
        ("Healey said the UK would deploy Typhoon jets in the event of a ceasefire.",
         "conditional", "ceasefire"),
    ],
)
def test_temporal_phrase_is_no_condition(text: str, stance: str, condition: str | None) -> None:
    [(_, mission, got, cond, _, _)] = found(text)
    assert (mission, got, cond) == ("air_shield_aircraft", stance, condition)


def test_coalition_of_the_willing_as_subject() -> None:
    assert found("The coalition of the willing is ready to deploy troops once a ceasefire is "
                 "reached, Starmer said.") == [
        ("COALITION", "land_in_protected_state", "will_contribute", None, None, None)]


def test_declining_to_say_is_no_refusal() -> None:
    assert found("Macron declined to reveal the size of the contingent France plans to deploy, "
                 "the Elysee said.") == []
    assert found("Macron declined to send troops, the Elysee said.") == [
        ("FRA", "land_in_protected_state", "will_not", None, None, None)]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Malta will not be part of any force deployed to Ukraine, Prime Minister Robert Abela "
         "said.", "MLT"),
        ("Greece excluded the possibility of sending troops, Mitsotakis said.", "GRC"),
        ("Poland says no to sending troops to Ukraine, Kosiniak-Kamysz said.", "POL"),
    ],
)
def test_more_refusals(text: str, actor: str) -> None:
    assert found(text) == [(actor, "land_in_protected_state", "will_not", None, None, None)]


def test_money_for_the_force_is_not_troops() -> None:
    assert found("Japan will contribute money to the force but will not send troops, Prime "
                 "Minister Shigeru Ishiba said.") == [
        ("JPN", "financing", "will_contribute", None, None, None),
        ("JPN", "land_in_protected_state", "will_not", None, None, None)]
    assert found("Sweden will provide 500 million euros for the force, the Swedish government "
                 "said.") == [("SWE", "financing", "will_contribute", None, 5e8, "EUR")]
    assert {m for _, m, *_ in found("Sweden will send 500 troops and pay 100 million euros, "
                                    "the Swedish government said.")} == {
        "land_in_protected_state", "financing"}


# --- issue 20 (session 6): holders named after the stance, parentheticals (invented) ---


def test_opposing_it_refers_back_to_the_proposal() -> None:
    got = found("Talks went on in Brussels\n\n"
                "Emmanuel Macron proposed deploying peacekeeping forces behind the line. "
                "Austria and Hungary immediately opposed it.")
    assert {("AUT", "land_in_protected_state", "will_not", None, None, None),
            ("HUN", "land_in_protected_state", "will_not", None, None, None)} <= set(got)


@pytest.mark.parametrize(
    ("text", "mission"),
    [
        ("Norway will send military engineers to Ukraine, Jonas Gahr Store said.",
         "land_in_protected_state"),
        ("France is ready to send paratroopers to Ukraine, Emmanuel Macron said.",
         "land_in_protected_state"),
        ("Canada will deploy a battlegroup to Ukraine, Mark Carney said.",
         "land_in_protected_state"),
        ("Estonia will send staff officers to Kyiv, Kristen Michal said.",
         "land_in_protected_state"),
        ("Britain will lead an air mission over western Ukraine, Keir Starmer said.",
         "air_shield_aircraft"),
        ("Turkey will take charge of maritime security in the Black Sea, Hakan Fidan said.",
         "maritime"),
        ("Mark Carney said Canadian troops could serve in Ukraine.", "land_in_protected_state"),
        ("Kristen Michal said Estonia would take part in an international mission to Ukraine.",
         "land_in_protected_state"),
    ],
)
def test_mission_words_beyond_troops_and_jets(text: str, mission: str) -> None:
    assert [(m, s) for _, m, s, _, _, _ in found(text)] == [(mission, "will_contribute")]


def test_open_to_peacekeeping_and_a_parliament_that_must_approve() -> None:
    assert found("Talks went on in Brussels\n\n"
                 "Micheál Martin said Ireland has always been open to peacekeeping.") == [
        ("IRL", "land_in_protected_state", "conditional", "other", None, None)]
    assert found("Talks went on in Brussels\n\n"
                 "Kristen Michal said Estonia is ready to send a company of troops, adding that "
                 "parliament would have to approve it.") == [
        ("EST", "land_in_protected_state", "conditional", "parliamentary_approval", None, None)]


@pytest.mark.parametrize(
    ("text", "stance", "condition"),
    [
        ("Anthony Albanese said Australia was willing to look at contributing troops.",
         "conditional", "other"),
        ("Mark Carney said Canada has not made any commitments on troops yet.",
         "conditional", "other"),
        ("Anthony Albanese said Australia had not been asked to send troops but would consider "
         "any request.", "conditional", "other"),
        ("Keir Starmer said British troops would be deployed only as part of a peace deal.",
         "conditional", "peace_agreement"),
        ("Nicusor Dan said Romania would not send troops but could offer its airspace and ports.",
         "only_outside", None),
        ("Mark Carney said nothing is off the table, including sending Canadian troops.",
         "conditional", "other"),
        ("Donald Tusk said Poland would not deploy troops because it must protect its own "
         "territory.", "will_not", None),
    ],
)
def test_modality_of_open_undecided_and_hosting(text: str, stance: str,
                                                condition: str | None) -> None:
    [(_, mission, got, cond, _, _)] = found(f"Talks went on in Brussels\n\n{text}")
    assert (mission, got, cond) == ("land_in_protected_state", stance, condition)


def test_like_unlike_and_speaking_leads_before_the_subject() -> None:
    assert found("Talks went on in Brussels\n\n"
                 "Unlike Britain, Ireland will not send troops to Ukraine.") == [
        ("IRL", "land_in_protected_state", "will_not", None, None, None)]
    assert found("Talks went on in Brussels\n\n"
                 "Speaking in Kyiv, Carney said Canada would send troops.") == [
        ("CAN", "land_in_protected_state", "will_contribute", None, None, None)]
    assert set(found("Talks went on in Brussels\n\n"
                     "Both Lithuania and Latvia said they were ready to contribute troops.")) == {
        ("LTU", "land_in_protected_state", "will_contribute", None, None, None),
        ("LVA", "land_in_protected_state", "will_contribute", None, None, None)}


#: Invented sentences for the session-6 rules: (id, text after a headline, positions).
SESSION6_CASES: list[tuple[str, str, set[tuple[object, ...]]]] = [
    ("a_groups_members_named_after_the_clause_each_hold_it",
     "Several members of the alliance have refused to send troops to Ukraine, including Austria, "
     "Hungary and Slovakia, officials said.",
     {("AUT", "land_in_protected_state", "will_not", None, None, None),
      ("HUN", "land_in_protected_state", "will_not", None, None, None),
      ("SVK", "land_in_protected_state", "will_not", None, None, None)}),
    ("opposition_coming_from_countries_is_their_refusal",
     "Opposition to sending troops to Ukraine comes from Hungary and Slovakia.",
     {("HUN", "land_in_protected_state", "will_not", None, None, None),
      ("SVK", "land_in_protected_state", "will_not", None, None, None)}),
    ("the_agent_of_a_passive_holds_the_position",
     "Sending peacekeepers has been considered by the governments of Norway and Finland.",
     {("FIN", "land_in_protected_state", "conditional", "other", None, None),
      ("NOR", "land_in_protected_state", "conditional", "other", None, None)}),
    ("a_parenthetical_between_subject_and_verb",
     "Meloni, in addition, has repeated that Italian troops will not take part.",
     {("ITA", "land_in_protected_state", "will_not", None, None, None)}),
    ("a_clause_referring_back_takes_the_sentence_befores_mission",
     "European countries plan to deploy troops in Ukraine after the war. Emmanuel Macron and Keir"
     " Starmer have spoken about their readiness to do this, provided the U.S. supports the "
     "initiative. This scenario has been considered by the governments of Norway and Finland.",
     {("FIN", "land_in_protected_state", "conditional", "other", None, None),
      ("FRA", "land_in_protected_state", "conditional", "us_backstop", None, None),
      ("GBR", "land_in_protected_state", "conditional", "us_backstop", None, None),
      ("NOR", "land_in_protected_state", "conditional", "other", None, None)}),
    ("what_a_speaker_says_another_must_do_is_no_position",
     "Radosław Sikorski has stated that France will have to deploy forces to Ukraine.",
     set()),
    ("a_coalition_created_to_provide_forces_holds_the_position",
     "In March, Macron and Starmer announced a coalition of the willing to provide ground forces "
     "for Ukraine.",
     {("COALITION", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("being_in_discussions_is_no_offer",
     "More than 20 countries have been involved in discussions on how to help, including a force "
     "to be sent after a ceasefire.",
     set()),
    ("air_and_ground_forces_are_two_missions",
     "Norway is ready to provide air and ground forces for Ukraine.",
     {("NOR", "air_shield_aircraft", "will_contribute", None, None, None),
      ("NOR", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_us_backstop_asked_by_a_joint_subject_is_their_condition",
     "Britain and France are ready to send troops, but they warned that peace can only be "
     "guaranteed if the United States provides military support.",
     {("FRA", "land_in_protected_state", "conditional", "us_backstop", None, None),
      ("GBR", "land_in_protected_state", "conditional", "us_backstop", None, None)}),
    ("without_providing_their_own_forces_is_a_refusal",
     "Countries bordering Russia, such as Finland and Norway, back a peacekeeping presence "
     "without providing their own forces.",
     {("FIN", "land_in_protected_state", "will_not", None, None, None),
      ("NOR", "land_in_protected_state", "will_not", None, None, None)}),
    ("the_baltic_states_in_a_list_are_each_country",
     "About six states, including Norway and the Baltic states, have declared their readiness to "
     "send troops.",
     {("EST", "land_in_protected_state", "will_contribute", None, None, None),
      ("LTU", "land_in_protected_state", "will_contribute", None, None, None),
      ("LVA", "land_in_protected_state", "will_contribute", None, None, None),
      ("NOR", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_countrys_minister_speaks_for_the_country",
     "However, Spainʼs defence minister later said he was open to sending peacekeepers to "
     "Ukraine.",
     {("ESP", "land_in_protected_state", "conditional", "other", None, None)}),
    ("a_clause_about_the_force_itself_is_no_offer",
     "Planning for a peacekeeping force will move to an operational phase, Keir Starmer said. "
     "Emmanuel Macron said that the force does not intend to wage war.",
     set()),
    ("a_refusal_and_a_later_opening_are_two_positions",
     "Austria will not send troops to Ukraine, Chancellor Christian Stocker said. However, "
     "Austria's defence minister later said he was open to sending peacekeepers to Ukraine.",
     {("AUT", "land_in_protected_state", "conditional", "other", None, None),
      ("AUT", "land_in_protected_state", "will_not", None, None, None)}),
    ("paying_for_part_of_the_force_is_no_troop_offer",
     "Friedrich Merz said Germany will pay for part of the force, but will not send soldiers.",
     {("DEU", "financing", "will_contribute", None, None, None),
      ("DEU", "land_in_protected_state", "will_not", None, None, None)}),
]




#: Invented sentences for the session-7 rules (stance, negation scope, modality): (id, text
#: after a headline, positions).
SESSION7_CASES: list[tuple[str, str, set[tuple[object, ...]]]] = [
    ("joint_exercises_are_no_offer_to_join",
     "“Our pilots fly air policing missions and joint exercises take place,” Mette Frederiksen "
     "said.",
     set()),
    ("even_if_is_a_concession_not_a_condition",
     "Emmanuel Macron said France would lead a reassurance force in Ukraine, even if the idea "
     "was not approved by every ally.",
     {("FRA", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("the_day_of_the_statement_before_its_clause",
     "Keir Starmer said on Friday that Britain and Norway would deploy troops to Ukraine.",
     {("GBR", "land_in_protected_state", "will_contribute", None, None, None),
      ("NOR", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_qualified_count_of_countries_is_the_coalition",
     "Macron announced that 26 Western allies had committed to sending troops to Ukraine.",
     {("COALITION", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_count_in_the_coalition_of_the_willing_is_the_coalition",
     "A total of 30 countries in the so-called Coalition of the Willing have confirmed they will "
     "send troops to Ukraine.",
     {("COALITION", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("while_after_a_closing_quotation_mark_splits",
     "Merz said Berlin would consider sending troops “later,” while Spanish Prime Minister "
     "Pedro Sánchez ruled out sending soldiers.",
     {("DEU", "land_in_protected_state", "conditional", "other", None, None),
      ("ESP", "land_in_protected_state", "will_not", None, None, None)}),
    ("a_refusal_for_wartime_but_only_after_a_deal_is_conditional",
     "Greek soldiers will not be deployed to Ukraine during the fighting, but only after a peace "
     "agreement is signed, Kyriakos Mitsotakis said.",
     {("GRC", "land_in_protected_state", "conditional", "peace_agreement", None, None)}),
    ("only_once_restricts_a_condition_not_a_time",
     "Portugal will send troops to Ukraine only once a ceasefire is agreed.",
     {("PRT", "land_in_protected_state", "conditional", "ceasefire", None, None)}),
    ("as_far_as_a_parliament_allows",
     "Latvia is ready to contribute troops as far as the mandate of the Saeima allows.",
     {("LVA", "land_in_protected_state", "conditional", "parliamentary_approval", None, None)}),
    ("a_contingents_own_equipment_is_no_military_aid",
     "Finland will send peacekeepers to Ukraine with their own military equipment.",
     {("FIN", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_closing_relative_clause_is_the_named_countrys_statement",
     "Volodymyr Zelensky said any deployment must be agreed with Washington, which has ruled out "
     "using its own troops.",
     {("USA", "land_in_protected_state", "will_not", None, None, None)}),
    ("a_negation_inside_a_relative_clause_does_not_negate_the_offer",
     "Jonas Gahr Støre said any Norwegian troop contribution would require a mandate for the "
     "force, which cannot be defined yet.",
     {("NOR", "land_in_protected_state", "conditional", "other", None, None)}),
    ("open_minded_is_an_open_position",
     "Ulf Kristersson said Sweden remains “open-minded” about sending troops to Ukraine.",
     {("SWE", "land_in_protected_state", "conditional", "other", None, None)}),
    ("assuming_states_a_condition_and_the_conclusion_of_a_deal_is_a_time",
     "Belgium may provide troops for a mission after the conclusion of a peace agreement, "
     "assuming the new government agrees.",
     {("BEL", "land_in_protected_state", "conditional", "other", None, None)}),
    ("what_a_presence_is_necessary_for_is_its_purpose",
     "Lars Løkke Rasmussen said that if a European presence becomes necessary for a ceasefire or "
     "peace agreement, Denmark is ready to send troops.",
     {("DNK", "land_in_protected_state", "conditional", "other", None, None)}),
    ("a_concessive_opening_keeps_its_offer_from_the_main_refusal",
     "While Mark Carney has said Canada is willing to provide air support, he has ruled out "
     "sending Canadian troops.",
     {("CAN", "air_shield_aircraft", "will_contribute", None, None, None),
      ("CAN", "land_in_protected_state", "will_not", None, None, None)}),
    ("coalition_planning_teams_and_hostilities_that_ended",
     "Keir Starmer said “coalition of the willing” planning teams would prepare the deployment of "
     "a reassurance force if the hostilities ended.",
     {("COALITION", "land_in_protected_state", "conditional", "ceasefire", None, None)}),
    ("jets_delivered_to_ukraine_are_military_aid",
     "Theo Francken said Belgium will deliver six F-16 aircraft to Ukraine this year.",
     {("BEL", "military_aid", "will_contribute", None, None, None)}),
    ("oil_money_funding_the_war_is_no_offer",
     "Norway will send troops, Jonas Gahr Støre said, adding that gas sales were funding the war.",
     {("NOR", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_name_after_an_apposition_is_the_subject",
     "Earlier, another Nordic country, Finland, also announced its readiness to send troops to "
     "Ukraine.",
     {("FIN", "land_in_protected_state", "will_contribute", None, None, None)}),
    ("a_refusal_for_the_wars_duration_leaves_the_force_open",
     "Austria will not send soldiers to Ukraine while there is war, Christian Stocker said.",
     {("AUT", "land_in_protected_state", "conditional", "other", None, None)}),
    ("no_soldiers_on_its_soil_until_the_war_is_over",
     "“Until the war is over, there will be no German soldiers on Ukrainian soil,” Friedrich "
     "Merz said.",
     {("DEU", "land_in_protected_state", "conditional", "other", None, None)}),
    ("what_reports_by_an_agency_indicate_is_speculation",
     "Reports by a news agency indicate that several European nations have been exploring the "
     "possibility of deploying troops to Ukraine.",
     set()),
    ("a_vague_condition_in_another_sentence_is_an_entry_of_its_own",
     "Norway will send troops to Ukraine if a ceasefire is agreed. Norway would also consider "
     "deploying troops to Ukraine if necessary.",
     {("NOR", "land_in_protected_state", "conditional", "ceasefire", None, None),
      ("NOR", "land_in_protected_state", "conditional", "other", None, None)}),
    ("a_vague_condition_tied_to_a_named_one_in_its_sentence_is_not",
     "Norway is open to sending troops to Ukraine if a ceasefire is agreed.",
     {("NOR", "land_in_protected_state", "conditional", "ceasefire", None, None)}),
    ("a_stated_requirement_is_a_condition",
     "Keir Starmer said any British deployment of troops to Ukraine must also have strong US "
     "backing.",
     {("GBR", "land_in_protected_state", "conditional", "us_backstop", None, None)}),
    ("a_requirement_in_a_clause_of_its_own_is_the_offers_condition",
     "Britain is ready to send troops to Ukraine, but the mission must have strong US backing, "
     "Keir Starmer said.",
     {("GBR", "land_in_protected_state", "conditional", "us_backstop", None, None)}),
    ("with_a_country_ruling_out_such_a_move_refuses_the_clause_befores_offer",
     "Few governments have publicly promised ground troops, with Ottawa already ruling out such "
     "a move.",
     {("CAN", "land_in_protected_state", "will_not", None, None, None)}),
]


@pytest.mark.parametrize(("text", "expected"),
                         [c[1:] for c in SESSION6_CASES + SESSION7_CASES],
                         ids=[c[0] for c in SESSION6_CASES + SESSION7_CASES])
def test_session_rules(text: str, expected: set[tuple[object, ...]]) -> None:
    """The session-6 and session-7 rules, each on an invented sentence after a headline."""
    assert set(found(f"Talks went on in Brussels\n\n{text}")) == expected
