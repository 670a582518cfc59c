"""The one formatter: unknown is a state, negative zero never prints."""

from __future__ import annotations

import math

import pytest

from guarantor.format import (
    UNKNOWN,
    amount,
    basis_label,
    basis_of,
    basis_words,
    money,
    money_heading,
    money_html,
    money_with_basis,
    number,
    share,
    unit_heading,
    unit_words,
)


@pytest.mark.parametrize("x", [None, math.nan, math.inf, "n/a"])
def test_unknown_is_never_zero(x) -> None:
    assert number(x) == money(x) == share(x) == amount(x, "EUR") == UNKNOWN


@pytest.mark.parametrize(("f", "x", "want"), [
    (number, -0.0, "0"), (number, -0.2, "0"), (money, -1.0, "€0.00 bn"), (share, -0.0, "0.00%"),
    (number, -2.0, "-2"), (money, -2e9, "€-2.00 bn"),
])
def test_signs(f, x, want) -> None:
    assert f(x) == want


def test_units() -> None:
    assert amount(1234.4, "persons") == "1,234"
    assert amount(2.5e9, "EUR_current") == "€2.50 bn"
    assert amount(0.25, "share") == "25.00%"


def test_money_says_its_basis_in_one_wording() -> None:
    assert basis_of("EUR_2024 per year") == "EUR_2024" and basis_of("EUR") is None
    assert basis_of("EUR_per_flight_hour") is None  # a unit cost names no basis: its price_year
    assert basis_label("EUR_2024") == "2024 prices" and basis_label("EUR_current") == \
        "current prices"
    assert basis_words("EUR_2024") == "constant 2024 euros"
    assert money_heading("cost a year", "EUR_2024") == "cost a year, € (2024 prices)"
    assert money_heading("GDP", "USD_current", "bn") == "GDP, US$bn (current prices)"
    # three significant figures, the basis beside, unknown stays unknown (no basis on nothing)
    assert money_with_basis(41_811_000_000.0, "EUR_2024", per=" a year") == \
        "€41.8 bn a year (2024 prices)"
    assert money_with_basis(float("nan"), "EUR_2024") == "unknown"
    assert money_html(float("inf"), "EUR_2024", missing="?") == "?"
    assert money_html(-5e9, "EUR_current") == ('<span class="money" data-basis="EUR_current" '
                                               'title="current euros (nominal, each year its '
                                               'own prices)">-€5.00 bn</span>')
    assert unit_words("EUR_2024 per year") == "a year (2024 prices)"
    assert unit_heading("EUR_2024 per year") == "€ a year (2024 prices)"
    assert unit_words("persons") == unit_heading("persons") == "persons"
    for bad in ("EUR", "EUR_24", "GBP_2024", ""):
        with pytest.raises(ValueError, match="unknown money basis"):
            basis_label(bad)
