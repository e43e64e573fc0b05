"""Where to save a report: a folder, pre-filled with the one used last time (Enter saves, Escape cancels)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from assessor.tui.widgets.dialog import DialogBox
from assessor.tui.widgets.typed import TypedInput


class ExportScreen(ModalScreen[str | None]):
    """Dismisses with the folder typed, or None."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & #export-box { width: 76; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-export")]

    def __init__(self, what: str, folder: str, file_name: str) -> None:
        super().__init__()
        self.what = what
        self.folder = folder
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        with DialogBox(id="export-box"):
            yield Static(
                f"Save the {self.what} as {self.file_name} in this folder (Enter saves, Escape cancels). "
                "The folder is remembered for the next report.",
                markup=False,
            )
            yield TypedInput(self.folder, id="export-folder", select_on_focus=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
