"""The title index's prefilter is only a speed-up: it must give the same match as scoring every alias."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.core import matching
from assessor.core.catalog import Catalog


def exhaustive(title: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> matching.TitleMatch:
    with monkeypatch.context() as patch:
        patch.setattr(matching, "_candidate_rows", lambda index, typed: set(range(len(index.rows))))
        return matching._match_title(title, catalog)


POSTINGS = [
    "Medical Coder II - Remote", "HCC Coding Specialist | Hybrid", "Clinical Coder Band 4", "CDI Specialist RN",
    "RN - ICU", "Manager, Coding", "Director of Coding", "Coder (Python)", "Med- Surg Travel RN", "E/M Auditor",
    "Coder at Mayo Clinic", "Staff RN - Nights", "Software Developer - Medical Coding Platform",
]  # fmt: skip


def typed_titles(catalog: Catalog) -> list[str]:
    titles = [text for role in catalog.roles for text in (role.title, *role.aliases)]
    typos = [title[:-1] for title in titles if len(title) > 5] + [title.upper() for title in titles[:20]]
    external = [alias.text for alias in catalog.titles.aliases[::3]]  # O*NET and ESCO titles, a third of them
    return (
        titles
        + typos
        + external
        + POSTINGS
        + ["medcial codr", "senior pediatric oncology coder", "pastry chef", "coder", "nurse"]
    )


def test_prefilter_changes_no_match(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    for title in typed_titles(catalog):
        assert matching._match_title(title, catalog) == exhaustive(title, catalog, monkeypatch), title


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["medical", "coder", "coding", "clinical", "nurse", "senior", "billing", "specialist",
                         "auditor", "risk", "adjustment", "documentation", "manager", "chef", "tech", "records",
                         "cdi", "hcc", "ii", "lead", "medcal", "codr", "health", "information", "-", "remote",
                         "rn", "band", "4", "(", ")", "of", "at", "python", "registered", ","]),
        min_size=1,
        max_size=5,
    ).map(" ".join)
)  # fmt: skip
def test_prefilter_changes_no_match_on_word_salad(catalog: Catalog, title: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        fast = matching._match_title(title, catalog)
        assert fast == exhaustive(title, catalog, patch), title


def test_index_is_built_once_per_catalog(catalog: Catalog) -> None:
    assert matching.title_index(catalog) is matching.title_index(catalog)
    fewer = catalog.model_copy(update={"roles": catalog.roles[:3]})
    assert len(matching.title_index(fewer).rows) < len(matching.title_index(catalog).rows)


def test_remembered_matches_equal_fresh_ones(catalog: Catalog) -> None:
    for title in ["medcial codr", "Coder II", "pastry chef", "HCC coder"]:
        first = matching.match_title(title, catalog)
        assert matching.match_title(title, catalog) is first
        assert first == matching._match_title(title, catalog)
