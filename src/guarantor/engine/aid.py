"""Military aid: the annual requirement, the US part under the posture, and the rest.

The default requirement is the recent annual average of all donors' military aid to the
protected state (Kiel Ukraine Support Tracker, reference years from the parameters); a scenario
may give an amount, or ask Europe to replace what the US gave.
"""

from __future__ import annotations

import numpy as np


def split_aid(required: np.ndarray, us_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """US part and the rest [EUR per year], each shape (D,).

    Examples
    --------
    >>> split_aid(np.array([100.0]), np.array([0.4]))
    (array([40.]), array([60.]))
    """
    us = required * np.clip(us_share, 0.0, 1.0)
    return us, required - us
