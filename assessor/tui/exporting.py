"""Writing an exported report next to the person, under a name that never overwrites an earlier one."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

ExportFormat = Literal["md", "html"]
MAX_TRIES = 10_000


def write_unique(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write text to directory/stem[-N].suffix: a new name instead of overwriting (report.files' rules)."""
    from assessor.report.files import write_unique as write_new

    return write_new(directory, stem, suffix, text)


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
