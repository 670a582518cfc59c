"""Direct and indirect quotes in cleaned article text, each with its speaker.

Direct quotes: every common quotation-mark style — “curly”, "straight", „German“, « French »,
‘single’ (as outer marks too), 「corner」 — with nesting (only the outermost span is a quote),
multi-paragraph quotes (a paragraph that ends inside a quote and a next paragraph that opens
with a quotation mark continue one quote), and unbalanced marks (an unclosed quote ends at the
next attribution such as ", he said" or at the paragraph end, and is flagged). Quoted *terms*
("the so-called “reassurance force”", "a “security guarantee”") are not quotes: a short quoted
span preceded by a determiner, or a short noun phrase not introduced by speech, is skipped.

Attribution, in order: a speech verb right after the closing mark (``”, he said``, ``” said
Hegseth``), a speech verb before the opening mark in the same sentence (``Hegseth said that
“...``, ``..., adding that “...``), "according to X", the attribution of another quote in the same
sentence, the speaker of the previous quote (a quote that continues a speech). Outlets
("told The Telegraph", "the newspaper noted", "according to the Financial Times") become the
quote's ``outlet``, never its speaker.

A quotation continued over paragraphs with an opening mark on each paragraph is one quote per
paragraph (the answer key's rule). A short lower-case fragment in a sentence that reports speech
("called Putin the UK’s “number one enemy”") is a quote, not a term. A quote that opens a
paragraph after a one-sentence report ("X said ...") takes that report's speaker.

Indirect speech: a sentence with a speech verb ("said that", "told ...", "stated", "ruled
out", "dismissed", "urged", "according to X") and a resolvable subject gives an indirect
statement (the rest of the sentence), used for positions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from guarantor.data.actors import actors
from guarantor.ingest.speakers import (
    ROLE_NOUNS,
    Speaker,
    SpeakerResolver,
    _actor_of_words,
    _looks_like_np,
    gender_of_mention,
    is_outlet,
)
from guarantor.ingest.text import (
    factor_alternatives,
    first_char_guards,
    fold,
    iter_sentence_spans,
    may_match,
    required_literals,
    sentence_spans,
    tokens,
)

QuoteKind = Literal["direct", "indirect"]


@dataclass(frozen=True)
class Quote:
    """A quote (direct) or reported statement (indirect) with its speaker.

    Attributes
    ----------
    text : str
        The quoted words without the marks (direct), or the reported clause (indirect).
    start, end : int
        Character span of ``text`` in the cleaned article (for a multi-paragraph quote, from the
        first word to the last).
    kind : {'direct', 'indirect'}
        Direct quote or indirect speech.
    speaker : str or None
        Canonical speaker label (full name, anonymous descriptor or institution).
    mention : str or None
        The speaker as written ("he", "the top diplomat").
    actor : str or None
        Actor id the speaker speaks for.
    role : str or None
        Speaker's role or title.
    anonymous : bool
        Unnamed source ("a European diplomat").
    outlet : str or None
        News outlet cited as the source ("The Telegraph"), if any.
    context : str
        The sentence(s) holding the quote: the evidence span.
    context_start : int
        Offset of ``context`` in the cleaned article.
    confidence : float
        Confidence in the attribution (0..1).
    rule : str
        Which attribution rule fired ("post", "inverted", "pre", "participle", "according",
        "sentence", "carry", "tail", "colon", "quoted-as", "none").
    unbalanced : bool
        True when the closing mark was missing.
    co_actors : tuple of str
        Further actors of a joint statement ("Starmer and Macron said").
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None
    mention: str | None
    actor: str | None
    role: str | None
    anonymous: bool
    outlet: str | None
    context: str
    context_start: int
    confidence: float
    rule: str
    unbalanced: bool = False
    co_actors: tuple[str, ...] = ()


_FINITE = (
    r"said|says|say|told|tells|added|adds|stated|states|stressed|stresses|noted|notes|wrote|"
    r"writes|warned|warns|argued|argues|insisted|insists|emphasi[sz]ed|emphasi[sz]es|explained|"
    r"explains|declared|declares|announced|announces|asserted|asserts|acknowledged|admitted|"
    r"admits|urged|urges|claimed|claims|confirmed|confirms|suggested|suggests|replied|"
    r"responded|remarked|observed|posted|tweeted|reiterated|reiterates|predicted|promised|"
    r"pledged|vowed|cautioned|conceded|maintained|contended|continued|concluded|complained|"
    r"countered|retorted|described|describes|dismissed|dismisses|rejected|rejects|assured|called|"
    r"revealed|made (?:the|these|his|her) (?:comments|remarks)|clarified|clarifies|"
    r"summari[sz]ed|summed up|"
    r"(?:issued|released|published) (?:a|an) (?:\w+ )?(?:statement|communiqu[eé])|"
    r"ruled out|rules out|reported|reports|asked|echoed|signal(?:l)?ed|indicated|made clear|"
    r"delivered (?:a|an) (?:\w+ )?message|believes|thinks|agrees|denied|denies|"
    r"threatened|demanded|demands|proposed|called for|calls for|praised|criticised|criticized|"
    r"highlight(?:ed|s)|underline[ds]|underscore[ds]|point(?:ed|s) out|recall(?:ed|s)"
)
_PARTICIPLE = (
    r"saying|adding|stating|telling|noting|warning|arguing|insisting|stressing|"
    r"emphasi[sz]ing|explaining|declaring|describing|calling for|urging|suggesting|"
    r"dismissing|rejecting|ruling out|writing|posting|reiterating|arguing|claiming|clarifying"
)
_FINITE_RE = re.compile(rf"\b(?:{_FINITE})\b")
_PARTICIPLE_RE = re.compile(rf"\b(?:{_PARTICIPLE})\b")
_ACCORDING = re.compile(
    r"\b[Aa]ccording to\s+(?P<np>[^,;:“”\"«»]{2,120}?)(?=\s*(?:[,;:.“”\"«»]|$))")
_POST = re.compile(
    rf"^[\s,.!?…—–-]*(?P<subj>[^,;:“”\"«»]{{1,90}}?)\s+(?:(?:also|later|then|further|has|had|"
    rf"have|once|again|repeatedly|reportedly|simply|only|recently|previously)\s+)*"
    rf"(?P<verb>{_FINITE})\b"
)
_INVERTED = re.compile(
    r"^[\s,.!?…—–-]*(?P<verb>said|says|added|adds|told|wrote|writes|stated|asked|continued|"
    r"explained|insisted|warned|noted|emphasi[sz]ed|stressed|declared|argued|commented)\s+"
    r"(?!that\b|on\b|in\b|at\b)(?P<subj>[^,.;:“”\"«»]{2,90})"
)
#: A contrastive clause after a quote has a subject of its own ("... while X called ...").
_CONTRAST_CLAUSE = re.compile(r"\s*(?:while|whereas)\s", re.IGNORECASE)
_POST_ACCORDING = re.compile(
    r"^[\s,.!?…—–-]*according to\s+(?P<np>[^,;:“”\"«»]{2,120}?)\s*(?:[,;:.]|$)")
_CLAUSE_BOUNDARY = re.compile(
    r"[,;:(—–“”\"«»]|\b(?:that|when|while|as|after|because|since|whereas|although|though|if|"
    r"where|once|before|until|but|whom|whose|which)\b"
)
_WHO = re.compile(r"^\s*who\b")
_TITLE_NAME = re.compile(
    # Every match starts with a capital or "of"/"the"/"for": the look-ahead skips other positions
    # at once (about 1.8x faster scans, same matches).
    r"(?=[A-Zoft])"
    r"(?:\b(?:[A-Z][\w.’'-]*|of|the|for)\s+){0,6}?"
    r"\b(?:President|Prime Minister|Minister|Secretary|Chancellor|Spokes(?:man|woman|person)|"
    r"Senator|Sen\.|Rep\.|Ambassador|Envoy|Commissioner|Chief|General|Gen\.|Admiral|Adm\.|"
    r"Director|Chair(?:man|woman)?|Leader|Mayor|Governor|Premier|King|Queen|Pope|Mr\.|Mrs\.|"
    r"Ms\.|Dr\.|Sir|Dame|Lord|Minister of [A-Z]\w+)\s+(?:Sir\s+)?"
    r"[A-Z][\w’'-]+(?:\s+(?:de |van |von |al-)?[A-Z][\w’'-]+){0,2}"
)
_DETERMINERS = frozenset(
    "the a an so-called this that these those its their his her our your my any every".split()
)
_SPEECHY = frozenset(
    """must will would should could can cannot can’t won’t not no never is are was were we i
    you it’s let’s absolutely totally very too agrees agree believe think want need did does
    have has had there they he she it our my this that""".split()
)
_PRE_SPEECH = frozenset(
    """said says say told added stated called calling described describing warned warning
    saying adding he she they it was is are were be been being wrote writes insisted insisting
    stressed called termed dubbed that if because unless when while whether""".split()
)
#: Stock labels of the debate that appear in quotation marks without being anyone's words.
_KNOWN_TERMS = frozenset(
    """coalition of the willing|coalition of the willing leaders|reassurance force|
    reassurance|boots on the ground|land swaps|land swap|strategic enablers|enablers|
    backstop|back-up|backup|security guarantee|security guarantees|peacekeepers|
    peacekeeping force|multinational force ukraine|assurance force|air shield|
    steel porcupine|steel-quilled porcupine|article 5|article five|article 5-like|
    deterrence force|security plan|peace through strength|ceasefire|truce"""
    .replace("\n", "").replace("    ", "").split("|")
)
_POSSESSIVE_TITLE = re.compile(r"\b[A-Z][\w.&-]*[’']s\s*$")
_CLOSERS = {"“": "d", "„": "d", "”": "d", '"': "d", "«": "g", "»": "g", "「": "c", "『": "c",
            "‘": "s", "’": "s", "'": "s", "‹": "s", "›": "s"}
_MARKS = re.compile(r"[“”„«»‹›「」『』\"‘’']")
_LEFT_CTX = set("([{—–-/") | set("“„«‘‹「『\"'")
_RIGHT_CTX = set(".,;:!?)]}—–-…") | set("”»’›」』\"'")
_UNBALANCED_END = re.compile(
    r"[,.!?]\s+(?=(?:he|she|they|(?:the|a|an|one|another)\s+[\w’' -]{1,40}?|"
    r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})\s+"
    r"(?:said|says|added|told|stated|wrote|stressed|noted)\b)"
)


#: Deepest nesting of open quotation marks tracked. Real text nests two or three deep; the
#: bound keeps every per-mark look at the open marks constant, so a run of 50,000 marks is
#: scanned in linear time (issue 17).
MAX_QUOTE_DEPTH = 8


@dataclass
class _Raw:
    start: int  # absolute offset of the first inner character
    end: int  # absolute offset after the last inner character
    open_at: int  # absolute offset of the opening mark
    close_at: int  # absolute offset of the closing mark (== end when unbalanced)
    text: str
    unbalanced: bool = False


def _scan_paragraph(
    para: str, seed: tuple[str, str] | None
) -> tuple[list[tuple[int, int, int, int]], tuple[int, str, str] | None, bool]:
    """Outermost quote spans of one paragraph.

    Returns (spans as (open, inner_start, inner_end, close) paragraph offsets, dangling opener
    as (offset, family, char) or None, whether the seed quote closed in this paragraph).
    With ``seed`` the paragraph continues an open quote whose continuation mark is at 0.
    """
    stack: list[tuple[str, int, str]] = []
    spans: list[tuple[int, int, int, int]] = []
    seed_closed = False
    skip_first = False
    if seed is not None:
        stack.append((seed[0], 0, seed[1]))
        skip_first = seed[1] != ""
    n = len(para)
    for m in _MARKS.finditer(para):
        i = m.start()
        if skip_first and i == 0:
            continue
        ch = para[i]
        prev = para[i - 1] if i > 0 else ""
        nxt = para[i + 1] if i + 1 < n else ""
        left = prev == "" or prev.isspace() or prev in _LEFT_CTX
        right = nxt == "" or nxt.isspace() or nxt in _RIGHT_CTX
        families = [f for f, _, _ in stack]
        action: str | None = None
        family = _CLOSERS.get(ch, "c")
        if ch == "“":
            action = "close" if stack and stack[-1][2] == "„" else "open"
        elif ch == "„":
            action = "open"
        elif ch == "”":
            if "d" in families:
                action = "close"
            elif left and not right:
                action = "open"
        elif ch == '"':
            if any(c == '"' for _, _, c in stack) and not (left and not right):
                action = "close"
            elif not right:
                action = "open"
            elif any(c == '"' for _, _, c in stack):
                action = "close"
        elif ch == "«":
            action = "close" if stack and stack[-1][2] == "»" else "open"
        elif ch == "»":
            if "g" in families:
                action = "close"
            elif left and not right:
                action = "open"
        elif ch in "「『":
            action = "open"
        elif ch in "」』":
            action = "close" if "c" in families else None
        elif ch in "‘‹":
            if ch == "‹" or (left and not nxt.isdigit() and not nxt.isspace() and nxt != ""):
                action = "open"
        elif ch == "’" or ch == "'" or ch == "›":
            if prev.isalnum() and nxt.isalnum():
                action = None  # apostrophe
            elif any(f == "s" for f in families) and not prev.isspace() and (right or nxt == ""):
                action = "close"
            elif ch == "'" and left and nxt.isalpha():
                action = "open"
        if action == "open":
            if len(stack) >= MAX_QUOTE_DEPTH:
                continue  # deeper nesting is noise (a run of marks), not quotation
            stack.append((family, i, ch))
        elif action == "close":
            j = max((k for k, (f, _, _) in enumerate(stack) if f == family), default=-1)
            if j < 0:
                continue
            opener = stack[j]
            del stack[j:]
            if j == 0:
                if opener[1] == 0 and seed is not None and not seed_closed:
                    seed_closed = True
                    spans.append((-1, 1, i, i))
                else:
                    spans.append((opener[1], opener[1] + 1, i, i))
    dangling: tuple[int, str, str] | None = None
    if stack and stack[0][0] in ("d", "g", "c"):
        f, pos, ch = stack[0]
        dangling = (pos, f, ch)
        if pos == 0 and seed is not None and not seed_closed:
            dangling = (-1, f, ch)
    return spans, dangling, seed_closed


_CONTINUE_OPEN = {"d": "“„\"”", "g": "«»", "c": "「『"}


def find_quote_spans(text: str) -> list[_Raw]:
    """Outermost quoted spans of a cleaned article (paragraphs separated by blank lines)."""
    out: list[_Raw] = []
    pending: tuple[int, int, list[str], str, str] | None = None  # open_at, start, parts, fam, ch
    offset = 0
    paragraphs = text.split("\n\n")
    for idx, para in enumerate(paragraphs):
        if pending is None and _WORD_CHAR.search(para) is None:
            offset += len(para) + 2
            continue  # no word, no quote: a line of marks or rules is skipped in one test
        seed: tuple[str, str] | None = None
        lead = 1
        if pending is not None:
            if para[:1] and para[0] in _CONTINUE_OPEN.get(pending[3], ""):
                seed = (pending[3], para[0])
            elif _closes_first(para, pending[3]):
                # A paragraph break inside a quote without a continuation mark (scraped
                # text): the quote goes on until this paragraph's closing mark.
                seed = (pending[3], "")
                lead = 0
            else:
                out.append(_unbalanced(pending, paragraphs[idx - 1], offset - 2))
                pending = None
        spans, dangling, _ = _scan_paragraph(para, seed)
        for open_at, a, b, close_at in spans:
            if open_at == -1 and pending is not None:
                parts = [*pending[2], para[lead:b]]
                out.append(
                    _Raw(pending[1], offset + b, pending[0], offset + close_at,
                         " ".join(p.strip() for p in parts))
                )
                pending = None
            else:
                out.append(_Raw(offset + a, offset + b, offset + open_at, offset + close_at,
                                para[a:b]))
        if dangling is not None:
            pos, fam, ch = dangling
            if pos == -1 and pending is not None:
                pending = (pending[0], pending[1], [*pending[2], para[lead:]], fam, ch)
            else:
                pending = (offset + pos, offset + pos + 1, [para[pos + 1 :]], fam, ch)
        elif seed is not None and pending is not None and not any(s[0] == -1 for s in spans):
            pending = None
        offset += len(para) + 2
    if pending is not None and paragraphs:
        out.append(_unbalanced(pending, paragraphs[-1], offset - 2))
    return out


_WORD_CHAR = re.compile(r"[^\W_]")
_PARENTHETICAL = re.compile(
    r"(?:^|[.;:]\s+|\band\s+)(?P<np>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+),\s+"
    r"(?:(?:speaking|writing|asked|responding|addressing|who|the|a|an)\b|[A-Z][\w.-]*[’']s\s)"
    r"[^,;:“”\"«»]{1,100},\s*$")
#: A full name in commas after a role: "His Swedish counterpart, Pål Jonson, " (then a verb).
_NAME_AFTER_ROLE_COMMA = re.compile(
    r"[a-z][\w’'-]*, +(?P<np>[A-Z][\w’'-]+(?: +[A-Z][\w’'-]+){1,3}), *$")
_CAP_RUN = re.compile(r"(?<![\w’'])[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}")
_PARA_BREAK = re.compile(r"\n\n")
#: Opening marks that continue a quotation on a new paragraph.
_CONTINUATION_MARKS = "“„\"«「"
_FIRST_DOUBLE = re.compile(r"[“”„\"]")
_FIRST_GUILLEMET = re.compile(r"[«»]")


def _closes_first(para: str, family: str) -> bool:
    """True when the first quotation mark of ``para`` (of the open quote's family) closes."""
    if family == "d":
        m = _FIRST_DOUBLE.search(para)
        if m is None or m.start() == 0:
            return False
        ch, i = m.group(0), m.start()
        nxt = para[i + 1 : i + 2]
        if ch == "”" or ch == '"':
            return not para[i - 1].isspace() and (nxt == "" or nxt.isspace() or nxt in _RIGHT_CTX)
        return False
    if family == "g":
        m = _FIRST_GUILLEMET.search(para)
        return m is not None and m.start() > 0 and m.group(0) == "»"
    return False


def _unbalanced(pending: tuple[int, int, list[str], str, str], last_para: str,
                last_para_end: int) -> _Raw:
    """An unclosed quote: end it at the next ", he said"-style attribution or paragraph end."""
    open_at, start, parts, _, _ = pending
    tail = parts[-1]
    m = _UNBALANCED_END.search(tail)
    if m is not None:
        tail = tail[: m.start()]
        text = " ".join(p.strip() for p in [*parts[:-1], tail])
        end = last_para_end - len(last_para) + (len(last_para) - len(parts[-1])) + m.start()
        return _Raw(start, end, open_at, end, text, unbalanced=True)
    text = " ".join(p.strip() for p in parts)
    return _Raw(start, last_para_end, open_at, last_para_end, text, unbalanced=True)


def is_term(inner: str, before: str) -> bool:
    """True for a quoted term or label rather than a quote.

    A span of four or more words is a quote unless it is a short name after a determiner
    ("the “Coalition of the willing,”"); a shorter span is a quote only when it ends a sentence
    inside the marks, opens with a modal, negation or pronoun ("“must end,”", "“not enough.”"),
    or follows a speech verb or pronoun ("he “agrees”").
    """
    toks = tokens(inner)
    if not toks:
        return True
    prev_words = tokens(before[-40:])
    prev = prev_words[-1] if prev_words else ""
    prev2 = prev_words[-2] if len(prev_words) >= 2 else ""
    ends_sentence = inner.rstrip().rstrip("”’\"'")[-1:] in ".!?"
    if " ".join(toks) in _KNOWN_TERMS:
        return True  # a stock label of the debate ("coalition of the willing")
    if prev == "so-called" or (prev_words[-2:-1] == ["so"] and prev == "called"):
        return True
    if prev == "that" and (_FINITE_RE.fullmatch(prev2) or prev2 in _PRE_SPEECH):
        pass  # "warned that “...”": a complementiser, not a determiner
    elif prev in _DETERMINERS and len(toks) <= 6 and not ends_sentence:
        return True
    if (prev2 in _DETERMINERS - {"that"} and prev not in _PRE_SPEECH and len(toks) <= 6
            and not ends_sentence and toks[0] not in _SPEECHY
            and not _FINITE_RE.fullmatch(prev)):
        return True  # "the Europe-led ‘coalition of the willing’"
    if _POSSESSIVE_TITLE.search(before) and len(toks) <= 6 and all(
            w[:1].isupper() or w.lower() in {"of", "the", "and", "on", "in", "a"}
            for w in re.findall(r"[\w’'-]+", inner)):
        return True  # a programme or document title: CNN’s “State of the Union”
    if len(toks) >= 4:
        return False
    if not before.strip() or before.rstrip().endswith((":", "—")):
        return False  # a quote that opens the sentence or follows a colon is speech
    if ends_sentence or toks[0] in _SPEECHY or prev in _PRE_SPEECH:
        return False
    # A fragment that starts with a finite verb ("talked about peace") is reported speech.
    return not (toks[0].endswith("ed") and len(toks) >= 2)


class _Sentence:
    __slots__ = ("start", "end", "para_start")

    def __init__(self, start: int, end: int, para_start: int) -> None:
        self.start, self.end, self.para_start = start, end, para_start


#: Longest stretch treated as one sentence (characters). Real sentences are far shorter; a
#: longer run (no full stops) is cut at a space into pieces of at most this length, so that the
#: per-sentence searches for speech verbs and subjects cost at most a constant each.
MAX_SENTENCE = 2000
#: How far back from a speech verb its subject is looked for (characters; subjects are short).
SUBJECT_WINDOW = 400


class _Sentences(list[_Sentence]):
    """An article's sentences in text order (disjoint, none empty) with their ends in a list,
    so the sentence at an offset is one bisect (:func:`_sentence_at`)."""

    ends: list[int]


def _sentences(text: str) -> _Sentences:
    out = _Sentences()
    offset = 0
    for para in text.split("\n\n"):
        for a, b in sentence_spans(para):
            while b - a > MAX_SENTENCE:
                cut = para.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
                cut = a + MAX_SENTENCE if cut < 0 else cut
                out.append(_Sentence(offset + a, offset + cut, offset))
                a = cut + 1 if para[cut : cut + 1] == " " else cut
            out.append(_Sentence(offset + a, offset + b, offset))
        offset += len(para) + 2
    out.ends = [s.end for s in out]
    return out


def _sentence_at(sents: _Sentences, pos: int) -> _Sentence | None:
    # The first sentence that ends after ``pos``: the one holding it, or, between sentences
    # (whitespace), the next one.
    i = bisect.bisect_right(sents.ends, pos)
    return sents[i] if i < len(sents) else (sents[-1] if sents else None)


#: Characters after a closing mark searched for its attribution (", he said on Monday ...").
_AFTER_WINDOW = 600
_NON_SPACE = re.compile(r"\S")


def mask_quoted(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the words inside each quoted span ``(open, close + 1)`` replaced by 'x'.

    The marks themselves stay (they are clause boundaries); whitespace stays, so offsets do not
    move. Built once per article in one pass over the text (spans sorted and merged), so the
    cost is linear in the article length whatever the number of quotes and sentences.
    """
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        lo, hi = max(a + 1, pos), b - 1
        if hi <= lo:
            continue
        parts.append(text[pos:lo])
        parts.append(_NON_SPACE.sub("x", text[lo:hi]))
        pos = hi
    parts.append(text[pos:])
    return "".join(parts)


class _ClauseCuts:
    """Where the subject of each speech verb of one text may start: the end of the last
    :data:`_CLAUSE_BOUNDARY` match within :data:`SUBJECT_WINDOW` characters before the verb (0
    when none), as a scan of ``masked[:verb]`` from ``verb - SUBJECT_WINDOW`` finds it.

    Asked for the verbs of a sentence in text order, each stretch of the text is scanned once:
    a window that overlaps the last one continues its scan from the last verb instead of
    scanning the overlap again (a run of speech verbs cost a scan of 400 characters each).
    Exact: a verb starts a word after a non-word character (``_FINITE_RE`` opens with ``\\b``),
    and the boundaries are single marks or letter words between ``\\b``, so no match crosses
    a verb's start or is cut by a window's start (a scan from inside a word finds nothing
    there); the matches of the continued scan that start in a window are those of the window's
    own scan.
    """

    __slots__ = ("hi", "ends", "masked", "starts")

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.hi = -1  # end of the stretch scanned so far (the last verb asked for)

    def cut(self, verb_at: int) -> int:
        """The subject's start for a speech verb at ``verb_at``."""
        lo = max(0, verb_at - SUBJECT_WINDOW)
        if lo >= self.hi or verb_at < self.hi:
            self.starts, self.ends, pos = [], [], lo  # no overlap: this window's own scan
        else:
            pos = self.hi
        for m in _CLAUSE_BOUNDARY.finditer(self.masked, pos, verb_at):
            self.starts.append(m.start())
            self.ends.append(m.end())
        self.hi = verb_at
        i = bisect.bisect_left(self.starts, verb_at) - 1  # the last boundary before the verb
        return self.ends[i] if i >= 0 and self.starts[i] >= lo else 0


def _sentences_holding(sents: _Sentences, folded: str, literals: tuple[str, ...] | None,
                       ) -> set[int]:
    """Starts of the sentences ``s`` for which ``may_match(literals, fold(masked[s.start:
    s.end]))`` holds, given ``folded``, the :func:`~guarantor.ingest.text.fold` of the whole
    ``masked`` text: one search per literal over the article instead of a fold per sentence.

    Exact: ``fold`` maps each character to one (it replaces the one character whose lower case
    is longer first), so offsets agree, and the literals are ASCII, which no context-dependent
    lower case (a final sigma) can make or unmake.
    """
    if literals is None:
        return {s.start for s in sents}
    out: set[int] = set()
    for lit in literals:
        i = folded.find(lit)
        while i >= 0:
            k = bisect.bisect_right(sents.ends, i)  # the sentence holding offset i, if any
            if k < len(sents) and sents[k].start <= i and i + len(lit) <= sents[k].end:
                out.add(sents[k].start)
            i = folded.find(lit, i + 1)
    return out


def _is_word_char(ch: str) -> bool:
    """True for a character ``\\w`` matches (a regex's ``\\b`` sits between such a character
    and another)."""
    return ch.isalnum() or ch == "_"


def _verbal_sentences(sents: _Sentences, masked: str, verbs: list[re.Match[str]]) -> set[int]:
    """Starts of the sentences in which a scan of the sentence alone (``masked[s.start:s.end]``)
    for a speech verb (:data:`_FINITE_RE`) may find one, given ``verbs``, that scan over the
    whole ``masked`` text.

    Exact, so a sentence left out needs no scan of its own: inside a sentence the two scans
    read the same characters, and they differ only where a ``\\b`` at the sentence's edge
    sees the character beyond it (kept whenever that character is a word character) or where
    a verb of the whole scan overlaps the sentence (kept). Linear: one bisect per sentence.
    """
    ends = [v.end() for v in verbs]  # sorted: the scan's matches do not overlap
    out: set[int] = set()
    n = len(masked)
    for s in sents:
        i = bisect.bisect_right(ends, s.start)  # the first verb that ends inside or after it
        if ((i < len(verbs) and verbs[i].start() < s.end)
                or (s.start > 0 and _is_word_char(masked[s.start - 1]))
                or (s.end < n and _is_word_char(masked[s.end]))):
            out.add(s.start)
    return out


class QuoteFinder:
    """Find quotes and indirect statements in one cleaned article and attribute them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sents = _sentences(text)
        self.resolver = SpeakerResolver()
        self._appositions: dict[str, list[re.Match[str]]] | None = None
        self._note_people()

    def _note_people(self) -> None:
        text = self.text
        self.raws = sorted(find_quote_spans(text), key=lambda r: r.open_at)
        inside = sorted((r.open_at, r.close_at) for r in self.raws)
        # The text with quoted words hidden, for every search for a speech verb outside quotes.
        self.masked = mask_quoted(text, [(r.open_at, r.close_at + 1) for r in self.raws])

        starts = [a for a, _ in inside]
        reach = list(itertools.accumulate((b for _, b in inside), max))

        def quoted(pos: int) -> bool:
            # People named inside a quote are not the antecedents of a later "he"/"she".
            i = bisect.bisect_left(starts, pos) - 1
            return i >= 0 and reach[i] > pos

        def possessive(end: int) -> bool:
            # "Putin's regime": a possessor is rarely the antecedent of a later "he said".
            return text[end:end + 2] in ("’s", "'s")

        def speaks(start: int, end: int) -> None:
            # "Healey said", "Healey, the defence secretary, told": a subject of speech.
            if _SPEAKS_AFTER.match(text, end) is not None:
                sent = _sentence_at(self.sents, start)
                self.resolver.mark_salient(start, sent.end if sent is not None else end)
            self._note_discourse(start, end)

        for np_text, at, role in _named_roles(text):
            # "Jorma Ala-Sankila, the chairman of the ... Association, does not rule out": a
            # person first named with a role in apposition (no title, no speech verb); the role
            # is kept for a later "the head of the ... Association".
            if quoted(at) or not set(role.lower().split()) & _APPOSITION_ROLES:
                continue
            sp = self.resolver.resolve(np_text, at)
            if sp is None or not sp.person:
                continue
            if sp.role is None:
                sp = Speaker(sp.label, sp.mention, sp.actor or _actor_of_words(role), role,
                             False, True)
            self.resolver.note(sp, at)
            speaks(at, at + len(np_text))
        for m in _TITLE_NAME.finditer(text):
            if quoted(m.start()) or possessive(m.end()):
                continue
            sp = self.resolver.resolve(m.group(0), m.start())
            if sp is not None and sp.person:
                self.resolver.note(sp, m.start())
                speaks(m.start(), m.end())
        for m in _known_alias_re().finditer(text):
            if quoted(m.start()) or possessive(m.end()):
                continue
            sp = self.resolver.resolve(m.group(0), m.start())
            if sp is not None and sp.person:
                self.resolver.note(sp, m.start())
                speaks(m.start(), m.end())
        masked = self.masked
        finite = list(_FINITE_RE.finditer(masked))
        self._verbal = _verbal_sentences(self.sents, masked, finite)
        self._verbs = finite  # kept: a sentence's own scan reads them when exact (_verbs_in)
        self._verb_starts = [v.start() for v in finite]
        for v in finite:
            # "Kristo Lind, the prime minister, told ...", "Lind said ...": a person first
            # named as the subject of a speech verb, without a title the scans above know
            # ("..., ERR reports": an outlet's verb has no person before it).
            if v.group(0) in ("reports", "reported"):
                continue
            m = _NAME_BEFORE_VERB.search(masked, max(0, v.start() - 120), v.start())
            if m is None or quoted(m.start("np")) or possessive(m.end("np")):
                continue
            sp = self.resolver.resolve(m.group("np"), m.start("np"))
            if sp is not None and sp.person:
                self.resolver.note(sp, m.start("np"))
                speaks(m.start("np"), m.end("np"))
        anonymous = _ANON_MENTION.finditer(text) if may_match(_ANON_NEEDS, fold(text)) else ()
        for m in anonymous:
            if not quoted(m.start()):
                # "a UK government spokesperson": the antecedent of a later "the spokesperson".
                self.resolver.resolve(m.group(0), m.start())

    def _verbs_in(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, verb) of each :data:`_FINITE_RE` match of ``self.masked[lo:hi]``
        scanned alone, offsets in that slice.

        Read from the whole text's scan (:meth:`_note_people`) when that is exact, else
        scanned. Exact when no whole-text verb straddles ``lo`` or ``hi`` and the character
        beyond each edge is no word character: the pattern reads one character beyond a match
        (its ``\\b``), so at such edges both scans try the same positions and read the same
        characters (the reasoning of :func:`_verbal_sentences`).
        """
        masked, starts, verbs = self.masked, self._verb_starts, self._verbs
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi)
        if ((lo > 0 and _is_word_char(masked[lo - 1]))
                or (hi < len(masked) and _is_word_char(masked[hi]))
                or (i > 0 and verbs[i - 1].end() > lo)
                or (j > i and verbs[j - 1].end() > hi)):
            return [(m.start(), m.end(), m.group(0))
                    for m in _FINITE_RE.finditer(masked[lo:hi])]
        return [(v.start() - lo, v.end() - lo, v.group(0)) for v in verbs[i:j]]

    def _note_discourse(self, start: int, end: int) -> None:
        """Salience facts about a person mentioned at ``start:end`` for later pronouns: the
        mention opens its sentence (a discourse subject), and the gender of a pronoun that
        refers straight back to it ("Kallas said she ...", "Pevkur, who said he ...")."""
        sent = _sentence_at(self.sents, start)
        if sent is not None and (_SUBJECT_LEAD.fullmatch(self.text, sent.start, start)
                                 or _passive_agent_before(self.text, start)):
            # The agent of a passive speech act is a discourse subject too: "This statement
            # was made by Croatian President Zoran Milanovic after a meeting with ...".
            self.resolver.mark_subject(start)
        g = _GENDER_BACK.match(self.text, end)
        h = _HONORIFIC_BEFORE.search(self.text, max(0, start - 10), start)
        gender = gender_of_mention(h.group(0)) if h is not None else None
        if g is not None:
            gender = gender or ("f" if g.group("p").lower() == "she" else "m")
        if gender is not None:
            sp = self.resolver.resolve(self.text[start:end], start)
            if sp is not None and sp.person:
                self.resolver.note_gender(sp.label, gender)

    # -- subjects ---------------------------------------------------------------------------

    def _subject_before(self, masked: str, verb_at: int, base: int,
                        cuts: _ClauseCuts | None = None,
                        ) -> tuple[str, int] | None:
        """Subject text of a speech verb at ``verb_at`` (offset in ``masked``).

        ``cuts`` (optional): the :class:`_ClauseCuts` of ``masked``, for a caller that reads
        several verbs of the same text in order (their windows are then scanned once).
        """
        head = masked[:verb_at]
        cut = 0
        if cuts is None:
            for m in _CLAUSE_BOUNDARY.finditer(head, max(0, verb_at - SUBJECT_WINDOW)):
                cut = m.end()
        else:
            cut = cuts.cut(verb_at)
        subj = head[cut:].strip()
        if not subj and head.rstrip().endswith(","):
            # "Zelenskyy, speaking after meeting with Macron, said": skip the parenthetical.
            m = _PARENTHETICAL.search(head)
            if m is not None:
                return m.group("np"), base + m.start("np")
            m = _NAME_AFTER_ROLE_COMMA.search(head)
            if m is not None:
                # "His Swedish counterpart, Pål Jonson, said": the name in commas speaks.
                return m.group("np"), base + m.start("np")
        if not subj:
            return None
        if _WHO.match(subj) or subj.lower() in {"which", "who"}:
            before = head[: cut].rstrip()
            before = re.sub(r"(?:,\s*)?(?:who|which)$", "", before).rstrip(" ,")
            m = re.search(r"((?:[A-Z][\w.’'-]*\s+){0,6}[A-Z][\w.’'-]*)$", before)
            if m is None:
                return None
            return m.group(1), base + m.start(1)
        rels = list(_REL_OBJECT.finditer(subj)) if may_match(_REL_OBJECT_NEEDS, fold(subj)) else []
        rel = rels[-1] if rels else None  # the last relative-object phrase
        if rel is not None:
            # "... something the chancellor described as “...”": the subject follows.
            return subj[rel.end():], base + cut + (len(head[cut:]) - len(head[cut:].lstrip()))\
                + rel.end()
        if not _looks_like_np(subj):
            # "But while aid has been deployed the defence secretary warned ...": a clause
            # without its comma; the noun phrase right before the verb is its subject.
            m = _TRAILING_NP.search(subj, _words_back(subj, _TRAILING_NP_WORDS))
            if (m is not None and m.start() > 0 and _looks_like_np(m.group(0))
                    and m.group(0).split()[-1].lower() not in _FUNCTION_WORDS):
                lead = len(head[cut:]) - len(head[cut:].lstrip())
                return m.group(0), base + cut + lead + m.start()
        if len(subj.split(None, 13)) > 12:
            return None
        return subj, base + cut

    def _resolve(self, subj: str, pos: int) -> tuple[Speaker | None, str | None]:
        """(speaker, outlet) for a subject mention."""
        clean = subj.strip(" ,")
        if is_outlet(clean):
            return None, _strip_article(clean)
        if clean.lower() in ("he", "she") and _RELATIVE_BEFORE.search(
                self.text, max(0, pos - 20), pos + len(subj) - len(subj.lstrip())):
            # "remarks by Mette Frederiksen last week, in which she reiterated": the pronoun of
            # a relative clause is the person it hangs on, named earlier in the sentence.
            sent = _sentence_at(self.sents, pos)
            near = self.resolver.nearest_person(
                pos, "f" if clean.lower() == "she" else "m", sent.start if sent else pos)
            if near is not None:
                return Speaker(near.label, clean, near.actor, near.role, False, True), None
        sp = self.resolver.resolve(clean, pos)
        if sp is not None and sp.person and sp.actor is None:
            sp = self._apposition(sp)
        if sp is not None and (sp.person or sp.anonymous):
            self.resolver.note(sp, pos)
            self.resolver.mark_subject(pos)  # the subject of an attribution is salient
        return sp, None

    def _apposition(self, sp: Speaker) -> Speaker:
        """Fill a named person's actor and role from "NAME, the Danish defence minister"."""
        from guarantor.ingest.speakers import _actor_of_words

        if self._appositions is None:
            # One pass over the article: every "Word, the|a|an|X's ROLE", keyed by the word
            # before the comma, first occurrence first (a search per name would be quadratic).
            self._appositions = {}
            for m in _apposition_matches(self.text):
                self._appositions.setdefault(m.group("last"), []).append(m)
        for name in (sp.label, sp.label.split()[-1]):
            last = name.split()[-1]
            for m in self._appositions.get(last, ()):
                head = m.start("last") - (len(name) - len(last))
                if head < 0 or self.text[head : m.end("last")] != name or (
                        head > 0 and (self.text[head - 1].isalnum() or self.text[head - 1] == "_")):
                    continue
                role = m.group("role").strip()
                actor = _actor_of_words(m.group(0)[len(last):])
                if actor is not None:
                    return Speaker(sp.label, sp.mention, actor, sp.role or role, False, True)
                break  # the first apposition of this name decides, as before
        return sp

    def _pre(self, masked: str, base: int) -> tuple[Speaker | None, str | None, str, float]:
        """Attribution from the text before a quote (``masked`` = sentence start .. mark, the
        slice ``self.masked[base : base + len(masked)]``)."""
        outlet: str | None = None
        finite = [v for v in self._verbs_in(base, base + len(masked))
                  if not _after_determiner(masked, v[0])]
        parts = [(m.start(), m.end(), m.group(0)) for m in _PARTICIPLE_RE.finditer(masked)]
        acc = [(m.start("np"), m.end("np"), m.group("np")) for m in _ACCORDING.finditer(masked)
               ] if may_match(_ACCORDING_NEEDS, fold(masked)) else []
        events = sorted(
            [(a, "finite", b) for a, b, _ in finite]
            + [(a, "participle", b) for a, b, _ in parts]
            + [(a, "according", b) for a, b, _ in acc],
            reverse=True,
        )
        for at, kind, _end in events:
            if kind == "according":
                np_text = masked[at:_end]
                sp, out = self._according(np_text, base + at)
                outlet = outlet or out
                if sp is not None:
                    return sp, outlet, "according", 0.8
                continue
            if kind == "participle":
                sp = self._participle_subject(masked[:at], base)
                if sp is not None:
                    return sp, outlet, "participle", 0.75
                continue
            found = self._subject_before(masked, at, base)
            if found is None:
                continue
            sp, out = self._resolve(*found)
            outlet = outlet or out
            if sp is not None:
                return sp, outlet, "pre", 0.85
        m = _NAME_COLON.match(masked)
        if m is not None:
            # "Tusk: “Poland will ...”" (a headline's or a summary's attribution): a person.
            sp = self.resolver.resolve(m.group("np"), base + m.start("np"))
            if sp is not None and sp.person:
                return sp, outlet, "name-colon", 0.75
        m = _NAME_COLON_CLAIM.match(masked)
        if m is not None:
            # "PM Orpo: Security guarantees are “very different matters”": a headline's claim
            # put in the mouth of the person before the colon, when the registry or the
            # article knows that person.
            at = base + m.start("np")
            sp = self.resolver.resolve(m.group("np"), at)
            if sp is not None and sp.person and (
                    actors().speaker_for(sp.label) is not None
                    or self.resolver.mentioned_before(sp.label, at)):
                return sp, outlet, "name-colon", 0.7
        return None, outlet, "none", 0.0

    def _participle_subject(self, masked_head: str, base: int) -> Speaker | None:
        """Subject of "..., saying": the name right before the participle ("with Putin
        saying"), else that of the last finite speech verb, else the first person."""
        m = _PARTICIPLE_NP.search(masked_head)
        if m is not None:
            # An absolute construction ("..., with Putin saying they reached ...") has its own
            # subject; it is not the subject of the clause before it.
            sp = self.resolver.resolve(m.group("np"), base + m.start("np"))
            if sp is not None and sp.person:
                return sp
        finite = list(_FINITE_RE.finditer(masked_head))
        for m in reversed(finite):
            found = self._subject_before(masked_head, m.start(), base)
            if found:
                sp, _ = self._resolve(*found)
                if sp is not None:
                    return sp
            inv = _INVERTED.match(masked_head[m.start():])
            if inv is not None:
                subj = re.split(r"\s+(?:on|in|at|during|after|before|told|to)\s+",
                                inv.group("subj"))[0]
                sp, _ = self._resolve(subj, base + m.start() + inv.start("subj"))
                if sp is not None:
                    return sp
        post = _POST.search(masked_head)
        if post is not None:
            sp, _ = self._resolve(post.group("subj"), base + post.start("subj"))
            if sp is not None:
                return sp
        m = re.match(r"\s*((?:[A-Z][\w.’'-]*\s+){0,6}[A-Z][\w.’'-]*)", masked_head)
        if m is not None:
            sp, _ = self._resolve(m.group(1), base + m.start(1))
            if sp is not None:
                return sp
        # "In response to a question, Macron declined to ..., saying": the first person named.
        for m in _CAP_RUN.finditer(masked_head):
            sp = self.resolver.resolve(m.group(0), base + m.start())
            if sp is not None and sp.person:
                return sp
        return None

    def _according(self, np_text: str, pos: int) -> tuple[Speaker | None, str | None]:
        np_text = np_text.strip()
        if is_outlet(np_text):
            return None, _strip_article(np_text)
        m = re.search(r"\b(?:that|which)\s+(?P<subj>.+?)\s+(?:posted|issued|released|published|"
                      r"wrote|sent|gave|made|delivered)\b", np_text)
        if m is not None:
            sp, out = self._resolve(m.group("subj"), pos + m.start("subj"))
            return sp, out
        m = re.search(r"\bby\s+(?P<subj>.+)$", np_text)
        if m is not None:
            return self._resolve(m.group("subj"), pos + m.start("subj"))
        office = self._office_document(np_text, pos)
        if office is not None:
            return office, None
        return self._resolve(np_text, pos)

    def _office_document(self, np_text: str, pos: int) -> Speaker | None:
        """The office behind a document: "a statement from his office" -> "Keir Starmer's
        office" (the person's office speaks, not the person), "a statement from the Élysée"
        -> the institution. None when ``np_text`` is not a document from someone."""
        m = _DOCUMENT_FROM.match(np_text)
        if m is None:
            return None
        owner, noun = m.group("owner"), m.group("office").lower()
        at = pos + m.start("owner")
        if owner.lower() in {"his", "her"}:
            sp = self.resolver.resolve("he" if owner.lower() == "his" else "she", at)
        else:
            sp, _ = self._resolve(re.sub(r"[’']s$", "", owner), at)
        if sp is None:
            return None
        if not sp.person:
            return sp
        return Speaker(f"{sp.label}'s {noun}", np_text, sp.actor, f"office of {sp.label}")

    def _post(self, after: str, base: int) -> tuple[Speaker | None, str | None, str, float, bool]:
        """Attribution right after a closing mark: (speaker, outlet, rule, confidence, found)."""
        first = next(iter_sentence_spans(after), None)  # only the first sentence is read
        tail = after[: first[1]] if first is not None else after
        if _NEW_SENTENCE.match(after) and self.text[max(0, base - 3) : base].rstrip(
                "”\"’»'")[-1:] in ".!?…" and (_OPENING_MARK.search(tail) or
                                           tail.rstrip().endswith(":")):
            # '“...now.” She said the rule was simple: “...”' introduces the next quote.
            return None, None, "none", 0.0, False
        m = _POST_ACCORDING.match(tail)
        if m is not None:
            sp, out = self._according(m.group("np"), base + m.start("np"))
            return sp, out, "according", 0.85, True
        m = _DASH_NAME.match(tail)
        if m is not None:
            # "“...” – Tusk." (a name after a dash, no verb): a person.
            sp = self.resolver.resolve(m.group("np"), base + m.start("np"))
            if sp is not None and sp.person:
                return sp, None, "dash-name", 0.75, True
        m = _WAS_QUOTED.match(tail) or _QUOTED_AS.match(tail)
        if m is not None:
            o = m.group("o")
            outlet = _strip_article(o) if o and is_outlet(o) else None
            sp, _ = self._resolve(m.group("subj"), base + m.start("subj"))
            if sp is not None:
                return sp, outlet, "quoted-as", 0.9, True
        m = _POST_APPOSITION.match(tail)
        if m is not None:
            sp, _ = self._resolve(m.group("subj"), base + m.start("subj"))
            if sp is not None:
                rest = tail[m.end():]
                told = re.match(r"\s+(?:the\s+)?(?P<o>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})",
                                rest) if m.group("verb") in {"told", "tells"} else None
                outlet = _strip_article(told.group("o")) if told and is_outlet(
                    told.group(0).strip()) else None
                return sp, outlet, "post", 0.9, True
        m = _INVERTED.match(tail)
        if m is not None:
            subj = re.split(r"\s+(?:on|in|at|during|after|before|told|to)\s+", m.group("subj"))[0]
            named = _NAME_AFTER_ROLE.match(tail, m.end("subj"))
            if named is not None and subj.lower().startswith(("the ", "a ", "an ")):
                # "said the Estonian leader, Kristo Lind.": the name after the role speaks.
                sp, _ = self._resolve(named.group("np"), base + named.start("np"))
                if sp is not None and sp.person:
                    return sp, None, "inverted", 0.95, True
            sp, out = self._resolve(subj, base + m.start("subj"))
            if sp is not None or out is not None:
                return sp, out, "inverted", 0.95, True
        m = _POST.match(tail)
        if m is not None:
            subj = m.group("subj")
            if _CONTRAST_CLAUSE.match(subj):
                # "... requires “U.S. engagement” while Dutch minister X called ...": a new
                # clause with its own subject; the quote's speaker is read before it.
                return None, None, "none", 0.0, False
            if len(subj.split()) <= 10:
                sp, out = self._resolve(subj, base + m.start("subj"))
                if out is not None:
                    # "..., the newspaper noted": the outlet is the source; look for the speaker
                    # before the quote instead.
                    return None, out, "post", 0.0, False
                if sp is not None:
                    conf = 0.9 if (sp.mention or "").lower() in {"he", "she"} else 0.95
                    rest = tail[m.end():]
                    told = re.match(
                        r"\s+(?:the\s+)?(?P<o>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})",
                        rest) if m.group("verb") in {"told", "tells"} else None
                    outlet = _strip_article(told.group("o")) if told and is_outlet(
                        told.group(0).strip()) else None
                    return sp, outlet, "post", conf, True
        return None, None, "none", 0.0, False

    def _tail(self, r: _Raw, s_close: _Sentence, quoted: list[tuple[int, int]]
              ) -> Speaker | None:
        """Attribution at the end of the sentence: "... is “fundamental”, X said on Monday."."""
        start = r.close_at + 1
        if start >= s_close.end:
            return None
        rest = self.masked[start : s_close.end]
        for rx in (_TAIL_ATTRIBUTION, _TAIL_INVERTED):
            m = rx.search(rest)
            if m is None or not _TAIL_REST.match(m.group("rest")):
                continue
            if "x" * 3 in m.group("subj"):
                continue
            sp, _ = self._resolve(m.group("subj"), start + m.start("subj"))
            if sp is not None:
                return sp
        return None

    def _lead_in(self, r: _Raw) -> Speaker | None:
        """A quote opening a paragraph after a one-paragraph report of the same speaker
        ("Mr Albanese said Mr Dutton no longer stood with Ukraine." then "“[We] did have ...”"):
        the subject of the last speech verb of the previous paragraph, when that paragraph
        holds no quotation of its own."""
        text = self.text
        para_start = text.rfind("\n\n", 0, r.open_at)
        if para_start < 0 or text[para_start + 2 : r.open_at].strip():
            return None
        prev_start = text.rfind("\n\n", 0, para_start)
        prev_start = 0 if prev_start < 0 else prev_start + 2
        prev = self.masked[prev_start:para_start]
        if not prev.rstrip().endswith("."):
            return None
        if _MARKS.search(prev) is not None:
            # A paragraph that ends "...,” he told Radio NZ." with its opening mark lost (a
            # stray closing mark) hands its speaker to a quotation continued below it.
            close = max(prev.rfind("”"), prev.rfind('"'))
            stray = (prev.count("“") < prev.count("”") if prev[close:close + 1] == "”"
                     else prev.count('"') % 2 == 1)
            if close < 0 or not stray or close < len(prev.rstrip()) - _AFTER_WINDOW:
                return None  # a balanced quotation: the carry rule below decides
            tail = self.text[prev_start + close + 1 : para_start]
            if _MARKS.search(tail) is not None:
                return None
            sp, _, rule, _, _ = self._post(tail, prev_start + close + 1)
            return sp if sp is not None and sp.person and rule == "post" else None
        s = _sentence_at(self.sents, max(prev_start, para_start - 2))
        if s is None or s.start < prev_start:
            return None
        m = None
        for hit in _FINITE_RE.finditer(self.masked, s.start, para_start):
            m = hit  # the last speech verb of the sentence
        if m is None:
            return None
        sp, _, _, _ = self._pre(self.masked[s.start : m.end()], s.start)
        return sp if sp is not None and sp.person else None

    def _narrated_lead(self, r: _Raw, s_open: _Sentence) -> Speaker | None:
        """A quote standing as its own sentence after a narrated sentence about a person in
        the same paragraph ("The Danish prime minister also addressed the ties with the US.
        “We have a good relationship.”"): the subject of that sentence, when it is a person
        and the sentence quotes nobody."""
        before = self.text[s_open.para_start : s_open.start].rstrip()
        if not before:
            return None  # the quote opens its paragraph: nothing narrated before it
        prev = _sentence_at(self.sents, s_open.para_start + len(before) - 1)
        if prev is None or prev is s_open or prev.start < s_open.para_start:
            return None
        sentence = self.text[prev.start : s_open.start]
        if _QUOTE_MARK.search(sentence) is not None:
            return None  # a sentence with (part of) a quotation: the other rules decide
        m = _NARRATED_SUBJECT.match(sentence)
        if m is None:
            return None
        at = prev.start + m.start("np")
        sp = self.resolver.resolve(m.group("np"), at)
        if sp is None or not sp.person or not self.resolver.mentioned_before(sp.label, at + 1):
            return None  # only a person the article has named ("There is ..." is nobody)
        return sp

    def _colon_lead(self, r: _Raw, quoted: list[tuple[int, int]]) -> Speaker | None:
        """A quote opening a paragraph after one that ends "..., X said:"."""
        text = self.text
        para_start = text.rfind("\n\n", 0, r.open_at)
        if para_start < 0 or text[para_start + 2 : r.open_at].strip():
            return None
        prev_end = para_start
        prev_start = text.rfind("\n\n", 0, prev_end)
        prev_start = 0 if prev_start < 0 else prev_start + 2
        prev = text[prev_start:prev_end].rstrip()
        if not prev.endswith(":"):
            return None
        s = _sentence_at(self.sents, max(prev_start, prev_end - 2))
        if s is None:
            return None
        masked = self.masked[s.start : prev_start + len(prev) - 1]
        sp, _, _, _ = self._pre(masked, s.start)
        if sp is None:
            # "This comes from Pavel’s belief that ...:" (no speech verb): the one person the
            # lead-in names, if the article named them before.
            people: dict[str, Speaker] = {}
            for m in _CAP_RUN.finditer(masked):
                at = s.start + m.start()
                p = self.resolver.resolve(m.group(0), at)
                if p is not None and p.person and self.resolver.mentioned_before(p.label, at):
                    people[p.label] = p
            sp = next(iter(people.values())) if len(people) == 1 else None
        return sp

    # -- main -------------------------------------------------------------------------------

    def direct(self) -> list[Quote]:
        """Direct quotes with speakers, in text order."""
        text = self.text
        raws = self.raws
        quoted = [(r.open_at, r.close_at + 1) for r in raws]
        items: list[tuple[_Raw, _Sentence, _Sentence]] = []
        for r in raws:
            s_open = _sentence_at(self.sents, r.open_at)
            s_close = _sentence_at(self.sents, max(r.close_at - 1, r.open_at))
            if s_open is None or s_close is None:
                continue
            before = text[s_open.start : r.open_at]
            if is_term(r.text, before) and not self._speech_fragment(r, s_open, s_close, before):
                continue
            items.append((r, s_open, s_close))
        results: list[dict[str, object]] = []
        for r, s_open, s_close in items:
            after_end = text.find("\n\n", r.close_at)
            after_end = len(text) if after_end < 0 else after_end
            # What follows the mark up to the paragraph end, bounded: an attribution is near.
            after = text[r.close_at + 1 : min(after_end, r.close_at + 1 + _AFTER_WINDOW)]
            after_at = r.close_at + 1
            if not after.strip() and text[after_end + 2 : after_end + 3].islower():
                # A hard line break inside the sentence ("... discussed,'" / "he said."): the
                # attribution opens the next line, in lower case.
                after_at = after_end + 2
                nxt = text.find("\n\n", after_at)
                after = text[after_at : min(len(text) if nxt < 0 else nxt,
                                            after_at + _AFTER_WINDOW)]
            sp, outlet, rule, conf, found = self._post(after, after_at)
            if sp is None:
                masked = self.masked[s_open.start : r.open_at]
                psp, pout, prule, pconf = self._pre(masked, s_open.start)
                outlet = outlet or pout
                if psp is not None:
                    sp, rule, conf = psp, prule, pconf
            if sp is None and not (found and outlet is not None):
                tsp = self._tail(r, s_close, quoted)
                if tsp is not None:
                    sp, rule, conf, found = tsp, "tail", 0.8, True
            if sp is None and not found and not text[s_open.start : r.open_at].strip():
                csp = self._colon_lead(r, quoted)
                if csp is not None:
                    sp, rule, conf, found = csp, "colon", 0.8, True
                else:
                    csp = self._lead_in(r)
                    if csp is not None:
                        sp, rule, conf, found = csp, "lead", 0.6, True
                    else:
                        csp = self._narrated_lead(r, s_open)
                        if csp is not None:
                            sp, rule, conf, found = csp, "narrated", 0.6, True
            results.append({"raw": r, "s_open": s_open, "s_close": s_close, "speaker": sp,
                            "outlet": outlet, "sourced": found or outlet is not None,
                            "rule": rule if sp else "none",
                            "conf": conf if sp else 0.0})
        # Share attribution within a sentence, then carry it to continuing quotes.
        for i, item in enumerate(results):
            if item["speaker"] is not None:
                continue
            s_open = item["s_open"]
            s_close = item["s_close"]
            assert isinstance(s_close, _Sentence)
            for other in results[i + 1 :]:
                o_open = other["s_open"]
                assert isinstance(o_open, _Sentence)
                if o_open.start > s_close.end:
                    break  # quotes come in text order: nothing later shares the sentence
                if o_open is s_open or other["s_close"] is s_close:
                    if other["speaker"] is not None:
                        item.update(speaker=other["speaker"], rule="sentence", conf=0.7,
                                    outlet=item["outlet"] or other["outlet"])
                        break
        prev: dict[str, object] | None = None
        for item in results:
            r = item["raw"]
            assert isinstance(r, _Raw)
            if (item["speaker"] is None and not item["sourced"] and prev is not None
                    and prev["speaker"] is not None):
                s_open = item["s_open"]
                assert isinstance(s_open, _Sentence)
                prev_raw = prev["raw"]
                assert isinstance(prev_raw, _Raw)
                lead = text[s_open.start : r.open_at].strip()
                gap = text[prev_raw.close_at + 1 : r.open_at]
                same_para = "\n\n" not in gap
                if not lead and (same_para or gap.count("\n\n") == 1) and len(gap) < 400:
                    item.update(speaker=prev["speaker"], rule="carry",
                                conf=0.6 if same_para else 0.5)
            prev = item
        quotes: list[Quote] = []
        for item in results:
            r = item["raw"]
            s_open = item["s_open"]
            s_close = item["s_close"]
            sp = item["speaker"]
            assert isinstance(r, _Raw) and isinstance(s_open, _Sentence)
            assert isinstance(s_close, _Sentence)
            assert sp is None or isinstance(sp, Speaker)
            ctx_end = max(s_close.end, s_open.end)
            conf = float(item["conf"])  # type: ignore[arg-type]
            if r.unbalanced:
                conf *= 0.8
            for a, b, ca, cb in self._paragraph_parts(r, s_open.start, ctx_end):
                quotes.append(
                    Quote(
                        text=text[a:b].strip() if (a, b) != (r.start, r.end) else r.text.strip(),
                        start=a,
                        end=b,
                        kind="direct",
                        speaker=sp.label if sp else None,
                        mention=sp.mention if sp else None,
                        actor=sp.actor if sp else None,
                        role=sp.role if sp else None,
                        anonymous=sp.anonymous if sp else False,
                        outlet=item["outlet"],  # type: ignore[arg-type]
                        context=text[ca:cb],
                        context_start=ca,
                        confidence=round(conf, 2),
                        rule=str(item["rule"]),
                        unbalanced=r.unbalanced,
                        co_actors=sp.co_actors if sp else (),
                    )
                )
        quotes.extend(self._dash_quotes())
        quotes.sort(key=lambda q: q.start)
        return quotes

    def _speech_fragment(self, r: _Raw, s_open: _Sentence, s_close: _Sentence,
                         before: str) -> bool:
        """True for a short quoted fragment of someone's words that :func:`is_term` took for a
        term: a lower-case span in a sentence that reports speech ("called Putin the UK’s
        “number one enemy”", "said the guarantees looked “theoretical,”", "to “cripple” the
        tyrant’s military", "..., he said").

        Stock labels of the debate, "so-called" terms, capitalised names and a single noun
        after a determiner ("the “guarantees”") stay terms.
        """
        toks = tokens(r.text)
        inner = r.text.strip()
        if not toks or not inner[:1].islower() or " ".join(toks) in _KNOWN_TERMS:
            return False
        prev_words = tokens(before[-40:])
        prev = prev_words[-1] if prev_words else ""
        if prev in ("so-called", "called") and prev_words[-2:-1] != ["him"] and len(toks) > 1:
            return False
        if "so-called" in prev_words[-3:]:
            return False
        if len(toks) == 1 and prev in _DETERMINERS:
            return False
        masked = self.masked[s_open.start : max(s_close.end, s_open.end)]
        return bool(_FINITE_RE.search(masked) or _PARTICIPLE_RE.search(masked)
                    or (may_match(_ACCORDING_NEEDS, fold(masked)) and _ACCORDING.search(masked)))

    def _paragraph_parts(self, r: _Raw, ctx_start: int, ctx_end: int
                         ) -> list[tuple[int, int, int, int]]:
        """Spans ``(start, end, context_start, context_end)`` of a quote, one per paragraph.

        A quotation continued over paragraphs with an opening mark on each paragraph (the
        news convention) is one quote per paragraph, each with the sentences that hold it: the
        answer key's rule, and a speaker's separate statements stay separate. A paragraph
        break without a continuation mark (scraped text) keeps one quote.
        """
        text = self.text
        if "\n\n" not in text[r.start : r.end]:
            return [(r.start, r.end, ctx_start, ctx_end)]
        cuts: list[tuple[int, int]] = []
        a = r.start
        for m in _PARA_BREAK.finditer(text, r.start, r.end):
            mark = text[m.end() : m.end() + 1]
            if mark not in _CONTINUATION_MARKS:
                return [(r.start, r.end, ctx_start, ctx_end)]
            cuts.append((a, m.start()))
            a = m.end() + 1
        cuts.append((a, r.end))
        out: list[tuple[int, int, int, int]] = []
        for a, b in cuts:
            while b > a and text[b - 1] in _CONTINUATION_MARKS + " ":
                b -= 1  # a paragraph's closing mark, if any, is not quoted text
            if not _WORD_CHAR.search(text, a, b):
                continue
            s_a = _sentence_at(self.sents, a)
            s_b = _sentence_at(self.sents, max(a, b - 1))
            ca = s_a.start if s_a is not None else a
            cb = max(s_b.end if s_b is not None else b, b)
            out.append((a, b, min(ca, a), cb))
        return out or [(r.start, r.end, ctx_start, ctx_end)]

    def _dash_quotes(self) -> list[Quote]:
        """Quotations without marks, attributed by a dash ("... - said Tusk.", or a paragraph
        followed by a line "- he said."), a house style of several wire services."""
        text = self.text
        out: list[Quote] = []
        marked = [(r.open_at, r.close_at + 1) for r in self.raws]
        paras: list[tuple[int, int]] = []
        pos = 0
        for block in text.split("\n"):
            if block.strip():
                paras.append((pos, pos + len(block)))
            pos += len(block) + 1
        for i, (a, b) in enumerate(paras):
            para = text[a:b]
            if _DASH_HINT.search(para) is None:
                continue  # both rules need a dash and a space after it
            m = _DASH_TAIL.search(para)
            if m is not None and m.start() > 0:
                g = "subj" if m.group("subj") else "subj2"
                q_start, q_end, subj, subj_at = a, a + m.start(), m.group(g), a + m.start(g)
            elif i > 0 and _DASH_LINE.match(para):
                m = _DASH_LINE.match(para)
                assert m is not None
                q_start, q_end = paras[i - 1]
                subj, subj_at = m.group("subj"), a + m.start("subj")
            else:
                continue
            if any(x < q_end and q_start < y for x, y in marked):
                continue  # a paragraph with quotation marks is handled by the main rules
            words = text[q_start:q_end].strip()
            if len(tokens(words)) < 4:
                continue
            sp, outlet = self._resolve(subj, subj_at)
            out.append(Quote(
                text=words, start=q_start, end=q_end, kind="direct",
                speaker=sp.label if sp else None, mention=sp.mention if sp else None,
                actor=sp.actor if sp else None, role=sp.role if sp else None,
                anonymous=sp.anonymous if sp else False, outlet=outlet,
                context=text[q_start:q_end], context_start=q_start,
                confidence=0.7 if sp is not None else 0.3, rule="dash",
                co_actors=sp.co_actors if sp else (),
            ))
        return out

    def indirect(self, skip_first_paragraph: bool = False) -> list[Quote]:
        """Reported statements ("X said that ...", "according to X, ...") with speakers."""
        text = self.text
        out: list[Quote] = []
        first_para_end = text.find("\n\n") if "\n\n" in text else len(text)
        # Without a speech verb, a sentence can only report speech through "according to".
        # The sentences that may: one search of the folded article for the literals.
        cited = _sentences_holding(self.sents, fold(self.masked), _ACCORDING_NEEDS)
        for s in self.sents:
            if skip_first_paragraph and s.start < first_para_end:
                continue
            if s.start not in self._verbal and s.start not in cited:
                continue
            sentence = text[s.start : s.end]
            masked = self.masked[s.start : s.end]
            sp: Speaker | None = None
            outlet: str | None = None
            clause_at = 0
            clause_end: int | None = None
            cuts = _ClauseCuts(masked)
            for verb_at, verb_end, verb in self._verbs_in(s.start, s.end):
                if _after_determiner(masked, verb_at):
                    continue
                if verb in ("asked", "told") and _PASSIVE_BEFORE.search(masked, 0, verb_at):
                    # "He was asked whether he would ...": a question put to the subject (or
                    # words said to them), not the subject's statement.
                    continue
                found = self._subject_before(masked, verb_at, s.start, cuts)
                if found is None:
                    continue
                if verb in ("reports", "reported") and not masked[verb_end:].strip(" ."):
                    # "..., ERR reports.": the outlet that carried the statement, not a speaker.
                    outlet = outlet or _strip_article(found[0].strip(" ,"))
                    continue
                cand, out_ = self._resolve(*found)
                if out_ is not None:
                    outlet = outlet or out_
                    continue
                if cand is None:
                    continue
                if _QUOTE_ATTRIBUTION.search(masked[: found[1] - s.start]):
                    # "”, Hegseth said ..., adding that ...": the verb attributes a direct
                    # quote; only a following "adding that ..." is a further statement.
                    more = _PARTICIPLE_RE.search(masked, verb_end)
                    if more is None:
                        continue
                    sp, clause_at = cand, more.start()
                    break
                sp, clause_at = cand, verb_at
                head = masked[: found[1] - s.start].rstrip()
                n_head = len(tokens(head))
                if (head.endswith(",") and (n_head >= 6 or (
                        n_head >= 3 and _CLAUSE_VERB.search(head) is not None))
                        and _TAIL_REST.match(masked[verb_end:])
                        and not _QUOTE_ATTRIBUTION.search(head[:-1])):
                    # "Kyiv will not give up land, Zelensky said on Sunday.": the statement is
                    # the clause before the attribution.
                    clause_end = len(head) - 1
                break
            rule = "indirect"
            if sp is None and s.start in cited:
                for m in _ACCORDING.finditer(masked):
                    cand, out_ = self._according(m.group("np"), s.start + m.start("np"))
                    outlet = outlet or out_
                    if cand is not None:
                        sp, clause_at, rule = cand, 0, "according"
                        break
            if sp is None:
                # "Estonia is ready to send a company, stated Prime Minister Kristen Michal, ERR
                # reports.": the statement is the clause before an inverted attribution.
                m = _INDIRECT_INVERTED.search(masked)
                if m is not None and len(tokens(masked[: m.start()])) >= 6:
                    cand, out_ = self._resolve(m.group("subj"), s.start + m.start("subj"))
                    outlet = outlet or out_
                    if cand is not None:
                        sp, rule, clause_end = cand, "inverted-indirect", m.start()
            if sp is None:
                continue
            if clause_end is not None:
                clause = sentence[:clause_end].strip(" ,:")
                unquoted = masked[:clause_end].replace("x", " ")
                clause_at = 0
            else:
                clause = sentence[clause_at:].strip(" ,:")
                unquoted = _FINITE_RE.sub(" ", masked[clause_at:].replace("x", " "), count=1)
            if len(tokens(unquoted)) < 4:
                continue  # the statement is a direct quote already found
            out.append(
                Quote(
                    text=clause,
                    start=s.start + clause_at,
                    end=s.start + clause_end if clause_end is not None else s.end,
                    kind="indirect",
                    speaker=sp.label,
                    mention=sp.mention,
                    actor=sp.actor,
                    role=sp.role,
                    anonymous=sp.anonymous,
                    outlet=outlet,
                    context=sentence,
                    context_start=s.start,
                    confidence=0.7 if sp.person else 0.6,
                    rule=rule,
                    co_actors=sp.co_actors,
                )
            )
        return out


_APPOSITION = re.compile(
    r"(?<![\w’'-])(?P<last>[^\W\d_][\w’'-]*),\s+(?:the|a|an|[A-Z]\w+[’']s)\s+(?P<role>[^,.;:“”\"]{3,60})")
_COMMA_SPACE = re.compile(r",\s")


def _apposition_matches(text: str) -> Iterator[re.Match[str]]:
    r"""The matches of ``_APPOSITION.finditer(text)``, found from the commas.

    A match is a word (a run of ``[\w’'-]`` that starts with a letter and is not preceded by
    such a character) followed by a comma and a space, so each ", " names the one place a
    match may start: the start of the run before it. Trying only those places (and none
    inside the previous match, as ``finditer`` resumes after it) gives the same matches,
    without trying the pattern at every word of the article (about 10x faster).
    """
    end = 0
    for c in _COMMA_SPACE.finditer(text):
        p = c.start()
        while p > 0 and (_is_word_char(text[p - 1]) or text[p - 1] in "’'-"):
            p -= 1
        if p >= end and p < c.start():
            m = _APPOSITION.match(text, p)
            if m is not None:
                end = m.end()
                yield m


_ANON_MENTION = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne|[Tt]wo|[Ss]everal)\s+(?:[\w.’'-]+\s+){0,4}?(?:spokes(?:person|man|woman)|"
    r"officials?|diplomats?|sources?|aides?|advisers?|negotiators?)\b"
    # "a spokesperson for the German Defense Ministry": the affiliation is part of the label.
    r"(?:\s+(?:for|of)\s+the\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})?"
)
#: A capitalised name right before a speech verb, or before an apposition (a determiner, a
#: country's possessive or an age) and the verb: "Lind said", "Kristo Lind, the prime
#: minister, told", "Hanno Saar, said" (searched in a window that ends at the verb); in
#: "After meeting Zelensky, Lind said" only Lind speaks.
#: (The look-behind follows the name's capital, so the pattern opens with a character set
#: and a search skips to the next capital: the same matches, about 2x faster.)
_NAME_BEFORE_VERB = re.compile(
    r"(?P<np>[A-Z](?<![\w’'.-][A-Z])[\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    r"(?:,\s+(?:the|a|an|[A-Z]\w+[’']s|\d{1,3})\b[^,.;:“”\"«»]{0,80})?,?\s+"
    r"(?:has\s+|had\s+|also\s+|then\s+)?$")
#: A person's name with a role in apposition, either order: "Jorma Ala-Sankila, the chairman
#: of the Finnish Peacekeepers’ Association," and "The spokesman of the Ministry of Foreign
#: Affairs, Georgiy Tikhiy," (a full name of two or three words; the role ends at a comma).
_COMMA_ROLE = re.compile(r", +(?:the|a|an) +(?P<role>[^,.;:“”\"«»\n]{3,80}?),")
_NAME_END = re.compile(r"(?<![\w’'.-])(?P<np>[A-Z][\w’'-]+(?: +[A-Z][\w’'-]+){1,2})$")
_COMMA_NAME = re.compile(r", +(?P<np>[A-Z][\w’'-]+(?: +[A-Z][\w’'-]+){1,2}),")
_ROLE_END = re.compile(r"\b[Tt]he +(?P<role>[^,.;:“”\"«»\n]{3,80})$")
#: Role nouns that make an apposition a person's role (not "Kyiv, the capital,").
_APPOSITION_ROLES = ROLE_NOUNS | frozenset(
    "head chairman chairwoman chair director spokesman spokeswoman spokesperson".split())


def _named_roles(text: str) -> Iterator[tuple[str, int, str]]:
    """(name, its offset, role) of every person named with a role in apposition, either
    order: "Jorma Ala-Sankila, the chairman of the Finnish Peacekeepers’ Association," and
    "The spokesman of the Ministry of Foreign Affairs, Georgiy Tikhiy," (a full name of two or
    three words; the role ends at a comma). Each scan starts at a comma (rare), then reads
    the name or the role just before it."""
    for m in _COMMA_ROLE.finditer(text):
        at = max(0, m.start() - 60)
        n = _NAME_END.search(text, at, m.start())
        if n is not None:
            yield n.group("np"), n.start("np"), m.group("role")
    for m in _COMMA_NAME.finditer(text):
        r = _ROLE_END.search(text, max(0, m.start() - 90), m.start())
        if r is not None:
            yield m.group("np"), m.start("np"), r.group("role")


#: An auxiliary or copula: a short head before ", X said" with one is a clause ("Poland will
#: not send troops, Tusk said"), not an adverbial ("In an interview, Tusk said").
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|can|cannot|could|should|may|might|must|has|have|had|"
    r"does|do|did|won’t|won't|can’t|can't)\b", re.IGNORECASE)
#: A name in apposition after an inverted role subject, ending the sentence: "said the
#: Estonian leader, Kristo Lind."
_NAME_AFTER_ROLE = re.compile(
    r",\s+(?P<np>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]+)\s*(?:[.;]|$)")
#: A name (with its title) and a colon right before a quote: "Tusk: “...”".
_NAME_COLON = re.compile(
    r"^\s*(?P<np>(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]+)\s*:\s*$")
#: A relative clause's opening right before a pronoun: "..., in which she", "..., where he".
_RELATIVE_BEFORE = re.compile(r"\b(?:(?:in|during|at|after)\s+which|where)\s*$")
#: A name, a colon and a claim running up to the quote: "PM Orpo: Security guarantees are ".
_NAME_COLON_CLAIM = re.compile(
    r"^\s*(?P<np>(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]+)\s*:\s+[^:“”\"«»]{1,160}$")
#: A dash and a name, and nothing else, after a quote: "“...” – Tusk."
_DASH_NAME = re.compile(
    r"^\s*[-–—]\s*(?P<np>(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]+)\s*\.?\s*$")
#: A quotation mark (an apostrophe inside a word, "Denmark’s", is none).
_QUOTE_MARK = re.compile(r"[“”„«»\"]|(?<![\w])[‘’']|[‘’'](?![\w])")
#: The subject of a narrated sentence: the words before its first past-tense or present
#: verb ("The Danish prime minister also addressed", "She admitted", "Kask expressed").
_NARRATED_SUBJECT = re.compile(
    r"\s*(?P<np>(?:[\w.’'-]+\s+){0,4}?[\w.’'-]+)\s+(?:also\s+|then\s+|later\s+|further\s+)?"
    r"[a-z]+(?:ed|s)\b")
#: The subject of an absolute participle clause, right before the participle: "with Putin",
#: ", Macron" (a name without a comma before the participle).
_PARTICIPLE_NP = re.compile(
    r"(?:^|,\s+|\bwith\s+)(?P<np>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s+$")
_QUOTED_AS = re.compile(
    r"^[\s,]*(?P<o>[^,;:“”\"«»]{1,60}?)\s+quoted\s+(?P<subj>[^,;:“”\"«»]{2,90}?)\s+as\s+"
    r"(?:saying|telling|stating|writing)\b"
)
_WAS_QUOTED = re.compile(
    r"^[\s,]*(?P<subj>[^,;:“”\"«»]{2,90}?)\s+(?:was|were|is|has been)\s+quoted\s+"
    r"(?:by\s+(?P<o>[^,;:“”\"«»]{1,60}?)\s+)?as\s+(?:saying|telling|stating|writing)\b"
)
# "”, Colonel Anna Nowak, whose union represents 200,000 soldiers, told Reuters."
_POST_APPOSITION = re.compile(
    r"^[\s,]*(?P<subj>(?:[A-Z][\w.’'-]*\s+){0,6}[A-Z][\w’'-]+),\s+(?:who|whose|the|a|an|[A-Z]\w+[’']s|"
    r"\d{1,3})\b"
    r"[^“”\"«»]{0,160}?,\s+(?P<verb>said|says|told|tells|added|wrote|stated|noted|warned)\b"
)
# "... is “fundamental” to any guarantee, Foreign Minister Anna Nowak said on Monday."
_TAIL_ATTRIBUTION = re.compile(
    r",\s+(?P<subj>[^,;:“”\"«»]{2,90}?)\s+(?:has\s+|had\s+|also\s+)?"
    r"(?P<verb>said|says|told|tells|added|stated|wrote|noted|warned|insisted|stressed|argued|"
    r"announced|confirmed|explained|declared)\b(?P<rest>[^“”\"«»]*)$"
)
_TAIL_INVERTED = re.compile(
    r",\s+(?P<verb>said|says|added|wrote|noted)\s+(?P<subj>[^,;:“”\"«»]{2,90}?)\s*(?:[,.;]|$)"
    r"(?P<rest>[^“”\"«»]*)$"
)
_INDIRECT_INVERTED = re.compile(
    r",\s+(?:(?:has|had)\s+)?(?P<verb>said|says|stated|states|added|noted|announced|confirmed|"
    r"declared|emphasi[sz]ed|stressed|told\s+\w+)\s+"
    r"(?P<subj>(?:[\w.’'-]+\s+){0,6}?[A-Z][\w’'-]+)"
    r"(?:\s+(?:on|in|at|during|after|following|to|before)\b[^,;“”\"«»]{0,60})?"
    r"(?:,\s+[^,;“”\"«»]{1,40}\s+(?:reports?|reported|said|says))?\s*[.]?$"
)
#: "... was made by (Croatian President) ": the agent of a passive speech act follows.
_SPEECH_AGENT = re.compile(
    r"\b(?:made|issued|delivered|given|voiced|expressed|announced|stated|said)\s+by\s+"
    r"(?:(?:the|[A-Z][\w’'.-]*)\s+){0,4}$")


def _passive_agent_before(text: str, start: int) -> bool:
    """Whether the mention at ``start`` is the agent of a passive speech act ("was made by
    Croatian President Zoran Milanovic"): :data:`_SPEECH_AGENT` in the 60 characters before it.

    The search runs only where the window holds "by": every match holds it (the pattern's
    ``\\s+by\\s+``), and most windows do not, so one substring test replaces a regex scan of
    the window (same answers)."""
    lo = max(0, start - 60)
    return text.find("by", lo, start) >= 0 and _SPEECH_AGENT.search(text, lo, start) is not None


#: What may stand between a sentence start and its subject: nothing, a conjunction or a short
#: adverbial ("But ", "On Monday, ", "Speaking in Tallinn, "), quote marks or a dash.
_SUBJECT_LEAD = re.compile(
    r"[\s“”\"'‘’«»—–-]*(?:(?:and|but|so|yet|however|meanwhile|separately|also|later|earlier)"
    r"\b[,\s]*)?(?:[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,4},\s+)?(?:(?:the|[A-Z][\w’'.-]*)\s+){0,3}"
)
#: A document from someone's office: "a statement from his office", "a readout issued by
#: Merz's office", "the statement from the Prime Minister's office".
_DOCUMENT_FROM = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+){0,2}(?:statement|readout|communiqu[eé]|summary|release|"
    r"letter|post)\s+(?:from|by|issued by|released by|of)\s+(?:the\s+)?"
    r"(?P<owner>his|her|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}[’']s)\s+"
    r"(?P<office>office|team|spokesperson|press office|press service)$"
)
#: A passive auxiliary right before a speech verb ("was asked", "had been told").
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:also\s+)?$")
#: The noun phrase that ends a subject slot: "the defence secretary", "a senior official",
#: "Defence Secretary John Healey" (a determiner phrase, or a run of capitalised words).
_TRAILING_NP = re.compile(
    r"(?:\b(?:the|a|an)\s+(?:[\w’'.-]+\s+){0,4}[\w’'.-]+|(?<![\w’'.-])(?:[A-Z][\w.’'-]*\s+){0,4}"
    r"[A-Z][\w.’'-]*)$"
)
#: Words that cannot end a subject noun phrase ("the first leader to say": an infinitive).
_FUNCTION_WORDS = frozenset(
    "to and or of for with the a an that who in on at by as from but not".split())
#: An honorific just before a name the scan found without it ("Mr Macron" -> "Macron").
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s+$")
#: A pronoun that refers straight back to the name before it: "Kallas said she", "Pevkur, who
#: said he", "Merz added that he".
_GENDER_BACK = re.compile(
    rf"(?:,\s*who)?\s+(?:has |had |also )?(?:{_FINITE})\s+(?:that\s+)?(?P<p>he|she)\b",
    re.IGNORECASE,
)
_SPEAKS_AFTER = re.compile(
    rf"\s*(?:,[^,.;“”\"]{{1,80}},\s*)?(?:has |had |also |then )?(?:{_FINITE})\b")
_DASH_VERB = r"(?:said|says|added|stressed|noted|emphasi[sz]ed|stated|wrote|declared)"
# "... and aid to Ukraine - said Tusk." (the words before the dash are the quotation).
_DASH_TAIL = re.compile(
    rf"\s+[-–—]\s+(?:{_DASH_VERB}\s+(?P<subj>[A-Z][\w.’' -]{{1,60}}?)|"
    rf"(?P<subj2>he|she|they)\s+{_DASH_VERB})"
    r"(?:\s+(?:on|in|at|during|after|to)\b[^.]{0,60})?\.?$"
)
# A line "- he said." or "- he said at the end of March." after the quoted paragraph.
_DASH_LINE = re.compile(
    rf"^[-–—]\s+(?P<subj>he|she|they|[A-Z][\w.’' -]{{1,60}}?)\s+{_DASH_VERB}\b[^.]{{0,80}}\.?$"
)
#: A necessary condition of :data:`_DASH_TAIL` and :data:`_DASH_LINE` (a dash, then a
#: space): opening with a character set, it is found by a fast skip, not a try at each space.
_DASH_HINT = re.compile(r"[-–—]\s")
_TAIL_REST = re.compile(
    r"^(?:\s*(?:[,.]|$)|\s+(?:on|in|at|as|after|before|during|following|when|while|to|in|"
    r"last|this|earlier|on|from|via|told|according|reporters|journalists)\b)"
)
_REL_OBJECT = re.compile(r"\b(?:something|what|whom)\s+(?=(?:the|a|an|[A-Z])\b)")
_NEW_SENTENCE = re.compile(r"^\s+[A-Z]")
_OPENING_MARK = re.compile(r"[“„«‘「]|(?:^|\s)[\"']\w")
_QUOTE_ATTRIBUTION = re.compile(r"[”\"»’][\s,]*$")
_DET_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|these|those)\s+$", re.IGNORECASE)


#: More whitespace-separated words than a match of :data:`_TRAILING_NP` spans (it spans six).
_TRAILING_NP_WORDS = 24


def _words_back(text: str, n: int) -> int:
    """Offset in ``text`` (stripped) of its ``n``-th word from the end (0 when it has fewer).

    A pattern anchored at the end whose matches span at most ``n`` words cannot start before
    it: searching from there finds the same match (the look-behinds still see the text before)
    in time bounded by ``n`` words, not by the length of the text (a long run without clause
    boundaries, such as 50 kB of "said ", made every speech verb's subject search read it all).

    Examples
    --------
    >>> t = "one two  three four"
    >>> t[_words_back(t, 2):], t[_words_back(t, 9):]
    ('three four', 'one two  three four')
    """
    words = text.rsplit(None, n)
    if len(words) <= n:
        return 0
    return len(text) - len(text[len(words[0]):].lstrip())


def _after_determiner(text: str, at: int) -> bool:
    """True for an adjectival participle ("the reported measures")."""
    return bool(_DET_BEFORE.search(text[max(0, at - 12) : at]))


def _strip_article(text: str) -> str:
    t = text.strip().rstrip(".,")
    return t[4:] if t.lower().startswith("the ") else t


_ALIAS_CACHE: list[re.Pattern[str]] = []


def _known_alias_re() -> re.Pattern[str]:
    """One regex matching every registry speaker alias that looks like a personal name."""
    if not _ALIAS_CACHE:
        names: set[str] = set()
        for sp in actors().speakers.values():
            for alias in (sp.name, *sp.aliases):
                if alias[:1].isupper() and not alias.lower().startswith("the "):
                    names.add(alias)
        ordered = sorted(names, key=len, reverse=True)
        # The look-ahead for an alias's first letter skips other positions at once (about 2x
        # faster scans, same matches).
        first = "".join(re.escape(c) for c in sorted({n[0] for n in names}))
        guard = f"(?=[{first}])" if first else ""
        _ALIAS_CACHE.append(factor_alternatives(re.compile(
            guard + r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w])"
        )))
    return _ALIAS_CACHE[0]


def extract_quotes(text: str, *, indirect: bool = True) -> list[Quote]:
    """All direct quotes (and, by default, indirect statements) of a cleaned article.

    Parameters
    ----------
    text : str
        Cleaned article text (:attr:`guarantor.ingest.clean.CleanResult.text`).
    indirect : bool
        Also return indirect statements.

    Returns
    -------
    list of Quote
        Direct quotes first (text order), then indirect statements (text order).

    Examples
    --------
    >>> q = extract_quotes("“We will not go,” the minister said.", indirect=False)
    >>> q[0].text, q[0].speaker
    ('We will not go,', 'minister')
    """
    if not text.strip():
        return []
    finder = QuoteFinder(text)
    out = finder.direct()
    if indirect:
        out.extend(finder.indirect())
    return out


# These scans start with a look-ahead for the characters their matches can start with
# (text.first_char_guard): the same matches, found with fewer tries per position. Only
# where it was measured to pay on news text (alternations of many words); a pattern that
# starts with a character class or rarely tries its branches gains nothing.
(
    _FINITE_RE, _CAP_RUN, _OPENING_MARK, _DET_BEFORE,
) = first_char_guards(
    _FINITE_RE, _CAP_RUN, _OPENING_MARK, _DET_BEFORE,
)

# Scans used with match() at one position, recompiled with their alternations factored
# (text.factor_alternatives: same matches, fewer branch tries).
_GENDER_BACK, _SPEAKS_AFTER, _CLAUSE_BOUNDARY = (
    factor_alternatives(p) for p in (_GENDER_BACK, _SPEAKS_AFTER, _CLAUSE_BOUNDARY))
#: Exact literal pre-filter (text.required_literals) of a scan run on most sentences.
_ACCORDING_NEEDS = required_literals(_ACCORDING)
_ANON_NEEDS = required_literals(_ANON_MENTION)
_REL_OBJECT_NEEDS = required_literals(_REL_OBJECT)
