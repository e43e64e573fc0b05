"""A piped `assessor ask` asks about an unclear task phrase, picks with one digit line, and the saved answers
score exactly as the conversation did."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assessor.core.catalog import load_catalog
from assessor.core.understanding import understand_task

LOOSE_PHRASES = ("chart work", "charts", "reviews", "records", "billing", "chart stuff", "paperwork")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_piped_ask_picks_with_a_digit_and_scores_like_score(tmp_path: Path) -> None:
    catalog = load_catalog()
    role = catalog.role("medical-coder")
    phrase = next(
        text
        for text in LOOSE_PHRASES
        if (found := understand_task(text, role, catalog)).match is None and len(found.candidates) >= 2
    )
    candidates = understand_task(phrase, role, catalog).candidates
    saved = tmp_path / "me.toml"
    split = f"half coding, 20% denials, the rest {phrase}"
    # title, years, country, setting, specialty, credentials, split, the pick, ai tools, goals
    stdin = "\n".join(["medical coder", "3", "", "", "", "CPC", split, "2", "", ""]) + "\n"
    asked = run("ask", "--json", "--save", str(saved), stdin=stdin)
    assert asked.returncode == 0, asked.stderr
    prompt = next(line for line in asked.stderr.splitlines() if line.startswith("[time_split] Which task"))
    assert prompt.startswith(
        f"[time_split] Which task is {phrase!r}? Did you mean: 1. {candidates[0].name} 2. "
    )
    assert f"Noted: {phrase!r} is {candidates[1].name}." in asked.stderr
    assert asked.stderr.count("[time_split]") == 2  # the day once, the one question: nothing retyped
    conversation = json.loads(asked.stdout)
    shares = {task["id"]: round(task["time_pct"]) for task in conversation["tasks"]}
    assert shares == {"assign-codes": 50, "denials-appeals-audits": 20, candidates[1].task_id: 30}

    text = saved.read_text(encoding="utf-8")
    assert f'time_split = "{split}"' in text and f'"{phrase}" = "{candidates[1].task_id}"' in text
    scored = run("score", "--json", str(saved))
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout) == conversation

    # Without the pick, `score` refuses in one line naming the candidates with their ids.
    saved.write_text(text.split("[task_choices]")[0], encoding="utf-8")
    refused = run("score", str(saved))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert all(f"({candidate.task_id})" in refused.stderr for candidate in candidates)
