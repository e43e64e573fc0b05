"""`score --batch` over a fixed file of varied rows gives byte-identical output: stdout and stderr.

The expected files were written by the batch scorer before it was made faster (issue 15); any change to what a
row scores, or how a result or an error is written, shows here. When the role data changes on purpose,
regenerate them and read the diff:
    ASSESSOR_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_batch_golden.py
The input was made by `bench/batch_rows.py 300 --seed 7` (titles, years, free-text days and task tables vary).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assessor.cli import main

FOLDER = Path(__file__).parents[1] / "data" / "batch"
UPDATE_GOLDEN = os.environ.get("ASSESSOR_UPDATE_GOLDEN") == "1"


def _stable(text: str) -> str:
    """The data version changes with every edit to roles/; the expected file holds a placeholder."""
    return re.sub(r'"data_version": "[0-9a-f]+"', '"data_version": "<version>"', text)


def test_batch_output_is_byte_identical_on_the_fixed_varied_file(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.chdir(FOLDER)
    code = main(["score", "--batch", "varied.jsonl"])
    out, err = capsysbinary.readouterr()
    out_bytes = _stable(out.decode("utf-8")).encode("utf-8")
    expected_out = FOLDER / "varied.expected.jsonl"
    expected_err = FOLDER / "varied.expected.stderr"
    if UPDATE_GOLDEN:
        expected_out.write_bytes(out_bytes)
        expected_err.write_bytes(err)
    assert code == 1  # the file holds rows that fail on purpose
    assert out_bytes == expected_out.read_bytes(), "run with ASSESSOR_UPDATE_GOLDEN=1 to accept the change"
    assert err == expected_err.read_bytes()
    # 252 scored: a risk-adjustment coder's "retrospective chart reviews for MA" (line 163) is their HCC review, an
    # auditor's "focused audits on modifier 25" (line 203) their audits
    assert out_bytes.count(b"\n") == 252 and err.count(b"\n") == 49
