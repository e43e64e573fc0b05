"""Ask, don't refuse: a task phrase not understood with confidence is asked about, one keystroke picks, the rest
of the day is kept, and the saved answers score the same as the conversation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assessor.core.answers_io import answers_to_toml, parse_answers_text
from assessor.core.assess import assess, load_answers
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.conversation import ConfirmedPhrase, ConversationState, Turn
from assessor.core.errors import AnswersError, MatchError
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.core.understanding import understand_task

# Phrases coders use loosely; the ones the matcher is unsure about (today) are what the questions are about.
LOOSE_PHRASES = (
    "chart work",
    "charts",
    "reviews",
    "records",
    "billing",
    "chart stuff",
    "paperwork",
    "reviewing",
)


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def unclear(catalog: Catalog) -> list[str]:
    """Loose phrases the matcher asks about for a mid-level medical coder (at least two, each with choices)."""
    role = catalog.role("medical-coder")
    found = [
        phrase
        for phrase in LOOSE_PHRASES
        if (seen := understand_task(phrase, role, catalog)).match is None and len(seen.candidates) >= 2
    ]
    assert len(found) >= 2, "the matcher is sure of every loose phrase: pick looser ones for this test"
    return found


def ok(step: Turn) -> ConversationState:
    assert step.error is None, step.error
    assert step.clarify is None
    return step.state


def at_split(
    questionnaire: Questionnaire, catalog: Catalog, learned: dict[str, str] | None = None
) -> ConversationState:
    state = ConversationState.start(questionnaire, catalog, learned=learned)
    return ok(ok(state.submit("job_title", "medical coder")).submit("years_experience", "3"))


def candidates(catalog: Catalog, phrase: str) -> list[str]:
    found = understand_task(phrase, catalog.role("medical-coder"), catalog)
    return [candidate.task_id for candidate in found.candidates]


def finish(state: ConversationState) -> ConversationState:
    while (question := state.next_question()) is not None:
        state = ok(state.submit(question.id, ""))
    return state


def test_unclear_phrase_is_asked_with_its_candidates(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    typed = f"60% coding, 40% {phrase}"
    step = at_split(questionnaire, catalog).submit("time_split", typed)
    assert step.error is None and step.clarify is not None
    asked = step.clarify
    assert asked.about == "task" and asked.phrase == phrase and asked.said == typed
    assert [option.value for option in asked.options] == candidates(catalog, phrase)[:3]
    assert asked.prompt_line().startswith(f"[time_split] Which task is {phrase!r}? Did you mean: 1. ")
    assert "or type another task" in asked.prompt_line()
    state = step.state
    assert state.pending == asked and state.next_question().id == "time_split"  # type: ignore[union-attr]
    assert state.value("time_split") is None
    with pytest.raises(AnswersError, match="time_split"):
        state.to_answers()


def test_one_digit_picks_and_keeps_the_rest_of_the_day(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    typed = f"60% coding, 40% {phrase}"
    asked = at_split(questionnaire, catalog).submit("time_split", typed)
    second = candidates(catalog, phrase)[1]
    step = asked.state.submit("time_split", "2")
    state = ok(step)
    assert step.confirmed == (
        ConfirmedPhrase(phrase=phrase, task_id=second, task_name=asked.clarify.options[1].label),  # type: ignore[union-attr]
    )
    assert step.notice is not None and step.notice.startswith(f"Noted: {phrase!r} is ")
    assert state.raw("time_split") == typed and state.pending is None
    assert {line.said: line.task_id for line in state.split_preview()} == {
        "coding": "assign-codes",
        phrase: second,
    }
    answers = finish(state).to_answers()
    assert answers.time_split == typed and answers.task_choices == {phrase: second}
    shares = {task.id: round(task.time_pct) for task in assess(answers, catalog).tasks}
    assert shares == {"assign-codes": 60, second: 40}


def test_several_unclear_phrases_are_asked_one_after_another(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    first, second = unclear[0], unclear[1]
    typed = f"50% coding, 30% {first}, the rest {second}"
    step = at_split(questionnaire, catalog).submit("time_split", typed)
    assert step.clarify is not None and step.clarify.phrase == first
    step = step.state.submit("time_split", "1")
    assert step.error is None and step.clarify is not None and step.clarify.phrase == second
    assert step.clarify.said == typed  # the day is kept while the next phrase is asked about
    assert step.confirmed[0].phrase == first and step.notice and "Noted" in step.notice
    state = ok(step.state.submit("time_split", "3"))
    assert state.task_choices == {
        first: candidates(catalog, first)[0],
        second: candidates(catalog, second)[2],
    }
    assert finish(state).to_answers().task_choices == state.task_choices


def test_typing_another_task_rematches_that_phrase_only(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    typed = f"70% denials, 30% {phrase}"
    asked = at_split(questionnaire, catalog).submit("time_split", typed)
    step = asked.state.submit("time_split", "provider queries")
    state = ok(step)
    assert step.confirmed == (
        ConfirmedPhrase(phrase=phrase, task_id="clinician-queries", task_name=step.confirmed[0].task_name),
    )
    assert {line.said: line.task_id for line in state.split_preview()} == {
        "denials": "denials-appeals-audits",
        phrase: "clinician-queries",
    }


def test_typing_another_unclear_phrase_asks_again_about_the_same_phrase(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase, other = unclear[0], unclear[1]
    asked = at_split(questionnaire, catalog).submit("time_split", f"70% coding, 30% {phrase}")
    again = asked.state.submit("time_split", other)
    assert again.error is None and again.clarify is not None
    assert again.clarify.phrase == phrase  # still asking about what the person wrote in their day
    assert [option.value for option in again.clarify.options] == candidates(catalog, other)[:3]
    state = ok(again.state.submit("time_split", "1"))
    assert state.task_choices == {phrase: candidates(catalog, other)[0]}


def test_nonsense_and_empty_answers_keep_the_question(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    asked = at_split(questionnaire, catalog).submit("time_split", f"70% coding, 30% {unclear[0]}")
    for text, expected in (("", "Type 1-"), ("zzqx", "I know no task like 'zzqx'"), ("9", "Type 1-")):
        step = asked.state.submit("time_split", text)
        assert step.error is not None and expected in step.error, (text, step.error)
        assert step.state.pending == asked.state.pending and step.confirmed == ()


def test_learned_phrases_are_understood_directly_and_saved(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    target = candidates(catalog, phrase)[1]
    state = at_split(questionnaire, catalog, learned={phrase.upper() + "  ": target})
    step = state.submit("time_split", f"60% coding, 40% {phrase}")
    state = ok(step)
    assert step.confirmed == ()  # nothing new was confirmed
    answers = finish(state).to_answers()
    assert answers.task_choices == {phrase: target}  # so `score` of the saved answers agrees
    assert {task.id for task in assess(answers, catalog).tasks} == {"assign-codes", target}


def test_saved_answers_score_the_same_and_old_files_still_load(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    asked = at_split(questionnaire, catalog).submit("time_split", f"60% coding, 40% {phrase}")
    answers = finish(ok(asked.state.submit("time_split", "3"))).to_answers()
    text = answers_to_toml(answers)
    assert "[task_choices]" in text
    again = parse_answers_text(text, "saved.toml")
    assert again == answers
    assert assess(again, catalog).score == assess(answers, catalog).score
    old = parse_answers_text('job_title = "Medical Coder"\nyears_experience = 3\n', "old.toml")
    assert old.task_choices == {} and "task_choices" not in answers_to_toml(old)


def test_score_refuses_with_the_candidates_and_accepts_task_ids(catalog: Catalog, unclear: list[str]) -> None:
    phrase = unclear[0]
    answers = load_answers(
        {"job_title": "medical coder", "years_experience": 3, "time_split": f"60% coding, 40% {phrase}"}
    )
    with pytest.raises(MatchError) as refused:
        assess(answers, catalog)
    for task_id in candidates(catalog, phrase)[:3]:
        assert f"({task_id})" in refused.value.message
    assert "\n" not in refused.value.message
    by_id = load_answers(
        {
            "job_title": "medical coder",
            "years_experience": 3,
            "time_split": "60% assign-codes, 40% clinician-queries",
        }
    )
    assert {task.id: round(task.time_pct) for task in assess(by_id, catalog).tasks} == {
        "assign-codes": 60,
        "clinician-queries": 40,
    }
    table = load_answers(
        {"job_title": "medical coder", "years_experience": 3, "time_split": {"assign-codes": 70, phrase: 30}}
    )
    with pytest.raises(MatchError):
        assess(table, catalog)
    chosen = replace(table, task_choices={phrase: "clinician-queries"})
    assert {task.id for task in assess(chosen, catalog).tasks} == {"assign-codes", "clinician-queries"}


def test_bad_task_choices_are_refused_in_one_line(questionnaire: Questionnaire, catalog: Catalog) -> None:
    with pytest.raises(AnswersError, match="task_choices"):
        ConversationState.start(
            questionnaire, catalog, {"job_title": "coder", "years_experience": 3, "task_choices": ["x"]}
        )
    with pytest.raises(AnswersError, match="task_choices"):
        load_answers({"job_title": "coder", "years_experience": 3, "task_choices": {"charts": "Not An Id!"}})


def test_a_file_with_an_unclear_phrase_is_asked_about_when_resumed(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    initial = {"job_title": "medical coder", "years_experience": 3, "time_split": f"80% coding, 20% {phrase}"}
    state = ConversationState.start(questionnaire, catalog, initial)
    assert state.pending is not None and state.pending.phrase == phrase
    assert state.next_question().id == "time_split"  # type: ignore[union-attr]
    state = ok(state.submit("time_split", "1"))
    assert state.task_choices == {phrase: candidates(catalog, phrase)[0]}
    resumed = ConversationState.start(questionnaire, catalog, {**initial, "task_choices": state.task_choices})
    assert resumed.pending is None and resumed.raw("time_split") == initial["time_split"]


def test_the_preview_names_what_will_be_asked(
    questionnaire: Questionnaire, catalog: Catalog, unclear: list[str]
) -> None:
    phrase = unclear[0]
    lines = at_split(questionnaire, catalog).read_split(f"60% coding, 40% {phrase}")
    assert [(line.said, line.task_id, round(line.pct)) for line in lines] == [
        ("coding", "assign-codes", 60),
        (phrase, "", 40),
    ]
    names = [
        candidate.name
        for candidate in understand_task(phrase, catalog.role("medical-coder"), catalog).candidates
    ]
    assert list(lines[1].candidates) == names
