"""The Sessions screen's everyone view (a): every counsellor's sessions the database lets this one read, with
a Counsellor column; on the SQLite file that is everything in it; on PostgreSQL a supervisor sees all and a
counsellor still only their own (row-level security decides, not the app)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from assessor.sessions.backend import SessionStore
from assessor.sessions.database import open_store
from assessor.sessions.store import Store
from assessor.tui.screens.export import ExportScreen
from assessor.tui.screens.sessions import SessionsScreen
from tests.pg_cluster import Service
from tests.ui.helpers import SIZE, settle


def rows(screen: SessionsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def sessions_screen(app, pilot) -> SessionsScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.action_sessions()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SessionsScreen)
    return screen


async def test_a_shows_every_counsellors_sessions_in_the_file_with_their_counsellor(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    ann = Store.open(home=home, counsellor="ann")
    bob = Store.open(home=home, counsellor="bob")
    ann_js = ann.create_session("JS")
    bob_js = bob.create_session("JS")  # the same label with another counsellor: another person
    bob_cara = bob.create_session("Cara")
    reports = tmp_path / "reports"
    reports.mkdir()
    app = make_app(store=ann, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await sessions_screen(app, pilot)
        assert [row[3] for row in rows(screen)] == [ann_js]  # one's own caseload first
        assert "Counsellor" not in [str(c.label) for c in screen.query_one(DataTable).columns.values()]
        binding = app.active_bindings["a"].binding
        assert binding.description == "All counsellors" and binding.show

        await pilot.press("a")
        await settle(pilot)
        columns = [str(column.label) for column in screen.query_one(DataTable).columns.values()]
        assert columns[-1] == "Counsellor"
        shown = {row[3]: (row[1], row[2], row[-1]) for row in rows(screen)}
        assert shown == {
            bob_cara: ("Cara", "1 of 1", "bob"),
            ann_js: ("JS", "1 of 1", "ann"),
            bob_js: ("JS", "1 of 1", "bob"),  # not "2 of 2", nor drawn as ann's client's next visit
        }
        assert "ann" in str(screen.sub_title) and "Every counsellor" in str(screen.sub_title)

        await pilot.press("r")  # the caseload report of what the screen lists: everyone's
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(reports)
        await pilot.press("enter")
        await settle(pilot)
        [written] = sorted(reports.iterdir())
        page = written.read_text(encoding="utf-8")
        assert "Cara" in page and "3 sessions" in page

        await pilot.press("a")  # back to one's own
        await settle(pilot)
        assert [row[3] for row in rows(screen)] == [ann_js]
        assert len(screen.query_one(DataTable).columns) == 7


async def see_as(make_app, store: SessionStore) -> tuple[list[list[str]], list[list[str]]]:  # type: ignore[no-untyped-def]
    """The Sessions screen's rows for this role: its own view, then after a."""
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await sessions_screen(app, pilot)
        own = rows(screen)
        await pilot.press("a")
        await settle(pilot)
        return own, rows(screen)


async def test_on_postgresql_a_supervisor_sees_everyone_and_a_counsellor_only_their_own(
    make_app, service: Service
) -> None:  # type: ignore[no-untyped-def]
    ann = open_store(service.url(service.ann))
    bob = open_store(service.url(service.bob))
    ann_id = ann.create_session("Ann's client")
    bob_id = bob.create_session("Bob's client")

    own, everyone = await see_as(make_app, ann)
    assert [row[3] for row in own] == [ann_id]
    assert [(row[3], row[-1]) for row in everyone] == [(ann_id, service.ann)]  # the database says no

    own, everyone = await see_as(make_app, open_store(service.url(service.sue)))
    assert own == []  # the supervisor's own caseload is empty
    assert sorted((row[3], row[1], row[-1]) for row in everyone) == sorted(
        [(ann_id, "Ann's client", service.ann), (bob_id, "Bob's client", service.bob)]
    )
