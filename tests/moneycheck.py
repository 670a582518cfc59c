"""Find money figures that do not say their price basis (issue 15: "the report states the price
base of every money figure"), in each shell's own markup.

A money figure is what :mod:`guarantor.format` marks as one, never a guess at the text:

* HTML (report): an element of class ``money`` with a ``data-basis`` (``format.money_html``);
  its basis is *said* when the figure's own text, its column heading, its table row (a unit
  cell) or its paragraph / list item carries the basis label (``format.basis_label``). Any
  other visible "€" must carry the label itself (a heading, a caption).
* Terminal (CLI): the "€" sign that ``format.money3`` writes; said when its line carries the
  label, or it sits in a table column whose heading does.
* JSON (web): a string with "€" (``format.amount`` / ``money3``); said when the string carries
  the label or an enclosing object names a valid ``money_basis``.
* Chart specs (report and web): every title, axis and tooltip text with "€" carries the label,
  and no "EUR" without its basis (``EUR_2024``) remains.

Each function returns a list of problems (empty = every money figure says its basis).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from guarantor.format import MONEY_CLASS, basis_label

#: A basis as a data-basis attribute or a money_basis value.
BASIS = re.compile(r"^(EUR|USD)_(\d{4}|current)$")
#: The label words any basis prints as ('2024 prices', 'current prices').
LABEL = re.compile(r"\b(\d{4}|current) prices\b")
#: "EUR" as a unit word without its basis ("EUR bn/yr"); EUR_2024 and EUR_current are fine.
BARE_EUR = re.compile(r"\bEUR\b(?!_)")


def _label_of(basis: str) -> str:
    return basis_label(basis)


# --------------------------------------------------------------------------- HTML

def html_problems(page: str) -> list[str]:
    """Money in an HTML page without its basis nearby (see the module docstring)."""
    import lxml.html

    root = lxml.html.fromstring(page)
    problems: list[str] = []
    money = root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), '
                       f'" {MONEY_CLASS} ")]')
    for el in money:
        basis = el.get("data-basis", "")
        if not BASIS.match(basis):
            problems.append(f"money without a valid data-basis: {el.text_content()!r}")
            continue
        if not _said_near(el, _label_of(basis)):
            problems.append(f"{el.text_content()!r} ({basis}): no '{_label_of(basis)}' in its "
                            f"text, column heading, row or paragraph: "
                            f"{_context(el)[:160]!r}")
    for text, holder in _visible_texts(root):
        if "€" not in text:
            continue
        if _inside_money(holder):
            continue
        block = _block(holder)
        if not LABEL.search(block.text_content() if block is not None else text):
            problems.append(f"'€' outside the money markup with no basis: {text.strip()[:120]!r}")
    for spec in root.xpath('//script[@id="guarantor-specs"]'):
        problems += spec_problems(json.loads(spec.text or "{}"))
    return problems


def _visible_texts(root: Any) -> Iterator[tuple[str, Any]]:
    """(text, the element it belongs to) for every text node outside script and style."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "head"):
            continue
        if el.text and not _in_tag(el, ("script", "style")):
            yield el.text, el
        parent = el.getparent()
        if el.tail and parent is not None and not _in_tag(parent, ("script", "style")):
            yield el.tail, parent


def _in_tag(el: Any, tags: tuple[str, ...]) -> bool:
    while el is not None:
        if el.tag in tags:
            return True
        el = el.getparent()
    return False


def _inside_money(el: Any) -> bool:
    while el is not None:
        if MONEY_CLASS in (el.get("class") or "").split():
            return True
        el = el.getparent()
    return False


def _block(el: Any) -> Any:
    """The nearest table cell, paragraph, list item, heading or caption holding ``el``."""
    while el is not None and el.tag not in ("td", "th", "p", "li", "h1", "h2", "h3", "h4",
                                            "caption", "figcaption", "summary", "blockquote"):
        el = el.getparent()
    return el


def _context(el: Any) -> str:
    b = _block(el)
    return " ".join((b if b is not None else el).text_content().split())


def _said_near(el: Any, label: str) -> bool:
    """The label in the figure's text, or its cell's column heading, or its row, or its
    paragraph / list item."""
    if label in el.text_content():
        return True
    block = _block(el)
    if block is None:
        return False
    if block.tag != "td":
        return label in block.text_content()
    row = block.getparent()
    if label in row.text_content():  # a unit cell in the same row
        return True
    table = row
    while table is not None and table.tag != "table":
        table = table.getparent()
    if table is None:
        return False
    col = [c for c in row if c.tag in ("td", "th")].index(block)
    for head in table.xpath("./thead/tr | ./tr[th]"):
        cells = [c for c in head if c.tag in ("td", "th")]
        if col < len(cells) and label in cells[col].text_content():
            return True
    return False


# --------------------------------------------------------------------------- charts

def spec_problems(specs: Any, where: str = "chart") -> list[str]:
    """Chart text with "€" but no basis label, or "EUR" without its basis; data values (the
    ``datasets`` / ``data.values`` records) are numbers and codes, not text a reader sees."""
    problems: list[str] = []
    for path, text in _strings(specs, where, skip=("datasets", "values")):
        if "€" in text and not LABEL.search(text):
            problems.append(f"{path}: money text without its basis: {text!r}")
        if BARE_EUR.search(text):
            problems.append(f"{path}: 'EUR' without its basis: {text!r}")
    return problems


def _strings(node: Any, path: str, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in skip:
                continue
            yield from _strings(v, f"{path}.{k}", skip)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]", skip)
    elif isinstance(node, str):
        yield path, node


# --------------------------------------------------------------------------- JSON (web)

def json_problems(payload: Any, where: str = "$") -> list[str]:
    """Money text in a JSON answer without its basis (the string's own label, or an enclosing
    object's valid ``money_basis``); chart specs under ``charts`` are checked as charts."""
    problems: list[str] = []

    def walk(node: Any, path: str, basis: str | None) -> None:
        if isinstance(node, dict):
            b = node.get("money_basis")
            if isinstance(b, str):
                if not BASIS.match(b):
                    problems.append(f"{path}.money_basis: not a basis: {b!r}")
                else:
                    basis = b
            for k, v in node.items():
                if k == "charts" and isinstance(v, dict):
                    problems.extend(spec_problems(v, f"{path}.charts"))
                    continue
                walk(v, f"{path}.{k}", basis)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]", basis)
        elif isinstance(node, str) and "€" in node and not LABEL.search(node) and basis is None:
            problems.append(f"{path}: money text with no basis in it or around it: {node!r}")

    walk(payload, where, None)
    return problems


# --------------------------------------------------------------------------- terminal

HEAVY_HEAD = "┃"
CELL = "│"


def terminal_problems(text: str) -> list[str]:
    """Money on a terminal page without its basis on its line or in its column's heading."""
    problems: list[str] = []
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if "€" not in line or LABEL.search(line):
            continue
        heads = _column_heads(lines, n)
        bad = [i for i in _euro_positions(line)
               if not LABEL.search(_head_at(heads, line, i))]
        if bad:
            problems.append(f"line {n + 1}: money with no basis on the line or in its column "
                            f"heading: {line.strip()[:160]!r}")
    return problems


def _euro_positions(line: str) -> list[int]:
    return [i for i, ch in enumerate(line) if ch == "€"]


def _column_heads(lines: list[str], n: int) -> list[str]:
    """The header lines of the table that line ``n`` belongs to ([] if none): in a heavy-head
    table (rows between │) the ┃ lines above; in a simple-head table (no │) the line above
    the rule of ─ that the rows follow without a blank line."""
    if CELL in lines[n]:
        for k in range(n - 1, -1, -1):
            if HEAVY_HEAD in lines[k]:
                j = k
                while j > 0 and HEAVY_HEAD in lines[j - 1]:
                    j -= 1
                return lines[j:k + 1]
        return []
    for k in range(n - 1, 0, -1):
        s = lines[k].strip()
        if not s:
            return []
        if set(s) <= {"─", " "}:
            return [lines[k - 1]]
    return []


def _head_at(heads: list[str], line: str, i: int) -> str:
    """The heading text of the column holding character ``i`` of ``line``."""
    out = []
    for head in heads:
        if HEAVY_HEAD in head:
            col = line[:i].count(CELL)
            cells = head.split(HEAVY_HEAD)
            out.append(cells[col] if col < len(cells) else "")
        else:  # simple head: the heading (words one space apart) spanning the column
            out += [m.group() for m in re.finditer(r"\S+(?: \S+)*", head)
                    if m.start() <= i < m.end()]
    return " ".join(out)
