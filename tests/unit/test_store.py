"""The session store: nothing lost, nothing foreign touched, private files, migrations, real deletion."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from assessor.sessions.models import stored_json
from assessor.sessions.store import (
    APPLICATION_ID,
    DB_NAME,
    SCHEMA_V1,
    SCHEMA_VERSION,
    SessionNotFound,
    Store,
    StoreError,
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_env_var_chooses_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "from-env"))
    store = Store.open()
    assert store.path == tmp_path / "from-env" / DB_NAME
    assert store.path.exists()


def test_private_permissions_under_umask_022(home: Path) -> None:
    old = os.umask(0o022)
    try:
        store = Store.open(home)
        # Hold a connection in a write so the -wal and -shm sidecars exist while we look at them.
        with contextlib.closing(store._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO sessions (id, client_label, created_at, updated_at) "
                "VALUES ('aaaa-aaaa', 'x', '', '')"
            )
            conn.execute("COMMIT")
            wal = home / f"{DB_NAME}-wal"
            shm = home / f"{DB_NAME}-shm"
            assert wal.exists() and shm.exists()
            assert (mode(home), mode(store.path), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)
    finally:
        os.umask(old)


def test_wal_and_full_sync_on_every_connection(home: Path) -> None:
    store = Store.open(home)
    with contextlib.closing(store._connect()) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _refused_untouched(home: Path, match: str, wal_file: bool = False) -> None:
    path = home / DB_NAME
    os.chmod(path, 0o600)  # private, as the store makes it: the refusal is for what the file holds
    before = sha256(path)
    names_before = sorted(os.listdir(home))
    with pytest.raises(StoreError, match=match):
        Store.open(home)
    assert sha256(path) == before
    if wal_file:
        # SQLite's read-only open of a WAL-mode file makes an empty -wal (and a -shm index);
        # the database itself is not written.
        extra = set(os.listdir(home)) - set(names_before)
        assert extra <= {f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
        if (home / f"{DB_NAME}-wal").exists():
            assert (home / f"{DB_NAME}-wal").stat().st_size == 0
    else:
        assert sorted(os.listdir(home)) == names_before  # no -wal/-shm/-journal left behind either


def test_corrupted_file_refused_and_unchanged(home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / DB_NAME).write_bytes(os.urandom(8192))
    _refused_untouched(home, "not a readable assessor session database")


def test_damaged_page_refused_and_unchanged(home: Path) -> None:
    store = Store.open(home)
    for index in range(50):
        store.create_session(f"client {index} " + "x" * 150)
    data = bytearray(store.path.read_bytes())
    assert len(data) > 8192
    data[4096 + 8 : 4096 + 200] = os.urandom(
        192
    )  # scramble a b-tree page header and cells, keep the file header
    store.path.write_bytes(bytes(data))
    _refused_untouched(home, "left untouched", wal_file=True)


def test_foreign_database_refused_and_unchanged(home: Path) -> None:
    home.mkdir(mode=0o700)
    with contextlib.closing(sqlite3.connect(home / DB_NAME)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('bread')")
        conn.commit()
    _refused_untouched(home, "another program")


def test_foreign_database_with_another_application_id_refused(home: Path) -> None:
    home.mkdir(mode=0o700)
    with contextlib.closing(sqlite3.connect(home / DB_NAME)) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.commit()
    _refused_untouched(home, "another program")


def test_newer_version_refused_and_unchanged(home: Path) -> None:
    store = Store.open(home)
    store.create_session("future")
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")  # no sidecars: the folder listing must not change
    _refused_untouched(home, "newer assessor")


def test_empty_file_from_an_interrupted_first_run_is_set_up(home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / DB_NAME).touch(mode=0o600)
    store = Store.open(home)
    assert store.schema_version() == SCHEMA_VERSION


def test_migration_from_the_first_schema(home: Path) -> None:
    home.mkdir(mode=0o700)
    path = home / DB_NAME
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for statement in SCHEMA_V1:
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO sessions (id, client_label, notes, data_version, result_json, "
            "created_at, updated_at) "
            "VALUES ('abcd-efgh', 'Old client', 'seen in May', 'v-old', '{\"score\": 12.0}', "
            "'2026-05-01T10:00:00+00:00', '2026-05-01T10:05:00+00:00')"
        )
        conn.execute(
            "INSERT INTO answers VALUES ('abcd-efgh', 1, 'job_title', 'coder', '2026-05-01T10:01:00+00:00')"
        )
        conn.commit()
    os.chmod(path, 0o600)  # the store refuses a file open to others
    store = Store.open(home)
    assert store.schema_version() == SCHEMA_VERSION == 5
    record = store.get("abcd-efgh")
    assert (record.client_label, record.notes, record.data_version) == ("Old client", "seen in May", "v-old")
    from assessor.sessions.vocabulary import os_user

    assert record.counsellor == os_user()  # sessions saved before counsellors were recorded: this user's
    assert record.result is not None and stored_json(record.result) == {"score": 12.0}
    assert record.answers == {}
    assert [(raw.question_id, raw.raw_text) for raw in record.raw_answers] == [("job_title", "coder")]
    store.record_answer("abcd-efgh", "years_experience", "3", {"years_experience": 3})
    assert store.get("abcd-efgh").answers == {"years_experience": 3}


def test_delete_leaves_no_trace_of_the_label(home: Path) -> None:
    store = Store.open(home)
    label = "Zebediah Quartermaine"
    keep = store.create_session("Another client")
    gone = store.create_session(label)
    store.set_notes(gone, f"{label} called twice")
    for index in range(30):
        store.record_answer(gone, "job_title", f"coder {index}", {"job_title": "coder", "who": label})
    store.finish(gone, {"score": 20.0, "client": label}, None, "v1")
    store.record_answer(keep, "job_title", "biller", {"job_title": "biller"})
    # An idle second connection (another open assessor window) must not stop the clean-up.
    with contextlib.closing(sqlite3.connect(store.path)) as idle:
        idle.execute("SELECT count(*) FROM sessions").fetchone()
        outcome = store.delete(gone)
    assert outcome.wal_cleared
    files = [store.path, *(home / f"{DB_NAME}{suffix}" for suffix in ("-wal", "-shm", "-journal"))]
    for path in files:
        if path.exists():
            data = path.read_bytes()
            assert label.encode() not in data, path.name
            assert b"Quartermaine" not in data, path.name
    assert [summary.id for summary in store.list_sessions()] == [keep]
    with pytest.raises(SessionNotFound):
        store.get(gone)


def test_export_all_and_import_on_a_new_machine(tmp_path: Path) -> None:
    old = Store.open(tmp_path / "old")
    first = old.create_session("Client A")
    old.record_answer(first, "job_title", "coder", {"job_title": "coder"})
    old.finish(first, {"score": 11.6}, {"steps": ["CDI"]}, "v1")
    second = old.create_session("Client B")
    old.set_notes(second, "half way")
    export = tmp_path / "out" / "all.json"
    export.parent.mkdir()
    assert old.export_all(export) == 2
    assert mode(export) == 0o600
    assert [name for name in os.listdir(export.parent)] == ["all.json"]  # no temp file left
    document = json.loads(export.read_text())
    assert document["format"] == "assessor-sessions"

    new = Store.open(tmp_path / "new")
    clash = new.create_session("Someone else")
    outcome = new.import_file(export)
    assert (outcome.imported, outcome.skipped) == (2, 0)
    assert new.get(first) == old.get(first)
    assert new.get(second).notes == "half way"
    again = new.import_file(export)
    assert (again.imported, again.skipped) == (0, 2)
    assert len(new.list_sessions()) == 3
    assert new.get(clash).client_label == "Someone else"


def _open_and_write(home: str, worker: int) -> None:
    store = Store.open(Path(home))
    session_id = store.create_session(f"client {worker}")
    store.record_answer(session_id, "job_title", "coder", {"job_title": "coder"})


def test_many_processes_creating_the_store_at_once(home: Path) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_open_and_write, args=(str(home), worker)) for worker in range(8)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [process.exitcode for process in processes] == [0] * 8
    store = Store.open(home)
    assert store.schema_version() == SCHEMA_VERSION
    summaries = store.list_sessions()
    assert sorted(summary.client_label for summary in summaries) == [
        f"client {worker}" for worker in range(8)
    ]
    assert all(summary.answer_count == 1 for summary in summaries)


def test_a_failed_write_is_one_sentence_and_changes_nothing(home: Path) -> None:
    store = Store.open(home)
    session_id = store.create_session("Client L")
    with pytest.raises(StoreError, match="could not be saved"), store._write() as conn:
        conn.execute("UPDATE sessions SET notes = 'half' WHERE id = ?", (session_id,))
        conn.execute("INSERT INTO sessions (id) VALUES ('broken')")  # NOT NULL columns missing
    assert store.get(session_id).notes == ""


def test_all_records_reads_every_session_whole_in_one_go(home: Path) -> None:
    store = Store.open(home)
    first = store.create_session("Client A")
    store.record_answer(first, "job_title", "coder", {"job_title": "coder"})
    store.record_answer(first, "years", "4", {"job_title": "coder", "years_experience": 4})
    store.finish(first, {"score": 11.6, "zone": "red"}, {"actions": []}, "v1")
    second = store.create_session("Client B")
    store.set_notes(second, "half way")
    read = store.all_records()
    assert read.unreadable == ()
    assert sorted(read.records, key=lambda record: record.id) == sorted(
        [store.get(first), store.get(second)], key=lambda record: record.id
    )
    assert [len(record.raw_answers) for record in read.records if record.id == first] == [2]


def test_all_records_names_a_session_that_no_longer_checks_and_keeps_the_rest(home: Path) -> None:
    store = Store.open(home)
    good = store.create_session("Client A")
    bad = store.create_session("Client B")
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        conn.execute("UPDATE sessions SET result_json = ? WHERE id = ?", ('{"score": "lots"}', bad))
        conn.commit()
    read = store.all_records()
    assert [record.id for record in read.records] == [good]
    assert len(read.unreadable) == 1
    assert read.unreadable[0].startswith(f"session {bad}: result.score")
