"""Text a person typed, made safe for where it is shown: a terminal, or a Markdown document.

A terminal obeys control characters: ESC sequences clear the screen, retitle the window, write the clipboard
(OSC 52) or hide a link behind text (OSC 8); bidi overrides reorder what is read. A client label or a note
carrying them must be shown, not obeyed, so every control character is written as a visible `\\uXXXX`
escape (which is also a valid escape inside a JSON string, so JSON output stays valid JSON).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TextIO

# Left as they are: the line breaks and tabs of ordinary text.
KEPT_CONTROLS = frozenset("\n\t")
# Invisible characters that reorder or split what is read (bidi embeddings, overrides and isolates, the
# Arabic letter mark, line and paragraph separators).
BIDI_AND_SEPARATORS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)


def _is_unsafe(char: str) -> bool:
    return (unicodedata.category(char) == "Cc" and char not in KEPT_CONTROLS) or char in BIDI_AND_SEPARATORS


UNSAFE_CHARACTERS = frozenset(
    char
    for char in map(chr, [*range(0x00, 0xA0), *(ord(c) for c in BIDI_AND_SEPARATORS)])
    if _is_unsafe(char)
)
_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in UNSAFE_CHARACTERS}
_UNSAFE_PATTERN = re.compile("[" + re.escape("".join(sorted(UNSAFE_CHARACTERS))) + "]")


def has_control_characters(text: str) -> bool:
    """True when `text` holds a character a terminal would obey rather than show."""
    return _UNSAFE_PATTERN.search(text) is not None


def terminal_safe(text: str) -> str:
    """`text` with every control character (C0 but newline and tab, DEL, C1, bidi controls) escaped."""
    if _UNSAFE_PATTERN.search(text) is None:
        return text
    return text.translate(_ESCAPES)


MARKDOWN_SPECIAL = frozenset("\\`*_[]<#|~")  # ">" and "!" only act after "<" or "["


def markdown_inline(text: str) -> str:
    """Person-typed text shown literally on one Markdown line (a heading, link, table or HTML stays text).

    Line breaks become spaces (a new line could start a heading or a list), Markdown's punctuation is
    backslash-escaped, and control characters are escaped as for a terminal.
    """
    flat = " ".join(terminal_safe(text).split())
    escaped = "".join(f"\\{char}" if char in MARKDOWN_SPECIAL else char for char in flat)
    # At the start of a line these open a quote or a list; elsewhere they are plain text.
    return f"\\{escaped}" if escaped[:1] in (">", "-", "+") else escaped


class TerminalSafeStream:
    """A text stream that writes everything through `terminal_safe`: the CLI's stdout and stderr.

    Installed once around a command, so no print of a label, note, answer or error can reach the terminal
    unescaped. `trusted_write` is for the CLI's own control characters (the progress bar's carriage return).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def trusted_write(self, text: str) -> None:
        self.stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
