"""A person's answers checked in plain Python, with the verdicts pydantic gives `Answers`.

`assessor score` on a cached catalog never imports pydantic: answers as people write them (text, whole or
decimal numbers, lists of text, a table of shares) are checked here, by the very functions `Answers`'
annotations run and the same limits. Anything else (an unknown or missing field, a wrong kind, a value out of
range, a number written as text) is left to pydantic (`None`), which accepts it or says what is wrong in its
usual words. tests/unit/test_answers_check.py holds the two to the same verdicts.
"""

from __future__ import annotations

import re
from typing import Final, get_args

from assessor.core.models import (
    MAX_SPLIT_TASKS,
    AiTools,
    Answers,
    Country,
    Goal,
    WorkSetting,
    finite,
    listed,
    listed_goals,
    normalise_certifications,
    not_a_boolean,
    one_line_text,
    split_is_plain,
    split_values,
)

UNCHECKED: Final = object()  # "not a value the plain check vouches for": ask pydantic
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # models.SLUG, matched whole (pydantic's $ is the very end)
_CHOICES = {
    "work_setting": frozenset(get_args(WorkSetting)),
    "ai_tools": frozenset(get_args(AiTools)),
    "country": frozenset(get_args(Country)),
}
_GOALS = frozenset(get_args(Goal))
_LARGEST_SHARE = 1e6  # a whole-number share beyond this is left to pydantic (float() of a huge int overflows)


def _line(value: object, low: int, high: int) -> object:
    if type(value) is not str:
        return UNCHECKED
    text = one_line_text(value)
    assert isinstance(text, str)
    return text if low <= len(text) <= high else UNCHECKED


def _years(value: object) -> object:
    if type(value) is not int and type(value) is not float:
        return UNCHECKED
    not_a_boolean(value)
    finite(value)
    return float(value) if 0 <= value <= 60 else UNCHECKED


def _texts(value: object) -> tuple[str, ...] | None:
    """A list of plain one-line texts (or one text listing them), or None."""
    value = listed(value)
    if type(value) is not list and type(value) is not tuple:
        return None
    texts = []
    for item in value:
        if type(item) is not str:
            return None
        text = one_line_text(item)
        assert isinstance(text, str)
        texts.append(text)
    return tuple(texts)


def _certifications(value: object) -> object:
    texts = _texts(value)
    if texts is None or len(texts) > 30:
        return UNCHECKED
    return normalise_certifications(texts)


def _goals(value: object) -> object:
    value = listed_goals(value)
    if type(value) is not tuple or not all(type(item) is str and item in _GOALS for item in value):
        return UNCHECKED
    return value


def _time_split(value: object) -> object:
    if value is None:
        return None
    if type(value) is str:
        split_is_plain(value)
        return split_values(value)
    if type(value) is not dict or len(value) > MAX_SPLIT_TASKS:
        return UNCHECKED
    shares: dict[str, float] = {}
    for name, share in value.items():
        if type(name) is not str:
            return UNCHECKED
        if type(share) is int and abs(share) <= _LARGEST_SHARE:
            shares[name] = float(share)
        elif type(share) is float:
            shares[name] = share
        else:
            return UNCHECKED
    split_is_plain(value)
    return split_values(shares)


def _role_id(value: object) -> object:
    if value is None:
        return None
    if type(value) is not str or not 1 <= len(value) <= 80 or not _SLUG.fullmatch(value):
        return UNCHECKED
    return value


def _task_choices(value: object) -> object:
    if type(value) is not dict or len(value) > 100:
        return UNCHECKED
    for phrase, task_id in value.items():
        if type(phrase) is not str or not 1 <= len(phrase) <= 2000 or _role_id(task_id) is UNCHECKED:
            return UNCHECKED
        if task_id is None:
            return UNCHECKED
    return dict(value)


def _choice(name: str, value: object) -> object:
    return value if type(value) is str and value in _CHOICES[name] else UNCHECKED


def checked_field(name: str, value: object) -> object:
    """The value `Answers` holds for this field as given, or UNCHECKED (pydantic will say)."""
    try:
        if name == "job_title":
            return _line(value, 1, 200)
        if name == "years_experience":
            return _years(value)
        if name in _CHOICES:
            return _choice(name, value)
        if name == "specialty":
            return _line(value, 0, 200)
        if name == "certifications":
            return _certifications(value)
        if name == "time_split":
            return _time_split(value)
        if name == "goals":
            return _goals(value)
        if name == "role_id":
            return _role_id(value)
        if name == "task_choices":
            return _task_choices(value)
    except ValueError:  # one of the annotations' own functions refused it: pydantic words the error
        return UNCHECKED
    return UNCHECKED  # not a field of Answers


def checked_answers(data: dict[str, object]) -> Answers | None:
    """The answers these fields make, when every one is plainly valid; None: ask pydantic."""
    if "job_title" not in data or "years_experience" not in data:
        return None
    values: dict[str, object] = {}
    for name, value in data.items():
        found = checked_field(name, value)
        if found is UNCHECKED:
            return None
        values[name] = found
    return Answers(**values)  # type: ignore[arg-type]
