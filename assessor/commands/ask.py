"""`assessor ask`: the intake conversation in a plain terminal, line by line (works with a pipe on stdin).

Every prompt line starts with `[question_id]`; an empty line takes the default; a bad answer prints one
sentence and the same question again. The end prints the same result as `assessor score`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assessor.commands.common import catalog, print_json
from assessor.commands.score import print_assessment
from assessor.core.answers_io import answers_to_toml
from assessor.core.assess import assess, assessment_summary
from assessor.core.conversation import ConversationState, read_partial_answers
from assessor.core.errors import AnswersError
from assessor.core.questionnaire import load_questionnaire

PURPOSE = (
    "This asks about your job, your day and your credentials, then gives you a personal AI-automation "
    "risk score (0 = at risk, 100 = protected) with where it comes from. It is an estimate built from "
    "published figures, not a prediction about you or advice from your employer. Nothing you type leaves "
    "this machine. Press Enter to accept a default, type ? for help on a question, < to go back."
)

OnAnswer = Callable[[ConversationState], None]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="answer the questions in a plain terminal (or through a pipe) and get your score",
        description="The intake conversation, line by line. Each prompt starts with [question_id]; an empty "
        "line accepts the default. Works with standard input from a pipe or a file.",
    )
    parser.add_argument("--answers", metavar="FILE", help="start from a (partial) answers file, TOML or JSON")
    parser.add_argument(
        "--client",
        metavar="NAME",
        help="save every answer as a session for this client (see `assessor sessions`)",
    )
    parser.add_argument(
        "--save", metavar="FILE", help="write the answers to FILE (TOML) for `assessor score`"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the result as JSON (questions go to stderr)"
    )
    parser.set_defaults(run=run)


def _show(out: TextIO, text: str) -> None:
    out.write(text + "\n")
    out.flush()


def run_conversation(
    state: ConversationState,
    lines: TextIO,
    out: TextIO,
    on_answer: OnAnswer | None = None,
) -> ConversationState:
    """Ask until every relevant question is answered; `on_answer(state)` sees each accepted answer at once.

    End of input before the required answers raises AnswersError; after them, the rest take their defaults.
    """
    interactive = lines.isatty()
    while True:
        question = state.next_question()
        if question is None:
            return state
        if state.pending is not None:
            _show(out, state.pending.prompt_line())
        else:
            _show(out, question.prompt_line())
            if question.kind in ("choice", "multi") and len(question.options) <= 8:
                _show(out, "\n".join(question.option_lines()))
        if interactive:
            out.write("> ")
            out.flush()
        line = lines.readline()
        if not line:
            missing = state.missing_required()
            if missing or state.pending is not None:
                names = ", ".join(missing) or question.id
                raise AnswersError(
                    f"Input ended before these questions were answered: {names}; nothing was scored."
                )
            _show(out, "(end of input: the remaining questions keep their defaults)")
            return _accept_defaults(state, on_answer)
        text = line.rstrip("\r\n")
        if text.strip() in ("?", "help"):
            _show(out, f"  {question.help or question.prompt}")
            continue
        if text.strip() == "<":
            previous = _previous(state, question.id)
            if previous is None:
                _show(out, "  ! There is no earlier answer to go back to.")
                continue
            state = state.change(previous)
            _show(out, f"  (back to [{previous}]; your other answers are kept)")
            if on_answer is not None:
                on_answer(state)
            continue
        step = state.submit(question.id, text)
        if step.error:
            _show(out, f"  ! {step.error}")
            continue
        if step.notice:
            _show(out, f"  {step.notice}")
        state = step.state
        if step.clarify is None and on_answer is not None:
            on_answer(state)


def _previous(state: ConversationState, current: str) -> str | None:
    """The answered question just before `current` (or the last one answered)."""
    order = [question.id for question in state.questionnaire.questions]
    position = order.index(current) if current in order else len(order)
    earlier = [question.id for question, _, _ in state.answered if order.index(question.id) < position]
    return earlier[-1] if earlier else None


def _accept_defaults(state: ConversationState, on_answer: OnAnswer | None) -> ConversationState:
    while (question := state.next_question()) is not None:
        step = state.submit(question.id, "")
        if step.error:  # a required question: cannot happen once missing_required() is empty
            raise AnswersError(step.error)
        state = step.state
        if on_answer is not None:
            on_answer(state)
    return state


def save_answers(path: Path, text: str) -> None:
    """Write the answers file whole or not at all (temporary file, then rename)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnswersError(f"{path}: the folder {folder} does not exist; nothing was saved")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        raise AnswersError(f"{path}: cannot be written ({exc.strerror}); nothing was saved") from None


def run(args: argparse.Namespace, on_answer: OnAnswer | None = None) -> int:
    roles = catalog()
    initial = read_partial_answers(Path(args.answers)) if args.answers else None
    state = ConversationState.start(load_questionnaire(), roles, initial)
    out = sys.stderr if args.json else sys.stdout
    if getattr(args, "client", None):  # saved session: consent paragraph, id, every answer stored at once
        from assessor.commands.sessions import ask_for_client

        return ask_for_client(args, state, out, on_answer)
    _show(out, PURPOSE)
    _show(out, "")
    state = run_conversation(state, sys.stdin, out, on_answer)
    answers = state.to_answers()
    if args.save:
        save_answers(Path(args.save), answers_to_toml(answers))
        _show(out, f"Answers saved to {args.save} (score them again with: assessor score {args.save})")
    result = assess(answers, roles)
    if args.json:
        print_json(assessment_summary(result))
    else:
        _show(out, "")
        print_assessment(result)
    return 0
