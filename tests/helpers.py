"""What several test modules share: generated answer sets, a catalog with new data, a store of finished
sessions and its export, a look at what an HTML page would load, and a real `assessor serve` on a free
localhost port."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from assessor.core.assess import choose_role
from assessor.core.catalog import Catalog, load_catalog
from assessor.core.models import Answers
from assessor.sessions.store import Store

if TYPE_CHECKING:
    from aiohttp import ClientWebSocketResponse

CATALOG: Catalog = load_catalog()
CERTS = ["CPC", "CCS", "CRC", "CPMA", "CDIP", "RHIT", "RHIA", "CCS-P", "COC", "CDEO", "CCDS", "CCA", "ACC"]
SPECIALTIES = ["", "oncology", "emergency department", "radiology", "inpatient surgery", "e/m"]


@st.composite
def answer_sets(draw: st.DrawFn) -> Answers:
    coders = [role for role in CATALOG.roles if any(task.id == "assign-codes" for task in role.tasks)]
    picked = draw(st.sampled_from(coders) | st.sampled_from(coders) | st.sampled_from(CATALOG.roles))
    base = Answers.validated(
        {
            "job_title": picked.title,
            "role_id": picked.id,
            "years_experience": draw(st.floats(0, 40, allow_nan=False).map(lambda value: round(value, 1))),
            "work_setting": draw(st.sampled_from(["inpatient", "outpatient", "payer", "vendor", "other"])),
            "ai_tools": draw(st.sampled_from(["none", "suggestions", "autonomous"])),
            "country": draw(st.sampled_from(["us", "us", "uk", "canada", "australia", "other"])),
            "specialty": draw(st.sampled_from(SPECIALTIES)),
            "certifications": draw(st.lists(st.sampled_from(CERTS), max_size=4, unique=True)),
        }
    )
    if not draw(st.booleans()):
        return base
    role, _, _ = choose_role(base, CATALOG)  # a family id picks its variant by years
    own = [task.id for task in role.tasks]
    shared = [
        task.id
        for task in CATALOG.shared_tasks
        if task.id not in own and (not task.families or picked.family in task.families)
    ]
    chosen = draw(st.lists(st.sampled_from(own), min_size=1, max_size=4, unique=True))
    chosen += draw(st.lists(st.sampled_from(shared), max_size=2, unique=True)) if shared else []
    weights = draw(st.lists(st.integers(1, 20), min_size=len(chosen), max_size=len(chosen)))
    total = sum(weights)
    units = [weight * 1000 // total for weight in weights]
    units[0] += 1000 - sum(units)
    split = {task_id: unit / 10 for task_id, unit in zip(chosen, units, strict=True) if unit > 0}
    return replace(base, time_split=split)


def bench_module(file: str, name: str) -> ModuleType:
    """A script of bench/ loaded as a module once (the evaluation sets and row generators live there)."""
    if name in sys.modules:
        return sys.modules[name]
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(name, root / "bench" / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def changed_catalog(catalog: Catalog, automation: int) -> tuple[Catalog, str]:
    """The catalog with the mid-level coder's first task at another automation score, as new data."""
    role = catalog.role("medical-coder")
    tasks = list(role.tasks)
    tasks[0] = replace(tasks[0], automation=automation)
    new_role = replace(role, tasks=tuple(tasks))
    roles = tuple(new_role if item.id == role.id else item for item in catalog.roles)
    return catalog.model_copy(update={"roles": roles, "version": "test-next"}), tasks[0].name


RESULT: dict[str, Any] = {
    "role": {"id": "medical-coder", "title": "Medical Coder", "level": "mid", "confidence": 90.0},
    "tasks": [
        {"id": "code-charts", "name": "Code charts", "time_pct": 60.0, "automation": 4},
        {"id": "queries", "name": "Physician queries", "time_pct": 40.0, "automation": 2},
    ],
    "score": 11.6,
    "zone": "red",
    "label": "AT RISK",
}
PLAN: dict[str, Any] = {
    "actions": [{"id": "cdi", "title": "Move into CDI", "gain": 8.5, "months": 6, "why": []}]
}


def finished_session(store: Store, label: str, answers: Answers, catalog: Catalog) -> str:
    """A session for `label` with its first answer recorded and finished on `answers`; its id."""
    from assessor.sessions.records import finish_session

    session_id = store.create_session(label)
    store.record_answer(session_id, "job_title", answers.job_title, {"job_title": answers.job_title})
    finish_session(store, session_id, answers, catalog)
    return session_id


def finished_store(home: Path, count: int = 3) -> tuple[Store, list[str]]:
    """A SQLite store under `home` with `count` finished sessions ("Client 0", ...) and their ids."""
    store = Store.open(home)
    ids = []
    for index in range(count):
        session_id = store.create_session(f"Client {index}")
        store.record_answer(session_id, "job_title", "coder", {"job_title": "coder"})
        store.finish(session_id, RESULT, PLAN, "v1", {"job_title": "coder", "years_experience": 3})
        ids.append(session_id)
    return store, ids


def export_document(tmp_path: Path) -> dict[str, Any]:
    """The `sessions export-all` document of five finished sessions, as parsed JSON (to forge from)."""
    source, _ = finished_store(tmp_path / "source", 5)
    path = tmp_path / "all.json"
    source.export_all(path)
    document: dict[str, Any] = json.loads(path.read_text())
    return document


class PageCollector(HTMLParser):
    """Every tag of a page and whether open and close tags balance."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "br", "rect", "line", "link", "img", "circle", "path"}:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"rect", "line", "circle", "path"}:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.open[-3:]})")
            return
        self.open.pop()


LOADING_TAGS = {
    "link",
    "script",
    "img",
    "source",
    "video",
    "audio",
    "embed",
    "image",
    "use",
    "iframe",
    "object",
}


def external_loads(page: str) -> list[str]:
    """Everything in a page that would make a browser fetch something."""
    collector = PageCollector()
    collector.feed(page)
    collector.close()
    found = [
        f"<{tag} {key}={attrs[key]}>"
        for tag, attrs in collector.tags
        if tag in LOADING_TAGS
        for key in ("src", "href", "xlink:href", "srcset", "data")
        if attrs.get(key)
    ]
    found += [tag for tag, _ in collector.tags if tag in {"script", "iframe", "object"}]
    found += re.findall(r"@import|url\(", page)
    return found


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A running `assessor serve`: its process, port, home folder (the store), log and --token."""

    def __init__(
        self, process: subprocess.Popen[bytes], port: int, home: Path, log: Path, token: str | None
    ) -> None:
        self.process = process
        self.port = port
        self.home = home
        self.log = log
        self.token = token

    @property
    def base(self) -> str:
        """The address it answers on, which is also the Origin its own page sends."""
        return f"http://127.0.0.1:{self.port}"

    def printed_url(self, seconds: float = 10.0) -> str:
        """The address it printed ("serving on URL"), waiting up to `seconds` for it."""
        end = time.monotonic() + seconds
        while "serving on" not in self.log.read_text() and time.monotonic() < end:
            time.sleep(0.1)
        match = re.search(r"serving on (\S+)", self.log.read_text())
        assert match, self.log.read_text()
        return match.group(1)


@contextlib.contextmanager
def serving(folder: Path, *options: str, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """`python -m assessor serve` on a free 127.0.0.1 port, its log in `folder`, answering on the port when
    this yields; stopped (its whole process group) afterwards. Its environment is `env` (which names its
    ASSESSOR_HOME), or by default this one with ASSESSOR_HOME under `folder`."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    environment = dict(env) if env is not None else {**os.environ, "ASSESSOR_HOME": str(folder / "home")}
    token = options[options.index("--token") + 1] if "--token" in options else None
    log_path = folder / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "assessor", "serve", "--port", str(port), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert process.poll() is None, log_path.read_text()
            time.sleep(0.1)
        else:
            raise AssertionError(f"assessor serve did not answer on port {port}: {log_path.read_text()}")
        yield Served(process, port, Path(environment.get("ASSESSOR_HOME", folder / "home")), log_path, token)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


TOKEN = "fixed-test-token-0123456789"  # the token a test server is started with (--token)


async def first_bytes(socket_: ClientWebSocketResponse, seconds: float = 20.0) -> bytes:
    """What the app sends first (it starts, then paints)."""
    import aiohttp

    end = time.monotonic() + seconds
    received = b""
    while time.monotonic() < end and len(received) < 200:
        try:
            message = await socket_.receive(timeout=max(0.1, end - time.monotonic()))
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type == aiohttp.WSMsgType.TEXT:
            received += message.data.encode()
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
    return received


async def refused_websocket(url: str, **headers: str) -> int:
    """The HTTP status a websocket handshake to `url` is refused with (fails if it is accepted)."""
    import aiohttp
    import pytest

    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with http.ws_connect(url, headers=headers) as socket_:
                await first_bytes(socket_, 3)
        return refused.value.status
