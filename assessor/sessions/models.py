"""What a saved session holds, as models: every session is checked by these whether it is new, read back, or
imported from a file, so a file cannot put into the store what `assessor ask --client` could not.

A stored result is what the client was told at the time; it carries more figures than the session commands
read (the waterfall, notes...), so these models check the figures they use and keep the rest as given
(extra="allow"), and `model_dump(exclude_unset=True)` gives back exactly what was stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from assessor.core.frozen import Frozen

ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: ids are read aloud and typed by hand
ID_PATTERN = r"^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$"
LABEL_MAX_CHARS = 200
NOTES_MAX_CHARS = 100_000
TEXT_MAX_CHARS = 10_000  # one typed answer, a title, a task name


def _collapse_spaces(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _timestamp(value: str) -> str:
    datetime.fromisoformat(value)  # raises ValueError: "Invalid isoformat string"
    return value


def _at_most(limit: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"{what} can hold at most {limit:,} characters (this has {len(value):,})")
        return value

    return AfterValidator(check)


SessionId = Annotated[str, Field(strict=True, pattern=ID_PATTERN)]
ClientLabel = Annotated[
    str,
    BeforeValidator(_collapse_spaces),
    Field(strict=True, min_length=1),
    _at_most(LABEL_MAX_CHARS, "a client label"),
]
Notes = Annotated[str, Field(strict=True), _at_most(NOTES_MAX_CHARS, "notes")]
Text = Annotated[str, Field(strict=True, max_length=TEXT_MAX_CHARS)]
Key = Annotated[str, Field(strict=True, min_length=1, max_length=200)]
Counsellor = Annotated[str, Field(strict=True, min_length=1, max_length=200)]
Timestamp = Annotated[str, Field(strict=True, max_length=40), AfterValidator(_timestamp)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Score = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=100)]


class Stored(BaseModel):
    """Checked where read; figures the session commands do not use are kept as they were stored."""

    model_config = ConfigDict(frozen=True, extra="allow", defer_build=True)


class StoredRole(Stored):
    id: Key
    title: Text
    level: Text | None = None


class StoredTask(Stored):
    id: Key
    name: Text
    time_pct: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=100)]
    automation: Annotated[int, Field(strict=True, ge=0, le=5)]


class StoredAdjustment(Stored):
    id: Key
    title: Text
    effect: Number


class StoredResult(Stored):
    """A result as `assessment_summary` makes it (older stores hold fewer figures: each has a default)."""

    score: Score
    label: Text | None = None
    zone: Text | None = None
    role: StoredRole | None = None
    tasks: tuple[StoredTask, ...] = ()
    task_resistance: Number | None = None
    evidence: Number | None = None
    barriers: Number | None = None
    ai_growth: Number | None = None
    protective: Number | None = None
    adjustments: tuple[StoredAdjustment, ...] = ()


class StoredAction(Stored):
    id: Key
    title: Text
    gain: Number
    months: Number = 0.0
    cost_usd: Number | None = None


class StoredPlan(Stored):
    actions: tuple[StoredAction, ...] = ()


def stored_json(model: Stored) -> dict[str, Any]:
    """Exactly the figures that were stored (defaults of fields an older result lacked are not added)."""
    return model.model_dump(mode="json", exclude_unset=True)


class RawAnswer(Frozen):
    """What the person typed for one question, in the order given (a changed answer adds a new row)."""

    seq: Annotated[int, Field(strict=True, ge=1)]
    question_id: Key
    raw_text: Text
    answered_at: Timestamp


class SessionSummary(Frozen):
    """One line of `assessor sessions list` (read from columns: no stored result is parsed)."""

    id: str
    client_label: str
    status: Literal["open", "finished"]
    answer_count: int
    score: Annotated[float, Field(ge=0, le=100)] | None  # a score is 0-100: anything else is damage
    label: str | None
    data_version: str | None
    created_at: str
    updated_at: str
    zone: str | None = None
    role_id: str | None = None
    role_title: str | None = None
    counsellor: str | None = None  # who created the session (None: an older store that did not record it)


class SessionRecord(Frozen):
    """A whole saved session: what is stored, imported or read back is checked by these same fields."""

    id: SessionId
    client_label: ClientLabel
    notes: Notes
    status: Literal["open", "finished"]
    answers: dict[str, Any]  # the resolved answers so far (models.Answers fields)
    raw_answers: tuple[RawAnswer, ...]
    data_version: Annotated[str, Field(strict=True, max_length=200)] | None
    result: StoredResult | None
    plan: StoredPlan | None
    created_at: Timestamp
    updated_at: Timestamp
    finished_at: Timestamp | None
    # Who created it; export files written before it was recorded have none (import gives the importer's).
    counsellor: Counsellor | None = None


class AllRecords(Frozen):
    """Every saved session, whole, read in one snapshot (for the caseload report), oldest first.

    A stored session that no longer checks is not a reason to refuse the rest: it is named in `unreadable`.
    """

    records: tuple[SessionRecord, ...]
    unreadable: tuple[str, ...] = ()  # one sentence each: "session ID: field: reason"


class DeleteOutcome(Frozen):
    session_id: str
    wal_cleared: bool  # False when another open assessor kept old pages in the write-ahead log
    # What became of the session, and (when wal_cleared is False) what may still hold old copies, in words.
    erased: str = "its answers were overwritten in the file"
    left_over: str = (
        "Another assessor is open on the same sessions; old copies in the write-ahead log are cleared when it "
        "closes."
    )


class ImportOutcome(Frozen):
    imported: int
    skipped: int  # already present (same id, label and creation time)
    renamed: tuple[tuple[str, str], ...]  # (id in the file, new id) where the id was taken by another session
    # Ids (as imported) of the sessions whose typed text held control characters, imported made safe.
    made_safe: tuple[str, ...] = ()


class ExportRead(Frozen):
    """The checked sessions of an export file, and the ids of those whose typed text was made safe."""

    records: tuple[SessionRecord, ...]
    made_safe: tuple[str, ...] = ()


class LearnedPhrase(Frozen):
    """One remembered task phrase, as `assessor vocabulary list` shows it."""

    phrase: str  # the phrase key
    said: str  # as the person last typed it
    task_id: str
    task_name: str
    times: int  # how often it was confirmed
    first_at: str
    last_at: str
