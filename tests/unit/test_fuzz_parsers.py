"""Fuzzing every parser and loader: whatever comes in, only AssessorError (with a one-line message) comes out."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.core.answers_io import parse_answers_text
from assessor.core.assess import assess, load_answers
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.errors import AssessorError
from assessor.core.loading import validate
from assessor.core.models import RoleCard
from assessor.core.splits import MAX_SPLIT_TEXT, parse_split

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

split_words = st.sampled_from(
    ["coding", "denials", "queries", "half", "a third", "a quarter", "the rest", "%", "percent", "hours", "5",
     "20", "100", "0", "-3", "1e9", "and", ",", ";", "mostly", "everything else", "in an 8 hour day", "abstracting",
     "audits", "..", "½", "٣", "\n", "\t", "nan", "inf"]
)  # fmt: skip
split_text = st.one_of(
    st.text(max_size=300),
    st.lists(split_words, max_size=25).map(" ".join),
)

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
answer_keys = st.sampled_from(
    ["job_title", "years_experience", "work_setting", "specialty", "certifications", "time_split", "ai_tools",
     "country", "goals", "role_id", "years", "title"]
)  # fmt: skip
answer_dicts = st.dictionaries(answer_keys, json_values, max_size=8)


def one_line(error: AssessorError) -> None:
    assert error.message
    assert "\n" not in error.message


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@FUZZ
@given(split_text)
def test_free_text_splits_parse_or_explain(text: str) -> None:
    try:
        parsed = parse_split(text)
    except AssessorError as error:
        one_line(error)
        return
    assert abs(sum(part.pct for part in parsed.parts) - 100) < 1e-6
    assert all(part.pct > 0 for part in parsed.parts)


def test_oversized_split_is_refused_with_its_limit() -> None:
    with pytest.raises(AssessorError, match=str(MAX_SPLIT_TEXT)):
        parse_split("coding 50% " * (MAX_SPLIT_TEXT // 5))


@FUZZ
@given(data=answer_dicts)
def test_answers_tables_validate_or_explain(data: dict[str, Any], catalog: Catalog) -> None:
    try:
        answers = load_answers(data)
        result = assess(answers, catalog)
    except AssessorError as error:
        one_line(error)
        return
    assert 0 <= result.score <= 100


@FUZZ
@given(st.one_of(st.text(max_size=400), answer_dicts.map(lambda data: json.dumps(data, default=str))))
def test_answers_text_parses_or_explains(text: str) -> None:
    try:
        parse_answers_text(text, "fuzz")
    except AssessorError as error:
        one_line(error)


def _card_data() -> dict[str, Any]:
    from assessor.core.data import data_dir

    return tomllib.loads((data_dir("roles") / "cards" / "medical-coder.toml").read_text(encoding="utf-8"))


paths = st.lists(st.sampled_from(["tasks", 0, 3, "automation", "time_pct", "evidence", "wage_trends", "value",
                                  "source", "id", "barriers", "union", "published", "score", "aliases"]),
                 min_size=1, max_size=4)  # fmt: skip


@FUZZ
@given(paths, json_values)
def test_role_cards_with_a_mutated_field_load_or_explain(path: list[Any], value: Any) -> None:
    data = _card_data()
    target: Any = data
    for step in path[:-1]:
        if isinstance(target, dict) and isinstance(step, str) and step in target:
            target = target[step]
        elif isinstance(target, list) and isinstance(step, int) and step < len(target):
            target = target[step]
        else:
            break
    last = path[-1]
    if isinstance(target, dict):
        target[str(last)] = value
    elif isinstance(target, list) and isinstance(last, int) and last < len(target):
        target[last] = value
    try:
        validate(RoleCard, data, "roles/cards/medical-coder.toml")
    except AssessorError as error:
        one_line(error)
        assert error.message.startswith("roles/cards/medical-coder.toml: ")


@pytest.mark.parametrize("text", ["<0H", "0 hours coding", "coding 0h, queries 0h"])
def test_zero_hours_are_explained_not_divided_by(text: str) -> None:
    """Found by the fuzzer: a day of 0 hours divided by zero."""
    with pytest.raises(AssessorError):
        parse_split(text)
