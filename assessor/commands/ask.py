"""`assessor ask`: the intake conversation in a plain terminal, line by line (works with a pipe on stdin).

When input is not a terminal (a script) or with --ids, every prompt starts with `[question_id]`; an empty
line takes the default; a bad answer prints one
sentence and the same question again. The end prints the same result as `assessor score`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assessor.commands.common import catalog, print_json
from assessor.commands.converse import (
    OnAnswer,
    ask_for_client,
    check_save_target,
    print_next_steps,
    report_save_problem,
    run_conversation,
    save_or_say,
    show,
    stopped,
)
from assessor.commands.score import print_assessment
from assessor.core.answers_io import answers_to_toml
from assessor.core.assess import assess, assessment_summary
from assessor.core.conversation import ConversationState, read_partial_answers
from assessor.core.questionnaire import load_questionnaire
from assessor.core.wording import purpose_text
from assessor.sessions.database import shared_database_configured


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="answer the questions in a plain terminal (or through a pipe) and get your score",
        description="The intake conversation, line by line; an empty line accepts the default. Works with "
        "standard input from a pipe or a file, where each prompt starts with [question_id] (--ids adds it "
        "at a terminal too). Ctrl+C stops; with --client every answer so far is kept for `sessions resume`.",
    )
    parser.add_argument("--answers", metavar="FILE", help="start from a (partial) answers file, TOML or JSON")
    parser.add_argument(
        "--client",
        metavar="NAME",
        default=argparse.SUPPRESS,  # `assessor --client NAME ask` (the app's place for it) means the same
        help="save every answer as a session for this client (see `assessor sessions`)",
    )
    parser.add_argument(
        "--save", metavar="FILE", help="write the answers to FILE (TOML) for `assessor score`"
    )
    parser.add_argument("--force", action="store_true", help="let --save overwrite an existing file")
    parser.add_argument(
        "--json", action="store_true", help="print the result as JSON (questions go to stderr)"
    )
    parser.add_argument(
        "--ids", action="store_true", help="start each prompt with [question_id], also at a terminal"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, on_answer: OnAnswer | None = None) -> int:
    if args.save:
        check_save_target(Path(args.save), args.force)
    roles = catalog()
    initial = read_partial_answers(Path(args.answers)) if args.answers else None
    state = ConversationState.start(load_questionnaire(), roles, initial)
    out = sys.stderr if args.json else sys.stdout
    if getattr(args, "client", None):  # saved session: consent paragraph, id, every answer stored at once
        return ask_for_client(args, state, out, on_answer)
    show(out, purpose_text(shared_database_configured()))
    show(out, "")
    try:
        state = run_conversation(
            state, sys.stdin, out, on_answer, show_ids=getattr(args, "ids", None) or None
        )
    except KeyboardInterrupt:
        return stopped(
            "nothing was saved; to keep each answer as it is given, start again with --client NAME "
            "(then `assessor sessions resume ID` continues)"
        )
    answers = state.to_answers()
    save_problem = (
        save_or_say(Path(args.save), answers_to_toml(answers), out, args.force) if args.save else None
    )
    result = assess(answers, roles)
    if args.json:
        print_json(assessment_summary(result))
    else:
        show(out, "")
        print_assessment(result)
        if args.save and save_problem is None:
            from assessor.report.files import shell_word

            hint = f"assessor report {shell_word(args.save)} --format html -o report.html"
        else:
            hint = "run `assessor ask --save me.toml`, then `assessor report me.toml --format html -o report.html`"
        print_next_steps(answers, roles, out, hint)
    return report_save_problem(save_problem)
