"""The one input at the bottom of the chat; its form follows the kind of question being asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

InputKind = Literal["text", "number", "choice", "multi", "split"]
# A split preview: rows of (what you wrote, the task it was understood as, percent), or a sentence why not.
SplitPreview = Callable[[str], "list[tuple[str, str, float]] | str"]


class AnswerSubmitted(Message):
    """The person pressed Enter: the text to hand to the conversation engine ("" means take the default)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ChoiceList(OptionList):
    """A single choice; Enter sends the highlighted option. Numbered, a digit key sends that option at once."""

    def __init__(
        self, choices: Sequence[tuple[str, str]], default: str | None, numbered: bool = False
    ) -> None:
        labels = [
            f"{index}. {label}" if numbered and index <= 9 else label
            for index, (_, label) in enumerate(choices, start=1)
        ]
        super().__init__(
            *[Option(Text(label), id=value) for label, (value, _) in zip(labels, choices, strict=True)]
        )
        self._default = default
        self.numbered = numbered

    def on_mount(self) -> None:
        index = next((i for i, option in enumerate(self.options) if option.id == self._default), 0)
        self.highlighted = index

    def on_key(self, event: events.Key) -> None:
        if not self.numbered or not event.character or event.character not in "123456789":
            return
        index = int(event.character) - 1
        if index < min(self.option_count, 9):
            event.stop()
            event.prevent_default()
            self.highlighted = index
            self.post_message(AnswerSubmitted(self.get_option_at_index(index).id or ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.option.id or ""))


class MultiChoice(SelectionList[str]):
    """Several choices: Space ticks, Enter sends the ticked ones (none ticked sends the default)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="send-multi"),
        Binding("space", "select", "Tick", id="tick"),
    ]

    def __init__(self, choices: Sequence[tuple[str, str]], ticked: Sequence[str]) -> None:
        super().__init__(
            *[(Text(label), value, value in ticked) for value, label in choices],
        )

    class Send(Message):
        """Enter on the list: the answer area adds anything typed in the box below it."""

        def __init__(self, ticked: list[str]) -> None:
            super().__init__()
            self.ticked = ticked

    def action_send(self) -> None:
        self.post_message(self.Send(list(self.selected)))


class SplitTable(DataTable[Text]):
    """How a typed time split was understood, updated as the person types."""

    can_focus = False

    def on_mount(self) -> None:
        self.add_columns("Share", "You wrote", "Understood as")
        self.cursor_type = "none"
        self.show_cursor = False

    def show(self, rows: Sequence[tuple[str, str, float]]) -> None:
        self.clear()
        for said, task, pct in rows:
            self.add_row(Text(f"{pct:.0f}%"), Text(said), Text(task))  # `said` is as typed: never markup


class AnswerArea(Vertical):
    """Swaps in the input that suits the question; every form ends in AnswerSubmitted."""

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_blink = cursor_blink
        self.kind: InputKind = "text"
        self._preview: SplitPreview | None = None

    def compose(self) -> ComposeResult:
        field = Input(placeholder="", select_on_focus=False)
        field.cursor_blink = self.cursor_blink
        yield field

    def ask(
        self,
        kind: InputKind,
        *,
        placeholder: str = "",
        choices: Sequence[tuple[str, str]] = (),
        default: str | None = None,
        ticked: Sequence[str] = (),
        suggestions: Sequence[str] = (),
        preview: SplitPreview | None = None,
        value: str = "",
        numbered: bool = False,
    ) -> None:
        """Show the form for the next question; value pre-fills a text answer being changed; a numbered
        choice list takes a digit key as the pick."""
        previous, self.kind = self.kind, kind
        self._preview = preview
        suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        plain = ("text", "number")
        reusable = self.query(Input)
        if kind in plain and previous in plain and len(self.children) == 1 and reusable:
            # Same form as before: keep the widget, change its contents (no remount, no flicker).
            field = reusable.first()
            field.placeholder = placeholder
            field.suggester = suggester
            field.value = value
            field.cursor_position = len(value)
        else:
            self.remove_children()
            if kind == "choice":
                self.mount(ChoiceList(choices, default, numbered))
            elif kind == "multi":
                self.mount(MultiChoice(choices, ticked))
                other = Input(placeholder="or type them, e.g. CPC, CRC (Enter sends)", select_on_focus=False)
                other.cursor_blink = self.cursor_blink
                self.mount(other)
            else:
                field = Input(
                    value=value, placeholder=placeholder, suggester=suggester, select_on_focus=False
                )
                field.cursor_blink = self.cursor_blink
                self.mount(field)
                if kind == "split":
                    self.mount(Static("", classes="split-status", markup=False))
                    self.mount(SplitTable())
        self.call_after_refresh(self.focus_input)

    def suggest(self, suggestions: Sequence[str]) -> None:
        """Give the text input suggestions after it is on screen (the titles arrive with the role data)."""
        for field in self.query(Input):
            field.suggester = SuggestFromList(suggestions, case_sensitive=False)

    def focus_input(self) -> None:
        for child in self.children:
            if child.can_focus:
                child.focus()
                return

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.kind == "multi":
            self.post_message(AnswerSubmitted(self._multi_text(list(self.query_one(MultiChoice).selected))))
            return
        self.post_message(AnswerSubmitted(event.value))

    def on_multi_choice_send(self, event: MultiChoice.Send) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(self._multi_text(event.ticked)))

    def _multi_text(self, ticked: list[str]) -> str:
        """Ticked options and typed ones as one comma-separated answer for the engine."""
        typed = self.query_one(Input).value if self.query(Input) else ""
        return ", ".join([*ticked, *(part.strip() for part in typed.split(",") if part.strip())])

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.kind != "split" or self._preview is None:
            return
        event.stop()
        if not event.value.strip():
            self.show_preview(event.value, [])
            return
        self._preview_worker(self._preview, event.value)

    @work(thread=True, exclusive=True, group="split-preview")
    def _preview_worker(self, preview: SplitPreview, text: str) -> None:
        """Parse and match the split off the UI thread; only the latest text's result is shown."""
        understood = preview(text)
        self.app.call_from_thread(self.show_preview, text, understood)

    def show_preview(self, text: str, understood: list[tuple[str, str, float]] | str) -> None:
        fields = self.query(Input)
        if self.kind != "split" or not fields or fields.first().value != text:
            return  # a newer keystroke has its own preview coming
        status = self.query_one(".split-status", Static)
        table = self.query_one(SplitTable)
        if not text.strip():
            status.update("Type how your day splits, e.g. half coding, 20% denials, the rest queries.")
            table.show([])
        elif isinstance(understood, str):
            status.update(understood)
            table.show([])
        else:
            status.update("Understood as:")
            table.show(understood)
