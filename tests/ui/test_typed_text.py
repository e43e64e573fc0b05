"""Whatever a person typed is shown as text, never read as Textual markup, on every screen.

A client label 'Smith [/b]' used to crash the Sessions screen (MarkupError) until the session was deleted
from the CLI; '[@click=app.quit]x[/]' became a live link in the delete dialog.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.widgets import DataTable, TextArea

from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.sessions import CompareScreen, ConfirmScreen, NotesScreen, SessionsScreen
from assessor.tui.widgets.answer import SplitTable
from tests.ui.helpers import say, settle

BROKEN = "Smith [/b]"
LINK = "[@click=app.quit]x[/]"
STYLED = "[bold red]Jones[/] [link=https://evil.example]y[/link]"
WIDE = (140, 45)


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(parts)).replace("\xa0", " ")


def store_with_hostile_sessions(tmp_path: Path, catalog: Catalog) -> tuple[Store, list[str]]:
    store = Store.open(home=tmp_path / "home")
    ids = []
    for label in (BROKEN, LINK, STYLED):
        session_id = store.create_session(label)
        finish_session(
            store,
            session_id,
            Answers.validated(
                dict(job_title="Medical Coder", years_experience=3, specialty="onc [/i] ology")
            ),
            catalog,
        )
        ids.append(session_id)
    store.set_notes(ids[0], "[b]bold?[/b] [/] [@click=app.quit]quit[/]")
    return store, ids


async def test_sessions_screen_delete_dialog_notes_and_compare_show_labels_literally(
    make_app, tmp_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    store, _ = store_with_hostile_sessions(tmp_path, catalog)
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert app.screen.query_one(DataTable).row_count == 3
        shown = screen_text(app)
        for label in (BROKEN, LINK, "[bold red]Jones[/]"):
            assert label in shown, shown
        # The detail of the highlighted session (label and notes) is literal too.
        await pilot.press("down", "up")
        await settle(pilot)
        listed = [summary.client_label for summary in store.list_sessions()]
        top = listed[0]
        assert top.split(" ")[0] in screen_text(app)
        # Walk to the session with notes: its notes show as typed.
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        row = [summary.client_label for summary in screen.sessions].index(BROKEN)  # grouped by client
        for _ in range(row):
            await pilot.press("down")
        await settle(pilot)
        assert "[b]bold?[/b] [/] [@click=app.quit]quit[/]" in screen_text(app)
        # Notes dialog: the label in its title is literal.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert f"Notes for {BROKEN}" in screen_text(app)
        assert "[@click=app.quit]quit[/]" in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await settle(pilot)
        # Delete dialog for the '[@click=app.quit]' label: shown as text; clicking it does nothing.
        app.screen.query_one(DataTable).move_cursor(
            row=[summary.client_label for summary in screen.sessions].index(LINK)
        )
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert LINK in screen_text(app)
        await pilot.click(app.screen.query_one("#confirm-message"), offset=(20, 0))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.list_sessions()) == 3
        # Compare two: labels literal.
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=0)
        await pilot.press("space")
        await pilot.press("down")
        await pilot.press("space")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        compared = screen_text(app)
        assert sum(label in compared for label in (BROKEN, LINK, "[bold red]Jones[/]")) == 2
        await pilot.press("escape")
        await settle(pilot)
        # Delete for real: the toast names the label literally.
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[summary.client_label for summary in screen.sessions].index(BROKEN))
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(store.list_sessions()) == 2
        assert any(BROKEN in str(toast.message) for toast in app._notifications)


async def test_a_resumed_session_with_markup_answers_reaches_results(
    make_app, tmp_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    store, ids = store_with_hostile_sessions(tmp_path, catalog)
    app = make_app(store=store, session_id=ids[0])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for _ in range(5):
            if isinstance(app.screen, ResultsScreen):
                break
            await settle(pilot)
        assert app.is_running


async def test_chat_transcript_results_and_toasts_show_typed_markup_literally(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(*BROKEN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        await say(pilot, "medical coder")
        assert any(BROKEN in str(toast.message) for toast in app._notifications)  # "Saving as session ..."
        await say(pilot, "3")
        await say(pilot, "")  # country
        await say(pilot, "")  # setting
        await say(pilot, "oncology [/b] [@click=app.quit]x[/]")
        await say(pilot, "CPC, [/i]CCS")
        shown = screen_text(app)
        assert "oncology [/b] [@click=app.quit]x[/]" in shown
        await pilot.press(*"half [/b]coding, the rest [@click=app.quit]queries[/]")
        await settle(pilot)
        assert "[/b]coding" in screen_text(app)  # the live preview table shows the phrase as typed
        for _ in range(8):
            if isinstance(app.screen, ResultsScreen):
                break
            await say(pilot, "")
        assert app.is_running
        [summary] = store.list_sessions()
        assert summary.client_label == BROKEN


async def test_split_preview_table_shows_typed_phrases_literally(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = SplitTable()
        await app.screen.mount(table)
        table.show([("[/b] coding", "Assign codes", 50.0), ("[@click=app.quit]q[/]", "Queries", 50.0)])
        await settle(pilot)
        shown = screen_text(app)
        assert "[/b] coding" in shown and "[@click=app.quit]q[/]" in shown
