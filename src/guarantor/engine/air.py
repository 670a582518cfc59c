"""Air shield: what each contributor can put up per capability class, and what the US adds.

Supply of a class by a contributor = its inventory x availability x the share of available
assets it commits x its willingness, rounded down to whole units; a pledge replaces it. The US
posture supplies a fixed bundle per class, netted off the requirement first. An inventory that
could not be sourced is *unknown*: it supplies nothing here and marks the class "unknown" rather
than "short" when the known supply falls short.
"""

from __future__ import annotations

from typing import cast

import numpy as np


def air_capacity(
    inventory: np.ndarray,
    availability: np.ndarray,
    commit_share: np.ndarray,
    willingness: np.ndarray,
    pledge: np.ndarray,
    participants: np.ndarray,
) -> np.ndarray:
    """Units each participant offers per class, shape (D, C, K).

    Parameters
    ----------
    inventory : (C, K) units, NaN = unknown
    availability : (D, K) share of the fleet available
    commit_share : (D,) share of available units committed
    willingness : (D, C) or (D, C, K) share
    pledge : (C, K) units, NaN = no pledge
    participants : (C,) bool

    Examples
    --------
    >>> inv = np.array([[100.0], [np.nan], [40.0]])
    >>> air_capacity(inv, np.array([[0.5]]), np.array([0.2]), np.ones((1, 3)),
    ...              np.full((3, 1), np.nan), np.array([True, True, True]))[0, :, 0]
    array([10.,  0.,  4.])
    """
    # Unknown inventory or availability supplies nothing here; cleaning the small factors first
    # keeps the (D, C, K) product finite, so it needs no pass of nan_to_num (Monte Carlo speed).
    inv = np.where(np.isfinite(inventory), inventory, 0.0)
    avail = np.where(np.isfinite(availability), availability, 0.0)
    w3 = willingness if willingness.ndim == 3 else willingness[:, :, None]
    will = np.where(participants[None, :, None] & np.isfinite(w3), w3, 0.0)
    offered = inv[None, :, :] * (avail * np.nan_to_num(commit_share)[:, None])[:, None, :]
    offered *= will
    pledged = np.isfinite(pledge) & participants[:, None]
    if pledged.any():
        offered = np.where(pledged[None], pledge[None], offered)
    offered += 1e-9
    return cast(np.ndarray, np.floor(offered, out=offered))


def unknown_contributors(inventory: np.ndarray, pledge: np.ndarray, participants: np.ndarray,
                         willingness: np.ndarray, availability: np.ndarray) -> np.ndarray:
    """Participants whose supply of a class is unknown, shape (D, C, K) bool: no pledge, and
    either no sourced inventory or no sourced availability rate for the class."""
    no_pledge = ~np.isfinite(pledge) & participants[:, None]
    unk = (~np.isfinite(inventory))[None] | (~np.isfinite(availability))[:, None, :]
    w3 = willingness if willingness.ndim == 3 else willingness[:, :, None]
    return cast(np.ndarray, unk & no_pledge[None] & (w3 > 0))


def net_of_us(required: np.ndarray, us_supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split a requirement (D, K) into what the US covers and what is left for the others.

    Examples
    --------
    >>> us, rest = net_of_us(np.array([[10.0, 4.0]]), np.array([3.0, 6.0]))
    >>> us, rest
    (array([[3., 4.]]), array([[7., 0.]]))
    """
    us = np.minimum(required, us_supply[None, :])
    return us, required - us
