"""What a person is told about where their answers go matches where the store really is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assessor.core.wording import purpose_text, storage_wording
from assessor.sessions.database import shared_database_configured


def test_on_a_laptop_answers_stay_on_this_computer() -> None:
    assert "Nothing you type leaves this computer" in purpose_text(shared=False)
    _heading, body = storage_wording(True, "AB", shared=False)
    assert "on this computer" in body and "shared database" not in body


def test_on_a_service_database_nobody_is_told_their_answers_stay_on_this_computer() -> None:
    text = purpose_text(shared=True)
    assert "this computer" not in text
    assert "counselling service's shared database" in text
    for client in ("AB", None):
        _heading, body = storage_wording(True, client, shared=True)
        assert "this computer" not in body
        assert "counselling service's shared database" in body


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        (None, False),
        ("sqlite:///tmp/x", False),
        ("postgresql://coach@db.example/assessor", True),
        ("postgres://coach@db.example/assessor", True),
        ("PostgreSQL://coach@db.example/assessor", True),
    ],
)
def test_a_shared_database_is_what_the_configured_url_names(
    url: str | None, shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if url is None:
        monkeypatch.delenv("ASSESSOR_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("ASSESSOR_DATABASE_URL", url)
    assert shared_database_configured() is shared


def test_ask_tells_a_client_on_a_service_database_where_answers_go() -> None:
    env = {**os.environ, "ASSESSOR_DATABASE_URL": "postgresql://coach@127.0.0.1:1/assessor"}
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "ask"],
        input="medical coder\n3\nus\n2\nnone\nCPC\n\n\n\n\n\n\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "counselling service's shared database" in done.stdout
    assert "leaves this computer" not in done.stdout
