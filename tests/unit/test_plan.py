"""The upskilling plan: gains come from re-scoring, prerequisites come first, held credentials stay out."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assessor.core.answers_io import answers_to_toml, parse_answers_text
from assessor.core.assess import assess, personal_tasks
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.data import data_dir
from assessor.core.errors import DataFileError
from assessor.core.models import Answers
from assessor.core.plan import ActionCatalog, Plan, build_plan, load_actions, moved_day, plan_summary


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def actions(catalog: Catalog) -> ActionCatalog:
    return load_actions(catalog)


def seed_coder(**changes: object) -> Answers:
    return Answers.validated({"job_title": "Medical Coder", "years_experience": 3, **changes})


def item(plan: Plan, action_id: str):  # type: ignore[no-untyped-def]
    found = [entry for entry in plan.items if entry.action_id == action_id]
    assert found, f"{action_id} not in plan; set aside: {plan.set_aside}"
    return found[0]


def test_seed_coder_gets_cdi_hcc_and_audit_paths_with_positive_gains(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    plan = build_plan(seed_coder(), catalog, actions)
    assert round(plan.score_before, 1) == 11.6
    for action_id in ("cdi-path", "risk-adjustment-path", "coding-audit-path"):
        entry = item(plan, action_id)
        assert entry.gain > 0
        assert entry.score_before == assess(seed_coder(), catalog).score
        assert entry.score_after == assess(entry.answers_after, catalog).score
        assert entry.why and entry.steps and entry.months > 0


def test_plan_is_ranked_by_gain_per_month(catalog: Catalog, actions: ActionCatalog) -> None:
    plan = build_plan(seed_coder(), catalog, actions)
    rates = [entry.gain_per_month for entry in plan.items]
    assert rates == sorted(rates, reverse=True)
    assert all(entry.gain_per_month == pytest.approx(entry.gain / entry.months) for entry in plan.items)


def test_answers_after_rescore_to_score_after_through_toml_and_json(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    plan = build_plan(seed_coder(), catalog, actions)
    summary = plan_summary(plan)
    for entry, shown in zip(plan.items, summary["actions"], strict=True):  # type: ignore[call-overload]
        assert assess(entry.answers_after, catalog).score == entry.score_after
        via_toml = parse_answers_text(answers_to_toml(entry.answers_after), "round trip")
        assert assess(via_toml, catalog).score == entry.score_after
        via_json = parse_answers_text(json.dumps(shown["answers_after"]), "round trip")
        assert assess(via_json, catalog).score == entry.score_after
        assert not assess(entry.answers_after, catalog).notes  # shares written add up to exactly 100


def test_move_takes_time_in_proportion_and_keeps_the_day_whole(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    answers = seed_coder()
    role = assess(answers, catalog).role
    day, _ = personal_tasks(answers, role, catalog)
    validation = actions.action("ai-code-validation")
    assert validation is not None
    shares, _, moved = moved_day(day, validation.moves, {task.id: task.name for task in role.tasks}, catalog)
    assert moved == 20
    assert sum(shares.values()) == pytest.approx(100)
    # 35% coding and 10% abstraction give up 20 points in a 35:10 ratio.
    assert shares["assign-codes"] == pytest.approx(35 - 20 * 35 / 45)
    assert shares["abstract-data"] == pytest.approx(10 - 20 * 10 / 45)
    assert shares["validate-ai-codes"] == pytest.approx(20)


def test_the_day_written_back_matches_the_same_tasks(catalog: Catalog, actions: ActionCatalog) -> None:
    plan = build_plan(seed_coder(time_split="60% coding, 20% denials, the rest queries"), catalog, actions)
    assert plan.items
    for entry in plan.items:
        table = entry.answers_after.time_split
        assert isinstance(table, dict)
        after = assess(entry.answers_after, catalog)
        assert {task.id for task in after.tasks} == set(table)
        for task in after.tasks:
            assert task.time_pct == pytest.approx(table[task.id])


def test_unmet_prerequisite_becomes_an_earlier_step(catalog: Catalog, actions: ActionCatalog) -> None:
    # An uncertified coder needs a coding credential first; CDI credentials come after CDI work, not before.
    cdi = item(build_plan(seed_coder(), catalog, actions), "cdi-path")
    assert [step.action_id for step in cdi.steps] == ["get-ccs", "cdi-path"]
    assert cdi.months == sum(step.months for step in cdi.steps)
    assert cdi.cost_usd == sum(step.cost_usd for step in cdi.steps)
    assert set(cdi.answers_after.certifications) == {"CCS"}


def test_a_held_credential_is_never_recommended_again(catalog: Catalog, actions: ActionCatalog) -> None:
    plan = build_plan(seed_coder(certifications=["CRC", "CDIP", "CPMA"]), catalog, actions)
    for entry in plan.items:
        assert not {step.grants for step in entry.steps} & {"CRC", "CDIP", "CPMA"}
    # The CRC is a coding credential, so it opens the CDI route without anything more.
    assert [step.action_id for step in item(plan, "cdi-path").steps] == ["cdi-path"]
    assert [step.action_id for step in item(plan, "risk-adjustment-path").steps] == ["risk-adjustment-path"]


@pytest.mark.parametrize("held", ["RHIT", "CPC", "RN"])
def test_a_coding_hit_or_nursing_credential_goes_straight_into_cdi(
    catalog: Catalog, actions: ActionCatalog, held: str
) -> None:
    cdi = item(build_plan(seed_coder(certifications=[held]), catalog, actions), "cdi-path")
    assert [step.action_id for step in cdi.steps] == ["cdi-path"]
    assert held in cdi.steps[0].requires_any


def test_missing_years_become_an_experience_step(catalog: Catalog, actions: ActionCatalog) -> None:
    plan = build_plan(seed_coder(years_experience=2.5, certifications=["CPC"]), catalog, actions)
    train = item(plan, "train-coders-path")
    assert [step.kind for step in train.steps] == ["experience", "move"]
    assert train.steps[0].months == 6


def test_an_action_that_changes_none_of_your_tasks_is_set_aside(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    plan = build_plan(
        seed_coder(time_split={"clinician-queries": 50, "resolve-ambiguous-documentation": 50}),
        catalog,
        actions,
    )
    reasons = {entry.action_id: entry.reason for entry in plan.set_aside}
    assert "ai-code-validation" in reasons
    assert "none of your tasks" in reasons["ai-code-validation"]


def _copy_data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir("roles"), root / "roles")
    return root


def test_broken_actions_file_names_the_file_and_field(tmp_path: Path, catalog: Catalog) -> None:
    root = _copy_data(tmp_path)
    path = root / "roles" / "actions.toml"
    path.write_text(path.read_text().replace('to = "validate-ai-codes"', 'to = "validate-ai-code"'))
    with pytest.raises(DataFileError) as caught:
        load_actions(catalog, path)
    message = caught.value.message
    assert str(path) in message and "moves[0]" in message and "'validate-ai-codes'" in message

    path.write_text(_fresh_actions().replace('grants = "CPC"', "grants = CPC"))
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_actions(catalog, path)

    path.write_text(_fresh_actions().replace("\nskills =", "\nskils =", 1))
    with pytest.raises(DataFileError, match=r"actions\[0\]\.skils: unknown field; did you mean 'skills'"):
        load_actions(catalog, path)


def _fresh_actions() -> str:
    return (data_dir("roles") / "actions.toml").read_text()


def test_unknown_role_id_is_named_with_a_suggestion(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "actions.toml"
    path.write_text(_role_action("cdi-specialst"))
    with pytest.raises(
        DataFileError, match=r"role_id: unknown role 'cdi-specialst'; did you mean 'cdi-specialist'"
    ):
        load_actions(catalog, path)


def _role_action(role_id: str) -> str:
    return f"""
[[actions]]
id = "become-cdi"
title = "Change role to CDI specialist"
summary = "Apply for a CDI specialist post."
role_id = "{role_id}"
estimate = true
rationale = "test"
[actions.months]
value = 6
estimate = true
rationale = "test"
[actions.cost_usd]
value = 0
estimate = true
rationale = "test"
"""


def test_a_role_change_action_rescores_in_the_new_role(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "actions.toml"
    path.write_text(_role_action("cdi-specialist"))
    plan = build_plan(seed_coder(), catalog, load_actions(catalog, path))
    entry = item(plan, "become-cdi")
    assert entry.answers_after.role_id == "cdi-specialist"
    assert entry.answers_after.time_split is None
    after = assess(entry.answers_after, catalog)
    assert after.role.id == "cdi-specialist"
    assert after.score == entry.score_after


def test_score_after_comes_with_the_band_of_our_estimates(catalog: Catalog, actions: ActionCatalog) -> None:
    from assessor.core.uncertainty import score_band

    plan = build_plan(seed_coder(), catalog, actions)
    for entry in plan.items:
        low, high = entry.band_after
        assert low <= entry.score_after <= high
        band = score_band(assess(entry.answers_after, catalog), catalog)
        assert (band.low, band.high) == (low, high)
    # The new tasks are our estimates, so a move into them has a real range.
    assert item(plan, "ai-code-validation").band_after[0] < item(plan, "ai-code-validation").score_after


def test_uk_coders_get_uk_routes_not_us_credentials(catalog: Catalog, actions: ActionCatalog) -> None:
    uk = Answers.validated(
        dict(job_title="Clinical Coder", years_experience=4, country="uk", certifications=("ACC",))
    )
    plan = build_plan(uk, catalog, actions)
    assert plan.role_id == "clinical-coder"
    granted = {step.grants for entry in plan.items for step in entry.steps if step.grants}
    assert not granted & {"CPC", "CCS", "CRC", "CPMA", "CDIP"}
    assert "nhs-coding-auditor-path" in {entry.action_id for entry in plan.items}
    reasons = {entry.action_id: entry.reason for entry in plan.set_aside}
    assert "US" in reasons["risk-adjustment-path"]
    # Without the ACC, the auditor path starts with the NCCQ.
    no_acc = build_plan(replace(uk, certifications=()), catalog, actions)
    auditor = item(no_acc, "nhs-coding-auditor-path")
    assert [step.action_id for step in auditor.steps] == ["get-acc", "nhs-coding-auditor-path"]
    # US coders never see the UK-only route.
    us_plan = build_plan(seed_coder(), catalog, actions)
    assert "nhs-coding-auditor-path" not in {entry.action_id for entry in us_plan.items}
    assert "nhs-coding-auditor-path" not in {entry.action_id for entry in us_plan.set_aside}
