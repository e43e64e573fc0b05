"""The app's key bar (widgets/footer.py) shows what Textual's Footer shows, rebuilt fewer times.

AppFooter folds the binding changes made before its next refresh into one rebuild, and skips a rebuild that
would show the keys it shows; these tests put both footers through the same changes (focus moved twice in one
go, focus taken away, a screen shown and closed) and compare the keys each shows after every step, and count
the rebuilds.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from assessor.tui.widgets.footer import AppFooter


class Keyed(Static, can_focus=True):
    """A focusable widget with a key of its own: focusing it changes what the footer shows."""

    def __init__(self, key: str, description: str, widget_id: str) -> None:
        super().__init__(widget_id, id=widget_id)
        self._bindings.bind(key, "app.bell", description)


class Other(Screen[None]):
    BINDINGS = [Binding("f6", "app.pop_screen", "Back")]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Keyed("f7", "Seventh", "other")
        yield self.footer(compact=True)


class Keys(App[None]):
    BINDINGS = [Binding("f1", "bell", "Help"), Binding("f2", "bell", "Hidden", show=False)]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer
        self.rebuilds = 0

    def compose(self) -> ComposeResult:
        yield Keyed("f3", "Third", "third")
        yield Keyed("f4", "Fourth", "fourth")
        yield self.footer(compact=True)

    def shown(self) -> list[tuple[str, str, bool]]:
        return [
            (key.key, key.description, key.disabled) for key in self.screen.query_one(Footer).query(FooterKey)
        ]


def counting(footer: type[Footer]) -> type[Footer]:
    class Counted(footer):  # type: ignore[valid-type, misc]
        async def recompose(self) -> None:
            app = self.app
            assert isinstance(app, Keys)
            app.rebuilds += 1
            await super().recompose()

    return Counted


async def steps(footer: type[Footer]) -> tuple[list[list[tuple[str, str, bool]]], int]:
    app = Keys(counting(footer))
    seen = []
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        seen.append(app.shown())
        app.query_one("#third").focus()
        app.query_one("#fourth").focus()  # two changes before the next refresh
        await pilot.pause()
        seen.append(app.shown())
        app.screen.set_focus(None)
        await pilot.pause()
        seen.append(app.shown())
        app.push_screen(Other(counting(footer)))
        await pilot.pause()
        app.screen.query_one("#other").focus()
        await pilot.pause()
        seen.append(app.shown())
        await pilot.press("f6")
        await pilot.pause()
        app.query_one("#third").focus()
        await pilot.pause()
        seen.append(app.shown())
    return seen, app.rebuilds


async def test_the_app_footer_shows_the_keys_textual_s_footer_shows_after_every_change() -> None:
    ours, our_rebuilds = await steps(AppFooter)
    textual, textual_rebuilds = await steps(Footer)
    assert ours == textual
    assert ("f4", "Fourth", False) in ours[1] and ("f3", "Third", False) not in ours[1]
    assert ("f7", "Seventh", False) in ours[3] and ("f3", "Third", False) in ours[4]
    assert all(("f2", "Hidden", False) not in shown for shown in ours)
    assert our_rebuilds < textual_rebuilds


@pytest.mark.parametrize("module", ["assessor.tui.app", "assessor.tui.widgets.typed"])
def test_the_chat_app_does_without_textual_s_text_area_until_the_notes_open(module: str) -> None:
    code = f"import sys, {module}; print('textual.widgets._text_area' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_notes_field_is_still_found_where_it_was() -> None:
    from assessor.tui.widgets import notes_area, typed

    assert typed.TypedTextArea is notes_area.TypedTextArea
    with pytest.raises(AttributeError):
        typed.NoSuchField  # noqa: B018
