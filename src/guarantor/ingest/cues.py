"""One scan per clause for the cue words of every ingest rule, and the rules gated by its hits.

The position and contribution readers ask each clause dozens of questions, each a regular
expression (a mission's words, a negation, a condition, a subject's verb). Most of them cannot
match most clauses, and Python's regex engine only learns that by trying the pattern at every
position. Here every pattern's *cue literals* are derived from its parsed text (strings one of
which occurs, lower-cased, in any text the pattern matches: lookarounds included), all of them
go into one Aho-Corasick automaton, and a clause is scanned once (:func:`scan`). A :class:`Gate`
then runs its pattern only when one of its literals was hit (an exact necessary condition, so
the results are the same), and a top-level alternation runs only with the branches whose
literals were hit (a branch that cannot match anywhere in the text cannot change which branch
matches at any position: same spans, same splits).

Examples
--------
>>> g = Gate(re.compile(r"\\bwill not\\b|\\bnever\\b", re.I))
>>> sorted(g.needs or ())
['never', 'will not']
>>> hits = scan(fold("They will NOT go"))
>>> g.search("They will NOT go", hits).group(0), g.search("Nothing", scan("nothing"))
('will NOT', None)
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Callable, Iterator
from operator import itemgetter
from re import _constants as _C  # type: ignore[attr-defined]  # the parser's item codes
from typing import Any

import ahocorasick  # type: ignore[import-not-found,unused-ignore]

from guarantor.ingest.text import _sre_parse, first_char_guard, fold

__all__ = ["Gate", "contains_any", "cue_literals", "fold", "opens", "scan", "watch"]

#: Every literal of every gate, and the automaton built from them (rebuilt when a gate adds any).
_LITERALS: set[str] = set()
_AUTOMATON: list[Any] = []
#: The word of an (end index, word) pair that the automaton reports.
_WORD = itemgetter(1)
#: One-character literals ("," ";" "—"): a plain ``in`` test each (an automaton would report
#: every comma of the clause).
_SINGLES: list[str] = []


def scan(folded: str) -> set[str]:
    """The cue literals of all gates that occur in ``folded`` (a :func:`fold` ed text).

    One pass of the automaton over the text, whatever the number of rules.
    """
    if not _AUTOMATON:
        _build()
    # The words out of the automaton's (end, word) pairs in C (map and itemgetter), not a
    # Python loop: a sentence holds dozens of cue words and every clause is scanned.
    hits = set(map(_WORD, _AUTOMATON[0].iter(folded))) if folded else set()
    for ch in _SINGLES:
        if ch in folded:
            hits.add(ch)
    return hits


def watch(literals: tuple[str, ...] | frozenset[str] | None) -> frozenset[str] | None:
    """``literals`` (lower-case strings, e.g. :func:`guarantor.ingest.text.required_literals`)
    as a set that :func:`scan` reports: ``not watch(lits).isdisjoint(scan(fold(text)))`` is
    ``may_match(lits, fold(text))``, one set test instead of a substring search per literal.
    None stays None (no literal: the text may always match)."""
    if literals is None:
        return None
    words = frozenset(literals)
    if not words <= _LITERALS:
        _LITERALS.update(words)
        _AUTOMATON.clear()
    return words


def opens(words: frozenset[str] | None, hits: set[str]) -> bool:
    """Whether a text whose :func:`scan` is ``hits`` holds one of ``words`` (a :func:`watch`
    ed set; None: no literal, so always)."""
    return words is None or not words.isdisjoint(hits)


def contains_any(words: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of whether a text holds one of ``words`` as a substring: the answer of
    ``any(w in text for w in words)``, from one pass of an automaton of these words alone
    instead of one substring search per word (a pre-filter of dozens of words runs on every
    clause).

    Examples
    --------
    >>> has = contains_any(("troop", "air "))
    >>> has("more troops"), has("the air force"), has("airlift"), has("")
    (True, True, False, False)
    """
    if not words:
        return lambda text: False
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()

    def holds(text: str) -> bool:
        return next(automaton.iter(text), None) is not None

    return holds


def _build() -> None:
    automaton = ahocorasick.Automaton()
    for word in _LITERALS:
        if len(word) > 1:
            automaton.add_word(word, word)
    if len(automaton) == 0:
        automaton.add_word("\x00\x00", "\x00\x00")  # an automaton needs a word
    automaton.make_automaton()
    _AUTOMATON[:] = [automaton]
    _SINGLES[:] = sorted(w for w in _LITERALS if len(w) == 1)


def cue_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which occurs in :func:`fold` of any text ``pattern`` matches
    in, or None when the pattern names no such literal.

    Like :func:`guarantor.ingest.text.required_literals`, derived from the parsed pattern, but
    for the text searched rather than the match itself: a positive look-ahead or look-behind
    names words the text must hold too, a class of punctuation ("[.!?]") is a set of
    one-character literals, and a character without case ("—", "€") is a literal as it stands
    (the regex compiler matches such a character exactly, case-insensitive or not).

    Examples
    --------
    >>> sorted(cue_literals(re.compile(r"(?<=[.!?])\\s+(?=[A-Z])")))
    ['!', '.', '?']
    >>> sorted(cue_literals(re.compile(r"\\s+[—–]\\s+|(?=saying)")))
    ['saying', '–', '—']
    >>> cue_literals(re.compile(r"\\w+")) is None
    True
    """
    found = _presence(_sre_parse(pattern.pattern, pattern.flags))
    if found is None:
        return None
    return frozenset(s for s in found if not any(t != s and t in s for t in found))


def _char(code: int) -> str | None:
    """The folded form of one literal character, or None when case folding could map other
    characters onto it (a cased letter beyond ASCII)."""
    if code < 128:
        return chr(code).lower()
    return None if _sre.unicode_iscased(code) else chr(code)


def _presence(seq: Any) -> frozenset[str] | None:
    """Strings one of which the text must hold for the parsed sequence ``seq`` to match: the
    most selective of its runs of literal characters and of its items' own."""
    best: frozenset[str] | None = None
    run = ""
    for op, av in seq:
        ch = _char(av) if op is _C.LITERAL else None
        if ch is not None or op is _C.AT:  # a zero-width \b keeps the characters adjacent
            run += ch or ""
            continue
        best = _selective(best, frozenset({run}) if run else None, _item_presence(op, av))
        run = ""
    return _selective(best, frozenset({run}) if run else None)


def _item_presence(op: Any, av: Any) -> frozenset[str] | None:
    """:func:`_presence` of one parsed item other than a literal character."""
    if op is _C.SUBPATTERN or op is _C.ASSERT:
        return _presence(av[-1])  # what a look-around sees is in the text too
    if op is _C.ATOMIC_GROUP:
        return _presence(av)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        return _presence(av[2]) if av[0] >= 1 else None
    if op is _C.IN:
        chars = [_char(v) if o is _C.LITERAL else None for o, v in av]
        return frozenset(x for x in chars if x is not None) \
            if chars and None not in chars else None
    if op is _C.BRANCH:
        alts = [_presence(alt) for alt in av[1]]
        return None if None in alts else frozenset().union(*alts)  # type: ignore[arg-type]
    return None


def _selective(*options: frozenset[str] | None) -> frozenset[str] | None:
    """The most selective of ``options``: the longest shortest string, then the fewest."""
    found = [o for o in options if o]
    return max(found, key=lambda o: (min(map(len, o)), -len(o))) if found else None


def _outside(source: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character of a pattern's source text that is neither escaped
    nor inside a character class: where parentheses and "|" mean what they say."""
    i, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1 if source[i + 1:i + 2] == "^" else 0
            i += 1 if source[i + 1:i + 2] == "]" else 0  # a "]" first in a class is a member
        else:
            yield i, ch
        i += 1


def _top_branches(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source text (one item when it has none)."""
    out: list[str] = []
    depth, start = 0, 0
    for i, ch in _outside(source):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
    out.append(source[start:])
    return out


def _unguarded(pattern: re.Pattern[str]) -> str:
    """The source text of ``pattern`` without the look-ahead :func:`first_char_guard` put before
    it (``(?=guard)(?:source)``), or its source as it stands."""
    source = pattern.pattern
    if not source.startswith("(?="):
        return source
    depth = 0
    for i, ch in _outside(source):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ")" and depth == 0:
            rest = source[i + 1:]
            inner = rest[3:-1]
            # the rest must be one group: "(?:" ... ")" with balanced text between
            if rest.startswith("(?:") and rest.endswith(")") and _balanced(inner):
                return inner
            return source
    return source


def _balanced(source: str) -> bool:
    """Whether every parenthesis of ``source`` (outside classes and escapes) is closed in it,
    and none closes one opened before it."""
    depth = 0
    for _, ch in _outside(source):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _alternatives(source: str) -> list[str]:
    """The alternatives of a pattern's source text: its top-level ones, or those of a group that
    is the whole pattern between word boundaries (``\\b(?:A|B)\\b`` is ``\\bA\\b|\\bB\\b``:
    a backtracking engine tries the two in the same order). One item when there are none."""
    parts = _top_branches(source)
    if len(parts) > 1:
        return parts
    for head in ("\\b(?:", "(?:"):
        for tail in (")\\b", ")"):
            if source.startswith(head) and source.endswith(tail) \
                    and len(source) > len(head) + len(tail):
                inner = source[len(head):-len(tail)]
                if _balanced(inner) and len(alts := _top_branches(inner)) > 1:
                    return [head[:-3] + a + tail[1:] for a in alts]
    return parts


#: Alternatives searched one by one (instead of the whole pattern) when at most this many of
#: them can match a text: each alone skips to its own first characters.
MAX_ALONE = 3
#: Word sets whose choice of alternatives a gate keeps (:meth:`Gate._alone`); a news article's
#: clauses show a few dozen per gate at most.
CHOICE_CACHE = 256


class Gate:
    """A pattern run only where its cue literals occur, with only the alternatives that can.

    The pattern is not searched on a text whose :func:`scan` holds none of its literals. When
    only a few of its alternatives can match there (their literals occur, or they have none),
    those are searched alone and the leftmost match wins, the first alternative at a tie: what
    the engine does with the whole alternation, which tries the alternatives in order at each
    position (so the same spans and the same splits). A pattern with groups is only gated.

    Parameters
    ----------
    pattern : re.Pattern
        The pattern as the reader uses it (guarded and factored or not): searched as it is
        whenever more than :data:`MAX_ALONE` of its alternatives may match.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        source = _unguarded(pattern)
        flags = pattern.flags & ~re.UNICODE
        self.needs: frozenset[str] | None = cue_literals(re.compile(source, flags))
        alts = _alternatives(source) if pattern.groups == 0 else [source]
        compiled = [re.compile(a, flags) for a in alts] if len(alts) > 1 else []
        if any(_sre_parse(a.pattern, flags).getwidth()[0] == 0 for a in compiled):
            compiled = []  # an empty match splits and advances differently: not emulated
        alt_needs = [cue_literals(a) for a in compiled]
        self._alts = tuple(first_char_guard(a) for a in compiled)
        #: The alternatives that may match any text (no literal), and those each literal opens.
        self._always = frozenset(i for i, lits in enumerate(alt_needs) if lits is None)
        self._opens: dict[str, frozenset[int]] = {}
        for i, lits in enumerate(alt_needs):
            for word in lits or ():
                self._opens[word] = self._opens.get(word, frozenset()) | {i}
        self._words = frozenset(self._opens)
        self._chosen: dict[frozenset[str], tuple[re.Pattern[str], ...] | None] = {}
        if len(self._always) > MAX_ALONE:
            self._alts = ()  # too many always searched: the whole pattern is faster
        for lits in (self.needs, *alt_needs):
            watch(lits)

    def open(self, hits: set[str]) -> bool:
        """Whether the pattern may match the text whose :func:`scan` is ``hits``."""
        return self.needs is None or not self.needs.isdisjoint(hits)

    def _alone(self, hits: set[str]) -> tuple[re.Pattern[str], ...] | None:
        """The alternatives to search one by one on the text whose scan is ``hits``, or None
        to search the whole pattern.

        The choice depends only on which of the gate's words the text holds; it is kept per
        such word set (the same few recur clause after clause, and every search, split and
        substitution asks), at most :data:`CHOICE_CACHE` of them per gate."""
        if not self._alts:
            return None
        held = self._words.intersection(hits)
        if held in self._chosen:
            return self._chosen[held]
        chosen = self._choose(held)
        if len(self._chosen) >= CHOICE_CACHE:
            self._chosen.clear()  # an unusual text's word sets: start again, bounded
        self._chosen[held] = chosen
        return chosen

    def _choose(self, held: frozenset[str]) -> tuple[re.Pattern[str], ...] | None:
        """:meth:`_alone` for a text that holds the gate's words ``held``."""
        kept = set(self._always)
        for word in held:
            kept |= self._opens[word]
            if len(kept) > MAX_ALONE:
                return None
        return tuple(self._alts[i] for i in sorted(kept)) if len(kept) < len(self._alts) \
            else None

    def search(self, text: str, hits: set[str], pos: int = 0) -> re.Match[str] | None:
        """The match of ``pattern.search(text, pos)`` (its span and text), run only where the
        pattern can match."""
        if not self.open(hits):
            return None
        alone = self._alone(hits)
        if alone is None:
            return self.pattern.search(text, pos)
        best: re.Match[str] | None = None
        for p in alone:  # in order: at a tie the earlier alternative wins
            m = p.search(text, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def match(self, text: str, hits: set[str]) -> re.Match[str] | None:
        """``pattern.match(text)``, run only where it can match."""
        return self.pattern.match(text) if self.open(hits) else None

    def sub(self, repl: str, text: str, hits: set[str]) -> str:
        """``pattern.sub(repl, text)`` for a plain replacement text, run only where it can
        match."""
        if not self.open(hits):
            return text
        if self._alone(hits) is None or "\\" in repl:
            return self.pattern.sub(repl, text)
        return repl.join(self._pieces(text, hits))

    def split(self, text: str, hits: set[str]) -> list[str]:
        """``pattern.split(text)``, run only where it can match."""
        if not self.open(hits):
            return [text]
        if self._alone(hits) is None:
            return self.pattern.split(text)
        return self._pieces(text, hits)

    def _pieces(self, text: str, hits: set[str]) -> list[str]:
        """``text`` cut at the successive leftmost matches (none empty, none overlapping)."""
        out: list[str] = []
        pos = 0
        while (m := self.search(text, hits, pos)) is not None:
            out.append(text[pos:m.start()])
            pos = m.end()
        out.append(text[pos:])
        return out
