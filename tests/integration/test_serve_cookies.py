"""`assessor serve` sets no cookie, so another web app on another port of the same host has nothing to replay.

A browser keeps cookies per host, not per port: a token cookie set by `localhost:8000` was sent to every other
local web app the counsellor opened (`localhost:3000`, a dev server, a notebook), which could replay it to open
the app and read client sessions. The token now lives only where an origin (scheme, host, port) keeps it: the
address and the tab's sessionStorage. The page's websocket carries a one-time ticket.

Two real servers, a third web app on another port recording what it is sent, one real aiohttp cookie jar
playing the browser.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from assessor.commands.serve_guard import MAX_TICKETS, TICKET_SECONDS, Tickets
from tests.helpers import Served, first_bytes, free_port, refused_websocket, serving

TOKENS = ("first-server-token-0123456789", "second-server-token-0123456789")


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[Served, Served]]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        serving(tmp_path / "a", "--token", TOKENS[0]) as first,
        serving(tmp_path / "b", "--token", TOKENS[1]) as second,
    ):
        yield first, second


@pytest.fixture
async def other_web_app() -> AsyncIterator[tuple[str, list[str]]]:
    """Another local web app on another port of 127.0.0.1, keeping every Cookie header it is sent."""
    received: list[str] = []

    async def page(request: web.Request) -> web.Response:
        received.extend(request.headers.getall("Cookie", []))
        return web.Response(text="another local app")

    app = web.Application()
    app.router.add_get("/{tail:.*}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", received
    finally:
        await runner.cleanup()


def page_websocket(page: str) -> str:
    found = re.search(r'data-session-websocket-url="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


async def test_no_cookie_reaches_another_port_and_each_page_opens_once(
    two_servers: tuple[Served, Served], other_web_app: tuple[str, list[str]]
) -> None:
    other, received = other_web_app
    sockets: list[str] = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        for served, token in zip(two_servers, TOKENS, strict=True):
            async with browser.get(f"{served.base}/?token={token}", allow_redirects=False) as response:
                page = await response.text()
                assert response.status == 200 and "textual-terminal" in page
                assert "Set-Cookie" not in response.headers
            websocket = page_websocket(page)
            assert re.fullmatch(rf"ws://127\.0\.0\.1:{served.port}/ws/[\w-]{{40,}}", websocket), websocket
            assert token not in websocket
            assert f'sessionStorage.setItem("assessor-token","{token}")' in page
            sockets.append(websocket)
        assert len(browser.cookie_jar) == 0
        async with browser.get(f"{other}/anything") as response:
            assert await response.text() == "another local app"
    assert received == []  # nothing for the other app to replay
    first, second = two_servers
    # A page's ticket opens its own server's websocket once; never the other server's, never twice.
    assert (
        await refused_websocket(sockets[0].replace(str(first.port), str(second.port)), Origin=second.base)
        == 403
    )
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"{sockets[0]}?width=80&height=24", headers={"Origin": first.base}) as socket_,
    ):
        assert len(await first_bytes(socket_)) > 0
    assert await refused_websocket(sockets[0], Origin=first.base) == 403
    # The token cookie an older serve set (or another app planted) opens nothing.
    for served, token in zip(two_servers, TOKENS, strict=True):
        planted = f"assessor-token-{served.port}={token}"
        assert (
            await refused_websocket(f"ws://127.0.0.1:{served.port}/ws", Origin=served.base, Cookie=planted)
            == 403
        )
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as stranger,
            stranger.get(f"{served.base}/", headers={"Cookie": planted}) as response,
        ):
            assert response.status == 403
            assert "textual-terminal" not in await response.text()


async def test_a_reload_without_the_token_gets_a_page_that_reopens_with_the_tabs_copy(
    two_servers: tuple[Served, Served],
) -> None:
    served = two_servers[0]
    async with aiohttp.ClientSession() as http, http.get(f"{served.base}/?fontsize=18") as response:
        page = await response.text()
        assert response.status == 403
        assert response.headers["Content-Type"].startswith("text/html")
    assert "assessor: forbidden: open the address with the token" in page
    assert "sessionStorage.getItem(k)" in page and 'location.replace("/?"+q.toString())' in page
    assert "textual-terminal" not in page and TOKENS[0] not in page


def test_a_ticket_opens_once_within_a_minute_and_few_are_kept() -> None:
    now = [1000.0]
    tickets = Tickets(clock=lambda: now[0])
    first, second = tickets.issue(), tickets.issue()
    assert first != second and len(first) >= 40
    assert tickets.take(first) and not tickets.take(first)
    now[0] += TICKET_SECONDS + 1
    assert not tickets.take(second)
    many = [tickets.issue() for _ in range(MAX_TICKETS + 10)]
    assert len(tickets.open) == MAX_TICKETS
    assert not tickets.take(many[0]) and tickets.take(many[-1])


async def test_without_the_token_only_textual_serves_own_files_answer(
    two_servers: tuple[Served, Served],
) -> None:
    """The page loads textual-serve's script, styles and fonts without a credential (the token is not in a
    cookie): those answer, only at the served address; nothing else does, a bearer header of another scheme
    or a wrong token included."""
    served = two_servers[0]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{served.base}/static/js/textual.js") as response:
            assert response.status == 200
        async with http.get(
            f"{served.base}/static/js/textual.js", headers={"Host": "evil.example"}
        ) as response:
            assert response.status == 403
        async with http.get(f"{served.base}/download/0123456789abcdef0123456789abcdef") as response:
            assert response.status == 404  # no such delivery: a download needs the key the app made
        for headers in (
            {"Authorization": f"Basic {TOKENS[0]}"},
            {"Authorization": f"Bearer {TOKENS[1]}"},
            {"Authorization": "Bearer"},
        ):
            async with http.get(f"{served.base}/", headers=headers) as response:
                assert response.status == 403, headers
        async with http.get(f"{served.base}/", headers={"Authorization": f"bearer {TOKENS[0]}"}) as response:
            assert response.status == 200
    assert await refused_websocket(f"ws://127.0.0.1:{served.port}/ws/not-a-ticket", Origin=served.base) == 403
