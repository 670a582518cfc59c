"""Reviewing draft entries: a person accepts, edits or rejects each; accepted ones join a ledger.

Drafts written by ``guarantor ingest --out`` are never merged on their own. :func:`review`
applies a reviewer's decisions to a drafts file:

* **accept** — the draft's review-only fields (``ledger``, ``title``, ``url``, ``reviewed``,
  ``confidence``, ``evidence``) are dropped, empty fields removed, the ``draft_`` prefix taken off
  its id, the reviewer's edits applied, and the entry appended to the ledger it belongs to (the
  positions ledger, or the contribution ledger for drafts marked ``ledger: contributions``). The
  whole new ledger text is validated exactly as the ledger is loaded (unknown speaker, missing
  ``source``, duplicate id, contradictory same-day statement...); on any error nothing is
  written. Comments and layout of the ledger file are kept: the entry is appended as text.
* **edit** — ``field=value`` pairs (a YAML scalar: ``quantity=5000``, ``source=my_source_id``,
  ``condition=null`` to remove a field) applied before acceptance.
* **reject** — the draft is dropped.

Drafts with no decision stay in the drafts file, which is rewritten (atomically) with only them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from guarantor.errors import LedgerError

#: Fields that help the reviewer and never go into a ledger.
REVIEW_ONLY: tuple[str, ...] = ("ledger", "title", "url", "reviewed", "confidence", "evidence")


@dataclass
class ReviewResult:
    """What a review did."""

    accepted: dict[str, list[str]] = field(default_factory=dict)  # ledger path -> entry ids
    rejected: list[str] = field(default_factory=list)
    remaining: int = 0


def _yaml() -> YAML:
    y = YAML()
    y.default_flow_style = False
    y.width = 100
    y.allow_unicode = True
    return y


def read_drafts(path: str | Path) -> list[dict[str, Any]]:
    """Draft entries of a drafts file (``entries:`` list of mappings)."""
    from guarantor.yamlio import read_text

    text = read_text(path, LedgerError)
    try:
        data = YAML(typ="safe").load(text)
    except Exception as exc:  # ruamel raises many kinds; all mean "not YAML"
        raise LedgerError(f"drafts file is not valid YAML ({exc.__class__.__name__})",
                          file=str(path)) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "id" in e
                                                for e in entries):
        raise LedgerError("drafts file needs `entries:`, a list of mappings with an `id`",
                          file=str(path), key="entries")
    return [dict(e) for e in entries]


def parse_edit(text: str) -> tuple[str, str, Any]:
    """``ID:field=value`` into (id, field, value); the value is read as a YAML scalar.

    Examples
    --------
    >>> parse_edit("draft_gbr_x:quantity=5000")
    ('draft_gbr_x', 'quantity', 5000)
    >>> parse_edit("d1:condition=null")
    ('d1', 'condition', None)
    """
    m = re.match(r"^([A-Za-z0-9_]+):([a-z_]+)=(.*)$", text.strip(), re.S)
    if m is None:
        raise LedgerError("malformed edit", key="--set", value=text, allowed="ID:field=value")
    value = YAML(typ="safe").load(m.group(3)) if m.group(3).strip() else None
    return m.group(1), m.group(2), value


def finalise(draft: Mapping[str, Any], edits: Mapping[str, Any]) -> dict[str, Any]:
    """The ledger entry a draft becomes: review-only and empty fields dropped, edits applied."""
    entry = {k: v for k, v in draft.items() if k not in REVIEW_ONLY}
    entry["id"] = str(entry["id"]).removeprefix("draft_")
    for k, v in edits.items():
        entry[k] = v
    return {k: v for k, v in entry.items() if v is not None and v != ""}


def _render_entry(entry: Mapping[str, Any], indent: str) -> str:
    buf = io.StringIO()
    _yaml().dump([dict(entry)], buf)
    return "".join(indent + line if line.strip() else line
                   for line in buf.getvalue().splitlines(keepends=True))


def append_entries(ledger_text: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """Ledger text with ``entries`` appended to its ``entries:`` list, comments kept."""
    m = re.search(r"^( *)- id:", ledger_text, re.M)
    indent = m.group(1) if m else ""
    out = ledger_text if ledger_text.endswith("\n") else ledger_text + "\n"
    for e in entries:
        out += _render_entry(e, indent)
    return out


def validate_ledger_text(text: str, name: str, kind: str) -> None:
    """Validate a whole ledger text as its loader would (raises a located LedgerError)."""
    if kind == "contributions":
        from guarantor.data.contributions import parse_contributions

        parse_contributions([(text, name)])
    else:
        from guarantor.politics.ledger import parse_ledger

        parse_ledger(text, name)


def review(
    drafts_path: str | Path,
    *,
    positions_ledger: str | Path,
    contributions_ledger: str | Path | None,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    edits: Sequence[str] = (),
    accept_all: bool = False,
) -> ReviewResult:
    """Apply decisions to a drafts file and write accepted entries to their ledgers.

    Parameters
    ----------
    drafts_path : path
        Drafts YAML written by ``guarantor ingest --out``.
    positions_ledger, contributions_ledger : path
        Ledger files that receive accepted statement and contribution drafts.
    accept, reject : sequence of str
        Draft ids.
    edits : sequence of str
        ``ID:field=value`` edits, applied to accepted drafts.
    accept_all : bool
        Accept every draft not rejected.

    Returns
    -------
    ReviewResult

    Raises
    ------
    LedgerError
        Unknown draft id, a draft both accepted and rejected, an edit of a draft not accepted,
        or an accepted entry the ledger would not load (nothing is written then).
    """
    from guarantor.atomic import write_text
    from guarantor.yamlio import read_text

    drafts = read_drafts(drafts_path)
    ids = [str(d["id"]) for d in drafts]
    for i in [*accept, *reject]:
        if i not in ids:
            raise LedgerError("unknown draft id", file=str(drafts_path), value=i,
                              allowed=", ".join(ids) or "(no drafts)")
    both = set(accept) & set(reject)
    if both:
        raise LedgerError("draft both accepted and rejected", value=", ".join(sorted(both)))
    chosen = set(ids) - set(reject) if accept_all else set(accept)
    per: dict[str, dict[str, Any]] = {}
    for text in edits:
        did, key, value = parse_edit(text)
        if did not in chosen:
            raise LedgerError("edit of a draft that is not accepted", key="--set", value=text,
                              hint="accept the draft too (--accept ID)")
        per.setdefault(did, {})[key] = value
    new: dict[str, list[dict[str, Any]]] = {"positions": [], "contributions": []}
    for d in drafts:
        if str(d["id"]) in chosen:
            kind = "contributions" if d.get("ledger") == "contributions" else "positions"
            new[kind].append(finalise(d, per.get(str(d["id"]), {})))
    targets = {"positions": positions_ledger, "contributions": contributions_ledger}
    staged: list[tuple[Path, str]] = []
    result = ReviewResult()
    for kind, entries in new.items():
        if not entries:
            continue
        target = targets[kind]
        if target is None:
            raise LedgerError(f"accepted {kind} drafts but no {kind} ledger file given",
                              key="--contributions", hint="name the contribution ledger file")
        path = Path(target)
        text = append_entries(read_text(path, LedgerError), entries)
        validate_ledger_text(text, str(path), kind)
        staged.append((path, text))
        result.accepted[str(path)] = [str(e["id"]) for e in entries]
    for path, text in staged:
        write_text(path, text, LedgerError, "ledger")
    done = chosen | set(reject)
    remaining = [d for d in drafts if str(d["id"]) not in done]
    from guarantor.ingest.output import render_drafts

    write_text(Path(drafts_path), render_drafts(remaining), LedgerError, "drafts")
    result.rejected = list(reject)
    result.remaining = len(remaining)
    return result


__all__ = ["REVIEW_ONLY", "ReviewResult", "append_entries", "finalise", "parse_edit",
           "read_drafts", "review", "validate_ledger_text"]
