"""The personal report: assessment, task view, uncertainty band, plan, career moves, opinions and limits.

`build_report(answers, catalog)` gathers everything into one frozen Report; the renderers (report_markdown,
report_html, report_json) are pure functions of it, so the CLI and the app show the same numbers.
"""

from __future__ import annotations

from typing import Any, Literal

from assessor.core.assess import Assessment, assess, assessment_summary
from assessor.core.careers import GOAL_ROLE, CareerMove, career_moves
from assessor.core.catalog import Catalog
from assessor.core.engine import RAW_FLOOR, RAW_SPAN, TaskKind, WaterfallPart, rounded_parts, task_kind
from assessor.core.frozen import Frozen
from assessor.core.limits import estimate_limits
from assessor.core.models import Answers, Source
from assessor.core.opinions import LIMITATIONS, Opinion, Opinions, load_opinions
from assessor.core.plain import dumped
from assessor.core.plan import ActionCatalog, Plan, PlanItem, build_plan, load_actions, plan_summary
from assessor.core.uncertainty import Band, score_band

TaskStatus = Literal["at risk", "shifting", "resilient"]
SkillLens = Literal["vulnerable", "resilient", "not rated"]

# Seed 000 (NestorBot, "clinical coder"): the two most vulnerable skill areas and the resilient ones, in the
# skill names our task data uses (Task.skills).
SKILL_LENS: dict[str, SkillLens] = {
    "document processing": "vulnerable",
    "terminology lookup": "vulnerable",
    "clinical and anatomy knowledge": "resilient",
    "communication with clinicians": "resilient",
    "compliance judgement": "resilient",
}
SKILL_LENS_SOURCE = Source(
    title="Will AI Replace clinical coder? (vulnerable and resilient skills)",
    publisher="NestorBot AI Disruption Index (project seed 000)",
    date="n.d. (updated quarterly)",
)


class TaskRow(Frozen):
    id: str
    name: str
    said: str | None
    time_pct: float
    automation: int
    status: TaskStatus  # kept for the JSON's readers; every text surface shows `kind`, the seed's words
    kind: TaskKind = "augmented"  # displaced / augmented / not involved, as `score --json` says
    contribution: (
        float  # points of the score this task accounts for; the rows add up to the (unclamped) score
    )
    contribution_shown: float  # rounded to 0.1 so the shown rows add up to the shown score
    skills: tuple[str, ...]
    estimate: bool


class SkillRow(Frozen):
    skill: str
    time_pct: float  # share of the day spent on tasks that use this skill
    lens: SkillLens


class ChoiceLabels(Frozen):
    """The person's choices as the questions worded them ('Inpatient hospital', not 'inpatient')."""

    work_setting: str
    country: str
    ai_tools: str


def choice_labels(answers: Answers) -> ChoiceLabels:
    """Each choice's label from the questionnaire; a value it does not list is shown as it is."""
    from assessor.core.questionnaire import load_questionnaire

    labels: dict[str, dict[str, str]] = {}
    for question in load_questionnaire().questions:
        if question.kind == "choice":
            labels.setdefault(question.answer_field, {}).update(
                {option.value: option.label for option in question.options}
            )

    def label(field: str, value: str) -> str:
        return labels.get(field, {}).get(value, value)

    return ChoiceLabels(
        work_setting=label("work_setting", answers.work_setting),
        country=label("country", answers.country),
        ai_tools=label("ai_tools", answers.ai_tools),
    )


class Report(Frozen):
    """Everything the report shows, computed; nothing in it is written by hand."""

    answers: Answers
    labels: ChoiceLabels | None = None  # None: the raw values are shown
    assessment: Assessment
    tasks: tuple[TaskRow, ...]
    skills: tuple[SkillRow, ...]
    band: Band
    plan: Plan
    careers: tuple[CareerMove, ...]
    opinions: tuple[Opinion, ...]
    limitations: tuple[str, ...]
    sources: tuple[Source, ...]
    created: str | None = None  # a date the caller passes; None keeps the report reproducible


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
)}  # fmt: skip


def _date_key(text: str) -> tuple[int, int, int] | None:
    """'2026', 'May 2025' or '5 Mar 2026' as (year, month, day); None for 'n.d.' and the like."""
    words = text.replace(",", " ").split()
    if not words or not words[-1].isdigit() or len(words[-1]) != 4:
        return None
    year = int(words[-1])
    month = _MONTHS.get(words[-2][:3].lower(), 0) if len(words) >= 2 else 0
    day = int(words[-3]) if len(words) >= 3 and words[-3].isdigit() else 0
    return year, month, day


def data_date(sources: tuple[Source, ...]) -> str | None:
    """The newest date among the sources behind a report: what a client reads instead of a version hash."""
    dated = [(key, source.date) for source in sources if (key := _date_key(source.date)) is not None]
    return max(dated)[1] if dated else None


def with_move_times(
    moves: tuple[CareerMove, ...], plan: Plan, actions: ActionCatalog
) -> tuple[CareerMove, ...]:
    """Each career move with the months and cost of the quickest plan action that leads into that role (its
    role_id, or a goal that names the role); a move no action leads to keeps months and cost unknown."""
    quickest: dict[str, PlanItem] = {}
    for item in plan.items:
        action = actions.action(item.action_id)
        targets = {item.answers_after.role_id} if item.answers_after.role_id else set()
        if action is not None:
            targets |= {action.role_id} if action.role_id else set()
            targets |= {GOAL_ROLE[goal] for goal in action.goals if goal in GOAL_ROLE}
        for role_id in targets:
            if role_id not in quickest or item.months < quickest[role_id].months:
                quickest[role_id] = item
    return tuple(
        move.model_copy(
            update={"months": quickest[move.role_id].months, "cost_usd": quickest[move.role_id].cost_usd}
        )
        if move.role_id in quickest
        else move
        for move in moves
    )


def task_status(automation: int) -> TaskStatus:
    """4-5: AI can do it (at risk); 3: AI does much of it with you (shifting); 1-2: mostly human."""
    if automation >= 4:
        return "at risk"
    if automation == 3:
        return "shifting"
    return "resilient"


def task_rows(assessment: Assessment) -> tuple[TaskRow, ...]:
    """Each task's share of the score: time x (6 - automation) x modifiers, less its share of the floor.

    With shares s (summing to 1) and M the product of the modifiers, the unclamped score is
    sum(s x ((6 - a) x M - 0.54)) / 7.93 x 100, so each term is that task's contribution.
    """
    breakdown = assessment.breakdown
    modifiers = breakdown.evidence_modifier * breakdown.barrier_modifier * breakdown.growth_modifier
    total = sum(task.time_pct for task in assessment.tasks)
    contributions = [
        task.time_pct / total * ((6 - task.automation) * modifiers - RAW_FLOOR) / RAW_SPAN * 100
        for task in assessment.tasks
    ]
    shown = rounded_parts(
        tuple(
            WaterfallPart(part=task.id, points=value)
            for task, value in zip(assessment.tasks, contributions, strict=True)
        ),
        breakdown.unclamped,
    )
    rows = []
    for task, contribution, (_, contribution_shown) in zip(
        assessment.tasks, contributions, shown, strict=True
    ):
        rows.append(
            TaskRow(
                id=task.id,
                name=task.name,
                said=task.said,
                time_pct=task.time_pct,
                automation=task.automation,
                status=task_status(task.automation),
                kind=task_kind(task.automation),
                contribution=contribution,
                contribution_shown=contribution_shown,
                skills=task.skills,
                estimate=task.estimate,
            )
        )
    return tuple(sorted(rows, key=lambda row: (-row.time_pct, row.name)))


def skill_rows(assessment: Assessment) -> tuple[SkillRow, ...]:
    """The skills lens of seed 000: how much of the day leans on vulnerable and on resilient skills."""
    time: dict[str, float] = {}
    for task in assessment.tasks:
        for skill in task.skills:
            time[skill] = time.get(skill, 0.0) + task.time_pct
    order = {"vulnerable": 0, "resilient": 1, "not rated": 2}
    rows = [
        SkillRow(skill=skill, time_pct=pct, lens=SKILL_LENS.get(skill, "not rated"))
        for skill, pct in time.items()
    ]
    return tuple(sorted(rows, key=lambda row: (order[row.lens], -row.time_pct, row.skill)))


def _sources(
    assessment: Assessment,
    plan: Plan,
    actions: ActionCatalog,
    opinions: tuple[Opinion, ...],
    catalog: Catalog,
    opinion_sources: dict[str, Source],
) -> tuple[Source, ...]:
    found: list[Source] = []

    def add(source: Source | None) -> None:
        if source is not None and all(source.title != seen.title for seen in found):
            found.append(source)

    role = assessment.role
    for _, key in role.source_keys_used():
        add(role.sources.get(key))
    for task in assessment.tasks:
        if task.source:
            add(catalog.source_for(role, task.source))
    for adjustment in assessment.adjustments:
        if adjustment.source:
            add(catalog.source_for(role, adjustment.source))
    for item in plan.items:
        for step in item.steps:
            action = actions.action(step.action_id) if step.action_id else None
            if action is None:
                continue
            for figure in (action, action.months, action.cost_usd):
                if figure.source:
                    add(actions.sources.get(figure.source))
    if any(task.skills for task in assessment.tasks):
        add(SKILL_LENS_SOURCE)
    for opinion in opinions:
        add(opinion_sources.get(opinion.source))
    return tuple(found)


def build_report(
    answers: Answers,
    catalog: Catalog,
    actions: ActionCatalog | None = None,
    opinions: Opinions | None = None,
    created: str | None = None,
) -> Report:
    """The whole report for one person's answers (what the CLI and the app render)."""
    actions = actions or load_actions(catalog)
    opinions = opinions or load_opinions(catalog)
    assessment = assess(answers, catalog)
    plan = build_plan(answers, catalog, actions)
    shown = opinions.for_role(assessment.role)
    band = score_band(assessment, catalog)
    return Report(
        answers=answers,
        labels=choice_labels(answers),
        assessment=assessment,
        tasks=task_rows(assessment),
        skills=skill_rows(assessment),
        band=band,
        plan=plan,
        careers=with_move_times(career_moves(assessment, catalog), plan, actions),
        opinions=shown,
        limitations=(*estimate_limits(assessment, band, catalog), *LIMITATIONS),
        sources=_sources(assessment, plan, actions, shown, catalog, opinions.sources),
        created=created,
    )


def report_json(report: Report) -> dict[str, Any]:
    """The report as plain data (`assessor report --format json`)."""
    return {
        "created": report.created,
        "answers": dumped(report.answers, exclude_none=True),
        "assessment": assessment_summary(report.assessment),
        "band": {
            "low": round(report.band.low, 1),
            "high": round(report.band.high, 1),
            "estimated_figures": [figure.model_dump() for figure in report.band.figures],
        },
        "tasks": [
            {
                **row.model_dump(),
                "time_pct": round(row.time_pct, 2),
                "contribution": round(row.contribution, 2),
            }
            for row in report.tasks
        ],
        "skills": [{**row.model_dump(), "time_pct": round(row.time_pct, 1)} for row in report.skills],
        "plan": plan_summary(report.plan),
        "careers": [
            {
                **move.model_dump(),
                "score": round(move.score, 1),
                "score_change": round(move.score_change, 1),
                "fit": round(move.fit, 1),
            }
            for move in report.careers
        ],
        "second_opinions": [opinion.model_dump() for opinion in report.opinions],
        "limitations": list(report.limitations),
        "sources": [dumped(source, exclude_none=True) for source in report.sources],
    }
