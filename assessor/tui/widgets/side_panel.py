"""The live panel next to the chat: matched role, score and zone so far, and what moved it last."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from assessor.tui.widgets.format import ThemedText


class LiveScore(Vertical):
    """Renders a LiveView (plain values); the chat screen computes it in a worker."""

    DEFAULT_CSS = """
    LiveScore .panel-title { color: $accent; text-style: bold; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Label("Role", classes="panel-title")
        yield Static("—", id="live-role", markup=False)
        yield Label("Score so far", classes="panel-title")
        yield ThemedText("after title and years", id="live-score")
        yield Label("Last change", classes="panel-title")
        yield Static("—", id="live-moved", markup=False)

    def reset(self) -> None:
        """Empty, as before the first answer: nothing of a previous client stays on screen."""
        self.query_one("#live-role", Static).update("—")
        self.query_one("#live-score", ThemedText).show_text(lambda: Text("after title and years"))
        self.query_one("#live-moved", Static).update("—")

    def show(
        self,
        role: str | None,
        confidence: float | None,
        score: float | None,
        zone: str | None,
        label: str | None,
        moved: str | None,
    ) -> None:
        role_text = "—" if role is None else f"{role}\nmatch {confidence:.0f}%"
        self.query_one("#live-role", Static).update(role_text)
        score_widget = self.query_one("#live-score", ThemedText)
        if score is None or zone is None:
            score_widget.show_text(lambda: Text("after title and years"))
        else:
            score_widget.show_text(lambda: score_widget.zone_text(score, zone, label or zone.title()))
        self.query_one("#live-moved", Static).update(moved or "—")
