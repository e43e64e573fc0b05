"""Free-text time splits: a table of sentences with their expected parse, and properties of every parse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.core.errors import AnswersError
from assessor.core.splits import parse_split, read_day, read_fill, split_from_table

THIRD = 100 / 3

# (sentence, expected {task words: percent})
UNDERSTOOD: list[tuple[str, dict[str, float]]] = [
    ("35% coding, 65% queries", {"coding": 35, "queries": 65}),
    ("35 percent coding, 65 percent denials", {"coding": 35, "denials": 65}),
    ("35 per cent coding and 65 per cent audits", {"coding": 35, "audits": 65}),
    ("60 coding, 40 denials", {"coding": 60, "denials": 40}),
    ("coding 60 denials 40", {"coding": 60, "denials": 40}),
    ("half coding, half queries", {"coding": 50, "queries": 50}),
    (
        "a third coding, a third denials, a third queries",
        {"coding": THIRD, "denials": THIRD, "queries": THIRD},
    ),
    ("a quarter denials, the rest coding", {"denials": 25, "coding": 75}),
    ("half coding, a quarter denials, a quarter queries", {"coding": 50, "denials": 25, "queries": 25}),
    ("two thirds coding, a third queries", {"coding": 2 * THIRD, "queries": THIRD}),
    ("three quarters coding, the rest denials", {"coding": 75, "denials": 25}),
    ("5 hours coding, 2 on queries, 1 in meetings", {"coding": 62.5, "queries": 25, "meetings": 12.5}),
    ("5 hours coding, 2 hours queries, 1 hour meetings", {"coding": 62.5, "queries": 25, "meetings": 12.5}),
    ("6h coding 2h queries", {"coding": 75, "queries": 25}),
    ("coding 6 hours, queries 2 hours", {"coding": 75, "queries": 25}),
    (
        "in an 8 hour day, 4 hours coding, 2 hours denials and the rest queries",
        {"coding": 50, "denials": 25, "queries": 25},
    ),
    ("I work 8 hours a day: 6 hours coding and 2 hours queries", {"coding": 75, "queries": 25}),
    ("50% coding, 20% denials, the rest queries", {"coding": 50, "denials": 20, "queries": 30}),
    ("50% coding, 20% denials, the remaining queries", {"coding": 50, "denials": 20, "queries": 30}),
    ("50% coding, 20% denials, everything else queries", {"coding": 50, "denials": 20, "queries": 30}),
    ("coding 50%, denials 20%, queries 30%", {"coding": 50, "denials": 20, "queries": 30}),
    ("70% coding and 20% denials and 10% queries", {"coding": 70, "denials": 20, "queries": 10}),
    ("about half coding, roughly 30% denials, 20% queries", {"coding": 50, "denials": 30, "queries": 20}),
    ("coding: 40%; denials: 40%; queries: 20%", {"coding": 40, "denials": 40, "queries": 20}),
    ("twenty percent queries, eighty percent coding", {"queries": 20, "coding": 80}),
    ("100% coding", {"coding": 100}),
    ("half coding and the rest queries", {"coding": 50, "queries": 50}),
    ("the rest coding, 30% queries", {"coding": 70, "queries": 30}),
    ("0% audits, 100% coding", {"coding": 100}),
]

# 95..105 is scaled to 100 and the person is told so.
NORMALISED: list[tuple[str, float]] = [
    ("50% coding, 30% denials, 17% queries", 97),
    ("50% coding, 30% denials, 23% queries", 103),
    ("60 coding, 35 denials", 95),
    ("60 coding, 45 denials", 105),
]

# Asked back, never guessed: (sentence, a word the question must contain)
ASKED_BACK: list[tuple[str, str]] = [
    ("mostly coding", "How much"),
    ("mostly coding, some denials", "How much"),
    ("coding and denials", "How much of your day is coding"),
    ("50% coding, 20% denials", "70%"),
    ("40% coding", "40%"),
    ("80% coding, 30% denials", "110%"),
    ("50% coding, 30% denials, 10% queries", "90%"),
    ("50% coding, the rest queries, the rest denials", "more than once"),
    ("5 hours coding, 50% queries", "both hours and percentages"),
    ("5 coding, 2 queries, 1 meetings", "hours"),
    ("4 hours coding and the rest queries", "How long is your working day"),
    ("in an 8 hour day, 6 hours coding, 4 hours queries", "10 hours"),
    ("", "how your day splits"),
    ("100% coding, the rest queries", "nothing for the rest"),
]


def as_dict(text: str) -> dict[str, float]:
    return {part.said: part.pct for part in parse_split(text).parts}


def test_table_is_big_enough() -> None:
    assert len(UNDERSTOOD) + len(NORMALISED) >= 25


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_understood(text: str, expected: dict[str, float]) -> None:
    parsed = parse_split(text)
    got = {part.said: part.pct for part in parsed.parts}
    assert got.keys() == expected.keys()
    for name, pct in expected.items():
        assert got[name] == pytest.approx(pct, abs=1e-9)
    assert parsed.note is None


@pytest.mark.parametrize(("text", "total"), NORMALISED)
def test_near_100_is_scaled_with_a_notice(text: str, total: float) -> None:
    parsed = parse_split(text)
    assert sum(part.pct for part in parsed.parts) == pytest.approx(100)
    assert parsed.note is not None and f"{total:g}%" in parsed.note and "scaled" in parsed.note


@pytest.mark.parametrize(("text", "needle"), ASKED_BACK)
def test_asked_back(text: str, needle: str) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_split(text)
    assert needle in caught.value.message
    assert "\n" not in caught.value.message


def test_table_split_is_checked_like_text() -> None:
    assert {part.said: part.pct for part in split_from_table({"a": 49, "b": 49}).parts} == {
        "a": pytest.approx(50),
        "b": pytest.approx(50),
    }
    with pytest.raises(AnswersError):
        split_from_table({"a": 40})


# ----- properties -------------------------------------------------------------------------------------

TASK_WORDS = ["coding", "denials", "queries", "audits", "meetings", "training", "reports", "appeals"]
FORMS = ["{n}% {w}", "{n} percent {w}", "{n} per cent {w}", "{w} {n}%", "{n} {w}", "{w}: {n}%"]


@st.composite
def split_sentences(draw: st.DrawFn) -> tuple[list[str], dict[str, float]]:
    """Clauses naming distinct tasks with whole percentages adding to 100, maybe one 'the rest'."""
    count = draw(st.integers(min_value=1, max_value=5))
    words = draw(st.permutations(TASK_WORDS))[:count]
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
    amounts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    rest_index = draw(st.one_of(st.none(), st.integers(0, count - 1))) if count > 1 else None
    clauses = []
    for index, (word, amount) in enumerate(zip(words, amounts, strict=True)):
        if index == rest_index:
            clauses.append(
                draw(st.sampled_from(["the rest {w}", "{w} the rest", "everything else {w}"])).format(w=word)
            )
        else:
            clauses.append(draw(st.sampled_from(FORMS)).format(n=amount, w=word))
    return clauses, dict(zip(words, amounts, strict=True))


@settings(max_examples=300, deadline=None)
@given(split_sentences(), st.randoms(use_true_random=False), st.sampled_from([", ", "; ", "\n"]))
def test_every_accepted_parse_sums_to_100_and_order_does_not_matter(
    case: tuple[list[str], dict[str, float]], shuffler: object, joiner: str
) -> None:
    clauses, expected = case
    first = as_dict(joiner.join(clauses))
    assert sum(first.values()) == pytest.approx(100)
    assert first == pytest.approx(expected)
    reordered = list(clauses)
    shuffler.shuffle(reordered)  # type: ignore[attr-defined]
    assert as_dict(joiner.join(reordered)) == pytest.approx(first)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_parsed_or_refused_with_a_sentence(text: str) -> None:
    try:
        parsed = parse_split(text)
    except AnswersError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert sum(part.pct for part in parsed.parts) == pytest.approx(100)
    assert all(part.pct > 0 for part in parsed.parts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 8), min_size=1, max_size=4), st.permutations(TASK_WORDS))
def test_hours_become_shares_of_the_day(hours: list[int], words: list[str]) -> None:
    clauses = [f"{count} hours {word}" for count, word in zip(hours, words, strict=False)]
    parsed = as_dict(", ".join(clauses))
    total = sum(hours)
    for count, word in zip(hours, words, strict=False):
        assert parsed[word] == pytest.approx(count * 100 / total)
    assert as_dict(", ".join(reversed(clauses))) == pytest.approx(parsed)


def test_plain_rest_at_the_start_of_a_clause_means_the_rest() -> None:
    parsed = parse_split("60% coding, 25% denials, rest queries")
    assert {part.said: round(part.pct, 6) for part in parsed.parts} == {
        "coding": 60,
        "denials": 25,
        "queries": 15,
    }


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("about half my day is same-day surgery charts, the rest queries", "same-day surgery charts"),
        ("60% follow-up on denials, 40% coding", "follow-up denials"),
        ("70% day-of-surgery coding and 30% queries", "day-of-surgery coding"),
    ],
)
def test_a_filler_word_inside_a_hyphenated_compound_is_kept(text: str, said: str) -> None:
    """ "day" is filler in "half my day" but part of the task in "same-day surgery"."""
    assert parse_split(text).parts[0].said == said


@pytest.mark.parametrize(
    ("text", "expected", "told"),
    [
        ("about forty charts a day, all coding", {"coding": 100}, "'forty charts a day'"),
        (
            "quota is 25 charts an hour; 80% coding, 20% queries",
            {"coding": 80, "queries": 20},
            "'25 charts an hour'",
        ),
        (
            "I code 30 charts a day, half my time, the rest is denials",
            {"code 30 charts": 50, "denials": 50},
            None,
        ),
        (
            "coding 80%, 20 inpatient charts a day of denials",
            {"coding": 80, "20 inpatient charts denials": 20},
            None,
        ),
        ("6 hours coding (about 25 charts), 2 hours queries", {"coding 25 charts": 75, "queries": 25}, None),
        ("coding 70%, 12 audits a week, the rest denials", None, "'12 audits a week'"),
        (
            "about 15 reviews a day, 70% concurrent reviews and queries, 30% education",
            {"concurrent reviews and queries": 70, "education": 30},
            "'15 reviews a day'",
        ),
        (
            "20 queries a week; 90% coding, 10% querying",
            {"coding": 90, "querying": 10},
            "'20 queries a week'",
        ),
    ],
)
def test_counts_of_work_are_not_shares_of_the_day(
    text: str, expected: dict[str, float] | None, told: str | None
) -> None:
    """'40 charts a week' is how much a person gets through: never 40% of the day, nor 40 hours."""
    from assessor.core.splits import read_day

    reading = read_day(text)
    if expected is None:
        assert reading.split is None and reading.gap is not None and reading.gap.kind == "share"
        return
    assert reading.split is not None
    assert {part.said: part.pct for part in reading.split.parts} == pytest.approx(expected)
    assert reading.split.note is not None and "not a share of your day" in reading.split.note
    if told is not None:
        assert told in reading.split.note


@pytest.mark.parametrize(
    "text", ["30 audits, 70 coding", "50 coding 30 denials 20 queries", "40 reports, 60 coding"]
)
def test_a_task_counted_without_a_rate_is_still_a_share(text: str) -> None:
    assert sum(part.pct for part in parse_split(text).parts) == pytest.approx(100)
    assert parse_split(text).note is None


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        # A plus between task names joins them as "and" does; between amounts it still separates them.
        (
            "abt 70% pro fee coding + E/M leveling, 30% denials",
            [("pro fee coding + e/m leveling", 70.0), ("denials", 30.0)],
        ),
        ("coding + abstracting 50%, rest queries", [("coding + abstracting", 50.0), ("queries", 50.0)]),
        (
            "coding 50% + queries 30% + rest meetings",
            [("coding", 50.0), ("queries", 30.0), ("meetings", 20.0)],
        ),
        (
            "6 hrs coding + 1 hr meetings + 1 hr queries",
            [("coding", 75.0), ("meetings", 12.5), ("queries", 12.5)],
        ),
        ("coding + queries, 2 hours each", [("coding", 50.0), ("queries", 50.0)]),
    ],
)
def test_a_plus_joins_task_names_like_and(said: str, parts: list[tuple[str, float]]) -> None:
    split = read_day(said).split
    assert split is not None
    assert [(part.said, part.pct) for part in split.parts] == parts


def test_a_plus_between_names_without_amounts_asks_like_and() -> None:
    plus, joined = read_day("coding + queries + meetings"), read_day("coding and queries and meetings")
    assert plus.split is None and plus.gap is not None and joined.gap is not None
    assert plus.gap.question == joined.gap.question


_LEVELLING_DAY = (
    "abt 70% pro fee coding, E/M leveling, charge review 2 hrs, rest is denials, of my 8 hour day"
)


@pytest.mark.parametrize(
    "answer",
    [
        "included in the 70",
        "it's all part of the 70 percent",
        "that's part of the coding",
        "no, that's in with coding",
        "same as coding",
        "falls under coding",
        "it's included",
    ],
)
def test_a_share_counted_in_another_part_joins_that_part(answer: str) -> None:
    """Asked 'How much of your day is e/m leveling?', a coder says it is in the coding's 70%."""
    gap = read_day(_LEVELLING_DAY).gap
    assert gap is not None and gap.kind == "share" and gap.said == "e/m leveling"
    reading = read_day(_LEVELLING_DAY, (read_fill(gap, answer),))
    assert reading.split is not None
    assert [(part.said, part.pct) for part in reading.split.parts] == [
        ("pro fee coding and e/m leveling", 70.0),
        ("charge review", 25.0),
        ("denials", 5.0),
    ]
    again = read_day(reading.text).split  # what the conversation stores reads back to the same day
    assert again is not None and again.parts == reading.split.parts


def test_a_share_counted_in_a_part_that_is_not_there_is_asked_again() -> None:
    gap = read_day(_LEVELLING_DAY).gap
    assert gap is not None
    with pytest.raises(AnswersError, match="which part of your day"):
        read_day(_LEVELLING_DAY, (read_fill(gap, "included in lunch"),))
    with pytest.raises(AnswersError, match="which part of your day"):
        read_day(_LEVELLING_DAY, (read_fill(gap, "part of the 40%"),))


@pytest.mark.parametrize(("answer", "pct"), [("also 10%", 10.0), ("10% too", 10.0), ("none", 0.0)])
def test_plain_shares_are_not_read_as_counted_elsewhere(answer: str, pct: float) -> None:
    gap = read_day("70% coding, queries, rest denials").gap
    assert gap is not None
    fill = read_fill(gap, answer)
    assert fill.within is None and fill.amount == pct
