"""Writing an exported report next to the person, under a name that never overwrites an earlier one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

ExportFormat = Literal["md", "html"]
MAX_TRIES = 10_000


def write_unique(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write text to directory/stem[-N].suffix, creating the file exclusively (never clobbering)."""
    data = text.encode("utf-8")
    for number in range(1, MAX_TRIES + 1):
        name = f"{stem}.{suffix}" if number == 1 else f"{stem}-{number}.{suffix}"
        path = directory / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return path
    raise FileExistsError(f"{directory} already holds {MAX_TRIES} reports named {stem}")


def render_report(data: Any, fmt: str) -> str:
    """The report text, from the core's own renderers (the same as `assessor report`)."""
    from assessor.core.errors import AssessorError

    if data.report is None:
        raise AssessorError(data.plan_error or "the report could not be built")
    if fmt == "html":
        from assessor.report.html import render_html

        return render_html(data.report)
    from assessor.report.markdown import render_markdown

    return render_markdown(data.report)
