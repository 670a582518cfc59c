"""YAML in, frozen typed objects out — with errors that point at the file, line and key.

Every YAML file the project reads (scenarios, parameters, capabilities, ledger, grids, answer
keys) goes through :func:`load_yaml` and :func:`validate`, so duplicate keys, unknown keys, wrong
types and out-of-range values are all reported the same way: file, line, dotted key path, the bad
value and what is allowed.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from guarantor.cache import cached, content_key
from guarantor.errors import GuarantorError, ScenarioError

M = TypeVar("M", bound=BaseModel)

#: Upper bound on a YAML document read from a user (bytes); a guard for the web upload too.
MAX_YAML_BYTES = 2_000_000

# The parser itself (ruamel.yaml, with the depth and alias limits) is guarantor.yamlparse,
# imported by the functions that parse: reading the compiled cache needs no YAML parser.


class Located:
    """A parsed YAML document plus the means to find the line of any key path in it."""

    def __init__(self, data: Any, source: str) -> None:
        self.data = data
        self.source = source

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node of ``path`` that exists, or None."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
    from guarantor.yamlparse import RUAMEL_VERSION, load_limited

    key = content_key("yaml-rt-limited", RUAMEL_VERSION, text)
    return Located(cached(key, lambda: load_limited(text, source, error)), source)


def load_scalar(text: str, error: type[GuarantorError] = ScenarioError,
                key: str | None = None) -> Any:
    """One YAML value given on a command line (``--set path=VALUE``), with the same limits."""
    from guarantor.yamlparse import load_limited

    data = load_limited(text, "--set", error, key=key)
    return _plain(data)


def load_yaml(path: str | Path, error: type[GuarantorError] = ScenarioError) -> Located:
    """Read and parse a YAML file; missing, unreadable or non-UTF-8 files raise ``error``."""
    return parse_yaml_text(read_text(path, error), str(path), error)


def read_bytes(path: str | Path, error: type[GuarantorError] = ScenarioError,
               max_bytes: int = MAX_YAML_BYTES, what: str = "file") -> bytes:
    """The bytes of a user file, read only when it is a regular file of at most ``max_bytes``.

    The file is opened without blocking (a FIFO would otherwise wait for a writer forever) and
    checked with ``fstat`` on the open descriptor, so devices (``/dev/zero``), FIFOs and folders
    are refused before a byte is read, and the size is checked before reading. At most
    ``max_bytes + 1`` bytes are read even if the file grows meanwhile.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{what} not found", file=str(p)) from None
    except IsADirectoryError:
        raise error(f"{what} is a folder", file=str(p), allowed="a regular file") from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", file=str(p)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a folder" if stat.S_ISDIR(st.st_mode) else
                    "a pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
            raise error(f"{what} is {kind}", file=str(p), allowed="a regular file")
        if st.st_size > max_bytes:
            raise error(f"{what} is too large", file=str(p), value=f"{st.st_size:,} bytes",
                        allowed=f"at most {max_bytes:,} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise error(f"{what} is too large", file=str(p), allowed=f"at most {max_bytes:,} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", file=str(p)) from None
    finally:
        os.close(fd)


def read_text(path: str | Path, error: type[GuarantorError] = ScenarioError,
              max_bytes: int = MAX_YAML_BYTES) -> str:
    """The UTF-8 text of a user file (see :func:`read_bytes` for the checks before reading)."""
    p = Path(path)
    raw = read_bytes(p, error, max_bytes)
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
    """Validate ``located`` data against ``model``; every problem is reported at once.

    Unknown keys are rejected by the models (``extra="forbid"``); each message names the key
    path, the line, the bad value and what the model allows. Numbers that are not finite
    (``.nan``, ``.inf``) are refused anywhere in the document before the model sees it, so every
    loader gets the check. The raised ``error`` carries the first problem in its fields and the
    others in ``problems`` (one line each when printed).
    """
    if isinstance(located, Located):
        data, source = located.data, source or located.source
    else:
        data, located = located, None
    if data is None:
        raise error("the file is empty", file=source, allowed=f"a mapping for {model.__name__}")
    plain = _plain(data)
    found = [_problem(error, _why_not_plain(value)[0], source, located, list(prefix) + loc,
                      value if isinstance(value, float) else str(value), _why_not_plain(value)[1])
             for loc, value in non_finite(plain)]
    try:
        result = model.model_validate(plain, context=context)
    except ValidationError as exc:
        seen = {p.key for p in found}
        for err in relevant_errors(exc.errors(include_url=False)):
            problem = _from_pydantic(model, err, error, source, located, prefix)
            if problem.key not in seen:
                found.append(problem)
    if found:
        raise combine(found)
    return result


def _why_not_plain(value: Any) -> tuple[str, str]:
    if isinstance(value, float):
        return "not a finite number", "a finite number (not .nan, .inf or -.inf)"
    return "unsupported YAML tag", "plain YAML values (no !tags)"


def non_finite(node: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[list[str | int], Any]]:
    """Key paths and values of every NaN or infinite float in plain data (dicts and lists).

    Values of an explicit YAML tag that is not a plain type (``!!python/object``) are listed
    too: they are never accepted.
    """
    from ruamel.yaml.comments import TaggedScalar

    out: list[tuple[list[str | int], Any]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [(loc, node)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            out.append((list(here), item))
        elif isinstance(item, TaggedScalar):
            out.append((list(here), item.value))
        elif isinstance(item, Mapping):
            stack.extend((here + (str(k),), v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list | tuple):
            stack.extend((here + (i,), v) for i, v in reversed(list(enumerate(item))))
    return out


def combine(found: Sequence[GuarantorError]) -> GuarantorError:
    """One error carrying several: the first's fields, the rest in ``problems``."""
    first = found[0]
    first.problems = tuple(found[1:])
    return first


def _problem(error: type[GuarantorError], msg: str, source: str | None, located: Located | None,
             loc: list[str | int], value: Any, allowed: str | None) -> GuarantorError:
    return error(msg, file=source, line=located.line_of(loc) if located else None,
                 key=format_path(loc) or None, value=value, allowed=allowed)


def _from_pydantic(model: type[BaseModel], err: Mapping[str, Any],
                   error: type[GuarantorError], source: str | None, located: Located | None,
                   prefix: Sequence[str | int]) -> GuarantorError:
    """A pydantic error entry as a located ``error``."""
    loc = [p for p in err["loc"] if not _is_branch_tag(p)]
    line = located.line_of(list(prefix) + loc) if located else None
    kind = err.get("type", "")
    msg = err.get("msg", "invalid value")
    if kind == "extra_forbidden":
        fields = model_fields_at(model, loc[:-1])
        msg = f"unknown key {loc[-1]!r}" if loc else "unknown key"
        allowed = ", ".join(sorted(fields)) if fields else None
        value = None
    else:
        allowed = _allowed_from(err)
        value = err.get("input") if kind != "missing" else None
        if isinstance(value, Mapping | list):
            value = None
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
    return error(msg, file=source, line=line, key=format_path(list(prefix) + loc) or None,
                 value=value, allowed=allowed)


def relevant_errors(errors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One error per place: among a union's failed branches, the one the user evidently meant.

    Errors are grouped by the key path up to the first union-branch tag; each group gives its
    most relevant error (:func:`_most_relevant`). A group whose path is a prefix of another's
    (``entries`` too short because ``entries[0]`` failed) is a consequence and is left out.
    Order of first appearance is kept.
    """
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        cut = next((i for i, p in enumerate(loc) if _is_branch_tag(p)), len(loc))
        groups.setdefault(loc[:cut], []).append(err)
    # a complaint about a container whose own item already failed is a consequence: drop it
    keep = [k for k in groups if not any(len(o) > len(k) and o[: len(k)] == k for o in groups)]
    return [_most_relevant(groups[k]) for k in keep] or [{"loc": (), "msg": "invalid value"}]


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
