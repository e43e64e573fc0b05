"""A report headed by the client session it belongs to (label, date, notes): the same for
`assessor sessions export` and the app's exports, and a file name a counsellor can find again."""

from __future__ import annotations

import json
import re
import unicodedata
from html import escape
from typing import Any

from assessor.core.frozen import Frozen
from assessor.core.text import markdown_inline


class SessionHeading(Frozen):
    """What heads a client's report: who (the label as typed), which session, when, and the notes."""

    client: str | None = None  # None: an anonymous conversation exported from the app
    session_id: str | None = None
    when: str  # a date and time as the reader should see it, e.g. "2026-11-30 14:05 UTC"
    notes: str = ""


def head_markdown(heading: SessionHeading, body: str) -> str:
    lines = [f"Client: {markdown_inline(heading.client)}  "] if heading.client else []
    session = f"Session: {heading.session_id}, " if heading.session_id else "Date: "
    lines.append(f"{session}{heading.when}  ")
    if heading.notes:
        lines.append(f"Counsellor notes: {markdown_inline(heading.notes)}")
    return "\n".join(lines) + "\n\n" + body


def head_html(heading: SessionHeading, html: str) -> str:
    session = f"Session: {escape(heading.session_id)}, " if heading.session_id else "Date: "
    block = (
        '<p class="session">'
        + (f"Client: {escape(heading.client)}<br>" if heading.client else "")
        + f"{session}{escape(heading.when)}"
        + (f"<br>Counsellor notes: {escape(heading.notes)}" if heading.notes else "")
        + "</p>"
    )
    marker = html.find("<body")
    if marker >= 0:
        end = html.find(">", marker) + 1
        return html[:end] + "\n" + block + html[end:]
    return block + "\n" + html


def head_json(header: dict[str, Any], report: dict[str, Any]) -> str:
    return json.dumps({"session": header, **report}, indent=2, ensure_ascii=False, default=str) + "\n"


def slug(label: str, limit: int = 40) -> str:
    """A client label as a safe piece of a file name: ASCII letters, digits and dashes only."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()
    return cleaned[:limit].rstrip("-")


def report_stem(client: str | None, day: str) -> str:
    """`assessor-report-<client>-<YYYY-MM-DD>` (the client part left out when there is none or it slugs
    to nothing), so exports of several clients sort by client, then date."""
    parts = ["assessor-report"]
    if client and slug(client):
        parts.append(slug(client))
    parts.append(day)
    return "-".join(parts)
