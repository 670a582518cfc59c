"""Every money figure the CLI prints says its price basis (issue 15): the demo's scenarios
(``run`` tables and ``compare``), ``apportion``, ``coalitions``, ``montecarlo`` and
``politics search``; a money figure is the "€" of ``format.money3``, its basis is on its line
or in its column's heading (``format.money_heading``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moneycheck import terminal_problems
from typer.testing import CliRunner

from guarantor.cli import app
from guarantor.cli.console import console


@pytest.fixture
def wide() -> Iterator[None]:
    """A console wide enough that no line wraps, so each row is one line."""
    width = console.width
    console.width = 1000
    yield
    console.width = width


def test_every_money_figure_of_the_demo_scenarios_says_its_basis(wide: None) -> None:
    from guarantor.cli.run_cmd import print_compare, print_result
    from guarantor.data.dataset import load_dataset
    from guarantor.engine import evaluate
    from guarantor.scenario import bundled_scenarios, load_scenario

    demo = list(bundled_scenarios())  # what `guarantor demo` prints (cli.demo_cmd)
    assert {"feb2025", "aug2025", "baseline_2024"} <= set(demo)
    data = load_dataset()
    results = [evaluate(load_scenario(n), data) for n in demo]
    with console.capture() as cap:
        for r in results:
            print_result(r, top=5)
        print_compare(results)
    out = cap.get()
    assert out.count("€") > 100
    assert terminal_problems(out) == []
    assert "Total annual cost €42.3 bn (2024 prices)" in out  # aug2025, 3 s.f., AEW&C costed


@pytest.mark.parametrize("args", [
    ["apportion", "aug2025"],
    ["coalition", "aug2025", "--top", "2"],
    ["montecarlo", "aug2025", "--draws", "200"],
    ["search", "aug2025", "--vary", "us_posture=none,enablers"],
])
def test_every_money_figure_of_a_command_says_its_basis(wide: None, args: list[str]) -> None:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "€" in res.output
    assert terminal_problems(res.output) == []


def test_the_checker_catches_a_figure_without_its_basis() -> None:
    head = "┃ country ┃ cost €bn ┃\n┡━━━━━━━━━╇━━━━━━━━━━┩\n│ France  │ €4.43 bn │\n"
    assert terminal_problems(head)
    assert terminal_problems(head.replace("cost €bn", "cost, € (2024 prices)")) == []
    assert terminal_problems("Total annual cost €41.8 bn = 0.13% of GDP")
    assert terminal_problems("Total annual cost €41.8 bn (2024 prices)") == []
