"""A batch row's JSON read by orjson when its answer is sure to be json's (`answers_io.load_json_text`).

orjson parses a row in a fifth of the time, but it keeps the last of two equal keys (we refuse them), reads an
integer past 64 bits as a float, and refuses what json reads (NaN, 1e400, a lone surrogate's escape) or words
it otherwise. So it is asked only about rows where none of that can happen, and its data kept only when every
colon of the text is one of the keys it gave back (a colon inside a string, or a repeated key, and the row is
read by `load_json_text` as before) and no number is past 64 bits; whatever orjson refuses is read by
`load_json_text` too, for its message.
"""

from __future__ import annotations

from typing import Any

from orjson import JSONDecodeError, loads

from assessor.core.answers_io import MAX_NESTING, load_json_text

# orjson reads an integer as an int from -2**63 to 2**64 - 1, and past that as a float; json reads it whole. A
# float this large or larger may be such an integer (or a number json reads as inf): json reads that row.
_PAST_64_BITS = 2.0**63


def _keys_if_plain(data: Any) -> int:
    """How many keys the tables of parsed JSON hold, however deep; -1 when a number may be past 64 bits."""
    count = 0
    stack: list[Any] = [[data]]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            item = item.values()
        for value in item:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append(value)
            elif kind is float and not -_PAST_64_BITS < value < _PAST_64_BITS:
                return -1
    return count


def load_json_row(text: str, label: str) -> Any:
    """`load_json_text(text, label)`: the same data, or the same refusal.

    A member of a JSON object has exactly one colon outside strings, so a text with as many colons as the
    parsed tables have keys has no colon inside a string and no key given twice; no \\u escape (the only way
    to a lone surrogate), no number past 64 bits and few brackets leave nothing orjson and json read
    differently.
    """
    if "\\u" in text or text.startswith("\ufeff") or text.count("[") + text.count("{") > MAX_NESTING:
        return load_json_text(text, label)
    try:
        data = loads(text)
    except JSONDecodeError:
        return load_json_text(text, label)
    if _keys_if_plain(data) != text.count(":"):
        return load_json_text(text, label)
    return data
