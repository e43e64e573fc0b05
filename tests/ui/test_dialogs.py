"""Every dialog brings its own look: a box in the middle of the screen, framed and filled in the theme's
colours (the frame's colour says how careful to be), whatever stylesheet the app has."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.screen import ModalScreen

from assessor.sessions.models import SessionSummary
from assessor.tui.screens.edit import EditAnswerScreen
from assessor.tui.screens.export import ExportScreen
from assessor.tui.screens.help import HelpScreen
from assessor.tui.screens.sessions import ClientLabelScreen, ConfirmScreen, NotesScreen, SameClientScreen
from tests.ui.helpers import SIZE, settle

LATEST = SessionSummary(
    id="s1",
    client_label="AB",
    status="finished",
    answer_count=9,
    score=40.0,
    label="Mixed",
    data_version="1",
    created_at="2026-11-30T10:00:00+00:00",
    updated_at="2026-11-30T10:00:00+00:00",
)

DIALOGS: list[tuple[str, Callable[[], ModalScreen[Any]], str, str]] = [
    ("confirm", lambda: ConfirmScreen("Delete it?"), "#confirm-box", "error"),
    ("notes", lambda: NotesScreen("AB", "notes"), "#notes-box", "primary"),
    ("label", ClientLabelScreen, "#label-box", "primary"),
    ("same client", lambda: SameClientScreen("AB", 2, LATEST), "#same-box", "warning"),
    ("export", lambda: ExportScreen("report", "/tmp", "ab.md"), "#export-box", "primary"),
    ("edit", lambda: EditAnswerScreen([("title", "Your job title?", "coder")]), "#edit-box", "primary"),
    ("help", HelpScreen, "#help-body", "primary"),
]


@pytest.mark.parametrize(("dialog", "box_id", "frame"), [p[1:] for p in DIALOGS], ids=[p[0] for p in DIALOGS])
async def test_dialog_box_is_centred_and_themed(make_app, dialog, box_id, frame) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    app.css_path = []  # no app stylesheet: the dialog's own CSS must do it all
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(dialog())
        await settle(pilot)
        box = app.screen.query_one(box_id)
        theme = app.get_css_variables()
        border_type, border_colour = box.styles.border_top
        assert border_type == "thick"
        assert border_colour == Color.parse(theme[frame])
        assert box.styles.background == Color.parse(theme["surface"])
        left = box.region.x
        right = SIZE[0] - box.region.right
        assert abs(left - right) <= 1, (left, right)
        assert 0 < box.region.width <= SIZE[0]


async def test_export_to_a_file_or_a_missing_folder_is_said_in_the_dialog(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A mistyped path is not a silent failure after the dialog closes: the dialog stays open and says why; a
    file is refused however often Enter is pressed, a missing folder is created on a second Enter."""
    from textual.widgets import Input, Static

    chosen: list[str | None] = []
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    missing = tmp_path / "exports" / "2026"
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ExportScreen("report", str(tmp_path), "ab.md"), chosen.append)
        await settle(pilot)
        dialog = app.screen

        async def submit(path: Path) -> str:
            dialog.query_one(Input).value = str(path)
            await pilot.press("enter")
            await settle(pilot)
            return str(dialog.query_one("#export-problem", Static).render())

        for _ in range(2):
            assert await submit(a_file) == f"{a_file} is a file, not a folder; type a folder."
        assert app.screen is dialog and not chosen
        told = await submit(missing)
        assert told == f"There is no folder {missing}. Press Enter again to create it, or change the path."
        assert app.screen is dialog and not chosen and not missing.exists()
        await pilot.press("enter")
        await settle(pilot)
        assert chosen == [str(missing)] and missing.is_dir()
