"""``evaluate``: scenario in, :class:`~guarantor.engine.result.Result` out, with provenance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

import guarantor
from guarantor.engine.compute import compute
from guarantor.engine.inputs import build_inputs
from guarantor.engine.result import Result, build_tables
from guarantor.scenario import Scenario


def provenance(scenario: Scenario, data: Any, *, seed: int | None = None,
               n_draws: int = 1, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """How a result was made: version, data vintages, scenario hash, overrides, seed, draws."""
    return {
        "guarantor_version": guarantor.__version__,
        "scenario": scenario.name,
        "scenario_hash": scenario.digest(),
        "data_vintages": dict(getattr(data, "vintages", {})),
        "parameter_overrides": dict(scenario.parameters),
        "overrides": dict(overrides or {}),
        "seed": seed,
        "n_draws": n_draws,
        "contributions": _contributions_provenance(scenario),
    }


def _contributions_provenance(scenario: Scenario) -> dict[str, Any]:
    """Where the contributions came from: source, case, date, levers and every override's reason."""
    from guarantor.data.contributions import case_for

    c = scenario.contributions
    reasons = {iso: "participants.willingness in the scenario file"
               for iso in scenario.participants.willingness}
    reasons.update({iso: o.reason for iso, o in c.overrides.items()})
    return {
        "source": c.source,
        "case": c.case or case_for(scenario.protected_state),
        "as_of": scenario.as_of.isoformat() if scenario.as_of else None,
        "stated_share": c.stated_share if isinstance(c.stated_share, int | float) else "drawn",
        # the fields as given (as model_dump's keys and numbers, with no serializer to build)
        "unstated": {k: (v if isinstance(v, int | float) else "drawn")
                     for k, v in ((k, getattr(c.unstated, k))
                                  for k in type(c.unstated).model_fields)},
        "override_reasons": reasons,
    }


def evaluate(
    scenario: Scenario,
    data: Any = None,
    params: Any = None,
    draws: Mapping[str, np.ndarray] | None = None,
    *,
    inventory: Any = None,
    postures: Any = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    tables: bool = True,
) -> Result:
    """Evaluate an arrangement: can it be staffed, equipped and paid for, by whom, at what cost.

    Parameters
    ----------
    scenario : Scenario
        From :func:`guarantor.scenario.load_scenario`.
    data, params : optional
        The bundled dataset and parameters (loaded once and cached when omitted).
    draws : mapping name -> ndarray (n_draws,), optional
        Sampled inputs (see :func:`guarantor.engine.inputs.build_inputs`); tables show draw 0.
    seed : int, optional
        Recorded in the provenance when the draws came from a seeded sampler.
    overrides : mapping, optional
        The dotted-path overrides already applied to ``scenario`` (recorded in the provenance).
    tables : bool
        False leaves the tables empty (the arrays and :meth:`Result.summary` are complete): the
        web app builds its answer from the arrays, which halves a lever change. Either way the
        tables are built only when first asked for.

    Examples
    --------
    >>> from guarantor.scenario import load_scenario
    >>> r = evaluate(load_scenario("aug2025"))
    >>> sorted(r.tables())
    ['burden', 'contributions', 'missions', 'spending']
    """
    from guarantor.data.dataset import load_dataset

    data = data or load_dataset()
    inp = build_inputs(scenario, data=data, params=params, inventory=inventory,
                       postures=postures, draws=draws)
    out = compute(inp)
    prov = provenance(scenario, data, seed=seed, n_draws=inp.n_draws, overrides=overrides)
    if not tables:
        return Result(scenario, inp, out, prov, with_tables=False)
    return build_tables(scenario, inp, out, prov)
