"""Parser bombs and wrong kinds of answers: one sentence and a non-zero exit, never a traceback or a hang.

JSON or TOML nested thousands deep, integers past Python's 4,300-digit limit, /dev/zero and FIFOs as answers
files, duplicate JSON keys, true as a number of years, control characters and endless text in answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.answers_io import load_json_text, read_user_text
from assessor.core.assess import load_answers
from assessor.core.catalog import Catalog
from assessor.core.errors import AnswersError
from assessor.core.models import Answers
from assessor.core.questionnaire import load_questionnaire

DEEP = 5_000
BIG_INT = "9" * 5_000
GOOD = '{"job_title": "Medical Coder", "years_experience": 3}'

BOMBS = {
    "deep.json": '{"job_title": "Medical Coder", "years_experience": 3, "x": '
    + "[" * DEEP
    + "]" * DEEP
    + "}",
    "deep.toml": 'job_title = "Medical Coder"\nyears_experience = 3\nx = ' + "[" * DEEP + "]" * DEEP + "\n",
    "deep-tables.json": '{"job_title": "Medical Coder", "years_experience": 3, "x": '
    + '{"a": ' * DEEP
    + "1"
    + "}" * DEEP
    + "}",
    "bigint.json": '{"job_title": "Medical Coder", "years_experience": ' + BIG_INT + "}",
    "bigint.toml": 'job_title = "Medical Coder"\nyears_experience = ' + BIG_INT + "\n",
    "duplicate.json": '{"job_title": "Medical Coder", "years_experience": 3, "years_experience": 40}',
}
COMMANDS = (["score"], ["plan"], ["report", "--format", "md"], ["ask", "--answers"])


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    assert code != 0, captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("assessor: "), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("bomb", sorted(BOMBS))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda argv: argv[0])
def test_parser_bombs_are_one_sentence(
    bomb: str,
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    path = tmp_path / bomb
    path.write_text(BOMBS[bomb], encoding="utf-8")
    message = one_line_error(capsys, [*command, str(path)])
    assert str(path) in message
    assert any(words in message for words in ("nested too deeply", "number too long", "appears twice")), (
        message
    )


def run_process(argv: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "assessor", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("command", [*COMMANDS, ["score", "--batch"], ["sessions", "import"]], ids=str)
def test_devices_and_fifos_are_refused_without_reading(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)  # nobody ever writes: opening it for reading would wait forever
    for target in ("/dev/zero", str(fifo)):
        result = run_process([*command, target], tmp_path)
        assert result.returncode != 0
        assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr, result.stderr


def test_standard_input_is_read_with_a_bound(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "assessor", "score", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0 and "too large" in result.stderr and result.stderr.count("\n") == 1


def test_an_endless_answer_line_stops_ask(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "assessor", "ask"], stdin=zero, capture_output=True, text=True, timeout=60
        )
    assert result.returncode != 0 and "longer than" in result.stderr


def test_batch_reports_each_bad_row_and_scores_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        GOOD,
        '{"job_title": "Medical Coder", "years_experience": ' + BIG_INT + "}",
        '{"job_title": "Medical Coder", "x": ' + "[" * DEEP + "]" * DEEP + "}",
        '{"job_title": "Medical Coder", "years_experience": 3, "job_title": "Biller"}',
        '{"job_title": "Medical Coder", "years_experience": true}',
        '{"job_title": "Medical Coder", "years_experience": 3, "specialty": "onc\\u0000ology"}',
        GOOD,
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["score", "--batch", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    scored = [json.loads(line)["line"] for line in captured.out.splitlines()]
    assert scored == [1, 7]
    errors = captured.err.splitlines()
    for line, words in (
        (2, "number too long"),
        (3, "nested too deeply"),
        (4, "appears twice"),
        (5, "not true/false"),
        (6, "control character"),
    ):
        assert any(f"line {line}: " in error and words in error for error in errors), (line, errors)


def test_batch_csv_with_a_cell_past_the_csv_limit_reports_that_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "job_title,years_experience,specialty\n"
        "Medical Coder,3,\n"
        f"Medical Coder,3,{'x' * 200_000}\n"
        "Medical Coder,4,\n",
        encoding="utf-8",
    )
    code = main(["score", "--batch", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["line"] for line in captured.out.splitlines()] == [2, 4]
    assert any("line 3: " in error for error in captured.err.splitlines())


@pytest.mark.parametrize("bomb", ["deep.json", "bigint.json", "duplicate.json"])
def test_sessions_import_refuses_parser_bombs(
    bomb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    path = tmp_path / bomb
    path.write_text(BOMBS[bomb], encoding="utf-8")
    message = one_line_error(capsys, ["sessions", "import", str(path)])
    assert str(path) in message


def test_reader_refuses_a_file_that_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 2_000)
    with pytest.raises(AnswersError, match="too large"):
        read_user_text(path, max_bytes=1_000)
    assert read_user_text(path, max_bytes=2_000) == "#" * 2_000


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"years_experience": True}, "years_experience: expected a number, not true/false"),
        ({"years_experience": False}, "not true/false"),
        ({"specialty": "onc\x00ology"}, "specialty: contains a control character (U+0000)"),
        ({"specialty": "oncology\x1b]52;c;aGk=\x07"}, "control character (U+001B)"),
        ({"job_title": "Medical \u202eCoder"}, "job_title: contains a control character (U+202E)"),
        ({"certifications": ["CPC", "\x9b31m"]}, "control character"),
        ({"certifications": "C" * 15_000}, "too long"),
        ({"certifications": ["C" * 15_000]}, "too long"),
        ({"certifications": [f"C{n}" for n in range(31)]}, "at most 30"),
        ({"specialty": "x" * 201}, "specialty"),
        ({"time_split": "half coding " * 500}, "too long"),
        ({"time_split": {"coding": True}}, "not true/false"),
        ({"time_split": {f"task {n}": 1 for n in range(41)}}, "too many"),
        ({"time_split": {"cod\x1bing": 50}}, "control character"),
        ({"goals": ["cdx"]}, "goals[0]: 'cdx' is not one of"),
        ({"goals": ["managment"]}, "did you mean 'management'?"),
    ],
)
def test_answers_of_the_wrong_kind_are_refused(answers: dict[str, object], words: str) -> None:
    data = {"job_title": "Medical Coder", "years_experience": 3, **answers}
    with pytest.raises(AnswersError) as refused:
        load_answers(data, "me.json")
    assert words in refused.value.message
    assert refused.value.message.startswith("me.json: ")


def test_plain_answers_still_read_as_before() -> None:
    answers = load_answers(
        {
            "job_title": "Medical\nCoder",
            "years_experience": "3",
            "specialty": "oncology\n# heading",
            "goals": "CDI and Auditing",
            "certifications": "cpc, ccs",
            "time_split": "half coding,\n20% denials,\tthe rest queries",
        },
        "me.toml",
    )
    assert answers.job_title == "Medical Coder" and answers.years_experience == 3
    assert answers.specialty == "oncology # heading"
    assert answers.goals == ("cdi", "auditing") and answers.certifications == ("CPC", "CCS")


def test_duplicate_json_keys_are_refused_like_toml() -> None:
    with pytest.raises(AnswersError, match="'a' appears twice"):
        load_json_text('{"a": 1, "b": {"a": 2}, "a": 3}', "x.json")
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads("a = 1\na = 2\n")
    assert load_json_text('{"a": 1, "b": {"a": 2}}', "x.json") == {"a": 1, "b": {"a": 2}}


def test_goals_are_the_questionnaires_and_the_plans(catalog: Catalog) -> None:
    from typing import get_args

    from assessor.core.models import Goal

    goals = load_questionnaire().question("goals")
    assert {option.value for option in goals.options} == set(get_args(Goal))
    from assessor.core.plan import load_actions

    assert set(load_actions(catalog).goal_labels) == set(get_args(Goal))
    assert Answers.validated(dict(job_title="x", years_experience=1, goals=("cdi",))).goals == ("cdi",)
