"""The bundled Skyshield scenario: the published plan's 120 fighters beside aug2025."""

from guarantor.data.sources import source_catalogue
from guarantor.engine import evaluate
from guarantor.scenario import load_scenario


def test_skyshield_is_the_published_plan_beside_aug2025() -> None:
    sky, aug = load_scenario("skyshield"), load_scenario("aug2025")
    assert sky.missions.air_shield.requirement["combat_aircraft"] == 120
    # cited: the Guardian report of 6 March 2025 and the plan's summary
    cited = {r.source for r in sky.rationale}
    assert {"cap_euromaidanpress_skyshield_2025", "par_guardian_skyshield_2025"} <= cited
    assert source_catalogue()["cap_euromaidanpress_skyshield_2025"].date == "2025-03-06"
    # everything but the fighters is aug2025's
    a, s = evaluate(aug).missions.set_index("item"), evaluate(sky).missions.set_index("item")
    assert s.loc["combat_aircraft", "requirement"] == 120
    for k in ("tanker", "aewc", "isr", "ground_radar", "long_range_sam", "strategic_airlift"):
        assert s.loc[k, "requirement"] == a.loc[k, "requirement"], k


def test_skyshield_hours_at_the_operation_tempo() -> None:
    # 120 fighters x availability 0.6992 x 1 sortie a day x (2 h + 1 h) x 365 = 91,874.9 h
    op = evaluate(load_scenario("skyshield")).air_operation().set_index("class")
    assert abs(op.loc["combat_aircraft", "hours_per_year"] - 120 * 0.6992 * 3 * 365) < 1e-6
