"""The plain-Python answers check (core/answers_check.py) and pydantic's `Answers` give the same verdicts.

For every answer set: when the plain check vouches for it, pydantic accepts it with the very same values (of
the same kinds); when pydantic refuses it, the plain check does not vouch for it (so pydantic words the error).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assessor.core.answers_check import UNCHECKED, checked_answers, checked_field
from assessor.core.assess import AnswersChecker, load_answers, validated_answers
from assessor.core.errors import AnswersError
from assessor.core.models import Answers
from assessor.core.plain import dump, dumped, field_names

GOOD = {"job_title": "Medical Coder", "years_experience": 3}

# Values of every kind a person (or a file) could give, right and wrong, for each field.
ODD = [
    None,
    True,
    False,
    0,
    -1,
    3,
    61,
    10**30,
    2.5,
    -0.0,
    float("nan"),
    float("inf"),
    "",
    " ",
    "3",
    "three",
    "1e309",
    "Medical Coder",
    "  medical\n\tcoder  ",
    "coder\u200b",
    "esc\x1b[31m",
    "bidi\u202e",
    "x" * 201,
    "x" * 2001,
    "cpc, ccs and rhit",
    "CDI; auditing",
    "inpatient",
    "autonomous",
    "uk",
    "medical-coder",
    "Medical-Coder",
    "medical-coder\n",
    [],
    ["cpc", "cpc", " CCS "],
    ["CDI", " Auditing "],
    ["cdi", 3],
    [None],
    ["x" * 101],
    ["a"] * 31,
    [["nested"]],
    {},
    {"coding": 50, "denials": 50},
    {"coding": 50.5, "audits": 49.5},
    {"coding": 60, "denials": 60},
    {"coding": -5, "denials": 105},
    {"coding": True},
    {"coding": "50"},
    {"coding": float("nan")},
    {"esc\x1b": 50},
    {"x" * 201: 50},
    {f"task {index}": 1 for index in range(41)},
    {"coding": 10**400},
    {"half coding": "clinician-queries"},
    {"half coding": "Not A Slug"},
    {"": "clinician-queries"},
    {"half coding": None},
]

FIELDS = [*field_names(Answers), "work_seting", "id"]


def _pydantic(data: dict[str, Any]) -> Answers | None:
    try:
        return Answers.validated(data)
    except ValidationError:
        return None


def _agree(data: dict[str, Any]) -> Answers | None:
    """Assert the two agree on `data`; the plain verdict."""
    expected = _pydantic(data)
    plain = checked_answers(data)
    if plain is not None:
        assert expected is not None, data
        assert repr(plain) == repr(expected), data  # repr: 3.0 is not 3, ("A",) is not ["A"]
    if expected is None:
        assert plain is None, data
    # Every way in gives pydantic's answers, or its words for the error.
    try:
        loaded: Answers | str = load_answers(data)
    except AnswersError as exc:
        loaded = exc.message
    try:
        reference: Answers | str = validated_answers(data)
    except AnswersError as exc:
        reference = exc.message
    assert repr(loaded) == repr(reference), data
    try:
        batch: Answers | str = AnswersChecker().load(dict(data))
    except AnswersError as exc:
        batch = exc.message
    assert repr(batch) == repr(reference), data
    return plain


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_alone_gets_the_same_verdict(field: str) -> None:
    for value in ODD:
        _agree({**GOOD, field: value})


def test_answers_as_people_write_them_are_checked_without_pydantic() -> None:
    written = [
        GOOD,
        {"job_title": "  Senior  Coder ", "years_experience": 12.5, "work_setting": "inpatient"},
        {**GOOD, "specialty": "oncology", "certifications": "cpc, ccs and rhit", "ai_tools": "none"},
        {**GOOD, "certifications": ["CPC", "cpc", " CCS "], "goals": ["CDI", " Auditing "], "country": "uk"},
        {**GOOD, "time_split": "half coding, 30% denials and the rest audits"},
        {**GOOD, "time_split": {"coding": 50, "denials": 30.5, "audits": 19.5}},
        {**GOOD, "time_split": "   "},
        {**GOOD, "role_id": "medical-coder", "task_choices": {"half coding": "clinician-queries"}},
        {**GOOD, "goals": "cdi; auditing", "time_split": None, "specialty": ""},
    ]
    for data in written:
        assert _agree(data) is not None, data


def test_what_pydantic_reads_differently_is_left_to_it() -> None:
    # A number as text, a missing title, an unknown field: pydantic's verdict, in pydantic's words.
    assert checked_field("years_experience", "3") is UNCHECKED
    assert checked_answers({"job_title": "Coder"}) is None
    assert checked_answers({**GOOD, "work_seting": "inpatient"}) is None
    assert validated_answers({**GOOD, "years_experience": "3"}).years_experience == 3.0
    with pytest.raises(AnswersError, match=r"work_seting: unknown field; did you mean 'work_setting'\?"):
        load_answers({**GOOD, "work_seting": "inpatient"})


field_values = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=30),
    st.integers(min_value=-5, max_value=120),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["cdi", "auditing", "CPC"])), max_size=5),
    st.dictionaries(st.text(max_size=12), st.one_of(st.integers(-10, 120), st.floats(), st.text(max_size=5))),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=6), st.booleans())
def test_any_answer_set_gets_the_same_verdict(data: dict[str, Any], with_good: bool) -> None:
    _agree({**GOOD, **data} if with_good else data)


def test_a_dump_is_what_pydantic_dumps() -> None:
    """The explicit dump of answers (saved sessions, exports, reports) is pydantic's, byte for byte."""
    from assessor.core.plain import checker

    answers = Answers.validated(
        {**GOOD, "certifications": "cpc, ccs", "time_split": {"coding": 60, "queries": 40}, "goals": ["cdi"]}
    )
    adapter = checker(Answers)
    for json_mode in (False, True):
        for exclude_none in (False, True):
            expected = adapter.dump_python(
                answers, mode="json" if json_mode else "python", exclude_none=exclude_none
            )
            assert dumped(answers, json=json_mode, exclude_none=exclude_none) == expected
            assert repr(dump(answers, json=json_mode, exclude_none=exclude_none)) == repr(expected)
