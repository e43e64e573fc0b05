"""Properties of every plan, over generated answer sets (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from assessor.core.answers_io import answers_to_toml, parse_answers_text
from assessor.core.assess import assess
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.models import Answers
from assessor.core.plan import ActionCatalog, build_plan, load_actions
from tests.helpers import answer_sets

CATALOG: Catalog = load_catalog()
ACTIONS: ActionCatalog = load_actions(CATALOG)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets())
def test_every_plan_item_is_reproducible_and_consistent(answers: Answers) -> None:
    plan = build_plan(answers, CATALOG, ACTIONS)
    before = assess(answers, CATALOG)
    assert plan.score_before == before.score
    held = set(answers.certifications)
    for item in plan.items:
        # Re-scoring answers_after (also after a save and reload) gives score_after exactly.
        assert assess(item.answers_after, CATALOG).score == item.score_after
        reloaded = parse_answers_text(answers_to_toml(item.answers_after), "reloaded")
        assert assess(reloaded, CATALOG).score == item.score_after
        assert item.score_before == before.score
        assert item.gain > 0
        # No held certification is recommended again.
        assert not {step.grants for step in item.steps if step.grants} & held
        # Every step is offered where the person works.
        for step in item.steps:
            step_action = ACTIONS.action(step.action_id) if step.action_id else None
            assert step_action is None or step_action.offered_in(answers.country)
        # Every step's prerequisites are met by what the person holds plus the earlier steps.
        have = set(held)
        years = answers.years_experience
        for step in item.steps:
            if step.requires_any:
                assert have & set(step.requires_any), (item.action_id, step.title, have)
            assert years + 1e-9 >= step.requires_years, (item.action_id, step.title, years)
            if step.kind == "experience":
                years += step.months / 12
            if step.grants:
                have.add(step.grants)
        assert set(item.answers_after.certifications) == have
    ranked = [item.gain_per_month for item in plan.items]
    assert ranked == sorted(ranked, reverse=True)
