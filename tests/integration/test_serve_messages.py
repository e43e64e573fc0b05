"""What a page sends over the websocket, once it holds the token: sizes and messages are checked by serve.

`?width=100000&height=100000` (or a resize message as large) made the page's app draw and stream a screen of
ten billion cells, filling the server's memory and the network; a message that was not a well-formed list was
logged by textual-serve as a traceback. A real server, a real aiohttp websocket.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from assessor.commands.serve_guard import MAX_COLUMNS, MAX_ROWS, browser_message, cells
from tests.helpers import TOKEN, Served, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        yield running


HOSTILE_MESSAGES = [
    "not json",
    "{}",
    "[]",
    "[1, 2]",
    '["resize", {"width": "x", "height": null}]',
    '["resize", {"width": 1000000000, "height": 1000000000}]',
    '["resize", {"width": true, "height": -5}]',
    '["resize", [1, 2]]',
    '["stdin", 5]',
    '["stdin", {"a": 1}]',
    '["ping", {"big": "object"}]',
    "[" * 100_000 + "]" * 100_000,
]


async def drawn_bytes_until_pong(socket_: aiohttp.ClientWebSocketResponse, seconds: float = 60) -> int:
    """Every byte the app streams until the server answers our ping (the messages before it are handled)."""
    await socket_.send_str(json.dumps(["ping", "after"]))
    received = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            message = await socket_.receive(timeout=max(0.1, end - time.monotonic()))
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == ["pong", "after"]:
            return received
        if message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
            received += len(message.data)
        else:
            break
    raise AssertionError(f"no pong in {seconds} s ({received} bytes received)")


async def test_a_huge_screen_and_malformed_messages_are_kept_within_bounds(served: Served) -> None:
    url = f"ws://127.0.0.1:{served.port}/ws?token={TOKEN}&width=100000&height=100000"
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(url, headers={"Origin": served.base}, max_msg_size=0) as socket_,
    ):
        first = await drawn_bytes_until_pong(socket_)
        for message in HOSTILE_MESSAGES:
            await socket_.send_str(message)
        later = await drawn_bytes_until_pong(socket_)
        await socket_.send_str(json.dumps(["stdin", "\x11"]))  # the app still reads its keys (Ctrl+Q)
    # A full screen at the largest size is a few megabytes; 100,000 x 100,000 cells would be gigabytes.
    assert first + later < 40_000_000
    log = served.log.read_text()
    assert "Traceback" not in log and "Error" not in log, log[-2000:]


def test_sizes_are_whole_numbers_within_bounds() -> None:
    assert cells("100000", MAX_COLUMNS, 80) == MAX_COLUMNS
    assert cells(10**12, MAX_ROWS, 24) == MAX_ROWS
    assert [cells(value, MAX_COLUMNS, 80) for value in ("0", "-3", "1e3", "12.5", "", True, None, 2.5)] == [
        80
    ] * 8
    assert cells("120", MAX_COLUMNS, 80) == 120
    assert browser_message('["resize", {"width": 3}]') == ("resize", {"width": 3})
    assert browser_message("[" * 100_000) is None
