"""Read and write answers files (TOML or JSON), refusing anything unreadable with one sentence."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from assessor.core.assess import load_answers
from assessor.core.errors import AnswersError
from assessor.core.models import Answers

MAX_ANSWERS_BYTES = 1_000_000


def answers_table_from_text(text: str, label: str) -> dict[str, Any]:
    """The table of an answers file (TOML, or JSON when it starts with "{"), not yet validated."""
    data: Any
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AnswersError(f"{label}: is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise AnswersError(f"{label}: is not valid TOML ({exc})") from None
    if not isinstance(data, dict):
        raise AnswersError(f"{label}: expected a table of answers (job_title, years_experience, ...)")
    return data


def parse_answers_text(text: str, label: str) -> Answers:
    """Answers from TOML or JSON text, validated."""
    return load_answers(answers_table_from_text(text, label), label)


def read_user_text(path: Path, what: str = "an answers file", max_bytes: int = MAX_ANSWERS_BYTES) -> str:
    """A text file a person named, or one sentence saying why it cannot be read (a BOM is dropped)."""
    try:
        if path.is_dir():
            raise AnswersError(f"{path}: is a folder, not {what}")
        size = path.stat().st_size
        if size > max_bytes:
            raise AnswersError(f"{path}: {size} bytes is too large for {what} (at most {max_bytes})")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AnswersError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise AnswersError(f"{path}: is not UTF-8 text") from None
    except PermissionError:
        raise AnswersError(f"{path}: permission denied") from None
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be read ({exc.strerror})") from None


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
    data = answers.model_dump(exclude_none=True)
    lines: list[str] = []
    table = None
    for key, value in data.items():
        if isinstance(value, dict):
            table = (key, value)
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    if table:
        lines.append("")
        lines.append(f"[{table[0]}]")
        for name, pct in table[1].items():
            lines.append(f"{json.dumps(name, ensure_ascii=False)} = {_toml_value(pct)}")
    return "\n".join(lines) + "\n"
