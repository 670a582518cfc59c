"""What the learned readers share: the probability a trained linear score stands for.

The boilerplate line model (:mod:`guarantor.ingest.boilerplate`) and the speaker choice
(:mod:`guarantor.ingest.speaker_rank`) are logistic regressions trained offline
(``tools/train_*.py``) and applied here in plain Python: one guarded logistic for both.
"""

from __future__ import annotations

import math

__all__ = ["logistic"]

#: Below this score the probability is 0.0 (``math.exp(-z)`` would overflow near -709.8).
_FLOOR = -700.0


def logistic(z: float) -> float:
    """``1 / (1 + exp(-z))``, the probability of a linear score ``z``; 0.0 below -700.

    Examples
    --------
    >>> logistic(0.0), round(logistic(0.5), 4), logistic(-800.0)
    (0.5, 0.6225, 0.0)
    """
    return 1.0 / (1.0 + math.exp(-z)) if z > _FLOOR else 0.0
