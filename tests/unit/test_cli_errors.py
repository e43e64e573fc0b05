"""`assessor score` and friends: bad input of any kind is one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = 'job_title = "Medical Coder"\nyears_experience = 3\n'


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("assessor: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('job_title = "Medical Coder"\nyears_experience = -1\n', ["years_experience"]),
        (GOOD + "time_split = { coding = 80, denials = 40 }\n", ["time_split", "120%"]),
        (GOOD + "years = 4\n", ["years", "unknown field", "years_experience"]),
        ('job_title = "Medical Coder\nyears_experience = 3\n', ["not valid TOML"]),
        ('job_title = "pastry chef"\nyears_experience = 3\n', ["pastry chef"]),
        (GOOD + 'work_setting = "inpatent"\n', ["work_setting", "did you mean 'inpatient'"]),
        (
            '{"job_title": "Medical Coder", "years_experience": "abc"}',
            ["years_experience: 'abc' is not a number; write a number such as 4"],
        ),
        ('{"job_title": "Medical Coder", ', ["not valid JSON"]),
        ("years_experience = 3\n", ["job_title", "missing"]),
        ("[1, 2]", []),
        (GOOD + 'time_split = "mostly coding"\n', ["How much of your day"]),
    ],
)
def test_bad_answers_files_are_one_line_errors(tmp_path: Path, content: str, fragments: list[str]) -> None:
    path = tmp_path / ("answers.json" if content.lstrip().startswith(("{", "[")) else "answers.toml")
    path.write_text(content, encoding="utf-8")
    assert_one_line_error(run("score", str(path), "--json"), *fragments)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert_one_line_error(run("score", str(tmp_path / "nope.toml")), "no such file")
    assert_one_line_error(run("score", str(tmp_path)), "folder")


def test_good_answers_from_stdin_score_the_seed_card() -> None:
    done = run("score", "-", "--json", stdin=GOOD)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["role"]["id"] == "medical-coder"
    assert result["score"] == 11.6
    assert result["zone"] == "red"
    assert result["label"] == "Red"
    assert abs(result["task_resistance"] - 1.85) < 1e-9
    assert len(result["tasks"]) == 9


def test_roles_json_lists_ids_scores_zones_labels() -> None:
    done = run("roles", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    assert rows["medical-coder"]["score"] == 11.6
    assert set(rows["medical-coder"]) >= {"id", "title", "score", "zone", "label"}


def test_version_and_help_work() -> None:
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("assessor ")
    helped = run("--help")
    assert helped.returncode == 0
    assert "score" in helped.stdout


def test_a_mistyped_command_is_one_line_with_a_suggestion() -> None:
    assert_one_line_error(run("scroe", "x.toml"), "unknown command 'scroe'", "did you mean 'score'")
    done = run("score", "--bogus")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "assessor score: unknown option or argument '--bogus' (see 'assessor score --help')"
    )


def test_app_options_parse_without_importing_any_sub_command() -> None:
    code = (
        "import sys, assessor.cli as c\n"
        "args = c.build_parser(()).parse_args(['--client', 'score', '--session', 'abc'])\n"
        "print(args.client, args.session, args.command)\n"
        "print(sorted(m for m in sys.modules if m.startswith('assessor.commands')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    client_line, modules_line = done.stdout.strip().splitlines()
    assert client_line == "score abc None"
    assert modules_line == "[]"


def test_first_positional_skips_app_option_values() -> None:
    from assessor.cli import first_positional

    assert first_positional(["--client", "Bob", "score", "x"]) == "score"
    assert first_positional(["--client", "Bob"]) is None
    assert first_positional(["--version"]) is None


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--client", "AB", "score", "x.toml"), ["--client", "`score`", "assessor ask --client NAME"]),
        (("--session", "abcd-efgh", "roles"), ["--session", "`roles`", "sessions resume"]),
    ],
)
def test_the_apps_options_before_a_sub_command_that_ignores_them_are_refused(
    args: tuple[str, ...], fragments: list[str]
) -> None:
    """A counsellor who types `assessor --client AB score ...` would otherwise believe something was saved."""
    assert_one_line_error(run(*args), *fragments)


def test_client_before_ask_saves_the_session_as_after_it(tmp_path: Path) -> None:
    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path / "home")}
    answers = "medical coder\n3\nus\n2\nnone\nCPC\n\n\n\n\n\n\n"
    for args in (["--client", "Before", "ask"], ["ask", "--client", "After"]):
        done = subprocess.run(
            [sys.executable, "-m", "assessor", *args, "--json"],
            input=answers,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "assessor", "sessions", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert sorted(item["client_label"] for item in json.loads(listed.stdout)) == ["After", "Before"]


BLOCK_A_DEPENDENCY = """
import importlib.abc, sys

dependency = sys.argv.pop(1)

class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == dependency:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Missing())
sys.argv[0] = "assessor"
from assessor.cli import entry
entry()
"""


@pytest.mark.parametrize(
    ("dependency", "arguments"),
    [("snowballstemmer", ["score", "-"]), ("pydantic", ["score", "-"]), ("textual", ["--help"])],
)
def test_a_broken_installation_is_one_line_with_the_fix(dependency: str, arguments: list[str]) -> None:
    """A dependency removed or half upgraded names the module and the reinstall, never a traceback."""
    env = {key: value for key, value in os.environ.items() if key != "ASSESSOR_DEBUG"}
    env["ASSESSOR_CACHE"] = ""  # the catalog checked from the files: a warm score needs no pydantic
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_A_DEPENDENCY, dependency, *arguments],
        input=GOOD,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    if dependency == "textual":  # help never needs the app's toolkit
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 70
    assert_one_line_error(
        done, f"({dependency} cannot be imported)", "pip install --force-reinstall assessor"
    )
