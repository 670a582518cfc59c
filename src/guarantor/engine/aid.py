"""Military aid: the annual requirement, the US part under the posture, and the rest; and the
donor-level burden rules that reproduce published tables (Kiel Policy Brief 186).

The default requirement is the recent annual average of all donors' aid to the protected state
(Kiel Ukraine Support Tracker, reference years from the parameters) of the chosen kind (military,
or all kinds); a scenario may give an amount, or ask the others to replace what the US gave
(``replace_us: military | all``).

Donors are as Kiel counts them: countries and the EU institutions (``EUI``), grouped once in
``registry/donor_groups.yaml`` (Europe = EU members + EU institutions + other European states).
Donor arrays have the donor axis last: ``(D, N)`` with D draws and N donors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas is imported by the table that needs it, not on a plain run
    import pandas as pd

#: Kinds of aid (Kiel's categories) and the ``all`` total.
AID_KINDS: tuple[str, ...] = ("military", "financial", "humanitarian")
#: Donor-level rules for who gives what is needed to replace the US.
REPLACE_RULES: tuple[str, ...] = ("equal_gdp_share", "level_up", "gdp", "historical")


def split_aid(required: np.ndarray, us_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """US part and the rest [EUR per year], each shape (D,).

    Examples
    --------
    >>> split_aid(np.array([100.0]), np.array([0.4]))
    (array([40.]), array([60.]))
    """
    us = required * np.clip(us_share, 0.0, 1.0)
    return us, required - us


def annual_flow(monthly: np.ndarray, in_window: np.ndarray) -> np.ndarray:
    """Average annual flow over the months of a window [EUR per year].

    Parameters
    ----------
    monthly : ndarray, shape (..., M)
        Aid per month [EUR]; NaN counts as nothing given that month.
    in_window : ndarray of bool, shape (M,)
        Months of the reference window.

    Examples
    --------
    >>> annual_flow(np.array([[1.0, 2.0, 3.0], [0.0, np.nan, 6.0]]), np.array([True, True, False]))
    array([18.,  0.])
    """
    months = max(int(np.sum(in_window)), 1)
    out: np.ndarray = np.nansum(np.where(in_window, monthly, 0.0), axis=-1) * 12.0 / months
    return out


def level_up(now: np.ndarray, basis: np.ndarray, extra: np.ndarray, iterations: int = 80
             ) -> tuple[np.ndarray, np.ndarray]:
    """Every donor gives at least a common share of its GDP; the share is the one at which the
    donors together add ``extra`` to what they give now.

    ``needed_i = max(now_i, s * basis_i)`` with ``s`` solved (bisection, per draw) so that
    ``sum(needed) = sum(now) + extra``. Donors already above ``s`` keep their flow; the others
    rise to ``s``. This is our reading of Kiel Policy Brief 186's rule ("Europe needs to double
    its yearly support to an average level of 0.21% of GDP"; per-donor rows from its abstract),
    checked by reproducing the brief's rows (tests/data/test_published.py).

    Parameters
    ----------
    now : ndarray, shape (N,) or (D, N)
        Current annual flow per donor [EUR per year].
    basis : ndarray, shape (N,)
        GDP the share is measured against [EUR per year]; NaN or 0 = the donor cannot rise.
    extra : ndarray, shape (D,)
        What the donors together must add (e.g. the US flow they replace) [EUR per year].

    Returns
    -------
    needed : ndarray, shape (D, N) [EUR per year]
    share : ndarray, shape (D,) the common share of GDP ``s``.

    Examples
    --------
    >>> need, s = level_up(np.array([5.0, 1.0, 0.0]), np.array([100.0, 100.0, 200.0]),
    ...                    np.array([10.0]))
    >>> need.round(4).tolist(), s.round(4).tolist()
    ([[5.0, 3.6667, 7.3333]], [0.0367])
    """
    extra = np.atleast_1d(np.asarray(extra, dtype=float))
    now2 = np.broadcast_to(np.nan_to_num(np.asarray(now, dtype=float)),
                           (extra.shape[0], np.shape(now)[-1]))
    b = np.nan_to_num(np.asarray(basis, dtype=float))
    target = now2.sum(axis=1) + np.clip(extra, 0.0, None)
    lo = np.zeros_like(target)
    hi = np.where(b.sum() > 0, target / max(b.sum(), 1e-300), 0.0)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        total = np.maximum(now2, mid[:, None] * b[None, :]).sum(axis=1)
        over = total >= target
        hi = np.where(over, mid, hi)
        lo = np.where(over, lo, mid)
    s = hi
    return np.maximum(now2, s[:, None] * b[None, :]), s


def equal_gdp_share(now: np.ndarray, basis: np.ndarray, extra: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Every donor gives the same share of its GDP; together they give what they give now plus
    ``extra``: ``needed_i = (sum(now) + extra) * basis_i / sum(basis)``.

    Kiel Policy Brief 186's table follows this rule: Europe's aid rises "to an average level of
    0.21% of GDP" and each row is that share of the donor's GDP (the EU institutions' GDP is
    their member states'), so donors already above the level (Denmark, the Baltics) are in the
    "remaining donors" row at the common level, not at their own higher flow.

    Returns ``needed`` (D, N) [EUR per year] and the common share (D,).

    Examples
    --------
    >>> need, s = equal_gdp_share(np.array([5.0, 1.0, 0.0]), np.array([100.0, 100.0, 200.0]),
    ...                           np.array([10.0]))
    >>> need.tolist(), s.tolist()
    ([[4.0, 4.0, 8.0]], [0.04])
    """
    b = np.nan_to_num(np.asarray(basis, dtype=float))
    total = np.nansum(now) + np.clip(np.asarray(extra, dtype=float), 0.0, None)
    s = total / b.sum() if b.sum() > 0 else np.full_like(total, np.nan)
    return s[:, None] * b[None, :], s


def share_out(now: np.ndarray, weights: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """``needed = now + extra * weights / sum(weights)`` (rules ``gdp`` and ``historical``),
    shape (D, N).

    Examples
    --------
    >>> share_out(np.array([1.0, 1.0, 0.0]), np.array([1.0, 3.0, 0.0]), np.array([8.0]))
    array([[3., 7., 0.]])
    """
    w = np.nan_to_num(np.asarray(weights, dtype=float))
    tot = w.sum()
    add = np.asarray(extra, dtype=float)[:, None] * (w / tot if tot > 0 else w)[None, :]
    out: np.ndarray = np.nan_to_num(np.asarray(now, dtype=float))[None, :] + add
    return out


def cumulative_gdp_share(aid: np.ndarray, gdp: np.ndarray) -> np.ndarray:
    """Cumulative aid as a share of GDP, each year's aid over that year's GDP, summed.

    ``sum_y aid[y] / gdp[y]`` — not the total over the latest GDP, which understates the effort
    of early years whenever GDP grows.

    Parameters
    ----------
    aid, gdp : ndarray, shape (..., Y)
        Aid and GDP per year, same currency and prices [EUR_current]. Years without aid add 0.

    Examples
    --------
    >>> cumulative_gdp_share(np.array([[1.0, 1.0, np.nan]]), np.array([[100.0, 200.0, 300.0]]))
    array([0.015])
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = np.nansum(np.where(np.isnan(aid), 0.0, aid / gdp), axis=-1)
    return out


@dataclass(frozen=True)
class DonorAid:
    """Monthly aid per donor and kind as arrays (donor axis first)."""

    donors: tuple[str, ...]
    months: np.ndarray                  # (M,) year * 12 + month - 1
    values: dict[str, np.ndarray]       # kind -> (N, M) EUR

    def kind(self, kind: str) -> np.ndarray:
        """(N, M) EUR of one kind, or the sum of all kinds (``all``)."""
        if kind == "all":
            return sum(self.values[k] for k in AID_KINDS)  # type: ignore[return-value]
        return self.values[kind]

    def window(self, start: tuple[int, int], end: tuple[int, int]) -> np.ndarray:
        """(M,) bool: months from ``start`` to ``end`` inclusive, each (year, month)."""
        return (self.months >= start[0] * 12 + start[1] - 1) & (
            self.months <= end[0] * 12 + end[1] - 1)


def donor_arrays(frame: pd.DataFrame) -> DonorAid:
    """Pivot the snapshot's ``aid_donors`` table into arrays (missing months are 0: Kiel
    records allocations by month, and a month without a row is a month without an allocation)."""
    m = frame["year"].to_numpy() * 12 + frame["month"].to_numpy() - 1
    months = np.arange(m.min(), m.max() + 1)
    donors = tuple(sorted(frame["donor"].unique()))
    di = {d: i for i, d in enumerate(donors)}
    values = {}
    for k in AID_KINDS:
        f = frame[frame["kind"] == k]
        arr = np.zeros((len(donors), len(months)))
        np.add.at(arr, (f["donor"].map(di).to_numpy(),
                        f["year"].to_numpy() * 12 + f["month"].to_numpy() - 1 - months[0]),
                  f["value"].to_numpy())
        values[k] = arr
    return DonorAid(donors, months, values)


def replace_us_table(
    data: Any,
    *,
    start: tuple[int, int] = (2022, 2),
    end: tuple[int, int] = (2024, 12),
    kind: str = "all",
    rule: str = "equal_gdp_share",
    gdp_year: int = 2024,
    rows: Sequence[str] = ("EUI", "DEU", "GBR", "FRA", "ITA", "ESP"),
    scale: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Per European donor: annual aid now (reference window) and needed to replace the US flow.

    Parameters
    ----------
    data : Dataset
        The bundled snapshot (donor aid, GDP, ECB rates).
    start, end : (year, month)
        Reference window, inclusive; the flow is annualised over its months.
    kind : {'military', 'financial', 'humanitarian', 'all'}
        Aid definition (Kiel Policy Brief 186: all kinds).
    rule : {'equal_gdp_share', 'level_up', 'gdp', 'historical'}
        How the European donors share what replaces the US (:func:`equal_gdp_share`,
        :func:`level_up`, the increment by GDP or by past aid).
    gdp_year : int
        Year of the GDP shares are measured against (World Bank, converted at the ECB average).
    rows : sequence of str
        Donors shown on their own row; the other European donors are summed in ``europe_rest``.
    scale : dict, optional
        Multiply inputs, for sensitivity checks: keys ``aid.<donor>``, ``gdp.<donor>``,
        ``us`` (the US flow), ``fx``.

    Returns
    -------
    pandas.DataFrame
        Index: the rows, ``europe_rest``, ``europe`` (all European donors; its ``gdp_eur`` is
        the sum of their GDP bases, the EU institutions' included, as the brief's "average
        level of GDP"), ``europe_governments`` (bilateral aid over the governments' GDP),
        ``USA``. Columns ``now_eur``, ``needed_eur`` [EUR_current per year], ``gdp_eur``,
        ``now_gdp_share``, ``needed_gdp_share``; attribute ``common_share`` (the rule's s).
    """
    import pandas as pd

    from guarantor.data.countries import registry
    from guarantor.data.donors import donor_groups

    scale = dict(scale or {})
    groups = donor_groups()
    arr = donor_arrays(data.aid_donors())
    win = arr.window(start, end)
    flows = annual_flow(arr.kind(kind), win)
    flows = flows * np.array([scale.get(f"aid.{d}", 1.0) for d in arr.donors])
    reg = registry()
    gdp_usd = data.values("gdp_usd")[:, list(data.years).index(gdp_year)]
    fx = data.fx(gdp_year) * scale.get("fx", 1.0)
    gdp_c = dict(zip(data.codes, gdp_usd / fx, strict=True))
    gdp_c = {c: v * scale.get(f"gdp.{c}", 1.0) for c, v in gdp_c.items()}
    europe = [d for d in arr.donors if groups.group(d, gdp_year) == "europe"]
    idx = [arr.donors.index(d) for d in europe]
    now = flows[idx]
    basis = np.array([np.nansum([gdp_c.get(c, np.nan) for c in groups.gdp_members(d, gdp_year)])
                      for d in europe])
    us = flows[arr.donors.index("USA")] * scale.get("us", 1.0)
    if rule == "equal_gdp_share":
        needed, s = equal_gdp_share(now, basis, np.array([us]))
    elif rule == "level_up":
        needed, s = level_up(now, basis, np.array([us]))
    elif rule in ("gdp", "historical"):
        w = basis if rule == "gdp" else now
        needed, s = share_out(now, w, np.array([us])), np.array([np.nan])
    else:
        raise ValueError(f"rule must be one of {REPLACE_RULES}")
    needed = needed[0]
    govs = np.array([d not in groups.institutions for d in europe])
    out = {}
    for r in rows:
        i = europe.index(r)
        out[r] = (now[i], needed[i], basis[i])
    rest = np.array([d not in rows for d in europe])
    out["europe_rest"] = (now[rest].sum(), needed[rest].sum(), basis[rest & govs].sum())
    # the brief's "average level ... of GDP" counts each donor's GDP basis, the EU
    # institutions' (their members' GDP) included
    out["europe"] = (now.sum(), needed.sum(), basis.sum())
    out["europe_governments"] = (now[govs].sum(), needed[govs].sum(), basis[govs].sum())
    usa_gdp = gdp_c.get("USA", np.nan) if "USA" in reg else np.nan
    out["USA"] = (us, 0.0, usa_gdp)
    t = pd.DataFrame.from_dict(out, orient="index", columns=["now_eur", "needed_eur", "gdp_eur"])
    t["now_gdp_share"] = t["now_eur"] / t["gdp_eur"]
    t["needed_gdp_share"] = t["needed_eur"] / t["gdp_eur"]
    t.attrs["common_share"] = float(s[0])
    t.attrs["window"] = f"{start[0]}-{start[1]:02d}..{end[0]}-{end[1]:02d}"
    t.attrs["kind"] = kind
    return t
