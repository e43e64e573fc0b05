"""The app never hands a stored ESC sequence to the terminal: a real `assessor` process on a real pty.

A label or note saved by an older assessor (or written into the database by another program) may hold
`ESC ] 52` (write the clipboard), `ESC ] 0` (retitle the window), `ESC [ 2J` or a bidi override. Textual draws
them as text, not markup, but still writes the characters themselves; the app reads the store through
tui/shown_store.py, so they reach the terminal as visible `\\u001b` escapes on every screen that shows them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from assessor.sessions.store import Store

LABEL = "Evil\x1b]52;c;aGVsbG8=\x07X \u202egnp.exe [b]bold[/b] \x1b[2J"
NOTES = "note \x1b]0;TITLE\x07 and \x1b]8;;http://evil.example\x07link\x1b]8;;\x07"
F3 = b"\x1bOR"
CTRL_P, CTRL_Q = b"\x10", b"\x11"


def planted_session(home: Path) -> str:
    store = Store.open(home)
    session_id = store.create_session("placeholder")
    with contextlib.closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute(
            "UPDATE sessions SET client_label = ?, notes = ? WHERE id = ?", (LABEL, NOTES, session_id)
        )
    return session_id


class Terminal:
    """`assessor ARGS` on a 120x40 pty; everything it writes is kept as bytes."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "ASSESSOR_HOME": str(home), "TERM": "xterm-256color"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the app, as a person would start it
            os.execve(sys.executable, [sys.executable, "-m", "assessor", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.output = b""

    def read_until(self, needle: bytes, seconds: float = 60) -> bool:
        end = time.monotonic() + seconds
        while needle not in self.output and time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    break
        return needle in self.output

    def settle(self, quiet: float = 2.0, seconds: float = 60) -> None:
        """Read until the app has drawn its screen and gone quiet."""
        end = time.monotonic() + seconds
        last = time.monotonic()
        while time.monotonic() < end and (not self.output or time.monotonic() - last < quiet):
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    return
                last = time.monotonic()

    def press(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.press(CTRL_Q)
        self.read_until(b"\x00never", 2)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def assert_nothing_obeyed(output: bytes) -> None:
    for sequence in (b"\x1b]52", b"\x1b]0;TITLE", b"\x1b]8;;http://evil", "\u202e".encode(), b"\x1b[2J "):
        assert sequence not in output, sequence


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pty")
def test_a_reopened_session_and_its_notes_show_stored_escapes_as_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    session_id = planted_session(home)
    terminal = Terminal(home, "--session", session_id)
    try:
        assert terminal.read_until(b"Evil\\u001b]52;c;aGVsbG8=\\u0007X"), terminal.output[-2000:]
        terminal.press(F3)  # the notes dialog: the label in its title, the notes in the editor
        assert terminal.read_until(b"note \\u001b]0;TITLE\\u0007"), terminal.output[-2000:]
    finally:
        terminal.close()
    assert_nothing_obeyed(terminal.output)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pty")
def test_the_sessions_screen_shows_stored_escapes_as_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    planted_session(home)
    terminal = Terminal(home)
    try:
        assert terminal.read_until(b"Start (Enter)"), terminal.output[-2000:]  # the first screen is up
        terminal.settle(1, seconds=5)  # a blinking cursor never goes quiet: wait at most a few seconds
        terminal.press(CTRL_P)
        terminal.settle(1, seconds=5)
        terminal.press(b"sessions")
        terminal.settle(1, seconds=5)
        terminal.press(b"\r")
        assert terminal.read_until(b"\\u202egnp.exe [b]bold[/b] \\u001b[2J"), terminal.output[-2000:]
        terminal.settle(1, seconds=5)
        terminal.press(b"\r")  # the session's detail, with its notes
        assert terminal.read_until(b"Notes: note \\u001b]0;TITLE\\u0007"), terminal.output[-2000:]
    finally:
        terminal.close()
    assert_nothing_obeyed(terminal.output)
