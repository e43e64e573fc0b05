"""The app's settings file (the remembered export folder) damaged or replaced: the defaults, never a hang or
a crash.

Before: a FIFO in its place blocked the app for good when it looked up the export folder, /dev/zero linked in
its place filled the memory, and JSON nested thousands deep stopped it with a RecursionError.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.tui.settings import AppSettings, load_settings, save_settings


def test_a_sound_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, AppSettings(export_dir="/srv/reports"))
    assert load_settings(path).export_dir == "/srv/reports"


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000, '{"export_dir": ' * 50_000, '{"export_dir": "' + "x" * 100_000 + '"}', "\x00\x01"],
)
def test_a_damaged_file_gives_the_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    assert load_settings(path) == AppSettings()


def test_a_fifo_or_a_device_in_its_place_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo" / "settings.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    device = tmp_path / "device" / "settings.json"
    device.parent.mkdir()
    device.symlink_to("/dev/zero")
    code = (
        "import sys; from pathlib import Path; from assessor.tui.settings import load_settings; "
        "print(load_settings(Path(sys.argv[1])).export_dir, load_settings(Path(sys.argv[2])).export_dir)"
    )
    done = subprocess.run(  # a process of its own: a blocked read must not hang the test run
        [sys.executable, "-c", code, str(fifo), str(device)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0 and done.stdout == "None None\n", done.stderr
