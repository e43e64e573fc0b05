"""Rules an audit of roles/ against its sources asked the data to keep (issue 17)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assessor.cli import main
from assessor.core.assess import assess, specialty_adjustments
from assessor.core.catalog import Catalog
from assessor.core.conversions import EloundouLabels, automation_from_eloundou
from assessor.core.limits import published_cards_note
from assessor.core.models import Adjustment, Answers, Evidence, SharedTask, Source, Task
from assessor.core.plain import field_names
from assessor.core.plan import (
    ActionCatalog,
    Requirements,
    Route,
    Unreachable,
    build_plan,
    circular_requirements,
    load_actions,
    needs_work,
    resolve_steps,
)
from assessor.core.roles_view import role_rows
from assessor.core.uncertainty import score_band
from assessor.report.model import build_report


@pytest.fixture(scope="module")
def actions(catalog: Catalog) -> ActionCatalog:
    return load_actions(catalog)


def test_the_employers_tools_move_a_company_figure_not_the_markets_tool_maturity(catalog: Catalog) -> None:
    """AI tool maturity is market-wide; what one employer runs is a company action."""
    employer = [adjustment for adjustment in catalog.adjustments if adjustment.when.field == "ai_tools"]
    assert {adjustment.id for adjustment in employer} >= {"ai-tools-none", "ai-tools-autonomous"}
    for adjustment in employer:
        assert set(adjustment.evidence) <= {"company_actions"}, adjustment.id
    coder = Answers.validated(dict(job_title="Medical Coder", years_experience=3))
    base = assess(coder, catalog)
    for tools in ("none", "autonomous"):
        result = assess(replace(coder, ai_tools=tools), catalog)
        assert result.evidence["ai_tool_maturity"] == base.evidence["ai_tool_maturity"]
        assert result.evidence["company_actions"] != base.evidence["company_actions"]
    assert set(field_names(Evidence)) >= {"company_actions", "ai_tool_maturity"}


def test_a_recommended_year_of_coding_is_not_a_required_step(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    """IHRIM recommends, but does not require, a year of coding before the NCCQ."""
    trainee = Answers.validated(dict(job_title="Clinical Coder", years_experience=0, country="uk"))
    plan = build_plan(trainee, catalog, actions)
    auditor = next(item for item in plan.items if item.action_id == "nhs-coding-auditor-path")
    assert [step.kind for step in auditor.steps] == ["credential", "move"]
    acc = auditor.steps[0]
    assert acc.grants == "ACC" and acc.requires_years == 0
    assert acc.check is not None and "recommends" in acc.check


def _granted(actions: ActionCatalog) -> list[str]:
    return [action.grants for action in actions.actions if action.grants]


def test_no_path_asks_for_a_credential_earned_in_the_work_it_leads_to(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    """Walk every action from many starting points: no step asks for years of the work the action leads to."""
    assert circular_requirements(actions.actions, catalog) == []
    assert actions.targets["cdi-path"] == "cdi-specialist"
    starts = [(), *[(cert,) for cert in _granted(actions)], ("RN",)]
    walked = 0
    for action in actions.actions:
        target = actions.targets.get(action.id)
        for country in action.countries or ("us",):
            for held in starts:
                for years in (0.0, 10.0):
                    try:
                        steps, _, _ = resolve_steps(
                            action, held, years, actions, country=country, family="medical-coder"
                        )
                    except Unreachable:
                        continue
                    walked += 1
                    for step in steps:
                        assert target is None or step.requires_years_in != target, (action.id, held, step)
                        step_action = actions.action(step.action_id) if step.action_id else None
                        if target and step_action and step_action.grants:
                            assert not needs_work(step_action.grants, target, actions.actions), (
                                action.id,
                                step,
                            )
    assert walked > 100


def test_the_check_catches_a_cdi_move_that_asks_for_a_cdi_credential(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    cdi = actions.action("cdi-path")
    assert cdi is not None
    circular = cdi.model_copy(update={"requires": Requirements(certifications_any=("CCDS",))})
    others = tuple(action for action in actions.actions if action.id != "cdi-path")
    found = circular_requirements((*others, circular), catalog)
    assert found and "CCDS" in found[0] and "cdi-specialist" in found[0]
    with pytest.raises(Unreachable, match="work this path leads to"):
        patched = actions.model_copy(update={"actions": (*others, circular)})
        resolve_steps(circular, (), 5, patched, family="medical-coder")


def test_every_requirement_is_satisfiable_from_some_starting_point(actions: ActionCatalog) -> None:
    for action in actions.actions:
        country = (action.countries or ("us",))[0]
        for route in action.requires.routes():
            held = route.certifications_any[:1]
            steps, _, _ = resolve_steps(
                action, held, route.years, actions, country=country, family=route.years_in
            )
            assert [step.action_id for step in steps] == [action.id], (action.id, route)


def test_ccds_counts_years_of_cdi_work_by_route(actions: ActionCatalog) -> None:
    """ACDIS: RHIT/RHIA (or RN) plus 2 years of inpatient CDI, or CCS plus 3; coding years do not count."""
    ccds = actions.action("get-ccds")
    assert ccds is not None
    routes = {route.certifications_any[:1]: route for route in ccds.requires.routes()}
    assert (routes[("RHIT",)].years, routes[("CCS",)].years) == (2, 3)
    assert {route.years_in for route in routes.values()} == {"cdi-specialist"}
    # A coder of ten years with the CCS still needs three years of CDI work.
    steps, _, _ = resolve_steps(ccds, ("CCS",), 10, actions, family="medical-coder")
    assert (steps[0].kind, steps[0].months, steps[0].requires_years_in) == (
        "experience",
        36,
        "cdi-specialist",
    )
    # A CDI specialist with the RHIT and two years qualifies; with the CCS and two years, one year is missing.
    assert [s.action_id for s in resolve_steps(ccds, ("RHIT",), 2, actions, family="cdi-specialist")[0]] == [
        "get-ccds"
    ]
    steps, _, _ = resolve_steps(ccds, ("CCS",), 2, actions, family="cdi-specialist")
    assert [(step.kind, step.months) for step in steps] == [("experience", 12), ("credential", 4)]


def test_requirements_written_the_old_way_still_load() -> None:
    old = Requirements.model_validate({"certifications_any": ["CPC"], "years": 3, "education": "x"})
    assert old.routes() == (Route(certifications_any=("CPC",), years=3, education="x"),)
    with pytest.raises(ValueError, match="inside any_of"):
        Requirements.model_validate({"certifications_any": ["CPC"], "any_of": [{"years": 1}]})


def _specialty_rules(catalog: Catalog, family: str = "medical-coder") -> list[Adjustment]:
    return [
        rule
        for rule in catalog.adjustments
        if rule.when.field == "specialty" and (not rule.families or family in rule.families)
    ]


def test_no_specialty_matches_two_rules_that_pull_opposite_ways(catalog: Catalog) -> None:
    """Every keyword the rules know, alone and in pairs: at most one specialty rule applies."""
    rules = _specialty_rules(catalog)
    keywords = sorted({keyword for rule in rules for keyword in rule.when.any_of})
    texts = [
        *keywords,
        *(f"{a} and {b}" for a in keywords for b in keywords),
        *(f"{a} {b}" for a in keywords for b in keywords),
    ]
    for text in texts:
        kept, _ = specialty_adjustments(text, rules)
        assert len(kept) <= 1, (text, [rule.id for rule in kept])
    # Each keyword alone selects its own rule (no keyword is swallowed by another rule's longer keyword).
    for rule in rules:
        for keyword in rule.when.any_of:
            assert specialty_adjustments(keyword, rules)[0] == [rule], keyword


@pytest.mark.parametrize(
    ("specialty", "rule_id"),
    [
        ("interventional radiology", "specialty-interventional-radiology"),
        ("Interventional Radiology (IR) procedures", "specialty-interventional-radiology"),
        ("radiology", "specialty-radiology-pathology-ed"),
        ("interventional cardiology", "specialty-cardiology-interventional"),
        ("cardiology", None),
        ("cardiology office visits", "specialty-em-outpatient"),
        ("E/M", None),
        ("evaluation and management levelling", None),
        ("oncology and radiology", None),
        ("oncology and trauma", "specialty-oncology"),
    ],
)
def test_the_most_specific_rule_wins(catalog: Catalog, specialty: str, rule_id: str | None) -> None:
    result = assess(
        Answers.validated(dict(job_title="Medical Coder", years_experience=3, specialty=specialty)), catalog
    )
    applied = [adjustment.id for adjustment in result.adjustments if adjustment.id.startswith("specialty-")]
    assert applied == ([rule_id] if rule_id else [])


def test_interventional_radiology_protects_like_other_complex_work(catalog: Catalog) -> None:
    coder = Answers.validated(dict(job_title="Medical Coder", years_experience=8))
    base = assess(coder, catalog).score
    ir = assess(replace(coder, specialty="interventional radiology"), catalog).score
    radiology = assess(replace(coder, specialty="radiology"), catalog).score
    assert ir > base >= radiology


def test_mixed_specialties_say_why_no_rule_was_applied(catalog: Catalog) -> None:
    result = assess(
        Answers.validated(
            dict(job_title="Medical Coder", years_experience=3, specialty="oncology and radiology")
        ),
        catalog,
    )
    assert any("pulls both ways" in note for note in result.notes)
    stacked = assess(
        Answers.validated(dict(job_title="Medical Coder", years_experience=3, specialty="oncology, trauma")),
        catalog,
    )
    assert any("do not stack" in note for note in stacked.notes)


def test_country_rules_apply_only_to_cards_built_for_us_code_sets(catalog: Catalog) -> None:
    for rule in catalog.adjustments:
        if rule.when.field != "country":
            continue
        for family in rule.families:
            for card in catalog.family(family):
                assert "us" in card.countries, (rule.id, card.id)


def test_an_australian_clinical_coder_on_the_uk_card_is_not_discounted_twice(catalog: Catalog) -> None:
    result = assess(
        Answers.validated(dict(job_title="Clinical Coder", years_experience=3, country="australia")), catalog
    )
    assert result.role.id == "clinical-coder"
    assert not any(adjustment.id.startswith("country-") for adjustment in result.adjustments)
    assert result.evidence["ai_tool_maturity"] == result.role.evidence.ai_tool_maturity.value
    assert any("outside US code sets" in note for note in result.notes)
    # An Australian scored on the US card gets the Australia rule once.
    us_card = assess(
        Answers.validated(dict(job_title="Medical Coder", years_experience=3, country="australia")), catalog
    )
    assert [a.id for a in us_card.adjustments if a.id.startswith("country-")] == ["country-australia"]


def _is_eloundou(source: Source | None) -> bool:
    return source is not None and "GPTs-are-GPTs" in source.publisher


def test_every_figure_taken_from_eloundou_is_a_marked_conversion_by_the_one_rule(catalog: Catalog) -> None:
    """A task citing Eloundou et al. carries its labels, and its automation is what the rule gives."""
    converted = 0
    tasks: list[tuple[str, Task | SharedTask, Source | None]] = [
        (f"{role.id}.{task.id}", task, role.sources.get(task.source or ""))
        for role in catalog.roles
        for task in role.tasks
    ]
    tasks += [(task.id, task, catalog.shared_sources.get(task.source or "")) for task in catalog.shared_tasks]
    for where, task, source in tasks:
        if _is_eloundou(source):
            assert task.eloundou, f"{where} cites Eloundou et al. but is not marked as converted"
        if task.eloundou:
            converted += 1
            assert {automation_from_eloundou(label) for label in task.eloundou} == {task.automation}, where
    assert converted >= 14
    shared = {task.id: task for task in catalog.shared_tasks}
    services = {task.id: task for task in catalog.role("medical-health-services-manager").tasks}
    # The audit's example: supervising staff is T1 wherever it appears, so it scores the same everywhere.
    assert shared["supervise-coding-team"].automation == services["direct-staff"].automation == 2


@pytest.mark.parametrize(
    ("level", "human", "gpt4", "expected"),
    [
        ("T0", "E1", "E1", 1),
        ("T1", "E0", "E2", 2),
        ("T2", "E2", "E2", 3),
        ("T3", "E0", "E1", 4),
        ("T4", "E1", "E2", 5),
        ("T1", "E0", "E0", 1),
        ("T3", "E0", "E0", 1),
    ],
)
def test_the_eloundou_rule(level: str, human: str, gpt4: str, expected: int) -> None:
    labels = EloundouLabels.validated(
        {"onet_task": "29-2072.00 #1", "human": human, "gpt4": gpt4, "automation": level}
    )
    assert automation_from_eloundou(labels) == expected


def test_a_converted_figure_that_departs_from_the_rule_does_not_load() -> None:
    departs = {"onet_task": "11-9111.00 #46", "human": "E0", "gpt4": "E2", "automation": "T1"}
    other = {"onet_task": "11-9111.00 #51", "human": "E0", "gpt4": "E2", "automation": "T2"}
    task: dict[str, object] = {"id": "x", "name": "X", "time_pct": 100, "rationale": "r", "source": "s"}
    with pytest.raises(ValueError, match="not what the Eloundou rule gives"):
        Task.validated({**task, "automation": 1, "eloundou": [departs]})
    with pytest.raises(ValueError, match="different scores"):
        Task.validated({**task, "automation": 2, "eloundou": [departs, other]})
    assert Task.validated({**task, "automation": 2, "eloundou": [departs]}).eloundou[0].automation == "T1"


def test_only_the_medical_coder_card_is_the_publishers_own(catalog: Catalog) -> None:
    published = {role.id: role.published.card for role in catalog.roles if role.published is not None}
    assert len(published) == 8
    assert [role_id for role_id, card in published.items() if card == "publisher"] == ["medical-coder"]
    note = published_cards_note(catalog)
    assert note is not None and note.startswith("7 of the 8 published scores")
    assert "only the Medical Coder card is the publisher's own" in note


def test_roles_listing_says_which_cards_were_fitted(
    catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = {row["id"]: row for row in role_rows(catalog)}
    assert rows["medical-coder"]["published_card"] == "publisher"
    assert rows["registered-nurse"]["published_card"] == "fitted"
    assert rows["cdi-specialist"]["published_card"] is None
    assert main(["roles"]) == 0
    text = capsys.readouterr().out
    assert "(published 82.2; our figures fitted to it)" in text
    assert "(published 11.6; publisher's own card)" in text
    assert text.rstrip().endswith("not 8 independent assessments.")


def test_the_reports_limits_count_and_list_the_estimates_behind_this_score(catalog: Catalog) -> None:
    answers = Answers.validated(
        dict(job_title="Medical Coder", years_experience=3, specialty="oncology", ai_tools="none")
    )
    report = build_report(answers, catalog)
    band = score_band(report.assessment, catalog)
    limits = report.limitations
    assert limits[0] == "Your base card, Medical Coder, is the publisher's own card (score 11.6)."
    counted = next(line for line in limits if "behind your score" in line)
    assert counted.startswith(f"{len(band.figures)} figures behind your score are our own estimates")
    for figure in band.figures:
        assert figure.where in counted
    assert any("Oncology coding" in line and "sized by us" in line for line in limits)
    assert published_cards_note(catalog) in limits
    nurse = build_report(Answers.validated(dict(job_title="Registered Nurse", years_experience=3)), catalog)
    assert "its figures are our estimates, chosen to reproduce that score" in nurse.limitations[0]
    estimated_shares = sum(1 for task in nurse.assessment.tasks if task.estimate)
    assert (
        f"{estimated_shares} of its {len(nurse.assessment.tasks)} time shares are our estimates"
        in " ".join(nurse.limitations)
    )
    assert not any("time shares" in line for line in limits)  # the seed coder's card is the publisher's
