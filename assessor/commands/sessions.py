"""`assessor sessions ...`: a counsellor's saved client sessions (list, show, resume, export, compare...).

Also the `assessor ask --client NAME` side of saving: `converse_for_client` runs the conversation with every
accepted answer committed to the store before the next question is asked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assessor.commands.common import catalog, open_store, print_json
from assessor.core.errors import AssessorError
from assessor.core.text import terminal_safe
from assessor.core.wording import purpose_text
from assessor.sessions.database import consent_line, shared_database_configured
from assessor.sessions.models import stored_json
from assessor.sessions.store import SessionRecord, SessionSummary, StoreError

if TYPE_CHECKING:
    from assessor.sessions.records import Comparison, Rescore


# Listed in `assessor --help`; a test checks it names exactly the actions added below.
ACTIONS = (
    "list",
    "show",
    "resume",
    "new-visit",
    "export",
    "compare",
    "delete",
    "notes",
    "export-all",
    "import",
    "report",
)


def session_id_argument(
    parser: argparse.ArgumentParser, help: str = "the session's id, as `sessions list` shows it"
) -> None:
    parser.add_argument("id", metavar="ID", help=help)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="saved client sessions: " + ", ".join(ACTIONS),
        description="Saved client sessions (started with `assessor ask --client NAME`). They live in one "
        "private SQLite file in ASSESSOR_HOME or the user data folder, or in a counselling service's "
        "PostgreSQL database (--database or ASSESSOR_DATABASE_URL).",
    )
    actions = parser.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="your saved sessions (your caseload), most recent first")
    listing.add_argument(
        "--all",
        action="store_true",
        help="every counsellor's sessions the database lets you see (a supervisor's role sees all)",
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="one session: answers, result, notes, and changes since")
    session_id_argument(show)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(run=run_show)

    resume = actions.add_parser("resume", help="continue a session's conversation where it stopped")
    session_id_argument(resume)
    resume.add_argument("--json", action="store_true", help="print the result as JSON (questions on stderr)")
    resume.set_defaults(run=run_resume)

    visit = actions.add_parser(
        "new-visit",
        help="a returning client: a new session from the last visit's answers (the old one is kept)",
        description="A new session for the same client, starting from the answers of session ID; "
        "--answers FILE changes what has changed (a partial answers file, e.g. certifications = "
        '["CPC", "CRC"]). The new visit is scored, saved and compared with the last one.',
    )
    session_id_argument(visit, "the id of the client's last session")
    visit.add_argument("--answers", metavar="FILE", help="the answers that changed (TOML or JSON)")
    visit.add_argument("--json", action="store_true", help="machine-readable comparison")
    visit.set_defaults(run=run_new_visit)

    export = actions.add_parser("export", help="one session's report as Markdown, HTML or JSON")
    session_id_argument(export)
    export.add_argument("--format", choices=("md", "html", "json"), default="md", help="default: md")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (private, 0600) instead of stdout ('-')"
    )
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.set_defaults(run=run_export)

    compare = actions.add_parser("compare", help="two sessions side by side: task time, score and plan")
    compare.add_argument("first", metavar="ID", help="one session's id (the earlier visit is shown as A)")
    compare.add_argument("second", metavar="ID", help="the other session's id")
    compare.add_argument("--json", action="store_true", help="machine-readable output")
    compare.set_defaults(run=run_compare)

    delete = actions.add_parser("delete", help="remove a session for good")
    session_id_argument(delete)
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)

    notes = actions.add_parser("notes", help="set the counsellor's notes of a session ('-' reads stdin)")
    session_id_argument(notes)
    notes.add_argument("text", metavar="TEXT", help="the notes, quoted; '-' reads them from standard input")
    notes.add_argument("--append", action="store_true", help="add to the notes instead of replacing them")
    notes.set_defaults(run=run_notes)

    export_all = actions.add_parser("export-all", help="every session to one JSON file, for a new machine")
    export_all.add_argument(
        "file", metavar="FILE", help="the JSON file to write (private, 0600); '-' prints it"
    )
    export_all.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export_all.set_defaults(run=run_export_all)

    import_file = actions.add_parser("import", help="add the sessions of an export-all file")
    import_file.add_argument("file", metavar="FILE", help="a file `sessions export-all` wrote")
    import_file.set_defaults(run=run_import)

    report = actions.add_parser(
        "report",
        help="the caseload report: clients, scores and zones, tasks at risk, plans, changes, unfinished",
        description="A report on the saved sessions for a supervisor: how many clients and sessions, the "
        "spread of scores and zones, the tasks most often at risk, the plan actions most often recommended "
        "with their mean gain, clients whose result changes on today's role data, and conversations left "
        "unfinished. Each client counts once in the figures, by their latest finished session.",
    )
    report.add_argument(
        "--all",
        action="store_true",
        help="every counsellor's sessions the database lets you see (a supervisor's role sees all), as "
        "`sessions list --all`; without it, your own caseload",
    )
    report.add_argument("--format", choices=("md", "html", "json"), default="md", help="default: md")
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (private, 0600) instead of stdout ('-')"
    )
    report.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    report.add_argument("--json", action="store_true", help="the same as --format json")
    report.set_defaults(run=run_report)


def data_version() -> str:
    """Today's role data version, from the data files' bytes (no catalog is loaded to list sessions)."""
    from assessor.core.catalog import catalog_version

    return catalog_version()


def _short_time(stamp: str) -> str:
    return stamp.replace("T", " ")[:16]


# -- list / show ----------------------------------------------------------------------------------------


def summary_json(summary: SessionSummary) -> dict[str, Any]:
    return summary.model_dump()


def run_list(args: argparse.Namespace) -> int:
    summaries = open_store().list_sessions(everyone=args.all)
    current = data_version()
    if args.json:
        print_json(
            [
                {**summary_json(summary), "role_data_changed": summary.data_version not in (None, current)}
                for summary in summaries
            ]
        )
        return 0
    if not summaries:
        print("No saved sessions yet. Start one with: assessor ask --client NAME")
        return 0
    width = min(30, max(len("client"), *(len(summary.client_label) for summary in summaries)))
    who_width = min(20, max(len("counsellor"), *(len(summary.counsellor or "-") for summary in summaries)))
    who_header = f"  {'counsellor':<{who_width}}" if args.all else ""
    lines = [
        f"{'id':<9}  {'client':<{width}}{who_header}  {'status':<8}  {'answers':>7}  {'score':>6}  "
        "updated (UTC)"
    ]
    stale = 0
    for summary in summaries:
        changed = summary.data_version not in (None, current)
        stale += changed
        score = f"{summary.score:5.1f}" if summary.score is not None else "    -"
        score += "*" if changed else " "
        label = summary.client_label
        if len(label) > width:
            label = label[: width - 1] + "…"
        who = ""
        if args.all:
            who = summary.counsellor or "-"
            who = f"  {who if len(who) <= who_width else who[: who_width - 1] + '…':<{who_width}}"
        lines.append(
            f"{summary.id:<9}  {label:<{width}}{who}  {summary.status:<8}  {summary.answer_count:>7}  "
            f"{score}  {_short_time(summary.updated_at)}"
        )
    # One write: a caseload of 10,000 is one pass of the terminal-safety filter, not 10,000.
    sys.stdout.write("\n".join(lines) + "\n")
    if stale:
        print(
            "* scored on older role data: `assessor sessions show ID` shows the score today and why it moved"
        )
    return 0


def rescore_json(change: Rescore | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return change.model_dump(exclude={"result"})


def print_rescore(change: Rescore, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(
        f"The role data changed since this session was scored "
        f"({change.old_version} -> {change.new_version}).\n"
    )
    if change.error:
        out.write(f"  Its answers cannot be scored on today's data: {change.error}\n")
        return
    out.write(
        f"  Score today: {change.old_score} {change.old_label} -> "
        f"{change.new_score} {change.new_label}, because:\n"
    )
    for line in change.changes:
        out.write(f"  - {line}\n")
    out.write("  (The stored result is kept as it was: it is what the client was told.)\n")


def record_json(record: SessionRecord) -> dict[str, Any]:
    """A session as stored: its result and plan with exactly the figures they were saved with."""
    return {
        **record.model_dump(mode="json", exclude={"result", "plan"}),
        "result": stored_json(record.result) if record.result is not None else None,
        "plan": stored_json(record.plan) if record.plan is not None else None,
    }


def run_show(args: argparse.Namespace) -> int:
    from assessor.sessions.records import rescore

    record = open_store().get(args.id)
    change = rescore(record, catalog()) if record.result is not None else None
    if args.json:
        print_json({**record_json(record), "rescore": rescore_json(change)})
        return 0
    print(f"Session {record.id}: {record.client_label} ({record.status})")
    print(f"Started {_short_time(record.created_at)} UTC, last change {_short_time(record.updated_at)} UTC")
    if record.notes:
        print("Notes:")
        for line in record.notes.splitlines():
            print(f"  {line}")
    from assessor.core.questionnaire import load_questionnaire
    from assessor.sessions.records import answers_in_words

    print("Answers given:")
    if not record.raw_answers:
        print("  (none yet)")
    for prompt, answer in answers_in_words(record, load_questionnaire()):
        print(f"  {prompt}\n    {terminal_safe(answer)}")
    if record.result is None:
        print(f"Not scored yet: continue with `assessor sessions resume {record.id}`.")
        return 0
    result = record.result
    if result.role is not None:
        print(f"Role:   {result.role.title} ({result.role.id})")
    print(f"Score:  {result.score}/100  {result.label or ''}   (role data {record.data_version})")
    print("Their day:")
    for task in sorted(result.tasks, key=lambda item: -item.time_pct):
        print(f"  {task.time_pct:5.1f}%  {task.automation}/5  {task.name}")
    actions = record.plan.actions if record.plan is not None else ()
    if actions:
        print("Plan (best gain per month first):")
        for item in actions[:5]:
            print(f"  {item.gain:+5.1f} points  {item.months:g} months  {item.title}")
    if change is not None:
        print()
        print_rescore(change)
    return 0


def run_resume(args: argparse.Namespace) -> int:
    from assessor.commands.converse import converse_for_client
    from assessor.core.conversation import ConversationState
    from assessor.core.questionnaire import load_questionnaire

    store = open_store()
    record = store.get(args.id)
    roles = catalog()
    try:
        state = ConversationState.start(load_questionnaire(), roles, dict(record.answers))
    except AssessorError as exc:
        raise StoreError(
            f"session {record.id} cannot be resumed on today's role data: {exc.message}"
        ) from None
    out = sys.stderr if args.json else sys.stdout
    out.write(purpose_text(shared_database_configured()) + "\n\n")
    out.write(consent_line(store, record.id) + "\n")
    given = len(state.answered)
    if state.next_question() is None:
        out.write(
            f"Resuming session {record.id} ({record.client_label}): every question is answered; scoring.\n\n"
        )
    else:
        out.write(
            f"Resuming session {record.id} ({record.client_label}) after {given} answer(s); "
            "the next question follows.\n\n"
        )
    out.flush()
    from assessor.commands.converse import stopped

    try:
        return converse_for_client(store, record.id, state, sys.stdin, out, args.json)
    except KeyboardInterrupt:
        return stopped(f"every answer so far is saved; continue with: assessor sessions resume {record.id}")


def run_new_visit(args: argparse.Namespace) -> int:
    """Keep the last visit as it was; record the client's answers now as a new, finished session."""
    from assessor.core.conversation import ConversationState, read_partial_answers
    from assessor.core.questionnaire import load_questionnaire
    from assessor.sessions.records import SessionRecorder, compare, comparison_json, finish_session

    store = open_store()
    last = store.get(args.id)
    answers = dict(last.answers)
    if args.answers:
        answers.update(read_partial_answers(Path(args.answers)))
    roles = catalog()
    try:
        state = ConversationState.start(load_questionnaire(), roles, answers)
    except AssessorError as exc:
        raise StoreError(f"session {last.id}: its answers cannot start a new visit: {exc.message}") from None
    taken = state.defaults_taken()
    if taken:
        state = taken[-1]
    if state.next_question() is not None:
        raise StoreError(
            f"session {last.id} is not finished: `assessor sessions resume {last.id}` finishes it first"
        )
    session_id = store.create_session(last.client_label)
    SessionRecorder(store, session_id).record_all(state)
    problem = finish_session(store, session_id, state.to_answers(), roles)
    comparison = compare(last, store.get(session_id), roles)
    if args.json:
        print_json({"session_id": session_id, **comparison_json(comparison)})
        return 0
    print(
        f"New visit {session_id} for {last.client_label}, from the answers of {last.id}; {last.id} is kept."
    )
    if problem:
        print(f"  (no plan stored: {problem})")
    print()
    print_comparison(comparison)
    return 0


# -- export / compare ---------------------------------------------------------------------------------


def render_session(record: SessionRecord, kind: str) -> str:
    """The session's report (the report module's renderers), headed by the session's label, date and notes."""
    from assessor.report.model import build_report, report_json
    from assessor.report.session import SessionHeading, head_html, head_json, head_markdown
    from assessor.sessions.records import session_answers

    answers = session_answers(record)
    built = build_report(answers, catalog(), created=_short_time(record.created_at) + " UTC")
    if kind == "json":
        header = {
            "id": record.id,
            "client": record.client_label,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "data_version": record.data_version,
            "notes": record.notes,
        }
        return head_json(header, report_json(built))
    heading = SessionHeading(
        client=record.client_label,
        session_id=record.id,
        when=f"{_short_time(record.created_at)} UTC",
        notes=record.notes,
    )
    if kind == "md":
        from assessor.report.markdown import render_markdown

        return head_markdown(heading, render_markdown(built))
    from assessor.report.html import render_html

    return head_html(heading, render_html(built))


def run_export(args: argparse.Namespace) -> int:
    record = open_store().get(args.id)
    text = render_session(record, args.format)
    if record.data_version is not None and record.data_version != catalog().version:
        print(
            f"assessor: note: the role data changed since session {record.id} was scored; the report uses "
            f"today's data (`assessor sessions show {record.id}` lists what changed)",
            file=sys.stderr,
        )
    from assessor.report.files import shown_path, write_output

    if write_output(args.output or "-", text, args.force, sys.stdout) is not None:
        print(
            f"Wrote {shown_path(args.output)} (readable only by you: it holds a client's answers)",
            file=sys.stderr,
        )
    return 0


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.0f}"


def _cell(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    return f"{value}{unit}"


def print_comparison(comparison: Comparison) -> None:
    a, b = comparison.a, comparison.b
    print(f"A: {a.id}  {a.client_label}  {_short_time(a.created_at)} UTC  (the earlier visit)")
    print(f"B: {b.id}  {b.client_label}  {_short_time(b.created_at)} UTC")
    print()
    if comparison.answers:
        print("What changed in the answers (A -> B):")
        for change in comparison.answers:
            print(f"  {change.question} {terminal_safe(change.before)} -> {terminal_safe(change.after)}")
            if change.added:
                print(f"    added: {', '.join(terminal_safe(item) for item in change.added)}")
            if change.removed:
                print(f"    removed: {', '.join(terminal_safe(item) for item in change.removed)}")
    else:
        print("The answers are the same.")
    print()
    print(f"{'':<44}  {'A':>12}  {'B':>12}")
    print(
        f"{'score':<44}  {comparison.score_a:>12.1f}  {comparison.score_b:>12.1f}   "
        f"({comparison.score_change:+.1f})"
    )
    print(f"{'label':<44}  {comparison.label_a:>12}  {comparison.label_b:>12}")
    if comparison.role_a != comparison.role_b:
        print(f"{'role':<44}  {comparison.role_a[:12]:>12}  {comparison.role_b[:12]:>12}")
    print()
    print(f"{'task (share of the day, automation /5)':<44}  {'A':>12}  {'B':>12}")
    for side in comparison.tasks:
        name = side.name if len(side.name) <= 44 else side.name[:43] + "…"
        left = f"{_cell(side.time_a, '%')} {_cell(side.automation_a)}"
        right = f"{_cell(side.time_b, '%')} {_cell(side.automation_b)}"
        print(f"{name:<44}  {left:>12}  {right:>12}")
    if comparison.plan:
        print()
        print(f"{'plan (gain in points, months, cost)':<44}  {'A':>18}  {'B':>18}")
        for item in comparison.plan:
            title = item.title if len(item.title) <= 44 else item.title[:43] + "…"
            left = f"{_cell(item.gain_a)} {_cell(item.months_a, 'mo')} {_money(item.cost_a)}"
            right = f"{_cell(item.gain_b)} {_cell(item.months_b, 'mo')} {_money(item.cost_b)}"
            print(f"{title:<44}  {left:>18}  {right:>18}")
    for note in comparison.notes:
        print(f"Note: {note}")


def run_compare(args: argparse.Namespace) -> int:
    from assessor.sessions.records import compare, comparison_json

    store = open_store()
    comparison = compare(store.get(args.first), store.get(args.second), catalog())
    if args.json:
        print_json(comparison_json(comparison))
    else:
        print_comparison(comparison)
    return 0


# -- notes / delete / moving --------------------------------------------------------------------------


def run_notes(args: argparse.Namespace) -> int:
    from assessor.sessions.models import NOTES_MAX_CHARS

    store = open_store()
    # Read at most one character over the limit, so /dev/zero or an endless pipe is refused, not held.
    text = sys.stdin.read(NOTES_MAX_CHARS + 1) if args.text == "-" else args.text
    if args.append:
        store.append_notes(args.id, text)  # one transaction: parallel appends all stay
    else:
        store.set_notes(args.id, text.strip())
    print(f"Notes of session {args.id} saved.")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store = open_store()
    record = store.get(args.id)
    if not args.yes and not sys.stdin.isatty():
        raise StoreError(
            f"not deleting session {record.id}: there is no terminal to confirm it in, so nothing was "
            "deleted; add --yes to delete without asking"
        )
    if not args.yes:
        sys.stdout.write(
            f"Delete session {record.id} ({record.client_label}) for good? It cannot be undone. [y/N] "
        )
        sys.stdout.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    outcome = store.delete(record.id)
    print(f"Deleted session {record.id} ({record.client_label}); {outcome.erased}.")
    if not outcome.wal_cleared:
        print(outcome.left_over)
    return 0


def run_export_all(args: argparse.Namespace) -> int:
    from assessor.report.files import check_output, shown_path, write_output

    check_output(args.file, args.force)  # before reading every session
    count, text = open_store().export_document()
    if write_output(args.file, text, args.force, sys.stdout) is not None:
        print(
            f"Wrote {count} session(s) to {shown_path(args.file)} (readable only by you: it holds clients' answers)."
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    outcome = open_store().import_file(Path(args.file))
    print(f"Imported {outcome.imported} session(s); {outcome.skipped} were already here.")
    for old_id, new_id in outcome.renamed:
        print(f"  {old_id} was taken by another session here: imported as {new_id}")
    if outcome.made_safe:
        print(
            f"  {len(outcome.made_safe)} session(s) held control characters in typed text (saved by an older "
            f"assessor): imported with them shown as \\uXXXX escapes ({', '.join(outcome.made_safe)})"
        )
    return 0


def run_report(args: argparse.Namespace) -> int:
    """The caseload report of every session the store holds (one read of the whole store)."""
    from datetime import UTC, datetime

    from assessor.report.files import check_output, shown_path, write_output
    from assessor.sessions.caseload import caseload_text, read_caseload

    kind = "json" if args.json else args.format
    target = args.output or "-"
    check_output(target, args.force)  # before reading every session
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    caseload = read_caseload(open_store(), catalog(), everyone=args.all, created=created)
    if write_output(target, caseload_text(caseload, kind), args.force, sys.stdout) is not None:
        counts = caseload.counts
        print(
            f"Wrote the caseload report of {counts.clients} client(s), {counts.sessions} session(s) to "
            f"{shown_path(target)} (readable only by you: it names clients)",
            file=sys.stderr,
        )
    return 0
