"""Writing an exported report in the chosen folder, under a name that never overwrites an earlier one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assessor.report.model import Report
    from assessor.report.session import SessionHeading

ExportFormat = Literal["md", "html"]
MAX_TRIES = 10_000


def write_unique(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write text to directory/stem[-N].suffix: a new name instead of overwriting (report.files' rules)."""
    from assessor.report.files import write_unique as write_new

    return write_new(directory, stem, suffix, text)


def render_report(report: Report, fmt: str, heading: SessionHeading | None = None) -> str:
    """The report text, from the report's own renderers, headed like `assessor sessions export`."""
    from assessor.report.session import head_html, head_markdown

    if fmt == "html":
        from assessor.report.html import render_html

        html = render_html(report)
        return head_html(heading, html) if heading is not None else html
    from assessor.report.markdown import render_markdown

    markdown = render_markdown(report)
    return head_markdown(heading, markdown) if heading is not None else markdown
