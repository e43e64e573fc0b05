"""understanding.understand_task: task phrases the way coders say them, with confidence and deciding words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessor.core.assess import assess
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.data import data_dir
from assessor.core.errors import DataFileError, MatchError
from assessor.core.models import Answers
from assessor.core.understanding import CONFIDENT, MAX_CANDIDATES, understand_task
from assessor.core.words import phrase_key, tokens

CODER_CARDS = ["medical-coder-entry", "medical-coder", "medical-coder-senior"]
# Seed 001's task names exactly as printed, '&' and '/' included.
SEED_TASKS = [
    ("Read clinical documentation & assign ICD-10/CPT/HCPCS codes", "assign-codes"),
    ("Verify code accuracy against payer rules", "verify-payer-rules"),
    ("Abstract data from medical records", "abstract-data"),
    ("Resolve ambiguous/incomplete documentation", "resolve-ambiguous-documentation"),
    ("Handle denials, appeals & audit support", "denials-appeals-audits"),
    ("Communicate with clinicians on coding queries", "clinician-queries"),
    ("Stay current on coding guideline updates", "guideline-updates"),
    ("Generate coding productivity/accuracy reports", "productivity-reports"),
    ("Compliance monitoring", "compliance-monitoring"),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("role_id", CODER_CARDS)
@pytest.mark.parametrize(("said", "expected"), SEED_TASKS)
def test_seed_task_names_work_for_every_coder_card(
    catalog: Catalog, role_id: str, said: str, expected: str
) -> None:
    found = understand_task(said, catalog.role(role_id), catalog)
    assert found.match is not None, found.candidates
    assert found.match.task_id == expected
    assert found.match.confidence >= CONFIDENT


def test_a_senior_coder_can_say_coding_charts(catalog: Catalog) -> None:
    found = understand_task("coding charts", catalog.role("medical-coder-senior"), catalog)
    assert found.match is not None and found.match.task_id == "assign-codes"
    assert found.match.card == "medical-coder-senior"  # their own card's figures, not the mid card's
    assert found.match.origin == "role"


def test_a_task_of_another_card_of_the_family_says_which_card(catalog: Catalog) -> None:
    # the senior card has no productivity task; the mid card does, and its figure is used
    found = understand_task("productivity reports", catalog.role("medical-coder-senior"), catalog)
    assert found.match is not None and found.match.task_id == "productivity-reports"
    assert (found.match.card, found.match.origin) == ("medical-coder", "family")
    entry_only = understand_task("charge entry", catalog.role("medical-coder-senior"), catalog)
    assert entry_only.match is not None and entry_only.match.card == "medical-coder-entry"


def test_assessment_uses_the_cards_own_figure(catalog: Catalog) -> None:
    answers = Answers.validated(
        dict(
            job_title="Senior Medical Coder",
            years_experience=6,
            time_split={"coding charts": 60, "productivity reports": 20, "charge entry": 20},
        )
    )
    result = assess(answers, catalog)
    by_id = {task.id: task for task in result.tasks}
    mid = {task.id: task for task in catalog.role("medical-coder").tasks}
    entry = {task.id: task for task in catalog.role("medical-coder-entry").tasks}
    senior = {task.id: task for task in catalog.role("medical-coder-senior").tasks}
    assert by_id["assign-codes"].base_automation == senior["assign-codes"].automation
    assert by_id["productivity-reports"].base_automation == mid["productivity-reports"].automation
    assert by_id["productivity-reports"].card == "medical-coder"
    assert by_id["charge-entry"].base_automation == entry["charge-entry"].automation
    assert by_id["assign-codes"].deciding == ("coding charts",)


@pytest.mark.parametrize(
    ("said", "expected", "deciding"),
    [
        ("working the DNFB list", "assign-codes", "DNFB list"),
        ("pro-fee E/M leveling", "assign-codes", "E/M leveling"),
        ("answering provider queries", "clinician-queries", "provider queries"),
        ("reviewing CAC suggestions", "validate-ai-codes", "CAC suggestions"),
        ("HCC recapture chart reviews", "hcc-chart-review", "HCC recapture"),
        ("processing ROI requests", "release-of-information", "ROI requests"),
    ],
)
def test_jargon_is_read_as_units_and_named_as_the_deciding_words(
    catalog: Catalog, said: str, expected: str, deciding: str
) -> None:
    found = understand_task(said, catalog.role("medical-coder"), catalog)
    assert found.match is not None, found.candidates
    assert found.match.task_id == expected
    assert deciding in found.match.deciding
    assert found.explain().startswith("you said ")
    assert found.match.name in found.explain()


@pytest.mark.parametrize("said", ["E/M", "E&M", "e and m", "EM", "E & M"])
def test_abbreviation_spellings_are_one_unit(said: str) -> None:
    assert [token.word for token in tokens(said)] == ["em"]


def test_a_common_word_does_not_decide_alone(catalog: Catalog) -> None:
    found = understand_task("review", catalog.role("medical-coder"), catalog)
    assert found.match is None
    assert 1 <= len(found.candidates) <= MAX_CANDIDATES


@pytest.mark.parametrize("said", ["lunch", "school run", "walking the dog", "xyzzy"])
def test_unrelated_activities_are_never_matched(catalog: Catalog, said: str) -> None:
    found = understand_task(said, catalog.role("medical-coder"), catalog)
    assert found.match is None
    assert all(candidate.confidence < CONFIDENT for candidate in found.candidates)


def test_task_ids_are_taken_directly(catalog: Catalog) -> None:
    found = understand_task("charge-entry", catalog.role("medical-coder"), catalog)
    assert found.match is not None and found.how == "id"
    assert found.match.card == "medical-coder-entry"


def test_a_remembered_phrase_matches_directly_however_it_is_typed(catalog: Catalog) -> None:
    role = catalog.role("medical-coder")
    assert understand_task("the blue binder", role, catalog).match is None
    learned = {"The Blue  Binder": "guideline-updates"}
    found = understand_task("the blue binder!", role, catalog, learned)
    assert found.match is not None and found.how == "learned"
    assert found.match.task_id == "guideline-updates"
    assert phrase_key("The Blue  Binder") == phrase_key("the blue binder!") == "the blue binder"
    # a remembered task the role cannot have is ignored, not forced
    assert understand_task("the blue binder", role, catalog, {"the blue binder": "compounding"}).match is None


def test_unconfident_candidates_are_ranked_with_cards_and_words(catalog: Catalog) -> None:
    found = understand_task("review", catalog.role("medical-coder"), catalog)
    confidences = [candidate.confidence for candidate in found.candidates]
    assert confidences == sorted(confidences, reverse=True)
    for candidate in found.candidates:
        assert candidate.deciding == ("review",)
        assert candidate.card is None or catalog.role(candidate.card).family == "medical-coder"


def test_score_refuses_with_candidates_and_task_ids(catalog: Catalog) -> None:
    answers = Answers.validated(
        dict(job_title="Medical Coder", years_experience=3, time_split={"coding": 80, "review": 20})
    )
    with pytest.raises(MatchError) as caught:
        assess(answers, catalog)
    message = caught.value.message
    assert "'review'" in message and "did you mean" in message
    assert "(" in message and "\n" not in message
    assert caught.value.candidates


def test_typo_is_read_but_less_certain(catalog: Catalog) -> None:
    found = understand_task("physican querys", catalog.role("medical-coder"), catalog)
    assert found.match is not None and found.match.task_id == "clinician-queries"
    assert found.match.confidence < 100


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "roles"
    shutil.copytree(data_dir("roles"), root)
    path = root / "lexicon.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_lexicon_unknown_task_suggests_the_id(tmp_path: Path) -> None:
    root = _copy_with(tmp_path, 'tasks = ["assign-codes"]', 'tasks = ["asign-codes"]')
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    message = caught.value.message
    assert message.startswith("roles/lexicon.toml: concepts[")
    assert ".tasks: unknown task 'asign-codes'" in message
    assert "did you mean 'assign-codes'" in message


def test_lexicon_field_typo_suggests_the_field(tmp_path: Path) -> None:
    root = _copy_with(tmp_path, "gloss = ", "glos = ")
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    assert caught.value.message.startswith("roles/lexicon.toml: concepts[0].glos: unknown field")
    assert "did you mean 'gloss'" in caught.value.message


def test_lexicon_phrase_in_two_concepts_is_refused(tmp_path: Path) -> None:
    root = _copy_with(tmp_path, 'terms = ["dnfb list"', 'terms = ["poa indicators", "dnfb list"')
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    assert "'poa indicators' is also a phrase of concept" in caught.value.message


def test_lexicon_gloss_is_one_line_and_ids_unique(tmp_path: Path) -> None:
    root = _copy_with(tmp_path, 'id = "production-coding"', 'id = "dnfb"')
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    assert caught.value.message == "roles/lexicon.toml: concepts: id 'dnfb' is used twice"


def test_lexicon_spelling_must_be_a_word(tmp_path: Path) -> None:
    root = _copy_with(tmp_path, 'programme = "program"', '"pro gramme" = "program"')
    with pytest.raises(DataFileError) as caught:
        load_catalog(root)
    assert "roles/lexicon.toml" in caught.value.message and "spellings" in caught.value.message


def test_every_concept_points_at_a_task_and_has_a_one_line_gloss(catalog: Catalog) -> None:
    assert len(catalog.lexicon.concepts) >= 50
    for concept in catalog.lexicon.concepts:
        assert concept.gloss and "\n" not in concept.gloss
        assert concept.tasks


def test_index_is_built_once_per_catalog(catalog: Catalog) -> None:
    from assessor.core.understanding import task_index

    assert task_index(catalog) is task_index(catalog)


def test_an_object_word_does_not_outweigh_the_activity(catalog: Catalog) -> None:
    # "ICD-10" names a code set (kind = "object"): alone it is coding, with "updates" it is not
    role = catalog.role("medical-coder")
    alone = understand_task("ICD-10", role, catalog)
    assert alone.match is not None and alone.match.task_id == "assign-codes"
    updates = understand_task("ICD-10 updates", role, catalog)
    assert updates.match is None or updates.match.task_id == "guideline-updates"
    assert updates.candidates[0].task_id == "guideline-updates"


def test_another_familys_alias_is_not_taken_whole(catalog: Catalog) -> None:
    # "coding" is an alias of HCC review on the risk-adjustment card; a biller saying it is asked, not forced
    assert understand_task("coding", catalog.role("risk-adjustment-coder"), catalog).match is not None
    assert understand_task("coding", catalog.role("medical-biller"), catalog).match is None


def test_context_words_do_not_stop_a_whole_phrase(catalog: Catalog) -> None:
    found = understand_task("coding radiology", catalog.role("medical-coder-entry"), catalog)
    assert found.match is not None and found.match.task_id == "assign-codes"
    assert found.match.deciding[0] == "coding"
    assert understand_task("radiology", catalog.role("medical-coder-entry"), catalog).match is None


def test_a_word_is_not_read_as_a_slip_of_a_light_word(catalog: Catalog) -> None:
    # "faxing" is one letter from "fixing"; reading it so would let "records" decide alone
    assert understand_task("faxing records", catalog.role("medical-coder"), catalog).match is None


def test_long_text_is_read_only_so_far(catalog: Catalog) -> None:
    found = understand_task("coding " * 5000 + "lunch", catalog.role("medical-coder"), catalog)
    assert found.match is not None and found.match.task_id == "assign-codes"
    assert "lunch" not in found.match.deciding


@pytest.mark.parametrize(
    "text", ["Straße ß coding", "a1a E/M", "ICD10-CM", "İstanbul x & y", "CEU's and AI's"]
)
def test_tokens_keep_the_persons_own_characters(text: str) -> None:
    for token in tokens(text):
        assert text[token.start : token.end] == token.typed
        assert token.word == token.word.casefold()
