"""Broken copies of roles/: each mistake stops loading with a sentence naming the file, field and fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessor.core.catalog import load_catalog
from assessor.core.data import data_dir
from assessor.core.errors import AssessorError, DataFileError


def broken_copy(tmp_path: Path, relative: str, old: str, new: str, count: int = 1) -> Path:
    """Copy the shipped roles/ into tmp_path and replace `old` by `new` in one file (it must be there)."""
    root = tmp_path / "roles"
    shutil.copytree(data_dir("roles"), root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {relative}: the test no longer breaks anything"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return root


def load_error(root: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    message = caught.value.message
    assert isinstance(caught.value, AssessorError)
    assert "\n" not in message
    return message


def test_the_unbroken_copy_loads(tmp_path):
    root = tmp_path / "roles"
    shutil.copytree(data_dir("roles"), root)
    assert len(load_catalog(root).roles) >= 15


def test_field_typo_in_a_card_suggests_the_field(tmp_path):
    root = broken_copy(tmp_path, "cards/cdi-specialist.toml", "automation = 4", "automaton = 4")
    message = load_error(root)
    assert message.startswith("roles/cards/cdi-specialist.toml: ")
    assert "tasks[0].automaton" in message
    assert "did you mean 'automation'" in message


def test_field_typo_in_evidence_suggests_the_dimension(tmp_path):
    root = broken_copy(tmp_path, "cards/medical-biller.toml", "wage_trends = {", "wage_trend = {")
    message = load_error(root)
    assert "roles/cards/medical-biller.toml" in message
    assert "evidence.wage_trend" in message
    assert "did you mean 'wage_trends'" in message


def test_unknown_source_key_names_the_closest_key(tmp_path):
    root = broken_copy(
        tmp_path, "cards/risk-adjustment-coder.toml", 'source = "aapc-crc"', 'source = "aapc-crcc"'
    )
    message = load_error(root)
    assert "roles/cards/risk-adjustment-coder.toml" in message
    assert "tasks[0].source" in message
    assert "unknown source 'aapc-crcc'" in message
    assert "did you mean 'aapc-crc'" in message


def test_unknown_source_key_in_shared_tasks(tmp_path):
    root = broken_copy(tmp_path, "tasks.toml", 'source = "aapc-cpma"', 'source = "aapc-cpmaa"')
    message = load_error(root)
    assert "roles/tasks.toml" in message
    assert "source" in message
    assert "did you mean 'aapc-cpma'" in message


def test_time_shares_not_adding_to_100(tmp_path):
    root = broken_copy(tmp_path, "cards/coding-auditor.toml", "time_pct = 35", "time_pct = 30")
    message = load_error(root)
    assert "roles/cards/coding-auditor.toml" in message
    assert "time_pct" in message
    assert "95" in message and "100" in message


@pytest.mark.parametrize(
    ("relative", "old", "new", "field", "shown"),
    [
        (
            "cards/registered-nurse.toml",
            "job_postings = { value = 2",
            "job_postings = { value = 3",
            "job_postings",
            "-2..2",
        ),
        (
            "cards/registered-nurse.toml",
            "regulatory = { value = 2",
            "regulatory = { value = 5",
            "regulatory",
            "0..2",
        ),
        (
            "cards/registered-nurse.toml",
            "physicality = { value = 3",
            "physicality = { value = 4",
            "physicality",
            "0..3",
        ),
        ("cards/clinical-coder.toml", "automation = 4", "automation = 6", "tasks[0].automation", "5"),
        ("cards/clinical-coder.toml", "time_pct = 45", "time_pct = 145", "tasks[0].time_pct", "100"),
    ],
)
def test_value_out_of_range(tmp_path, relative, old, new, field, shown):
    root = broken_copy(tmp_path, relative, old, new)
    message = load_error(root)
    assert f"roles/{relative}" in message
    assert field in message
    assert shown in message


def test_growth_out_of_range(tmp_path):
    root = broken_copy(
        tmp_path, "cards/medical-transcriptionist.toml", "[ai_growth]\nvalue = -2", "[ai_growth]\nvalue = -3"
    )
    message = load_error(root)
    assert "roles/cards/medical-transcriptionist.toml" in message
    assert "ai_growth" in message
    assert "-2..2" in message


def test_broken_toml_syntax_names_file_and_line(tmp_path):
    root = broken_copy(
        tmp_path,
        "cards/pharmacy-technician.toml",
        'title = "Pharmacy Technician"',
        'title = "Pharmacy Technician',
    )
    message = load_error(root)
    assert "pharmacy-technician.toml" in message
    assert "not valid TOML" in message
    assert "line" in message


def test_broken_toml_in_adjustments(tmp_path):
    root = broken_copy(tmp_path, "adjustments.toml", "[[adjustments]]", "[[adjustments]")
    message = load_error(root)
    assert "adjustments.toml" in message
    assert "not valid TOML" in message


def test_unknown_family_in_an_adjustment(tmp_path):
    root = broken_copy(
        tmp_path,
        "adjustments.toml",
        'families = ["medical-coder", "clinical-coder"]',
        'families = ["medical-codr"]',
    )
    message = load_error(root)
    assert message.startswith("roles/adjustments.toml: adjustments[0].families")
    assert "unknown family 'medical-codr'" in message
    assert "did you mean 'medical-coder'" in message


def test_unknown_task_in_an_adjustment(tmp_path):
    root = broken_copy(
        tmp_path,
        "adjustments.toml",
        "task_automation = { assign-codes = -1",
        "task_automation = { asign-codes = -1",
    )
    message = load_error(root)
    assert "roles/adjustments.toml" in message
    assert "unknown task 'asign-codes'" in message
    assert "did you mean 'assign-codes'" in message


def test_unknown_condition_field_in_an_adjustment(tmp_path):
    root = broken_copy(
        tmp_path, "adjustments.toml", 'when = { field = "specialty"', 'when = { field = "specialy"'
    )
    message = load_error(root)
    assert "roles/adjustments.toml" in message
    assert "when.field" in message
    assert "did you mean 'specialty'" in message


def test_unknown_evidence_dimension_in_an_adjustment(tmp_path):
    root = broken_copy(
        tmp_path,
        "adjustments.toml",
        "evidence = { ai_tool_maturity = 1 }",
        "evidence = { ai_tools_maturity = 1 }",
    )
    message = load_error(root)
    assert "roles/adjustments.toml" in message
    assert "ai_tools_maturity" in message
    assert "did you mean 'ai_tool_maturity'" in message


def test_field_typo_in_shared_tasks(tmp_path):
    root = broken_copy(tmp_path, "tasks.toml", "rationale = ", "rational = ")
    message = load_error(root)
    assert message.startswith("roles/tasks.toml: ")
    assert "rational" in message
    assert "did you mean 'rationale'" in message


def test_figure_without_source_or_estimate(tmp_path):
    root = broken_copy(
        tmp_path,
        "cards/chief-nursing-officer.toml",
        "job_postings = { value = 1, estimate = true, rationale",
        "job_postings = { value = 1, rationale",
    )
    message = load_error(root)
    assert "roles/cards/chief-nursing-officer.toml" in message
    assert "evidence.job_postings" in message
    assert "estimate = true" in message


def test_card_id_must_match_its_file_name(tmp_path):
    root = broken_copy(
        tmp_path, "cards/medical-biller.toml", 'id = "medical-biller"', 'id = "medical-billing"'
    )
    message = load_error(root)
    assert "roles/cards/medical-biller.toml: id" in message
    assert "medical-billing" in message


def test_wrong_level_suggests_a_valid_one(tmp_path):
    root = broken_copy(tmp_path, "cards/medical-coder-senior.toml", 'level = "senior"', 'level = "senor"')
    message = load_error(root)
    assert "roles/cards/medical-coder-senior.toml: level" in message
    assert "did you mean 'senior'" in message
