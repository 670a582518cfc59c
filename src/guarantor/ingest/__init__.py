"""From news to evidence: clean an article, find its quotes and speakers, propose ledger entries.

>>> from guarantor.ingest import ingest_text
>>> art = ingest_text("“There will not be U.S. troops in Ukraine,” Pete Hegseth said.",
...                   outlet="Example Wire", date="2025-02-12")
>>> [(q.speaker, q.actor) for q in art.quotes]
[('Pete Hegseth', 'USA')]
>>> [(d["topic"], d["stance"], d["reviewed"]) for d in art.drafts()]
[('us_troops_in_protected_state', 'rejects', False)]

Drafts are never merged: every entry carries ``reviewed: false`` and goes to an analyst.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from guarantor.ingest.clean import CleanResult, clean
from guarantor.ingest.contributions import (
    ContributionProposal,
    narrator_statements,
    propose_contributions,
)
from guarantor.ingest.positions import Position, propose_positions
from guarantor.ingest.quotes import Quote, QuoteFinder
from guarantor.ingest.source import read_article

#: A second choice of the direct quotes' speakers, after the rules' (``ingest_text(speakers=)``).
SpeakerChoice = Callable[[QuoteFinder, list[Quote]], list[Quote]]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HEADLINE_END = re.compile(r"[.!?:]$|[.!?,:][”\"’»]$")


@dataclass(frozen=True)
class Article:
    """One ingested article.

    Attributes
    ----------
    cleaned : CleanResult
        Body text and removal report.
    title, outlet, date, url : str or None
        Metadata (explicit arguments win over what the page reveals).
    quotes : tuple of Quote
        Direct quotes with speakers.
    statements : tuple of Quote
        Indirect statements with speakers.
    positions : tuple of Position
        Proposed positions (one per actor and topic).
    contributions : tuple of ContributionProposal
        Proposed contribution positions (one per actor and mission), with quantity and unit.
    """

    cleaned: CleanResult
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    quotes: tuple[Quote, ...]
    statements: tuple[Quote, ...]
    positions: tuple[Position, ...]
    contributions: tuple[ContributionProposal, ...] = ()

    def contribution_drafts(self) -> list[dict[str, Any]]:
        """Draft contribution-ledger entries (its field names), all ``reviewed: false``.

        ``source`` stays empty: the reviewer registers the page and names it when accepting.
        """
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for c in self.contributions:
            speaker, role = ledger_speaker(c.actor, c.speaker, c.role)
            stamp = (self.date or "undated").replace("-", "_")
            draft_id = f"draft_{c.actor}_{stamp}_{c.mission}".lower()
            n = 2
            while draft_id in seen:
                draft_id = f"draft_{c.actor}_{stamp}_{c.mission}_{n}".lower()
                n += 1
            seen.add(draft_id)
            entry: dict[str, Any] = {
                "id": draft_id,
                "ledger": "contributions",
                "actor": c.actor,
                "case": "ukraine",
                "mission": c.mission,
                "stance": c.stance,
            }
            if c.condition is not None:
                entry["condition"] = c.condition
            if c.quantity is not None:
                entry["quantity"] = int(c.quantity) if c.quantity.is_integer() else c.quantity
                entry["unit"] = c.unit
                entry["quantity_note"] = f"as stated: {c.quantity_text}"
            entry.update({
                "speaker": speaker,
                "role": role,
                "date": self.date,
                "quote": c.quote,
                "quote_kind": "direct" if c.kind == "direct" else "reported",
                "source": None,
                "outlet": self.outlet,
                "title": self.title,
                "url": self.url,
                "reviewed": False,
                "confidence": c.confidence,
                "evidence": c.evidence,
            })
            out.append(entry)
        return out

    def drafts(self) -> list[dict[str, Any]]:
        """Draft ledger entries (ledger field names), all ``reviewed: false``."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for p in self.positions:
            speaker, role = ledger_speaker(p.actor, p.speaker, p.role)
            draft_id = f"draft_{p.actor}_{p.topic}".lower()
            n = 2
            while draft_id in seen:
                draft_id = f"draft_{p.actor}_{p.topic}_{n}".lower()
                n += 1
            seen.add(draft_id)
            out.append(
                {
                    "id": draft_id,
                    "actor": p.actor,
                    "speaker": speaker,
                    "role": role,
                    "date": self.date,
                    "topic": p.topic,
                    "stance": p.stance,
                    "strength": p.strength,
                    "quote": p.quote,
                    "quote_kind": "direct" if p.kind == "direct" else "reported",
                    "outlet": self.outlet,
                    "title": self.title,
                    "url": self.url,
                    "reviewed": False,
                    "confidence": p.confidence,
                    "evidence": p.evidence,
                }
            )
        return out


def ledger_speaker(actor: str | None, label: str | None, role: str | None
                   ) -> tuple[str | None, str | None]:
    """Speaker name as the ledger wants it: a registry speaker when one fits.

    A known person keeps their registry name. An anonymous source or an institution ("a
    European diplomat", "Moscow") maps to the registry's unnamed or collective speaker of the
    same actor ("Unnamed European official", "Russian government") when there is exactly such a
    speaker; otherwise the label is kept for the reviewer to add to ``registry/actors.yaml``.
    """
    from guarantor.data.actors import actors

    if label is None:
        return None, role
    reg = actors()
    known = reg.speaker_for(label)
    if known is not None:
        return known.name, role or known.role
    for sp in reg.speakers.values():
        if sp.actor == actor and sp.name.lower().startswith("unnamed "):
            return sp.name, sp.role
    for sp in reg.speakers.values():
        if sp.actor == actor and "collective" in sp.role.lower():
            return sp.name, sp.role
    return label, role


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = _DATE.match(value.strip())
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def headline(cleaned: CleanResult) -> str | None:
    """The first paragraph when it reads as a headline (short, no closing punctuation)."""
    if len(cleaned.paragraphs) < 2:
        return None
    first = cleaned.paragraphs[0]
    if len(first.split()) <= 25 and not _HEADLINE_END.search(first):
        return first
    return None


_HEADLINE_NAME = re.compile(r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3}$")


def headline_speakers(quotes: list[Quote], statements: list[Quote], cut: int) -> list[Quote]:
    """Give a headline's quotes the article's first named speaker when none was found.

    A headline quotes the article's main speaker in a short form ("'Caution is needed':
    Presidents of ...", "... would be 'small': Premier"); the speaker is the first person whose
    words the body reports. A headline quote still without a speaker is dropped (a headline
    label, not a quote the body attributes).
    """
    body = sorted((q for q in (*quotes, *statements) if q.start >= cut and q.speaker
                   and not q.anonymous and _HEADLINE_NAME.match(q.speaker)),
                  key=lambda q: q.start)
    first = body[0] if body else None
    out: list[Quote] = []
    for q in quotes:
        if q.start < cut and q.speaker is None:
            if first is None:
                continue
            q = replace(q, speaker=first.speaker, mention=first.mention, actor=first.actor,
                        role=first.role, rule="headline", confidence=0.5)
        out.append(q)
    return out


def ingest_text(
    content: str,
    *,
    outlet: str | None = None,
    date: str | None = None,
    url: str | None = None,
    title: str | None = None,
    kind: str = "auto",
    speakers: Literal["learned", "rules"] | SpeakerChoice = "learned",
) -> Article:
    """Clean an article, extract quotes and statements, propose positions.

    Parameters
    ----------
    content : str
        Article text or HTML.
    outlet, date, url, title : str, optional
        Metadata; override what the page itself reveals. ``date`` as YYYY-MM-DD.
    kind : {'auto', 'text', 'html'}
        Input kind.
    speakers : {'learned', 'rules'} or callable
        Who says each direct quote: ``'learned'`` (default) lets the learned choice of
        :mod:`guarantor.ingest.speaker_rank` pick among the rules' candidates (on held-out
        articles it was right more often: tests/ingest/eval/README.md); ``'rules'`` keeps the
        rules' choice alone; a callable ``(finder, quotes) -> quotes`` is another second
        choice (training and tests).

    Returns
    -------
    Article
        Cleaned text, quotes, statements, positions; :meth:`Article.drafts` gives entries.
    """
    # Checked before any work, so a bad choice fails on every input, an empty one too.
    if not (speakers in ("learned", "rules") or callable(speakers)):
        raise ValueError(
            f"speakers: got {speakers!r}; allowed: 'learned', 'rules' or a callable")
    cleaned = clean(content, kind=kind)  # type: ignore[arg-type]
    meta = cleaned.meta
    head = headline(cleaned)
    text = cleaned.text
    quotes: list[Quote] = []
    statements: list[Quote] = []
    narrated: list[Quote] = []
    memo: dict[str, Any] = {}  # sentence -> contribution readings, read once
    if text.strip():
        finder = QuoteFinder(text)
        narrated = narrator_statements(text, len(head) if head is not None else 0,
                                       [(s.start, s.end) for s in finder.sents], memo)
        quotes = finder.direct()
        statements = finder.indirect(skip_first_paragraph=head is not None)
        if head is not None:
            quotes = headline_speakers(quotes, statements, len(head))
        if speakers == "learned":
            from guarantor.ingest import speaker_rank  # its parameters read once, on first use

            quotes = speaker_rank.chooser()(finder, quotes)
        elif callable(speakers):
            quotes = speakers(finder, quotes)
    positions = propose_positions([*quotes, *statements])
    contributions = propose_contributions([*quotes, *statements, *narrated], memo)
    return Article(
        cleaned=cleaned,
        title=title or meta.title or head,
        outlet=outlet or meta.outlet,
        date=_iso_date(date) or _iso_date(meta.date),
        url=url or meta.url,
        quotes=tuple(quotes),
        statements=tuple(statements),
        positions=tuple(positions),
        contributions=tuple(contributions),
    )


def ingest_file(path: str | Path, **kwargs: Any) -> Article:
    """Read (see :func:`guarantor.ingest.source.read_article`) and ingest one article file."""
    content = read_article(path)
    article = ingest_text(content, **kwargs)
    if article.url is None:
        article = replace(article, url=str(path))
    return article


__all__ = ["Article", "headline", "ingest_file", "ingest_text"]
