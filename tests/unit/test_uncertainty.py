"""The uncertainty band: only estimated figures move, one step each, within their ranges."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.engine import TaskInput, compute
from assessor.core.models import Answers
from assessor.core.uncertainty import score_band


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_a_fully_sourced_day_has_a_point_band(catalog: Catalog) -> None:
    assessment = assess(Answers.validated(dict(job_title="Medical Coder", years_experience=3)), catalog)
    assert all(not task.estimate for task in assessment.tasks)
    band = score_band(assessment, catalog)
    assert band.low == band.high == assessment.score
    assert band.figures == ()


def test_estimated_tasks_widen_the_band_by_exactly_one_step(catalog: Catalog) -> None:
    split = {"assign-codes": 50, "validate-ai-codes": 30, "cdi-queries": 20}
    assessment = assess(
        Answers.validated(dict(job_title="Medical Coder", years_experience=3, time_split=split)), catalog
    )
    band = score_band(assessment, catalog)
    assert band.low < assessment.score < band.high
    moved = {figure.where for figure in band.figures}
    assert any("AI-suggested" in where for where in moved) and any("CDI" in where for where in moved)
    assert not any("assign ICD-10" in where for where in moved)  # sourced: stays fixed
    breakdown = assessment.breakdown
    shares = {task.id: task for task in assessment.tasks}

    def score_with(validate: int, cdi: int) -> float:
        tasks = [
            TaskInput(name=task.name, time_pct=task.time_pct, automation=task.automation)
            for task in assessment.tasks
            if task.id == "assign-codes"
        ]
        tasks.append(TaskInput(name="v", time_pct=shares["validate-ai-codes"].time_pct, automation=validate))
        tasks.append(TaskInput(name="c", time_pct=shares["cdi-queries"].time_pct, automation=cdi))
        return compute(tasks, breakdown.evidence, breakdown.barriers, breakdown.growth).score

    validate, cdi = shares["validate-ai-codes"].automation, shares["cdi-queries"].automation
    assert band.high == pytest.approx(score_with(max(1, validate - 1), max(1, cdi - 1)))
    assert band.low == pytest.approx(score_with(min(5, validate + 1), min(5, cdi + 1)))
    # Every one-step combination lies inside the band.
    for dv in (-1, 0, 1):
        for dc in (-1, 0, 1):
            value = score_with(min(5, max(1, validate + dv)), min(5, max(1, cdi + dc)))
            assert band.low - 1e-9 <= value <= band.high + 1e-9


def test_estimated_role_figures_move_within_their_ranges(catalog: Catalog) -> None:
    for role in catalog.roles:
        assessment = assess(
            Answers.validated(dict(job_title=role.title, years_experience=3, role_id=role.id)), catalog
        )
        band = score_band(assessment, catalog)
        assert 0 <= band.low <= assessment.score <= band.high <= 100
        for figure in band.figures:
            assert figure.low <= figure.value <= figure.high
            assert figure.high - figure.low <= 2
