"""What `assessor serve` is told on its command line is checked before it starts, and what it prints is one
line with any escape shown: serve's stderr is not wrapped as other commands' is (textual-serve logs there).

A host with an escape sequence reached the terminal raw in serve's warning; a bracket in --host, --public-url
or --allow-origin was an 'unexpected error (ValueError: Invalid IPv6 URL)'.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.commands.serve_guard import check_host, origin_of
from assessor.core.errors import AssessorError
from tests.helpers import free_port, serving

ESCAPES = (b"\x1b", b"\x07", "\u202e".encode(), b"\xc2\x9b")


def serve_refuses(*options: str, home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "serve", "--port", str(free_port()), *options],
        capture_output=True,
        env={**os.environ, "ASSESSOR_HOME": str(home)},
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count(b"\n") == 1 and b"unexpected error" not in done.stderr, done.stderr
    for escape in ESCAPES:
        assert escape not in done.stderr
    return done.stderr.decode()


HOSTILE_HOSTS = [
    "h\x1bPx\x07",
    "h\x1b[2Jx",
    "evil\u202e.example",
    "::1]:80/x",
    "[::1",
    "a b",
    "",
    "host/../x",
    "user@host",
    "x" * 300,
    "-leading-hyphen.example",
]


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_a_host_that_is_no_host_is_one_line_before_anything_starts(host: str, tmp_path: Path) -> None:
    said = serve_refuses(f"--host={host}", home=tmp_path / "home")
    assert "is not a host name or an IP address" in said
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("option", ["--public-url", "--allow-origin"])
@pytest.mark.parametrize(
    "url",
    ["http://a\x1b[2J.example", "http://[::1", "https://evil\u202e.example", "http://user:pw@host.example"],
)
def test_an_origin_that_is_no_origin_is_one_line(option: str, url: str, tmp_path: Path) -> None:
    serve_refuses(f"{option}={url}", home=tmp_path / "home")


def test_real_hosts_and_origins_pass() -> None:
    for host in (
        "127.0.0.1",
        "::1",
        "[::1]",
        "0.0.0.0",
        "localhost",
        "assessor.example.org",
        "app_1",
        "fe80::1",
    ):
        assert check_host(host) == host
    assert origin_of("https://Ann.Assessor.Example.org:8443/x") == "https://ann.assessor.example.org:8443"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"
    with pytest.raises(AssessorError, match="numeric port"):
        origin_of("http://host.example:80x")


def test_serves_own_lines_show_escapes_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "store\x1b]0;PWNED\x07"
    os.environ["ASSESSOR_DATABASE_URL"] = f"sqlite:///{folder}"
    try:
        with serving(tmp_path, "--no-token") as served:
            served.printed_url()
            log = served.log.read_bytes()
    finally:
        del os.environ["ASSESSOR_DATABASE_URL"]
    assert b"store\\u001b]0;PWNED\\u0007" in log
    for escape in ESCAPES:
        assert escape not in log.split(b"serving on")[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "assessor.example.org"])
def test_no_token_is_refused_beyond_this_computer(tmp_path: Path, host: str) -> None:
    # `--host 0.0.0.0 --no-token` served every client session to anyone on the network who names the host.
    said = serve_refuses("--host", host, "--no-token", home=tmp_path)
    assert said.startswith(
        f"assessor: --no-token is only for serving on this computer (127.0.0.1, ::1 or localhost), not on {host}"
    )


def test_a_bad_token_in_the_environment_is_named_as_coming_from_there(tmp_path: Path) -> None:
    os.environ["ASSESSOR_SERVE_TOKEN"] = "short\x1b[2J"
    try:
        said = serve_refuses(home=tmp_path)
    finally:
        del os.environ["ASSESSOR_SERVE_TOKEN"]
    assert said.startswith("assessor: ASSESSOR_SERVE_TOKEN must be 16 to 128 characters")
    assert "short" not in said  # the token itself is never echoed
