"""Per-draw headline outputs of a Monte Carlo run, and their summary (mean, quantiles,
probability each requirement is met) -- what the report and the web app show.

The draws are the ones ``guarantor montecarlo`` makes with the same seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from guarantor.uncertainty import montecarlo as M  # noqa: N812
from guarantor.uncertainty import sampling as S  # noqa: N812

#: Headline outputs summarised over draws: name -> (label, unit).
MC_OUTPUTS: dict[str, tuple[str, str]] = {
    "troops_shortfall": ("Reassurance-force shortfall", "persons"),
    "air_shortfall_units": ("Air-shield shortfall, all classes", "units"),
    "aid_shortfall_eur": ("Military-aid shortfall", "EUR per year"),
    "cost_total_eur": ("Total annual cost", "EUR per year"),
}


#: Draws evaluated at once by :func:`draws_frame`.
MC_CHUNK = 20_000


def _draws_from_extract(scalars: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Per-draw frame from :func:`guarantor.uncertainty.montecarlo.extract` scalars."""
    n = len(next(iter(scalars.values())))
    air = [np.asarray(v, dtype=float) for k, v in scalars.items()
           if k.startswith("air_shortfall.")]
    cols: dict[str, Any] = {"draw": np.arange(n)}
    if "troops_shortfall" in scalars:
        cols["troops_shortfall"] = np.asarray(scalars["troops_shortfall"], dtype=float)
    if air:
        cols["air_shortfall_units"] = np.nansum(np.stack(air, axis=1), axis=1)
    if "aid_shortfall" in scalars:
        cols["aid_shortfall_eur"] = np.asarray(scalars["aid_shortfall"], dtype=float)
    if "cost_total" in scalars:
        cols["cost_total_eur"] = np.asarray(scalars["cost_total"], dtype=float)
    if "met.all" in scalars:
        cols["feasible"] = np.asarray(scalars["met.all"], dtype=bool)
    for k, v in scalars.items():
        if k.startswith("met.") and k != "met.all":
            cols[k] = np.asarray(v, dtype=bool)
    return pd.DataFrame(cols)


def draws_frame(scenario: Any, n_draws: int, seed: int = 0, *, loaded: Any = None,
                willingness_spread: float = 0.0) -> pd.DataFrame | None:
    """Per-draw headline outputs of :mod:`guarantor.uncertainty` (None below two draws).

    Uses its sampler (``Sampler(seed).stream(uncertain_inputs(...))``), vectorised evaluation
    (``evaluate_draws``) and output extraction (``extract``), so the draws are the ones
    ``guarantor montecarlo`` makes with the same seed. A failure raises.
    """
    if n_draws < 2:
        return None
    ld = loaded or M.Loaded.bundled()
    specs = S.uncertain_inputs(scenario, ld.params, willingness_spread)
    stream = S.Sampler(seed).stream(specs) if specs else None
    frames, done = [], 0
    while done < n_draws:  # chunked: memory bounded by MC_CHUNK, not by n_draws
        k = min(MC_CHUNK, n_draws - done)
        draws = stream.next(k) if stream is not None else {}
        inp, out = M.evaluate_draws(scenario, draws, k, ld)
        frames.append(_draws_from_extract(M.extract(scenario, inp, out)[0]))
        done += k
    frame = pd.concat(frames, ignore_index=True)
    frame["draw"] = np.arange(len(frame))
    return frame


def summarise_draws(draws: pd.DataFrame) -> pd.DataFrame:
    """Mean, 5th, 50th, 95th percentile of each headline output over draws."""
    rows = []
    for col, (label, unit) in MC_OUTPUTS.items():
        if col not in draws:
            continue
        v = draws[col].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        if not v.size:
            continue
        rows.append(dict(output=col, label=label, unit=unit, mean=float(v.mean()),
                         p05=float(np.percentile(v, 5)), p50=float(np.percentile(v, 50)),
                         p95=float(np.percentile(v, 95)), share_positive=float((v > 0).mean())))
    if "feasible" in draws:
        rows.append(dict(output="feasible", label="Probability every requirement is met",
                         unit="probability", mean=float(draws["feasible"].mean()), p05=None,
                         p50=None, p95=None, share_positive=None))
    for col in draws.columns:
        if str(col).startswith("met."):
            item = str(col).split(".", 2)[-1].replace("_", " ")
            rows.append(dict(output=str(col), label=f"Probability {item} is met",
                             unit="probability", mean=float(draws[col].mean()), p05=None,
                             p50=None, p95=None, share_positive=None))
    return pd.DataFrame(rows)
