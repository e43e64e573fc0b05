"""Before the first question: what the assessment does and does not do, and where answers go."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from assessor.core.wording import purpose_sections, storage_wording
from assessor.sessions.database import shared_database_configured
from assessor.tui.widgets.footer import AppFooter
from assessor.tui.widgets.typed import TypedInput


def _paragraph(heading: str, body: str) -> Text:
    return Text.assemble((heading, "bold"), " ", body, "\n\n")


def consent_text(storage: tuple[str, str], client: str | None = None, shared: bool = False) -> Text:
    """The purpose paragraphs, then what happens to the answers; a client label is shown as typed."""
    text = Text()
    text.append("Before we start\n\n", style="bold")
    for heading, body in purpose_sections(shared):
        text.append_text(_paragraph(heading, body))
    heading, body = storage
    text.append_text(_paragraph(heading.format(client=client or ""), body))
    return text


class ConsentScreen(Screen[str | None]):
    """Shown before the first question; Enter continues, with the client label typed (if any)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter starts (from the label box or the button); Escape does the same, unadvertised.
        Binding("escape", "begin", "Start", show=False, id="begin"),
    ]

    def __init__(self, client: str | None = None, can_store: bool = False) -> None:
        super().__init__()
        self.client = client
        self.can_store = can_store
        self._begun = False

    def compose(self) -> ComposeResult:
        shared = shared_database_configured()
        storage = storage_wording(self.can_store, self.client, shared)
        with VerticalScroll(id="consent-body"):
            yield Static(consent_text(storage, self.client, shared), id="consent-text")
        # Below the text, never scrolled away: the label box and the Start button, side by side.
        with Horizontal(id="consent-actions"):
            if self.can_store and not self.client:
                yield TypedInput(
                    placeholder="Client label (optional): Enter to start", id="client-label", max_length=200
                )
            yield Button("Start (Enter)", id="begin", variant="primary")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        target = self.query("#client-label")
        (target.first() if target else self.query_one("#begin", Button)).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start(event.value)  # the value when Enter was pressed, not keys typed after it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        found = self.query("#client-label")
        self._start(found.first(Input).value if found else None)

    def _start(self, typed: str | None) -> None:
        if self._begun:  # keys typed ahead must not dismiss twice
            return
        self._begun = True
        label = self.client
        if typed is not None:
            label = " ".join(typed.split()) or None
        self.dismiss(label)
