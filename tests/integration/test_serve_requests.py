"""Requests no browser sends but an attacker's client or a misbehaving proxy does, over a raw socket to a real
`assessor serve`: the page and its websocket address are only ever about the served host.

A request target in absolute form (`GET http://evil.example/?token=... HTTP/1.1`) with the right Host header
passed the Host check, and aiohttp took the page's address from the target: the page pointed its websocket,
one-time ticket included, at evil.example.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import TOKEN, Served, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        yield running


def raw(served: Served, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
        connection.sendall(head)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "target",
    ["http://evil.example/", "http://evil.example:{port}/", "//evil.example/", "http://127.0.0.1:1/"],
)
def test_an_absolute_target_naming_another_host_is_refused(served: Served, target: str) -> None:
    own = f"127.0.0.1:{served.port}"
    path = target.format(port=served.port)
    answer = raw(
        served,
        f"GET {path}?token={TOKEN} HTTP/1.1\r\nHost: {own}\r\nConnection: close\r\n\r\n".encode(),
    )
    assert b"evil.example/ws" not in answer and b"127.0.0.1:1/ws" not in answer
    assert status(answer) in (403, 404), answer[:200]


def test_the_page_names_only_the_served_host(served: Served) -> None:
    own = f"127.0.0.1:{served.port}"
    for target in ("/", f"http://{own}/"):
        answer = raw(
            served,
            f"GET {target}?token={TOKEN} HTTP/1.1\r\nHost: {own}\r\nX-Forwarded-Host: evil.example\r\n"
            "Forwarded: host=evil.example;proto=https\r\nConnection: close\r\n\r\n".encode(),
        )
        assert status(answer) == 200
        found = re.search(rb'data-session-websocket-url="([^"]+)"', answer)
        assert found and found.group(1).startswith(f"ws://{own}/ws/".encode()), answer[-600:]
        assert b"evil.example" not in answer


@pytest.mark.parametrize(
    "extra",
    [
        b"Host: evil.example\r\n",  # a second Host header
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",  # both lengths: a smuggling classic
    ],
)
def test_ambiguous_requests_are_refused(served: Served, extra: bytes) -> None:
    head = f"GET /?token={TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n".encode()
    answer = raw(served, head + extra + b"Connection: close\r\n\r\n0\r\n\r\n")
    assert status(answer) == 400
    assert b"textual-terminal" not in answer
