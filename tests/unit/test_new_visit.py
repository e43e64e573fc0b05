"""`assessor sessions new-visit ID`: a returning client gets a new session from the last answers; the
comparison says what changed in the answers as well as the score, tasks and plan (months and cost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ASSESSOR_HOME": str(home)},
    )


def test_new_visit_from_the_last_answers_and_what_changed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = run(
        home,
        "ask",
        "--client",
        "Dana",
        stdin="medical coder\n3\n\n\n\nCPC\nhalf coding, the rest queries\n\n\n",
    )
    assert first.returncode == 0, first.stderr
    old_id = next(
        line.split(": ")[1] for line in first.stdout.splitlines() if line.startswith("Session id: ")
    )
    time.sleep(1.1)  # stored times have whole seconds: the new visit is created a second later
    change = tmp_path / "change.toml"
    change.write_text('certifications = ["CPC", "CRC"]\n', encoding="utf-8")
    visit = run(home, "sessions", "new-visit", old_id, "--answers", str(change), "--json")
    assert visit.returncode == 0, visit.stderr
    data = json.loads(visit.stdout)
    assert data["a"]["id"] == old_id and data["b"]["id"] == data["session_id"] != old_id
    [credentials] = [item for item in data["answers"] if "credentials" in item["question"]]
    assert credentials["added"] == ["CRC"] and credentials["before"] == "CPC"
    assert all("months_a" in side and "cost_a" in side for side in data["plan"])
    shown = run(home, "sessions", "show", old_id).stdout
    assert "separate them with commas)\n    CPC\n" in shown  # the earlier visit is kept as it was
    text = run(home, "sessions", "compare", data["session_id"], old_id).stdout
    assert text.index(old_id) < text.index(data["session_id"])  # oldest first, whatever the order given
    assert "added: CRC" in text
