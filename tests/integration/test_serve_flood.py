"""`assessor serve` against clients that hold its attention without the token: a real server process, raw
sockets and aiohttp's websocket client.

Before: any number of connections stayed open, each for 75 s without sending a whole request (slowloris: 900
half-sent requests were all still open after 20 s), a refused client kept its connection for the next try, and
a request's body was read for 10 s after it was refused.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from assessor.commands.serve_guard import MOST_TOLD, REQUEST_SECONDS, most_connections
from tests.helpers import TOKEN, Served, first_bytes, serving

MOST = most_connections(1)  # the servers here run with --max-pages 1


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN, "--max-pages", "1") as running:
        yield running


def host(served: Served) -> bytes:
    return f"Host: 127.0.0.1:{served.port}\r\n".encode()


def half_sent(served: Served, count: int) -> list[socket.socket]:
    """`count` connections, each with a request begun and never finished."""
    opened = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        connection.sendall(b"GET / HTTP/1.1\r\n" + host(served) + b"X-Slow: ")
        opened.append(connection)
    return opened


def still_open(connections: list[socket.socket]) -> int:
    """How many of these the server has not closed (a closed one reads as end of file or a reset)."""
    count = 0
    for connection in connections:
        connection.setblocking(False)
        try:
            while connection.recv(1 << 16):  # a 503 before the end counts as closed
                pass
        except BlockingIOError:
            count += 1
        except OSError:
            pass
    return count


def answer_to(served: Served, head: bytes, seconds: float = 10.0) -> tuple[bytes, float]:
    """The whole answer to one request sent on a new connection, and how long the server took to close it."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", served.port), timeout=seconds) as connection:
        connection.sendall(head)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := connection.recv(1 << 16):
                answer += chunk
    return answer, time.monotonic() - start


def status(answer: bytes) -> int:
    """The status of an answer; 0 for none (the connection was closed before a word)."""
    return int(answer.split(b" ", 2)[1]) if answer else 0


def close_all(connections: list[socket.socket]) -> None:
    for connection in connections:
        connection.close()


def test_a_flood_of_half_sent_requests_never_keeps_the_token_holder_out(served: Served) -> None:
    flood = half_sent(served, MOST * 3)
    try:
        answer, _ = answer_to(
            served, f"GET /?token={TOKEN} HTTP/1.1\r\n".encode() + host(served) + b"Connection: close\r\n\r\n"
        )
        assert status(answer) == 200 and b"textual" in answer
        time.sleep(0.5)
        assert still_open(flood) <= MOST + MOST_TOLD  # the oldest were closed to make room
    finally:
        close_all(flood)


def test_a_half_sent_request_and_a_silent_connection_are_closed_after_the_request_time(
    served: Served,
) -> None:
    slow = half_sent(served, 5)
    silent = [socket.create_connection(("127.0.0.1", served.port), timeout=5) for _ in range(5)]
    try:
        time.sleep(1)
        assert still_open(slow + silent) == 10
        time.sleep(REQUEST_SECONDS + 3)
        assert still_open(slow + silent) == 0
    finally:
        close_all(slow + silent)


def asked_on(served: Served, connection: socket.socket) -> bytes:
    """A small request with the token on a kept-alive connection, its whole answer read (which also starts
    the connection's idle time again)."""
    connection.setblocking(True)
    connection.settimeout(10)
    connection.sendall(
        b"GET /static/css/xterm.css HTTP/1.1\r\n"
        + host(served)
        + f"Authorization: Bearer {TOKEN}\r\n\r\n".encode()
    )
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += connection.recv(1 << 16)
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(
        next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")).split(b":")[
            1
        ]
    )
    while len(body) < length:
        body += connection.recv(1 << 16)
    return head


def test_token_holders_are_never_closed_for_strangers_and_a_full_house_is_told_so(served: Served) -> None:
    kept: list[socket.socket] = []
    try:
        for _ in range(MOST):  # every place taken by a kept-alive connection that showed the token
            connection = socket.create_connection(("127.0.0.1", served.port), timeout=10)
            kept.append(connection)
            assert asked_on(served, connection).startswith(b"HTTP/1.1 200")
        for connection in kept:  # each idle for less than the request time from here (a busy machine)
            assert asked_on(served, connection).startswith(b"HTTP/1.1 200")
        flood = half_sent(served, MOST_TOLD + 10)
        answer, _ = answer_to(served, b"GET / HTTP/1.1\r\n" + host(served) + b"\r\n")
        assert status(answer) in (503, 0) and (b"too many connections" in answer or answer == b"")
        assert still_open(flood) <= MOST_TOLD
        assert still_open(kept) == MOST
        close_all(flood)
        time.sleep(0.5)
        answer, _ = answer_to(served, b"GET / HTTP/1.1\r\n" + host(served) + b"\r\n")
        assert status(answer) == 503 and b"too many connections" in answer
    finally:
        close_all(kept)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (b"".join(b"X-Header-%d: a\r\n" % number for number in range(60)), 400),  # too many headers
        (b"X-Big: " + b"a" * 20_000 + b"\r\n", 400),  # one huge header
        (b"Cookie: " + b"a=b; " * 3000 + b"\r\n", 400),
    ],
)
def test_oversized_headers_are_refused(served: Served, extra: bytes, expected: int) -> None:
    head = f"GET /?token={TOKEN} HTTP/1.1\r\n".encode() + host(served) + extra + b"\r\n"
    answer, seconds = answer_to(served, head)
    assert status(answer) == expected and b"textual" not in answer
    assert seconds < 3


@pytest.mark.parametrize(
    ("request_line", "extra", "expected"),
    [
        ("GET /?token={token} HTTP/1.1", b"Content-Length: 100000000\r\n", 413),  # a body that never ends
        ("GET /?token={token} HTTP/1.1", b"Transfer-Encoding: chunked\r\n", 413),
        ("POST /?token={token} HTTP/1.1", b"Content-Length: 5\r\n", 405),
        ("PUT /static/js/textual.js HTTP/1.1", b"Content-Length: 5\r\n", 405),
        ("GET / HTTP/1.1", b"", 403),  # no token: one answer, then the connection is closed
    ],
)
def test_a_refused_request_closes_its_connection_at_once(
    served: Served, request_line: str, extra: bytes, expected: int
) -> None:
    head = f"{request_line.format(token=TOKEN)}\r\n".encode() + host(served) + extra + b"\r\n"
    answer, seconds = answer_to(served, head + (b"12345" if extra else b""))
    assert status(answer) == expected and b"textual-terminal" not in answer
    assert seconds < 3  # not kept alive, and the body not read for long


async def test_a_websocket_without_the_token_is_refused_and_closed_and_one_with_it_outlives_a_flood(
    served: Served,
) -> None:
    origin = {"Origin": served.base}
    async with aiohttp.ClientSession() as http:
        for url in (f"ws://127.0.0.1:{served.port}/ws", f"ws://127.0.0.1:{served.port}/ws/made-up-ticket"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with http.ws_connect(url, headers=origin):
                    pass
            assert refused.value.status == 403
        async with http.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws?token={TOKEN}", headers=origin, heartbeat=5
        ) as page:
            assert await first_bytes(page, 20)
            flood = half_sent(served, MOST * 2)
            try:
                await page.send_json(["ping", "still-here"])
                end = time.monotonic() + 10
                while time.monotonic() < end:
                    message = await page.receive(timeout=10)
                    if message.type == aiohttp.WSMsgType.TEXT and "still-here" in message.data:
                        break
                    assert message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY), message
                else:
                    pytest.fail("the page's websocket stopped answering during the flood")
            finally:
                close_all(flood)
