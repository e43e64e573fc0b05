"""`assessor score --batch`: every good row scored, every bad row named by its line, exit status says so."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.commands import score as score_command

JSONL = """\
{"id": "c1", "job_title": "medical coder", "years_experience": 4}
{"job_title": "medical coder", "years_experience": "lots"}

not json
{"job_title": "astronaut", "years_experience": 3}
["a list"]
{"job_title": "coder", "years_experience": 12, "specialty": "oncology", "certifications": "CPC, CCS"}
"""

CSV = """\
id,job_title,years_experience,certifications,time_split
a,medical coder,4,"CPC;CRC",
b,medical coder,x,,
c,"medical
coder",9,,
d,medical coder,2,,"coding 70, denials 30"
e,medical coder,2,,,extra
"""


def run_batch(
    tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["score", "--batch", str(path)])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_jsonl_good_and_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results, err = run_batch(tmp_path, "clients.jsonl", JSONL, capsys)
    assert code == 1
    assert [(item["line"], item["id"]) for item in results] == [(1, "c1"), (7, None)]
    assert results[0]["result"]["role"]["id"] == "medical-coder"
    assert results[0]["result"]["score"] == pytest.approx(11.6, abs=0.05)
    assert results[1]["result"]["role"]["level"] == "senior"
    errors = err.splitlines()
    assert errors[0].startswith("assessor: ") and "clients.jsonl line 2: years_experience:" in errors[0]
    assert "line 4: is not valid JSON" in errors[1]
    assert "line 5:" in errors[2] and "astronaut" in errors[2]
    assert "line 6: expected a JSON object" in errors[3]
    assert errors[4] == "assessor: scored 2 of 6 rows; 4 failed (line 2, 4, 5, 6)"


def test_csv_good_and_bad_rows_with_physical_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = run_batch(tmp_path, "clients.csv", CSV, capsys)
    assert code == 1
    # Row c spans lines 4-5 (a quoted newline), so row d is on line 6.
    assert [(item["line"], item["id"]) for item in results] == [(2, "a"), (4, "c"), (6, "d")]
    assert results[0]["result"]["role"]["id"] == "medical-coder"
    assert [task["time_pct"] for task in results[2]["result"]["tasks"]] == [70.0, 30.0]
    assert "clients.csv line 3: years_experience:" in err
    assert "clients.csv line 7: has 6 cells but the header has 5" in err
    assert "scored 3 of 5 rows; 2 failed (line 3, 7)" in err


def test_all_good_rows_exit_zero_and_same_result_as_single_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = run_batch(
        tmp_path, "ok.jsonl", '{"job_title": "medical coder", "years_experience": 4}\n', capsys
    )
    assert (code, err) == (0, "")
    single = tmp_path / "one.json"
    single.write_text('{"job_title": "medical coder", "years_experience": 4}')
    assert main(["score", "--json", str(single)]) == 0
    assert json.loads(capsys.readouterr().out) == results[0]["result"]


def test_format_is_sniffed_without_an_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results, _ = run_batch(tmp_path, "rows", "job_title,years_experience\nmedical coder,3\n", capsys)
    assert code == 0 and results[0]["line"] == 2


def test_unknown_csv_column_stops_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, err = run_batch(tmp_path, "x.csv", "job_title,years_experiance\ncoder,3\n", capsys)
    assert (code, results) == (2, [])
    assert "did you mean 'years_experience'?" in err


def test_empty_and_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_batch(tmp_path, "empty.jsonl", "\n\n", capsys)
    assert code == 2 and "has no rows to score" in err
    assert main(["score", "--batch", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_after_a_second() -> None:
    ticks = iter([100.0, 100.5, 101.5, 101.55])
    terminal = FakeTerminal()
    progress = score_command.Progress(10, terminal, clock=lambda: next(ticks))  # started at 100.0
    progress.update(1)  # 0.5 s in: nothing yet
    assert terminal.getvalue() == ""
    progress.update(5)  # 1.5 s in: drawn
    assert "5/10" in terminal.getvalue() and "#" * 15 in terminal.getvalue()
    progress.update(6)  # 0.05 s after the last draw: not redrawn
    assert "6/10" not in terminal.getvalue()
    progress.clear()
    assert terminal.getvalue().endswith("\r")
    piped = io.StringIO()
    quiet = score_command.Progress(10, piped)
    quiet.update(10)
    assert piped.getvalue() == ""
