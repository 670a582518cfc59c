"""Reading articles: empty, binary, huge and wrongly encoded input never becomes a traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from guarantor.errors import IngestError
from guarantor.ingest import ingest_file, ingest_text
from guarantor.ingest.source import MAX_ARTICLE_BYTES, decode_article, read_article


def test_empty_file_gives_clean_empty_result(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"  \n\n ")
    art = ingest_file(f)
    assert art.cleaned.text == "" and art.quotes == () and art.drafts() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"PK\x03\x04 zip", "ZIP"),
        (bytes(range(256)) * 4, "binary"),
        ("Caf\u00e9 au lait, “quoted”".encode("cp1252"), "not UTF-8"),
    ],
)
def test_bad_bytes_raise_ingest_error(raw: bytes, message: str) -> None:
    with pytest.raises(IngestError) as info:
        decode_article(raw, "x.txt")
    assert message in str(info.value) and "x.txt" in str(info.value)
    assert "\n" not in str(info.value)


def test_over_the_cap(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(IngestError, match="too large"):
        read_article(f)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not found"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="directory"):
        read_article(tmp_path)


def test_boms_and_declared_charset() -> None:
    assert decode_article(codecs.BOM_UTF16_LE + "Kyiv".encode("utf-16-le")) == "Kyiv"
    assert decode_article(codecs.BOM_UTF8 + b"Kyiv") == "Kyiv"
    page = '<html><head><meta charset="windows-1252"></head><body>Caf\xe9</body></html>'
    assert "Café" in decode_article(page.encode("cp1252"))


def test_mojibake_is_repaired() -> None:
    art = ingest_text("â€œWe will stay,â€\x9d the minister said.")
    assert art.quotes and art.quotes[0].text.startswith("We will stay")
