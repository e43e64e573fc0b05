"""Pick an earlier answer to change (ctrl+e): the conversation continues from it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from assessor.tui.widgets.dialog import DialogBox
from assessor.tui.widgets.footer import AppFooter


class EditAnswerScreen(ModalScreen[str | None]):
    """Lists (question id, prompt, answer shown); dismisses with the chosen question id."""

    DEFAULT_CSS = """
    EditAnswerScreen {
        align: center middle;
        & #edit-box { max-height: 80%; }
        & #edit-list { height: auto; max-height: 16; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-edit")]

    def __init__(self, answered: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.answered = list(answered)

    def compose(self) -> ComposeResult:
        with DialogBox(id="edit-box"):
            yield Label("Which answer do you want to change? (Enter picks, Escape cancels)")
            options = []
            for question_id, prompt, shown in self.answered:
                line = Text()
                line.append(prompt, style="bold")
                line.append(f"\n  {shown}")
                options.append(Option(line, id=question_id))
            yield OptionList(*options, id="edit-list")
        yield AppFooter(compact=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
