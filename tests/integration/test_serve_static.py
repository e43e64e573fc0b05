"""`assessor serve`'s static files answer without the token (the page loads them with plain <script> and <link>
tags, which carry none), so they must reveal nothing: exactly textual-serve's published files, by exact name.

Before: `/static/` and its sub-folders answered a directory listing to anyone naming the served host, and the
files were read from disk at each request, following whatever the folder held then.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
import textual_serve
from yarl import URL

from assessor.commands.serve_guard import static_files
from tests.helpers import TOKEN, Served, serving

PACKAGE_STATIC = Path(textual_serve.__file__).parent / "static"
SECRET_LABEL = "Client-Secret-Label-4711"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "--token", TOKEN) as running:
        from assessor.sessions.store import Store

        Store.open(running.home).create_session(SECRET_LABEL)
        yield running


def package_files() -> dict[str, bytes]:
    return {
        path.relative_to(PACKAGE_STATIC).as_posix(): path.read_bytes()
        for path in PACKAGE_STATIC.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


async def test_the_static_files_are_the_published_ones_and_hold_nothing_of_the_sessions(
    served: Served,
) -> None:
    files = package_files()
    assert "js/textual.js" in files
    async with aiohttp.ClientSession() as http:
        for name, body in files.items():
            async with http.get(f"{served.base}/static/{name}") as response:
                assert response.status == 200, name
                served_body = await response.read()
                assert served_body == body, name
                assert SECRET_LABEL.encode() not in served_body
                assert response.headers["Cache-Control"] == "no-store"
                assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static",
        "/static/js",
        "/static/js/",
        "/static/fonts/",
        "/static/./js/textual.js/",
        "/static/../static/js/textual.js/..",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2E%2E%2F%2E%2E%2Fserver.py",
        "/static/..%5c..%5cserver.py",
        "/static/..\\..\\server.py",
        "/static/%252e%252e%252fserver.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/js/textual.js%00.png",
        "/static/js/textual.js%00",
        "/static/..%c0%af..%c0%afetc/passwd",
        "/static/js/../../server.py",
        "/static/js/../../../textual_serve/server.py",
        "/static/JS/TEXTUAL.JS",
        "/static/js/textual.js/",
        "/static/js/textual.js::$DATA",
        "/static/~/.bashrc",
        "/static/.git/config",
        "/static/%2e/js/textual.js",
    ],
)
async def test_nothing_but_a_file_by_its_exact_name(served: Served, path: str) -> None:
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):  # the token opens no listing either
            url = URL(f"{served.base}{path}", encoded=True)
            async with http.get(url, headers=headers, allow_redirects=False) as response:
                body = await response.read()
                assert response.status in (400, 403, 404), (path, response.status)
                assert b"Index of" not in body and b"root:" not in body and b"import " not in body
                assert SECRET_LABEL.encode() not in body


def test_only_regular_files_are_read_never_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    (folder / "js" / "app.js").write_text("ok")
    secret = tmp_path / "secret.txt"
    secret.write_text("the sessions database")
    (folder / "js" / "linked.js").symlink_to(secret)
    (folder / "everything").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe.js")  # would block a reader forever
    found = static_files(folder)
    assert list(found) == ["js/app.js"]
    assert found["js/app.js"].body == b"ok" and found["js/app.js"].content_type == "text/javascript"
