"""ruamel's round-trip YAML parser with the project's limits, imported only when YAML is parsed.

:mod:`guarantor.yamlio` parses every YAML file through :func:`load_limited`: duplicate keys,
nesting deeper than :data:`MAX_YAML_DEPTH`, alias bombs and impossible dates become one located
error. It lives apart so that importing ``yamlio`` (every data and scenario module does) does
not import ruamel.yaml: a warm plain run reads its data and its scenario from the compiled
cache and parses no YAML.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import __version__ as RUAMEL_VERSION
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scanner import RoundTripScanner

from guarantor.errors import GuarantorError

__all__ = ["MAX_ALIAS_NODES", "MAX_YAML_ALIASES", "MAX_YAML_DEPTH", "RUAMEL_VERSION",
           "load_limited"]

#: Deepest nesting of mappings and lists accepted in a YAML document (scenarios need about 6);
#: a guard against documents that would exhaust Python's recursion limit.
MAX_YAML_DEPTH = 64

#: Most aliases (``*name``) in one document, and most nodes all aliases together may stand for:
#: a guard against "billion laughs" alias bombs, whose expansion grows exponentially.
MAX_YAML_ALIASES = 1_000
MAX_ALIAS_NODES = 100_000

class _AliasLimit(MarkedYAMLError):
    """An alias bomb or a self-referring alias (a MarkedYAMLError, so it carries the line)."""


class _LimitedScanner(RoundTripScanner):
    """ruamel's scanner, refusing flow collections (``[[[...``) nested deeper than the limit.

    The scanner reads ahead of the composer and its cost grows with the nesting level for each
    token, so a deeply nested flow document must be stopped here, before the composer sees it.
    """

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        if len(self.flow_context) >= MAX_YAML_DEPTH:
            raise MaxDepthExceededError(
                problem=f"more than {MAX_YAML_DEPTH} nested levels",
                problem_mark=self.reader.get_mark())
        super().fetch_flow_collection_start(TokenClass, to_push)


class _LimitedComposer(Composer):
    """ruamel's composer, refusing alias bombs and aliases that refer to their own anchor.

    Each alias costs the size of the node it repeats (nodes counted with repetitions), so a
    few legitimate aliases are fine while an exponential expansion stops after a few events.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._aliases = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}
        self._open: set[str] = set()

    def _size(self, node: Any) -> int:
        key = id(node)
        if key not in self._sizes:
            value = node.value
            if isinstance(value, list):
                total = 1
                for item in value:
                    for child in item if isinstance(item, tuple) else (item,):
                        total += self._size(child)
                        if total > MAX_ALIAS_NODES:
                            break
                self._sizes[key] = total
            else:
                self._sizes[key] = 1
        return self._sizes[key]

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            name = event.anchor
            if name in self._open:
                raise _AliasLimit(problem=f"alias *{name} refers to its own anchor",
                                      problem_mark=event.start_mark)
            self._aliases += 1
            if name in self.anchors:
                self._alias_nodes += self._size(self.anchors[name])
            if self._aliases > MAX_YAML_ALIASES or self._alias_nodes > MAX_ALIAS_NODES:
                raise _AliasLimit(
                    problem=f"too many aliases (more than {MAX_YAML_ALIASES} aliases or "
                    f"{MAX_ALIAS_NODES:,} repeated nodes; an alias bomb?)",
                    problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        anchor = self.parser.peek_event().anchor
        if anchor is not None:
            self._open.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open.discard(anchor)

def _new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.max_depth = MAX_YAML_DEPTH
    yaml.Composer = _LimitedComposer
    yaml.Scanner = _LimitedScanner
    return yaml

def load_limited(text: str, source: str, error: type[GuarantorError],
                  key: str | None = None) -> Any:
    """Parse ``text`` with depth and alias limits; every failure becomes ``error``."""
    yaml = _new_yaml()
    try:
        data = yaml.load(io.StringIO(text))
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(
            "duplicate key",
            file=source,
            key=key,
            line=line,
            value=str(exc.problem).split('"')[1] if '"' in str(exc.problem) else None,
            allowed="each key once per mapping",
        ) from None
    except _AliasLimit as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(str(exc.problem), file=source, key=key, line=line,
                    hint="write the values out instead of repeating them with aliases") from None
    except MaxDepthExceededError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error("nested too deeply", file=source, key=key, line=line,
                    allowed=f"at most {MAX_YAML_DEPTH} levels of mappings and lists") from None
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(
            f"not valid YAML: {exc.problem}",
            file=source,
            key=key,
            line=line,
            hint="check indentation and quoting",
        ) from None
    except YAMLError as exc:
        raise error(f"not valid YAML: {str(exc).splitlines()[0]}", file=source, key=key) from None
    except RecursionError:
        raise error("nested too deeply", file=source, key=key,
                    allowed=f"at most {MAX_YAML_DEPTH} levels") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date 2025-13-01
        line, token = _bad_date(text)
        if line is not None:
            raise error(f"malformed date ({exc})", file=source, line=line, value=token,
                        allowed="YYYY-MM-DD or YYYY-MM") from None
        raise error(f"not valid YAML: {exc}", file=source, key=key,
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

