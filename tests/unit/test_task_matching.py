"""Task matching: what a person calls a task -> a catalog task with a confidence, or the three closest.

Moved from the option-list matcher to understanding.understand_task (issue 11): the hand-written stemmer and
`match_task(said, options)` are gone; these cases go through the role's tasks as `score` and `ask` do.
"claim edits" is coder vocabulary (claim-edit work queues) and now lands on a task; it left UNMATCHED.
"""

from __future__ import annotations

import pytest

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.matching import TASK_CUTOFF, match_role_task
from assessor.core.models import SharedTask
from assessor.core.words import stem

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

UNMATCHED = ["lunch", "pastry", "school run", "quality"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("said", "expected"), ROLE_TASKS)
def test_role_tasks(catalog: Catalog, said: str, expected: str) -> None:
    found = match_role_task(said, catalog.role("medical-coder"), catalog)
    assert found.task is not None, f"{said!r} matched nothing; closest {found.closest}"
    assert found.task.id == expected
    assert found.task.origin == "role"
    assert TASK_CUTOFF <= found.confidence <= 100


@pytest.mark.parametrize(("said", "expected"), SHARED_TASKS)
def test_shared_tasks(catalog: Catalog, said: str, expected: str) -> None:
    found = match_role_task(said, catalog.role("medical-coder"), catalog)
    assert found.task is not None and found.task.id == expected
    assert found.task.origin == "shared"
    assert found.task.card is None


@pytest.mark.parametrize("said", UNMATCHED)
def test_unrelated_words_are_not_matched(catalog: Catalog, said: str) -> None:
    found = match_role_task(said, catalog.role("medical-coder"), catalog)
    assert found.task is None
    assert found.confidence < TASK_CUTOFF


def test_exact_is_100_and_typo_less(catalog: Catalog) -> None:
    role = catalog.role("medical-coder")
    assert match_role_task("denials", role, catalog).confidence == 100
    assert TASK_CUTOFF <= match_role_task("denails", role, catalog).confidence < 100


def test_task_id_is_an_exact_match(catalog: Catalog) -> None:
    # a split saved as a table names tasks by id
    found = match_role_task("clinician-queries", catalog.role("medical-coder"), catalog)
    assert found.task is not None and found.task.id == "clinician-queries" and found.confidence == 100


def test_near_words_are_not_typos(catalog: Catalog) -> None:
    # "mentoring" is not a slip of "monitoring"; "chart" is not a slip of "charge" (both are real words)
    role = catalog.role("medical-coder")
    mentoring = match_role_task("mentoring", role, catalog)
    assert mentoring.task is not None and mentoring.task.id == "train-coders"
    chart = match_role_task("chart review", role, catalog)
    assert chart.task is None or chart.task.id != "verify-payer-rules"


def test_stem_is_snowball() -> None:
    assert stem("coding") == stem("codes") == stem("code")
    assert stem("validating") == stem("validation") == stem("validate")
    assert stem("analyse") == stem("analyze")


def test_role_task_wins_over_shared_with_same_alias(catalog: Catalog) -> None:
    shared = SharedTask(
        id="denials-shared",
        name="Work denials",
        automation=3,
        aliases=("denials",),
        estimate=True,
        rationale="x",
    )
    small = catalog.model_copy(update={"shared_tasks": (shared,)})
    found = match_role_task("denials", small.role("medical-coder"), small)
    assert found.task is not None and found.task.id == "denials-appeals-audits"
