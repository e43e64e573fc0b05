"""Whole days and vague days in coders' own words: the evaluation floors, follow-ups in the conversation
and in a piped `assessor ask`, and properties of the follow-up answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.conversation import ConversationState, Turn
from assessor.core.errors import AnswersError
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.core.splits import Fill, Gap, parse_split, read_day, read_fill
from tests.helpers import bench_module

ROOT = Path(__file__).resolve().parents[2]


BENCH = bench_module("accuracy_days.py", "accuracy_days")


# ----- the evaluation sets ----------------------------------------------------------------------------


def test_evaluation_sets_are_big_enough_with_a_held_out_third() -> None:
    whole = BENCH.load_rows("whole_days.tsv")
    vague = BENCH.load_rows("vague_days.tsv")
    assert len(whole) >= 70 and len(vague) >= 25
    for rows in (whole, vague):
        first = [row for row in rows if row.which in ("tune", "held-out")]
        held = sum(row.which == "held-out" for row in first)
        assert len(first) / 4 <= held <= len(first) / 2
        assert {row.which for row in rows} <= {"tune", "held-out", "fresh"}


def test_whole_days_floor() -> None:
    tally = BENCH.whole_days()
    assert tally.right / tally.total >= 0.90, "\n".join(tally.misses)


def test_vague_days_are_all_asked_naming_what_is_missing() -> None:
    tally = BENCH.vague_days()
    assert tally.right == tally.total, "\n".join(tally.misses)


def test_wrong_silent_splits_stay_under_two_percent() -> None:
    whole, vague = BENCH.whole_days(), BENCH.vague_days()
    assert (whole.wrong_silent + vague.wrong_silent) / (whole.total + vague.total) < 0.02


def test_the_judge_can_fail() -> None:
    assert (
        BENCH.judge_whole("3/4 coding and 1/4 abstracting", {"coding": 25, "abstracting": 75})[0] == "wrong"
    )
    assert BENCH.judge_vague("60% coding, 40% denials", ["30%"])[0] == "wrong"
    assert BENCH.judge_vague("mostly coding, some denials", ["denials"])[0] == "asked"


@pytest.mark.parametrize("row", BENCH.load_rows("whole_days.tsv"), ids=lambda row: row.text[:40])
def test_every_understood_day_is_written_back_to_the_same_shares(row: object) -> None:
    """What a conversation stores (DayReading.text) reads back to the same split."""
    reading = read_day(row.text)  # type: ignore[attr-defined]
    assert reading.split is not None
    again = parse_split(reading.text)
    # Shares are written to two decimals and the last one takes what the others rounded away.
    assert {p.said: p.pct for p in again.parts} == pytest.approx(
        {p.said: p.pct for p in reading.split.parts}, abs=0.005 * len(reading.split.parts) + 1e-9
    )


# ----- examples from the issue ------------------------------------------------------------------------


def shares(text: str) -> dict[str, float]:
    return {part.said: round(part.pct, 2) for part in parse_split(text).parts}


def test_issue_examples() -> None:
    assert shares("3/4 coding and 1/4 abstracting") == {"coding": 75, "abstracting": 25}
    assert shares("I code for 6 of my 8 hours and spend the other 2 on denials") == {
        "code": 75,
        "denials": 25,
    }
    gap = read_day("an hour and a half of queries on a 7.5-hour shift").gap
    assert gap is not None and gap.kind == "task" and "6 hours (80%)" in gap.question


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60/40 coding and auditing", {"coding": 60, "auditing": 40}),
        ("coding/auditing 70/30", {"coding": 70, "auditing": 30}),
        ("50/30/20 coding, denials, queries", {"coding": 50, "denials": 30, "queries": 20}),
        ("about 6 hrs of coding a day and 2 hrs of meetings", {"coding": 75, "meetings": 25}),
        ("Mostly coding (like 80%) and the rest appeals", {"coding": 80, "appeals": 20}),
        ("I'm a coder, 8 hour days, 6 coding 2 queries", {"coding": 75, "queries": 25}),
        ("a day a week on QA, 4 days coding", {"qa": 20, "coding": 80}),
        ("ICD-10 coding 60%, OPCS-4 coding 40%", {"icd-10 coding": 60, "opcs-4 coding": 40}),
        ("75:25 coding and auditing", {"coding": 75, "auditing": 25}),
        ("at least 6 hours coding, 2 hours on queries", {"coding": 75, "queries": 25}),
        ("less than 10% on queries, rest coding", {"queries": 10, "coding": 90}),
        ("I work part time (4 hours): 3 coding 1 queries", {"coding": 75, "queries": 25}),
        ("Coding 100% of my time but I'd like to move into auditing", {"coding": 100}),
        ("about half and half coding and auditing", {"coding": 50, "auditing": 50}),
        ("On average 6hrs coding 1hr queries 1hr admin", {"coding": 75, "queries": 12.5, "admin": 12.5}),
        (
            "coding most of the day with maybe 30-45 minutes of emails, 7.5 hr day",
            {"coding": 91.67, "emails": 8.33},
        ),
    ],
)
def test_more_ways_of_telling_a_day(text: str, expected: dict[str, float]) -> None:
    assert shares(text) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coding 9am to 3pm, then queries till 5pm", {"coding": 75, "queries": 25}),
        ("8:00 until 2:30 coding, then queries till 4:30", {"coding": 76.47, "queries": 23.53}),
        ("from 7am to noon I code, 12:30-3:30 denials", {"code": 62.5, "denials": 37.5}),
        ("coding 9-12, audits 1-5", {"coding": 42.86, "audits": 57.14}),
        ("I code from 8 to 3 and do denials from 3 to 4:30", {"code": 82.35, "denials": 17.65}),
        ("from 6:30 to 11 coding, 11-1 DRG validation", {"coding": 69.23, "drg validation": 30.77}),
        ("coding between 7 and 12, then audits between 1 and 3", {"coding": 71.43, "audits": 28.57}),
        ("coding 7:30am\u20133pm, queries 3\u20134pm", {"coding": 88.24, "queries": 11.76}),
        ("Coding 9 to 5 except a 1 hour team meeting", {"coding": 87.5, "team meeting": 12.5}),
        ("coding 8 hours except 1 hour of meetings", {"coding": 87.5, "meetings": 12.5}),
        ("Mon-Thu coding, Fridays are audits", {"coding": 80, "audits": 20}),
        ("Tuesdays and Thursdays auditing, 3 days coding", {"auditing": 40, "coding": 60}),
        (
            "ROI requests 2 hrs, scanning 3 hrs, chart pulls the rest of my 8",
            {"roi requests": 25, "scanning": 37.5, "chart pulls": 37.5},
        ),
        ("coding 6 hrs per day & 2 hrs on appeals", {"coding": 75, "appeals": 25}),
        ("coding 6, queries 2, 8 hrs total", {"coding": 75, "queries": 25}),
        (
            "most of the day coding, about 1 hr of queries and 30 min huddle, 8 hrs",
            {"coding": 81.25, "queries": 12.5, "huddle": 6.25},
        ),
        (
            "20-30% denials, the rest coding",
            {"denials": 25, "coding": 75},
        ),  # a range with a unit stays an amount
        ("coding from 8 to 12 and 1 to 5", {"coding": 100}),  # two stretches of one task
        ("coding 8-12, 1-5 audits", {"coding": 50, "audits": 50}),  # ... but not across a comma
        ("8 hours, 2 of them queries, the rest coding", {"queries": 25, "coding": 75}),
    ],
)
def test_times_of_day_and_days_of_the_week_become_hours_and_days(
    text: str, expected: dict[str, float]
) -> None:
    assert shares(text) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("coding 8-4 mon to fri, queries in the afternoon", "afternoon"),  # the afternoon is inside 8-4
        (
            "I code from 8:00 until 2:30 and do denials the rest of the day",
            "working day",
        ),  # when does it end?
        ("coding from 9am, queries after lunch", "Times of day ('9am')"),  # a start with no end
        ("coding 8pm-2am on nights", "Times of day"),  # past midnight: asked, not guessed
        ("9 to 5, mostly coding", "You said 'mostly'"),  # 9 to 5 is the day; how much of it is coding?
    ],
)
def test_times_of_day_that_leave_something_open_are_asked(text: str, named: str) -> None:
    gap = read_day(text).gap
    assert gap is not None and named in gap.question, gap


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("about 5 hrs coding then the afternoon on denials", "denials"),
        ("50% coding 50% I don't know", "50%"),
        ("a good chunk coding, a little queries", "How much of your day is coding"),
        ("60% coding and the rest is a mixed bag", "40%"),
        ("coding mostly, with an hour or two of audits", "working day"),
    ],
)
def test_more_vague_days_are_asked(text: str, named: str) -> None:
    gap = read_day(text).gap
    assert gap is not None and named in gap.question


def test_a_range_is_its_midpoint_and_says_so() -> None:
    split = parse_split("20-30% denials, the rest coding")
    assert {p.said: p.pct for p in split.parts} == {"denials": 25, "coding": 75}
    assert split.note is not None and "20-30% as 25%" in split.note


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [
        ("the rest varies", "whole", "which tasks"),
        ("a bit of everything", "whole", "which tasks"),
        ("depends on the day", "whole", "typical day"),
        ("coding all day except meetings", "share", "meetings"),
        ("mostly coding, some denials", "share", "coding"),
        ("4 hours coding and the rest queries", "day", "working day"),
        ("2 days auditing, the rest coding", "week", "days a week"),
        ("60% coding, the rest varies", "task", "40%"),
    ],
)
def test_vague_days_name_what_is_missing(text: str, kind: str, names: str) -> None:
    gap = read_day(text).gap
    assert gap is not None and gap.kind == kind and names in gap.question
    with pytest.raises(AnswersError, match=names):
        parse_split(text)


@pytest.mark.parametrize(
    ("answer", "amount", "unit"),
    [
        ("75%", 75, "%"),
        ("75", 75, "%"),
        ("half", 50, "%"),
        ("three quarters", 75, "%"),
        ("a quarter", 25, "%"),
        ("2 hours", 2, "h"),
        ("about 3", 3, "h"),
        ("an hour and a half", 1.5, "h"),
        ("90 mins", 1.5, "h"),
        ("1/4", 25, "%"),
        ("none", 0, "%"),
        ("denials 30%", 30, "%"),
        ("about 2 hours on denials", 2, "h"),
        ("i'd say about half", 50, "%"),
        ("6-7 hours", 6.5, "h"),
    ],
)
def test_a_bare_answer_to_a_share_question(answer: str, amount: float, unit: str) -> None:
    gap = Gap(kind="share", question="How much of your day is denials?", item=1, said="denials")
    fill = read_fill(gap, answer)
    assert (fill.item, fill.unit) == (1, unit)
    assert fill.amount == pytest.approx(amount)


@pytest.mark.parametrize("answer", ["denials", "lots", "200%", "30 hours", ""])
def test_a_share_answer_that_is_not_an_amount_is_refused(answer: str) -> None:
    gap = Gap(kind="share", question="How much of your day is denials?", item=0, said="denials")
    with pytest.raises(AnswersError):
        read_fill(gap, answer)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["share", "task", "day", "week"]))
def test_any_follow_up_answer_is_a_fill_or_one_sentence(text: str, kind: str) -> None:
    gap = Gap(kind=kind, question="?", item=0)  # type: ignore[arg-type]
    try:
        fill = read_fill(gap, text)
    except AnswersError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert fill.amount >= 0


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 99), st.sampled_from(["mostly coding, some denials", "coding and some denials"]))
def test_each_answered_share_is_kept_exactly(share: int, text: str) -> None:
    reading = read_day(text)
    fills: list[Fill] = []
    while reading.gap is not None:
        gap = reading.gap
        assert gap.kind == "share"
        fills.append(read_fill(gap, f"{share}%" if not fills else "the rest"))
        reading = read_day(text, tuple(fills))
    assert reading.split is not None
    got = {part.said: part.pct for part in reading.split.parts}
    first = "denials" if text.startswith("coding and") else "coding"
    assert got[first] == pytest.approx(share)
    assert sum(got.values()) == pytest.approx(100)


# ----- the conversation -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


def at_split(questionnaire: Questionnaire, catalog: Catalog) -> ConversationState:
    return ConversationState.start(
        questionnaire, catalog, {"job_title": "Medical Coder", "years_experience": 3}
    )


def talk(state: ConversationState, *lines: str) -> list[Turn]:
    turns = []
    for line in lines:
        turn = state.submit("time_split", line)
        turns.append(turn)
        state = turn.state
    return turns


def test_a_bare_75_percent_answers_the_follow_up(questionnaire: Questionnaire, catalog: Catalog) -> None:
    first, second, third = talk(at_split(questionnaire, catalog), "mostly coding, some denials", "75%", "")
    assert first.clarify is not None and "coding" in first.clarify.question and first.error is None
    assert second.clarify is not None and "denials" in second.clarify.question
    assert "Enter: the other 25%" in second.clarify.prompt_line()
    assert third.error is None and third.clarify is None
    state = third.state
    assert state.pending is None and state.next_question() is not None
    assert state.next_question().id != "time_split"  # type: ignore[union-attr]
    lines = {line.said: line.pct for line in state.split_preview()}
    assert lines == {"coding": pytest.approx(75), "denials": pytest.approx(25)}
    assert parse_split(state.value("time_split")).parts == read_day(state.value("time_split")).split.parts  # type: ignore[union-attr]


def test_the_remaining_hours_are_asked_for_by_name(questionnaire: Questionnaire, catalog: Catalog) -> None:
    first, second = talk(
        at_split(questionnaire, catalog), "an hour and a half of queries on a 7.5-hour shift", "coding"
    )
    assert first.clarify is not None and "other 6 hours (80%)" in first.clarify.question
    lines = {line.said: round(line.pct) for line in second.state.split_preview()}
    assert lines == {"queries": 20, "coding": 80}


def test_a_wrong_follow_up_answer_keeps_the_question(questionnaire: Questionnaire, catalog: Catalog) -> None:
    first, second, third = talk(
        at_split(questionnaire, catalog), "mostly coding, some denials", "blah", "2 hours"
    )
    assert second.error is not None and "share" in second.error
    assert second.state.pending == first.state.pending
    assert third.clarify is not None and "denials" in third.clarify.question


def test_a_whole_new_day_replaces_the_follow_up(questionnaire: Questionnaire, catalog: Catalog) -> None:
    _, second = talk(
        at_split(questionnaire, catalog), "mostly coding, some denials", "80% coding, 20% denials"
    )
    assert second.error is None and second.state.value("time_split") == "80% coding, 20% denials"


def test_vague_split_in_an_answers_file_is_refused_with_the_question(
    questionnaire: Questionnaire, catalog: Catalog
) -> None:
    with pytest.raises(AnswersError, match="How much of your day is coding"):
        ConversationState.start(
            questionnaire,
            catalog,
            {
                "job_title": "Medical Coder",
                "years_experience": 3,
                "time_split": "mostly coding, some denials",
            },
        )


def test_going_back_drops_the_follow_up(questionnaire: Questionnaire, catalog: Catalog) -> None:
    (first,) = talk(at_split(questionnaire, catalog), "mostly coding, some denials")
    assert first.state.pending is not None
    assert first.state.change("time_split").pending is None


def test_piped_ask_takes_bare_answers_to_the_follow_ups(tmp_path: Path) -> None:
    saved = tmp_path / "me.toml"
    lines = "medical coder\n3\n\n\n\n\nmostly coding, some denials\n75%\n\n\n\n"
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "ask", "--save", str(saved)],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "How much of your day is coding?" in done.stdout
    assert "Which task does" not in done.stdout
    assert 'time_split = "75% coding, the rest denials"' in saved.read_text(encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, "-m", "assessor", "score", str(saved)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert scored.returncode == 0 and "75.0%" in scored.stdout and "25.0%" in scored.stdout


DAY_WORDS = ["coding", "denials and appeals", "icd-10 coding", "e/m audits", "chart prep", "queries", "ceus"]
DAY_FORMS = [
    "{n}% {w}", "{w} {n}%", "{h} hours {w}", "{w} {h}h", "{h} hours of {w}", "the rest {w}", "mostly {w}",
    "some {w}", "a quarter {w}", "{w} 1/4", "half {w}", "{w} except an hour of meetings", "an hour of {w}",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(DAY_WORDS), st.sampled_from(DAY_FORMS), st.integers(1, 60)), max_size=4
    ),
    st.sampled_from([", ", "; ", " and ", "\n- ", " / "]),
    st.sampled_from(["", "on an 8 hour day, ", "in a 7.5-hour shift: "]),
)
def test_what_a_conversation_stores_reads_back_the_same(
    clauses: list[tuple[str, str, int]], joiner: str, day: str
) -> None:
    text = day + joiner.join(form.format(n=n, h=n % 9 + 1, w=word) for word, form, n in clauses)
    try:
        reading = read_day(text)
    except AnswersError as exc:
        assert exc.message and "\n" not in exc.message
        return
    if reading.split is None:
        assert reading.gap is not None and reading.gap.question and "\n" not in reading.gap.question
        return
    assert sum(part.pct for part in reading.split.parts) == pytest.approx(100)
    again = parse_split(reading.text)
    # Shares are written to two decimals and the last one takes what the others rounded away.
    assert {p.said: p.pct for p in again.parts} == pytest.approx(
        {p.said: p.pct for p in reading.split.parts}, abs=0.005 * len(reading.split.parts) + 1e-9
    )


def test_a_counted_range_is_not_a_time_of_day() -> None:
    reading = read_day("coding 10-12 charts a day")  # a count of work: never 2 hours, nor 11% of the day
    assert reading.split is not None and [(part.said, part.pct) for part in reading.split.parts] == [
        ("coding 10-12 charts", 100.0)
    ]
    assert reading.split.note is not None and "'10-12 charts a day'" in reading.split.note


@pytest.mark.parametrize(
    ("said", "shares", "told"),
    [
        # hours a week beside shares or hours of a day: read as hours of a day of a five-day week
        ("coding 6 hours a day and audits 3 hours a week", {"coding": 90.9, "audits": 9.1}, "3 as 0.6"),
        ("coding 6 hrs daily, 3 hrs a week audits", {"coding": 90.9, "audits": 9.1}, "3 as 0.6"),
        ("coding, a couple of hours a week on education", {"coding": 95.0, "education": 5.0}, "2 as 0.4"),
        ("coding 30 hours per week, the rest queries", {"coding": 75.0, "queries": 25.0}, "30 as 6"),
        (
            "in my 8 hour day, 6 hours coding, 3 hours a week on meetings, the rest queries",
            {"coding": 75.0, "meetings": 7.5, "queries": 17.5},
            "3 as 0.6",
        ),
        # hours on some days of the week, or so many times a week, are hours of the week
        ("7 hours coding, an hour on fridays for education", {"coding": 97.2, "education": 2.8}, "1 as 0.2"),
        ("coding, an hour twice a week in huddles", {"coding": 95.0, "huddles": 5.0}, "2 as 0.4"),
        # all hours of the same week (or measured against a working week told in hours): shares as they are
        ("coding 30 hrs a week, 10 hrs denials", {"coding": 75.0, "denials": 25.0}, None),
        ("I work 40 hours a week: 30 coding, 10 queries", {"coding": 75.0, "queries": 25.0}, None),
        (
            "of my 40 hours a week, 30 are coding and the rest denials",
            {"coding": 75.0, "denials": 25.0},
            None,
        ),
    ],
)
def test_hours_a_week_are_read_against_the_day(said: str, shares: dict[str, float], told: str | None) -> None:
    reading = read_day(said)
    if reading.gap is not None and reading.gap.kind == "day":
        reading = read_day(said, (Fill(kind="day", amount=8.0, unit="h"),))
    assert reading.split is not None, reading.gap
    got = {part.said: round(part.pct, 1) for part in reading.split.parts}
    assert got == shares
    note = reading.split.note or ""
    if told is None:
        assert "a week" not in note
    else:
        assert f"I read hours a week as hours of a day of a 5-day week ({told})." in note


@pytest.mark.parametrize("said", ["coding 8-4 mon to fri", "8 hrs mon, tue, wed, thu, fri coding"])
def test_days_of_the_whole_week_say_when_not_how_much(said: str) -> None:
    reading = read_day(said)
    assert reading.split is not None
    assert [(part.said, part.pct) for part in reading.split.parts] == [("coding", 100.0)]
    assert reading.split.note is None


def test_an_answer_in_hours_a_week_fills_a_share_of_the_day() -> None:
    gap = read_day("coding about 60%, CDI queries 30%, plus a few hrs a week on audits").gap
    assert gap is not None and gap.kind == "share" and gap.said == "audits"
    assert read_fill(gap, "3 hours a week") == Fill(kind="share", item=gap.item, amount=0.6, unit="h")
    assert read_fill(gap, "3 hours") == Fill(kind="share", item=gap.item, amount=3.0, unit="h")
