"""The caseload report as Markdown: the same sections and figures as the HTML page, as text and tables.

Every piece of stored text (client labels, task and action names, the reasons a score moved) goes through
`cell`, so a label typed as `# heading`, `| a | b |` or `<script>` is shown as typed, never read as Markdown.
"""

from __future__ import annotations

from assessor.core.text import markdown_inline, terminal_safe
from assessor.report.caseload import LIST_LIMIT, Caseload, ChangedResult, ScoreBin

TITLE = "Caseload report"
TASKS_SHOWN = 10
ACTIONS_SHOWN = 10


def cell(text: str) -> str:
    return markdown_inline(text)


def when(stamp: str) -> str:
    """A stored UTC timestamp as a reader sees it: `2026-11-30 14:05 UTC`."""
    return stamp.replace("T", " ")[:16] + " UTC"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


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


def change_text(row: ChangedResult) -> str:
    return "-" if row.change is None else f"{row.change:+.1f}"


def who_cell(caseload: Caseload, counsellor: str | None) -> str:
    """The counsellor column of a list read across counsellors (nothing on one's own caseload)."""
    if not caseload.everyone:
        return ""
    return f" {cell(counsellor) if counsellor else '-'} |"


def more_line(total: int, shown: int, what: str) -> list[str]:
    left = total - shown
    return ["", f"{plural(left, 'more ' + what)} in `--json`."] if left > 0 else []


def render_caseload_markdown(caseload: Caseload) -> str:
    counts = caseload.counts
    spread = caseload.spread
    who_head, who_rule = (" Counsellor |", "---|") if caseload.everyone else ("", "")
    out = [f"# {TITLE}", "", header_line(caseload), "", "## In short", ""]
    out += [f"- {line}" for line in summary_lines(caseload)]

    if caseload.counsellors:
        out += [
            "",
            "## Counsellors",
            "",
            "| Counsellor | Clients | Sessions | Unfinished |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| {cell(row.counsellor)} | {row.clients:,} | {row.sessions:,} | {row.unfinished:,} |"
            for row in caseload.counsellors
        ]

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

    out += ["", "## Tasks most often at risk", ""]
    if caseload.tasks_at_risk:
        out += [
            "Tasks AI tools can already do most of (automation 4-5), by how many clients do them.",
            "",
            "| Task | Clients | Share of clients | Mean share of their day |",
            "|---|---:|---:|---:|",
        ]
        for task in caseload.tasks_at_risk[:TASKS_SHOWN]:
            out.append(
                f"| {cell(task.name)} | {task.clients:,} | {task.share_of_clients:.0f}% | "
                f"{task.mean_time_pct:.0f}% |"
            )
        out += more_line(len(caseload.tasks_at_risk), TASKS_SHOWN, "task")
    else:
        out.append("No client's latest result has a task at automation 4-5.")

    out += ["", "## Plan actions most often recommended", ""]
    if caseload.plan_actions:
        out += [
            "From the plans stored with each client's latest result; the gain is in score points, re-scored "
            "on the client's own answers.",
            "",
            "| Action | In plans of | Ranked first for | Mean gain | Mean months |",
            "|---|---:|---:|---:|---:|",
        ]
        for action in caseload.plan_actions[:ACTIONS_SHOWN]:
            out.append(
                f"| {cell(action.title)} | {plural(action.clients, 'client')} | {action.first_choice:,} | "
                f"{action.mean_gain:+.1f} | {action.mean_months:g} |"
            )
        out += more_line(len(caseload.plan_actions), ACTIONS_SHOWN, "action")
    else:
        out.append("No stored plan recommends an action.")

    out += ["", "## Results that change on today's role data", ""]
    if caseload.changed:
        out += [
            f"Each client's latest result scored again on today's role data ({caseload.data_version}). The "
            "stored result is kept: it is what the client was told.",
            "",
            f"| Client |{who_head} Session | Score then | Today | Change | Why |",
            f"|---|{who_rule}---|---:|---:|---:|---|",
        ]
        for change in caseload.changed[:LIST_LIMIT]:
            today = f"{change.new_score:.1f}" if change.new_score is not None else "-"
            why = change.error if change.error else "; ".join(change.reasons) or "-"
            if change.error:
                why = f"its answers no longer score: {why}"
            out.append(
                f"| {cell(change.client)} |{who_cell(caseload, change.counsellor)} {change.session_id} | {change.old_score:.1f} | {today} | "
                f"{change_text(change)} | {cell(why)} |"
            )
        out += more_line(len(caseload.changed), LIST_LIMIT, "changed result")
    elif caseload.older_data:
        out.append(
            f"{plural(caseload.older_data, 'latest result')} came from older role data; none would change."
        )
    else:
        out.append("Every latest result was scored on today's role data.")

    out += ["", "## Conversations left unfinished", ""]
    if caseload.unfinished:
        out += [
            "Most recently saved first. `assessor sessions resume ID` continues one.",
            "",
            f"| Client |{who_head} Session | Answers | Last question answered | Last saved | Finished later |",
            f"|---|{who_rule}---|---:|---|---|---|",
        ]
        for stopped in caseload.unfinished[:LIST_LIMIT]:
            last = cell(stopped.last_question) if stopped.last_question else "(none yet)"
            later = "yes" if stopped.later_finished else "no"
            out.append(
                f"| {cell(stopped.client)} |{who_cell(caseload, stopped.counsellor)} {stopped.session_id} | {stopped.answers:,} | {last} | {when(stopped.updated_at)} | "
                f"{later} |"
            )
        out += more_line(len(caseload.unfinished), LIST_LIMIT, "unfinished conversation")
    else:
        out.append("None: every conversation reached its result.")

    if caseload.unreadable:
        out += ["", "## Sessions that could not be read", ""]
        out += [f"- {cell(line)}" for line in caseload.unreadable]
        out += ["", "`assessor sessions show ID` says more; `assessor sessions delete ID` removes one."]
    return terminal_safe("\n".join(out) + "\n")
