"""The logistic the learned readers share (boilerplate lines, speaker choice)."""

from __future__ import annotations

import math

from guarantor.ingest.linear_model import logistic


def test_hand_worked_values() -> None:
    # 1 / (1 + e^-2) = 0.880797..., and the function is symmetric: p(z) + p(-z) = 1
    assert math.isclose(logistic(2.0), 0.8807970779778823, rel_tol=1e-15)
    assert math.isclose(logistic(-2.0) + logistic(2.0), 1.0, rel_tol=1e-15)
    assert logistic(0.0) == 0.5


def test_a_very_negative_score_is_zero_not_an_overflow() -> None:
    # math.exp(710.0) overflows; the guard answers 0.0 from -700 down
    assert logistic(-1e6) == 0.0
    assert logistic(-700.0) == 0.0
    assert 0.0 < logistic(-699.0) < 1e-300
    assert logistic(1e6) == 1.0
