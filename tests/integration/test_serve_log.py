"""What `assessor serve` writes to its log (a service's journal, a container's log): one line per event, the
token never (a random one in the address printed at start only: nobody else knows it), escapes shown, no
traceback.

The access log wrote `GET /ws?token=...` for every visit; a request aiohttp could not parse was logged as a
rich traceback with its local variables. A real server, real requests over a raw socket and aiohttp.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.helpers import TOKEN, Served, first_bytes, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        yield running


def raw_request(served: Served, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
        connection.sendall(head)
        return connection.recv(200)


async def test_the_log_holds_no_token_no_traceback_and_no_escape(served: Served) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{served.base}/?token={TOKEN}&x=1") as response:
            assert response.status == 200
        async with http.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws?token={TOKEN}", headers={"Origin": served.base}
        ) as socket_:
            assert await first_bytes(socket_, 10)
    host = f"Host: 127.0.0.1:{served.port}\r\n".encode()
    for bad in (
        b"User-Agent: evil\x1b]0;PWNED\x07agent\r\n",
        b"Referer: r\x1b[2Jx\r\n",
        b"Cookie: assessor-token-1=" + TOKEN.encode() + b"\x01\r\n",
    ):
        assert raw_request(served, b"GET /?token=" + TOKEN.encode() + b" HTTP/1.1\r\n" + host + bad + b"\r\n")
    assert raw_request(served, b"GET /\x1b[2J HTTP/1.1\r\n" + host + b"\r\n")
    log = served.log.read_bytes()
    _, _, after = log.partition(b"serving on ")
    address, _, rest = after.partition(b"\n")
    # A token the operator chose is theirs already: the address is printed without it, saying where it is.
    assert address.startswith(f"{served.base}/ ".encode()), address
    assert b"?token=<the token given with --token>" in address
    assert TOKEN.encode() not in log, log.decode(errors="replace")
    assert b"token=[token]" in rest  # the visits are logged, without it
    for sign in (b"Traceback", b"\xe2\x95\xad", b"locals", b"\x1b]0;PWNED", b"\x1b[2J", b"\x07"):
        assert sign not in rest, sign


def test_a_token_from_the_environment_is_never_printed(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path / "home"), "ASSESSOR_SERVE_TOKEN": TOKEN}
    with serving(tmp_path, env=env) as served:
        assert served.printed_url() == f"{served.base}/"
        log = served.log.read_bytes()
    assert TOKEN.encode() not in log
    assert b"?token=<the token in ASSESSOR_SERVE_TOKEN>" in log
    assert b"warning: --token" not in log


def test_a_token_on_the_command_line_is_warned_about(tmp_path: Path) -> None:
    with serving(tmp_path, "--token", TOKEN) as served:
        served.printed_url()
        log = served.log.read_text()
    assert "warning: --token is on the command line, which every user of this machine can read (ps)" in log
    assert TOKEN not in log


def test_a_random_token_is_printed_once_in_the_address(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        url = served.printed_url()
        log = served.log.read_text()
    assert url.startswith(f"{served.base}/?token=") and len(url) > len(served.base) + 40
    assert log.count(url.split("=", 1)[1]) == 1
