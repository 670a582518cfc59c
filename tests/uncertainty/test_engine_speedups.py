"""The engine changes made for Monte Carlo speed give the same numbers as before.

``capped_proportional`` and ``whole_units`` (engine/allocate.py) were rewritten to skip settled
problems and to search the level without sorting; ``air_capacity`` and ``annual_costs`` avoid
(D, C, K) temporaries; ``compute(..., years=False)`` keeps one year; Monte Carlo drops
non-participants' columns. Each is checked here against the reference it replaced (kept below,
verbatim in substance) on random problems with zero weights, NaN caps and infeasible rows.
"""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.engine.allocate import capped_proportional, whole_units
from guarantor.engine.compute import compute
from guarantor.engine.inputs import build_inputs
from guarantor.scenario import load_scenario
from guarantor.uncertainty.montecarlo import Loaded, extract, participants_only
from guarantor.uncertainty.sampling import Sampler, uncertain_inputs


def ref_capped_proportional(requirement, weights, caps):
    """The sort-based level search the engine used before (exact, slower)."""
    req = np.clip(np.nan_to_num(np.asarray(requirement, dtype=float)), 0, None)
    w = np.clip(np.nan_to_num(np.asarray(weights, dtype=float)), 0, None)
    cap = np.clip(np.nan_to_num(np.asarray(caps, dtype=float)), 0, None)
    w, cap = np.broadcast_arrays(w, cap)
    cap = np.where(w > 0, cap, 0.0)
    req = np.broadcast_to(req, cap.shape[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        brk = np.where(w > 0, cap / w, np.inf)
    order = np.argsort(brk, axis=-1, kind="stable")
    brk_s = np.take_along_axis(brk, order, -1)
    cap_s = np.take_along_axis(cap, order, -1)
    w_s = np.take_along_axis(w, order, -1)
    cap_before = np.cumsum(cap_s, axis=-1) - cap_s
    w_tail = np.flip(np.cumsum(np.flip(w_s, -1), -1), -1)
    with np.errstate(invalid="ignore"):
        filled = cap_before + np.where(np.isfinite(brk_s), brk_s * w_tail,
                                       np.where(w_tail > 0, np.inf, 0.0))
    reached = filled >= req[..., None]
    j = np.argmax(reached, axis=-1)
    any_reached = reached.any(axis=-1)
    cb = np.take_along_axis(cap_before, j[..., None], -1)[..., 0]
    wt = np.take_along_axis(w_tail, j[..., None], -1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(wt > 0, (req - cb) / wt, 0.0)
    lam = np.where(any_reached, np.clip(lam, 0, None), np.inf)
    with np.errstate(invalid="ignore"):
        alloc = np.minimum(lam[..., None] * w, cap)
    return np.where(np.isfinite(alloc), alloc, cap)


def ref_whole_units(alloc, caps):
    """The argsort-based largest-remainder rounding the engine used before."""
    cap = np.floor(np.nan_to_num(caps) + 1e-9)
    a = np.minimum(np.clip(alloc, 0, None), cap)
    base = np.floor(a + 1e-9)
    target = np.minimum(np.round(a.sum(-1)), cap.sum(-1))
    missing = (target - base.sum(-1)).astype(np.int64)
    frac = np.where(base + 1 <= cap, a - base, -1.0)
    order = np.argsort(-frac, axis=-1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(a.shape[-1]), order.shape), -1)
    bump = (rank < missing[..., None]) & (frac >= 0)
    return base + bump


@pytest.mark.parametrize("seed", range(6))
def test_allocation_equals_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    D, K, C = 400, 3, 9
    w = rng.random((D, K, C)) * (rng.random((D, K, C)) > 0.3)
    cap = np.floor(rng.random((D, K, C)) * rng.choice([1, 20, 1000], size=(D, K, 1)))
    cap[rng.random((D, K, C)) < 0.1] = np.nan
    req = rng.random((D, K)) * rng.choice([0, 10, 100, 5000], size=(D, K))
    a, b = ref_capped_proportional(req, w, cap), capped_proportional(req, w, cap)
    np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(whole_units(a, cap), ref_whole_units(a, cap))
    # ties in the fractional parts go to the first country, as before
    tie = np.array([[0.5, 0.5, 0.5, 0.5], [1.25, 1.25, 0.25, 0.25]])
    np.testing.assert_array_equal(whole_units(tie, np.full(4, 9.0)),
                                  ref_whole_units(tie, np.full(4, 9.0)))
    # one problem without leading axes
    np.testing.assert_allclose(
        capped_proportional(np.array(90.0), np.ones(3), np.array([10.0, 50, 50])), [10, 40, 40])


@pytest.mark.parametrize("name", ["feb2025", "aug2025"])
def test_lean_paths_change_no_figure(name: str) -> None:
    ld = Loaded.bundled()
    sc = load_scenario(name)
    d = Sampler(1).stream(uncertain_inputs(sc, ld.params, 0.4)).next(300)
    inp = build_inputs(sc, data=ld.data, params=ld.params, inventory=ld.inventory,
                       postures=ld.postures, draws=d, n_draws=300)
    full = compute(inp)
    lean = compute(inp, years=False)
    np.testing.assert_allclose(lean.cost_gdp_share[:, :, 0], full.cost_gdp_share[:, :, 0],
                               rtol=1e-12)
    assert lean.gdp.shape[-1] == 1
    a = extract(sc, inp, full)
    small = participants_only(inp)
    assert len(small.codes) == int(inp.participants.sum())
    b = extract(sc, small, compute(small, years=False))
    for k in a[0]:
        np.testing.assert_allclose(np.asarray(b[0][k], float), np.asarray(a[0][k], float),
                                   rtol=1e-12)
    for k in a[1]:
        np.testing.assert_allclose(np.asarray(b[1][k], float), np.asarray(a[1][k], float),
                                   rtol=1e-12)
