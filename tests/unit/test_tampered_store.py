"""A SQLite store changed behind assessor's back (a forged or damaged file: another program, a restore gone
wrong, someone with write access) is read without a traceback or an "unexpected error": `sessions list` shows
the caseload with the damaged values as unknown, `sessions show` and the reports name the damaged session.

Before: a score of 'abc' stopped `sessions list` with "unexpected error (ValidationError ...)" for every
session, a score of 1e308 printed a 309-digit number, and answers nested 5,000 deep stopped `sessions show`
and `sessions report` with "unexpected error (RecursionError ...)".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assessor.cli import main
from tests.helpers import finished_store


def tampered(home: Path, statement: str) -> list[str]:
    _, ids = finished_store(home, 2)
    with sqlite3.connect(home / "sessions.db") as conn:
        conn.execute(statement, (ids[0],))
    return ids


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "unexpected error" not in captured.err, captured.err
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sessions SET score = 'abc' WHERE id = ?",
        "UPDATE sessions SET score = 1e308 WHERE id = ?",
        "UPDATE sessions SET score = -5 WHERE id = ?",
        "UPDATE sessions SET zone = x'00ff', label = 7 WHERE id = ?",
        "UPDATE sessions SET role_title = 3.5, data_version = x'41' WHERE id = ?",
        "UPDATE sessions SET client_label = x'ff00' WHERE id = ?",
        "UPDATE sessions SET created_at = 12 WHERE id = ?",
    ],
)
def test_the_list_shows_every_session_with_damaged_values_as_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], statement: str
) -> None:
    home = tmp_path / "home"
    ids = tampered(home, statement)
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0
    assert ids[1] in out and "Client 1" in out  # the sound session is listed as before
    assert all(len(line) < 200 for line in out.splitlines())  # no 309-digit score
    assert "1000000000" not in out


@pytest.mark.parametrize("column", ["answers_json", "result_json", "plan_json"])
def test_a_stored_json_nested_thousands_deep_is_named_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    home = tmp_path / "home"
    ids = tampered(home, f"UPDATE sessions SET {column} = '{'[' * 5000}' WHERE id = ?")
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    code, _, err = run(capsys, "sessions", "show", ids[0])
    assert code == 2
    assert err == (
        f"assessor: {home / 'sessions.db'}: session {ids[0]}: its stored JSON is nested too deeply to read; the "
        f"stored session was left as it is (`assessor sessions delete {ids[0]}` removes it)\n"
    )
    code, out, _ = run(capsys, "sessions", "report", "--format", "md", "-o", "-")
    assert code == 0 and f"session {ids[0]}: its stored JSON is nested too deeply to read" in out
    code, out, _ = run(capsys, "sessions", "show", ids[1])
    assert code == 0 and "Client 1" in out
