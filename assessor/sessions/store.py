"""Saved client sessions in one SQLite file, written so that no answer a client gives is ever lost.

API (the app, `assessor ask --client` and `assessor sessions` all use exactly this):

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
    store.path                                             # the database file

Why it is built this way (see /work/shared/references/ecosystem-notes.md section 4):
- the database file is created 0600 with O_CREAT|O_EXCL before SQLite touches it, inside a 0700 folder, so
  SQLite's -wal/-shm sidecars inherit 0600 whatever the umask;
- WAL with synchronous=FULL: a commit survives a killed process and a power cut; busy_timeout lets several
  processes (two terminals, the browser app) write at once;
- every write is one explicit BEGIN IMMEDIATE transaction on a short-lived connection closed by
  contextlib.closing, so no half-written session exists and no descriptor outlives its use;
- a file that is corrupted, belongs to another program, or comes from a newer assessor is refused with one
  sentence (StoreError) after read-only checks only, so it stays byte-for-byte as it was;
- the schema version is PRAGMA user_version; each migration and its version bump share one transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import stat
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assessor.core.errors import AssessorError
from assessor.core.models import Frozen

APPLICATION_ID = 0x41535352  # "ASSR": marks a SQLite file as an assessor session store
DB_NAME = "sessions.db"
EXPORT_FORMAT = "assessor-sessions"
EXPORT_VERSION = 1
BUSY_TIMEOUT_SECONDS = 30.0
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: ids are read aloud and typed by hand

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

MIGRATIONS: tuple[tuple[str, ...], ...] = (SCHEMA_V1, SCHEMA_V2)
SCHEMA_VERSION = len(MIGRATIONS)
INSERT_ANSWER = (
    "INSERT INTO answers (session_id, seq, question_id, raw_text, answered_at) VALUES (?, ?, ?, ?, ?)"
)


class StoreError(AssessorError):
    """The session store cannot be used as it is (refused file, unwritable folder, bad import file)."""


class SessionNotFound(StoreError):
    """No session with that id."""


class RawAnswer(Frozen):
    """What the person typed for one question, in the order given (a changed answer adds a new row)."""

    seq: int
    question_id: str
    raw_text: str
    answered_at: str


class SessionSummary(Frozen):
    """One line of `assessor sessions list`."""

    id: str
    client_label: str
    status: Literal["open", "finished"]
    answer_count: int
    score: float | None
    label: str | None
    data_version: str | None
    created_at: str
    updated_at: str


class SessionRecord(Frozen):
    """A whole saved session."""

    id: str
    client_label: str
    notes: str
    status: Literal["open", "finished"]
    answers: dict[str, Any]  # the resolved answers so far (models.Answers fields)
    raw_answers: tuple[RawAnswer, ...]
    data_version: str | None
    result: dict[str, Any] | None
    plan: dict[str, Any] | None
    created_at: str
    updated_at: str
    finished_at: str | None


class DeleteOutcome(Frozen):
    session_id: str
    wal_cleared: bool  # False when another open assessor kept old pages in the write-ahead log


class ImportOutcome(Frozen):
    imported: int
    skipped: int  # already present (same id, label and creation time)
    renamed: tuple[tuple[str, str], ...]  # (id in the file, new id) where the id was taken by another session


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def clean_id(session_id: str) -> str:
    """Ids are typed by hand: ignore case and surrounding spaces."""
    return session_id.strip().lower()


def closest_ids(typed: str, known: list[str], limit: int = 3) -> list[str]:
    """The saved ids nearest to a mistyped one (a prefix counts as near)."""
    from rapidfuzz import fuzz, process

    starts = [found for found in known if typed and found.startswith(typed)]
    near = [
        found
        for found, score, _ in process.extract(
            typed, known, scorer=fuzz.ratio, processor=lambda text: text.replace("-", ""), limit=limit
        )
        if score >= 55
    ]
    return list(dict.fromkeys([*starts, *near]))[:limit]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_session_id() -> str:
    letters = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def default_home() -> Path:
    env = os.environ.get("ASSESSOR_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("assessor", appauthor=False))


def _prepare_folder(home: Path) -> None:
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = home.stat().st_mode
        # Tighten our own folder; never a shared sticky folder such as /tmp given by mistake.
        if not mode & stat.S_ISVTX and stat.S_IMODE(mode) != 0o700:
            os.chmod(home, 0o700)
    except OSError as exc:
        raise StoreError(f"{home}: cannot create the session folder ({exc.strerror})") from None


class StoreBusy(StoreError):
    """Another process holds the database for a moment (a new store being set up)."""


def _create_file(path: Path) -> None:
    """Create the empty database file 0600 before SQLite opens it, so its sidecars inherit 0600."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another process created it first; it is checked like any existing file
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the session database ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _read_only_uri(path: Path) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro"


def check_file(path: Path) -> int:
    """The schema version of an existing database file, after read-only checks (0 = empty, ours to set up).

    Raises StoreError, without writing a byte, for a file that is corrupted, not ours, or from a newer
    assessor.
    """
    try:
        with contextlib.closing(
            sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        ) as conn:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
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
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise StoreError(
                    f"{path}: the session database is damaged ({problems[0]}); it was left untouched, "
                    "keep a copy and restore one from `assessor sessions export-all`"
                )
            return int(version)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreBusy(f"{path}: the session database is busy in another program; try again") from None
        raise StoreError(
            f"{path}: is not a readable assessor session database ({exc}); it was left untouched "
            "(set ASSESSOR_HOME to use another folder)"
        ) from None


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

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, home: Path | None = None) -> Store:
        """Open (creating or migrating) the store in `home`; refuse any file that is not ours."""
        folder = home if home is not None else default_home()
        _prepare_folder(folder)
        path = folder / DB_NAME
        if not path.exists():
            _create_file(path)
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                version = check_file(path)
                break
            except StoreBusy:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)  # another process is setting up the same new store
        store = cls(path)
        if version < SCHEMA_VERSION:
            store._migrate()
        return store

    # -- connections and transactions ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the session database ({exc})") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{self.path}: cannot use the session database ({exc})") from None
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error."""
        with contextlib.closing(self._connect()) as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"{self.path}: the session database is busy ({exc}); try again") from None
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise StoreError(
                    f"{self.path}: the change could not be saved ({exc}); nothing was changed"
                ) from None
            except BaseException:
                _rollback(conn)
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with contextlib.closing(self._connect()) as conn:
            try:
                conn.execute("BEGIN")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise StoreError(f"{self.path}: the session database cannot be read ({exc})") from None
            except BaseException:
                _rollback(conn)
                raise

    def _migrate(self) -> None:
        for target, statements in enumerate(MIGRATIONS, start=1):
            with self._write() as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= target:
                    continue  # another process migrated first
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {target}")

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # -- sessions -----------------------------------------------------------------------------------

    def create_session(self, client_label: str) -> str:
        """A new open session for this client; returns its id."""
        label = " ".join(client_label.split())
        if not label:
            raise StoreError("a client label cannot be empty (use initials or a case number)")
        if len(label) > 200:
            raise StoreError("a client label must be at most 200 characters")
        now = utc_now()
        with self._write() as conn:
            for _ in range(20):
                session_id = new_session_id()
                if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO sessions (id, client_label, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (session_id, label, now, now),
            )
        return session_id

    def _require(self, conn: sqlite3.Connection, session_id: str) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
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
        answers_json = json.dumps(dict(answers), ensure_ascii=False, default=_json_default)
        with self._write() as conn:
            self._require(conn, session_id)
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
        now = utc_now()
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute(
                "UPDATE sessions SET result_json = ?, plan_json = ?, data_version = ?, updated_at = ?, "
                "finished_at = coalesce(finished_at, ?) WHERE id = ?",
                (
                    _dumps(result),
                    _dumps(plan) if plan is not None else None,
                    data_version,
                    now,
                    now,
                    session_id,
                ),
            )
            if answers is not None:
                conn.execute(
                    "UPDATE sessions SET answers_json = ? WHERE id = ?", (_dumps(answers), session_id)
                )

    def set_notes(self, session_id: str, text: str) -> None:
        session_id = clean_id(session_id)
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute(
                "UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ?", (text, utc_now(), session_id)
            )

    def get(self, session_id: str) -> SessionRecord:
        with self._read() as conn:
            row = self._require(conn, clean_id(session_id))
            raw = conn.execute(
                "SELECT seq, question_id, raw_text, answered_at FROM answers "
                "WHERE session_id = ? ORDER BY seq",
                (row["id"],),
            ).fetchall()
        return _record(row, tuple(RawAnswer(**dict(item)) for item in raw))

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, most recently updated first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT s.*, (SELECT count(*) FROM answers a WHERE a.session_id = s.id) AS answer_count "
                "FROM sessions s ORDER BY s.updated_at DESC, s.created_at DESC"
            ).fetchall()
        summaries = []
        for row in rows:
            result = _loads(row["result_json"])
            summaries.append(
                SessionSummary(
                    id=row["id"],
                    client_label=row["client_label"],
                    status="finished" if row["finished_at"] else "open",
                    answer_count=row["answer_count"],
                    score=result.get("score") if result else None,
                    label=result.get("label") if result else None,
                    data_version=row["data_version"],
                    created_at=row["created_at"],
                    updated_at=row["updated_at"],
                )
            )
        return summaries

    def delete(self, session_id: str) -> DeleteOutcome:
        """Remove a session for good: rows zeroed (secure_delete), then the write-ahead log emptied."""
        session_id = clean_id(session_id)
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute("DELETE FROM answers WHERE session_id = ?", (session_id,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        with contextlib.closing(self._connect()) as conn:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return DeleteOutcome(session_id=session_id, wal_cleared=busy == 0)

    # -- moving to another machine --------------------------------------------------------------------

    def export_all(self, path: Path) -> int:
        """Write every session to one JSON file (0600, written to a temporary name then renamed)."""
        with self._read() as conn:
            ids = [row[0] for row in conn.execute("SELECT id FROM sessions ORDER BY created_at")]
        records = [self.get(session_id).model_dump(mode="json") for session_id in ids]
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": utc_now(),
            "sessions": records,
        }
        write_private_file(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return len(records)

    def import_file(self, path: Path) -> ImportOutcome:
        """Add the sessions of an export_all file; existing sessions are never overwritten."""
        records = read_export(path)
        imported = skipped = 0
        renamed: list[tuple[str, str]] = []
        with self._write() as conn:
            for record in records:
                existing = conn.execute(
                    "SELECT client_label, created_at FROM sessions WHERE id = ?", (record.id,)
                ).fetchone()
                new_id = record.id
                if existing is not None:
                    if (existing[0], existing[1]) == (record.client_label, record.created_at):
                        skipped += 1
                        continue
                    while conn.execute("SELECT 1 FROM sessions WHERE id = ?", (new_id,)).fetchone():
                        new_id = new_session_id()
                    renamed.append((record.id, new_id))
                conn.execute(
                    "INSERT INTO sessions (id, client_label, notes, data_version, result_json, plan_json, "
                    "created_at, updated_at, answers_json, finished_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        new_id,
                        record.client_label,
                        record.notes,
                        record.data_version,
                        _dumps(record.result) if record.result is not None else None,
                        _dumps(record.plan) if record.plan is not None else None,
                        record.created_at,
                        record.updated_at,
                        _dumps(record.answers),
                        record.finished_at,
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
        return ImportOutcome(imported=imported, skipped=skipped, renamed=tuple(renamed))


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return str(value)


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, default=_json_default)


def _loads(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _record(row: sqlite3.Row, raw: tuple[RawAnswer, ...]) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        client_label=row["client_label"],
        notes=row["notes"],
        status="finished" if row["finished_at"] else "open",
        answers=_loads(row["answers_json"]) or {},
        raw_answers=raw,
        data_version=row["data_version"],
        result=_loads(row["result_json"]),
        plan=_loads(row["plan_json"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        finished_at=row["finished_at"],
    )


def write_private_file(path: Path, text: str) -> None:
    """Write a file readers see whole or not at all: 0600 temp file, fsync, rename, fsync the folder."""
    folder = path.parent if str(path.parent) else Path(".")
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be written ({exc.strerror})") from None


def read_export(path: Path) -> list[SessionRecord]:
    """The sessions of an export_all file, each validated; any problem is one sentence naming the file."""
    from pydantic import ValidationError

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StoreError(
            f"{path}: is not a JSON sessions export (from `assessor sessions export-all`)"
        ) from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise StoreError(f'{path}: is not an assessor sessions export (missing "format": "{EXPORT_FORMAT}")')
    if document.get("version") != EXPORT_VERSION:
        raise StoreError(
            f"{path}: is export version {document.get('version')!r}; "
            f"this assessor reads version {EXPORT_VERSION}"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise StoreError(f'{path}: "sessions" must be a list')
    records = []
    for index, item in enumerate(sessions):
        try:
            records.append(SessionRecord.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise StoreError(f"{path}: sessions[{index}].{where}: {first['msg']}") from None
    return records
