"""Standard output that goes away (`| head`, a closed pipe) and names that only lead to it (`-o /dev/stdout`).

A real `assessor` process writes into a real pipe whose reader has closed: it stops quietly (nothing on
stderr, no traceback) with 141, what a shell reports for a program SIGPIPE ended, as `cat` or `grep` give.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.models import Answers
from assessor.sessions.records import finish_session
from assessor.sessions.store import Store

ROW = '{"id": "r%d", "job_title": "Medical Coder", "years_experience": 3}\n'


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    store = Store.open(folder)
    from assessor.core.catalog import load_catalog

    made = store.create_session("Client P")
    finish_session(
        store, made, Answers.validated(dict(job_title="Medical Coder", years_experience=3)), load_catalog()
    )
    return folder


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "ASSESSOR_HOME": str(home), "ASSESSOR_DATABASE_URL": ""}


def assessor(*argv: str) -> list[str]:
    return [sys.executable, "-m", "assessor", *argv]


def into_closed_pipe(argv: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run with standard output a pipe whose reading end is already closed (every write fails, EPIPE)."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run(
            argv,
            stdout=writing,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=environment(home),
            cwd=cwd,
            timeout=120,
        )
    finally:
        os.close(writing)


COMMANDS = {
    "batch": ["score", "--batch", "rows.jsonl"],
    "score --json": ["score", "--json", "me.toml"],
    "roles": ["roles"],
    "plan": ["plan", "me.toml"],
    "report": ["report", "me.toml"],
    "sessions list": ["sessions", "list"],
    "export-all -": ["sessions", "export-all", "-"],
    "caseload": ["sessions", "report"],
    "vocabulary export": ["vocabulary", "export"],
    "--version": ["--version"],
    "--help": ["--help"],
    "score --help": ["score", "--help"],
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "rows.jsonl").write_text("".join(ROW % number for number in range(300)), encoding="utf-8")
    (tmp_path / "me.toml").write_text('job_title = "Medical Coder"\nyears_experience = 3\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_closed_standard_output_stops_quietly_with_sigpipes_status(
    name: str, home: Path, work: Path
) -> None:
    done = into_closed_pipe(assessor(*COMMANDS[name]), home, work)
    assert done.stderr == b""
    assert done.returncode == 141


def test_batch_into_head_gives_whole_lines_and_stops_early(home: Path, work: Path) -> None:
    rows = work / "rows.jsonl"
    rows.write_text("".join(ROW % number for number in range(20_000)), encoding="utf-8")
    command = " ".join(assessor("score", "--batch", str(rows)))
    done = subprocess.run(
        ["bash", "-c", f'set -o pipefail; {command} 2>err.txt | head -n 2; echo "status ${{PIPESTATUS[0]}}"'],
        capture_output=True,
        text=True,
        env=environment(home),
        cwd=work,
        timeout=300,
    )
    lines = done.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines[:2]] == ["r0", "r1"]
    assert lines[2] == "status 141"
    assert (work / "err.txt").read_text(encoding="utf-8") == ""


def session_id(home: Path) -> str:
    return Store.open(home).list_sessions()[0].id


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
@pytest.mark.parametrize(
    "argv",
    [
        ["report", "me.toml", "-o"],
        ["sessions", "export-all"],
        ["sessions", "report", "-o"],
        ["vocabulary", "export", "-o"],
        ["sessions", "export", "SESSION", "-o"],
    ],
)
def test_a_name_for_standard_output_is_refused_saying_dash_prints(
    name: str, argv: list[str], home: Path, work: Path
) -> None:
    argv = [session_id(home) if part == "SESSION" else part for part in argv]
    done = subprocess.run(
        assessor(*argv, name), capture_output=True, text=True, env=environment(home), cwd=work, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert name in done.stderr and "give - as the file name" in done.stderr


def test_vocabulary_export_dash_prints_instead_of_writing_a_file_named_dash(home: Path, work: Path) -> None:
    done = subprocess.run(
        assessor("vocabulary", "export", "-o", "-"),
        capture_output=True,
        text=True,
        env=environment(home),
        cwd=work,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Task phrases confirmed")
    assert not (work / "-").exists()
