"""The matcher scores a typed title against the index's rows with set operations (its words' near words found
once); every score must be exactly title_similarity's, the word-by-word definition."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.core import matching
from assessor.core.catalog import Catalog
from tests.unit.test_title_index import typed_titles


def normalised_titles(catalog: Catalog) -> list[str]:
    found = []
    for title in typed_titles(catalog):
        typed, _ = matching.split_level(matching.normalise(title))
        if typed:
            found.append(typed)
    return found


def assert_same_scores(catalog: Catalog, typed: str, every: int) -> None:
    index = matching.title_index(catalog)
    score = matching._row_scorer(index, typed)
    rows = set(range(0, len(index.rows), every)) | matching._candidate_rows(index, typed)
    for number in sorted(rows):
        expected = matching.title_similarity(typed, index.rows[number].text)
        assert score(number) == expected, (typed, index.rows[number].text)


def test_row_scores_equal_title_similarity(catalog: Catalog) -> None:
    titles = normalised_titles(catalog)
    assert len(titles) > 300
    for typed in titles:
        assert_same_scores(catalog, typed, every=17)


def test_sorted_texts_are_the_rows_words_sorted(catalog: Catalog) -> None:
    index = matching.title_index(catalog)
    assert len(index.sorted_texts) == len(index.rows)
    for row, sorted_text in zip(index.rows, index.sorted_texts, strict=True):
        assert sorted_text.split() == sorted(row.text.split())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["medical", "coder", "coding", "clinical", "nurse", "senior", "billing", "specialist",
                         "auditor", "risk", "adjustment", "documentation", "manager", "chef", "tech", "records",
                         "cdi", "hcc", "lead", "medcal", "codr", "health", "information", "registered", "of",
                         "nurs", "coders", "specilist", "auditer", "a", "the"]),
        min_size=1,
        max_size=5,
    ).map(" ".join)
)  # fmt: skip
def test_row_scores_equal_title_similarity_on_word_salad(catalog: Catalog, typed: str) -> None:
    assert_same_scores(catalog, typed, every=5)
