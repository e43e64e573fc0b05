"""Held-out set 6 (tests/data/set6_*.tsv): inpatient DRG and DNFC, CAC, pro fee and E/M levelling, ED facility,
ASC, IR, anaesthesia, prebill edits, charge reconciliation and CDM, work queues, risk adjustment, CDI
clarifications, audits, denials, registries, ROI/HIM, managers, UK/AU/CA words, hedges, typos, negations and words
that name no task, written and committed before the matcher was run on them. Floors on the measured figures
(first-run figures in each file's header) and one test per general rule the fixes after it added."""

from __future__ import annotations

import pytest

from assessor.core.catalog import Catalog
from assessor.core.conversation import ConversationState
from assessor.core.matching import resolve_title
from assessor.core.questionnaire import load_questionnaire
from assessor.core.understanding import understand_task
from tests.eval_sets import check_floor, check_size, day_question, day_shares, task_of


def choices_in_order(catalog: Catalog, role: str, said: str) -> list[str]:
    return [candidate.task_id for candidate in understand_task(said, catalog.role(role), catalog).candidates]


def test_the_set_is_the_size_asked_for(catalog: Catalog) -> None:
    check_size(catalog, "set6", titles=60, whole=30, vague=12)


@pytest.mark.parametrize(
    ("name", "direct", "wrong_silent"),
    [
        ("set6-tasks", 0.738, 0),  # first run 58.9% (99/168), 6 wrong silent (2 labels widened since)
        ("set6-titles", 0.983, 0),  # first run 93.4% (57/61), 3 wrong silent (2 rows relabelled since)
        ("set6-days", 1.0, 0),  # first run 95.2% (30/30 whole, 10/12 vague), 1 wrong silent
    ],
)
def test_floors(catalog: Catalog, name: str, direct: float, wrong_silent: int) -> None:
    check_floor(catalog, name, direct, wrong_silent)


# ----- task words -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "said", "task"),
    [
        # the card's own 'retrospective review' and 'chart review' are inside the words: its own reading leads
        ("risk-adjustment-coder", "retro chart reviews", "hcc-chart-review"),
        ("risk-adjustment-coder", "retrospective chart reviews for MA", "hcc-chart-review"),
        ("medical-health-services-manager", "one on ones with my coders", "direct-staff"),
    ],
)
def test_a_cards_own_words_inside_jargon_say_what_its_people_mean(
    catalog: Catalog, role: str, said: str, task: str
) -> None:
    assert task_of(catalog, role, said) == task


def test_the_lexicon_order_stays_for_people_whose_card_does_not_name_the_work(catalog: Catalog) -> None:
    # a coder's retrospective chart reviews are audits, as the lexicon orders them (not their own denials task)
    assert task_of(catalog, "medical-coder", "retrospective chart reviews") == "coding-audits"
    # a biller's prior auths stay the shared task the lexicon puts first, not their own eligibility checks
    assert task_of(catalog, "medical-biller", "prior auths") == "prior-authorizations"


def test_jargon_opening_with_the_act_names_the_work_and_jargon_after_it_what_it_is_on(
    catalog: Catalog,
) -> None:
    assert task_of(catalog, "coding-auditor", "auditing CDI queries") == "coding-audits"
    # 'audit results' no longer outweighs the writing up: asked, the report first (it was audits, silently)
    said = "writing up audit results for leadership"
    assert task_of(catalog, "coding-auditor", said) is None
    assert next(iter(choices_in_order(catalog, "coding-auditor", said))) == "audit-reports"
    # an act with its own object is not alone: 'writing the query policy' is not read as writing a policy's query
    assert task_of(catalog, "medical-health-services-manager", "writing the query policy") != "cdi-queries"


def test_the_clinic_coded_is_not_the_coding_clinic_publication(catalog: Catalog) -> None:
    said = "coding clinic visits while I finish my CPC-A hours"
    assert task_of(catalog, "medical-coder-entry", said) == "assign-codes"
    assert task_of(catalog, "medical-coder", "reading the AHA Coding Clinic quarterly") == "guideline-updates"


# ----- titles ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Second Level Reviewer - Coding", "2nd Level Reviewer"])
def test_a_second_level_reviewer_is_a_review_tier_not_a_grade(catalog: Catalog, title: str) -> None:
    assert resolve_title(title, catalog, 3.0)[0].id == "coding-auditor"
    assert resolve_title("Coder II", catalog, 3.0)[0].id == "medical-coder"  # a grade stays a grade


# ----- days ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["whatever's in the WQ", "whatever lands in my queue", "whatever gets assigned"]
)
def test_whatever_the_queue_holds_names_no_task(text: str) -> None:
    assert "typical day" in day_question(text)


def test_the_days_length_is_asked_naming_the_task_told_after_the_hours() -> None:
    assert day_question("coding 6 hrs, queries").endswith("time left for queries.")
    assert day_question("IP coding 7 hrs, then appeals").endswith("time left for appeals.")
    assert day_question("coding, queries 2 hrs").endswith("time left for the rest.")  # told first: not named


def test_a_hedged_share_is_asked_saying_what_takes_the_rest() -> None:
    question = day_question("coding, the odd appeal, some training")
    assert "how much of your day is appeal?" in question and "the rest is coding." in question
    assert day_shares("2 hrs of an 8 hr day on denials, the rest coding") == {"denials": 25.0, "coding": 75.0}


# ----- added after the first landing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "said", "task"),
    [
        # a clause after the work says when or why, not which
        ("medical-coder", "ROI when the vendor is out", "release-of-information"),
        (
            "medical-coder-senior",
            "writing appeal letters when the payer drops the MCC",
            "denials-appeals-audits",
        ),
        # chat around the work is not the work
        ("medical-coder-senior", "honestly mostly DRG coding lol", "assign-codes"),
        ("medical-coder", "tbh I spend half my life fighting denials", "denials-appeals-audits"),
        ("coding-auditor", "a little auditing i guess", "coding-audits"),
        # how often is not which: 'annual' is not the annual wellness visit, 'new' not new hires
        ("medical-health-services-manager", "annual performance reviews", "direct-staff"),
        ("cdi-specialist", "reviewing new admits for query opportunities", "concurrent-record-review"),
        # imaging studies and care models are what a chart is about
        ("medical-coder", "radiology coding, mostly CT and MRI", "assign-codes"),
        ("clinical-coder", "HITH and rehab episodes", "assign-codes"),
    ],
)
def test_words_around_the_work_do_not_decide_it(catalog: Catalog, role: str, said: str, task: str) -> None:
    assert task_of(catalog, role, said) == task


def test_a_known_word_after_an_act_said_alone_is_what_the_act_is_on(catalog: Catalog) -> None:
    # 'coders' had put training and supervising ahead of the hiring
    assert (
        choices_in_order(catalog, "medical-health-services-manager", "hiring remote coders")[0]
        == "recruitment"
    )


def test_one_vowel_for_another_in_a_short_word_is_another_word_not_a_typo(catalog: Catalog) -> None:
    # 'simple' is not 'sample' (audit sampling); 'wrote' is read as 'write' by its spelling, not as a slip
    assert (
        task_of(catalog, "medical-coder-entry", "coding simple office visits while I learn") == "assign-codes"
    )
    assert task_of(catalog, "coding-auditor", "wrote up audit findings") == "audit-reports"
    assert (
        task_of(catalog, "medical-coder", "reveiwing denails") == "denials-appeals-audits"
    )  # long words still


def test_jargon_after_a_preposition_that_names_none_of_the_persons_work_says_what_it_is_on(
    catalog: Catalog,
) -> None:
    # payer rules are no task of an auditor's: 'on modifier 25' says what the focused review is on
    assert task_of(catalog, "coding-auditor", "focused reviews on modifier 25") == "coding-audits"
    # a task's name for other people still counts: queries from finance are not clinicians' queries
    assert task_of(catalog, "clinical-coder", "answering ABF queries from finance") is None


def test_a_purpose_after_for_that_is_work_of_its_own_keeps_its_weight(catalog: Catalog) -> None:
    assert "radv-audit-support" in choices_in_order(catalog, "risk-adjustment-coder", "chart chase for RADV")
    assert task_of(catalog, "risk-adjustment-coder", "coding in-home assessments") == "hcc-chart-review"
    assert task_of(catalog, "cdi-specialist", "post-discharge queries") == "cdi-queries"
    assert (
        task_of(catalog, "medical-coder", "adding mod 25 when the note supports it") == "verify-payer-rules"
    )


def test_a_day_told_in_hours_offers_a_full_time_day_for_the_time_left(catalog: Catalog) -> None:
    state = ConversationState.start(load_questionnaire(), catalog)
    state = state.submit("job_title", "medical coder").state.submit("years_experience", "3").state
    asked = state.submit("time_split", "coding 6 hrs, queries")
    assert asked.clarify is not None and asked.clarify.question.endswith("(Enter: 8 hours)")
    taken = asked.state.submit("time_split", "")
    assert taken.error is None
    assert {line.task_id: line.pct for line in taken.state.split_preview()} == {
        "assign-codes": 75.0,
        "clinician-queries": 25.0,
    }
    longer = state.submit("time_split", "coding 9 hrs, queries")  # more than a full-time day: nothing offered
    assert longer.clarify is not None and "Enter" not in longer.clarify.question


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("medical-coder", "no more charge entry since we went live on Epic"),
        ("medical-records-specialist", "stopped doing ROI last year"),
        ("medical-coder", "we don't do queries, CDI handles those"),
        ("medical-coder", "used to code ED, now mostly audits"),
        ("medical-biller", "I never do eligibility"),
    ],
)
def test_work_no_longer_done_is_asked_about_never_taken(catalog: Catalog, role: str, said: str) -> None:
    assert task_of(catalog, role, said) is None


@pytest.mark.parametrize(
    ("role", "said", "task"),
    [
        # the only task worth offering, named by jargon or a task's own name
        ("medical-coder", "ROI requests when HIM is short staffed", "release-of-information"),
        ("medical-health-services-manager", "FTE budget", "fiscal-operations"),
        # far ahead of the runner-up
        ("medical-coder-senior", "trach and ECMO cases, the high-weight DRGs", "assign-codes"),
        ("medical-coder-senior", "coding the tough ED facility charts nobody else wants", "assign-codes"),
    ],
)
def test_a_task_far_ahead_or_alone_is_taken(catalog: Catalog, role: str, said: str, task: str) -> None:
    assert task_of(catalog, role, said) == task


@pytest.mark.parametrize(("said", "offered"), [("special projects", True), ("covering for people", True)])
def test_one_plain_word_alone_is_not_enough_to_take_a_task(
    catalog: Catalog, said: str, offered: bool
) -> None:
    assert task_of(catalog, "medical-coder", said) is None
    assert bool(choices_in_order(catalog, "medical-coder", said)) is offered


def test_pto_alone_is_time_off_and_approving_it_is_scheduling(catalog: Catalog) -> None:
    assert task_of(catalog, "medical-coder", "on PTO Fridays") is None
    assert task_of(catalog, "medical-health-services-manager", "approving PTO") == "staff-scheduling"


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("medical-coder", "training for a marathon"),
        ("medical-coder", "posting on reddit"),
        ("medical-biller", "charging my phone"),
        ("medical-biller", "eligibility for a mortgage"),
        ("coding-auditor", "coding my own website"),
    ],
)
def test_more_words_of_life_outside_work_name_no_task(catalog: Catalog, role: str, said: str) -> None:
    found = understand_task(said, catalog.role(role), catalog)
    assert found.match is None and found.candidates == ()


def test_calls_to_payers_are_follow_up_and_phone_calls_alone_patients(catalog: Catalog) -> None:
    assert task_of(catalog, "medical-biller", "phone calls to payers") == "ar-follow-up"
    assert task_of(catalog, "medical-biller", "phone calls") == "patient-billing-inquiries"
