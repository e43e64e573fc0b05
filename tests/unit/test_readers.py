"""read_typed_items: a multi-choice answer read part by part as it is typed (the app ticks rows from it)."""

from __future__ import annotations

from assessor.core.questionnaire import load_questionnaire
from assessor.core.readers import read_typed_items

QUESTIONS = load_questionnaire()


def test_typed_credentials_tick_options_and_unknown_ones_are_kept() -> None:
    items = read_typed_items(
        "CPC, certified risk adjustment coder, ABCD", QUESTIONS.question("certifications")
    )
    assert [(item.value, item.kept) for item in items] == [("CPC", False), ("CRC", False), ("ABCD", True)]


def test_a_typo_is_flagged_not_ticked() -> None:
    [item] = read_typed_items("cpcc", QUESTIONS.question("certifications"))
    assert item.value is None and item.problem is not None and "CPC" in item.problem


def test_goals_are_read_by_alias_and_an_unknown_goal_is_a_problem() -> None:
    items = read_typed_items("hcc and audit, moon", QUESTIONS.question("goals"))
    assert [item.value for item in items] == ["risk-adjustment", "auditing", None]
    assert items[2].problem


def test_empty_and_none_tick_nothing() -> None:
    assert read_typed_items("", QUESTIONS.question("goals")) == ()
    assert read_typed_items("none", QUESTIONS.question("certifications")) == ()
