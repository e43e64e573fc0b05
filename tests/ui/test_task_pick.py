"""The app asks which task an unclear phrase means: a numbered choice list, one key picks, the day is kept; with
a client's session the pick is remembered and the next conversation understands the phrase directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from assessor.core.catalog import Catalog
from assessor.core.understanding import TaskCandidate, understand_task
from assessor.sessions.store import Store
from assessor.sessions.vocabulary import Vocabulary, current_counsellor
from assessor.tui.app import AssessorApp
from assessor.tui.widgets.answer import ChoiceList
from tests.ui.helpers import SIZE, chat, defaults_until, messages, say, settle

LOOSE_PHRASES = ("chart work", "charts", "reviews", "records", "billing", "chart stuff", "paperwork")


@pytest.fixture(scope="module")
def unclear(catalog: Catalog) -> tuple[str, tuple[TaskCandidate, ...]]:
    role = catalog.role("medical-coder")
    for text in LOOSE_PHRASES:
        found = understand_task(text, role, catalog)
        if found.match is None and len(found.candidates) >= 2:
            return text, found.candidates
    raise AssertionError("the matcher is sure of every loose phrase: pick looser ones for this test")


async def to_the_question(pilot: Pilot[int], app: AssessorApp, split: str) -> ChoiceList:
    await settle(pilot)
    await defaults_until(pilot, app, "time_split")
    await say(pilot, split)
    return app.screen.query_one(ChoiceList)


async def test_one_key_picks_and_the_day_is_kept(make_app, unclear) -> None:  # type: ignore[no-untyped-def]
    phrase, candidates = unclear
    split = f"60% coding, 40% {phrase}"
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        choices = await to_the_question(pilot, app, split)
        labels = [str(option.prompt) for option in choices.options]
        assert labels[0].startswith(f"1. {candidates[0].name}") and labels[1].startswith(
            f"2. {candidates[1].name}"
        )
        assert labels[-1].endswith("None of these: I will type another name for it")
        assert (
            messages(app, "assistant")[-1] == f"Which task is {phrase!r}? Did you mean (a number key picks):"
        )
        await pilot.press("2")
        await settle(pilot)
        state = chat(app).live_state
        assert state.raw("time_split") == split and state.pending is None
        assert state.task_choices == {phrase: candidates[1].task_id}
        assert any(
            text.startswith(f"Noted: {phrase!r} is {candidates[1].name}.") for text in messages(app, "notice")
        )
        assert chat(app).live_question.id == "ai_tools"


async def test_enter_picks_the_first(make_app, unclear) -> None:  # type: ignore[no-untyped-def]
    phrase, candidates = unclear
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_question(pilot, app, f"60% coding, 40% {phrase}")
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_state.task_choices == {phrase: candidates[0].task_id}
        assert chat(app).live_question.id == "ai_tools"


async def test_none_of_these_asks_for_another_name_for_that_phrase_only(make_app, unclear) -> None:  # type: ignore[no-untyped-def]
    phrase, _ = unclear
    split = f"60% coding, 40% {phrase}"
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        choices = await to_the_question(pilot, app, split)
        await pilot.press(str(choices.option_count))  # the last line: none of these
        await settle(pilot)
        assert not app.screen.query(ChoiceList)
        assert messages(app, "hint")[-1] == f"What would you call {phrase!r} instead?"
        await say(pilot, "provider queries")
        state = chat(app).live_state
        assert state.raw("time_split") == split and state.pending is None
        assert state.task_choices == {phrase: "clinician-queries"}
        assert chat(app).live_question.id == "ai_tools"


async def test_a_clients_pick_is_remembered_for_the_next_conversation(
    make_app, unclear, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    phrase, candidates = unclear
    split = f"60% coding, 40% {phrase}"
    store = Store.open(home=tmp_path / "home")
    app = make_app(store=store, client="Client V", show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_question(pilot, app, split)
        await pilot.press("3" if len(candidates) >= 3 else "2")
        await settle(pilot)
    picked = candidates[2] if len(candidates) >= 3 else candidates[1]
    assert Vocabulary(store, current_counsellor()).learned() == {phrase: picked.task_id}
    again = make_app(store=store, client="Client W", show_consent=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, again, "time_split")
        await say(pilot, split)
        assert not again.screen.query(ChoiceList) or chat(again).live_question.id != "time_split"
        state = chat(again).live_state
        assert state.pending is None and state.task_choices_used() == {phrase: picked.task_id}
    [first, *_] = [summary for summary in store.list_sessions() if summary.client_label == "Client W"]
    assert store.get(first.id).answers["task_choices"] == {phrase: picked.task_id}
