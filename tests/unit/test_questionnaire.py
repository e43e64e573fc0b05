"""The questionnaire as data: the shipped file is complete and consistent; broken files are named."""

from __future__ import annotations

from pathlib import Path
from typing import get_args, get_type_hints

import pytest

from assessor.core.errors import DataFileError
from assessor.core.models import Answers
from assessor.core.questionnaire import Questionnaire, load_questionnaire

NEEDED = [
    "job_title",
    "years_experience",
    "work_setting",
    "specialty",
    "certifications",
    "time_split",
    "ai_tools",
    "country",
    "goals",
]


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


def test_every_needed_question_is_there(questionnaire: Questionnaire) -> None:
    ids = [question.id for question in questionnaire.questions]
    for needed in NEEDED:
        assert needed in ids
    assert ids[:2] == ["job_title", "years_experience"]


def test_only_title_and_years_are_required(questionnaire: Questionnaire) -> None:
    required = [question.id for question in questionnaire.questions if question.required]
    assert required == ["job_title", "years_experience"]
    for question in questionnaire.questions[2:]:
        assert "(default: " in question.prompt_line()


def test_choice_values_equal_the_answers_literals(questionnaire: Questionnaire) -> None:
    for question in questionnaire.questions:
        if question.kind != "choice":
            continue
        allowed = set(get_args(get_type_hints(Answers)[question.answer_field]))
        assert {option.value for option in question.options} == allowed, question.id
        assert question.default in allowed


def test_work_setting_goals_and_ai_tools_options(questionnaire: Questionnaire) -> None:
    goals = {option.value for option in questionnaire.question("goals").options}
    assert {
        "stay-in-coding",
        "cdi",
        "auditing",
        "risk-adjustment",
        "analytics",
        "management",
        "undecided",
    } <= goals
    assert {option.value for option in questionnaire.question("ai_tools").options} == {
        "none",
        "suggestions",
        "autonomous",
    }


def test_prompt_line_format(questionnaire: Questionnaire) -> None:
    assert (
        questionnaire.question("years_experience")
        .prompt_line()
        .startswith("[years_experience] How many years")
    )
    assert questionnaire.question("country").prompt_line().endswith("(default: United States)")
    assert (
        questionnaire.question("time_split").prompt_line().endswith("(default: the typical day of your role)")
    )


def test_conditions_split_certifications_by_country(questionnaire: Questionnaire) -> None:
    us, intl = questionnaire.question("certifications"), questionnaire.question("certifications_intl")
    assert us.answer_field == intl.answer_field == "certifications"
    assert us.when is not None and intl.when is not None
    assert us.when.holds("us") and not us.when.holds("uk")
    assert intl.when.holds("uk") and not intl.when.holds("canada")


BASE = """
[[questions]]
id = "job_title"
kind = "text"
required = true
prompt = "Title?"
"""


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "intake.toml").write_text(BASE + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '[[questions]]\nid = "years_experience"\nkind = "numbr"\nprompt = "Years?"\n',
            "questionnaires/intake.toml: question 'years_experience': kind: 'numbr' is not one of",
        ),
        (
            '[[questions]]\nid = "years_experience"\nkind = "number"\npromt = "Years?"\n',
            "question 'years_experience': promt: unknown field; did you mean 'prompt'?",
        ),
        (
            '[[questions]]\nid = "years_experience"\nkind = "number"\nprompt = "Years?"\nmax = "lots"\n',
            "question 'years_experience': max:",
        ),
        (
            '[[questions]]\nid = "setting"\nkind = "choice"\nprompt = "Where?"\n',
            "question 'setting': ",
        ),
        (
            '[[questions]]\nid = "work_setting"\nkind = "choice"\nprompt = "Where?"\ndefault = "moon"\n'
            'options = [{ value = "inpatient", label = "Hospital" }]\n',
            "question 'work_setting': default: 'moon' is not one of the options",
        ),
        (
            '[[questions]]\nid = "country"\nkind = "text"\nprompt = "Where?"\n'
            'when = { field = "contry", any_of = ["uk"] }\n',
            "question 'country': when: ",
        ),
        (
            '[[questions]]\nid = "job_title"\nkind = "text"\nprompt = "Again?"\n',
            "question id 'job_title' is used twice",
        ),
        ('[[questions]]\nkind = "text"\nprompt = "No id"\n', "questions[1]: id: required field is missing"),
        (
            '[[questions]]\nid = "work_setting"\nkind = "choice"\nprompt = "Where?"\nplaceholder = "type"\n'
            'options = [{ value = "inpatient", label = "Hospital" }]\n',
            "question 'work_setting': placeholder: a choice question shows a list, not a text box",
        ),
        (
            '[[questions]]\nid = "specialty"\nkind = "text"\nprompt = "Which?"\nplaceholder = "'
            + "x" * 71
            + '"\n',
            "question 'specialty': placeholder:",
        ),
        (
            '[[questions]]\nid = "specialty"\nkind = "text"\nprompt = "Which?"\nplacehlder = "e.g. E/M"\n',
            "placehlder: unknown field; did you mean 'placeholder'?",
        ),
    ],
)
def test_broken_file_names_file_question_and_field(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load_questionnaire(write(tmp_path, body))
    assert expected in caught.value.message


def test_not_toml_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no questionnaire files"):
        load_questionnaire(tmp_path)
    (tmp_path / "a.toml").write_text("[[questions]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="is not valid TOML"):
        load_questionnaire(tmp_path)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("title = 'x'\n" + BASE, encoding="utf-8")
    with pytest.raises(DataFileError, match="title: unknown top-level key"):
        load_questionnaire(tmp_path)


def test_files_are_read_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(
        '[[questions]]\nid = "years_experience"\nkind = "number"\nrequired = true\nprompt = "Years?"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.toml").write_text(BASE, encoding="utf-8")
    loaded = load_questionnaire(tmp_path)
    assert [question.id for question in loaded.questions] == ["job_title", "years_experience"]


def test_every_typed_question_has_its_own_placeholder(questionnaire: Questionnaire) -> None:
    typed = [question for question in questionnaire.questions if question.kind != "choice"]
    assert all(question.placeholder for question in typed)
    goals = questionnaire.question("goals").placeholder
    assert "CPC" not in goals and "cdi" in goals  # the goals box does not suggest credentials
