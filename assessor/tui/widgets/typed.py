"""The app's text fields: what a person types or pastes is cleaned as it arrives, before it is drawn.

Textual draws a field's text as it is, so a pasted `ESC ] 52 ; ...` (write the clipboard), `ESC [ 2 J`, a
bidi override or a zero-width space reached the terminal while it sat in the field, before any reader could
refuse it. Every edit of these fields (a key, a paste, Ctrl+V, a value set by the app) passes through
`core.text.typed_text`, which leaves those characters out; the field says once what it left out.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from assessor.core.text import first_control_character, typed_text


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


class TypedTextArea(TextArea):
    """A TextArea (the counsellor's notes) that never holds such a character; tabs and line breaks stay."""

    def edit(self, edit: Edit) -> EditResult:
        kept = typed_text(edit.text, lines=True)
        if kept != edit.text:
            notice = left_out_notice(edit.text, kept)
            if notice is not None:
                self.notify(notice, severity="warning", markup=False)
            edit.text = kept
        return super().edit(edit)

    def load_text(self, text: str) -> None:
        super().load_text(typed_text(text, lines=True))
