"""Read and write answers files (TOML or JSON), refusing anything unreadable with one sentence."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import IO, Any

from assessor.core.assess import load_answers
from assessor.core.errors import AnswersError
from assessor.core.models import Answers
from assessor.core.plain import dumped

MAX_ANSWERS_BYTES = 1_000_000


# JSON's escape of half a surrogate pair (\uD800-\uDFFF): with a lone surrogate in the text itself, the only
# way a parsed string can hold one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
MAX_NESTING = 32  # an answers table is 2 deep, a sessions export about 6; far deeper is an attack


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)  # built in C; a key given twice makes it shorter, and is then named
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return table


# json.loads(text, object_pairs_hook=_unique_keys) builds a decoder on every call: one is enough.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _nesting_depth(data: Any) -> int:
    """How deeply lists and tables nest (iteratively: a deep document cannot exhaust the stack here)."""
    if not isinstance(data, dict | list):
        return 0
    deepest = 0
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(data, 1)]
    while stack:  # only tables and lists are put on it: a document's many strings and numbers are not
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        values = item.values() if isinstance(item, dict) else item
        stack.extend((value, depth + 1) for value in values if isinstance(value, dict | list))
    return deepest


def _invalid_text(data: Any) -> str | None:
    """The first key or string that is not valid Unicode (JSON's "\\ud800" escape alone makes a lone
    surrogate, which no file, database or terminal can take), or None."""
    from assessor.core.text import has_surrogates

    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogates(item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _too_big(label: str, exc: RecursionError | ValueError) -> AnswersError:
    """The sentence for a parser that gave up: nesting too deep, or an integer of over 4,300 digits."""
    if isinstance(exc, RecursionError):
        return AnswersError(f"{label}: is nested too deeply to be answers")
    return AnswersError(f"{label}: holds a number too long to read")


def _shallow(data: Any, label: str) -> Any:
    """The parsed data, unless it nests deeper than answers ever do."""
    if _nesting_depth(data) > MAX_NESTING:
        raise AnswersError(f"{label}: is nested too deeply to be answers")
    return data


def load_json_text(text: str, label: str) -> Any:
    """JSON a person gave us, or one sentence: duplicate keys, deep nesting and huge numbers refused."""
    try:
        if text.startswith("\ufeff"):  # what json.loads says of it; _DECODER.decode alone would not
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        data = _DECODER.decode(text)
    except _DuplicateKey as exc:
        raise AnswersError(
            f"{label}: the key {exc.key!r} appears twice in one object (each key once, as in TOML)"
        ) from None
    except json.JSONDecodeError as exc:
        raise AnswersError(
            f"{label}: is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise _too_big(label, exc) from None
    from assessor.core.text import has_surrogates

    # The nesting walk runs only where it can fail: nesting deeper than MAX_NESTING needs that many brackets.
    if text.count("[") + text.count("{") > MAX_NESTING:
        _shallow(data, label)
    possible = (not text.isascii() and has_surrogates(text)) or (
        "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None
    )
    invalid = _invalid_text(data) if possible else None
    if invalid is not None:
        from assessor.core.text import terminal_safe

        shown = terminal_safe(invalid)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise AnswersError(
            f"{label}: the text '{shown}' is not valid Unicode (half of a \\u escape pair, alone); "
            "write the character itself"
        )
    return data


def load_toml_text(text: str, label: str) -> dict[str, Any]:
    """TOML a person gave us, or one sentence (TOML itself refuses duplicate keys)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AnswersError(f"{label}: is not valid TOML ({exc})") from None
    except (RecursionError, ValueError) as exc:
        raise _too_big(label, exc) from None
    _shallow(data, label)
    return data


def answers_table_from_text(text: str, label: str) -> dict[str, Any]:
    """The table of an answers file (TOML, or JSON when it starts with "{" or is named .json), not yet
    validated. A .json file is read as JSON whatever it starts with: '[...' read as TOML was said to be
    'not valid TOML', naming a format the person never wrote."""
    as_json = text.lstrip().startswith("{") or label.lower().endswith(".json")
    data = load_json_text(text, label) if as_json else load_toml_text(text, label)
    if not isinstance(data, dict):
        raise AnswersError(f"{label}: expected a table of answers (job_title, years_experience, ...)")
    return data


def parse_answers_text(text: str, label: str) -> Answers:
    """Answers from TOML or JSON text, validated (look-alike letters in typed text refused, saying which;
    each credential read as its code, an unknown one refused)."""
    from assessor.core.credentials import with_known_credentials
    from assessor.core.text import look_alike_answer

    table = answers_table_from_text(text, label)
    problem = look_alike_answer(table)
    if problem is not None:
        raise AnswersError(f"{label}: {problem}")
    try:
        table = with_known_credentials(table)
    except AnswersError as exc:
        raise AnswersError(f"{label}: {exc.message}") from None
    return load_answers(table, label)


READ_CHUNK = 1 << 16


def _decode(data: bytes, label: str, lenient: bool = False) -> str:
    if lenient:  # bytes that are not UTF-8 become lone surrogates, for the caller to refuse row by row
        return data.decode("utf-8-sig", "surrogateescape")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(f"{label}: is not UTF-8 text") from None


def open_user_file(path: Path, what: str, max_bytes: int) -> int:
    """The open descriptor of a regular file a person named (blocking), or one sentence saying why not.

    Only a regular file is opened (a FIFO, a device such as /dev/zero or a socket is refused before any
    read, and opening does not wait for a FIFO's writer), and one larger than `max_bytes` is refused.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise AnswersError(f"{path}: no such file") from None
    except PermissionError:
        raise AnswersError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise AnswersError(f"{path}: is a folder, not {what}") from None
        raise AnswersError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise AnswersError(f"{path}: is a folder, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise AnswersError(f"{path}: is not a regular file (a device, pipe or socket), not {what}")
        if info.st_size > max_bytes:
            raise AnswersError(
                f"{path}: is too large, larger than {what} can be ({info.st_size} bytes; at most {max_bytes})"
            )
        os.set_blocking(descriptor, True)
    except OSError as exc:
        os.close(descriptor)
        raise AnswersError(f"{path}: cannot be read ({exc.strerror})") from None
    except AnswersError:
        os.close(descriptor)
        raise
    return descriptor


def read_user_text(
    path: Path, what: str = "an answers file", max_bytes: int = MAX_ANSWERS_BYTES, lenient: bool = False
) -> str:
    """A text file a person named, or one sentence saying why it cannot be read (a BOM is dropped).

    Opened by `open_user_file`, and never more than `max_bytes` read.
    """
    descriptor = open_user_file(path, what, max_bytes)
    try:
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(descriptor, min(READ_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise AnswersError(f"{path}: is too large, larger than {what} can be (at most {max_bytes} bytes)")
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    wide = wide_text(data, str(path))
    if wide is not None:
        return wide
    if b"\x00" in data:  # a binary file (or /proc/self/environ): refused whole, never quoted in a message
        raise AnswersError(f"{path}: holds NUL bytes, so it is not a text file ({what})")
    return _decode(data, str(path), lenient)


# Byte order marks of the wide encodings Windows editors save "Unicode" text in (UTF-32 first: its little-
# endian mark begins with UTF-16's).
WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when `data` opens with its byte order mark (Notepad's "Unicode"), else None."""
    return next((name for mark, name in WIDE_MARKS if data.startswith(mark)), None)


def wide_text(data: bytes, label: str) -> str | None:
    """Text saved as UTF-16 or UTF-32 with a byte order mark, read as the characters it holds (its zero bytes
    are half of each character, not NUL); None for any other bytes. A NUL character or a broken encoding in
    it is one sentence."""
    encoding = wide_encoding(data)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise AnswersError(f"{label}: is not valid {encoding.upper()} text (save it as UTF-8)") from None
    if "\x00" in text:
        raise AnswersError(f"{label}: holds NUL characters, so it is not a text file")
    return text.removeprefix("\ufeff")


def read_stream_text(stream: IO[str], label: str, what: str, max_bytes: int, lenient: bool = False) -> str:
    """All of a stream (standard input), but never more than `max_bytes`: `< /dev/zero` is refused."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise AnswersError(
                f"{label}: is too large, larger than {what} can be (at most {max_bytes} bytes)"
            )
        return wide_text(data, label) or _decode(data, label, lenient)
    text = stream.read(max_bytes + 1)
    if len(text) > max_bytes:
        raise AnswersError(f"{label}: is too large, larger than {what} can be (at most {max_bytes} bytes)")
    return text.removeprefix("\ufeff")


def read_answers(path: Path) -> Answers:
    return parse_answers_text(read_user_text(path), str(path))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def answers_to_toml(answers: Answers) -> str:
    """Answers as a TOML answers file (what `ask --save` writes and `score` reads back)."""
    from assessor.core.credentials import marked_for_file

    data = dumped(answers, exclude_none=True)
    if data.get("certifications"):
        data["certifications"] = marked_for_file(data["certifications"])
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            if value or key != "task_choices":  # no picks: old files and new ones look the same
                tables.append((key, value))
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    for name, table in tables:  # tables come last: a key after a [table] header would belong to it
        lines.append("")
        lines.append(f"[{name}]")
        for item, item_value in table.items():
            lines.append(f"{json.dumps(item, ensure_ascii=False)} = {_toml_value(item_value)}")
    return "\n".join(lines) + "\n"
