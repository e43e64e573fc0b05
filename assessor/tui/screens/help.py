"""The help modal (F1 or ?): keys and what the assessment does, from help.md."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assessor.tui.widgets.footer import AppFooter

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"


class HelpScreen(ModalScreen[None]):
    """A scrolling page in the dialogs' frame (not a DialogBox: it is as high as the screen allows)."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > #help-body { width: 90%; height: 90%; background: $surface; border: thick $primary; padding: 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close help", id="close-help"),
        Binding("f1", "dismiss", "Close help", show=False, id="close-help-f1"),
        Binding("q", "dismiss", "Close help", show=False, id="close-help-q"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP_FILE.read_text(encoding="utf-8"), id="help-text")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
