"""What tripped a newcomer on the command line: help that lists real actions, errors that name the option,
the file and the closest id, reports that cannot land in a file of the wrong kind, --save checked first."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.cli import build_parser, sub_commands

GOOD = 'job_title = "Medical Coder"\nyears_experience = 3\n'


def run(
    *args: str, stdin: str | None = None, home: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["ASSESSOR_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def _sessions_parser() -> argparse.ArgumentParser:
    parser = build_parser(("sessions",))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices["sessions"]
    raise AssertionError("no sessions sub-command")


def test_help_lists_exactly_the_sessions_actions_that_exist() -> None:
    actions = sub_commands(_sessions_parser())
    assert {"list", "export-all", "import"} <= set(actions)
    help_text = " ".join(run("--help").stdout.split())
    listed = help_text.split("saved client sessions:", 1)[1].split(" vocabulary ", 1)[0]  # the next command
    assert [name.strip() for name in listed.split(",")] == actions
    assert "move" not in actions


def test_sessions_without_an_action_lists_the_actions() -> None:
    line = one_line(run("sessions"))
    assert "choose an action: list, show, resume" in line
    assert "export-all, import" in line


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["report", "x.toml", "--format", "htm"], ["--format: 'htm' is not one of md, html, json", "'html'"]),
        (["roles", "--jsn"], ["assessor roles:", "did you mean --json?", "assessor roles --help"]),
        (["sessions", "lst"], ["unknown action 'lst'", "did you mean 'list'"]),
        (["scroe", "x.toml"], ["unknown command 'scroe'", "did you mean 'score'"]),
        (["sessions", "list", "--jsno"], ["assessor sessions list:", "--json"]),
    ],
)
def test_a_usage_mistake_names_what_was_wrong(args: list[str], fragments: list[str]) -> None:
    line = one_line(run(*args))
    assert "unknown command 'htm'" not in line
    for fragment in fragments:
        assert fragment in line, line


def test_report_refuses_a_pdf_name_instead_of_writing_markdown_into_it(tmp_path: Path) -> None:
    answers = tmp_path / "me.toml"
    answers.write_text(GOOD, encoding="utf-8")
    line = one_line(run("report", str(answers), "-o", str(tmp_path / "out.pdf")))
    assert "out.pdf" in line and ".pdf" in line and "HTML" in line
    assert not (tmp_path / "out.pdf").exists()


def test_report_refuses_a_format_that_contradicts_the_file_name(tmp_path: Path) -> None:
    answers = tmp_path / "me.toml"
    answers.write_text(GOOD, encoding="utf-8")
    line = one_line(run("report", str(answers), "--format", "md", "-o", str(tmp_path / "out.html")))
    assert "out.html" in line and "out.md" in line
    assert not (tmp_path / "out.html").exists()


def test_report_takes_the_format_from_the_file_name(tmp_path: Path) -> None:
    answers = tmp_path / "me.toml"
    answers.write_text(GOOD, encoding="utf-8")
    done = run("report", str(answers), "-o", str(tmp_path / "out.htm"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.htm").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("command", ["score", "plan", "report"])
def test_a_problem_in_a_files_answers_names_the_file(tmp_path: Path, command: str) -> None:
    answers = tmp_path / "mine.toml"
    answers.write_text(GOOD + 'time_split = "coding 50, xyzzy 50"\n', encoding="utf-8")
    line = one_line(run(command, str(answers)))
    assert line.startswith(f"assessor: {answers}: "), line
    assert "xyzzy" in line


def test_ask_save_into_a_missing_folder_is_refused_before_the_first_question(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "me.toml"
    done = run("ask", "--save", str(target), stdin="Medical Coder\n3\n")
    line = one_line(done)
    assert "does not exist" in line and str(target) in line
    assert "[job_title]" not in done.stdout


def test_ask_still_prints_the_result_when_saving_fails_at_the_end(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    target = folder / "me.toml"
    script = (
        "import os, shutil, sys\n"
        "from assessor.commands import converse\n"
        "real = converse.save_answers\n"
        f"def gone(path, text, *more):\n    shutil.rmtree({str(folder)!r})\n    return real(path, text, *more)\n"
        "converse.save_answers = gone\n"
        "from assessor.cli import main\n"
        f"sys.exit(main(['ask', '--save', {str(target)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="Medical Coder\n3\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Score:" in done.stdout and "11.6/100" in done.stdout
    line = one_line(done)
    assert str(target) in line and "nothing was saved" in line


def test_opening_a_session_that_does_not_exist_names_the_closest(tmp_path: Path) -> None:
    home = tmp_path / "home"
    started = run("ask", "--client", "Jo", stdin="Medical Coder\n3\n", home=home)
    assert started.returncode == 0, started.stderr
    session_id = started.stdout.split("Session id: ", 1)[1].split()[0]
    line = one_line(run("--session", session_id[:4] + "x", home=home))
    assert f"did you mean {session_id}?" in line
    line = one_line(run("sessions", "show", "zzzzzzzz", home=home))
    assert "no saved session 'zzzzzzzz'" in line


def test_the_country_note_reads_as_a_sentence() -> None:
    done = run("score", "-", stdin='job_title = "Medical Coder"\nyears_experience = 3\ncountry = "uk"\n')
    assert done.returncode == 0, done.stderr
    assert "Medical Coder is what the job is called in the US, Canada and other countries" in done.stdout
    assert "for the UK you are scored with the Clinical Coder (UK) card" in done.stdout


def test_roles_has_a_header_row() -> None:
    done = run("roles")
    header = done.stdout.splitlines()[0].split()
    assert header[:4] == ["ROLE", "ID", "SCORE", "ZONE"]


def test_score_says_what_the_person_said_and_what_decided_each_task(tmp_path: Path) -> None:
    answers = tmp_path / "day.toml"
    answers.write_text(
        GOOD
        + 'time_split = "coding charts 60%, HCC recapture chart reviews 20%, answering provider queries 20%"\n',
        encoding="utf-8",
    )
    done = run("score", str(answers))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    said = [line.strip() for line in lines if line.strip().startswith("you said")]
    assert any(
        "'hcc recapture chart reviews'" in line and "decided by: hcc recapture" in line for line in said
    )
    assert any("'answering provider queries'" in line and "provider queries" in line for line in said)
    assert any("shared list" in line for line in said)


@pytest.mark.parametrize(
    ("args", "usage"), [(["help"], "usage: assessor ["), (["help", "score"], "usage: assessor score")]
)
def test_help_as_a_command_prints_the_help(args: list[str], usage: str) -> None:
    done = run(*args)
    assert done.returncode == 0
    assert done.stdout.startswith(usage)
