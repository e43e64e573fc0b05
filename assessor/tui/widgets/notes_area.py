"""The counsellor's notes field: a TextArea cleaned as typed.py cleans the one-line fields (imported only when
the notes are opened: Textual's TextArea and its document modules are not needed before that)."""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from assessor.core.text import typed_text
from assessor.tui.widgets.typed import left_out_notice


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
