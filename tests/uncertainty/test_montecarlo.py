"""Monte Carlo's reduction helpers (guarantor.uncertainty.montecarlo); the runs themselves are
tested in test_uncertainty.py and against the reference path in tests/engine/test_fused.py."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.uncertainty.montecarlo import QUANTILES, column_quantiles


def _sample(seed: int) -> np.ndarray:
    """Columns like Monte Carlo's: continuous, whole units with ties, NaN here and there,
    infinities, one column NaN throughout and one constant."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=(5003, 7))
    x[:, 1] = np.floor(x[:, 1] * 3)
    x[rng.random(x.shape) < 0.02] = np.nan
    x[::97, 2] = np.inf
    x[::89, 3] = -np.inf
    x[:, 4] = np.nan
    x[:, 5] = 2.5
    return x


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_column_quantiles_equal_nanquantile(seed: int) -> None:
    x = _sample(seed)
    qs = np.array(QUANTILES)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):  # the all-NaN column
        ref = np.nanquantile(x, qs, axis=0)
    got = column_quantiles(x, qs)
    assert got.shape == (len(qs), x.shape[1])
    np.testing.assert_array_equal(got, ref)  # bit for bit, NaN where nanquantile gives NaN


def test_column_quantiles_of_chosen_columns_only() -> None:
    x = _sample(3)
    qs = np.array([0.5])
    got = column_quantiles(x, qs, [0, 3, 6])
    np.testing.assert_array_equal(got[:, [0, 3, 6]], np.nanquantile(x[:, [0, 3, 6]], qs, axis=0))
    assert np.isnan(got[:, [1, 2, 4, 5]]).all()
    # a column's quantile moves with its values (not a constant)
    assert column_quantiles(x * 1.1, qs, [0])[0, 0] == pytest.approx(got[0, 0] * 1.1, rel=1e-12)


def test_column_quantiles_of_no_draws() -> None:
    assert column_quantiles(np.empty((0, 3)), np.array([0.5])).shape == (1, 3)
    assert np.isnan(column_quantiles(np.empty((0, 3)), np.array([0.5]))).all()


def _blas_counts() -> list[int]:
    from threadpoolctl import threadpool_info

    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


def test_blas_on_one_thread_during_a_run_and_restored_after() -> None:
    """A run puts BLAS on one thread (its processes use the cores) and gives back the count it
    found: 3 here, set around the run so the restore is seen (not the machine's default)."""
    from threadpoolctl import threadpool_limits

    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import run_montecarlo

    assert _blas_counts(), "numpy's BLAS is loaded in this process"
    with threadpool_limits(limits=3, user_api="blas"):
        assert set(_blas_counts()) == {3}
        seen: list[set[int]] = []
        run_montecarlo(load_scenario("feb2025"), 40, seed=1, chunk=20,
                       progress=lambda n: seen.append(set(_blas_counts())))
        assert seen == [{1}, {1}]
        assert set(_blas_counts()) == {3}
