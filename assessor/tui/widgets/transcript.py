"""The chat transcript: assistant and person messages; a person's message can be picked to change it."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

Kind = Literal["assistant", "person", "error", "notice", "hint"]


class ChatMessage(Static):
    """One line of the conversation; the kind picks the style, in the theme's colours."""

    DEFAULT_CSS = """
    ChatMessage {
        margin: 1 0 0 0;
        padding: 0 1;
        width: 100%;
        &.-assistant { color: $text; border-left: tall $primary; }
        &.-person { color: $text; background: $boost; border-right: tall $secondary; margin-left: 6; }
        &.-person:focus { background: $primary 30%; text-style: bold; }
        &.-person:hover { background: $primary 20%; }
        &.-error { color: $error; border-left: tall $error; }
        &.-hint { color: $text-muted; margin: 0; padding-left: 2; }
        &.-notice { color: $text-muted; border-left: tall $success; text-style: italic; }
    }
    """

    def __init__(self, text: str, kind: Kind) -> None:
        super().__init__(text, markup=False, classes=f"message -{kind}")
        self.kind = kind


class PersonMessage(ChatMessage):
    """An answer the person gave; focus it and press Enter (or click it) to change it."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit", "Change this answer", id="edit-this"),
    ]

    class EditRequested(Message):
        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(self, text: str, question_id: str) -> None:
        super().__init__(text, "person")
        self.question_id = question_id
        self.tooltip = "Enter or click to change this answer"

    def action_edit(self) -> None:
        self.post_message(self.EditRequested(self.question_id))

    def on_click(self) -> None:
        self.action_edit()


class Transcript(VerticalScroll):
    """Holds the messages in order and keeps the newest in view."""

    can_focus = False

    def say(self, text: str, kind: Kind = "assistant") -> None:
        self.mount(ChatMessage(text, kind))
        self.call_after_refresh(self.scroll_end, animate=False)

    def answer(self, text: str, question_id: str) -> None:
        self.mount(PersonMessage(text, question_id))
        self.call_after_refresh(self.scroll_end, animate=False)

    def clear(self) -> None:
        self.remove_children()
