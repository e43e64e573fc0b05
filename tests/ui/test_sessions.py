"""The app with a store: answers saved as given, sessions listed, resumed, annotated, compared and deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from assessor.sessions.store import Store
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.sessions import CompareScreen, ConfirmScreen, NotesScreen, SessionsScreen
from assessor.tui.widgets.result_parts import ScoreHeadline
from tests.ui.helpers import SIZE, chat, enter_to_results, say, settle, title_and_years, to_results


def flush(app) -> None:  # type: ignore[no-untyped-def]
    assert not chat(app)._saving  # settle() waited for the save worker: the answer is committed


async def test_client_label_on_consent_saves_every_answer_as_given(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Client A")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        await say(pilot, "medical coder")
        flush(app)
        [summary] = store.list_sessions()
        assert summary.client_label == "Client A"
        assert store.get(summary.id).answers == {"job_title": "medical coder"}
        await say(pilot, "3")
        flush(app)
        record = store.get(summary.id)
        assert record.answers["years_experience"] == 3.0
        assert [raw.question_id for raw in record.raw_answers] == ["job_title", "years_experience"]


async def test_an_answer_kept_for_a_later_question_is_saved_as_that_questions(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store, client="Client W", show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await title_and_years(pilot)
        await say(pilot, "physician practice")  # typed at the country question
        flush(app)
        record = store.get(chat(app).session_id)  # type: ignore[arg-type]
        assert record.answers["work_setting"] == "outpatient" and "country" not in record.answers
        assert [raw.question_id for raw in record.raw_answers][-1] == "work_setting"
        assert record.raw_answers[-1].raw_text == "physician practice"
        assert chat(app).live_question.id == "country"


async def test_without_label_nothing_is_saved(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await title_and_years(pilot)
        assert store.list_sessions() == []


async def _finished_session(store: Store, client: str, years: str, make_app) -> str:  # type: ignore[no-untyped-def]
    app = make_app(store=store, client=client, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await to_results(pilot, years=years)
        flush(app)
        session_id = chat(app).session_id
    assert session_id is not None
    return session_id


async def test_sessions_screen_lists_resumes_notes_compares_and_deletes(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    first = await _finished_session(store, "Client B", "1", make_app)
    second = await _finished_session(store, "Client B", "6", make_app)
    assert store.get(first).status == "finished"
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        # Notes.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        app.screen.query_one(TextArea).text = "Interested in CDI."
        await pilot.press("ctrl+s")
        await settle(pilot)
        listed = [summary.id for summary in store.list_sessions()]
        assert store.get(listed[0]).notes == "Interested in CDI."
        # Compare the two.
        await pilot.press("space")
        await pilot.press("down")
        await pilot.press("space")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert {app.screen.comparison.a.id, app.screen.comparison.b.id} == {first, second}
        await pilot.press("escape")
        await settle(pilot)
        # Delete asks first; "n" keeps it, "y" deletes.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.list_sessions()) == 2
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(store.list_sessions()) == 1
        assert screen.query_one(DataTable).row_count == 1
        # Open the one left: the conversation is resumed with its answers, straight to the results.
        await pilot.press("enter")
        await settle(pilot)
        remaining = store.list_sessions()[0].id
        assert chat(app).session_id == remaining
        assert chat(app).live_state.value("job_title") == "medical coder"
        assert chat(app).live_state.next_question() is None  # a finished session asks nothing again
        assert isinstance(app.screen, ResultsScreen)
        stored = store.get(remaining).result
        assert stored is not None
        assert f"{stored.score:.1f}/100" in str(app.screen.query_one(ScoreHeadline).render())


async def test_resume_an_unfinished_session_continues_where_it_stopped(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    session_id = store.create_session("Client C")
    store.record_answer(session_id, "job_title", "medical coder", {"job_title": "medical coder"})
    app = make_app(store=store, session_id=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert chat(app).live_question.id == "years_experience"
        await say(pilot, "2")
        flush(app)
        assert store.get(session_id).answers["years_experience"] == 2.0
        assert len(store.list_sessions()) == 1


async def test_notes_can_be_added_during_the_conversation(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store, client="Client D", show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await say(pilot, "medical coder")
        flush(app)
        app.action_session_notes()
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        app.screen.query_one(TextArea).text = "Wants remote work."
        await pilot.press("ctrl+s")
        await settle(pilot)
        session_id = chat(app).session_id
        assert session_id is not None
        assert store.get(session_id).notes == "Wants remote work."
        assert isinstance(app.screen, ChatScreen)


async def test_notes_dialog_never_overwrites_notes_added_meanwhile(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store, client="Client N", show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await say(pilot, "medical coder")
        flush(app)
        session_id = chat(app).session_id
        assert session_id is not None
        store.set_notes(session_id, "first visit")
        app.action_session_notes()
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        store.append_notes(session_id, "[b]added from a terminal[/b]")  # while the dialog is open
        app.screen.query_one(TextArea).text = "typed in the dialog"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.get(session_id).notes == "first visit\n[b]added from a terminal[/b]"
        screen = app.screen
        assert isinstance(screen, NotesScreen)  # asked again, showing the newer notes as typed
        assert screen.query_one(TextArea).text == "typed in the dialog"
        newer = screen.query_one("#notes-newer", Static)
        assert "[b]added from a terminal[/b]" in str(newer.render())
        await pilot.press("ctrl+s")  # the counsellor has seen them and saves their text in their place
        await settle(pilot)
        assert store.get(session_id).notes == "typed in the dialog"
        assert isinstance(app.screen, ChatScreen)


async def test_quitting_at_the_purpose_screen_writes_nothing(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    app = make_app(store_opener=lambda: Store.open(home=home))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not home.exists()  # the purpose screen says nothing is written: nothing is


async def test_the_store_opens_when_a_client_label_is_given(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    app = make_app(store_opener=lambda: Store.open(home=home))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # no label: an anonymous conversation
        await settle(pilot)
        await say(pilot, "medical coder")
        assert not home.exists()
    app = make_app(store_opener=lambda: Store.open(home=home))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Client B", "enter")
        await settle(pilot)
        await say(pilot, "medical coder")
        flush(app)
        [summary] = Store.open(home=home).list_sessions()
        assert summary.client_label == "Client B"


async def test_notes_key_adds_a_missing_client_label_and_keeps_the_conversation(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from assessor.tui.screens.sessions import ClientLabelScreen

    home = tmp_path / "home"
    app = make_app(store_opener=lambda: Store.open(home=home))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # no label on the purpose screen
        await settle(pilot)
        await title_and_years(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ClientLabelScreen)
        await pilot.press(*"Client D", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        app.screen.query_one(TextArea).insert("asked about CDI")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert chat(app).live_question.id == "country"  # the conversation goes on where it was
        [summary] = Store.open(home=home).list_sessions()
        record = Store.open(home=home).get(summary.id)
        assert record.client_label == "Client D"
        assert record.answers["years_experience"] == 3.0
        assert record.notes == "asked about CDI"
        await pilot.press("down")  # United Kingdom
        await say(pilot, "")
        assert Store.open(home=home).get(summary.id).answers["country"] == "uk"  # saved from then on


async def test_delete_shows_the_whole_warning_and_closes_the_open_session(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Client E", "enter")
        await settle(pilot)
        await say(pilot, "medical coder")
        flush(app)
        session_id = chat(app).session_id
        assert session_id is not None
        app.action_sessions()
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown = " ".join(
            strip.text
            for strip in app.screen.query_one("#confirm-message").render_lines(
                app.screen.query_one("#confirm-message").region.reset_offset
            )
        )
        assert "removed from this computer for good" in " ".join(shown.split())
        await pilot.press("y")
        await settle(pilot)
        assert store.list_sessions() == []
        assert chat(app).session_id is None and chat(app).client is None  # closed: nothing writes to it
        app.pop_screen()
        await settle(pilot)
        await say(pilot, "medical coder")
        assert store.list_sessions() == []


async def test_app_export_carries_label_date_and_notes_in_a_remembered_folder(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from textual.widgets import Input

    from assessor.tui.screens.export import ExportScreen

    store = Store.open(home=tmp_path / "home")
    chosen = tmp_path / "exports"
    chosen.mkdir()
    settings = tmp_path / "config" / "settings.json"
    app = make_app(store=store, settings_path=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ana / <b>Ruiz</b>", "enter")
        await settle(pilot)
        await title_and_years(pilot)
        flush(app)
        session_id = chat(app).session_id
        assert session_id is not None
        store.set_notes(session_id, "Wants *CDI* next year")
        await enter_to_results(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(chosen)
        await pilot.press("enter")
        await settle(pilot)
    [written] = sorted(chosen.iterdir())
    assert written.name == f"assessor-report-ana-b-ruiz-b-{date.today().isoformat()}.md"
    text = written.read_text(encoding="utf-8")
    assert "Client: Ana / \\<b>Ruiz\\</b>" in text  # the label as typed, shown literally
    assert "Counsellor notes: Wants \\*CDI\\* next year" in text
    assert date.today().isoformat() in text.split("\n\n")[0]
    # The folder is remembered for the next export.
    app = make_app(store=store, settings_path=settings, show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from assessor.tui.settings import load_settings

        assert load_settings(settings).export_dir == str(chosen)


async def test_new_visit_keeps_the_old_one_and_compare_shows_what_changed(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    store = Store.open(home=tmp_path / "home")
    first = await _finished_session(store, "Client V", "3", make_app)
    before = store.get(first)
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        visit = chat(app).session_id
        assert visit is not None and visit != first
        assert chat(app).client == "Client V"
        assert chat(app).live_state.value("years_experience") == 3.0  # starts from the last answers
        while len(app.screen_stack) > 1:  # a finished visit opens on its results
            app.pop_screen()
        await settle(pilot)
        chat(app).change_answer("years_experience")
        await settle(pilot)
        app.screen.query_one(Input).value = ""  # the earlier answer is offered for editing
        await say(pilot, "7")
        await enter_to_results(pilot)
        flush(app)
    assert store.get(first).answers == before.answers  # the earlier visit is kept as it was
    assert store.get(first).updated_at == before.updated_at
    assert store.get(visit).answers["years_experience"] == 7.0
    from assessor.sessions.records import compare

    comparison = compare(store.get(visit), store.get(first))  # given newest first: shown oldest first
    assert comparison.a.id == first
    [change] = [c for c in comparison.answers if "years" in c.question]
    assert (change.before, change.after) == ("3", "7")
    assert all(side.months_a is not None for side in comparison.plan if side.gain_a is not None)


async def test_sessions_screen_search_groups_local_times_and_enter_in_footer(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    store = Store.open(home=tmp_path / "home")
    for client in ("Zoe", "adam", "Zoe"):
        session_id = store.create_session(client)
        store.record_answer(session_id, "job_title", "medical coder", {"job_title": "medical coder"})
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        assert [s.client_label for s in screen.sessions] == ["adam", "Zoe", "Zoe"]  # grouped by client
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(3)] == ["1 of 1", "1 of 2", "2 of 2"]
        summary = screen.sessions[0]
        shown = str(table.get_row_at(0)[6])
        local = datetime.fromisoformat(summary.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")
        assert shown == local and "T" not in shown
        assert any(key == "enter" and active.binding.show for key, active in app.active_bindings.items())
        await pilot.press("slash", *"zo")
        await settle(pilot)
        assert [s.client_label for s in screen.sessions] == ["Zoe", "Zoe"]
        await pilot.press("enter")  # opens the highlighted match, even from the search box
        await settle(pilot)
        assert chat(app).client == "Zoe"


async def test_viewing_a_finished_session_does_not_change_updated(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    first = await _finished_session(store, "Client W", "3", make_app)
    updated = store.get(first).updated_at
    app = make_app(store=store, session_id=first, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
    assert store.get(first).updated_at == updated


async def test_a_label_already_used_asks_whether_it_is_the_same_client(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assessor.tui.screens.consent import ConsentScreen
    from assessor.tui.screens.sessions import SameClientScreen

    store = Store.open(home=tmp_path / "home")
    first = await _finished_session(store, "Client S", "4", make_app)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"client s", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SameClientScreen)
        await pilot.press("o")  # another person: a label that tells them apart
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen) and chat(app).client is None
        await pilot.press(*"Client S", "enter")
        await settle(pilot)
        await pilot.press("v")  # the same client: a new visit from the last answers
        await settle(pilot)
        assert chat(app).session_id not in (None, first)
        assert chat(app).live_state.value("years_experience") == 4.0


@contextmanager
def held_busy(path: Path) -> Iterator[None]:
    """Another process writing the store: a write lock held on the file until the block ends."""
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_a_store_held_busy_elsewhere_never_freezes_the_app(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every store call runs in a worker: while the answer's save waits on the lock, keys still work."""
    from assessor.tui.screens.help import HelpScreen

    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store, client="Client Busy", show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with held_busy(store.path):
            await pilot.press(*"medical coder", "enter")
            await pilot.pause(0.3)
            assert chat(app)._saving, "the save should still be waiting on the lock"
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)  # the app answered a key while the store waited
            await pilot.press("escape")
            await pilot.pause()
            assert store.list_sessions() == []  # reading still works; the write has not happened yet
        await settle(pilot)
        flush(app)
        [summary] = store.list_sessions()
        assert store.get(summary.id).answers == {"job_title": "medical coder"}


async def test_deleting_on_a_busy_store_leaves_the_sessions_screen_usable(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(home=tmp_path / "home")
    kept = store.create_session("Client Kept")
    gone = store.create_session("Client Gone")
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        screen.query_one(DataTable).move_cursor(row=[s.id for s in screen.sessions].index(gone))
        with held_busy(store.path):
            await pilot.press("d", "y")  # the delete waits on the lock, in a worker
            await pilot.pause(0.3)
            assert len(store.list_sessions()) == 2
            await pilot.press("slash", *"kept")  # the screen still answers keys meanwhile
            await pilot.pause()
            assert [s.id for s in screen.sessions] == [kept]
        await settle(pilot)
        assert [s.id for s in store.list_sessions()] == [kept]
        assert screen.query_one(DataTable).row_count == 1


async def test_f4_opens_the_sessions_from_the_first_screen_and_the_chat(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A counsellor finds a saved client by a key the footer shows, not only through the command palette."""
    from assessor.core.wording import NOT_SAVED_UNLESS_ASKED
    from assessor.tui.screens.consent import ConsentScreen

    assert "Sessions screen (F4)" in NOT_SAVED_UNLESS_ASKED[1]
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
        shown = {
            binding.key: binding.description for (_, binding, enabled, _) in app.active_bindings.values()
        }
        assert shown.get("f4") == "Sessions"
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        depth = len(app.screen_stack)
        await pilot.press("f4")  # again: no second Sessions screen on top of the first
        await settle(pilot)
        assert len(app.screen_stack) == depth
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
