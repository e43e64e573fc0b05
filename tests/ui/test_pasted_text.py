"""Text pasted or typed into the app's fields is cleaned as it arrives, before Textual draws it.

A pasted `ESC ] 52` (write the clipboard), `ESC [ 2 J`, a bidi override or a zero-width space used to sit in
the field, drawn raw to the terminal, until the answer's reader refused it. Every field of the app is a
widgets/typed.py field: Pilot checks each way text gets in, and a real `assessor` on a real pty is sent a
bracketed paste as a terminal sends it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input, TextArea

import assessor.tui
from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.core.text import has_control_characters, typed_text
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store
from assessor.tui.screens.sessions import NotesScreen, SessionsScreen
from assessor.tui.widgets.typed import TypedInput, TypedTextArea
from tests.ui.helpers import SIZE, chat, messages, settle
from tests.ui.test_terminal_escapes import Terminal, assert_nothing_obeyed

HOSTILE = "Medical\x1b]52;c;aGVsbG8=\x07 Coder\u202e\u200b\x1b[2J\x9b31m\ud800"


def toasts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(note.message) for note in app._notifications]


def drawn(widget: Input | TextArea) -> str:
    """Every character the widget hands Textual to draw, line by line."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)
    )


async def test_a_paste_into_the_answer_field_is_drawn_without_what_a_terminal_obeys(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.screen.query_one(Input)
        assert isinstance(field, TypedInput)
        app.post_message(events.Paste(HOSTILE + "\nsecond line"))
        await settle(pilot)
        assert field.value == "Medical]52;c;aGVsbG8= Coder[2J31m"
        assert not has_control_characters(drawn(field))
        assert any("U+001B" in toast for toast in toasts(app))
        # Invisible and direction characters around a real title: what is left is read as typed.
        field.value = ""
        app.post_message(events.Paste("\u2066Medical\u200b Coder\x07\u2069"))
        await settle(pilot)
        assert field.value == "Medical Coder"
        await pilot.press("enter")
        await settle(pilot)
        assert not messages(app, "error")
        assert chat(app).live_question.id != "job_title"


async def test_ctrl_v_typing_and_a_value_set_by_the_app_are_cleaned_too(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.screen.query_one(Input)
        app.copy_to_clipboard("a\x1b[31mb\u2066c\td")
        field.focus()
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert field.value == "a[31mbc d"
        field.value = "pre\x07filled\u2028x"
        assert field.value == "prefilled x"
        field.value = ""
        await pilot.press("o", "k")
        assert field.value == "ok"


async def test_the_notes_box_keeps_lines_and_tabs_and_leaves_out_escapes(
    make_app, tmp_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "home")
    made = store.create_session("Client N")
    finish_session(
        store, made, Answers.validated(dict(job_title="Medical Coder", years_experience=3)), catalog
    )
    app = make_app(store=store, show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_sessions()
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        box = app.screen.query_one(TextArea)
        assert isinstance(box, TypedTextArea)
        app.post_message(events.Paste("line one\x1b]0;TITLE\x07\r\n\tline two\u2029three\u202e"))
        await settle(pilot)
        assert box.text == "line one]0;TITLE\n\tline two\nthree"
        assert not has_control_characters(drawn(box))
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert store.get(made).notes in ("line one]0;TITLE\n\tline two\nthree", None)


def test_every_text_field_of_the_app_is_a_typed_field() -> None:
    """A new screen that yields a bare Input or TextArea would draw pasted escapes again."""
    folder = Path(assessor.tui.__file__).parent
    bare = []
    for source in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"Input", "TextArea"}
            ):
                bare.append(f"{source.name}:{node.lineno} {node.func.id}")
    assert bare == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pty")
def test_a_bracketed_paste_on_a_real_terminal_never_reaches_it_raw(tmp_path: Path) -> None:
    """A terminal sends a paste between ESC [ 200 ~ and ESC [ 201 ~; Textual hands the app what lies between
    as one Paste (an ESC inside ends up typed as '^', so the bidi, C1 and other controls are the danger)."""
    home = tmp_path / "home"
    Store.open(home)
    terminal = Terminal(home)
    paste = "Medical \u202eredoc\u2066 Coder\u200b\x9b31m\x05\u2028x"  # Input keeps the first line
    try:
        assert terminal.read_until(b"Start (Enter)"), terminal.output[-2000:]
        terminal.settle(1, seconds=5)
        terminal.press(b"\r")  # past the consent screen, to the first question's field
        assert terminal.read_until(b"job title"), terminal.output[-2000:]
        terminal.settle(1, seconds=5)
        start = len(terminal.output)
        terminal.press(b"\x1b[200~" + paste.encode() + b"\x1b[201~")
        assert terminal.read_until(b"Medical redoc Coder31m"), terminal.output[-2000:]
        assert terminal.read_until(b"U+202E"), terminal.output[-2000:]  # the field says what it left out
        terminal.press(b"\x1b[200~" + b"\x1b]52;c;aGVsbG8=\x07 \x1b]0;TITLE\x07\x1b[2J" + b"\x1b[201~")
        terminal.settle(1, seconds=5)
    finally:
        terminal.close()
    drawn_after = terminal.output[start:]
    for character in ("\u202e", "\u2066", "\u200b", "\x9b", "\x05", "\u2028"):
        assert character.encode() not in drawn_after, repr(character)
    assert_nothing_obeyed(terminal.output)


@given(st.text())
def test_typed_text_never_holds_what_a_terminal_obeys_and_is_stable(text: str) -> None:
    for lines in (False, True):
        kept = typed_text(text, lines=lines)
        assert not has_control_characters(kept)
        assert typed_text(kept, lines=lines) == kept
        assert lines or "\n" not in kept


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pty")
@pytest.mark.parametrize("label", ["ab\x1b]0;PWNED\x07", "J\u202eS", "x\x9b2J"])
def test_a_client_label_for_the_app_with_escapes_is_one_line_before_the_app_starts(
    tmp_path: Path, label: str
) -> None:
    """The app drew --client as it was ('Saved for ab ESC ] 0 ; PWNED BEL' retitled the window)."""
    terminal = Terminal(tmp_path / "home", "--client", label)
    try:
        assert terminal.read_until(b"type plain text\r\n", seconds=60), terminal.output[-2000:]
        _, status = os.waitpid(terminal.pid, 0)
    finally:
        terminal.close()
    assert os.waitstatus_to_exitcode(status) == 2
    assert terminal.output.count(b"\n") == 1 and terminal.output.startswith(b"assessor: client label: ")
    for raw in (b"\x1b", "\u202e".encode(), b"\xc2\x9b"):
        assert raw not in terminal.output
