"""`assessor serve` against the probes an attacker really sends: a real server process, aiohttp as the client.

Spoofed Host headers (DNS rebinding, look-alike names), spoofed or `null` Origins, an open redirect through the
token hand-off, path traversal on the static files, a page framed by another site (clickjacking), the token
leaking through Referer or a cache, a remote font telling a third party the app is open, and a flood of app
pages each starting its own process.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from multidict import CIMultiDictProxy
from yarl import URL

from tests.helpers import TOKEN, Served, first_bytes, refused_websocket, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN, "--max-pages", "1") as running:
        yield running


def credential(served: Served) -> dict[str, str]:
    """The token as a script sends it (serve sets no cookie: a browser would send it to every port)."""
    return {"Authorization": f"Bearer {TOKEN}"}


def assert_secured(headers: CIMultiDictProxy[str], port: int) -> None:
    policy = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
    assert directives["font-src"] == "'self' data:"  # the page's Google font is not fetched
    assert directives["connect-src"] == f"'self' ws://127.0.0.1:{port} wss://127.0.0.1:{port}"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"  # no <script src> from another site
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Server"] == "assessor"  # aiohttp named itself and its version
    assert "Strict-Transport-Security" not in headers  # plain http on localhost


async def test_every_answer_forbids_framing_sniffing_caching_and_referrers(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        for path, headers, status in (
            (f"/?token={TOKEN}", {}, 200),
            ("/", credential(served), 200),
            ("/static/js/textual.js", credential(served), 200),
            ("/nothing-here", credential(served), 404),
            ("/", {}, 403),
        ):
            async with http.get(f"{served.base}{path}", headers=headers, allow_redirects=False) as response:
                assert response.status == status, path
                assert_secured(response.headers, served.port)


@pytest.mark.parametrize(
    "path",
    ["//evil.example/", "///evil.example/x", "/%5C%5Cevil.example/", "/\\evil.example/", "/static/../../x"],
)
async def test_the_token_hand_off_never_redirects_to_another_site(served: Served, path: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{served.base}{path}?token={TOKEN}&fontsize=20", allow_redirects=False) as response,
    ):
        assert response.status not in (301, 302, 303, 307, 308)
        assert "Location" not in response.headers


@pytest.mark.parametrize(
    "host",
    [
        "localhost.evil.example",
        "127.0.0.1.nip.io:{port}",
        "evil.example:{port}",
        "127.0.0.1:{port}.evil.example",
        "127.0.0.1:{port}@evil.example",
        "127.0.0.1.:{port}",
        "127.0.0.2:{port}",
        "0.0.0.0:{port}",
        "",
    ],
)
async def test_a_spoofed_host_gets_nothing_even_with_the_token(served: Served, host: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            f"{served.base}/", headers={"Host": host.format(port=served.port), **credential(served)}
        ) as response,
    ):
        assert response.status == 403
        assert "textual" not in await response.text()


async def test_the_ipv6_and_localhost_names_of_the_same_server_are_accepted(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        for host in (f"[::1]:{served.port}", f"localhost:{served.port}", f"LOCALHOST:{served.port}"):
            async with http.get(f"{served.base}/", headers={"Host": host, **credential(served)}) as response:
                assert response.status == 200, host


@pytest.mark.parametrize(
    "origin",
    [
        "null",
        "http://localhost.evil.example:{port}",
        "http://127.0.0.1:{port}.evil.example",
        "https://127.0.0.1:{port}",
        "file://",
        "http://127.0.0.1:{port}@evil.example",
        "javascript:alert(1)",
    ],
)
async def test_a_spoofed_origin_gets_no_websocket(served: Served, origin: str) -> None:
    url = f"ws://127.0.0.1:{served.port}/ws"
    assert await refused_websocket(url, Origin=origin.format(port=served.port), **credential(served)) == 403


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/download/..%2f..%2fetc%2fpasswd",
    ],
)
async def test_static_routes_do_not_leave_their_folder(served: Served, path: str) -> None:
    async with aiohttp.ClientSession() as http:
        url = URL(f"{served.base}{path}", encoded=True)
        async with http.get(url, headers=credential(served), allow_redirects=False) as response:
            body = await response.text()
            assert response.status in (403, 404), (path, response.status)
            assert "root:" not in body


async def test_only_max_pages_app_processes_run_at_once(served: Served) -> None:
    origin = {"Origin": f"http://127.0.0.1:{served.port}"}
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws", headers={**origin, **credential(served)}
        ) as first,
    ):
        assert len(await first_bytes(first)) > 0
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with http.ws_connect(
                f"ws://127.0.0.1:{served.port}/ws", headers={**origin, **credential(served)}
            ):
                pass
        assert refused.value.status == 503
        async with http.get(f"{served.base}/ws", headers={**origin, **credential(served)}) as response:
            assert response.status == 503 and "at most 1" in await response.text()
        await first.close()
    for _ in range(40):  # a closed page frees its place once its app process has stopped
        try:
            async with (
                aiohttp.ClientSession() as http,
                http.ws_connect(
                    f"ws://127.0.0.1:{served.port}/ws", headers={**origin, **credential(served)}
                ) as again,
            ):
                assert len(await first_bytes(again)) > 0
                return
        except aiohttp.WSServerHandshakeError as exc:
            assert exc.status == 503
            await asyncio.sleep(0.25)
    pytest.fail("the place of a closed page was never freed")


def test_max_pages_is_checked() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "serve", "--max-pages", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and done.stderr == "assessor: --max-pages 0 is not between 1 and 100\n"


async def test_served_through_https_browsers_are_told_to_keep_to_https(tmp_path: Path) -> None:
    with serving(tmp_path, "--token", TOKEN, "--public-url", "https://team.example.org") as running:
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"{running.base}/", headers={"Host": "team.example.org", "Authorization": f"Bearer {TOKEN}"}
            ) as response,
        ):
            assert response.status == 200
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
