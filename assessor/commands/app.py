"""`assessor` with no sub-command: open the Textual chat app (Textual is imported only here, lazily)."""

from __future__ import annotations

import argparse
from typing import Any


def run_app(args: argparse.Namespace) -> int:
    """Load the data the app needs, run it, and return its exit status (0 on ctrl+q)."""
    from assessor.core.catalog import load_catalog
    from assessor.core.errors import AssessorError
    from assessor.core.questionnaire import load_questionnaire

    questionnaire = load_questionnaire()
    store, store_problem = open_store()
    session = getattr(args, "session", None)
    if session:
        if store is None:
            raise AssessorError(f"session {session!r} cannot be opened: {store_problem}")
        store.get(session)  # a mistyped id is one line with the closest ids, not an anonymous conversation
    from assessor.tui.app import AssessorApp

    app = AssessorApp(
        catalog=load_catalog,  # loaded in a thread while the first question is painted
        questionnaire=questionnaire,
        store=store,
        client=getattr(args, "client", None),
        session_id=getattr(args, "session", None),
        store_problem=store_problem,
    )
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)


def open_store() -> tuple[Any, str | None]:
    """The session store, or None and the sentence saying why (the app still runs, unsaved)."""
    from assessor.core.errors import AssessorError
    from assessor.sessions.store import Store

    try:
        return Store.open(), None
    except AssessorError as exc:
        return None, exc.message
    except OSError as exc:
        return None, f"the session store cannot be opened: {exc.strerror or exc}"
