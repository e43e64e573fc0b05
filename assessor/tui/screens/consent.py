"""Before the first question: what the assessment does and does not do, and where answers go."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

PURPOSE = (
    "[b]Before we start[/b]\n\n"
    "[b]What this does.[/b] A few questions about your coding work (title, years, setting, credentials, how "
    "your day splits), then an estimate of how exposed [i]your[/i] mix of tasks is to AI automation, where "
    "that number comes from, and which moves would raise it, each with its computed gain.\n\n"
    "[b]What it does not do.[/b] It is not a test of you, not a prediction that you will lose your job, and "
    "not advice to an employer. It is an estimate from published sources; the results list its limits.\n\n"
    "[b]Your data.[/b] Nothing you type leaves this computer: no network, no tracking.\n\n"
)

STORED = (
    "[b]Saved for {client}.[/b] Every answer is saved on this computer the moment it is given, so nothing is "
    "lost if the window closes. Delete the session from the Sessions screen (ctrl+p, Sessions) or with "
    "'assessor sessions delete ID'; it is then gone from the database for good."
)

NOT_STORED = (
    "[b]Not saved unless you ask.[/b] Nothing is written to disk except a report you export. Counsellors: "
    "type a client label below (initials or a case number) and every answer is saved on this computer as it "
    "is given; the Sessions screen (ctrl+p) can delete it for good."
)

NO_STORE = (
    "[b]Not saved.[/b] The session store is unavailable, so nothing is written to disk except a report you "
    "export."
)


class ConsentScreen(Screen[str | None]):
    """Shown before the first question; Enter continues, with the client label typed (if any)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "begin", "Start", id="begin"),
    ]

    def __init__(self, client: str | None = None, can_store: bool = False) -> None:
        super().__init__()
        self.client = client
        self.can_store = can_store
        self._begun = False

    def compose(self) -> ComposeResult:
        if not self.can_store:
            storage = NO_STORE
        elif self.client:
            storage = STORED.format(client=escape(self.client))
        else:
            storage = NOT_STORED
        with VerticalScroll(id="consent-body"):
            yield Static(PURPOSE + storage, id="consent-text")
            if self.can_store and not self.client:
                yield Input(
                    placeholder="Client label (optional): Enter to start", id="client-label", max_length=200
                )
            with Center():
                yield Button("Start  (Enter)", id="begin", variant="primary")
        yield Footer()

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
