"""Tables behind the charts, and the adapters to the red-line check and the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from guarantor.engine import evaluate
from guarantor.report import charts as C
from guarantor.report import tables as T
from guarantor.scenario import load_scenario


@pytest.fixture(scope="module")
def aug():
    return evaluate(load_scenario("aug2025"))


def test_supply_stacks_to_requirement_with_us_distinct(aug) -> None:
    sup = T.supply_frame(aug)
    assert {"us", "country", "other"} <= set(sup["kind"])
    for (mission, item), g in sup.groupby(["mission", "item"]):
        req = g["requirement"].iloc[0]
        if req is None or not np.isfinite(req):
            continue
        # others + US + shortfall never fall short of the requirement (allocation may round up)
        assert g["value"].sum() >= req - 1e-6 * max(req, 1), (mission, item)
    us = sup[sup["kind"] == "us"]
    assert (us["supplier"] == T.US).all()


def test_us_posture_none_moves_air_shortfall(aug) -> None:
    none = evaluate(load_scenario("aug2025", {"us_posture": "none"}))
    a, b = T.shortfall_frame(aug), T.shortfall_frame(none)
    assert np.nansum(b["us_supply"]) == 0
    assert np.nansum(b["shortfall"]) > np.nansum(a["shortfall"])
    ca, cb = C.shortfall_chart(a), C.shortfall_chart(b)
    assert ca["datasets"] != cb["datasets"]


def test_burden_and_spending_frames(aug) -> None:
    b = T.burden_frame(aug)
    assert (b["cost_gdp_share"].diff().dropna() <= 1e-15).all()  # sorted, largest first
    path = T.spending_path_frame(aug)
    for _, g in path.groupby("iso3"):
        s = g["defence_gdp_share"].to_numpy()
        assert (np.diff(s) >= -1e-12).all()
        assert s[-1] == pytest.approx(g["target_share"].iloc[0])


def test_spending_table_has_both_hague_components_and_no_target_for_non_members() -> None:
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("examples/hague_target.yaml"))
    sp = T.spending_frame(r).set_index("iso3")
    allies = ["DEU", "FRA", "GBR", "POL", "CAN"]
    assert sp.loc[allies, "target_share"].tolist() == [0.035] * 5
    assert sp.loc[allies, "target_related_share"].tolist() == [0.015] * 5
    assert sp.loc[allies, "target_applies"].all()
    # non-NATO participants (Austria, Ireland, Cyprus, Japan, Australia, NZ): no target at all
    non = [c for c in ("AUT", "IRL", "CYP", "JPN", "AUS", "NZL") if c in sp.index]
    assert len(non) >= 4
    assert not sp.loc[non, "target_applies"].any()
    assert sp.loc[non, "target_share"].isna().all()
    assert sp.loc[non, "gap_eur_target_year"].isna().all()
    assert sp.loc[non, "cost_fits_in_gap"].isna().all()
    # the table is the engine's: the same per-ally gaps as run's
    eng = r.spending.set_index("iso3")
    assert sp.loc["DEU", "gap_eur_target_year"] == eng.loc["DEU", "gap_eur_target_year"]
    assert sp.loc["DEU", "gap_related_eur_upper"] == eng.loc["DEU", "gap_related_eur_upper"]
    assert set(sp["money_basis"]) == {"EUR_2024"} == set(r.spending["money_basis"])


def test_spending_target_for_a_named_non_member() -> None:
    from guarantor.scenario import load_scenario

    r = evaluate(load_scenario("examples/hague_target.yaml",
                               {"policy.spending_target_countries": ["AUT"]}))
    sp = T.spending_frame(r).set_index("iso3")
    assert sp.loc["AUT", "target_applies"] and sp.loc["AUT", "target_share"] == 0.035
    assert not sp.loc["IRL", "target_applies"]


def test_records_are_json_safe() -> None:
    import pandas as pd

    rows = T.records(pd.DataFrame({"a": [1.0, float("nan"), float("inf")], "b": ["x", "y", "z"]}))
    assert rows == [{"a": 1.0, "b": "x"}, {"a": None, "b": "y"}, {"a": None, "b": "z"}]


def test_montecarlo_adapter_uses_the_uncertainty_module(aug) -> None:
    a = T.montecarlo_frame(aug.scenario, 300, seed=7)
    b = T.montecarlo_frame(aug.scenario, 300, seed=7)
    assert a is not None and len(a) == 300
    assert a.equals(b)  # seeded: same draws
    assert {"cost_total_eur", "feasible", "met.reassurance_force.troops"} <= set(a.columns)
    assert a["cost_total_eur"].std() > 0
    assert T.montecarlo_frame(aug.scenario, 1) is None


def test_montecarlo_adapter_fails_loudly(aug, monkeypatch) -> None:
    import guarantor.uncertainty.montecarlo as M  # noqa: N812

    def boom(*a, **k):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(M, "evaluate_draws", boom)
    with pytest.raises(RuntimeError, match="engine broke"):
        T.montecarlo_frame(aug.scenario, 50, seed=1)


def test_redlines_adapter_fails_loudly(aug, monkeypatch) -> None:
    import guarantor.politics.redlines as politics

    frame = T.redlines_frame(aug)
    assert {"quote", "citation", "status"} <= set(frame.columns)
    assert (frame["status"] == "crossed").any()
    rows = T.redlines_rows(aug)
    assert rows and {r["status"] for r in rows} <= {"crossed", "unmet"}

    def boom(*a, **k):
        raise RuntimeError("ledger broke")

    monkeypatch.setattr(politics, "check", boom)
    with pytest.raises(RuntimeError, match="ledger broke"):
        T.redlines_frame(aug)
    with pytest.raises(RuntimeError, match="ledger broke"):
        T.redlines_rows(aug)


def test_sources_cover_everything(aug) -> None:
    s = T.sources_frames([aug], [T.redlines_frame(aug)])
    assert {"datasets", "vintages", "parameters", "capabilities", "reports", "citations"} <= set(s)
    assert not s["citations"].empty
    assert s["citations"]["url"].str.len().gt(0).all()
    assert "report_003" in set(s["citations"]["source_id"])


@pytest.mark.parametrize("name", ["feb2025", "may2025", "aug2025", "baseline_2024"])
@pytest.mark.parametrize("posture", [None, "none", "full"])
def test_mission_rows_match_the_engine_table(name, posture) -> None:
    import pandas as pd

    r = evaluate(load_scenario(name, {"us_posture": posture} if posture else None))
    mine = pd.DataFrame(T.mission_rows(r), columns=r.missions.columns)
    pd.testing.assert_frame_equal(mine.astype(r.missions.dtypes.to_dict()), r.missions,
                                  check_dtype=False)
