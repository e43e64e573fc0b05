"""Special files planted in the private store folder: refused at once, in one sentence, never waited on.

A FIFO opened for reading blocks until a writer opens its other end, which in a planted store is never: the
stamp file `sessions.db.checked` was read with a plain open, so `assessor sessions list` hung for good.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from assessor.sessions import sqlite_files
from assessor.sessions.store import DB_NAME, Store, StoreError

NAMES = [DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal", f"{DB_NAME}.checked"]


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_fifo_in_the_store_folder_is_refused_in_one_line_not_waited_on(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    Store.open(home).create_session("kept")
    target = home / name
    target.unlink(missing_ok=True)
    os.mkfifo(target, 0o600)
    done = _run(home, "sessions", "list")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert str(target) in lines[0]
    assert "not a regular file" in lines[0]
    assert target.exists() and not target.is_file()  # left where it was


def _in_thread(action: Callable[[], object]) -> tuple[bool, object]:
    """Run `action` in a thread; (finished within 5 s, its result or exception)."""
    box: list[object] = []

    def body() -> None:
        try:
            box.append(action())
        except BaseException as exc:
            box.append(exc)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    thread.join(5)
    return not thread.is_alive(), (box[0] if box else None)


def test_a_fifo_swapped_in_after_the_checks_is_still_never_waited_on(tmp_path: Path) -> None:
    """The race: the folder was checked, then a FIFO replaced the stamp or the log before they were read."""
    home = tmp_path / "home"
    Store.open(home).create_session("kept")
    path = home / DB_NAME
    stamp = sqlite_files.stamp_path(path)
    stamp.unlink()
    os.mkfifo(stamp, 0o600)
    finished, result = _in_thread(lambda: sqlite_files.is_verified(path))
    assert finished and result is False
    finished, result = _in_thread(lambda: sqlite_files.remember_verified(path))
    assert finished and result is None
    assert not stamp.is_file()  # never replaced or truncated through
    wal = home / f"{DB_NAME}-wal"
    wal.unlink(missing_ok=True)
    os.mkfifo(wal, 0o600)
    finished, result = _in_thread(lambda: sqlite_files.check_wal(path))
    assert finished and isinstance(result, StoreError)
    assert "not a regular file" in str(result)


def test_a_link_swapped_in_is_named_a_link(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store.open(home).create_session("kept")
    wal = home / f"{DB_NAME}-wal"
    wal.unlink(missing_ok=True)
    os.symlink("/dev/zero", wal)
    with pytest.raises(StoreError, match="is a link, not a regular file"):
        sqlite_files.check_wal(home / DB_NAME)
    wal.unlink()
    wal.mkdir()
    with pytest.raises(StoreError, match="special file"):
        sqlite_files.read_regular(wal)


def test_a_fifo_in_the_catalog_cache_is_skipped_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessor.core import catalog_cache

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("ASSESSOR_CACHE", str(folder))
    roles = tmp_path / "roles"
    roles.mkdir()
    os.mkfifo(catalog_cache.cache_file(folder, roles), 0o600)
    finished, result = _in_thread(lambda: catalog_cache.read_cached(roles, "key", dict))
    assert finished and result is None
