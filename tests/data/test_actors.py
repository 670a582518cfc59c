"""The actor registry's name look-up (``guarantor.data.actors``)."""

from __future__ import annotations

import pytest

from guarantor.data.actors import actors, fold_letters


@pytest.mark.parametrize("mention", ["Jonas Gahr Støre", "Jonas Gahr Store", "JONAS GAHR STORE"])
def test_a_name_matches_with_or_without_letters_that_do_not_decompose(mention: str) -> None:
    # "ø" has no combining mark to drop: it must still meet the English spelling "o".
    sp = actors().speaker_for(mention)
    assert sp is not None and sp.name == "Jonas Gahr Støre"


def test_marks_are_dropped_and_other_names_stay_apart() -> None:
    assert actors().speaker_for("Gitanas Nauseda").name == "Gitanas Nausėda"  # type: ignore[union-attr]
    assert actors().speaker_for("Jonas Gahr Stare") is None


@pytest.mark.parametrize(("text", "folded"), [
    ("Łukasz Støre-Kraß", "Lukasz Store-Krass"), ("Æsir þing", "AEsir thing"),
    ("Milanović", "Milanovic"),
])
def test_fold_letters(text: str, folded: str) -> None:
    assert fold_letters(text) == folded
