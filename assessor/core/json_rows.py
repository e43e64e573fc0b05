"""A batch row's JSON read by orjson when its answer is sure to be json's (`answers_io.load_json_text`).

orjson parses a row in a fifth of the time, but it keeps the last of two equal keys (we refuse them), reads an
integer past 64 bits as a float, and refuses what json reads (NaN, 1e400, a lone surrogate's escape) or words
it otherwise. So it is asked only about rows where none of that can happen, and its data kept only when every
colon of the text is one of the keys it gave back (a colon inside a string, or a repeated key, and the row is
read by `load_json_text` as before); whatever orjson refuses is read by `load_json_text` too, for its message.
"""

from __future__ import annotations

import re
from typing import Any

from orjson import JSONDecodeError, loads

from assessor.core.answers_io import MAX_NESTING, load_json_text

# 19 digits in a row: an integer orjson may read past 64 bits (as a float), or one json refuses as too long.
_LONG_DIGITS = re.compile(r"\d{19}")


def _members(data: Any) -> int:
    """How many keys the tables of parsed JSON hold, however deep."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            stack.extend(value for value in item.values() if type(value) is dict or type(value) is list)
        elif type(item) is list:
            stack.extend(value for value in item if type(value) is dict or type(value) is list)
    return count


def load_json_row(text: str, label: str) -> Any:
    """`load_json_text(text, label)`: the same data, or the same refusal.

    A member of a JSON object has exactly one colon outside strings, so a text with as many colons as the
    parsed tables have keys has no colon inside a string and no key given twice; fewer than 19 digits in a
    row, no \\u escape (the only way to a lone surrogate) and few brackets leave nothing else orjson and json
    read differently.
    """
    if (
        "\\u" in text
        or text.startswith("\ufeff")
        or text.count("[") + text.count("{") > MAX_NESTING
        or _LONG_DIGITS.search(text) is not None
    ):
        return load_json_text(text, label)
    try:
        data = loads(text)
    except JSONDecodeError:
        return load_json_text(text, label)
    if type(data) is dict:
        count = len(data)
        for value in data.values():  # answers are a table of values and at most one table (time_split)
            if type(value) is dict:
                count += len(value)
            elif type(value) is list:
                count += _members(value)
    else:
        count = _members(data)
    if count != text.count(":"):
        return load_json_text(text, label)
    return data
