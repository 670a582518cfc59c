"""Writing draft ledger entries: the ledger's YAML layout, written atomically."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from guarantor.atomic import write_text
from guarantor.errors import IngestError

HEADER = (
    "# DRAFT ledger entries proposed by `guarantor ingest` — NOT reviewed.\n"
    "# Check every entry against its source before moving it into the ledger: confirm the\n"
    "# speaker, actor, topic and stance, keep `quote` verbatim (one sentence), set `source` to a\n"
    "# registered source id, then drop the review-only fields (title, url, reviewed, confidence,\n"
    "# evidence).\n"
)


def render_drafts(entries: Iterable[dict[str, Any]]) -> str:
    """YAML text of draft entries under ``entries:`` (the ledger's top-level key)."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump({"entries": list(entries)}, buf)
    return HEADER + buf.getvalue()


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise IngestError("output folder does not exist", file=str(folder))
    write_text(target, text, IngestError)
