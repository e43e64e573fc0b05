"""The app's few remembered choices (the export folder), in a small JSON file in the user config folder.

Read when needed and written only when the person makes a choice worth remembering (an export), so a
person who only looks at the app leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from pydantic import ValidationError

from assessor.core.frozen import Frozen


class AppSettings(Frozen):
    export_dir: str | None = None  # the folder the last report was saved in


def default_settings_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("assessor", appauthor=False)) / "settings.json"


MAX_SETTINGS_BYTES = 64 * 1024


def load_settings(path: Path) -> AppSettings:
    """The saved settings; a missing, unreadable or damaged file gives the defaults (it is only a
    convenience). Only a small regular file is read: a FIFO put in its place blocked the app for good,
    /dev/zero filled its memory, and JSON nested thousands deep stopped it with a RecursionError."""
    try:
        # Checked on the open descriptor, opened without waiting: a FIFO swapped in after a check by path
        # would still block.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SETTINGS_BYTES:
                return AppSettings()
            os.set_blocking(fd, True)
            data = handle.read(MAX_SETTINGS_BYTES + 1)
        return AppSettings.model_validate(json.loads(data.decode("utf-8")))
    except (OSError, ValueError, ValidationError, RecursionError):
        return AppSettings()


def save_settings(path: Path, settings: AppSettings) -> None:
    """Write the settings atomically (a crash leaves the old file or the new one)."""
    from assessor.report.files import write_text_atomic

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_text_atomic(path, settings.model_dump_json(indent=2) + "\n", force=True)
