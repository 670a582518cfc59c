"""Monte Carlo throughput: the vectorised engine beside a plain per-draw Python loop.

Measures, in one run:

1. ``run_montecarlo`` on the August 2025 scenario (reassurance force + seven-class air shield +
   aid, 34 participants, 10-year horizon, every participant's willingness uncertain) for
   1,000,000 draws on 2 local worker processes: with the fused compiled kernel
   (``engine/fused.py``, chunks of ``--chunk`` draws) and with the NumPy reference path
   (``compute`` + ``extract``, chunks of 10,000, the code before issue 18), their results
   compared. With ``--full`` the reference path computes every year of the horizon (the full
   model; target of issue 18: < 4 s, peak memory < 2 GB); the fused kernel computes the years
   the reported figures use (the first year and the spending target year) -- the other years
   enter no reported figure. Also printed: the first call in a new process (numba import and
   cached kernels, or compile) and, for each path, the achieved fraction of its
   memory-bandwidth floor: the bytes of every per-draw array a chunk touches (draws, inputs,
   outputs; each written once and read once) over the numpy copy bandwidth measured in the same
   run, times the number of cores (an optimistic floor: two cores rarely get twice one core's
   bandwidth);
2. the same model written as a plain Python loop over draws, countries and classes (kept here
   only, as the yardstick), on the first draws of the same sample; it is checked to give the same
   shortfalls, costs and burdens, and its draws per second give the speed ratio;
3. Sobol indices (N = 1024) of a troop shortfall and of the total cost: run time.

Run: ``.venv/bin/python benchmarks/bench_montecarlo.py [--full] [--draws 1000000]
[--loop-draws 2000]
[--no-reference] [--no-sobol] [--chunk 50000]``
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _common import Report  # noqa: E402

warnings.simplefilter("ignore", RuntimeWarning)


# ------------------------------------------------------------------ the per-draw loop (yardstick)


def _py_capped(req: float, w: list[float], cap: list[float]) -> list[float]:
    """Capped proportional split of one problem, plain Python water-filling."""
    n = len(w)
    cap = [c if (wi > 0 and c == c and c > 0) else 0.0 for wi, c in zip(w, cap, strict=True)]
    if req <= 0:
        return [0.0] * n
    if sum(cap) <= req:
        return cap
    sat = [False] * n
    while True:
        rem = req - sum(c for c, s in zip(cap, sat, strict=True) if s)
        wu = sum(wi for wi, s in zip(w, sat, strict=True) if not s and wi > 0)
        lam = max(rem, 0.0) / wu if wu > 0 else 0.0
        new = [s or (wi > 0 and lam * wi >= c) or (wi <= 0)
               for wi, c, s in zip(w, cap, sat, strict=True)]
        if new == sat:
            break
        sat = new
    return [c if s else lam * wi for wi, c, s in zip(w, cap, sat, strict=True)]


def _py_whole(a: list[float], caps: list[float]) -> list[float]:
    cap = [math.floor((c if c == c and c > 0 else 0.0) + 1e-9) for c in caps]
    a = [max(min(x, c), 0.0) for x, c in zip(a, cap, strict=True)]
    base = [math.floor(x + 1e-9) for x in a]
    target = min(round(sum(a)), sum(cap))
    missing = int(target - sum(base))
    frac = [(x - b) if b + 1 <= c else -1.0 for x, b, c in zip(a, base, cap, strict=True)]
    order = sorted(range(len(a)), key=lambda i: -frac[i])  # stable: first country wins ties
    for i in order[:max(missing, 0)]:
        if frac[i] >= 0:
            base[i] += 1
    return [float(b) for b in base]


def loop_model(inp, d: int) -> dict[str, object]:
    """One draw of the model (gdp burden rule), with Python loops over countries and classes."""
    assert inp.burden_rule == "gdp", "the yardstick implements the gdp rule only"
    C, K = len(inp.codes), len(inp.classes)
    part = [bool(p) for p in inp.participants]
    will = [float(x) for x in inp.willingness[d]]
    gdp = [float(x) if x == x else 0.0 for x in inp.gdp_eur]
    w = [gdp[c] if part[c] and will[c] > 0 else 0.0 for c in range(C)]
    # reassurance force
    t_cap = []
    for c in range(C):
        land = float(inp.personnel[c]) * float(inp.land_share[d, c])
        if inp.sustainability == "rotation":
            sust = land * float(inp.deployable_share[d]) / float(inp.rotation_ratio[d])
        else:
            sust = land * float(inp.sustainable_share[d])
        p = float(inp.pledge_troops[c])
        offered = p if p == p else sust * will[c]
        t_cap.append(math.floor((offered if offered == offered else 0.0) + 1e-9)
                     if part[c] else 0.0)
    t_req = math.ceil(float(inp.troops_required[d]) - 1e-9)
    troops = _py_whole(_py_capped(t_req, w, t_cap), t_cap)
    t_short = max(t_req - sum(troops), 0.0)
    # air shield
    air = [[0.0] * K for _ in range(C)]
    a_short = []
    for k in range(K):
        req = math.ceil(float(inp.air_required[d, k]) - 1e-9)
        rest = req - min(req, float(inp.us_supply[k]))
        av = float(inp.availability[d, k])
        cap_k = []
        for c in range(C):
            inv = float(inp.inventory[c, k])
            x = inv * av * float(inp.commit_share[d]) * will[c]
            pl = float(inp.pledge_aircraft[c, k])
            x = pl if pl == pl else x
            cap_k.append(math.floor((x if x == x else 0.0) + 1e-9) if part[c] else 0.0)
        alloc = _py_whole(_py_capped(rest, w, cap_k), cap_k)
        for c in range(C):
            air[c][k] = alloc[c]
        a_short.append(max(rest - sum(alloc), 0.0))
    # military aid
    req = float(inp.aid_required[d])
    rest = req - req * min(max(float(inp.us_aid_share[d]), 0.0), 1.0)
    caps = [float(p) if p == p else 1e30 for p in inp.pledge_aid]
    aid = _py_capped(rest, w, caps)
    # costs, burden over the horizon, spending gap
    soldier = float(inp.soldier_year_eur[d])
    soldier = soldier if soldier == soldier else 0.0
    g = float(inp.gdp_growth[d])
    cost, burden, gap = [], [], []
    for c in range(C):
        air_cost = 0.0
        for k in range(K):
            u = float(inp.unit_year_eur[d, k])
            if air[c][k] > 0 and u == u:
                air_cost += air[c][k] * u
        total = troops[c] * soldier + air_cost + aid[c]
        cost.append(total)
        burden.append([total / (gdp[c] * (1 + g) ** (int(y) - inp.base_year)) if gdp[c] > 0
                       else math.nan for y in inp.years])
        head = max(inp.target_share - float(inp.milex_gdp_share[c]), 0.0)
        gap.append(head * gdp[c] * (1 + g) ** (inp.target_year - inp.base_year))
    return {"troops_shortfall": t_short, "air_shortfall": a_short, "cost": cost,
            "burden": burden, "gap": gap}


# ------------------------------------------------------------------ the memory floor


def bandwidth_bytes_per_s() -> float:
    """Copy bandwidth of one core (bytes read + written per second), best of five 256 MB copies
    with numpy, measured in this run (so under the same load as the figures beside it)."""
    src = np.ones(2**25)
    dst = np.empty_like(src)
    best = math.inf
    for _ in range(5):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.nbytes / best


def _per_draw_bytes(objs, n: int) -> int:
    from dataclasses import fields, is_dataclass

    total = 0
    for obj in objs:
        values = ([getattr(obj, f.name) for f in fields(obj)] if is_dataclass(obj)
                  else list(obj.values()))
        for v in values:
            if isinstance(v, np.ndarray) and v.ndim and v.shape[0] == n:
                total += v.nbytes
    return total


def bytes_per_draw(sc, ld, specs, horizon: bool, fused: bool, n: int = 10_000) -> float:
    """Bytes of every per-draw array a chunk touches, per draw: the sampled draws, the inputs
    with a draw axis (``build_inputs``), and the outputs (``compute``'s, or the fused kernel's
    per-draw outputs); each is written once and read at least once."""
    from guarantor.engine import fused as fused_mod
    from guarantor.engine.inputs import build_inputs
    from guarantor.uncertainty.montecarlo import evaluate_draws
    from guarantor.uncertainty.sampling import Sampler

    draws = Sampler(1).stream(specs).next(n)
    if fused:
        inp = build_inputs(sc, data=ld.data, params=ld.params, inventory=ld.inventory,
                           postures=ld.postures, draws=draws, n_draws=n, compact=True)
        objs = (draws, inp, fused_mod.evaluate(inp))
    else:
        objs = (draws, *evaluate_draws(sc, draws, n, ld, horizon))
    return _per_draw_bytes(objs, n) / n


def cold_start_seconds() -> tuple[float, float]:
    """Wall time of a new process's first fused Monte Carlo call beyond its imports: numba's
    import and the compiled kernels loaded from numba's on-disk cache (or compiled, when the
    cache is cold), on 20,000 draws (the smallest count that uses the fused kernel)."""
    import subprocess

    code = ("import time;from guarantor.scenario import load_scenario;"
            "from guarantor.uncertainty.montecarlo import Loaded, run_montecarlo;"
            "ld=Loaded.bundled();sc=load_scenario('aug2025');"
            "run_montecarlo(sc, 20000, seed=1, loaded=ld, fused=False);"
            "t=time.perf_counter();run_montecarlo(sc, 20000, seed=1, loaded=ld);"
            "a=time.perf_counter()-t;t=time.perf_counter();"
            "run_montecarlo(sc, 20000, seed=1, loaded=ld);b=time.perf_counter()-t;print(a, b)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


# ------------------------------------------------------------------ main


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--full", action="store_true",
                    help="compute every year of the horizon (the full model)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--loop-draws", type=int, default=2000)
    ap.add_argument("--scenario", default="aug2025")
    ap.add_argument("--spread", type=float, default=0.3)
    ap.add_argument("--no-reference", action="store_true",
                    help="skip the NumPy reference path's run")
    ap.add_argument("--no-sobol", action="store_true")
    ap.add_argument("--chunk", type=int, default=50_000,
                    help="draws per chunk (memory is proportional to it)")
    args = ap.parse_args()
    rep = Report("bench_montecarlo" + ("_full" if args.full else ""))

    from guarantor.engine import allocate
    from guarantor.engine.compute import compute
    from guarantor.engine.inputs import build_inputs
    from guarantor.scenario import load_scenario
    from guarantor.uncertainty.montecarlo import DEFAULT_CHUNK, Loaded, run_montecarlo
    from guarantor.uncertainty.sampling import Sampler, uncertain_inputs

    ld = Loaded.bundled()
    sc = load_scenario(args.scenario)
    specs = uncertain_inputs(sc, ld.params, args.spread, inventory=ld.inventory)
    what = "full model (every year of the horizon)" if args.full else "lean path (first year)"
    rep(f"scenario {sc.name}: {len(sc.participant_codes())} participants of 46 countries, "
        f"{sc.horizon_years}-year horizon, all missions, {len(specs)} uncertain inputs "
        f"(willingness spread {args.spread}); {what}")
    first, second = cold_start_seconds()
    rep(f"  first fused call in a new process (numba import + compiled kernels loaded from "
        f"numba's cache, or compiled when cold; not in the times below): {first:.2f} s wall for "
        f"20,000 draws, the second call {second:.2f} s (the difference is the kernels' load, "
        "within the noise when it is small or negative)")
    # warm-up: data, and the compiled kernels (numba compiles once per machine, then loads)
    run_montecarlo(sc, 20_000, seed=1, willingness_spread=args.spread, loaded=ld,
                   horizon=args.full)

    def cpu() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def timed(label: str, fused: bool, chunk: int) -> tuple[float, float, object]:
        t, c = time.perf_counter(), cpu()
        r = run_montecarlo(sc, args.draws, seed=1, willingness_spread=args.spread, loaded=ld,
                           workers=args.workers, horizon=args.full, chunk=chunk, fused=fused)
        dt, dc = time.perf_counter() - t, cpu() - c
        rep(f"  {label}: {args.draws:,} draws, {args.workers} worker(s), chunk {chunk:,}: "
            f"{dt:.2f} s wall = {args.draws / dt:,.0f} draws/s; CPU {dc:.2f} s (main + workers; "
            f"/ {args.workers} = {dc / args.workers:.2f} s, the wall time on an idle machine at "
            f"best) (P(all met) {r.p_met('all'):.4f}, P(troops met) {r.p_met('troops'):.4f})")
        return dt, dc, r

    dt, dc, res = timed("fused kernel", True, args.chunk)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = rss_self + args.workers * rss_kids
    ref_dt = ref_dc = None
    if not args.no_reference:
        old = allocate.COMPILED_FROM
        allocate.COMPILED_FROM = 2**62  # the NumPy reference path everywhere
        try:
            ref_dt, ref_dc, ref = timed("NumPy reference path", False, DEFAULT_CHUNK)
        finally:
            allocate.COMPILED_FROM = old
        def rel(a, b) -> float:
            a, b = a.to_numpy(float), b.to_numpy(float)
            with np.errstate(all="ignore"):
                d = np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
            return float(np.nanmax(np.where(a == b, 0.0, d)))

        num = [c for c in ref.outputs.columns if c not in ("output", "unit")]
        pn = ["p_met", "mc_se", "ci95_low", "ci95_high", "p_short_unknown"]
        rep(f"  fused and reference path, same seed: probabilities largest relative difference "
            f"{rel(res.probabilities[pn], ref.probabilities[pn]):.1e}, outputs (mean, sd, "
            f"quantiles, min, max) {rel(res.outputs[num], ref.outputs[num]):.1e} (chunks of "
            f"{args.chunk:,} and {DEFAULT_CHUNK:,} merged in a different order, sums added "
            "in a different order; identical with equal chunks: tests/engine/test_fused.py)")
    scaled = dt * 1e6 / args.draws
    rep.figure("mc_1m_seconds" + ("_full" if args.full else ""), scaled, "s",
               f"Monte Carlo, 1,000,000 draws, {args.workers} workers, {what}: wall",
               peer=None if ref_dt is None else ("NumPy reference path",
                                                 ref_dt * 1e6 / args.draws),
               target=4.0 if args.full else None)
    cpu_w = dc / args.workers * 1e6 / args.draws
    rep.figure("mc_1m_cpu_per_worker_seconds" + ("_full" if args.full else ""),
               cpu_w, "s",
               f"Monte Carlo, 1,000,000 draws, {what}: CPU seconds / {args.workers} workers "
               "(the wall time on an idle machine at best; less sensitive to the load)",
               peer=None if ref_dc is None else ("NumPy reference path",
                                                 ref_dc / args.workers * 1e6 / args.draws),
               target=4.0 if args.full else None)
    rep.figure("mc_peak_rss_mib" + ("_full" if args.full else ""), peak, "MiB",
               f"peak memory of the fused run (main process {rss_self:,.0f} MiB + "
               f"{args.workers} x largest worker {rss_kids:,.0f} MiB, maximum resident sets)",
               target=2048.0)
    bw = bandwidth_bytes_per_s()
    for label, is_fused, wall, cpu_s in (("fused kernel", True, scaled, cpu_w),
                                         ("NumPy reference path", False,
                                          None if ref_dt is None else ref_dt * 1e6 / args.draws,
                                          None if ref_dc is None else
                                          ref_dc / args.workers * 1e6 / args.draws)):
        if wall is None or cpu_s is None:
            continue
        per = bytes_per_draw(sc, ld, specs, args.full, is_fused)
        floor = 1e6 * per * 2 / (bw * args.workers)
        rep(f"  memory-bandwidth floor, {label}: {per:,.0f} bytes of per-draw arrays per draw "
            f"(draws, inputs with a draw axis, outputs), each written once and read once = "
            f"{2 * per * 1e6 / 1e9:,.2f} GB per 1,000,000 draws; / (copy bandwidth "
            f"{bw / 1e9:,.1f} GB/s per core, a 256 MB numpy copy measured in this run, x "
            f"{args.workers} cores) = {floor:.3f} s; achieved {floor / wall:.1%} of it by wall "
            f"time, {floor / cpu_s:.1%} by CPU time / workers")

    # the loop beside the vectorised engine on the same draws (full compute, all countries,
    # every year of the horizon)
    n = args.loop_draws
    draws = Sampler(1).stream(specs).next(n)
    t = time.perf_counter()
    inp = build_inputs(sc, data=ld.data, params=ld.params, inventory=ld.inventory,
                       postures=ld.postures, draws=draws, n_draws=n)
    out = compute(inp)
    t_vec = time.perf_counter() - t
    t = time.perf_counter()
    loop = [loop_model(inp, d) for d in range(n)]
    t_loop = time.perf_counter() - t
    ts = np.array([x["troops_shortfall"] for x in loop])
    ash = np.array([x["air_shortfall"] for x in loop])
    cost = np.array([x["cost"] for x in loop])
    burden = np.array([x["burden"] for x in loop])
    agree = {"troops shortfall": np.allclose(ts, out.troops_shortfall),
             "air shortfall": np.allclose(ash, out.air_shortfall),
             "cost": np.allclose(cost, np.nan_to_num(out.cost_total), rtol=1e-9),
             "burden": np.allclose(burden, out.cost_gdp_share, rtol=1e-9, equal_nan=True)}
    # the loop is a yardstick of speed: it does the same amount of work per draw, but its air
    # shield and costs are the earlier model's (one willingness for every mission, no NATO
    # pools, no flight-hour costs, one cost per soldier, no per-mission willingness), so it
    # need not agree; the figures are pinned by the equivalence tests, not by it
    rep(f"same {n:,} draws, full compute (46 countries x 10 years): vectorised "
        f"{n / t_vec:,.0f} draws/s, per-draw Python loop {n / t_loop:,.0f} draws/s; "
        "loop agrees with the engine on: "
        + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in agree.items())
        + " (the loop is a speed yardstick; its air shield and costs are the earlier model's:"
        " one willingness for all missions, no NATO pools, no flight-hour costs; the figures"
        " are checked by tests/engine/test_fused.py against the NumPy reference path)")
    rep.figure("mc_draws_per_s" + ("_full" if args.full else ""), args.draws / dt, "draws/s",
               f"Monte Carlo throughput ({args.workers} workers)",
               peer=("per-draw Python loop (1 core)", n / t_loop), higher_is_better=True)

    if not args.no_sobol:
        # Sobol: SALib sampling + our engine + SALib estimators with bootstrap intervals
        from guarantor.uncertainty.sensitivity import run_sensitivity

        for name, output in (("feb2025", "troops_shortfall"), (args.scenario, "cost_total")):
            s = load_scenario(name, overrides={"missions.reassurance_force.troops": 64000}
                              if output == "troops_shortfall" else None)
            t = time.perf_counter()
            res_s = run_sensitivity(s, output, n_base=1024, seed=1,
                                    willingness_spread=args.spread, loaded=ld)
            dts = time.perf_counter() - t
            top = ", ".join(f"{x.input} {x.ST:.2f}" for x in res_s.indices.head(3).itertuples())
            rep.figure(f"sobol_{output}_seconds", dts, "s",
                       f"Sobol of {output} ({name}), N=1024, {len(res_s.indices)} inputs, "
                       f"{res_s.n_evaluations:,} model runs (SALib sampling and estimators); "
                       f"top total indices: {top}")
    rep.save()


if __name__ == "__main__":
    main()
