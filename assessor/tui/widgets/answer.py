"""The one input at the bottom of the chat; its form follows the kind of question being asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assessor.tui.widgets.typed import TypedInput

if TYPE_CHECKING:
    from assessor.core.readers import TypedItem

InputKind = Literal["text", "number", "choice", "multi", "split"]
# How typed text reads on a multi-choice question (assessor.core.readers.read_typed_items, bound to it).
MultiReader = Callable[[str], "tuple[TypedItem, ...]"]
# A split preview: rows of (what you wrote, the task it was understood as, percent), or a sentence why not.
SplitPreview = Callable[[str], "list[tuple[str, str, float]] | str"]


class AnswerSubmitted(Message):
    """The person pressed Enter: the text to hand to the conversation engine ("" means take the default)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ChoiceList(OptionList):
    """A single choice; Enter sends the highlighted option. Numbered, a digit key sends that option at once.

    Letters typed here are the answer in words ("hospital", "payor"): they show in the list's top border and
    Enter sends them to be read as the conversation reads them (asked back when unclear), never dropped in
    favour of the highlighted row. Backspace edits them and Escape clears them.
    """

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
        self.typed = ""

    def on_mount(self) -> None:
        index = next((i for i, option in enumerate(self.options) if option.id == self._default), 0)
        self.highlighted = index

    def _show_typed(self) -> None:
        self.border_title = (
            Text.assemble("You typed: ", (self.typed, "bold"), "  (Enter reads it, Esc clears)")
            if self.typed
            else None
        )
        words = self.typed.lower().split()
        if words:
            for index, option in enumerate(self.options):
                label = str(option.prompt).lower()
                if all(word in label for word in words):
                    self.highlighted = index
                    break

    def on_key(self, event: events.Key) -> None:
        if self.typed and event.key in ("backspace", "escape"):
            event.stop()
            event.prevent_default()
            self.typed = self.typed[:-1] if event.key == "backspace" else ""
            self._show_typed()
            return
        character = event.character if event.is_printable else None
        if not character:
            return
        if self.numbered and not self.typed and character in "123456789":
            index = int(character) - 1
            if index < min(self.option_count, 9):
                event.stop()
                event.prevent_default()
                self.highlighted = index
                self.post_message(AnswerSubmitted(self.get_option_at_index(index).id or ""))
            return
        if character == " " and not self.typed:
            return
        event.stop()
        event.prevent_default()
        self.typed = (self.typed + character)[:200]
        self._show_typed()

    def action_select(self) -> None:
        if self.typed.strip():
            self.post_message(AnswerSubmitted(self.typed.strip()))
            return
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.option.id or ""))


class MultiChoice(OptionList):
    """Several choices, each row marked [x] or [ ] (not by colour alone): Space ticks, Enter sends.

    Letters typed here go to the text box above, where the person can see them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="send-multi"),
        Binding("space", "tick", "Tick", id="tick"),
    ]

    class Toggled(Message):
        """Space on a row: the answer area decides what is ticked (typed text ticks rows too)."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class Send(Message):
        """Enter on the list: the answer area sends the ticked rows and the typed text."""

    class TypedAhead(Message):
        """A printable key pressed on the list: it belongs in the text box."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def __init__(self, choices: Sequence[tuple[str, str]], ticked: Sequence[str] = ()) -> None:
        self.choices = list(choices)
        self.ticked: tuple[str, ...] = tuple(value for value, _ in choices if value in ticked)
        super().__init__(*[Option(self._row(value, label), id=value) for value, label in self.choices])

    def _row(self, value: str, label: str) -> Text:
        mark = "[x] " if value in self.ticked else "[ ] "
        return Text.assemble((mark, "bold" if value in self.ticked else ""), label)

    def show_ticked(self, ticked: Sequence[str]) -> None:
        """Mark exactly these values as ticked (in the list's own order)."""
        wanted = tuple(value for value, _ in self.choices if value in ticked)
        if wanted == self.ticked:
            return
        self.ticked = wanted
        for index, (value, label) in enumerate(self.choices):
            self.replace_option_prompt_at_index(index, self._row(value, label))

    def action_tick(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.Toggled(option.id))

    def action_send(self) -> None:
        self.post_message(self.Send())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click ticks, as Space does
        if event.option.id is not None:
            self.post_message(self.Toggled(event.option.id))

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(event.character))


class SplitTable(Static):
    """How a typed time split was understood, updated as the person types; long task names wrap at words."""

    def __init__(self) -> None:
        super().__init__("")
        self.rows: list[tuple[str, str, float]] = []

    def show(self, rows: Sequence[tuple[str, str, float]]) -> None:
        self.rows = list(rows)
        if not self.rows:
            self.update("")
            return
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
        table.add_column("Share", justify="right", no_wrap=True, width=5)
        table.add_column("You wrote", ratio=1, overflow="fold")
        table.add_column("Understood as", ratio=2, overflow="fold")
        for said, task, pct in self.rows:
            table.add_row(f"{pct:.0f}%", Text(said), Text(task))
        self.update(table)


class AnswerArea(Vertical):
    """Swaps in the input that suits the question; every form ends in AnswerSubmitted.

    On a multi-choice question the text box comes first and has the focus: what a person types is read as
    they type (with the conversation's own reader), ticking the rows it names; Space on a row ticks it too.
    """

    DEFAULT_CSS = """
    AnswerArea .split-status { color: $text-muted; height: auto; }
    """

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_blink = cursor_blink
        self.kind: InputKind = "text"
        self._preview: SplitPreview | None = None
        self._reader: MultiReader | None = None
        self._typed: tuple[TypedItem, ...] = ()
        self._by_hand: set[str] = set()  # rows ticked with Space (or a click), besides those the text names

    def compose(self) -> ComposeResult:
        field = TypedInput(placeholder="", select_on_focus=False)
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
        reader: MultiReader | None = None,
        value: str = "",
        numbered: bool = False,
    ) -> None:
        """Show the form for the next question; value pre-fills a typed answer being changed; a numbered
        choice list takes a digit key as the pick."""
        previous, self.kind = self.kind, kind
        self._preview = preview
        self._reader = reader
        self._typed = ()
        self._by_hand = set(ticked)
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
                field = TypedInput(
                    value=value, placeholder=placeholder, select_on_focus=False, id="multi-typed"
                )
                field.cursor_blink = self.cursor_blink
                self.mount(field)
                self.mount(Static("", classes="multi-status", markup=False))
                self.mount(MultiChoice(choices, ticked))
                self._read_typed(value)
            else:
                field = TypedInput(
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
            self.post_message(AnswerSubmitted(self.multi_text()))
            return
        self.post_message(AnswerSubmitted(event.value))

    # -- multi-choice ----------------------------------------------------------------------------------

    def ticked(self) -> list[str]:
        """The rows ticked now: those the typed text names and those ticked by hand, in the list's order."""
        lists = self.query(MultiChoice)
        if not lists:
            return []
        wanted = {item.value for item in self._typed if item.value and not item.kept} | self._by_hand
        return [value for value, _ in lists.first().choices if value in wanted]

    def multi_text(self) -> str:
        """The answer for the engine: rows ticked by hand, then the text as typed (read again there)."""
        typed = self.query_one("#multi-typed", Input).value if self.query("#multi-typed") else ""
        named = {item.value for item in self._typed if item.value}
        by_hand = [value for value in self.ticked() if value not in named]
        return ", ".join([*by_hand, *([typed.strip()] if typed.strip() else [])])

    def _read_typed(self, text: str) -> None:
        self._typed = self._reader(text) if self._reader is not None else ()
        self._show_ticks()

    def _show_ticks(self) -> None:
        lists = self.query(MultiChoice)
        if not lists:
            return
        ticked = self.ticked()
        lists.first().show_ticked(ticked)
        status = Text()
        status.append("Ticked: ", style="bold")
        status.append(", ".join(ticked) if ticked else "nothing yet")
        kept = [item.value for item in self._typed if item.kept and item.value]
        if kept:
            status.append("  ·  kept as you typed: ", style="bold")
            status.append(", ".join(kept))
        unclear = [item.text for item in self._typed if item.problem]
        if unclear:
            status.append("  ·  not clear yet: ", style="bold")
            status.append(", ".join(unclear))
        self.query_one(".multi-status", Static).update(status)

    def on_multi_choice_toggled(self, event: MultiChoice.Toggled) -> None:
        event.stop()
        if event.value not in self.ticked():
            self._by_hand.add(event.value)
            self._show_ticks()
            return
        self._by_hand.discard(event.value)
        naming = [item for item in self._typed if item.value == event.value]
        if naming:
            # Unticking a row the text names takes its words out of the text (what is seen is what is sent).
            dropped = {item.text for item in naming}
            for item in self._typed:  # another credential typed in the same words stays ticked
                if item.text in dropped and item.value and item.value != event.value and not item.kept:
                    self._by_hand.add(item.value)
            kept_parts: list[str] = []
            for item in self._typed:
                if item.text not in dropped and item.text not in kept_parts:
                    kept_parts.append(item.text)
            text = ", ".join(kept_parts)
            self.query_one("#multi-typed", Input).value = text
            self._read_typed(text)
            return
        self._show_ticks()

    def on_multi_choice_send(self, event: MultiChoice.Send) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(self.multi_text()))

    def on_multi_choice_typed_ahead(self, event: MultiChoice.TypedAhead) -> None:
        event.stop()
        field = self.query_one("#multi-typed", Input)
        field.focus()
        field.insert_text_at_cursor(event.character)

    def on_key(self, event: events.Key) -> None:
        """Down from the text box goes to the rows, so the keyboard reaches both."""
        if self.kind == "multi" and event.key == "down" and isinstance(self.screen.focused, Input):
            event.stop()
            self.query_one(MultiChoice).focus()

    # -- split preview --------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.kind == "multi":
            event.stop()
            self._read_typed(event.value)
            return
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
