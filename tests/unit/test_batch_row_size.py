"""score --batch bounds each row before reading it: an over-long row is one line on stderr naming its line,
and every other row is still scored.

A 150 MB row (one JSON line, or one CSV line) was read whole, decoded and parsed: about 0.86 GB of memory for
one row. A legitimate row is a few kilobytes (a title, years, a day split of at most 40 tasks).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.commands.score import ROW_MAX_CHARS

GOOD = {"job_title": "medical coder", "years_experience": 4}


def batch(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]], list[str]]:
    code = main(["score", "--batch", str(path)])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err.splitlines()


def test_an_over_long_json_line_is_refused_by_line_and_the_rest_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = json.dumps(
        {"job_title": "medical coder", "years_experience": 4, "specialty": "x" * 3 * ROW_MAX_CHARS}
    )
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), huge, json.dumps({**GOOD, "id": "c"})]) + "\n")
    code, results, err = batch(path, capsys)
    assert code == 1
    assert [result["line"] for result in results] == [1, 3]
    assert results[1]["id"] == "c"
    assert err[0] == (
        f"assessor: {path} line 2: the row is {len(huge):,} characters, longer than a row can be "
        f"(at most {ROW_MAX_CHARS:,}); it was skipped"
    )
    assert err[1] == "assessor: scored 2 of 3 rows; 1 failed (line 2)"


def test_a_row_just_under_the_bound_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = json.dumps({**GOOD, "id": "p" * 10})
    padded = row[:-1] + " " * (ROW_MAX_CHARS - len(row)) + "}"
    assert len(padded) == ROW_MAX_CHARS
    path = tmp_path / "rows.jsonl"
    path.write_text(padded + "\n" + json.dumps(GOOD))
    code, results, err = batch(path, capsys)
    assert (code, [result["line"] for result in results], err) == (0, [1, 2], [])


def test_an_over_long_csv_line_and_a_long_quoted_row_are_refused_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_line = "medical coder," + "9" * (2 * ROW_MAX_CHARS)
    # One CSV row spread over many short physical lines inside a quoted cell: bounded as a row too.
    spread = '"medical coder",3,"' + "x\n" * ROW_MAX_CHARS + '"'
    path = tmp_path / "rows.csv"
    path.write_text(
        "job_title,years_experience,specialty\n"
        "medical coder,3,\n"
        f"{long_line}\n"
        "medical coder,5,\n"
        f"{spread}\n"
        "coding specialist,7,\n"
    )
    code, results, err = batch(path, capsys)
    assert code == 1
    assert [result["line"] for result in results] == [2, 4, 5 + ROW_MAX_CHARS + 1]
    assert err[0].startswith(f"assessor: {path} line 3: the row is ")
    assert err[0].endswith(f"longer than a row can be (at most {ROW_MAX_CHARS:,}); it was skipped")
    assert err[1].startswith(f"assessor: {path} line 5: the row is ")
    assert err[-1] == "assessor: scored 3 of 5 rows; 2 failed (line 3, 5)"


def test_an_over_long_row_on_standard_input_is_refused_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    text = json.dumps(GOOD) + "\n" + "[" * (2 * ROW_MAX_CHARS) + "\n" + json.dumps(GOOD) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code = main(["score", "--batch", "-"])
    captured = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["line"] for line in captured.out.splitlines()] == [1, 3]
    assert "standard input line 2: the row is 200,000 characters" in captured.err


PEAK = """
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "assessor", "score", "--batch", sys.argv[1]],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_kib(path: Path) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_an_over_long_row_costs_no_memory_beyond_a_small_batch(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(GOOD) + "\n")
    big = tmp_path / "big.jsonl"
    with big.open("w") as out:
        out.write(json.dumps(GOOD) + "\n")
        out.write('{"job_title": "medical coder", "years_experience": 4, "notes": "')
        for _ in range(60):
            out.write("y" * 1_000_000)  # one 60 MB line
        out.write('"}\n')
    # The over-long line is read past in bounded pieces: within 40 MB of a one-row batch (was ~6x the row).
    assert peak_kib(big) - peak_kib(small) < 40_000
