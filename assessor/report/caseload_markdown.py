"""The caseload report as Markdown: the same sections and figures as the HTML page, as text and tables.

Every piece of stored text (client labels, task and action names, the reasons a score moved) goes through
`cell`, so a label typed as `# heading`, `| a | b |` or `<script>` is shown as typed, never read as Markdown.
"""

from __future__ import annotations

from assessor.core.text import markdown_inline, terminal_safe
from assessor.report.caseload import Caseload, ScoreBin
from assessor.report.caseload_tables import (
    Cell,
    Column,
    Section,
    Table,
    counsellors_section,
    list_sections,
    plural,
)

TITLE = "Caseload report"


def cell(text: str) -> str:
    return markdown_inline(text)


def header_line(caseload: Caseload) -> str:
    prepared = f"Prepared {caseload.created}. " if caseload.created else ""
    return f"{prepared}{caseload.scope}. Role data {caseload.data_version}."


def summary_lines(caseload: Caseload) -> list[str]:
    """The few sentences a supervisor reads first."""
    counts = caseload.counts
    spread = caseload.spread
    lines = [
        f"{plural(counts.clients, 'client')} in {plural(counts.sessions, 'session')}: "
        f"{counts.finished:,} finished, {counts.unfinished:,} left unfinished; "
        f"{plural(counts.returning_clients, 'client')} came back for another visit.",
    ]
    if counts.scored_clients and spread.median is not None:
        zones = ", ".join(f"{zone.clients:,} {zone.label}" for zone in spread.zones)
        lines.append(
            f"AI protection scores (each client's latest result, {plural(counts.scored_clients, 'client')}): "
            f"median {spread.median:.1f} of 100, from {spread.lowest:.1f} to {spread.highest:.1f}; {zones}."
        )
    else:
        lines.append("No client has a finished session yet, so there are no scores to summarise.")
    if spread.at_risk_share is not None:
        lines.append(
            f"On average {spread.at_risk_share:.0f}% of a client's day is work AI tools can already do most "
            "of (automation 4-5)."
        )
    if caseload.older_data:
        lines.append(
            f"{plural(caseload.older_data, 'latest result')} {'was' if caseload.older_data == 1 else 'were'} "
            f"scored on older role data; {plural(len(caseload.changed), 'score')} would change today."
        )
    if caseload.unreadable:
        lines.append(
            f"{plural(len(caseload.unreadable), 'stored session')} could not be read and "
            f"{'is' if len(caseload.unreadable) == 1 else 'are'} left out (listed at the end)."
        )
    return lines


def text_bar(count: int, largest: int, width: int = 30) -> str:
    return "█" * round(width * count / largest) if largest else ""


def bin_label(row: ScoreBin) -> str:
    return f"{row.low:g}-{row.high:g}"


def _cell(column: Column, cell: Cell) -> str:
    """A table cell on one Markdown line: stored text escaped, a list joined with semicolons."""
    if column.kind == "list":
        return markdown_inline("; ".join(cell.items)) if cell.items else "-"
    return markdown_inline(cell.text) if cell.stored else cell.text


def table_lines(table: Table) -> list[str]:
    """A Markdown table; bar columns are left out (their figure stands in a column of its own)."""
    shown = [index for index, column in enumerate(table.columns) if column.kind != "bar"]
    columns = [table.columns[index] for index in shown]
    lines = [
        "| " + " | ".join(column.heading for column in columns) + " |",
        "|" + "|".join("---:" if column.kind == "number" else "---" for column in columns) + "|",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(table.columns[index], row[index]) for index in shown) + " |")
    return lines


def section_lines(section: Section) -> list[str]:
    lines = ["", f"## {section.heading}", ""]
    if section.table is None:
        return [*lines, section.intro or ""]
    if section.intro:
        lines += [section.intro, ""]
    lines += table_lines(section.table)
    if section.more:
        lines += ["", section.more]
    return lines


def render_caseload_markdown(caseload: Caseload) -> str:
    counts = caseload.counts
    spread = caseload.spread
    out = [f"# {TITLE}", "", header_line(caseload), "", "## In short", ""]
    out += [f"- {line}" for line in summary_lines(caseload)]

    counsellors = counsellors_section(caseload)
    if counsellors is not None:
        out += section_lines(counsellors)

    out += ["", "## Scores and zones", ""]
    if counts.scored_clients:
        out += [
            "Each client counts once, by their latest finished session. 0 = at risk, 100 = protected: higher "
            "is better.",
            "",
            "| Zone | Clients | Share |",
            "|---|---:|---:|",
        ]
        for zone in spread.zones:
            share = 100.0 * zone.clients / counts.scored_clients
            out.append(f"| {zone.label} | {zone.clients:,} | {share:.0f}% |")
        largest = max(row.total for row in spread.bins)
        out += ["", "| Score | Red | Yellow | Green | Clients |", "|---|---:|---:|---:|---|"]
        for bar in spread.bins:
            out.append(
                f"| {bin_label(bar)} | {bar.red:,} | {bar.yellow:,} | {bar.green:,} | "
                f"{text_bar(bar.total, largest)} {bar.total:,} |"
            )
        if spread.mean is not None:
            out += ["", f"Mean {spread.mean:.1f}, median {spread.median:.1f}."]
    else:
        out.append("No finished sessions yet.")

    for section in list_sections(caseload):
        out += section_lines(section)

    if caseload.unreadable:
        out += ["", "## Sessions that could not be read", ""]
        out += [f"- {cell(line)}" for line in caseload.unreadable]
        out += ["", "`assessor sessions show ID` says more; `assessor sessions delete ID` removes one."]
    return terminal_safe("\n".join(out) + "\n")
