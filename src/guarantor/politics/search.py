"""Search for acceptable arrangements: vary a scenario's open levers, keep the Pareto front.

Every combination of the chosen lever values is one *arrangement*. Each is judged on three
objectives, all to be minimised:

* **red lines** — the weighted number of red lines it crosses
  (:func:`guarantor.politics.redlines.count_crossed`, weight per actor, default 1), as of a date;
* **shortfall** — the *shortfall index* [0..3]: the unmet share of the reassurance-force
  requirement, plus the mean unmet share of the air-shield requirement over the capability classes
  that have one, plus the unmet share of the military-aid requirement (each 0 when the mission is
  absent). 0 means every requirement is met; 1 is, e.g., a force nobody can staff;
* **cost** — what the arrangement costs the participants per year [EUR per year in the engine's
  money basis, constant euros of ``prices.base_year``, e.g. EUR_2024]: troops,
  air-shield units and the military aid they pay (the US part of aid is not theirs to pay).

The front holds the arrangements no other arrangement beats on all three.

Levers
------
The closed list is :data:`guarantor.scenario.levers.LEVERS` (``guarantor search --help`` prints
the ones a search can vary, :data:`LEVERS`). Levers of different
kinds are evaluated differently, so a grid of hundreds or thousands of arrangements costs a few
engine calls, never one full run per combination:

``posture``  the US posture changes the engine's inputs (what the US supplies, its aid share): one
             :func:`~guarantor.engine.build_inputs` + :func:`~guarantor.engine.compute` per value;
``draw``     numeric engine inputs (force size, willingness, air commit share, aid requirement)
             are batched on the engine's draw axis within each posture;
``aid``      the US share of military aid: set on the built inputs, also on the draw axis;
``policy``   flags and the spending target change no engine array: they are combined with the
             engine results by broadcasting, with no re-evaluation.

Examples
--------
>>> from guarantor.scenario import load_scenario
>>> vary = {"force": ["0", "30000"], "membership": ["false", "true"]}
>>> res = search(load_scenario("feb2025"), vary)
>>> len(res.frame), int(res.frame["on_front"].sum()) >= 1
(4, True)
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from guarantor.errors import ScenarioError
from guarantor.politics.topics import TopicInputs
from guarantor.scenario.levers import LEVERS as ALL_LEVERS
from guarantor.scenario.levers import Lever, current_name

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from guarantor.politics.ledger import Ledger
    from guarantor.scenario import Scenario

#: Most combinations one search may enumerate (the grid is held in memory).
MAX_COMBINATIONS = 500_000


def _searchable() -> dict[str, Lever]:
    return {n: lv for n, lv in ALL_LEVERS.items() if lv.kind != "scenario"}


#: The levers a search can vary (those of :data:`guarantor.scenario.levers.LEVERS` whose kind the
#: search knows how to batch); declared once, in :mod:`guarantor.scenario.levers`.
LEVERS: dict[str, Lever] = _searchable()


def levers_help() -> str:
    """One line per lever: name, what it is, allowed values."""
    return "\n".join(f"{lv.name}: {lv.help}; {lv.allowed()}" for lv in LEVERS.values())


def lever(name: str) -> Lever:
    """The lever called ``name`` (an old name: its successor, with a FutureWarning);
    ScenarioError listing the levers when unknown."""
    name = current_name(name)
    if name not in LEVERS:
        raise ScenarioError("unknown lever", key="--vary", value=name,
                            allowed=", ".join(LEVERS), hint="see `guarantor search --help`")
    return LEVERS[name]


def parse_vary(items: Sequence[str]) -> dict[str, list[str]]:
    """``LEVER=v1,v2,...`` strings into {lever: [value texts]} (checked in :func:`parse_grid`)."""
    out: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        name = current_name(name.strip())
        if not sep or not values.strip():
            raise ScenarioError("--vary needs LEVER=v1,v2,...", value=item,
                                allowed="e.g. --vary force=10000,30000 --vary article5=false,true")
        lever(name)
        if name in out:
            raise ScenarioError("lever varied twice", key="--vary", value=name,
                                hint="give all its values in one --vary")
        out[name] = [v for v in (s.strip() for s in values.split(",")) if v]
    return out


def parse_grid(vary: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """Lever values parsed and checked; duplicates dropped (first kept)."""
    if not vary:
        raise ScenarioError("nothing to vary", key="--vary", allowed=", ".join(LEVERS),
                            hint="e.g. --vary us_posture=none,enablers")
    renamed = [current_name(k) for k in vary]
    if len(set(renamed)) < len(renamed):
        raise ScenarioError("lever varied twice (under its old and its new name)", key="--vary",
                            value=", ".join(vary), hint="give all its values in one --vary")
    vary = dict(zip(renamed, vary.values(), strict=True))
    if "us_aid_share" in vary and "non_us_aid_share" in vary:
        raise ScenarioError("us_aid_share and non_us_aid_share set the same thing",
                            key="--vary", value="us_aid_share, non_us_aid_share",
                            hint="vary one of them")
    grid: dict[str, list[Any]] = {}
    for name, values in vary.items():
        lv = lever(name)
        parsed = [lv.parse(str(v).lower() if isinstance(v, bool) else str(v)) for v in values]
        if not parsed:
            raise ScenarioError("lever has no values", key=f"--vary {name}", allowed=lv.allowed())
        grid[name] = list(dict.fromkeys(parsed))
    n = int(np.prod([len(v) for v in grid.values()], dtype=float))
    if n > MAX_COMBINATIONS:
        raise ScenarioError("too many combinations", value=n,
                            allowed=f"at most {MAX_COMBINATIONS:,}", hint="vary fewer values")
    return grid


def parse_weights(text: str | Sequence[str] | None, ledger: Ledger) -> dict[str, float]:
    """``ACTOR=w,ACTOR=w`` into {actor: weight}; actors must have statements in the ledger."""
    if not text:
        return {}
    items = [text] if isinstance(text, str) else list(text)
    out: dict[str, float] = {}
    for item in ",".join(items).split(","):
        if not item.strip():
            continue
        actor, sep, w = item.partition("=")
        actor = actor.strip()
        if not sep:
            raise ScenarioError("--weights needs ACTOR=w,...", value=item,
                                allowed="e.g. USA=2,RUS=0.5")
        if actor not in ledger.actors:
            raise ScenarioError("no statement of this actor in the ledger", key="--weights",
                                value=actor, allowed=", ".join(ledger.actors))
        try:
            v = float(w)
        except ValueError:
            v = float("nan")
        if not np.isfinite(v) or v < 0:
            raise ScenarioError("actor weight must be a finite number >= 0",
                                key=f"--weights {actor}", value=w, allowed=">= 0")
        out[actor] = v
    return out


# --------------------------------------------------------------------------- Pareto front


def pareto_front(objectives: np.ndarray) -> np.ndarray:
    """Which points no other point dominates (all objectives minimised).

    Parameters
    ----------
    objectives : ndarray, shape (N, M)
        One row per point; NaN counts as worst (+inf).

    Returns
    -------
    ndarray of bool, shape (N,)
        True for the non-dominated points. Point ``j`` dominates ``i`` when it is no worse on every
        objective and better on one; identical points do not dominate each other (all are kept).

    Notes
    -----
    Duplicate points are collapsed first (``np.unique``); the unique points, sorted
    lexicographically, can only be dominated by points before them. For two objectives that is a
    running minimum; for three a sweep with a Fenwick tree of prefix minima over the second
    objective's ranks (Kung, Luccio & Preparata 1975), O(N log N); for more, chunked pairwise
    comparison.

    References
    ----------
    H. T. Kung, F. Luccio, F. P. Preparata (1975), "On finding the maxima of a set of vectors",
    Journal of the ACM 22(4), 469-476.

    Examples
    --------
    >>> pareto_front(np.array([[0, 3, 1], [1, 1, 1], [1, 2, 1], [0, 3, 1]])).tolist()
    [True, True, False, True]
    """
    obj = np.asarray(objectives, dtype=float)
    if obj.ndim != 2:
        raise ValueError("objectives must be (N, M)")
    n, m = obj.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    obj = np.where(np.isnan(obj), np.inf, obj)
    uniq, inverse = np.unique(obj, axis=0, return_inverse=True)  # sorted lexicographically
    inverse = np.asarray(inverse).reshape(-1)
    if m == 1:
        keep = uniq[:, 0] == uniq[0, 0]
    elif m == 2:
        prev_min = np.concatenate(([np.inf], np.minimum.accumulate(uniq[:-1, 1])))
        keep = prev_min > uniq[:, 1]
    elif m == 3:
        keep = _front3(uniq)
    else:
        keep = _front_pairwise(uniq)
    return keep[inverse]


def _front3(u: np.ndarray) -> np.ndarray:
    """Non-dominated rows of unique, lexicographically sorted (U, 3) points."""
    _, rank = np.unique(u[:, 1], return_inverse=True)
    rank = np.asarray(rank).reshape(-1) + 1  # 1-based for the Fenwick tree
    size = int(rank.max())
    tree = [np.inf] * (size + 1)
    cost = u[:, 2].tolist()
    keep = np.ones(len(u), dtype=bool)
    for i, r in enumerate(rank.tolist()):
        best, j = np.inf, r
        while j > 0:  # min cost among earlier points with second objective <= this one's
            if tree[j] < best:
                best = tree[j]
            j -= j & -j
        if best <= cost[i]:
            keep[i] = False
        j = r
        while j <= size:
            if cost[i] < tree[j]:
                tree[j] = cost[i]
            j += j & -j
    return keep


def _front_pairwise(u: np.ndarray, budget: int = 4_000_000) -> np.ndarray:
    """Non-dominated rows of unique (U, M) points by chunked pairwise comparison."""
    n, m = u.shape
    keep = np.ones(n, dtype=bool)
    step = max(1, budget // max(n * m, 1))
    for s in range(0, n, step):
        blk = u[s:s + step]
        le = (u[None, :, :] <= blk[:, None, :]).all(-1)
        lt = (u[None, :, :] < blk[:, None, :]).any(-1)
        keep[s:s + step] = ~(le & lt).any(-1)
    return keep


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True)
class SearchResult:
    """Every arrangement of a search, its objectives, and which are on the Pareto front."""

    scenario: str
    levers: tuple[str, ...]
    grid: Mapping[str, list[Any]]
    frame: pd.DataFrame = field(repr=False)
    actors: tuple[str, ...]
    weights: Mapping[str, float]
    as_of: date
    n_engine: int
    n_batches: int
    seconds: float

    @property
    def n(self) -> int:
        """Number of arrangements enumerated."""
        return len(self.frame)

    def front(self, top: int | None = None) -> pd.DataFrame:
        """Front members, fewest weighted red lines first, then shortfall, then cost.

        Adds ``crossed_by`` ("RUS x3, UKR": red lines crossed per actor, unweighted).
        """
        f = self.frame[self.frame["on_front"]].sort_values(
            ["red_lines_weighted", "shortfall_index", "cost_eur_per_year"], kind="stable")
        if top is not None:
            f = f.head(top)
        f = f.copy()
        cols = [f"crossed.{a}" for a in self.actors]
        counts = f[cols].to_numpy() if cols else np.zeros((len(f), 0))
        f["crossed_by"] = [
            ", ".join(a if c == 1 else f"{a} x{int(c)}"
                      for a, c in zip(self.actors, row, strict=True) if c > 0)
            or "nobody"
            for row in counts
        ]
        return f


    def front_groups(self, top: int | None = None) -> pd.DataFrame:
        """The front with arrangements that tie on every objective collapsed into one row.

        Rows whose objectives (and ``crossed_by``) are identical and whose lever values form a
        full product (e.g. every willingness x every spending target) become one row, the lever
        values joined with ``|`` (``any`` when every value of the lever is in the row) and ``n``
        the number of arrangements it stands for; other ties stay separate rows. Lever columns
        are text.
        """
        import pandas as pd

        f = self.front()
        keys = ["red_lines_weighted", "shortfall_index", "cost_eur_per_year", "feasible",
                "crossed_by"]
        rows: list[dict[str, Any]] = []
        for _, g in f.groupby(keys, sort=False, dropna=False):
            distinct = {lv: list(dict.fromkeys(g[lv].tolist())) for lv in self.levers}
            full = int(np.prod([len(v) for v in distinct.values()])) == len(g)
            if full:
                row = g.iloc[0].to_dict()
                row.update({lv: "any" if len(vs) == len(self.grid[lv]) > 1 else
                            "|".join(_fmt_value(lv, v) for v in vs)
                            for lv, vs in distinct.items()})
                row["n"] = len(g)
                rows.append(row)
            else:
                for _, r in g.iterrows():
                    row = r.to_dict()
                    row.update({lv: _fmt_value(lv, r[lv]) for lv in self.levers})
                    row["n"] = 1
                    rows.append(row)
        out = pd.DataFrame(rows)
        return out.head(top) if top is not None else out


def _fmt_value(name: str, v: Any) -> str:
    """A lever value as the user would type it."""
    lv = LEVERS[name]
    if lv.value_type == "bool":
        return "true" if v else "false"
    if lv.value_type == "force":
        return f"{v:,.0f}"
    if lv.value_type == "number":
        return f"{v:g}"
    return str(v)


def _engine_batch(
    scenario: Scenario,
    posture: str,
    draws: dict[str, np.ndarray],
    us_share: np.ndarray | None,
    n: int,
    cache: dict[str, Any],
) -> dict[str, np.ndarray]:
    """One build_inputs + compute for ``n`` arrangements sharing a US posture."""
    from guarantor.engine import build_inputs, compute

    sc = scenario if posture == scenario.us_posture else scenario.model_copy(
        update={"us_posture": posture})
    inp = build_inputs(sc, data=cache["data"], params=cache["params"],
                       inventory=cache["inventory"], postures=cache["postures"],
                       draws=draws, n_draws=n)
    if us_share is not None:
        inp = dataclasses.replace(inp, us_aid_share=np.asarray(us_share, dtype=float))
    out = compute(inp)
    troops = out.troops
    req_t = out.troops_required
    # an unknown class is not a shortfall: only what its upper bounds leave short counts
    air_req = out.air_required
    air_short = out.air_shortfall if out.air_shortfall_min is None else out.air_shortfall_min
    has_air = air_req > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        t_share = np.where(req_t > 0, out.troops_shortfall / np.where(req_t > 0, req_t, 1), 0.0)
        a_cls = np.where(has_air, air_short / np.where(has_air, air_req, 1), 0.0)
        a_share = np.where(has_air.any(-1), a_cls.sum(-1) / np.maximum(has_air.sum(-1), 1), 0.0)
        aid_req = out.aid_required
        aid_share = np.where(aid_req > 0, out.aid_shortfall / np.where(aid_req > 0, aid_req, 1),
                             0.0)
    from guarantor.politics.arrangement import europe_aid_share, europe_mask

    europe = (inp.europe_donor if inp.europe_donor is not None
              else europe_mask(inp.codes, int(inp.years[0])))

    return {
        "troops_deployed": troops.sum(-1),
        "nato_countries_with_troops": ((troops > 0) & inp.nato_member[None, :]).sum(-1),
        "europe_aid_share": europe_aid_share(out.aid, out.aid_required, europe),
        "troops_shortfall_share": t_share,
        "air_shortfall_share": a_share,
        "air_classes_unknown": out.air_unknown.sum(-1),
        # the same bounds the engine reports for the unknown classes [units]: the shortfall at
        # the sourced lower bounds (high) and at the upper bounds (low)
        "air_unknown_shortfall_low": np.where(out.air_unknown, air_short, 0.0).sum(-1),
        "air_unknown_shortfall_high": np.where(out.air_unknown, out.air_shortfall, 0.0).sum(-1),
        "aid_shortfall_share": aid_share,
        "cost_eur_per_year": np.nansum(out.cost_total, axis=-1),
        "feasible": out.feasible,
    }


def search(
    scenario: Scenario,
    vary: Mapping[str, Sequence[Any]],
    *,
    weights: Mapping[str, float] | None = None,
    as_of: date | None = None,
    ledger: Ledger | None = None,
) -> SearchResult:
    """Enumerate every combination of the lever values and judge each arrangement.

    Parameters
    ----------
    scenario : Scenario
        The arrangement whose levers are opened; every lever not varied keeps its value.
    vary : mapping of lever name to a sequence of values
        Values as text (``"true"``, ``"30000"``, ``"ukfr_under_30k"``) or Python values.
    weights : mapping of actor to float, optional
        Weight of each actor's red lines [>= 0, default 1].
    as_of : date, optional
        Statements made by this date (default: the ledger's latest statement).
    ledger : Ledger, optional
        The positions ledger (default: the bundled one).

    Returns
    -------
    SearchResult
        ``frame``: one row per arrangement (lever values, ``red_lines_weighted``, ``red_lines``,
        ``crossed.<actor>``, ``shortfall_index`` and its three parts, ``cost_eur_per_year``,
        ``feasible``, ``troops_deployed``, ``europe_aid_share``, ``on_front``).
    """
    import pandas as pd

    from guarantor.data.capabilities import load_inventory
    from guarantor.data.dataset import load_dataset
    from guarantor.data.params import load_parameters, load_postures
    from guarantor.politics.arrangement import judgement_date
    from guarantor.politics.ledger import load_ledger
    from guarantor.politics.redlines import count_crossed
    from guarantor.politics.topics import resolve

    t0 = time.perf_counter()
    grid = parse_grid(vary)
    ledger = ledger if ledger is not None else load_ledger()
    as_of = judgement_date(scenario, ledger, as_of)
    w = dict(weights or {})
    names = tuple(grid)
    sizes = tuple(len(v) for v in grid.values())
    idx = np.indices(sizes).reshape(len(sizes), -1).T  # (N, L) value index per lever
    n = idx.shape[0]
    vals = {name: np.asarray(grid[name], dtype=object)[idx[:, j]] for j, name in enumerate(names)}

    # --- engine: unique combinations of the engine levers, one batch per US posture
    eng = [j for j, name in enumerate(names) if LEVERS[name].kind != "policy"]
    if eng:
        uniq, inverse = np.unique(idx[:, eng], axis=0, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
    else:
        uniq, inverse = np.zeros((1, 0), dtype=int), np.zeros(n, dtype=int)
    u_vals = {names[j]: np.asarray(grid[names[j]], dtype=object)[uniq[:, c]]
              for c, j in enumerate(eng)}
    u_posture = (u_vals["us_posture"].astype(str) if "us_posture" in u_vals
                 else np.full(len(uniq), scenario.us_posture))
    cache = {"data": load_dataset(), "params": load_parameters(), "inventory": load_inventory(),
             "postures": load_postures()}
    engine: dict[str, np.ndarray] = {}
    batches = 0
    for posture in dict.fromkeys(u_posture.tolist()):
        rows = np.flatnonzero(u_posture == posture)
        draws = {LEVERS[k].target: v[rows].astype(float) for k, v in u_vals.items()
                 if LEVERS[k].kind == "draw"}
        us_share = None
        if "us_aid_share" in u_vals:
            us_share = u_vals["us_aid_share"][rows].astype(float)
        elif "non_us_aid_share" in u_vals:
            us_share = 1.0 - u_vals["non_us_aid_share"][rows].astype(float)
        part = _engine_batch(scenario, posture, draws, us_share, len(rows), cache)
        batches += 1
        for k, v in part.items():
            if k not in engine:
                engine[k] = np.empty(len(uniq), dtype=v.dtype)
            engine[k][rows] = v
    per = {k: v[inverse] for k, v in engine.items()}  # (N,)

    # --- politics: every topic for every arrangement at once
    pol = scenario.policy
    ti: dict[str, Any] = {
        f.name: getattr(pol, f.name) for f in dataclasses.fields(TopicInputs)
        if hasattr(pol, f.name)
    }
    ti["us_posture"] = u_posture[inverse]
    for k in ("troops_deployed", "nato_countries_with_troops", "europe_aid_share"):
        ti[k] = per[k]
    for name in names:
        lv = LEVERS[name]
        if lv.kind == "policy":
            ti[lv.target] = vals[name].astype(float if lv.value_type == "number" else bool)
    resolved = resolve(TopicInputs(**ti))
    red_actors = tuple(dict.fromkeys(
        a for (a, _), e in ledger.latest(as_of).items() if e.red_line))
    crossed = {a: count_crossed(resolved, ledger, as_of,
                                {b: float(b == a) for b in ledger.actors}) for a in red_actors}
    unweighted = sum(crossed.values(), np.zeros(n))
    weighted = sum((w.get(a, 1.0) * c for a, c in crossed.items()), np.zeros(n))
    shortfall = (per["troops_shortfall_share"] + per["air_shortfall_share"]
                 + per["aid_shortfall_share"])
    on_front = pareto_front(np.column_stack([weighted, shortfall, per["cost_eur_per_year"]]))

    frame = pd.DataFrame({name: vals[name] for name in names})
    for name in names:
        lv = LEVERS[name]
        frame[name] = frame[name].astype(
            {"bool": bool, "number": float, "force": float, "category": str}[lv.value_type])
    frame["red_lines_weighted"] = weighted
    frame["red_lines"] = unweighted.astype(int)
    for a, c in crossed.items():
        frame[f"crossed.{a}"] = c.astype(int)
    frame["shortfall_index"] = shortfall
    for k in ("troops_shortfall_share", "air_shortfall_share", "aid_shortfall_share",
              "air_classes_unknown", "air_unknown_shortfall_low", "air_unknown_shortfall_high",
              "cost_eur_per_year", "feasible", "troops_deployed",
              "europe_aid_share"):
        frame[k] = per[k]
    frame["on_front"] = on_front
    return SearchResult(
        scenario=scenario.name, levers=names, grid=grid, frame=frame, actors=red_actors, weights=w,
        as_of=as_of, n_engine=len(uniq), n_batches=batches,
        seconds=time.perf_counter() - t0,
    )


__all__ = [
    "LEVERS", "Lever", "SearchResult", "levers_help", "pareto_front", "parse_grid",
    "parse_vary", "parse_weights", "search",
]
