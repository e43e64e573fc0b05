"""`assessor ask` driven through a pipe, as a script or a screen-reader user would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.conversation import ConversationState
from assessor.core.questionnaire import load_questionnaire


def ask(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", "ask", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def score_json(path: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "assessor", "score", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def lines(*answers: str) -> str:
    return "\n".join(answers) + "\n"


QUESTION_IDS = {question.id for question in load_questionnaire().questions}
PROMPT = re.compile(r"^\[([a-z_]+)\] ")


def prompt_ids(output: str) -> list[str]:
    return [match.group(1) for line in output.splitlines() if (match := PROMPT.match(line))]


def test_full_conversation_prompts_and_result() -> None:
    # title, years, country, setting, specialty, credentials, split, ai tools, goals
    result = ask(lines("medical coder", "3", "", "", "", "CPC", "", "", ""))
    assert result.returncode == 0, result.stderr
    ids = prompt_ids(result.stdout)
    assert ids[:2] == ["job_title", "years_experience"]
    assert set(ids) <= QUESTION_IDS
    assert "Nothing you type leaves this computer" in result.stdout.split("[job_title]")[0]
    assert "Score:" in result.stdout and "Role:   Medical Coder (medical-coder)" in result.stdout


def test_bad_answer_prints_error_and_same_question() -> None:
    result = ask(lines("coder", "lots", "-3", "4", "", "the moon", "2"))
    assert result.returncode == 0, result.stderr
    ids = prompt_ids(result.stdout)
    assert ids.count("years_experience") == 3
    assert ids.count("work_setting") == 2
    assert "Sorry: I could not find years in 'lots'" in result.stdout
    assert "Sorry: The number cannot be negative" in result.stdout
    assert "Sorry: I did not recognise 'the moon'" in result.stdout


def test_skipped_questions_take_defaults(tmp_path: Path) -> None:
    saved = tmp_path / "answers.toml"
    result = ask(lines("coder", "4", "", "", ""), "--save", str(saved))  # ends early: defaults for the rest
    assert result.returncode == 0, result.stderr
    text = saved.read_text(encoding="utf-8")
    assert (
        'work_setting = "other"' in text and 'country = "us"' in text and 'ai_tools = "suggestions"' in text
    )
    assert "time_split" not in text


def test_early_end_of_input_exits_non_zero_and_saves_nothing(tmp_path: Path) -> None:
    saved = tmp_path / "answers.toml"
    result = ask(lines("medical coder"), "--save", str(saved))
    assert result.returncode == 2
    assert "Input ended before these questions were answered: years_experience" in result.stderr
    assert "Traceback" not in result.stderr
    assert not saved.exists()
    assert ask("").returncode == 2


def test_refused_title_and_clarification() -> None:
    result = ask(lines("pastry chef", "manager", "2", "10"))
    assert result.returncode == 0, result.stderr
    assert "Sorry: I have no role that matches 'pastry chef'" in result.stdout
    assert "[job_title] Did you mean 1." in result.stdout
    assert prompt_ids(result.stdout).count("job_title") == 3


def test_json_goes_to_stdout_and_conversation_to_stderr() -> None:
    result = ask(lines("coder", "3"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["role"]["id"] == "medical-coder"
    assert "[job_title]" in result.stderr and "Nothing you type leaves this computer" in result.stderr


def test_start_from_partial_answers_file(tmp_path: Path) -> None:
    partial = tmp_path / "partial.toml"
    partial.write_text('job_title = "HCC coder"\nwork_setting = "payer"\n', encoding="utf-8")
    result = ask(lines("5"), "--answers", str(partial), "--json")
    assert result.returncode == 0, result.stderr
    ids = prompt_ids(result.stderr)
    assert "job_title" not in ids and "work_setting" not in ids and ids[0] == "years_experience"
    assert json.loads(result.stdout)["role"]["id"] == "risk-adjustment-coder"


def test_bad_partial_file_is_one_sentence(tmp_path: Path) -> None:
    partial = tmp_path / "partial.toml"
    partial.write_text('job_titel = "coder"\n', encoding="utf-8")
    result = ask("", "--answers", str(partial))
    assert result.returncode == 2
    assert result.stderr.strip() == "assessor: answers: job_titel: unknown field; did you mean 'job_title'?"
    missing = ask("", "--answers", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


CONVERSATIONS = [
    lines("medcial codr", "18 months"),
    lines("senior inpatient coder", "12", "", "hospital", "oncology", "CCS, CIC",
          "in an 8 hour day, 4 hours coding, 2 hours denials and the rest queries", "autonomous", ""),
    lines("HCC coder", "4", "", "payer", "", "CRC", "70% hcc review, 30% queries", "", "risk adjustment"),
    lines("E/M coder", "1", "", "2", "", "CPC-A", "50% coding, 30% denials, 17% queries", "none", "cdi"),
    lines("clinical coding officer", "2.5", "uk", "", "", "ACC", "", "", ""),
    lines("manager", "1", "12"),
]  # fmt: skip


@pytest.mark.parametrize("stdin", CONVERSATIONS)
def test_ask_and_score_give_the_same_result(tmp_path: Path, stdin: str) -> None:
    saved = tmp_path / "answers.toml"
    result = ask(stdin, "--json", "--save", str(saved))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == score_json(saved)


def test_on_answer_hook_sees_every_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from assessor.commands.converse import run_conversation
    from assessor.core.catalog import load_catalog

    seen: list[int] = []
    state = ConversationState.start(load_questionnaire(), load_catalog())
    stdin = io.StringIO(lines("coder", "bad", "3", "", "", "", "CPC", "", "", ""))
    final = run_conversation(state, stdin, io.StringIO(), on_answer=lambda s: seen.append(len(s.answered)))
    assert final.next_question() is None
    assert seen == list(range(1, len(final.answered) + 1))  # once per accepted answer, in order


def test_going_back_with_a_less_than_sign(tmp_path: Path) -> None:
    saved = tmp_path / "answers.toml"
    result = ask(lines("coder", "3", "uk", "<", "canada"), "--save", str(saved))
    assert result.returncode == 0, result.stderr
    assert "(back to: Which country do you work in?" in result.stdout
    assert 'country = "canada"' in saved.read_text(encoding="utf-8")
    assert "There is no earlier answer" in ask(lines("<", "coder", "3")).stdout
