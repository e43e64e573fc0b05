"""What the held-out set tests share (tests/unit/test_fresh_eval.py, test_set4_eval.py, test_set5_eval.py,
test_set6_eval.py): one layout of files (bench/accuracy.py reads and scores them), so one way to check a set's
size and labels, one way to check a floor, and the one-line readers their rule tests use. Each set's floors stay
in its own file."""

from __future__ import annotations

from types import ModuleType

from assessor.core.catalog import Catalog
from assessor.core.splits import read_day
from assessor.core.understanding import role_tasks, understand_task
from tests.helpers import bench_module


def accuracy_module() -> ModuleType:
    """bench/accuracy.py, loaded once: the sets, how rows are scored and the report of a set."""
    return bench_module("accuracy.py", "bench_accuracy")


def check_size(
    catalog: Catalog, prefix: str, *, titles: int, whole: int, vague: int, tasks: int = 150
) -> None:
    """The set named `prefix` ('fresh', 'set4', ...) has at least these many rows, and every task label names a
    task the person of that row's role can name (or ask/refuse)."""
    accuracy = accuracy_module()
    found = accuracy.SETS[f"{prefix}-tasks"](catalog)
    days = accuracy.SETS[f"{prefix}-days"](catalog)
    assert len(found) >= tasks
    assert len(accuracy.SETS[f"{prefix}-titles"](catalog)) >= titles
    assert sum(outcome.category == "whole day" for outcome in days) >= whole
    assert sum(outcome.category == "vague day" for outcome in days) >= vague
    for outcome in found:
        known = role_tasks(catalog.role(outcome.context), catalog)
        assert all(item in known or item in ("ask", "refuse") for item in outcome.expected), outcome.said


def check_floor(
    catalog: Catalog, name: str, direct: float, wrong_silent: int = 0, asked_right: float | None = None
) -> None:
    """Set `name` lands at least `direct` of its rows right directly, at most `wrong_silent` rows matched silently
    to a wrong answer and, when given, at least `asked_right` of its asked rows offering the right answer. A
    failure prints the set's whole table with its wrong and missed rows."""
    accuracy = accuracy_module()
    outcomes = accuracy.SETS[name](catalog)
    summary = accuracy.summarise(outcomes)
    table = accuracy.report(name, outcomes)
    assert summary.direct >= direct - 1e-9, table
    assert sum(outcome.verdict == "wrong-silent" for outcome in outcomes) <= wrong_silent, table
    if asked_right is not None:
        assert summary.asked_right >= asked_right - 1e-9, table


def task_of(catalog: Catalog, role: str, said: str) -> str | None:
    """The task a phrase is matched to silently for a person of `role`, or None when it is asked or refused."""
    found = understand_task(said, catalog.role(role), catalog)
    return found.match.task_id if found.match else None


def choices_of(catalog: Catalog, role: str, said: str) -> set[str]:
    """The tasks a phrase would be asked about (empty when it is matched or refused)."""
    return {candidate.task_id for candidate in understand_task(said, catalog.role(role), catalog).candidates}


def day_shares(text: str, digits: int = 1) -> dict[str, float]:
    """The shares of a described day, per phrase as the person put it, rounded to `digits` decimals."""
    reading = read_day(text)
    assert reading.split is not None, reading.gap
    return {part.said: round(part.pct, digits) for part in reading.split.parts}


def day_question(text: str) -> str:
    """The question a described day is asked back with (lower case); fails when it was read as a whole day."""
    reading = read_day(text)
    assert reading.split is None and reading.gap is not None, reading.split
    return reading.gap.question.lower()
