"""The caseload report's tables as one model, so the Markdown and HTML renderers print the same cells.

A section is a heading, a sentence that introduces its table (or says why there is none) and the table: its
columns and, row by row, each cell's text as a reader sees it. Renderers only decide how a kind of cell
looks: stored text escaped for their format, figures right-aligned, a share drawn as a bar where bars can be
drawn (the HTML page; Markdown leaves bar columns out). Text between backticks in a sentence is a command.
"""

from __future__ import annotations

from typing import Literal

from assessor.core.frozen import Frozen
from assessor.report.caseload import LIST_LIMIT, Caseload, ChangedResult

TASKS_SHOWN = 10
ACTIONS_SHOWN = 10

ColumnKind = Literal["text", "number", "id", "list", "bar"]
Tone = Literal["up", "down", "level"]


class Column(Frozen):
    heading: str
    kind: ColumnKind = "text"
    width: str | None = None  # the share of the page's width it takes where widths are set ("42%")


class Cell(Frozen):
    text: str = ""
    stored: bool = False  # typed by a person or read from stored data: escaped, never read as markup
    items: tuple[str, ...] = ()  # a list column's entries (stored text)
    quiet: bool = False  # a placeholder the page shows muted ("(none yet)")
    tone: Tone | None = None  # a change up or down, or a bar's colour
    share: float | None = None  # a bar column's length, in %


class Table(Frozen):
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


class Section(Frozen):
    heading: str
    intro: str | None  # the sentence before the table, or the one said instead of an empty table
    table: Table | None
    more: str | None = None  # rows left out of the table, and where they are
    keep: bool = False  # printed on one page with what follows (no page break inside)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def when(stamp: str) -> str:
    """A stored UTC timestamp as a reader sees it: `2026-11-30 14:05 UTC`."""
    return stamp.replace("T", " ")[:16] + " UTC"


def change_text(row: ChangedResult) -> str:
    return "-" if row.change is None else f"{row.change:+.1f}"


def more_sentence(total: int, shown: int, what: str) -> str | None:
    left = total - shown
    return f"{plural(left, 'more ' + what)} in `--json`." if left > 0 else None


def _number(text: str) -> Cell:
    return Cell(text=text)


def _stored(text: str) -> Cell:
    return Cell(text=text, stored=True)


def _counsellor_columns(caseload: Caseload) -> tuple[Column, ...]:
    return (Column(heading="Counsellor"),) if caseload.everyone else ()


def _counsellor_cells(caseload: Caseload, counsellor: str | None) -> tuple[Cell, ...]:
    if not caseload.everyone:
        return ()
    return (_stored(counsellor) if counsellor else Cell(text="-"),)


def counsellors_section(caseload: Caseload) -> Section | None:
    """Who holds which part of a caseload read across counsellors; None on one counsellor's own."""
    if not caseload.counsellors:
        return None
    columns = (
        Column(heading="Counsellor"),
        Column(heading="Clients", kind="number"),
        Column(heading="Sessions", kind="number"),
        Column(heading="Unfinished", kind="number"),
    )
    rows = tuple(
        (_stored(row.counsellor), _number(f"{row.clients:,}"), _number(f"{row.sessions:,}"),
         _number(f"{row.unfinished:,}"))
        for row in caseload.counsellors
    )  # fmt: skip
    return Section(heading="Counsellors", intro=None, table=Table(columns=columns, rows=rows), keep=True)


def tasks_section(caseload: Caseload) -> Section:
    heading = "Tasks most often at risk"
    if not caseload.tasks_at_risk:
        return Section(
            heading=heading, intro="No client's latest result has a task at automation 4-5.", table=None
        )
    columns = (
        Column(heading="Task", width="42%"),
        Column(heading="Clients", kind="number"),
        Column(heading="Share of clients", kind="number"),
        Column(heading="", kind="bar", width="16%"),
        Column(heading="Mean share of their day", kind="number"),
    )
    rows = tuple(
        (
            _stored(task.name),
            _number(f"{task.clients:,}"),
            _number(f"{task.share_of_clients:.0f}%"),
            Cell(share=task.share_of_clients, tone="down"),
            _number(f"{task.mean_time_pct:.0f}%"),
        )
        for task in caseload.tasks_at_risk[:TASKS_SHOWN]
    )
    return Section(
        heading=heading,
        intro="Tasks AI tools can already do most of (automation 4-5), by how many clients do them.",
        table=Table(columns=columns, rows=rows),
        more=more_sentence(len(caseload.tasks_at_risk), TASKS_SHOWN, "task"),
    )


def actions_section(caseload: Caseload) -> Section:
    heading = "Plan actions most often recommended"
    if not caseload.plan_actions:
        return Section(heading=heading, intro="No stored plan recommends an action.", table=None)
    columns = (
        Column(heading="Action", width="42%"),
        Column(heading="In plans of", kind="number"),
        Column(heading="", kind="bar", width="14%"),
        Column(heading="Ranked first for", kind="number"),
        Column(heading="Mean gain", kind="number"),
        Column(heading="Mean months", kind="number"),
    )
    scored = max(caseload.counts.scored_clients, 1)
    rows = tuple(
        (
            _stored(action.title),
            _number(plural(action.clients, "client")),
            Cell(share=100 * action.clients / scored, tone="up"),
            _number(f"{action.first_choice:,}"),
            _number(f"{action.mean_gain:+.1f}"),
            _number(f"{action.mean_months:g}"),
        )
        for action in caseload.plan_actions[:ACTIONS_SHOWN]
    )
    return Section(
        heading=heading,
        intro="From the plans stored with each client's latest result; the gain is in score points, re-scored "
        "on the client's own answers.",
        table=Table(columns=columns, rows=rows),
        more=more_sentence(len(caseload.plan_actions), ACTIONS_SHOWN, "action"),
    )


def _change_tone(row: ChangedResult) -> Tone:
    change = row.change or 0
    return "down" if change < 0 else "up" if change > 0 else "level"


def changed_section(caseload: Caseload) -> Section:
    heading = "Results that change on today's role data"
    if not caseload.changed:
        if caseload.older_data:
            said = f"{plural(caseload.older_data, 'latest result')} came from older role data; none would change."
        else:
            said = "Every latest result was scored on today's role data."
        return Section(heading=heading, intro=said, table=None)
    columns = (
        Column(heading="Client"),
        *_counsellor_columns(caseload),
        Column(heading="Session", kind="id"),
        Column(heading="Score then", kind="number"),
        Column(heading="Today", kind="number"),
        Column(heading="Change", kind="number"),
        Column(heading="Why", kind="list"),
    )
    rows = tuple(
        (
            _stored(change.client),
            *_counsellor_cells(caseload, change.counsellor),
            Cell(text=change.session_id, stored=True),
            _number(f"{change.old_score:.1f}"),
            _number(f"{change.new_score:.1f}" if change.new_score is not None else "-"),
            Cell(text=change_text(change), tone=_change_tone(change)),
            Cell(
                items=(f"its answers no longer score: {change.error}",) if change.error else change.reasons,
            ),
        )
        for change in caseload.changed[:LIST_LIMIT]
    )
    return Section(
        heading=heading,
        intro=f"Each client's latest result scored again on today's role data ({caseload.data_version}). The "
        "stored result is kept: it is what the client was told.",
        table=Table(columns=columns, rows=rows),
        more=more_sentence(len(caseload.changed), LIST_LIMIT, "changed result"),
    )


def unfinished_section(caseload: Caseload) -> Section:
    heading = "Conversations left unfinished"
    if not caseload.unfinished:
        return Section(heading=heading, intro="None: every conversation reached its result.", table=None)
    columns = (
        Column(heading="Client"),
        *_counsellor_columns(caseload),
        Column(heading="Session", kind="id"),
        Column(heading="Answers", kind="number"),
        Column(heading="Last question answered"),
        Column(heading="Last saved"),
        Column(heading="Finished later"),
    )
    rows = tuple(
        (
            _stored(stopped.client),
            *_counsellor_cells(caseload, stopped.counsellor),
            Cell(text=stopped.session_id, stored=True),
            _number(f"{stopped.answers:,}"),
            _stored(stopped.last_question) if stopped.last_question else Cell(text="(none yet)", quiet=True),
            Cell(text=when(stopped.updated_at)),
            Cell(text="yes" if stopped.later_finished else "no"),
        )
        for stopped in caseload.unfinished[:LIST_LIMIT]
    )
    return Section(
        heading=heading,
        intro="Most recently saved first. `assessor sessions resume ID` continues one.",
        table=Table(columns=columns, rows=rows),
        more=more_sentence(len(caseload.unfinished), LIST_LIMIT, "unfinished conversation"),
    )


def list_sections(caseload: Caseload) -> tuple[Section, ...]:
    """The sections after the scores, in the report's order."""
    return (
        tasks_section(caseload),
        actions_section(caseload),
        changed_section(caseload),
        unfinished_section(caseload),
    )
