"""One vocabulary and one direction on every surface: a protection score (higher is better), the seed's
zone names, the seed's three task kinds, and every second opinion's direction said against ours."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.catalog import load_catalog
from assessor.core.models import Answers
from assessor.core.wording import REPORT_TITLE, SCALE_NOTE, opinion_direction
from assessor.report.html import render_html
from assessor.report.markdown import render_markdown
from assessor.report.model import build_report

OTHER_WORDS = re.compile(r"\b(shifting|resilient|AI Risk Assessment|automation risk)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    answers = Answers.validated(
        dict(job_title="medical coder", years_experience=3, time_split="half coding, the rest queries")
    )
    return build_report(answers, load_catalog())


def test_reports_use_the_seeds_task_kinds_and_call_the_score_a_protection_score(report) -> None:  # type: ignore[no-untyped-def]
    for text in (render_markdown(report), render_html(report)):
        assert REPORT_TITLE in text and SCALE_NOTE in text
        tasks_part = text.split("Second opinions")[0].split("## Sources")[0]  # sources keep their titles
        assert not OTHER_WORDS.search(tasks_part), OTHER_WORDS.search(tasks_part)
        assert "displaced" in text and "augmented" in text
    assert {row.kind for row in report.tasks} <= {"displaced", "augmented", "not involved"}


def test_every_second_opinion_states_its_direction_against_ours(report) -> None:  # type: ignore[no-untyped-def]
    said = {opinion_direction(opinion.direction) for opinion in report.opinions}
    assert said, "the medical coder has second opinions"
    assert all("protection score" in line for line in said), said
    assert opinion_direction("higher = more at risk") == opinion_direction("higher = more exposed")
    assert "same direction" in opinion_direction("higher = more protected")


def test_score_and_plan_say_what_the_number_is(tmp_path: Path) -> None:
    answers = tmp_path / "me.toml"
    answers.write_text('job_title = "medical coder"\nyears_experience = 3\n', encoding="utf-8")
    for command in ("score", "plan"):
        out = subprocess.run(
            [sys.executable, "-m", "assessor", command, str(answers)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        assert "AI protection score" in out and SCALE_NOTE in out


def test_the_client_report_speaks_to_the_client_summary_first(report) -> None:  # type: ignore[no-untyped-def]
    for text in (render_markdown(report), render_html(report)):
        assert "Role data version" not in text and report.assessment.data_version not in text
        assert not re.search(r"(?i)\bseed \d{3}\b", text)
        assert not re.search(r"our \d+ estimated figure", text)
        assert "Based on figures published up to" in text
        assert (
            text.index("Career moves") < text.index("The detail") < text.index("Where the score comes from")
        )
        assert text.index("The detail") < text.index("Second opinions") < text.index("Sources")
    html = render_html(report)
    assert "h1.detail { break-before: page;" in html  # the detail starts on a new printed page


def test_an_outpatient_surgery_coder_gets_no_inpatient_surgical_adjustment() -> None:
    from assessor.core.assess import assess

    catalog = load_catalog()
    outpatient = assess(
        Answers.validated(
            dict(
                job_title="medical coder",
                years_experience=3,
                work_setting="outpatient",
                specialty="orthopedic surgery",
            )
        ),
        catalog,
    )
    assert "specialty-inpatient-surgery" not in {adjustment.id for adjustment in outpatient.adjustments}
    inpatient = assess(
        Answers.validated(
            dict(
                job_title="medical coder",
                years_experience=3,
                work_setting="inpatient",
                specialty="orthopedic surgery",
            )
        ),
        catalog,
    )
    assert "specialty-inpatient-surgery" in {adjustment.id for adjustment in inpatient.adjustments}
