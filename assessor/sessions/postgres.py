"""Saved client sessions in a PostgreSQL database shared by a counselling service (psycopg 3).

The server backend of backend.SessionStore, with the SQLite store's promises (backend.py) kept the server's
way:
- each call is one transaction on its own short-lived connection, committed with synchronous_commit=on
  (the commit is on disk before `record_answer` returns, whatever the server's default);
- the schema's version and an application marker are in a `schema_version` table; migrations run in one
  transaction under an advisory lock (several processes opening a new database at once migrate it once);
  a schema holding tables of another program, or written by a newer assessor, is refused after reads only;
- answers to one session are numbered under a lock on the session's row, notes are appended under it, so
  parallel writers all keep their lines;
- the counsellor is the database role (`current_user`). Row-level security in the schema (version 2) lets a
  counsellor's role see and change only their own sessions, answers and vocabulary, and a member of the
  `assessor_supervisor` role see all: the database enforces it, whatever program connects. `assessor db
  init` (roles.py) creates the group roles and grants; the tables' owner is the administrator's role,
  never a counsellor's (row-level security does not bind a table's owner).

psycopg is imported only when a postgresql:// URL is used (database.py).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from pydantic import ValidationError

from assessor.sessions.backend import (
    checked_label,
    checked_notes,
    clean_id,
    closest_ids,
    dumps,
    export_text,
    first_error,
    limit_notes,
    new_session_id,
    read_export,
    record_data,
    records_from_rows,
    result_to_save,
    same_label,
    summaries_from_rows,
    summary_columns,
    utc_now,
)
from assessor.sessions.database import redact, safe_url
from assessor.sessions.errors import SessionNotFound, StoreError
from assessor.sessions.models import (
    AllRecords,
    DeleteOutcome,
    ImportOutcome,
    LearnedPhrase,
    SessionRecord,
    SessionSummary,
    stored_json,
)

APPLICATION = "assessor-sessions"
MIGRATION_LOCK = 0x41535352  # "ASSR", as the SQLite store's application id
CONNECT_TIMEOUT_SECONDS = 10
OUR_TABLES = frozenset({"schema_version", "sessions", "answers", "vocabulary"})
SUPERVISOR_ROLE = "assessor_supervisor"
COUNSELLOR_ROLE = "assessor_counsellor"

SCHEMA_V1 = (
    "CREATE TABLE schema_version (application text NOT NULL, version integer NOT NULL)",
    f"INSERT INTO schema_version (application, version) VALUES ('{APPLICATION}', 0)",
    """CREATE TABLE sessions (
        id text PRIMARY KEY,
        counsellor text NOT NULL DEFAULT current_user,
        client_label text NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        finished_at text,
        data_version text,
        score double precision,
        zone text,
        label text,
        role_id text,
        role_title text,
        answer_count integer NOT NULL DEFAULT 0,
        notes text NOT NULL DEFAULT '',
        answers_json text NOT NULL DEFAULT '{}',
        result_json text,
        plan_json text
    )""",
    # One caseload among many, and everyone's, each read in list order from an index.
    "CREATE INDEX sessions_caseload ON sessions (counsellor, updated_at DESC, created_at DESC)",
    "CREATE INDEX sessions_list ON sessions (updated_at DESC, created_at DESC)",
    """CREATE TABLE answers (
        session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        question_id text NOT NULL,
        raw_text text NOT NULL,
        answered_at text NOT NULL,
        PRIMARY KEY (session_id, seq)
    )""",
    """CREATE TABLE vocabulary (
        counsellor text NOT NULL DEFAULT current_user,
        phrase text NOT NULL,
        said text NOT NULL,
        task_id text NOT NULL,
        task_name text NOT NULL,
        times integer NOT NULL DEFAULT 1,
        first_at text NOT NULL,
        last_at text NOT NULL,
        PRIMARY KEY (counsellor, phrase)
    )""",
)

# Version 2: who sees what, enforced by the database for every program that connects. The supervisor test is
# a function (a missing role is "not a supervisor", not an error) called once per statement (the sub-select).
SCHEMA_V2_ROW_SECURITY = (
    f"""CREATE FUNCTION assessor_is_supervisor() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(
            (SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = '{SUPERVISOR_ROLE}'),
            false)
    $$""",
    "ALTER TABLE sessions ENABLE ROW LEVEL SECURITY",
    """CREATE POLICY own_or_supervised ON sessions
        USING (counsellor = current_user OR (SELECT assessor_is_supervisor()))
        WITH CHECK (counsellor = current_user OR (SELECT assessor_is_supervisor()))""",
    "ALTER TABLE answers ENABLE ROW LEVEL SECURITY",
    # An answer belongs to whoever may see its session (the sub-select is itself under the sessions policy).
    """CREATE POLICY of_a_visible_session ON answers
        USING (EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_id))
        WITH CHECK (EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_id))""",
    "ALTER TABLE vocabulary ENABLE ROW LEVEL SECURITY",
    """CREATE POLICY own_or_supervised ON vocabulary
        USING (counsellor = current_user OR (SELECT assessor_is_supervisor()))
        WITH CHECK (counsellor = current_user)""",
)

# Version 3: the supervisor test reads only the system catalog, whoever calls it. A SQL function's body is
# read with the caller's search_path, and a session's temporary schema comes before pg_catalog for tables and
# views: a counsellor who made `CREATE TEMP VIEW pg_roles AS SELECT 'assessor_supervisor'::name AS rolname,
# <their own role's oid> AS oid` passed version 2's test, so every policy let them read, change and delete
# every other counsellor's sessions. Every name is now qualified, and the function runs with pg_catalog first
# and the temporary schema last.
SCHEMA_V3_SUPERVISOR_TEST = (
    f"""CREATE OR REPLACE FUNCTION assessor_is_supervisor() RETURNS boolean LANGUAGE sql STABLE
        SET search_path = pg_catalog, pg_temp AS $$
        SELECT coalesce(
            (SELECT pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_catalog.pg_roles r
             WHERE r.rolname OPERATOR(pg_catalog.=) '{SUPERVISOR_ROLE}'::pg_catalog.name),
            false)
    $$""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (SCHEMA_V1, SCHEMA_V2_ROW_SECURITY, SCHEMA_V3_SUPERVISOR_TEST)
SCHEMA_VERSION = len(MIGRATIONS)

LIST_COLUMNS = (
    "id, client_label, created_at, updated_at, finished_at, data_version, score, zone, label, role_id, "
    "role_title, counsellor, answer_count"
)
INSERT_IMPORTED = (
    "INSERT INTO sessions (id, counsellor, client_label, created_at, updated_at, finished_at, data_version, "
    "score, zone, label, role_id, role_title, answer_count, notes, answers_json, result_json, plan_json) "
    "VALUES (%s, coalesce(%s, current_user), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (id) DO NOTHING RETURNING id"
)
INSERT_ANSWER = (
    "INSERT INTO answers (session_id, seq, question_id, raw_text, answered_at) VALUES (%s, %s, %s, %s, %s)"
)

Cursor = psycopg.Cursor[dict[str, Any]]


def imported_row(new_id: str, record: SessionRecord) -> tuple[object, ...]:
    """The INSERT_IMPORTED parameters of an imported session under the id it is given here."""
    return (
        new_id,
        record.counsellor,
        record.client_label,
        record.created_at,
        record.updated_at,
        record.finished_at,
        record.data_version,
        *summary_columns(record.result),
        len(record.raw_answers),
        record.notes,
        dumps(record.answers),
        dumps(stored_json(record.result)) if record.result is not None else None,
        dumps(stored_json(record.plan)) if record.plan is not None else None,
    )


def first_line(exc: BaseException, url: str) -> str:
    """The driver's first line, without the URL's password (libpq may quote the whole connection string)."""
    text = str(exc).strip().splitlines()
    return redact(text[0].strip(), url) if text else type(exc).__name__


def connection_parameters(url: str) -> dict[str, Any]:
    """libpq's reading of the URL, with synchronous commits whatever the server's default."""
    try:
        parameters: dict[str, Any] = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(
            f"{safe_url(url)}: not a PostgreSQL URL libpq can read ({first_line(exc, url)})"
        ) from None
    checked_password_file(parameters)
    options = str(parameters.get("options") or "")
    parameters["options"] = f"{options} -c synchronous_commit=on".strip()
    parameters.setdefault("application_name", "assessor")
    parameters.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    return parameters


NO_PASSWORD_HINT = (
    "; the role's password goes in a password file (PGPASSFILE, or ~/.pgpass; mode 0600; a line "
    "host:port:database:role:password) or in PGPASSWORD, never on a command line"
)


def password_file(parameters: Mapping[str, Any]) -> Path | None:
    """The password file libpq reads for this connection (None: it reads none, a password is given)."""
    if parameters.get("password") or os.environ.get("PGPASSWORD") or os.name == "nt":
        return None
    named = parameters.get("passfile") or os.environ.get("PGPASSFILE")
    if named:
        return Path(str(named))
    try:
        return Path.home() / ".pgpass"
    except RuntimeError:  # no home folder to look in
        return None


def checked_password_file(parameters: Mapping[str, Any]) -> None:
    """StoreError for a password file libpq would skip with a warning of its own (group or world may read
    it, or it is not a file) instead of using it: the one-line reason, with the chmod that fixes it."""
    path = password_file(parameters)
    if path is None:
        return
    try:
        found = path.stat()
    except OSError:
        return  # none there (libpq skips it silently), or not ours to look at
    if not stat.S_ISREG(found.st_mode):
        raise StoreError(f"{path}: the PostgreSQL password file (PGPASSFILE) is not a file")
    if found.st_mode & 0o077:
        raise StoreError(
            f"{path}: the PostgreSQL password file is open to others (mode {stat.S_IMODE(found.st_mode):04o}), "
            f"so PostgreSQL's client would not use it: chmod 600 {path}"
        )


class PostgresStore:
    """The session store in one PostgreSQL database (its current schema). Holds no connection between calls."""

    def __init__(self, url: str, counsellor: str) -> None:
        self.url = url
        self._parameters = connection_parameters(url)
        self._counsellor = counsellor

    @property
    def location(self) -> str:
        return safe_url(self.url)

    @property
    def counsellor(self) -> str:
        return self._counsellor

    @classmethod
    def open(cls, url: str, counsellor: str | None = None) -> PostgresStore:
        """Open the store, creating or migrating its tables when this role may; refuse a schema not ours.

        The counsellor is the database role; a configured name (`--counsellor`) that differs is refused,
        since the database would file the sessions under the role anyway.
        """
        from assessor.sessions.vocabulary import configured_counsellor

        store = cls(url, "")
        with store._read() as cur:
            cur.execute("SELECT current_user AS role, current_schema() AS schema")
            row = cur.fetchone()
            assert row is not None
            role, schema = str(row["role"]), row["schema"]
            version = store._checked_version(cur, schema)
        wanted = counsellor or configured_counsellor()
        if wanted is not None and wanted != role:
            raise StoreError(
                f"{store.location}: on PostgreSQL the counsellor is the database role ({role!r}), "
                f"not {wanted!r}: connect as {wanted!r}'s role, or leave --counsellor/ASSESSOR_COUNSELLOR unset"
            )
        store._counsellor = role
        if version < SCHEMA_VERSION:
            store._migrate()
        return store

    # -- connections and transactions ---------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[dict[str, Any]]:
        try:
            return psycopg.connect(**self._parameters, row_factory=dict_row)
        except psycopg.Error as exc:
            reason = first_line(exc, self.url)
            hint = NO_PASSWORD_HINT if "no password supplied" in reason else ""
            raise StoreError(f"{self.location}: cannot connect to the database ({reason}){hint}") from None

    @contextlib.contextmanager
    def _transaction(self, doing: str) -> Iterator[Cursor]:
        with contextlib.closing(self._connect()) as conn:
            try:
                with conn.transaction(), conn.cursor() as cur:
                    yield cur
            except psycopg.errors.InsufficientPrivilege as exc:
                raise StoreError(
                    f"{self.location}: the role {self.counsellor or 'used'} may not do this ({first_line(exc, self.url)}); "
                    "nothing was changed"
                ) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"{self.location}: {doing} ({first_line(exc, self.url)}); nothing was changed"
                ) from None

    def _write(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction("the change could not be saved")

    def _read(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction("the sessions cannot be read")

    # -- the schema ----------------------------------------------------------------------------------

    def _checked_version(self, cur: Cursor, schema: str | None) -> int:
        """The schema's version (0: no tables yet, ours to create), after reads only.

        StoreError for a schema with tables of another program or from a newer assessor.
        """
        if schema is None:
            raise StoreError(
                f"{self.location}: the database has no schema to keep sessions in (its search_path names none "
                "that exists); it was left untouched"
            )
        cur.execute(
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
            (schema,),
        )
        tables = [str(row["name"]) for row in cur.fetchall()]
        if not tables:
            return 0
        marker: tuple[str, int] | None = None
        if "schema_version" in tables:
            try:
                cur.execute("SELECT application, version FROM schema_version")
                rows = cur.fetchall()
            except psycopg.errors.InsufficientPrivilege:
                raise StoreError(
                    f"{self.location}: the role may not read the assessor tables in schema {schema!r}; "
                    "an administrator grants it with `assessor db init` (see the README's deployment)"
                ) from None
            except psycopg.Error:
                rows = []
            if len(rows) == 1 and isinstance(rows[0].get("version"), int):
                marker = (str(rows[0]["application"]), int(rows[0]["version"]))
        if marker is None or marker[0] != APPLICATION:
            others = [name for name in tables if name not in OUR_TABLES] or tables
            raise StoreError(
                f"{self.location}: schema {schema!r} holds tables of another program ({', '.join(others[:3])}), "
                "not an assessor session store; it was left untouched (use an empty database, or another "
                "schema with ?options=-csearch_path%3DNAME)"
            )
        version = marker[1]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location}: was written by a newer assessor (schema {version}, this one knows up to "
                f"{SCHEMA_VERSION}); it was left untouched, please upgrade assessor"
            )
        return version

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION in one transaction (another process may have done it first)."""
        with contextlib.closing(self._connect()) as conn:
            try:
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    cur.execute("SELECT to_regclass('schema_version') IS NOT NULL AS present")
                    present = cur.fetchone()
                    current = 0
                    if present and present["present"]:
                        cur.execute("SELECT version FROM schema_version")
                        found = cur.fetchone()
                        current = int(found["version"]) if found else 0
                    for target, statements in enumerate(MIGRATIONS, start=1):
                        if current >= target:
                            continue
                        for statement in statements:
                            cur.execute(statement.encode())
                        cur.execute("UPDATE schema_version SET version = %s", (target,))
            except psycopg.errors.InsufficientPrivilege:
                raise StoreError(
                    f"{self.location}: the assessor tables need setting up (schema {SCHEMA_VERSION}) by the "
                    "database's owner, which this role is not: the administrator runs `assessor --database "
                    "URL db init` (see the README's deployment); nothing was changed"
                ) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"{self.location}: the assessor tables could not be set up ({first_line(exc, self.url)}); "
                    "nothing was changed"
                ) from None

    def init_roles(self) -> list[str]:
        """Create the group roles and grant them the tables (idempotent); the statements it ran.

        Run by the administrator (the tables' owner, with CREATEROLE); a person is then given a login role in
        one of the groups (README: `CREATE ROLE ann LOGIN PASSWORD '...' IN ROLE assessor_counsellor`).
        """
        statements = roles_sql()
        with self._write() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            for statement in statements:
                cur.execute(statement.encode())
        return statements

    def schema_version(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT version FROM schema_version")
            row = cur.fetchone()
        return int(row["version"]) if row else 0

    # -- sessions -----------------------------------------------------------------------------------

    def create_session(self, client_label: str) -> str:
        label = checked_label(client_label)
        now = utc_now()
        with self._write() as cur:
            for _ in range(20):
                session_id = new_session_id()
                cur.execute(
                    "INSERT INTO sessions (id, client_label, created_at, updated_at) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id",
                    (session_id, label, now, now),
                )
                if cur.fetchone() is not None:
                    return session_id
        raise StoreError(f"{self.location}: no free session id was found; try again")

    def _require(
        self, cur: Cursor, session_id: str, columns: str = "id", lock: bool = False
    ) -> dict[str, Any]:
        cur.execute(
            sql.SQL("SELECT {} FROM sessions WHERE id = %s" + (" FOR UPDATE" if lock else "")).format(
                sql.SQL(columns)
            ),
            (session_id,),
        )
        row = cur.fetchone()
        if row is None:
            cur.execute("SELECT id FROM sessions")
            guesses = closest_ids(session_id, [str(found["id"]) for found in cur.fetchall()])
            hint = f"; did you mean {' or '.join(guesses)}?" if guesses else ""
            raise SessionNotFound(
                f"no saved session {session_id!r}{hint} (`assessor sessions list` shows them all)"
            )
        return row

    def record_answer(
        self, session_id: str, question_id: str, raw_text: str, answers: Mapping[str, Any]
    ) -> None:
        """Save one answer, committed before this returns (numbered under the session row's lock)."""
        session_id = clean_id(session_id)
        now = utc_now()
        answers_json = dumps(answers)
        with self._write() as cur:
            self._require(cur, session_id, lock=True)
            cur.execute(
                "SELECT coalesce(max(seq), 0) + 1 AS seq FROM answers WHERE session_id = %s", (session_id,)
            )
            row = cur.fetchone()
            assert row is not None
            cur.execute(INSERT_ANSWER, (session_id, row["seq"], question_id, raw_text, now))
            cur.execute(
                "UPDATE sessions SET answers_json = %s, updated_at = %s, answer_count = answer_count + 1 "
                "WHERE id = %s",
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
        session_id = clean_id(session_id)
        result_json, plan_json, checked = result_to_save(session_id, result, plan)
        now = utc_now()
        with self._write() as cur:
            self._require(cur, session_id, lock=True)
            cur.execute(
                "UPDATE sessions SET result_json = %s, plan_json = %s, data_version = %s, updated_at = %s, "
                "finished_at = coalesce(finished_at, %s), score = %s, zone = %s, label = %s, role_id = %s, "
                "role_title = %s, answers_json = coalesce(%s, answers_json) WHERE id = %s",
                (
                    result_json,
                    plan_json,
                    data_version,
                    now,
                    now,
                    *summary_columns(checked),
                    dumps(answers) if answers is not None else None,
                    session_id,
                ),
            )

    def set_notes(self, session_id: str, text: str) -> None:
        session_id = clean_id(session_id)
        text = checked_notes(text)
        with self._write() as cur:
            self._require(cur, session_id, lock=True)
            cur.execute(
                "UPDATE sessions SET notes = %s, updated_at = %s WHERE id = %s", (text, utc_now(), session_id)
            )

    def append_notes(self, session_id: str, text: str) -> str:
        """Add a line to the notes under the session row's lock (parallel appends all stay)."""
        session_id = clean_id(session_id)
        added = checked_notes(text).strip()
        with self._write() as cur:
            old = str(self._require(cur, session_id, "notes", lock=True)["notes"])
            new = f"{old}\n{added}" if old and added else old or added
            limit_notes(new)
            cur.execute(
                "UPDATE sessions SET notes = %s, updated_at = %s WHERE id = %s", (new, utc_now(), session_id)
            )
        return new

    def save_notes_if_unchanged(self, session_id: str, expected: str, text: str) -> bool:
        session_id = clean_id(session_id)
        text = checked_notes(text)
        with self._write() as cur:
            current = str(self._require(cur, session_id, "notes", lock=True)["notes"])
            if current != expected:
                return False
            cur.execute(
                "UPDATE sessions SET notes = %s, updated_at = %s WHERE id = %s", (text, utc_now(), session_id)
            )
        return True

    def get(self, session_id: str) -> SessionRecord:
        with self._read() as cur:
            row = self._require(cur, clean_id(session_id), "*")
            cur.execute(
                "SELECT seq, question_id, raw_text, answered_at FROM answers WHERE session_id = %s ORDER BY seq",
                (row["id"],),
            )
            raw = cur.fetchall()
        try:
            return SessionRecord.model_validate(record_data(row, [dict(item) for item in raw]))
        except (ValidationError, ValueError) as exc:
            reason = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise StoreError(
                f"{self.location}: session {row['id']}: {reason}; the stored session was left as it is "
                f"(`assessor sessions delete {row['id']}` removes it)"
            ) from None

    def list_sessions(self, everyone: bool = False) -> list[SessionSummary]:
        """The role's sessions, or all it may see (row-level security decides), from the list's columns."""
        where = "" if everyone else "WHERE counsellor = current_user "
        with self._read() as cur:
            cur.execute(
                f"SELECT {LIST_COLUMNS} FROM sessions {where}ORDER BY updated_at DESC, created_at DESC"
            )
            rows = cur.fetchall()
        return summaries_from_rows(rows)

    def delete(self, session_id: str) -> DeleteOutcome:
        """Remove a session and its answers (one transaction), then vacuum their tables where this role may."""
        session_id = clean_id(session_id)
        with self._write() as cur:
            self._require(cur, session_id, lock=True)
            cur.execute("DELETE FROM answers WHERE session_id = %s", (session_id,))
            cur.execute("DELETE FROM sessions WHERE id = %s", (session_id,))
        vacuumed = False
        with contextlib.suppress(psycopg.Error), contextlib.closing(self._connect()) as conn:
            conn.autocommit = True
            cur = conn.execute(
                "SELECT bool_and(pg_has_role(current_user, tableowner, 'USAGE')) AS owner FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename IN ('sessions', 'answers')"
            )
            found = cur.fetchone()
            if found and found["owner"]:
                conn.execute("VACUUM sessions, answers")
                vacuumed = True
        return DeleteOutcome(
            session_id=session_id,
            wal_cleared=vacuumed,
            erased="its rows were removed from the database" + (" and vacuumed" if vacuumed else ""),
            left_over="The database keeps the removed rows' old copies until its next (auto)vacuum, and its "
            "backups until they expire.",
        )

    # -- moving between stores ------------------------------------------------------------------------

    def export_all(self, path: Path, force: bool = False) -> int:
        from assessor.report.files import write_file

        count, text = self.export_document()
        write_file(path, text, force)
        return count

    def export_document(self) -> tuple[int, str]:
        """Every session this role may see, as one export document (read in one snapshot)."""
        rows, answers = self._rows_and_answers()
        records = [record_data(row, answers.get(row["id"], [])) for row in rows]
        return len(records), export_text(records)

    def all_records(self, everyone: bool = False) -> AllRecords:
        """The role's sessions (every session it may see with `everyone`: row-level security decides), whole
        and checked, oldest first (two queries, one snapshot)."""
        rows, answers = self._rows_and_answers(everyone)
        return records_from_rows(rows, answers)

    def _rows_and_answers(
        self, everyone: bool = True
    ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        where = "" if everyone else "WHERE counsellor = current_user "
        with contextlib.closing(self._connect()) as conn:
            try:
                conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute(f"SELECT * FROM sessions {where}ORDER BY created_at, id")
                    rows = cur.fetchall()
                    cur.execute(
                        "SELECT session_id, seq, question_id, raw_text, answered_at FROM answers "
                        f"WHERE session_id IN (SELECT id FROM sessions {where}) ORDER BY session_id, seq"
                    )
                    answers: dict[str, list[dict[str, Any]]] = {}
                    for item in cur.fetchall():
                        entry = dict(item)
                        answers.setdefault(entry.pop("session_id"), []).append(entry)
            except psycopg.Error as exc:
                raise StoreError(
                    f"{self.location}: the sessions cannot be read ({first_line(exc, self.url)})"
                ) from None
        return rows, answers

    def import_file(self, path: Path) -> ImportOutcome:
        """Add the sessions of an export file, never overwriting; the file's counsellors are kept (the
        importer's role where a session names none), so a counsellor's role may import only their own.

        One transaction, a few batched statements (psycopg's executemany runs them in pipeline mode,
        prepared): which ids exist (one query), the sessions, then every answer. An id already here with the
        same client and creation time is the same session (skipped); any other taken id, also one taken by a
        session this role cannot see, is given a new id.
        """
        read = read_export(path)
        records = read.records
        skipped = 0
        with self._write() as cur:
            cur.execute(
                "SELECT id, client_label, created_at FROM sessions WHERE id = ANY(%s::text[])",
                ([record.id for record in records],),
            )
            known = {str(row["id"]): (row["client_label"], row["created_at"]) for row in cur.fetchall()}
            planned: list[tuple[str, SessionRecord]] = []
            for record in records:
                found = known.get(record.id)
                if (
                    found is not None
                    and same_label(str(found[0]), record.client_label)
                    and found[1] == record.created_at
                ):
                    skipped += 1
                    continue
                new_id = record.id if found is None else self._free_id(known)
                known[new_id] = (record.client_label, record.created_at)
                planned.append((new_id, record))
            waiting = list(range(len(planned)))
            while waiting:  # those whose id a session this role cannot see holds are tried again, renamed
                cur.executemany(
                    INSERT_IMPORTED, [imported_row(*planned[index]) for index in waiting], returning=True
                )
                refused = []
                for index in waiting:
                    if cur.fetchone() is None:
                        refused.append(index)
                    cur.nextset()
                for index in refused:
                    new_id = self._free_id(known)
                    known[new_id] = known[planned[index][0]]
                    planned[index] = (new_id, planned[index][1])
                waiting = refused
            answers = [
                (new_id, raw.seq, raw.question_id, raw.raw_text, raw.answered_at)
                for new_id, record in planned
                for raw in record.raw_answers
            ]
            if answers:
                cur.executemany(INSERT_ANSWER, answers)
        renamed = tuple((record.id, new_id) for new_id, record in planned if new_id != record.id)
        made_safe = tuple(new_id for new_id, record in planned if record.id in read.made_safe)
        return ImportOutcome(imported=len(planned), skipped=skipped, renamed=renamed, made_safe=made_safe)

    @staticmethod
    def _free_id(known: Mapping[str, object]) -> str:
        while True:
            session_id = new_session_id()
            if session_id not in known:
                return session_id

    # -- task phrases a counsellor confirmed -------------------------------------------------------------

    def remember_phrase(self, counsellor: str, phrase: str, said: str, task_id: str, task_name: str) -> None:
        now = utc_now()
        with self._write() as cur:
            cur.execute(
                "INSERT INTO vocabulary (counsellor, phrase, said, task_id, task_name, times, first_at, last_at) "
                "VALUES (%s, %s, %s, %s, %s, 1, %s, %s) ON CONFLICT (counsellor, phrase) DO UPDATE SET "
                "said = excluded.said, task_name = excluded.task_name, last_at = excluded.last_at, "
                "times = CASE WHEN vocabulary.task_id = excluded.task_id THEN vocabulary.times + 1 ELSE 1 END, "
                "first_at = CASE WHEN vocabulary.task_id = excluded.task_id THEN vocabulary.first_at "
                "ELSE excluded.first_at END, task_id = excluded.task_id",
                (counsellor, phrase, said, task_id, task_name, now, now),
            )

    def learned_phrases(self, counsellor: str) -> list[LearnedPhrase]:
        with self._read() as cur:
            cur.execute(
                "SELECT phrase, said, task_id, task_name, times, first_at, last_at FROM vocabulary "
                'WHERE counsellor = %s ORDER BY times DESC, phrase COLLATE "C"',
                (counsellor,),
            )
            rows = cur.fetchall()
        return [LearnedPhrase(**row) for row in rows]

    def forget_phrase(self, counsellor: str, phrase: str) -> None:
        with self._write() as cur:
            cur.execute("DELETE FROM vocabulary WHERE counsellor = %s AND phrase = %s", (counsellor, phrase))


def roles_sql() -> list[str]:
    """The group roles and their grants on the current schema's tables (row-level security does the rest).

    A supervisor is a counsellor too (member of both groups); neither group may create tables, change the
    policies, or own anything.
    """
    create = (
        "DO $$ BEGIN "
        "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; "
        "END IF; END $$"
    )
    return [
        create.format(role=COUNSELLOR_ROLE),
        create.format(role=SUPERVISOR_ROLE),
        f"GRANT {COUNSELLOR_ROLE} TO {SUPERVISOR_ROLE}",
        "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO "
        f"{COUNSELLOR_ROLE}', current_schema()); END $$",
        f"GRANT SELECT ON schema_version TO {COUNSELLOR_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, answers, vocabulary TO {COUNSELLOR_ROLE}",
    ]
