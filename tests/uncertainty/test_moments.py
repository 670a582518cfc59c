"""Chunk moments: the compiled reduction equals the NumPy reference exactly (same order of
additions), on columns with NaN, infinities, constants and no finite value at all."""

from __future__ import annotations

import numpy as np

from guarantor.uncertainty import moments
from guarantor.uncertainty.moments import chunk_moments, chunk_moments_numpy


def test_hand_worked_column() -> None:
    x = np.array([[1.0, 5.0], [2.0, np.nan], [6.0, np.inf]])
    cnt, mean, m2, lo, hi = chunk_moments_numpy(x)
    # 1, 2, 6: mean 3, squared deviations 4 + 1 + 9 = 14; the second column: 5 alone
    assert cnt.tolist() == [3, 1] and mean.tolist() == [3.0, 5.0] and m2.tolist() == [14.0, 0.0]
    assert lo.tolist() == [1.0, 5.0] and hi.tolist() == [6.0, 5.0]


def test_compiled_equals_reference_bit_for_bit(monkeypatch) -> None:
    rng = np.random.default_rng(5)
    x = rng.lognormal(20.0, 2.0, (20_000, 9))
    x[rng.random(x.shape) < 0.03] = np.nan
    x[rng.random(x.shape) < 0.01] = -np.inf
    x[:, 3] = 7.0                       # constant
    x[:, 4] = np.nan                    # nothing finite
    x[:, 5] = rng.random(20_000) < 0.3  # a 0/1 column (probabilities)
    monkeypatch.setattr(moments, "COMPILED_FROM", 0)
    fast = chunk_moments(x)
    ref = chunk_moments_numpy(x)
    for a, b in zip(fast, ref, strict=True):
        assert np.array_equal(a, b, equal_nan=True)


def test_load_compiles_the_types_chunk_moments_passes() -> None:
    """load() makes numba's first call (compile or cache load) itself, with the argument types
    chunk_moments uses, so worker processes forked after it inherit the compiled code."""
    assert moments.load()
    before = list(moments._kernel().signatures)
    assert len(before) >= 1
    x = np.random.default_rng(0).random((moments.COMPILED_FROM // 4 + 1, 4))
    cnt, mean, m2, lo, hi = moments.chunk_moments(x)
    assert cnt.tolist() == [len(x)] * 4
    assert list(moments._kernel().signatures) == before  # nothing compiled at the first chunk
