"""From scraped page or text to readable body text, saying what was removed and why.

Pipeline (text): normalise (Unicode NFC, line breaks, invisible characters, mojibake) → repair
sentences glued together by the scraper ("China.In remarks") → drop boilerplate lines (comment
forms, tag lines, "The post ... appeared first on ..." trailers, "Read more" and related-article
promos, bylines, captions and photo/wire credits, share and subscribe prompts, time stamps and
counters, breadcrumbs, wire-photo slugs, author biographies; links listed under a "Read also"
header and captions repeated above their credit, read with the lines before) → drop repeated
paragraphs, then repeated sentences, keeping the first occurrence in place. The pipeline is
re-applied until nothing changes, which makes :func:`clean_text` idempotent.

HTML goes through trafilatura first (main-content extraction), then the same text rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from guarantor.ingest.boilerplate import LineModel, flagged_lines, holds_quotation
from guarantor.ingest.text import (
    factor_alternatives,
    first_char_guard,
    key,
    normalise,
    paragraph_sentence_spans,
)

#: paragraph -> (sentence spans, sentence keys, paragraph key), kept between cleaning passes.
_ParagraphKeys = dict[str, tuple[tuple[tuple[int, int], ...], list[str], str]]

RemovalKind = Literal[
    "comment_form",
    "tags",
    "trailer",
    "promo",
    "byline",
    "caption",
    "credit",
    "share",
    "separator",
    "duplicate_paragraph",
    "duplicate_sentence",
    "html",
    "boilerplate",
]

#: Sentences shorter than this many tokens are never removed as duplicates on their own
#: ("Full stop.", "He agreed." recur legitimately).
MIN_DUP_SENTENCE_TOKENS = 5


@dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner dropped.

    Attributes
    ----------
    kind : str
        Category (see ``RemovalKind``).
    reason : str
        Human-readable rule that fired.
    text : str
        The text removed (a whole line, a sentence or an inline fragment).
    """

    kind: str
    reason: str
    text: str


@dataclass(frozen=True)
class ArticleMeta:
    """What the page says about itself (from HTML metadata or harvested boilerplate)."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class CleanResult:
    """Readable body text plus a report of removals.

    Attributes
    ----------
    text : str
        Paragraphs joined by blank lines.
    paragraphs : tuple of str
        The kept paragraphs, in order.
    removed : tuple of Removal
        Everything dropped, in the order found.
    meta : ArticleMeta
        Title, outlet, author, date and URL when the input reveals them.
    """

    text: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removal, ...] = ()
    meta: ArticleMeta = field(default_factory=ArticleMeta)


_I = re.IGNORECASE

# Sentences glued by scrapers: "with China.In remarks", "Ukraine.“We’re", "Group.”“To be".
# A capitalised word of two or three letters after the stop must be a common sentence opener,
# so that "Caliber.Az" or "Gazeta.Ru" stay whole.
# Every branch matches just after one of .!?”’ and just before a capital or an opening quote:
# the leading look-around checks that once per position before the four branches (same
# matches, fewer tries).
_GLUED = re.compile(
    r"(?=[A-Z“‘])(?<=[.!?”’])(?:"
    r"(?<=[a-z\d%)][.!?])(?P<w>[A-Z][a-z’']+)|(?<=[a-z\d%)][.!?])(?=[“‘][A-Z])"
    r"|(?<=[a-z\d%)][.!?][”’])(?=[A-Z“‘])|(?<=”)(?=“))"
)
#: A necessary condition of every :data:`_GLUED` match (a mark then a capital or an opening
#: quote, no space between): one plain scan instead of four look-behinds at every position.
_GLUED_HINT = re.compile(r"[.!?”’][A-Z“‘]")
_OPENERS = frozenset(
    "a an as at by he if in it my no of on or so to we us and but for her his its our she the "
    "who why how yet nor all one two few new not now".split()
)


def _unglue(match: re.Match[str]) -> str:
    word = match.group("w")
    if word is None:
        return " "
    if len(word) <= 3 and word.lower() not in _OPENERS:
        return word
    return " " + word


_TRAILER = re.compile(
    r"^the post (?P<title>.{1,300}?) appeared first on (?P<outlet>.{1,120}?)\.?$", _I)
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:de|da|van|von|der|al|bin|le|la|del)?\s*[A-Z][\w’'.-]*){0,3}"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|story by|author:?|posted by)\s+{_NAME}"
    rf"(?:\s*(?:,|and|&)\s+{_NAME})*(?:\s*[,|•—–-]\s*.{{0,60}})?$"
    r"|^(?i:\(?(?:additional )?reporting by|\(?editing by|\(?compiled by|\(?writing by).{0,200}$",
)

#: (kind, reason, pattern) — each pattern must match a whole line (paragraph).
LINE_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "comment_form",
        "comment form",
        re.compile(
            r"^(?:leave a (?:reply|comment)|post a comment|add a comment|add comment|"
            r"\d+ comments?|comments?(?: \(\d+\))?|cancel reply|post comment|submit comment|"
            r"your email address will not be published\.?.*|required fields are marked.*|"
            r"save my name,? email,? and website.*|you must be (?:logged|signed) in to .*comment.*|"
            r"(?:name|email|website|comment)\s*\*?|notify me of (?:follow-up comments|new posts).*|"
            r"this site uses akismet.*|join the (?:conversation|discussion).{0,80}|"
            r"(?:view|show|hide|load) (?:all )?comments.{0,20}|be the first to comment.{0,20})$",
            _I,
        ),
    ),
    (
        "tags",
        "tag line",
        re.compile(
            r"^(?:#[\w’'-]+[\s,]*){2,}$|^(?:tags?|topics?|filed under|categories|category|"
            r"keywords|related topics)\s*:.{0,300}$",
            _I,
        ),
    ),
    ("trailer", "syndication trailer", _TRAILER),
    (
        "trailer",
        "syndication trailer",
        re.compile(
            r"^this (?:article|story|post|piece) (?:was |is |has been )?"
            r"(?:originally |first )?(?:published|appeared|republished|part of|produced)\b.{0,300}$"
            r"|^(?:the|this) (?:article|story|post) (?:was )?originally\b.{0,300}$"
            r"|^(?:originally|first) published (?:on|in|at|by)\b.{0,200}$",
            _I,
        ),
    ),
    (
        "promo",
        "read-more or related-article promo",
        re.compile(
            r"^(?:read more|read also|also read|read next|read the full|see also|more:|"
            r"related(?: articles?| stories| coverage| content| reading)?\s*[:|—–-]|"
            r"more (?:on this|from|about|stories)\b|recommended(?: for you)?\s*[:|—–-]?$|"
            r"recommended(?: for you)?\s*[:|—–-]|you (?:may|might) also (?:like|be interested)|"
            r"most (?:read|popular|viewed)\b|trending(?: now)?\s*[:|—–-]?$|what to read next|"
            r"further reading|watch\s*[:|—–-]|listen\s*[:|—–-]|explore more|"
            r"(?:top|latest|breaking) (?:stories|news|headlines)\s*[:|—–-]?$).{0,250}$",
            _I,
        ),
    ),
    ("byline", "byline", _BYLINE),
    (
        "byline",
        "date or reading-time line",
        re.compile(
            r"^(?:published|updated|last updated|posted|first published)\s*:?\s*.{0,60}\d.{0,40}$"
            r"|^\d+\s*min(?:ute)?s?(?: read)?$",
            _I,
        ),
    ),
    (
        "caption",
        "photo caption",
        re.compile(
            r"^(?:photo|image|picture|illustration|video|file photo|caption|photograph|"
            r"image caption|photo caption|pictured|above|top|main image)\s*[:|—–-].{0,300}$"
            r"|^.{0,300}\((?:[^()]{0,60}/)?(?:ap|afp|reuters|getty images?|epa(?:-efe)?|"
            r"anadolu(?: agency)?|shutterstock|bloomberg|sipa|tass|xinhua|pool)(?:\s*photo)?"
            r"(?:/[^()]{0,60})?(?: via getty images)?\)\.?$"
            r"|^.{0,300}\((?:ap )?photo(?:graph)?(?: by|:|/)[^()]{0,80}\)\.?$",
            _I,
        ),
    ),
    (
        "credit",
        "photo or wire credit",
        re.compile(
            r"^(?:©|\(c\)|copyright\b).{0,150}$"
            r"|^(?:photo|image|picture|video) (?:credit|source|courtesy)\b.{0,150}$"
            r"|^(?:credit|source|courtesy)\s*:\s*.{0,100}(?:getty|reuters|ap|afp|epa|images?|photo"
            r"|press|agency|shutterstock).{0,40}$"
            r"|^(?:[\w .’'-]{2,40}/)?(?:afp|ap|reuters|getty images?|epa(?:-efe)?|anadolu agency|"
            r"shutterstock|associated press|bloomberg|tass|xinhua)(?: (?:photo|images?|via getty "
            r"images))?(?:/[\w .’'-]{2,40})?$|^all rights reserved\.?$",
            _I,
        ),
    ),
    (
        "share",
        "share or subscribe prompt",
        re.compile(
            r"^(?:share(?: this| the)?(?: article| story| post| page)?(?: on \w+| via \w+)?|"
            r"share via.{0,40}|tweet|email|e-mail|print|copy link|link copied.{0,20}|facebook|"
            r"twitter|linkedin|whatsapp|telegram|reddit|pinterest|flipboard|"
            r"follow (?:us|along here|.{0,60} on (?:twitter|x|facebook|telegram|instagram|"
            r"google news|linkedin|threads|bluesky)).{0,80}|"
            r"subscribe(?: now| today| here)?(?: to .{0,100})?|"
            r"sign up(?: for| to| now| here).{0,120}|"
            r"get (?:our|the) .{0,60}newsletter.{0,80}|newsletter.{0,60}|"
            r"join (?:us|our) .{0,60}(?:channel|newsletter|community|telegram).{0,40}|"
            r"click here\b.{0,150}|download (?:our|the) app.{0,80}|"
            r"support (?:our|independent|quality) journalism.{0,150}|donate(?: now| today)?.{0,60}|"
            r"advertisement|sponsored(?: content)?|skip to (?:main )?content|loading\W*|"
            r"continue reading.{0,60}|listen to (?:this|the) (?:article|story).{0,40}|"
            r"back to top|scroll to continue.{0,40}|we use cookies.{0,200}|"
            r"accept(?: all)? cookies.{0,40}|enable javascript.{0,120})[\s.!:>→»]*$",
            _I,
        ),
    ),
    ("separator", "separator line", re.compile(r"^[\W_]{1,40}$")),
    (
        "promo",
        "section label or site widget",
        re.compile(
            r"^[-•*]?\s*(?:news feed|latest news|news flash|breaking news|top stories|category|"
            r"advertisement|hide ad(?:advertisement)?|sponsored(?: content)?|live updates?|"
            r"this (?:audio|article|summary) (?:is|was) (?:created|generated|produced) with "
            r"(?:the help of |)ai(?: assistance)?\.?|listen to (?:this|the) article.{0,40}|"
            r"read (?:some more|at .{2,60}|the full (?:story|article).{0,60})|"
            r"read\s*:.{0,200}|\d+\s+(?:seconds?|minutes?|hours?|days?) ago|"
            r"duration:?\s*\d{1,2}:\d{2}(?::\d{2})?)$",
            _I,
        ),
    ),
    # A lone word on its own line (section label, outlet name): never a sentence of an article.
    ("promo", "one-word line (section label)", re.compile(r"^[-•*]?\s*[A-Z][\w’'&-]{1,30}$")),
    # "ua en ru": a language switcher.
    ("promo", "language switcher", re.compile(r"^(?:[a-z]{2}\s*[|/•·]?\s*){2,8}$")),
    # "3.78 BYN": a currency ticker.
    ("promo", "currency ticker", re.compile(r"^[\d.,]+\s?(?:[A-Z]{3}|[€$£¥₽])$")),
    (
        "byline",
        "byline with date and time, or timestamp line",
        re.compile(
            r"^[-•]?\s*(?i:(?:posted |post )?by)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}$"
            r"|^[-•]?\s*\d{1,2}:\d{2},?\s+\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}$"
            r"|^[^.!?\"“”]{0,80}(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*"
            r"\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4},?\s+\d{1,2}:\d{2}$",
        ),
    ),
    (
        "byline",
        "dateline or outlet line",
        re.compile(r"^[A-Z][A-Z .’'-]{2,30},\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?$"
                   r"|^[A-Z][\w’' -]{1,30}\s+[•|]\s+[A-Z][\w.’' -]{1,30}$"
                   r"|^[A-Z]{2,8}(?:/[A-Z]{2,8}){1,4}/\d{3,4}\s*hrs\.?$"),
    ),
    (
        "caption",
        "caption ending with a photo credit",
        re.compile(
            r"^.{0,400}?(?:\b(?:photograph|photo|picture|image|credit|file photo|stock photo)"
            r"\s*:\s*(?-i:[A-Z])[^.:!?]{1,80}|\|\s*(?:file )?photo\s*/\s*[^.:!?]{2,60}"
            r"|\([^()]{1,80}(?:\bvia getty images|/getty images|getty images|/reuters|/ap|/afp|"
            r"/epa|/pa|/anadolu|/shutterstock|/bloomberg|/nurphoto)\))\.?$",
            _I,
        ),
    ),
)

LINE_RULES += (
    # "- https://www.example.org/": a bare link (source list, related link), never article text.
    ("promo", "bare link", re.compile(r"^[-•*]?\s*(?:https?://|www\.)\S{3,300}$", _I)),
    # "Send this page to someone via email": a share widget's label.
    ("share", "share prompt", re.compile(
        r"^(?:send|email|e-mail|share) this (?:page|article|story|link) (?:to|with) "
        r"(?:someone|a friend|friends)(?: via [\w -]{2,20})?\.?$", _I)),
)

#: Words of a date or time stamp: month and weekday names (English, and the French, German,
#: Spanish and Italian months that page templates print untranslated), "ago", units, zones.
_DATE_WORDS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"mon|tue|wed|thu|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|"
    r"julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|"
    r"giugno|luglio|settembre|ottobre|dicembre|"
    r"ago|just now|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
    r"today|yesterday|am|pm|a\.m\.|p\.m\.|gmt|utc|cet|cest|eet|eest|bst|est|edt|at|on|of|"
    r"views?|comments?|shares?|reads?|likes?)\b"
)
#: Share and follow widgets' words: a line of these only is a row of share buttons.
_SHARE_WORDS = (
    r"(?:share|facebook|twitter|x|linkedin|whatsapp|telegram|viber|reddit|pinterest|flipboard|"
    r"email|e-mail|print|copy link|messenger|vk|threads|bluesky|mastodon|instagram|youtube|"
    r"tiktok|google news)\b"
)

#: Rules of page furniture by line shape (session 7, from dev pages of aggregators,
#: re-publishers, regional English editions and agency copies): each reads one line alone.
_FURNITURE_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # "21.12.2024, 16:11", "18:01 / 27.03.2025.", "mai 11, 2025", "6 hours ago 2", "403": dates,
    # times and counts only (a time stamp, a view or comment counter), never a sentence.
    # (Without a digit too: "Yesterday", "2 hours ago" and "Comments" are all page furniture.)
    ("byline", "date, time or counter line", re.compile(
        rf"^[-•]?\s*(?:(?:\d{{1,4}}(?:st|nd|rd|th)?|{_DATE_WORDS})[\s,./:|–—-]*)+$",
        _I)),
    # "News | Politics | World | Sport", "UA | EN | RU": a menu, three or more short items
    # between separators.
    ("promo", "menu line", re.compile(
        r"^(?:[A-Z][\w&’'.-]{0,20}(?:\s[A-Za-z][\w&’'.-]{0,20}){0,2}\s*[|•·»/]\s*){2,}"
        r"[A-Z][\w&’'.-]{0,20}(?:\s[A-Za-z][\w&’'.-]{0,20}){0,2}$")),
    # "Facebook Twitter WhatsApp Copy link": a row of share buttons.
    ("share", "share buttons", re.compile(rf"^(?:{_SHARE_WORDS}[\s,|•·/]*){{2,}}$", _I)),
    # "This website uses cookies ...", "... delivered to your inbox": cookie and newsletter prompts.
    ("share", "cookie or newsletter prompt", re.compile(
        r"^(?:this (?:web)?site uses cookies|by continuing to (?:use|browse)).{0,250}$"
        r"|^(?:our|join our) (?:telegram )?(?:channel|group)\s*:.{0,80}$", _I)),
    ("share", "newsletter to your inbox", re.compile(
        r"^.{0,100}\b(?:to|in) your inbox\b.{0,100}$", _I)),
    # "Edited by Jane Example", "Translated by John Sample": an editor's or translator's line.
    ("byline", "editor or translator line", re.compile(
        rf"^(?i:edited by|translated by|translation by|editor\s*:|reporter\s*:|"
        rf"correspondent\s*:|text\s*:)\s*{_NAME}(?:\s*(?:,|and|&)\s+{_NAME})*$")),
    # "Privacy policy", "Report an error", "Opens in new window", "Related articles": site chrome.
    ("promo", "site chrome", re.compile(
        r"^(?:print(?: this)? (?:article|story|page)|report an? (?:error|typo|mistake)|"
        r"found a (?:mistake|typo|error)\b.{0,80}|terms (?:of use|of service|and conditions)|"
        r"privacy(?: policy| notice| settings)?|cookie (?:settings|policy|preferences)|"
        r"contact us|about us|log ?in|sign ?in|log ?out|register|my account|"
        r"(?:\(?opens in (?:a )?new (?:window|tab)\)?)|please enable javascript.{0,80}|"
        r"like this|like loading|discover more from .{1,60}|"
        r"(?:daily|weekly|morning|evening) (?:newsletter|briefing)|"
        r"already a subscriber\?.{0,40}|you have reached your (?:limit|quota) of free .{0,60}|"
        r"this content is not available in your (?:region|country).{0,40}|"
        r"click to (?:share|email|print)\b.{0,80}|story continues below(?: advertisement)?|"
        r"(?:related|more|latest|similar) (?:articles|stories|posts))[\s.!:>→»…]*$", _I)),
    # "Last update: 12.03.2025 10:11", "Reading time: 3 min": a page's time stamp or reading time.
    ("byline", "update stamp or reading time", re.compile(
        r"^(?:last update[ds]?|last modified|modified|created)\s*:\s*.{0,60}\d.{0,40}$"
        r"|^reading time\s*:?\s*\d+\s*min(?:ute)?s?\.?$", _I)),
    # "LONDON (Reuters) -", "Kyiv, March 3 (Ukrinform)": a wire dateline without its text.
    ("byline", "wire dateline without text", re.compile(
        r"^[A-Z][\w .’'/-]{1,40}(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2})?\s*\((?:Reuters|AP|AFP|dpa|"
        r"Ukrinform|UNN|Interfax(?:-Ukraine)?|TASS|Xinhua|Anadolu|ANSA|EFE|PAP|BTA|LETA|BNS|"
        r"STT|NTB|TT|Ritzau|CTK|MTI|Agerpres|Hina|Kyodo|Yonhap|PTI|IANS|Bloomberg)\)\s*[-–—]?$")),
    # "Jane Example, Political Editor": an author's name and role.
    ("byline", "author and role line", re.compile(
        rf"^{_NAME},\s+(?:[\w’' -]{{0,30}}\s)?(?i:editor|correspondent|reporter|writer|"
        r"journalist|columnist|contributor)$")),
    # "Photo by Jane Example on Unsplash": a photo's credit.
    ("credit", "photo by line", re.compile(
        rf"^(?i:photo(?:graph)?s?|image|picture|video) (?i:by)\s+{_NAME}"
        r"(?: (?i:on|for|via) [\w .-]{1,30})?\.?$")),
    # "Illustrative photo", "File image: ...": a photo's label.
    ("caption", "illustrative or file photo label", re.compile(
        r"^(?:illustrative|illustration|stock|archive|file) (?:photo|image|picture)\b.{0,100}$",
        _I)),
    # "Home » Security guarantees ...": a breadcrumb.
    ("promo", "breadcrumb", re.compile(r"^(?:home|start|main)\s*[»›>|]\s*\S.{0,200}$", _I)),
    # "rki.news", "www.example.com": a site's domain alone on a line.
    ("promo", "domain name line",
     re.compile(r"^(?:www\.)?[a-z\d][a-z\d-]*(?:\.[a-z\d-]+)*\.[a-z]{2,12}/?$", _I)),
    # "FRANCE-EU-UKRAINE-RUSSIA-CONFLICT-POLITICS": a wire photo's keyword slug.
    ("caption", "wire photo keyword slug", re.compile(r"^[A-Z]{2,}(?:-[A-Z]{2,}){2,}$")),
    # "Article top vertical": an ad slot's label, made of layout words only.
    ("promo", "ad slot label", re.compile(
        r"^(?:(?:article|sidebar|header|footer|top|bottom|middle|mid|inline|vertical|"
        r"horizontal|banner|ads?|advert|slot|leaderboard|mpu|billboard|sticky|desktop|mobile|"
        r"placeholder|widget)\b\s*){2,5}$", _I)),
    # "- Next Article Helsinki Arena reopens ...", "Read too:": links to other pages.
    ("promo", "next article or read-too link", re.compile(
        r"^[-•*]?\s*(?:(?:next|previous|prev) (?:article|story|post)|(?:read|see) too)\b.{0,200}$",
        _I)),
    # "Source: korrespondent", "Foto: X / @name": a source or photo credit without a sentence.
    ("credit", "source or photo credit line", re.compile(
        r"^(?:sources?|via|foto|fotó|fotografia|bild|zdjęcie)\s*:\s*[^.!?]{1,60}"
        r"(?:\.[a-z]{2,12})?$", _I)),
    # "I am Jane Example, a professional writer and journalist for ...": an author's biography.
    ("byline", "author biography", re.compile(
        r"^I(?: am|'m|’m)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3},\s+(?:a|an|the)\b.{0,80}"
        r"\b(?:writer|journalist|reporter|editor|correspondent|columnist|author)\b.{0,600}$")),
    # "... website contains only a portion of the news stories offered to subscribers ...
    # Please contact us for subscription options.": a subscription notice.
    ("promo", "subscription notice", re.compile(
        r"^(?=.*\bsubscri).{0,300}\b(?:contact us|subscription options|website contains)\b"
        r".{0,300}$", _I)),
    # "... at the summit. /Ludovic Marin/Pool", "... Ludovic Marin/Pool via REUTERS",
    # "... September 4, 2025. REUTERS/Sarah Meyssonnier": a caption ending with a wire photo's
    # credit (photographer/agency or AGENCY/photographer), without parentheses.
    ("caption", "caption ending with a wire photo credit", re.compile(
        r"^.{10,600}?(?:\s/?[A-Z][\w.’'-]+(?:\s[A-Z][\w.’'-]+){1,3}\s?/\s?(?:Pool|Reuters|"
        r"REUTERS|AP|AFP|EPA|Getty Images|Anadolu|Bloomberg|Sipa|TASS|Xinhua|PA)"
        r"(?: via (?:REUTERS|Reuters|Getty Images|AP|AFP))?"
        r"|\s(?:REUTERS|AFP|AP|EPA|POOL)\s?/\s?[A-Z][\w.’'-]+(?:\s[A-Z][\w.’'-]+){1,3})\.?$")),
    # "... on the operation. (Emmi Korhonen – Lehtikuva)": a caption ending with a credit of
    # photographer – agency in parentheses.
    ("caption", "caption ending with a photographer and agency credit", re.compile(
        r"^.{10,800}?\((?:[A-Z][\w’'.-]+\s){1,3}[–—-]\s[A-Z][\w’'.-]+(?:\s[A-Z][\w’'.-]+){0,2}\)"
        r"\.?$")),
)

#: Furniture rules that only match short lines (at most 120 characters).
_SHORT_FURNITURE = frozenset({
    "date, time or counter line", "domain name line", "wire photo keyword slug", "ad slot label",
    "source or photo credit line", "menu line", "share buttons", "editor or translator line",
    "site chrome", "update stamp or reading time", "wire dateline without text",
    "author and role line", "photo by line",
})
#: Furniture rules tried only on a hint (see ``_RULE_HINTS``), each on its own.
_HINTED_FURNITURE = frozenset({
    "newsletter to your inbox", "subscription notice", "caption ending with a wire photo credit",
    "caption ending with a photographer and agency credit", "menu line",
    "wire dateline without text",
})
#: Group name -> (kind, reason) of the furniture rules joined into one pattern.
_FURNITURE_GROUPS: dict[str, tuple[str, str]] = {}


def _joined(short: bool) -> re.Pattern[str]:
    """The unhinted furniture rules of :data:`_SHORT_FURNITURE` (``short``) or of all others as
    one pattern, each rule a named group: one match call per line instead of one per rule (same
    lines match; a line two rules match is reported under the first, as the rules' order in a
    tuple would)."""
    parts = []
    for kind, reason, pattern in _FURNITURE_RULES:
        if reason in _HINTED_FURNITURE or (reason in _SHORT_FURNITURE) != short:
            continue
        name = f"_f{len(_FURNITURE_GROUPS)}"
        _FURNITURE_GROUPS[name] = (kind, reason)
        flags = "i" if pattern.flags & re.IGNORECASE else "-i"
        parts.append(f"(?P<{name}>(?{flags}:{pattern.pattern}))")
    return factor_alternatives(re.compile("|".join(parts)))


LINE_RULES += (
    ("promo", "short page furniture", _joined(short=True)),
    ("promo", "page furniture", _joined(short=False)),
    *(rule for rule in _FURNITURE_RULES if rule[1] in _HINTED_FURNITURE),
)

#: Inline fragments removed from within kept paragraphs: (kind, reason, pattern). Every pattern
#: contains a "(" (`_clean_once` tries them only on lines with one): keep it so, or change that.
INLINE_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "credit",
        "inline photo credit",
        re.compile(
            r"\s*\((?:(?:ap|afp|reuters|epa)\s+)?photo(?:graph)?(?: by|:|/)[^()]{1,80}\)"
            r"|\s*\([^()]{1,60}/(?:getty images|afp|reuters|ap|epa|anadolu agency)\)",
            _I,
        ),
    ),
)

_GLUED_AD = re.compile(r"^(?:(?:Hide Ad|Advertisement)\s*)+(?=\S)")

_HTML_START = re.compile(
    r"^\s*(?:<!doctype html|<html\b|<head\b|<body\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE
)
_TAG = re.compile(r"</?(?:p|div|span|a|br|article|section|h[1-6]|li|ul|em|strong|b|i)\b[^>]*>", _I)


def looks_like_html(text: str) -> bool:
    """True for a page (doctype/``<html>`` start) or text dense with common tags."""
    if _HTML_START.match(text[:2000]):
        return True
    head = text[:20000]
    return len(_TAG.findall(head)) >= 3


def clean(content: str, *, kind: Literal["auto", "text", "html"] = "auto") -> CleanResult:
    """Clean plain text or HTML.

    Parameters
    ----------
    content : str
        Article as text or HTML.
    kind : {'auto', 'text', 'html'}
        Input kind; ``'auto'`` uses :func:`looks_like_html`.

    Returns
    -------
    CleanResult
        Body text, removals and metadata.
    """
    if kind == "html" or (kind == "auto" and looks_like_html(content)):
        return clean_html(content)
    return clean_text(content)


def clean_html(html: str) -> CleanResult:
    """Extract the main text of a page with trafilatura, then apply :func:`clean_text`.

    Falls back to stripping tags when trafilatura finds no main content.

    Parameters
    ----------
    html : str
        The page.

    Returns
    -------
    CleanResult
        As :func:`clean_text`, with title/outlet/author/date/url from the page metadata.
    """
    import trafilatura  # imported lazily: heavy, and plain text does not need it

    meta = ArticleMeta()
    body: str | None = None
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception:  # noqa: BLE001 — a third-party parser on hostile input; fall back below
        doc = None
    if doc is not None:
        body = getattr(doc, "text", None)
        meta = ArticleMeta(
            title=getattr(doc, "title", None) or None,
            outlet=getattr(doc, "sitename", None) or None,
            author=getattr(doc, "author", None) or None,
            date=getattr(doc, "date", None) or None,
            url=getattr(doc, "url", None) or None,
        )
    removed: list[Removal] = [Removal("html", "page chrome outside the main content", "")]
    if not body:
        body = _strip_tags(html)
        removed = [Removal("html", "no main content found; tags stripped", "")]
    result = clean_text(body)
    merged = ArticleMeta(
        title=meta.title or result.meta.title,
        outlet=meta.outlet or result.meta.outlet,
        author=meta.author or result.meta.author,
        date=meta.date or result.meta.date,
        url=meta.url or result.meta.url,
    )
    return replace(result, removed=tuple(removed) + result.removed, meta=merged)


_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|tr|article|section|header|footer|figure|figcaption|blockquote)"
    r"\b[^>]*>", _I)
_ANY_TAG = re.compile(r"<[^>]{0,2000}>")


def _strip_tags(html: str) -> str:
    import html as html_lib

    text = _SCRIPT.sub(" ", html)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return html_lib.unescape(text)


def clean_text(text: str, *, learned: bool = True,
               model: LineModel | None = None) -> CleanResult:
    """Clean plain text: boilerplate out, repeats out, first occurrences kept in place.

    Parameters
    ----------
    text : str
        Article text; paragraphs on separate lines (blank lines optional).
    learned : bool
        Also remove the lines the learned line classifier flags
        (:func:`guarantor.ingest.boilerplate.flagged_lines`); False gives the rules alone.
    model : LineModel, optional
        That classifier's parameters (default: the bundled model).

    Returns
    -------
    CleanResult
        Paragraphs joined by a blank line, the removals with reasons, and any metadata
        harvested from the removed boilerplate (title and outlet from a "The post ... appeared
        first on ..." trailer, author from a byline).

    Notes
    -----
    Idempotent: ``clean_text(clean_text(t).text).text == clean_text(t).text``. The classifier
    reads each line's neighbours, so every pass asks it again about the pass's input and the
    passes stop only where it flags nothing more (a fixed point).

    Examples
    --------
    >>> r = clean_text("Troops will go.\\nShare this article\\nTroops will go.")
    >>> r.text, [x.kind for x in r.removed]
    ('Troops will go.', ['share', 'duplicate_paragraph'])
    """
    removed: list[Removal] = []
    meta = ArticleMeta()
    current = normalise(text)
    first = True
    passed: set[str] = set()  # lines every line step left as they were: a next pass skips them
    keys: _ParagraphKeys = {}  # see _dedupe
    # Every pass only removes text (or adds one space between glued sentences), so this
    # terminates; in practice the second pass is the last.
    flagged = _flagged(current, learned, model)
    for _ in range(50):
        paragraphs, found, pass_meta, verbatim = _clean_once(current, passed, keys, flagged)
        if first:
            meta = pass_meta
            first = False
        removed.extend(found)
        out = "\n\n".join(paragraphs)
        if out == current:
            break
        unchanged = paragraphs == [ln.strip() for ln in current.split("\n") if ln.strip()]
        current = out
        flagged = _flagged(current, learned, model)
        if (unchanged or verbatim) and not flagged:
            # The pass only dropped whole lines and kept the others as they were: every line
            # rule reads one line alone, and the repeats check keeps the same lines, so a next
            # pass would find nothing (it cost as much as this one) unless the classifier,
            # which reads the neighbours, flags a line in the new context.
            break

    paragraphs = tuple(p for p in current.split("\n\n") if p)
    return CleanResult(text=current, paragraphs=paragraphs, removed=tuple(removed), meta=meta)


def _flagged(text: str, learned: bool, model: LineModel | None) -> frozenset[str]:
    """The lines of ``text`` the learned classifier flags (none when ``learned`` is off)."""
    if not learned:
        return frozenset()
    return flagged_lines([ln for ln in (x.strip() for x in text.split("\n")) if ln], model)


def _clean_once(text: str, passed: set[str] | None = None,
                keys: _ParagraphKeys | None = None, flagged: frozenset[str] = frozenset(),
                ) -> tuple[list[str], list[Removal], ArticleMeta, bool]:
    """One pass of the line rules and the repeats check: (kept paragraphs, removals, metadata
    found, whether every kept paragraph is exactly one input line left as it was).

    ``passed`` (optional, updated): lines that went through every line step of an earlier pass
    unchanged and kept. Each step reads one line alone, so such a line passes again: it is kept
    without the steps (a second pass after repeated sentences were dropped re-reads only the
    paragraphs that changed). ``flagged``: lines the learned classifier calls boilerplate,
    removed when no rule removes them."""
    removed: list[Removal] = []
    verbatim = True
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    kept: list[str] = []
    links = False  # the line before was a "Read also" header or a link listed under one
    captions: list[str] = []  # captions and credits removed so far in this pass
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if passed is not None and line in passed and line not in flagged:
            kept.append(line)
            links = False
            continue
        untouched = True
        if _WORD_CHAR.search(line) is None:
            # No letter or digit: a separator or a run of marks, never article text (and one
            # test instead of every line rule keeps 50 kB of punctuation fast).
            removed.append(Removal("separator", "line without words", line[:80]))
            continue
        if _GLUED_HINT.search(line) is not None:
            unglued = _GLUED.sub(_unglue, line)
            untouched = unglued == line
            line = unglued
        glued_ad = _GLUED_AD.match(line)
        if glued_ad and glued_ad.end() < len(line):
            untouched = False
            removed.append(Removal("promo", "advertisement label glued to text", glued_ad.group(0)))
            line = line[glued_ad.end():].strip()
        rule = (_match_line(line) or _furniture_in_context(line, links, captions)
                or (_LEARNED if raw.strip() in flagged else None))
        links = False
        if rule is not None:
            kind, reason = rule
            removed.append(Removal(kind, reason, line))
            links = reason in _LINK_HEADERS and (len(line) <= 40 or reason == _LINK_ITEM)
            if kind in ("caption", "credit"):
                captions.append(line)
                removed.extend(_drop_repeated_caption(line, kept, passed))
            m = _TRAILER.match(line)
            if m:
                title = title or m.group("title").strip()
                outlet = outlet or m.group("outlet").strip()
            elif kind == "byline" and reason == "byline" and author is None:
                author = re.sub(r"^(?:by|written by|words by|story by|author:?|posted by)\s+",
                                "", line, flags=_I)
            continue
        if "(" in line:  # every inline rule matches a parenthesis
            for ikind, ireason, pattern in INLINE_RULES:
                hint = _RULE_HINTS.get(ireason)
                if hint is not None and hint.search(line) is None:
                    continue
                cut = [m.group(0).strip() for m in pattern.finditer(line)]
                removed.extend(Removal(ikind, ireason, t) for t in cut)
                line = (pattern.sub("", line) if cut else line).strip()
                untouched = untouched and not cut
        if line:
            verbatim = verbatim and line == raw.strip()
            kept.append(line)
            if passed is not None and untouched:
                passed.add(line)
    kept, dups = _dedupe(kept, keys)
    removed.extend(dups)
    verbatim = verbatim and not any(r.kind == "duplicate_sentence" for r in dups)
    return kept, removed, ArticleMeta(title=title, outlet=outlet, author=author), verbatim


_WORD_CHAR = re.compile(r"[^\W_]")
_LEARNED = ("boilerplate", "learned boilerplate line (guarantor.ingest.boilerplate)")

_LINK_ITEM = "related-links list under a read-also header"
#: Removal reasons of a header a list of links to other pages may follow ("Read also").
_LINK_HEADERS = frozenset({
    "read-more or related-article promo", "next article or read-too link",
    "section label or site widget", _LINK_ITEM,
})
_LIST_ITEM = re.compile(r"[-•*–]\s+\S")
_FINAL_MARKS = frozenset(".!?:;\"”’)…")
#: A photo credit on a line of its own, under the caption it credits ("Foto: X / @name").
_CREDIT_LINE = re.compile(r"(?:photo|foto|fotó|image|picture|credit)\s*:", _I)


def _furniture_in_context(line: str, links: bool, captions: list[str]) -> tuple[str, str] | None:
    """Page furniture told by the lines before it: a link listed under a "Read also" header
    (``links``), or a caption the page cut short that begins like one removed before.

    A line that quotes someone (:func:`~guarantor.ingest.boilerplate.holds_quotation`) is
    article text, never a listed link, even under such a header: a bulleted quotation, or one
    the page cut before its final mark."""
    if (links and len(line) <= 200 and (_LIST_ITEM.match(line) or line[-1] not in _FINAL_MARKS)
            and not holds_quotation(line)):
        # A bullet, or a headline-shaped line (no final punctuation): article paragraphs end
        # with a full stop, so the list ends at the text that follows it.
        return "promo", _LINK_ITEM
    if len(line) >= 40 and any(c.startswith(line) for c in captions):
        return "caption", "cut copy of a removed caption"
    return None


def _drop_repeated_caption(credit: str, kept: list[str], passed: set[str] | None,
                           ) -> list[Removal]:
    """Take a caption printed twice (image text and caption) off the end of ``kept`` when a
    photo credit line follows it ("Macron and Plenkovic" twice, then "Foto: X / @name").

    Only a repeated line without final punctuation goes: a headline above a credit stays."""
    if (not _CREDIT_LINE.match(credit) or len(kept) < 2 or kept[-1] != kept[-2]
            or len(kept[-1]) > 200 or kept[-1][-1] in ".!?\"”’"):
        return []
    caption = kept.pop()
    kept.pop()
    if passed is not None:
        passed.discard(caption)
    return [Removal("caption", "caption repeated above its photo credit", caption)] * 2
#: Cheap necessary conditions of costly rules (by reason): a rule is tried only on a hit.
_RULE_HINTS: dict[str, re.Pattern[str]] = {
    # Each of its three forms needs one of these: "Photo: ...", "| photo/...", "(.../Reuters)".
    "caption ending with a photo credit": re.compile(
        r"(?:photo(?:graph)?|picture|image|credit)\s*:|\||\([^()]*(?:getty|/)", _I),
    "inline photo credit": re.compile(r"photo|/", _I),
}
# Each hint starts with a look-ahead for its possible first characters (same hits, fewer tries).
_RULE_HINTS = {reason: first_char_guard(hint) for reason, hint in _RULE_HINTS.items()}
# Literal hints, searched as they are (a plain literal is found fastest without a guard).
_RULE_HINTS.update({
    "caption ending with a wire photo credit": re.compile(
        r"/\s?(?:Pool|Reuters|REUTERS|AP|AFP|EPA|Getty|Anadolu|Bloomberg|Sipa|TASS|Xinhua|PA|"
        r"[A-Z][\w.’'-]+\s[A-Z])"),
    "caption ending with a photographer and agency credit": re.compile(r"\)\.?$"),
    "subscription notice": re.compile("ubscri"),
    "newsletter to your inbox": re.compile("inbox"),
    "menu line": re.compile("[|•·»/]"),
    "wire dateline without text": re.compile(r"\)\s*[-–—]?$"),
})


#: Rules that only ever match a short line (at most 120 characters): skipped on longer ones.
_SHORT_LINE_RULES: frozenset[str] = frozenset({
    "section label or site widget", "one-word line (section label)", "language switcher",
    "currency ticker", "byline with date and time, or timestamp line", "dateline or outlet line",
    "short page furniture", "menu line", "wire dateline without text",
})


_Finder = Callable[[str], "re.Match[str] | None"]


def _rule_plan(short: bool) -> tuple[tuple[str, str, _Finder, _Finder | None], ...]:
    """:data:`LINE_RULES` as :func:`_match_line` tries them on a short line (at most 120
    characters) or a longer one: in order, without the short-line rules on a longer line, each
    with its pattern's ``match`` and its hint's ``search`` (or None) looked up once, not per
    line."""
    return tuple((kind, reason, pattern.match,
                  hint.search if (hint := _RULE_HINTS.get(reason)) is not None else None)
                 for kind, reason, pattern in LINE_RULES
                 if short or reason not in _SHORT_LINE_RULES)


#: :func:`_rule_plan` of short (True) and longer (False) lines.
_RULE_PLANS = {short: _rule_plan(short) for short in (True, False)}


def _match_line(line: str) -> tuple[str, str] | None:
    if len(line) > 600:
        return None
    for kind, reason, match, hint in _RULE_PLANS[len(line) <= 120]:
        if hint is not None and hint(line) is None:
            continue
        m = match(line)
        if m:
            return _FURNITURE_GROUPS.get(m.lastgroup or "", (kind, reason))
    return None


def _dedupe(paragraphs: list[str],
            keys: _ParagraphKeys | None = None,
            ) -> tuple[list[str], list[Removal]]:
    """Drop repeated paragraphs, then repeated sentences (first occurrence kept).

    ``keys`` (optional, updated): paragraph -> (sentence spans, sentence keys, paragraph key)
    of an earlier pass over the same article; a second pass reads only the paragraphs that
    changed (a long article's paragraphs outnumber the bounded caches of ``text``)."""
    removed: list[Removal] = []
    seen_paragraphs: set[str] = set()
    seen_sentences: set[str] = set()
    out: list[str] = []
    for para in paragraphs:
        known = keys.get(para) if keys is not None else None
        if known is not None:
            spans, skeys, pkey = known
        else:
            spans = paragraph_sentence_spans(para)
            if len(spans) > 1:
                # Sentences are separated by whitespace only, which no token crosses: the
                # paragraph's key is its sentences' keys joined (each token read once).
                skeys = [key(para[a:b]) for a, b in spans]
                pkey = " ".join(k for k in skeys if k)
            else:
                pkey = key(para)
                skeys = [pkey if (a, b) == (0, len(para)) else key(para[a:b]) for a, b in spans]
            if keys is not None:
                keys[para] = (spans, skeys, pkey)
        if pkey and pkey in seen_paragraphs:
            removed.append(Removal("duplicate_paragraph", "paragraph repeated", para))
            continue
        keep: list[str] = []
        keep_keys: list[str] = []
        keep_long: list[str] = []
        dropped: list[str] = []
        for (a, b), skey in zip(spans, skeys, strict=True):
            sentence = para[a:b]
            is_long = skey.count(" ") + 1 >= MIN_DUP_SENTENCE_TOKENS
            if is_long and skey in seen_sentences:
                dropped.append(sentence)
                continue
            if is_long:
                keep_long.append(skey)
            keep.append(sentence)
            keep_keys.append(skey)
        long_kept = len(keep_long)
        if dropped and long_kept == 0:
            # Every substantial sentence is a repeat: the paragraph is a repeat.
            removed.append(Removal("duplicate_paragraph", "every sentence already seen", para))
            continue
        for s in dropped:
            removed.append(Removal("duplicate_sentence", "sentence repeated", s))
        new_para = " ".join(keep) if dropped else para
        seen_sentences.update(keep_long)
        if pkey:
            seen_paragraphs.add(pkey)
            if dropped:  # otherwise new_para is para and its key is pkey
                seen_paragraphs.add(" ".join(k for k in keep_keys if k))  # key(new_para)
        out.append(new_para)
    return out, removed
