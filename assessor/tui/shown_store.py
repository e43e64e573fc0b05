"""The session store as the app sees it: stored text comes out already safe to draw on a terminal.

Textual draws a label or a note as text, never as markup, but it still hands the terminal every character:
an ESC sequence saved by an older assessor (or written into the database by another program) would retitle
the window, clear the screen or write the clipboard (OSC 52) the moment the Sessions screen listed it. New
labels and notes cannot hold such characters (the store refuses them); this wrapper shows the old ones as
visible `\\u001b` escapes, in one place, for every screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from assessor.core.text import terminal_safe
from assessor.sessions.backend import SessionStore
from assessor.sessions.models import (
    AllRecords,
    DeleteOutcome,
    ImportOutcome,
    LearnedPhrase,
    SessionRecord,
    SessionSummary,
)


def _shown_record(record: SessionRecord) -> SessionRecord:
    raw = tuple(
        item.model_copy(update={"raw_text": terminal_safe(item.raw_text)}) for item in record.raw_answers
    )
    return record.model_copy(
        update={
            "client_label": terminal_safe(record.client_label),
            "notes": terminal_safe(record.notes),
            "raw_answers": raw,
        }
    )


def _shown_summary(summary: SessionSummary) -> SessionSummary:
    counsellor = terminal_safe(summary.counsellor) if summary.counsellor is not None else None
    return summary.model_copy(
        update={"client_label": terminal_safe(summary.client_label), "counsellor": counsellor}
    )


class ShownStore:
    """A SessionStore whose labels, notes and typed answers read back terminal-safe (writes pass through)."""

    def __init__(self, store: SessionStore) -> None:
        self.inner = store

    @property
    def location(self) -> str:
        return terminal_safe(self.inner.location)

    @property
    def counsellor(self) -> str:
        return terminal_safe(self.inner.counsellor)

    def schema_version(self) -> int:
        return self.inner.schema_version()

    def create_session(self, client_label: str) -> str:
        return self.inner.create_session(client_label)

    def record_answer(
        self, session_id: str, question_id: str, raw_text: str, answers: Mapping[str, object]
    ) -> None:
        self.inner.record_answer(session_id, question_id, raw_text, answers)

    def finish(
        self,
        session_id: str,
        result: Mapping[str, object],
        plan: Mapping[str, object] | None,
        data_version: str,
        answers: Mapping[str, object] | None = None,
    ) -> None:
        self.inner.finish(session_id, result, plan, data_version, answers)

    def set_notes(self, session_id: str, text: str) -> None:
        self.inner.set_notes(session_id, text)

    def append_notes(self, session_id: str, text: str) -> str:
        return terminal_safe(self.inner.append_notes(session_id, text))

    def save_notes_if_unchanged(self, session_id: str, expected: str, text: str) -> bool:
        """`expected` is the notes as shown; they match the stored notes when those show the same."""
        stored = self.inner.get(session_id).notes
        return self.inner.save_notes_if_unchanged(
            session_id, stored if terminal_safe(stored) == expected else expected, text
        )

    def get(self, session_id: str) -> SessionRecord:
        return _shown_record(self.inner.get(session_id))

    def list_sessions(self, everyone: bool = False) -> list[SessionSummary]:
        return [_shown_summary(summary) for summary in self.inner.list_sessions(everyone)]

    def all_records(self, everyone: bool = False) -> AllRecords:
        every = self.inner.all_records(everyone)
        return every.model_copy(update={"records": tuple(_shown_record(record) for record in every.records)})

    def delete(self, session_id: str) -> DeleteOutcome:
        return self.inner.delete(session_id)

    def export_document(self) -> tuple[int, str]:
        return self.inner.export_document()

    def export_all(self, path: Path, force: bool = False) -> int:
        return self.inner.export_all(path, force)

    def import_file(self, path: Path) -> ImportOutcome:
        return self.inner.import_file(path)

    def remember_phrase(self, counsellor: str, phrase: str, said: str, task_id: str, task_name: str) -> None:
        self.inner.remember_phrase(counsellor, phrase, said, task_id, task_name)

    def learned_phrases(self, counsellor: str) -> list[LearnedPhrase]:
        return self.inner.learned_phrases(counsellor)

    def forget_phrase(self, counsellor: str, phrase: str) -> None:
        self.inner.forget_phrase(counsellor, phrase)


def shown(store: SessionStore) -> SessionStore:
    return ShownStore(store)
