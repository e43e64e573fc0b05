"""Every path a command prints is one terminal-safe line, whatever the folders on the way are called.

A file's own name may not hold a line break (report.files refuses it), but the folders above it are the
user's: `mkdir $'out\\nWrote evil.md'` is a legal folder. Its "Wrote ..." line must not become two lines
(a forged second line for whoever reads the log), nor obey an ESC in a folder name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.core.text import has_control_characters, shell_word
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store

FORGED_FOLDER = "out\nWrote evil.md (md).\x1b]0;pwned\x07"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    store = Store.open(home)
    session_id = store.create_session("Client A")
    finish_session(store, session_id, Answers(job_title="Medical Coder", years_experience=3), catalog)
    answers = tmp_path / "me.toml"
    answers.write_text('job_title = "medical coder"\nyears_experience = 5\n', encoding="utf-8")
    target = tmp_path / FORGED_FOLDER
    target.mkdir()
    monkeypatch.chdir(tmp_path)
    return target


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


def mentions(lines: list[str], what: str) -> list[str]:
    return [line for line in lines if what in line]


def check_one_line(lines: list[str], target: Path) -> None:
    """The written file is named on one line, escaped; no line starts with the forged "Wrote evil.md"."""
    assert not any(line.startswith("Wrote evil.md") for line in lines), lines
    assert not any("\x1b" in line or "\x07" in line for line in lines), lines
    named = mentions(lines, "out\\nWrote evil.md (md).\\u001b]0;pwned\\u0007")
    assert len(named) >= 1, lines
    assert target.exists()


def test_report_names_its_file_on_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = folder / "report.md"
    lines = printed(capsys, "report", "me.toml", "-o", str(target))
    check_one_line(lines, target)
    assert lines[-1].startswith("Wrote ") and lines[-1].endswith("report.md (md).")


def test_sessions_export_names_its_file_on_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(Path.cwd() / "home")
    (summary,) = store.list_sessions()
    target = folder / "client.md"
    check_one_line(printed(capsys, "sessions", "export", summary.id, "-o", str(target)), target)


def test_sessions_export_all_names_its_file_on_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = folder / "all.json"
    check_one_line(printed(capsys, "sessions", "export-all", str(target)), target)


def test_sessions_report_names_its_file_on_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = folder / "caseload.md"
    check_one_line(printed(capsys, "sessions", "report", "-o", str(target)), target)


def test_ask_save_names_its_file_on_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    target = folder / "saved.toml"
    lines = printed(capsys, "ask", "--answers", "me.toml", "--save", str(target))
    check_one_line(lines, target)
    # The commands it suggests name the file once each, quoted for a shell, on their own line.
    (saved,) = mentions(lines, "Answers saved to ")
    assert "assessor score $'" in saved


@pytest.mark.parametrize(
    "name",
    [
        "plain/name.toml",
        "with space",
        "it's",
        "line\nbreak",
        "tab\there",
        "esc\x1b]0;x\x07",
        "bidi\u202e",
        "ü €",
    ],
)
def test_a_suggested_command_names_the_same_path_in_bash(name: str, tmp_path: Path) -> None:
    import subprocess

    word = shell_word(name)
    assert "\n" not in word and not has_control_characters(word)
    echoed = subprocess.run(
        ["bash", "-c", f"printf '%s' {word}"], capture_output=True, text=True, check=True
    ).stdout
    assert echoed == name


def test_the_private_folder_advice_names_the_folder_with_a_line_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    home = tmp_path / "h\nome"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    assert main(["sessions", "list"]) != 0
    (line,) = capsys.readouterr().err.splitlines()
    assert "h\\nome: the session folder is open to other users" in line
    advice = line.split("run `", 1)[1].split("`", 1)[0]
    assert advice.startswith("chmod 700 $'")
    subprocess.run(["bash", "-c", advice], check=True)
    assert home.stat().st_mode & 0o777 == 0o700


def test_the_consent_line_names_the_store_on_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    home = folder / "home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("ASSESSOR_HOME", str(home))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    lines = printed(capsys, "ask", "--answers", "me.toml", "--client", "Client B")
    (consent,) = mentions(lines, "this session is saved on this machine only")
    assert "out\\nWrote evil.md (md).\\u001b]0;pwned\\u0007/home/sessions.db" in consent
    assert not any(line.startswith("Wrote evil.md") for line in lines)
