"""Characters that draw as nothing though Unicode does not call them format characters (the Hangul fillers,
the blank braille pattern, the combining grapheme joiner, Khmer's invisible vowels) are dropped from typed text
like zero-width spaces are.

Before: `ask --client $'\\u3164'` saved a session whose label looked empty in the caseload (a zero-width space
alone is refused as an empty label), and 'Ann\\u3164Smith' looked like a second 'Ann Smith'.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.text import without_invisible
from assessor.sessions.backend import checked_label
from assessor.sessions.errors import StoreError

BLANKS = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5"]


@pytest.mark.parametrize("blank", BLANKS)
def test_a_label_of_blank_characters_is_empty(blank: str) -> None:
    with pytest.raises(StoreError, match="a client label cannot be empty"):
        checked_label(blank * 3)
    assert checked_label(f"Ann{blank}Smith") == "AnnSmith"
    assert without_invisible(f"co{blank}der") == "coder"


def test_ask_refuses_a_blank_label_and_score_a_blank_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"job_title": "\u3164\u2800", "years_experience": 3}), encoding="utf-8")
    assert main(["score", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"assessor: {path}: job_title: ")
    assert main(["--client", "\u3164", "ask"]) == 2
    assert "a client label cannot be empty" in capsys.readouterr().err


@pytest.mark.parametrize("label", ["\u0410nn Smith", "Ann Sm\u0456th", "J\u03bfnes"])
def test_a_label_word_mixing_latin_with_look_alikes_is_refused(label: str) -> None:
    # 'Аnn Smith' with a Cyrillic А was a second client reading as the first in the caseload.
    with pytest.raises(
        StoreError, match=r"client label: .* mixes Latin letters with .* that only look like them"
    ):
        checked_label(label)


@pytest.mark.parametrize("label", ["Иван Petrov", "José Núñez", "Zoë", "Nguyễn Văn A", "李 Wei", "Ελένη K"])
def test_names_in_one_alphabet_per_word_are_kept(label: str) -> None:
    assert checked_label(label) == label
