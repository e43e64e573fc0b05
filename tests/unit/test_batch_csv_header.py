"""A CSV batch header naming a column twice: refused in one sentence, as a JSON key given twice is.

Before: `job_title,years_experience,job_title` scored each row with its last title, silently ('Medical Coder'
in the first column, 'x' in the third: 'x' was scored and the row reported as an unknown title).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "header",
    [
        "job_title,years_experience,job_title",
        "job_title, years_experience ,years_experience",
        "id,job_title,years_experience,id",
    ],
)
def test_a_column_named_twice_is_refused(tmp_path: Path, header: str) -> None:
    path = tmp_path / "rows.csv"
    cells = {"job_title": "Medical Coder", "years_experience": "3", "id": "r1"}
    row = ",".join(cells[name.strip()] for name in header.split(","))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "score", "--batch", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "is named twice in the header line" in done.stderr


def test_a_header_naming_each_column_once_still_scores(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("\ufeffid,job_title,years_experience\nr1,Medical Coder,3\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "score", "--batch", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"id": "r1"' in done.stdout
