"""Who is speaking: resolve a speaker mention to a person, an anonymous source or an actor.

A mention is what the text writes in the subject slot of a speech verb ("U.S. Secretary of
Defense Pete Hegseth", "Hegseth", "he", "the top diplomat", "a Western official", "Moscow").
:class:`SpeakerResolver` keeps, per article, the people already mentioned so that surnames,
pronouns and definite descriptions ("the U.S. president") resolve to the right person. Outlets
("The Telegraph", "the Financial Times", "the newspaper") are recognised as *sources*, never as
speakers. Speakers map to actors through the alias registry shared with the positions ledger
(:mod:`guarantor.data.actors`), then through demonyms, capitals and institutions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from guarantor.data.actors import actors, fold_letters
from guarantor.data.countries import registry
from guarantor.ingest.text import factor_alternatives, first_char_guards
from guarantor.ingest.text import key as text_key

#: Words that make up titles and roles (lower case); a name is what follows them.
TITLE_WORDS: frozenset[str] = frozenset(
    """president prime minister secretary general chancellor foreign defense defence deputy vice
    spokesperson spokesman spokeswoman senator sen rep representative ambassador envoy special
    commissioner chief high minister of state interior finance affairs king queen pope admiral
    adm colonel col gen general lt lieutenant director chair chairman chairwoman leader mayor
    governor premier first lady mr mrs ms dr prof sir dame lord senior top former then acting
    military national security adviser advisor head commander house speaker majority minority
    whip white press officer official diplomat the a an and for to on in at u.s us uk eu nato
    un policy european union high-representative representative for affairs and security
    sr junior member members parliament mp mep supreme allied europe chief-of-staff staff
    joint chiefs army navy air force marine corps taoiseach tánaiste tanaiste pm dpm
    opposition shadow marshal brigadier""".split()
)

#: Head nouns that make an anonymous or descriptive speaker ("a European diplomat").
ROLE_NOUNS: frozenset[str] = frozenset(
    """official officials diplomat diplomats source sources spokesperson spokesman spokeswoman
    aide aides adviser advisers advisor advisors minister ministers lawmaker lawmakers analyst
    analysts officer officers insider insiders negotiator negotiators representative
    representatives envoy envoys person people leader leaders government governments ministry
    administration president secretary chief commander general ambassador member members
    politician politicians expert experts observer observers chancellor premier spokesman
    foreign-minister commissioner""".split()
)

#: Last words of an organisation's name: "the Finnish Peacekeepers' Association" is no person.
ORGANISATION_NOUNS: frozenset[str] = frozenset(
    """association ministry council committee union party agency institute office federation
    foundation commission parliament government department assembly court bank fund
    organisation organization alliance league service services forces staff secretariat
    chancellery presidency embassy""".split()
)
#: Heads of an organisation: "the chairman of X" and "the head of X" are the same person.
_LEADER_NOUNS = frozenset("head chairman chairwoman chair leader president director chief".split())
#: "the chairman of the Finnish Peacekeepers' Association": a role in a named organisation.
_ORG_ROLE = re.compile(r"^(?:[Tt]he\s+)?(?P<head>[a-z][a-z-]*)\s+of\s+(?:the\s+)?"
                       r"(?P<org>[A-Z][^,;:“”\"«»]{2,80})$")

#: Capitalised words that open sentences or labels, never a person's name on their own.
_NOT_NAMES = frozenset(
    """according however meanwhile earlier later also but and the this that these those then
    there here it its we they our their his her after before while as since although though
    despite following during under with without for from to by if when details quote source
    background update photo video read note context""".split()
)

_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PLURAL_PRONOUNS = frozenset({"they", "we"})

#: Definite-description head → role words it may refer to.
_HEAD_ROLES: dict[str, tuple[str, ...]] = {
    "diplomat": ("foreign minister", "minister of foreign affairs", "minister for foreign affairs",
                 "diplomat", "ambassador", "envoy", "secretary of state",
                 "high representative", "foreign policy chief", "official", "source"),
    "president": ("president",),
    "minister": ("minister",),
    "secretary": ("secretary",),
    "chancellor": ("chancellor",),
    "premier": ("prime minister", "premier"),
    "taoiseach": ("taoiseach",),
    "tánaiste": ("tánaiste",),
    "pm": ("prime minister", "premier"),
    "leader": ("president", "prime minister", "chancellor", "leader"),
    "chief": ("chief", "secretary general", "head"),
    "official": ("official", "source", "diplomat"),
    "source": ("source", "official", "diplomat"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman"),
    "spokesman": ("spokesperson", "spokesman", "spokeswoman"),
    "spokeswoman": ("spokesperson", "spokesman", "spokeswoman"),
    "envoy": ("envoy",),
    "ambassador": ("ambassador",),
    "general": ("general", "secretary general"),
    "politician": ("president", "prime minister", "minister", "chancellor", "leader", "premier",
                   "politician", "senator", "member of parliament", "taoiseach", "tánaiste"),
}

#: Adjectives and short forms that name a country (ISO3); kept only if in the country registry.
DEMONYMS: dict[str, str] = {
    "american": "USA", "u.s.": "USA", "us": "USA", "u.s": "USA", "united states": "USA",
    "america": "USA", "washington": "USA", "white house": "USA", "pentagon": "USA",
    "state department": "USA", "british": "GBR", "uk": "GBR", "u.k.": "GBR", "britain": "GBR",
    "london": "GBR", "downing street": "GBR", "english": "GBR", "french": "FRA", "paris": "FRA",
    "elysee": "FRA", "élysée": "FRA", "german": "DEU", "berlin": "DEU", "russian": "RUS",
    "moscow": "RUS", "kremlin": "RUS", "ukrainian": "UKR", "kyiv": "UKR", "kiev": "UKR",
    "polish": "POL", "warsaw": "POL", "italian": "ITA", "rome": "ITA", "spanish": "ESP",
    "madrid": "ESP", "dutch": "NLD", "the hague": "NLD", "belgian": "BEL", "danish": "DNK",
    "copenhagen": "DNK", "swedish": "SWE", "stockholm": "SWE", "finnish": "FIN",
    "helsinki": "FIN", "norwegian": "NOR", "oslo": "NOR", "estonian": "EST", "tallinn": "EST",
    "latvian": "LVA", "riga": "LVA", "lithuanian": "LTU", "vilnius": "LTU", "czech": "CZE",
    "prague": "CZE", "slovak": "SVK", "hungarian": "HUN", "budapest": "HUN", "romanian": "ROU",
    "bulgarian": "BGR", "greek": "GRC", "athens": "GRC", "turkish": "TUR", "ankara": "TUR",
    "portuguese": "PRT", "lisbon": "PRT", "irish": "IRL", "dublin": "IRL", "austrian": "AUT",
    "vienna": "AUT", "canadian": "CAN", "ottawa": "CAN", "australian": "AUS",
    "canberra": "AUS", "japanese": "JPN", "tokyo": "JPN", "chinese": "CHN", "beijing": "CHN",
    "new zealand": "NZL", "croatian": "HRV", "slovenian": "SVN", "icelandic": "ISL",
    "swiss": "CHE", "indian": "IND", "south korean": "KOR", "seoul": "KOR",
    "luxembourgish": "LUX", "maltese": "MLT", "cypriot": "CYP", "albanian": "ALB",
    "elysée": "FRA",
}

#: Named news organisations (lower case, without a leading "the").
OUTLETS: frozenset[str] = frozenset(
    """financial times|ft|telegraph|daily telegraph|guardian|observer|reuters|ap|associated press|
    afp|agence france-presse|bloomberg|politico|politico europe|axios|cnn|bbc|nbc|nbc news|cbs|
    cbs news|abc|abc news|fox news|new york times|nyt|washington post|wall street journal|wsj|
    economist|le monde|le figaro|der spiegel|spiegel|bild|die welt|faz|frankfurter allgemeine|
    kyiv independent|kyiv post|ukrainska pravda|ukrinform|tass|ria novosti|interfax|rt|
    sky news|times|sunday times|independent|daily mail|mail|mirror|al jazeera|dw|
    deutsche welle|euronews|foreign policy|foreign affairs|caliber.az|the hill|hill|newsweek|
    time|atlantic|new yorker|semafor|breaking defense|defense news|military times|
    stars and stripes|cnbc|npr|pbs|el país|el pais|corriere della sera|la repubblica|
    rzeczpospolita|gazeta wyborcza|dpa|ansa|efe|europa press|anadolu|xinhua|nikkei|yonhap|
    kommersant|izvestia|meduza|novaya gazeta|vedomosti|european pravda|rbc-ukraine|
    suspilne|nv|liga.net|err|lrt|lsm|delfi|dr|tv2|nrk|ntb|svt|yle|rté|rte|orf|tvp|pap|ctk|
    bta|agerpres|mti|unn|censor.net|belta""".replace("\n", "").split("|")
)
_OUTLET_WORDS = re.compile(
    r"\b(?:Times|Post|Journal|Telegraph|Guardian|Herald|Tribune|Gazette|Independent|Observer|"
    r"Express|Mirror|Standard|Chronicle|Daily|Weekly|News|Newsweek|Radio|TV|Television|"
    r"Broadcasting|Pravda|Press)\b"
)
_GENERIC_OUTLET = re.compile(
    r"^(?:the |a |an )?(?:(?:british|german|french|us|u\.s\.|american|russian|ukrainian|"
    r"financial|business|local|state|state-run|state-owned|pro-kremlin|online)\s+)*"
    r"(?:newspaper|paper|daily|report|reports|outlet|news outlet|media outlet|publication|"
    r"agency|news agency|broadcaster|magazine|media|press|website|tabloid|network|channel|"
    r"media reports|reporting)$",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+){0,2}(?:summary|statement|readout|transcript|post|letter|"
    r"memo|communiqu[eé]|declaration|document|draft|text|note|video|message|speech|interview)\b",
    re.IGNORECASE,
)
_DOCUMENT_NOUNS = (r"(?:statement|readout|communiqu[eé]|declaration|document|text|letter|"
                   r"memo|post|message)")
#: A document and its owner: "the joint statement of the coalition", "a letter from Macron".
_DOCUMENT_OWNER = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+){0,2}" + _DOCUMENT_NOUNS + r"\s+(?:of|from|by|issued by|"
    r"released by|signed by)\s+(?P<owner>(?:the\s+)?[A-Za-z][\w.’' -]{1,60})$", re.IGNORECASE)
#: An owner's document: "Macron’s statement", "the coalition’s joint declaration", "a White
#: House statement", "the Kremlin readout".
_OWNER_DOCUMENT = re.compile(
    r"^(?P<owner>(?:the\s+)?[A-Za-z][\w.’' -]{1,60}?)[’']s\s+(?:\w+\s+){0,2}"
    + _DOCUMENT_NOUNS + r"$|^(?:[Tt]he\s+|[Aa]n?\s+)?(?P<owner2>(?:[A-Z][\w’'-]*\s+){0,2}"
    r"[A-Z][\w’'-]*)\s+(?i:statement|readout|letter|post|message|memo)$")
#: A document named by a proper name: "the Paris declaration", "The London Communiqué".
_NAMED_DOCUMENT = re.compile(
    r"^(?:[Tt]he\s+)?(?P<doc>(?:[A-Z][\w’'-]*\s+){1,3}(?i:declaration|communiqu[eé]))$")
_ADMIN = re.compile(r"^(?:the\s+)?([A-Z][\w’'-]+)\s+(?:administration|government|team|camp)$")
_CAP_WORD = re.compile(r"^[A-Z][\w’'.-]*$|^[A-Z]\.$")
_POSSESSOR = re.compile(r"^([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)[’']s\s+(?=[A-Z])")
_LEADING_JUNK = re.compile(
    r"^(?:and|but|so|yet|then|meanwhile|however|also|instead|later|now|earlier|separately|"
    r"moreover|still|indeed|as|something|what|whom|both)\b[,\s]*",
    re.IGNORECASE,
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|further|repeatedly|previously|recently|again|once|has|had|have|"
    r"was|were|is|had|reportedly|publicly|privately|separately|subsequently|last|this|"
    r"earlier|already|himself|herself|themselves|itself|too|however|,))+$",
    re.IGNORECASE,
)
#: A lower-case adverb in -ly after the subject ("Meloni immediately", never "Italy").
_TRAILING_LY = re.compile(r"(?:\s+[a-z]{2,}ly)+$")
_TRAILING_PP = re.compile(
    r"\s+(?:at|in|from|with|on|during|speaking|familiar|who|close|involved|briefed|"
    r"present)\b.*$",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"^(?:a|an|the|one|another|two|three|several|some|many|other|senior|top|unnamed|"
    r"anonymous)\s+",
    re.IGNORECASE,
)


#: Entries kept by the caches of the pure functions of a mention below (outlet test, actor of
#: words, title/name split): a mention recurs within and across articles, and each look-up
#: costs several regex passes. Bounded, so memory stays flat on any input.
_MENTION_CACHE = 8192


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker.

    Attributes
    ----------
    label : str
        Canonical label: the person's full name, or the anonymous descriptor
        ("European diplomat"), or an institution ("Pentagon spokesperson", "Moscow").
    mention : str
        The text as written.
    actor : str or None
        Actor id (ISO3 or organisation id) when known.
    role : str or None
        Role or title.
    anonymous : bool
        True for unnamed sources ("a European diplomat").
    person : bool
        True for a named individual.
    co_actors : tuple of str
        Further actors when the speaker is a pair ("Starmer and Macron").
    """

    label: str
    mention: str
    actor: str | None = None
    role: str | None = None
    anonymous: bool = False
    person: bool = False
    co_actors: tuple[str, ...] = ()


#: A possessive ending of a whole mention ("Albanese’s", "Merz's").
_POSSESSIVE_END = re.compile(r"(?<=\w)[’']s$")


@lru_cache(maxsize=_MENTION_CACHE)
def norm_label(text: str) -> str:
    """Comparison form of a speaker label (lower case, no articles, punctuation or "at the ...")."""
    t = text.replace("’", "'").strip().lower()
    t = _TRAILING_PP.sub("", " " + t).strip() if not t.startswith(("at ", "in ")) else t
    t = _DETERMINER.sub("", t)
    t = _DETERMINER.sub("", t)
    t = re.sub(r"[^\w'. ]+", " ", t).replace(" .", " ")
    return " ".join(t.split())


@lru_cache(maxsize=_MENTION_CACHE)
def is_outlet(mention: str) -> bool:
    """True if ``mention`` names a news outlet or a report rather than a speaker.

    Examples
    --------
    >>> is_outlet("The Telegraph"), is_outlet("the newspaper"), is_outlet("a Western official")
    (True, True, False)
    """
    m = mention.strip().rstrip(".,")
    low = m.lower()
    if low.startswith("the "):
        low = low[4:]
    if low in OUTLETS or _GENERIC_OUTLET.match(m):
        return True
    words = m.split()
    if 1 <= len(words) <= 5 and all(_CAP_WORD.match(w) or w.lower() in {"the", "of", "and"}
                                    for w in words):
        return bool(_OUTLET_WORDS.search(m))
    return False


@lru_cache(maxsize=_MENTION_CACHE)
def _actor_of_words(text: str) -> str | None:
    """Actor named by a demonym, country, capital or organisation inside ``text``."""
    reg = registry()
    ar = actors()
    low = text.lower().replace("’", "'")
    for m in _demonym_re().finditer(low):
        code = DEMONYMS[m.group(0)]
        if code in reg:
            return code
    for word in re.findall(r"[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)*", text):
        word = re.sub(r"[’']s$", "", word)
        hit = ar.actor_for(word)
        if hit:
            return hit
    return None


_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|will|would|can|cannot|could|should|may|might|must|do|does|"
    r"did|not|said|says|told|added|stated|believe|believes|reported|reports|noted|continued|"
    r"announced|signaled|signalled|indicated)\b",
    re.IGNORECASE,
)


#: Most words of a noun phrase (before any trailing prepositional phrase).
_NP_MAX_WORDS = 9


@lru_cache(maxsize=_MENTION_CACHE)
def _looks_like_np(text: str) -> bool:
    """Reject clause fragments ("the Pentagon said the", "members believe they cannot ...")."""
    words = text.split(None, _NP_MAX_WORDS + 1)
    if len(words) > _NP_MAX_WORDS + 1 and "\n" not in text:
        # Only the first words decide: the trailing phrase cut at or after the next word leaves
        # too many words, and one cut before it is found in them alone. The rest is not read
        # (a subject run of thousands of words cost each speech verb in it a full scan).
        text = text[: len(text) - len(words[-1])].rstrip()
    core = _TRAILING_PP.sub("", " " + text).strip() or text
    if len(core.split()) > _NP_MAX_WORDS:
        return False
    return not _VERBISH.search(core)


def _anonymous_actor(text: str, label: str) -> str | None:
    """Actor of an anonymous source through the shared aliases ("a European diplomat")."""
    ar = actors()
    for cand in (text, label, f"a {label}", f"an {label}", f"{label}s", label.rstrip("s")):
        hit = ar.actor_for(cand)
        if hit is not None:
            return hit
    return _actor_of_words(text)


@lru_cache(maxsize=1)
def _demonym_re() -> re.Pattern[str]:
    """All demonym keys, longest first ("south korean" before "korean", "u.s." before "us")."""
    keys = sorted(DEMONYMS, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


@lru_cache(maxsize=_MENTION_CACHE)
def split_title_name(mention: str) -> tuple[str, str]:
    """Split "U.S. Secretary of Defense Pete Hegseth" into a title and a name.

    ("U.S. Secretary of Defense", "Pete Hegseth") for the example above.

    The name is the run of capitalised words at the end that are not title words.

    Examples
    --------
    >>> split_title_name("UK Defense Secretary John Healey")
    ('UK Defense Secretary', 'John Healey')
    >>> split_title_name("a European diplomat")
    ('a European diplomat', '')
    """
    words = mention.split()
    i = len(words)
    while i > 0:
        w = words[i - 1]
        bare = w.strip(",.").lower()
        if (not _CAP_WORD.match(w) or bare in TITLE_WORDS or bare in DEMONYMS
                or bare in ROLE_NOUNS):
            break
        i -= 1
    name_words = words[i:]
    # A lone capitalised word after an article is not a name ("the Pentagon").
    if len(name_words) == 1 and i > 0 and words[i - 1].lower() in {"the", "a", "an"}:
        return mention, ""
    return " ".join(words[:i]), " ".join(name_words)


#: Honorifics used with a first name alone in British usage ("Sir Keir" = Sir Keir Starmer).
_FIRST_NAME_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})
#: A plain personal name: two to four capitalised words (not a joint or qualified entry).
_PERSON_NAME = re.compile(r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){1,3}")


@lru_cache(maxsize=1024)
def _registry_first_name(first: str) -> Speaker | None:
    """The one registry person whose name starts with ``first`` (None when none or several)."""
    found = {sp.name: sp for sp in actors().speakers.values()
             if _PERSON_NAME.fullmatch(sp.name) and sp.name.split()[0].lower() == first.lower()}
    if len(found) != 1:
        return None
    sp = next(iter(found.values()))
    return Speaker(sp.name, sp.name, sp.actor, sp.role, False, True)


@lru_cache(maxsize=1)
def _registry_surnames() -> dict[str, Speaker | None]:
    """Folded surname -> the one registry person bearing it (None when several do)."""
    out: dict[str, Speaker | None] = {}
    for sp in actors().speakers.values():
        if not _PERSON_NAME.fullmatch(sp.name):
            continue  # an office, a government, a joint statement
        key = fold_letters(sp.name.split()[-1].lower())
        person = Speaker(sp.name, sp.name, sp.actor, sp.role, False, True)
        out[key] = None if key in out else person
    return out


def _registry_surname(surname: str) -> Speaker | None:
    """The one registry person whose surname is ``surname`` (None when none or several, and
    for surnames of three letters or fewer, which are as often first names: "Dan")."""
    if len(surname) < 4:
        return None
    return _registry_surnames().get(fold_letters(surname.lower()))


def _registry_given_variant(name: str) -> Speaker | None:
    """The registry person a full name not in the registry stands for, when its given name is
    another form of theirs: a short form or a misspelling ("Chris Luxon" for Christopher
    Luxon, "Annit Häkkänen" for Antti Häkkänen). Only the one registry person bearing the
    surname, and only when both given names start with the same letter (a namesake with
    another initial is someone else).

    Examples
    --------
    >>> _registry_given_variant("Chris Luxon").label
    'Christopher Luxon'
    >>> _registry_given_variant("Jan Luxon") is None
    True
    >>> _registry_given_variant("Cameron Luxon") is None  # same initial, another name
    True
    """
    words = name.split()
    if len(words) < 2:
        return None
    known = _registry_surname(words[-1])
    if known is None or known.label.split()[-1] != words[-1]:
        return None  # a two-word surname or another spelling: the other rules decide
    given = fold_letters(words[0].lower())
    theirs = fold_letters(known.label.split()[0].lower())
    if given[:1] != theirs[:1]:
        return None
    short = len(given) >= 3 and theirs.startswith(given)  # "Chris" for "Christopher"
    # A misspelling: a letter or two wrong, or three in a name of five or more letters spelt
    # with as many letters ("Annit" for "Antti"); "Sam" is not "Simon".
    same_length = len(given) == len(theirs) >= 5
    return known if short or _edit_distance(given, theirs) <= (3 if same_length else 2) else None


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words ("annit", "antti" -> 2)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


#: How far back (characters) a pronoun looks for a person who spoke before settling for the
#: last person mentioned.
SALIENCE_WINDOW = 400
#: How far back (characters) a pronoun looks for the current discourse subject (the last
#: speaker or sentence subject) past a person named in passing: about three news paragraphs.
DISCOURSE_WINDOW = 1500

#: Honorifics and role nouns that give a person's grammatical gender (for "he"/"she").
_MALE_MENTION = re.compile(r"^(?:Mr|Mister|Sir|Lord|King|Prince)\.?\s|\b(?:spokesman|chairman|"
                           r"congressman)\b", re.IGNORECASE)
_FEMALE_MENTION = re.compile(r"^(?:Mrs|Ms|Miss|Dame|Lady|Queen|Princess)\.?\s|\b(?:spokeswoman|"
                             r"chairwoman|congresswoman)\b", re.IGNORECASE)


@lru_cache(maxsize=_MENTION_CACHE)
def _mention_core(mention: str) -> tuple[str, str]:
    """(the mention as :meth:`SpeakerResolver.resolve` reads it, the same before its trailing
    phrase is cut): the same text of a mention is read once (a pure function of it)."""
    text = _LEADING_JUNK.sub("", mention.strip().strip(",;:—–- ")).strip()
    text = _TRAILING_ADVERBS.sub("", text).strip().rstrip(",")
    text = _TRAILING_LY.sub("", text) or text  # "Meloni immediately (responded)"
    full = text
    text = _TRAILING_PP.sub("", " " + text).strip() or text
    # "Prime Minister Anthony Albanese’s (willingness)": the possessor is the person, and
    # the label never keeps the possessive ending
    text = _POSSESSIVE_END.sub("", text) or text
    return text, full


@lru_cache(maxsize=_MENTION_CACHE)
def gender_of_mention(mention: str) -> str | None:
    """Grammatical gender a mention states ("Mr Macron" -> "m", "Ms Kallas" -> "f"), or None.

    Examples
    --------
    >>> gender_of_mention("Mr Macron"), gender_of_mention("Dame Jane"), gender_of_mention("Healey")
    ('m', 'f', None)
    """
    text = mention.lstrip()  # "Mr " (an honorific before a name) keeps its space
    if _FEMALE_MENTION.search(text):
        return "f"
    if _MALE_MENTION.search(text):
        return "m"
    return None


#: Words that narrow a role description ("the *defence* minister", "the *prime* minister");
#: a description with one of them prefers the person whose role has it too.
_ROLE_QUALIFIERS = frozenset(
    "defence foreign prime finance interior deputy vice home justice economy health energy "
    "trade state".split()
)


def _role_words(text: str) -> frozenset[str]:
    """Qualifier words of a role text ("UK Defense Secretary" -> {"defence"})."""
    words = re.findall(r"[a-z]+", text.lower().replace("defense", "defence"))
    return frozenset(w for w in words if w in _ROLE_QUALIFIERS)


#: A role description without an article or possessive: "Lithuanian president", "German
#: defence minister" (up to four lower-case words).
_BARE_DESCRIPTION = re.compile(r"[a-z.]+(?: [a-z-]+){1,3}")

#: A person's office as a speaker: "his office", "Støre’s press office" (not "Britain’s
#: office": an owner that is not a person gives no office label).
_OFFICE_OF = re.compile(
    r"^(?P<owner>[Hh]is|[Hh]er|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}[’']s)\s+"
    r"(?P<office>office|press office|press service|team|spokesman|spokeswoman|spokesperson|"
    r"press secretary)$"
    # "a spokesman for Prime Minister Kristo Lind": the same, with the person after "for"
    r"|^(?:a|an|the)\s+(?P<office2>spokesman|spokeswoman|spokesperson|press secretary)\s+"
    r"for\s+(?P<owner2>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+)$"
)

#: A country's role description: "Britain’s foreign secretary", "Estonia's defence minister".
_POSSESSIVE_ROLE = re.compile(
    r"^(?P<owner>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)[’']s\s+(?P<desc>(?:[a-z][\w-]*\s+){0,3}"
    r"(?P<head>[a-z]+))$"
)

#: How far back (characters) a pronoun, description or unnamed source looks for its referent:
#: a long article's whole length, far beyond any real antecedent distance.
LOOK_BACK = 20_000


def _position_of(item: tuple[int, Speaker]) -> int:
    return item[0]


class _Mentions:
    """``(position, speaker)`` pairs in position order (equal positions in the order added), as
    one sorted list would hold them, in blocks of at most :data:`_Mentions.BLOCK` pairs.

    The quote finder notes people in several passes over the article (titles, registry names,
    subjects of speech verbs), so most additions land amid earlier ones: an insertion into one
    list moves everything after it (quadratic over a 5 MB input); here it moves one block.
    """

    BLOCK = 512

    def __init__(self) -> None:
        self._blocks: list[list[tuple[int, Speaker]]] = []
        self._firsts: list[int] = []  # position of each block's first pair

    def add(self, position: int, speaker: Speaker) -> None:
        """Insert after every pair at or before ``position`` (``bisect.insort``'s place)."""
        blocks, firsts = self._blocks, self._firsts
        if not blocks:
            blocks.append([(position, speaker)])
            firsts.append(position)
            return
        b = max(bisect.bisect_right(firsts, position) - 1, 0)
        block = blocks[b]
        if block[-1][0] <= position:
            block.append((position, speaker))
        else:
            bisect.insort(block, (position, speaker), key=_position_of)
        firsts[b] = block[0][0]
        if len(block) > 2 * self.BLOCK:
            blocks[b : b + 1] = [block[: self.BLOCK], block[self.BLOCK :]]
            firsts.insert(b + 1, blocks[b + 1][0][0])

    def before(self, position: int) -> Iterator[tuple[int, Speaker]]:
        """Pairs before ``position``, nearest first."""
        blocks = self._blocks
        b = bisect.bisect_left(self._firsts, position) - 1  # the last block starting before
        if b < 0:
            return
        i = bisect.bisect_left(blocks[b], position, key=_position_of)
        while b >= 0:
            block = blocks[b]
            while i > 0:
                i -= 1
                yield block[i]
            b -= 1
            if b >= 0:
                i = len(blocks[b])

    def after(self, position: int) -> Iterator[tuple[int, Speaker]]:
        """Pairs after ``position``, nearest first."""
        blocks = self._blocks
        b = max(bisect.bisect_right(self._firsts, position) - 1, 0)
        i = bisect.bisect_right(blocks[b], position, key=_position_of) if blocks else 0
        while b < len(blocks):
            block = blocks[b]
            while i < len(block):
                yield block[i]
                i += 1
            b += 1
            i = 0


@lru_cache(maxsize=_MENTION_CACHE)
def _named_speaker(name: str, mention: str, actor: str | None, role: str | None) -> Speaker:
    """A named speaker; a person unless the name holds a role noun ("Pentagon spokesperson").
    Kept for the next caller (a pure function of its arguments; the speaker is immutable):
    the same name is resolved at every mention of it."""
    person = not (set(name.lower().split()) & ROLE_NOUNS)
    return Speaker(name, mention, actor, role, anonymous=False, person=person)


@lru_cache(maxsize=_MENTION_CACHE)
def _name_keys(label: str) -> tuple[str, tuple[str, ...], str | None]:
    """(surname key, further surname keys, first-name key) a person's label is remembered by.

    Keyed without diacritics: "Store" in one sentence, "Støre" in the next. A two-word surname
    ("Espen Barth Eide" is "Barth" in the next line) adds its middle words (a real surname of
    someone else keeps its key). Kept for the next caller: a pure function of the label, and
    every mention of a person notes it again.
    """
    words = label.split()
    middles = tuple(fold_letters(middle.lower()) for middle in words[1:-1]
                    if middle[:1].isupper() and len(middle) > 2)
    first = words[0].lower() if len(words) >= 2 else None
    return fold_letters(words[-1].lower()), middles, first


@lru_cache(maxsize=_MENTION_CACHE)
def context_free_reading(mention: str) -> tuple[bool, Speaker | None]:
    """``(True, speaker)`` when :meth:`SpeakerResolver.resolve` reads ``mention`` the same in
    any article, else ``(False, None)``.

    Most mentions are registry names ("Hegseth", "U.S. President Donald Trump"), an
    institution, a named document, or no speaker at all: their reading needs no earlier
    mention, so it is kept for the next caller (bounded) instead of running every rule again
    at each mention. Exact: a mention that any rule reading the article could take (a
    possessor, an office, a possessive role, a pair, a pronoun, a document's owner) is left to
    :meth:`~SpeakerResolver.resolve`; the rules below are those of ``resolve``, in its order,
    and must stay in step with it.
    """
    text, full = _mention_core(mention)
    if not text or is_outlet(text) or not _looks_like_np(text):
        return True, None
    low = text.lower()
    if (_POSSESSOR.match(text) is not None or _OFFICE_OF.match(text) is not None
            or _OFFICE_OF.match(full) is not None or _POSSESSIVE_ROLE.match(text) is not None
            or (" and " in text and not text[:1].islower())
            or low in _PRONOUNS or low in _PLURAL_PRONOUNS):
        return False, None
    if low.startswith(("who", "which")):
        return True, None
    ar = actors()
    known = ar.speaker_for(text)
    if known is not None:
        return True, _named_speaker(known.name, text, known.actor, known.role)
    institution = ar.actor_for(text)
    if institution is not None and not set(low.split()) & ROLE_NOUNS:
        return True, Speaker(ar.name(institution), text, institution, None)
    if _DOCUMENT_OWNER.match(full) is not None or _OWNER_DOCUMENT.match(text) is not None:
        return False, None
    m = _NAMED_DOCUMENT.match(text)
    if m is not None:
        return True, Speaker(m.group("doc"), mention, None, "document")
    if _ORG_ROLE.match(text) is not None:
        return False, None  # "the head of ORG": the person named in that role before
    name = split_title_name(text)[1]
    if name and name.split()[-1].lower().strip("’'") in ORGANISATION_NOUNS:
        return False, None  # an organisation after a role: resolve reads it (in its order)
    if name:
        known = ar.speaker_for(name) or ar.speaker_for(name.split()[-1])
        if known is not None:
            return True, _named_speaker(known.name, text, known.actor, known.role)
    return False, None


class SpeakerResolver:
    """Per-article memory of people mentioned, used to resolve later references."""

    def __init__(self) -> None:
        self._people = _Mentions()  # (position, speaker), in text order
        self._surnames: dict[str, Speaker] = {}
        self._first_names: dict[str, Speaker] = {}
        self._salient: dict[int, int] = {}  # subject of a speech verb: position -> sentence end
        self._subjects: set[int] = set()  # positions of sentence subjects and speech subjects
        self._gender: dict[str, str] = {}  # person label -> "m" or "f", as the text gives it

    def mark_salient(self, position: int, sentence_end: int) -> None:
        """Mark the mention at ``position`` as the subject of a speech verb ("Healey said")
        in a sentence ending at ``sentence_end``."""
        self._salient[position] = sentence_end

    def mark_subject(self, position: int) -> None:
        """Mark the mention at ``position`` as a discourse subject: it opens its sentence
        ("Pevkur met the allies.") or it is the subject of an attribution ("..., he said")."""
        self._subjects.add(position)

    def note_gender(self, label: str, gender: str) -> None:
        """Record the grammatical gender the text gives a person ("m" or "f"); the first
        evidence is kept (a later, possibly wrong, pronoun does not overwrite it)."""
        self._gender.setdefault(label, gender)

    def note(self, speaker: Speaker, position: int) -> None:
        """Remember a person (or anonymous source) mentioned at ``position``."""
        if speaker.person:
            gender = gender_of_mention(speaker.mention)
            if gender is not None:
                self.note_gender(speaker.label, gender)
        if speaker.person or speaker.anonymous:
            self._people.add(position, speaker)
            if speaker.person:
                surname, middles, first = _name_keys(speaker.label)
                self._surnames[surname] = speaker
                for middle in middles:
                    self._surnames.setdefault(middle, speaker)
                if first is not None:
                    self._first_names[first] = speaker

    def _before(self, position: int) -> Iterator[tuple[int, Speaker]]:
        """People mentioned before ``position``, nearest first, at most :data:`LOOK_BACK`
        characters back (a bound that keeps a whole-document look-up linear in its length)."""
        for item in self._people.before(position):
            if position - item[0] > LOOK_BACK:
                return
            yield item

    def noted(self) -> list[tuple[int, Speaker, bool, bool]]:
        """Every mention noted so far, in text order: ``(position, speaker, salient,
        subject)``, salient when it is the subject of a speech verb and subject when it opens
        its sentence or an attribution (the candidate speakers of
        :mod:`guarantor.ingest.speaker_rank`)."""
        return [(pos, sp, pos in self._salient, pos in self._subjects)
                for pos, sp in self._people.after(-1)]

    def mentioned_before(self, label: str, position: int) -> bool:
        """True if the person ``label`` was mentioned before ``position``."""
        return any(sp.label == label for _, sp in self._before(position))

    def _after(self, position: int) -> Iterator[tuple[int, Speaker]]:
        """People mentioned after ``position``, nearest first, at most :data:`LOOK_BACK`
        characters ahead."""
        for item in self._people.after(position):
            if item[0] - position > LOOK_BACK:
                return
            yield item

    def pronoun_referent(self, position: int, gender: str) -> Speaker | None:
        """The person a "he"/"she" at ``position`` refers to: the current discourse subject.

        A small salience model (after Centering theory: the subject of the last sentence, or
        the last speaker, is the preferred referent of a subject pronoun). Going back from the
        pronoun, over people whose gender the text does not contradict ("she" never takes a
        "Mr"; a person the text called "he" is not a "she"):

        1. the nearest person, if that mention opens its sentence or speaks ("Pevkur met the
           allies. He said ...");
        2. else the speaker of the sentence holding that nearest mention ("Healey said ... as
           soon as Donald Trump secures a deal. He said ...");
        3. else the nearest discourse subject (sentence subject or speaker) within
           :data:`DISCOURSE_WINDOW` characters: a person named in passing ("..., after talks
           with Zelensky.") does not take over the pronoun from the one who was speaking;
        4. else the nearest person named (the rule before this model).
        """
        first: tuple[int, Speaker] | None = None
        for pos, sp in self._before(position):
            if not sp.person or self._gender.get(sp.label, gender) != gender:
                continue
            subject = pos in self._subjects or pos in self._salient
            if first is None:
                first = (pos, sp)
                if subject:
                    return sp
                continue
            if pos in self._salient and self._salient[pos] > first[0]:
                return sp
            if position - pos > DISCOURSE_WINDOW:
                break
            if subject:
                return sp
        return first[1] if first else None

    def nearest_person(self, position: int, gender: str, since: int) -> Speaker | None:
        """The nearest person mentioned between ``since`` and ``position`` whose gender the
        text does not contradict (the antecedent of "..., in which she said")."""
        for pos, sp in self._before(position):
            if pos < since:
                return None
            if sp.person and self._gender.get(sp.label, gender) == gender:
                return sp
        return None

    def last_person(self, position: int, *, named: bool = True) -> Speaker | None:
        """Most recent person mentioned before ``position``.

        A person who spoke ("Healey said ...") wins over a later mention inside the sentence
        they spoke in ("Healey said ... as soon as Donald Trump secures a deal. He said: ...").
        """
        first: tuple[int, Speaker] | None = None
        for pos, sp in self._before(position):
            if sp.person or not named:
                if first is None:
                    first = (pos, sp)
                elif pos in self._salient and self._salient[pos] > first[0]:
                    return sp
                if position - pos > SALIENCE_WINDOW:
                    break
        return first[1] if first else None

    def resolve(self, mention: str, position: int) -> Speaker | None:
        """Resolve a mention at ``position`` (character offset) to a speaker, or None.

        Parameters
        ----------
        mention : str
            Subject text ("he", "Hegseth", "the top diplomat", "a Western official").
        position : int
            Offset of the mention in the article (for pronoun and description look-back).

        Returns
        -------
        Speaker or None
            None for outlets and for text that does not name a speaker.
        """
        settled, found = context_free_reading(mention)
        if settled:
            return found
        text, full = _mention_core(mention)
        if not text or is_outlet(text) or not _looks_like_np(text):
            return None
        m = _POSSESSOR.match(text)
        if m is not None:
            # "Estonia’s Kristen Michal", "Britain’s Prime Minister Keir Starmer".
            owner = _actor_of_words(m.group(1))
            if owner is not None:
                sp = self.resolve(text[m.end():], position)
                if sp is not None and sp.actor is None:
                    sp = Speaker(sp.label, mention, owner, sp.role or f"{m.group(1)} official",
                                 sp.anonymous, sp.person, sp.co_actors)
                    if sp.person:
                        self.note(sp, position)
                return sp
        m = _OFFICE_OF.match(text) or _OFFICE_OF.match(full)
        if m is not None:
            # "His office", "Støre’s office", "his spokesman": the office speaks for the person,
            # under its own label ("Jonas Gahr Støre's office"), as a document from the office
            # does.
            owner = m.group("owner") or m.group("owner2")
            if owner.lower() in {"his", "her"}:
                sp = self.resolve("he" if owner.lower() == "his" else "she", position)
            else:
                sp = self.resolve(_POSSESSIVE_END.sub("", owner), position)
            if sp is None or not sp.person:
                return sp
            office = (m.group("office") or m.group("office2")).lower()
            return Speaker(f"{sp.label}'s {office}", mention, sp.actor, f"office of {sp.label}")
        m = _POSSESSIVE_ROLE.match(text)
        if m is not None and m.group("head") in _HEAD_ROLES:
            # "Britain’s foreign secretary": the person holding that role, named before.
            owner = _actor_of_words(m.group("owner"))
            if owner is not None:
                desc = f"the {m.group('owner')} {m.group('desc')}".lower()
                sp = self._description(desc, m.group("head"), position)
                if sp is not None and sp.person and _role_words(desc) <= _role_words(
                        sp.role or ""):
                    return Speaker(sp.label, mention, sp.actor or owner, sp.role, False, True)
        if " and " in text and not text[:1].islower():
            pair = self._pair(text, mention, position)
            if pair is not None:
                return pair
        low = text.lower()
        if low in _PRONOUNS:
            sp = self.pronoun_referent(position, "f" if low in {"she", "her"} else "m")
            return Speaker(sp.label, mention, sp.actor, sp.role, False, True) if sp else None
        if low in _PLURAL_PRONOUNS:
            sp = self.last_person(position, named=False)
            return sp if sp and sp.anonymous else None
        if low.startswith(("who", "which")):
            return None
        ar = actors()
        known = ar.speaker_for(text)
        if known is not None:
            return _named_speaker(known.name, text, known.actor, known.role)
        institution = ar.actor_for(text)
        if institution is not None and not set(low.split()) & ROLE_NOUNS:
            return Speaker(ar.name(institution), text, institution, None)
        m = _DOCUMENT_OWNER.match(full) or _OWNER_DOCUMENT.match(text)
        if m is not None:
            # "the joint statement of the coalition", "Macron’s statement": the document
            # speaks for its owner (a person, an institution); without an owner, nobody.
            sp = self.resolve(m.group("owner") or m.group("owner2"), position)
            if sp is not None and not sp.anonymous:
                return Speaker(sp.label, mention, sp.actor, sp.role, False, sp.person,
                               sp.co_actors)
            return None
        m = _NAMED_DOCUMENT.match(text)
        if m is not None:
            # "The Paris declaration states ...": a named document speaks as itself (its
            # signatories are not in the text; the place is not its owner, so no actor).
            return Speaker(m.group("doc"), mention, None, "document")
        holder = self._holder_of(text, mention, position)
        if holder is not None:
            return holder
        title, name = split_title_name(text)
        if name and name.split()[-1].lower().strip("’'") in ORGANISATION_NOUNS:
            # "The head of the Finnish Peacekeepers' Association" with nobody named in that
            # role: the role speaks, anonymously; the organisation's name is not a person's.
            label = norm_label(text)
            return Speaker(label, mention, _actor_of_words(text), label, anonymous=True)
        if name:
            known = ar.speaker_for(name) or ar.speaker_for(name.split()[-1])
            if known is not None:
                return _named_speaker(known.name, text, known.actor, known.role)
            if len(name.split()) == 1:
                prior = self._surnames.get(fold_letters(name.lower()))
                if prior is None and title.split()[-1:] and title.split()[-1].lower() in \
                        _FIRST_NAME_HONORIFICS:
                    # "Sir Keir", "Dame Jane": the British honorific takes the first name.
                    prior = self._first_names.get(name.lower()) or _registry_first_name(name)
                if prior is None:
                    prior = self._variant_surname(name)
                if prior is None:
                    # "Albanese said", "Mr Pistorius": nobody of that surname named in the
                    # article, so the one registry person who bears it (of the country the
                    # title names, if it names one).
                    prior = _registry_surname(name)
                    country = _actor_of_words(title) if title and prior is not None else None
                    if prior is not None and country is not None and country != prior.actor:
                        prior = None
                if prior is not None:
                    return Speaker(prior.label, text, prior.actor, prior.role, False, True)
                if not title:
                    # A lone capitalised word that is not a known person: an institution
                    # ("Moscow", "Washington") or an unknown surname.
                    actor = _actor_of_words(name)
                    if actor is not None:
                        return Speaker(name, text, actor, None)
                    if name.lower() in _NOT_NAMES:
                        return None  # "According (to ...)", "Details:": a capitalised word
            if len(name.split()) >= 2 or title:
                actor = _actor_of_words(title) if title else None
                variant = _registry_given_variant(name)
                if (variant is not None and actor in (None, variant.actor)
                        and _role_words(title) <= _role_words(variant.role or "")):
                    # The title, when it says which minister, must say the registry's role.
                    return Speaker(variant.label, text, variant.actor, variant.role, False, True)
                if actor is None:
                    prior = self._surnames.get(fold_letters(name.split()[-1].lower()))
                    actor = prior.actor if prior else None
                return _named_speaker(name, text, actor, title or None)
            return _named_speaker(name, text, None, None)
        head = low.split()[-1] if low.split() else ""
        if head in _HEAD_ROLES and _BARE_DESCRIPTION.fullmatch(low) and _demonym_re().match(low):
            # A headline's "Lithuanian president" (no article): only a person whose role has
            # the same head and every qualifier, of that country; else an anonymous role.
            sp = self._description(low, head, position)
            if (sp is not None and sp.person and sp.actor == _actor_of_words(low)
                    and any(r in (sp.role or "").lower() for r in _HEAD_ROLES[head][:1])
                    and _role_words(low) <= _role_words(sp.role or "")):
                return Speaker(sp.label, mention, sp.actor, sp.role, False, True)
        if low.startswith("the ") and head in _HEAD_ROLES:
            sp = self._description(low, head, position)
            if sp is not None and sp.anonymous and sp.actor is None:
                own = _actor_of_words(text)
                if own is not None:
                    # "a government spokesperson" ... "the German spokesman": the later
                    # description says more (the country); keep it as the label.
                    sp = Speaker(norm_label(text), mention, own, norm_label(text), True)
                    self.note(sp, position)
                    return sp
            if sp is not None:
                return Speaker(sp.label, mention, sp.actor, sp.role, sp.anonymous, sp.person)
        if _DOCUMENT.match(text):
            return None
        m = _ADMIN.match(text)
        if m:
            base = self.resolve(m.group(1), position)
            actor = base.actor if base else _actor_of_words(m.group(1))
            return Speaker(_DETERMINER.sub("", text), mention, actor, None)
        words = set(re.findall(r"[\w’'-]+", low))
        if words & ROLE_NOUNS:
            label = norm_label(text)
            actor = _anonymous_actor(text, label) or _actor_of_words(full)
            if actor is None:
                for _, prior in self._before(position):
                    if prior.anonymous and prior.actor is not None:
                        actor = prior.actor
                        break
            sp = Speaker(label, mention, actor, label, anonymous=True)
            self.note(sp, position)
            return sp
        actor = ar.actor_for(text) or _actor_of_words(text)
        if actor is not None and len(text.split()) <= 4:
            return Speaker(_DETERMINER.sub("", text), mention, actor, None)
        return None

    def _holder_of(self, text: str, mention: str, position: int) -> Speaker | None:
        """The person named before in the role ``text`` names in an organisation: "Jorma
        Ala-Sankila, the chairman of the Finnish Peacekeepers’ Association" is "the head of
        the Finnish Peacekeepers' Association" and "the spokesman of the Ministry of Foreign
        Affairs, Georgiy Tikhiy" is "the spokesman of the Ministry of Foreign Affairs". The
        same organisation, and the same role noun or two nouns for its head."""
        m = _ORG_ROLE.match(text)
        if m is None:
            return None
        head, org = m.group("head").lower(), text_key(m.group("org"))
        for _, sp in self._before(position):
            r = _ORG_ROLE.match(sp.role or "") if sp.person else None
            if r is None or text_key(r.group("org")) != org:
                continue
            other = r.group("head").lower()
            if other == head or (other in _LEADER_NOUNS and head in _LEADER_NOUNS):
                return Speaker(sp.label, mention, sp.actor, sp.role, False, True)
        return None

    def _variant_surname(self, name: str) -> Speaker | None:
        """A person already named whose surname is a spelling variant of ``name``.

        Transliterations differ in their last letters ("Milanović", "Milanovic",
        "Milanovich"; "Zelensky", "Zelenskyy"): after folding diacritics, the same first six
        letters and a length within two letters pick the person, when exactly one fits.
        """
        folded = fold_letters(name.lower())
        if len(folded) < 6:
            return None
        found = {sp.label: sp for sur, sp in self._surnames.items()  # keys already folded
                 if sur[:6] == folded[:6] and abs(len(sur) - len(folded)) <= 2}
        return next(iter(found.values())) if len(found) == 1 else None

    def _pair(self, text: str, mention: str, position: int) -> Speaker | None:
        """Two named people speaking together ("Starmer and Macron said")."""
        left, _, right = text.partition(" and ")
        if not left.strip() or not right.strip() or " and " in right:
            return None
        a = self.resolve(left, position)
        b = self.resolve(right, position)
        if a is None or b is None or not (a.person and b.person):
            return None
        co = tuple(x for x in (b.actor,) if x is not None and x != a.actor)
        # Not a person: a later surname must not resolve to the pair.
        return Speaker(f"{a.label} and {b.label}", mention, a.actor or b.actor,
                       "joint statement", False, False, co)

    def _description(self, low: str, head: str, position: int) -> Speaker | None:
        """Resolve "the U.S. president", "the top diplomat" to the last matching person."""
        roles = _HEAD_ROLES[head]
        qualifier = _actor_of_words(low)
        # Role memory: "the defence minister" is the last person whose role says defence
        # ("Defence Minister Hanno Pevkur"), not the last minister of any kind; without such a
        # person, the last one whose role has the head noun (the rule before).
        wanted = _role_words(low)
        fallback: Speaker | None = None
        for _, sp in self._before(position):
            role = (sp.role or "").lower()
            if any(r in role for r in roles) and (qualifier is None or sp.actor in
                                                  (qualifier, None)):
                if wanted <= _role_words(role):
                    return sp
                fallback = fallback or sp
        if fallback is None:
            # Nobody holds the role: the speaker the text named without any role ("Lind told
            # ERR ... “...,” the prime minister said"), if one spoke or opened a sentence
            # within the discourse window.
            for pos, sp in self._before(position):
                if position - pos > DISCOURSE_WINDOW:
                    break
                if (sp.person and not sp.role and (pos in self._salient or pos in self._subjects)
                        and (qualifier is None or sp.actor in (qualifier, None))):
                    return sp
        if fallback is None:
            # Nobody before: a headline or lead names the role before the person ("...,
            # Lithuanian president says" above "Lithuanian President Gitanas Nauseda wrote").
            # Only a person whose role has every qualifier, of the country the text names.
            for _, sp in self._after(position):
                role = (sp.role or "").lower()
                if (sp.person and any(r in role for r in roles) and wanted <= _role_words(role)
                        and (qualifier is None or sp.actor == qualifier)):
                    return sp
        return fallback


# These scans start with a look-ahead for the characters their matches can start with
# (text.first_char_guard): the same matches, found with fewer tries per position. Only
# where it was measured to pay on news text (alternations of many words); a pattern that
# starts with a character class or rarely tries its branches gains nothing.
(
    _POSSESSIVE_END, _VERBISH,
) = first_char_guards(
    _POSSESSIVE_END, _VERBISH,
)
# Recompiled with their alternations factored (text.factor_alternatives: same matches).
_TRAILING_ADVERBS, _MALE_MENTION, _FEMALE_MENTION = (
    factor_alternatives(p) for p in (_TRAILING_ADVERBS, _MALE_MENTION, _FEMALE_MENTION))
