"""`assessor` with no sub-command: open the Textual chat app (Textual is imported only here, lazily)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessor.core.catalog import Catalog
    from assessor.core.questionnaire import Questionnaire
    from assessor.sessions.backend import SessionStore


def run_app(args: argparse.Namespace) -> int:
    """Load the data the app needs, run it, and return its exit status (0 on ctrl+q)."""
    from assessor.core.first_question import first_question

    # The first question is painted from its words alone; pydantic, the questionnaire's validation and the
    # role data load after the first paint (a broken questionnaire is reported then, and the app exits).
    preview = first_question()
    questionnaire: Questionnaire | Callable[[], Questionnaire] = (
        _load_questionnaire if preview is not None else _load_questionnaire()
    )
    client = getattr(args, "client", None)
    if client is not None:
        # Checked before the app starts, as `ask --client` checks it: the app draws the label as it is, so an
        # ESC ] 0 in it retitled the terminal from the first screen ('Saved for ...').
        from assessor.sessions.backend import checked_label

        client = checked_label(client)
    store: SessionStore | None = None
    session = getattr(args, "session", None)
    if session:
        # Opening a saved session is a reason to open the store; otherwise it waits for a client label.
        store = _open_store()
        store.get(session)  # a mistyped id is one line with the closest ids, not an anonymous conversation
    from assessor.tui.app import AssessorApp

    app = AssessorApp(
        catalog=_load_catalog,  # loaded in a thread while the first question is painted
        questionnaire=questionnaire,
        first_question=preview,
        store=store,
        client=client,
        session_id=session,
        store_opener=_open_store,  # only when a client label is given or a saved session is opened
    )
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)


def _load_questionnaire() -> Questionnaire:
    from assessor.core.questionnaire import load_questionnaire

    return load_questionnaire()


def _load_catalog() -> Catalog:
    from assessor.core.catalog import load_catalog

    return load_catalog()


def _open_store() -> SessionStore:
    """The session store (imported here, so start-up does not pay for sqlite3 unless it is needed), with
    stored text read back safe to draw (tui/shown_store.py)."""
    from assessor.commands.common import open_store
    from assessor.core.errors import AssessorError
    from assessor.tui.shown_store import shown

    try:
        return shown(open_store())
    except OSError as exc:
        raise AssessorError(f"the session store cannot be opened: {exc.strerror or exc}") from None
