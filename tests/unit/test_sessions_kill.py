"""A conversation killed with SIGKILL keeps every answer confirmed before the kill, and resumes from there.

The test drives the real CLI through pipes: it sends one answer at a time and waits for the next question's
prompt, which is printed only after the answer was committed to the store. After K confirmed answers it
types part of the next one (no Enter), kills the process with SIGKILL, then checks the file
(integrity_check), the saved answers (exactly the K given, in order), and that `assessor sessions resume ID`
finishes the session with the same result as scoring the same answers directly. On both backends: the
SQLite file, and a real PostgreSQL server (where the killed client's connection simply drops).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from typing import IO

import pytest

from assessor.core.assess import assess, assessment_summary
from assessor.core.catalog import load_catalog
from assessor.core.models import Answers
from tests.backends import Backend

PROMPT = re.compile(r"^\[([a-z_]+)\] ")
SESSION_ID = re.compile(r"Session id: ([2-9a-z]{4}-[2-9a-z]{4})")
# The intake answers in question order: title, years, then defaults (empty lines) for the rest.
ANSWERS = ["medical coder", "4", "", "", "", "", "", "", "", "", "", ""]
WAIT_S = 60.0


class Reader:
    """Lines of a child's output, read on a thread so the test can wait with a deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, pattern: re.Pattern[str]) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=WAIT_S)
            except queue.Empty:
                pytest.fail(f"no line matching {pattern.pattern!r}; output so far: {self.seen[-10:]}")
            if line is None:
                pytest.fail(f"output ended before {pattern.pattern!r}; output: {self.seen[-10:]}")
            self.seen.append(line)
            if line.startswith("  ! "):
                pytest.fail(f"the conversation refused an answer: {line}")
            found = pattern.search(line)
            if found:
                return found


def start(command: list[str], backend: Backend) -> tuple[subprocess.Popen[str], Reader]:
    env = {**os.environ, **backend.env(), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "assessor", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    return process, Reader(process.stdout)  # type: ignore[arg-type]


def answer_then_kill(process: subprocess.Popen[str], reader: Reader, given: int) -> list[str]:
    """Give `given` answers, each confirmed by the next prompt, type half an answer, then SIGKILL."""
    assert process.stdin is not None
    asked = [reader.until(PROMPT).group(1)]
    for text in ANSWERS[:given]:
        process.stdin.write(text + "\n")
        process.stdin.flush()
        asked.append(reader.until(PROMPT).group(1))
    process.stdin.write("half an answ")  # being typed: no Enter
    process.stdin.flush()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(WAIT_S)
    assert process.returncode == -signal.SIGKILL
    return asked[:given]


def check_after_kill(backend: Backend, session_id: str, asked: list[str], given: int) -> None:
    if not backend.is_postgres:
        assert backend.sql("PRAGMA integrity_check") == [("ok",)]
    record = backend.open().get(session_id)
    assert record.status == "open"
    assert [(raw.question_id, raw.raw_text) for raw in record.raw_answers] == list(
        zip(asked, ANSWERS[:given], strict=True)
    )


def resume_to_the_end(backend: Backend, session_id: str, given: int) -> None:
    process, reader = start(["sessions", "resume", session_id], backend)
    assert process.stdin is not None
    asked = reader.until(PROMPT).group(1)
    assert asked == ANSWERS_ORDER[given]  # resumes at the first question not yet answered
    process.stdin.write("\n".join(ANSWERS[given:]) + "\n")
    process.stdin.close()
    assert process.wait(WAIT_S) == 0
    record = backend.open().get(session_id)
    assert record.status == "finished"
    catalog = load_catalog()
    expected = assessment_summary(
        assess(Answers.validated(dict(job_title="medical coder", years_experience=4)), catalog)
    )
    assert record.result is not None
    assert record.result.role is not None
    assert (record.result.score, record.result.role.id) == (
        expected["score"],
        expected["role"]["id"],
    )
    typed = [raw.raw_text for raw in record.raw_answers]
    assert typed[:given] == ANSWERS[:given]


ANSWERS_ORDER = ["job_title", "years_experience", "country", "work_setting", "specialty", "certifications"]


@pytest.mark.parametrize("given", [1, 2, 4])
def test_killed_resume_keeps_every_confirmed_answer(backend: Backend, given: int) -> None:
    """The same guarantee for a conversation continued with `sessions resume` and killed again."""
    session_id = backend.open().create_session("Kill Test")
    process, reader = start(["sessions", "resume", session_id], backend)
    asked = answer_then_kill(process, reader, given)
    assert asked == ANSWERS_ORDER[:given]
    check_after_kill(backend, session_id, asked, given)
    resume_to_the_end(backend, session_id, given)


@pytest.mark.parametrize("given", [1, 3, 5])
def test_ask_for_a_client_killed_mid_conversation_is_resumable(backend: Backend, given: int) -> None:
    """`assessor ask --client X` killed after K confirmed answers: exactly those K are saved; resume finishes."""
    process, reader = start(["ask", "--client", "Kill Test"], backend)
    session_id = reader.until(SESSION_ID).group(1)
    consent = " ".join(reader.seen)
    where = "in the counselling service's shared database" if backend.is_postgres else "on this machine"
    assert f"assessor sessions delete {session_id}" in consent and where in consent
    asked = answer_then_kill(process, reader, given)
    assert asked == ANSWERS_ORDER[:given]
    check_after_kill(backend, session_id, asked, given)
    [summary] = backend.open().list_sessions()
    assert (summary.id, summary.client_label, summary.status) == (session_id, "Kill Test", "open")
    resume_to_the_end(backend, session_id, given)
