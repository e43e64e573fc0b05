"""`assessor serve` places held by whoever has the address, and aiohttp's own answers: a real server process,
aiohttp's websocket client and raw sockets.

Before: an open page kept its place of --max-pages for as long as its tab stayed open (a forgotten tab, or a
script with the token, starved everyone else); one client could take every place; and a request aiohttp could
not parse was answered 400 by aiohttp itself, without the security headers and quoting the request's bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request

from assessor.commands.serve_guard import (
    APP_STOP_SECONDS,
    IDLE_CLOSE_CODE,
    MAX_MESSAGE_BYTES,
    PAGE_STARTS_PER_MINUTE,
    Allowance,
    Clients,
    client_of,
    idle_notice,
    idle_reason,
    minutes_said,
    parse_trusted_proxy,
    stop_app,
)
from assessor.core.errors import AssessorError
from tests.helpers import TOKEN, Served, first_bytes, serving

HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def origin(served: Served) -> dict[str, str]:
    return {"Origin": served.base, **HEADERS}


async def idle_close(page: aiohttp.ClientWebSocketResponse, seconds: float) -> tuple[bytes, int | None]:
    """Everything the page is sent until it is closed (or `seconds` pass), and its close code."""
    received = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            message = await page.receive(timeout=max(0.1, end - time.monotonic()))
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            break
    return received, page.close_code


# -- idle pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def idle_served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN, "--max-pages", "1", "--idle-minutes", "0.1") as running:
        yield running


async def test_an_idle_page_is_told_and_closed_and_its_place_freed(idle_served: Served) -> None:
    url = f"ws://127.0.0.1:{idle_served.port}/ws"
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url, headers=origin(idle_served)) as page:
            start = time.monotonic()
            for _ in range(6):  # pings, focus and blur are not a person using the page
                await page.send_json(["ping", "1"])
                await page.send_json(["focus"])
                await asyncio.sleep(0.5)
            received, code = await idle_close(page, 30)
            waited = time.monotonic() - start
        assert code == IDLE_CLOSE_CODE
        assert 5 <= waited < 25
        assert b"closed after 6 seconds without use" in received
        assert b"answers given were saved" in received
        # its place is free once its app process has stopped
        for _ in range(40):
            try:
                async with http.ws_connect(url, headers=origin(idle_served)) as again:
                    assert len(await first_bytes(again)) > 0
                    break
            except aiohttp.WSServerHandshakeError as exc:
                assert exc.status == 503
                await asyncio.sleep(0.25)
        else:
            pytest.fail("the idle page's place was never freed")
    assert "a page was closed after 6 seconds without use" in idle_served.log.read_text()


async def test_a_page_in_use_is_kept_open(idle_served: Served) -> None:
    url = f"ws://127.0.0.1:{idle_served.port}/ws"
    async with aiohttp.ClientSession() as http, http.ws_connect(url, headers=origin(idle_served)) as page:
        end = time.monotonic() + 10  # longer than the 6 s allowed idle, typing every 2 s
        while time.monotonic() < end:
            await page.send_json(["stdin", "a"])
            with contextlib.suppress(TimeoutError):
                await page.receive(timeout=2)
            assert page.close_code is None and not page.closed
        received, code = await idle_close(page, 20)  # stopped typing: closed in time
        assert code == IDLE_CLOSE_CODE and b"without use" in received


def test_the_page_says_why_it_was_closed(idle_served: Served) -> None:
    with socket.create_connection(("127.0.0.1", idle_served.port), timeout=30) as connection:
        connection.sendall(
            f"GET /?token={TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:{idle_served.port}\r\nConnection: close\r\n\r\n".encode()
        )
        page = b""
        while chunk := connection.recv(65536):
            page += chunk
    assert b"e.code===%d" % IDLE_CLOSE_CODE in page and b".closed-dialog .message" in page


def test_idle_words() -> None:
    assert (
        minutes_said(30) == "30 minutes"
        and minutes_said(1) == "1 minute"
        and minutes_said(0.05) == "3 seconds"
    )
    assert len(idle_reason(1440).encode()) <= 123  # fits a websocket close frame
    notice = idle_notice(30).decode()
    assert "\n" not in notice and notice.endswith("resumed)")


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1441"])
def test_idle_minutes_are_checked(tmp_path: Path, value: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "assessor", "serve", "--idle-minutes", value],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("assessor: --idle-minutes ") and done.stderr.count("\n") == 1


# -- one client, many pages ---------------------------------------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN, "--max-pages", "4") as running:
        yield running


async def test_one_client_cannot_take_every_place(shared: Served) -> None:
    url = f"ws://127.0.0.1:{shared.port}/ws"
    spoofed = {**origin(shared), "X-Forwarded-For": "203.0.113.9"}  # believed from nobody by default
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(url, headers=origin(shared)) as first,
        http.ws_connect(url, headers=spoofed) as second,
    ):
        assert len(await first_bytes(first)) > 0 and len(await first_bytes(second)) > 0
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with http.ws_connect(url, headers=spoofed):
                pass
        assert refused.value.status == 429
        async with http.get(f"{shared.base}/ws", headers=origin(shared)) as response:
            text = await response.text()
            assert response.status == 429 and text.startswith("assessor: you already have 2 pages")
            assert response.headers["X-Frame-Options"] == "DENY"


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_places(tmp_path: Path) -> None:
    options = (
        "--token",
        TOKEN,
        "--max-pages",
        "2",
        "--max-pages-per-client",
        "1",
        "--trusted-proxy",
        "127.0.0.1",
    )
    with serving(tmp_path, *options) as served:
        url = f"ws://127.0.0.1:{served.port}/ws"
        ann = {**origin(served), "X-Forwarded-For": "198.51.100.7"}
        # what a client wrote before the proxy's own entry is never believed
        ann_again = {**origin(served), "X-Forwarded-For": "192.0.2.1, 198.51.100.7"}
        bob = {**origin(served), "X-Forwarded-For": "198.51.100.8"}
        async with aiohttp.ClientSession() as http, http.ws_connect(url, headers=ann) as first:
            assert len(await first_bytes(first)) > 0
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with http.ws_connect(url, headers=ann_again):
                    pass
            assert refused.value.status == 429
            async with http.ws_connect(url, headers=bob) as second:
                assert len(await first_bytes(second)) > 0


def _request(peer: str, *forwarded: str) -> aiohttp.web.Request:
    class Transport:
        def get_extra_info(self, name: str, default: object = None) -> object:
            return (peer, 5555) if name == "peername" else default

        def is_closing(self) -> bool:
            return False

    headers = [("X-Forwarded-For", value) for value in forwarded]
    from multidict import CIMultiDict

    return make_mocked_request("GET", "/ws", headers=CIMultiDict(headers), transport=Transport())


def test_who_a_request_comes_from() -> None:
    proxies = (parse_trusted_proxy("127.0.0.1"), parse_trusted_proxy("10.0.0.0/8"))
    assert client_of(_request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"  # no proxy trusted: the peer
    assert client_of(_request("192.0.2.1", "203.0.113.5"), proxies) == "192.0.2.1"  # not from a trusted proxy
    assert client_of(_request("127.0.0.1", "203.0.113.5"), proxies) == "203.0.113.5"
    assert client_of(_request("127.0.0.1", "1.2.3.4, 203.0.113.5, 10.1.1.1"), proxies) == "203.0.113.5"
    assert client_of(_request("127.0.0.1", "1.2.3.4", "203.0.113.5"), proxies) == "203.0.113.5"  # two lines
    assert client_of(_request("127.0.0.1", "[2001:db8::1]:443"), proxies) == "2001:db8::1"
    assert client_of(_request("127.0.0.1", "203.0.113.5:8080"), proxies) == "203.0.113.5"
    assert client_of(_request("127.0.0.1", "unknown, 10.2.2.2"), proxies) == "127.0.0.1"  # garbled: the proxy
    assert client_of(_request("127.0.0.1"), proxies) == "127.0.0.1"
    assert client_of(_request("::ffff:127.0.0.1", "203.0.113.5"), proxies) == "203.0.113.5"
    with pytest.raises(AssessorError, match=r"--trusted-proxy 'proxy\.example' is not an IP address"):
        parse_trusted_proxy("proxy.example")


def test_a_client_may_start_only_so_many_pages_a_minute() -> None:
    now = [0.0]
    clients = Clients(2, clock=lambda: now[0])
    for _ in range(PAGE_STARTS_PER_MINUTE):
        assert clients.refusal("a") is None
        clients.opened("a")
        clients.closed("a")
    refused = clients.refusal("a")
    assert refused is not None and "in a minute" in refused
    assert clients.refusal("b") is None
    now[0] = 61.0
    assert clients.refusal("a") is None and "a" not in clients.starts
    clients.opened("a")
    clients.opened("a")
    assert clients.refusal("a") is not None and "at most 2 each" in str(clients.refusal("a"))


# -- aiohttp's own answers ----------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        yield running


def raw(served: Served, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
        connection.sendall(data)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := connection.recv(65536):
                answer += chunk
    return answer


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"G<script>alert(1)</script>T / HTTP/1.1\r\nHost: {host}\r\n\r\n",  # a bad method
        b"GET / HTTP/1.1\r\nHost: {host}\r\nBad<script> Header\r\n\r\n",  # a header line that is no header
        b"GET / HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\n\r\n",  # two Hosts
        b"GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: {host}\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # TLS spoken to the plain port
        b"GET /\x00<svg> HTTP/1.1\r\nHost: {host}\r\n\r\n",
    ],
    ids=["method", "header-line", "two-hosts", "two-lengths", "huge-header", "version", "tls", "nul"],
)
def test_requests_aiohttp_cannot_read_get_the_same_headers_and_no_echo(
    served: Served, request_bytes: bytes
) -> None:
    answer = raw(served, request_bytes.replace(b"{host}", f"127.0.0.1:{served.port}".encode()))
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert re.match(r"HTTP/1\.[01] 4\d\d ", lines[0]), answer[:300]
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines[1:])}
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["server"] == "assessor"
    assert body.startswith(b"assessor: 4") and body.count(b"\n") == 1
    assert b"script" not in body and b"svg" not in body and b"aaaa" not in body and b"evil" not in body


# -- what one page may send ---------------------------------------------------------------------------------


async def test_a_message_larger_than_a_page_sends_closes_that_page(served: Served) -> None:
    """4 MiB typed at the app kept it busy for minutes after the page closed; more than MAX_MESSAGE_BYTES in
    one message closes the page (1009), and a long paste within it still goes through."""
    url = f"ws://127.0.0.1:{served.port}/ws"
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url, headers=origin(served)) as page:
            assert len(await first_bytes(page)) > 0
            await page.send_json(["stdin", "a" * (MAX_MESSAGE_BYTES + 10)])
            _, code = await idle_close(page, 30)
            assert code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        async with http.ws_connect(url, headers=origin(served)) as again:
            await again.send_json(["stdin", "b" * 100_000])  # a page of notes pasted at once
            assert len(await first_bytes(again)) > 0
            assert again.close_code is None


def test_typing_without_end_is_slowed_not_dropped() -> None:
    now = [0.0]
    typing = Allowance(burst=1000, rate=100, clock=lambda: now[0])
    assert typing.wait(600) == 0.0 and typing.wait(400) == 0.0  # a paste within the burst: at once
    assert typing.wait(200) == pytest.approx(2.0)  # beyond it: held until the rate allows
    now[0] = 2.0
    assert typing.wait(0) == 0.0
    now[0] = 100.0  # the burst comes back, never more
    assert typing.wait(1000) == 0.0 and typing.wait(1) > 0


async def test_an_app_that_does_not_quit_is_killed() -> None:
    """An app still busy with its input when its page closed kept running, and its page's place, for
    minutes; it is killed once it has not quit within APP_STOP_SECONDS."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(120)")

    class Busy:
        _process = process

        async def stop(self) -> None:
            await asyncio.sleep(3600)  # the quit it was sent waits behind its input

    start = time.monotonic()
    await stop_app(Busy())  # type: ignore[arg-type]
    assert process.returncode is not None and process.returncode < 0
    assert time.monotonic() - start < APP_STOP_SECONDS + 5


def _apps_of(server_pid: int) -> list[int]:
    """The app processes serve started (its children running `-m assessor`)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                command = (entry / "cmdline").read_bytes().split(b"\0")
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == server_pid and b"assessor" in command and b"serve" not in command:
                    found.append(int(entry.name))
    return found


async def test_a_busy_app_does_not_outlive_serve(tmp_path: Path) -> None:
    """SIGTERM to serve alone (not its process group): an app still busy with input it was sent kept
    running after serve had exited."""
    with serving(tmp_path, "--token", TOKEN) as served:
        url = f"ws://127.0.0.1:{served.port}/ws"
        async with aiohttp.ClientSession() as http, http.ws_connect(url, headers=origin(served)) as page:
            assert len(await first_bytes(page)) > 0
            [app] = _apps_of(served.process.pid)
            await page.send_json(["stdin", "a" * 250_000])  # seconds of key events for the app
            await asyncio.sleep(0.5)
            served.process.terminate()
            await asyncio.get_running_loop().run_in_executor(None, served.process.wait, 30)
            end = time.monotonic() + 15
            while Path(f"/proc/{app}").exists() and time.monotonic() < end:
                await asyncio.sleep(0.2)
            gone = not Path(f"/proc/{app}").exists() or b"zombie" in Path(f"/proc/{app}/status").read_bytes()
            assert gone, "the app process outlived serve"
