"""The one status palette agrees with the engine's status vocabulary."""

from guarantor.data.vocabulary import MISSION_STATUSES
from guarantor.palette import STATUS_COLOURS, STATUS_WORDS


def test_every_mission_status_has_one_word_and_one_colour() -> None:
    assert set(STATUS_WORDS) == set(MISSION_STATUSES) == set(STATUS_COLOURS)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
