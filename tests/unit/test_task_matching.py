"""Task matching: what a person calls a task -> a catalog task with a confidence, or the three closest."""

from __future__ import annotations

import pytest

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.matching import TASK_CUTOFF, match_task, stem, task_options, task_similarity
from assessor.core.models import SharedTask

# (what the person said, expected task id): the medical coder's own tasks
ROLE_TASKS = [
    ("coding", "assign-codes"),
    ("coding charts", "assign-codes"),
    ("e/m coding", "assign-codes"),
    ("inpatient coding", "assign-codes"),
    ("denials", "denials-appeals-audits"),
    ("appeals", "denials-appeals-audits"),
    ("queries", "clinician-queries"),
    ("physician queries", "clinician-queries"),
    ("talking to doctors", "clinician-queries"),
    ("reports", "productivity-reports"),
    ("abstracting", "abstract-data"),
    ("checking codes", "verify-payer-rules"),
    ("ncci edits", "verify-payer-rules"),
    ("compliance", "compliance-monitoring"),
    ("education", "guideline-updates"),
    # typos: one slip in a word the catalog does not otherwise use
    ("phisician querys", "clinician-queries"),
    ("denails", "denials-appeals-audits"),
    ("abstractng", "abstract-data"),
    ("codng", "assign-codes"),
    ("apeals", "denials-appeals-audits"),
]

# tasks coders do that the seed card leaves out (roles/tasks.toml)
SHARED_TASKS = [
    ("validating ai codes", "validate-ai-codes"),
    ("cdi queries", "cdi-queries"),
    ("hcc review", "hcc-chart-review"),
    ("mentoring", "train-coders"),
    ("training new coders", "train-coders"),
    ("icd-11", "code-set-transition"),
    ("denial analytics", "denial-analytics"),
    ("supervising", "supervise-coding-team"),
]

UNMATCHED = ["meetings", "lunch", "pastry", "quality checks", "claim edits"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def options(catalog: Catalog) -> list:  # type: ignore[type-arg]
    return task_options(catalog.role("medical-coder"), catalog)


@pytest.mark.parametrize(("said", "expected"), ROLE_TASKS)
def test_role_tasks(options: list, said: str, expected: str) -> None:  # type: ignore[type-arg]
    found = match_task(said, options)
    assert found.task is not None, f"{said!r} matched nothing; closest {found.closest}"
    assert found.task.id == expected
    assert found.task.origin == "role"
    assert TASK_CUTOFF <= found.confidence <= 100


@pytest.mark.parametrize(("said", "expected"), SHARED_TASKS)
def test_shared_tasks(catalog: Catalog, options: list, said: str, expected: str) -> None:  # type: ignore[type-arg]
    if catalog.shared_task(expected) is None:
        pytest.skip(f"shared task {expected} is not in roles/tasks.toml")
    found = match_task(said, options)
    assert found.task is not None and found.task.id == expected
    assert found.task.origin == "shared"


@pytest.mark.parametrize("said", UNMATCHED)
def test_unmatched_names_three_closest(options: list, said: str) -> None:  # type: ignore[type-arg]
    found = match_task(said, options)
    assert found.task is None
    assert found.confidence < TASK_CUTOFF
    assert len(found.closest) == 3
    assert len(set(found.closest)) == 3


def test_exact_is_100_and_typo_less(options: list) -> None:  # type: ignore[type-arg]
    assert match_task("denials", options).confidence == 100
    assert TASK_CUTOFF <= match_task("denails", options).confidence < 100


def test_task_id_is_an_exact_match(options: list) -> None:  # type: ignore[type-arg]
    # a split saved as a table names tasks by id
    found = match_task("clinician-queries", options)
    assert found.task is not None and found.task.id == "clinician-queries" and found.confidence == 100


def test_near_words_are_not_typos() -> None:
    # "mentoring" is not a slip of "monitoring"; "chart" is not a slip of "charge" (both are real words)
    vocabulary = frozenset({"monitor", "charg", "chart", "review"})
    assert task_similarity("mentoring", "compliance monitoring", vocabulary) < TASK_CUTOFF
    assert task_similarity("chart review", "charge review", vocabulary) < TASK_CUTOFF


def test_stem() -> None:
    assert stem("coding") == stem("codes") == stem("code")
    assert stem("validating") == stem("validation") == stem("validate")


def test_role_task_wins_over_shared_with_same_alias(catalog: Catalog) -> None:
    shared = SharedTask(
        id="denials-shared",
        name="Work denials",
        automation=3,
        aliases=("something",),
        estimate=True,
        rationale="x",
    )
    small = catalog.model_copy(update={"shared_tasks": (shared,)})
    found = match_task("denials", task_options(small.role("medical-coder"), small))
    assert found.task is not None and found.task.id == "denials-appeals-audits"
