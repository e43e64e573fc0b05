"""What the Pilot tests share: the terminal size, waiting for workers, typing an answer, the chat screen, and
the walk from the first question to the results."""

from __future__ import annotations

from textual.pilot import Pilot

from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.widgets.transcript import ChatMessage

SIZE = (80, 24)
MOST_QUESTIONS = 12  # more than the questionnaire asks after the title and the years


async def settle(pilot: Pilot[int]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def say(pilot: Pilot[int], text: str) -> None:
    """Type an answer as a person would, then Enter."""
    if text:
        await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


def chat(app: AssessorApp) -> ChatScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ChatScreen)
    return screen


async def title_and_years(pilot: Pilot[int], title: str = "medical coder", years: str = "3") -> None:
    """From the first question: a job title and the years in it (the country is asked next)."""
    await settle(pilot)
    await say(pilot, title)
    await say(pilot, years)


async def enter_to_results(pilot: Pilot[int]) -> ResultsScreen:
    """Enter on every remaining question (each takes its default) until the results show."""
    for _ in range(MOST_QUESTIONS):
        if isinstance(pilot.app.screen, ResultsScreen):
            break
        await pilot.press("enter")
        await settle(pilot)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ResultsScreen), "Enter on every default did not reach the results"
    return screen


async def to_results(pilot: Pilot[int], title: str = "medical coder", years: str = "3") -> ResultsScreen:
    """The whole conversation with a title and years, every other answer the default, to the results."""
    await title_and_years(pilot, title, years)
    return await enter_to_results(pilot)


def messages(app: AssessorApp, kind: str) -> list[str]:
    """The chat's messages of one kind (assistant, person, error, notice, hint), as shown."""
    return [
        str(message.render()) for message in app.screen_stack[0].query(ChatMessage) if message.kind == kind
    ]


async def defaults_until(pilot: Pilot[int], app: AssessorApp, question_id: str) -> None:
    """Answer the title and years as a mid-level medical coder, then take defaults up to `question_id`."""
    await title_and_years(pilot)
    while chat(app).live_question.id != question_id:
        await pilot.press("enter")
        await settle(pilot)
