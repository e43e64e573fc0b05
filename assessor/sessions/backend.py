"""What a session store is, whichever database holds it, and the rules every backend shares.

`SessionStore` is the one interface the app, `assessor ask --client`, `assessor sessions` and `assessor
vocabulary` use; the SQLite store (store.py) is the embedded default. A backend keeps these promises:
- every answer is committed before the next question is asked (`record_answer` returns after the commit);
- the schema carries a version number, migrations run under it, and a foreign or newer schema is refused
  without a byte being written;
- notes are appended in one transaction, so parallel appends all stay;
- `delete` really deletes (no copy of the session is left readable);
- what a session holds is checked by the models of models.py when it is saved, read back or imported.

The helpers below are the parts of that behaviour that do not depend on the database: ids, timestamps, the
export format, and the checks an imported session must pass.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from assessor.sessions.errors import StoreError
from assessor.sessions.models import (
    ID_ALPHABET,
    LABEL_MAX_CHARS,
    NOTES_MAX_CHARS,
    AllRecords,
    DeleteOutcome,
    ExportRead,
    ImportOutcome,
    LearnedPhrase,
    SessionRecord,
    SessionSummary,
    StoredPlan,
    StoredResult,
)

EXPORT_FORMAT = "assessor-sessions"
EXPORT_VERSION = 1
IMPORT_MAX_BYTES = 256 * 1024 * 1024  # about 10,000 finished sessions with their plans


class SessionStore(Protocol):
    """A counsellor's saved sessions. Each call is its own transaction; nothing is held open between calls."""

    @property
    def location(self) -> str:
        """Where the sessions are, as a person should be told it (a file path, or a URL without password)."""
        ...

    @property
    def counsellor(self) -> str:
        """Who is counselling: new sessions are theirs, `list_sessions()` is their caseload, the vocabulary
        theirs (SQLite: the configured name or OS user; PostgreSQL: the database role)."""
        ...

    def schema_version(self) -> int: ...

    def create_session(self, client_label: str) -> str:
        """A new open session for this client, the store's counsellor's; returns its id."""
        ...

    def record_answer(
        self, session_id: str, question_id: str, raw_text: str, answers: Mapping[str, Any]
    ) -> None:
        """Save one answer, committed before this returns: the typed text and the resolved answers so far."""
        ...

    def finish(
        self,
        session_id: str,
        result: Mapping[str, Any],
        plan: Mapping[str, Any] | None,
        data_version: str,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        """Store the result (and plan) of a finished conversation, or of a re-score on newer role data."""
        ...

    def set_notes(self, session_id: str, text: str) -> None: ...

    def append_notes(self, session_id: str, text: str) -> str:
        """Add a line to the notes in one transaction; returns the notes now."""
        ...

    def save_notes_if_unchanged(self, session_id: str, expected: str, text: str) -> bool:
        """Replace the notes only if they are still `expected`; else False (one transaction)."""
        ...

    def get(self, session_id: str) -> SessionRecord:
        """The whole session; SessionNotFound (with "did you mean") when there is none."""
        ...

    def list_sessions(self, everyone: bool = False) -> list[SessionSummary]:
        """The counsellor's sessions (everyone's, as far as the database lets this counsellor see, with
        `everyone`), most recently updated first."""
        ...

    def all_records(self, everyone: bool = False) -> AllRecords:
        """The counsellor's sessions whole (everyone's, as far as the database lets this counsellor see, with
        `everyone`, as `list_sessions`), oldest first, in one read transaction (a few queries, not one per
        session): the caseload report reads 10,000 sessions this way; `records_from_rows` does the checking."""
        ...

    def delete(self, session_id: str) -> DeleteOutcome: ...

    def export_document(self) -> tuple[int, str]:
        """Every session as one export document (its text) and how many sessions it holds."""
        ...

    def export_all(self, path: Path, force: bool = False) -> int: ...

    def import_file(self, path: Path) -> ImportOutcome:
        """Add the sessions of an export file, never overwriting; one bad session refuses the whole file."""
        ...

    def remember_phrase(self, counsellor: str, phrase: str, said: str, task_id: str, task_name: str) -> None:
        """Count a confirmed task phrase (by its phrase key); confirming it as another task replaces it."""
        ...

    def learned_phrases(self, counsellor: str) -> list[LearnedPhrase]:
        """Every phrase this counsellor confirmed, most used first (then alphabetical)."""
        ...

    def forget_phrase(self, counsellor: str, phrase: str) -> None:
        """Remove one phrase key (nothing happens when it is not there)."""
        ...


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


def limit_notes(text: str) -> str:
    if len(text) > NOTES_MAX_CHARS:
        raise StoreError(
            f"notes can hold at most {NOTES_MAX_CHARS:,} characters (these would be {len(text):,}); "
            "nothing was changed"
        )
    return text


def plain_text_problem(text: str) -> str | None:
    """Why typed text cannot be stored, or None: it is not valid UTF-8, or it holds a character a terminal
    would obey (ESC sequences, OSC 52 clipboard writes, bidi overrides...). Lines and tabs are kept."""
    from assessor.core.text import first_control_character, has_surrogates

    if has_surrogates(text):
        return "is not UTF-8 text"
    bad = first_control_character(text)
    if bad is not None:
        return f"holds a control character (U+{ord(bad):04X}); type plain text"
    return None


def record_texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a stored session's data (keys too), with where it is (`result.tasks[0].name`)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield inner, str(key)
            yield from record_texts(item, inner)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from record_texts(item, f"{where}[{index}]")


# How json.dumps writes the characters below U+0020 (all but newline and tab are refused in stored text).
_ESCAPED_CONTROLS = ("\\u00", "\\b", "\\f", "\\r")


def may_hold_unsafe_text(stored: Any) -> bool:
    """False when no string of a stored session's data (keys too) can hold a problem plain_text_problem
    would name: its JSON (C-encoded, one regular-expression search) shows every character as itself but
    the escaped control characters, which are looked for as escapes. True means look string by string."""
    text = json.dumps(stored, ensure_ascii=False)
    return plain_text_problem(text) is not None or any(escape in text for escape in _ESCAPED_CONTROLS)


def checked_notes(text: str) -> str:
    """Notes as a person typed them, ready to store: pasted zero-width characters dropped, control
    characters and invalid UTF-8 refused (StoreError, nothing changed), at most NOTES_MAX_CHARS."""
    from assessor.core.text import without_invisible

    text = limit_notes(without_invisible(text))
    problem = plain_text_problem(text)
    if problem:
        raise StoreError(f"notes: {problem}; nothing was changed")
    return text


def checked_label(client_label: str) -> str:
    """A client label ready to store: one line of plain text (zero-width characters dropped, so 'J\u200bS'
    is the same client as 'JS'), 1 to LABEL_MAX_CHARS characters; else StoreError."""
    from assessor.core.text import without_invisible

    label = " ".join(without_invisible(client_label).split())
    if not label:
        raise StoreError("a client label cannot be empty (use initials or a case number)")
    if len(label) > LABEL_MAX_CHARS:
        raise StoreError(f"a client label must be at most {LABEL_MAX_CHARS} characters")
    problem = plain_text_problem(label)
    if problem:
        raise StoreError(f"client label: {problem}")
    if not label.isascii():
        from assessor.core.text import look_alike_problem

        # A word mixing Latin letters with look-alikes ('Аnn' with a Cyrillic А) is another client that reads
        # as the same one in the caseload; a name wholly in another alphabet ('Иван Petrov') is left alone.
        problem = next(filter(None, (look_alike_problem(word) for word in label.split())), None)
        if problem:
            raise StoreError(f"client label: {problem}")
    return label


def first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def valid_result(text: str | None) -> StoredResult | None:
    """A stored result for the list's columns; one that does not check leaves them empty (show says why)."""
    if text is None:
        return None
    try:
        return StoredResult.model_validate_json(text)
    except ValidationError:
        return None


def summary_columns(
    result: StoredResult | None,
) -> tuple[float | None, str | None, str | None, str | None, str | None]:
    if result is None:
        return (None, None, None, None, None)
    role = result.role
    return (
        result.score,
        result.zone,
        result.label,
        role.id if role else None,
        role.title if role else None,
    )


def json_default(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return str(value)


def dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, default=json_default)


def loads(text: str | None) -> Any:
    """A stored JSON column (a ValueError, one sentence, for one a damaged or forged file made unreadable:
    nested thousands deep, it overflowed the parser's stack, and not text at all)."""
    if text is None:
        return None
    if not isinstance(text, str | bytes):
        raise ValueError(f"a stored JSON column holds {type(text).__name__}, not text")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("its stored JSON is nested too deeply to read") from None


SUMMARY_FIELDS = (
    "id",
    "client_label",
    "answer_count",
    "score",
    "label",
    "zone",
    "role_id",
    "role_title",
    "counsellor",
    "data_version",
    "created_at",
    "updated_at",
)


def summaries_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[SessionSummary]:
    """The list's rows (its columns, `finished_at` and `answer_count`) as summaries, checked in one call of
    the validator over the whole list (a caseload of 10,000 is one call, not 10,000)."""
    from pydantic import TypeAdapter

    items = [
        {
            **{name: row[name] for name in SUMMARY_FIELDS},
            "status": "finished" if row["finished_at"] else "open",
        }
        for row in rows
    ]
    try:
        return TypeAdapter(list[SessionSummary]).validate_python(items)
    except ValidationError:
        return [shown_summary(item) for item in items]


DAMAGED = "(damaged)"


def shown_summary(item: dict[str, Any]) -> SessionSummary:
    """A list row of a damaged or forged store (a score of 'abc' or 1e308, a label that is not text), with
    what does not check shown as unknown (None, or DAMAGED for what every row has) rather than the whole
    caseload refused; `sessions show ID` says what is wrong with it."""
    for _ in range(len(item) + 1):
        try:
            return SessionSummary.model_validate(item)
        except ValidationError as exc:
            damaged = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            if not damaged:
                break
            item = {**item, **{name: _unknown(name, item.get(name)) for name in damaged}}
    return SessionSummary.model_validate(
        {name: _unknown(name, item.get(name)) for name in item} | {"status": "open", "answer_count": 0}
    )


def _unknown(name: str, value: object) -> object:
    if name in ("id", "client_label", "created_at", "updated_at"):
        return value if isinstance(value, str) and value.isprintable() else DAMAGED
    if name == "answer_count":
        return 0
    if name == "status":
        return "open"
    return None


def record_data(row: Mapping[str, Any], raw: list[dict[str, Any]]) -> dict[str, Any]:
    """A session row as SessionRecord fields, its stored JSON loaded but not yet checked."""
    answers = loads(row["answers_json"])
    return {
        "id": row["id"],
        "client_label": row["client_label"],
        "notes": row["notes"],
        "status": "finished" if row["finished_at"] else "open",
        "answers": answers if isinstance(answers, dict) else {},
        "raw_answers": raw,
        "data_version": row["data_version"],
        "result": loads(row["result_json"]),
        "plan": loads(row["plan_json"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "finished_at": row["finished_at"],
        "counsellor": row.get("counsellor"),
    }


def records_from_rows(
    rows: Sequence[Mapping[str, Any]], raw_by_session: Mapping[str, list[dict[str, Any]]]
) -> AllRecords:
    """Session rows (with their answers rows, by session id) as checked records; a row that does not check
    is named in `unreadable` and left out (the report goes on without it; `sessions show ID` says why)."""
    records: list[SessionRecord] = []
    unreadable: list[str] = []
    for row in rows:
        try:
            records.append(SessionRecord.model_validate(record_data(row, raw_by_session.get(row["id"], []))))
        except (ValidationError, ValueError) as exc:
            reason = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            unreadable.append(f"session {row['id']}: {reason}")
    return AllRecords(records=tuple(records), unreadable=tuple(unreadable))


def read_export(path: Path) -> ExportRead:
    """The sessions of an export_all file, each checked as a new session is; any problem is one sentence
    naming the file and the session (`file: sessions[3].result.score: reason`). Typed text holding control
    characters is made safe (`text_made_safe`), and those sessions named in `made_safe`."""
    from assessor.core.answers_io import load_json_text, read_user_text
    from assessor.core.errors import AnswersError

    try:
        # The one bounded reader: a regular file (never a FIFO, a device or /dev/zero) of at most
        # IMPORT_MAX_BYTES; then JSON without parser bombs (depth, 4,300-digit numbers, duplicate keys).
        text = read_user_text(path, "a sessions export", max_bytes=IMPORT_MAX_BYTES)
        document = load_json_text(text, str(path))
    except AnswersError as exc:
        if "not valid JSON" in exc.message or "not UTF-8" in exc.message:
            raise StoreError(
                f"{path}: is not a JSON sessions export (from `assessor sessions export-all`)"
            ) from None
        raise StoreError(f"{exc.message}; nothing was imported") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise StoreError(f'{path}: is not an assessor sessions export (missing "format": "{EXPORT_FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or version != EXPORT_VERSION:
        raise StoreError(
            f"{path}: is export version {document.get('version')!r}; "
            f"this assessor reads version {EXPORT_VERSION}"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise StoreError(f'{path}: "sessions" must be a list')
    records = []
    made_safe: list[str] = []
    for index, item in enumerate(sessions):
        safe_item = text_made_safe(item) if may_hold_unsafe_text(item) else item  # walked only then
        try:
            record = SessionRecord.model_validate(safe_item)
        except ValidationError as exc:
            raise StoreError(f"{path}: sessions[{index}].{first_error(exc)}; nothing was imported") from None
        problem = imported_problem(record)
        if problem:
            raise StoreError(f"{path}: sessions[{index}].{problem}; nothing was imported")
        records.append(record)
        if safe_item != item:
            made_safe.append(record.id)
    return ExportRead(records=tuple(records), made_safe=tuple(made_safe))


# The fields of an export that name or date something rather than say what a person typed: a control
# character in one of them (or in any key) is a forgery and refuses the file; in any other text it is kept,
# made safe.
IDENTIFIER_FIELDS = frozenset(
    {"id", "question_id", "status", "created_at", "updated_at", "finished_at", "answered_at", "data_version"}
)


def text_made_safe(value: Any, field: str | None = None) -> Any:
    """An exported session with every control character in its typed text (labels, notes, answers, the
    names in a result) shown as a visible `\\uXXXX` escape and zero-width characters dropped, as the app shows
    them: an older assessor stored such text, and nothing saved is ever lost. Identifiers and keys are left as
    they are, for `imported_problem` to refuse."""
    if isinstance(value, str):
        if field in IDENTIFIER_FIELDS:
            return value
        from assessor.core.text import terminal_safe, without_invisible

        return terminal_safe(without_invisible(value))
    if isinstance(value, dict):
        return {key: text_made_safe(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [text_made_safe(item, field) for item in value]
    return value


def same_label(stored: str, imported: str) -> bool:
    """Whether a label already here is the imported one (a label an older assessor stored with a control
    character is imported made safe, and is still the same client's)."""
    return stored == imported or text_made_safe(stored) == imported


def imported_problem(record: SessionRecord) -> str | None:
    """What an imported session holds that a session saved here could not (None when nothing).

    The answers are those a conversation gives (each checked as the Answers model checks it); a finished
    session has its result; answers were given in order.
    """
    from assessor.core.loading import closest
    from assessor.core.models import Answers
    from assessor.core.plain import field_names

    fields = sorted(field_names(Answers))
    for key in record.answers:
        if key not in fields:
            guess = closest(key, fields)
            hint = f"; did you mean {guess!r}?" if guess else ""
            return f"answers.{key}: not an answer assessor asks for{hint}"
    try:
        Answers.validated({"job_title": "-", "years_experience": 0, **record.answers})
    except ValidationError as exc:
        return f"answers.{first_error(exc)}"
    stored = record.model_dump(mode="json")
    if may_hold_unsafe_text(stored):  # walked string by string only then, to say where the first one is
        for where, text in record_texts(stored):
            problem = plain_text_problem(text)
            if problem:
                return f"{where}: {problem}"
    if (record.status == "finished") != (record.finished_at is not None):
        return "status: must be 'finished' exactly when finished_at is set"
    if record.status == "finished" and record.result is None:
        return "result: a finished session has its result"
    seqs = [raw.seq for raw in record.raw_answers]
    if seqs != sorted(set(seqs)):
        return "raw_answers: the answers' seq numbers must rise one after another"
    return timestamp_problem(record)


EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)  # before assessor existed: no session can be older
CLOCK_SKEW = timedelta(days=1)


def timestamp_problem(record: SessionRecord) -> str | None:
    """Times as this store writes them: with their time zone, not before 2020 nor in the future (a session
    dated 9999 would head every list for good), and never updated before it was created."""
    latest = datetime.now(UTC) + CLOCK_SKEW
    times = [("created_at", record.created_at), ("updated_at", record.updated_at)]
    times += [("finished_at", record.finished_at)] if record.finished_at else []
    times += [
        (f"raw_answers[{index}].answered_at", raw.answered_at) for index, raw in enumerate(record.raw_answers)
    ]
    parsed: dict[str, datetime] = {}
    for where, text in times:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return f"{where}: {text!r} has no time zone (write it as 2026-01-31T09:00:00+00:00)"
        if not EARLIEST <= moment <= latest:
            return f"{where}: {text!r} is {'in the future' if moment > latest else 'before 2020'}"
        parsed[where] = moment
    if parsed["updated_at"] < parsed["created_at"]:
        return "updated_at: is earlier than created_at"
    return None


def export_text(records: list[dict[str, Any]]) -> str:
    """The export document for sessions given as SessionRecord fields (read from any backend)."""
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utc_now(),
        "sessions": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def result_to_save(
    session_id: str, result: Mapping[str, Any], plan: Mapping[str, Any] | None
) -> tuple[str, str | None, StoredResult]:
    """A result and plan as the JSON a backend stores, checked by the stored models first (StoreError if not)."""
    result_json = dumps(result)
    plan_json = dumps(plan) if plan is not None else None
    try:
        checked = StoredResult.model_validate_json(result_json)
        if plan_json is not None:
            StoredPlan.model_validate_json(plan_json)
    except ValidationError as exc:
        raise StoreError(f"session {session_id}: the result to save: {first_error(exc)}") from None
    return result_json, plan_json, checked
