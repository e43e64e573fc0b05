"""When `assessor serve` stops, the app processes it started for open pages stop too (a real server, a real
websocket client, real processes): a service restarted now and then must not pile up apps nobody can reach."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import aiohttp

from tests.helpers import TOKEN, first_bytes, serving


def _apps_of(group: int, server: int) -> list[int]:
    """The `python -m assessor` app processes in the server's process group (not the server itself)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == server:
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        process_group = int(stat.rsplit(")", 1)[1].split()[2])
        if process_group == group and b"assessor" in command and b"serve" not in command and b"-m" in command:
            found.append(int(entry.name))
    return found


async def test_the_apps_of_open_pages_end_when_the_server_is_stopped(tmp_path: Path) -> None:
    with serving(tmp_path, "--token", TOKEN) as served:
        headers = {"Origin": served.base, "Authorization": f"Bearer {TOKEN}"}
        async with aiohttp.ClientSession() as http:
            page = await http.ws_connect(f"ws://127.0.0.1:{served.port}/ws", headers=headers)
            assert len(await first_bytes(page)) > 0  # the app is running and has painted
            apps = _apps_of(served.process.pid, served.process.pid)
            assert apps, "no app process found for the open page"
            os.kill(served.process.pid, signal.SIGKILL)  # the server alone, as a crash or `kill -9` would
            served.process.wait(10)
            end = time.monotonic() + 20
            while _apps_of(served.process.pid, served.process.pid) and time.monotonic() < end:
                await asyncio.sleep(0.2)
            left = _apps_of(served.process.pid, served.process.pid)
            await page.close()
        assert left == [], f"app processes left running after the server stopped: {left} (were {apps})"
