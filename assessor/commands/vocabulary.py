"""`assessor vocabulary list|forget|export`: the task phrases this user confirmed in conversations.

A phrase is remembered when the person picks a task for it ("Which task is 'chart work'? 1. ... 2. ...") in a
saved session (`ask --client`, `sessions resume`, the app with a client); the next conversation understands
it directly. `export` writes the phrases as a TOML snippet in roles/lexicon.toml's format for review.
"""

from __future__ import annotations

import argparse
import sys

from assessor.commands.common import catalog, open_store, print_json
from assessor.sessions.vocabulary import Vocabulary, lexicon_snippet


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "vocabulary",
        help="task phrases you confirmed in conversations: list, forget, export for the lexicon",
        description="Task phrases you picked a task for when asked 'Did you mean ...?' in a saved session. "
        "They are understood directly next time. Kept per user in the session store.",
    )
    actions = parser.add_subparsers(dest="vocabulary_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every remembered phrase: phrase -> task, how often, when")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=run_list)

    forget = actions.add_parser("forget", help="stop understanding one phrase directly")
    forget.add_argument("phrase", help="the phrase as listed (case and spacing do not matter)")
    forget.set_defaults(run=run_forget)

    export = actions.add_parser(
        "export", help="the phrases as a TOML snippet in roles/lexicon.toml's format, for review"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (- or none: standard output)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.set_defaults(run=run_export)


def _vocabulary() -> Vocabulary:
    store = open_store()
    return Vocabulary(store, store.counsellor)


def run_list(args: argparse.Namespace) -> int:
    vocabulary = _vocabulary()
    entries = vocabulary.entries()
    if args.json:
        print_json([entry.model_dump() for entry in entries])
        return 0
    if not entries:
        print(
            f"No remembered phrases for {vocabulary.counsellor!r} yet: they are kept when you pick a task "
            "for a phrase in a saved session."
        )
        return 0
    width = min(max(len(entry.said) for entry in entries), 40)
    for entry in entries:
        times = "once" if entry.times == 1 else f"{entry.times} times"
        line = (
            f"{entry.said:<{width}} -> {entry.task_id} ({entry.task_name}); "
            f"{times}, last {entry.last_at[:10]}, first {entry.first_at[:10]}"
        )
        print(line)
    return 0


def run_forget(args: argparse.Namespace) -> int:
    removed = _vocabulary().forget(args.phrase)
    print(f"Forgot {removed.said!r} (it meant {removed.task_id}, {removed.task_name}).")
    return 0


def run_export(args: argparse.Namespace) -> int:
    vocabulary = _vocabulary()
    text = lexicon_snippet(vocabulary.entries(), catalog(), vocabulary.counsellor)
    from assessor.report.files import shown_path, write_output

    if write_output(args.output or "-", text, args.force, sys.stdout) is None:
        return 0
    count = text.count("[[concepts]]")
    print(f"Wrote {count} concept(s) to {shown_path(args.output)}; review them before merging into roles/.")
    return 0
