"""Global sensitivity: first-order and total Sobol indices with confidence intervals.

Sampling and estimation are SALib's (Sobol' sequence with Saltelli's scheme,
``SALib.sample.sobol.sample``; Jansen/Saltelli estimators with bootstrap confidence intervals,
``SALib.analyze.sobol.analyze``). The sequence is drawn on the unit hypercube and mapped to each
input's distribution by its quantile function (:func:`~guarantor.uncertainty.sampling.ppf`), so
any named-field distribution works, not only SALib's built-in ones. Scrambling and bootstrap are
seeded from the same explicit seed.

Output names (:func:`output_names`): ``troops_shortfall``, ``air_shortfall.<class>``,
``aid_shortfall``, ``cost_total``, ``cost_gdp_share``, ``spending_gap_eur``, ``burden.<ISO3>``
(cost as a share of GDP, first year of the horizon).

References
----------
Saltelli, A. et al. (2010), Variance based sensitivity analysis of model output, Computer Physics
Communications 181(2): 259-270. Herman, J., Usher, W. (2017), SALib: an open-source Python library
for sensitivity analysis, JOSS 2(9): 97. Ishigami, T., Homma, T. (1990), An importance
quantification technique in uncertainty analysis for computer models, ISUMA '90: 398-403.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from guarantor.errors import ScenarioError
from guarantor.uncertainty.sampling import ppf, uncertain_inputs

__all__ = ["SobolResult", "output_names", "sobol_indices", "run_sensitivity"]


@dataclass(frozen=True)
class SobolResult:
    """Sobol indices of one output, one row per input, ranked by total index."""

    output: str
    n_base: int
    n_evaluations: int
    seed: int
    indices: pd.DataFrame   # input, S1, S1_conf, ST, ST_conf, rank
    output_mean: float
    output_sd: float
    note: str | None = None

    def ranked(self) -> list[str]:
        """Inputs from most to least influential (total index)."""
        return list(self.indices["input"])


def sobol_indices(
    func: Callable[[dict[str, np.ndarray]], np.ndarray],
    specs: Mapping[str, Any],
    n_base: int,
    seed: int,
    *,
    conf_level: float = 0.95,
    num_resamples: int = 200,
    output: str = "y",
    chunk: int = 50_000,
) -> SobolResult:
    """First-order and total Sobol indices of ``func`` over independent inputs ``specs``.

    Parameters
    ----------
    func : callable
        Maps draws (name -> ndarray (n,)) to the output (n,), vectorised.
    specs : mapping name -> distribution spec
        The uncertain inputs (independent; correlated inputs are not supported by Sobol indices).
    n_base : int
        Base sample size N (a power of two); the model is evaluated N (d + 2) times.
    seed : int
        Seeds the scrambled Sobol' sequence and the bootstrap.
    conf_level : float
        Level of the bootstrap confidence intervals.
    chunk : int
        Evaluations per call of ``func``.

    Examples
    --------
    >>> from guarantor.distributions import Uniform
    >>> u = {k: Uniform(dist="uniform", low=0, high=1) for k in ("a", "b")}
    >>> r = sobol_indices(lambda d: d["a"] + 0.1 * d["b"], u, 256, seed=1)
    >>> r.ranked()
    ['a', 'b']
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    names = sorted(specs)
    if not names:
        raise ScenarioError("no uncertain inputs to analyse",
                            hint="add uncertainty specs or use --willingness-spread")
    if n_base < 2 or n_base & (n_base - 1):
        raise ScenarioError("the Sobol base sample must be a power of two >= 2",
                            key="--samples", value=n_base)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sobol_sample.sample(problem, n_base, calc_second_order=False, scramble=True,
                               seed=seed)
    ys = []
    for start in range(0, unit.shape[0], chunk):
        block = unit[start:start + chunk]
        draws = {k: ppf(specs[k], block[:, i]) for i, k in enumerate(names)}
        ys.append(np.asarray(func(draws), dtype=float).reshape(block.shape[0]))
    y = np.concatenate(ys)
    note = None
    mean, sd = float(np.nanmean(y)), float(np.nanstd(y))
    if not np.all(np.isfinite(y)):
        raise ScenarioError(f"output {output} is not a finite number for some draws",
                            value=output, hint="an unsourced unit cost makes costs unknown")
    if sd <= 1e-12 * max(1.0, abs(mean)):
        zeros = np.zeros(len(names))
        df = pd.DataFrame({"input": names, "S1": zeros, "S1_conf": zeros, "ST": zeros,
                           "ST_conf": zeros})
        note = (f"{output} does not vary over the inputs' ranges (always {mean:g}): "
                "no input drives it")
    else:
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, conf_level=conf_level,
                                    num_resamples=num_resamples, seed=seed)
        df = pd.DataFrame({"input": names, "S1": res["S1"], "S1_conf": res["S1_conf"],
                           "ST": res["ST"], "ST_conf": res["ST_conf"]})
    df = df.sort_values(["ST", "S1"], ascending=False, kind="stable").reset_index(drop=True)
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    return SobolResult(output=output, n_base=n_base, n_evaluations=int(y.size), seed=seed,
                       indices=df, output_mean=mean, output_sd=sd, note=note)


def output_names(scenario: Any) -> list[str]:
    """Outputs of ``scenario`` that ``--output`` accepts."""
    from guarantor.data.capabilities import load_inventory

    m = scenario.missions
    names: list[str] = []
    if m.reassurance_force is not None:
        names.append("troops_shortfall")
    if m.air_shield is not None:
        names += [f"air_shortfall.{k}" for k in load_inventory().classes]
    if m.military_aid is not None:
        names.append("aid_shortfall")
    names += ["cost_total", "cost_gdp_share", "spending_gap_eur"]
    names += [f"burden.{c}" for c in scenario.participant_codes()]
    if m.reassurance_force is not None:
        names.append("troops_gap")
    if m.air_shield is not None:
        names += [f"air_gap.{k}" for k in load_inventory().classes]
    return names


#: A shortfall that is zero in every draw is analysed through its signed gap (requirement minus
#: what the others offer; negative = spare capacity), which still varies.
SIGNED_GAP = {"troops_shortfall": "troops_gap", **{
    f"air_shortfall.{k}": f"air_gap.{k}" for k in (
        "combat_aircraft", "tanker", "aewc", "ground_radar", "long_range_sam", "isr",
        "strategic_airlift")}}


def _output_fn(scenario: Any, output: str, loaded: Any) -> Callable[[dict[str, np.ndarray]],
                                                                       np.ndarray]:
    from guarantor.uncertainty.montecarlo import evaluate_draws, extract

    allowed = output_names(scenario)
    if output not in allowed:
        import difflib

        close = difflib.get_close_matches(output, allowed, n=3)
        raise ScenarioError("unknown output", key="--output", value=output,
                            allowed=", ".join(allowed),
                            hint=("did you mean " + " or ".join(close) + "?") if close else None)

    def fn(draws: dict[str, np.ndarray]) -> np.ndarray:
        n = len(next(iter(draws.values())))
        inp, out = evaluate_draws(scenario, draws, n, loaded)
        s, pc = extract(scenario, inp, out)
        if output.startswith("burden."):
            codes = [c for c, m in zip(inp.codes, inp.participants, strict=True) if m]
            return pc["burden"][:, codes.index(output.split(".", 1)[1])]
        if output == "troops_gap":
            return out.troops_required - out.troops_capacity.sum(-1)
        if output.startswith("air_gap."):
            j = inp.classes.index(output.split(".", 1)[1])
            return out.air_required[:, j] - out.air_us[:, j] - out.air_capacity[:, :, j].sum(-1)
        return np.asarray(s[output], dtype=float)

    return fn


def run_sensitivity(scenario: Any, output: str, *, n_base: int = 1024, seed: int = 1,
                    willingness_spread: float = 0.0, loaded: Any = None,
                    conf_level: float = 0.95, fallback: bool = True) -> SobolResult:
    """Sobol indices of one output of ``scenario`` over all its uncertain inputs.

    With ``fallback`` (default), a shortfall that is zero in every draw (the requirement is
    always met) is analysed through its signed gap (:data:`SIGNED_GAP`) and the note says so.
    """
    from guarantor.uncertainty.montecarlo import Loaded

    ld = loaded or Loaded.bundled()
    fn = _output_fn(scenario, output, ld)
    specs = uncertain_inputs(scenario, ld.params, willingness_spread)
    res = sobol_indices(fn, specs, n_base, seed, conf_level=conf_level, output=output)
    if res.note is not None and output in SIGNED_GAP and fallback:
        gap = SIGNED_GAP[output]
        alt = sobol_indices(_output_fn(scenario, gap, ld), specs, n_base, seed,
                            conf_level=conf_level, output=gap)
        note = (f"{output} is {res.output_mean:g} in every draw; ranked instead: the drivers of "
                f"{gap} (requirement minus what the others offer, mean {alt.output_mean:,.0f}; "
                "positive = short)")
        return replace(alt, note=note)
    return res


def ishigami(x1: np.ndarray, x2: np.ndarray, x3: np.ndarray, a: float = 7.0,
             b: float = 0.1) -> np.ndarray:
    """The Ishigami test function (inputs uniform on [-pi, pi])."""
    return np.sin(x1) + a * np.sin(x2) ** 2 + b * x3 ** 4 * np.sin(x1)


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple[float, float]]:
    """Analytic (S1, ST) of the Ishigami function per input (Ishigami and Homma 1990)."""
    pi = math.pi
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {"x1": (v1 / v, (v1 + v13) / v), "x2": (v2 / v, v2 / v), "x3": (0.0, v13 / v)}
