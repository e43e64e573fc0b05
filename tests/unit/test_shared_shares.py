"""One share told for several tasks ('the rest queries and denials') is divided evenly between them."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess, load_answers
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.understanding import shared_share_parts


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("queries and denials", (("queries", 20.0), ("denials", 20.0))),
        ("coding & abstracting", (("coding", 20.0), ("abstracting", 20.0))),
        ("querying docs and working my dnfb list", (("querying docs", 20.0), ("working my dnfb list", 20.0))),
        ("denials and appeals", None),  # one task of the card: never split
        ("coding and coding", None),  # the same task twice is one task
        ("coding and gardening", None),  # a part nothing knows is asked about as a whole
    ],
)
def test_a_share_for_several_tasks_is_divided_only_when_each_names_its_own(
    catalog: Catalog, said: str, parts: tuple[tuple[str, float], ...] | None
) -> None:
    assert shared_share_parts(said, 40.0, catalog.role("medical-coder"), catalog) == parts


def test_score_divides_the_share_and_says_so(catalog: Catalog) -> None:
    answers = load_answers(
        {
            "job_title": "Medical Coder",
            "years_experience": 3,
            "time_split": "60% coding, the rest queries and denials",
        }
    )
    result = assess(answers, catalog)
    assert {task.id: task.time_pct for task in result.tasks} == {
        "assign-codes": 60.0,
        "clinician-queries": 20.0,
        "denials-appeals-audits": 20.0,
    }
    assert (
        "I split the 40% you gave to 'queries and denials' evenly: 20% each for 'queries' and 'denials'; give "
        "each its own share if that is not right."
    ) in result.notes
