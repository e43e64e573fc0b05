"""The batch's own shortcuts give what the single-answer path gives, byte for byte, on the rows they are
for: task tables checked share by share (names remembered), days scored and written from plain data, and the
garbage collector's passes. Each case is scored by `score --batch` and, row by row with nothing remembered,
by `assess` (tests/unit/test_batch_equivalence.py's reference).
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace
from pathlib import Path
from typing import Any

import pytest

from assessor.cli import main
from assessor.core.assess import AnswersChecker
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.errors import AnswersError
from assessor.core.models import Answers, RoleCard
from assessor.core.plain import dumped
from tests.unit import test_batch_equivalence as equivalence

CODER = {"job_title": "Medical Coder", "years_experience": 3}

# Tables at and past each limit the shortcut checks itself, with the kinds JSON can give a share.
TABLES: list[object] = [
    {"coding": 60, "denials": 40},
    {"coding": 60.5, "denials": 39.5},
    {"coding": -0.0, "denials": 100},
    {"coding": 0, "denials": 100},
    {"coding": 100, "denials": 5},
    {"coding": 100, "denials": 5.5},
    {"coding": 100.0},
    {"coding": 100.01},
    {"coding": -0.01, "denials": 100},
    {"coding": 1e400},
    {"coding": -1e400, "denials": 100},
    {"coding": 10**400},
    {"coding": True},
    {"coding": None},
    {"coding": "50", "denials": 50},
    {"coding": [50], "denials": 50},
    {"coding": {"x": 50}, "denials": 50},
    {"coding\u202e": 50, "denials": 50},
    {"coding\u200b": 50, "denials": 50},
    {"coding\n": 50, "denials": 50},
    {"c" * 200: 50, "denials": 50},
    {"c" * 201: 50, "denials": 50},
    {f"task {number}": 2.5 for number in range(40)},
    {f"task {number}": 2.5 for number in range(41)},
    {"": 50, "denials": 50},
    {" ": 50, "denials": 50},
    {"assign-codes": 50, "clinician-queries": 50},
    {"coding": 30, "denials": 30, "queries": 30},
    {"coding": 50, "CODING": 50},
    {"coding": 50, "coding!": 50},
]


def _same_as_alone(lines: list[str], tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    main(["score", "--batch", str(path)])
    out, err = capsysbinary.readouterr()
    catalog = load_catalog()
    wanted = [equivalence._plain(catalog, str(path), number, line) for number, line in enumerate(lines, 1)]
    assert out.decode("utf-8").splitlines(keepends=True) == [result for result, _ in wanted if result]
    errors = err.decode("utf-8").splitlines(keepends=True)
    expected_errors = [error for _, error in wanted if error]
    assert errors[: len(expected_errors)] == expected_errors
    assert len(errors) == len(expected_errors) + (1 if expected_errors else 0)


def test_task_tables_checked_share_by_share_read_as_pydantic_reads_them(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # Each table twice (its names are remembered the first time) and among other rows.
    lines = [json.dumps({**CODER, "time_split": table}, ensure_ascii=False) for table in TABLES]
    _same_as_alone(lines + lines[::-1], tmp_path, capsysbinary)


def test_collections_while_scoring_space_out_while_they_find_nothing_and_leave_the_collector_as_it_was(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor.commands import score

    monkeypatch.setattr(score, "COLLECT_EVERY", 2)
    collected: list[tuple[int, int]] = []  # (what the collection found, objects frozen after it)
    collect = gc.collect

    def counted() -> int:
        found = collect()
        if found == 0 and len(collected) == 2:  # the third finds a cycle: collections close up again
            cycle: list[object] = []
            cycle.append(cycle)
            del cycle
            found = collect()
        collected.append((found, gc.get_freeze_count()))
        return found

    monkeypatch.setattr(gc, "collect", counted)
    lines = [json.dumps({**CODER, "years_experience": years}) for years in range(40)]
    _same_as_alone(lines, tmp_path, capsysbinary)
    monkeypatch.undo()
    # After rows 2, 6 (4 later: the first found nothing), 14 (8 later; it finds the cycle), 16 (2 later
    # again), 20 and 28.
    assert len(collected) == 6
    assert collected[2][0] >= 1 and all(found == 0 for found, _ in collected[:2])
    assert all(before <= after for (_, before), (_, after) in itertools.pairwise(collected))
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _extreme_catalog() -> Catalog:
    """The catalog with the medical coder's card pushed past 100 (every figure at its protective end) and its
    title and first task named with quotes, a backslash and letters beyond ASCII."""
    catalog = load_catalog()
    coder = catalog.role("medical-coder")
    top = {name: replace(score, value=2) for name, score in coder.evidence}
    walls = {name: replace(score, value=2) for name, score in coder.barriers}
    tasks = tuple(
        replace(task, automation=1, name='Assign "ICD-10" codes \\ é ✓' if not n else task.name)
        for n, task in enumerate(coder.tasks)
    )
    extreme = replace(
        coder,
        title='Medical Coder "Ünïcode" \\ ✓',
        tasks=tasks,
        evidence=replace(coder.evidence, **top),
        barriers=replace(coder.barriers, **walls),
        ai_growth=replace(coder.ai_growth, value=2),
    )
    roles = tuple(extreme if role.id == "medical-coder" else role for role in catalog.roles)
    return catalog.model_copy(update={"roles": roles})


EXTREME_ROWS: list[dict[str, object]] = [
    {},
    {"specialty": "oncology"},
    {"specialty": "oncology and radiology"},
    {"ai_tools": "none", "work_setting": "inpatient", "country": "uk"},
    {"ai_tools": "autonomous", "work_setting": "outpatient", "specialty": "interventional radiology"},
    {"time_split": {"coding": 50, "denials": 30, "queries": 20}, "specialty": "oncology"},
    {"time_split": {"coding": 40, "assign-codes": 40, "denials": 20}},
    {"time_split": 'about half "coding", 20% denials, the rest queries'},
    {
        "time_split": {'the "odd" \\ one é': 60, "denials": 40},
        "task_choices": {'the "odd" \\ one é': "assign-codes"},
    },
]


def test_days_written_from_plain_data_read_as_the_assessment_does_past_the_ends_and_beyond_ascii() -> None:
    from assessor.core.assess import assess, assessment_summary
    from assessor.core.batch_scoring import RowScorer, safe_json

    catalog = _extreme_catalog()
    scorer = RowScorer(catalog)
    checker = AnswersChecker()
    clamped = adjusted = 0
    for extra in EXTREME_ROWS * 2:  # the second time from what the scorer remembers
        answers = checker.load(
            {"job_title": "Medical Coder", "years_experience": 5, "role_id": "medical-coder", **extra}
        )
        expected = assessment_summary(assess(answers, catalog))
        clamped += expected["waterfall"][-1]["part"] == "Clamped to 0-100"
        adjusted += len(expected["adjustments"]) >= 2
        assert scorer.result(answers) == safe_json(expected)
    assert clamped == 2 * len(EXTREME_ROWS) and adjusted >= 4


@pytest.mark.parametrize(
    "data",
    [
        CODER,
        {**CODER, "specialty": " oncology ", "certifications": "cpc, ccs", "goals": ["CDI"], "country": "uk"},
        {**CODER, "time_split": {"coding": 60, "denials": 40}, "task_choices": {"coding": "assign-codes"}},
        {
            **CODER,
            "work_setting": "inpatient",
            "ai_tools": "none",
            "role_id": "medical-coder",
            "time_split": "x",
        },
    ],
)
def test_answers_built_from_checked_values_are_the_answers_pydantic_builds(data: dict[str, object]) -> None:
    from assessor.core.assess import load_answers

    built = AnswersChecker().load(dict(data))
    validated = load_answers(dict(data))
    assert built == validated and type(built) is type(validated)
    assert repr(built) == repr(validated)
    assert dumped(built) == dumped(validated)
    assert list(vars(built)) == list(vars(validated))  # every field, in the order of the fields
    again = AnswersChecker().load(dict(data))
    assert again.task_choices is not built.task_choices or "task_choices" in data  # a default made fresh
    with pytest.raises(FrozenInstanceError):
        built.job_title = "Biller"  # type: ignore[misc]


IDS: list[object] = [
    "r1",
    "",
    " ",
    "a b",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "esc\x1b[31m",
    "bell\x07",
    "del\x7f",
    "\u202ereversed",
    "zero\u200bwidth",
    "é",
    "日本",
    "x" * 200,
    0,
    -7,
    10**17,
    1.5,
    True,
    None,
    [],
]


# (Ids refused for their length are not here: the reference row-by-row path does not check lengths.)
def test_row_ids_written_as_json_writes_them(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    lines = [json.dumps({"id": row_id, **CODER}, ensure_ascii=False) for row_id in IDS]
    _same_as_alone(lines, tmp_path, capsysbinary)


class _Stream:
    """A stream that keeps each write apart."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal
        self.writes: list[str] = []

    def isatty(self) -> bool:
        return self.terminal

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)


@pytest.mark.parametrize("terminal", [False, True])
def test_result_lines_are_written_whole_in_order_in_pieces_or_on_a_terminal_one_by_one(
    terminal: bool,
) -> None:
    from assessor.commands.score import OUTPUT_CHUNK, ResultLines

    stream = _Stream(terminal)
    results = ResultLines(stream)  # type: ignore[arg-type]
    lines = [f'{{"line": {number}, "text": "{"x" * (number % 700)}"}}\n' for number in range(2000)]
    for line in lines:
        results.add(line)
    results.flush()
    results.flush()  # nothing left: nothing written
    assert "".join(stream.writes) == "".join(lines)
    if terminal:
        assert stream.writes == lines
    else:
        assert all(write.endswith("\n") for write in stream.writes)
        assert 1 < len(stream.writes) < len(lines) / 20
        assert all(len(write) <= OUTPUT_CHUNK + 1000 for write in stream.writes)


def test_rows_scored_before_an_interruption_are_written(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor.core.batch_scoring import RowScorer

    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({**CODER, "id": f"r{n}"}) + "\n" for n in range(10)), encoding="utf-8")
    scored = RowScorer.outcome

    def interrupted_at_the_sixth(self: RowScorer, answers: object) -> object:
        interrupted_at_the_sixth.calls += 1  # type: ignore[attr-defined]
        if interrupted_at_the_sixth.calls == 6:  # type: ignore[attr-defined]
            raise KeyboardInterrupt
        return scored(self, answers)  # type: ignore[arg-type]

    interrupted_at_the_sixth.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(RowScorer, "outcome", interrupted_at_the_sixth)
    with pytest.raises(KeyboardInterrupt):
        from assessor.commands.score import run_batch

        run_batch(str(path), None)
    out, _ = capsysbinary.readouterr()
    assert [json.loads(line)["id"] for line in out.decode("utf-8").splitlines()] == [
        "r0",
        "r1",
        "r2",
        "r3",
        "r4",
    ]


def _called_the_long_way(answers: Answers, role: RoleCard, catalog: Catalog) -> object:
    """`assess._called` worked out condition by condition, nothing remembered (as it was written before)."""
    from assessor.core.assess import adjustment_applies, code_set_note, specialty_adjustments

    called = [
        adjustment for adjustment in catalog.adjustments if adjustment_applies(adjustment, answers, role)
    ]
    by_specialty = [adjustment for adjustment in called if adjustment.when.field == "specialty"]
    kept, specialty_note = specialty_adjustments(answers.specialty, by_specialty)
    changing = tuple(
        (adjustment, None if adjustment.evidence else frozenset(adjustment.task_automation))
        for adjustment in called
        if adjustment not in by_specialty or adjustment in kept
    )
    return changing, tuple(extra for extra in (specialty_note, code_set_note(answers, role)) if extra)


SPECIALTIES = [
    "",
    "oncology",
    "Oncology",
    "oncology and radiology",
    "interventional radiology",
    "interventional cardiology and ED",
    "inpatient surgery",
    "trauma",
    "pro fee",
    "radiologies",
    "hem/onc, IR",
    "cardiology",
]


def test_the_adjustments_a_kind_of_coder_calls_for_are_those_each_condition_gives() -> None:
    from collections import OrderedDict

    from assessor.core.assess import _called, _Remembered, adjustment_kind

    catalog = load_catalog()
    remembered: _Remembered = catalog.derived("assessments", _Remembered)
    credentials = remembered.condition_credentials(catalog.adjustments)
    combinations = itertools.product(
        SPECIALTIES,
        ["inpatient", "outpatient", "payer", "other"],
        ["none", "suggestions", "autonomous"],
        ["us", "uk", "australia", "canada", "other"],
        [(), ("CPC",), ("CCS", "RHIT"), ("CDIP", "CPC")],
    )
    checked = 0
    for number, (specialty, setting, tools, country, certifications) in enumerate(combinations):
        values: dict[str, Any] = {
            "specialty": specialty,
            "work_setting": setting,
            "ai_tools": tools,
            "country": country,
            "certifications": certifications,
        }
        answers = Answers(job_title="Medical Coder", years_experience=3, **values)
        role = catalog.roles[number % len(catalog.roles)]
        kind = adjustment_kind(answers, role, credentials)
        # A fresh memo of kinds, so every combination is worked out (from the verdicts remembered so far).
        assert _called(answers, role, kind, catalog, OrderedDict()) == _called_the_long_way(
            answers, role, catalog
        )
        checked += 1
    assert checked == len(SPECIALTIES) * 4 * 3 * 5 * 4
    verdicts = remembered.adjustment_verdicts(catalog.adjustments)
    assert verdicts.holds and verdicts.specialty  # the verdicts were remembered, and used
    # A copy of the catalog with other adjustments is given its own verdicts.
    fewer = catalog.model_copy(update={"adjustments": catalog.adjustments[:3]})
    answers = Answers(job_title="Medical Coder", years_experience=3, specialty="oncology", ai_tools="none")
    role = catalog.role("medical-coder")
    kind = adjustment_kind(answers, role, credentials)
    assert _called(answers, role, kind, fewer, OrderedDict()) == _called_the_long_way(answers, role, fewer)
    assert remembered.adjustment_verdicts(fewer.adjustments) is not verdicts


def _credentials_the_long_way(table: dict[str, object]) -> dict[str, object]:
    """`with_known_credentials` as it was written before its readings were remembered."""
    from assessor.core.credentials import FIELD, _read_all

    given = table.get(FIELD)
    if given is None or given == [] or given == "":
        return table
    if isinstance(given, str):
        key: str | tuple[str, ...] = given
    elif isinstance(given, list) and all(isinstance(item, str) for item in given):
        key = tuple(given)
    else:
        return table
    read = _read_all(key)
    if isinstance(read, str):
        raise AnswersError(f"{FIELD}: {read}")
    if read is None or (isinstance(given, list) and tuple(given) == read):
        return table
    return {**table, FIELD: list(read)}


CREDENTIALS: list[object] = [
    None,
    "",
    [],
    "CPC",
    "cpc",
    "CPC, CCS and RHIT",
    "none",
    "N/A",
    ["CPC"],
    ["cpc", "ccs"],
    ["CPC", "CCS"],
    ["CPC!"],
    ["not a credential"],
    "not a credential",
    ["CPC", 3],
    [["CPC"]],
    [{"a": 1}],
    ["CPC\u202e"],
    ["C" * 101],
    [f"CPC{number}" for number in range(31)],
    3,
    {"CPC": True},
    ("CPC",),
    [1],
    [True],
]


@pytest.mark.parametrize("given", CREDENTIALS)
def test_credentials_remembered_are_read_as_the_reading_itself_reads_them(given: object) -> None:
    from assessor.core import credentials

    table = {**CODER, "certifications": given}

    def outcome(read: Callable[[dict[str, object]], dict[str, object]]) -> tuple[str, object]:
        try:
            found = read(table)
        except AnswersError as error:
            return ("error", error.message)
        return ("same table" if found is table else "new table", found)

    expected = outcome(_credentials_the_long_way)
    credentials._REMEMBERED.clear()
    assert outcome(credentials.with_known_credentials) == expected  # read, and remembered if it can be
    assert outcome(credentials.with_known_credentials) == expected  # as remembered
    table_read = credentials.with_known_credentials(table) if expected[0] == "new table" else None
    assert table_read is None or table_read["certifications"] is not given  # a list of its own each time
