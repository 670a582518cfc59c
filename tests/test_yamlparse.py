"""The limited YAML parser: imported only when YAML is parsed, same documents and errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from guarantor.errors import ScenarioError
from guarantor.yamlio import Located, load_scalar, parse_yaml_text
from guarantor.yamlparse import MAX_YAML_DEPTH, load_limited


def test_importing_yamlio_does_not_import_the_parser() -> None:
    code = ("import sys, guarantor.yamlio, guarantor.scenario, guarantor.data.params\n"
            "print(sorted(m for m in sys.modules\n"
            "             if m.startswith(('ruamel', 'guarantor.yamlparse'))))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       timeout=120)
    assert p.stdout.strip() == "[]"


def test_a_parsed_document_keeps_its_lines() -> None:
    located = parse_yaml_text("a:\n  b: 1\n  c: [1, 2]\n", "t.yaml")
    assert isinstance(located, Located)
    assert located.line_of(["a", "c"]) == 3 and located.line_of(["a", "b"]) == 2
    assert load_scalar("[1, 2.5]") == [1, 2.5]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("a: 1\na: 2\n", "duplicate key", 2),
    ("a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n", "nested too deeply",
     1),
    ("x: &a [1]\ny: *a\nz: &b [*b]\n", "refers to its own anchor", 3),
    ("d: 2025-13-01\n", "malformed date", 1),
])
def test_each_limit_is_one_located_error(text: str, message: str, line: int) -> None:
    with pytest.raises(ScenarioError, match=message) as err:
        load_limited(text, "t.yaml", ScenarioError)
    assert err.value.file == "t.yaml" and err.value.line == line
