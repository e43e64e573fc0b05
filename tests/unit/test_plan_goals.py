"""The person's stated goals mark the plan items that serve them (the ranking stays by gain per month)."""

from __future__ import annotations

from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.core.plan import build_plan, load_actions
from assessor.core.questionnaire import load_questionnaire


def test_every_goal_in_the_questionnaire_has_words_in_the_actions(catalog: Catalog) -> None:
    goals = next(question for question in load_questionnaire().questions if question.id == "goals")
    values = {option.value for option in goals.options}
    assert values == set(load_actions(catalog).goal_labels)


def test_a_cdi_goal_marks_the_cdi_path_only(catalog: Catalog) -> None:
    plan = build_plan(
        Answers.validated(dict(job_title="Medical Coder", years_experience=3, goals=("cdi",))), catalog
    )
    marked = {item.action_id for item in plan.items if item.fits_goals}
    assert marked == {"cdi-path"}
    cdi = next(item for item in plan.items if item.action_id == "cdi-path")
    assert cdi.why[-1] == "Fits the goal you named: clinical documentation improvement."


def test_goals_do_not_change_scores_or_order(catalog: Catalog) -> None:
    plain = build_plan(Answers.validated(dict(job_title="Medical Coder", years_experience=3)), catalog)
    with_goals = build_plan(
        Answers.validated(
            dict(job_title="Medical Coder", years_experience=3, goals=("auditing", "stay-in-coding"))
        ),
        catalog,
    )
    assert [(item.action_id, item.score_after) for item in plain.items] == [
        (item.action_id, item.score_after) for item in with_goals.items
    ]
    assert {item.action_id for item in with_goals.items if item.fits_goals} >= {"coding-audit-path"}
