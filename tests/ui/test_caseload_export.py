"""The Sessions screen exports the caseload report: r asks for the folder, the report is read, built and
written in a worker, and the app says where it went."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store
from assessor.tui.screens.export import ExportScreen
from assessor.tui.screens.sessions import SessionsScreen
from tests.helpers import external_loads
from tests.ui.helpers import SIZE, settle


async def test_r_on_the_sessions_screen_writes_the_caseload_report(
    make_app, tmp_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    store = Store.open(home=tmp_path / "home", counsellor="ann")
    done = store.create_session("Ben")
    finish_session(
        store, done, Answers.validated(dict(job_title="medical coder", years_experience=3)), catalog
    )
    store.create_session("Ana <b>[red]</b>")
    Store.open(home=tmp_path / "home", counsellor="bob").create_session("Bob's client")
    chosen = tmp_path / "reports"
    chosen.mkdir()
    settings = tmp_path / "config" / "settings.json"
    app = make_app(store=store, show_consent=False, settings_path=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        binding = app.active_bindings["r"].binding
        assert binding.description == "Caseload" and binding.show
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(chosen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)  # back where the counsellor was
        [written] = sorted(chosen.iterdir())
        assert written.name == f"assessor-caseload-{date.today().isoformat()}.html"
        toasts = [str(note.message) for note in app._notifications]
        assert any(str(written) in message for message in toasts)
    page = written.read_text(encoding="utf-8")
    assert "<h1>Caseload report</h1>" in page
    assert "2 clients in 2 sessions" in page  # the screen's sessions: ann's caseload, not bob's
    assert "Bob" not in page
    assert "<td>Ana &lt;b&gt;[red]&lt;/b&gt;</td>" in page  # an unfinished conversation, named as typed
    assert external_loads(page) == []
    from assessor.tui.settings import load_settings

    assert load_settings(settings).export_dir == str(chosen)


async def test_a_caseload_report_that_cannot_be_written_says_why(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    store.create_session("Ben")
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one(Input).value = "/proc/self"  # a folder nothing can be written in, even by root
        await pilot.press("enter")
        await settle(pilot)
        toasts = [str(note.message) for note in app._notifications]
        assert any(message.startswith("Could not write the caseload report: ") for message in toasts), toasts
