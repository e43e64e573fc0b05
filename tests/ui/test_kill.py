"""A killed app loses no answer already given: SIGKILL right after an Enter, then resume from the store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.sessions.store import Store

CHILD = r"""
import os, signal, sys
from assessor.core.catalog import load_catalog
from assessor.core.questionnaire import load_questionnaire
from assessor.sessions.store import Store
from assessor.tui.app import AssessorApp

store = Store.open(home=__import__("pathlib").Path(sys.argv[1]))
app = AssessorApp(load_catalog(), load_questionnaire(), store, client="Client K", show_consent=False,
                  cursor_blink=False)

async def auto_pilot(pilot):
    chat = pilot.app.screen_stack[0]

    async def shown(question_id):
        while chat.question is None or chat.question.id != question_id:
            await pilot.pause(0.001)

    for question_id, text in (("job_title", "medical coder"), ("years_experience", "7"), ("country", "")):
        await shown(question_id)
        if text:
            await pilot.press(*text)
        await pilot.press("enter")
    await shown("work_setting")  # the next question is on screen: the country answer was accepted
    os.kill(os.getpid(), signal.SIGKILL)  # at once: no clean exit, as if the terminal were killed

app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_conversation_keeps_every_answer_given(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(home)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stdout[-2000:], done.stderr[-3000:])
    store = Store.open(home=home)
    sessions = store.list_sessions()
    assert len(sessions) == 1, sessions
    summary = sessions[0]
    record = store.get(summary.id)
    assert summary.client_label == "Client K"
    assert record.status == "open"
    assert [raw.question_id for raw in record.raw_answers] == ["job_title", "years_experience", "country"], (
        record.raw_answers,
        done.stderr[-3000:],
    )
    assert record.answers["years_experience"] == 7.0
    assert os.stat(store.path).st_mode & 0o777 == 0o600
