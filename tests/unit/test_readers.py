"""The conversation's readers: a choice read from a name, alias or typo, and a multi-choice answer read part by
part as it is typed (the app ticks rows from it)."""

from __future__ import annotations

import pytest

from assessor.core.errors import AnswersError
from assessor.core.questionnaire import Question, load_questionnaire
from assessor.core.readers import read_choice, read_typed_items

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


def _question(question_id: str) -> Question:
    return next(question for question in QUESTIONS.questions if question.id == question_id)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("the uk", "uk"),
        ("in oz", "australia"),
        ("can", "canada"),
        ("Australian", "australia"),
        ("united kingdon", "uk"),
        ("4", "canada"),
    ],
)
def test_a_country_is_read_from_its_name_a_short_alias_or_a_typo(typed: str, expected: str) -> None:
    assert read_choice(typed, _question("country")).value == expected


@pytest.mark.parametrize("typed", ["cardiology", "oncology", "canine", "ophthalmology", "hospital inpatient"])
def test_a_short_alias_inside_another_word_picks_nothing(typed: str) -> None:
    """An answer to another question ("cardiology") must not be read as Canada because it holds "ca"."""
    with pytest.raises(AnswersError, match="did not recognise"):
        read_choice(typed, _question("country"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("I work at a hospital", "inpatient"),
        ("acute care hospital", "inpatient"),
        ("ambulatory surgery center", "outpatient"),
        ("for an insurance company", "payer"),
        ("remote for a vendor", "vendor"),
        ("hosp", "inpatient"),
        ("inpatent", "inpatient"),
        # coders' names for the hospital's outpatient side: "hospital" there only says where the department is
        ("hospital outpatient", "outpatient"),
        ("HOPD", "outpatient"),
        ("ED", "outpatient"),
        ("ED in a hospital", "outpatient"),
        ("hospital-owned physician practice", "outpatient"),
        # a nursing home or home health agency is not "work from home"; a billing company is a vendor
        ("nursing home", "other"),
        ("home health", "other"),
        ("SNF", "other"),
        ("WFH", "vendor"),
        ("billing company", "vendor"),
        ("I work from home", "vendor"),
    ],
)
def test_a_setting_named_outright_is_taken(typed: str, expected: str) -> None:
    assert read_choice(typed, _question("work_setting")).value == expected


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        (
            "surgery and GI",
            ["Outpatient clinic"],
        ),  # half of "gp surgery": an answer to the specialty question
        ("physician office", ["Outpatient clinic"]),
        ("inpatient and outpatient", ["Inpatient hospital", "Outpatient clinic"]),
        # remote is how, the hospital is where: which one the question means is the person's to say
        ("remote, for a hospital", ["Coding vendor", "Inpatient hospital"]),
        ("clinic, remote", ["Outpatient clinic", "Coding vendor"]),
    ],
)
def test_a_setting_named_in_part_or_twice_is_asked_back(typed: str, offered: list[str]) -> None:
    with pytest.raises(AnswersError) as raised:
        read_choice(typed, _question("work_setting"))
    message = raised.value.message
    assert message.startswith("Did you mean ")
    asked = message.split("?")[0]
    for label in offered:
        assert label in asked
    assert "Health plan" not in asked


def test_a_word_every_goal_shares_does_not_pick_one() -> None:
    """ "coding" is in several goals' names: "risk adjustment coding" is risk adjustment, not "stay in coding"."""
    assert read_choice("risk adjustment coding", _question("goals")).value == "risk-adjustment"
    assert read_choice("I want to stay in coding", _question("goals")).value == "stay-in-coding"


@pytest.mark.parametrize(
    "typed",
    [
        "about half my day is same-day surgery charts, maybe 25% ED facility",
        "50% coding",
        "I code mostly outpatient surgery charts for a hospital",
    ],
)
def test_a_sentence_is_not_kept_as_a_credential(typed: str) -> None:
    from assessor.core.readers import read_multi

    with pytest.raises(AnswersError, match="does not read as a credential"):
        read_multi(typed, _question("certifications"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("CPC (AAPC)", ("CPC",)), ("RHIT - AHIMA", ("RHIT",)), ("CPC, CRC (both AAPC)", ("CPC", "CRC"))],
)
def test_a_credential_is_read_without_its_issuer(typed: str, expected: tuple[str, ...]) -> None:
    from assessor.core.readers import read_multi

    assert read_multi(typed, _question("certifications")) == (expected, None)


def test_a_credential_among_other_words_is_asked_back() -> None:
    from assessor.core.readers import read_multi

    with pytest.raises(AnswersError, match="names CCS among other words"):
        read_multi("CPC, working on my CCS", _question("certifications"))


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("since 2015", 11.0),
        ("started in 2019 (before that billing)", 7.0),
        ("a decade", 10.0),
        ("a couple of years", 2.0),
        ("just started", 0.5),
        ("new grad", 0.5),
        ("3 (mostly outpatient)", 3.0),
        ("two and a half years", 2.5),
        ("about 7 years now", 7.0),
        ("9 yrs so far, give or take", 9.0),
        ("I'm new", 0.5),
        ("newly certified", 0.5),
        ("like 6", 6.0),
    ],
)
def test_years_are_read_as_people_say_them(typed: str, years: float) -> None:
    from assessor.core.readers import read_number

    assert read_number(typed, _question("years_experience"), this_year=2026) == years


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("a few years", "About how many years?"),
        ("since 2030", "2030 has not come yet"),
        ("5-7", "5 to 7 has more than one number; type the one closest to yours, e.g. 6"),
        ("between 2 and 4 years", "e.g. 3"),
        ("15 years in HIM, 5 coding", "more than one number"),
    ],
)
def test_years_that_cannot_be_one_number_are_asked_back(typed: str, asked: str) -> None:
    from assessor.core.readers import read_number

    with pytest.raises(AnswersError, match=asked):
        read_number(typed, _question("years_experience"), this_year=2026)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cdi or auditing", ("cdi", "auditing")),
        ("either CDI or maybe management", ("cdi", "management")),
        ("stay or move to cdi", ("stay-in-coding", "cdi")),
    ],
)
def test_goals_joined_by_or_are_each_picked(typed: str, expected: tuple[str, ...]) -> None:
    """ "Pick one or more": a person torn between two goals names both, and both are kept (not asked back)."""
    from assessor.core.readers import read_multi

    assert read_multi(typed, _question("goals")) == (expected, None)


def test_credentials_are_not_split_on_or() -> None:
    """A credential list keeps 'or' inside an item: no credential question reads 'or' as two answers."""
    from assessor.core.readers import read_multi

    with pytest.raises(AnswersError):
        read_multi("CPC or CCS", _question("certifications"))
