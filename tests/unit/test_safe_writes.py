"""Every export writes only a regular file, atomically, 0600, never over an existing file without --force.

`sessions export -o`, `sessions export-all`, `ask --save`, `report -o` and the app's exports share one
writer (assessor/report/files.py); '-' means standard output.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.report.files import OutputError, write_file, write_unique
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store

ANSWERS = 'job_title = "Medical Coder"\nyears_experience = 3\n'


@pytest.fixture
def session_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> str:
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    store = Store.open(tmp_path / "home")
    made = store.create_session("Client W")
    finish_session(
        store, made, Answers.validated(dict(job_title="Medical Coder", years_experience=3)), catalog
    )
    return made


def commands(tmp_path: Path, session: str, target: Path) -> dict[str, list[str]]:
    answers = tmp_path / "me.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    return {
        "export": ["sessions", "export", session, "-o", str(target)],
        "export-all": ["sessions", "export-all", str(target)],
        "report": ["report", str(answers), "--format", "md", "-o", str(target)],
        "ask": ["ask", "--save", str(target)],
        "caseload": ["sessions", "report", "--format", "html", "-o", str(target)],
    }


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("Medical Coder\n3\n" + "\n" * 10))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


KINDS = ("export", "export-all", "report", "ask", "caseload")


@pytest.mark.parametrize("kind", KINDS)
def test_an_existing_file_is_kept_without_force_and_replaced_with_it(
    kind: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out.md"
    target.write_text("precious", encoding="utf-8")
    argv = commands(tmp_path, session_id, target)[kind]
    code, _, err = run(argv, capsys, monkeypatch)
    assert code != 0 and "already exists; use --force" in err
    assert err.strip().count("\n") == 0
    assert target.read_text(encoding="utf-8") == "precious"
    code, _, err = run([*argv, "--force"], capsys, monkeypatch)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != "precious"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", KINDS)
def test_new_files_are_private(
    kind: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "new.md"
    old_umask = os.umask(0o022)
    try:
        code, _, err = run(commands(tmp_path, session_id, target)[kind], capsys, monkeypatch)
    finally:
        os.umask(old_umask)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _fifo(folder: Path, elsewhere: Path) -> Path:
    os.mkfifo(folder / "pipe")
    return folder / "pipe"


def _symlink(folder: Path, elsewhere: Path) -> Path:
    (folder / "link.md").symlink_to(elsewhere)
    return folder / "link.md"


def _folder(folder: Path, elsewhere: Path) -> Path:
    (folder / "folder").mkdir()
    return folder / "folder"


# What a person (or an attacker) may name as the output: each is refused, with or without --force.
NOT_A_FILE = {
    "fifo": _fifo,
    "symlink": _symlink,
    "folder": _folder,
    "device": lambda folder, elsewhere: Path("/dev/null"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("what", sorted(NOT_A_FILE))
def test_fifos_devices_links_and_folders_are_refused(
    kind: str,
    what: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    target = NOT_A_FILE[what](tmp_path, elsewhere)
    before = os.lstat(target)
    for force in ([], ["--force"]):
        code, _, err = run([*commands(tmp_path, session_id, target)[kind], *force], capsys, monkeypatch)
        assert code != 0, err
        assert err.strip().count("\n") == 0 and str(target) in err
        after = os.lstat(target)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
        assert after.st_ino == before.st_ino
    assert elsewhere.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("kind", ["export", "export-all", "report", "caseload"])
def test_dash_means_standard_output(
    kind: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = commands(tmp_path, session_id, Path("-"))[kind]
    code, out, err = run(argv, capsys, monkeypatch)
    assert code == 0, err
    assert not (tmp_path / "-").exists()
    if kind == "export-all":
        assert json.loads(out)["sessions"][0]["id"] == session_id
    elif kind == "caseload":
        assert "<h1>Caseload report</h1>" in out and "1 client in 1 session" in out
    else:
        assert "Your AI protection score: a personal report" in out


def test_write_unique_never_overwrites_and_is_private(tmp_path: Path) -> None:
    first = write_unique(tmp_path, "assessor-report", "md", "one")
    (tmp_path / "assessor-report-2.md").symlink_to(tmp_path / "nowhere")
    third = write_unique(tmp_path, "assessor-report", "md", "two")
    assert first.name == "assessor-report.md" and third.name == "assessor-report-3.md"
    assert first.read_text() == "one" and third.read_text() == "two"
    assert stat.S_IMODE(third.stat().st_mode) == 0o600


def test_write_file_says_why_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_file(tmp_path / "missing" / "x.md", "x")
    write_file(tmp_path / "x.md", "x")
    with pytest.raises(OutputError, match="already exists"):
        write_file(tmp_path / "x.md", "y")
    assert (tmp_path / "x.md").read_text() == "x"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "name", ["a\nWrote evil.md (md).\nb.md", "x\rscore 99.md", "tab\there.md", "t\x1b]0;T\x07.md"]
)
def test_a_file_name_with_a_line_break_or_escape_is_refused_in_one_line(
    kind: str,
    name: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every message naming such a file would be misread ('Wrote a' then a forged 'Wrote evil.md') or obeyed."""
    argv = commands(tmp_path, session_id, tmp_path / name)[kind]
    before = sorted(tmp_path.iterdir())
    code, out, err = run(argv, capsys, monkeypatch)
    assert code == 2
    assert err.count("\n") == 1 and "the file name holds a line break or control character" in err
    assert "\x1b" not in err + out and "\r" not in err + out
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_name_near_the_length_limit_is_written(
    kind: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """255 bytes is a valid name; the temporary file beside it must not need more (it was named after it)."""
    target = tmp_path / ("r" * 252 + ".md")
    code, _, err = run(commands(tmp_path, session_id, target)[kind], capsys, monkeypatch)
    assert code == 0, err
    assert target.stat().st_size > 0
    too_long = tmp_path / ("r" * 253 + ".md")
    code, _, err = run(commands(tmp_path, session_id, too_long)[kind], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "too long" in err.lower()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to plant another's link"
)
@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_link_planted_by_another_user_is_refused(
    kind: str,
    session_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """/tmp/reports -> /etc, planted by someone else: `-o /tmp/reports/passwd --force` must not follow it."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "passwd").write_text("root:x:0:0", encoding="utf-8")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = shared / "reports"
    planted.symlink_to(victim)
    os.lchown(planted, 65534, 65534)
    for target in (planted / "passwd", planted / "new.md"):
        code, _, err = run([*commands(tmp_path, session_id, target)[kind], "--force"], capsys, monkeypatch)
        assert code == 2 and err.count("\n") == 1 and "owned by another user" in err, err
    assert (victim / "passwd").read_text(encoding="utf-8") == "root:x:0:0"
    assert sorted(path.name for path in victim.iterdir()) == ["passwd"]
    own = shared / "mine"
    own.symlink_to(victim)  # one's own link is followed as usual
    code, _, err = run(commands(tmp_path, session_id, own / "new.md")[kind], capsys, monkeypatch)
    assert code == 0, err
    assert (victim / "new.md").exists()
