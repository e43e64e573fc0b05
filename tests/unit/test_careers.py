"""Career moves: carry-over rule, ranking, and the gaps in tasks and credentials."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess
from assessor.core.careers import FIT_BAND, career_moves, carry_over
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.models import Answers


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def coder(**changes: object) -> Answers:
    return Answers.validated({"job_title": "Medical Coder", "years_experience": 3, **changes})


def test_same_task_carries_fully_shared_skill_half_else_nothing(catalog: Catalog) -> None:
    assessment = assess(coder(), catalog)
    by_id = {task.id: task for task in assessment.tasks}
    coding = by_id["assign-codes"]
    # Target with the same task id: all 35% carries.
    fit, carried = carry_over(assessment, {"assign-codes": (100, ())})
    assert fit == pytest.approx(coding.time_pct)
    assert [share.name for share in carried] == [coding.name]
    # Target using one of coding's skills for most of its day: half, times the share of the task's skills.
    skill = "document processing"
    fit, _ = carry_over(assessment, {"something-else": (100, (skill,))})
    expected = sum(
        task.time_pct * 0.5 / len(set(task.skills)) for task in assessment.tasks if skill in task.skills
    )
    assert fit == pytest.approx(expected)
    # The same skill used in only a tenth of the target's day is not a major skill: nothing carries.
    assert carry_over(assessment, {"a": (10, (skill,)), "b": (90, ("juggling",))}) == (0.0, [])
    assert carry_over(assessment, {"other": (100, ("juggling",))}) == (0.0, [])


def test_moves_exclude_the_current_role_and_are_ranked_by_fit_band_then_score(catalog: Catalog) -> None:
    assessment = assess(coder(), catalog)
    moves = career_moves(assessment, catalog)
    ids = [move.role_id for move in moves]
    assert assessment.role.id not in ids
    assert len(ids) == len(set(ids))
    keys = [(-(move.fit // FIT_BAND), -move.score) for move in moves]
    assert keys == sorted(keys)
    for move in moves:
        assert 0 <= move.fit <= 100
        target = assess(coder(role_id=move.role_id), catalog)
        assert move.score == target.score
        assert move.score_change == pytest.approx(move.score - assessment.score)


def test_gaps_list_new_tasks_and_missing_credentials(catalog: Catalog) -> None:
    moves = {
        move.role_id: move for move in career_moves(assess(coder(certifications=["CRC"]), catalog), catalog)
    }
    hcc = moves["risk-adjustment-coder"]
    assert "CRC" in hcc.credentials_held and "CRC" not in hcc.credentials_gap
    assert set(hcc.credentials) == set(hcc.credentials_held) | set(hcc.credentials_gap)
    card = catalog.role("risk-adjustment-coder")
    mine = {task.id for task in assess(coder(), catalog).tasks}
    assert {share.name for share in hcc.to_learn} == {task.name for task in card.tasks if task.id not in mine}
    assert moves["cdi-specialist"].score > assess(coder(), catalog).score
