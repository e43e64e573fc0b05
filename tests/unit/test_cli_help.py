"""What a person reads before using a command: every --help says what the command does and what each
argument is, in the order a person meets them; `score` and `ask` keep points and inputs apart."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from assessor.cli import build_parser, main


def every_parser(parser: argparse.ArgumentParser, path: str = "assessor") -> list[tuple[str, argparse.ArgumentParser]]:  # fmt: skip
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += every_parser(sub, f"{path} {name}")
    return found


PARSERS = every_parser(build_parser())


def test_the_commands_are_listed_in_the_order_a_person_meets_them() -> None:
    [commands] = [
        action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction)
    ]
    assert list(commands.choices) == [
        "ask", "score", "plan", "report", "roles", "sessions", "vocabulary", "serve", "db"
    ]  # fmt: skip


@pytest.mark.parametrize(("path", "parser"), PARSERS, ids=[path for path, _ in PARSERS])
def test_every_help_says_what_the_command_does_and_what_each_argument_is(
    path: str, parser: argparse.ArgumentParser
) -> None:
    assert parser.description, f"`{path} --help` shows only its usage"
    assert parser.description[0].isupper() and parser.description.rstrip().endswith((".", ")")), path
    unexplained = [
        action.metavar or action.dest
        for action in parser._actions
        if not action.option_strings
        and not isinstance(action, argparse._SubParsersAction)
        and not action.help
    ]
    assert unexplained == [], f"`{path} --help` lists arguments without a word on them"


def test_session_ids_are_named_alike(capsys: pytest.CaptureFixture[str]) -> None:
    for action in ("show", "resume", "export", "compare", "delete", "notes", "new-visit"):
        with pytest.raises(SystemExit):
            main(["sessions", action, "--help"])
        usage = capsys.readouterr().out.split("\n\n")[0]
        assert " ID" in usage and " id" not in usage, usage


def test_serve_help_tells_of_the_token_not_of_no_password(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "there is no password" not in text
    assert "Whoever has the address it prints (it carries an access token)" in text


def test_score_shows_points_then_the_inputs_on_their_own_scales(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "me.toml"
    answers.write_text('job_title = "medical coder"\nyears_experience = 4\n', encoding="utf-8")
    assert main(["score", str(answers)]) == 0
    lines = capsys.readouterr().out.splitlines()
    points = lines.index("Where the score comes from (points):")
    inputs = next(index for index, line in enumerate(lines) if line.startswith("Inputs on their own scales:"))
    assert [line.split()[0] for line in lines[points + 1 : inputs]] == [
        "Task", "Evidence", "Barriers", "AI", "Protective"
    ]  # fmt: skip
    assert lines[inputs] == (
        "Inputs on their own scales: task resistance 1.85 of 5; evidence -5 (of -10..10); barriers 2 "
        "(of 0..10); AI growth -1 (of -2..2)."
    )
    assert lines[inputs + 1] == "Your day:"
