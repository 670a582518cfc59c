"""The one formatter: unknown is a state, negative zero never prints."""

from __future__ import annotations

import math

import pytest

from guarantor.format import UNKNOWN, amount, money, number, share


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
