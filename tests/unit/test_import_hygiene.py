"""The core, the CLI parser, --help and --version never import Textual (it is only for the app)."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import assessor.core

CORE_MODULES = sorted(f"assessor.core.{info.name}" for info in pkgutil.iter_modules(assessor.core.__path__))

PROBE = """
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
import assessor.cli
assessor.cli.build_parser()
print(json.dumps(sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))))
"""


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, without coverage measuring it (coverage itself imports sqlite3)."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("COVERAGE_")}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**environment, **(env or {})},
    )


def test_there_are_core_modules_to_check() -> None:
    assert "assessor.core.engine" in CORE_MODULES
    assert "assessor.core.conversation" in CORE_MODULES


def test_core_modules_and_cli_parser_do_not_import_textual() -> None:
    done = run_python(PROBE.format(modules=CORE_MODULES))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_probe_detects_textual_when_it_is_imported() -> None:
    done = run_python("import textual.app\n" + PROBE.format(modules=[]))
    assert "textual" in json.loads(done.stdout.strip().splitlines()[-1])


def _cli_without_textual(argument: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['assessor', {argument!r}]\n"
        "import assessor.cli\n"
        "try:\n"
        "    assessor.cli.main([sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [name for name in sys.modules if name == 'textual' or name.startswith('textual.')]\n"
        "print('TEXTUAL-LOADED' if loaded else 'TEXTUAL-ABSENT')\n"
    )
    return run_python(code)


def test_help_does_not_import_textual() -> None:
    done = _cli_without_textual("--help")
    assert "usage: assessor" in done.stdout
    assert done.stdout.strip().endswith("TEXTUAL-ABSENT")


def test_version_does_not_import_textual() -> None:
    done = _cli_without_textual("--version")
    assert "assessor " in done.stdout
    assert done.stdout.strip().endswith("TEXTUAL-ABSENT")


def test_version_loads_neither_pydantic_nor_the_catalog_and_prints_the_catalog_version() -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "import assessor.cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    code = assessor.cli.main(['--version'])\n"
        "heavy = sorted(name for name in sys.modules if name.split('.')[0] in ('pydantic', 'rapidfuzz')"
        " or name in ('importlib.metadata', 'assessor.core.catalog', 'assessor.core.loading'))\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'heavy': heavy}))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    assert found["heavy"] == []
    from assessor.core.catalog import load_catalog

    assert found["out"].strip().endswith(f"role data {load_catalog().version}")


def test_version_names_the_installed_library_versions() -> None:
    from importlib.metadata import version

    from assessor.cli import installed_version, version_text

    for package in ("pydantic", "rapidfuzz", "textual"):
        assert installed_version(package) == version(package)
        assert f"{package} {version(package)}" in version_text()
    assert installed_version("no-such-package-anywhere") is None


LAYER_PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module({package!r})
names = sorted(f"{package}.{{info.name}}" for info in pkgutil.iter_modules(package.__path__))
for name in names:
    importlib.import_module(name)
loaded = sorted({{name.split(".")[0] if not name.startswith("assessor.") else ".".join(name.split(".")[:2])
                 for name in sys.modules}})
print(json.dumps({{"modules": names, "loaded": loaded}}))
"""

# What each part may not pull in, directly or through anything it imports. Imports run one way:
# tui and commands -> sessions, report -> core.
FORBIDDEN = {
    "assessor.core": {
        "sqlite3",
        "psycopg",
        "textual",
        "argparse",
        "assessor.sessions",
        "assessor.report",
        "assessor.commands",
        "assessor.tui",
        "assessor.cli",
    },
    "assessor.sessions": {"textual", "argparse", "assessor.commands", "assessor.tui", "assessor.cli"},
    "assessor.report": {
        "sqlite3",
        "psycopg",
        "textual",
        "argparse",
        "assessor.sessions",
        "assessor.commands",
        "assessor.tui",
        "assessor.cli",
    },
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_part_imports_only_what_lies_below_it(package: str) -> None:
    done = run_python(LAYER_PROBE.format(package=package))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(found["modules"]) >= 2, found["modules"]
    assert sorted(FORBIDDEN[package] & set(found["loaded"])) == []


def test_the_layer_probe_sees_a_forbidden_import() -> None:
    done = run_python("import sqlite3, argparse\n" + LAYER_PROBE.format(package="assessor.report"))
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"sqlite3", "argparse"} <= set(found["loaded"])


def test_the_store_interface_does_not_depend_on_sqlite() -> None:
    """Another backend (PostgreSQL) builds on the interface and the shared rules without loading SQLite."""
    code = (
        "import json, sys\n"
        "import assessor.sessions.backend, assessor.sessions.models, assessor.sessions.errors\n"
        "import assessor.sessions.database\n"
        "print(json.dumps(sorted(n for n in sys.modules if n in ('sqlite3', 'assessor.sessions.store', "
        "'psycopg', 'assessor.sessions.postgres'))))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


WARM_SCORE_PROBE = """
import contextlib, io, json, sys
import assessor.cli
codes = []
out = io.StringIO()
with contextlib.redirect_stdout(out):
    for _ in range(2):  # the first run fills the catalog cache; the second starts from it
        for name in [name for name in sys.modules if name.split('.')[0] == 'pydantic']:
            del sys.modules[name]
        codes.append(assessor.cli.main(['score', sys.argv[1], '--json']))
loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'pydantic')
print(json.dumps({'codes': codes, 'out': out.getvalue(), 'pydantic': loaded}))
"""


def test_a_warm_score_does_not_import_pydantic(tmp_path: Path) -> None:
    """The cached catalog is plain data and answers as people write them are checked in plain Python: a
    warm `score FILE --json` never imports pydantic (importing it costs as much as the rest of the command)."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'job_title = "Medical Coder"\nyears_experience = 4\nspecialty = "oncology"\ncertifications = "cpc, ccs"\n'
        'time_split = "half coding, 30% denials and the rest audits"\ngoals = ["CDI"]\n',
        encoding="utf-8",
    )
    env = {"ASSESSOR_CACHE": str(tmp_path / "cache"), "ASSESSOR_HOME": str(tmp_path / "home")}
    done = run_python(WARM_SCORE_PROBE, str(answers), env=env)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["codes"] == [0, 0]
    assert found["pydantic"] == []
    first, second = found["out"].split("\n}\n")[:2]
    assert json.loads(first + "}") == json.loads(second + "}")
    assert json.loads(second + "}")["role"]["id"] == "medical-coder"


def test_a_warm_score_of_wrong_answers_asks_pydantic_for_the_message(tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text('job_title = "Medical Coder"\nyears_experience = true\n', encoding="utf-8")
    env = {"ASSESSOR_CACHE": str(tmp_path / "cache"), "ASSESSOR_HOME": str(tmp_path / "home")}
    code = (
        "import sys, assessor.cli\n"
        "for _ in range(2):\n"
        "    print('exit', assessor.cli.main(['score', sys.argv[1], '--json']))\n"
    )
    done = run_python(code, str(answers), env=env)
    assert done.stdout.split() == ["exit", "2", "exit", "2"]
    assert done.stderr.count("years_experience: expected a number, not true/false") == 2
