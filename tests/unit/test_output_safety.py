"""Text output never hands control characters to the terminal; Markdown shows typed text literally.

A client label or note holding ESC sequences (window title, clear screen, OSC 8 links, OSC 52 clipboard
writes), C1 controls or bidi overrides is printed escaped by every text command and every error.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.core.text import has_control_characters, markdown_inline, terminal_safe
from assessor.report.markdown import render_markdown
from assessor.report.model import build_report
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store

HOSTILE = (
    "Evil\x1b]0;pwned\x07 \x1b[2J\x1b[H \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 "
    "\x1b]52;c;aGVsbG8=\x07 \u202egnp.exe \x9b31m \x7f\x00end"
)


def test_terminal_safe_escapes_every_control_but_newline_and_tab() -> None:
    shown = terminal_safe(HOSTILE + "\nnext\tcolumn")
    assert not has_control_characters(shown)
    assert "\\u001b]0;pwned\\u0007" in shown and "\\u202e" in shown and "\\u009b" in shown
    assert "\\u007f" in shown and "\\u0000" in shown
    assert shown.endswith("\nnext\tcolumn")
    assert terminal_safe(shown) == shown
    assert terminal_safe("Müller, 山田 🙂") == "Müller, 山田 🙂"


def test_escaped_json_stays_json_with_the_same_value() -> None:
    text = json.dumps({"label": HOSTILE}, ensure_ascii=False)
    assert json.loads(terminal_safe(text)) == {"label": HOSTILE}


@pytest.fixture
def hostile_sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> tuple[str, str]:
    home = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    store = Store.open(home)
    first = store.create_session("first")
    second = store.create_session("second")
    answers = Answers.validated(dict(job_title="Medical Coder", years_experience=3))
    for session_id in (first, second):
        finish_session(store, session_id, answers, catalog)
    # The store refuses such text now; an older assessor (or another program) may have written it.
    plant(store, first, HOSTILE, "line one\n\x1b]52;c;Y2xpcA==\x07 clipboard\n\x1b[2J")
    plant(store, second, "Plain \x1b[31mRed", "")
    return first, second


def plant(store: Store, session_id: str, label: str, notes: str) -> None:
    """Write a label and notes behind the store's back, as an older version could have saved them."""
    with contextlib.closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute(
            "UPDATE sessions SET client_label = ?, notes = ? WHERE id = ?", (label, notes, session_id)
        )


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("command", ["list", "show", "compare", "export", "delete"])
def test_session_commands_print_labels_and_notes_escaped(
    command: str,
    hostile_sessions: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = hostile_sessions
    argv = {
        "list": ["sessions", "list"],
        "show": ["sessions", "show", first],
        "compare": ["sessions", "compare", first, second],
        "export": ["sessions", "export", first],
        "delete": ["sessions", "delete", first, "--yes"],
    }[command]
    code, output = run_cli(capsys, *argv)
    assert code == 0, output
    assert not has_control_characters(output)
    assert "pwned" in output or command == "compare" or "\\u001b" in output


def test_resume_prints_the_label_escaped(
    hostile_sessions: tuple[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Store.open()
    session_id = home.create_session("Resume")
    plant(home, session_id, "Resume \x1b]0;title\x07 me", "")
    monkeypatch.setattr("sys.stdin", io.StringIO("medical coder\n3\n" + "\n" * 12))
    code, output = run_cli(capsys, "sessions", "resume", session_id)
    assert code == 0, output
    assert not has_control_characters(output)
    assert "Resume \\u001b]0;title\\u0007 me" in output


def test_json_output_keeps_the_exact_label(
    hostile_sessions: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_cli(capsys, "sessions", "list", "--json")
    assert code == 0
    assert not has_control_characters(output)
    labels = {item["client_label"] for item in json.loads(output)}
    assert any("\x1b]0;pwned\x07" in label for label in labels)  # the exact value, as JSON escapes


def test_errors_quoting_input_are_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, output = run_cli(capsys, "score", str(tmp_path / "no\x1b]0;x\x07such.toml"))
    assert code != 0
    assert not has_control_characters(output) and "\\u001b]0;x\\u0007" in output
    code, output = run_cli(capsys, "sessions", "show", "zz\x1b[2J")
    assert code != 0 and not has_control_characters(output)


def test_a_mistyped_command_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["sc\x1b]0;x\x07ore"])
    assert not has_control_characters(capsys.readouterr().err)


def test_markdown_inline_keeps_typed_text_literal() -> None:
    assert markdown_inline("oncology\n# Heading") == "oncology \\# Heading"
    assert markdown_inline("[click](javascript:x) <img src=x> *b* `c` a|b") == (
        "\\[click\\](javascript:x) \\<img src=x> \\*b\\* \\`c\\` a\\|b"
    )
    assert "\x1b" not in markdown_inline("a\x1b[2Jb")


def test_markdown_report_body_escapes_what_the_person_typed(catalog: Catalog) -> None:
    answers = Answers.validated(
        dict(
            job_title="Medical Coder <script>alert(1)</script>",
            role_id="medical-coder",
            years_experience=3,
            specialty="oncology\n# Injected heading\n[link](http://evil.example)",
            certifications=("CPC", "CCS *bold* | pipe"),
        )
    )
    text = render_markdown(build_report(answers, catalog))
    lines = text.splitlines()
    assert not any(line.startswith("# Injected") for line in lines)
    assert re.search(r"(?<!\\)<script", text) is None and "\\<script>" in text
    assert "oncology \\# Injected heading \\[link\\](http://evil.example)" in text
    assert "CCS \\*BOLD\\* \\| PIPE" in text


def test_html_report_escapes_what_the_person_typed(catalog: Catalog) -> None:
    from assessor.report.html import render_html

    answers = Answers.validated(
        dict(
            job_title="Coder <img src=x onerror=alert(1)>",
            role_id="medical-coder",
            years_experience=3,
            specialty="<script>x</script>",
        )
    )
    html = render_html(build_report(answers, catalog))
    assert "<script>x" not in html and "<img src=x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
