"""YAML in, frozen typed objects out — with errors that point at the file, line and key.

Every YAML file the project reads (scenarios, parameters, capabilities, ledger, grids, answer
keys) goes through :func:`load_yaml` and :func:`validate`, so duplicate keys, unknown keys, wrong
types and out-of-range values are all reported the same way: file, line, dotted key path, the bad
value and what is allowed.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml import __version__ as ruamel_version
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from guarantor.cache import cached, content_key
from guarantor.errors import GuarantorError, ScenarioError

M = TypeVar("M", bound=BaseModel)

#: Upper bound on a YAML document read from a user (bytes); a guard for the web upload too.
MAX_YAML_BYTES = 2_000_000


class Located:
    """A parsed YAML document plus the means to find the line of any key path in it."""

    def __init__(self, data: Any, source: str) -> None:
        self.data = data
        self.source = source

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node of ``path`` that exists, or None."""
        node: Any = self.data
        line: int | None = None
        for key in path:
            try:
                if isinstance(node, CommentedMap) and key in node:
                    line = node.lc.key(key)[0] + 1
                    node = node[key]
                elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                    line = node.lc.item(key)[0] + 1
                    node = node[key]
                else:
                    break
            except (KeyError, TypeError, AttributeError):
                break
        return line


def _plain(node: Any) -> Any:
    """Convert ruamel's round-trip containers to plain dicts/lists (keeping scalars)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v) for v in node]
    return node


def parse_yaml_text(text: str, source: str, error: type[GuarantorError] = ScenarioError) -> Located:
    """Parse YAML text (rejecting duplicate keys) and keep line information."""
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise error(
            "file is too large",
            file=source,
            allowed=f"at most {MAX_YAML_BYTES} bytes",
        )
    # The parsed document depends on the text and the parser only: it is cached under their
    # content hash (see guarantor.cache); a document that fails to parse is never cached.
    key = content_key("yaml-rt", ruamel_version, text)
    return Located(cached(key, lambda: _parse(text, source, error)), source)


def _parse(text: str, source: str, error: type[GuarantorError]) -> Any:
    """Round-trip parse (line numbers kept), duplicate keys rejected; errors become ``error``."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(io.StringIO(text))
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(
            "duplicate key",
            file=source,
            line=line,
            value=str(exc.problem).split('"')[1] if '"' in str(exc.problem) else None,
            allowed="each key once per mapping",
        ) from None
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(
            f"not valid YAML: {exc.problem}",
            file=source,
            line=line,
            hint="check indentation and quoting",
        ) from None
    except YAMLError as exc:
        raise error(f"not valid YAML: {exc}", file=source) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date 2025-13-01
        line, token = _bad_date(text)
        if line is not None:
            raise error(f"malformed date ({exc})", file=source, line=line, value=token,
                        allowed="YYYY-MM-DD or YYYY-MM") from None
        raise error(f"not valid YAML: {exc}", file=source,
                    hint="quote values that are not meant as dates or numbers") from None
    return data


_DATE_TOKEN = re.compile(r"(?<![\w-])(\d{4}-\d{1,2}-\d{1,2})(?![\w-])")


def _bad_date(text: str) -> tuple[int | None, str | None]:
    """Line and token of the first date-like scalar that is not a real date (YAML would choke)."""
    for n, raw in enumerate(text.splitlines(), start=1):
        for token in _DATE_TOKEN.findall(raw.split("#", 1)[0]):
            try:
                datetime.date(*map(int, token.split("-")))
            except ValueError:
                return n, token
    return None, None


def load_yaml(path: str | Path, error: type[GuarantorError] = ScenarioError) -> Located:
    """Read and parse a YAML file; missing, unreadable or non-UTF-8 files raise ``error``."""
    return parse_yaml_text(read_text(path, error), str(path), error)


def read_text(path: str | Path, error: type[GuarantorError] = ScenarioError) -> str:
    """The UTF-8 text of a user file; missing, unreadable or non-UTF-8 files raise ``error``."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise error("file not found", file=str(p)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", file=str(p)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"not UTF-8 text (byte {exc.start})", file=str(p), allowed="UTF-8 encoded YAML"
        ) from None
    return text


def _allowed_from(err: Mapping[str, Any]) -> str | None:
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return None
    if "expected" in ctx:
        return str(ctx["expected"])
    for bound, word in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if bound in ctx:
            return f"{word} {ctx[bound]}"
    return None


def format_path(loc: Sequence[str | int]) -> str:
    """Dotted key path with list indices in brackets: ``missions.air_shield.classes[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def validate(
    model: type[M],
    located: Located | Any,
    source: str | None = None,
    error: type[GuarantorError] = ScenarioError,
    context: dict[str, Any] | None = None,
    prefix: Sequence[str | int] = (),
) -> M:
    """Validate ``located`` data against ``model``; the first problem becomes ``error``.

    Unknown keys are rejected by the models (``extra="forbid"``); the message names the key path,
    the line, the bad value and what the model allows.
    """
    if isinstance(located, Located):
        data, source = located.data, source or located.source
    else:
        data, located = located, None
    if data is None:
        raise error("the file is empty", file=source, allowed=f"a mapping for {model.__name__}")
    try:
        return model.model_validate(_plain(data), context=context)
    except ValidationError as exc:
        first = _most_relevant(exc.errors(include_url=False))
        loc = [p for p in first["loc"] if not _is_branch_tag(p)]
        line = located.line_of(list(prefix) + loc) if located else None
        kind = first.get("type", "")
        msg = first.get("msg", "invalid value")
        if kind == "extra_forbidden":
            fields = model_fields_at(model, loc[:-1])
            msg = f"unknown key {loc[-1]!r}" if loc else "unknown key"
            allowed = ", ".join(sorted(fields)) if fields else None
            value = None
        else:
            allowed = _allowed_from(first)
            value = first.get("input") if kind != "missing" else None
            if isinstance(value, Mapping | list):
                value = None
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
        raise error(
            msg,
            file=source,
            line=line,
            key=format_path(list(prefix) + loc) or None,
            value=value,
            allowed=allowed,
        ) from None


#: Segments pydantic adds to an error location for union branches; not part of the key path.
_BRANCH_TAGS = frozenset(
    {"float", "int", "str", "bool", "triangular", "uniform", "normal",
     "lognormal", "beta", "discrete"}
)


def _is_branch_tag(part: str | int) -> bool:
    return isinstance(part, str) and (
        part in _BRANCH_TAGS or part.startswith("function-") or "[" in part
    )


def _most_relevant(errors: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """Among a union's failed branches, prefer the one the user evidently meant.

    A mapping given where ``float | Distribution`` is allowed fails both branches; the
    distribution's own complaint (e.g. "low above high") is the useful one, not "not a number".
    """
    def score(err: Mapping[str, Any]) -> tuple[int, int]:
        loc = err.get("loc", ())
        scalar_branch = any(p in ("float", "int", "str", "bool") for p in loc)
        return (1 if scalar_branch else 0, -len(loc))

    return sorted(errors, key=score)[0] if errors else {"loc": (), "msg": "invalid value"}


def model_fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Best-effort list of the field names allowed at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_of(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_of(annotation: Any) -> Any:
    """Find a BaseModel class inside an annotation such as ``list[X] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None
