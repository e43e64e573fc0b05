"""The deployment files in deploy/ run commands that exist: the systemd unit and the container start
`assessor serve` with options serve has, keep secrets off the command line, and copy what the package needs;
the nginx snippet forwards the websocket upgrade and the Host and Origin that serve checks."""

from __future__ import annotations

import argparse
import configparser
import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from assessor.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET_OPTIONS = ("--token", "--database")  # visible to every user in `ps`: they come from the environment


def serve_options() -> set[str]:
    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    serve = commands.choices["serve"]
    return {option for action in serve._actions for option in action.option_strings}


def check_serve_command(words: list[str]) -> None:
    """`.../assessor serve --option VALUE ...`: a real sub-command, real options, no secret on the line."""
    assert Path(words[0]).name == "assessor", words
    assert words[1] == "serve", words
    known = serve_options()
    options = [word for word in words[2:] if word.startswith("--")]
    assert options, words
    for option in options:
        assert option in known, f"serve has no option {option}"
        assert option not in SECRET_OPTIONS, f"{option} belongs in the environment file, not the command line"


def test_the_check_can_fail() -> None:
    with pytest.raises(AssertionError, match="no option --listen"):
        check_serve_command(["/opt/assessor/.venv/bin/assessor", "serve", "--listen", "x"])
    with pytest.raises(AssertionError, match="environment file"):
        check_serve_command(["assessor", "serve", "--token", "abc"])


def test_the_systemd_unit_parses_and_starts_serve_without_secrets() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "assessor-serve@.service").read_text(encoding="utf-8"))
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    service = unit["Service"]
    check_serve_command(shlex.split(service["ExecStart"]))
    assert service["User"] not in ("root", "0")
    assert service["EnvironmentFile"].startswith("/etc/assessor/")
    # The database password: a credential only this instance reads, named to libpq by PGPASSFILE.
    credential, source = service["LoadCredential"].split(":", 1)
    assert source.startswith("/etc/assessor/") and source.endswith(".pgpass")
    assert f"PGPASSFILE=%d/{credential}" in service["Environment"].split()
    assert service["UMask"] == "0077"
    assert service["NoNewPrivileges"] == "yes"
    assert "--host 127.0.0.1" in service["ExecStart"]  # only the proxy reaches it
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_containerfile_copies_the_package_and_starts_serve() -> None:
    lines = (DEPLOY / "Containerfile").read_text(encoding="utf-8").splitlines()
    instructions = [line for line in lines if line and not line.startswith(("#", " "))]
    copies = [line.split()[1] for line in instructions if line.startswith("COPY ")]
    for source in copies:
        assert (ROOT / source).exists(), source
    for needed in ("pyproject.toml", "assessor", "roles", "questionnaires"):
        assert needed in copies
    installs = [line for line in instructions if "pip install" in line]
    assert installs
    extras = re.findall(r"\.\[([a-z,]+)\]", installs[0])
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra in ",".join(extras).split(",") if extras else []:
        assert extra in optional, f"pyproject.toml has no extra {extra!r}"
    assert any(line.startswith("USER ") and "root" not in line for line in instructions)
    [command] = [line for line in instructions if line.startswith("CMD ")]
    shell, flag, script = json.loads(command[len("CMD ") :])
    assert (shell, flag) == ("sh", "-c")
    words = shlex.split(script.replace('${ASSESSOR_PUBLIC_URL:+--public-url "$ASSESSOR_PUBLIC_URL"}', ""))
    assert words[0] == "exec"
    check_serve_command(words[1:])


def test_the_proxy_snippet_upgrades_the_websocket_and_passes_host_and_origin() -> None:
    text = (DEPLOY / "nginx-assessor.conf").read_text(encoding="utf-8")
    assert re.search(r"proxy_set_header Upgrade \$http_upgrade;", text)
    assert re.search(r"proxy_set_header Connection \$connection_upgrade;", text)
    assert re.search(r"proxy_set_header Host \$http_host;", text)  # with the port: serve checks it
    assert re.search(r"proxy_set_header Origin \$http_origin;", text)
    assert "proxy_http_version 1.1;" in text
    assert text.count("{") == text.count("}")
    port = re.search(r"proxy_pass http://127\.0\.0\.1:(\d+);", text)
    assert port is not None
    unit = (DEPLOY / "assessor-serve@.service").read_text(encoding="utf-8")
    assert f"ASSESSOR_PORT={port.group(1)}" in unit  # the unit's example instance is what the proxy reaches


def test_every_environment_variable_the_readme_names_is_read_by_assessor() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\bASSESSOR_[A-Z_]+\b", readme))
    assert {"ASSESSOR_DATABASE_URL", "ASSESSOR_HOME", "ASSESSOR_SERVE_TOKEN"} <= named
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "assessor").rglob("*.py"))
    tests = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / ".ci").iterdir())
    documented_only = {"ASSESSOR_PORT", "ASSESSOR_PUBLIC_URL"}  # the deploy files' own, read by the unit
    for name in sorted(named - documented_only):
        assert name in code or name in tests, f"README names {name}, which nothing reads"
