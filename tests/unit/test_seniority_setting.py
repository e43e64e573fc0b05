"""Years make a coder senior only where the senior card's work is done (seed 001: complex inpatient cases)."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess, load_answers
from assessor.core.catalog import Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("title", "years", "setting", "role_id"),
    [
        ("Medical Coder", 12, "outpatient", "medical-coder"),
        ("Pro Fee Coder", 8, "outpatient", "medical-coder"),
        ("Coding Specialist", 9, "payer", "medical-coder"),
        ("Medical Coder", 12, "inpatient", "medical-coder-senior"),
        ("Medical Coder", 12, "other", "medical-coder-senior"),
        ("Medical Coder", 1, "outpatient", "medical-coder-entry"),
        # a senior title keeps the mid card where the senior card's complex inpatient work is not done
        ("Senior Medical Coder", 12, "outpatient", "medical-coder"),
        ("Sr. Coder", 3, "payer", "medical-coder"),
        ("Senior Medical Coder", 3, "inpatient", "medical-coder-senior"),
        ("Senior Medical Coder", 12, "other", "medical-coder-senior"),
        ("Complex Inpatient Coder", 12, "outpatient", "medical-coder-senior"),  # names the card's own work
    ],
)
def test_years_pick_the_senior_card_only_where_its_work_is_done(
    catalog: Catalog, title: str, years: int, setting: str, role_id: str
) -> None:
    answers = load_answers({"job_title": title, "years_experience": years, "work_setting": setting})
    assert assess(answers, catalog).role.id == role_id


def test_the_person_is_told_why_their_years_did_not_make_them_senior(catalog: Catalog) -> None:
    answers = load_answers({"job_title": "Medical Coder", "years_experience": 12, "work_setting": "payer"})
    notes = assess(answers, catalog).notes
    assert (
        "With over 5 years you count as senior, but the Medical Coder (Senior / Complex Inpatient) card "
        "describes complex inpatient work; for payer work you are scored on the Medical Coder card."
    ) in notes
    inpatient = load_answers(
        {"job_title": "Medical Coder", "years_experience": 12, "work_setting": "inpatient"}
    )
    assert not any("count as senior" in note for note in assess(inpatient, catalog).notes)


def test_a_senior_title_in_outpatient_work_is_told_why_it_keeps_the_mid_card(catalog: Catalog) -> None:
    answers = load_answers(
        {"job_title": "Senior Outpatient Coder", "years_experience": 7, "work_setting": "outpatient"}
    )
    result = assess(answers, catalog)
    assert result.role.id == "medical-coder"
    assert (
        "Your title says senior, but the Medical Coder (Senior / Complex Inpatient) card describes complex "
        "inpatient work; for outpatient work you are scored on the Medical Coder card."
    ) in result.notes
