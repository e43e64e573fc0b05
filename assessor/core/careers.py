"""Career moves: the other catalog roles, ranked by how much of the person's day carries over, then by score.

Carry-over rule (documented so a counsellor can explain it):
- a task of the person's day carries over fully when the target role has a task with the same id;
- otherwise it carries over at most half: half times the share of its skills (Task.skills) that are major
  skills of the target role, meaning the target spends at least MAJOR_SKILL_PCT of its day on tasks using
  them (the skill transfers, the task itself does not; the threshold keeps a skill the target barely uses
  from counting);
- a task with no such skill does not carry over.
Fit is the share of the person's time that carries over (0..100). Moves are ranked by fit in FIT_BAND-point
bands, then by score (ORDER_RULE says so to the person). A move is offered first when it is a job in the
person's country and raises their score; the others are kept, flagged, for a counsellor who asks. The target's score is the person's own
score in that role (their answers with role_id set to it and the role's typical day), so personal
adjustments such as specialty or setting still apply.
"""

from __future__ import annotations

from dataclasses import replace

from assessor.core.assess import Assessment, assess
from assessor.core.catalog import Catalog
from assessor.core.frozen import Frozen

FULL_CARRY = 1.0
SKILL_CARRY = 0.5
MAJOR_SKILL_PCT = 20.0  # estimate: a skill used in a fifth of the target's day is a real part of that job
FIT_BAND = 10.0  # fits within the same 10-point band are ordered by score
# Career goals (questionnaire values) that name one role of the catalog: a plan action serving that goal is
# the way into that role, so its months and cost are the move's. Both sides are public ids.
GOAL_ROLE = {
    "cdi": "cdi-specialist",
    "auditing": "coding-auditor",
    "risk-adjustment": "risk-adjustment-coder",
}
ORDER_RULE = (
    "Ordered by how much of your day carries over (in 10-point bands), then by the score you would have; "
    "only roles in your country that raise your score are shown unless you ask for all."
)


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
    in_country: bool = True  # the role exists in the person's country (RoleCard.countries)
    months: float | None = None  # how long the move takes, where a plan action says (else unknown)
    cost_usd: float | None = None

    @property
    def offered(self) -> bool:
        """Shown by default: a job in the person's country that raises their score."""
        return self.in_country and self.score_change >= 0.05  # a visible +0.1 at least


def major_skills(target_tasks: dict[str, tuple[float, tuple[str, ...]]]) -> set[str]:
    """Skills the target role uses in at least MAJOR_SKILL_PCT of its day."""
    time: dict[str, float] = {}
    for pct, skills in target_tasks.values():
        for skill in set(skills):
            time[skill] = time.get(skill, 0.0) + pct
    return {skill for skill, pct in time.items() if pct >= MAJOR_SKILL_PCT}


def carry_over(
    assessment: Assessment, target_tasks: dict[str, tuple[float, tuple[str, ...]]]
) -> tuple[float, list[TaskShare]]:
    """(fit %, the person's tasks that carry over) for a target given as {task id: (time %, skills)}."""
    major = major_skills(target_tasks)
    fit = 0.0
    carried: list[TaskShare] = []
    for task in assessment.tasks:
        if task.id in target_tasks:
            share = FULL_CARRY
        elif task.skills and set(task.skills) & major:
            share = SKILL_CARRY * len(set(task.skills) & major) / len(set(task.skills))
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
        target = assess(replace(answers, role_id=role.id, time_split=None), catalog)
        if target.role.id in seen:
            continue
        seen.add(target.role.id)
        card = target.role
        fit, carried = carry_over(assessment, {task.id: (task.time_pct, task.skills) for task in card.tasks})
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
                in_country=(
                    not card.countries or answers.country in card.countries or "other" in card.countries
                ),
            )
        )
    moves.sort(key=lambda move: (-(move.fit // FIT_BAND), -move.score, move.role_id))
    return tuple(moves)
