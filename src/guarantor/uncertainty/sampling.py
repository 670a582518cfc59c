"""Sampling: every random number of the package comes from here, from one explicit seed.

Design
------
* **One seed, one generator per input.** ``Sampler(seed)`` holds one
  :class:`numpy.random.SeedSequence`; each uncertain input (a dotted parameter name such as
  ``forces.land_share`` or a scenario input such as ``willingness.POL``) reads its own
  :class:`numpy.random.Generator` (PCG64) spawned from that sequence with a key derived from the
  input's *name* (CRC-32). The same seed therefore gives the same numbers for an input whatever
  other inputs a scenario has, in whatever order, and in whatever chunk sizes they are drawn.
* **Common random numbers.** Two scenarios evaluated with the same seed see the same uniform
  numbers for every input they share; a scenario that changes an input's distribution moves each
  draw along the same quantile (inverse-CDF transform), so differences between scenarios are not
  sampling noise.
* **Inverse-CDF transform.** Uniforms are mapped to values by each distribution's quantile
  function (:func:`ppf`), so correlations can be imposed on the uniforms (Gaussian copula) without
  touching the marginals.

Uncertain inputs of a scenario (:func:`uncertain_inputs`): every parameter carrying an
``uncertainty`` spec that the scenario does not override, plus the scenario's own distribution
specs (``participants.default_willingness``, ``participants.willingness.<ISO3>``,
``missions.air_shield.commit_share``). With ``willingness_spread=s`` each participant whose
willingness is a plain number gets, as a documented *default* rather than data, an independent
triangular distribution with mode at its stated willingness and half-width ``s``, truncated to
0..1.

Examples
--------
>>> from guarantor.distributions import Triangular
>>> s = Sampler(seed=1)
>>> spec = {"x": Triangular(dist="triangular", low=0.0, mode=0.5, high=1.0)}
>>> a = s.stream(spec).next(5)["x"]
>>> st = s.stream(spec)
>>> b = np.concatenate([st.next(2)["x"], st.next(3)["x"]])
>>> bool(np.array_equal(a, b))
True
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any, cast

import numpy as np
from scipy import special

from guarantor.distributions import (
    DISTRIBUTIONS,
    Beta,
    Discrete,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from guarantor.errors import ScenarioError

__all__ = [
    "SCENARIO_INPUTS",
    "Sampler",
    "Stream",
    "central",
    "ppf",
    "uncertain_inputs",
]

#: Scenario inputs that may carry a distribution, as the engine's draw names
#: (``willingness.<ISO3>`` stands for one per country).
SCENARIO_INPUTS: tuple[str, ...] = (
    "default_willingness",
    "willingness.<ISO3>",
    "air_shield.commit_share",
    "unstated.troops",
    "unstated.aircraft",
    "unstated.aid",
    "stated_share",
)

# Lowest/highest uniform used, so unbounded distributions never return +-inf.
_U_EPS = 1e-12


def ppf(spec: Any, u: np.ndarray) -> np.ndarray:
    """Quantile function (inverse CDF) of a distribution spec.

    Parameters
    ----------
    spec : Triangular | Uniform | Normal | LogNormal | Beta | Discrete
        A validated spec from :mod:`guarantor.distributions`.
    u : ndarray, shape (n,)
        Probabilities in (0, 1).

    Returns
    -------
    ndarray, shape (n,)
        Values [unit of the input].

    Examples
    --------
    >>> from guarantor.distributions import Uniform, Normal
    >>> ppf(Uniform(dist="uniform", low=2, high=4), np.array([0.0, 0.5, 1.0]))
    array([2., 3., 4.])
    >>> float(ppf(Normal(dist="normal", mean=1.0, sd=2.0), np.array([0.5]))[0])
    1.0
    """
    u = np.clip(np.asarray(u, dtype=float), _U_EPS, 1.0 - _U_EPS)
    if isinstance(spec, Uniform):
        return spec.low + (spec.high - spec.low) * u
    if isinstance(spec, Triangular):
        a, c, b = spec.low, spec.mode, spec.high
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < fc, left, right)
    if isinstance(spec, Normal):
        if spec.sd == 0:
            return np.full_like(u, spec.mean)
        lo = 0.0 if spec.low is None else special.ndtr((spec.low - spec.mean) / spec.sd)
        hi = 1.0 if spec.high is None else special.ndtr((spec.high - spec.mean) / spec.sd)
        q = np.clip(lo + (hi - lo) * u, _U_EPS, 1.0 - _U_EPS)
        x = spec.mean + spec.sd * special.ndtri(q)
        return np.clip(x, -np.inf if spec.low is None else spec.low,
                       np.inf if spec.high is None else spec.high)
    if isinstance(spec, LogNormal):
        return spec.median * np.exp(spec.sigma * special.ndtri(u))
    if isinstance(spec, Beta):
        return spec.low + (spec.high - spec.low) * special.betaincinv(spec.alpha, spec.beta, u)
    if isinstance(spec, Discrete):
        values = np.asarray(spec.values, dtype=float)
        w = np.asarray(spec.weights if spec.weights is not None else [1.0] * len(values), float)
        cum = np.cumsum(w / w.sum())
        cum[-1] = 1.0
        return values[np.searchsorted(cum, u, side="left")]
    raise ScenarioError("unknown distribution", value=getattr(spec, "dist", spec),
                        allowed=", ".join(DISTRIBUTIONS))


def central(spec: Any) -> float:
    """Central value used by a plain run: mode, mid-point, mean, median or weighted mean."""
    from guarantor.engine.inputs import _central

    return _central(spec)


def support(spec: Any) -> tuple[float, float]:
    """Smallest and largest value a spec can produce (may be infinite)."""
    if isinstance(spec, Uniform | Triangular | Beta):
        return float(spec.low), float(spec.high)
    if isinstance(spec, Normal):
        lo = -np.inf if spec.low is None else spec.low
        hi = np.inf if spec.high is None else spec.high
        return float(lo), float(hi)
    if isinstance(spec, LogNormal):
        return 0.0, np.inf
    if isinstance(spec, Discrete):
        return float(min(spec.values)), float(max(spec.values))
    raise ValueError(spec)


def _stream_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


class Sampler:
    """The package's one source of randomness: a seed, and optional correlations.

    Parameters
    ----------
    seed : int
        Non-negative integer; required (there is no hidden default seed).
    correlations : mapping (name_a, name_b) -> rho, optional
        Rank-type correlations imposed with a Gaussian copula on the uniforms of the named inputs
        (the marginals are unchanged). Use them only where the literature gives a reason, e.g.
        availability rates of aircraft fleets kept by the same maintenance system. The implied
        matrix must be positive definite.
    """

    def __init__(self, seed: int, correlations: Mapping[tuple[str, str], float] | None = None):
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ScenarioError("seed must be a non-negative integer", key="seed", value=seed)
        self.seed = int(seed)
        self.correlations = dict(correlations or {})
        for (a, b), rho in self.correlations.items():
            if not -1.0 < float(rho) < 1.0 or a == b:
                raise ScenarioError("correlation must be strictly between -1 and 1 between two "
                                    "different inputs", key=f"correlations.{a}.{b}", value=rho)

    def generator(self, name: str) -> np.random.Generator:
        """The generator of one input (same seed and name -> same numbers)."""
        ss = np.random.SeedSequence(self.seed, spawn_key=(_stream_key(name),))
        return np.random.Generator(np.random.PCG64(ss))

    def stream(self, specs: Mapping[str, Any]) -> Stream:
        """A stream of draws for ``specs`` (name -> distribution spec), read chunk by chunk."""
        return Stream(self, specs)

    def uniforms(self, names: list[str], n: int) -> dict[str, np.ndarray]:
        """The first ``n`` uniforms of each named input (before any correlation)."""
        return {k: self.generator(k).random(n) for k in names}


class Stream:
    """Chunked draws of several inputs; concatenated chunks equal one big draw."""

    def __init__(self, sampler: Sampler, specs: Mapping[str, Any]) -> None:
        self.specs = dict(specs)
        self.names = sorted(self.specs)
        self._gens = {k: sampler.generator(k) for k in self.names}
        corr = {pair: r for pair, r in sampler.correlations.items()
                if pair[0] in self.specs and pair[1] in self.specs}
        self._corr_names: list[str] = sorted({n for pair in corr for n in pair})
        self._chol: np.ndarray | None = None
        if corr:
            idx = {n: i for i, n in enumerate(self._corr_names)}
            m = np.eye(len(idx))
            for (a, b), r in corr.items():
                m[idx[a], idx[b]] = m[idx[b], idx[a]] = float(r)
            try:
                self._chol = np.linalg.cholesky(m)
            except np.linalg.LinAlgError:
                raise ScenarioError("correlation matrix is not positive definite",
                                    key="correlations", value=sorted(corr)) from None

    def skip(self, n: int) -> Stream:
        """Move past the next ``n`` draws without making them (``skip(n)`` then ``next(m)``
        gives ``next(n + m)[n:]``): a worker process makes the draws of its own chunk.

        Each uniform is one 64-bit output of PCG64 (``Generator.random``), so skipping draws is
        advancing every generator by ``n`` steps (``PCG64.advance``, logarithmic in ``n``).
        """
        for g in self._gens.values():
            cast(np.random.PCG64, g.bit_generator).advance(int(n))
        return self

    def next_uniforms(self, n: int) -> dict[str, np.ndarray]:
        """The next ``n`` uniforms per input, correlated where asked."""
        u = {k: self._gens[k].random(n) for k in self.names}
        if self._chol is not None:
            z = special.ndtri(np.clip(np.stack([u[k] for k in self._corr_names]),
                                      _U_EPS, 1 - _U_EPS))
            zc = self._chol @ z
            for i, k in enumerate(self._corr_names):
                u[k] = special.ndtr(zc[i])
        return u

    def next(self, n: int) -> dict[str, np.ndarray]:
        """The next ``n`` draws per input [unit of each input], each shape (n,)."""
        return {k: ppf(self.specs[k], v) for k, v in self.next_uniforms(n).items()}


# ------------------------------------------------------------------ what is uncertain


def _share_spec_check(spec: Any, key: str, file: str | None) -> None:
    lo, hi = support(spec)
    if lo < 0.0 or hi > 1.0:
        raise ScenarioError(
            "a share's distribution must stay within 0..1", file=file, key=key,
            value=f"{spec.dist} from {lo:g} to {hi:g}",
            allowed="low >= 0 and high <= 1 (normal: give low and high)",
        )


def _is_spec(v: Any) -> bool:
    return hasattr(v, "dist")


def uncertain_inputs(scenario: Any, params: Any = None,
                     willingness_spread: float = 0.0, inventory: Any = None) -> dict[str, Any]:
    """Every uncertain input of ``scenario``: draw name -> distribution spec.

    Parameters
    ----------
    scenario : Scenario
    params : Parameters, optional
        Default: the bundled parameters. The scenario's own parameter overrides fix those
        parameters (they are then certain).
    willingness_spread : float
        Half-width [share] of the default willingness distribution given to participants whose
        willingness is a plain number (0 = no willingness uncertainty unless the scenario has some).

    Returns
    -------
    dict
        Sorted by name. Parameter names are dotted (``forces.land_share``); scenario inputs use
        the engine's draw names (``default_willingness``, ``willingness.POL``,
        ``air_shield.commit_share``).
    inventory : Inventory, optional
        When given, every participant's unknown capability inventory with a sourced upper bound
        is drawn uniformly from its stated range (``inventory.ISO3.class``: low to high); an
        unknown without an upper bound stays unknown in every draw.
    """
    from guarantor.data.params import load_parameters
    from guarantor.distributions import Triangular

    if not 0.0 <= willingness_spread <= 1.0:
        raise ScenarioError("willingness spread must be a share in 0..1",
                            key="--willingness-spread", value=willingness_spread)
    params = params or load_parameters()
    if scenario.parameters:
        params = params.with_overrides(scenario.parameters)
    out: dict[str, Any] = dict(params.uncertain())
    file = f"scenario {scenario.name}"
    p = scenario.participants
    if _is_spec(p.default_willingness):
        _share_spec_check(p.default_willingness, "participants.default_willingness", file)
        out["default_willingness"] = p.default_willingness
    for iso, w in p.willingness.items():
        if _is_spec(w):
            _share_spec_check(w, f"participants.willingness.{iso}", file)
            out[f"willingness.{iso}"] = w
    contrib = scenario.contributions
    if contrib.source == "ledger":
        for k in ("troops", "aircraft", "aid"):
            v = getattr(contrib.unstated, k)
            if _is_spec(v):
                _share_spec_check(v, f"contributions.unstated.{k}", file)
                out[f"unstated.{k}"] = v
        if _is_spec(contrib.stated_share):
            _share_spec_check(contrib.stated_share, "contributions.stated_share", file)
            out["stated_share"] = contrib.stated_share
    air = scenario.missions.air_shield
    if air is not None and _is_spec(air.commit_share):
        _share_spec_check(air.commit_share, "missions.air_shield.commit_share", file)
        out["air_shield.commit_share"] = air.commit_share
    if inventory is not None and air is not None:
        from guarantor.distributions import Uniform

        part = set(scenario.participant_codes())
        for (iso, cls), rec in inventory.records.items():
            if (iso in part and rec.value is None and rec.high is not None
                    and rec.high > (rec.low or 0.0)):
                out[f"inventory.{iso}.{cls}"] = Uniform(dist="uniform", low=rec.low or 0.0,
                                                        high=rec.high)
    if willingness_spread > 0 and contrib.source == "ledger":
        # stated positions are evidence, not drawn: the spread widens the unstated levers
        for k in ("troops", "aircraft", "aid"):
            v = getattr(contrib.unstated, k)
            if f"unstated.{k}" in out or _is_spec(v):
                continue
            lo, hi = max(0.0, v - willingness_spread), min(1.0, v + willingness_spread)
            out[f"unstated.{k}"] = Triangular(dist="triangular", low=lo, mode=v, high=hi)
    elif willingness_spread > 0:
        default_is_spec = _is_spec(p.default_willingness)
        for iso in scenario.participant_codes():
            if f"willingness.{iso}" in out or (iso not in p.willingness and default_is_spec):
                continue
            w = float(p.willingness.get(iso, p.default_willingness))
            lo, hi = max(0.0, w - willingness_spread), min(1.0, w + willingness_spread)
            if hi > lo:
                out[f"willingness.{iso}"] = Triangular(dist="triangular", low=lo, mode=w, high=hi)
    return dict(sorted(out.items()))
