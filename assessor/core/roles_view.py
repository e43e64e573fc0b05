"""Score every base role as its card stands: the rows of `assessor roles`."""

from __future__ import annotations

from typing import Any

from assessor.core.catalog import Catalog
from assessor.core.engine import Breakdown, TaskInput, compute
from assessor.core.models import RoleCard


def role_breakdown(role: RoleCard) -> Breakdown:
    return compute(
        [
            TaskInput(name=task.name, time_pct=task.time_pct, automation=task.automation)
            for task in role.tasks
        ],
        evidence=role.evidence.total,
        barriers=role.barriers.total,
        growth=role.ai_growth.value,
        protective=role.protective.total,
    )


def role_rows(catalog: Catalog) -> list[dict[str, Any]]:
    rows = []
    for role in catalog.roles:
        breakdown = role_breakdown(role)
        rows.append(
            {
                "id": role.id,
                "title": role.title,
                "level": role.level,
                "score": round(breakdown.score, 1),
                "zone": breakdown.zone,
                "label": breakdown.label,
                "task_resistance": round(breakdown.task_resistance, 3),
                "published": role.published.score if role.published else None,
                # "publisher": the publisher printed the whole card; "fitted": our figures, fitted to the score.
                "published_card": role.published.card if role.published else None,
            }
        )
    return sorted(rows, key=lambda row: (row["score"], row["id"]))
