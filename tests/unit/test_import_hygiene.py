"""The core, the CLI parser, --help and --version never import Textual (it is only for the app)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

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


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
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
