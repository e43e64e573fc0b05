"""Saved client sessions in one SQLite file, written so that no answer a client gives is ever lost.

The embedded backend of backend.SessionStore (the interface the app, `assessor ask --client` and `assessor
sessions` use):

    store = Store.open(home=None)          # ASSESSOR_HOME, else platformdirs.user_data_dir("assessor")
    session_id = store.create_session("Client A")          # short readable id, e.g. "k7m2-p9qx"
    store.record_answer(session_id, "job_title", "coder", {"job_title": "coder"})
                                            # one transaction, committed (fsync) before it returns
    store.finish(session_id, result, plan, data_version)   # result/plan: JSON-able dicts (plan may be None)
    store.list_sessions() -> list[SessionSummary]          # newest first
    store.get(session_id) -> SessionRecord                 # raises SessionNotFound (an AssessorError)
    store.set_notes(session_id, text)
    store.delete(session_id) -> DeleteOutcome              # secure_delete + WAL checkpoint: the label is gone
    store.export_all(path) -> int                          # every session to one JSON file (0600, atomic)
    store.import_file(path) -> ImportOutcome               # sessions from export_all, never overwriting
    store.path                                             # the database file (store.location: as text)

Why it is built this way (see /work/shared/references/ecosystem-notes.md section 4):
- the database file is created 0600 with O_CREAT|O_EXCL before SQLite touches it, inside a 0700 folder, so
  SQLite's -wal/-shm sidecars inherit 0600 whatever the umask;
- WAL with synchronous=FULL: a commit survives a killed process and a power cut; busy_timeout lets several
  processes (two terminals, the browser app) write at once;
- every write is one explicit BEGIN IMMEDIATE transaction on a short-lived connection closed by
  contextlib.closing, so no half-written session exists and no descriptor outlives its use;
- a file that is corrupted, belongs to another program, or comes from a newer assessor is refused with one
  sentence (StoreError) after read-only checks only, so it stays byte-for-byte as it was;
- the schema version is PRAGMA user_version; each migration and its version bump share one transaction;
- what a session holds is checked by the models of models.py when it is saved, read back or imported, and the
  figures `sessions list` shows (score, zone, label, role) are columns, so a list parses no stored JSON;
- the files themselves (owner, permissions, the write-ahead log's checksums, a full check once rather than on
  every open) are checked before SQLite opens them: sqlite_files.py, the SQLite-only part.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessor.sessions.backend import (
    EXPORT_FORMAT as EXPORT_FORMAT,
)
from assessor.sessions.backend import (
    EXPORT_VERSION as EXPORT_VERSION,
)
from assessor.sessions.backend import (
    IMPORT_MAX_BYTES as IMPORT_MAX_BYTES,
)
from assessor.sessions.backend import (
    SessionStore as SessionStore,
)
from assessor.sessions.backend import (
    checked_label,
    checked_notes,
    closest_ids,
    dumps,
    export_text,
    limit_notes,
    new_session_id,
    read_export,
    record_data,
    records_from_rows,
    result_to_save,
    same_label,
    summaries_from_rows,
    summary_columns,
    valid_result,
)
from assessor.sessions.backend import (
    clean_id as clean_id,
)
from assessor.sessions.backend import (
    first_error as first_error,
)
from assessor.sessions.backend import (
    utc_now as utc_now,
)
from assessor.sessions.errors import (
    SessionNotFound as SessionNotFound,
)
from assessor.sessions.errors import (
    StoreError as StoreError,
)
from assessor.sessions.models import (
    ID_ALPHABET as ID_ALPHABET,
)
from assessor.sessions.models import (
    AllRecords,
    stored_json,
)
from assessor.sessions.models import (
    DeleteOutcome as DeleteOutcome,
)
from assessor.sessions.models import (
    ImportOutcome as ImportOutcome,
)
from assessor.sessions.models import (
    LearnedPhrase as LearnedPhrase,
)
from assessor.sessions.models import (
    RawAnswer as RawAnswer,
)
from assessor.sessions.models import (
    SessionRecord as SessionRecord,
)
from assessor.sessions.models import (
    SessionSummary as SessionSummary,
)
from assessor.sessions.sqlite_files import (
    check_private_files,
    check_wal,
    disk_full_sentence,
    is_disk_full,
    is_verified,
    prepare_folder,
    remember_verified,
    signature,
)

APPLICATION_ID = 0x41535352  # "ASSR": marks a SQLite file as an assessor session store
DB_NAME = "sessions.db"
BUSY_TIMEOUT_SECONDS = 30.0
SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 10, 13, 14

# The first schema, kept verbatim so tests can build a version-1 database and migrate it.
SCHEMA_V1 = (
    """CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        client_label TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        data_version TEXT,
        result_json TEXT,
        plan_json TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE answers (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    )""",
)

# Version 2: the resolved answers dict (what re-scoring needs) and whether the conversation finished.
SCHEMA_V2 = (
    "ALTER TABLE sessions ADD COLUMN answers_json TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE sessions ADD COLUMN finished_at TEXT",
)

# Version 3: what `sessions list` shows as columns (score, zone, label, role), small columns first so a list
# reads no overflow page of a long result or plan; ids checked (older imports let capitals and slashes in).
SESSIONS_V3 = """CREATE TABLE sessions_v3 (
    id TEXT PRIMARY KEY,
    client_label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    data_version TEXT,
    score REAL,
    zone TEXT,
    label TEXT,
    role_id TEXT,
    role_title TEXT,
    notes TEXT NOT NULL DEFAULT '',
    answers_json TEXT NOT NULL DEFAULT '{}',
    result_json TEXT,
    plan_json TEXT
)"""
SUMMARY_COLUMNS = "score, zone, label, role_id, role_title"
LIST_COLUMNS = (
    "id, client_label, created_at, updated_at, finished_at, data_version, " + SUMMARY_COLUMNS + ", counsellor"
)
INSERT_ANSWER = (
    "INSERT INTO answers (session_id, seq, question_id, raw_text, answered_at) VALUES (?, ?, ?, ?, ?)"
)
# The version-3 rebuild's insert, kept as it was (the migration runs before later columns exist).
INSERT_SESSION_V3 = (
    "INSERT INTO sessions_v3 (id, client_label, created_at, updated_at, finished_at, data_version, "
    f"{SUMMARY_COLUMNS}, notes, answers_json, result_json, plan_json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_SESSION = (
    "INSERT INTO sessions (id, client_label, created_at, updated_at, finished_at, data_version, "
    f"{SUMMARY_COLUMNS}, notes, answers_json, result_json, plan_json, counsellor) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _statements(statements: tuple[str, ...]) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    """Rebuild the sessions table with the list's columns backfilled from each stored result.

    Runs with foreign keys off (dropping the old table must not cascade to the answers); ids that are not
    in today's form are lower-cased, or given a new id when that is not enough, and their answers follow.
    """
    conn.execute(SESSIONS_V3)
    rows = conn.execute(
        "SELECT id, client_label, created_at, updated_at, finished_at, data_version, notes, answers_json, "
        "result_json, plan_json FROM sessions ORDER BY created_at"
    ).fetchall()
    import re

    from assessor.sessions.models import ID_PATTERN

    taken = {row["id"] for row in rows if re.fullmatch(ID_PATTERN, row["id"])}
    for row in rows:
        new_id = row["id"]
        if not re.fullmatch(ID_PATTERN, new_id):
            new_id = clean_id(new_id)
            if not re.fullmatch(ID_PATTERN, new_id) or new_id in taken:
                new_id = new_session_id()
                while new_id in taken:
                    new_id = new_session_id()
            taken.add(new_id)
            conn.execute("UPDATE answers SET session_id = ? WHERE session_id = ?", (new_id, row["id"]))
        conn.execute(
            INSERT_SESSION_V3,
            (
                new_id,
                row["client_label"],
                row["created_at"],
                row["updated_at"],
                row["finished_at"],
                row["data_version"],
                *summary_columns(valid_result(row["result_json"])),
                row["notes"],
                row["answers_json"],
                row["result_json"],
                row["plan_json"],
            ),
        )
    conn.execute("DROP TABLE sessions")
    conn.execute("ALTER TABLE sessions_v3 RENAME TO sessions")
    # The list's own index: it holds every column the list shows, so listing reads none of the session rows
    # (each of which spans a page or more with its result and plan).
    conn.execute(
        "CREATE INDEX sessions_list ON sessions (updated_at DESC, created_at DESC, id, client_label, "
        f"finished_at, data_version, {SUMMARY_COLUMNS})"
    )
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        raise sqlite3.IntegrityError("answers without their session after the rebuild")


# Version 4: task phrases a counsellor (or user) confirmed, understood directly next time (sessions/vocabulary.py).
SCHEMA_V4_VOCABULARY = (
    """CREATE TABLE vocabulary (
        counsellor TEXT NOT NULL,
        phrase TEXT NOT NULL,
        said TEXT NOT NULL,
        task_id TEXT NOT NULL,
        task_name TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        PRIMARY KEY (counsellor, phrase)
    )""",
)


def _migrate_to_v5(conn: sqlite3.Connection) -> None:
    """Version 5: each session records the counsellor who created it; `sessions list` shows one's own.

    Sessions saved before were this machine's user's: they get the operating-system user (or "unknown").
    The lists' indexes hold the counsellor too (first in the caseload's), so either list reads its index alone.
    """
    from assessor.sessions.vocabulary import os_user

    conn.execute("ALTER TABLE sessions ADD COLUMN counsellor TEXT NOT NULL DEFAULT 'unknown'")
    conn.execute("UPDATE sessions SET counsellor = ?", (os_user(),))
    conn.execute("DROP INDEX sessions_list")
    conn.execute(
        "CREATE INDEX sessions_list ON sessions (updated_at DESC, created_at DESC, id, client_label, "
        f"finished_at, data_version, {SUMMARY_COLUMNS}, counsellor)"
    )
    conn.execute(
        "CREATE INDEX sessions_caseload ON sessions (counsellor, updated_at DESC, created_at DESC, id, "
        f"client_label, finished_at, data_version, {SUMMARY_COLUMNS})"
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _statements(SCHEMA_V1),
    _statements(SCHEMA_V2),
    _migrate_to_v3,
    _statements(SCHEMA_V4_VOCABULARY),
    _migrate_to_v5,
)
SCHEMA_VERSION = len(MIGRATIONS)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def is_full(exc: sqlite3.Error, folder: Path) -> bool:
    """A full disk (SQLITE_FULL, or an I/O error while no space is left), not a damaged file."""
    code = int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code == SQLITE_FULL or (code in (SQLITE_IOERR, SQLITE_CANTOPEN) and is_disk_full(folder))


def default_home() -> Path:
    env = os.environ.get("ASSESSOR_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("assessor", appauthor=False))


class StoreBusy(StoreError):
    """Another process holds the database for a moment (a new store being set up)."""


def _create_file(path: Path) -> None:
    """Create the empty database file 0600 before SQLite opens it, so its sidecars inherit 0600."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return  # another process created it first; it is checked like any existing file
    except OSError as exc:
        if is_disk_full(path.parent):
            raise StoreError(disk_full_sentence(path.parent)) from None
        raise StoreError(f"{path}: cannot create the session database ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _read_only_uri(path: Path, immutable: bool = False) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def readable_while_full(path: Path) -> bool:
    """Whether a full disk's store can still be read from the database file alone.

    Reading a WAL database needs a -shm index SQLite cannot create on a full disk; when the -wal holds
    nothing, the file alone is the whole store, so it is opened immutable (no index, no lock, no write).
    """
    wal = path.with_name(path.name + "-wal")
    try:
        empty_log = not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False
    return empty_log and is_disk_full(path.parent)


def check_file(path: Path) -> int:
    """The schema version of an existing database file, after read-only checks (0 = empty, ours to set up).

    Raises StoreError, without writing a byte, for a file that is corrupted, not ours, or from a newer
    assessor. The full structural check (quick_check) runs when the file changed since it was last checked
    or written by us, and before a migration; the cheap checks run on every open.
    """
    try:
        with contextlib.closing(
            sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        ) as conn:
            return _checked_version(conn, path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreBusy(f"{path}: the session database is busy in another program; try again") from None
        if is_full(exc, path.parent):
            if readable_while_full(path):
                with (
                    contextlib.suppress(sqlite3.DatabaseError),
                    contextlib.closing(
                        sqlite3.connect(_read_only_uri(path, immutable=True), uri=True)
                    ) as conn,
                ):
                    return _checked_version(conn, path)
            raise StoreError(disk_full_sentence(path.parent)) from None
        raise StoreError(
            f"{path}: is not a readable assessor session database ({exc}); it was left untouched "
            "(set ASSESSOR_HOME to use another folder)"
        ) from None


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    # One statement, so one snapshot: another process creating the store between separate reads would make
    # a half-seen new store look like another program's database.
    application_id, version, tables = conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id()),"
        " (SELECT user_version FROM pragma_user_version()),"
        " (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if application_id == 0 and version == 0 and tables == 0:
        return 0
    if application_id != APPLICATION_ID:
        raise StoreError(
            f"{path}: is a SQLite database of another program, not an assessor session store; "
            "it was left untouched (set ASSESSOR_HOME to use another folder)"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: was written by a newer assessor (schema {version}, this one knows up to "
            f"{SCHEMA_VERSION}); it was left untouched, please upgrade assessor"
        )
    if version < SCHEMA_VERSION or not is_verified(path):
        _quick_check(conn, path)
        remember_verified(path)
    return int(version)


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise StoreError(
            f"{path}: the session database is damaged ({problems[0]}); it was left untouched, "
            "keep a copy and restore one from `assessor sessions export-all`"
        )


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL (a setting kept in the file, so later opens only read it).

    When several processes open a brand-new store at once, SQLite may answer the switch with "locked" at once,
    without waiting on busy_timeout (to avoid a deadlock between two would-be writers); retry for a while.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.005
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not ("locked" in str(exc) or "busy" in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


class Store:
    """The session store at one path. Holds no connection: each call opens, commits and closes its own."""

    def __init__(self, path: Path, counsellor: str | None = None) -> None:
        from assessor.sessions.vocabulary import current_counsellor

        self.path = path
        self._counsellor = counsellor or current_counsellor()

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def counsellor(self) -> str:
        return self._counsellor

    @classmethod
    def open(cls, home: Path | None = None, counsellor: str | None = None) -> Store:
        """Open (creating or migrating) the store in `home`; refuse any file that is not ours.

        `counsellor` names whose sessions are created and listed (default: vocabulary.current_counsellor).
        """
        folder = home if home is not None else default_home()
        prepare_folder(folder)
        path = folder / DB_NAME
        check_private_files(path)
        if not path.exists():
            _create_file(path)
        check_wal(path)
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                version = check_file(path)
                break
            except StoreBusy:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)  # another process is setting up the same new store
        store = cls(path, counsellor)
        if version < SCHEMA_VERSION:
            store._migrate()
        return store

    # -- connections and transactions ---------------------------------------------------------------

    def _problem(self, exc: sqlite3.Error, doing: str) -> StoreError:
        if is_full(exc, self.path.parent):
            return StoreError(disk_full_sentence(self.path.parent))
        return StoreError(f"{self.path}: {doing} ({exc})")

    def _connect(self, foreign_keys: bool = True) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._problem(exc, "cannot open the session database") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            conn.execute("PRAGMA secure_delete = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise self._problem(exc, "cannot use the session database") from None
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def _write(self, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error."""
        before = signature(self.path)
        with contextlib.closing(self._connect(foreign_keys)) as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if is_full(exc, self.path.parent):
                    raise StoreError(disk_full_sentence(self.path.parent)) from None
                raise StoreError(f"{self.path}: the session database is busy ({exc}); try again") from None
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                if is_full(exc, self.path.parent):
                    raise StoreError(disk_full_sentence(self.path.parent)) from None
                raise StoreError(
                    f"{self.path}: the change could not be saved ({exc}); nothing was changed"
                ) from None
            except BaseException:
                _rollback(conn)
                raise
        remember_verified(self.path, before)

    def _read_connection(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except StoreError:
            if not readable_while_full(self.path):
                raise
        try:  # a full disk: read the file alone (see readable_while_full)
            conn = sqlite3.connect(_read_only_uri(self.path, immutable=True), uri=True, isolation_level=None)
        except sqlite3.Error:
            raise StoreError(disk_full_sentence(self.path.parent)) from None
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        before = signature(self.path)
        with contextlib.closing(self._read_connection()) as conn:
            try:
                conn.execute("BEGIN")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise self._problem(exc, "the session database cannot be read") from None
            except BaseException:
                _rollback(conn)
                raise
        remember_verified(self.path, before)

    def _migrate(self) -> None:
        for target, migration in enumerate(MIGRATIONS, start=1):
            with self._write(foreign_keys=False) as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= target:
                    continue  # another process migrated first
                migration(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {target}")
        remember_verified(self.path)

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # -- sessions -----------------------------------------------------------------------------------

    def create_session(self, client_label: str) -> str:
        """A new open session for this client; returns its id."""
        label = checked_label(client_label)
        now = utc_now()
        with self._write() as conn:
            for _ in range(20):
                session_id = new_session_id()
                if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO sessions (id, client_label, created_at, updated_at, counsellor) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, label, now, now, self.counsellor),
            )
        return session_id

    def _require(self, conn: sqlite3.Connection, session_id: str, columns: str = "*") -> sqlite3.Row:
        row = conn.execute(f"SELECT {columns} FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            known = [str(found[0]) for found in conn.execute("SELECT id FROM sessions")]
            guesses = closest_ids(session_id, known)
            hint = f"; did you mean {' or '.join(guesses)}?" if guesses else ""
            raise SessionNotFound(
                f"no saved session {session_id!r}{hint} (`assessor sessions list` shows them all)"
            )
        return row  # type: ignore[no-any-return]

    def record_answer(
        self, session_id: str, question_id: str, raw_text: str, answers: Mapping[str, Any]
    ) -> None:
        """Save one answer the moment it is given: the typed text and the resolved answers so far."""
        session_id = clean_id(session_id)
        now = utc_now()
        answers_json = dumps(answers)
        with self._write() as conn:
            self._require(conn, session_id, "id")
            seq = conn.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM answers WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            conn.execute(
                INSERT_ANSWER,
                (session_id, seq, question_id, raw_text, now),
            )
            conn.execute(
                "UPDATE sessions SET answers_json = ?, updated_at = ? WHERE id = ?",
                (answers_json, now, session_id),
            )

    def finish(
        self,
        session_id: str,
        result: Mapping[str, Any],
        plan: Mapping[str, Any] | None,
        data_version: str,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        """Store the result (and plan) of a finished conversation, or of a re-score on newer role data."""
        session_id = clean_id(session_id)
        result_json, plan_json, checked = result_to_save(session_id, result, plan)
        now = utc_now()
        with self._write() as conn:
            self._require(conn, session_id, "id")
            conn.execute(
                "UPDATE sessions SET result_json = ?, plan_json = ?, data_version = ?, updated_at = ?, "
                "finished_at = coalesce(finished_at, ?), score = ?, zone = ?, label = ?, role_id = ?, "
                "role_title = ? WHERE id = ?",
                (result_json, plan_json, data_version, now, now, *summary_columns(checked), session_id),
            )
            if answers is not None:
                conn.execute(
                    "UPDATE sessions SET answers_json = ? WHERE id = ?", (dumps(answers), session_id)
                )

    def set_notes(self, session_id: str, text: str) -> None:
        session_id = clean_id(session_id)
        text = checked_notes(text)
        with self._write() as conn:
            self._require(conn, session_id, "id")
            conn.execute(
                "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?", (text, utc_now(), session_id)
            )

    def append_notes(self, session_id: str, text: str) -> str:
        """Add a line to the notes in one transaction (parallel appends all stay); returns the notes now."""
        session_id = clean_id(session_id)
        added = checked_notes(text).strip()
        with self._write() as conn:
            old = str(self._require(conn, session_id, "notes")["notes"])
            new = f"{old}\n{added}" if old and added else old or added
            limit_notes(new)
            conn.execute(
                "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?", (new, utc_now(), session_id)
            )
        return new

    def save_notes_if_unchanged(self, session_id: str, expected: str, text: str) -> bool:
        """Replace the notes only if they are still `expected` (what an editor opened with); else False.

        The comparison and the write share one transaction, so notes added meanwhile are never overwritten.
        """
        session_id = clean_id(session_id)
        text = checked_notes(text)
        with self._write() as conn:
            current = str(self._require(conn, session_id, "notes")["notes"])
            if current != expected:
                return False
            conn.execute(
                "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?", (text, utc_now(), session_id)
            )
        return True

    def get(self, session_id: str) -> SessionRecord:
        with self._read() as conn:
            row = self._require(conn, clean_id(session_id))
            raw = conn.execute(
                "SELECT seq, question_id, raw_text, answered_at FROM answers "
                "WHERE session_id = ? ORDER BY seq",
                (row["id"],),
            ).fetchall()
        try:
            return SessionRecord.model_validate(record_data(dict(row), [dict(item) for item in raw]))
        except (ValidationError, ValueError) as exc:
            reason = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise StoreError(
                f"{self.path}: session {row['id']}: {reason}; the stored session was left as it is "
                f"(`assessor sessions delete {row['id']}` removes it)"
            ) from None

    def list_sessions(self, everyone: bool = False) -> list[SessionSummary]:
        """The counsellor's sessions (every session in the file with `everyone`: it is one user's file),
        most recently updated first, from the list's columns alone."""
        where, parameters = ("", ()) if everyone else ("WHERE s.counsellor = ? ", (self.counsellor,))
        with self._read() as conn:
            cursor = conn.execute(
                f"SELECT {LIST_COLUMNS}, "
                "(SELECT count(*) FROM answers a WHERE a.session_id = s.id) AS answer_count "
                f"FROM sessions s {where}ORDER BY s.updated_at DESC, s.created_at DESC",
                parameters,
            )
            cursor.row_factory = (
                None  # plain tuples, made dicts at C speed (sqlite3.Row looks names up slowly)
            )
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return summaries_from_rows(rows)

    def all_records(self, everyone: bool = False) -> AllRecords:
        """The counsellor's sessions whole (every session with `everyone`), oldest first: two queries in one
        read transaction (one snapshot)."""
        where, parameters = ("", ()) if everyone else ("WHERE counsellor = ? ", (self.counsellor,))
        with self._read() as conn:
            rows = [
                dict(row)
                for row in conn.execute(f"SELECT * FROM sessions {where}ORDER BY created_at, id", parameters)
            ]
            answers: dict[str, list[dict[str, Any]]] = {}
            for item in conn.execute(
                "SELECT session_id, seq, question_id, raw_text, answered_at FROM answers "
                f"WHERE session_id IN (SELECT id FROM sessions {where}) ORDER BY session_id, seq",
                parameters,
            ):
                entry = dict(item)
                answers.setdefault(entry.pop("session_id"), []).append(entry)
        return records_from_rows(rows, answers)

    def delete(self, session_id: str) -> DeleteOutcome:
        """Remove a session for good: rows zeroed (secure_delete), then the write-ahead log emptied."""
        session_id = clean_id(session_id)
        with self._write() as conn:
            self._require(conn, session_id, "id")
            conn.execute("DELETE FROM answers WHERE session_id = ?", (session_id,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        before = signature(self.path)
        with contextlib.closing(self._connect()) as conn:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        remember_verified(self.path, before)
        return DeleteOutcome(session_id=session_id, wal_cleared=busy == 0)

    # -- moving to another machine --------------------------------------------------------------------

    def export_all(self, path: Path, force: bool = False) -> int:
        """Write every session to one JSON file (report.files: 0600, atomic, regular files only)."""
        from assessor.report.files import write_file

        count, text = self.export_document()
        write_file(path, text, force)
        return count

    def export_document(self) -> tuple[int, str]:
        """Every session as one JSON document (its text) and how many sessions it holds.

        Sessions are written as stored, checked or not: a backup keeps everything (import checks it).
        """
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM sessions ORDER BY created_at").fetchall()
            answers: dict[str, list[dict[str, Any]]] = {}
            for item in conn.execute(
                "SELECT session_id, seq, question_id, raw_text, answered_at FROM answers "
                "ORDER BY session_id, seq"
            ):
                entry = dict(item)
                answers.setdefault(entry.pop("session_id"), []).append(entry)
        records = [record_data(dict(row), answers.get(row["id"], [])) for row in rows]
        return len(records), export_text(records)

    def import_file(self, path: Path) -> ImportOutcome:
        """Add the sessions of an export_all file; existing sessions are never overwritten.

        Every session is checked first, as a new one is; one that does not check refuses the whole file.
        """
        read = read_export(path)
        imported = skipped = 0
        renamed: list[tuple[str, str]] = []
        made_safe: list[str] = []
        with self._write() as conn:
            for record in read.records:
                existing = conn.execute(
                    "SELECT client_label, created_at FROM sessions WHERE id = ?", (record.id,)
                ).fetchone()
                new_id = record.id
                if existing is not None:
                    if same_label(existing[0], record.client_label) and existing[1] == record.created_at:
                        skipped += 1
                        continue
                    while conn.execute("SELECT 1 FROM sessions WHERE id = ?", (new_id,)).fetchone():
                        new_id = new_session_id()
                    renamed.append((record.id, new_id))
                conn.execute(
                    INSERT_SESSION,
                    (
                        new_id,
                        record.client_label,
                        record.created_at,
                        record.updated_at,
                        record.finished_at,
                        record.data_version,
                        *summary_columns(record.result),
                        record.notes,
                        dumps(record.answers),
                        dumps(stored_json(record.result)) if record.result is not None else None,
                        dumps(stored_json(record.plan)) if record.plan is not None else None,
                        record.counsellor or self.counsellor,
                    ),
                )
                conn.executemany(
                    INSERT_ANSWER,
                    [
                        (new_id, raw.seq, raw.question_id, raw.raw_text, raw.answered_at)
                        for raw in record.raw_answers
                    ],
                )
                imported += 1
                if record.id in read.made_safe:
                    made_safe.append(new_id)
            _quick_check(conn, self.path)
        return ImportOutcome(
            imported=imported, skipped=skipped, renamed=tuple(renamed), made_safe=tuple(made_safe)
        )

    # -- task phrases a counsellor confirmed (sessions/vocabulary.py) ---------------------------------------

    def remember_phrase(self, counsellor: str, phrase: str, said: str, task_id: str, task_name: str) -> None:
        now = utc_now()
        with self._write() as conn:
            row = conn.execute(
                "SELECT task_id FROM vocabulary WHERE counsellor = ? AND phrase = ?", (counsellor, phrase)
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO vocabulary (counsellor, phrase, said, task_id, task_name, times, first_at, "
                    "last_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                    (counsellor, phrase, said, task_id, task_name, now, now),
                )
            elif row["task_id"] == task_id:
                conn.execute(
                    "UPDATE vocabulary SET times = times + 1, said = ?, task_name = ?, last_at = ? "
                    "WHERE counsellor = ? AND phrase = ?",
                    (said, task_name, now, counsellor, phrase),
                )
            else:  # the person now means another task by it: the old pick no longer holds
                conn.execute(
                    "UPDATE vocabulary SET task_id = ?, task_name = ?, said = ?, times = 1, first_at = ?, "
                    "last_at = ? WHERE counsellor = ? AND phrase = ?",
                    (task_id, task_name, said, now, now, counsellor, phrase),
                )

    def learned_phrases(self, counsellor: str) -> list[LearnedPhrase]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT phrase, said, task_id, task_name, times, first_at, last_at FROM vocabulary "
                "WHERE counsellor = ? ORDER BY times DESC, phrase",
                (counsellor,),
            ).fetchall()
        return [LearnedPhrase(**dict(row)) for row in rows]

    def forget_phrase(self, counsellor: str, phrase: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM vocabulary WHERE counsellor = ? AND phrase = ?", (counsellor, phrase))
