"""A file that is not text (a binary, /proc/self/environ) is refused whole and never quoted: a message that
quoted it printed every environment variable (secrets included) to stderr and so to any log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.errors import MAX_MESSAGE, AssessorError

SECRET = "hunter2-not-for-logs"


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "/proc/self/environ"],
        ["score", "--batch", "/proc/self/environ"],
        ["score", "--batch", "/proc/self/cmdline"],
        ["plan", "/proc/self/environ"],
        ["report", "/proc/self/environ"],
        ["sessions", "import", "/proc/self/environ"],
        ["ask", "--answers", "/proc/self/environ"],
    ],
)
def test_a_file_of_nul_separated_secrets_is_refused_without_quoting_it(
    argv: list[str], tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assessor", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_HOME": str(tmp_path / "home"), "SECRET_PW": SECRET},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "holds NUL bytes" in done.stderr, done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_a_binary_answers_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b'job_title = "Medical Coder"\nyears_experience = 3\n\x00\x01\x02')
    from assessor.core.answers_io import read_answers

    with pytest.raises(AssessorError, match="holds NUL bytes"):
        read_answers(path)


def test_no_error_message_is_longer_than_its_limit() -> None:
    message = AssessorError("CSV column '" + "x" * 100_000 + "' is not an answer field").message
    assert len(message) == MAX_MESSAGE and message.endswith("...")
