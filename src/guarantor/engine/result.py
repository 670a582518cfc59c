"""The answer of an evaluation as tables, with how it was made.

:class:`Result` holds the arrays and gives pandas DataFrames built from the arrays of draw 0 (a
plain run has one draw; Monte Carlo summaries live in :mod:`guarantor.uncertainty`). The tables
are built when first asked for: printing a run's summary needs only the arrays and the
pandas-free rows and columns below (:func:`mission_rows`, :func:`contribution_columns`,
:func:`spending_columns`), so a plain ``guarantor run`` never imports pandas.

``missions``       one row per mission item (troops, each air-shield class, aid): requirement, US
                   part, what the others can offer, what is allocated, shortfall and status;
``contributions``  one row per mission item x participating country: capacity, allocation, share
                   of the effort, fair share under the rule, annual cost;
``burden``         one row per country x year: cost by component in EUR, GDP, cost as a share of
                   GDP and of the defence budget, the straight-line path of the defence share to
                   the target and the extra spending that path needs that year;
``spending``       one row per country: base share of GDP, gap to the target, yearly increase
                   needed, whether the arrangement's cost fits inside the gap.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from guarantor.data.countries import registry
from guarantor.data.vocabulary import MissionStatus
from guarantor.engine.compute import Outputs
from guarantor.engine.inputs import ModelInputs
from guarantor.engine.willingness import AID_MISSION, CLASS_MISSION, TROOPS_MISSION
from guarantor.format import finite as _f
from guarantor.scenario import Scenario

if TYPE_CHECKING:  # pandas is imported when a table is first asked for
    import pandas as pd

CLASS_UNITS_FALLBACK = "units"

#: Creation date written into every workbook: fixed (the zip epoch), never the wall clock.
XLSX_CREATED = datetime(1980, 1, 1)


def _short_min(o: Outputs) -> np.ndarray:
    """(D, K) shortfall at the upper bounds of unknown inventories (the low end of the range)."""
    m = getattr(o, "air_shortfall_min", None)
    out: np.ndarray = o.air_shortfall if m is None else m
    return out


def _thousands(x: float) -> str:
    return f"{x:,.0f}"


def shortfall_text(status: str, low: float, high: float,
                   fmt: Callable[[float], str] = _thousands) -> str:
    """The one way every shell writes a shortfall: a range for an unknown, else the figure.

    Examples
    --------
    >>> shortfall_text("unknown", 0.0, 5.0), shortfall_text("short", 5.0, 5.0)
    ('unknown: 0 to 5', '5')
    """
    if status == "unknown" and np.isfinite(low) and np.isfinite(high):
        return f"unknown: {fmt(low)} to {fmt(high)}"
    return str(fmt(high))


def mission_status(short: float, unknown: bool, required: float) -> MissionStatus:
    """Status of one mission item (:data:`~guarantor.data.vocabulary.MISSION_STATUSES`):
    'none required', 'met', 'short' or 'unknown' (short while some supply or the requirement
    itself could not be sourced)."""
    if not np.isfinite(required) or not np.isfinite(short):
        return "unknown"
    if required <= 0:
        return "none required"
    if short <= 0:
        return "met"
    return "unknown" if unknown else "short"


@dataclass(frozen=True)
class Result:
    """Tables and provenance of one evaluated scenario.

    The tables (:attr:`missions`, :attr:`contributions`, :attr:`burden`, :attr:`spending`) are
    built from the arrays when first asked for; ``with_tables=False`` gives empty tables (the
    arrays and :meth:`summary` are complete).
    """

    scenario: Scenario
    inputs: ModelInputs = field(repr=False)
    outputs: Outputs = field(repr=False)
    provenance: dict[str, Any]
    with_tables: bool = True

    @cached_property
    def _frames(self) -> dict[str, pd.DataFrame]:
        if not self.with_tables:
            import pandas as pd

            return {k: pd.DataFrame() for k in TABLES}
        return table_frames(self.scenario, self.inputs, self.outputs)

    @property
    def missions(self) -> pd.DataFrame:
        """One row per mission item (see the module docstring)."""
        return self._frames["missions"]

    @property
    def contributions(self) -> pd.DataFrame:
        """One row per mission item x participating country."""
        return self._frames["contributions"]

    @property
    def burden(self) -> pd.DataFrame:
        """One row per participating country x year."""
        return self._frames["burden"]

    @property
    def spending(self) -> pd.DataFrame:
        """One row per participating country."""
        return self._frames["spending"]

    @property
    def feasible(self) -> bool:
        """Every requirement met (draw 0)."""
        return bool(self.outputs.feasible[0])

    def summary(self) -> dict[str, Any]:
        """Headline figures of draw 0 (for compare, JSON and the web app)."""
        o, i = self.outputs, self.inputs
        part = i.participants
        total = float(np.nansum(o.cost_total[0]))
        gdp0 = np.nansum(o.gdp[0][:, 0][part])
        out: dict[str, Any] = {
            "scenario": self.scenario.name,
            "title": self.scenario.title,
            "us_posture": self.scenario.us_posture,
            "burden_rule": self.scenario.burden_rule,
            "participants": int(part.sum()),
            "troops_required": float(o.troops_required[0]),
            "troops_allocated": float(o.troops[0].sum()),
            "troops_shortfall": float(o.troops_shortfall[0]),
            "air_required_units": float(o.air_required[0].sum()),
            "air_us_units": float(o.air_us[0].sum()),
            # the certain shortfall: an unknown class adds only what its upper bounds leave short
            "air_shortfall_units": float(_short_min(o)[0].sum()),
            "air_shortfall_units_if_unknown_zero": float(o.air_shortfall[0].sum()),
            "air_classes_short": [k for k, s, u in zip(i.classes, o.air_shortfall[0],
                                                       o.air_unknown[0], strict=True)
                                  if s > 0 and not u],
            "air_classes_unknown": {
                k: {"shortfall_low": float(lo), "shortfall_high": float(hi)}
                for k, lo, hi, u in zip(i.classes, _short_min(o)[0], o.air_shortfall[0],
                                        o.air_unknown[0], strict=True) if u},
            "air_cost_not_costed": self.air_uncosted(),
            "air_classes_only_us": [k for k, f in zip(i.classes, o.air_only_us[0], strict=True)
                                    if f],
            "money_basis": o.money_basis,
            "aid_required_eur": float(o.aid_required[0]),
            "aid_us_eur": float(o.aid_us[0]),
            "aid_shortfall_eur": float(o.aid_shortfall[0]),
            "europe_aid_share": _europe_aid_share(i, o),
            "cost_total_eur_per_year": total,
            "cost_gdp_share_participants": float(total / gdp0) if gdp0 > 0 else float("nan"),
            "feasible": self.feasible,
            "troops_by_basis": self.troops_by_basis(),
            "feasibility": self.feasibility(),
            "scenario_hash": self.provenance["scenario_hash"],
        }
        # a negative zero never reaches an output
        return {k: v + 0.0 if isinstance(v, float) else v for k, v in out.items()}

    def troops_by_basis(self) -> dict[str, float]:
        """Troops allocated (draw 0) by what they rest on: stated, assumed or overridden.

        From the arrays (the contributions table's ``basis`` column says the same; troops are
        whole persons, so the sums are exact in any order).
        """
        inp, troops = self.inputs, self.outputs.troops[0]
        rows = inp.evidence.get(TROOPS_MISSION)
        out = {"stated": 0.0, "assumed": 0.0, "overridden": 0.0}
        for j in np.flatnonzero(inp.participants):
            basis = "assumed" if rows is None else str(rows[j]["basis"])
            if basis in out:
                out[basis] += float(troops[j])
        return out

    def feasibility(self) -> str:
        """``yes`` (every requirement met), ``no`` (some requirement short whatever the unknown
        inventories hold) or ``unknown`` (short only where supply is not sourced), draw 0."""
        if self.feasible:
            return "yes"
        o = self.outputs
        certain = (o.troops_shortfall[0] > 0 or o.aid_shortfall[0] > 0
                   or bool((_short_min(o)[0] > 0).any()))
        return "no" if certain else "unknown"

    def air_uncosted(self) -> list[str]:
        """Air-shield classes the participants field but whose operating cost is not sourced
        (draw 0): the headline cost leaves them out and must say so."""
        o, i = self.outputs, self.inputs
        if self.scenario.missions.air_shield is None:
            return []
        used = o.air[0].sum(axis=0) > 0
        return [k for k, u, c in zip(i.classes, used, i.unit_year_eur[0], strict=True)
                if u and not np.isfinite(c)]

    def air_operation(self) -> pd.DataFrame:
        """:meth:`air_operation_rows` as a table."""
        import pandas as pd

        return pd.DataFrame(self.air_operation_rows())

    def air_operation_rows(self) -> list[dict[str, Any]]:
        """The air shield's requirement and operating cost per class, step by step (draw 0).

        Columns: class, required, hours_per_year (hours the whole operation flies, US part
        included), eur_per_flight_hour, operating_cost_eur_per_year (hours x cost per hour, or
        units x cost per unit-year for ground classes; NaN = not costed), participants_cost
        (the part the participants field), step (how the requirement and hours were derived).
        """
        i, o = self.inputs, self.outputs
        steps = {st.split(":", 1)[0]: st.split(":", 1)[1].strip() for st in i.air_steps}
        hours = i.air_hours[0] if i.air_hours is not None else np.full(len(i.classes), np.nan)
        rate = (i.flight_hour_eur[0] if i.flight_hour_eur is not None
                else np.full(len(i.classes), np.nan))
        rows = []
        for j, k in enumerate(i.classes):
            req = float(o.air_required[0, j])
            if np.isfinite(hours[j]) or np.isfinite(rate[j]):
                total = hours[j] * rate[j]
            else:
                total = req * i.unit_year_eur[0, j]
            rows.append({"class": k, "required": req, "hours_per_year": float(hours[j]),
                         "eur_per_flight_hour": float(rate[j]),
                         "operating_cost_eur_per_year": float(total),
                         "participants_cost_eur_per_year": float(
                             np.sum(o.air[0, :, j]) * i.unit_year_eur[0, j]),
                         "step": steps.get(k, "")})
        return rows

    def pool_offers(self) -> pd.DataFrame:
        """:meth:`pool_offer_rows` as a table."""
        import pandas as pd

        return pd.DataFrame(self.pool_offer_rows())

    def pool_offer_rows(self) -> list[dict[str, Any]]:
        """What each pooled fleet offers and what that rests on (draw 0).

        Columns: pool, class, offered_by (``members`` or ``nato_decision``), size, availability,
        available (``floor(size x availability)``), take_part (share of the pool's hours whose
        members take part; NaN when offered by members' willingness), offered (aircraft),
        used (aircraft the mission draws from it), and for a NATO-decision pool the hour shares
        by basis: share_stated, share_assumed, share_overridden, share_will_not.
        """
        i = self.inputs
        from guarantor.engine.air import supply as air_supply

        sup = air_supply(i, draws=slice(0, 1))
        pooled = sup["pooled"][0]                                   # (C, K)
        rows = []
        basis = dict(zip(i.pool_ids, i.pool_basis, strict=False))
        take = i.pool_take_part
        used_k = self.outputs.air_pool[0] if self.outputs.air_pool is not None else None
        for q, pid in enumerate(i.pool_ids):
            k = int(i.pool_class[q])
            size = float(i.pool_size[q])
            av = float(i.availability[0, k])
            tp = float(take[0, q]) if take is not None else float("nan")
            decided = np.isfinite(tp)
            offered = (float(np.floor(size * av + 1e-9) * tp) if decided else
                       float(np.sum(np.floor(size * av + 1e-9) * i.pool_members[q]
                                    * i.air_willingness()[0, :, k] * i.participants)))
            same_class = [p for p in range(len(i.pool_ids)) if int(i.pool_class[p]) == k]
            class_offer = float(pooled[:, k].sum())
            used = (float(used_k[k]) * offered / class_offer
                    if used_k is not None and class_offer > 0 else 0.0)
            row: dict[str, Any] = {
                "pool": pid, "class": i.classes[k],
                "offered_by": "nato_decision" if decided else "members",
                "size": size, "availability": av,
                "available": float(np.floor(size * av + 1e-9)), "take_part": tp,
                "offered": offered, "used": used, "pools_in_class": len(same_class)}
            b = basis.get(pid, ())
            if decided and b:
                for name in ("stated", "assumed", "overridden", "will not"):
                    row["share_" + name.replace(" ", "_")] = float(sum(
                        f for _, bb, f in b if bb == name))
                row["will_not"] = ", ".join(c for c, bb, _ in b if bb == "will not")
            rows.append(row)
        return rows

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name."""
        return {"missions": self.missions, "contributions": self.contributions,
                "burden": self.burden, "spending": self.spending}

    def to_json(self) -> str:
        """Summary, tables and provenance as JSON."""
        payload = {
            "summary": self.summary(),
            "provenance": self.provenance,
            "tables": {k: json.loads(v.to_json(orient="records"))
                       for k, v in self.tables().items()},
        }
        return json.dumps(payload, indent=2, default=str)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV and Parquet, one XLSX workbook and provenance.json.

        Written through :func:`guarantor.atomic.write_files`, so a failure leaves no
        half-written file behind.
        """
        # imported here: the atomic writer (ctypes.util, subprocess, tempfile, shutil) is for
        # writing files, which a plain run never does
        from guarantor.atomic import write_files

        stem = self.scenario.name
        writers: dict[str, Any] = {}
        for name, df in self.tables().items():
            writers[f"{stem}_{name}.csv"] = lambda p, df=df: df.to_csv(p, index=False)
            writers[f"{stem}_{name}.parquet"] = lambda p, df=df: df.to_parquet(p, index=False)
        writers[f"{stem}.xlsx"] = self._write_xlsx
        writers[f"{stem}_provenance.json"] = lambda p: p.write_text(
            json.dumps(self.provenance, indent=2, default=str))
        return write_files(out_dir, writers)

    def _write_xlsx(self, path: Path) -> None:
        path.write_bytes(self.xlsx_bytes())

    def xlsx_bytes(self) -> bytes:
        """One workbook: a sheet per table and one for the provenance (CLI and web alike)."""
        import pandas as pd

        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
            # a fixed creation date: the same scenario gives the same bytes on any day
            xw.book.set_properties({"created": XLSX_CREATED})
            for name, df in self.tables().items():
                df.to_excel(xw, sheet_name=name, index=False)
            pd.DataFrame(
                [(k, json.dumps(v, default=str)) for k, v in self.provenance.items()],
                columns=["key", "value"],
            ).to_excel(xw, sheet_name="provenance", index=False)
        return buf.getvalue()


#: Numeric columns of the missions table (None in :func:`mission_rows` is NaN there).
MISSION_NUMBERS = ("requirement", "us_supply", "others_capacity", "allocated", "shortfall",
                   "shortfall_low")


def mission_rows(scenario: Scenario, inp: ModelInputs, o: Outputs,
                 d: int = 0) -> list[dict[str, Any]]:
    """The missions table of draw ``d`` as JSON-ready dicts (None = unknown).

    One row per mission item: requirement, what the US supplies, what the others can offer and
    are allocated, the shortfall, the status and whether only the US can fill it. The tables
    (:attr:`Result.missions`), the report and the web app all read these rows.
    """
    from guarantor.data.capabilities import CLASS_UNITS

    rows: list[dict[str, Any]] = []
    if scenario.missions.reassurance_force is not None:
        req, short = float(o.troops_required[d]), float(o.troops_shortfall[d])
        rows.append(dict(mission="reassurance_force", item="troops", unit="persons",
                         requirement=_f(req), us_supply=0.0,
                         others_capacity=_f(o.troops_capacity[d].sum()),
                         allocated=_f(o.troops[d].sum()), shortfall=_f(short),
                         shortfall_low=_f(short),
                         status=mission_status(short, False, req), only_us_can_fill=False))
    if scenario.missions.air_shield is not None:
        for j, k in enumerate(inp.classes):
            req, short = float(o.air_required[d, j]), float(o.air_shortfall[d, j])
            rows.append(dict(mission="air_shield", item=k,
                             unit=CLASS_UNITS.get(k, CLASS_UNITS_FALLBACK),
                             requirement=_f(req), us_supply=_f(o.air_us[d, j]),
                             others_capacity=_f(o.air_capacity[d, :, j].sum()),
                             allocated=_f(o.air[d, :, j].sum()), shortfall=_f(short),
                             shortfall_low=_f(_short_min(o)[d, j]),
                             status=mission_status(short, bool(o.air_unknown[d, j]), req),
                             only_us_can_fill=bool(o.air_only_us[d, j])))
    if scenario.missions.military_aid is not None:
        req, short = float(o.aid_required[d]), float(o.aid_shortfall[d])
        rows.append(dict(mission="military_aid", item="aid", unit=f"{o.money_basis} per year",
                         requirement=_f(req), us_supply=_f(o.aid_us[d]), others_capacity=None,
                         allocated=_f(o.aid[d].sum()), shortfall=_f(short),
                         shortfall_low=_f(short),
                         status=mission_status(short, False, req), only_us_can_fill=False))
    return rows


def _europe_aid_share(i: ModelInputs, o: Outputs) -> float:
    """Share of the aid requirement that European donors give (draw 0).

    European as Kiel counts donors (registry/donor_groups.yaml): EU members, EU institutions and
    the other European states — not "everyone but the US", which would count Canada, Japan,
    Australia, Korea and New Zealand as Europe.
    """
    if not o.aid_required[0] > 0:
        return 1.0
    if i.europe_donor is None:
        return float(1 - o.aid_us[0] / o.aid_required[0])
    mask = i.participants & i.europe_donor
    return float(np.nansum(o.aid[0][mask]) / o.aid_required[0])


def column_rows(columns: dict[str, Any]) -> list[dict[str, Any]]:
    """Columns (a scalar stands for every row) as one dict per row, without pandas.

    Examples
    --------
    >>> column_rows({"a": [1, 2], "b": "x"})
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'x'}]
    """
    n = max((len(v) for v in columns.values() if not isinstance(v, str | float | int | bool)
             and np.ndim(v) > 0), default=1)
    cols = {k: (v if not isinstance(v, str) and np.ndim(v) > 0 else [v] * n)
            for k, v in columns.items()}
    return [{k: v[i] for k, v in cols.items()} for i in range(n)]


def descending_order(values: np.ndarray) -> np.ndarray:
    """Row order of ``values`` from largest to smallest, NaN last: exactly the order pandas'
    ``sort_values(ascending=False)`` gives (its quicksort, ties included), so the terminal
    lists rows as the tables do.

    Examples
    --------
    >>> descending_order(np.array([1.0, np.nan, 3.0, 2.0])).tolist()
    [2, 3, 0, 1]
    """
    v = np.asarray(values, dtype=float)
    idx = np.arange(len(v))
    nan = np.isnan(v)
    keep, keep_idx = v[~nan][::-1], idx[~nan][::-1]
    order = keep_idx[keep.argsort(kind="quicksort")][::-1]
    return np.concatenate([order, np.flatnonzero(nan)])


def compensated_sum(values: Any) -> float:
    """Sum of the non-NaN ``values`` in their order with Kahan's compensation, as pandas'
    ``groupby(...).sum()`` sums, so a total printed without pandas is the table's (equal, or
    in rare cases 1 ulp apart: far below any printed digit).

    Examples
    --------
    >>> compensated_sum([0.1, float("nan"), 0.2])
    0.30000000000000004
    """
    total = comp = 0.0
    for v in values:
        v = float(v)
        if v != v:
            continue
        t = v - comp
        new = total + t
        comp = new - total - t
        total = new
    return total


#: Names of the tables of a :class:`Result`, in the order they are written.
TABLES = ("missions", "contributions", "burden", "spending")


def build_tables(scenario: Scenario, inp: ModelInputs, o: Outputs,
                 provenance: dict[str, Any]) -> Result:
    """A :class:`Result` of draw 0 of the arrays (its tables are built when first asked for)."""
    return Result(scenario, inp, o, provenance)


def evidence_columns(inp: ModelInputs, position_mission: str) -> dict[str, Any]:
    """What each participant's figure rests on: the stated position or the override (one entry
    per participant, in registry order; a scalar when the contributions are all assumed)."""
    rows = inp.evidence.get(position_mission)
    idx = np.flatnonzero(inp.participants)
    if rows is None:  # contributions.source: assumed
        return {"basis": "assumed", "stance": "", "evidence": "participants willingness "
                "(contributions.source: assumed)", "speaker": "", "statement_date": "",
                "quote": "", "source_url": "", "pledged": np.nan, "pledge_entry": ""}
    pick = [rows[i] for i in idx]
    return {
        "basis": [r["basis"] for r in pick],
        "stance": [r["stance"] + (
            f" ({r['condition']}: {'met' if r['condition_met'] else 'not met'})"
            if r["condition"] else "") for r in pick],
        "evidence": [r["reason"] or r["entry"] or ("no entry" if r["stance"] == "none"
                                                    else "") for r in pick],
        "speaker": [r["speaker"] for r in pick],
        "statement_date": [r["date"] for r in pick],
        "quote": [r["quote"] for r in pick],
        "source_url": [r["url"] for r in pick],
        "pledged": [r.get("pledged", np.nan) for r in pick],
        "pledge_entry": [r.get("pledge_entry", "") for r in pick],
    }


def contribution_columns(scenario: Scenario, inp: ModelInputs, o: Outputs,
                         d: int = 0) -> list[dict[str, Any]]:
    """The contributions table of draw ``d`` as columns, one mapping per mission item (a
    scalar stands for the same value in every row). :attr:`Result.contributions` stacks them;
    the terminal reads them without pandas."""
    from guarantor.data.capabilities import CLASS_UNITS

    reg = registry()
    codes = np.array(inp.codes)
    names = np.array([reg[c].name for c in inp.codes])
    part = inp.participants
    fair = o.fair_weights[d]
    out: list[dict[str, Any]] = []

    def add(mission: str, item: str, unit: str, cap: np.ndarray, alloc: np.ndarray,
            cost: np.ndarray, position_mission: str) -> None:
        total = alloc.sum()
        share = alloc / total if total > 0 else np.zeros_like(alloc)
        out.append({
            "mission": mission, "item": item, "unit": unit, "iso3": codes[part],
            "country": names[part], "capacity": cap[part], "allocated": alloc[part],
            "share_of_effort": share[part], "fair_share": fair[part],
            "cost_eur_per_year": cost[part], **evidence_columns(inp, position_mission),
        })

    if scenario.missions.reassurance_force is not None:
        add("reassurance_force", "troops", "persons", o.troops_capacity[d], o.troops[d],
            o.cost_troops[d], TROOPS_MISSION)
    if scenario.missions.air_shield is not None:
        unit_cost = inp.unit_year_eur[d]
        for j, k in enumerate(inp.classes):
            add("air_shield", k, CLASS_UNITS.get(k, CLASS_UNITS_FALLBACK),
                o.air_capacity[d, :, j], o.air[d, :, j], o.air[d, :, j] * unit_cost[j],
                CLASS_MISSION.get(k, "air_shield_aircraft"))
    if scenario.missions.military_aid is not None:
        aid = o.aid[d]
        add("military_aid", "aid", f"{o.money_basis} per year", np.full(len(codes), np.nan), aid,
            aid, AID_MISSION)
    return out


def spending_columns(inp: ModelInputs, o: Outputs, d: int = 0) -> dict[str, Any]:
    """The spending table of draw ``d`` as columns (one entry per participant; a scalar stands
    for the same value in every row), for :attr:`Result.spending` and the terminal."""
    reg = registry()
    part = inp.participants
    codes = np.array(inp.codes)
    core = target_core(inp, o)
    return {
        "iso3": codes[part], "country": np.array([reg[c].name for c in inp.codes])[part],
        "base_year": inp.base_year,
        "defence_gdp_share": inp.milex_gdp_share[part],
        "target_share": core[part], "target_year": inp.target_year,
        "target_related_share": np.where(np.isnan(core[part]), np.nan,
                                         inp.target_related_share),
        "gap_eur_target_year": o.gap_eur[d][part],
        "gap_related_eur_upper": (o.gap_related_upper[d][part] if o.gap_related_upper is not None
                                  else np.full(int(part.sum()), np.nan)),
        "increase_share_per_year": o.increase_share_per_year[part],
        "increase_eur_per_year": o.increase_eur_per_year[d][part],
        "arrangement_cost_eur": o.cost_total[d][part],
        "cost_fits_in_gap": o.cost_fits_gap[d][part],
        "arrangement_cost_target_year_eur": (o.cost_target_year[d][part]
                                             if o.cost_target_year is not None
                                             else np.full(int(part.sum()), np.nan)),
        "money_basis": o.money_basis,
    }


def target_core(inp: ModelInputs, o: Outputs) -> np.ndarray:
    """(C,) core spending target per country [share of GDP] (NaN: no target applies)."""
    if o.target_core_share is not None:
        return o.target_core_share
    return np.full(len(inp.codes), inp.target_share)


def table_frames(scenario: Scenario, inp: ModelInputs, o: Outputs) -> dict[str, pd.DataFrame]:
    """Draw 0 of the arrays as the four tables (:data:`TABLES`) of a :class:`Result`."""
    import pandas as pd

    reg = registry()
    codes = np.array(inp.codes)
    names = np.array([reg[c].name for c in inp.codes])
    part = inp.participants
    d = 0

    missions = pd.DataFrame(mission_rows(scenario, inp, o, d))
    if not missions.empty:
        missions = missions.astype({c: float for c in MISSION_NUMBERS})
    contrib = [pd.DataFrame(c) for c in contribution_columns(scenario, inp, o, d)]
    contributions = pd.concat(contrib, ignore_index=True) if contrib else pd.DataFrame()

    Y = len(inp.years)
    # straight-line path of the defence share from the base year to the target year, then flat
    frac = np.clip((inp.years - inp.base_year) / max(inp.target_year - inp.base_year, 1), 0, 1)
    base_share = np.nan_to_num(inp.milex_gdp_share, nan=np.nan)
    core = target_core(inp, o)
    path = base_share[:, None] + np.clip(core - base_share, 0, None)[:, None] * frac
    path_gap = np.clip(path * o.gdp[d] - o.milex[d], 0, None)
    burden = pd.DataFrame({
        "iso3": np.repeat(codes[part], Y),
        "country": np.repeat(names[part], Y),
        "year": np.tile(inp.years, int(part.sum())),
        "cost_troops_eur": np.repeat(o.cost_troops[d][part], Y),
        "cost_air_eur": np.repeat(o.cost_air[d][part], Y),
        "cost_aid_eur": np.repeat(o.cost_aid[d][part], Y),
        "cost_total_eur": np.repeat(o.cost_total[d][part], Y),
        "air_cost_complete": np.repeat(o.air_cost_known[d][part], Y),
        "gdp_eur": o.gdp[d][part].ravel(),
        "defence_budget_eur": o.milex[d][part].ravel(),
        "cost_gdp_share": o.cost_gdp_share[d][part].ravel(),
        "cost_defence_budget_share": o.cost_milex_share[d][part].ravel(),
        "target_path_share": path[part].ravel(),
        "spending_gap_eur": path_gap[part].ravel(),
        # every money column above is in this basis (constant euros of the price base year)
        "money_basis": o.money_basis,
    })
    spending = pd.DataFrame(spending_columns(inp, o, d))
    frames = (missions, contributions, burden, spending)
    return dict(zip(TABLES, (_no_negative_zero(t) for t in frames), strict=True))


def _no_negative_zero(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with -0.0 made 0.0 in every float column (a negative zero never reaches an output)."""
    cols = [c for c in df.columns if df[c].dtype.kind == "f"]
    if cols:
        df[cols] = df[cols] + 0.0
    return df
