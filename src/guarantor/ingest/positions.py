"""From quotes to draft ledger entries: topic, stance and strength, with confidence and evidence.

Each statement (a direct quote in its sentence, or an indirect statement) is split into clauses
(at ";", ":", dashes, ", but", ", while", "..., saying/adding/dismissing ..."). A topic is
detected in a clause by the keyword rules in :data:`TOPIC_RULES` (keyed by the topic ids of the
ledger's topic registry); the stance comes from cues in the same clause:

============  ==========================================================  ================
polarity      cues (examples)                                             strength
============  ==========================================================  ================
negative      rules out, will not, never, cannot, unacceptable, reject,   red_line
              dismiss, "not real"
negative      not, should not, unrealistic, oppose, doubt, limitations    preference
positive      must, need to, require, only if, insist, demand             red_line
positive      should, urge, call for, support, prepared to, will help     preference
============  ==========================================================  ================

Stance = requires (positive, red line), supports (positive, preference), opposes (negative,
preference), rejects (negative, red line). Some topic cues are *inverting*: "security guarantees
without America are not real" is a negative clause about a world without the US, so it is a
positive stance on ``us_part_of_guarantee``; "must be prepared to make concessions over its
territory" is a positive clause about concessions, so a negative stance on
``pre2014_borders_objective``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from guarantor.ingest.cues import Gate, contains_any, opens, scan, watch
from guarantor.ingest.quotes import Quote
from guarantor.ingest.text import (
    first_char_guard,
    first_char_guards,
    fold,
    may_match,
    required_literals,
)

Stance = Literal["requires", "supports", "opposes", "rejects"]
Strength = Literal["red_line", "preference"]

_I = re.IGNORECASE
_US = (r"(?:U\.S\.|US|USA|Americans|American|America|United States|Washington|"
       r"Trump administration)")


@dataclass(frozen=True)
class TopicRule:
    """Keyword rule for one topic.

    Attributes
    ----------
    cues : tuple of (Pattern, bool)
        Patterns that mention the topic; the flag inverts the clause's polarity.
    unless : Pattern or None
        The topic is not detected in a clause that matches this (a more specific topic wins).
    """

    cues: tuple[tuple[re.Pattern[str], bool], ...]
    unless: re.Pattern[str] | None = None
    only: tuple[str | None, ...] = ()
    any_cue: re.Pattern[str] | None = None  # all cues in one pattern: a fast pre-filter
    needs: tuple[str, ...] | None = None  # literals one of which any cue needs: a faster one
    cue_needs: tuple[tuple[str, ...] | None, ...] = ()  # the same, per cue

    @cached_property
    def words(self) -> tuple[frozenset[str] | None, tuple[frozenset[str] | None, ...]]:
        """``needs`` and ``cue_needs`` as sets of the words :func:`guarantor.ingest.cues.scan`
        reports, watched on first use (a scan reports only words watched before it)."""
        return (watch(self.needs),
                tuple(watch(n) for n in self.cue_needs) or (None,) * len(self.cues))


def _rule(*cues: str | tuple[str, bool] | tuple[str, bool, str],
          unless: str | None = None) -> TopicRule:
    """A topic rule from cue patterns: ``"pattern"``, ``("pattern", invert)`` or
    ``("pattern", invert, "against"|"for")`` (the cue only yields a stance of that polarity)."""
    compiled: list[tuple[re.Pattern[str], bool]] = []
    only: list[str | None] = []
    for c in cues:
        if isinstance(c, str):
            pattern, invert, pol = c, False, None
        elif len(c) == 2:
            pattern, invert, pol = c[0], c[1], None  # type: ignore[misc]
        else:
            pattern, invert, pol = c  # type: ignore[misc]
        compiled.append((re.compile(pattern, _I), invert))
        only.append(pol)
    any_cue = re.compile("|".join(f"(?:{p.pattern})" for p, _ in compiled), _I)
    # Literal pre-filters from the plain patterns; the scans themselves start with a look-ahead
    # for their possible first characters (text.first_char_guard: same matches, fewer tries).
    needs = (required_literals(any_cue), tuple(required_literals(p) for p, _ in compiled))
    guarded = tuple((first_char_guard(p), inv) for p, inv in compiled)
    return TopicRule(guarded, first_char_guard(re.compile(unless, _I)) if unless else None,
                     tuple(only), first_char_guard(any_cue), *needs)


_BACKSTOP = (
    r"\bback-?up\b|\bbackstop|strategic enablers|\benablers?\b|air (?:cover|shield|support)|"
    rf"{_US}\s+(?:would\s+|will\s+)?(?:provides?|offers?|gives?|contributes?)\s+"
    r"(?:support|intelligence|air|logistics|enablers)|support to enable|protect European troops"
)

#: Keyword rules per ledger topic id. Kept here (not in the topic registry) because they are an
#: ingestion heuristic, not part of the topic's definition.
TOPIC_RULES: dict[str, TopicRule] = {
    "us_troops_in_protected_state": _rule(
        rf"\b{_US}(?:\s+or\s+\w+)?\s+(?:ground\s+|combat\s+)?(?:troops|forces|soldiers|boots|peacekeep\w*|"
        r"military personnel|servicemembers|personnel)",
        rf"\b(?:NATO|European|allied)\s+or\s+{_US}\s+(?:troops|forces|soldiers)",
        r"\bAmerican\s+boots\b",
    ),
    "nato_troops_in_protected_state": _rule(
        r"\b(?:NATO|European|foreign|Western|allied|coalition|British|French|German|"
        r"Italian|Polish|Dutch|Danish|Swedish|Finnish|Norwegian|Estonian|Latvian|Lithuanian|"
        r"Belgian|Spanish|Czech|Romanian|Canadian|Turkish|Baltic|Nordic|multinational|"
        r"non-European|peacekeeping|reassurance)\s+(?:ground\s+)?"
        r"(?:troops|forces|soldiers|military(?! aid)|"
        r"peacekeepers|contingents?|force|deployment|military intervention)",
        r"\bforeign military intervention|\bboots on the ground",
        r"\b(?:troops|forces|soldiers|contingent|military presence|service members|personnel)\b"
        r"[^.;]{0,60}\b(?:NATO|alliance) (?:countries|states|members|member states|nations)",
        r"\bNATO (?:countries|states|members|member states|nations)\b[^.;]{0,40}"
        r"(?:troops|forces|soldiers|contingent|military presence|deploy)",
        r"\b(?:German|British|French|Italian|Polish) (?:soldiers|troops)|\bBundeswehr\b",
        unless=rf"Article\s*(?:5|Five)|{_BACKSTOP}",
    ),
    "article5_for_deployed_forces": _rule(
        r"\bArticle\s*(?:5|Five)\b", r"mutual[- ]defen[cs]e (?:clause|guarantee|protections?)"
    ),
    "nato_membership_for_protected_state": _rule(
        r"\bNATO membership|\bmembership (?:in|of) (?:the )?(?:NATO|alliance)|"
        r"\bjoin(?:s|ed|ing)? (?:NATO|the alliance)|member of NATO|NATO accession|"
        r"accession to NATO|NATO (?:path|bid|entry)"
    ),
    "pre2014_borders_objective": _rule(
        r"pre-?\s?2014 (?:borders|frontiers|lines)|1991 borders|territorial integrity|"
        r"(?:return|reclaim|regain|restore|recover|retake)\w*\s+(?:to\s+)?(?:\w+\s+){0,4}"
        r"(?:territor\w*|borders|land)",
        # Accepting concessions is opposing the return to the old borders; refusing them is
        # not by itself demanding that return.
        (r"concessions?\s+(?:over|on|of)\s+(?:\w+[\s-]+){0,4}(?:territor\w*|land)|"
         r"\b(?:cede|give up|surrender)\w*\s+(?:\w+\s+){0,3}(?:territor\w*|land)", True,
         "against"),
    ),
    "territorial_concessions": _rule(
        r"\bterritorial\s+(?:concessions?|compromises?|exchanges?|swaps?|trade-?offs?)|"
        r"\bland\s+(?:swaps?|exchanges?|for peace)|\bswapping of territor",
        r"concessions?\s+(?:over|on|of)\s+(?:\w+[\s-]+){0,4}(?:territor\w*|land)",
        r"\b(?:cede|ceding|give up|giving up|surrender\w*|hand(?:ing)? over|trade|gift)\s+"
        r"(?:\w+\s+){0,3}(?:territor\w*|land|Donbas|Donetsk|Luhansk|Crimea|Zaporizhzhia|"
        r"Kherson|regions?)",
        r"\b(?:withdraw\w*|leave|leaving|pull\w* out)\s+(?:\w+\s+){0,3}(?:from\s+)?"
        r"(?:Donbas|Donetsk|Luhansk|Zaporizhzhia|Kherson|territor\w*)",
        r"\brecogni[sz]\w*\s+(?:\w+\s+){0,3}(?:sovereignty|control|annexation)\s+"
        r"(?:over|of)\s+(?:\w+\s+){0,2}(?:Crimea|Donbas|Donetsk|occupied)",
    ),
    "foreign_troops_in_protected_state": _rule(
        r"\bforeign\s+(?:military\s+)?(?:presence|contingents?)|\bany foreign (?:troops|forces)|"
        r"\btroops of (?:other|third) (?:countries|states)|\binternational\s+(?:peacekeeping\s+)?"
        r"(?:contingents?|peacekeepers|troops)|\bunits of other states",
    ),
    "nato_led_mission": _rule(
        r"\bNATO[- ]led\b|\bNATO (?:mission|operation|command)|\bunder (?:the )?(?:NATO|alliance) "
        r"(?:flag|command|banner|umbrella)|\bflag of NATO",
    ),
    "europe_leads_guarantee": _rule(
        r"\b(?:Europe|Europeans|European (?:nations|countries|states|allies|partners)|the EU)\s+"
        r"(?:\w+\s+){0,2}(?:must|should|will|has to|have to|needs? to|is going to|are going to)\s+"
        r"(?:\w+\s+){0,2}(?:lead|take the lead|give\b[^.;]{0,30}guarantee|provide\b[^.;]{0,30}"
        r"guarantee|bear|shoulder|carry)",
        r"\btake the lead\b|\bleading role\b|\bEuropean?-led\b|\blion[’']s share of the burden|"
        r"\bfirst line of defen[cs]e|\blead on security",
    ),
    "europe_in_negotiations": _rule(
        r"\bseat at the (?:negotiating )?table|\bnothing about (?:Ukraine|Europe) without",
        (r"\b(?:Europe|Europeans|the EU|Ukraine|Kyiv|Ukrainians)\w*\s+(?:\w+\s+){0,3}"
         r"(?:excluded|sidelined|left out|shut out)|\bover (?:our|their) heads|"
         r"\bwithout (?:Ukraine|Kyiv|Europe|the Europeans|Ukrainians)\b[^.;]{0,40}"
         r"(?:talks|negotiat\w+|deal|decid\w+)|\b(?:talks|deals?|negotiat\w+)\s+(?:\w+\s+){0,3}"
         r"without (?:Ukraine|Kyiv|Europe|it|us)\b", True),
        r"\b(?:with|include|including)\s+Europe(?:’s|'s)?\s+(?:participation|involvement)|"
        r"\b(?:formats?|talks|negotiations)\s+(?:\w+\s+){0,4}(?:include|involve)\s+Europe",
    ),
    "economic_pressure_on_russia": _rule(
        r"\bsanctions?\b(?![^.;]{0,20}\b(?:relief|lifted|eased))|\beconomic pressure|"
        r"\bpressure on (?:Russia|Moscow|Putin|the Kremlin)|\btariffs on (?:Russia|Russian)|"
        r"\bsecondary tariffs",
        (r"\b(?:lift\w*|eas\w+|relax\w*|remov\w+)\s+(?:\w+\s+){0,2}sanctions|"
         r"\bsanctions relief", True),
    ),
    "us_part_of_guarantee": _rule(
        (rf"\bwithout\s+(?:continued\s+|full\s+|the\s+)?{_US}(?:’s|'s)?\b", True),
        rf"\b{_US}(?:’s|'s)?\s+(?:security\s+)?guarantees?\b|{_US}\s+(?:will\s+)?"
        r"(?:be part of|participat\w+ in|on board)",
    ),
    "us_backstop": _rule(_BACKSTOP),
    "europe_carries_most_aid": _rule(
        r"\b(?:overwhelming|bulk|lion[’']s|greater|larger|biggest)\s+(?:share|part|portion)\s+of\s+"
        r"(?:\w+\s+){0,5}(?:aid|assistance|support|burden|costs?)",
        r"\b(?:Europe|EU|European(?:s| allies| countries| union)?)\s+(?:\w+\s+){0,8}?"
        r"(?:provide|carry|bear|shoulder|fund|pay for|be responsible for)\s+"
        r"(?:\w+[\s,]+){0,6}(?:aid|assistance|support|burden|costs?)",
        unless=r"\bsecurity(?!\s+assistance)\b|\bguarantee",
    ),
    "spending_target_5pct": _rule(
        r"\b5\s?(?:%|percent|per cent)|\bfive (?:percent|per cent)"
    ),
    "guarantees_agreed_with_russia": _rule(
        r"\bconsensus\b|"
        r"(?:agreed|negotiated|approved)\s+(?:with|by)\s+(?:Russia|Moscow|the Kremlin)|"
        r"\bRussia(?:n)?\s+(?:veto|consent|approval)"
    ),
}

_NEG_RED = re.compile(
    r"\brul(?:e|es|ed|ing) out\b|\bwill not\b|\bwon[’']t\b|\bwill never\b|\bnever\b|\bcannot\b|"
    r"\bcan[’']t\b|\bcan not\b|under no circumstances|\bunacceptable\b|\breject\w*|\brefus\w+|"
    r"red line|\bimpossible\b|\bdismiss\w*|\bnot real\b|\bmeaningless\b|\bworthless\b|"
    r"\bthere will not be\b|\bno longer\b|\bopposes? any\b|\bden(?:y|ies|ied)\b|\bno say\b|"
    r"\bno veto\b|\boff the table\b|\bout of the question\b",
    _I,
)
_NEG_PREF = re.compile(
    r"\bnot\b|\bno\b|\bshould not\b|\bshouldn[’']t\b|\bunrealistic\b|\boppos\w+|\bagainst\b|"
    r"\bdoubt\w*|\bunlikely\b|\bharmful\b|\blimitations?\b|\blimited\b|\bhesitant\b|"
    r"\breluctant\b|\bunworkable\b|\bwrong\b|\bmistake\b|\bcriticis\w+|\bcriticiz\w+",
    _I,
)
_POS_RED = re.compile(
    r"\bmust\b|\brequires?\b|\brequired to\b|\bneed(?:s|ed)? to\b|\bonly\b[^.;]{0,80}\bif\b|"
    r"\bessential\b|"
    r"\bindispensable\b|\binsist\w*|\bdemand\w*|\bhas to\b|\bhave to\b|\bconditional on\b|"
    r"\bthe only way\b|\b(?:is|are|was|were|be) needed\b|\bmust follow\b",
    _I,
)
_POS_PREF = re.compile(
    r"\bshould\b|\bsupport(?:s|ed|ing)?\b|\burg\w+|\bcall(?:s|ed)?\b[^.;]{0,40}\bfor\b|"
    r"\bwants?\b|\bready to\b|\bprepared to\b|\bwilling to\b|"
    r"(?:\bwill|’ll|'ll)\s+(?:be involved|help|provide|contribute|support|back|give)|"
    r"\bfavou?r\w*|\bemphasi[sz]\w+|\bwelcome\w*|\bgoing to\b|\bincrease\b|\braise\b|\bboost\b|"
    r"\bprimary\b|\bbacked by\b|\bshould be\b|\bagree\w*|\breadiness\b|\bvital\b|"
    r"\benvisa?g\w*|\benvision\w*|\bopen to\b|\bcould imagine\b|\bstep(?:ping)? up\b|"
    r"\bcommitted to\b|\bcommitment to\b",
    _I,
)
_CLAUSE_SPLIT = re.compile(
    r"\s*[;:]\s+|\s*[—–]\s*|\s+-\s+|,\s+(?:and\s+|but\s+)?(?=(?:saying|adding|dismissing|"
    r"stating|warning|noting|insisting|arguing|rejecting|ruling|calling|urging)\b)|"
    r"\s+and\s+(?=(?:saying|adding|dismissing|stating|warning|noting|insisting|arguing|"
    r"rejecting|ruling|calling|urging)\b)|,\s+(?=(?:but|while|whereas|although|though)\b)|"
    r"\s+while\s+|,\s+instead\b|,?\s+and\s+(?=that\b)|,\s+(?=that\b)",
    _I,
)
# A negation that is itself negated ("refuses to rule out") cancels out.
_DOUBLE_NEG = re.compile(r"\b(?:refus\w+|declin\w+|won[’']t|will not|did not|does not)\s+"
                         r"(?:to\s+)?rule out\b", _I)
# "not only", "no doubt" and contrastive "X, not a Y" do not negate the clause's topic.
_RHETORICAL_NOT = re.compile(
    r"\bnot only\b|\bnot least\b|\bno doubt\b|\bif not\b|,\s*not (?:a|an|the|just)\b[^,;.]*|"
    r"\b(?:act|retaliat|defend|protect|guard|fight|secur)\w*\s+(?:\w+\s+)?against\b", _I
)


@dataclass(frozen=True)
class Position:
    """A draft position found in a statement.

    Attributes
    ----------
    actor, speaker, role : str or None
        Who holds it (actor id), who said it, in what role.
    topic : str
        Topic id.
    stance : {'requires', 'supports', 'opposes', 'rejects'}
        Direction and strength combined.
    strength : {'red_line', 'preference'}
        Red line (absolute wording) or preference.
    quote : str
        Verbatim, at most one sentence.
    evidence : str
        The clause/sentence the stance was read from.
    confidence : float
        0..1: attribution confidence times stance-cue confidence.
    kind : {'direct', 'indirect'}
        Whether it comes from a direct quote.
    """

    actor: str | None
    speaker: str | None
    role: str | None
    topic: str
    stance: Stance
    strength: Strength
    quote: str
    evidence: str
    confidence: float
    kind: str


def registry_topics() -> frozenset[str]:
    """Topic ids of the topic registry (:func:`guarantor.politics.topics.topic_registry`)."""
    from guarantor.politics.topics import topic_registry

    return frozenset(t.id for t in topic_registry().topics)


def active_topics() -> dict[str, TopicRule]:
    """Rules for the topics the registry knows (built once per registry: every article asks)."""
    from guarantor.politics.topics import topic_registry

    reg = topic_registry()
    if _ACTIVE and _ACTIVE[0][0] is reg:
        return dict(_ACTIVE[0][1])
    known = registry_topics()
    rules = {k: v for k, v in TOPIC_RULES.items() if k in known}
    _ACTIVE[:] = [(reg, rules)]
    return dict(rules)


#: The registry last seen by :func:`active_topics` and its rules.
_ACTIVE: list[tuple[object, dict[str, TopicRule]]] = []


def clauses(text: str) -> list[str]:
    """Split a sentence into clauses for stance reading.

    Examples
    --------
    >>> clauses("He called it unrealistic, dismissing membership and stating that troops will go.")
    ['He called it unrealistic', 'dismissing membership', 'stating that troops will go.']
    """
    return [c for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


#: Exact pre-filters of the cue patterns (:func:`guarantor.ingest.text.required_literals`).
_NEG_RED_NEEDS = required_literals(_NEG_RED)
_POS_RED_NEEDS = required_literals(_POS_RED)
_POS_PREF_NEEDS = required_literals(_POS_PREF)
_DOUBLE_NEG_NEEDS = required_literals(_DOUBLE_NEG)
_RHETORICAL_NOT_NEEDS = required_literals(_RHETORICAL_NOT)


def stance_of(clause: str, invert: bool = False) -> tuple[Stance, Strength, float] | None:
    """Stance, strength and cue confidence of one clause, or None without a cue.

    Examples
    --------
    >>> stance_of("there will not be U.S. troops deployed to Ukraine")
    ('rejects', 'red_line', 0.9)
    >>> stance_of("Europe must provide the overwhelming share of aid")
    ('requires', 'red_line', 0.9)
    """
    cues = _cues(clause, fold(clause))
    return None if cues is None else _stance(*cues, invert)


def _cues(clause: str, folded: str) -> tuple[bool, bool, float] | None:
    """(negative, red line, cue confidence) of ``clause`` (whose :func:`fold` is ``folded``),
    or None without a cue: the part of :func:`stance_of` that does not depend on ``invert``,
    read once per clause whatever the topics in it."""
    # Each substitution only where its pre-filter says it can match (else it changes nothing).
    text = clause
    if may_match(_DOUBLE_NEG_NEEDS, folded):
        text = _DOUBLE_NEG.sub(" supports ", text)
        folded = fold(text)
    if may_match(_RHETORICAL_NOT_NEEDS, folded):
        text = _RHETORICAL_NOT.sub(" ", text)
        folded = fold(text)
    # A scan runs only when its answer can change the result: a red-line cue of a polarity
    # makes its preference cue moot, and a negative cue makes the positive ones moot.
    if may_match(_NEG_RED_NEEDS, folded) and _NEG_RED.search(text):
        return True, True, 0.9
    if _NEG_PREF.search(text):
        return True, False, 0.75
    if may_match(_POS_RED_NEEDS, folded) and _POS_RED.search(text):
        return False, True, 0.9
    if may_match(_POS_PREF_NEEDS, folded) and _POS_PREF.search(text):
        return False, False, 0.7
    return None


def _stance(negative: bool, red: bool, conf: float, invert: bool
            ) -> tuple[Stance, Strength, float]:
    """The stance of a clause's cues (:func:`_cues`), its polarity inverted by an inverting
    topic cue."""
    if invert:
        negative = not negative
        conf -= 0.1
    if negative:
        return ("rejects" if red else "opposes"), ("red_line" if red else "preference"), conf
    return ("requires" if red else "supports"), ("red_line" if red else "preference"), conf


def read_topics(text: str, rules: dict[str, TopicRule]) -> list[tuple[str, Stance, Strength,
                                                                      float, str]]:
    """(topic, stance, strength, cue confidence, clause) for each topic stated in ``text``."""
    found: dict[str, tuple[str, Stance, Strength, float, str]] = {}
    if not _has_anchor(text.lower()):
        return []
    # The cue words of the text and of each clause, each found in one pass (cues.scan): the
    # clause split and every topic cue run only where their words occur. (The rules' words
    # are watched first: a scan reports only words watched before it.)
    table = [(topic, rule, *rule.words) for topic, rule in rules.items()]
    whole = scan(fold(text))
    # Only the topics whose words the whole text holds can be stated in one of its clauses.
    candidates = [row for row in table if opens(row[2], whole)]
    if not candidates:
        return []
    for clause in [c for c in _G_CLAUSE_SPLIT.split(text, whole) if c and c.strip()]:
        if not _has_anchor(clause.lower()):
            continue
        folded = fold(clause)
        hits = whole if clause == text else scan(folded)
        cues: tuple[bool, bool, float] | None = None  # the stance cues, read at the first topic
        cued = False
        stances: dict[bool, tuple[Stance, Strength, float]] = {}  # per clause, not topic
        for topic, rule, needs, cue_needs in candidates:
            if topic in found or not opens(needs, hits):
                continue
            if len(rule.cues) == 1 and rule.any_cue is not None:
                # The one cue is ``any_cue``: one search.
                if rule.any_cue.search(clause) is None:
                    continue
                topic_hits = [(rule.cues[0][1], rule.only[0] if rule.only else None)]
            else:
                # Each cue alone where its literals occur: ``any_cue`` (all cues in one
                # pattern) matches exactly when one of them does, so it is not searched too.
                topic_hits = [(inv, rule.only[i] if rule.only else None)
                              for i, (p, inv) in enumerate(rule.cues)
                              if opens(cue_needs[i], hits) and p.search(clause)]
            if not topic_hits or (rule.unless is not None and rule.unless.search(clause)):
                continue
            if not cued:
                cues, cued = _cues(clause, folded), True
            if cues is None:
                break  # no stance cue: no topic of this clause can be read
            for invert, only in topic_hits:
                if invert not in stances:
                    stances[invert] = _stance(*cues, invert)
                read = stances[invert]
                if only is not None and only != ("for" if read[0] in ("requires", "supports")
                                                  else "against"):
                    continue
                found[topic] = (topic, read[0], read[1], read[2], clause.strip())
                break
    return list(found.values())


#: Lower-case substrings at least one of which every topic cue contains (a cheap pre-filter).
_ANCHORS: tuple[str, ...] = (
    "troop", "force", "soldier", "boots", "peacekeep", "personnel", "military", "contingent",
    "deployment", "article", "defen", "nato", "alliance", "border", "frontier", "territor",
    "integrity", "land", "concession", "without", "guarantee", "on board", "participat",
    "part of", "back", "enabler", "air ", "support", "protect", "share", "part ", "portion",
    "aid", "assistance", "burden", "cost", "5", "five", "consensus", "russia", "moscow",
    "kremlin", "lines", "sanction", "pressure", "tariff", "lead", "europe", "table", "without",
    "excluded", "sidelined", "heads", "swap", "cede", "ceding", "give up", "giving up",
    "surrender", "withdraw", "leave", "leaving", "recogni", "hand", "donbas", "crimea",
    "contingent", "presence", "bundeswehr", "flag", "command", "gift", "trade", "exchange",
)
#: Whether a lower-cased text holds one of :data:`_ANCHORS` (one automaton pass, not a
#: substring search per anchor: the test runs on every statement and clause).
_has_anchor = contains_any(_ANCHORS)


def positions_of(statement: Quote, topics: dict[str, TopicRule] | None = None,
                 _memo: dict[str, list[tuple[str, Stance, Strength, float, str]]] | None = None,
                 ) -> list[Position]:
    """Positions stated in one quote or indirect statement.

    Parameters
    ----------
    statement : Quote
        A direct quote (read together with its sentence) or an indirect statement.
    topics : dict, optional
        Topic rules (default :func:`active_topics`).

    Returns
    -------
    list of Position
        At most one per topic.
    """
    rules = active_topics() if topics is None else topics
    text = statement.context if statement.kind == "direct" else statement.text
    if _memo is not None and text in _memo:
        reads = _memo[text]
    else:
        reads = read_topics(text, rules)
        if _memo is not None:
            _memo[text] = reads
    out: list[Position] = []
    quote = _one_sentence(statement) if reads else ""
    for topic, stance, strength, cue_conf, clause in reads:
        out.append(
            Position(
                actor=statement.actor,
                speaker=statement.speaker,
                role=statement.role,
                topic=topic,
                stance=stance,
                strength=strength,
                quote=quote,
                evidence=clause,
                confidence=round(max(0.05, statement.confidence * cue_conf), 2),
                kind=statement.kind,
            )
        )
    return out


def _one_sentence(statement: Quote) -> str:
    """Verbatim quote, cut to its first sentence (the ledger allows one sentence at most)."""
    from guarantor.ingest.text import sentences

    source = statement.text if statement.kind == "direct" else statement.context
    parts = sentences(source.strip())
    return (parts[0] if parts else source).strip()


def propose_positions(statements: list[Quote]) -> list[Position]:
    """Positions of an article, one per (actor, topic): the most confident statement wins.

    Statements without an actor are skipped (a draft entry needs an actor).

    Parameters
    ----------
    statements : list of Quote
        Direct quotes and indirect statements of one article.

    Returns
    -------
    list of Position
        In order of first appearance.
    """
    best: dict[tuple[str, str], Position] = {}
    order: list[tuple[str, str]] = []
    rules = active_topics()
    memo: dict[str, list[tuple[str, Stance, Strength, float, str]]] = {}
    for st in statements:
        if st.actor is None or st.speaker is None:
            continue
        for pos in positions_of(st, rules, memo):
            # A joint statement ("Starmer and Macron said") states each actor's position.
            for actor in (st.actor, *st.co_actors):
                p = pos if actor == pos.actor else replace(pos, actor=actor)
                k = (actor, pos.topic)
                if k not in best:
                    order.append(k)
                    best[k] = p
                elif p.confidence > best[k].confidence:
                    best[k] = p
    return [best[k] for k in order]


# Every scan above starts with a look-ahead for the characters its matches can start with
# (text.first_char_guard): the same matches, found with far fewer tries per position.
(
    _NEG_RED, _NEG_PREF, _POS_RED, _POS_PREF, _CLAUSE_SPLIT, _DOUBLE_NEG, _RHETORICAL_NOT,
) = first_char_guards(
    _NEG_RED, _NEG_PREF, _POS_RED, _POS_PREF, _CLAUSE_SPLIT, _DOUBLE_NEG, _RHETORICAL_NOT,
)
#: The clause split behind its cue words (cues.Gate: the same clauses, fewer tries).
_G_CLAUSE_SPLIT = Gate(_CLAUSE_SPLIT)
