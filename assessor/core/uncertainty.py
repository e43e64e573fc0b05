"""How far the score could move if our own estimates are off by one step.

Every figure marked `estimate = true` (a task's automation score, an evidence or barrier score, the AI
growth figure, and the task changes of an estimated adjustment) moves one step within its allowed range, all
at once in the direction that lowers the score for the low end and raises it for the high end. The formula is
monotone in each of these figures, so those two corners are the extremes of every one-step combination.
Sourced figures and the person's own time split stay fixed: the band shows our uncertainty, not theirs.
"""

from __future__ import annotations

from assessor.core.assess import Assessment
from assessor.core.catalog import Catalog
from assessor.core.engine import TaskInput, compute
from assessor.core.frozen import Frozen


class EstimatedFigure(Frozen):
    where: str  # e.g. "task: Validate AI-suggested codes (automation)"
    value: int
    low: int
    high: int


class Band(Frozen):
    score: float
    low: float
    high: float
    figures: tuple[EstimatedFigure, ...]

    @property
    def width(self) -> float:
        return self.high - self.low


def _step(value: int, lowest: int, highest: int, direction: int) -> int:
    return min(highest, max(lowest, value + direction))


def score_band(assessment: Assessment, catalog: Catalog) -> Band:
    """The low-high band of the score when every estimated figure moves one step."""
    role = assessment.role
    estimated_tasks = {task.id for task in assessment.tasks if task.estimate}
    estimated_evidence = {key for key, score in role.evidence if score.estimate}
    for applied in assessment.adjustments:
        if not applied.estimate:
            continue
        adjustment = next((item for item in catalog.adjustments if item.id == applied.id), None)
        if adjustment is None:
            continue
        estimated_tasks |= set(adjustment.task_automation)
        estimated_evidence |= set(adjustment.evidence)
    estimated_barriers = {key for key, score in role.barriers if score.estimate}
    growth_estimated = role.ai_growth.estimate

    figures: list[EstimatedFigure] = []
    for task in assessment.tasks:
        if task.id in estimated_tasks:
            figures.append(
                EstimatedFigure(
                    where=f"task: {task.name} (automation)",
                    value=task.automation,
                    low=_step(task.automation, 1, 5, -1),
                    high=_step(task.automation, 1, 5, 1),
                )
            )
    for key in sorted(estimated_evidence):
        value = assessment.evidence[key]
        figures.append(
            EstimatedFigure(
                where=f"evidence: {key.replace('_', ' ')}",
                value=value,
                low=_step(value, -2, 2, -1),
                high=_step(value, -2, 2, 1),
            )
        )
    for key in sorted(estimated_barriers):
        value = getattr(role.barriers, key).value
        figures.append(
            EstimatedFigure(
                where=f"barrier: {key}", value=value, low=_step(value, 0, 2, -1), high=_step(value, 0, 2, 1)
            )
        )
    if growth_estimated:
        value = role.ai_growth.value
        figures.append(
            EstimatedFigure(
                where="AI growth", value=value, low=_step(value, -2, 2, -1), high=_step(value, -2, 2, 1)
            )
        )

    def corner(direction: int) -> float:
        # direction +1: the score's high end (automation down, evidence/barriers/growth up); -1: the low end.
        tasks = [
            TaskInput(
                name=task.name,
                time_pct=task.time_pct,
                automation=_step(task.automation, 1, 5, -direction)
                if task.id in estimated_tasks
                else task.automation,
            )
            for task in assessment.tasks
        ]
        evidence = sum(
            _step(value, -2, 2, direction) if key in estimated_evidence else value
            for key, value in assessment.evidence.items()
        )
        barriers = sum(
            _step(score.value, 0, 2, direction) if key in estimated_barriers else score.value
            for key, score in role.barriers
        )
        growth = _step(role.ai_growth.value, -2, 2, direction) if growth_estimated else role.ai_growth.value
        return compute(tasks, evidence=evidence, barriers=barriers, growth=growth).score

    return Band(score=assessment.score, low=corner(-1), high=corner(1), figures=tuple(figures))
