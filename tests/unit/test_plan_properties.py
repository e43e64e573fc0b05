"""Properties of every plan, over generated answer sets (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.core.answers_io import answers_to_toml, parse_answers_text
from assessor.core.assess import assess, choose_role
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.models import Answers
from assessor.core.plan import ActionCatalog, build_plan, load_actions

CATALOG: Catalog = load_catalog()
ACTIONS: ActionCatalog = load_actions(CATALOG)
CERTS = ["CPC", "CCS", "CRC", "CPMA", "CDIP", "RHIT", "RHIA", "CCS-P", "COC", "CDEO", "CCDS", "CCA", "ACC"]
SPECIALTIES = ["", "oncology", "emergency department", "radiology", "inpatient surgery", "e/m"]


@st.composite
def answer_sets(draw: st.DrawFn) -> Answers:
    coders = [role for role in CATALOG.roles if any(task.id == "assign-codes" for task in role.tasks)]
    picked = draw(st.sampled_from(coders) | st.sampled_from(coders) | st.sampled_from(CATALOG.roles))
    base = Answers.model_validate(
        {
            "job_title": picked.title,
            "role_id": picked.id,
            "years_experience": draw(st.floats(0, 40, allow_nan=False).map(lambda value: round(value, 1))),
            "work_setting": draw(st.sampled_from(["inpatient", "outpatient", "payer", "vendor", "other"])),
            "ai_tools": draw(st.sampled_from(["none", "suggestions", "autonomous"])),
            "country": draw(st.sampled_from(["us", "us", "uk", "canada", "australia", "other"])),
            "specialty": draw(st.sampled_from(SPECIALTIES)),
            "certifications": draw(st.lists(st.sampled_from(CERTS), max_size=4, unique=True)),
        }
    )
    if not draw(st.booleans()):
        return base
    role, _, _ = choose_role(base, CATALOG)  # a family id picks its variant by years
    own = [task.id for task in role.tasks]
    shared = [
        task.id
        for task in CATALOG.shared_tasks
        if task.id not in own and (not task.families or picked.family in task.families)
    ]
    chosen = draw(st.lists(st.sampled_from(own), min_size=1, max_size=4, unique=True))
    chosen += draw(st.lists(st.sampled_from(shared), max_size=2, unique=True)) if shared else []
    weights = draw(st.lists(st.integers(1, 20), min_size=len(chosen), max_size=len(chosen)))
    total = sum(weights)
    units = [weight * 1000 // total for weight in weights]
    units[0] += 1000 - sum(units)
    split = {task_id: unit / 10 for task_id, unit in zip(chosen, units, strict=True) if unit > 0}
    return base.model_copy(update={"time_split": split})


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
        assert item.gain == pytest.approx(item.score_after - item.score_before)
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
