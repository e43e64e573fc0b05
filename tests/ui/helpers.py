"""What the Pilot tests share: the terminal size, waiting for workers, typing an answer, the chat screen."""

from __future__ import annotations

from textual.pilot import Pilot

from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen

SIZE = (80, 24)


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
