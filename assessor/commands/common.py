"""Helpers every sub-command shares: loading the catalog once, printing JSON, reading answers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor.core.answers_io import parse_answers_text, read_answers
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.errors import AssessorError, DataFileError
from assessor.core.models import Answers

if TYPE_CHECKING:
    from assessor.sessions.backend import SessionStore


def catalog() -> Catalog:
    return load_catalog()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False, default=str)  # JSON, not NaN
    sys.stdout.write("\n")


def answers_from(path_text: str) -> Answers:
    """An answers file path, or "-" for standard input."""
    if path_text == "-":
        from assessor.core.answers_io import MAX_ANSWERS_BYTES, read_stream_text

        text = read_stream_text(sys.stdin, "standard input", "an answers file", MAX_ANSWERS_BYTES)
        return parse_answers_text(text, "standard input")
    return read_answers(Path(path_text))


def open_store() -> SessionStore:
    """The session store `--database` / ASSESSOR_DATABASE_URL names (none: the SQLite file at ASSESSOR_HOME
    or the platform's user data folder); its backend's driver loads only here."""
    from assessor.sessions.database import open_store as open_database

    return open_database()


def file_label(path_text: str) -> str:
    return "standard input" if path_text == "-" else path_text


@contextmanager
def about_file(path_text: str) -> Iterator[None]:
    """A problem found while scoring a file's answers names that file, as a reading problem already does."""
    label = file_label(path_text)
    try:
        yield
    except AssessorError as exc:
        if isinstance(exc, DataFileError) or exc.message.startswith(f"{label}:"):
            raise
        exc.args = (f"{label}: {exc.message}",)
        raise
