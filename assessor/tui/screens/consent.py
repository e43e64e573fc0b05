"""Before the first question: what the assessment does and does not do, and where answers go."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Markdown

PURPOSE = """\
# Before we start

**What this does.** You answer a few short questions about your coding work: your job
title, years, setting, certifications and how your day splits. From those it estimates how
exposed *your* mix of tasks is to AI automation, explains where the number comes from, and
plans which moves would raise it, each with its computed gain.

**What it does not do.** It is not a test of you, not a prediction that you will lose your job,
and not advice to an employer. Results are estimates built from published sources; the results
screen lists their limits.

**Your data.** Nothing you type leaves this computer: no network, no tracking.
"""

STORED = """\
**Saved for {client}.** Because a client label is set, every answer is saved on this computer
the moment it is given, so nothing is lost if the window closes. Delete the session from the
Sessions screen (ctrl+p, then Sessions) or with `assessor sessions delete ID`; deleting removes
it from the database for good.
"""

NOT_STORED = """\
**Not saved unless you ask.** Without a client label nothing is written to disk, except a
report you export. Counsellors: type a client label (initials or a case number) below, and
every answer is saved on this computer as it is given; it can be deleted from the Sessions screen.
"""

NO_STORE = """\
**Not saved.** The session store is unavailable, so nothing is written to disk except a report
you export.
"""


class ConsentScreen(Screen[str | None]):
    """Shown before the first question; Enter continues, with the client label typed (if any)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "begin", "Start", id="begin"),
    ]

    def __init__(self, client: str | None = None, can_store: bool = False) -> None:
        super().__init__()
        self.client = client
        self.can_store = can_store

    def compose(self) -> ComposeResult:
        if not self.can_store:
            storage = NO_STORE
        elif self.client:
            storage = STORED.format(client=self.client)
        else:
            storage = NOT_STORED
        with VerticalScroll(id="consent-body"):
            yield Markdown(PURPOSE + "\n" + storage, id="consent-text")
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
        self.action_begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        label = self.client
        found = self.query("#client-label")
        if found:
            typed = " ".join(found.first(Input).value.split())
            label = typed or None
        self.dismiss(label)
