"""Economy and spending targets: GDP and defence spending over the horizon, the gap to a target
share of GDP by a target year, and the annual increase needed to close it.

GDP grows at a nominal rate (a sourced parameter); defence spending holds its base-year share of
GDP unless the country moves toward the target (the "no policy change" line the gap is measured
from). Money is nominal EUR unless ``to_constant`` (the deflator of the target year) turns the
target year's figures into constant euros of the money basis, the basis costs are in.
"""

from __future__ import annotations

from typing import cast

import numpy as np


def project(base: np.ndarray, growth: np.ndarray, years: np.ndarray, base_year: int) -> np.ndarray:
    """Grow a base-year value (C,) at rate ``growth`` (D,) to each year (Y,): shape (D, C, Y).

    Examples
    --------
    >>> project(np.array([100.0, 200.0, 50.0]), np.array([0.1]), np.array([2025, 2026]), 2024)[0]
    array([[110. , 121. ],
           [220. , 242. ],
           [ 55. ,  60.5]])
    """
    factor = (1.0 + growth)[:, None] ** (years - base_year)[None, :]
    return cast(np.ndarray, base[None, :, None] * factor[:, None, :])


def target_gap(
    gdp_base: np.ndarray,
    milex_share: np.ndarray,
    growth: np.ndarray,
    target_share: float | np.ndarray,
    target_year: int,
    base_year: int,
    to_constant: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Gap to ``target_share`` of GDP in ``target_year`` and the yearly effort to close it.

    ``target_share`` may be one share or one per country (C,); NaN = no target for that
    country (e.g. a non-NATO participant the scenario sets none for): its gap is NaN, not 0.

    Returns
    -------
    dict with
        ``gdp_target_year`` (D, C) EUR; ``gap_eur`` (D, C) EUR of extra annual spending needed in
        the target year (0 if already at or above target); ``increase_share_per_year`` (C,)
        share-points of GDP per year on a straight-line path; ``increase_eur_per_year`` (D, C) the
        average yearly rise in EUR from base-year spending to target-year spending.

    Examples
    --------
    >>> g = target_gap(np.array([100.0, 100.0, 100.0]), np.array([0.02, 0.05, 0.01]),
    ...                np.array([0.0]), 0.05, 2034, 2024)
    >>> g["gap_eur"][0], g["increase_share_per_year"]
    (array([3., 0., 4.]), array([0.003, 0.   , 0.004]))
    """
    years_left = max(target_year - base_year, 1)
    target = np.broadcast_to(np.asarray(target_share, dtype=float), np.shape(gdp_base))
    none = np.isnan(target)
    gdp_t = gdp_base[None, :] * ((1.0 + growth) ** (target_year - base_year))[:, None]
    if to_constant is not None:  # nominal target-year euros -> constant euros of the basis
        gdp_t = gdp_t * np.asarray(to_constant, dtype=float)[:, None]
    headroom = np.clip(target - milex_share, 0.0, None)
    gap = headroom[None, :] * gdp_t
    spend_now = (milex_share * gdp_base)[None, :]
    rise = np.clip(target * gdp_t - spend_now, 0.0, None) / years_left
    return {
        "gdp_target_year": gdp_t,
        "gap_eur": gap,
        "increase_share_per_year": headroom / years_left,
        "increase_eur_per_year": np.where(none[None, :], np.nan,
                                          np.where(headroom[None, :] > 0, rise, 0.0)),
    }


def straight_line_path(base_share: float, increase_per_year: float, target_share: float,
                       base_year: int, target_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Defence spending [share of GDP] rising in a straight line from the base year to the
    target year, never above the target (nor below the base share).

    Returns
    -------
    years : ndarray, shape (n_years,)
    share : ndarray, shape (n_years,)

    Examples
    --------
    >>> years, share = straight_line_path(0.02, 0.005, 0.035, 2025, 2028)
    >>> years.tolist(), [round(x, 3) for x in share.tolist()]
    ([2025, 2026, 2027, 2028], [0.02, 0.025, 0.03, 0.035])
    """
    years = np.arange(int(base_year), int(target_year) + 1)
    share = np.minimum(base_share + increase_per_year * (years - base_year),
                       max(target_share, base_share))
    return years, share


def related_gap_bound(gdp_base: np.ndarray, growth: np.ndarray, related_share: float,
                      target_year: int, base_year: int, applies: np.ndarray,
                      to_constant: np.ndarray | None = None) -> np.ndarray:
    """Upper bound of the gap to the defence-related component in the target year [EUR], (D, C).

    No bundled source measures what allies spend today on "defence- and security-related"
    items (The Hague, 1.5% of GDP): the gap is unknown, between 0 (already there) and the whole
    component (``related_share`` x GDP in the target year). NaN where no target applies.

    Examples
    --------
    >>> related_gap_bound(np.array([100.0, 200.0, 50.0]), np.array([0.0, 0.1]), 0.015, 2026,
    ...                   2024, np.array([True, True, False]))
    array([[1.5  , 3.   ,   nan],
           [1.815, 3.63 ,   nan]])
    """
    gdp_t = gdp_base[None, :] * ((1.0 + growth) ** (target_year - base_year))[:, None]
    if to_constant is not None:
        gdp_t = gdp_t * np.asarray(to_constant, dtype=float)[:, None]
    return np.where(applies[None, :], related_share * gdp_t, np.nan)
