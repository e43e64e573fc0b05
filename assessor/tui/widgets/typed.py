"""The app's text fields: what a person types or pastes is cleaned as it arrives, before it is drawn.

Textual draws a field's text as it is, so a pasted `ESC ] 52 ; ...` (write the clipboard), `ESC [ 2 J`, a
bidi override or a zero-width space reached the terminal while it sat in the field, before any reader could
refuse it. Every edit of these fields (a key, a paste, Ctrl+V, a value set by the app) passes through
`core.text.typed_text`, which leaves those characters out; the field says once what it left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from assessor.core.text import first_control_character, typed_text

if TYPE_CHECKING:
    from assessor.tui.widgets.notes_area import TypedTextArea as TypedTextArea


def left_out_notice(original: str, kept: str) -> str | None:
    """One sentence naming the first character left out (`U+202E`), or None when only breaks changed."""
    found = first_control_character(original)
    if found is None or kept == original:
        return None
    return (
        f"Left out U+{ord(found):04X} and any other control, direction or invisible character from what was "
        "typed or pasted: a terminal would obey them rather than show them"
    )


class TypedInput(Input):
    """A one-line Input that never holds a character a terminal would obey; line breaks become spaces."""

    def replace(self, text: str, start: int, end: int) -> None:
        kept = typed_text(text)
        notice = left_out_notice(text, kept)
        if notice is not None:
            self.notify(notice, severity="warning", markup=False)
        super().replace(kept, start, end)

    def validate_value(self, value: str) -> str:
        """Whatever sets the value (the app pre-filling an answer, a test) is cleaned the same way."""
        return typed_text(value)


def __getattr__(name: str) -> object:
    """TypedTextArea lives in notes_area.py: Textual's TextArea (about 6 ms of imports) is loaded only when
    the notes are opened, not before the first question is painted."""
    if name == "TypedTextArea":
        from assessor.tui.widgets.notes_area import TypedTextArea

        return TypedTextArea
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
