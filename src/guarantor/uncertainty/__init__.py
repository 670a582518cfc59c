"""Uncertainty: sampling (one seed), Monte Carlo (chunked), Sobol sensitivity.

* :mod:`guarantor.uncertainty.sampling` -- the only place random numbers are made;
  :func:`uncertain_inputs` lists what a scenario leaves uncertain.
* :mod:`guarantor.uncertainty.montecarlo` -- :func:`run_montecarlo`, probabilities that each
  requirement is met, quantiles of shortfall, cost, burden and spending gap.
* :mod:`guarantor.uncertainty.sensitivity` -- :func:`run_sensitivity`, Sobol indices (SALib).

The distributions themselves (named fields, validated) are in :mod:`guarantor.distributions`.
"""

from guarantor.uncertainty.montecarlo import MonteCarloResult, run_montecarlo
from guarantor.uncertainty.sampling import Sampler, ppf, uncertain_inputs
from guarantor.uncertainty.sensitivity import SobolResult, run_sensitivity, sobol_indices

__all__ = [
    "MonteCarloResult",
    "Sampler",
    "SobolResult",
    "ppf",
    "run_montecarlo",
    "run_sensitivity",
    "sobol_indices",
    "uncertain_inputs",
]
