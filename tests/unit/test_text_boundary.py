"""Text that is not plain, valid Unicode never crashes a command, reaches a store or reaches the terminal.

Probed as an attacker would, against the installed `assessor` command in real processes: invalid UTF-8 on
the command line, on standard input and in $USER; "\\ud800" in JSON; zero-width, bidi and invisible-tag
characters; an ASCII-only terminal; NaN and Infinity where a number belongs; batch rows that are not UTF-8,
whose id is not a label, or whose string holds a line separator. Each ends in one sentence on stderr with a
non-zero exit, no traceback, and nothing saved changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from assessor.cli import main
from assessor.core.answers_io import load_json_text
from assessor.core.errors import AnswersError
from assessor.core.models import Answers
from assessor.core.text import has_control_characters, has_surrogates, one_line, terminal_safe
from assessor.sessions.store import Store

GOOD = {"job_title": "Medical Coder", "years_experience": 3}


def run(
    *argv: str | bytes, home: Path, stdin: bytes = b"", env: Mapping[str, str | bytes] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environb, b"ASSESSOR_HOME": os.fsencode(home)}
    environ.pop(b"ASSESSOR_DEBUG", None)
    for key, value in (env or {}).items():
        environ[key.encode()] = value if isinstance(value, bytes) else value.encode()
    return subprocess.run(
        [sys.executable, "-m", "assessor", *argv],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
        env=environ,
    )


def one_sentence(done: subprocess.CompletedProcess[bytes]) -> str:
    """The single stderr line of a refused command (and proof there was no traceback)."""
    err = done.stderr.decode("utf-8")
    assert done.returncode != 0, (done.stdout[-500:], err)
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("assessor: "), err
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return folder


# -- what counts as unsafe -------------------------------------------------------------------------------


def test_every_control_format_separator_and_surrogate_character_is_unsafe() -> None:
    """The hand-written class holds every character of those Unicode categories (checked, not trusted)."""
    categories = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in categories
        and chr(code) not in "\n\t"
        and not has_control_characters(chr(code))
    ]
    assert missed == []
    for plain in ("Müller", "山田", "🙂", "Ünïcödé ½ № — “quoted”", "\n", "\t", "\u00a0"):
        assert not has_control_characters(plain), plain


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2066", "\U000e0041", "\ud800", "\udcff", "\x85"],
)
def test_invisible_and_invalid_characters_are_shown_as_escapes_that_keep_json_valid(hidden: str) -> None:
    shown = terminal_safe(f"J{hidden}S")
    assert not has_control_characters(shown) and shown.startswith("J\\u") and shown.endswith("S")
    assert shown.encode("ascii")  # nothing a terminal could obey or fail to encode
    document = json.dumps({"label": f"J{hidden}S"}, ensure_ascii=False)
    assert json.loads(terminal_safe(document)) == {"label": f"J{hidden}S"}


def test_one_line_shows_line_breaks_as_escapes() -> None:
    assert one_line("a\nb\r\x1b") == "a\\nb\\u000d\\u001b"


def test_pasted_zero_width_characters_are_dropped_from_answers_and_bidi_refused() -> None:
    answers = Answers.validated(
        {**GOOD, "job_title": "Medical\u200b Coder\ufeff", "specialty": "onco\u00adlogy"}
    )
    assert (answers.job_title, answers.specialty) == ("Medical Coder", "oncology")
    with pytest.raises(ValueError, match=r"U\+202E"):
        Answers.validated({**GOOD, "job_title": "Medical \u202eCoder"})
    with pytest.raises(ValueError, match=r"U\+E0041"):
        Answers.validated({**GOOD, "specialty": "oncology\U000e0041"})


# -- JSON and answers files ------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["job_title", "specialty", "key", "time_split"])
def test_a_lone_surrogate_escape_in_json_is_refused_with_one_sentence(where: str, home: Path) -> None:
    data: dict[str, Any] = dict(GOOD)
    if where == "key":
        data["time_split"] = {"coding\udc00": 100}
    elif where == "time_split":
        data["time_split"] = "coding\ud800 all day"
    else:
        data[where] = "Medical Coder\ud800"
    path = home.parent / "answers.json"
    path.write_text(json.dumps(data))  # ensure_ascii: the file holds the "\ud800" escape
    for command in (["score"], ["plan"], ["report", "--format", "md"], ["score", "--json"]):
        line = one_sentence(run(*command, str(path), home=home))
        assert ("is not valid Unicode" in line and "\\ud800" in line) or "\\udc00" in line, line


def test_a_surrogate_pair_escape_is_one_character_and_accepted() -> None:
    data = load_json_text('{"job_title": "Coder \\ud83d\\ude00"}', "x")
    assert data == {"job_title": "Coder 🙂"[:-1] + "\U0001f600"}
    with pytest.raises(AnswersError, match="not valid Unicode"):
        load_json_text('{"a": ["ok", {"b": "\\udfff"}]}', "x")


@pytest.mark.parametrize(
    ("share", "shown"),
    [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ('"50"', "'50'"), ('"NaN"', "'NaN'")],
)
def test_a_share_of_the_day_must_be_a_finite_number(share: str, shown: str, home: Path) -> None:
    path = home.parent / "answers.toml"
    path.write_text(f'job_title = "Medical Coder"\nyears_experience = 3\n[time_split]\ncoding = {share}\n')
    line = one_sentence(run("score", str(path), home=home))
    assert line.endswith(
        f"time_split: 'coding': expected a share of the day in percent (a number such as 50), not {shown}"
    )


@pytest.mark.parametrize("years", ["nan", "inf", "-inf", '"NaN"', '"1e309"'])
def test_years_must_be_a_finite_number_and_said_so(years: str, home: Path) -> None:
    """NaN was 'should be greater than or equal to 0', as if it were a negative number."""
    path = home.parent / "answers.toml"
    path.write_text(f'job_title = "Medical Coder"\nyears_experience = {years}\n')
    line = one_sentence(run("score", str(path), home=home))
    shown = years.strip('"')
    assert line.endswith(f"years_experience: expected a finite number, not {shown}"), line


# -- the command line, standard input, the environment and the terminal's encoding ----------------------


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_saved(home: Path) -> None:
    answers = home.parent / "a.toml"
    answers.write_text('job_title = "Medical Coder"\nyears_experience = 3\n')
    line = one_sentence(run("ask", "--answers", str(answers), "--client", b"J\xffS", home=home))
    assert line == (
        "assessor: the argument 'J\\udcffS' is not UTF-8 text (set the terminal to UTF-8, or rename the "
        "file); nothing was done"
    )
    assert list(home.iterdir()) == []  # no store was even created
    one_sentence(run("sessions", "show", b"\xff\xfe", home=home))


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_notes_from_stdin_that_are_not_utf8_leave_the_notes_as_they_were(locale: str, home: Path) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client N")
    store.set_notes(session_id, "first note")
    env = {"LC_ALL": locale, "LANG": locale, "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = run("sessions", "notes", session_id, "-", home=home, stdin=b"caf\xe9 \xff\n", env=env)
    assert one_sentence(done) == "assessor: notes: is not UTF-8 text; nothing was changed"
    assert store.get(session_id).notes == "first note"
    done = run("sessions", "notes", session_id, "-", home=home, stdin="café ✓\n".encode(), env=env)
    assert done.returncode == 0, done.stderr
    assert store.get(session_id).notes == "café ✓"  # UTF-8 is read as UTF-8 whatever the locale


def test_ask_on_a_terminal_sending_latin1_asks_that_answer_again(home: Path) -> None:
    done = run(
        "ask",
        "--client",
        "Client L",
        home=home,
        stdin=b"medical coder\n3\ncaf\xe9\nuk\n",
        env={"LC_ALL": "C"},
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert (
        b"That answer is not UTF-8 text (is the terminal set to UTF-8?); please type it again." in done.stdout
    )
    (summary,) = Store.open(home).list_sessions()
    record = Store.open(home).get(summary.id)
    assert [(item.question_id, item.raw_text) for item in record.raw_answers][:3] == [
        ("job_title", "medical coder"),
        ("years_experience", "3"),
        ("country", "uk"),
    ]
    assert record.answers["country"] == "uk"


def test_a_login_name_that_is_not_utf8_is_kept_as_escapes(home: Path) -> None:
    done = run("vocabulary", "list", home=home, env={"USER": b"co\xffder", "LOGNAME": b"co\xffder"})
    assert done.returncode == 0, done.stderr
    assert "'co\\\\xffder'" in done.stdout.decode()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_on_a_terminal_without_utf8_is_escaped_not_a_crash(encoding: str, home: Path) -> None:
    answers = home.parent / "a.toml"
    answers.write_text('job_title = "Medical Coder"\nyears_experience = 3\nspecialty = "oncologíe ✓"\n')
    env = {"PYTHONIOENCODING": encoding, "LC_ALL": "C"}
    for command in (["report", "--format", "md"], ["score", "--json"], ["plan"]):
        done = run(*command, str(answers), home=home, env=env)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    done = run("report", "--format", "md", str(answers), home=home, env=env)
    assert b"\\u2713" in done.stdout or b"\\x" in done.stdout  # the tick, escaped


# -- batch files -----------------------------------------------------------------------------------------


def batch(home: Path, name: str, content: bytes) -> tuple[list[dict[str, Any]], list[str], int]:
    path = home.parent / name
    path.write_bytes(content)
    done = run("score", "--batch", str(path), home=home)
    err = done.stderr.decode()
    assert "Traceback" not in err, err

    def no_constants(value: str) -> Any:
        raise AssertionError(f"{value} is not JSON")

    rows = [json.loads(line, parse_constant=no_constants) for line in done.stdout.decode().splitlines()]
    return rows, err.strip().splitlines(), done.returncode


def test_a_batch_row_whose_id_is_not_a_label_is_refused_alone(home: Path) -> None:
    good = json.dumps(GOOD)[:-1]
    content = "\n".join(
        [
            good + ', "id": "a"}',
            good + ', "id": {"nested": ["\\u001b]52;c;eA==\\u0007"]}}',
            good + ', "id": 1e999}',
            good + ', "id": true}',
            good + ', "id": "' + "x" * 201 + '"}',
            good + ', "id": "\\ud800"}',
            good + ', "id": 7}',
        ]
    ).encode()
    rows, errors, code = batch(home, "ids.jsonl", content)
    assert code == 1
    assert [(row["line"], row["id"]) for row in rows] == [(1, "a"), (7, 7)]
    assert [error.split(": ", 2)[1] for error in errors[:-1]] == [
        f"{home.parent / 'ids.jsonl'} line {n}" for n in (2, 3, 4, 5, 6)
    ]
    assert "id: must be text or a whole number, not dict" in errors[0]
    assert "id: 201 characters is too long (at most 200)" in errors[3]


def test_a_batch_row_that_is_not_utf8_is_refused_alone_and_the_rest_scored(home: Path) -> None:
    good = json.dumps(GOOD).encode()
    rows, errors, code = batch(
        home, "mixed.jsonl", good + b"\n" + good[:-1] + b', "specialty": "a\xffb"}\n' + good + b"\n"
    )
    assert code == 1 and [row["line"] for row in rows] == [1, 3]
    assert errors[0].endswith("line 2: is not UTF-8 text (save the file as UTF-8)")
    csv = b"job_title,years_experience,id\nMedical Coder,3,a\nMedical\xff Coder,3,b\r\nMedical Coder,4,c\n"
    rows, errors, code = batch(home, "mixed.csv", csv)
    assert code == 1 and [(row["line"], row["id"]) for row in rows] == [(2, "a"), (4, "c")]
    assert errors[0].endswith("line 3: is not UTF-8 text (save the file as UTF-8)")


def test_a_line_separator_inside_a_json_string_does_not_split_the_row(home: Path) -> None:
    good = json.dumps(GOOD)[:-1]
    content = (good + ', "id": "a\u2028b\x85c"}\r\n' + good + ', "id": "d"}\n').encode()
    rows, errors, code = batch(home, "separators.jsonl", content)
    assert code == 0, errors
    assert [(row["line"], row["id"]) for row in rows] == [(1, "a\u2028b\x85c"), (2, "d")]


# -- the last guard --------------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_sentence_with_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('job_title = "Medical Coder"\nyears_experience = 3\n')

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk\nmelted")

    monkeypatch.setattr("assessor.commands.score.assess", broken)
    monkeypatch.delenv("ASSESSOR_DEBUG", raising=False)
    assert main(["score", str(answers)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("assessor: unexpected error (RuntimeError: disk\\nmelted); it stopped here")
    for off in ("0", "false", "no", "off", "", " "):  # what a person writes to turn it off keeps it off
        monkeypatch.setenv("ASSESSOR_DEBUG", off)
        assert main(["score", str(answers)]) == 70
        assert "Traceback" not in capsys.readouterr().err
    for on in ("1", "true", "YES", "on "):
        monkeypatch.setenv("ASSESSOR_DEBUG", on)
        with pytest.raises(RuntimeError):
            main(["score", str(answers)])


def test_no_unsafe_text_ever_reaches_a_stored_string() -> None:
    assert not has_surrogates(terminal_safe("a\ud800b"))
