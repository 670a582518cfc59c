"""The compiled allocation kernel (engine/kernels.py) against the NumPy reference path.

The kernel adds a row's numbers left to right, NumPy pairwise; so continuous shares may differ in
the last bits (compared at rtol 1e-12), while whole units, which the rounding guards by 1e-9,
must be identical. On the bundled scenarios' Monte Carlo draws every output is compared.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from guarantor.engine import allocate
from guarantor.engine.allocate import split
from guarantor.engine.compute import compute
from guarantor.engine.inputs import build_inputs
from guarantor.scenario import load_scenario
from guarantor.uncertainty.montecarlo import Loaded
from guarantor.uncertainty.sampling import Sampler, uncertain_inputs


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_three_country_known_answers(kernel: str) -> None:
    w = np.array([[1.0, 1.0, 1.0], [3.0, 2.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    caps = np.array([[10.0, 50, 50], [100, 100, 100], [5, 50, 50], [1, 1, 1]])
    req = np.array([90.0, 60.0, 30.0, 5.0])
    got = split(req, w, caps, kernel=kernel)
    # capped at 10, the rest 40/40; 30/20/10 by weight; the zero weight gives nothing, the first
    # capped at 5, the third 25; the caps cannot cover 5: everyone gives its cap
    assert got.tolist() == [[10, 40, 40], [30, 20, 10], [5, 0, 25], [1, 1, 1]]
    # whole units: 100 shared 1:1:1 is 33.33 each, the extra unit to the first country (tie)
    assert split(np.array([100.0]), np.ones((1, 3)), np.full((1, 3), 90.0),
                 kernel=kernel).tolist() == [[34, 33, 33]]
    money = split(np.array([100.0]), np.array([[2.0, 1.0, 1.0]]), np.full((1, 3), 1e30),
                  whole=False, kernel=kernel)
    assert money.tolist() == [[50.0, 25.0, 25.0]]


def _random_problems(rng: np.random.Generator, m: int, n: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = rng.integers(0, 4, (m, n)).astype(float)  # small integers: many exact ties
    w[rng.random((m, n)) < 0.05] = np.nan
    caps = np.floor(rng.random((m, n)) * 40)
    caps[rng.random((m, n)) < 0.05] = np.nan
    req = np.round(rng.random(m) * 25 * n, 1)
    req[rng.random(m) < 0.05] = 0.0
    req[rng.random(m) < 0.02] = np.nan
    return req, w, caps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_problems_agree(seed: int) -> None:
    req, w, caps = _random_problems(np.random.default_rng(seed), 5000, 7)
    ref = split(req, w, caps, kernel="numpy")
    fast = split(req, w, caps, kernel="compiled")
    assert np.array_equal(ref, fast)
    cont_ref = split(req, w, caps, whole=False, kernel="numpy")
    cont = split(req, w, caps, whole=False, kernel="compiled")
    np.testing.assert_allclose(cont, cont_ref, rtol=1e-12, atol=1e-9)
    assert ref.sum() > 0 and np.all(ref == np.floor(ref))


def test_three_dimensional_problems_and_views() -> None:
    rng = np.random.default_rng(4)
    req, w, caps = _random_problems(rng, 3000, 5)
    req3, w3, caps3 = req.reshape(1000, 3), w.reshape(1000, 3, 5), caps.reshape(1000, 3, 5)
    out = np.empty((1000, 5, 3))
    split(req3, w3, caps3, out=np.moveaxis(out, 1, 2), kernel="compiled")
    assert np.array_equal(np.moveaxis(out, 2, 1), split(req3, w3, caps3, kernel="numpy"))


@pytest.mark.parametrize("name", ["aug2025", "feb2025"])
def test_monte_carlo_draws_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ld = Loaded.bundled()
    sc = load_scenario(name)
    specs = uncertain_inputs(sc, ld.params, 0.3, inventory=ld.inventory)
    n = 3000
    inp = build_inputs(sc, data=ld.data, params=ld.params, inventory=ld.inventory,
                       postures=ld.postures, draws=Sampler(7).stream(specs).next(n), n_draws=n)
    monkeypatch.setattr(allocate, "COMPILED_FROM", 10**12)
    ref = compute(inp)
    monkeypatch.setattr(allocate, "COMPILED_FROM", 1)
    fast = compute(inp)
    assert ref.troops.sum() > 0 and (ref.air.sum() > 0 or name == "feb2025")  # no air shield
    for f in dataclasses.fields(ref):
        a, b = getattr(ref, f.name), getattr(fast, f.name)
        if not isinstance(a, np.ndarray):
            continue
        if f.name in ("aid", "cost_aid", "cost_total", "cost_gdp_share", "cost_milex_share"):
            np.testing.assert_allclose(b, a, rtol=1e-12, err_msg=f.name)  # money: float sums
        else:
            assert np.array_equal(a, b, equal_nan=True), f.name
