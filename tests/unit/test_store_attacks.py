"""The session store under attack: hostile import files, a planted store, lost notes, a damaged -wal, a full disk.

Every refusal leaves every file byte-for-byte as it was (sha256 before and after).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assessor.sessions.models import NOTES_MAX_CHARS
from assessor.sessions.store import (
    APPLICATION_ID,
    DB_NAME,
    IMPORT_MAX_BYTES,
    LIST_COLUMNS,
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_VERSION,
    Store,
    StoreError,
)
from tests.helpers import RESULT, export_document, finished_store


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def digests(folder: Path) -> dict[str, str]:
    """Every file of a folder with its sha256 (the folder itself must not gain or lose a file either)."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in sorted(os.listdir(folder))
        if (folder / name).is_file()
    }


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- 12.3: import validates as new sessions are validated ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("result.score", "lots", r"sessions\[3\]\.result\.score"),
        ("result.score", True, r"sessions\[3\]\.result\.score"),
        ("result.score", 1e308 * 10, r"sessions\[3\]\.result\.score"),
        ("result.tasks", [{}], r"sessions\[3\]\.result\.tasks\.0\.id"),
        ("result.tasks", [{"id": "x", "name": "y", "time_pct": "half", "automation": 3}], "time_pct"),
        ("plan.actions", [{"title": "no id"}], r"sessions\[3\]\.plan\.actions\.0\.id"),
        ("id", "", r"sessions\[3\]\.id"),
        ("id", "../../etc/passwd", r"sessions\[3\]\.id"),
        ("id", "ABCD-EFGH", r"sessions\[3\]\.id"),
        ("id", "abcd/efgh", r"sessions\[3\]\.id"),
        ("client_label", "x" * 10_000_000, r"sessions\[3\]\.client_label"),
        ("client_label", "   ", r"sessions\[3\]\.client_label"),
        ("notes", "n" * (NOTES_MAX_CHARS + 1), r"sessions\[3\]\.notes.*100,000"),
        ("created_at", "yesterday", r"sessions\[3\]\.created_at"),
        (
            "raw_answers",
            [{"seq": "1", "question_id": "q", "raw_text": "", "answered_at": "x"}],
            "raw_answers",
        ),
    ],
)
def test_import_refuses_the_whole_file_when_one_session_is_invalid(
    tmp_path: Path, field: str, value: Any, message: str
) -> None:
    document = export_document(tmp_path)
    target = document["sessions"][3]
    *parents, last = field.split(".")
    for part in parents:
        target = target[part]
    target[last] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    store, ids = finished_store(tmp_path / "target", 1)
    before = digests(tmp_path / "target")
    with pytest.raises(StoreError, match=message) as refused:
        store.import_file(bad)
    assert str(refused.value).startswith(f"{bad}: ")
    assert "\n" not in str(refused.value)
    assert digests(tmp_path / "target") == before
    assert [summary.id for summary in store.list_sessions()] == ids


def test_import_file_size_is_capped_and_only_regular_files_are_read(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(IMPORT_MAX_BYTES + 1)
    with pytest.raises(StoreError, match="larger than"):
        store.import_file(big)
    with pytest.raises(StoreError, match="not a regular file"):
        store.import_file(Path("/dev/zero"))
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        store.import_file(fifo)
    assert store.list_sessions() == []


@pytest.mark.parametrize(
    "bomb", ["[" * 100_000 + "]" * 100_000, '{"format": 1' + "1" * 5000 + "}"], ids=["deep", "digits"]
)
def test_import_parser_bombs_are_one_sentence(tmp_path: Path, bomb: str) -> None:
    store = Store.open(tmp_path / "s")
    path = tmp_path / "bomb.json"
    path.write_text(bomb)
    with pytest.raises(StoreError, match=r"bomb\.json"):
        store.import_file(path)


def test_import_refuses_a_key_given_twice(tmp_path: Path) -> None:
    document = json.dumps(export_document(tmp_path))
    twice = document.replace('"client_label":', '"client_label": "hidden", "client_label":', 1)
    path = tmp_path / "twice.json"
    path.write_text(twice)
    store = Store.open(tmp_path / "s")
    with pytest.raises(StoreError, match="'client_label' appears twice"):
        store.import_file(path)
    assert store.list_sessions() == []


def test_notes_from_an_endless_stdin_are_refused(home: Path) -> None:
    store = Store.open(home)
    session_id = store.create_session("A")
    env = {**os.environ, "ASSESSOR_HOME": str(home)}
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "assessor", "sessions", "notes", session_id, "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert done.returncode != 0 and "100,000 characters" in done.stderr
    assert store.get(session_id).notes == ""


def test_a_valid_import_keeps_every_figure(tmp_path: Path) -> None:
    document = export_document(tmp_path)
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(document))
    store = Store.open(tmp_path / "target")
    assert store.import_file(path).imported == 5
    [record] = [store.get(item["id"]) for item in document["sessions"][:1]]
    assert record.result is not None and record.result.score == 11.6
    assert record.result.tasks[0].id == "code-charts"
    assert record.result.model_dump(mode="json", exclude_unset=True) == document["sessions"][0]["result"]


def _legacy_store(home: Path, rows: list[tuple[str, str]]) -> None:
    """A version-2 store whose ids came from an old import that checked nothing (capitals, slashes)."""
    home.mkdir(mode=0o700)
    path = home / DB_NAME
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for statement in (*SCHEMA_V1, *SCHEMA_V2):
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for session_id, result_json in rows:
            conn.execute(
                "INSERT INTO sessions (id, client_label, result_json, created_at, updated_at) "
                "VALUES (?, 'legacy', ?, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
                (session_id, result_json),
            )
            conn.execute(
                "INSERT INTO answers VALUES (?, 1, 'job_title', 'coder', '2026-01-01T00:00:00+00:00')",
                (session_id,),
            )
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    os.chmod(path, 0o600)


def test_stored_ids_with_capitals_or_path_characters_are_normalised_and_deletable(home: Path) -> None:
    if SCHEMA_VERSION < 3:
        pytest.fail("no migration normalises ids")
    _legacy_store(home, [("ABCD-EFGH", json.dumps(RESULT)), ("../x", json.dumps(RESULT))])
    store = Store.open(home)
    ids = sorted(summary.id for summary in store.list_sessions())
    assert "abcd-efgh" in ids and "../x" not in ids
    for session_id in ids:
        assert len(store.get(session_id).raw_answers) == 1  # the answers followed the new id
        store.delete(session_id)
    assert store.list_sessions() == []


def test_a_stored_result_that_is_not_a_result_is_one_sentence_in_show(home: Path) -> None:
    _legacy_store(home, [("abcd-efgh", json.dumps({"score": "lots", "tasks": [{}]}))])
    store = Store.open(home)
    [summary] = store.list_sessions()
    assert summary.score is None
    with pytest.raises(StoreError, match=r"abcd-efgh.*score"):
        store.get("abcd-efgh")
    assert store.delete("abcd-efgh").session_id == "abcd-efgh"


def test_the_list_reads_only_its_index(home: Path) -> None:
    store, _ = finished_store(home, 2)
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        plans = [
            " ".join(
                str(row[-1])
                for row in conn.execute(
                    "EXPLAIN QUERY PLAN SELECT " + LIST_COLUMNS + f" FROM sessions s {where}"
                    "ORDER BY s.updated_at DESC, s.created_at DESC",
                    parameters,
                )
            )
            for where, parameters in (("", ()), ("WHERE s.counsellor = ? ", (store.counsellor,)))
        ]
    assert "COVERING INDEX sessions_list" in plans[0]  # --all
    assert "COVERING INDEX sessions_caseload" in plans[1]  # one's own caseload
    assert "TEMP B-TREE" not in plans[1]  # read in order, not sorted afterwards
    assert [summary.zone for summary in store.list_sessions()] == ["red", "red"]


# -- 12.8: delete without a terminal --------------------------------------------------------------------


def run_cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_delete_from_a_pipe_needs_yes(home: Path) -> None:
    store = Store.open(home)
    session_id = store.create_session("Keep me")
    before = digests(home)
    for answer in ("n\n", "y\n", ""):
        done = run_cli(home, "sessions", "delete", session_id, stdin=answer)
        assert done.returncode != 0
        assert "--yes" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr
    assert digests(home) == before
    assert store.get(session_id).client_label == "Keep me"
    assert run_cli(home, "sessions", "delete", session_id, "--yes").returncode == 0
    assert store.list_sessions() == []


# -- 12.9: a planted store ------------------------------------------------------------------------------


def _refused(home: Path, *fragments: str) -> str:
    before = digests(home)
    modes = {name: mode(home / name) for name in os.listdir(home)}
    folder_mode = mode(home)
    with pytest.raises(StoreError) as refused:
        Store.open(home)
    message = str(refused.value)
    for fragment in fragments:
        assert fragment in message
    assert digests(home) == before
    assert {name: mode(home / name) for name in os.listdir(home)} == modes
    assert mode(home) == folder_mode
    return message


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("file_mode", [0o666, 0o644, 0o640])
def test_a_database_open_to_others_is_refused_not_tightened(home: Path, suffix: str, file_mode: int) -> None:
    store = Store.open(home)
    store.create_session("secret")
    target = home / f"{DB_NAME}{suffix}"
    if not target.exists():
        target.touch()
    os.chmod(target, file_mode)
    _refused(home, str(target), f"chmod 600 {target}")


@pytest.mark.parametrize("folder_mode", [0o755, 0o777, 0o1777, 0o750])
def test_a_folder_open_to_others_is_refused(home: Path, folder_mode: int) -> None:
    Store.open(home).create_session("secret")
    os.chmod(home, folder_mode)
    try:
        _refused(home, f"chmod 700 {home}")
    finally:
        os.chmod(home, 0o700)


def test_a_read_only_home_is_refused_not_widened(home: Path) -> None:
    Store.open(home).create_session("kept")
    os.chmod(home, 0o500)
    try:
        message = _refused(home, str(home))
        assert "not writable" in message
    finally:
        os.chmod(home, 0o700)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_store_owned_by_another_user_is_refused(home: Path) -> None:
    Store.open(home).create_session("planted?")
    os.chown(home / DB_NAME, 65534, 65534)
    message = _refused(home, str(home / DB_NAME), "another user")
    assert "chown" in message
    os.chown(home / DB_NAME, 0, 0)
    os.chown(home, 65534, 65534)
    try:
        _refused(home, str(home), "another user")
    finally:
        os.chown(home, 0, 0)


def test_a_planted_symlink_is_refused(home: Path, tmp_path: Path) -> None:
    Store.open(home).create_session("x")
    os.replace(home / DB_NAME, tmp_path / "elsewhere.db")
    os.symlink(tmp_path / "elsewhere.db", home / DB_NAME)
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(home)


def test_new_stores_are_still_private(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b"
    old = os.umask(0o022)
    try:
        store = Store.open(home)
    finally:
        os.umask(old)
    assert (mode(home), mode(store.path)) == (0o700, 0o600)


# -- 12.10 and 12.12: notes -----------------------------------------------------------------------------


def test_notes_and_labels_have_a_size_limit(home: Path) -> None:
    store = Store.open(home)
    session_id = store.create_session("A")
    store.set_notes(session_id, "x" * NOTES_MAX_CHARS)
    before = digests(home)
    with pytest.raises(StoreError, match="100,000 characters"):
        store.set_notes(session_id, "x" * (NOTES_MAX_CHARS + 1))
    with pytest.raises(StoreError, match="100,000 characters"):
        store.append_notes(session_id, "more")
    with pytest.raises(StoreError, match="100,000 characters"):
        store.save_notes_if_unchanged(session_id, "x" * NOTES_MAX_CHARS, "y" * (NOTES_MAX_CHARS + 1))
    with pytest.raises(StoreError, match="200 characters"):
        store.create_session("L" * 201)
    assert digests(home) == before


# -- 12.11: a damaged write-ahead log -------------------------------------------------------------------


@contextlib.contextmanager
def wal_kept(store: Store) -> Iterator[None]:
    """An idle reader elsewhere keeps SQLite from folding the -wal back into the database at close."""
    with contextlib.closing(sqlite3.connect(store.path)) as idle:
        idle.execute("SELECT count(*) FROM sessions").fetchone()
        yield


def crashed_copy(tmp_path: Path, sessions: int = 12) -> tuple[Path, list[str]]:
    """A store as a crash leaves it: committed sessions still in the -wal, not yet in the database."""
    live = tmp_path / "live"
    store = Store.open(live)
    ids = []
    with wal_kept(store):
        for index in range(sessions):
            ids.append(store.create_session(f"client {index}"))
        crashed = tmp_path / "crashed"
        crashed.mkdir(mode=0o700)
        for suffix in ("", "-wal", "-shm"):
            shutil.copy2(live / f"{DB_NAME}{suffix}", crashed / f"{DB_NAME}{suffix}")
    assert (crashed / f"{DB_NAME}-wal").stat().st_size > 32 + 24 + 4096
    return crashed, ids


def test_a_crashed_store_with_a_good_wal_keeps_every_session(tmp_path: Path) -> None:
    crashed, ids = crashed_copy(tmp_path)
    (crashed / f"{DB_NAME}-shm").unlink()
    assert sorted(summary.id for summary in Store.open(crashed).list_sessions()) == sorted(ids)


@pytest.mark.parametrize("where", ["frame", "header"])
def test_a_damaged_wal_is_refused_and_every_file_untouched(tmp_path: Path, where: str) -> None:
    crashed, _ = crashed_copy(tmp_path)
    wal = crashed / f"{DB_NAME}-wal"
    data = bytearray(wal.read_bytes())
    page_size = int.from_bytes(data[8:12], "big")
    offset = 32 + 24 + page_size + 24 + 100 if where == "frame" else 16  # a page of frame 2, or salt-1
    data[offset] ^= 0xFF
    wal.write_bytes(bytes(data))
    message = _refused(crashed, "write-ahead log")
    assert "damaged" in message and str(wal) in message


# -- 12.12: a full disk is not "damaged" ----------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("a small real disk needs permission to mount a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_says_full_not_damaged(tiny_disk: Path) -> None:
    home = tiny_disk / "home"
    store = Store.open(home)
    session_id = store.create_session("kept")
    for index in range(20):
        store.record_answer(session_id, "job_title", "x" * 2000 + str(index), {"job_title": "coder"})
    filler = tiny_disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 4096)
    before = digests(home)
    # Reading still works, so the sessions can be exported to another disk.
    assert [summary.id for summary in Store.open(home).list_sessions()] == [session_id]
    assert Store.open(home).export_all(tiny_disk.parent / "all.json") == 1
    assert len(Store.open(home).get(session_id).raw_answers) == 20
    with pytest.raises(StoreError) as refused:
        store.record_answer(session_id, "job_title", "more", {"job_title": "coder"})
    message = str(refused.value)
    assert "full" in message and "damaged" not in message and "not a readable" not in message
    after = digests(home)
    assert {name: after[name] for name in before if not name.endswith(".checked")} == {
        name: value for name, value in before.items() if not name.endswith(".checked")
    }  # the database as it was; SQLite may have made its empty -wal and -shm index to read it
    filler.unlink()
    record = Store.open(home).get(session_id)
    assert (record.client_label, len(record.raw_answers)) == ("kept", 20)


def test_the_list_compares_the_data_version_without_loading_the_catalog() -> None:
    from assessor.commands.sessions import data_version
    from assessor.core.catalog import load_catalog

    assert data_version() == load_catalog().version
