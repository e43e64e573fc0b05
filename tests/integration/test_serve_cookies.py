"""Two `assessor serve` on one machine: a browser keeps cookies per host, not per port, so both servers see
both token cookies. Each names its cookie after its port, so neither overwrites nor accepts the other's.

Two real servers, one real aiohttp cookie jar playing the browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
import pytest

from tests.helpers import Served, first_bytes, refused_websocket, serving

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


async def test_two_servers_keep_their_own_cookie_and_refuse_the_others(
    two_servers: tuple[Served, Served],
) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        for served, token in zip(two_servers, TOKENS, strict=True):
            async with browser.get(f"{served.base}/?token={token}", allow_redirects=False) as response:
                assert response.status == 302
                header = response.headers["Set-Cookie"]
            cookie = SimpleCookie(header)
            (name,) = cookie
            assert name == f"assessor-token-{served.port}"
            morsel = cookie[name]
            assert morsel["httponly"] and morsel["samesite"] == "Strict" and morsel["path"] == "/"
            assert not morsel["domain"]  # host-only: never sent to another host
        # The jar now sends both cookies to both ports, as a browser does: each server still opens.
        sent = {cookie.key for cookie in browser.cookie_jar}
        assert sent == {f"assessor-token-{served.port}" for served in two_servers}
        for served in two_servers:
            async with browser.get(f"{served.base}/") as response:
                assert response.status == 200 and "textual-terminal" in await response.text()
            async with browser.ws_connect(
                f"ws://127.0.0.1:{served.port}/ws?width=80&height=24",
                headers={"Origin": served.base},
            ) as socket_:
                assert len(await first_bytes(socket_)) > 0
    first, second = two_servers
    # One server's token under the other's cookie name, or its own cookie replayed at the other: refused.
    for served, other_token in ((first, TOKENS[1]), (second, TOKENS[0])):
        other = second if served is first else first
        for cookie_header in (
            f"assessor-token-{served.port}={other_token}",
            f"assessor-token-{other.port}={other_token}",
        ):
            url = f"ws://127.0.0.1:{served.port}/ws"
            assert await refused_websocket(url, Origin=served.base, Cookie=cookie_header) == 403
            async with (
                aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as stranger,
                stranger.get(f"{served.base}/", headers={"Cookie": cookie_header}) as response,
            ):
                assert response.status == 403
