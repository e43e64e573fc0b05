"""The store's behaviour, the same on both backends (SQLite and a real PostgreSQL server): answers kept in
order and committed before the next question, notes appended in one transaction, parallel writers losing
nothing, delete that deletes, export and import, a foreign or newer schema refused untouched.

The SQLite store's file-level defences (permissions, a damaged file or write-ahead log) are in test_store.py
and test_store_attacks.py; PostgreSQL's row-level security is in test_postgres_roles.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.sessions.database import open_store
from assessor.sessions.errors import SessionNotFound, StoreError
from assessor.sessions.models import NOTES_MAX_CHARS, stored_json
from tests.backends import Backend


def test_answers_round_trip_in_order(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("  Client   A ")
    assert re.fullmatch(r"[2-9a-z]{4}-[2-9a-z]{4}", session_id)
    store.record_answer(session_id, "job_title", "medical coder", {"job_title": "medical coder"})
    store.record_answer(
        session_id, "years_experience", "4", {"job_title": "medical coder", "years_experience": 4}
    )
    store.record_answer(
        session_id, "years_experience", "6", {"job_title": "medical coder", "years_experience": 6}
    )
    record = store.get(session_id)
    assert (record.client_label, record.status, record.counsellor) == ("Client A", "open", store.counsellor)
    assert [(raw.seq, raw.question_id, raw.raw_text) for raw in record.raw_answers] == [
        (1, "job_title", "medical coder"),
        (2, "years_experience", "4"),
        (3, "years_experience", "6"),
    ]
    assert record.answers == {"job_title": "medical coder", "years_experience": 6}
    store.finish(session_id, {"score": 11.6, "label": "AT RISK"}, {"steps": []}, "data-1")
    record = store.get(session_id)
    assert record.status == "finished"
    assert record.result is not None and stored_json(record.result) == {"score": 11.6, "label": "AT RISK"}
    assert record.plan is not None and stored_json(record.plan) == {"steps": []}
    assert record.data_version == "data-1"
    [summary] = store.list_sessions()
    assert (summary.id, summary.score, summary.label, summary.answer_count, summary.counsellor) == (
        session_id,
        11.6,
        "AT RISK",
        3,
        store.counsellor,
    )
    store.finish(session_id, {"score": 30.0, "zone": "amber"}, None, "data-2", {"job_title": "coder"})
    record = store.get(session_id)
    assert (record.data_version, record.answers, record.plan) == ("data-2", {"job_title": "coder"}, None)
    assert store.list_sessions()[0].zone == "amber"
    with pytest.raises(StoreError, match="score"):
        store.finish(session_id, {"score": "high"}, None, "data-3")
    assert store.get(session_id).data_version == "data-2"


def test_notes_and_unknown_ids(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("B")
    store.set_notes(session_id, "wants to move into CDI")
    assert store.get(session_id).notes == "wants to move into CDI"
    with pytest.raises(SessionNotFound, match="no saved session 'zzzz-zzzz'"):
        store.get("zzzz-zzzz")
    near = session_id[:-1] + ("2" if session_id[-1] != "2" else "3")
    with pytest.raises(SessionNotFound, match=f"did you mean {session_id}"):
        store.get(near)
    with pytest.raises(SessionNotFound):
        store.record_answer("zzzz-zzzz", "job_title", "x", {})
    with pytest.raises(StoreError, match="cannot be empty"):
        store.create_session("   ")
    with pytest.raises(StoreError, match="200 characters"):
        store.create_session("L" * 201)


def test_append_notes_is_one_transaction(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("A")
    assert store.append_notes(session_id, "first") == "first"
    assert store.append_notes(session_id, "  second  ") == "first\nsecond"
    assert store.get(session_id).notes == "first\nsecond"


def test_notes_save_only_if_unchanged_since_the_dialog_opened(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("A")
    store.set_notes(session_id, "opened with this")
    store.append_notes(session_id, "added from another terminal")
    assert not store.save_notes_if_unchanged(session_id, "opened with this", "typed in the dialog")
    assert store.get(session_id).notes == "opened with this\nadded from another terminal"
    current = store.get(session_id).notes
    assert store.save_notes_if_unchanged(session_id, current, "typed in the dialog")
    assert store.get(session_id).notes == "typed in the dialog"


def test_notes_have_a_size_limit(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("A")
    store.set_notes(session_id, "x" * NOTES_MAX_CHARS)
    with pytest.raises(StoreError, match="100,000 characters"):
        store.set_notes(session_id, "x" * (NOTES_MAX_CHARS + 1))
    with pytest.raises(StoreError, match="100,000 characters"):
        store.append_notes(session_id, "more")
    with pytest.raises(StoreError, match="100,000 characters"):
        store.save_notes_if_unchanged(session_id, "x" * NOTES_MAX_CHARS, "y" * (NOTES_MAX_CHARS + 1))
    assert store.get(session_id).notes == "x" * NOTES_MAX_CHARS


def test_twenty_parallel_appends_keep_all_twenty(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("Shared notes")
    env = {**os.environ, **backend.env()}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "assessor", "sessions", "notes", session_id, f"note {index}", "--append"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for index in range(20)
    ]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
        if process.stderr:
            process.stderr.close()
    notes = store.get(session_id).notes.splitlines()
    assert sorted(notes) == sorted(f"note {index}" for index in range(20))


def _writer(url: str, session_id: str, worker: int, count: int) -> None:
    store = open_store(url)
    for index in range(count):
        store.record_answer(
            session_id, f"q{worker}", f"w{worker}-a{index}", {"worker": worker, "index": index}
        )


def test_concurrent_processes_lose_nothing(backend: Backend) -> None:
    store = backend.open()
    shared = store.create_session("shared")
    workers, per_worker = 6, 40
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_writer, args=(backend.url, shared, worker, per_worker))
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [process.exitcode for process in processes] == [0] * workers
    record = store.get(shared)
    assert len(record.raw_answers) == workers * per_worker
    assert [raw.seq for raw in record.raw_answers] == list(range(1, workers * per_worker + 1))
    texts = {raw.raw_text for raw in record.raw_answers}
    assert texts == {f"w{w}-a{i}" for w in range(workers) for i in range(per_worker)}
    assert store.list_sessions()[0].answer_count == workers * per_worker


def _open_and_write(url: str, worker: int) -> None:
    store = open_store(url)
    session_id = store.create_session(f"client {worker}")
    store.record_answer(session_id, "job_title", "coder", {"job_title": "coder"})


def test_many_processes_creating_the_store_at_once(backend: Backend) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_open_and_write, args=(backend.url, worker)) for worker in range(8)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [process.exitcode for process in processes] == [0] * 8
    store = backend.open()
    summaries = store.list_sessions()
    assert sorted(summary.client_label for summary in summaries) == [
        f"client {worker}" for worker in range(8)
    ]
    assert all(summary.answer_count == 1 for summary in summaries)


def test_delete_leaves_no_trace_in_the_store(backend: Backend) -> None:
    store = backend.open()
    label = "Zebediah Quartermaine"
    keep = store.create_session("Another client")
    gone = store.create_session(label)
    store.set_notes(gone, f"{label} called twice")
    for index in range(5):
        store.record_answer(gone, "job_title", f"coder {index}", {"job_title": "coder", "who": label})
    store.finish(gone, {"score": 20.0, "client": label}, None, "v1")
    store.record_answer(keep, "job_title", "biller", {"job_title": "biller"})
    outcome = store.delete(gone)
    assert outcome.session_id == gone
    assert [summary.id for summary in store.list_sessions(everyone=True)] == [keep]
    with pytest.raises(SessionNotFound):
        store.get(gone)
    with pytest.raises(SessionNotFound):
        store.delete(gone)
    # As the database's owner, nothing of it is left in any table.
    for table in ("sessions", "answers"):
        rows = backend.sql(f"SELECT * FROM {table}")
        assert label not in repr(rows) and gone not in repr(rows), table
    assert gone not in store.export_document()[1]


def test_export_all_and_import_on_a_new_machine(backend: Backend, tmp_path: Path) -> None:
    old = backend.open()
    first = old.create_session("Client A")
    old.record_answer(first, "job_title", "coder", {"job_title": "coder"})
    old.finish(first, {"score": 11.6}, {"steps": ["CDI"]}, "v1")
    second = old.create_session("Client B")
    old.set_notes(second, "half way")
    export = tmp_path / "out" / "all.json"
    export.parent.mkdir()
    assert old.export_all(export) == 2
    assert json.loads(export.read_text())["format"] == "assessor-sessions"

    new = backend.open(backend.new_url())
    clash = new.create_session("Someone else")
    outcome = new.import_file(export)
    assert (outcome.imported, outcome.skipped) == (2, 0)
    assert new.get(first) == old.get(first)
    assert new.get(second).notes == "half way"
    assert new.list_sessions()[-1].answer_count in (0, 1)
    assert {summary.id: summary.answer_count for summary in new.list_sessions()}[first] == 1
    again = new.import_file(export)
    assert (again.imported, again.skipped) == (0, 2)
    assert len(new.list_sessions()) == 3
    assert new.get(clash).client_label == "Someone else"


def test_import_with_a_taken_id_gets_a_new_id(backend: Backend, tmp_path: Path) -> None:
    store = backend.open()
    taken = store.create_session("Here first")
    export = tmp_path / "x.json"
    store.export_all(export)
    document = json.loads(export.read_text())
    document["sessions"][0]["client_label"] = "Different person"
    export.write_text(json.dumps(document))
    outcome = store.import_file(export)
    assert outcome.imported == 1
    [(old_id, new_id)] = outcome.renamed
    assert old_id == taken and new_id != taken
    assert store.get(new_id).client_label == "Different person"
    assert store.get(taken).client_label == "Here first"


def test_an_older_label_with_an_escape_is_imported_made_safe_and_named(
    backend: Backend, tmp_path: Path
) -> None:
    store = backend.open()
    taken = store.create_session("Here first")
    export = tmp_path / "x.json"
    store.export_all(export)
    document = json.loads(export.read_text())
    document["sessions"][0]["client_label"] = "Older\x1b]0;T\x07 label"
    document["sessions"][0]["notes"] = "kept\n\u202eout"
    export.write_text(json.dumps(document))
    outcome = store.import_file(export)
    [(old_id, new_id)] = outcome.renamed
    assert old_id == taken and outcome.made_safe == (new_id,)
    record = store.get(new_id)
    assert (record.client_label, record.notes) == ("Older\\u001b]0;T\\u0007 label", "kept\n\\u202eout")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not a JSON sessions export"),
        ('{"format": "other"}', "is not an assessor sessions export"),
        ('{"format": "assessor-sessions", "version": 9, "sessions": []}', "export version 9"),
        ('{"format": "assessor-sessions", "version": 1, "sessions": [{"id": 3}]}', r"sessions\[0\]\.id"),
    ],
)
def test_bad_import_files_are_refused_with_a_sentence(
    backend: Backend, tmp_path: Path, content: str, message: str
) -> None:
    store = backend.open()
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(StoreError, match=message):
        store.import_file(bad)
    assert store.list_sessions() == []


def test_ids_typed_in_capitals_or_with_spaces_work(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("Client K")
    typed = f"  {session_id.upper()} "
    store.record_answer(typed, "job_title", "coder", {"job_title": "coder"})
    store.set_notes(typed, "ok")
    store.append_notes(typed, "more")
    record = store.get(typed)
    assert (record.id, record.notes, len(record.raw_answers)) == (session_id, "ok\nmore", 1)
    assert store.delete(typed).session_id == session_id
    assert store.list_sessions() == []


def test_vocabulary_is_kept_per_counsellor(backend: Backend) -> None:
    store = backend.open()
    me = store.counsellor
    store.remember_phrase(me, "chart work", "Chart work", "abstract-data", "Abstract data")
    store.remember_phrase(me, "chart work", "chart  work", "abstract-data", "Abstract data")
    store.remember_phrase(me, "denials", "denials", "appeal-denials", "Appeal denials")
    [first, second] = store.learned_phrases(me)
    assert (first.phrase, first.times, first.said) == ("chart work", 2, "chart  work")
    assert (second.phrase, second.times) == ("denials", 1)
    store.remember_phrase(me, "chart work", "chart work", "assign-codes", "Assign codes")
    moved = store.learned_phrases(me)[0]
    assert (moved.phrase, moved.task_id, moved.times) == ("chart work", "assign-codes", 1)
    store.forget_phrase(me, "denials")
    store.forget_phrase(me, "never remembered")
    assert [entry.phrase for entry in store.learned_phrases(me)] == ["chart work"]


def test_the_cli_uses_the_database_url(backend: Backend) -> None:
    store = backend.open()
    session_id = store.create_session("Listed")
    env = {**os.environ, **backend.env()}
    env.pop("ASSESSOR_COUNSELLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == [session_id]
    deleted = subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "delete", session_id, "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.startswith(f"Deleted session {session_id} (Listed);")
    assert store.list_sessions() == []
