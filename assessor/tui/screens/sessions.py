"""Saved client sessions: list, open or resume, compare two, add counsellor notes, delete (after asking).

Store reads and writes run in worker threads; this screen renders SessionSummary, SessionRecord, Rescore and
Comparison models from the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static, TextArea

from assessor.core.catalog import Catalog
from assessor.core.errors import AssessorError
from assessor.core.wording import saved_where, store_name
from assessor.sessions.database import shared_database_configured
from assessor.sessions.models import SessionRecord, SessionSummary
from assessor.tui.base import AppScreen
from assessor.tui.widgets.dialog import DialogBox
from assessor.tui.widgets.footer import AppFooter
from assessor.tui.widgets.format import ThemedText
from assessor.tui.widgets.notes_area import TypedTextArea
from assessor.tui.widgets.typed import TypedInput

if TYPE_CHECKING:
    from assessor.sessions.backend import SessionStore
    from assessor.sessions.records import Comparison, Rescore


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no before anything irreversible; Escape or n means no."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & #confirm-box { width: 64; padding: 1 2; }
        & #confirm-message { width: 100%; height: auto; }
        & #confirm-buttons { height: auto; margin-top: 1; align: center middle; }
        & #confirm-buttons Button { margin: 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with DialogBox(id="confirm-box", classes="-error"):
            yield Static(self.message, id="confirm-message", markup=False)  # wraps: the whole warning shows
            with Horizontal(id="confirm-buttons"):
                yield Button("No, keep it (n)", id="no", variant="primary")
                yield Button("Yes, delete (y)", id="yes", variant="error")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class NotesScreen(ModalScreen[str | None]):
    """Counsellor notes for one session; ctrl+s saves, Escape leaves them as they were."""

    DEFAULT_CSS = """
    NotesScreen {
        align: center middle;
        & #notes-box { height: 80%; }
        & #notes-text { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save notes", priority=True, id="save-notes"),
        Binding("escape", "cancel", "Cancel", id="cancel-notes"),
    ]

    def __init__(self, client: str, notes: str, newer: str | None = None) -> None:
        super().__init__()
        self.client = client
        self.notes = notes
        self.newer = newer  # the notes as saved meanwhile elsewhere, when a save was refused for that

    def compose(self) -> ComposeResult:
        with DialogBox(id="notes-box"):
            yield Label(f"Notes for {self.client} (ctrl+s saves, Escape cancels)", markup=False)
            if self.newer is not None:
                yield Label(
                    "These notes were changed elsewhere since you opened them, so yours were not saved. "
                    "They now read as below; ctrl+s saves your text in their place, Escape keeps them.",
                    id="notes-conflict",
                )
                yield Static(Text(self.newer or "(empty)"), id="notes-newer")
            yield TypedTextArea(self.notes, id="notes-text", soft_wrap=True)
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClientLabelScreen(ModalScreen[str | None]):
    """Ask for a client label for a conversation already under way (to save it and add notes)."""

    DEFAULT_CSS = """
    ClientLabelScreen {
        align: center middle;
        & #label-box { width: 70; max-width: 95%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-label")]

    def compose(self) -> ComposeResult:
        with DialogBox(id="label-box"):
            yield Label(
                "Save this conversation for a client: type a label (initials or a case number) and press "
                f"Enter. The answers so far are kept and saved {saved_where(shared_database_configured())}, and "
                "every answer after them."
            )
            yield TypedInput(placeholder="Client label", id="new-client-label", max_length=200)
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SameClientScreen(ModalScreen[str | None]):
    """A label that earlier sessions carry: the same client coming back, or another person?"""

    DEFAULT_CSS = """
    SameClientScreen {
        align: center middle;
        & #same-box { width: 80; }
        & #same-buttons { height: auto; margin-top: 1; layout: vertical; }
        & #same-buttons Button { width: 100%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose('visit')", "New visit", id="same-visit"),
        Binding("f", "choose('fresh')", "Same client, fresh", id="same-fresh"),
        Binding("o", "choose('other')", "Another person", id="same-other"),
        Binding("escape", "choose('fresh')", "Cancel", show=False, id="same-cancel"),
    ]

    def __init__(self, label: str, count: int, latest: SessionSummary) -> None:
        super().__init__()
        self.label = label
        self.count = count
        self.latest = latest

    def compose(self) -> ComposeResult:
        when = local_time(self.latest.created_at)
        sessions = "one saved session" if self.count == 1 else f"{self.count} saved sessions"
        with DialogBox(id="same-box", classes="-warning"):
            yield Static(
                Text.assemble(
                    "There is already ",
                    sessions,
                    " for ",
                    (self.label, "bold"),
                    f" (the last on {when}). Is this the same client?",
                )
            )
            with Horizontal(id="same-buttons"):
                yield Button("Yes: new visit from the last answers (v)", id="visit", variant="primary")
                yield Button("Yes: start empty (f)", id="fresh")
                yield Button("No: another person (o)", id="other")
        yield AppFooter(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


def _plan_cell(gain: float | None, months: float | None, cost: float | None) -> str:
    if gain is None:
        return "—"
    shown = f"{gain:+.1f}"
    if months is not None:
        shown += f" {months:g}mo"
    if cost is not None:
        shown += f" ${cost:,.0f}"
    return shown


def local_time(stamp: str) -> str:
    """A stored UTC time as the counsellor's own clock shows it ("2026-11-30 14:05")."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


class CompareScreen(Screen[None]):
    """Two sessions side by side: score, task time and plan gains."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="compare-back")]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        yield Header(icon="?")
        with VerticalScroll(id="compare-body"):
            yield ThemedText(id="compare-text")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        shown = self.query_one("#compare-text", ThemedText)
        shown.show_text(lambda: self._comparison_text(shown))

    def _comparison_text(self, shown: ThemedText) -> Text:
        comp = self.comparison
        text = Text()
        text.append(f"{comp.a.client_label}: {comp.a.id} ({local_time(comp.a.created_at)})", style="bold")
        text.append("  →  ")
        text.append(f"{comp.b.client_label}: {comp.b.id} ({local_time(comp.b.created_at)})\n", style="bold")
        text.append("What changed in the answers\n", style="bold")
        if not comp.answers:
            text.append("Nothing: the same answers.\n", style="dim")
        for change in comp.answers:
            text.append(f"{change.question} ")
            text.append(change.before, style="dim")
            text.append(" → ")
            text.append(change.after)
            if change.added:
                text.append(f"  (added {', '.join(change.added)})", style=shown.tone("up"))
            if change.removed:
                text.append(f"  (removed {', '.join(change.removed)})", style=shown.tone("caution"))
            text.append("\n")
        text.append("\n")
        text.append(f"Score {comp.score_a:.1f} {comp.label_a} → {comp.score_b:.1f} {comp.label_b} ")
        text.append(f"({comp.score_change:+.1f})\n", style="bold")
        if comp.role_a != comp.role_b:
            text.append(f"Role {comp.role_a} → {comp.role_b}\n")
        text.append("\nTask time (automation)\n", style="bold")
        for side in comp.tasks:
            left = "—" if side.time_a is None else f"{side.time_a:4.0f}% ({side.automation_a}/5)"
            right = "—" if side.time_b is None else f"{side.time_b:4.0f}% ({side.automation_b}/5)"
            text.append(f"{left:>12} → {right:<12} {side.name}\n")
        if comp.plan:
            text.append("\nPlan: gain, months, cost\n", style="bold")
            for action in comp.plan:
                left = _plan_cell(action.gain_a, action.months_a, action.cost_a)
                right = _plan_cell(action.gain_b, action.months_b, action.cost_b)
                text.append(f"{left:>18} → {right:<18} {action.title}\n")
        for note in comp.notes:
            text.append(f"\nNote: {note}", style="italic")
        return text


class SessionsScreen(AppScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="sessions-back"),
        # Priority: Enter opens the highlighted session from the list and from the search box alike.
        Binding("enter", "open", "Open", priority=True, id="session-open"),
        Binding("slash", "search", "Search", show=False, id="session-search"),  # said in the search box
        Binding("v", "new_visit", "New visit", id="session-new-visit"),
        Binding("space", "mark", "Mark", show=False, id="session-mark"),  # said under the table
        Binding("c", "compare", "Compare", id="session-compare"),
        Binding("n", "notes", "Notes", id="session-notes"),
        Binding("d", "delete", "Delete", id="session-delete"),
        Binding("r", "caseload_report", "Caseload", id="session-caseload-report"),
        Binding("a", "everyone", "All counsellors", id="session-everyone"),
    ]

    def __init__(self, store: SessionStore, catalog: Catalog) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog
        self.all_sessions: list[SessionSummary] = []
        self.sessions: list[SessionSummary] = []  # those shown: matching the search, grouped by client
        self.marked: list[str] = []
        # Every counsellor's sessions the database lets this one read (a supervisor: all; a counsellor on
        # PostgreSQL: their own, row-level security decides; the SQLite file: everything in it), or one's own.
        self.everyone = False

    def compose(self) -> ComposeResult:
        yield Header(icon="?")
        yield TypedInput(placeholder="/ search by client or id", id="sessions-search", select_on_focus=False)
        yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield ThemedText(id="session-detail")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self._columns())
        table.focus()
        self._title()
        self.reload()

    def _columns(self) -> tuple[str, ...]:
        base = (" ", "Client", "Visit", "Id", "Status", "Score", "Updated")
        return (*base, "Counsellor") if self.everyone else base

    def _title(self) -> None:
        self.sub_title = (
            f"Every counsellor's sessions you may see ({self.store.counsellor}; a: yours only)"
            if self.everyone
            else f"Your sessions ({self.store.counsellor}; a: all counsellors)"
        )

    def reload(self) -> None:
        self._load(self.everyone)

    @work(thread=True, exclusive=True, group="sessions")
    def _load(self, everyone: bool) -> None:
        try:
            sessions = self.store.list_sessions(everyone=everyone)
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._loaded, everyone, sessions)

    def _loaded(self, everyone: bool, sessions: list[SessionSummary]) -> None:
        if everyone == self.everyone:  # not a list of the other view, read before a switch
            self._show(sessions)

    def action_everyone(self) -> None:
        """Switch between one's own sessions and every counsellor's the database lets one read."""
        self.everyone = not self.everyone
        self.marked = []
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*self._columns())
        self._title()
        self.reload()

    def action_search(self) -> None:
        self.query_one("#sessions-search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#sessions-search", Input)
        if self.focused is search:
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "sessions-search":
            event.stop()
            self._show(self.all_sessions)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def _show(self, sessions: list[SessionSummary]) -> None:
        """The sessions grouped by client (clients A-Z, each client's visits oldest first), filtered.

        In the everyone view a client is a label of one counsellor's: two counsellors' "JS" are two people.
        """
        self.all_sessions = sessions
        visits: dict[tuple[str, str], list[SessionSummary]] = {}
        for summary in sorted(sessions, key=lambda s: s.created_at):
            owner = (summary.counsellor or "") if self.everyone else ""
            visits.setdefault((summary.client_label.casefold(), owner), []).append(summary)
        needle = self.query_one("#sessions-search", Input).value.strip().casefold()
        shown: list[tuple[SessionSummary, int, int]] = []
        for key in sorted(visits):
            group = visits[key]
            for number, summary in enumerate(group, start=1):
                if needle and needle not in summary.client_label.casefold() and needle not in summary.id:
                    continue
                shown.append((summary, number, len(group)))
        self.sessions = [summary for summary, _, _ in shown]
        self.marked = [session_id for session_id in self.marked if any(s.id == session_id for s in sessions)]
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        previous: tuple[str, str | None] | None = None
        for summary, number, total in shown:
            score = "—" if summary.score is None else f"{summary.score:.1f} {summary.label or ''}"
            mark = "✓" if summary.id in self.marked else " "
            client = (summary.client_label.casefold(), summary.counsellor if self.everyone else None)
            same = client == previous
            previous = client
            # Cells as Text: a str cell is read as markup, and a label is whatever the counsellor typed.
            table.add_row(
                *(
                    Text(cell)
                    for cell in (
                        mark,
                        "〃" if same else summary.client_label,
                        f"{number} of {total}",
                        summary.id,
                        summary.status,
                        score,
                        local_time(summary.updated_at),
                        *((summary.counsellor or "—",) if self.everyone else ()),
                    )
                ),
                key=summary.id,
            )
        if not sessions and self.everyone:
            said = "No saved sessions that you may see. a shows your own."
        elif not sessions:
            said = "No saved sessions yet. Type a client label on the first screen to save one."
        elif not shown:
            said = "No session matches the search."
        else:
            said = (
                "Enter opens, v starts a new visit, Space marks two to compare, n notes, d deletes, "
                "r writes the caseload report of these sessions, a shows "
                + ("yours only." if self.everyone else "every counsellor's you may see.")
            )
        self.query_one("#session-detail", ThemedText).show_text(lambda: Text(said))

    def _current(self) -> SessionSummary | None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row is None or not 0 <= table.cursor_row < len(self.sessions):
            return None
        return self.sessions[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        summary = self._current()
        if summary is not None:
            self._detail(summary.id)

    @work(thread=True, exclusive=True, group="session-detail")
    def _detail(self, session_id: str) -> None:
        from assessor.sessions.records import rescore

        try:
            record = self.store.get(session_id)
            again = rescore(record, self.catalog)
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._show_detail, record, again)

    def _show_detail(self, record: SessionRecord, again: Rescore | None) -> None:
        detail = self.query_one("#session-detail", ThemedText)
        detail.show_text(lambda: self._detail_text(detail, record, again))

    def _detail_text(self, detail: ThemedText, record: SessionRecord, again: Rescore | None) -> Text:
        text = Text()
        text.append(f"{record.client_label}", style="bold")
        text.append(f"  {len(record.raw_answers)} answers, created {local_time(record.created_at)}\n")
        if again is not None:
            if again.error:
                text.append(f"On today's role data: {again.error}\n", style=detail.tone("caution"))
            else:
                changes = "; ".join(again.changes)
                text.append(
                    f"On today's role data: {again.old_score} → {again.new_score}: {changes}\n",
                    style=detail.tone("caution"),
                )
        text.append(f"Notes: {record.notes}" if record.notes else "No notes (n adds them).", style="italic")
        return text

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        summary = self._current()
        if summary is None:
            return
        self.assessor.open_session(summary.id)

    def action_new_visit(self) -> None:
        """The highlighted client is back: a new session from this one's answers (this one is kept)."""
        summary = self._current()
        if summary is None:
            return
        self.assessor.new_visit(summary.id)

    def action_mark(self) -> None:
        summary = self._current()
        if summary is None:
            return
        if summary.id in self.marked:
            self.marked.remove(summary.id)
        else:
            self.marked = [*self.marked[-1:], summary.id]
        row = self.query_one(DataTable).cursor_row
        self._show(self.all_sessions)
        self.query_one(DataTable).move_cursor(row=row)

    def action_compare(self) -> None:
        if len(self.marked) != 2:
            self.notify("Mark two sessions with Space first (older one first).")
            return
        self._compare(*self.marked)

    @work(thread=True, exclusive=True, group="compare")
    def _compare(self, first: str, second: str) -> None:
        from assessor.sessions.records import compare

        try:
            comparison = compare(self.store.get(first), self.store.get(second), self.catalog)
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.app.push_screen, CompareScreen(comparison))

    def action_notes(self) -> None:
        summary = self._current()
        if summary is None:
            return
        session_id = summary.id
        self.assessor.open_notes(session_id, on_saved=lambda: self._detail(session_id))

    def action_caseload_report(self) -> None:
        """The caseload report of these sessions as an HTML file (read, built and written in a worker)."""
        self.assessor.export_caseload(self.store, self.catalog, everyone=self.everyone)

    def action_delete(self) -> None:
        summary = self._current()
        if summary is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(summary)

        message = (
            f"Delete session {summary.id} for {summary.client_label}? "
            f"Its answers, result and notes are removed from {store_name(shared_database_configured())} for good."
        )
        self.app.push_screen(ConfirmScreen(message), confirmed)

    @work(thread=True, group="session-delete")
    def _delete(self, summary: SessionSummary) -> None:
        try:
            self.store.delete(summary.id)
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._deleted, summary)

    def _deleted(self, summary: SessionSummary) -> None:
        self.notify(f"Deleted session {summary.id} ({summary.client_label}).", markup=False)
        self.assessor.session_deleted(summary.id)
        self.reload()
