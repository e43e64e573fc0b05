"""Where to save a report: a folder, pre-filled with the one used last time (Enter saves, Escape cancels)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from assessor.tui.widgets.dialog import DialogBox
from assessor.tui.widgets.footer import AppFooter
from assessor.tui.widgets.typed import TypedInput


class ExportScreen(ModalScreen[str | None]):
    """Dismisses with the folder typed, or None."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & #export-box { width: 76; }
        & #export-problem { color: $text-error; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-export")]

    def __init__(self, what: str, folder: str, file_name: str) -> None:
        super().__init__()
        self.what = what
        self.folder = folder
        self.file_name = file_name
        self.offered_to_create: Path | None = None

    def compose(self) -> ComposeResult:
        with DialogBox(id="export-box"):
            yield Static(
                f"Save the {self.what} as {self.file_name} in this folder (Enter saves, Escape cancels). "
                "The folder is remembered for the next report.",
                markup=False,
            )
            yield TypedInput(self.folder, id="export-folder", select_on_focus=False)
            yield Static("", id="export-problem", markup=False)
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A folder that is not there is said so in the dialog (kept open to fix it); Enter again on the same
        path creates it."""
        event.stop()
        typed = event.value.strip()
        if not typed:
            self.dismiss(None)
            return
        folder = Path(typed).expanduser()
        problem = self.query_one("#export-problem", Static)
        if folder.is_dir():
            self.dismiss(typed)
            return
        if folder.exists() or folder.is_symlink():
            problem.update(f"{typed} is a file, not a folder; type a folder.")
            return
        if self.offered_to_create != folder:
            self.offered_to_create = folder
            problem.update(f"There is no folder {typed}. Press Enter again to create it, or change the path.")
            return
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            problem.update(f"Could not create {typed}: {exc.strerror or exc}. Type another folder.")
            self.offered_to_create = None
            return
        self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
