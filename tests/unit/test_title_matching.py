"""Golden table of job titles (misspellings, levels, abbreviations, out-of-scope jobs) -> role or refusal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.errors import MatchError
from assessor.core.matching import match_title, normalise, resolve_title, split_level, title_similarity

REFUSED = None

# (typed title, years or None, expected role id or REFUSED)
TITLES: list[tuple[str, float | None, str | None]] = [
    # plain and misspelled
    ("medical coder", None, "medical-coder"),
    ("Medical Coder", 3, "medical-coder"),
    ("medcial codr", None, "medical-coder"),
    ("medical codder", None, "medical-coder"),
    ("medicl coder", None, "medical-coder"),
    ("coder", None, "medical-coder"),
    ("coding specialist", None, "medical-coder"),
    ("risk adjustmnet coder", None, "risk-adjustment-coder"),
    ("coding auditr", None, "coding-auditor"),
    ("registred nurse", None, "registered-nurse"),
    ("pharmacy techician", None, "pharmacy-technician"),
    ("complaince manager", None, "compliance-manager"),
    ("auditor", None, "coding-auditor"),  # not "editor" (a transcription title) with a typo
    # levels in the title pick the variant; years pick it when the title has none
    ("Coder II", None, "medical-coder"),
    ("Coder II", 12, "medical-coder"),  # the title's level word wins over the years
    ("Medical Coder I", None, "medical-coder-entry"),
    ("medical coder III", None, "medical-coder-senior"),
    ("junior coder", None, "medical-coder-entry"),
    ("trainee coder", None, "medical-coder-entry"),
    ("apprentice coder", None, "medical-coder-entry"),
    ("senior inpatient coder", None, "medical-coder-senior"),
    ("lead coder", None, "medical-coder-senior"),
    ("Sr. Medical Coder", None, "medical-coder-senior"),
    ("medical coder", 1, "medical-coder-entry"),
    ("medical coder", 4, "medical-coder"),
    ("medical coder", 15, "medical-coder-senior"),
    ("inpatient coder", None, "medical-coder-senior"),
    ("oncology coder", None, "medical-coder-senior"),
    # abbreviations
    ("CDI spec", None, "cdi-specialist"),
    ("CDI specialist", None, "cdi-specialist"),
    ("clinical documentation specialist", None, "cdi-specialist"),
    ("HCC coder", None, "risk-adjustment-coder"),
    ("RHIT", None, "medical-records-specialist"),
    ("HIM tech", None, "medical-records-specialist"),
    ("CPC", None, "medical-coder"),
    ("CPC-A", None, "medical-coder-entry"),
    ("E/M coder", None, "medical-coder"),  # a specialty, not a level: the years decide
    ("E/M coder", 1, "medical-coder-entry"),
    ("pro fee coder", 12, "medical-coder"),  # pro fee is outpatient work: the years keep the mid-level card
    ("RN", None, "registered-nurse"),
    ("CNO", None, "chief-nursing-officer"),
    # other catalog roles
    ("clinical coding officer", None, "clinical-coder"),
    ("NHS clinical coder", None, "clinical-coder"),
    ("senior clinical coder", None, "clinical-coder"),
    ("coding auditor", None, "coding-auditor"),
    ("medical records specialist", None, "medical-records-specialist"),
    ("medical biller", None, "medical-biller"),
    ("billing specialist", None, "medical-biller"),
    ("medical transcriptionist", None, "medical-transcriptionist"),
    ("pharmacy tech", None, "pharmacy-technician"),
    ("compliance manager", None, "compliance-manager"),
    ("registered nurse", None, "registered-nurse"),
    ("director of nursing", None, "chief-nursing-officer"),
    ("health services manager", None, "medical-health-services-manager"),
    # outside the catalog: refused, never forced onto a role
    ("pastry chef", None, REFUSED),
    ("software engineer", None, REFUSED),
    ("truck driver", None, REFUSED),
    ("accountant", None, REFUSED),
    ("teacher", None, REFUSED),
    ("data scientist", None, REFUSED),
    ("chef", None, REFUSED),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_table_is_big_enough() -> None:
    assert len(TITLES) >= 40
    assert sum(1 for _, _, expected in TITLES if expected is REFUSED) >= 3


@pytest.mark.parametrize(("title", "years", "expected"), TITLES)
def test_title_lands_on_expected_role(
    catalog: Catalog, title: str, years: float | None, expected: str | None
) -> None:
    if expected is not None and expected not in {role.id for role in catalog.roles}:
        pytest.skip(f"role card {expected} is not in the catalog yet")
    if expected is REFUSED:
        with pytest.raises(MatchError) as caught:
            resolve_title(title, catalog, years)
        assert "closest roles" in caught.value.message
        assert len(caught.value.candidates) == 3
        return
    role, found = resolve_title(title, catalog, years)
    assert role.id == expected, f"{title!r} -> {role.id} (confidence {found.confidence})"
    assert 0 < found.confidence <= 100


def test_every_match_has_a_confidence(catalog: Catalog) -> None:
    exact = match_title("medical coder", catalog)
    typo = match_title("medcial codr", catalog)
    assert exact.confidence == 100
    assert 80 <= typo.confidence < 100


def test_out_of_scope_names_the_closest_roles(catalog: Catalog) -> None:
    found = match_title("pastry chef", catalog)
    assert found.family is None
    assert [candidate.family for candidate in found.candidates]  # named, never chosen
    assert all(candidate.score < 80 for candidate in found.candidates)


def two_coder_catalog(catalog: Catalog) -> Catalog:
    coder = catalog.role("medical-coder")
    first = replace(coder, id="alpha-coder", family="alpha-coder", title="Alpha Coder")
    first = replace(first, aliases=())
    second = replace(first, id="beta-coder", family="beta-coder", title="Beta Coder")
    return Catalog(roles=(first, second))


def test_two_close_candidates_are_ambiguous(catalog: Catalog) -> None:
    # Two families whose titles fit "coder" equally well: the matcher must ask, not guess.
    small = two_coder_catalog(catalog)
    found = match_title("coder", small)
    assert found.ambiguous
    assert {candidate.family for candidate in found.candidates[:2]} == {"alpha-coder", "beta-coder"}
    with pytest.raises(MatchError) as caught:
        resolve_title("coder", small, 3)
    assert "Alpha Coder" in caught.value.message and "Beta Coder" in caught.value.message


def test_normalise_expands_abbreviations_and_strips_levels() -> None:
    assert normalise("CDI spec") == "clinical documentation improvement specialist"
    assert normalise("E/M coder") == "evaluation and management coder"
    assert split_level(normalise("Coder III")) == ("coder", "senior")
    assert split_level(normalise("junior coder")) == ("coder", "entry")


def test_head_noun_rules() -> None:
    # more words around a known title still match; a different head noun does not
    assert title_similarity("pediatric coder", "coder") >= 80
    assert title_similarity("coding auditor", "coding") < 80
    assert title_similarity("billing specialist", "coding specialist") < 80
    assert title_similarity("medcial codr", "medical coder") >= 80
    assert title_similarity("auditor", "medical transcription editor") < 80


@pytest.mark.parametrize("title", ["manager", "specialist"])
def test_bare_head_nouns_are_asked_about(catalog: Catalog, title: str) -> None:
    found = match_title(title, catalog)
    assert found.ambiguous, found
    with pytest.raises(MatchError, match="could be"):
        resolve_title(title, catalog, 3)
