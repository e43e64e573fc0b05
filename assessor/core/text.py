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

# Every character a terminal or a reader would obey rather than show, as one regular-expression class: C0
# controls but newline and tab, DEL and C1 (ESC sequences, OSC 8 links, OSC 52 clipboard writes), Unicode's
# format characters (bidi embeddings, overrides and isolates, zero-width spaces and joiners, the BOM, soft
# hyphen, invisible tags), line and paragraph separators, and lone surrogates (which no UTF-8 output can
# encode: invalid bytes on the command line or "\ud800" in JSON). A test checks it against unicodedata.
UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE_PATTERN = re.compile(f"[{UNSAFE_CLASS}]")
# Invisible characters that only join or break words when drawn and mean nothing in a title, a label or an
# answer (text pasted from a web page or a word processor carries them): dropped from typed text, not refused.
# Also the letters and marks that draw as nothing at all though Unicode does not call them format characters:
# the combining grapheme joiner, the Hangul fillers, Khmer's invisible vowels and the blank braille pattern (a
# client label of U+3164 alone looked empty in the caseload, and 'Ann\u3164Smith' looked like 'Ann Smith').
_INVISIBLE_PATTERN = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060\u2800\u3164\ufeff\uffa0]"
)
_SURROGATE_PATTERN = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    """`\\uXXXX`, as a pair of surrogate escapes above U+FFFF, so escaped JSON is still the same JSON."""
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# Direction marks an RTL keyboard or a copied web page leaves behind (left-to-right, right-to-left, Arabic letter
# mark): in an answer they mean nothing and reorder nothing, so a reader drops them (the overrides are refused).
_DIRECTION_MARKS = re.compile("[\u061c\u200e\u200f]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,300})?/?>")
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,5});")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _entity(found: re.Match[str]) -> str:
    name = found.group(0)
    if name in _ENTITIES:
        return _ENTITIES[name]
    number = int(name[3:-1], 16) if name.startswith("&#x") else int(name[2:-1])
    return chr(number) if 0x20 <= number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else " "


def readable_answer(text: str) -> str:
    """What a person typed, as a reader should see it: full-width and compatibility forms folded ('５０％' is
    '50%', 'ﬁ' is 'fi'), invisible marks dropped, and markup pasted from a web page or chat reduced to its text
    ('<b>coding</b> 60%' is 'coding 60%'). Control characters and bidi overrides are left for the caller to
    refuse; nothing here changes what the words say."""
    text = _DIRECTION_MARKS.sub("", without_invisible(text))
    text = unicodedata.normalize("NFKC", text).replace("\u2044", "/")
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


def has_control_characters(text: str) -> bool:
    """True when `text` holds a character a terminal would obey rather than show (or could not encode)."""
    return _UNSAFE_PATTERN.search(text) is not None


def first_control_character(text: str) -> str | None:
    """The first such character, to name it in a sentence (`U+202E`)."""
    found = _UNSAFE_PATTERN.search(text)
    return found.group() if found else None


def has_surrogates(text: str) -> bool:
    """True when `text` is not valid Unicode: a lone surrogate, from invalid UTF-8 bytes or a JSON escape."""
    return _SURROGATE_PATTERN.search(text) is not None


def without_invisible(text: str) -> str:
    """Typed text without zero-width spaces, joiners, word joiners, BOMs, soft hyphens and blank fillers."""
    return _INVISIBLE_PATTERN.sub("", text)


# Line breaks and tabs in text typed into a field: a one-line field shows each as a space.
_FIELD_BREAKS = re.compile("\r\n|[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def typed_text(text: str, lines: bool = False) -> str:
    """Text typed or pasted into a field, as it may be drawn and kept: every character a terminal would obey
    rather than show (ESC and the rest of C0 and C1, bidi overrides and isolates, zero-width and other format
    characters, lone surrogates) is left out, so `ESC ] 52 ; ...` pastes as the harmless `]52;...`.

    Line breaks and tabs become spaces in a one-line field; with `lines` (a notes box) tabs stay and every kind
    of line break (CR, CR LF, U+2028, ...) becomes a newline.
    """
    text = _LINE_BREAKS.sub("\n", text) if lines else _FIELD_BREAKS.sub(" ", text)
    if _UNSAFE_PATTERN.search(text) is None:
        return text
    return _UNSAFE_PATTERN.sub("", text)


def terminal_safe(text: str) -> str:
    """`text` with every unsafe character (C0 but newline and tab, DEL, C1, format characters, separators,
    lone surrogates) written as a visible escape."""
    if _UNSAFE_PATTERN.search(text) is None:
        return text
    return _UNSAFE_PATTERN.sub(_escaped, text)


def one_line(text: str) -> str:
    """`terminal_safe`, and line breaks shown as `\\n`: an error is one line whatever path or label it names."""
    return terminal_safe(text).replace("\n", "\\n")


def shown_path(path: object) -> str:
    """A path as a message prints it: one line, every line break and control character shown as an escape.

    A file's own name may be refused for holding them, but the folders above it are the person's own, and
    `out\\nWrote evil.md` is a legal folder name: printed raw, it is "Wrote out" and a forged second line.
    """
    return one_line(str(path))


_SHELL_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def _ansi_c(char: str) -> str:
    if char in "\\'":
        return "\\" + char
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape): the byte itself
        return f"\\x{code - 0xDC00:02x}"
    if _UNSAFE_PATTERN.fullmatch(char) or char in "\r":
        return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def shell_word(path: object) -> str:
    """A path inside a command a person may copy (`chmod 700 FOLDER`, `assessor score FILE`): one terminal-
    safe line that a POSIX shell reads back as the same path. Plain names stay bare, others are single-quoted,
    and a name holding a line break or control character is written as bash's $'...' with escapes (a quoted
    newline would break the line; a newline shown as a space would name another folder)."""
    text = str(path)
    if _SHELL_PLAIN.fullmatch(text):
        return text
    if "\n" not in text and "\r" not in text and "\t" not in text and not has_control_characters(text):
        return "'" + text.replace("'", "'\"'\"'") + "'"
    return "$'" + "".join(_ansi_c(char) for char in text) + "'"


# Alphabets whose letters include look-alikes of Latin ones (Cyrillic о, Greek Ι, Armenian օ, Cherokee Ꭺ...):
# a title mixing one of them with Latin letters reads as one thing and is another.
LOOK_ALIKE_ALPHABETS = frozenset({"ARMENIAN", "CHEROKEE", "COPTIC", "CYRILLIC", "GEORGIAN", "GREEK", "LISU"})
_LETTERS = re.compile(r"[^\W\d_]")


def alphabet(char: str) -> str:
    """The alphabet of a letter by its Unicode name (LATIN, CYRILLIC, GREEK, CJK, ...); "" if it has none."""
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0].split("-", 1)[0]
    return "LATIN" if first == "MODIFIER" else first


def foreign_letter(text: str) -> tuple[str, str] | None:
    """The first letter of `text` (after NFKC, which folds full-width and other compatibility forms) that is
    not a Latin letter, with its alphabet; None when every letter is Latin."""
    if text.isascii():
        return None
    for char in _LETTERS.findall(unicodedata.normalize("NFKC", text)):
        found = alphabet(char)
        if found not in ("LATIN", ""):
            return char, found
    return None


def look_alike_problem(text: str, acronym: bool = False) -> str | None:
    """Why typed text cannot be read as it looks: it mixes Latin letters with letters of an alphabet that has
    look-alikes of them ('medical cоder' with a Cyrillic о), said in one sentence naming the letter; None
    for plain text, for full-width and other compatibility forms (the same letters) and for text wholly in
    another alphabet (a title in Russian is not a disguise; `foreign_letter` says what it is written in).

    With `acronym` (a credential: CPC, CCS, RHIT), look-alike letters are refused even alone: 'СРС' in
    Cyrillic letters is not the CPC it looks like."""
    if text.isascii():
        return None
    letters = _LETTERS.findall(unicodedata.normalize("NFKC", text))
    odd = next((char for char in letters if alphabet(char) in LOOK_ALIKE_ALPHABETS), None)
    if odd is None:
        return None
    shown = f"({odd!r} is U+{ord(odd):04X} {unicodedata.name(odd, '')}); type it in plain Latin letters"
    script = alphabet(odd).title()
    if any(alphabet(char) == "LATIN" for char in letters):
        return f"{text!r} mixes Latin letters with {script} ones that only look like them {shown}"
    if acronym:
        return f"{text!r} is written in {script} letters that only look like Latin ones {shown}"
    return None


LOOK_ALIKE_FIELDS = ("job_title", "specialty", "certifications")


def look_alike_answer(data: object) -> str | None:
    """`field: reason` for the first typed answer (title, specialty, a credential) mixing Latin letters with
    look-alikes from another alphabet, or None. A credential 'СРС' in Cyrillic letters was silently not the
    CPC it looks like, and scored without it. Checked where answers come in (files, batch rows, the
    conversation), not where saved ones are read back, so nothing saved becomes unreadable."""
    if not isinstance(data, dict):
        return None
    for field in LOOK_ALIKE_FIELDS:
        value = data.get(field)
        for item in value if isinstance(value, list | tuple) else (value,):
            problem = look_alike_problem(item, field == "certifications") if isinstance(item, str) else None
            if problem is not None:
                return f"{field}: {problem}"
    return None


def foreign_title_note(text: str) -> str:
    """A sentence for a title that matched nothing because it is written in another alphabet, else ""."""
    found = foreign_letter(text)
    if found is None:
        return ""
    return f" {text!r} is written in {found[1].title()} letters; the titles known here are in English, in Latin letters."


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
