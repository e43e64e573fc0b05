"""A batch row read by orjson (core/json_rows.py) is the data json reads, of the same kinds, or the same
refusal: on rows as written, on texts json reads differently (repeated keys, colons in strings, long numbers,
NaN, escapes, deep nesting, a BOM) and on random JSON and near-JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.core.answers_io import load_json_text
from assessor.core.errors import AnswersError
from assessor.core.json_rows import load_json_row


def _read(reader: Any, text: str) -> tuple[str, object]:
    try:
        return "data", reader(text, "row")
    except AnswersError as exc:
        return "refused", exc.message


def _same(left: object, right: object) -> bool:
    """Equal, of the very same kinds (1 is not 1.0, -0.0 is not 0.0), NaN equal to NaN."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        assert isinstance(right, dict)
        return list(left) == list(right) and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        assert isinstance(right, list)
        return len(left) == len(right) and all(map(_same, left, right))
    if isinstance(left, float):
        assert isinstance(right, float)
        return (math.isnan(left) and math.isnan(right)) or (
            left == right and math.copysign(1, left) == math.copysign(1, right)
        )
    return left == right


def _assert_read_alike(text: str) -> None:
    fast, slow = _read(load_json_row, text), _read(load_json_text, text)
    assert fast[0] == slow[0], text
    assert _same(fast[1], slow[1]), text


TEXTS = [
    '{"job_title": "Medical Coder", "years_experience": 3}',
    '{"job_title": "Medical Coder", "years_experience": 3, "years_experience": 4}',
    '{"job_title": "Coder", "time_split": {"coding": 50, "coding": 50}, "years_experience": 3}',
    '{"job_title": "Coder: inpatient", "years_experience": 3}',
    '{"job_title": "Coder: inpatient", "years_experience": 3, "years_experience": 3}',
    '{"a": [{"b": 1, "b": 2}]}',
    '{"a": {"b": {"c": 1, "c": 2}}}',
    '{"a": {"b": {"c": 1}}}',
    '{"years_experience": 1234567890123456789}',
    '{"years_experience": 12345678901234567890}',
    '{"years_experience": 123456789012345678901234567890}',
    '{"years_experience": 1' + "0" * 5000 + "}",
    '{"years_experience": 18446744073709551615}',
    '{"years_experience": 18446744073709551616}',
    '{"years_experience": -9223372036854775809}',
    '{"years_experience": 1e19}',
    "18446744073709551616",
    '{"years_experience": 0.1234567890123456789}',
    '{"years_experience": 1e400}',
    '{"years_experience": -1e400}',
    '{"years_experience": 1e-400}',
    '{"years_experience": 2.4703282292062328e-324}',
    '{"years_experience": 1.7976931348623157e308}',
    '{"years_experience": -0.0}',
    '{"years_experience": -0}',
    '{"years_experience": NaN}',
    '{"years_experience": Infinity}',
    '{"job_title": "\\ud800"}',
    '{"job_title": "\\u0441oder"}',
    '{"job_title": "caf\\u00e9"}',
    '{"job_title": "tab\there"}',
    '{"job_title": "del\x7f"}',
    '{"job_title": "\u202ereversed"}',
    '{"job_title": "\udcff"}',
    "\ufeff{}",
    " {} ",
    "{}",
    "[]",
    "[1, 2,]",
    '{"a": 1,}',
    "[" * 33 + "]" * 33,
    "[" * 40 + "]" * 40,
    "[" * 2000 + "]" * 2000,
    '"text"',
    "null",
    "7",
    "",
    "not json",
    '{"a": 1} {"b": 2}',
    "{'a': 1}",
    '{"a": 01}',
    '{"a": .5}',
    '{"a": 1.}',
    '{"a": +1}',
]


@pytest.mark.parametrize("text", TEXTS)
def test_rows_json_reads_differently_are_read_as_json_reads_them(text: str) -> None:
    _assert_read_alike(text)


def test_rows_of_the_benchmark_are_read_as_json_reads_them() -> None:
    from tests.helpers import bench_module

    for row in bench_module("batch_rows.py", "batch_rows").rows(500, 7):
        _assert_read_alike(json.dumps(row, ensure_ascii=False))
        _assert_read_alike(json.dumps(row))


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["a:b", ":", "\\u", '"', "\\"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "a:", "job_title", "é", ""]), children, max_size=4)
    ),
    max_leaves=20,
)
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(json_values, st.booleans())
def test_random_json_is_read_as_json_reads_it(value: object, ascii_only: bool) -> None:
    _assert_read_alike(json.dumps(value, ensure_ascii=ascii_only))


@FUZZ
@given(st.lists(st.sampled_from(['{"a": 1', '"a"', ":", ",", "1", "1e999", "-0", "0.1", "}", "{", "[", "]",
                                 '"b": ', "NaN", " ", "\\u00e9", '"x:y"', "12345678901234567890"]), max_size=15))  # fmt: skip
def test_near_json_is_read_or_refused_as_json_does(pieces: list[str]) -> None:
    _assert_read_alike("".join(pieces))


@FUZZ
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(-30, 30))
def test_numbers_are_the_floats_json_reads(number: float, shift: int) -> None:
    for text in (repr(number), f"{number:.17e}", f"{number * 10.0**shift!r}", f"{number:.25f}"[:40]):
        _assert_read_alike(f'{{"years_experience": {text}}}')


@FUZZ
@given(st.text(alphabet="0123456789", min_size=1, max_size=40), st.text(alphabet="0123456789", max_size=40),
       st.sampled_from(["", "e5", "e-30", "E+300", "e308", "e-320"]), st.booleans())  # fmt: skip
def test_long_numbers_are_the_numbers_json_reads(
    whole: str, fraction: str, exponent: str, negative: bool
) -> None:
    whole = whole.lstrip("0") or "0"
    number = ("-" if negative else "") + whole + (f".{fraction}" if fraction else "") + exponent
    _assert_read_alike(f'{{"years_experience": {number}, "time_split": {{"coding": {number}}}}}')
    _assert_read_alike(f"[{number}]")
    _assert_read_alike(number)
