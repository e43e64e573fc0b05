"""The framed box a dialog stands in, over the screen it was opened from.

The box carries its own look, in the theme's variables as Textual's own widgets do: the theme's surface
inside a thick $primary border, or a $warning or $error border (classes -warning, -error) for a question to
think twice about. The dialog screens set only where the box stands and how large it is.
"""

from __future__ import annotations

from textual.containers import Vertical


class DialogBox(Vertical):
    """A dialog's frame: as high as what it holds, 90% of the screen wide unless the dialog sets a width."""

    DEFAULT_CSS = """
    DialogBox {
        width: 90%;
        max-width: 100%;
        height: auto;
        background: $surface;
        border: thick $primary;
        padding: 0 1;
        &.-warning { border: thick $warning; }
        &.-error { border: thick $error; }
    }
    """
