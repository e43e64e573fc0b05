"""A job title written with letters that only look Latin is refused saying why, in score, batch, ask and the app.

'medical cоder' with a Cyrillic о, 'Coder ΙΙ' with Greek iotas: pasted from a spoofed page or typed on another
keyboard layout, they matched a role (or no role) silently. Full-width and other compatibility forms are the
same letters (NFKC folds them: 'ｍｅｄｉｃａｌ ｃｏｄｅｒ' is a medical coder); look-alikes from another
alphabet are refused in one sentence naming the letter; a title wholly in another alphabet is told that the
titles known are written in Latin letters.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.text import look_alike_problem

CYRILLIC_O = "medical c\u043eder"
GREEK_IOTAS = "Coder \u0399\u0399"
FULL_WIDTH = "ｍｅｄｉｃａｌ ｃｏｄｅｒ"


def test_look_alike_letters_are_named() -> None:
    assert look_alike_problem(CYRILLIC_O) == (
        "'medical c\u043eder' mixes Latin letters with Cyrillic ones that only look like them "
        "('\u043e' is U+043E CYRILLIC SMALL LETTER O); type it in plain Latin letters"
    )
    greek = look_alike_problem(GREEK_IOTAS)
    assert greek is not None and "Greek" in greek and "U+0399 GREEK CAPITAL LETTER IOTA" in greek
    for plain in (
        "medical coder",
        FULL_WIDTH,
        "Codeur médical",
        "Coder Ⅱ",
        "naïve coder",
        "кодер",
        "医療 coder",
    ):
        assert look_alike_problem(plain) is None, plain


def score(tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str) -> tuple[int, str, str]:
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"job_title": title, "years_experience": 4}), encoding="utf-8")
    code = main(["score", str(path), "--json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_refuses_look_alikes_saying_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for title, alphabet in ((CYRILLIC_O, "Cyrillic"), (GREEK_IOTAS, "Greek")):
        code, out, err = score(tmp_path, capsys, title)
        assert code != 0 and out == ""
        (line,) = err.splitlines()
        assert f"mixes Latin letters with {alphabet} ones that only look like them" in line


def test_score_reads_full_width_letters_as_the_same_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = score(tmp_path, capsys, FULL_WIDTH)
    assert code == 0
    assert json.loads(out)["role"]["id"] == "medical-coder"


def test_a_title_in_another_alphabet_is_told_why_it_matches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = score(tmp_path, capsys, "медицинский кодер")
    assert code != 0
    (line,) = err.splitlines()
    assert "is written in Cyrillic letters; the titles known here are in English, in Latin letters" in line


def test_batch_names_the_row_and_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [
        {"job_title": CYRILLIC_O, "years_experience": 3},
        {"job_title": FULL_WIDTH, "years_experience": 3},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    assert main(["score", "--batch", str(path)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["line"] for line in captured.out.splitlines()] == [2]
    assert "line 1: job_title: 'medical c\u043eder' mixes Latin letters with Cyrillic ones" in captured.err


def test_ask_says_why_and_takes_the_plain_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    typed = "\n".join([CYRILLIC_O, "medical coder", "4", *[""] * 12]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    assert main(["ask", "--json"]) == 0
    captured = capsys.readouterr()
    assert "mixes Latin letters with Cyrillic ones that only look like them" in captured.err
    assert "U+043E CYRILLIC SMALL LETTER O" in captured.err
    assert json.loads(captured.out)["role"]["id"] == "medical-coder"


CYRILLIC_CPC = "\u0421\u0420\u0421"  # С Р С: looks like CPC


def test_a_look_alike_credential_or_specialty_is_refused_not_silently_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'СРС' scored as if no credential were held (11.6 against 16.1 for CPC), saying nothing.
    path = tmp_path / "me.toml"
    for field, value, said in (
        (
            "certifications",
            f'["{CYRILLIC_CPC}"]',
            "is written in Cyrillic letters that only look like Latin ones",
        ),
        ("certifications", '["CPC", "CC\u0405"]', "mixes Latin letters with Cyrillic ones"),
        ("specialty", '"\u043encology"', "mixes Latin letters with Cyrillic ones"),
    ):
        path.write_text(
            f'job_title = "medical coder"\nyears_experience = 5\n{field} = {value}\n', encoding="utf-8"
        )
        assert main(["score", str(path)]) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert line.startswith(f"assessor: {path}: {field}: ") and said in line, line
    assert look_alike_problem("Onkologie") is None and look_alike_problem("кардиология") is None


def test_batch_and_ask_refuse_a_look_alike_credential(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [{"job_title": "medical coder", "years_experience": 3, "certifications": [CYRILLIC_CPC]}, GOOD_ROW]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    assert main(["score", "--batch", str(path)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["line"] for line in captured.out.splitlines()] == [2]
    assert f"line 1: certifications: '{CYRILLIC_CPC}' is written in Cyrillic letters" in captured.err
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    answers = tmp_path / "start.toml"
    answers.write_text('job_title = "medical coder"\nyears_experience = 5\n', encoding="utf-8")
    typed = "\n".join(["", "", "", CYRILLIC_CPC, "CPC", *[""] * 10]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    assert main(["ask", "--answers", str(answers), "--ids", "--json"]) == 0
    captured = capsys.readouterr()
    assert "is written in Cyrillic letters that only look like Latin ones" in captured.err
    assert captured.err.count("[certifications]") == 2  # asked again, and the CPC typed then is taken
    assert json.loads(captured.out)["role"]["id"] == "medical-coder"


GOOD_ROW = {"job_title": "medical coder", "years_experience": 3, "certifications": ["CPC"]}
