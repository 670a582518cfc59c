"""Reassurance force: how many troops each contributor can keep deployed, sustainably.

A country's land forces are its active personnel times its land share. The sustainable share of
land forces comes either from NATO's usability targets (a share of land forces sustainable on
operations) or from a rotation ratio (the deployable share divided by the units needed per unit
deployed). Willingness scales it; a pledge replaces it.

References
----------
NATO land-force usability targets (deployable and sustainable shares) and rotation ratios: see
the sourced records ``forces.*`` in ``parameters/defaults.yaml``.
"""

from __future__ import annotations

from typing import cast

import numpy as np


def land_forces(personnel: np.ndarray, land_share: np.ndarray) -> np.ndarray:
    """Land forces [persons], shape (D, C), from personnel (C,) and land share (D, C).

    Examples
    --------
    >>> land_forces(np.array([100.0, 200.0, 0.0]), np.array([[0.5, 0.5, 0.5]]))
    array([[ 50., 100.,   0.]])
    """
    return cast(np.ndarray, personnel[None, :] * land_share)


def sustainable_troops(
    land: np.ndarray,
    deployable_share: np.ndarray,
    sustainable_share: np.ndarray,
    rotation_ratio: np.ndarray,
    method: str,
) -> np.ndarray:
    """Troops a country can keep deployed indefinitely [persons], shape (D, C).

    ``usability``: land x sustainable share. ``rotation``: land x deployable share / rotation ratio
    (one unit deployed needs ``rotation_ratio`` units in the cycle).

    Examples
    --------
    >>> land = np.array([[1000.0, 2000.0, 500.0]])
    >>> sustainable_troops(land, np.array([0.5]), np.array([0.1]), np.array([5.0]), "usability")
    array([[100., 200.,  50.]])
    >>> sustainable_troops(land, np.array([0.5]), np.array([0.1]), np.array([5.0]), "rotation")
    array([[100., 200.,  50.]])
    """
    if method == "rotation":
        return cast(np.ndarray, land * (deployable_share / rotation_ratio)[:, None])
    return cast(np.ndarray, land * sustainable_share[:, None])


def troop_capacity(
    sustainable: np.ndarray, willingness: np.ndarray, pledge: np.ndarray, participants: np.ndarray,
    capped: np.ndarray | None = None,
) -> np.ndarray:
    """What each participant offers [persons], shape (D, C): pledge where given, else
    sustainable troops x willingness; zero for non-participants. Where ``capped`` (C,) is true
    a pledge offers at most the sustainable troops (a stated pledge cannot exceed capacity).

    Examples
    --------
    >>> troop_capacity(np.array([[100.0, 200.0, 50.0]]), np.array([[1.0, 0.5, 1.0]]),
    ...                np.array([np.nan, np.nan, 10.0]), np.array([True, True, False]))
    array([[100., 100.,   0.]])
    """
    given = pledge[None, :]
    if capped is not None:
        given = np.where(capped[None, :], np.minimum(given, sustainable), given)
    offered = np.where(np.isfinite(pledge)[None, :], given, sustainable * willingness)
    return np.where(participants[None, :], np.floor(np.nan_to_num(offered) + 1e-9), 0.0)
