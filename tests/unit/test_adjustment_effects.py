"""The points each adjustment reports are the points it really moves, and the years pick the right card.

Each variant changes one answer of a base coder; where that adds exactly one adjustment, the effect the result
reports must equal the difference between the two scores (same sign, same size).
"""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from assessor.core.assess import assess, choose_role
from assessor.core.catalog import Catalog
from assessor.core.data import data_dir
from assessor.core.models import Answers

BASE = {"job_title": "Medical Coder", "years_experience": 3}


def _trigger_values() -> list[tuple[str, str]]:
    """Every (field, value) the adjustments file names, read from the data so new rules are covered too."""
    data = tomllib.loads((data_dir("roles") / "adjustments.toml").read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for adjustment in data["adjustments"]:
        when = adjustment.get("when", {})
        for value in when.get("any_of", []):
            found.append((str(when["field"]), str(value)))
    return found


TRIGGERS = _trigger_values()


def test_the_adjustments_file_names_triggers() -> None:
    assert len(TRIGGERS) >= 20
    assert {field for field, _ in TRIGGERS} >= {"specialty", "work_setting", "ai_tools", "country"}


@pytest.mark.parametrize(("field", "value"), TRIGGERS, ids=[f"{f}={v}" for f, v in TRIGGERS])
def test_a_reported_effect_is_the_points_the_adjustment_moved(
    catalog: Catalog, field: str, value: str
) -> None:
    base = assess(Answers.validated(BASE), catalog)
    try:
        variant_answers = Answers.validated({**BASE, field: value})
    except ValueError:
        pytest.skip(f"{field}={value!r} is not an answer a person can give")
    variant = assess(variant_answers, catalog)
    if variant.role.id != base.role.id:
        pytest.skip("the answer changes the card (scored with the local card), not only an adjustment")
    before = {adjustment.id for adjustment in base.adjustments}
    after = {adjustment.id: adjustment for adjustment in variant.adjustments}
    added = set(after) - before
    if set(after) < before or len(added) != 1 or before - set(after):
        pytest.skip("this answer swaps adjustments; the effect of one alone is not a score difference")
    (added_id,) = added
    moved = variant.score - base.score
    assert after[added_id].effect == pytest.approx(moved, abs=1e-6), added_id


def test_effects_are_checked_for_more_than_a_few_triggers(catalog: Catalog) -> None:
    """The test above must not skip its way out: most triggers add exactly one adjustment to the base."""
    checked = 0
    base = assess(Answers.validated(BASE), catalog)
    before = {adjustment.id for adjustment in base.adjustments}
    for field, value in TRIGGERS:
        try:
            variant = assess(Answers.validated({**BASE, field: value}), catalog)
        except ValueError:
            continue
        after = {adjustment.id for adjustment in variant.adjustments}
        if variant.role.id == base.role.id and before < after and len(after - before) == 1:
            checked += 1
    assert checked >= len(TRIGGERS) // 2


@pytest.mark.parametrize(
    ("years", "level"),
    [(0, "entry"), (1.9, "entry"), (2, "mid"), (3.5, "mid"), (5, "mid"), (5.5, "senior"), (20, "senior")],
)
def test_years_pick_the_card_at_the_seeds_boundaries(catalog: Catalog, years: float, level: str) -> None:
    """Seed 001: entry is 0-2 years, mid-level 2-5; a coder past 5 years is scored on the senior card."""
    role, _, _ = choose_role(
        Answers.validated(dict(job_title="Medical Coder", years_experience=years)), catalog
    )
    assert (role.family, role.level) == ("medical-coder", level)


def test_a_level_word_beats_the_years(catalog: Catalog) -> None:
    role, _, _ = choose_role(
        Answers.validated(dict(job_title="Senior Medical Coder", years_experience=1)), catalog
    )
    assert role.level == "senior"
    role, _, _ = choose_role(
        Answers.validated(dict(job_title="Medical Coder I", years_experience=8)), catalog
    )
    assert role.level == "entry"


def test_a_catalog_copy_with_other_adjustments_is_scored_with_them(catalog: Catalog) -> None:
    """Scored days are remembered with the catalog; a copy that changes an adjustment must not reuse them."""
    answers = Answers.validated(dict(**BASE, specialty="oncology"))
    before = assess(answers, catalog)
    applied = before.adjustments[0]
    rule = next(adjustment for adjustment in catalog.adjustments if adjustment.id == applied.id)
    stronger = replace(rule, evidence={**rule.evidence, "expert_consensus": 2})
    copy = catalog.model_copy(
        update={"adjustments": tuple(stronger if item is rule else item for item in catalog.adjustments)}
    )
    after = assess(answers, copy)
    assert after.score != before.score
    assert assess(answers, catalog).score == before.score
