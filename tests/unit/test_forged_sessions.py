"""What reaches the session store is plain, valid text with honest times, whoever wrote it.

A forged `sessions export-all` file, a client label typed with escape sequences, notes piped from a binary
file: refused with one sentence naming the session and field, the store byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assessor.sessions.errors import StoreError
from assessor.sessions.store import Store
from tests.helpers import export_document, finished_store

OSC52 = "\x1b]52;c;aGVsbG8=\x07"


def forged(tmp_path: Path, field: str, value: Any) -> Path:
    document = export_document(tmp_path)
    target = document["sessions"][2]
    *parents, last = field.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(document))  # ASCII: "\ud800" stays an escape in the file
    return path


def contents(store: Store) -> list[dict[str, Any]]:
    """Everything the store holds, session by session (another process may re-stamp the file itself)."""
    return [store.get(summary.id).model_dump() for summary in store.list_sessions()]


def import_cli(home: Path, path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("field", "value", "sentence"),
    [
        # Identifiers and keys are never typed text: a control character in one is a forgery.
        ("id", "ab\x1bc-defg", "sessions[2].id"),
        (
            "raw_answers.0.question_id",
            "job_title\x1b[2J",
            "sessions[2].raw_answers[0].question_id: holds a control character (U+001B)",
        ),
        ("result.tasks.0.id", "code\u202e", "sessions[2].result.tasks[0].id: holds a control character"),
        ("answers", {"job_title\x07": "coder"}, "sessions[2].answers.job_title\\u0007: not an answer"),
        ("data_version", "v1\x1b]0;x\x07", "sessions[2].data_version: holds a control character"),
        ("client_label", "A\ud800B", "the text 'A\\ud800B' is not valid Unicode"),
        ("notes", "\udfff", "the text '\\udfff' is not valid Unicode"),
        (
            "created_at",
            "9999-12-31T23:59:59+00:00",
            "sessions[2].created_at: '9999-12-31T23:59:59+00:00' is in the future",
        ),
        (
            "updated_at",
            "2999-01-01T00:00:00-23:59",
            "sessions[2].updated_at: '2999-01-01T00:00:00-23:59' is in the future",
        ),
        (
            "created_at",
            "0001-01-01T00:00:00+00:00",
            "sessions[2].created_at: '0001-01-01T00:00:00+00:00' is before 2020",
        ),
        (
            "created_at",
            "2026-01-01T00:00:00",
            "sessions[2].created_at: '2026-01-01T00:00:00' has no time zone",
        ),
        ("created_at", "2099-01-01T00:00:00+00:00", "in the future"),
    ],
)
def test_a_forged_session_is_refused_whole_and_the_store_is_untouched(
    tmp_path: Path, field: str, value: Any, sentence: str
) -> None:
    path = forged(tmp_path, field, value)
    store, ids = finished_store(tmp_path / "target", 1)
    before = contents(store)
    done = import_cli(tmp_path / "target", path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"assessor: {path}: ") and line.endswith("; nothing was imported"), line
    assert sentence in line
    assert contents(store) == before and [summary.id for summary in store.list_sessions()] == ids


OLDER_TEXT = {  # what an older assessor let into typed text, and how it is imported
    "client_label": (f"Evil{OSC52} J\u200bS", "Evil\\u001b]52;c;aGVsbG8=\\u0007 JS"),
    "notes": ("ok\n\x1b]0;title\x07\tend", "ok\n\\u001b]0;title\\u0007\tend"),
    "raw_answers.0.raw_text": ("coder\x1b[2J\u202e", "coder\\u001b[2J\\u202e"),
    "answers.job_title": ("co\x9bder", "co\\u009bder"),
    "result.tasks.0.name": ("\x1b]8;;http://evil\x07x", "\\u001b]8;;http://evil\\u0007x"),
    "counsellor": ("ann\x1b[8m", "ann\\u001b[8m"),
}


def test_an_older_export_with_escapes_in_typed_text_is_imported_made_safe_and_said_in_one_line(
    tmp_path: Path,
) -> None:
    document = export_document(tmp_path)
    for field, (older, _) in OLDER_TEXT.items():
        target = document["sessions"][2]
        *parents, last = field.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = older
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document))
    home = tmp_path / "target"
    store, _ = finished_store(home, 1)
    done = import_cli(home, path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    session_id = document["sessions"][2]["id"]
    said = [line for line in done.stdout.splitlines() if "control characters" in line]
    assert len(said) == 1 and session_id in said[0] and "\\uXXXX" in said[0], done.stdout
    imported = store.get(session_id).model_dump(mode="json")
    for field, (_, safe) in OLDER_TEXT.items():
        value: Any = imported
        for part in field.split("."):
            value = value[int(part)] if part.isdigit() else value[part]
        assert value == safe, field
    # The other sessions are as they were; the same file again adds nothing (the label is the same client's).
    assert len(store.list_sessions(everyone=True)) == 6
    again = import_cli(home, path)
    assert again.returncode == 0 and "Imported 0 session(s); 5 were already here." in again.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "show", session_id],
        capture_output=True,
        env={**os.environ, "ASSESSOR_HOME": str(home)},
        timeout=120,
        check=True,
    )
    assert b"\x1b" not in listed.stdout and "\u202e".encode() not in listed.stdout


def test_an_update_before_creation_and_a_boolean_version_are_refused(tmp_path: Path) -> None:
    document = export_document(tmp_path)
    document["sessions"][0]["updated_at"] = "2021-01-01T00:00:00+00:00"
    path = tmp_path / "backwards.json"
    path.write_text(json.dumps(document))
    store = Store.open(tmp_path / "target")
    with pytest.raises(StoreError, match=r"sessions\[0\]\.updated_at: is earlier than created_at"):
        store.import_file(path)
    document = export_document(tmp_path / "again")
    document["version"] = True
    path.write_text(json.dumps(document))
    with pytest.raises(StoreError, match="is export version True"):
        store.import_file(path)
    assert store.list_sessions() == []


def test_sql_looking_text_is_kept_as_text(tmp_path: Path) -> None:
    path = forged(tmp_path, "client_label", "x'); DROP TABLE sessions;--")
    store, _ = finished_store(tmp_path / "target", 1)
    assert store.import_file(path).imported == 5
    labels = sorted(summary.client_label for summary in store.list_sessions())
    assert "x'); DROP TABLE sessions;--" in labels and len(labels) == 6


# -- labels and notes typed here -------------------------------------------------------------------------


@pytest.mark.parametrize("label", [f"Evil{OSC52}", "J\u202eS", "A\x00", "B\x9b31m", "C\ud800"])
def test_a_label_with_a_control_character_is_refused_and_nothing_created(tmp_path: Path, label: str) -> None:
    store = Store.open(tmp_path / "home")
    with pytest.raises(StoreError, match=r"^client label: (holds a control character|is not UTF-8 text)"):
        store.create_session(label)
    assert store.list_sessions() == []


def test_zero_width_characters_in_a_label_are_dropped_so_the_client_is_the_same() -> None:
    store = Store.open(Path(os.environ.get("TMPDIR", "/tmp")) / f"assessor-zw-{os.getpid()}")
    try:
        first = store.create_session("J\u200bS\ufeff")
        assert store.get(first).client_label == "JS"
    finally:
        store.delete(first)


@pytest.mark.parametrize("notes", [OSC52, "line\x1b[2J", "\u2066rtl", "\udcff"])
def test_notes_with_a_control_character_are_refused_and_the_old_notes_kept(
    tmp_path: Path, notes: str
) -> None:
    store = Store.open(tmp_path / "home")
    session_id = store.create_session("Client")
    store.set_notes(session_id, "kept\n\tindented")
    for write in (
        lambda: store.set_notes(session_id, notes),
        lambda: store.append_notes(session_id, notes),
        lambda: store.save_notes_if_unchanged(session_id, "kept\n\tindented", notes),
    ):
        with pytest.raises(StoreError, match=r"^notes: .*; nothing was changed$"):
            write()
    assert store.get(session_id).notes == "kept\n\tindented"


def test_a_label_typed_with_escapes_on_the_command_line_is_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = tmp_path / "a.toml"
    answers.write_text('job_title = "Medical Coder"\nyears_experience = 3\n')
    env = {**os.environ, "ASSESSOR_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "ask", "--answers", str(answers), "--client", f"Evil{OSC52}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == ("assessor: client label: holds a control character (U+001B); type plain text\n")
    assert Store.open(home).list_sessions() == []
