"""`score --batch` remembers what repeats (title matches, days, adjustments, scored days, their JSON); none of
that may change an answer. 2,000 varied rows (bench/batch_rows.py, another seed than the golden file) and odd
rows are scored by the batch and, one at a time with nothing remembered, by the single-answer path; every
result line and every error line must be the same bytes.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.answers_io import load_json_text
from assessor.core.assess import assess, assessment_summary, load_answers
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.errors import AssessorError
from assessor.core.text import one_line, terminal_safe
from tests.helpers import bench_module

ROOT = Path(__file__).resolve().parents[2]
# What a catalog derives from its own data alone (kept); everything else it remembers is answers (forgotten).
INDICES = ("title-index", "task-index", "role-tasks")


# Rows the fast path must refuse or read exactly as pydantic does: kinds, whitespace, invisible and control
# characters, numbers as text, strings where lists go, unknown fields, tables that do not add up.
ODD_ROWS: list[object] = [
    {"job_title": "Medical Coder", "years_experience": 3},
    {"job_title": "Medical Coder", "years_experience": 3.0},
    {"job_title": "Medical Coder", "years_experience": "3"},
    {"job_title": "Medical Coder", "years_experience": " 3 "},
    {"job_title": "Medical Coder", "years_experience": True},
    {"job_title": "Medical Coder", "years_experience": None},
    {"job_title": "Medical Coder", "years_experience": -1},
    {"job_title": "Medical Coder", "years_experience": 60},
    {"job_title": "Medical Coder", "years_experience": 61},
    {"job_title": "Medical Coder", "years_experience": 1e400},
    {"job_title": "Medical Coder", "years_experience": 1.99},
    {"job_title": "Medical Coder", "years_experience": 2},
    {"job_title": "Medical Coder", "years_experience": 5.0},
    {"job_title": "Medical Coder", "years_experience": 5.01},
    {"job_title": "  Medical   Coder ", "years_experience": 3},
    {"job_title": "Medical\u200bCoder", "years_experience": 3},
    {"job_title": "Medical\u200b Coder", "years_experience": 3},
    {"job_title": "Medical\u202eCoder", "years_experience": 3},
    {"job_title": "Medical\nCoder", "years_experience": 3},
    {"job_title": "Codeur médical", "years_experience": 3},
    {"job_title": " ", "years_experience": 3},
    {"job_title": "x" * 201, "years_experience": 3},
    {"job_title": 42, "years_experience": 3},
    {"job_title": ["Medical Coder"], "years_experience": 3},
    {"job_title": "Medical Coder", "years_experience": 3, "jobtitle": "x"},
    {"job_title": "Medical Coder", "years_experience": 3, "work_setting": "Inpatient"},
    {"job_title": "Medical Coder", "years_experience": 3, "work_setting": None},
    {"job_title": "Medical Coder", "years_experience": 3, "specialty": None},
    {"job_title": "Medical Coder", "years_experience": 3, "specialty": " Oncology  and cardiology "},
    {"job_title": "Medical Coder", "years_experience": 3, "specialty": "interventional radiology"},
    {"job_title": "Medical Coder", "years_experience": 3, "certifications": "CPC, ccs; RHIT/CRC and COC"},
    {"job_title": "Medical Coder", "years_experience": 3, "certifications": ["cpc", "CPC ", " Ccs"]},
    {"job_title": "Medical Coder", "years_experience": 3, "certifications": []},
    {"job_title": "Medical Coder", "years_experience": 3, "certifications": [1]},
    {"job_title": "Medical Coder", "years_experience": 3, "certifications": "x" * 2001},
    {"job_title": "Medical Coder", "years_experience": 3, "goals": "CDI, auditing"},
    {"job_title": "Medical Coder", "years_experience": 3, "goals": [" Auditing "]},
    {"job_title": "Medical Coder", "years_experience": 3, "goals": ["auditing", "auditing"]},
    {"job_title": "Medical Coder", "years_experience": 3, "ai_tools": "autonomous", "country": "uk"},
    {"job_title": "Clinical Coder", "years_experience": 3, "country": "uk"},
    {"job_title": "Clinical Coder", "years_experience": 3, "country": "us"},
    {"job_title": "Medical Coder", "years_experience": 3, "country": "UK"},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": ""},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": "   "},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": "coding 60, denials 40"},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": "coding 60\u202e, denials 40"},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 60, "denials": 40}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 60.0, "denials": 40.0}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"denials": 40, "coding": 60}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 60, "denials": 37}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 60, "denials": 0}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": "60", "denials": 40}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": True, "denials": 40}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": -5, "denials": 105}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 80, "denials": 40}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": 50, "coding ": 50}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"assign-codes": 100}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": {"knitting": 100}},
    {"job_title": "Medical Coder", "years_experience": 3, "time_split": ["coding"]},
    {"job_title": "Medical Coder", "years_experience": 3, "role_id": "medical-coder-senior"},
    {"job_title": "Medical Coder", "years_experience": 3, "role_id": "Medical Coder"},
    {"job_title": "Medical Coder", "years_experience": 3, "task_choices": {"knitting": "assign-codes"}},
    {
        "job_title": "Medical Coder",
        "years_experience": 3,
        "time_split": {"knitting": 100},
        "task_choices": {"knitting": "assign-codes"},
    },
    {"id": 7, "job_title": "Medical Coder", "years_experience": 3},
    {"id": "\u202ereversed", "job_title": "Medical Coder", "years_experience": 3},
    {"id": True, "job_title": "Medical Coder", "years_experience": 3},
    {"id": None, "job_title": "Medical Coder", "years_experience": 3},
    {"job_title": "pastry chef", "years_experience": 3},
    {"job_title": "software coder", "years_experience": 3},
    ["not", "an", "object"],
]


def _lines(seed: int, count: int) -> Iterator[str]:
    for row in bench_module("batch_rows.py", "batch_rows").rows(count, seed):
        yield json.dumps(row, ensure_ascii=False)
    for row in ODD_ROWS:
        yield json.dumps(row, ensure_ascii=False)
    yield '{"job_title": "Medical Coder", "years_experience": 3, "years_experience": 4}'
    yield '{"job_title": "Medical Coder", "years_experience": 3, "specialty": "\\ud800"}'
    yield "[" * 40 + "]" * 40
    yield '{"job_title": "Medical Coder", "years_experience": 3, "time_split": {"coding": NaN}}'
    yield "not json"


def _forgetful(catalog: Catalog) -> Catalog:
    """The catalog with its indices but nothing remembered of earlier answers."""
    copy = catalog.model_copy()
    copy._derived = {key: value for key, value in catalog._derived.items() if key in INDICES}
    return copy


def _plain(catalog: Catalog, name: str, number: int, line: str) -> tuple[str, str]:
    """What the single-answer path gives for one row: its result line, or its error line."""
    try:
        data = load_json_text(line, "row")
    except AssessorError as exc:
        return "", one_line(f"assessor: {name} line {number}: {exc.message.removeprefix('row: ')}") + "\n"
    if not isinstance(data, dict):
        return (
            "",
            f'assessor: {name} line {number}: expected a JSON object of answers ({{"job_title": ...}})\n',
        )
    row_id = data.pop("id", None)
    if isinstance(row_id, bool) or not isinstance(row_id, str | int | None):
        message = f"id: must be text or a whole number, not {type(row_id).__name__}"
        return "", one_line(f"assessor: {name} line {number}: {message}") + "\n"
    try:
        result = assess(load_answers(data, "answers"), _forgetful(catalog))
    except AssessorError as exc:
        message = exc.message.removeprefix("answers: ")
        return "", one_line(f"assessor: {name} line {number}: {message}") + "\n"
    record = {"line": number, "id": row_id, "result": assessment_summary(result)}
    return terminal_safe(json.dumps(record, ensure_ascii=False, allow_nan=False, default=str)) + "\n", ""


@pytest.mark.parametrize("seed", [2026])
def test_batch_gives_what_each_row_alone_gives(
    seed: int, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    lines = list(_lines(seed, 2000))
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    code = main(["score", "--batch", str(path)])
    out, err = capsysbinary.readouterr()
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the collector as it was before the batch
    catalog = load_catalog()
    expected_out, expected_err = [], []
    for number, line in enumerate(lines, start=1):
        result, error = _plain(catalog, str(path), number, line)
        expected_out.append(result)
        expected_err.append(error)
    got_out = out.decode("utf-8").splitlines(keepends=True)
    got_err = err.decode("utf-8").splitlines(keepends=True)
    wanted_out = [line for line in expected_out if line]
    wanted_err = [line for line in expected_err if line]
    assert code == 1
    assert len(got_out) == len(wanted_out) > 1500
    for got, wanted in zip(got_out, wanted_out, strict=True):
        assert got == wanted
    failed = len(wanted_err)
    assert got_err[:-1] == wanted_err
    assert got_err[-1].startswith(f"assessor: scored {len(wanted_out)} of {len(lines)} rows; {failed} failed")
