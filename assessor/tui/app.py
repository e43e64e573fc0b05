"""The assessor chat app: consent, conversation, live score, results, sessions.

The app is handed its catalog, questionnaire and store, so tests inject their own; it never computes a score
itself, it calls the core (in worker threads, never on the UI thread) and renders what comes back.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from assessor.core.errors import AssessorError
from assessor.core.wording import APP_SUBTITLE
from assessor.tui.exporting import ExportFormat, write_unique
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.consent import ConsentScreen

if TYPE_CHECKING:
    from assessor.core.catalog import Catalog
    from assessor.core.first_question import FirstQuestion
    from assessor.core.questionnaire import Questionnaire
    from assessor.report.model import Report
    from assessor.sessions.backend import SessionStore
    from assessor.sessions.models import SessionRecord, SessionSummary

    SameClientDecided = Callable[[str | None, SessionSummary | None], None]
    NotesSaved = Callable[[], object]


class AssessorApp(App[int]):
    """`assessor` with no sub-command."""

    CSS_PATH = "app.tcss"
    TITLE = "assessor"
    SUB_TITLE = APP_SUBTITLE
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("f1", "help", "Help", id="help"),
        Binding("f4", "sessions", "Sessions", id="sessions"),
        Binding("question_mark", "help", "Help", show=False, id="help-key"),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text: toasts quote labels, answers and errors a person typed, and Textual
        would read '[/b]' or '[@click=...]' in them as markup (a crash, or a live action)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def __init__(
        self,
        catalog: Catalog | Callable[[], Catalog],
        questionnaire: Questionnaire | Callable[[], Questionnaire] | None = None,
        store: SessionStore | None = None,
        *,
        first_question: FirstQuestion | None = None,
        client: str | None = None,
        session_id: str | None = None,
        show_consent: bool = True,
        cursor_blink: bool = True,
        export_dir: Path | None = None,
        theme: str | None = None,
        store_problem: str | None = None,
        store_opener: Callable[[], SessionStore] | None = None,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__()
        # A loader instead of a catalog: the first question is painted while the role data loads in a thread.
        self.catalog: Catalog | None = None if callable(catalog) else catalog
        self._catalog_loader = catalog if callable(catalog) else None
        # A loader too (with the catalog's): the first question is painted from `first_question`'s words.
        if callable(questionnaire) and (self._catalog_loader is None or first_question is None):
            questionnaire = questionnaire()
        self.questionnaire: Questionnaire | None = None if callable(questionnaire) else questionnaire
        self._questionnaire_loader = questionnaire if callable(questionnaire) else None
        self.first_question = first_question
        self.store: SessionStore | None = store
        self.client = client
        self.session_id = session_id
        self.show_consent = show_consent
        self.cursor_blink = cursor_blink
        self.export_dir = export_dir
        self.store_problem = store_problem
        # Opened on first need (a client label given, a saved session opened), so that a person who only
        # looks at the purpose screen and quits leaves nothing on disk.
        self._store_opener = store_opener
        self._store_lock = threading.Lock()
        self._settings_path = settings_path
        self._on_catalog: list[Callable[[Catalog], None]] = []  # asked for before the role data was loaded
        if theme:
            self.theme = theme

    # -- screens -------------------------------------------------------------------------------------------

    def get_default_screen(self) -> ChatScreen:
        return ChatScreen(
            self.catalog,
            self.questionnaire,
            client=self.client,
            session_id=None,
            first_question=self.first_question,
        )

    def on_mount(self) -> None:
        if self.is_web:
            threading.Thread(
                target=_exit_when_the_server_goes, args=(self,), daemon=True, name="server-hangup"
            ).start()
        if self._catalog_loader is not None:
            # After the first paint: a loader thread started now would compete with it for the GIL.
            self.call_after_refresh(self._load_catalog, self._catalog_loader)
        if self.store_problem:
            self.notify(f"Sessions will not be saved: {self.store_problem}", severity="warning", timeout=15)
        if self.show_consent and not self.session_id:
            consent = ConsentScreen(client=self.client, can_store=self.can_store)
            self.push_screen(consent, self._consented)
        if self.session_id and self.catalog is not None:
            # After the first refresh: the chat screen starts its own (empty) conversation when it mounts.
            self.with_store(lambda _store: self.call_after_refresh(self.open_session, self.session_id or ""))

    @property
    def settings_path(self) -> Path:
        """The small settings file (the export folder); under the user config folder unless injected."""
        if self._settings_path is None:
            from assessor.tui.settings import default_settings_path

            self._settings_path = default_settings_path()
        return self._settings_path

    # -- the session store, opened on first need -------------------------------------------------------------

    @property
    def can_store(self) -> bool:
        """Whether sessions can be saved (the store is open, or can be opened when first needed)."""
        return self.store is not None or (self._store_opener is not None and self.store_problem is None)

    def open_store_blocking(self) -> SessionStore | None:
        """The store, opening it the first time (creating its folder and file); call from a worker thread."""
        with self._store_lock:
            if self.store is None and self._store_opener is not None and self.store_problem is None:
                try:
                    self.store = self._store_opener()
                except AssessorError as exc:
                    self.store_problem = exc.message
                except OSError as exc:
                    self.store_problem = f"the session store cannot be opened: {exc.strerror or exc}"
                if self.store_problem:
                    self.call_from_thread(
                        self.notify,
                        f"Sessions will not be saved: {self.store_problem}",
                        severity="warning",
                        timeout=15,
                    )
            return self.store

    @work(thread=True, group="store-open")
    def with_store(self, then: Callable[[SessionStore], None]) -> None:
        """Open the store in a worker, then run `then(store)` on the UI thread (not at all if it cannot)."""
        store = self.open_store_blocking()
        if store is not None:
            self.call_from_thread(then, store)

    @work(thread=True, exclusive=True, group="catalog")
    def _load_catalog(self, loader: Callable[[], Catalog]) -> None:
        try:
            questionnaire = self._questionnaire_loader() if self._questionnaire_loader else None
            catalog = loader()
            import assessor.core.conversation  # noqa: F401  (warm the engine's imports off the UI thread)
        except AssessorError as exc:
            self.call_from_thread(self.exit, 2, message=f"assessor: {exc.message}")
            return
        self.call_from_thread(self._catalog_ready, catalog, questionnaire)

    def _catalog_ready(self, catalog: Catalog, questionnaire: Questionnaire | None = None) -> None:
        if questionnaire is not None:
            self.questionnaire = questionnaire
            self.chat.questionnaire = questionnaire
        self.catalog = catalog
        self.chat.catalog_ready(catalog)
        waiting, self._on_catalog = self._on_catalog, []
        for then in waiting:
            then(catalog)
        if self.session_id:
            self.with_store(lambda _store: self.open_session(self.session_id or ""))

    def _consented(self, client: str | None) -> None:
        """The consent screen may set a client label: from then on every answer is saved under it.

        A label that earlier sessions carry asks first whether this is the same client (a new visit).
        """
        if not client:
            return
        self.client = client
        self.chat.client = client

        def decided(label: str | None, last: SessionSummary | None) -> None:
            if label is None:  # another person: back to the purpose screen for a label that tells them apart
                self.client = None
                self.chat.client = None
                consent = ConsentScreen(client=None, can_store=self.can_store)
                self.push_screen(consent, self._consented)
                self.notify("Add something to the label that tells the two clients apart (e.g. initials).")
                return
            self.client = label
            self.chat.client = label
            if last is not None:
                self.new_visit(last.id)

        self.check_same_client(client, decided)

    @property
    def chat(self) -> ChatScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ChatScreen)
        return screen

    # -- actions -------------------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        # Answers are committed before the next question shows, so nothing accepted is pending here.
        self.exit(0)

    def action_help(self) -> None:
        from assessor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_assessment(self) -> None:
        """Start again, for the same person or (with a new client label) the next one."""
        self._back_to_chat()
        self.client = None
        self.chat.client = None
        self.chat.start_over()
        consent = ConsentScreen(client=None, can_store=self.can_store)
        self.push_screen(consent, self._consented)

    def action_edit_answer(self) -> None:
        self._back_to_chat()
        self.chat.action_edit()

    def action_results(self) -> None:
        self._back_to_chat()
        self.chat.action_results()

    def action_sessions(self) -> None:
        from assessor.tui.screens.sessions import SessionsScreen

        if isinstance(self.screen, SessionsScreen):
            return
        if not self.can_store:
            self.notify(
                f"Sessions cannot be saved or opened: {self.store_problem or 'no session store'}.",
                severity="warning",
            )
            return

        def open_sessions(catalog: Catalog) -> None:
            self.with_store(lambda store: self.push_screen(SessionsScreen(store, catalog)))

        if self.catalog is None:  # asked for in the first second: open them once the role data is in
            self.notify("The role data is still loading; the sessions open as soon as it is ready.")
            self._on_catalog.append(open_sessions)
            return
        open_sessions(self.catalog)

    def action_session_notes(self) -> None:
        """Counsellor notes on the session being recorded, at any point of the conversation.

        With no client label yet, one is asked for and the conversation so far is saved under it (nothing
        is thrown away); then the notes open.
        """
        from assessor.tui.screens.sessions import ClientLabelScreen

        chat = self.chat
        if not self.can_store:
            self.notify(
                f"Notes cannot be saved: {self.store_problem or 'no session store'}.", severity="warning"
            )
            return
        if chat.state is None:
            self.notify("The role data is still loading; try again in a moment.")
            return
        if chat.session_id is not None:
            self.open_notes(chat.session_id)
            return

        def labelled(label: str | None) -> None:
            if not label:
                return
            self.client = label
            chat.client = label
            chat.save_so_far(self.open_notes)

        if chat.client:
            chat.save_so_far(self.open_notes)
        else:
            self.push_screen(ClientLabelScreen(), labelled)

    def open_notes(self, session_id: str, on_saved: NotesSaved | None = None) -> None:
        """The one notes flow (chat, results and Sessions screen): the notes are read in a worker, edited in
        a dialog, and saved in a worker only if they are still what the dialog opened with, so notes added
        meanwhile from another window or `sessions notes --append` are never overwritten (the dialog then
        shows them and asks again)."""
        self._read_notes(session_id, on_saved)

    @work(thread=True, group="notes")
    def _read_notes(self, session_id: str, on_saved: NotesSaved | None) -> None:
        store = self.open_store_blocking()
        if store is None:  # said once, when it could not be opened
            return
        try:
            record = store.get(session_id)
        except AssessorError as exc:
            self.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.call_from_thread(self._edit_notes, record.id, record.client_label, record.notes, on_saved)

    def _edit_notes(
        self,
        session_id: str,
        client: str,
        opened_with: str,
        on_saved: NotesSaved | None,
        typed: str | None = None,
    ) -> None:
        from assessor.tui.screens.sessions import NotesScreen

        def save(text: str | None) -> None:
            if text is not None:
                self._save_notes(session_id, client, opened_with, text, on_saved)

        newer = opened_with if typed is not None else None
        self.push_screen(NotesScreen(client, opened_with if typed is None else typed, newer), save)

    @work(thread=True, group="notes")
    def _save_notes(
        self, session_id: str, client: str, opened_with: str, text: str, on_saved: NotesSaved | None
    ) -> None:
        store = self.open_store_blocking()
        if store is None:
            return
        try:
            saved = store.save_notes_if_unchanged(session_id, opened_with, text)
            current = opened_with if saved else store.get(session_id).notes
        except AssessorError as exc:
            self.call_from_thread(self.notify, exc.message, severity="error")
            return
        if not saved:
            self.call_from_thread(self._edit_notes, session_id, client, current, on_saved, text)
            return
        self.call_from_thread(self.notify, f"Notes saved for {client}.")
        if on_saved is not None:
            self.call_from_thread(on_saved)

    def action_export(self, fmt: str = "md") -> None:
        from assessor.tui.screens.results import ResultsScreen

        results = next((s for s in reversed(self.screen_stack) if isinstance(s, ResultsScreen)), None)
        if results is None:
            self.notify("Finish the questions first; then the report can be exported.", severity="warning")
            return
        results.action_export(fmt)

    def action_what_if(self) -> None:
        from assessor.tui.screens.results import ResultsScreen

        if isinstance(self.screen, ResultsScreen):
            self.screen.action_what_if()
        else:
            self.notify("What-if works on the results screen: pick a plan action, then press w.")

    def _back_to_chat(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def session_deleted(self, session_id: str) -> None:
        """A deleted session that is open in the chat is closed: nothing goes on writing to it."""
        if self.chat.session_id != session_id:
            return
        self.client = None
        self.chat.client = None
        self.chat.start_over()
        self.notify("The session that was open was deleted; a new, unsaved conversation has started.")

    def new_visit(self, session_id: str) -> None:
        """A returning client: a new session starting from this one's answers; the earlier visit is kept."""
        self._new_visit(session_id)

    @work(thread=True, group="new-visit")
    def _new_visit(self, session_id: str) -> None:
        store = self.open_store_blocking()
        if store is None:
            return
        try:
            last = store.get(session_id)
            new_id = store.create_session(last.client_label)
            for raw in last.raw_answers:
                store.record_answer(new_id, raw.question_id, raw.raw_text, dict(last.answers))
        except AssessorError as exc:
            self.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        self.call_from_thread(self._open_visit, new_id, last)

    def _open_visit(self, new_id: str, last: SessionRecord) -> None:
        self._back_to_chat()
        self.client = last.client_label
        self.chat.resume(new_id, visit_of=last)

    def check_same_client(self, label: str, then: SameClientDecided) -> None:
        """Before saving under a label that earlier sessions carry: ask whether it is the same client.

        `then(label, last_session)`: the label to use (None: ask again) and, for a returning client who
        wants it, the visit to start from (else None).
        """
        self._same_client(label, then)

    @work(thread=True, group="same-client")
    def _same_client(self, label: str, then: SameClientDecided) -> None:
        from assessor.tui.screens.sessions import SameClientScreen

        store = self.open_store_blocking()
        earlier = []
        if store is not None:
            try:
                earlier = [s for s in store.list_sessions() if s.client_label.casefold() == label.casefold()]
            except AssessorError:
                earlier = []
        if not earlier:
            self.call_from_thread(then, label, None)
            return
        latest = max(earlier, key=lambda summary: summary.created_at)

        def answered(choice: str | None) -> None:
            if choice == "visit":
                then(label, latest)
            elif choice == "other":
                then(None, None)
            else:
                then(label, None)

        self.call_from_thread(self.push_screen, SameClientScreen(label, len(earlier), latest), answered)

    def open_session(self, session_id: str) -> None:
        self._back_to_chat()
        self.chat.resume(session_id)

    # -- command palette -----------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New assessment", "Start again with an empty conversation", self.action_new_assessment
        )
        yield SystemCommand(
            "Change an answer", "Pick an earlier answer and change it", self.action_edit_answer
        )
        yield SystemCommand("Show results", "Score, plan and career moves", self.action_results)
        yield SystemCommand("Export Markdown report", "Write the report as a .md file", self.action_export)
        yield SystemCommand(
            "Export HTML report", "Write the report as an .html file", lambda: self.action_export("html")
        )
        yield SystemCommand(
            "What-if", "Re-score as if the highlighted plan action were done", self.action_what_if
        )
        yield SystemCommand("Sessions", "Saved clients: open, resume, compare, delete", self.action_sessions)
        yield SystemCommand(
            "Session notes", "Counsellor notes on this client's session", self.action_session_notes
        )
        yield SystemCommand("Help", "Keys and what the assessment does", self.action_help)
        yield from super().get_system_commands(screen)

    # -- exporting -----------------------------------------------------------------------------------------

    def export_report(self, report: Report, fmt: ExportFormat) -> None:
        """Save the results as a report headed by the client, the date and the notes (as `sessions
        export` does), named after the client and the date, in a folder the counsellor picks (remembered)."""
        from datetime import date

        from assessor.report.session import report_stem
        from assessor.tui.screens.export import ExportScreen
        from assessor.tui.settings import load_settings

        client, session_id = self.chat.client, self.chat.session_id
        stem = report_stem(client, date.today().isoformat())
        if self.is_web:
            self._write_export(report, fmt, None, stem, client, session_id)
            return
        remembered = load_settings(self.settings_path).export_dir
        folder = remembered or str(self.export_dir or _writable_directory())

        def chosen(folder: str | None) -> None:
            if folder:
                self._write_export(report, fmt, folder, stem, client, session_id)

        what = "HTML report" if fmt == "html" else "Markdown report"
        self.push_screen(ExportScreen(what, folder, f"{stem}.{fmt}"), chosen)

    @work(thread=True, group="export")
    def _write_export(
        self,
        report: Report,
        fmt: ExportFormat,
        folder: str | None,
        stem: str,
        client: str | None,
        session_id: str | None,
    ) -> None:
        from datetime import datetime

        from assessor.report.session import SessionHeading
        from assessor.tui.exporting import render_report
        from assessor.tui.settings import AppSettings, load_settings, save_settings

        try:
            notes = ""
            store = self.store
            if session_id is not None and store is not None:
                notes = store.get(session_id).notes
            when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
            heading = SessionHeading(client=client, session_id=session_id, when=when, notes=notes)
            text = render_report(report, fmt, heading)
            if folder is None:
                where = self.call_from_thread(self.deliver_report, text, fmt, stem)
            else:
                where = self.deliver_report(text, fmt, stem, Path(folder).expanduser())
                settings = load_settings(self.settings_path).model_copy(update={"export_dir": folder})
                save_settings(self.settings_path, AppSettings.model_validate(settings.model_dump()))
        except (AssessorError, OSError) as exc:
            reason = exc.message if isinstance(exc, AssessorError) else (exc.strerror or str(exc))
            self.call_from_thread(self.notify, f"Could not export: {reason}", severity="error", markup=False)
            return
        self.call_from_thread(self._exported, where)

    def export_caseload(self, store: SessionStore, catalog: Catalog, everyone: bool = False) -> None:
        """The caseload report of the Sessions screen's sessions (`assessor sessions report [--all] --format
        html`), saved in the export folder (asked, remembered) or, in the browser, downloaded."""
        from datetime import date

        from assessor.tui.screens.export import ExportScreen
        from assessor.tui.settings import load_settings

        stem = f"assessor-caseload-{date.today().isoformat()}"
        if self.is_web:
            self._write_caseload(store, catalog, None, stem, everyone)
            return
        remembered = load_settings(self.settings_path).export_dir
        folder = remembered or str(self.export_dir or _writable_directory())

        def chosen(folder: str | None) -> None:
            if folder:
                self._write_caseload(store, catalog, folder, stem, everyone)

        self.push_screen(ExportScreen("caseload report (HTML)", folder, f"{stem}.html"), chosen)

    @work(thread=True, group="export")
    def _write_caseload(
        self, store: SessionStore, catalog: Catalog, folder: str | None, stem: str, everyone: bool = False
    ) -> None:
        """Read every session of the caseload, build and render the report, write it: all off the UI thread."""
        from datetime import datetime

        from assessor.sessions.caseload import caseload_text, read_caseload
        from assessor.tui.settings import AppSettings, load_settings, save_settings

        try:
            when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
            text = caseload_text(read_caseload(store, catalog, everyone, created=when), "html")
            if folder is None:
                where = self.call_from_thread(self.deliver_report, text, "html", stem)
            else:
                where = self.deliver_report(text, "html", stem, Path(folder).expanduser())
                settings = load_settings(self.settings_path).model_copy(update={"export_dir": folder})
                save_settings(self.settings_path, AppSettings.model_validate(settings.model_dump()))
        except (AssessorError, OSError) as exc:
            reason = exc.message if isinstance(exc, AssessorError) else (exc.strerror or str(exc))
            self.call_from_thread(
                self.notify, f"Could not write the caseload report: {reason}", severity="error", markup=False
            )
            return
        self.call_from_thread(self.notify, where, title="Caseload report", timeout=10, markup=False)

    def _exported(self, where: str) -> None:
        from assessor.tui.screens.results import ResultsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                screen.last_export = where
        self.notify(where, title="Exported", timeout=10, markup=False)

    def deliver_report(
        self, text: str, fmt: ExportFormat, stem: str = "assessor-report", folder: Path | None = None
    ) -> str:
        """Save a report where the person can find it; return a sentence saying where."""
        if self.is_web:
            name = f"{stem}.{fmt}"
            self.deliver_text(io.StringIO(text), save_filename=name)
            return f"Report sent to your browser as {name}."
        directory = folder or self.export_dir or _writable_directory()
        if not directory.is_dir():
            raise AssessorError(f"{directory}: no such folder")
        path = write_unique(directory, stem, fmt, text)
        return f"Report written to {path}"


SERVER_POLL_SECONDS = 1.0
EXIT_GRACE_SECONDS = 5.0


def _exit_when_the_server_goes(app: App[object]) -> None:
    """In a browser the app's stdin is `assessor serve`'s pipe. When the server stops, or is killed, the pipe
    hangs up and the app, with no one left to talk to, would run on for good (each restart of a service
    leaving one more behind): quit then, and end the process if quitting hangs on the broken pipe. Every
    answer was saved as it was given, so nothing is lost."""
    import contextlib
    import select
    import sys
    import time

    try:
        fileno = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
    except (ValueError, OSError):
        return
    if fileno < 0:
        return
    watcher = select.poll()
    watcher.register(fileno, select.POLLHUP | select.POLLERR)  # not POLLIN: the driver reads the data
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
    while not any(event & gone for _, event in watcher.poll(SERVER_POLL_SECONDS * 1000)):
        pass
    with contextlib.suppress(Exception):  # the app may be closing already; the exit below ends it either way
        app.call_from_thread(app.exit)
    time.sleep(EXIT_GRACE_SECONDS)
    os._exit(0)


def _writable_directory() -> Path:
    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here
    return Path.home()
