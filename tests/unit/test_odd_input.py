"""Odd and hostile text typed into the conversation: full-width digits, invisible marks, look-alikes, markup,
emoji, bidi overrides and endless lines. Each is read to the same values as plain text, or refused with one
sentence and the same question kept; never a traceback and never a silent wrong reading."""

from __future__ import annotations

import pytest

from assessor.core.catalog import Catalog
from assessor.core.conversation import MAX_ANSWER_CHARS, ConversationState, Turn
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.core.text import readable_answer


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


def _at_split(
    questionnaire: Questionnaire, catalog: Catalog, title: str = "Medical Coder"
) -> ConversationState:
    state = ConversationState.start(questionnaire, catalog)
    for question_id, text in (("job_title", title), ("years_experience", "5"), ("country", "us")):
        turn = state.submit(question_id, text)
        assert turn.error is None and turn.clarify is None, turn.error
        state = turn.state
    return state


def _shares(turn: Turn) -> dict[str, float]:
    assert turn.error is None, turn.error
    return {line.task_id: round(line.pct, 2) for line in turn.state.split_preview()}


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("\uff15\uff10\uff05 coding, \uff15\uff10\uff05 denials", "50% coding, 50% denials"),  # full-width
        ("coding\u200b 60%, que\u200dries 40%", "coding 60%, queries 40%"),  # zero-width space and joiner
        ("\u200fcoding 60%, queries 40%\u200e", "coding 60%, queries 40%"),  # RTL/LTR marks
        ("\ufeffcoding 60%, queries 40%", "coding 60%, queries 40%"),  # a byte-order mark pasted first
        ("<b>coding</b> 60%, <i>queries</i> 40%", " coding  60%,  queries  40%"),  # markup from a web page
        ("coding 60%&nbsp;queries 40%", "coding 60% queries 40%"),
        ("E&M coding 60%, queries 40%", "E&M coding 60%, queries 40%"),  # '&' that is no entity stays
        ("\u00bd coding, \u00bd denials", "1/2 coding, 1/2 denials"),
    ],
)
def test_readable_answer_folds_what_looks_the_same(typed: str, plain: str) -> None:
    assert readable_answer(typed) == plain


@pytest.mark.parametrize(
    "typed",
    [
        "\uff16\uff10\uff05 coding, \uff14\uff10\uff05 denials",
        "coding\u200b 60%, denials\u200b 40%",
        "\u200f60% coding, 40% denials\u200f",
        "<p>60% coding</p><p>40% denials</p>",
        "60% coding \U0001f605, 40% denials \U0001f624",
        "60% c\u043eding, 40% denials",  # a Cyrillic o inside 'coding' is read as a slip, not a new task
    ],
)
def test_a_day_typed_oddly_is_read_like_plain_text(
    questionnaire: Questionnaire, catalog: Catalog, typed: str
) -> None:
    state = _at_split(questionnaire, catalog)
    assert _shares(state.submit("time_split", typed)) == {
        "assign-codes": 60.0,
        "denials-appeals-audits": 40.0,
    }


def test_full_width_years_are_read(questionnaire: Questionnaire, catalog: Catalog) -> None:
    state = ConversationState.start(questionnaire, catalog)
    state = state.submit("job_title", "Medical Coder").state
    turn = state.submit("years_experience", "\uff17")
    assert turn.error is None
    assert turn.state.value("years_experience") == 7.0


def test_a_title_with_invisible_marks_and_markup_is_the_same_title(
    questionnaire: Questionnaire, catalog: Catalog
) -> None:
    plain = _at_split(questionnaire, catalog, "Risk Adjustment Coder").role()
    odd = _at_split(questionnaire, catalog, "<b>Risk\u200b Adjustment</b> Coder\u200f").role()
    assert plain is not None and odd is not None and odd.id == plain.id == "risk-adjustment-coder"


@pytest.mark.parametrize(
    "typed",
    [
        "Medical \u202eredoC",  # a right-to-left override reorders what is shown
        "coding\x1b[2J 100%",  # an escape sequence
        "coding &#x202e; 100%",  # an override smuggled in as an HTML entity
    ],
)
def test_overrides_and_escapes_are_refused_with_a_sentence(
    questionnaire: Questionnaire, catalog: Catalog, typed: str
) -> None:
    state = _at_split(questionnaire, catalog)
    turn = state.submit("time_split", typed)
    assert turn.error is not None and "control character" in turn.error
    assert turn.state is state  # the same question, to try again


def test_an_endless_line_is_refused_with_its_length(questionnaire: Questionnaire, catalog: Catalog) -> None:
    state = _at_split(questionnaire, catalog)
    text = "coding " * 20_000
    turn = state.submit("time_split", text)
    assert turn.error is not None and "characters" in turn.error and turn.state is state
    long_title = ConversationState.start(questionnaire, catalog).submit(
        "job_title", "coder" * MAX_ANSWER_CHARS
    )
    assert long_title.error is not None and "characters" in long_title.error


@pytest.mark.parametrize(
    "typed",
    [
        "\U0001f600\U0001f600\U0001f600",
        "<script>alert(1)</script>",
        "&lt;&gt;",
        "\u200b\u200b",
        "\uff05\uff05",
    ],
)
def test_an_answer_with_no_words_is_asked_again_not_read(
    questionnaire: Questionnaire, catalog: Catalog, typed: str
) -> None:
    state = _at_split(questionnaire, catalog)
    turn = state.submit("time_split", typed)
    read = turn.state.split_preview() if turn.error is None else ()
    assert turn.error is not None or turn.clarify is not None or turn.state.pending is not None or not read, (
        read
    )
    assert all(line.task_id == "" for line in read)
