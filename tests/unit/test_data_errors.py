"""Broken copies of roles/: each mistake stops loading with a sentence naming the file, field and fix.

One table: the file, the text replaced, its replacement, and what the one-line error must say.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

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


class Breakage(NamedTuple):
    relative: str
    old: str
    new: str
    says: tuple[str, ...]
    starts: str = ""


BREAKAGES = {
    "a source link that is not a web address": Breakage(
        "tasks.toml",
        'url = "https://jobzonerisk.com/roles/medical-coder"',
        'url = "javascript:alert(document.cookie)"',
        ("url", "should match pattern"),
    ),
    "field typo in a card": Breakage(
        "cards/cdi-specialist.toml",
        "automation = 4",
        "automaton = 4",
        ("tasks[0].automaton", "did you mean 'automation'"),
        "roles/cards/cdi-specialist.toml: ",
    ),
    "field typo in evidence": Breakage(
        "cards/medical-biller.toml",
        "wage_trends = {",
        "wage_trend = {",
        ("evidence.wage_trend", "did you mean 'wage_trends'"),
    ),
    "unknown source key": Breakage(
        "cards/risk-adjustment-coder.toml",
        'source = "aapc-crc"',
        'source = "aapc-crcc"',
        ("tasks[0].source", "unknown source 'aapc-crcc'", "did you mean 'aapc-crc'"),
    ),
    "unknown source key in shared tasks": Breakage(
        "tasks.toml", 'source = "aapc-cpma"', 'source = "aapc-cpmaa"', ("source", "did you mean 'aapc-cpma'")
    ),
    "time shares not adding to 100": Breakage(
        "cards/coding-auditor.toml", "time_pct = 35", "time_pct = 30", ("time_pct", "95", "100")
    ),
    "job postings out of range": Breakage(
        "cards/registered-nurse.toml",
        "job_postings = { value = 2",
        "job_postings = { value = 3",
        ("job_postings", "-2..2"),
    ),
    "regulatory out of range": Breakage(
        "cards/registered-nurse.toml",
        "regulatory = { value = 2",
        "regulatory = { value = 5",
        ("regulatory", "0..2"),
    ),
    "physicality out of range": Breakage(
        "cards/registered-nurse.toml",
        "physicality = { value = 3",
        "physicality = { value = 4",
        ("physicality", "0..3"),
    ),
    "automation out of range": Breakage(
        "cards/clinical-coder.toml", "automation = 4", "automation = 6", ("tasks[0].automation", "5")
    ),
    "time share out of range": Breakage(
        "cards/clinical-coder.toml", "time_pct = 45", "time_pct = 145", ("tasks[0].time_pct", "100")
    ),
    "growth out of range": Breakage(
        "cards/medical-transcriptionist.toml",
        "[ai_growth]\nvalue = -2",
        "[ai_growth]\nvalue = -3",
        ("ai_growth", "-2..2"),
    ),
    "broken TOML names the line": Breakage(
        "cards/pharmacy-technician.toml",
        'title = "Pharmacy Technician"',
        'title = "Pharmacy Technician',
        ("not valid TOML", "line"),
    ),
    "broken TOML in adjustments": Breakage(
        "adjustments.toml", "[[adjustments]]", "[[adjustments]", ("not valid TOML",)
    ),
    "unknown family in an adjustment": Breakage(
        "adjustments.toml",
        'families = ["medical-coder", "clinical-coder"]',
        'families = ["medical-codr"]',
        ("unknown family 'medical-codr'", "did you mean 'medical-coder'"),
        "roles/adjustments.toml: adjustments[0].families",
    ),
    "unknown task in an adjustment": Breakage(
        "adjustments.toml",
        "task_automation = { assign-codes = -1",
        "task_automation = { asign-codes = -1",
        ("unknown task 'asign-codes'", "did you mean 'assign-codes'"),
    ),
    "unknown condition field": Breakage(
        "adjustments.toml",
        'when = { field = "specialty"',
        'when = { field = "specialy"',
        ("when.field", "did you mean 'specialty'"),
    ),
    "unknown evidence dimension in an adjustment": Breakage(
        "adjustments.toml",
        "evidence = { ai_tool_maturity = 1 }",
        "evidence = { ai_tools_maturity = 1 }",
        ("ai_tools_maturity", "did you mean 'ai_tool_maturity'"),
    ),
    "field typo in shared tasks": Breakage(
        "tasks.toml",
        "rationale = ",
        "rational = ",
        ("rational", "did you mean 'rationale'"),
        "roles/tasks.toml: ",
    ),
    "figure without source or estimate": Breakage(
        "cards/chief-nursing-officer.toml",
        "job_postings = { value = 1, estimate = true, rationale",
        "job_postings = { value = 1, rationale",
        ("evidence.job_postings", "estimate = true"),
    ),
    "card id must match its file name": Breakage(
        "cards/medical-biller.toml",
        'id = "medical-biller"',
        'id = "medical-billing"',
        ("medical-billing",),
        "roles/cards/medical-biller.toml: id",
    ),
    "wrong level suggests a valid one": Breakage(
        "cards/medical-coder-senior.toml",
        'level = "senior"',
        'level = "senor"',
        ("did you mean 'senior'",),
        "roles/cards/medical-coder-senior.toml: level",
    ),
    "unknown family in O*NET titles": Breakage(
        "titles/onet.toml",
        'family = "medical-coder"',
        'family = "medical-codr"',
        ("did you mean 'medical-coder'",),
        "roles/titles/onet.toml: occupations[0].titles[0].family: ",
    ),
    "unknown family in ESCO labels": Breakage(
        "titles/esco.toml",
        'family = "clinical-coder"',
        'family = "clinical-coders"',
        ("did you mean 'clinical-coder'",),
        "roles/titles/esco.toml: occupations[0].family: ",
    ),
    "a title mapped to two families": Breakage(
        "titles/esco.toml",
        'preferred = "pharmacy technician"',
        'preferred = "medical coding specialist"',
        (
            "'medical coding specialist' is mapped to 'pharmacy-technician' here and to 'medical-coder'",
            "roles/titles/onet.toml: occupations[0]",
        ),
        "roles/titles/esco.toml: occupations[",
    ),
    "grade level typo": Breakage(
        "titles/postings.toml",
        '"4" = "mid"',
        '"4" = "middle"',
        ("'mid'",),
        "roles/titles/postings.toml: grades.band.levels.4",
    ),
    "O*NET titles without their licence": Breakage(
        "titles/onet.toml",
        'licence = "CC BY 4.0"\n',
        "",
        ("licence",),
        "roles/titles/onet.toml: source.licence",
    ),
}


def test_the_unbroken_copy_loads(tmp_path: Path) -> None:
    root = tmp_path / "roles"
    shutil.copytree(data_dir("roles"), root)
    assert len(load_catalog(root).roles) >= 15


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_data_file_is_one_sentence_naming_file_field_and_fix(tmp_path: Path, name: str) -> None:
    breakage = BREAKAGES[name]
    message = load_error(broken_copy(tmp_path, breakage.relative, breakage.old, breakage.new))
    assert f"roles/{breakage.relative}" in message
    assert message.startswith(breakage.starts)
    for fragment in breakage.says:
        assert fragment in message, message


def test_a_head_rule_without_topics_or_heads_is_refused(tmp_path: Path) -> None:
    root = broken_copy(
        tmp_path,
        "titles/postings.toml",
        'topics = ["compliance"]\nheads = ["manager", "officer", "director", "head", "lead", "chief"]',
        "topics = []\nheads = []",
    )
    assert load_error(root) == "roles/titles/postings.toml: heads[0]: needs topics, heads or both"
