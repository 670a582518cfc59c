"""Small text utilities shared by cleaning, quote finding and attribution.

Sentence splitting here is rule-based and tuned for news English: it does not split after
common abbreviations ("U.S.", "Gen.", "Feb."), after initials ("J. D. Vance"), or inside a
number ("2.5"). It is deliberately simple — a fast, predictable boundary finder, not a parser.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

#: Words after which a full stop does not end a sentence (lower case, without the dot).
ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr sen rep gov pres st jr sr inc corp
    ltd co no nos vs jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.u u.n d.c a.m p.m
    e.g i.e approx dept est fig mt ft rev hon amb atty supt insp""".split()
)

# The look-behind starts a match only at the first mark of a run, and the possessive
# quantifiers never give characters back: a run of 50,000 full stops is scanned once, not
# 50,000 times (linear time on any input, issue 17). The look-behind follows the first mark
# (two characters back: the mark itself and the one before it, which must not be a mark),
# so the pattern opens with a character set and the engine skips to the next mark instead of
# trying every position (about 3.5x faster, same matches as ``(?<![.!?…])[.!?…]++...``).
_BOUNDARY = re.compile(
    r"[.!?…](?<![.!?…][.!?…])[.!?…]*+[”\"’')\]»]*+\s++(?=[“\"‘'(\[«]?[A-Z0-9À-Ý])")
# A match can start only where a run of word characters and dots starts: one a character later
# would be found first by the search (the look-behind skips those tries; same match).
_WORD_BEFORE = re.compile(r"(?<![\w.])([\w.]+)[.!?…]*[”\"’')\]»]*\s*$")
_INITIAL = re.compile(r"^(?:[A-Z]|[A-Z]\.[A-Z](?:\.[A-Z])*)$")
_TOKEN = re.compile(r"[\w’'-]+", re.UNICODE)
_SPACES = re.compile(r"[^\S\n]+")
_LINEBREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
#: The characters :data:`_LINEBREAKS` can start with, as one set (which the engine skips to).
_LINEBREAK_CHAR = re.compile(r"[\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
# Control and invisible formatting characters that never carry meaning in article text.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    r"\ufeff\ufffe\uffff]")
_MOJIBAKE = re.compile(r"â€[™œ\x9d\x9c˜¦“”\"]|Ã[©¨¢¤¶¼³±]|Â[ \xa0]")


def normalise(text: str) -> str:
    """Canonical form of raw text: NFC, ``\\n`` line breaks, no invisible characters.

    Runs of horizontal whitespace become one space and each line is stripped; blank lines are
    kept (they separate paragraphs). Idempotent.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalised text.

    Examples
    --------
    >>> normalise("a\\u00a0 b\\r\\nc\\u200b")
    'a b\\nc'
    """
    text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    # Each substitution only when one of its characters occurs (a scan for a character set
    # costs a fraction of the substitution's, and most articles have neither).
    if _LINEBREAK_CHAR.search(text) is not None:
        text = _LINEBREAKS.sub("\n", text)
    if _INVISIBLE.search(text) is not None:
        text = _INVISIBLE.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 ("â€™" for "’"), when that is safe.

    The repair is applied only when the text shows the tell-tale sequences and re-encoding
    succeeds; otherwise the text is returned unchanged.

    Examples
    --------
    >>> repair_mojibake("Europeâ€™s allies")
    'Europe’s allies'
    """
    if "â" not in text and "Ã" not in text and "Â" not in text:
        return text  # every tell-tale sequence starts with one of these (a cheaper test first)
    if not _MOJIBAKE.search(text):
        return text
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            # Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) pass through as-is.
            if ord(ch) > 0xFF:
                return text
            raw.append(ord(ch))
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)) else text


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one paragraph.

    Parameters
    ----------
    text : str
        One paragraph of normalised text.

    Returns
    -------
    list of tuple of int
        Spans covering the paragraph in order, whitespace between sentences excluded.

    Examples
    --------
    >>> t = "U.S. Secretary Pete Hegseth spoke. He left. Gen. Smith stayed."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['U.S. Secretary Pete Hegseth spoke.', 'He left.', 'Gen. Smith stayed.']
    """
    return list(paragraph_sentence_spans(text))


#: Paragraphs whose sentence spans are kept: more than the largest accepted input holds (5 MB
#: of news is about 16,000 paragraphs). Each pass over an article reads its paragraphs in the
#: same order, so a cache smaller than the article is emptied by every pass before the next
#: pass asks again (an LRU's worst case: with 4,096, a 5 MB input missed on every paragraph).
PARAGRAPH_CACHE = 32_768


@lru_cache(maxsize=PARAGRAPH_CACHE)
def paragraph_sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`sentence_spans` of one paragraph, kept for the next caller.

    Cleaning (repeated sentences), the quote finder and the narrator's statements each split
    the same paragraphs of one article: the second and third ask cost a dictionary look-up.
    Bounded (:data:`PARAGRAPH_CACHE` paragraphs); a tuple, so no caller can alter the cache.
    """
    return tuple(iter_sentence_spans(text))


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of :func:`sentence_spans`, one at a time (a caller that needs only the first
    sentence of a long window stops the scan there)."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == ".":  # only a full stop can end an abbreviation or initial
            w = _WORD_BEFORE.search(text[max(start, m.start() - 40) : m.start() + 1])
            if w is not None:
                word = w.group(1).rstrip(".")
                if word.lower() in ABBREVIATIONS or _INITIAL.match(word):
                    continue
        end = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end
        start = m.end()
    if start < len(text):
        end = len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def sentences(text: str) -> list[str]:
    """The sentences of one paragraph (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters, digits, apostrophes and hyphens kept inside words).

    Examples
    --------
    >>> tokens("“Let’s get real,” he said.")
    ['let’s', 'get', 'real', 'he', 'said']
    """
    return _TOKEN.findall(text.lower().replace("'", "’"))


@lru_cache(maxsize=PARAGRAPH_CACHE)
def key(text: str) -> str:
    """Comparison key: lower-case tokens joined by spaces (punctuation and quotes ignored).

    Kept for the next caller (bounded): a second cleaning pass compares the same paragraphs and
    sentences again. As many entries as :data:`PARAGRAPH_CACHE`: with 8,192 a 5 MB input's
    sentences evicted each other before their second use (21,801 computations, now 16,375)."""
    return " ".join(_TOKEN.findall(text.lower().replace("'", "’")))


def iter_paragraphs(text: str) -> Iterator[str]:
    """Non-empty lines of normalised text (every line is a paragraph)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            yield line


def collapse_spaces(text: str) -> str:
    """Collapse runs of horizontal whitespace to one space and strip."""
    return _SPACES.sub(" ", text).strip()


# Characters that ``re.IGNORECASE`` matches to an ASCII letter besides its two cases (the
# ``re`` documentation lists exactly these four); folded first so a substring test on the
# folded text is a necessary condition of a case-insensitive match.
_FOLD_EXTRA_PAIRS = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("K", "k"))
#: Shortest literal worth a pre-filter: any (an ``in`` test costs a fraction of a regex scan even
#: when it lets most sentences through, and "5" of "5 percent" keeps most of them out).
MIN_PREFILTER_LITERAL = 1


def fold(text: str) -> str:
    """Lower-case ``text`` so that any ASCII literal a case-insensitive pattern requires
    occurs in it (see :func:`required_literals`).

    Examples
    --------
    >>> fold("NATO Troops")
    'nato troops'
    """
    for extra, letter in _FOLD_EXTRA_PAIRS:  # rare; replace() is far faster than translate()
        if extra in text:
            text = text.replace(extra, letter)
    return text.lower()


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which occurs in every match of ``pattern``, or None.

    Derived from the parsed pattern, so it follows every edit of the pattern: a sequence
    needs the most selective of its parts (a run of literal characters, a group, an
    alternation whose every branch needs something, a repeat taken at least once); anything
    else needs nothing. ``any(s in fold(text) for s in literals)`` is then a cheap, exact
    pre-filter: when it is false the pattern cannot match ``text`` (case-insensitively or
    not), so the costly search is skipped without changing any result.

    Returns None when no literal of at least :data:`MIN_PREFILTER_LITERAL` characters is
    required (a pre-filter would not pay).

    Examples
    --------
    >>> required_literals(re.compile(r"\\b(?:US|American)\\s+(?:troops|forces)", re.I))
    ('forces', 'troops')
    >>> may_match(('troops',), fold('No Troops')), may_match(('troops',), 'no soldiers')
    (True, False)
    >>> required_literals(re.compile(r"\\w+ said")) is None
    False
    >>> required_literals(re.compile(r"\\bno\\b|\\w+")) is None
    True
    """
    found = _needs(_sre_parse(pattern.pattern, pattern.flags))
    if found is None or min(len(s) for s in found) < MIN_PREFILTER_LITERAL:
        return None
    # "force" occurs wherever "forces" does: the longer string adds nothing.
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


def may_match(literals: tuple[str, ...] | None, folded: str) -> bool:
    """False only when a pattern whose :func:`required_literals` are ``literals`` cannot
    match the text whose :func:`fold` is ``folded``."""
    if literals is None:
        return True
    for s in literals:  # a plain loop: about twice as fast as any() over a generator
        if s in folded:
            return True
    return False


def _sre_parse(pattern: str, flags: int) -> Any:
    """The standard library's parse tree of a pattern (its deprecation warning silenced:
    the parser is the one ``re`` itself compiles with)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_parse  # noqa: PLC0415 — needed only when a rule is built

        return sre_parse.parse(pattern, flags)


def _needs(seq: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``seq`` contains (or None)."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415

    best: frozenset[str] | None = None

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and (best is None or _score(cand) > _score(best)):
            best = cand

    run = ""
    for op, av in seq:
        if op is c.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if op is c.AT:
            continue  # zero width (\b, ^, $): the literals around it stay adjacent
        consider(frozenset({run}) if run else None)
        run = ""
        if op is c.SUBPATTERN:
            consider(_needs(av[-1]))
        elif op is c.ATOMIC_GROUP:
            consider(_needs(av))
        elif op is c.BRANCH:
            alts = [_needs(alt) for alt in av[1]]
            if all(a is not None for a in alts):
                consider(frozenset().union(*alts))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_needs(av[2]))
    consider(frozenset({run}) if run else None)
    return best


def _score(options: frozenset[str]) -> tuple[int, int]:
    """Selectivity of a pre-filter: the longer its shortest string and the fewer strings, the
    fewer texts it lets through."""
    return min(len(s) for s in options), -len(options)


def first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters a match can start with.

    Python's regex engine tries every branch of an alternation at every position of the text;
    a pattern of thirty case-insensitive words costs thirty attempts per character. The
    look-ahead ``(?=\\b[rw]|[u])`` (derived from the parsed pattern: the first character of
    each way a match can begin, with the word boundary that precedes it) rejects almost every
    position with one test. It is a necessary condition of a match at that position, so the
    guarded pattern finds exactly the matches (same spans, same groups) of the original, only
    sooner: 2-5x on the stance and clause patterns.

    Returns ``pattern`` itself when no guard can be derived (a match may be empty, or start
    with a construct this analysis does not follow).

    Examples
    --------
    >>> first_char_guard(re.compile(r"\\bwill not\\b|under no circumstances", re.I)).pattern
    '(?=\\\\b[w]|[u])(?:\\\\bwill not\\\\b|under no circumstances)'
    >>> first_char_guard(re.compile(r"a?")).pattern
    'a?'
    """
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415

    data = _sre_parse(pattern.pattern, pattern.flags).data
    if data and data[0][0] in (c.LITERAL, c.IN) and not pattern.flags & re.IGNORECASE:
        return pattern  # the engine itself already skips to a possible first character
    try:
        alts = _firsts(data, False)
    except _NoGuard:
        return pattern
    if alts is None:
        return pattern
    plain = "".join(sorted(a for b, a in alts if not b and len(a) == 1))
    bounded = "".join(sorted(a for b, a in alts if b and len(a) == 1))
    parts = [f"\\b[{bounded}]"] if bounded else []
    parts += [f"[{plain}]"] if plain else []
    parts += sorted(("\\b" if b else "") + a for b, a in alts if len(a) > 1)
    try:
        guarded = re.compile(f"(?={'|'.join(parts)})(?:{pattern.pattern})", pattern.flags)
    except re.error:  # e.g. a global inline flag, which must stay at the start
        return pattern
    return factor_alternatives(guarded)


def first_char_guards(*patterns: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """:func:`first_char_guard` of each pattern, in order."""
    return tuple(first_char_guard(p) for p in patterns)


class _NoGuard(Exception):
    """The parsed pattern holds a construct :func:`_firsts` does not follow."""


def _firsts(seq: Any, boundary: bool) -> set[tuple[bool, str]] | None:
    """Ways a match of the parsed sequence can begin: (after a word boundary, a one-character
    class in regex syntax), or None when the sequence can match the empty string."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415

    out: set[tuple[bool, str]] = set()
    for op, av in seq:
        if op is c.AT:
            boundary = boundary or av is c.AT_BOUNDARY
            continue
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next character still starts the match
        if op is c.LITERAL:
            out.add((boundary, _char_class_item(av)))
            return out
        if op is c.NOT_LITERAL:
            out.add((boundary, f"[^{_char_class_item(av)}]"))
            return out
        if op is c.ANY:
            out.add((boundary, "(?:.)"))  # never inside a class, where "." is a full stop
            return out
        if op is c.IN:
            out.add((boundary, _char_class(av)))
            return out
        if op is c.CATEGORY:
            out.add((boundary, _CATEGORIES[str(av)]))
            return out
        if op is c.SUBPATTERN:
            if av[1] or av[2]:
                raise _NoGuard  # scoped flags: the guard would read the characters wrongly
            inner = _firsts(av[-1], boundary)
        elif op is c.ATOMIC_GROUP:
            inner = _firsts(av, boundary)
        elif op is c.BRANCH:
            parts = [_firsts(alt, boundary) for alt in av[1]]
            inner = None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]
            if inner is None:  # one branch may be empty: the others still start somewhere
                for p in parts:
                    out |= p or set()
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            inner = _firsts(av[2], boundary)
            if inner is not None and av[0] == 0:
                out |= inner
                inner = None
        else:
            raise _NoGuard
        if inner is not None:
            return out | inner
    return None


def _char_class_item(code: int) -> str:
    """One character, escaped for use inside ``[...]``."""
    return re.escape(chr(code)) if chr(code) in "\\]^-[" else chr(code)


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _char_class(items: Any) -> str:
    """A parsed character class (``IN``) back in regex syntax."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415

    out = ""
    for op, av in items:
        if op is c.NEGATE:
            out += "^"
        elif op is c.LITERAL:
            out += _char_class_item(av)
        elif op is c.RANGE:
            out += f"{_char_class_item(av[0])}-{_char_class_item(av[1])}"
        elif op is c.CATEGORY:
            out += _CATEGORIES[str(av)]
        else:
            raise _NoGuard
    return f"[{out}]"


#: Letters other than its two ASCII cases that ``re.IGNORECASE`` matches to an ASCII letter (the
#: ``re`` documentation lists exactly these four; a test checks every code point).
_IGNORECASE_EXTRA = {"i": "İı", "s": "ſ", "k": "\u212a"}


def factor_alternatives(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled with its alternations factored into a trie: the same matches.

    Python's engine tries the branches of an alternation one after another; where a branch
    starts with a case-insensitive letter each try costs a full step of the matcher, so a
    pattern of forty words costs forty steps at every position its guard lets through. Here
    the alternatives of each run that start with an ASCII letter (after zero-width ``\\b``
    and the like) are grouped by that letter, their common first element taken out once, and
    a case-insensitive letter written as the exact case-sensitive set it matches (``[Ssſ]``),
    which the engine rejects without entering the branch: "said|says|stated" becomes
    ``s(?:aid|ays|tated)`` with ``s`` as ``[Ssſ]``.

    The order in which the engine tries alternatives that can match at one position is kept:
    branches starting with different letters cannot both match there, branches with the same
    letter keep their order, and a branch of any other kind stays where it is and ends the
    run. Same spans, same groups, same ``lastgroup``. The source text (``.pattern``) stays the
    original's (pickling, error messages and tests see what was written); only the compiled
    program differs. On a Python whose private regex compiler is not the one this was
    written for, or for a pattern this does not follow, ``pattern`` itself is returned.

    Examples
    --------
    >>> f = factor_alternatives(re.compile(r"\\b(?:said|says|told)\\b", re.I))
    >>> f.pattern, [m.group(0) for m in f.finditer("He SAID, she says; they told")]
    ('\\\\b(?:said|says|told)\\\\b', ['SAID', 'says', 'told'])
    """
    try:
        import _sre  # noqa: PLC0415
        from re import _compiler as compiler  # type: ignore[attr-defined]  # noqa: PLC0415

        tree = _sre_parse(pattern.pattern, pattern.flags)
        flags = tree.state.flags | pattern.flags
        if flags & (re.LOCALE | re.ASCII):
            return pattern  # other case folding than the sets of :func:`_letter` assume
        tree.data = _factored(tree.data, flags, tree.state)
        code = compiler._code(tree, pattern.flags)
        index = [None] * tree.state.groups
        for name, i in tree.state.groupdict.items():
            index[i] = name
        out: re.Pattern[str] = _sre.compile(pattern.pattern, pattern.flags | tree.state.flags,
                                            code, tree.state.groups - 1,
                                            tree.state.groupdict, tuple(index))
    except (AttributeError, TypeError, ValueError, RecursionError, re.error):
        return pattern
    return out


def _factored(seq: Any, flags: int, state: Any) -> list[Any]:
    """The parsed sequence ``seq`` with every alternation in it factored (a new list)."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415
    from re import _parser as parser  # type: ignore[attr-defined]  # noqa: PLC0415

    def sub(data: list[Any]) -> Any:
        return parser.SubPattern(state, data)

    out: list[Any] = []
    for op, av in seq:
        if op is c.SUBPATTERN:
            group, add, drop, inner = av
            av = (group, add, drop, sub(_factored(inner, (flags | add) & ~drop, state)))
        elif op is c.ATOMIC_GROUP:
            av = sub(_factored(av, flags, state))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            av = (av[0], av[1], sub(_factored(av[2], flags, state)))
        elif op in (c.ASSERT, c.ASSERT_NOT):
            av = (av[0], sub(_factored(av[1], flags, state)))
        elif op is c.BRANCH:
            alts = [_factored(a, flags, state) for a in av[1]]
            av = (None, [sub(a) for a in _trie(alts, flags, state)])
        elif op is c.GROUPREF_EXISTS:
            raise ValueError("conditional group: not factored")
        out.append((op, av))
    return out


def _lead(alt: list[Any], icase: bool) -> tuple[tuple[Any, ...], str] | None:
    """(zero-width ``AT`` items before it, letter) of an alternative that starts with an ASCII
    literal (lower-cased under IGNORECASE), or None."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415

    k = 0
    while k < len(alt) and alt[k][0] is c.AT:
        k += 1
    if k < len(alt) and alt[k][0] is c.LITERAL and alt[k][1] < 128:
        ch = chr(alt[k][1])
        return tuple(alt[:k]), ch.lower() if icase else ch
    return None


def _trie(alts: list[list[Any]], flags: int, state: Any) -> list[list[Any]]:
    """Alternatives (parsed sequences) grouped by their first letter, order kept (see
    :func:`factor_alternatives`)."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415
    from re import _parser as parser  # type: ignore[attr-defined]  # noqa: PLC0415

    icase = bool(flags & re.IGNORECASE)
    out: list[list[Any]] = []
    i = 0
    while i < len(alts):
        if _lead(alts[i], icase) is None:
            out.append(alts[i])
            i += 1
            continue
        j = i
        groups: dict[str, list[list[Any]]] = {}
        while j < len(alts) and (lead := _lead(alts[j], icase)) is not None:
            groups.setdefault(lead[1], []).append(alts[j])
            j += 1
        for ch, members in groups.items():
            leads = {_lead(m, icase)[0] for m in members}  # type: ignore[index]
            if len(leads) > 1:  # different zero-width starts: kept apart, in order
                out.extend(members)
                continue
            (at,) = leads
            head = _letter(ch, icase, state)
            rests = [m[len(at) + 1:] for m in members]
            if len(rests) == 1:
                out.append([*at, head, *rests[0]])
                continue
            inner = [parser.SubPattern(state, r) for r in _trie(rests, flags, state)]
            branch = parser.SubPattern(state, [(c.BRANCH, (None, inner))])
            out.append([*at, head, (c.SUBPATTERN, (None, 0, 0, branch))])
        i = j
    return out


def _letter(ch: str, icase: bool, state: Any) -> tuple[Any, Any]:
    """One parsed item matching exactly what the literal ``ch`` matches (case-sensitive set of
    its case variants under IGNORECASE, so the engine can test it without entering a branch)."""
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415
    from re import _parser as parser  # type: ignore[attr-defined]  # noqa: PLC0415

    if not (icase and ch.isalpha()):
        return (c.LITERAL, ord(ch))
    chars = sorted({ch, ch.upper(), *_IGNORECASE_EXTRA.get(ch, "")}, key=ord)
    members = parser.SubPattern(state, [(c.IN, [(c.LITERAL, ord(x)) for x in chars])])
    return (c.SUBPATTERN, (None, 0, re.IGNORECASE, members))
