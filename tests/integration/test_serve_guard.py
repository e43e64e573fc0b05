"""`assessor serve` refuses other sites and callers without the run's token: a real server, a real websocket.

Each test starts `python -m assessor serve` on a free 127.0.0.1 port and talks to it with aiohttp's client,
as a hostile page in the counsellor's browser (or a program on the machine) would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from assessor.commands.serve_guard import access_for, check_token_text, origin_of
from assessor.core.errors import AssessorError
from tests.helpers import TOKEN, Served, first_bytes, refused_websocket, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        yield running


def test_printed_address_carries_a_random_token_each_run(tmp_path: Path) -> None:
    urls = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        with serving(folder) as served:
            urls.append(served.printed_url())
    tokens = [re.search(r"[?&]token=([\w\-.~]+)", url) for url in urls]
    assert all(tokens), urls
    first, second = (match.group(1) for match in tokens if match)
    assert first != second and len(first) >= 32


async def test_page_without_or_with_a_wrong_token_is_refused(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        for query in ("", "?token=wrong-token-0123456789"):
            async with http.get(f"{served.base}/{query}", allow_redirects=False) as response:
                body = await response.text()
                assert response.status == 403
                assert "textual-terminal" not in body and "websocket" not in body


async def test_foreign_host_header_is_refused_even_with_the_token(served: Served) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{served.base}/?token={TOKEN}", headers={"Host": "evil.example"}) as response,
    ):
        assert response.status == 403
        assert "textual-terminal" not in await response.text()


async def test_websocket_from_a_foreign_origin_gets_nothing_even_with_the_token(served: Served) -> None:
    url = f"ws://127.0.0.1:{served.port}/ws?token={TOKEN}"
    assert await refused_websocket(url, Origin="http://evil.example") == 403
    assert await refused_websocket(url, Origin=f"http://127.0.0.1:{served.port + 1}") == 403
    assert await refused_websocket(url, Origin="null") == 403


async def test_websocket_without_or_with_a_wrong_token_gets_nothing(served: Served) -> None:
    origin = f"http://127.0.0.1:{served.port}"
    assert await refused_websocket(f"ws://127.0.0.1:{served.port}/ws", Origin=origin) == 403
    wrong = f"ws://127.0.0.1:{served.port}/ws?token=x{TOKEN}"
    assert await refused_websocket(wrong, Origin=origin) == 403
    cookie = {"Cookie": f"assessor-token-{served.port}=nope"}
    assert await refused_websocket(f"ws://127.0.0.1:{served.port}/ws", Origin=origin, **cookie) == 403


async def test_token_then_page_then_its_websocket_reaches_the_app(served: Served) -> None:
    """What the browser does: open the printed address, get the page, connect the websocket it names."""
    origin = f"http://localhost:{served.port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(
            f"http://localhost:{served.port}/?token={TOKEN}", allow_redirects=False
        ) as response:
            page = await response.text()
            assert response.status == 200 and "textual-terminal" in page
            assert "Set-Cookie" not in response.headers
            assert response.headers["Referrer-Policy"] == "no-referrer"
        found = re.search(rf'data-session-websocket-url="(ws://localhost:{served.port}/ws/[^"]+)"', page)
        assert found, page
        # The page takes the token out of the address bar and keeps it in the tab for a reload.
        assert "history.replaceState" in page and 'sessionStorage.setItem("assessor-token"' in page
        async with http.ws_connect(
            f"{found.group(1)}?width=80&height=24", headers={"Origin": origin}
        ) as socket_:
            received = await first_bytes(socket_)
        assert len(http.cookie_jar) == 0
    assert len(received) > 0


async def test_websocket_with_token_in_query_and_own_origin_reaches_the_app(served: Served) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws?token={TOKEN}",
            headers={"Origin": f"http://127.0.0.1:{served.port}"},
        ) as socket_,
    ):
        assert len(await first_bytes(socket_)) > 0


def test_no_token_warns_on_stderr(tmp_path: Path) -> None:
    with serving(tmp_path, "--no-token") as served:
        url = served.printed_url()
        assert "warning: --no-token" in served.log.read_text()
        assert "token=" not in url


def test_token_and_origin_options_are_checked() -> None:
    with pytest.raises(AssessorError, match="16 to 128"):
        check_token_text("short")
    with pytest.raises(AssessorError, match="16 to 128"):
        check_token_text("has spaces in it, which is bad")
    with pytest.raises(AssessorError, match="not an http"):
        origin_of("javascript:alert(1)")
    access = access_for(
        "127.0.0.1", 8000, TOKEN, "https://Team.Example.org/assessor/", ["http://10.0.0.5:81"]
    )
    assert access.origins == {
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "http://[::1]:8000",
        "https://team.example.org",
        "http://10.0.0.5:81",
    }
    assert access.secure
    public = access_for("0.0.0.0", 8000, TOKEN)
    assert public.origins == {"http://0.0.0.0:8000"}


def test_no_token_and_token_together_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assessor", "serve", "--no-token", "--token", TOKEN],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "not both" in result.stderr
