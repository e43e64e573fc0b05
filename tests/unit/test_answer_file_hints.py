"""An answers file keeps exact values, but its errors say what a value the conversation understands means."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess, load_answers
from assessor.core.catalog import load_catalog
from assessor.core.errors import AnswersError
from assessor.core.splits import split_from_table

BASE = {"job_title": "Coder", "years_experience": 5}


@pytest.mark.parametrize(
    ("field", "given", "hint"),
    [
        ("work_setting", "hospital", "did you mean 'inpatient' (Inpatient hospital)?"),
        ("work_setting", "payor", "did you mean 'payer' (Health plan or payer)?"),
        ("country", "England", "did you mean 'uk' (United Kingdom)?"),
        ("ai_tools", "CAC", "did you mean 'suggestions' (Computer-assisted suggestions (CAC))?"),
        (
            "years_experience",
            "5 years",
            "years_experience: '5 years' is text, not a number; write it as the number 5",
        ),
        ("years_experience", "a decade", "write it as the number 10"),
    ],
)
def test_a_value_the_conversation_understands_is_named_in_the_error(
    field: str, given: str, hint: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        load_answers({**BASE, field: given}, "me.toml")
    message = caught.value.message
    assert message.startswith(f"me.toml: {field}: ")
    assert message.endswith(hint)
    assert message.count("did you mean") <= 1


@pytest.mark.parametrize(("field", "given"), [("work_setting", "xyz"), ("years_experience", "lots")])
def test_a_value_nothing_understands_gets_no_made_up_hint(field: str, given: str) -> None:
    with pytest.raises(AnswersError) as caught:
        load_answers({**BASE, field: given}, "me.toml")
    assert "did you mean" not in caught.value.message
    assert "write it as" not in caught.value.message


def test_a_table_of_fractions_is_read_as_shares_and_told() -> None:
    split = split_from_table({"coding": 0.5, "queries": 0.3, "denials": 0.2})
    assert [(part.said, round(part.pct, 6)) for part in split.parts] == [
        ("coding", 50.0),
        ("queries", 30.0),
        ("denials", 20.0),
    ]
    assert split.note == "Your shares add up to 1, so I read them as fractions of the day (0.5 as 50%)."


@pytest.mark.parametrize("table", [{"coding": 0.5, "queries": 0.3}, {"coding": 1.5, "queries": 40}])
def test_a_table_that_adds_up_to_neither_is_still_refused(table: dict[str, float]) -> None:
    with pytest.raises(AnswersError, match="not 100%"):
        split_from_table(table)


def test_a_day_a_file_cannot_finish_says_what_to_write_into_it() -> None:
    day = "70% coding, 2 hours denials, the rest queries"
    answers: dict[str, object] = {**BASE, "time_split": day}
    with pytest.raises(AnswersError) as caught:
        assess(load_answers(answers, "me.toml"), load_catalog())
    assert caught.value.message.endswith(
        "(In the file, write the day's length, e.g. '..., of my 8-hour day' into time_split.)"
    )
    answers["time_split"] = day + ", of my 8-hour day"
    shares = {
        task.said: task.time_pct for task in assess(load_answers(answers, "me.toml"), load_catalog()).tasks
    }
    assert shares == {"coding": 70.0, "denials": 25.0, "queries": 5.0}
