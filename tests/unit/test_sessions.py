"""Session records: recording a conversation, re-scoring on changed role data, comparing, and the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.commands import converse
from assessor.commands import sessions as sessions_command
from assessor.core.assess import assess, assessment_summary
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.conversation import ConversationState
from assessor.core.models import Answers
from assessor.core.questionnaire import load_questionnaire
from assessor.sessions.models import StoredResult, stored_json
from assessor.sessions.records import (
    SessionRecorder,
    answers_so_far,
    compare,
    rescore,
    result_changes,
)
from assessor.sessions.store import Store, StoreError
from tests.helpers import changed_catalog, finished_session


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_recorder_saves_each_answer_before_the_next_question(home: Path, catalog: Catalog) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client A")
    state = ConversationState.start(load_questionnaire(), catalog)
    recorder = SessionRecorder(store, session_id, state)
    counts = []
    for text in ("medical coder", "4"):
        question = state.next_question()
        assert question is not None
        step = state.submit(question.id, text)
        assert step.error is None and step.clarify is None
        state = step.state
        recorder.on_answer(state)
        counts.append(len(store.get(session_id).raw_answers))
    assert counts == [1, 2]
    record = store.get(session_id)
    assert [(raw.question_id, raw.raw_text) for raw in record.raw_answers] == [
        ("job_title", "medical coder"),
        ("years_experience", "4"),
    ]
    assert record.answers == answers_so_far(state)
    assert record.answers["years_experience"] == 4
    # Resuming from the stored answers asks the next question, not the first again.
    resumed = ConversationState.start(load_questionnaire(), catalog, dict(record.answers))
    next_question = resumed.next_question()
    assert next_question is not None and next_question.id not in ("job_title", "years_experience")


def test_conversation_for_a_client_stores_result_and_plan(
    home: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client B")
    state = ConversationState.start(load_questionnaire(), catalog)
    out = io.StringIO()
    lines = io.StringIO("medical coder\n4\n" + "\n" * 12)
    assert converse.converse_for_client(store, session_id, state, lines, out, json_output=True) == 0
    printed = json.loads(capsys.readouterr().out)
    record = store.get(session_id)
    assert record.status == "finished"
    assert record.data_version == catalog.version
    expected = assessment_summary(
        assess(Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog)
    )
    assert record.result is not None and stored_json(record.result) == json.loads(json.dumps(expected))
    assert printed["session_id"] == session_id and printed["score"] == expected["score"]
    assert len(record.raw_answers) >= 2
    assert f"Session {session_id} finished and saved." in out.getvalue()


def test_rescore_names_the_figure_that_moved(home: Path, catalog: Catalog) -> None:
    store = Store.open(home)
    answers = Answers.validated(dict(job_title="medical coder", years_experience=4))
    session_id = finished_session(store, "Client C", answers, catalog)
    record = store.get(session_id)
    assert rescore(record, catalog) is None  # same role data: nothing to say
    assert record.result is not None
    old_task = record.result.tasks[0]
    newer, task_name = changed_catalog(catalog, automation=2)
    change = rescore(record, newer)
    assert change is not None
    expected_new = assess(answers, newer).score
    assert change.new_score == round(expected_new, 1)
    assert change.old_score == record.result.score
    assert change.old_score is not None
    assert change.new_score > change.old_score  # a less automatable task raises the score
    assert (change.old_version, change.new_version) == (catalog.version, "test-next")
    assert f"task {task_name}: automation {old_task.automation}/5 -> 2/5" in change.changes
    assert any(line.startswith("task resistance: ") for line in change.changes)
    # The stored result is what the client was told: showing a re-score never overwrites it.
    assert store.get(session_id).result == record.result


def test_result_changes_lists_added_removed_and_moved_figures() -> None:
    old = {
        "score": 30.0,
        "role": {"id": "a", "title": "A"},
        "tasks": [
            {"id": "t1", "name": "One", "time_pct": 60, "automation": 5},
            {"id": "t2", "name": "Two", "time_pct": 40, "automation": 3},
        ],
        "evidence": -5,
        "barriers": 2,
        "adjustments": [{"id": "x", "title": "X", "effect": 1.5}],
    }
    new = {
        "score": 30.0,
        "role": {"id": "a", "title": "A"},
        "tasks": [
            {"id": "t1", "name": "One", "time_pct": 70, "automation": 4},
            {"id": "t3", "name": "Three", "time_pct": 30, "automation": 2},
        ],
        "evidence": -4,
        "barriers": 2,
        "adjustments": [],
    }
    assert result_changes(StoredResult.model_validate(old), StoredResult.model_validate(new)) == [
        "task One: automation 5/5 -> 4/5",
        "task One: share of the day 60% -> 70%",
        "task added: Three (30% of the day)",
        "task removed: Two",
        "market evidence: -5 -> -4",
        "adjustment no longer applies: X",
    ]


def test_compare_a_client_today_and_months_later(home: Path, catalog: Catalog) -> None:
    store = Store.open(home)
    before = finished_session(
        store, "Client D", Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog
    )
    later_answers = Answers.validated(
        dict(job_title="medical coder", years_experience=4, time_split="60% coding, 40% denials and appeals")
    )
    after = finished_session(store, "Client D", later_answers, catalog)
    comparison = compare(store.get(before), store.get(after), catalog)
    score_a = assess(Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog).score
    score_b = assess(later_answers, catalog).score
    assert (comparison.score_a, comparison.score_b) == (round(score_a, 1), round(score_b, 1))
    assert comparison.score_change == round(round(score_b, 1) - round(score_a, 1), 1)
    by_id = {side.id: side for side in comparison.tasks}
    later_tasks = {task.id: task.time_pct for task in assess(later_answers, catalog).tasks}
    for task_id, pct in later_tasks.items():
        assert by_id[task_id].time_b == pytest.approx(pct, abs=0.01)
    assert comparison.notes == ()  # same role data
    unfinished = store.create_session("Client E")
    with pytest.raises(StoreError, match="has no result yet"):
        compare(store.get(before), store.get(unfinished))


def test_cli_list_show_notes_compare_delete(
    home: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "list"]) == 0
    assert "No saved sessions yet" in capsys.readouterr().out
    store = Store.open(home)
    first = finished_session(
        store, "Client F", Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog
    )
    second = finished_session(
        store, "Client F", Answers.validated(dict(job_title="medical coder", years_experience=12)), catalog
    )
    assert main(["sessions", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {item["id"] for item in listed} == {first, second}
    assert main(["sessions", "notes", first, "asked about CDI"]) == 0
    assert main(["sessions", "notes", first, "--append", "follow up in May"]) == 0
    capsys.readouterr()
    assert store.get(first).notes == "asked about CDI\nfollow up in May"
    assert main(["sessions", "show", first, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == first and shown["rescore"] is None and shown["notes"].startswith("asked")
    assert main(["sessions", "compare", first, second, "--json"]) == 0
    compared = json.loads(capsys.readouterr().out)
    # Created in the same second, the later-updated (first: its notes) counts as the newer visit: either order.
    stored = {store.get(item).result.score for item in (first, second)}  # type: ignore[union-attr]
    assert {compared["score"]["a"], compared["score"]["b"]} == stored
    assert compared["role"]["b"] != compared["role"]["a"]  # 12 years: the senior variant
    assert main(["sessions", "compare", first, second]) == 0
    text = capsys.readouterr().out
    assert "score" in text and f"A: {compared['a']['id']}" in text and f"B: {compared['b']['id']}" in text
    assert main(["sessions", "delete", first, "--yes"]) == 0
    assert f"Deleted session {first}" in capsys.readouterr().out
    assert main(["sessions", "show", first]) == 2
    assert f"no saved session '{first}'" in capsys.readouterr().err


def test_cli_show_after_role_data_changed(
    home: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(home)
    session_id = finished_session(
        store, "Client G", Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog
    )
    newer, task_name = changed_catalog(catalog, automation=3)
    monkeypatch.setattr(sessions_command, "catalog", lambda: newer)
    monkeypatch.setattr(sessions_command, "data_version", lambda: newer.version)
    assert main(["sessions", "show", session_id]) == 0
    text = capsys.readouterr().out
    assert f"The role data changed since this session was scored ({catalog.version} -> test-next)" in text
    assert f"task {task_name}: automation" in text and "-> 3/5" in text
    assert main(["sessions", "show", session_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    expected = assess(Answers.validated(dict(job_title="medical coder", years_experience=4)), newer).score
    assert shown["rescore"]["new_score"] == round(expected, 1)
    assert main(["sessions", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["role_data_changed"] is True
    assert main(["sessions", "list"]) == 0
    assert "* scored on older role data" in capsys.readouterr().out


def test_cli_export_all_and_import(
    home: Path, tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(home)
    session_id = finished_session(
        store, "Client H", Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog
    )
    target = tmp_path / "move.json"
    assert main(["sessions", "export-all", str(target)]) == 0
    assert "Wrote 1 session(s)" in capsys.readouterr().out
    other = Store.open(tmp_path / "other")
    assert other.import_file(target).imported == 1
    assert other.get(session_id) == store.get(session_id)
    assert main(["sessions", "import", str(target)]) == 0
    assert "Imported 0 session(s); 1 were already here." in capsys.readouterr().out


def test_unfinished_session_cannot_be_exported(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client I")
    assert main(["sessions", "export", session_id, "--format", "md"]) == 2
    assert f"`assessor sessions resume {session_id}` continues it" in capsys.readouterr().err


def test_going_back_is_logged_and_resume_asks_again(home: Path, catalog: Catalog) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client J")
    state = ConversationState.start(load_questionnaire(), catalog)
    recorder = SessionRecorder(store, session_id, state)
    for text in ("medical coder", "4"):
        question = state.next_question()
        assert question is not None
        state = state.submit(question.id, text).state
        recorder.on_answer(state)
    state = state.change("years_experience")
    recorder.on_answer(state)
    record = store.get(session_id)
    assert [(raw.question_id, raw.raw_text) for raw in record.raw_answers][-1] == ("years_experience", "<")
    assert "years_experience" not in record.answers
    resumed = ConversationState.start(load_questionnaire(), catalog, dict(record.answers))
    again = resumed.next_question()
    assert again is not None and again.id == "years_experience"
    state = state.submit("years_experience", "4").state  # the same text as before is recorded again
    recorder.on_answer(state)
    assert [raw.raw_text for raw in store.get(session_id).raw_answers] == ["medical coder", "4", "<", "4"]


def test_export_formats_carry_the_session_and_the_report(
    home: Path, tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(home)
    session_id = finished_session(
        store, "Client <M>", Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog
    )
    store.set_notes(session_id, "prefers *evening* calls & <email>")
    stored_score = store.get(session_id).result.score  # type: ignore[union-attr]

    assert main(["sessions", "export", session_id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["session"]["id"] == session_id and data["session"]["client"] == "Client <M>"
    assert data["assessment"]["score"] == stored_score

    assert main(["sessions", "export", session_id, "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("Client: Client \\<M>  \n")  # "<" escaped: no tag can open
    assert "Counsellor notes: prefers \\*evening\\* calls & \\<email>" in markdown
    assert f"{stored_score}" in markdown

    target = tmp_path / "client.html"
    assert main(["sessions", "export", session_id, "--format", "html", "-o", str(target)]) == 0
    html = target.read_text()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert "Client: Client &lt;M&gt;" in html and "&lt;email&gt;" in html
    assert "<email>" not in html


def test_ask_client_json_with_a_partial_answers_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = tmp_path / "partial.toml"
    partial.write_text('job_title = "medical coder"\nyears_experience = 4\n')
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" * 12))
    assert main(["ask", "--client", "Client N", "--answers", str(partial), "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    session_id = result["session_id"]
    assert f"assessor sessions delete {session_id}" in captured.err  # the consent paragraph, on stderr
    record = Store.open(home).get(session_id)
    assert record.status == "finished" and record.client_label == "Client N"
    first_two = [(raw.question_id, raw.raw_text) for raw in record.raw_answers[:2]]
    assert first_two == [("job_title", "medical coder"), ("years_experience", "4")]  # preloaded, saved too
    assert record.result is not None and record.result.score == result["score"]
