"""From statements to draft contribution positions: mission, stance, condition, quantity, unit.

The contribution ledger (:mod:`guarantor.data.contributions`) records what each country says it
will contribute per mission. This module reads the same statements as
:mod:`guarantor.ingest.positions` (direct quotes in their sentence, indirect statements) and, per
clause, asks four questions:

1. **Which mission?** Keyword rules per mission (:data:`MISSION_CUES`): troops and boots on the
   ground (``land_in_protected_state``; ``forces_in_neighbouring_states`` when the clause places
   them in Poland, Romania, the Baltic states or "the eastern flank"), aircraft and air policing,
   air-defence batteries, ships and mine clearing, training, military aid, money.
2. **Is it a contribution?** A commitment verb ("send", "deploy", "contribute", "pledge",
   "ready to", "prepared to") or a stated quantity must be in the clause, and the speaker's
   actor must not be the protected state or Russia (whose words about troops are positions on
   topics, not offers).
3. **Which stance?** ``will_not`` for a negation ("will not send", "ruled out", "no plans to"),
   ``only_outside`` for troops "outside Ukraine", ``conditional`` (with its condition from
   :data:`CONDITION_CUES`) for "only if", "provided", "should there be a ceasefire", "would
   consider" (a temporal "once a ceasefire" is not a condition), otherwise ``will_contribute``.
4. **How many?** The first quantity with a unit ("up to 10,000 troops", "€1.5 billion",
   "two Patriot batteries"), normalised to the ledger's units (persons, aircraft, batteries,
   ships, EUR, USD).
5. **Whose position?** The clause's subject when it is a country, a capital, the coalition or a
   known person ("Earlier, Germany stated ...", "Athens does not intend ...", "allies,
   including the U.K. and France, have signalled ...", "Tusk said Poland will ..."), else the
   speaker's country; a clause without a subject shares the previous clause's. Sentences of the
   narrator with such a subject are statements too (:func:`narrator_statements`): the key and
   the ledger record a country's reported position though no person is quoted.

Forces "on land, at sea and in the air" are three positions (land, air, maritime); one
condition of the coalition's force holds for each domain; two stated conditions for one actor
and mission are two entries.

Examples
--------
>>> from guarantor.ingest import ingest_text
>>> art = ingest_text("Keir Starmer said Britain was ready to send up to 10,000 troops to "
...                   "Ukraine if a ceasefire is agreed.", date="2025-03-15")
>>> [(c.actor, c.mission, c.stance, c.condition, c.quantity, c.unit)
...  for c in art.contributions]
[('GBR', 'land_in_protected_state', 'conditional', 'ceasefire', 10000.0, 'persons')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guarantor.ingest.cues import Gate, scan
from guarantor.ingest.quotes import Quote
from guarantor.ingest.text import (
    factor_alternatives,
    first_char_guard,
    first_char_guards,
    fold,
    may_match,
    required_literals,
)

_I = re.IGNORECASE

#: Actors whose statements are never offers of a contribution (the protected state, the invader).
NOT_CONTRIBUTORS: frozenset[str] = frozenset({"UKR", "RUS", "MDA"})

_TROOPS = (r"troops|soldiers|boots on the ground|ground forces|servicemen|service ?members|"
           r"military personnel|personnel|peacekeep\w*|contingents?|brigades?|battalions?|"
           r"combat units?|the unit\b|compan(?:y|ies) of|company-sized|"
           r"(?:send\w*|deploy\w*|contribut\w+|provid\w+|offer\w*) (?:a|an|one|two) (?:infantry )?"
           r"compan(?:y|ies)\b|"
           r"(?:troop|military|ground|German|British|French|Polish|Italian|Canadian|Australian|"
           r"any \w+) deployments?\b|"
           r"(?:armed |land |military |reassurance |deterren\w+ |deterrent |our |British |French |"
           r"German |Canadian |Australian |its |their |multinational )forces?|"
           r"(?:that|this|the|a|an|any) (?:(?!air\b)[\w-]+ ){0,2}force\b|"
           r"(?:its|our|their) military\b|"
           r"(?:deploy\w*|send\w*|sent) (?:\w+ ){0,2}forces|"
           r"(?:military|European|troop|allied|international|foreign|Western|NATO|physical) "
           r"presence|presence on the ground|"
           r"(?:military |combat )?engineers|paratroop\w*|marines|infantry\w*|battle ?groups?|"
           r"(?:staff|military) officers|special (?:operations )?forces|"
           r"military (?:advis[eo]rs|observers|monitors)|"
           r"(?:international|military|stabili[sz]ation|reassurance|monitoring|multinational|"
           r"European|ground) mission|"
           r"(?:any|such an?|such|this|that) (?:possible |potential |future )?deployment\b"
           r"(?! of (?!(?:troops|soldiers|forces|peacekeepers)\b))")
_NEIGHBOURS = (r"\b(?:in|to|into|on|at|from|across)\s+(?:the\s+)?(?:Poland|Romania|Baltic|Estonia|"
               r"Latvia|Lithuania|Slovakia|Hungary|Moldova|(?:NATO[’']s\s+)?eastern flank|"
               r"neighbou?ring (?:countries|states))\b|outside (?:of )?Ukraine|beyond Ukraine")

#: Cue patterns per mission (the ledger's mission ids).
MISSION_CUES: dict[str, re.Pattern[str]] = {
    "land_in_protected_state": re.compile(rf"\b(?:{_TROOPS})", _I),
    "air_shield_aircraft": re.compile(
        r"\b(?:aircraft|(?:fighter )?jets|fighters|warplanes|planes in the air|planes|"
        r"F-16s?|F-35s?|Rafales?|Typhoons?|Gripens?|air policing|air shield|air patrols?|"
        r"air support|air(?=\s+and\s+(?:ground|land|naval|sea)\s+forces)|air forces|"
        r"air (?:mission|component|patrol\w*|surveillance)|"
        r"air cover|air power|airpower|tankers?|AWACS|sky shield|in the air|the skies|the sky)\b",
        _I),
    "ground_based_air_defence": re.compile(
        r"\b(?:air[- ]defen[cs]es?|Patriots?|SAMP/T|IRIS-T|NASAMS|batter(?:y|ies)|"
        r"anti-aircraft|missile defen[cs]e)\b", _I),
    "maritime": re.compile(
        r"\b(?:navy|naval|maritime|Black Sea|mine[- ]?(?:countermeasures?|clearing|hunters?|"
        r"sweep\w*)|minesweep\w*|demining at sea|frigates?|warships?|ships|vessels|"
        r"the sea)\b", _I),
    "training": re.compile(r"\b(?:train(?:ing|ers?)?|instructors|regenerat\w+)\b", _I),
    "military_aid": re.compile(
        r"\b(?:military (?:aid|assistance|support|package)|weapons|arms|ammunition|shells|"
        r"munitions|drones|equipment|equip(?:s|ped|ping)?|aid package|defen[cs]e package|"
        r"(?:non-)?lethal aid|"
        r"aid (?:for|to) Ukraine)\b", _I),
    "financing": re.compile(
        r"(?:\b(?:financ\w+|fund(?:s|ed|ing|ers?)?|loan|billion|million|euros?|dollars|budget|"
        r"pay for|money|contribution to the costs?)\b|€|\$)", _I),
}

#: Every cue starts with a word character, "€" or "$": the leading look-ahead lets the scan skip
#: other positions at once instead of trying each mission there (about 1.5x faster, same hits).
_MISSION_ANY = re.compile(
    r"(?=[\w€$])(?:" + "|".join(f"(?P<{m}>{p.pattern})" for m, p in MISSION_CUES.items()) + ")",
    _I)
_COMMIT = re.compile(
    r"\b(?:send\w*|sent|deploy\w*|contribut\w+|provid\w+|offer\w*|pledg\w+|commit\w*|"
    r"station\w*|put\b|supply\w*|supplie\w+|deliver\w*|give|giving|dispatch\w*|"
    r"participat\w+|take part|be (?:a )?part of|join(?!t)\w*|lead\w*|fund(?:s|ed|ing)?|financ\w+|"
    r"pay\w*|rul(?:e|es|ed|ing) out|"
    r"allocat\w+|earmark\w*|serv(?:e|es|ed|ing) (?:in|on|with|as)|open to|"
    r"take (?:charge|responsibility|the lead)|assum\w+ (?:\w+ )?"
    r"(?:responsibility|leadership|command|the lead)|"
    r"ready to|prepared to|willing to|able to|plans? to|intend\w*|promis\w+|announc\w+|"
    r"back\b|support(?:s|ed|ing)? (?:a|the) (?:force|mission|coalition)|boots on the ground|"
    r"planes in the air|contribution|on the ground|go (?:to|into) Ukraine|set foot in Ukraine|"
    r"on (?:Ukrainian|Ukraine[’']s) soil|"
    r"train(?:s|ed)?\b(?! station)|"
    r"(?:would|will)\s+(?:likely\s+|probably\s+)?(?:require|need))\b", _I)

_WILL_NOT = re.compile(
    r"\b(?:will not|won[’']t|would not|wouldn[’']t|will never|would never|never|does not|"
    r"doesn[’']t|do not|don[’']t|did not|is not|isn[’']t|are not|aren[’']t|has no|have no|"
    r"there (?:will|would) be no|"
    r"not (?:going|planning|prepared|ready|willing|able|intend\w*|consider\w*) to|"
    r"no (?:plans?|intention|question)|rul(?:e|es|ed|ing) out|refus\w+|reject\w*|declin\w+|"
    r"cannot|can[’']t|can not|not send|not deploy|not contribute|not participate|"
    r"not be sending|not be deploying|out of the question|off the table|excluded|"
    r"(?:says?|said|saying) no to|oppos(?:e|es|ed|ing)|opposition to|"
    r"(?:is|are|was|were|seems?|looks?)\s+unlikely to|"
    r"without (?:providing|sending|contributing|deploying|committing) (?:their|its|any) "
    r"(?:own )?(?:troops|forces|soldiers))\b", _I)
_DOUBLE_NEG = re.compile(r"(?:\bnot|n[’']t|\brefus\w+|\bdeclin\w+|\bcannot)\s+(?:\w+\s+){0,2}"
                         r"(?:rul\w* out|exclud\w+|dismiss\w*)\b", _I)
#: "will not shy away", "will not hesitate": a negated reluctance is a commitment.
_LITOTES = re.compile(r"\b(?:will|would|does|do|did)\s+not\s+(?:shy away|hesitate)|"
                      r"\b(?:won|wouldn|doesn|don|didn)[’']t\s+(?:shy away|hesitate)", _I)
_OUTSIDE = re.compile(r"\b(?:outside (?:of )?Ukraine|beyond Ukraine|not (?:in|inside) Ukraine|"
                      r"from (?:neighbou?ring|bordering) (?:countries|states))\b", _I)
#: A stated requirement ("must also have strong US backing"): a condition.
_REQUIREMENT = r"must (?:also |first )?(?:have|be (?:backed|accompanied|approved))"
#: "as much as the mandate of the Seimas allows": a limit set by someone else's decision.
_ALLOWED_LIMIT = r"(?:as much|as far|insofar) as(?=[^.;]{1,60}\ballows?\b)"
_CONDITIONAL = re.compile(
    r"\b(?:only if|if\b|provided(?: that)?|on (?:the )?condition|conditional on|subject to|"
    r"contingent (?:up)?on|unless|only with|only under|only as part of|only (?:after|once|when)|"
    r"as long as|in the event of|should there be|in case|assuming|"
    rf"{_REQUIREMENT}|{_ALLOWED_LIMIT}|"
    r"before (?:sending|deploying|any deployment)|"
    r"(?:would|will) (?:require|need)|requires?|mandate from|"
    r"(?:would|could|will) consider|consider(?:s|ed)?\b|considering|open to|could|would|may|"
    r"open[- ]minded|(?:keep|keeps|keeping|kept) an open mind|"
    r"might|depend\w* on|potentially|possibly|look(?:s|ed|ing)? at|explor\w+|weigh\w*|"
    r"in case of|with (?:a|the) (?:US|U\.S\.|American) backstop)\b", _I)

#: (condition id, pattern) in priority order; the first that matches names the condition.
CONDITION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("us_backstop", re.compile(
        r"\b(?:backstop|US support|U\.S\. support|American support|US backing|U\.S\. backing|"
        r"American backing|security guarantees? from (?:the )?(?:US|U\.S\.|United States|"
        r"Washington)|(?:US|U\.S\.|United States|Washington|America)\b[^.;]{0,40}"
        r"(?:support|back|guarantee|involve|participat)\w*|"
        # "with American involvement", "the U.S. engagement": the adjective and the noun.
        r"\b(?:American|US|U\.S\.)\s+(?:\w+\s+)?(?:involvement|engagement|participation|"
        r"commitment|guarantees?|security guarantees?|air (?:support|cover|power)))", _I)),
    ("ceasefire", re.compile(r"\b(?:ceasefire|cease-fire|truce|armistice|end of hostilities|"
                             r"cessation of hostilities|stop the fire|hostilities cease|"
                             r"(?:the )?hostilities (?:end|ended|have ended|are over|ceased)|"
                             r"fighting (?:stops|ends|has stopped))\b", _I)),
    ("peace_agreement", re.compile(r"\b(?:peace (?:deal|agreement|settlement|accord)|"
                                   r"a deal|the deal|settlement|peace is (?:agreed|signed)|"
                                   r"broker a peace|a peace\b|peace comes)\b",
                                   _I)),
    ("un_mandate", re.compile(r"\b(?:UN|U\.N\.|United Nations|Security Council)\b[^.;]{0,30}"
                              r"mandate|\bmandate\b[^.;]{0,30}\b(?:UN|U\.N\.|United Nations|"
                              r"Security Council)\b", _I)),
    ("eu_mandate", re.compile(r"\bEU mandate|\bmandate\b[^.;]{0,20}\bEU\b", _I)),
    ("nato_framework", re.compile(r"\bNATO (?:framework|mandate|umbrella|command)|"
                                  r"\bunder NATO\b", _I)),
    ("parliamentary_approval", re.compile(
        r"\b(?:parliament\w*|Bundestag|Sejm|Riksdag|Riigikogu|Saeima|Seimas|Eduskunta|Dáil|Dail|"
        r"Oireachtas|Storting|Folketing|Tweede Kamer|Congress|"
        r"vote|approval of (?:the )?(?:house|assembly|lawmakers|legislat\w+)|lawmakers|"
        r"legislat\w+)\b", _I)),
)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12, "dozen": 12,
}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9}
_NUM = (r"(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
        r"(?:a dozen|one|two|three|four|five|six|"
        r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|dozen|hundred)"
        r"(?![\w-]))")
_SCALE_RE = r"(?:\s*(?P<scale>thousand|million|billion|mn|bn|k|m|b)\b)?"
_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("persons", r"(?:(?:British|French|German|Polish|Dutch|Danish|Swedish|Finnish|Norwegian|"
                r"Estonian|Latvian|Lithuanian|Belgian|Spanish|Italian|Canadian|Australian|"
                r"Turkish|European|foreign|allied|international|additional|more|extra|"
                r"combat|ground|peacekeeping)\s+)?(?:troops|soldiers|servicemen|service members|"
                r"military personnel|personnel|peacekeepers|military staff|staff)"),
    ("aircraft", r"(?:[\w-]+\s+){0,2}?(?:aircraft|(?:fighter )?jets?|fighters?|warplanes?|"
                 r"planes?|F-16s|F-35s|Rafales|Typhoons|Gripens)"),
    ("batteries", r"(?:\w+\s+){0,2}?(?:batter(?:y|ies)|air[- ]defen[cs]e systems|systems)"),
    ("ships", r"(?:[\w-]+\s+){0,2}?(?:ships?|frigates?|warships?|vessels?|minehunters?|"
              r"mine ?hunters?|mine countermeasure vessels?|minesweepers?|destroyers?|"
              r"corvettes?)"),
)
_COUNT = re.compile(
    r"\b(?P<mod>up to|as many as|about|around|some|roughly|approximately|nearly|almost|"
    r"at least|more than|over)?\s*(?<![\w-])" + _NUM + _SCALE_RE + r"\s+(?P<unit>"
    + "|".join(f"(?P<u{i}>{p})" for i, (_, p) in enumerate(_UNIT_WORDS)) + r")\b", _I)
_MONEY = re.compile(
    r"(?P<cur1>€|\$|EUR\s?|USD\s?|US\$)\s?(?P<n1>\d+(?:[.,]\d+)*)"
    r"(?:\s*(?P<s1>thousand|million|billion|mn|bn|m|b)\b)?"
    r"|\b(?P<n2>\d+(?:[.,]\d+)*)\s*(?P<s2>thousand|million|billion|mn|bn)?\s*"
    r"(?P<cur2>euros?|dollars|EUR|USD)\b", _I)


@dataclass(frozen=True)
class Quantity:
    """A stated quantity in one of the ledger's units.

    Attributes
    ----------
    value : float
        The number (an "up to" figure is taken as stated; the modifier is kept in ``note``).
    unit : {'persons', 'aircraft', 'batteries', 'ships', 'EUR', 'USD'}
        The ledger unit.
    text : str
        The words the quantity was read from ("up to 10,000 troops").
    """

    value: float
    unit: str
    text: str


def _number(raw: str, scale: str | None) -> float | None:
    low = raw.lower().strip()
    if low in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[low])
    else:
        digits = re.sub(r"[,\u202f\u00a0 ]", "", low) if re.search(r"\d[,\u202f\u00a0 ]\d{3}",
                                                                  low) else low.replace(",", ".")
        try:
            value = float(digits)
        except ValueError:
            return None
    if scale:
        value *= _SCALE[scale.lower()]
    return value if value > 0 else None


#: "a 5,000-strong brigade", "a contingent of 2,000": a count of persons named by the unit it
#: forms, not by "troops".
_STRENGTH = re.compile(
    r"(?<![\w-])(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)" + _SCALE_RE +
    r"[- ]strong\s+(?:[\w-]+\s+){0,2}?(?:force|contingent|brigade|battalion|mission|unit|corps)\b|"
    r"\b(?:force|contingent|brigade|battalion|corps) of (?:up to |about |around |some )?"
    r"(?P<num2>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?P<scale2>\s*(?:thousand|k)\b)?"
    r"(?![,.\u202f\u00a0]?\d)(?!\s*(?:[-\w€$£%]))", _I)
#: "several hundred troops": a vague count is no stated quantity.
_VAGUE = re.compile(r"\b(?:several|a few|few|many)\s*$", _I)


def quantities(text: str) -> list[Quantity]:
    """Quantities with units in ``text``, in order.

    Examples
    --------
    >>> [(q.value, q.unit) for q in quantities("up to 10,000 troops and two Patriot batteries")]
    [(10000.0, 'persons'), (2.0, 'batteries')]
    >>> [(q.value, q.unit) for q in quantities("a €1.5 billion package and $500m")]
    [(1500000000.0, 'EUR'), (500000000.0, 'USD')]
    """
    found: list[tuple[int, Quantity]] = []
    counts = _COUNT.finditer(text) if may_match(_COUNT_NEEDS, fold(text)) else ()
    for m in counts:
        if re.search(r"\bthan\s*$", text[max(0, m.start() - 6):m.start()], _I):
            continue  # "better than 20,000 troops": a comparison, not an offer
        if _VAGUE.search(text[max(0, m.start() - 10):m.start("num")]):
            continue  # "several hundred troops"
        unit = next(u for i, (u, _) in enumerate(_UNIT_WORDS) if m.group(f"u{i}"))
        value = _number(m.group("num"), m.group("scale"))
        if value is not None and not (unit == "persons" and m.group("num").lower() in ("a", "an")):
            found.append((m.start(), Quantity(value, unit, m.group(0).strip())))
    if "strong" in text or " of " in text:
        for m in _STRENGTH.finditer(text):
            value = _number(m.group("num") or m.group("num2"),
                            m.group("scale") or (m.group("scale2") or "").strip() or None)
            if value is not None:
                found.append((m.start(), Quantity(value, "persons", m.group(0).strip())))
    for m in _MONEY.finditer(text):
        cur = (m.group("cur1") or m.group("cur2") or "").strip().lower()
        unit = "EUR" if cur in ("€", "eur", "euro", "euros") else "USD"
        raw = m.group("n1") or m.group("n2")
        scale = m.group("s1") or m.group("s2")
        if m.group("n2") and not scale and not m.group("cur2"):
            continue
        value = _number(raw, scale)
        if value is not None:
            found.append((m.start(), Quantity(value, unit, m.group(0).strip())))
    found.sort(key=lambda item: item[0])
    return [q for _, q in found]


@dataclass(frozen=True)
class ContributionProposal:
    """A draft contribution position found in a statement.

    Attributes
    ----------
    actor, speaker, role : str or None
        Who holds it.
    mission : str
        Mission id (:data:`guarantor.data.contributions.MISSIONS`).
    stance : {'will_contribute', 'conditional', 'only_outside', 'will_not'}
    condition : str or None
        Condition id for a conditional stance.
    quantity : float or None
        Stated quantity in ``unit``.
    unit : str or None
        Ledger unit of ``quantity``.
    quantity_text : str or None
        Words the quantity was read from.
    quote : str
        Verbatim, at most one sentence.
    evidence : str
        The clause the stance was read from.
    confidence : float
        0..1.
    kind : {'direct', 'indirect'}
    """

    actor: str | None
    speaker: str | None
    role: str | None
    mission: str
    stance: str
    condition: str | None
    quantity: float | None
    unit: str | None
    quantity_text: str | None
    quote: str
    evidence: str
    confidence: float
    kind: str


_SPLIT = re.compile(
    # A stance is read within one sentence: paragraph breaks and sentence ends (a multi-
    # sentence quote's context) split too, so a negation in one sentence never flips the next.
    r"\s*\n\n\s*|(?<=[.!?])\s+(?=[“\"‘]?(?-i:[A-Z]))|(?<=[.!?][”\"’])\s+(?=[“\"‘]?(?-i:[A-Z]))|"
    # (A closing quotation mark may follow the comma: 'decide "at the appropriate time," while'.)
    r"\s*;\s+|,?[”\"’]?\s+but\s+(?!only\b|if\b|provided\b|on condition\b|as long as\b)|"
    r",[”\"’]?\s+while\s+|,[”\"’]?\s+whereas\s+|\s+[—–]\s+|"
    # ", and President Trump has signalled ...": a new clause with its own named subject.
    r",\s+and\s+(?=(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}\s+"
    r"(?:has|have|had|will|would)\b)|"
    # ", with Washington already ruling out such a move": an absolute clause of its own.
    r",\s+(?=with\s+(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}\s+"
    r"(?:already\s+|also\s+)?(?:ruling out|refusing|rejecting|declining|opposing)\b)|"
    r",?\s+(?:and\s+)?(?=(?:saying|adding|stating|noting|insisting|stressing|explaining|"
    r"announcing|confirming|pledging|promising)\b)", _I)
_UNIT_MISSION = {"persons": "land_in_protected_state", "aircraft": "air_shield_aircraft",
                 "batteries": "ground_based_air_defence", "ships": "maritime"}
#: Ukraine's own forces are who is trained or armed ("training for Ukrainian soldiers"), never
#: a contributor's troops: removed before the mission cues are read, like the enemy's.
_UKRAINE_OWN = re.compile(r"\b(?:Ukrainian|Ukraine[’']s|Kyiv[’']s)\s+(?:own\s+)?(?:armed forces|"
                          r"troops|soldiers|forces|army|military|servicemen|service members|"
                          r"personnel|brigades?|defenders)\b", _I)
#: "Russian oil that is funding the war": money for the aggressor's war, no one's offer.
_WAR_FUNDING = re.compile(r"\b(?:fund\w*|financ\w+)\s+(?:the|its|Russia[’']s|Moscow[’']s|"
                          r"Putin[’']s|the Kremlin[’']s)\s+"
                          r"(?:war|war machine|aggression|invasion)\b", _I)
_ENEMY = re.compile(r"\bRussian (?:troops|forces|soldiers|army|military|jets|aircraft|drones|"
                    r"missiles|ships|navy)\b|\bNorth Korean (?:troops|soldiers)\b", _I)


def stance_of_clause(clause: str, mission: str, hits: set[str] | None = None
                     ) -> tuple[str, str | None, float]:
    """Stance, condition and cue confidence of one clause about a contribution.

    Examples
    --------
    >>> stance_of_clause("Italy will not deploy troops to Ukraine", "land_in_protected_state")
    ('will_not', None, 0.9)
    >>> stance_of_clause("we will send troops only if there is a US backstop",
    ...                  "land_in_protected_state")
    ('conditional', 'us_backstop', 0.8)
    """
    # The clause's cue words (``hits``: its scan, when the caller has it), scanned again after
    # a substitution that changed the text; each scan below runs only where its words occur.
    text = clause
    hits = scan(fold(text)) if hits is None else hits
    for gate, repl in ((_G_DOUBLE_NEG, " would consider "), (_G_LITOTES, " will ")):
        text, hits = _substituted(gate, repl, text, hits)
    if "even" in text:
        # "even if the idea was not approved by all": a concession, neither a condition nor
        # a refusal of the clause's offer.
        text, hits = _substituted(_G_CONCESSION, " ", text, hits)
    if "if" in text:
        text, hits = _substituted(_G_IF_EXISTS, " ", text, hits)
    if "decid" in text or "decision" in text or "commitment" in text or "nothing" in text:
        # "we have not made a decision on any deployment", "nothing is off the table":
        # neither a refusal nor an offer, but an open position (like "would consider").
        text, hits = _substituted(_G_UNDECIDED, " would consider ", text, hits)
    refuses = _G_WILL_NOT.search(text, hits) is not None
    if refuses and _G_WARTIME.search(text, hits) and _G_NOT_UNLESS.search(text, hits) is None:
        # "no troops while there is war", "not during active hostilities": a refusal for the
        # war's duration leaves the post-war force open.
        named = _condition_named(text, hits)
        return "conditional", named, 0.7 if named == "other" else 0.8
    if refuses:
        if mission == "land_in_protected_state" and _G_OUTSIDE.search(text, hits):
            return "only_outside", None, 0.8
        unless = _G_NOT_UNLESS.search(text, hits)
        if unless is not None:
            # "will not send troops unless the US provides a backstop": a refusal with an
            # exception is a condition (the exception names it).
            said = text[unless.start("cue"):]
            named = _condition_named(said, hits)  # a part of ``text``: its words are in hits
            return "conditional", named, 0.7 if named == "other" else 0.8
        return "will_not", None, 0.9
    if mission == "land_in_protected_state" and _G_OUTSIDE.search(text, hits):
        return "only_outside", None, 0.8
    # "would deploy jets after a peace deal is signed": a temporal phrase says when the force
    # deploys, not on what condition (the key's rule), so its condition words are not read as
    # one unless an explicit conditional phrase remains without it.
    when, when_hits = _substituted(_G_TEMPORAL, " ", text, hits) \
        if _G_TEMPORAL_HINT.search(text, hits) else (text, hits)
    if " to " in when or " as " in when:
        # "would send troops to monitor a ceasefire": what the force is for, not a condition.
        when, when_hits = _substituted(_G_PURPOSE, " ", when, when_hits)
    if _G_CONDITIONAL.search(when, when_hits):
        scope = _G_CONDITION_SCOPE.search(when, when_hits)
        if scope is not None:
            # The condition is what the conditional phrase says: "ready to deploy troops to
            # enforce the peace agreement if necessary" is conditional on need, not on a deal.
            said = when[scope.start():]
            if _BACK_REFERENCE.match(said):
                said = when  # "a peace agreement, if one is signed": the phrase points back
            named = _condition_named(said, when_hits)
            return "conditional", named, 0.7 if named == "other" else 0.8
        for cond, gate in _G_CONDITION_CUES:
            if gate.search(when, when_hits):
                return "conditional", cond, 0.8
        if re.search(r"\b(?:only if|provided|on (?:the )?condition|conditional on|subject to|"
                     r"as long as|depend\w* on|(?:would|could|will) consider|considering|"
                     r"consider(?:s|ed)?|"
                     r"open to|open[- ]minded|open mind|if|should there be|in case|in the event|"
                     r"may|might|potentially|"
                     r"possibly|look(?:s|ed|ing)? at|explor\w+|weigh\w*)\b", when, _I):
            named = _condition_named(text, hits)
            return "conditional", named, 0.7 if named == "other" else 0.8
    return "will_contribute", None, 0.75


def _substituted(gate: Gate, repl: str, text: str, hits: set[str]) -> tuple[str, set[str]]:
    """``text`` with ``gate``'s matches replaced by ``repl``, and its cue words (``hits`` when
    nothing was replaced, else scanned again: a replacement can bring words of its own)."""
    out = gate.sub(repl, text, hits)
    return (text, hits) if out == text else (out, scan(fold(out)))


def _condition_named(text: str, hits: set[str]) -> str:
    """The first condition of :data:`CONDITION_CUES` that ``text`` names, or "other" (``hits``:
    the cue words of ``text`` or of a text it is part of)."""
    return next((c for c, gate in _G_CONDITION_CUES if gate.search(text, hits)), "other")


#: A time limited to the war itself ("while there is war", "during active hostilities").
_WARTIME = re.compile(r"\b(?:while (?:there is (?:a |still )?war|the war (?:is on|continues|lasts|"
                      r"goes on)|(?:the )?fighting (?:continues|goes on)|hostilities continue)|"
                      r"during (?:the )?(?:active )?(?:war|hostilities|fighting|combat operations)|"
                      r"as long as the (?:war|fighting|hostilities) (?:continues?|lasts?|goes on|"
                      r"is not over|has not ended)|until the (?:war|fighting) (?:is over|ends))",
                      _I)
#: "even if ...", "even though ...": a concession up to the next comma, no condition.
_CONCESSION = re.compile(r"\beven (?:if|though|when)\b[^,;]*", _I)
#: A refusal with its exception ("will not ... unless", "not ... without a US backstop").
_NOT_UNLESS = re.compile(r"\b(?:not|n[’']t|never|no)\b[^.;]*?\s(?P<cue>unless|except if|"
                         # "will not deploy during hostilities, but only after a peace deal"
                         r"but only (?:after|once|when|if)|without "
                         r"(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:backstop|guarantees?|mandate|"
                         r"support|approval|agreement|deal|ceasefire))\b", _I)
#: What the force is for ("to monitor a ceasefire", "to enforce a peace deal", "as a guarantee
#: of any ceasefire"): its condition words name no condition.
_PURPOSE = re.compile(
    r"(?<!only )\b(?:(?:necessary|needed|required) (?:for|to secure)|"
    r"(?:in order )?to (?:help )?(?:monitor|enforce|secure|guarantee|support|"
    r"uphold|police|"
    r"maintain|underpin|back|observe|verify|keep|implement|protect|safeguard)|as (?:a )?"
    r"(?:guarantee|guarantor|part) of|in support of)\s+(?:a|the|any|an|such a|that|this)?\s*"
    r"(?:[\w-]+\s+){0,2}?(?:ceasefire|cease-fire|truce|peace(?:\s+(?:deal|agreement|settlement|"
    r"accord))?|deal|settlement|agreement)\b"
    # "for a ceasefire or peace agreement": both objects of the purpose
    r"(?:\s+(?:or|and)\s+(?:a\s+|the\s+|any\s+)?(?:ceasefire|cease-fire|truce|peace(?:\s+(?:deal|"
    r"agreement|settlement|accord))?|deal|settlement|agreement)\b)?", _I)
#: A phrase that states a condition and opens its scope ("only if ...", "provided ...").
_CONDITION_SCOPE = re.compile(
    r"\b(?:only if|if|provided(?: that)?|on (?:the )?condition|conditional on|subject to|"
    r"only with|only under|only as part of|only (?:after|once|when)|"
    rf"{_ALLOWED_LIMIT}|assuming|{_REQUIREMENT}|"
    r"contingent (?:up)?on|unless|as long as|in the event of|should there be|"
    r"(?:would|will) (?:first )?(?:require|need))\b", _I)
#: A conditional phrase whose subject points back to what the clause named before it.
_BACK_REFERENCE = re.compile(r"\w+(?:\s+\w+)?\s+(?:one|it|that|this|they|such\b|so\b)", _I)
#: "have not made a decision", "has yet to take a decision", "undecided": an open position.
_UNDECIDED = re.compile(
    r"\b(?:(?:have|has|had)\s+not\s+(?:yet\s+)?(?:made|taken|reached)|(?:have|has|had)n[’']t\s+"
    r"(?:yet\s+)?(?:made|taken|reached)|(?:have|has|had)\s+(?:yet\s+)?to\s+(?:make|take|reach))"
    r"\s+(?:a|any)\s+(?:final\s+)?decision|\bno decision has (?:yet\s+)?been (?:made|taken)|"
    r"\b(?:has|have) not (?:yet )?decided|\bundecided\b|"
    r"\b(?:(?:has|have|had)\s+not|(?:has|have|had)n[’']t)\s+(?:yet\s+)?(?:made|given)\s+(?:any\s+)?"
    r"(?:firm\s+|concrete\s+)?commitments?|\bnothing (?:is |has been )?(?:off the table|ruled out|"
    r"excluded)", _I)
_TEMPORAL_HINT = re.compile(r"\b(?:once|after|following|when|day after)\b", _I)
#: "once a ceasefire is reached", "after a peace deal is signed", "following a ceasefire".
_TEMPORAL = re.compile(
    # "only after a peace deal is signed" restricts: a condition, not only a time.
    r"(?<!only )\b(?:once|after|following|when|the day after)\s+(?:the\s+|a\s+|any\s+|an\s+)?"
    r"(?:(?:conclusion|signing|signature|agreement|adoption|start) of (?:the |a |an |any )?)?"
    r"(?:[\w-]+\s+){0,2}?(?:ceasefire|cease-fire|truce|armistice|peace (?:deal|agreement|"
    r"settlement|accord)|settlement|deal|end of (?:the )?(?:war|hostilities|fighting)|"
    r"fighting (?:stops|ends))\b(?:\s+(?:is|has been|was|were|are)\s+(?:\w+\s+)?"
    r"(?:reached|agreed|signed|struck|done|in place|concluded|secured))?", _I)


#: "ready to join the contingent if it is deployed": says when the force exists, not a condition
#: of the contributor (the key's rule for temporal phrases).
_IF_EXISTS = re.compile(
    r"\bif (?:it|one|such an? (?:force|mission|contingent)|the (?:force|mission|contingent|"
    r"operation)) is (?:deployed|created|established|formed|set up)\b", _I)


#: "it is too early to talk about sending troops": neither an offer nor a refusal.
_PREMATURE = re.compile(r"\b(?:too early|premature|too soon)\s+(?:to|for)\s+(?:talk|discuss|"
                        r"speak|say|speculate|decide|comment|consider|think)\w*", _I)
#: Being in talks about an offer is not making it ("have been involved in discussions on ...").
_DISCUSSING = re.compile(r"\b(?:were|are|is|was|been|be)\s+(?:involved\s+in\s+|holding\s+|in\s+)?"
                         r"(?:discussions|discussing)\b", _I)
#: A condition stated on its own: a conditional cue that cannot be a mere modal ("would").
_STRONG_CONDITION = re.compile(
    r"\b(?:only if|if|provided|on (?:the )?condition|conditional on|subject to|as long as|"
    r"contingent (?:up)?on|unless|"
    r"in the event of|should there be|(?:would|will) (?:first )?(?:require|need)|requires?|"
    r"(?:would|will|must) (?:first )?(?:have to )?(?:approve|authori[sz]e|endorse|vote)|"
    r"seek\w* (?:\w+ ){0,2}(?:approval|mandate|consent)|only with|depend\w* on|"
    rf"{_REQUIREMENT})\b", _I)


def _sibling_condition(text: str, clause: str, actor: str,
                       parts: list[str] | None = None) -> str | None:
    """A named condition stated in another clause of ``text`` that names no mission and whose
    subject is none or ``actor`` itself ("Belgium is willing to contribute F-16s, the minister
    said, adding that the decision would require a vote in parliament"); None if there is none.

    Examples
    --------
    >>> _sibling_condition("Belgium will send jets, adding that it would require a vote in "
    ...                    "parliament", "Belgium will send jets", "BEL")
    'parliamentary_approval'
    >>> _sibling_condition("Belgium will send jets, and Spain would require a vote in "
    ...                    "parliament", "Belgium will send jets", "BEL") is None
    True
    """
    holders = tuple(actor.split("+"))
    for other in _SPLIT.split(text) if parts is None else parts:
        if not other or other == clause or _STRONG_CONDITION.search(other) is None:
            continue
        if _IF_EXISTS.search(other) or _mission_hits(_offer(_bare(other))):
            continue
        subject = _reported_subject(other) or subject_actors(other)
        if subject and subject != holders:
            continue
        for cond, pattern in CONDITION_CUES:
            if pattern.search(other):
                return cond
    return None


def _named_condition(text: str, clause: str, parts: list[str] | None = None) -> str | None:
    """The first named condition in a clause of ``text`` other than ``clause`` whose subject is
    no country (a clause about another country states that country's condition). ``parts``:
    ``text`` split at :data:`_SPLIT` when the caller has it."""
    for other in _SPLIT.split(text) if parts is None else parts:
        if not other or other == clause or subject_actors(other) or _reported_subject(other):
            continue
        for cond, pattern in CONDITION_CUES:
            if pattern.search(other):
                return cond
    return None


def _mission_hits(clause: str, hits: set[str] | None = None) -> list[str]:
    """Missions whose cue occurs in ``clause``, in :data:`MISSION_CUES` order.

    Each mission's cue is searched alone, where its literals occur. Cues of two missions can
    overlap ("air defence" vs "air"): the combined scan (:data:`_MISSION_ANY`, each position
    read as the first mission whose cue matches there) decides then; when it finds only one
    mission, that one alone is named. ``hits``: the clause's :func:`~guarantor.ingest.cues.scan`,
    when the caller has it (else each cue's literals are looked for in the clause).
    """
    if hits is not None:
        alone = [m for m, gate in _G_MISSIONS.items() if gate.search(clause, hits)]
    else:
        folded = fold(clause)
        alone = [m for m, p in _MISSION_ALONE.items()
                 if may_match(_MISSION_NEEDS[m], folded) and p.search(clause)]
    if len(alone) > 1:
        hit = {m.lastgroup for m in _MISSION_ANY.finditer(clause)}
        if len(hit) == 1:
            return [m for m in hit if m is not None]
    return alone


#: The force as what money goes to ("contribute money to the force", "fund the force").
_FORCE_PAID = re.compile(r"\b(?:to|for|towards|fund\w*|financ\w+|pay\w* for|costs? of)\s+"
                         r"(?:(?:part|some|much|most|all|the (?:bulk|rest|cost|costs))\s+of\s+)?"
                         r"(?:the|a|an|any|this|that|such a)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:force|mission|contingent)\b", _I)
#: A contingent's own kit ("sending peacekeepers and providing our own military equipment"):
#: what the contributor's force brings, not aid to Ukraine.
_OWN_KIT = re.compile(r"\b(?:our|its|their|his|her) own (?:[\w-]+ )?(?:equipment|weapons|arms)\b",
                      _I)
#: "present on land, at sea or in the air", "across air, land, and sea domains", "support by
#: air, sea and land": a force in each domain, so the key (and the ledger's conventions) record a
#: land, an air and a maritime position.
_DOMAINS = re.compile(
    r"\b(?:on|by|across|in)\s+(?:land|air|sea)(?:,?\s+(?:(?:and|or)\s+)?(?:at|on|by|in)?\s*"
    r"(?:the\s+)?(?:land|air|sea)\b){1,2}(?:\s+domains)?|"
    r"\b(?:air|land|sea),\s+(?:air|land|sea),?\s+(?:and|or)\s+(?:air|land|sea)\b"
    r"(?:\s+domains)?", _I)
_DOMAIN_MISSIONS = ("land_in_protected_state", "air_shield_aircraft", "maritime")


#: "if the United States provides military support": the backstop asked of the US, whose words
#: name no mission of the contributor.
_US_CONDITION = re.compile(
    r"\b(?:only\s+)?(?:if|provided(?:\s+that)?|unless|as long as)\s+(?:the\s+)?(?:US|U\.S\.|"
    r"United States|Washington|America|Americans)\b[^,;]*", _I)


def _offer(clause: str) -> str:
    """``clause`` without a condition asked of the United States (its mission words are the
    backstop's, not the contributor's offer)."""
    return _US_CONDITION.sub(" ", clause) if "if" in clause or "provid" in clause or \
        "unless" in clause or "as long" in clause else clause


def _missions(clause: str, qty: list[Quantity], hits: set[str] | None = None) -> list[str]:
    """Missions ``clause`` names (``hits``: its :func:`~guarantor.ingest.cues.scan`, when the
    caller has it)."""
    offer = _offer(clause)
    if hits is None or offer != clause:
        hits = scan(fold(offer))
    clause = offer
    domains = _G_DOMAINS.search(clause, hits) is not None
    if domains:
        clause, hits = _substituted(_G_DOMAINS, " ", clause, hits)
    found = _mission_hits(clause, hits)
    if domains:
        found += [m for m in _DOMAIN_MISSIONS if m not in found]
    for q in qty:
        if q.unit in _UNIT_MISSION and _UNIT_MISSION[q.unit] not in found:
            found.append(_UNIT_MISSION[q.unit])
    if "land_in_protected_state" in found and re.search(_NEIGHBOURS, clause, _I) \
            and not re.search(r"\b(?:in|into|to|inside) Ukraine\b", clause, _I):
        found[found.index("land_in_protected_state")] = "forces_in_neighbouring_states"
        if _G_OUTSIDE.search(clause, hits) and _G_WILL_NOT.search(clause, hits) is None:
            # "troops in Poland, not in Ukraine" is both: outside only, and a neighbour offer.
            found.append("land_in_protected_state")
    if "financing" in found and "land_in_protected_state" in found \
            and not MISSION_CUES["land_in_protected_state"].search(_FORCE_PAID.sub(" ", clause)):
        # "money to the force", "pay for the mission's troops": the force is what is paid for.
        found.remove("land_in_protected_state")
    if "military_aid" in found and "own" in clause \
            and not MISSION_CUES["military_aid"].search(_OWN_KIT.sub(" ", clause)):
        found.remove("military_aid")  # "peacekeepers with our own equipment": their kit
    if "military_aid" in found and "financing" in found \
            and not re.search(r"\bfinancial,?\s+(?:\w+,?\s+){0,3}(?:support|aid|assistance|help)\b",
                              clause, _I):
        found.remove("financing")  # "a €1bn military aid package" is aid, paid in money
    if "ground_based_air_defence" in found and _AID_WORDS.search(clause) \
            and not re.search(r"\b(?:deploy\w*|station\w*|batter(?:y|ies))\b", clause, _I):
        # Air-defence missiles donated or financed are military aid to Ukraine's own air
        # defence: the ledger records both (ground-based air defence and military aid).
        if "military_aid" not in found:
            found.append("military_aid")
        if "financing" in found:
            found.remove("financing")
    if "ground_based_air_defence" in found and "military_aid" not in found \
            and _UKRAINE_AIR_DEFENCE.search(clause):
        # "ramping up Ukraine's air defences": aid to Ukraine's own air defence, which the
        # ledger records as both missions (the key's convention).
        found.append("military_aid")
    if "air_shield_aircraft" in found and not domains and _DELIVERED.search(clause) \
            and re.search(r"\b(?:aircraft|jets?|fighters?|planes?|F-\d+s?|Gripens?|Mirages?)\b",
                          clause, _I) \
            and not re.search(r"\b(?:deploy\w*|station\w*|patrol\w*|polic\w+|fly|flying|based)\b",
                              clause, _I):
        # "will deliver F-16 aircraft": jets handed over to Ukraine are military aid, not an air
        # shield the contributor flies.
        found[found.index("air_shield_aircraft")] = "military_aid"
        found = list(dict.fromkeys(found))
    if "ground_based_air_defence" in found and "air_shield_aircraft" in found \
            and not re.search(r"\b(?:aircraft|jets|fighters|planes|F-\d+)", clause, _I):
        found.remove("air_shield_aircraft")  # "air defence" is not an air shield of aircraft
    return found


#: A clause whose subject is the coalition or a count of its members states the coalition's
#: position ("26 countries have committed to deploying troops"), not the speaker's country's.
_COALITION_SUBJECT = re.compile(
    r"\b(?:\d+|twenty-six|several|many|a number of) (?:of (?:the|Ukraine[’']s) )?"
    # "26 Western allies", "several European countries", "26 countries in the so-called
    # Coalition of the Willing": a qualifier of the count, the same coalition.
    r"(?:(?-i:[A-Z])[\w-]+ |other |more )?(?:countries|nations|allies|states|partners|members)"
    r"(?:\s+(?:in|of) (?:the )?(?:so-called )?[“\"‘]?coalition of the willing[”\"’]?)?"
    r"\s+(?:\w+\s+)?(?:have|has|had|are|were|will|would|"
    r"pledged|committed|vowed|agreed|confirmed|ready|signall?ed|said|say)\b|"
    r"\b(?:the|our) coalition\s+(?:of\s+the\s+willing\s+)?(?:will|would|has|have|is|are|"
    r"intends|stands)\b|"
    r"\ballied (?:forces|troops)\s+(?:will|would|could|are|were)\b|"
    # "“coalition of the willing” planning teams would ...": the coalition's own planners
    r"\bcoalition(?:\s+of\s+the\s+willing)?[”\"’]?\s+(?:planning\s+)?(?:teams|members|leaders|"
    r"planners|partners)\s+(?:will|would|have|has|are|were)\b|"
    # "announced the creation of a coalition of the willing to provide air and ground forces"
    r"\bcoalition(?:\s+of\s+the\s+willing)?[”\"’]?\s+(?:that\s+(?:would|will)\s+|to\s+)"
    r"(?:provide|send|deploy|supply|contribute|offer|field|put)\b", _I)
#: "the force does not have the objective of waging war": says what the force is not for, not
#: that anyone will not contribute.
_NO_WAR = re.compile(r"\b(?:(?:does|do|did|will|would|is|are)\s+not|(?:doesn|don|didn|won|"
                     r"wouldn|isn|aren)[’']t)\s+(?:have\s+the\s+(?:will|"
                     r"intention|objective|aim|goal)|intend|intended|meant|designed|seek|aim|"
                     r"there)\b[^.;]{0,60}?\b(?:wag\w+|"
                     r"fight\w*|war|combat)\b[^.;,“”\"]*", _I)
#: What Russia says of a plan is not the contributor's stance ("a plan Russia would never accept").
_OTHER_SIDE = re.compile(r",?\s*(?:a (?:plan|move|idea|step|proposal) |which |that )?(?:Russia|"
                         r"Moscow|the Kremlin)(?:[’']s)?\s+(?:has|have|had|would|will|says?|said|"
                         r"made|rejects?|rejected|warned|calls?)\b[^.;]{0,100}", _I)
#: Hosting, logistics and transit from home: with "will not send troops", the ledger's
#: ``only_outside`` (contributes, but not inside the protected state).
_LOGISTICS = re.compile(r"\blogistic\w*|\bhost(?:s|ed|ing)?\b|"
                        r"\b(?:logistics |aid |transit )?hub\b|"
                        r"\bfrom (?:our|its) (?:bases|territory)|"
                        r"\bour bases\b|\bsupport (?:those|the|other) countries\b|"
                        r"\btransfer of weapons|"
                        r"\b(?:offer|provid|open|make available)\w*\s+(?:its|our|their)\s+"
                        r"(?:airspace|ports|airports|airfields|bases|territory)\b", _I)
_DELIVERED = re.compile(r"\b(?:deliver\w*|donat\w+|hand(?:s|ed|ing)? over|transfer\w*)\b", _I)
_UKRAINE_AIR_DEFENCE = re.compile(r"\b(?:Ukraine[’']s|Ukrainian|Kyiv[’']s)\s+(?:own\s+)?"
                                  r"air[- ]defen[cs]es?\b", _I)
_AID_WORDS = re.compile(r"\b(?:donat\w+|export finance|buy|purchase|package|deliver\w*|"
                        r"supply|supplies|missiles|interceptors|transfer\w*)\b", _I)


#: Not saying something again is no stance ("did not reiterate his promise to put boots on the
#: ground", "did not provide the number of troops").
_NOT_SAID = re.compile(r"\b(?:did|does|do|would|will)\s+not\s+(?:reiterate|repeat|mention|specify|"
                       r"disclose|reveal|provide the number|give (?:a|any) number)\b|"
                       # "declined to reveal the size of the contingent": no stance either way
                       r"\b(?:declin|refus)\w*\s+to\s+(?:\w+\s+)?(?:reveal|disclose|specify|say|"
                       r"comment|confirm|elaborate|give details|name)\b|"
                       # "had not been asked to send troops": no one's stance yet
                       r"\b(?:not|never)\s+(?:yet\s+)?been\s+(?:asked|requested|invited)\b", _I)


def _bare(clause: str) -> str:
    """``clause`` without the enemy's forces, Russia's view and "not there to wage war" (each
    substitution only when its key word occurs: the same result, a fraction of the cost)."""
    low = clause.lower()
    if "ukrain" in low or "kyiv" in low:
        clause = _UKRAINE_OWN.sub(" Ukraine's own ", clause)
    if "russia" in low or "korea" in low:
        clause = _ENEMY.sub(" ", clause)
    if "fund" in low or "financ" in low:
        clause = _WAR_FUNDING.sub(" ", clause)
    if "russia" in low or "moscow" in low or "kremlin" in low:
        clause = _OTHER_SIDE.sub(" ", clause)
    if "not" in low or "n't" in low or "n’t" in low:
        clause = _NO_WAR.sub(" ", clause)
    return clause


def _fits(unit: str, mission: str) -> bool:
    if unit in ("EUR", "USD"):
        return mission in ("military_aid", "financing")
    if unit == "persons":
        return mission in ("land_in_protected_state", "forces_in_neighbouring_states",
                           "training")
    return _UNIT_MISSION.get(unit) == mission


#: Every quantity has a digit, a currency sign or a number word.
_QTY_HINT = re.compile(r"[\d€$]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                       r"twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen)\b", _I)
_Reading = tuple[str, str, str, "str | None", "Quantity | None", float, str]


#: A clause that only refuses what the clause before offered: "(while) Italy would not".
_ELLIPTIC_NOT = re.compile(
    r"^\s*(?:(?:and|but|while|whereas)\s+)?(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])"
    r"[\w.’'-]*){0,3}\s+(?:would|will|does|do|did|could|can|is|are|was|were)\s*(?:not|n[’']t)"
    r"\s*[.!]?\s*$|^\s*(?:(?:and|but|while|whereas)\s+)?(?:the\s+)?(?-i:[A-Z])[\w.’'-]*"
    r"(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}\s+(?:won[’']t|cannot)\s*[.!]?\s*$", _I)
#: "with Washington already ruling out such a move": a refusal of what the clause before named.
_WITH_REFUSAL = re.compile(
    r"^\s*with\s+(?P<np>(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3})\s+"
    r"(?:already\s+|also\s+)?(?:ruling out|refusing|rejecting|declining|opposing)\s+"
    r"(?:such an? \w+|it|this|that|the (?:idea|move|step|option|proposal))\b")
_WITH_REFUSAL_IN = re.compile(r",\s+" + _WITH_REFUSAL.pattern.removeprefix(r"^\s*"))
#: "Germany, which has ruled out sending ground troops, will provide air defence": the relative
#: clause is a statement of the same subject, read on its own.
_RELATIVE = re.compile(r"^(?P<subj>[^,;]{1,60}?),\s+(?:which|who)\s+(?P<rel>[^,;]{3,120}),\s+"
                       r"(?P<rest>.+)$", _I | re.DOTALL)


#: A relative clause closing a clause, after the noun phrase it describes.
_TRAILING_RELATIVE = re.compile(
    r"^(?P<head>.{3,}?(?P<np>(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}|"
    r"[\w-]+)),\s+(?:which|who)\s+(?P<rel>[^;]{3,200}?)[.!?”\"]*\s*$", re.DOTALL)


#: "While X has said ..., he has ruled out ...": a sentence opening with a concessive clause;
#: its main clause starts at the comma before a subject pronoun or name and its verb.
_CONCESSIVE_OPENING = re.compile(r"^\s*(?:While|Although|Though|Whereas)\b", _I)
_MAIN_AFTER = re.compile(r",\s+(?=(?:he|she|they|we|it|I|(?-i:[A-Z])[\w’'-]+)\s+(?:has|have|had|is|"
                         r"are|was|were|will|would|also|did|does|do)\b)")


def _split_concession(parts: list[str]) -> list[str]:
    """:data:`_SPLIT`'s clauses ``parts``, a concessive opening clause apart from its main
    clause, so the main clause's negation does not reach the concession's offer."""
    out: list[str] = []
    for clause in parts:
        if clause and _CONCESSIVE_OPENING.match(clause):
            out += _MAIN_AFTER.split(clause, maxsplit=1)
        else:
            out.append(clause)
    return out


def _clauses(text: str, parts: list[str] | None = None) -> list[str]:
    """:data:`_SPLIT`'s clauses of ``text``, a relative clause after a subject made a clause of
    its own with that subject ("Germany has ruled out ...", "Germany will provide ...").

    Examples
    --------
    >>> _clauses("Germany, which has ruled out sending troops, will provide air defence")
    ['Germany has ruled out sending troops', 'Germany will provide air defence']
    """
    out: list[str] = []
    for clause in _split_concession(_SPLIT.split(text) if parts is None else parts):
        m = _RELATIVE.match(clause) if clause and ", wh" in clause else None
        if m is not None:
            out += [f"{m['subj']} {m['rel']}", f"{m['subj']} {m['rest']}"]
            continue
        t = _TRAILING_RELATIVE.match(clause) if clause and ", wh" in clause else None
        if t is None:
            out.append(clause)
        elif _np_actors(t["np"]):
            # "... coordinated with the United States, which has ruled out sending troops":
            # the relative clause is the named country's own statement.
            out += [t["head"], f"{t['np']} {t['rel']}"]
        elif _WILL_NOT.search(t["rel"]) and not _WILL_NOT.search(t["head"]):
            # "would require a clear mandate for the forces, which cannot be defined yet":
            # a negation inside the relative clause does not negate the main clause.
            out.append(t["head"])
        else:
            out.append(clause)
    return out


def _read(text: str, previous: str = "", anchored: bool = False,
          whole: set[str] | None = None) -> list[_Reading]:
    """(actor override or "", mission, stance, condition, quantity, cue confidence, clause) per
    mission stated in ``text`` (the speaker-independent part, cached per sentence).

    ``previous`` is the sentence before: a clause that refers back to what it said ("ready to
    do this", "this scenario has been considered") takes its missions. ``anchored``: the
    caller found :data:`_ANCHOR` in ``text`` (a clause that is the whole text is not scanned
    for it again). ``whole``: the :func:`~guarantor.ingest.cues.scan` of ``text``, when the
    caller has it."""
    out: dict[tuple[str, str], _Reading] = {}
    prev = ""
    last: list[str] = []  # the missions of the last clause read
    if whole is None:
        whole = scan(fold(text))  # the cue words of the sentence, found in one pass
    back = _missions(_bare(previous), []) if previous and _G_ANAPHOR.search(text, whole) \
        else []
    parts = _G_SPLIT.split(text, whole)  # read once, for the clauses and for their siblings
    for clause in _clauses(text, parts):
        before, prev = prev, clause or ""
        # The cue words of the clause: each scan below runs only where its words occur.
        hits = whole if clause == text else scan(fold(clause))
        if back and clause and _G_ANAPHOR.search(clause, hits) \
                and not _mission_hits(_bare(clause)):
            _read_anaphor(out, clause, back)
            continue
        if clause and last and _ELLIPTIC_NOT.match(clause):
            # "France would send troops, while Italy would not": the missions of the clause
            # before, refused by this clause's subject.
            for one in subject_actors(clause):
                for mission in last:
                    out.setdefault((one, mission), (one, mission, "will_not", None, None, 0.9,
                                                    clause.strip()))
            continue
        refusal = _WITH_REFUSAL.match(clause) if clause and last and "with" in clause else None
        if refusal is not None:
            # "Few nations have promised ground troops, with Washington already ruling out such
            # a move": the clause before's missions, refused by the named country.
            for one in _np_actors(refusal["np"]):
                for mission in last:
                    out.setdefault((one, mission), (one, mission, "will_not", None, None, 0.9,
                                                    clause.strip()))
            continue
        if (clause and before and _G_SUBJECTLESS.match(clause, hits)
                and (_G_CONDITIONAL.search(clause, hits) or _G_WILL_NOT.search(clause, hits))
                and not _mission_hits(_bare(clause))):
            # "had not been asked to send troops but would consider any request": a clause
            # without subject or mission states the previous clause's subject's stance on it.
            _read_elliptic(out, clause, before)
            continue
        if not clause or not clause.strip() or (
                not (anchored and clause == text) and _G_ANCHOR.search(clause, hits) is None):
            continue
        if ("not" in clause or "to " in clause) and _G_NOT_SAID.search(clause, hits):
            continue  # "did not reiterate his promise to ...": no stance either way
        if _G_PREMATURE.search(clause, hits):
            continue  # "too early to talk about sending troops": no stance either way
        if "discuss" in clause and _G_DISCUSSING.search(clause, hits):
            continue  # "planners were discussing offering support": talks, no stance yet
        commits = _G_COMMIT.search(clause, hits) is not None
        hint = None if commits else _G_QTY_HINT.search(clause, hits) is not None
        if hint is False:
            continue  # neither a commitment nor a number: nothing offered here
        bare = _bare(clause)
        same = bare == clause  # nothing substituted: the scans of the clause hold for ``bare``
        bare_hits = hits if same else scan(fold(bare))
        if hint is None or not same:
            hint = _G_QTY_HINT.search(bare, bare_hits) is not None
        qty = quantities(bare) if hint else []
        if not (qty or (commits and (same or _G_COMMIT.search(bare, bare_hits)))):
            continue
        missions = _missions(bare, qty, bare_hits)
        if not missions:
            continue
        last = missions
        actor = "COALITION" if _G_COALITION_SUBJECT.search(bare, bare_hits) else ""
        if not actor:
            subject = _reported_subject(clause, hits)
            if subject and _G_OBLIGATION.search(clause, hits) and subject_actors(clause) not in (
                    (), subject):
                continue  # "Sikorski said the EU will have to deploy forces": a wish for others
            subject = subject or subject_actors(clause)
            if not subject and before and _SUBJECTLESS.match(clause):
                # "Trump has signalled he is willing to ..., but has ruled out sending US
                # troops": a clause without a subject shares the previous clause's.
                subject = _reported_subject(before) or subject_actors(before)
            if not subject and _G_THEY.search(clause, hits):
                continue  # "they had confirmed ...": others' position, not the speaker's
            if not subject and _group_subject(clause):
                continue  # "European countries are ready to ...": no single actor's position
            if not subject and _force_subject(clause):
                continue  # "the force does not intend to ...": the force, no one's offer
            actor = "+".join(subject)
        for mission in missions:
            if (actor, mission) in out:
                continue
            stance, condition, conf = stance_of_clause(bare, mission, bare_hits)
            if stance == "will_contribute":
                # "..., adding that the decision would require a vote in parliament": the
                # condition is stated in a clause of its own, without the mission's words.
                sibling = _sibling_condition(text, clause, actor, parts)
                if sibling is not None:
                    stance, condition, conf = "conditional", sibling, 0.75
            if condition == "other":
                # "may send ... if asked, but it is premature before a ceasefire": the named
                # condition can sit in another clause of the sentence without its own subject.
                condition = _named_condition(text, clause, parts) or "other"
            q = next((x for x in qty if _fits(x.unit, mission)), None)
            if q is not None and stance == "will_not":
                q = None  # the ledger: a will_not position carries no pledged quantity
            out[(actor, mission)] = (actor, mission, stance, condition, q, conf, clause.strip())
    return list(out.values())


#: What a speaker says another actor must do is no position of that actor (the key's rule).
_OBLIGATION = re.compile(r"\b(?:must|should|ought to|(?:has|have|had|need|needs)\s+to|"
                         r"(?:will|would)\s+(?:\w+\s+)?(?:have|need)\s+to)\b", _I)


#: A clause that refers back to the offer of the sentence before ("ready to do this", "this
#: scenario has been considered", "such a step").
_ANAPHOR = re.compile(r"\b(?:do (?:so|this|that|it)\b|"
                      r"(?:opposed|rejected|refused|dismissed) (?:it|this|that|the (?:idea|plan|"
                      r"proposal))\b|(?:this|that|such an?|such) "
                      r"(?:scenario|option|step|idea|possibility|plan|proposal|move|deployment|"
                      r"mission)\b)", _I)


def _read_anaphor(out: dict[tuple[str, str], _Reading], clause: str, missions: list[str]) -> None:
    """Readings of a clause whose offer is the sentence before's (``missions``): its own
    subject, stance and condition."""
    actor = "COALITION" if _COALITION_SUBJECT.search(clause) else "+".join(
        _reported_subject(clause) or subject_actors(clause))
    if not actor:
        return
    for mission in missions:
        stance, condition, conf = stance_of_clause(_bare(clause), mission)
        out.setdefault((actor, mission), (actor, mission, stance, condition, None, conf,
                                          clause.strip()))


def _read_elliptic(out: dict[tuple[str, str], _Reading], clause: str, before: str) -> None:
    """Readings of a clause without subject or mission: the clause before's subject and
    missions, this clause's stance."""
    missions = _missions(_bare(before), [])
    subject = _reported_subject(before) or subject_actors(before)
    if not (missions and subject):
        return
    actor = "+".join(subject)
    for mission in missions:
        stance, condition, conf = stance_of_clause(_bare(clause), mission)
        out.setdefault((actor, mission), (actor, mission, stance, condition, None, conf,
                                          clause.strip()))


def contributions_of(statement: Quote,
                     _memo: dict[str, list[_Reading]] | None = None
                     ) -> list[ContributionProposal]:
    """Contribution positions stated in one quote or indirect statement (one per mission).

    Parameters
    ----------
    statement : Quote
        A direct quote (read with its sentence) or an indirect statement.

    Returns
    -------
    list of ContributionProposal
    """
    from guarantor.ingest.positions import _one_sentence

    if statement.actor in NOT_CONTRIBUTORS and _REPORTED.search(statement.context) is None:
        return []
    # The whole sentence, for indirect statements too: "X will not send troops, Y said on
    # Thursday, adding that X will train soldiers" states two positions.
    text = statement.context
    if _memo is not None and text in _memo:
        reads = _memo[text]
    else:
        hits = scan(fold(text))
        reads = _read(text, anchored=True, whole=hits) if _G_ANCHOR.search(text, hits) else []
        if _memo is not None:
            _memo[text] = reads
    if not reads:
        return []
    if statement.actor is None or statement.actor in NOT_CONTRIBUTORS:
        # A speaker of no known country ("a government spokesperson"), or Kyiv or Moscow
        # reporting others ("26 countries pledged ..."), still reports the positions of the
        # countries that are its clauses' subjects.
        reads = [r for r in reads if r[0] and r[0] != statement.actor]
        if not reads:
            return []
    quote = _one_sentence(statement)
    return [
        ContributionProposal(
            actor=one or statement.actor, speaker=statement.speaker, role=statement.role,
            mission=mission, stance=stance, condition=condition,
            quantity=None if q is None else q.value, unit=None if q is None else q.unit,
            quantity_text=None if q is None else q.text, quote=quote, evidence=clause,
            confidence=round(max(0.05, statement.confidence * conf), 2), kind=statement.kind)
        for actor, mission, stance, condition, q, conf, clause in reads
        for one in (actor.split("+") if actor else [""])
    ]


#: Word stems one of which every mission cue and quantity contains: a cheap pre-filter before
#: the cue patterns (a sentence with none of them states no contribution).
_ANCHOR = re.compile(
    # The look-ahead for the cues' first letters skips other positions at once (about 1.5-2x
    # faster, same result; keep it a superset of the first letters when adding a cue).
    r"(?=[abcdefgijlmnprstuvwy€$])"
    r"\b(?:troop|soldier|boots|force|deploy|personnel|peacekeep|contingent|brigade|battalion|unit|"
    r"compan|military|servicem|service m|aircraft|jet|fighter|plane|f-\d|rafale|typhoon|gripen|"
    r"air|tanker|awacs|sk(?:y|ies)|patriot|samp|iris|nasams|batter|missile|anti-aircraft|navy|"
    r"naval|maritime|sea\b|mine|demining|frigate|warship|ship|vessel|train|instructor|regenerat|"
    r"weapon|arms\b|ammunition|shell|munition|drone|equip|aid\b|package|defen[cs]e package|"
    r"financ|fund|loan|billion|million|euro|dollar|budget|pay|contribution|staff|eur\b|usd\b|"
    r"money|presence|engineer|paratroop|marines|infantr|battle ?group|mission)"
    r"|[€$]", _I)


def propose_contributions(statements: list[Quote],
                          memo: dict[str, list[_Reading]] | None = None
                          ) -> list[ContributionProposal]:
    """Contribution positions of an article, one per (actor, mission): the most confident wins.

    A proposal with a quantity beats one without at equal confidence. ``memo`` holds the
    readings of sentences already read (shared with :func:`narrator_statements`).
    """
    best: dict[tuple[str, str], ContributionProposal] = {}
    order: list[tuple[str, str]] = []
    said: dict[str, list[str]] = {}  # actor -> sentences, for the only-outside reading
    memo = {} if memo is None else memo
    conditions: dict[tuple[str, str], dict[str, ContributionProposal]] = {}
    refused: dict[tuple[str, str], ContributionProposal] = {}
    for st in statements:
        if st.speaker is None:
            continue
        if st.actor is not None:
            said.setdefault(st.actor, []).append(st.context)
        for c in contributions_of(st, memo):
            # The clause's own subject ("the United Kingdom emphasized ...") wins over the
            # speaker's country; a joint speaker gives the position to each of its actors.
            actors = (c.actor,) if c.actor != st.actor else (st.actor, *st.co_actors)
            for actor in actors:
                if actor in NOT_CONTRIBUTORS:
                    continue
                p = c if actor == c.actor else _with_actor(c, actor)
                k = (actor, c.mission)
                if k not in best:
                    order.append(k)
                    best[k] = p
                elif _rank(p) > _rank(best[k]):
                    best[k] = p
                if p.stance == "conditional" and p.condition is not None:
                    conditions.setdefault(k, {}).setdefault(p.condition, p)
                if p.stance == "will_not":
                    refused.setdefault(k, p)
    out = [best[k] for k in order]
    # "Germany opposed it. However, Germany's defence minister later said he was open to ...":
    # a refusal and an opening stated in different sentences are two positions (the key's rule).
    out += [refused[k] for k in order if k in refused and best[k].stance == "conditional"
            and refused[k].quote != best[k].quote]
    out = [_with_stance(p, "only_outside") if p.stance == "will_not"
           and p.mission == "land_in_protected_state"
           and any(_LOGISTICS.search(t) for t in set(said.get(p.actor or "", ()))) else p
           for p in out]
    return _coalition_condition(_further_conditions(out, conditions))


def _further_conditions(out: list[ContributionProposal],
                        conditions: dict[tuple[str, str], dict[str, ContributionProposal]]
                        ) -> list[ContributionProposal]:
    """One entry per stated condition: "would require a Bundestag mandate" and "depends on the
    U.S. engagement" are two conditions for the same actor and mission (the key's rule). A
    vague condition ("other": "if necessary", "would consider") is an entry of its own beside a
    specific one when another sentence states it, and dropped when the specific one's sentence
    does (the key's rule: "If a ceasefire develops, we are open to ..." is one condition)."""
    result: list[ContributionProposal] = []
    for p in out:
        stated = conditions.get((p.actor or "", p.mission), {})
        if p.stance != "conditional" or len(stated) < 2:
            result.append(p)
            continue
        specific = [c for c in stated if c != "other"]
        keep = specific or list(stated)
        if specific and "other" in stated \
                and all(stated[c].quote != stated["other"].quote for c in specific):
            keep = [*specific, "other"]
        first = p if p.condition in keep else stated[keep[0]]
        result.append(first)
        result.extend(stated[c] for c in keep if c != first.condition)
    return result


def _coalition_condition(out: list[ContributionProposal]) -> list[ContributionProposal]:
    """The coalition's land, air and sea presence is one force: a condition stated for one
    domain ("ready to take part ... in the event of a peace deal") holds for the others the
    article names without one."""
    cond = next((p for p in out if p.actor == "COALITION" and p.stance == "conditional"
                 and p.mission in _DOMAIN_MISSIONS), None)
    if cond is None:
        return out
    from dataclasses import replace

    return [replace(p, stance="conditional", condition=cond.condition)
            if p.actor == "COALITION" and p.mission in _DOMAIN_MISSIONS
            and p.stance == "will_contribute" else p for p in out]


def _rank(p: ContributionProposal) -> tuple[int, float, bool]:
    """A stated condition is more specific than a bare will: it wins, then confidence."""
    return (p.stance == "conditional", p.confidence, p.quantity is not None)


def _with_stance(p: ContributionProposal, stance: str) -> ContributionProposal:
    from dataclasses import replace

    return replace(p, stance=stance, condition=None)


def _with_actor(c: ContributionProposal, actor: str) -> ContributionProposal:
    from dataclasses import replace

    return replace(c, actor=actor)


__all__ = ["CONDITION_CUES", "MISSION_CUES", "ContributionProposal", "Quantity",
           "contributions_of", "narrator_statements", "propose_contributions", "quantities",
           "stance_of_clause", "subject_actors"]


# -- whose position: the clause's subject ------------------------------------------------------

#: Sentence adverbials before a clause's subject ("Earlier, Germany stated ...").
_LEAD = re.compile(
    r"^\s*[•*-]?\s*(?:[A-Z][A-Z ,.]+(?:\([^)]{1,30}\)|/[A-Z]+/\.?)\s*[-–—]?\s*)?"  # dateline
    r"(?:(?:according to [^,;]{2,80}|and|but|so|yet|also|earlier|however|meanwhile|recently|"
    r"previously|now|instead|still|separately|moreover|additionally|in addition|"
    r"at the same time|on the other hand|"
    r"for (?:its|their) part|on \w+\.?(?: \d{1,2})?|in \w+|last \w+|this \w+|"
    r"(?:un)?like [^,;]{1,40}|speaking [^,;]{1,60}|both|"
    # "another Baltic republic, Lithuania, also announced": an apposition before the name
    r"(?:another|fellow|neighbou?ring) (?:[\w-]+ ){0,2}?(?:republic|country|state|nation|member|"
    r"ally|neighbou?r)(?=,)),?\s+)*", _I)
#: The dateline part of :data:`_LEAD`: it needs "(" or "/", so a clause with neither is read by
#: the same pattern without it (the same match, without the dateline's backtracking over the
#: whole clause).
_DATELINE = r"(?:[A-Z][A-Z ,.]+(?:\([^)]{1,30}\)|/[A-Z]+/\.?)\s*[-–—]?\s*)?"
_LEAD_PLAIN = re.compile(_LEAD.pattern.replace(_DATELINE, "", 1), _LEAD.flags)


def _lead(clause: str) -> re.Match[str] | None:
    """:data:`_LEAD`'s match at the start of ``clause``."""
    return (_LEAD if "(" in clause or "/" in clause else _LEAD_PLAIN).match(clause)


_NP_WORD = (r"(?:the\s+)?(?-i:[A-Z])[\w.’'ʼ-]*(?:\s+(?:of\s+the\s+|of\s+)?(?-i:[A-Z])[\w.’'ʼ-]*)"
            r"{0,4}(?:(?:(?<=Baltic)|(?<=Nordic))\s+(?:states|countries))?")
#: "Germany's defence minister": a country's office holder speaks for the country.
_POSS_ROLE = (r"(?-i:[A-Z])[\w.-]*[’'ʼ]s\s+(?:[\w-]+\s+){0,2}?(?:minister|ministry|government|"
              r"president|chancellor|premier|leader|spokes(?:man|woman|person)|cabinet)")
#: A subject noun phrase (one name, or a list "the U.K. and France") and its verb.
_SUBJECT = re.compile(
    rf"(?P<np>{_POSS_ROLE}|{_NP_WORD}(?:(?:,\s+|,?\s+and\s+){_NP_WORD})*)"
    # "Meloni, in addition, has ...": a parenthetical in lower case between subject and verb.
    r"(?:,\s+(?-i:[a-z])[\w’'-]*(?:\s+[\w’'-]+){0,3},)?(?:,(?=\s+(?:also|too)\b))?\s+"
    r"(?:(?:also|explicitly|already|clearly|officially|now|still|previously|repeatedly|"
    r"reportedly|not|has|have|had|earlier|once again|again|later|then|first|recently|"
    r"publicly|also|immediately|quickly|swiftly|firmly|strongly|flatly|categorically)\s+)*"
    r"(?:is|are|was|were|will|would|could|may|might|can|cannot|does|do|did|has|have|had|"
    r"intends?|plans?|stated|states|said|says|emphasi[sz]ed|stressed|confirmed|signall?ed|"
    r"announced|pledged|offered|agreed|ruled|refused|declined|promised|vowed|committed|"
    r"expressed|held|backed|wants?|won[’']t|doesn[’']t|isn[’']t|became|becomes|revealed|"
    r"excluded|rejected|dismissed|reiterated|insisted|reaffirmed|acknowledged|indicated|"
    r"clarified|explained|opposes|opposed|"
    r"intends|aims)\b", _I)
#: "Kyiv's other allies, including the U.K. and France, have signalled they may send ...".
_INCLUDING = re.compile(
    rf"^[^,;]{{1,60}},\s+including\s+(?P<np>{_NP_WORD}(?:(?:,\s+|,?\s+and\s+){_NP_WORD})*),\s+"
    r"(?:have|has|had|are|were|will|would|may|could|say|said)\b", _I)
_LIST_SPLIT = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_LIST_NP = rf"(?P<np>{_NP_WORD}(?:(?:,\s+|,?\s+and\s+){_NP_WORD})*)"
#: "Several members of the bloc have refused to send troops, including Germany and Spain": a
#: group subject whose members the clause then names.
_GROUP_HEAD = re.compile(r"(?:[\w-]+\s+){0,3}?(?:countries|nations|allies|partners|states|"
                         r"members|governments|capitals|Europeans)\b", _I)
_TRAILING_LIST = re.compile(rf",\s+(?:including|such as|among them|notably|namely)\s+{_LIST_NP}"
                            r"(?=\s*(?:[,.;:]|$))", _I)
#: "Opposition to sending troops comes from Germany, Italy and Spain": the stance's holders
#: named after the noun that states it.
_FROM_LIST = re.compile(rf"(?:the\s+)?(?:opposition|objections?|resistance|refusals?|support|"
                        rf"backing|offers?|pledges?)\s+(?:to|against|for)\b[^,;]{{1,80}}?\s+"
                        rf"(?:comes?|came|has come|have come)\s+from\s+{_LIST_NP}", _I)
#: "This option has been considered by the governments of Canada and Turkey": the agent of a
#: passive clause holds the position.
_BY_LIST = re.compile(rf"\b(?:has|have|had|was|were|is|are)\s+(?:also\s+)?been\s+\w+ed\s+by\s+"
                      rf"(?:the\s+)?(?:governments?\s+of\s+)?{_LIST_NP}", _I)
#: Capitals and seats of government that speak for a country as a clause subject.
_SEATS = {"athens": "GRC", "berlin": "DEU", "paris": "FRA", "london": "GBR", "warsaw": "POL",
          "rome": "ITA", "madrid": "ESP", "tallinn": "EST", "riga": "LVA", "vilnius": "LTU",
          "ottawa": "CAN", "canberra": "AUS", "dublin": "IRL", "washington": "USA",
          "the hague": "NLD", "copenhagen": "DNK", "stockholm": "SWE", "helsinki": "FIN",
          "oslo": "NOR", "prague": "CZE", "bucharest": "ROU", "zagreb": "HRV", "sofia": "BGR",
          "lisbon": "PRT", "vienna": "AUT", "budapest": "HUN", "bratislava": "SVK",
          "tokyo": "JPN", "wellington": "NZL", "ankara": "TUR", "brussels": "EU",
          "downing street": "GBR", "the white house": "USA", "the pentagon": "USA",
          "the elysee": "FRA", "the élysée": "FRA"}
_COALITION_NAMES = re.compile(r"^(?:the\s+)?coalition(?:\s+of\s+the\s+willing)?$", _I)


def _np_actor(np: str) -> str | None:
    from guarantor.data.actors import actors

    part = np.strip().rstrip(".,")
    owner = re.match(r"(.+?)[’'ʼ]s\s+\S", part)
    if owner is not None and re.fullmatch(_POSS_ROLE, part):
        part = owner.group(1)  # "Germany's defence minister" speaks for Germany
    if _COALITION_NAMES.match(part):
        return "COALITION"
    hit = actors().actor_for(part)
    if hit is not None:
        return hit
    low = part.lower()
    seat = _SEATS.get(low) or _SEATS.get(low.removeprefix("the "))
    if seat is not None:
        return seat
    # A known person speaks for their country ("President Trump has signalled ...").
    from guarantor.ingest.speakers import split_title_name

    _, name = split_title_name(part)
    words = name.split()
    for i in range(len(words)):  # "Tánaiste Simon Harris": the longest known name at the end
        known = actors().speaker_for(" ".join(words[i:]))
        if known is not None:
            return known.actor
    return None


def subject_actors(clause: str) -> tuple[str, ...]:
    """Countries (or the coalition) that are the subject of ``clause``, in order; () if none.

    "Earlier, Germany stated that ...", "the United Kingdom explicitly emphasized its
    readiness ...", "Athens does not intend to ...", "Kyiv's other allies, including the U.K.
    and France, have signalled ...": a position stated for a country, whoever reports it. A
    known person speaks for their country; a subject that is not wholly countries, the
    coalition or known people ("Macron and other leaders", "Officials") gives ().

    Examples
    --------
    >>> subject_actors("Earlier, Germany stated that it does not rule out sending troops")
    ('DEU',)
    >>> subject_actors("allies, including the U.K. and France, have signalled they may send")
    ('GBR', 'FRA')
    >>> subject_actors("Macron said troops would go"), subject_actors("Officials said so")
    (('FRA',), ())
    """
    lead = _lead(clause)
    body = clause[lead.end():] if lead else clause
    # Each scan only where its pre-filter says it can match (the same result, fewer scans).
    folded = fold(body)
    m = (_INCLUDING.match(body) if may_match(_INCLUDING_NEEDS, folded) else None) \
        or _SUBJECT.match(body)
    found = _np_actors(m.group("np")) if m is not None else ()
    if found:
        return found
    # No named subject: the holders may be named later in the clause (a group's members, the
    # source of a stated opposition, the agent of a passive).
    if may_match(_GROUP_HEAD_NEEDS, folded) and _GROUP_HEAD.match(body):
        m = _TRAILING_LIST.search(body)
    else:
        m = (_FROM_LIST.match(body) if may_match(_FROM_LIST_NEEDS, folded) else None) \
            or (_BY_LIST.search(body) if " been " in body else None)
    return _np_actors(m.group("np")) if m is not None else ()


#: Named groups of countries that a list may hold ("Britain, France and the Baltic states").
_COUNTRY_GROUPS = {"the baltic states": ("EST", "LVA", "LTU"), "the baltics": ("EST", "LVA", "LTU"),
                   "baltic states": ("EST", "LVA", "LTU"),
                   "the nordic countries": ("DNK", "FIN", "ISL", "NOR", "SWE"),
                   "nordic countries": ("DNK", "FIN", "ISL", "NOR", "SWE")}


def _np_actors(np: str) -> tuple[str, ...]:
    """The actors of a subject noun phrase (one name or a list); () unless every part is one."""
    found: list[str] = []
    for part in _LIST_SPLIT.split(np):
        group = _COUNTRY_GROUPS.get(part.strip().rstrip(".,").lower())
        for actor in group or (_np_actor(part),):
            if actor is None:
                return ()
            if actor not in found:
                found.append(actor)
    return tuple(found)


_SUBJECTLESS = re.compile(r"\s*(?:has|have|had|will|would|is|are|was|were|also|did|does|"
                         r"ruled|said|says|refused|declined|pledged|offered)\b", _I)
#: A reported clause whose subject is "they" (others, named before).
_THEY = re.compile(r"\b(?:said|says|replied|stated|added|noted)\s+(?:only\s+)?(?:that\s+)?"
                   r"they\s+(?:had|have|would|will|were|are|could)\b", _I)
_REPORTED = re.compile(r"\btold\s+(?:[\w.’'-]+\s+){1,4}?that\s+|"
                       r"\b(?:said|says|stated|states|added|noted|confirmed|announced|"
                       r"emphasi[sz]ed|stressed|insisted|declared|reiterated|reaffirmed|"
                       r"acknowledged|indicated|clarified|explained)"
                       # "said on Thursday that ...": the day of the statement, then its clause
                       r"(?:\s+(?:on|last|this)\s+\w+(?:\s+\d{1,2})?)?[,\s]+(?:that\s+)?",
                       _I)


def _reported_subject(clause: str, hits: set[str] | None = None) -> tuple[str, ...]:
    """Countries that are the subject of a reported clause ("Tusk said Poland will ...").
    ``hits``: the clause's :func:`~guarantor.ingest.cues.scan`, when the caller has it."""
    if hits is not None and not _G_REPORTED.open(hits):
        return ()
    for m in _REPORTED.finditer(clause):
        found = subject_actors(clause[m.end():])
        if found:
            return found
    return ()


#: A subject that is a group of unnamed countries ("European countries", "other allies",
#: "Western partners"): what they will do is no single actor's position (the key's rule), and
#: not the speaker's country's either. "26 countries" (a count) is the coalition, read before.
_GROUP = re.compile(
    r"(?:the\s+|some\s+|other\s+|several\s+|many\s+|most\s+|all\s+|our\s+|few\s+|a\s+few\s+|"
    r"(?:Ukraine|Kyiv)"
    r"[’']s\s+)*(?:(?:European|Western|Nordic|Baltic|NATO|EU|allied|partner|other|"
    r"non-European|like-minded)\s+)*(?:countries|nations|allies|partners|states|governments|"
    r"capitals|member states|Europeans)\b(?!\s+(?:such as|like|including)\b)", _I)


def _group_subject(clause: str) -> bool:
    """Whether the subject of ``clause`` (or of its reported clause) is a group of unnamed
    countries.

    Examples
    --------
    >>> _group_subject("European countries are ready to send troops")
    True
    >>> _group_subject("Macron said other allies would send troops")
    True
    >>> _group_subject("France is ready to send troops")
    False
    """
    lead = _lead(clause)
    bodies = [clause[lead.end():] if lead else clause]
    bodies += [clause[m.end():] for m in _REPORTED.finditer(clause)]
    return any(_GROUP.match(b) for b in bodies)


#: A clause about the force itself or its planning ("the force will not wage war", "the
#: formation of a contingent is not intended ...", "planning for a force will move on"): what
#: the force is or does, not what the speaker's country offers.
_FORCE_HEAD = re.compile(
    r"(?:(?:the\s+)?(?:formation|creation|deployment|planning|plans|preparations?|work)\s+"
    r"(?:of|for|on)\s+)?(?:the|this|that|such\s+an?|an?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:force|forces|contingent|mission|operation)\b", _I)


def _force_subject(clause: str) -> bool:
    """Whether the subject of ``clause`` (or of its reported clause) is the force itself.

    Examples
    --------
    >>> _force_subject("Macron said that the force does not intend to wage war")
    True
    >>> _force_subject("France will send troops to the force")
    False
    """
    lead = _lead(clause)
    bodies = [clause[lead.end():] if lead else clause]
    bodies += [clause[m.end():] for m in _REPORTED.finditer(clause)]
    return any(_FORCE_HEAD.match(b.lstrip("“\"‘'")) for b in bodies)


#: Reports of what others say or suppose are not a country's stated position.
_SPECULATION = re.compile(r"\b(?:reportedly|allegedly|reports? (?:suggest|say|said)|"
                          r"reports? (?:by|from) [^,;]{1,60}? (?:indicate|suggest|say)|"
                          r"media (?:reported|report|say)|rumou?r\w*|speculat\w+)\b", _I)


def narrator_statements(text: str, start: int = 0,
                        sentences: list[tuple[int, int]] | None = None,
                        memo: dict[str, list[_Reading]] | None = None) -> list[Quote]:
    """The narrator's reports of a country's position, as statements of that country.

    "Earlier, Germany stated that it does not rule out ...", "Athens does not intend to send
    ...": the key (and the ledger) record these as the country's positions though no person is
    quoted. One statement per sentence from ``start`` on whose clause subject is a country or
    the coalition and that names a contribution cue; confidence 0.5, so a quoted or attributed
    statement of the same position wins. ``sentences`` (character spans) saves splitting the
    text again when the caller has them; ``memo`` (shared with :func:`propose_contributions`)
    reads each sentence once.
    """
    from guarantor.data.actors import actors
    from guarantor.ingest.text import sentence_spans

    if sentences is None:
        sentences = []
        offset = 0
        for para in text.split("\n\n"):
            sentences.extend((offset + a, offset + b) for a, b in sentence_spans(para))
            offset += len(para) + 2
    out: list[Quote] = []
    for i, (a, b) in enumerate(sentences):
        if a < start:
            continue
        sentence = text[a:b]
        if memo is not None and sentence in memo:
            reads = memo[sentence]
        elif not (subject_actors(sentence) or (may_match(_COALITION_NEEDS, fold(sentence))
                                               and _COALITION_SUBJECT.search(sentence))
                  or (", with " in sentence and _WITH_REFUSAL_IN.search(sentence))):
            continue  # a narrator's report opens with its subject: a cheap test first
        else:
            hits = scan(fold(sentence))  # its cue words, found in one pass
            if _G_ANAPHOR.search(sentence, hits) is not None:
                reads = _read(sentence, _referent(text, sentences, i), whole=hits)
            elif _G_ANCHOR.search(sentence, hits) is not None:
                reads = _read(sentence, anchored=True, whole=hits)
            else:
                reads = []
            if memo is not None:
                memo[sentence] = reads
        first = next((r[0].split("+")[0] for r in reads if r[0]), None)
        if first is None or _SPECULATION.search(sentence):
            continue
        name = "the coalition" if first == "COALITION" else actors().name(first)
        out.append(Quote(text=sentence, start=a, end=b, kind="indirect", speaker=name,
                         mention=name, actor=first, role=None, anonymous=False,
                         outlet=None, context=sentence, context_start=a, confidence=0.5,
                         rule="narrator"))
    return out


def _referent(text: str, sentences: list[tuple[int, int]], i: int) -> str:
    """The sentence before sentence ``i`` that a clause referring back means: the one before
    it, or further back past sentences that only refer back themselves. Indexed from ``i``
    down (a copy of ``sentences[:i]`` per call made a long input quadratic)."""
    for j in range(i - 1, -1, -1):
        a, b = sentences[j]
        sentence = text[a:b]
        if not (_ANAPHOR.search(sentence) and not _mission_hits(_bare(sentence))):
            return sentence
    return ""


# These scans start with a look-ahead for the characters their matches can start with
# (text.first_char_guard): the same matches, found with fewer tries per position. Only
# where it was measured to pay on news text (alternations of many words); a pattern that
# starts with a character class or rarely tries its branches gains nothing.
(
    _MISSION_ANY, _COMMIT, _WILL_NOT, _DOUBLE_NEG, _LITOTES, _OUTSIDE, _CONDITIONAL, _COUNT,
    _MONEY, _SPLIT, _DOMAINS, _COALITION_SUBJECT, _NO_WAR, _OTHER_SIDE, _LOGISTICS,
    _AID_WORDS, _NOT_SAID, _QTY_HINT, _LIST_SPLIT, _SUBJECTLESS, _THEY, _REPORTED,
    _SPECULATION,
) = first_char_guards(
    _MISSION_ANY, _COMMIT, _WILL_NOT, _DOUBLE_NEG, _LITOTES, _OUTSIDE, _CONDITIONAL, _COUNT,
    _MONEY, _SPLIT, _DOMAINS, _COALITION_SUBJECT, _NO_WAR, _OTHER_SIDE, _LOGISTICS,
    _AID_WORDS, _NOT_SAID, _QTY_HINT, _LIST_SPLIT, _SUBJECTLESS, _THEY, _REPORTED,
    _SPECULATION,
)
# The issue-20 session-6 cues, guarded the same way (scanned once per narrator sentence).
_ANAPHOR, _US_CONDITION, _OBLIGATION, _BY_LIST = first_char_guards(
    _ANAPHOR, _US_CONDITION, _OBLIGATION, _BY_LIST)

# Scans not guarded above (their own look-ahead, or used with match()), recompiled with their
# alternations factored (text.factor_alternatives: same matches, fewer branch tries; 1.3-2x
# on these, measured on the founding reports).
_ANCHOR, _FORCE_PAID, _GROUP, _STRONG_CONDITION, _SUBJECT = (
    factor_alternatives(p) for p in (_ANCHOR, _FORCE_PAID, _GROUP, _STRONG_CONDITION, _SUBJECT))
for _mission, _cue in MISSION_CUES.items():
    MISSION_CUES[_mission] = factor_alternatives(_cue)
CONDITION_CUES = tuple((cond, factor_alternatives(p)) for cond, p in CONDITION_CUES)
#: Exact literal pre-filters (text.required_literals) of scans run on most sentences.
_INCLUDING_NEEDS = required_literals(_INCLUDING)
_GROUP_HEAD_NEEDS = required_literals(_GROUP_HEAD)
_FROM_LIST_NEEDS = required_literals(_FROM_LIST)
_COALITION_NEEDS = required_literals(_COALITION_SUBJECT)
_PREMATURE_NEEDS = required_literals(_PREMATURE)
_COUNT_NEEDS = required_literals(_COUNT)  # its unit words: "troops", "jets", "ships", ...
#: Each mission's cue behind its first-character guard (the same matches), searched alone, and
#: its exact literal pre-filter (None: no usable literal, always searched).
_MISSION_ALONE = {m: first_char_guard(p) for m, p in MISSION_CUES.items()}
_MISSION_NEEDS = {m: required_literals(p) for m, p in MISSION_CUES.items()}
#: The same scans behind their cue words (cues.Gate): each runs only on a clause whose one
#: scan (cues.scan) found a word it needs, with only the alternatives whose words occur.
(
    _G_ANAPHOR, _G_ANCHOR, _G_COALITION_SUBJECT, _G_COMMIT, _G_CONCESSION, _G_CONDITIONAL,
    _G_CONDITION_SCOPE, _G_DISCUSSING, _G_DOMAINS, _G_DOUBLE_NEG, _G_IF_EXISTS, _G_LITOTES,
    _G_NOT_SAID, _G_NOT_UNLESS, _G_OBLIGATION, _G_OUTSIDE, _G_PREMATURE, _G_PURPOSE,
    _G_QTY_HINT, _G_REPORTED, _G_SPLIT, _G_SUBJECTLESS, _G_TEMPORAL, _G_TEMPORAL_HINT,
    _G_THEY, _G_UNDECIDED, _G_WARTIME, _G_WILL_NOT,
) = (Gate(p) for p in (
    _ANAPHOR, _ANCHOR, _COALITION_SUBJECT, _COMMIT, _CONCESSION, _CONDITIONAL,
    _CONDITION_SCOPE, _DISCUSSING, _DOMAINS, _DOUBLE_NEG, _IF_EXISTS, _LITOTES,
    _NOT_SAID, _NOT_UNLESS, _OBLIGATION, _OUTSIDE, _PREMATURE, _PURPOSE,
    _QTY_HINT, _REPORTED, _SPLIT, _SUBJECTLESS, _TEMPORAL, _TEMPORAL_HINT,
    _THEY, _UNDECIDED, _WARTIME, _WILL_NOT,
))
_G_CONDITION_CUES = tuple((cond, Gate(p)) for cond, p in CONDITION_CUES)
_G_MISSIONS = {m: Gate(p) for m, p in _MISSION_ALONE.items()}
