"""`ask` as a person at a terminal meets it: prompts without ids, errors in words, next steps at the end,
Ctrl+C saying how to resume; `sessions show` answers in words."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from assessor.commands.converse import run_conversation
from assessor.core.catalog import load_catalog
from assessor.core.conversation import ConversationState
from assessor.core.questionnaire import load_questionnaire


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _converse(lines: str, stream: type[io.StringIO], show_ids: bool | None = None) -> str:
    state = ConversationState.start(load_questionnaire(), load_catalog())
    out = io.StringIO()
    run_conversation(state, stream(lines), out, show_ids=show_ids)
    return out.getvalue()


def test_prompts_carry_ids_only_for_scripts_or_when_asked() -> None:
    answers = "medical coder\nlots\n3\n\n\n\n\n\n\n\n"
    at_terminal = _converse(answers, Terminal)
    assert "[job_title]" not in at_terminal and "What is your job title?" in at_terminal
    assert "!" not in at_terminal.replace("Misspellings are fine", "")  # errors in words
    assert "Sorry: I could not find years in 'lots'" in at_terminal
    assert "[job_title] What is your job title?" in _converse(answers, Terminal, show_ids=True)
    assert "[job_title] What is your job title?" in _converse(answers, io.StringIO)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "ASSESSOR_HOME": str(home)}


def test_ask_ends_with_next_steps_and_how_to_get_the_report(tmp_path: Path) -> None:
    answers = tmp_path / "me.toml"
    result = subprocess.run(
        [sys.executable, "-m", "assessor", "ask", "--save", str(answers)],
        input="medical coder\n3\n\n\n\n\n\n\n\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path / "home"),
    )
    assert result.returncode == 0, result.stderr
    tail = result.stdout.split("Best next steps", 1)[1]
    assert "points in about" in tail and "months" in tail
    assert f"assessor report {answers} --format html -o report.html" in tail


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_says_how_to_resume_and_exits_130(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "assessor", "ask", "--client", "Client Z"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path / "home"),
        # A test run started in the background inherits an ignored SIGINT, and Python then installs no
        # Ctrl+C handler in the child; a person's terminal gives it the default, as this does.
        preexec_fn=_default_sigint,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("medical coder\n")
    child.stdin.flush()
    deadline = time.monotonic() + 60
    seen = ""
    while "How many years" not in seen and time.monotonic() < deadline:
        seen += child.stdout.readline()
    assert "How many years" in seen
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "assessor sessions resume" in lines[0] and "Traceback" not in err


def test_sessions_show_prints_answers_in_words(tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "ask", "--client", "Client Y"],
        input="medical coder\n3\n1\n2\n\nCPC\n\n\n\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    session_id = next(
        line.split(": ", 1)[1] for line in done.stdout.splitlines() if line.startswith("Session id: ")
    )
    shown = subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "show", session_id],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    ).stdout
    assert "[work_setting]" not in shown
    assert "Where do you work?\n    Outpatient clinic or physician practice" in shown
    assert "Which country do you work in?\n    United States" in shown
