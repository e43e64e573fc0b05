"""Answers files, imports and batches saved as UTF-16 or UTF-32 (Notepad's "Unicode"): read when they carry a
byte order mark, said in one sentence when they cannot be read; never taken for a binary file."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assessor.cli import main

ANSWERS = {"job_title": "medical coder", "years_experience": 5}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_wide_answers_file_with_its_mark_is_scored(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "me.json"
    text = json.dumps(ANSWERS)
    data = text.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # the codecs with an explicit order write no mark: add it
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    assert main(["score", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["role"]["id"] == "medical-coder"


def test_a_wide_toml_file_on_standard_input_is_scored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = 'job_title = "medical coder"\nyears_experience = 5\n'.encode("utf-16")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["score", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["role"]["id"] == "medical-coder"


def test_a_broken_wide_file_or_one_holding_nul_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(
        b"\xff\xfe" + '{"job_title": "x"'.encode("utf-16-le") + b"\x00\xd8"
    )  # a lone surrogate
    nul = tmp_path / "nul.json"
    nul.write_bytes('{"job_title": "a\x00b", "years_experience": 5}'.encode("utf-16"))
    for path, said in (
        (broken, "is not valid UTF-16 text (save it as UTF-8)"),
        (nul, "holds NUL characters"),
    ):
        assert main(["score", str(path)]) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert line == f"assessor: {path}: {said}" or line.startswith(f"assessor: {path}: {said}")


def test_a_wide_batch_file_is_told_to_be_saved_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes((json.dumps(ANSWERS) + "\n").encode("utf-16"))
    assert main(["score", "--batch", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"assessor: {path}: is saved as UTF-16; save the batch file as UTF-8"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 100, "is not valid JSON"),
        ("[" * 100 + "]" * 100, "is nested too deeply to be answers"),
        ('[{"job_title": "medical coder"}]', "expected a table of answers"),
        ("job_title = 'x'", "is not valid JSON"),
    ],
)
def test_a_json_file_is_read_as_json_whatever_it_starts_with(
    text: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "me.JSON"
    path.write_text(text, encoding="utf-8")
    assert main(["score", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"assessor: {path}: {said}") and "TOML" not in line, line
