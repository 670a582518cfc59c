"""A three-country toy world with hand-checkable numbers (two draws, so an axis bug cannot hide).

Countries A, B, C; two classes (fighters, batteries); a four-year horizon. Every number is chosen
so the expected answers can be worked out on paper in the tests.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from guarantor.engine.inputs import ModelInputs


def toy(**changes) -> ModelInputs:
    """The toy inputs, with any field replaced by keyword."""
    D = 2
    base = ModelInputs(
        codes=("AAA", "BBB", "CCC"),
        classes=("combat_aircraft", "long_range_sam"),
        years=np.arange(2026, 2030),
        base_year=2025,
        participants=np.array([True, True, True]),
        nato_member=np.array([True, True, False]),
        willingness=np.ones((D, 3)),
        gdp_eur=np.array([1000.0, 3000.0, 1000.0]),       # GDP shares 0.2, 0.6, 0.2
        milex_eur=np.array([20.0, 30.0, 10.0]),
        milex_gdp_share=np.array([0.02, 0.01, 0.01]),
        gdp_growth=np.zeros(D),
        target_share=0.03,
        target_year=2030,
        personnel=np.array([100_000.0, 200_000.0, 50_000.0]),
        land_share=np.full((D, 3), 0.5),
        deployable_share=np.full(D, 0.5),
        sustainable_share=np.full(D, 0.1),
        rotation_ratio=np.full(D, 5.0),
        sustainability="usability",
        troops_required=np.full(D, 10_000.0),
        pledge_troops=np.full(3, np.nan),
        inventory=np.array([[100.0, 4.0], [200.0, 10.0], [np.nan, 0.0]]),
        availability=np.full((D, 2), 0.5),
        commit_share=np.full(D, 0.2),
        air_required=np.tile(np.array([[20.0, 2.0]]), (D, 1)),
        pledge_aircraft=np.full((3, 2), np.nan),
        us_supply=np.array([0.0, 1.0]),
        aid_required=np.full(D, 100.0),
        us_aid_share=np.full(D, 0.5),
        aid_history=np.array([10.0, 30.0, 10.0]),
        pledge_aid=np.full(3, np.nan),
        soldier_year_eur=np.full(D, 0.001),
        unit_year_eur=np.tile(np.array([[0.01, 0.1]]), (D, 1)),
        burden_rule="gdp",
        money_basis="EUR_2024",  # the toy's hand-picked euros, labelled as the engine's basis
    )
    return replace(base, **changes)
