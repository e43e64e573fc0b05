"""The report: built from the engine's numbers, rendered three ways, written safely.

Regenerate the golden Markdown report with:
    ASSESSOR_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_report.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.engine import rounded_parts
from assessor.core.models import Answers
from assessor.report.html import render_html
from assessor.report.markdown import render_markdown
from assessor.report.model import Report, build_report, report_json, task_status
from tests.helpers import PageCollector, external_loads

GOLDEN = Path(__file__).parent / "golden" / "medical-coder-report.md"
UPDATE_GOLDEN = os.environ.get("ASSESSOR_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def report(catalog: Catalog) -> Report:
    return build_report(Answers(job_title="Medical Coder", years_experience=3), catalog)


def _stable(markdown: str) -> str:
    """The data version changes with every edit to roles/; the golden file holds a placeholder."""
    return re.sub(r"Role data version [0-9a-f]+\.", "Role data version <version>.", markdown)


def test_golden_markdown_report_for_the_seed_medical_coder(report: Report) -> None:
    text = _stable(render_markdown(report))
    if UPDATE_GOLDEN:
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run with ASSESSOR_UPDATE_GOLDEN=1 and read what it wrote"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "run with ASSESSOR_UPDATE_GOLDEN=1 to accept the change"
    )


def test_report_content_for_the_seed_coder(report: Report) -> None:
    assert round(report.assessment.score, 1) == 11.6
    plan_ids = {item.action_id for item in report.plan.items}
    assert {"cdi-path", "risk-adjustment-path", "coding-audit-path"} <= plan_ids
    shown = {opinion.id: opinion for opinion in report.opinions}
    assert shown["nestorbot"].figure == 81 and shown["frey-osborne"].figure == 0.91
    assert shown["eloundou-human"].figure == 0.559 and shown["microsoft-applicability"].figure == 0.271
    assert all(opinion.why_differs and opinion.direction and opinion.scale for opinion in report.opinions)
    assert report.limitations and report.sources
    assert report.careers and report.careers[0].role_id != report.assessment.role.id
    lens = {row.skill: row.lens for row in report.skills}
    assert (
        lens["document processing"] == "vulnerable" and lens["communication with clinicians"] == "resilient"
    )


def test_task_contributions_add_up_to_the_score(report: Report) -> None:
    assert sum(row.contribution for row in report.tasks) == pytest.approx(
        report.assessment.breakdown.unclamped
    )
    shown = round(sum(row.contribution_shown for row in report.tasks), 1)
    assert shown == round(report.assessment.score, 1)
    for row in report.tasks:
        assert row.status == task_status(row.automation)
    assert [task_status(value) for value in (1, 2, 3, 4, 5)] == [
        "resilient", "resilient", "shifting", "at risk", "at risk",
    ]  # fmt: skip


def test_roles_without_published_figures_say_so(catalog: Catalog) -> None:
    cdi = build_report(
        Answers(job_title="CDI specialist", years_experience=6, role_id="cdi-specialist"), catalog
    )
    assert cdi.opinions == ()
    assert "We hold no published figure from another index for this role." in render_markdown(cdi)
    assert "We hold no published figure" in render_html(cdi)


def test_the_external_load_check_can_fail() -> None:
    assert external_loads('<img src="https://example.org/x.png">')
    assert external_loads('<link rel="stylesheet" href="//cdn.example.org/x.css">')
    assert external_loads("<style>body { background: url(https://x) }</style>")
    assert not external_loads('<p>see <a href="https://example.org">example.org</a></p>')


def test_html_parses_and_loads_nothing_external(report: Report) -> None:
    page = render_html(report)
    collector = PageCollector()
    collector.feed(page)
    collector.close()
    assert collector.errors == []
    assert collector.open == []
    assert external_loads(page) == []
    names = [tag for tag, _ in collector.tags]
    style = page[page.index("<style>") : page.index("</style>")]
    assert "@page" in style and "break-inside: avoid" in style
    assert names.count("svg") >= 2
    # The three zones and the score are drawn; the waterfall shows the parts that sum to the score.
    assert page.count("<rect") >= 3 and "Red: at risk" in page and "Green: protected" in page
    breakdown = report.assessment.breakdown
    for part, points in rounded_parts(breakdown.waterfall, breakdown.score):
        assert f">{part}</text>" in page
        assert f">{points:+.1f}</text>" in page
    for item in report.plan.items:
        assert item.title.replace("'", "&#x27;") in page


def test_json_report_carries_every_section(report: Report) -> None:
    data = report_json(report)
    json.dumps(data)
    for key in ("assessment", "band", "tasks", "skills", "plan", "careers", "second_opinions", "limitations"):
        assert data[key], key
    assert data["plan"]["actions"][0]["answers_after"]["time_split"]


def _answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text('job_title = "Medical Coder"\nyears_experience = 3\n', encoding="utf-8")
    return path


def test_report_command_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers_file(tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(answers), "--format", "html", "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    out.write_text("keep me", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", str(answers), "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already exists" in error and "--force" in error
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["report", str(answers), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == first
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no temp files left


def test_report_command_unwritable_path_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers_file(tmp_path)
    for target in (tmp_path / "missing" / "r.md", tmp_path, answers / "r.md"):
        capsys.readouterr()
        assert main(["report", str(answers), "-o", str(target)]) == 2
        error = capsys.readouterr().err
        assert error.startswith("assessor: ") and error.count("\n") == 1, error


def test_report_format_follows_the_file_name(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path)
    assert main(["report", str(answers), "-o", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["plan"]["actions"]


def test_plan_command_json_rescores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    from assessor.core.assess import assess

    answers = _answers_file(tmp_path)
    capsys.readouterr()
    assert main(["plan", str(answers), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for action in data["actions"]:
        again = assess(Answers.validated(action["answers_after"]), catalog)
        assert again.score == action["score_after_unrounded"]
    assert main(["plan", str(answers)]) == 0
    text = capsys.readouterr().out
    assert "clinical documentation improvement" in text.lower()
    assert main(["plan"]) == 2


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor.core.errors import AssessorError
    from assessor.report import files as report_io

    target = tmp_path / "report.md"
    target.write_text("old report", encoding="utf-8")

    def broken_fsync(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assessor.report.files.os.fsync", broken_fsync)
    with pytest.raises(AssessorError, match=r"report\.md: cannot be written \(the disk is full\)"):
        report_io.write_text_atomic(target, "new report", force=True)
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.md"]


def test_in_short_names_the_quickest_and_largest_gains(report: Report) -> None:
    from assessor.report.markdown import summary_lines

    lines = summary_lines(report)
    assert lines[0].startswith("Your AI protection score is 11.6 of 100 (Red: at risk)")
    assert "65% of your day" in lines[1]  # 35 + 15 + 10 + 5 at automation 5 on the seed card
    quickest = report.plan.items[0]
    largest = max(report.plan.items, key=lambda item: item.gain)
    assert f"Quickest gain: {quickest.title}" in lines[2]
    assert f"Largest gain: {largest.title}" in lines[3]


def test_choices_are_shown_as_the_questions_worded_them(catalog: Catalog) -> None:
    answers = Answers(
        job_title="Medical Coder", years_experience=3, work_setting="payer", country="uk", ai_tools="none"
    )
    built = build_report(answers, catalog)
    text = render_markdown(built)
    assert (
        "- Work setting: Health plan or payer; country: United Kingdom; AI tools at work: None that I know of"
        in text
    )
    page = render_html(built)
    assert "<dd>Health plan or payer</dd>" in page and "<dd>None that I know of</dd>" in page
