"""The search over open levers: lever registry, Pareto front, batching, and a hand-checked grid."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest

from guarantor.engine import evaluate
from guarantor.errors import ScenarioError
from guarantor.politics.arrangement import redlines
from guarantor.politics.ledger import load_ledger
from guarantor.politics.search import (
    LEVERS,
    levers_help,
    pareto_front,
    parse_grid,
    parse_vary,
    parse_weights,
    search,
)
from guarantor.scenario import load_scenario

AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def feb():
    return load_scenario("feb2025")


# --- Pareto front -------------------------------------------------------------------------------


def _brute_front(obj: np.ndarray) -> np.ndarray:
    obj = np.where(np.isnan(obj), np.inf, obj)
    le = (obj[None, :, :] <= obj[:, None, :]).all(-1)
    lt = (obj[None, :, :] < obj[:, None, :]).any(-1)
    return ~(le & lt).any(-1)


def test_pareto_front_hand_checked() -> None:
    pts = np.array([
        [0, 3.0, 10],   # fewest red lines: front
        [1, 0.0, 50],   # no shortfall: front
        [1, 0.0, 40],   # same but cheaper: front, and it knocks out the row above
        [2, 0.0, 40],   # dominated by the row above
        [0, 3.0, 10],   # a tie with row 0: kept
        [3, 3.0, 5],    # cheapest: front
        [0, np.nan, 1],  # NaN shortfall counts as worst, but it is the cheapest: front
    ])
    assert pareto_front(pts).tolist() == [True, False, True, False, True, True, True]
    assert pareto_front(pts[:6]).tolist() == [True, False, True, False, True, True]


@pytest.mark.parametrize("m", [1, 2, 3, 4])
def test_pareto_front_matches_brute_force(m: int) -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        pts = rng.integers(0, 5, size=(60, m)).astype(float)  # many ties
        assert np.array_equal(pareto_front(pts), _brute_front(pts))
    pts = rng.random((300, m))
    assert np.array_equal(pareto_front(pts), _brute_front(pts))


def test_pareto_front_empty_and_bad_shape() -> None:
    assert pareto_front(np.zeros((0, 3))).tolist() == []
    with pytest.raises(ValueError):
        pareto_front(np.zeros(3))


# --- levers --------------------------------------------------------------------------------------


def test_lever_registry_is_closed_and_documented() -> None:
    assert {"us_posture", "force", "unstated", "us_aid_share", "non_us_aid_share", "article5",
            "membership", "us_troops", "agreed_with_russia", "nato_led",
            "spending_target"} <= set(LEVERS)
    text = levers_help()
    for name in LEVERS:
        assert name in text


def test_parse_values() -> None:
    grid = parse_grid(parse_vary([
        "us_posture=none,full", "force=0,ukfr_under_30k,64_000", "article5=false,True,no",
        "unstated=0.5,0.5", "spending_target=0.05",
    ]))
    assert grid == {"us_posture": ["none", "full"], "force": [0.0, 30_000.0, 64_000.0],
                    "article5": [False, True], "unstated": [0.5], "spending_target": [0.05]}
    assert parse_grid({"membership": [True, False], "force": [10000]}) == {
        "membership": [True, False], "force": [10_000.0]}


@pytest.mark.parametrize(("vary", "message"), [
    (["posture=none"], "unknown lever"),
    (["force"], "LEVER=v1,v2"),
    (["force="], "LEVER=v1,v2"),
    (["force=lots"], "force option"),
    (["force=-5"], "bad lever value"),
    (["us_posture=sometimes"], "none, intelligence, enablers, full"),
    (["unstated=1.5"], "0..1"),
    (["article5=maybe"], "true, false"),
    (["force=1", "force=2"], "varied twice"),
    (["us_aid_share=0.1", "non_us_aid_share=0.9"], "same thing"),
    (["non_us_aid_share=0.1", "europe_aid_share=0.9"], "varied twice"),
    (["spending_target=5"], "0..0.2"),
])
@pytest.mark.filterwarnings("ignore:lever .europe_aid_share. is renamed:FutureWarning")
def test_bad_levers_raise_scenario_error(vary: list[str], message: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_grid(parse_vary(vary))
    assert message in str(exc.value)


def test_unknown_lever_lists_the_levers() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_vary(["posture=none"])
    for name in LEVERS:
        assert name in str(exc.value)


def test_too_many_combinations() -> None:
    vary = {"unstated": [str(i / 1000) for i in range(1000)],
            "force": [str(i) for i in range(1000)]}
    with pytest.raises(ScenarioError, match="too many combinations"):
        parse_grid(vary)


def test_parse_weights() -> None:
    led = load_ledger()
    assert parse_weights("USA=2, RUS=0.5", led) == {"USA": 2.0, "RUS": 0.5}
    assert parse_weights(["USA=2", "RUS=0"], led) == {"USA": 2.0, "RUS": 0.0}
    for bad in ("XXX=1", "USA", "USA=-1", "USA=inf", "USA=abc"):
        with pytest.raises(ScenarioError):
            parse_weights(bad, led)


# --- the search ----------------------------------------------------------------------------------


def test_hand_checked_grid_matches_one_run_per_arrangement(feb) -> None:
    """Every arrangement of a small grid equals an independent full run with --set overrides,
    and the front equals brute-force non-domination of those independent figures."""
    vary = {"us_posture": ["none", "enablers"], "force": ["0", "30000"],
            "membership": ["false", "true"]}
    res = search(feb, vary, as_of=AS_OF)
    assert res.n == 8 and res.n_batches == 2 and res.n_engine == 4
    led = load_ledger()
    expected = []
    for posture, troops, member in itertools.product(["none", "enablers"], [0, 30000],
                                                     [False, True]):
        sc = load_scenario("feb2025", overrides={
            "us_posture": posture, "missions.reassurance_force.troops": troops,
            "policy.nato_membership_for_protected_state": member})
        r = evaluate(sc)
        rep = redlines(sc, as_of=AS_OF, result=r, ledger=led)
        expected.append((rep.red_lines_crossed, float(np.nansum(r.outputs.cost_total[0])),
                         bool(r.feasible), float(r.outputs.troops[0].sum())))
    got = res.frame
    assert got["us_posture"].tolist() == ["none"] * 4 + ["enablers"] * 4
    assert got["red_lines"].tolist() == [e[0] for e in expected]
    assert got["red_lines_weighted"].tolist() == [float(e[0]) for e in expected]
    np.testing.assert_allclose(got["cost_eur_per_year"], [e[1] for e in expected], rtol=1e-9)
    assert got["feasible"].tolist() == [e[2] for e in expected]
    assert got["troops_deployed"].tolist() == [e[3] for e in expected]
    obj = np.column_stack([[e[0] for e in expected], got["shortfall_index"],
                           [e[1] for e in expected]])
    assert got["on_front"].tolist() == _brute_front(obj).tolist()
    # what the grid means, by hand: no force crosses fewer of Russia's red lines than a force;
    # membership crosses red lines (US and Russia reject it); enablers meet Europe's demand for a
    # US backstop. No force is always staffed; 30,000 is not, from the positions stated by
    # 28 Feb 2025 (feb2025's date): a shortfall, smaller when the US backs the force up
    # (conditional offers such as Canada's then hold).
    f = got.set_index(["us_posture", "force", "membership"])
    rus = f["crossed.RUS"]
    assert rus[("none", 0.0, False)] < rus[("none", 30000.0, False)]
    assert (f.xs(True, level="membership")["red_lines"].to_numpy()
            > f.xs(False, level="membership")["red_lines"].to_numpy()).all()
    assert f.loc[("enablers", 30000.0, False), "red_lines"] < f.loc[("none", 30000.0, False),
                                                                     "red_lines"]
    assert not f.xs(True, level="membership")["on_front"].any()
    short = got.set_index(["us_posture", "force", "membership"])["shortfall_index"]
    assert (short.xs(0.0, level="force") == 0.0).all()
    assert (short.xs(30000.0, level="force") > 0.0).all()
    assert short[("enablers", 30000.0, False)] < short[("none", 30000.0, False)]
    front = res.front()
    assert front["red_lines_weighted"].is_monotonic_increasing
    assert set(front.index) == set(got.index[got["on_front"]])


def test_policy_levers_broadcast_without_re_evaluation(feb) -> None:
    vary = {"article5": ["false", "true"], "membership": ["false", "true"],
            "agreed_with_russia": ["false", "true"], "spending_target": ["0.035", "0.05"],
            "force": ["10000", "30000"]}
    res = search(feb, vary, as_of=AS_OF)
    assert res.n == 32 and res.n_engine == 2 and res.n_batches == 1
    # the engine figures depend on the force only
    by_force = res.frame.groupby("force")["cost_eur_per_year"].nunique()
    assert (by_force == 1).all()
    # agreeing the guarantees with Russia clears Russia's consensus red line
    f = res.frame
    agreed = f[f["agreed_with_russia"]]["crossed.RUS"].to_numpy()
    not_agreed = f[~f["agreed_with_russia"]]["crossed.RUS"].to_numpy()
    assert (agreed < not_agreed).all()


def test_numeric_levers_change_the_engine(feb) -> None:
    # the lever is the share offered by participants with no stated position (as of the
    # scenario's date, 28 Feb 2025, most had stated none)
    res = search(feb, {"force": ["30000", "200000"], "unstated": ["0.25", "1"]}, as_of=AS_OF)
    f = res.frame.set_index(["force", "unstated"])
    assert res.n_batches == 1 and res.n_engine == 4
    assert f.loc[(30000.0, 1.0), "feasible"]
    assert not f.loc[(30000.0, 0.25), "feasible"]
    assert not f.loc[(200000.0, 0.25), "feasible"]
    assert 0 < f.loc[(200000.0, 0.25), "troops_shortfall_share"] < 1
    assert f.loc[(200000.0, 0.25), "troops_deployed"] < f.loc[(200000.0, 1.0), "troops_deployed"]


def test_aid_share_levers(feb) -> None:
    # the lever sets the part the US does not pay (1 - us_aid_share); the output column is
    # Europe's part as Kiel groups donors: lower, since Canada, Japan, Australia and New Zealand
    # in the coalition pay some of it. Lever and output are separate columns.
    res = search(feb, {"non_us_aid_share": ["0.4", "0.9"]}, as_of=AS_OF)
    f = res.frame
    np.testing.assert_array_equal(f["non_us_aid_share"], [0.4, 0.9])
    share = f["europe_aid_share"].to_numpy()
    assert (share < np.array([0.4, 0.9])).all() and share[0] < share[1]
    assert share[1] > 0.5
    assert f["cost_eur_per_year"][0] < f["cost_eur_per_year"][1]  # the US pays more of it
    us = search(feb, {"us_aid_share": ["0.6", "0.1"]}, as_of=AS_OF).frame
    np.testing.assert_allclose(us["europe_aid_share"], share)
    np.testing.assert_allclose(us["cost_eur_per_year"], f["cost_eur_per_year"])


def test_old_europe_aid_share_lever_still_works_and_says_its_new_name(feb) -> None:
    """The lever once called europe_aid_share set 1 - us_aid_share (non-European donors
    included); the old name is accepted with a FutureWarning naming non_us_aid_share."""
    with pytest.warns(FutureWarning, match="renamed 'non_us_aid_share'.*non-European donors"):
        grid = parse_grid(parse_vary(["europe_aid_share=0.4,0.9"]))
    assert grid == {"non_us_aid_share": [0.4, 0.9]}
    with pytest.warns(FutureWarning, match="non_us_aid_share"):
        old = search(feb, {"europe_aid_share": ["0.4", "0.9"]}, as_of=AS_OF).frame
    new = search(feb, {"non_us_aid_share": ["0.4", "0.9"]}, as_of=AS_OF).frame
    pd.testing.assert_frame_equal(old, new)


def test_air_levers_with_an_air_shield() -> None:
    # every participant willing (assumed source): the commit-share lever acts on every fleet
    aug = load_scenario("aug2025", {"contributions.source": "assumed"})
    res = search(aug, {"us_posture": ["none", "full"], "air_commit": ["0.05", "0.5"]}, as_of=AS_OF)
    f = res.frame.set_index(["us_posture", "air_commit"])
    short = f["air_shortfall_share"]
    assert short[("none", 0.05)] > short[("none", 0.5)]
    assert f.loc[("full", 0.05), "air_shortfall_share"] == 0.0  # the US fills the shield


def test_weights_change_the_weighted_count_only(feb) -> None:
    vary = {"force": ["0", "30000"], "us_posture": ["none", "enablers"]}
    plain = search(feb, vary, as_of=AS_OF).frame
    no_rus = search(feb, vary, as_of=AS_OF, weights={"RUS": 0.0}).frame
    assert no_rus["red_lines"].tolist() == plain["red_lines"].tolist()
    np.testing.assert_allclose(no_rus["red_lines_weighted"],
                               plain["red_lines_weighted"] - plain["crossed.RUS"])


def test_front_groups_collapse_ties(feb) -> None:
    res = search(feb, {"force": ["0", "10000"], "spending_target": ["0.035", "0.05"],
                       "unstated": ["0.5", "1"]}, as_of=AS_OF)
    g = res.front_groups()
    assert g["n"].sum() == int(res.frame["on_front"].sum())
    assert (g["spending_target"] == "any").all() and (g["unstated"] == "any").all()


# --- the CLI -------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guarantor", *args], capture_output=True,
                          text=True, timeout=120)


FIVE = ["--vary", "us_posture=none,intelligence,enablers,full", "--vary", "force=10000,30000,64000",
        "--vary", "article5=false,true", "--vary", "membership=false,true",
        "--vary", "unstated=0.5,0.75,1.0", "--vary", "spending_target=0.035,0.05"]


def test_cli_search_prints_the_front(tmp_path) -> None:
    out = tmp_path / "all.parquet"
    r = _cli("search", "feb2025", *FIVE, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "288 arrangements" in r.stdout and "Pareto front" in r.stdout
    assert "crossed by" in r.stdout and "enablers" in r.stdout
    import pandas as pd

    df = pd.read_parquet(out)
    assert len(df) == 288 and df["on_front"].any()
    assert not list(tmp_path.glob(".search-*"))


def test_cli_search_json(tmp_path) -> None:
    r = _cli("search", "feb2025", "--vary", "force=0,30000", "--vary", "us_posture=none,full",
             "--weights", "RUS=0.5", "--as-of", "2025-06-30", "--json", "--out",
             str(tmp_path / "a.csv"))
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["combinations"] == 4 and p["engine_batches"] == 2 and p["as_of"] == "2025-06-30"
    assert p["weights"] == {"RUS": 0.5} and p["front_size"] == len(p["front"]) >= 1
    assert (tmp_path / "a.csv").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--vary", "posture=none"], "allowed: us_posture, force"),
    (["--vary", "force=lots"], "force option"),
    (["--vary", "force=1", "--weights", "XXX=1"], "no statement of this actor"),
    (["--vary", "force=1", "--out", "x.txt"], ".parquet or .csv"),
    (["--vary", "force=1", "--as-of", "yesterday"], "YYYY-MM-DD"),
])
def test_cli_search_errors_exit_2(args: list[str], message: str, tmp_path) -> None:
    r = _cli("search", "feb2025", *args)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
