"""Rebuild or check the local page cache of the real-article evaluation set (issue 20).

The key (``key.yaml``) holds only what the publishers' licences allow: URLs, short quotes,
speakers, positions. The article excerpts the key is scored on live in ``cache/`` (git-ignored).
``manifest.tsv`` pins each excerpt: its SHA-256, its length, and its first and last few words
(short anchors, enough to cut the same excerpt out of a freshly fetched page); ``queries.tsv``
names, per excerpt, the ``search`` query (corpus ``pages``) that returns the stored page and
the address the page is stored under::

    python tests/ingest/eval/rebuild_cache.py --check           # which cached files match
    python tests/ingest/eval/rebuild_cache.py --from-search F   # excerpts from search results
    python tests/ingest/eval/rebuild_cache.py --from-dir DIR    # copy saved excerpts
    python tests/ingest/eval/rebuild_cache.py --fetch           # download, cut, verify
    python tests/ingest/eval/rebuild_cache.py --write-manifest  # after annotating

The excerpts were cut from the stored pages the ``search`` tool returns (corpus ``pages``,
each page from its beginning, about 2,000 characters) by one rule, :func:`cut_rule`: drop the
tool's `` date YYYY-MM-DD `` prefix when the excerpt has one, and end the text with one newline
(added only when the excerpt does not already end with one). ``--from-search F`` reads a file
(or ``-``, standard input) holding one search answer as JSON (``{"results": [{"url": ...,
"excerpt": ...}]}``), a list of such answers, or bare JSON strings (excerpts), applies the rule
to every excerpt and writes each one whose SHA-256 matches a manifest entry (whatever its rank
or address: a page stored twice with different cuts is told apart by the hash).

``--fetch`` is the only step that touches the network (a developer's step, never a test): it
downloads each URL, extracts the main text with trafilatura, cuts it from the first anchor to
the last (whitespace between anchor words may differ) and keeps it only when the SHA-256
matches (a page that changed since annotation is reported, never silently used).
Exit status: 0 when every key article has a verified excerpt,
1 when some are missing or differ, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
MANIFEST = HERE / "manifest.tsv"
KEY = HERE / "key.yaml"
QUERIES = HERE / "queries.tsv"
ANCHOR_WORDS = 6
#: The ``search`` tool's metadata prefix on some stored pages (not page text).
_DATE_PREFIX = re.compile(r"^ date \d{4}(?:-\d\d){0,2} ")


def digest(text: str) -> str:
    """SHA-256 of an excerpt's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def anchors(text: str) -> tuple[str, str]:
    """First and last :data:`ANCHOR_WORDS` words of an excerpt (short, licence-safe)."""
    words = text.split()
    return " ".join(words[:ANCHOR_WORDS]), " ".join(words[-ANCHOR_WORDS:])


def cut_rule(excerpt: str) -> str:
    """The cached excerpt for a stored page as the ``search`` tool returns it.

    Drops the tool's leading `` date ... `` metadata (not page text) and ends the text with a
    newline unless it already ends with one; nothing else is touched (leading newlines, inner
    whitespace, a word cut at the end all stay), so the SHA-256 pins the tool's text exactly.

    Examples
    --------
    >>> cut_rule(" date 2025-03-06 Canada is ready.")
    'Canada is ready.\\n'
    >>> cut_rule("Canada is ready.\\n\\n")
    'Canada is ready.\\n\\n'
    """
    text = _DATE_PREFIX.sub("", excerpt, count=1)
    return text if text.endswith("\n") else text + "\n"


def _excerpts(doc: object) -> list[str]:
    """Every excerpt in a parsed search answer, list of answers, or bare JSON string."""
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, list):
        return [e for item in doc for e in _excerpts(item)]
    if isinstance(doc, dict):
        if isinstance(doc.get("excerpt"), str):
            return [doc["excerpt"]]
        return _excerpts(doc.get("results", []))
    return []


def from_search(manifest: dict[str, tuple[str, int, str, str, str]], text: str,
                cache: Path = CACHE) -> int:
    """Write the manifest excerpts found in search answers (JSON) into ``cache``, verified.

    ``text`` holds one or more JSON documents one after another (search answers, lists of
    them, or bare excerpt strings). Returns the number of cache files written.
    """
    decoder = json.JSONDecoder()
    docs: list[object] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        doc, pos = decoder.raw_decode(text, pos)
        docs.append(doc)
    by_sha: dict[str, list[str]] = {}
    for name, entry in manifest.items():
        by_sha.setdefault(entry[0], []).append(name)
    written = 0
    for excerpt in _excerpts(docs):
        cut = cut_rule(excerpt)
        for name in by_sha.pop(digest(cut), []):
            _write(cache / name, cut)
            print(f"saved    {name}")
            written += 1
    return written


def read_manifest(path: Path = MANIFEST) -> dict[str, tuple[str, int, str, str, str]]:
    """file -> (sha256, length, first words, last words, url)."""
    out: dict[str, tuple[str, int, str, str, str]] = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 6:
            raise SystemExit(f"{path}:{n}: expected 6 tab-separated fields, got {len(parts)}")
        file, sha, length, first, last, url = parts
        out[file] = (sha, int(length), first, last, url)
    return out


def cut(page: str, first: str, last: str) -> str | None:
    """The excerpt of ``page`` from the first anchor to the end of the last, or None.

    Whitespace inside the page may differ from the stored excerpt's only where the anchors do
    not reach; the SHA-256 check decides whether the cut is the annotated excerpt.
    """
    def pattern(words: str) -> re.Pattern[str]:
        return re.compile(r"\s+".join(re.escape(w) for w in words.split()))

    m_first = pattern(first).search(page)
    if m_first is None:
        return None
    ends = list(pattern(last).finditer(page, m_first.start()))
    return page[m_first.start() : ends[-1].end()] if ends else None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _verified(text: str, entry: tuple[str, int, str, str, str]) -> bool:
    return digest(text) == entry[0]


def check(manifest: dict[str, tuple[str, int, str, str, str]]) -> int:
    """Report each manifest file as ok / differs / missing; 0 when all are ok."""
    bad = 0
    for file, entry in sorted(manifest.items()):
        path = CACHE / file
        if not path.exists():
            print(f"missing  {file}  ({entry[4]})")
            bad += 1
        elif not _verified(path.read_text("utf-8"), entry):
            print(f"differs  {file}")
            bad += 1
        else:
            print(f"ok       {file}")
    print(f"{len(manifest) - bad} of {len(manifest)} excerpts verified in {CACHE}")
    return 0 if bad == 0 else 1


def from_dir(manifest: dict[str, tuple[str, int, str, str, str]], src: Path) -> int:
    """Copy excerpts saved by hand (one FILE.txt per key entry) into the cache, verified."""
    bad = 0
    for file, entry in sorted(manifest.items()):
        path = src / file
        if not path.exists():
            print(f"missing  {file}")
            bad += 1
            continue
        text = path.read_text("utf-8")
        if not _verified(text, entry):
            print(f"differs  {file} (not copied)")
            bad += 1
            continue
        _write(CACHE / file, text)
        print(f"copied   {file}")
    return 0 if bad == 0 else 1


def fetch(manifest: dict[str, tuple[str, int, str, str, str]]) -> int:  # pragma: no cover
    """Download each URL, extract the main text (trafilatura), cut by anchors, verify."""
    import urllib.request

    import trafilatura

    bad = 0
    for file, entry in sorted(manifest.items()):
        if (CACHE / file).exists() and _verified((CACHE / file).read_text("utf-8"), entry):
            print(f"ok       {file}")
            continue
        sha, _, first, last, url = entry
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "guarantor-eval/1"})
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (a dev step)
                html = resp.read(5_000_000).decode("utf-8", "replace")
        except OSError as exc:
            print(f"failed   {file}: {exc}")
            bad += 1
            continue
        for page in (trafilatura.extract(html, include_comments=False) or "", html):
            excerpt = cut(page, first, last)
            if excerpt is not None and digest(excerpt) == sha:
                _write(CACHE / file, excerpt)
                print(f"fetched  {file}")
                break
        else:
            print(f"differs  {file}: the page changed since annotation (not written)")
            bad += 1
    return 0 if bad == 0 else 1


def write_manifest() -> int:
    """Write the manifest from the current cache, in key order (after annotating)."""
    from guarantor.ingest.evaluate import load_key

    key = load_key(KEY)
    lines = ["# file\tsha256\tlength\tfirst words\tlast words\turl (see rebuild_cache.py)"]
    for a in key.articles:
        path = CACHE / a.file
        if not path.exists():
            print(f"no cached excerpt for {a.file}: left out", file=sys.stderr)
            continue
        text = path.read_text("utf-8")
        first, last = anchors(text)
        lines.append("\t".join([a.file, digest(text), str(len(text)), first, last,
                                a.url or ""]))
    _write(MANIFEST, "\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} entries to {MANIFEST}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--from-dir", type=Path)
    mode.add_argument("--from-search", metavar="FILE")
    mode.add_argument("--fetch", action="store_true")
    mode.add_argument("--write-manifest", action="store_true")
    args = parser.parse_args(argv)
    if args.write_manifest:
        return write_manifest()
    if not MANIFEST.exists():
        print(f"error: no manifest at {MANIFEST}", file=sys.stderr)
        return 2
    manifest = read_manifest()
    if args.check:
        return check(manifest)
    if args.from_search is not None:
        try:
            raw = (sys.stdin.read() if args.from_search == "-"
                   else Path(args.from_search).read_text("utf-8"))
            n = from_search(manifest, raw)
        except (OSError, ValueError) as exc:
            print(f"error: --from-search {args.from_search}: {exc}", file=sys.stderr)
            return 2
        print(f"{n} excerpt(s) written; run --check for the whole cache")
        return 0 if n else 1
    if args.from_dir is not None:
        if not args.from_dir.is_dir():
            print(f"error: --from-dir {args.from_dir}: not a directory", file=sys.stderr)
            return 2
        return from_dir(manifest, args.from_dir)
    return fetch(manifest)


if __name__ == "__main__":
    raise SystemExit(main())
