"""The app served to a team: two `assessor serve` processes on one database, as behind a load balancer.

Each test starts real `python -m assessor serve` processes on free 127.0.0.1 ports and drives the app the way
the browser page does, over textual-serve's websocket (keys in as ["stdin", ...], the terminal's output and
file deliveries out). What it proves: both processes keep the token and Origin checks; a session saved
through one process is listed and resumed through the other, and exported through it (the caseload report,
downloaded as the browser would); `serve --database URL` reaches the visitors' app processes through their
environment and never through a command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from assessor.sessions.database import open_store
from tests.backends import Backend
from tests.helpers import Served, free_port, refused_websocket, serving
from tests.pg_cluster import Service

COUNSELLOR = "Ann Team"
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


class Visitor:
    """One browser tab: the websocket to one served process, the screen text it received, files delivered."""

    def __init__(self, http: aiohttp.ClientSession, served: Served) -> None:
        self.http = http
        self.served = served
        self.output = b""
        self.deliveries: list[str] = []
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Visitor:
        self.socket = await self.http.ws_connect(
            f"ws://127.0.0.1:{self.served.port}/ws?token={self.served.token}&width=120&height=40",
            headers={"Origin": self.served.base},
            max_msg_size=0,
        )
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.socket is not None and self.reader is not None
        await self.socket.close()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                envelope = json.loads(message.data)
                if envelope[0] == "deliver_file_start":
                    self.deliveries.append(str(envelope[1]))

    def text(self) -> str:
        return ANSI.sub(b"", self.output).decode("utf-8", errors="replace")

    async def wait_for(self, pattern: str, seconds: float = 90.0) -> None:
        """Until the screen has shown `pattern` (a regular expression) since the last `mark`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if re.search(pattern, self.text()):
                return
            await asyncio.sleep(0.2)
        pytest.fail(f"the served app never showed {pattern!r}; it showed: {self.text()[-1500:]!r}")

    async def shows(self, pattern: str, seconds: float = 20.0) -> bool:
        """Whether the screen shows `pattern` within `seconds` (since the last `mark`)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if re.search(pattern, self.text()):
                return True
            await asyncio.sleep(0.2)
        return False

    async def open_sessions(self) -> None:
        """The Sessions screen by its key (F4), tried again while the screen does not come (on a busy machine
        the served app may not be reading keys yet)."""
        for _ in range(4):
            self.mark()
            await self.keys("\x1bOS", pause=1.5)  # F4
            if await self.shows(r"Status"):  # the table's heading
                return
        pytest.fail(f"the Sessions screen never opened; the screen showed: {self.text()[-1500:]!r}")

    def mark(self) -> None:
        self.output = b""

    async def redraw(self) -> None:
        """The whole screen sent again (a resize repaints everything): a terminal stream carries only what
        changed, so a row drawn before the last mark is otherwise never seen again."""
        assert self.socket is not None
        for height in (39, 40):
            await self.socket.send_json(["resize", {"width": 120, "height": height}])
            await asyncio.sleep(0.6)

    async def keys(self, text: str, pause: float = 0.6) -> None:
        assert self.socket is not None
        await self.socket.send_json(["stdin", text])
        await asyncio.sleep(pause)


def wait_until(condition: object, what: str, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting: {what}")


def app_processes(server_pid: int) -> list[int]:
    """`-m assessor` app processes below a serve process (textual-serve runs them through a shell)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            command = (entry / "cmdline").read_bytes().split(b"\0")
            if b"assessor" not in command or b"serve" in command:
                continue
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            grandparent = int((Path("/proc") / str(parent) / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if server_pid in (parent, grandparent):
                found.append(int(entry.name))
    return found


async def test_a_session_saved_through_one_served_process_is_listed_resumed_and_exported_through_another(
    tmp_path: Path, backend: Backend
) -> None:
    """On each backend (SQLite, and PostgreSQL in a throwaway cluster): both processes use one database."""
    base = {name: value for name, value in os.environ.items() if not name.startswith("ASSESSOR_")}
    database = backend.url
    if backend.cluster is None:
        base["ASSESSOR_COUNSELLOR"] = COUNSELLOR
    else:  # the counsellor is the database role; its password in the environment, as a deployment keeps it
        database = backend.cluster.url(backend.url.rsplit("/", 1)[1], password="")
        base["PGPASSWORD"] = backend.cluster.password
    env_a = {**base, "ASSESSOR_HOME": str(tmp_path / "home-a"), "ASSESSOR_DATABASE_URL": database}
    # The second process is told the database only by --database: its own ASSESSOR_HOME is elsewhere.
    env_b = {**base, "ASSESSOR_HOME": str(tmp_path / "home-b")}
    store = backend.open(counsellor=COUNSELLOR if backend.cluster is None else None)
    with (
        serving(tmp_path / "a", "--token", "token-of-process-a-0123456789", env=env_a) as served_a,
        serving(
            tmp_path / "b", "--token", "token-of-process-b-0123456789", "--database", database, env=env_b
        ) as served_b,
    ):
        assert f"sessions are saved in {store.location}" in served_b.log.read_text()
        for served, other in ((served_a, served_b), (served_b, served_a)):  # the checks hold on each
            own = f"ws://127.0.0.1:{served.port}/ws"
            assert await refused_websocket(own, Origin=served.base) == 403
            assert await refused_websocket(f"{own}?token={other.token}", Origin=served.base) == 403
            assert await refused_websocket(f"{own}?token={served.token}", Origin="http://evil.example") == 403
            assert await refused_websocket(f"{own}?token={served.token}", Origin=other.base) == 403

        # unsafe=True: keep cookies for 127.0.0.1, as a browser does (serve sets none: test_serve_cookies).
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            # Through A: a client label, then the first answer.
            async with Visitor(http, served_a) as tab:
                await tab.wait_for(r"Client label")
                await tab.keys("Team Client 7")
                await tab.keys("\r")
                await tab.wait_for(r"job title")
                await tab.keys("medical coder")
                await tab.keys("\r", pause=1.5)

            def saved() -> bool:
                summaries = store.list_sessions()
                return len(summaries) == 1 and summaries[0].answer_count >= 1

            wait_until(saved, "the answer given through process A to be in the shared store")
            [summary] = store.list_sessions()
            assert summary.client_label == "Team Client 7" and summary.counsellor == store.counsellor
            assert store.counsellor == (COUNSELLOR if backend.cluster is None else "assessor_admin")
            assert store.get(summary.id).answers.get("job_title") == "medical coder"

            # Through B: the Sessions screen lists it; Enter resumes it at the next question.
            async with Visitor(http, served_b) as tab:
                await tab.wait_for(r"Client label")
                [app_pid] = app_processes(served_b.process.pid)
                environment = (Path("/proc") / str(app_pid) / "environ").read_bytes().split(b"\0")
                assert f"ASSESSOR_DATABASE_URL={database}".encode() in environment
                assert database.encode() not in (Path("/proc") / str(app_pid) / "cmdline").read_bytes()
                await tab.open_sessions()
                await tab.wait_for(r"Team Client 7.*1 of 1.*" + summary.id)
                tab.mark()
                await tab.keys("r")  # the caseload report, delivered to the browser
                await tab.wait_for(r"Caseload report")
                wait_until(lambda: tab.deliveries, "the caseload report to be delivered")
                # As the browser does: the page opens, then the download by its key (no cookie, no token).
                async with http.get(f"{served_b.base}/?token={served_b.token}") as response:
                    assert response.status == 200
                async with http.get(
                    f"{served_b.base}/download/{tab.deliveries[0]}", headers={"Origin": served_b.base}
                ) as response:
                    assert response.status == 200
                    report = await response.text()
                    # streamed by textual-serve itself, its headers sent before the guard saw it: still
                    # never cached, sniffed, framed or named by the server software
                    assert response.headers["Cache-Control"] == "no-store"
                    assert response.headers["X-Content-Type-Options"] == "nosniff"
                    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
                    assert response.headers["Server"] == "assessor"
                assert "<h1>Caseload report</h1>" in report
                assert (
                    f"<td>Team Client 7</td><td class='id'>{summary.id}</td><td class='num'>1</td>" in report
                )
                tab.mark()
                await tab.keys("\r", pause=2.0)  # open the highlighted (only) session: it resumes
                await tab.wait_for(r"years")
                await tab.keys("4")
                await tab.keys("\r", pause=1.5)

            def resumed() -> bool:
                return store.get(summary.id).answers.get("years_experience") == 4

            wait_until(resumed, "the answer given through process B to be saved in the same session")
            record = store.get(summary.id)
            assert [raw.question_id for raw in record.raw_answers][:2] == ["job_title", "years_experience"]
            assert len(store.list_sessions()) == 1  # resumed, not a second session


def test_a_password_in_the_database_url_is_warned_about_and_never_printed(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSESSOR_")}
    env["ASSESSOR_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "serve",
            "--port",
            str(free_port()),
            "--database",
            "postgresql://ann:s3cret-pw@127.0.0.1:1/care",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0  # nothing listens on port 1: serve stops before serving
    lines = done.stderr.strip().splitlines()
    assert "holds a password" in lines[0] and "ASSESSOR_DATABASE_URL" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("assessor")
    assert "s3cret-pw" not in done.stderr and "serving on" not in done.stderr


def test_the_token_can_come_from_the_environment(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSESSOR_")}
    env.update(ASSESSOR_HOME=str(tmp_path / "home"), ASSESSOR_SERVE_TOKEN="token-from-the-environment-42")
    with serving(tmp_path, env=env) as served:
        log = served.log.read_text()
        # Used (it opens the page), never printed (the journal keeps the first line), never on the command line.
        assert f"http://127.0.0.1:{served.port}/ (ctrl+c stops)" in log
        assert "token-from-the-environment" not in log
        assert b"token-from-the-environment" not in Path(f"/proc/{served.process.pid}/cmdline").read_bytes()
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        connection.request("GET", "/?token=token-from-the-environment-42")
        assert connection.getresponse().status == 200
        connection.close()


def test_has_password_reads_the_address_and_the_parameters() -> None:
    from assessor.commands.serve import has_password

    assert has_password("postgresql://ann:pw@db/care")
    assert has_password("postgresql://ann@db/care?sslmode=require&password=pw")
    assert not has_password("postgresql://ann@db/care?sslmode=verify-full")
    assert not has_password("sqlite:///var/lib/assessor")


def password_file(folder: Path, service: Service, role: str) -> Path:
    """A role's libpq password file (host:port:database:role:password), 0600 as libpq requires."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{role}.pgpass"
    path.write_text(f"127.0.0.1:{service.cluster.port}:{service.database}:{role}:{role.split('_')[0]}-pw\n")
    path.chmod(0o600)
    return path


async def test_row_level_security_holds_through_each_counsellors_served_app(
    tmp_path: Path, service: Service
) -> None:
    """Three serve processes as a service runs them: Ann's and Bob's, each logging in as their own counsellor
    role, and Sue's as a supervisor, each URL without a password (the password in the role's PGPASSFILE, as
    the systemd unit in deploy/ gives it). Through her served app Ann lists, reports and so can resume only
    her own session, even in the everyone view; Sue's lists and reports both and resumes Bob's."""
    base = {name: value for name, value in os.environ.items() if not name.startswith(("ASSESSOR_", "PG"))}
    people = {"ann": service.ann, "bob": service.bob, "sue": service.sue}
    secrets = [f"{name}-pw" for name in people]

    def env(name: str) -> dict[str, str]:
        passfile = password_file(tmp_path / "secrets", service, people[name])
        return {**base, "ASSESSOR_HOME": str(tmp_path / f"home-{name}"), "PGPASSFILE": str(passfile)}

    def url(name: str) -> str:
        return service.cluster.url(service.database, people[name], password="")

    ann_store = open_store(service.url(service.ann))
    bob_store = open_store(service.url(service.bob))
    with (
        serving(
            tmp_path / "ann",
            "--token",
            "token-of-ann-0123456789abc",
            "--database",
            url("ann"),
            env=env("ann"),
        ) as ann,
        serving(
            tmp_path / "bob",
            "--token",
            "token-of-bob-0123456789abc",
            "--database",
            url("bob"),
            env=env("bob"),
        ) as bob,
        serving(
            tmp_path / "sue",
            "--token",
            "token-of-sue-0123456789abc",
            "--database",
            url("sue"),
            env=env("sue"),
        ) as sue,
    ):
        for served in (ann, bob, sue):
            log = served.log.read_text()
            assert "holds a password" not in log and not any(secret in log for secret in secrets)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            for served, client in ((ann, "Ann Client"), (bob, "Bob Client")):  # each saves one session
                async with Visitor(http, served) as tab:
                    await tab.wait_for(r"Client label")
                    await tab.keys(client)
                    await tab.keys("\r")
                    await tab.wait_for(r"job title")
                    await tab.keys("medical coder")
                    await tab.keys("\r", pause=1.5)
                    [app_pid] = app_processes(served.process.pid)
                    for part in ("cmdline", "environ"):  # the password is in neither, only the file's name
                        shown = (Path("/proc") / str(app_pid) / part).read_bytes().decode(errors="replace")
                        assert not any(secret in shown for secret in secrets), part
            wait_until(
                lambda: (
                    [s.answer_count for s in ann_store.list_sessions() + bob_store.list_sessions()] == [1, 1]
                ),
                "each counsellor's answer to be saved under their own role",
            )
            [ann_id] = [s.id for s in ann_store.list_sessions()]
            [bob_id] = [s.id for s in bob_store.list_sessions()]

            async def sessions_screen(tab: Visitor, everyone: bool, expected: str) -> None:
                await tab.wait_for(r"Client label")
                await tab.open_sessions()
                if everyone:
                    tab.mark()
                    await tab.keys("a", pause=1.5)  # every counsellor's sessions the database allows
                    await tab.wait_for(r"Counsellor")
                if not await tab.shows(expected, seconds=10):  # drawn before the mark: not sent again
                    await tab.redraw()
                await tab.wait_for(expected)

            async def report(tab: Visitor, served: Served) -> str:
                tab.deliveries.clear()
                await tab.keys("r")
                wait_until(lambda: tab.deliveries, "the caseload report to be delivered")
                async with http.get(f"{served.base}/?token={served.token}") as response:
                    assert response.status == 200
                async with http.get(
                    f"{served.base}/download/{tab.deliveries[0]}", headers={"Origin": served.base}
                ) as response:
                    assert response.status == 200
                    return await response.text()

            async with Visitor(http, ann) as tab:  # Ann: her own, even when asking for everyone's
                await sessions_screen(tab, everyone=True, expected=ann_id)
                await asyncio.sleep(1.0)
                assert "Bob Client" not in tab.text() and bob_id not in tab.text()
                page = await report(tab, ann)
                assert "Ann Client" in page and "Bob Client" not in page and bob_id not in page

            async with Visitor(http, bob) as tab:  # Bob: his own
                await sessions_screen(tab, everyone=True, expected=bob_id)
                await asyncio.sleep(1.0)
                assert "Ann Client" not in tab.text() and ann_id not in tab.text()

            async with Visitor(http, sue) as tab:  # Sue, the supervisor: both, and she resumes Bob's
                await sessions_screen(tab, everyone=True, expected=f"{ann_id}|{bob_id}")
                await tab.wait_for(ann_id)
                await tab.wait_for(bob_id)
                page = await report(tab, sue)
                assert "Ann Client" in page and "Bob Client" in page
                tab.mark()
                await tab.keys("\x1b[B")  # down: Bob's row (clients A-Z: Ann Client, then Bob Client)
                await tab.keys("\r", pause=2.0)
                await tab.wait_for(r"years")
                await tab.keys("4")
                await tab.keys("\r", pause=1.5)
            wait_until(
                lambda: bob_store.get(bob_id).answers.get("years_experience") == 4,
                "the supervisor's answer to be saved in Bob's session",
            )
            assert ann_store.get(ann_id).answers.get("years_experience") is None
            assert [s.counsellor for s in bob_store.list_sessions()] == [service.bob]  # still Bob's
