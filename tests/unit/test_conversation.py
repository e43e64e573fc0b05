"""The conversation engine: next question, typed answer -> value or one-sentence error, back, resume."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.core.answers_io import answers_to_toml, parse_answers_text
from assessor.core.assess import assess, assessment_summary
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.conversation import ConversationState, Turn
from assessor.core.errors import AnswersError
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.core.readers import read_multi, read_number


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture()
def state(questionnaire: Questionnaire, catalog: Catalog) -> ConversationState:
    return ConversationState.start(questionnaire, catalog)


def ok(step: Turn) -> ConversationState:
    assert step.error is None, step.error
    assert step.clarify is None
    return step.state


def answer_all(state: ConversationState, replies: dict[str, str]) -> ConversationState:
    """Answer each question in turn from `replies` (empty = default)."""
    while (question := state.next_question()) is not None:
        state = ok(state.submit(question.id, replies.get(question.id, "")))
    return state


def test_first_questions_and_completion(state: ConversationState) -> None:
    question = state.next_question()
    assert question is not None and question.id == "job_title"
    state = ok(state.submit("job_title", "medical coder"))
    assert state.next_question().id == "years_experience"  # type: ignore[union-attr]
    state = answer_all(ok(state.submit("years_experience", "3")), {})
    assert state.next_question() is None
    answers = state.to_answers()
    assert answers.job_title == "medical coder" and answers.years_experience == 3
    assert answers.work_setting == "other" and answers.ai_tools == "suggestions" and answers.country == "us"
    assert answers.certifications == () and answers.time_split is None


def test_states_are_immutable(state: ConversationState) -> None:
    after = ok(state.submit("job_title", "coder"))
    assert state.answered == ()
    assert len(after.answered) == 1
    question, raw, value = after.answered[0]
    assert (question.id, raw, value) == ("job_title", "coder", "coder")


def test_required_question_refuses_empty(state: ConversationState) -> None:
    step = state.submit("job_title", "   ")
    assert step.error and "needs an answer" in step.error
    assert step.state.next_question().id == "job_title"  # type: ignore[union-attr]


def test_incomplete_answers_are_refused(state: ConversationState) -> None:
    with pytest.raises(AnswersError, match="job_title, years_experience"):
        state.to_answers()


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("3", 3),
        ("3 years", 3),
        ("three", 3),
        ("Three years", 3),
        ("2.5", 2.5),
        ("2,5", 2.5),
        ("18 months", 1.5),
        ("6 months", 0.5),
        ("two and a half years", 2.5),
        ("a year and a half", 1.5),
        ("2 years 6 months", 2.5),
        ("about 10 years", 10),
        ("twenty five", 25),
        ("0", 0),
        ("60", 60),
        ("5yrs", 5),
        ("18mo", 1.5),
        ("less than a year", 0.5),
        ("I have been coding for 7 years", 7),
    ],
)
def test_years_are_read(questionnaire: Questionnaire, text: str, years: float) -> None:
    assert read_number(text, questionnaire.question("years_experience")) == pytest.approx(years)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("-3", "negative"),
        ("minus two", "negative"),
        ("61", "more than the 60 years"),
        ("200 years", "more than the 60 years"),
        ("lots", "could not find"),
        ("3 or 4", "more than one number"),
        ("3 apples", "could not read"),
        ("less than 5 years", "could not read"),
        ("3-4 years", "more than one number"),
    ],
)
def test_bad_years_are_refused_with_a_sentence(questionnaire: Questionnaire, text: str, needle: str) -> None:
    with pytest.raises(AnswersError) as caught:
        read_number(text, questionnaire.question("years_experience"))
    assert needle in caught.value.message


def test_bad_answer_keeps_the_same_question(state: ConversationState) -> None:
    state = ok(state.submit("job_title", "coder"))
    step = state.submit("years_experience", "lots")
    assert step.error is not None and step.state.next_question().id == "years_experience"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", "inpatient"),
        ("inpatient", "inpatient"),
        ("Inpatient hospital", "inpatient"),
        ("hosp", "inpatient"),
        ("clinic", "outpatient"),
        ("physician practice", "outpatient"),
        ("health plan", "payer"),
        ("remote", "vendor"),
        ("5", "other"),
        ("insurance", "payer"),
    ],
)
def test_choice_accepts_number_value_label_and_fuzzy(state: ConversationState, text: str, value: str) -> None:
    state = ok(ok(state.submit("job_title", "coder")).submit("years_experience", "3"))
    state = ok(state.submit("country", ""))
    assert state.next_question().id == "work_setting"  # type: ignore[union-attr]
    assert ok(state.submit("work_setting", text)).value("work_setting") == value


@pytest.mark.parametrize(("text", "needle"), [("9", "no option 9"), ("the moon", "did not recognise")])
def test_bad_choice_lists_the_options(state: ConversationState, text: str, needle: str) -> None:
    step = state.submit("work_setting", text)
    assert step.error is not None and needle in step.error and "Inpatient hospital" in step.error


def test_certifications(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("certifications")
    assert read_multi("CPC, CRC", question) == (("CPC", "CRC"), None)
    assert read_multi("cpc and ccs-p", question) == (("CPC", "CCS-P"), None)
    assert read_multi("CPC CRC", question) == (("CPC", "CRC"), None)
    assert read_multi("certified professional coder", question) == (("CPC",), None)
    assert read_multi("none", question) == ((), None)
    with pytest.raises(AnswersError, match="did you mean CRC"):
        read_multi("CPC, CRX", question)
    assert read_multi("CPC, CRX!", question)[0] == ("CPC", "CRX")
    values, notice = read_multi("CPC, XYZQ", question)
    assert values == ("CPC", "XYZQ") and notice is not None and "XYZQ" in notice


def test_goals_are_options_only(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("goals")
    assert read_multi("cdi and audit", question)[0] == ("cdi", "auditing")
    assert read_multi("2, 4", question)[0] == ("cdi", "risk-adjustment")
    with pytest.raises(AnswersError):
        read_multi("astronaut", question)


def test_pastry_chef_is_refused_with_closest_roles(state: ConversationState) -> None:
    step = state.submit("job_title", "pastry chef")
    assert step.error is not None and "closest roles" in step.error
    assert step.state.next_question().id == "job_title"  # type: ignore[union-attr]
    assert step.state.answered == ()


def test_misspelled_title_is_accepted_with_a_notice(state: ConversationState) -> None:
    step = state.submit("job_title", "medcial codr")
    assert step.error is None and step.notice is not None and "Medical Coder" in step.notice


def two_coder_catalog(catalog: Catalog) -> Catalog:
    coder = catalog.role("medical-coder")
    first = replace(coder, id="alpha-coder", family="alpha-coder", title="Alpha Coder")
    first = replace(first, aliases=())
    second = replace(first, id="beta-coder", family="beta-coder", title="Beta Coder")
    return Catalog(roles=(first, second))


def test_ambiguous_title_asks_and_stores_the_choice(questionnaire: Questionnaire, catalog: Catalog) -> None:
    state = ConversationState.start(questionnaire, two_coder_catalog(catalog))
    step = state.submit("job_title", "coder")
    assert step.error is None and step.clarify is not None
    assert {option.value for option in step.clarify.options} == {"alpha-coder", "beta-coder"}
    assert step.clarify.prompt_line().startswith("[job_title] Did you mean 1.")
    state = step.state
    assert state.pending is not None and state.next_question().id == "job_title"  # type: ignore[union-attr]
    second = step.clarify.options[1]
    state = ok(state.submit("job_title", "2"))
    assert state.pending is None and state.role_id == second.value
    state = answer_all(ok(state.submit("years_experience", "4")), {})
    answers = state.to_answers()
    assert answers.role_id == second.value and answers.job_title == "coder"


def test_clarification_by_name(questionnaire: Questionnaire, catalog: Catalog) -> None:
    state = ConversationState.start(questionnaire, two_coder_catalog(catalog))
    state = state.submit("job_title", "coder").state
    assert ok(state.submit("job_title", "beta coder")).role_id == "beta-coder"


def test_split_is_matched_to_the_role(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    step = state.submit("time_split", "half coding, 20% denials, the rest queries")
    assert step.error is None and step.notice is not None and "I read that as" in step.notice
    lines = {line.task_id: line.pct for line in step.state.split_preview()}
    assert lines == {"assign-codes": 50, "denials-appeals-audits": 20, "clinician-queries": 30}


def test_parts_of_the_day_that_are_one_task_are_told_back_as_one_share(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    step = state.submit("time_split", "60% coding charts, 20% assigning codes, the rest queries")
    assert step.error is None and step.notice is not None
    told = step.notice.split("I read that as: ")[1]
    assert told.startswith("80% Read clinical documentation and assign")
    assert told.count("assign ICD-10") == 1


def test_a_phrase_like_no_task_is_named_back(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    step = state.submit("time_split", "80% coding, 20% lunch")
    assert step.clarify is None and step.error is not None and "'lunch'" in step.error
    assert step.state.pending is None and step.state.value("time_split") is None
    vague = state.submit("time_split", "80% coding, 20% review")  # asked about, with its candidates
    assert vague.error is None and vague.clarify is not None and vague.clarify.phrase == "review"


def test_split_scaling_and_vague_answers(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    scaled = state.submit("time_split", "50% coding, 30% denials, 17% queries")
    assert scaled.error is None and scaled.notice is not None and "scaled" in scaled.notice
    vague = state.submit("time_split", "mostly coding")
    assert vague.error is None and vague.clarify is not None and "How much" in vague.clarify.question
    assert vague.state.pending is not None and vague.state.value("time_split") is None  # asked, not stored


def test_change_drops_answers_that_no_longer_apply(state: ConversationState) -> None:
    state = answer_all(state, {"job_title": "coder", "years_experience": "3", "certifications": "CPC, CRC"})
    assert state.to_answers().certifications == ("CPC", "CRC")
    state = state.change("country")
    assert state.next_question().id == "country"  # type: ignore[union-attr]
    state = ok(state.submit("country", "uk"))
    ids = [question.id for question, _, _ in state.answered]
    assert "certifications" not in ids  # the US credential question no longer applies
    assert "work_setting" in ids and "goals" in ids  # the rest is kept
    assert state.next_question().id == "certifications_intl"  # type: ignore[union-attr]
    state = ok(state.submit("certifications_intl", "ACC"))
    assert state.next_question() is None
    assert state.to_answers().certifications == ("ACC",)


def test_changing_the_title_rechecks_the_split(state: ConversationState) -> None:
    state = answer_all(
        state,
        {"job_title": "medical coder", "years_experience": "3", "time_split": "60% coding, 40% ncci edits"},
    )
    state = state.change("job_title")
    assert state.next_question().id == "job_title"  # type: ignore[union-attr]
    step = state.submit("job_title", "pharmacy technician")
    assert step.error is None
    assert "time_split" not in [question.id for question, _, _ in step.state.answered]
    assert step.notice is not None and "[time_split]" in step.notice
    kept = state.change("job_title")
    kept = ok(kept.submit("job_title", "senior coder"))
    assert kept.value("time_split") == "60% coding, 40% ncci edits"


def test_start_from_partial_answers(questionnaire: Questionnaire, catalog: Catalog) -> None:
    initial: dict[str, Any] = {"job_title": "HCC coder", "work_setting": "payer", "certifications": ["CRC"]}
    state = ConversationState.start(questionnaire, catalog, initial)
    assert state.next_question().id == "years_experience"  # type: ignore[union-attr]
    state = answer_all(ok(state.submit("years_experience", "5")), {})
    answers = state.to_answers()
    assert (answers.job_title, answers.work_setting, answers.certifications) == (
        "HCC coder",
        "payer",
        ("CRC",),
    )


def test_start_with_a_split_table(questionnaire: Questionnaire, catalog: Catalog) -> None:
    initial = {
        "job_title": "coder",
        "years_experience": 3,
        "time_split": {"assign-codes": 70, "clinician-queries": 30},
    }
    state = ConversationState.start(questionnaire, catalog, initial)
    assert state.to_answers().time_split == {"assign-codes": 70.0, "clinician-queries": 30.0}


@pytest.mark.parametrize(
    ("initial", "needle"),
    [
        ({"job_titel": "coder"}, "did you mean 'job_title'"),
        ({"job_title": "pastry chef"}, "job_title"),
        ({"years_experience": -1}, "negative"),
        ({"work_setting": "moon"}, "work_setting"),
        ({"role_id": "nope"}, "role_id"),
        ({"job_title": "coder", "years_experience": 3, "time_split": {"lunch": 100}}, "lunch"),
    ],
)
def test_bad_partial_answers_are_refused(
    questionnaire: Questionnaire, catalog: Catalog, initial: dict[str, Any], needle: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        ConversationState.start(questionnaire, catalog, initial)
    assert needle in caught.value.message


CONVERSATIONS = [
    {"job_title": "medcial codr", "years_experience": "18 months"},
    {
        "job_title": "senior inpatient coder",
        "years_experience": "twelve",
        "work_setting": "hospital",
        "specialty": "oncology",
        "certifications": "CCS, CIC",
        "time_split": "in an 8 hour day, 4 hours coding, 2 hours denials and the rest queries",
        "ai_tools": "autonomous",
    },
    {
        "job_title": "HCC coder",
        "years_experience": "4",
        "work_setting": "payer",
        "time_split": "70% hcc review, 30% queries",
    },
    {"job_title": "CDI spec", "years_experience": "7", "ai_tools": "none", "goals": "management"},
    {
        "job_title": "clinical coding officer",
        "years_experience": "2.5",
        "country": "uk",
        "certifications_intl": "ACC",
    },
    {
        "job_title": "E/M coder",
        "years_experience": "1",
        "work_setting": "2",
        "time_split": "50% coding, 30% denials, 17% queries",
    },
]


@pytest.mark.parametrize("replies", CONVERSATIONS)
def test_saved_answers_give_the_same_score(
    state: ConversationState, catalog: Catalog, replies: dict[str, str]
) -> None:
    answers = answer_all(state, replies).to_answers()
    direct = assessment_summary(assess(answers, catalog))
    reread = parse_answers_text(answers_to_toml(answers), "saved")
    assert reread == answers
    assert assessment_summary(assess(reread, catalog)) == direct


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, assessor.core.conversation, assessor.core.questionnaire; print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question_index=st.integers(0, 20), text=st.text(max_size=80))
def test_any_text_gives_a_step_never_an_exception(
    questionnaire: Questionnaire, catalog: Catalog, question_index: int, text: str
) -> None:
    state = ConversationState.start(questionnaire, catalog)
    state = ok(ok(state.submit("job_title", "coder")).submit("years_experience", "3"))
    question = questionnaire.questions[question_index % len(questionnaire.questions)]
    step = state.submit(question.id, text)
    if step.error is not None:
        assert "\n" not in step.error and step.error.strip()
        assert step.state.answered == state.answered
    elif step.clarify is None:
        step.state.to_answers()  # whatever was accepted still makes valid answers


def test_role_from_another_country_is_pointed_out(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "clinical coding officer")).submit("years_experience", "3"))
    us = state.submit("country", "us")
    # The UK title is scored with its US equivalent, and the person is told so.
    assert us.notice is not None and "UK" in us.notice and "Medical Coder" in us.notice
    assert us.state.role().id == "medical-coder"  # type: ignore[union-attr]
    uk = state.submit("country", "uk")
    assert uk.notice is None
    assert uk.state.role().id == "clinical-coder"  # type: ignore[union-attr]


def test_question_that_does_not_apply_is_refused(state: ConversationState) -> None:
    step = state.submit("certifications_intl", "ACC")  # the country defaults to the US
    assert step.error is not None and "does not apply" in step.error


def test_partial_split_without_a_title_is_checked_later(
    questionnaire: Questionnaire, catalog: Catalog
) -> None:
    state = ConversationState.start(questionnaire, catalog, {"time_split": "60% coding, 40% ncci edits"})
    assert state.next_question().id == "job_title"  # type: ignore[union-attr]
    kept = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    assert kept.value("time_split") == "60% coding, 40% ncci edits"
    step = state.submit("job_title", "pharmacy technician")
    assert step.error is None and step.state.value("time_split") is None  # no longer fits: asked again
    with pytest.raises(AnswersError, match="time_split"):
        ConversationState.start(questionnaire, catalog, {"time_split": "mostly coding"})


def test_years_said_in_words_are_told_back_as_a_number(state: ConversationState) -> None:
    state = ok(state.submit("job_title", "medical coder"))
    step = state.submit("years_experience", "a decade")
    assert step.error is None and step.notice == "I read that as 10 years."
    assert state.submit("years_experience", "10").notice is None
    months = state.submit("years_experience", "8 months")
    assert months.notice == "I read that as 0.67 years." and months.state.value("years_experience") == 0.6667


def test_a_healthcare_job_without_a_card_is_asked_which_card_is_nearest(state: ConversationState) -> None:
    step = state.submit("job_title", "Utilization Review Nurse")
    assert step.error is None and step.clarify is not None
    assert "no card for 'Utilization Review Nurse'" in step.clarify.question
    assert step.clarify.prompt_line().startswith(
        "[job_title] I have no card for 'Utilization Review Nurse' itself."
    )
    assert "1. " in step.clarify.prompt_line()
    offered = [option.value for option in step.clarify.options]
    assert "registered-nurse" in offered and len(offered) == len(set(offered))
    picked = ok(step.state.submit("job_title", str(offered.index("registered-nurse") + 1)))
    assert picked.pending is None and picked.role_id == "registered-nurse"
    # another title typed instead is read as a title
    assert ok(step.state.submit("job_title", "medical coder")).pending is None


@pytest.mark.parametrize("title", ["pastry chef", "Survey Coder"])
def test_other_jobs_are_still_refused_not_offered_cards(state: ConversationState, title: str) -> None:
    step = state.submit("job_title", title)
    assert step.clarify is None and step.error is not None


def _at_specialty(state: ConversationState, setting: str) -> ConversationState:
    for question_id, text in (
        ("job_title", "Medical Coder"),
        ("years_experience", "8"),
        ("country", "United States"),
        ("work_setting", setting),
    ):
        state = ok(state.submit(question_id, text))
    return state


@pytest.mark.parametrize(
    ("setting", "said", "told"),
    [
        ("hospital", "oncology", "I read that as Oncology coding."),
        ("hospital", "neurosurgery", "I read that as Inpatient surgical coding."),
        (
            "outpatient",
            "neurosurgery",
            "I read that as Inpatient surgical coding, which is not applied with your work setting.",
        ),
    ],
)
def test_a_specialty_is_told_back_as_what_it_changes(
    state: ConversationState, setting: str, said: str, told: str
) -> None:
    step = _at_specialty(state, setting).submit("specialty", said)
    assert step.error is None
    assert step.notice == told


def test_a_specialty_without_figures_says_so_and_names_those_with_figures(state: ConversationState) -> None:
    step = _at_specialty(state, "hospital").submit("specialty", "cardiology")
    assert step.error is None
    assert step.notice is not None
    assert step.notice.startswith("I have no separate figures for 'cardiology' as a specialty")
    assert "Oncology coding" in step.notice and "Trauma coding" in step.notice
    assert step.state.value("specialty") == "cardiology"


@pytest.mark.parametrize(
    ("said", "held"), [("CCS, RHIA", ("CCS", "RHIA")), ("cpc", ("CPC",)), ("CPC CRC", ("CPC", "CRC"))]
)
def test_credentials_typed_as_the_specialty_are_kept_for_their_question(
    state: ConversationState, said: str, held: tuple[str, ...]
) -> None:
    at = _at_specialty(state, "hospital")
    step = at.submit("specialty", said)
    assert step.error is None and step.notice is not None and "kept it there" in step.notice
    assert step.state.value("certifications") == held
    assert step.state.next_question().id == "specialty"  # type: ignore[union-attr]


@pytest.mark.parametrize("said", ["CCS, RHIA", "cpc", "CPC CRC"])
def test_credentials_typed_as_the_specialty_once_answered_are_refused_with_the_reason(
    state: ConversationState, said: str
) -> None:
    at = ok(_at_specialty(state, "hospital").submit("certifications", "CPC"))
    step = at.submit("specialty", said)
    assert step.error is not None
    assert "reads as credentials, not a specialty" in step.error
    assert step.state.value("specialty") == at.value("specialty")
    assert ok(step.state.submit("specialty", "oncology")).value("specialty") == "oncology"


@pytest.mark.parametrize(("said", "told"), [("hosp", "Inpatient hospital"), ("3", "Health plan or payer")])
def test_a_choice_typed_in_other_words_is_told_back_by_its_name(
    state: ConversationState, said: str, told: str
) -> None:
    at = ok(
        ok(ok(state.submit("job_title", "coder")).submit("years_experience", "2")).submit("country", "us")
    )
    assert at.submit("work_setting", said).notice == f"I read that as {told}."
    assert at.submit("work_setting", told.upper()).notice is None
    assert (
        at.submit("work_setting", "payer").notice is None
    )  # the option's own value, as the app's list sends


def test_an_answer_meant_for_a_later_question_is_kept_there(state: ConversationState) -> None:
    """A person a step ahead of the questions (the work setting typed at the country question) loses nothing:
    the answer is kept for its own question, told back, and the question asked again."""
    state = ok(ok(state.submit("job_title", "coder")).submit("years_experience", "3"))
    step = state.submit("country", "physician practice / multispecialty clinic")
    assert step.error is None and step.notice is not None
    assert "kept it there: Outpatient clinic or physician practice" in step.notice
    assert step.notice.endswith("Now, which country do you work in?")
    assert step.state.value("work_setting") == "outpatient" and step.kept_for == "work_setting"
    assert step.state.next_question().id == "country"  # type: ignore[union-attr]
    step = step.state.submit("country", "CPC, CRC")
    assert step.error is None and step.state.value("certifications") == ("CPC", "CRC")
    step = step.state.submit("country", "60% coding, 40% denials")
    assert step.error is None and step.state.value("time_split") == "60% coding, 40% denials"
    state = ok(step.state.submit("country", "usa"))
    assert state.next_question().id == "specialty"  # type: ignore[union-attr]  # the setting is not asked again
    answers = answer_all(state, {}).to_answers()
    assert answers.work_setting == "outpatient" and answers.certifications == ("CPC", "CRC")


def test_credentials_typed_at_the_specialty_question_go_to_the_credentials(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "coder")).submit("years_experience", "3"))
    state = ok(ok(state.submit("country", "")).submit("work_setting", ""))
    step = state.submit("specialty", "CCS, RHIA")
    assert step.error is None and step.state.value("certifications") == ("CCS", "RHIA")
    assert step.state.next_question().id == "specialty"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["the moon", "yes", "ortho and pain mgmt", "a few"])
def test_only_a_clear_answer_is_kept_for_a_later_question(state: ConversationState, text: str) -> None:
    """Nothing vague is filed under another question."""
    state = ok(state.submit("job_title", "coder"))
    for question_id in ("years_experience", "country"):
        step = state.submit(question_id, text)
        assert step.error is not None and step.state == state
        state = ok(state.submit(question_id, "3" if question_id == "years_experience" else "usa"))


def test_an_other_option_is_never_kept_for_a_later_question(state: ConversationState) -> None:
    state = ok(state.submit("job_title", "coder"))
    step = state.submit("years_experience", "elsewhere")  # the country's and the setting's "other"
    assert step.error is not None and step.state == state


def test_career_goals_typed_at_the_tools_question_are_kept_for_the_goals(state: ConversationState) -> None:
    state = ok(ok(state.submit("job_title", "coder")).submit("years_experience", "3"))
    step = state.submit("ai_tools", "CDI, auditing")
    assert step.error is None and step.kept_for == "goals"
    assert step.state.value("goals") == ("cdi", "auditing")
    assert "kept it there: Clinical documentation improvement, Coding auditing." in (step.notice or "")
    assert state.submit("work_setting", "not sure").error is not None  # "undecided" is not kept ahead


def test_shares_told_back_keep_their_half_percent(state: ConversationState) -> None:
    """'2.5% each' in the note must not be told back as '2%' (round-half-even) in the same breath."""
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    step = state.submit("time_split", "95% coding, rest is denials and queries")
    assert step.error is None and step.notice is not None
    told = step.notice.split("I read that as: ")[1]
    assert told.startswith("95% Read clinical documentation")
    assert "2.5% Handle denials" in told and "2.5% Communicate with clinicians" in told


def test_a_task_said_to_be_inside_another_share_joins_it(state: ConversationState) -> None:
    """'How much of your day is e/m leveling?' -> 'included in the 70': one task at 70%, nothing lost."""
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    asked = state.submit("time_split", "70% pro fee coding, E/M leveling, rest denials")
    assert asked.clarify is not None and "e/m leveling" in asked.clarify.question
    step = asked.state.submit("time_split", "included in the 70")
    assert step.error is None and step.clarify is None and step.notice is not None
    lines = {line.task_id: line.pct for line in step.state.split_preview()}
    assert lines == {"assign-codes": 70, "denials-appeals-audits": 30}
    assert step.state.value("time_split") == "70% pro fee coding and e/m leveling, the rest denials"


@pytest.mark.parametrize("said", ["n/a", "none really", "a bit of everything", "multi-specialty", "general"])
def test_a_specialty_answer_that_names_none_is_the_default(state: ConversationState, said: str) -> None:
    """Not stored (and reported) as a specialty called 'n/a' with no figures of its own."""
    state = ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))
    step = state.submit("specialty", said)
    assert step.error is None and step.state.value("specialty") == ""
    assert step.notice == "No particular specialty, then: your role's usual tasks are used."
