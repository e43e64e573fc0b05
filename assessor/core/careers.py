"""Career moves: the other catalog roles, ranked by how much of the person's day carries over, then by score.

Carry-over rule (documented so a counsellor can explain it):
- a task of the person's day carries over fully when the target role has a task with the same id;
- otherwise it carries over half when it shares at least one skill (Task.skills) with a task of the
  target role (the skill transfers, the task itself does not);
- otherwise it does not carry over.
Fit is the share of the person's time that carries over (0..100). The target's score is the person's own
score in that role (their answers with role_id set to it and the role's typical day), so personal
adjustments such as specialty or setting still apply.
"""

from __future__ import annotations

from assessor.core.assess import Assessment, assess
from assessor.core.catalog import Catalog
from assessor.core.models import Frozen

FULL_CARRY = 1.0
SKILL_CARRY = 0.5
FIT_BAND = 10.0  # fits within the same 10-point band are ordered by score


class TaskShare(Frozen):
    name: str
    pct: float


class CareerMove(Frozen):
    role_id: str
    title: str
    level: str
    score: float
    score_change: float
    zone: str
    label: str
    fit: float  # % of the person's time that carries over
    carried: tuple[TaskShare, ...]  # the person's tasks that carry over (fully or by skill)
    to_learn: tuple[TaskShare, ...]  # the target's tasks the person does not do now
    credentials: tuple[str, ...]  # typical of the role (RoleCard.credentials)
    credentials_held: tuple[str, ...]
    credentials_gap: tuple[str, ...]


def carry_over(
    assessment: Assessment, target_tasks: dict[str, tuple[str, ...]]
) -> tuple[float, list[TaskShare]]:
    """(fit %, the person's tasks that carry over) for a target given as {task id: skills}."""
    target_skills = {skill for skills in target_tasks.values() for skill in skills}
    fit = 0.0
    carried: list[TaskShare] = []
    for task in assessment.tasks:
        if task.id in target_tasks:
            share = FULL_CARRY
        elif set(task.skills) & target_skills:
            share = SKILL_CARRY
        else:
            continue
        fit += task.time_pct * share
        carried.append(TaskShare(name=task.name, pct=round(task.time_pct * share, 1)))
    return fit, carried


def career_moves(assessment: Assessment, catalog: Catalog) -> tuple[CareerMove, ...]:
    """Every other role the person could move to, best fit first (ties within FIT_BAND by score)."""
    answers = assessment.answers
    held = set(answers.certifications)
    moves: list[CareerMove] = []
    seen = {assessment.role.id}
    for role in catalog.roles:
        if role.id in seen:
            continue
        target = assess(answers.model_copy(update={"role_id": role.id, "time_split": None}), catalog)
        if target.role.id in seen:
            continue
        seen.add(target.role.id)
        card = target.role
        fit, carried = carry_over(assessment, {task.id: task.skills for task in card.tasks})
        mine = {task.id for task in assessment.tasks}
        to_learn = tuple(
            TaskShare(name=task.name, pct=task.time_pct) for task in card.tasks if task.id not in mine
        )
        moves.append(
            CareerMove(
                role_id=card.id,
                title=card.title,
                level=card.level,
                score=target.score,
                score_change=target.score - assessment.score,
                zone=target.zone,
                label=target.label,
                fit=fit,
                carried=tuple(carried),
                to_learn=to_learn,
                credentials=card.credentials,
                credentials_held=tuple(cert for cert in card.credentials if cert in held),
                credentials_gap=tuple(cert for cert in card.credentials if cert not in held),
            )
        )
    moves.sort(key=lambda move: (-(move.fit // FIT_BAND), -move.score, move.role_id))
    return tuple(moves)
