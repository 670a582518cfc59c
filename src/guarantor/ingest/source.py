"""Reading an article from disk or bytes: size cap, binary detection, encodings.

Bad input never becomes a traceback: an empty file is a clean empty article; a binary file, a
file over :data:`MAX_ARTICLE_BYTES`, or text in an encoding we cannot identify raises
:class:`~guarantor.errors.IngestError` with the file name and a hint.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from guarantor.errors import IngestError

#: Largest article accepted (bytes). Long-form features run to ~100 kB of HTML; 5 MB is far
#: beyond any real article page and keeps a stray log file or dump from stalling a run.
MAX_ARTICLE_BYTES = 5_000_000

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_article(raw: bytes, name: str = "<input>") -> str:
    """Decode the bytes of an article, refusing binary data and unknown encodings.

    Parameters
    ----------
    raw : bytes
        File content.
    name : str
        File name used in error messages.

    Returns
    -------
    str
        The text ('' for an empty or whitespace-only file).

    Raises
    ------
    IngestError
        Over the size cap, binary, or not decodable as UTF-8 / UTF-16 / UTF-32 (with BOM) or the
        charset an HTML page declares.
    """
    if len(raw) > MAX_ARTICLE_BYTES:
        raise IngestError(
            "article is too large",
            file=name,
            value=f"{len(raw)} bytes",
            allowed=f"at most {MAX_ARTICLE_BYTES} bytes",
            hint="pass one article per file",
        )
    if not raw.strip():
        return ""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise IngestError(
                f"not article text: looks like {what}",
                file=name,
                hint="save the article as .txt or .html",
            )
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"invalid {encoding} text (byte {exc.start})", file=name
                ) from None
    head = raw[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise IngestError(
            "not article text: binary data", file=name, hint="save the article as .txt or .html"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _META_CHARSET.search(raw[:4096])
        if declared:
            charset = declared.group(1).decode("ascii", "replace")
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
        raise IngestError(
            f"not UTF-8 text (invalid byte at {exc.start})",
            file=name,
            allowed="UTF-8 (or UTF-16/32 with a byte-order mark, or HTML declaring its charset)",
            hint="convert it, e.g. iconv -f cp1252 -t utf-8",
        ) from None


def read_article(path: str | Path) -> str:
    """Read one article file (see :func:`decode_article` for what is refused).

    Parameters
    ----------
    path : str or Path
        File to read.

    Returns
    -------
    str
        Decoded text.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise IngestError("file not found", file=str(p)) from None
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror}", file=str(p)) from None
    if p.is_dir():
        raise IngestError("is a directory, not an article file", file=str(p))
    if size > MAX_ARTICLE_BYTES:
        raise IngestError(
            "article is too large",
            file=str(p),
            value=f"{size} bytes",
            allowed=f"at most {MAX_ARTICLE_BYTES} bytes",
            hint="pass one article per file",
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror}", file=str(p)) from None
    return decode_article(raw, str(p))
