"""Apportion a scenario and explain the answer: tables, binding caps, shortfalls, the US's part.

:func:`apportion` is the entry point of ``guarantor apportion``; :class:`MilpFairShare` is the
integer fair-share optimiser as an engine allocator (:class:`guarantor.engine.allocate.Allocator`),
for callers that want it in place of the engine's continuous ``fair_share`` rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from guarantor.apportion.problem import ApportionOptions, ApportionProblem, build_problem
from guarantor.apportion.solve import Solution, solve
from guarantor.atomic import write_files
from guarantor.engine.allocate import Allocation, Needs
from guarantor.engine.inputs import ModelInputs
from guarantor.format import amount, unit_words

if TYPE_CHECKING:  # pandas is imported by the table that needs it
    import pandas as pd

#: A number for people: EUR in billions, everything else as a whole count (one formatter).
fmt_amount = amount


@dataclass(frozen=True)
class Apportionment:
    """A solved fair-share apportionment of one scenario (draw 0), with its explanation."""

    scenario: str
    title: str
    options: ApportionOptions
    problem: ApportionProblem = field(repr=False)
    solution: Solution = field(repr=False)
    names: tuple[str, ...] = field(repr=False, default=())
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """Every requirement with a known size is met."""
        return "short" not in self.solution.status

    @property
    def complete(self) -> bool:
        """Every requirement's size is known."""
        return "unknown" not in self.solution.status

    def only_us(self) -> tuple[np.ndarray, np.ndarray]:
        """(R,) bool and (R,) units: what the US covers that the others could not field."""
        p = self.problem
        pools = np.zeros_like(p.gross) if p.pool_covers is None else p.pool_covers
        gap = np.clip(p.gross - pools - p.max_cover(), 0.0, None)
        units = np.minimum(p.us_covers, gap)
        units = np.where(np.isfinite(units), units, 0.0)
        return units > 0, units

    def _binding(self) -> np.ndarray:
        """(C, R) bool: the cap holds the country below its fair share (or the requirement is
        short and the country is at its cap)."""
        p, s = self.problem, self.solution
        at_cap = self._at_cap()
        with np.errstate(invalid="ignore", divide="ignore"):
            below = s.allocation / p.required[None, :] < p.fair[:, None] - 1e-9
        short = np.array([st == "short" for st in s.status])
        return at_cap & (below | short[None, :])

    def _at_cap(self) -> np.ndarray:
        p, s = self.problem, self.solution
        room = p.upper - s.allocation
        step = np.where(p.integer, p.step, 0.0)
        return (room < np.maximum(step, 1e-9 * np.nan_to_num(p.required)))[...] & \
            np.array([st != "unknown" for st in s.status])[None, :]

    # ------------------------------------------------------------------ tables

    def requirements_table(self) -> pd.DataFrame:
        """One row per requirement: gross, US part, net, what the others can field, allocated,
        shortfall, status, whether only the US can fill part of it, deviation, binding caps."""
        import pandas as pd

        p, s = self.problem, self.solution
        only, only_units = self.only_us()
        binding = self._binding()
        codes = np.array(p.codes)
        return pd.DataFrame({
            "requirement": p.requirements, "unit": p.units, "required": p.gross,
            "us_covers": p.us_covers, "net_required": p.required,
            "others_can_field": p.max_cover(), "allocated": s.allocation.sum(axis=0),
            "pools_cover": (p.pool_covers if p.pool_covers is not None
                            else np.zeros(len(p.requirements))),
            "shortfall": s.shortfall,
            "shortfall_low": s.shortfall if s.shortfall_low is None else s.shortfall_low,
            "status": s.status, "only_us_can_fill": only,
            "only_us_units": only_units, "deviation_from_fair": s.deviation,
            "binding_caps": [", ".join(codes[binding[:, r] & (p.upper[:, r] > 0)])
                             for r in range(len(p.requirements))],
        })

    def allocations_table(self) -> pd.DataFrame:
        """One row per requirement x country: fair share and amount, allocation, share, floor,
        cap, whether the cap binds and what sets it."""
        import pandas as pd

        p, s = self.problem, self.solution
        C, R = p.lower.shape
        tot = s.allocation.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(tot > 0, s.allocation / tot, 0.0)
        req_rep = np.repeat(np.array(p.requirements), C)
        return pd.DataFrame({
            "requirement": req_rep, "unit": np.repeat(np.array(p.units), C),
            "iso3": np.tile(np.array(p.codes), R), "country": np.tile(np.array(self.names), R),
            "fair_share": np.tile(p.fair, R),
            "fair_amount": (p.fair[:, None] * p.required[None, :]).T.ravel(),
            "allocated": s.allocation.T.ravel(), "share": share.T.ravel(),
            "share_minus_fair": (share - p.fair[:, None]).T.ravel(),
            "floor": p.lower.T.ravel(), "cap": p.upper.T.ravel(),
            "at_cap": self._at_cap().T.ravel(), "cap_binds": self._binding().T.ravel(),
            "cap_source": p.cap_source.T.ravel(), "supply_unknown": p.unknown_supply.T.ravel(),
        })

    def explanations(self) -> list[str]:
        """Sentences: every shortfall with the caps that bind, every unknown, the US's part."""
        from guarantor.engine.result import shortfall_text

        p, s = self.problem, self.solution
        out: list[str] = []
        codes = np.array(p.codes)
        binding = self._binding()
        only, only_units = self.only_us()
        cover = p.max_cover()
        for r, name in enumerate(p.requirements):
            unit = p.units[r]
            shown = unit_words(unit)  # money says its price basis: 'a year (2024 prices)'
            if s.status[r] == "unknown" and not np.isfinite(p.required[r]):
                out.append(f"{name}: requirement unknown — a parameter it is derived from is not "
                           "sourced; not apportioned.")
                continue
            if s.status[r] == "unknown":
                low = s.shortfall[r] if s.shortfall_low is None else s.shortfall_low[r]
                unk = codes[p.unknown_supply[:, r]]
                out.append(f"{name}: {shortfall_text('unknown', low, s.shortfall[r])} {shown} "
                           "short — the sourced lower bounds leave it short, the upper bounds of "
                           "inventories not sourced (" + ", ".join(unk[:10]) + ") could meet it.")
                continue
            if s.status[r] == "short":
                at = np.flatnonzero(binding[:, r] & (p.upper[:, r] > 0))
                at = at[np.argsort(-p.upper[at, r], kind="stable")]
                listed = ", ".join(f"{codes[c]} {fmt_amount(p.upper[c, r], unit)} "
                                   f"({p.cap_source[c, r]})" for c in at[:6])
                more = f" and {at.size - 6} more" if at.size > 6 else ""
                zero = p.upper[:, r] <= 0
                why: dict[str, int] = {}
                for src in p.cap_source[zero, r]:
                    why[str(src)] = why.get(str(src), 0) + 1
                zeros = "; ".join(f"{n} with {k}" for k, n in sorted(why.items()))
                unk = codes[p.unknown_supply[:, r]]
                text = (f"{name}: SHORT by {fmt_amount(s.shortfall[r], unit)} {shown} — need "
                        f"{fmt_amount(p.required[r], unit)} after the US's "
                        f"{fmt_amount(p.us_covers[r], unit)}, the participants can field at most "
                        f"{fmt_amount(cover[r], unit)}. ")
                text += (f"Binding caps (at cap): {listed}{more}." if at.size
                         else "No participant can field any.")
                if zeros:
                    text += f" Nothing offered by: {zeros}."
                if unk.size:
                    names = ", ".join(unk[:10]) + (f" and {unk.size - 10} more"
                                                   if unk.size > 10 else "")
                    text += f" Supply not sourced for {names} — sourcing it may close the gap."
                out.append(text)
            else:
                b = np.flatnonzero(binding[:, r] & (p.upper[:, r] > 0))
                none = int((binding[:, r] & (p.upper[:, r] <= 0)).sum())
                if b.size or none:
                    held = (f"caps hold {', '.join(codes[b])} below fair share"
                            if b.size else "")
                    nil = f"{none} participant(s) can field none" if none else ""
                    out.append(f"{name}: met; " + "; ".join(x for x in (held, nil) if x)
                               + " — others carry the difference.")
            if only[r]:
                out.append(f"{name}: only the US can currently fill "
                           f"{fmt_amount(only_units[r], unit)} of the "
                           f"{fmt_amount(p.gross[r], unit)} {shown} (the others field at most "
                           f"{fmt_amount(cover[r], unit)}).")
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-able data."""
        return {
            "scenario": self.scenario, "title": self.title,
            "options": {"basis": self.options.basis, "mix": dict(self.options.mix or {}),
                        "troop_unit": self.options.troop_unit, "pledges": self.options.pledges,
                        "aid_cap_gdp_share": self.options.aid_cap_gdp_share},
            "feasible": self.feasible, "complete": self.complete,
            "solver": {"status": self.solution.solver_status, "optimal": self.solution.optimal,
                       "seconds": self.solution.solve_seconds, "columns": self.solution.n_cols,
                       "rows": self.solution.n_rows},
            "explanations": self.explanations(), "notes": list(self.solution.notes),
            "requirements": json.loads(self.requirements_table().to_json(orient="records")),
            "allocations": json.loads(self.allocations_table().to_json(orient="records")),
            "provenance": self.provenance,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, default=str)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write both tables (CSV) and the whole answer (JSON), atomically (temp, then rename)."""
        stem = f"{self.scenario}_apportion_{self.options.basis}"
        tables = {f"{stem}_requirements.csv": self.requirements_table(),
                  f"{stem}_allocations.csv": self.allocations_table()}
        writers: dict[str, Any] = {
            name: (lambda p, df=df: df.to_csv(p, index=False)) for name, df in tables.items()}
        writers[f"{stem}.json"] = lambda p: p.write_text(self.to_json(), encoding="utf-8")
        return write_files(out_dir, writers)


def apportion(scenario, options: ApportionOptions | None = None, *,
              overrides: dict[str, Any] | None = None, inputs: ModelInputs | None = None
              ) -> Apportionment:
    """Apportion a scenario's requirements by fair share (draw 0 of its inputs).

    Parameters
    ----------
    scenario : str, Path or Scenario
        A bundled name, a YAML path or a loaded scenario.
    options : ApportionOptions, optional
        Basis, troop unit, pledge mode, aid cap, time limit.
    overrides : dict, optional
        Dotted-path overrides of the scenario (as ``--set``).
    inputs : ModelInputs, optional
        Pre-built inputs (skips :func:`~guarantor.engine.inputs.build_inputs`).
    """
    from guarantor.data.countries import registry
    from guarantor.engine.evaluate import provenance
    from guarantor.scenario import Scenario, load_scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    opt = options or ApportionOptions()
    inp = inputs if inputs is not None else _inputs(sc)
    prob = build_problem(inp, opt)
    sol = solve(prob, time_limit=opt.time_limit)
    reg = registry()
    from guarantor.data.dataset import load_dataset

    prov = provenance(sc, load_dataset(), overrides=overrides)
    prov["notes"] = list(inp.notes)
    return Apportionment(sc.name, sc.title, opt, prob, sol,
                         tuple(reg[c].name for c in prob.codes), prov)


def _inputs(sc) -> ModelInputs:
    from guarantor.engine.inputs import build_inputs

    return build_inputs(sc)


def fair_share_allocations(inp: ModelInputs, options: ApportionOptions | None = None
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Allocations of the integer fair-share optimum for every draw, in the engine's arrays.

    Solves one MILP per draw (pledges as caps, like the other rules; GDP basis; troops in whole
    units of :data:`~guarantor.apportion.problem.DEFAULT_TROOP_UNIT`), at any number of draws:
    the cost is the caller's choice (about 10-50 ms a draw).

    Returns
    -------
    (troops (D, C), air (D, C, K), aid (D, C))
    """
    D = inp.n_draws
    opt = options or ApportionOptions()
    C, K = len(inp.codes), len(inp.classes)
    troops = np.zeros((D, C))
    air = np.zeros((D, C, K))
    aid = np.zeros((D, C))
    part = np.flatnonzero(inp.participants)
    names = ("troops", *inp.classes, "aid")
    for d in range(D):  # one small MILP per draw
        prob = build_problem(inp, opt, draw=d)
        x = solve(prob, time_limit=opt.time_limit).allocation
        full = np.zeros((C, len(names)))
        cols = np.array([names.index(r) for r in prob.requirements], dtype=np.intp)
        full[np.ix_(part, cols)] = x
        troops[d] = full[:, 0]
        air[d] = full[:, 1:1 + K]
        aid[d] = full[:, -1]
    return troops, air, aid


@dataclass(frozen=True)
class MilpFairShare:
    """The integer fair-share optimum as an engine allocator.

    ``compute(inp, allocator=MilpFairShare())`` gives the engine's tables with the MILP's
    allocations (one solve per draw).
    """

    options: ApportionOptions | None = None

    def __call__(self, inp: ModelInputs, needs: Needs) -> Allocation:
        troops, air, aid = fair_share_allocations(inp, self.options)
        unit = (self.options or ApportionOptions()).troop_unit
        return Allocation(
            troops, air, aid, aid_tolerance=1e-6,
            note=(f"fair_share: allocations from the fair-share MILP (GDP basis, troops in "
                  f"whole units of {unit}; see `guarantor apportion`)"))
