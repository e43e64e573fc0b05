"""The conversation line by line, shared by `assessor ask`, `ask --client` and `sessions resume`.

Each accepted answer is handed to `on_answer` at once (a saved session commits it before the next question).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assessor.commands.common import open_store, print_json
from assessor.commands.score import print_assessment
from assessor.core.answers_io import answers_to_toml
from assessor.core.assess import assess, assessment_summary
from assessor.core.catalog import Catalog
from assessor.core.conversation import ConfirmedPhrase, ConversationState
from assessor.core.errors import AnswersError, AssessorError
from assessor.core.models import Answers
from assessor.core.wording import purpose_text
from assessor.sessions.backend import SessionStore
from assessor.sessions.database import consent_line, shared_database_configured
from assessor.sessions.records import SessionRecorder, finish_session
from assessor.sessions.vocabulary import Vocabulary

OnAnswer = Callable[[ConversationState], None]
OnConfirm = Callable[[ConfirmedPhrase], None]


MAX_ANSWER_LINE = 10_000  # `ask < /dev/zero` is one endless line: stop reading it here


def show(out: TextIO, text: str) -> None:
    out.write(text + "\n")
    out.flush()


def run_conversation(
    state: ConversationState,
    lines: TextIO,
    out: TextIO,
    on_answer: OnAnswer | None = None,
    on_confirm: OnConfirm | None = None,
    show_ids: bool | None = None,
) -> ConversationState:
    """Ask until every relevant question is answered; `on_answer(state)` sees each accepted answer at once,
    `on_confirm` each task phrase the person picked a task for ("Did you mean: 1. ... 2. ... 3. ...?").

    End of input before the required answers raises AnswersError; after them, the rest take their defaults.
    Prompts carry `[question_id]` for scripts (input not a terminal) or when `show_ids` asks for it.
    """
    interactive = lines.isatty()
    with_ids = (not interactive) if show_ids is None else show_ids
    while True:
        question = state.next_question()
        if question is None:
            return state
        if state.pending is not None:
            show(out, state.pending.prompt_line(with_ids))
        else:
            show(out, question.prompt_line(with_ids))
            if question.kind in ("choice", "multi") and len(question.options) <= 8:
                show(out, "\n".join(question.option_lines()))
        if interactive:
            out.write("> ")
            out.flush()
        line = lines.readline(MAX_ANSWER_LINE + 1)
        if len(line) > MAX_ANSWER_LINE:
            raise AnswersError(
                f"an answer line is longer than {MAX_ANSWER_LINE} characters; nothing was scored"
            )
        if not line:
            missing = state.missing_required()
            if missing or state.pending is not None:
                names = ", ".join(missing) or question.id
                raise AnswersError(
                    f"Input ended before these questions were answered: {names}; nothing was scored."
                )
            show(out, "(end of input: the remaining questions keep their defaults)")
            return _accept_defaults(state, on_answer)
        text = line.rstrip("\r\n")
        if text.strip() in ("?", "help"):
            show(out, f"  {question.help or question.prompt}")
            continue
        if text.strip() == "<":
            previous = _previous(state, question.id)
            if previous is None:
                show(out, "  There is no earlier answer to go back to.")
                continue
            state = state.change(previous)
            back = state.questionnaire.question(previous).prompt
            show(out, f"  (back to: {back} Your other answers are kept.)")
            if on_answer is not None:
                on_answer(state)
            continue
        step = state.submit(question.id, text)
        if step.error:
            show(out, f"  Sorry: {step.error}")
            continue
        if step.notice:
            show(out, f"  {step.notice}")
        state = step.state
        if on_confirm is not None:
            for confirmed in step.confirmed:
                on_confirm(confirmed)
        if step.clarify is None and on_answer is not None:
            on_answer(state)


def _previous(state: ConversationState, current: str) -> str | None:
    """The answered question just before `current` (or the last one answered)."""
    order = [question.id for question in state.questionnaire.questions]
    position = order.index(current) if current in order else len(order)
    earlier = [question.id for question, _, _ in state.answered if order.index(question.id) < position]
    return earlier[-1] if earlier else None


def _accept_defaults(state: ConversationState, on_answer: OnAnswer | None) -> ConversationState:
    for taken in state.defaults_taken():
        state = taken
        if on_answer is not None:
            on_answer(state)
    if (question := state.next_question()) is not None:  # cannot happen once missing_required() is empty
        raise AnswersError(f"The question {question.id} has no default; nothing was scored.")
    return state


def check_save_target(path: Path, force: bool = False) -> None:
    """Before the first question: an answers file that could not be saved is said now, not after them all."""
    from assessor.report.files import check_target

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnswersError(f"{path}: the folder {folder} does not exist; choose another place for --save")
    check_target(
        path, force
    )  # a folder, FIFO, device, link, a name too long, an existing file without --force
    if not os.access(folder, os.W_OK):
        raise AnswersError(f"{path}: the folder {folder} is not writable; choose another place for --save")


def save_or_say(path: Path, text: str, out: TextIO, force: bool = False) -> str | None:
    """Save the answers; on failure return the sentence (the result is printed all the same)."""
    try:
        save_answers(path, text, force)
    except AssessorError as exc:
        return exc.message
    from assessor.report.files import shell_word, shown_path

    out.write(
        f"Answers saved to {shown_path(path)} (score them again with: assessor score {shell_word(path)})\n"
    )
    out.flush()
    return None


def save_answers(path: Path, text: str, force: bool = False) -> None:
    """Write the answers file whole or not at all (report.files: 0600, atomic, regular files only)."""
    from assessor.report.files import write_file

    write_file(path, text, force)


# -- conversation: ask --client and resume ------------------------------------------------------------


def converse_for_client(
    store: SessionStore,
    session_id: str,
    state: ConversationState,
    lines: TextIO,
    out: TextIO,
    json_output: bool,
    save: str | None = None,
    on_answer: OnAnswer | None = None,
    force_save: bool = False,
    show_ids: bool | None = None,
) -> int:
    """Run the conversation with every accepted answer saved at once, then store the result and plan.

    `on_answer`, when given, is called after each answer was saved (the caller's own hook). Task phrases the
    person confirmed before (this OS user's vocabulary) are understood directly; new picks are remembered.
    """
    vocabulary = Vocabulary(store, store.counsellor)
    state = state.with_learned(vocabulary.learned())
    recorder = SessionRecorder(store, session_id)
    recorder.record_all(state)  # answers preloaded from --answers are saved too

    def saved_then_hook(new_state: ConversationState) -> None:
        recorder.on_answer(new_state)
        if on_answer is not None:
            on_answer(new_state)

    def remember(confirmed: ConfirmedPhrase) -> None:
        vocabulary.remember(confirmed.phrase, confirmed.task_id, confirmed.task_name)

    state = run_conversation(state, lines, out, saved_then_hook, remember, show_ids)
    answers = state.to_answers()
    save_problem = save_or_say(Path(save), answers_to_toml(answers), out, force_save) if save else None
    roles = state.catalog
    problem = finish_session(store, session_id, answers, roles)
    out.write(f"Session {session_id} finished and saved.\n")
    if problem:
        out.write(f"  (no plan stored: {problem})\n")
    out.flush()
    result = assess(answers, roles)
    if json_output:
        print_json({**assessment_summary(result), "session_id": session_id})
    else:
        out.write("\n")
        out.flush()
        print_assessment(result)
        hint = f"assessor sessions export {session_id} --format html -o report.html"
        print_next_steps(answers, roles, out, hint)
    return report_save_problem(save_problem)


def print_next_steps(answers: Answers, roles: Catalog, out: TextIO, report_hint: str) -> None:
    """After the result: the best next steps of the plan (gain, months) and how to get the whole report."""
    from assessor.core.plan import build_plan

    try:
        items = build_plan(answers, roles).items[:3]
    except AssessorError:
        items = ()
    if items:
        out.write("\nBest next steps (from the upskilling plan, best gain per month first):\n")
        for item in items:
            out.write(f"  {item.gain:+.1f} points in about {item.months:g} months: {item.title}\n")
    out.write(f"\nThe whole report (plan, career moves, sources): {report_hint}\n")
    out.flush()


def report_save_problem(problem: str | None) -> int:
    """After the result: the one line saying the answers file was not written, and a failing exit."""
    if problem is None:
        return 0
    sys.stdout.flush()
    print(f"assessor: {problem}", file=sys.stderr)
    return 1


def ask_for_client(
    args: argparse.Namespace,
    state: ConversationState,
    out: TextIO,
    on_answer: OnAnswer | None = None,
) -> int:
    """`assessor ask --client NAME`: start a saved session, say so and how to delete it, then converse."""
    store = open_store()
    session_id = store.create_session(args.client)
    out.write(purpose_text(shared_database_configured()) + "\n\n")
    out.write(consent_line(store, session_id) + "\n")
    out.write(f"Session id: {session_id}\n\n")
    out.flush()
    try:
        return converse_for_client(
            store,
            session_id,
            state,
            sys.stdin,
            out,
            args.json,
            getattr(args, "save", None),
            on_answer,
            getattr(args, "force", False),
            show_ids=getattr(args, "ids", None) or None,
        )
    except KeyboardInterrupt:
        return stopped(f"every answer so far is saved; continue with: assessor sessions resume {session_id}")


def stopped(what_now: str) -> int:
    """Ctrl+C during the conversation: one line saying what happens now, and the shell's 130."""
    sys.stdout.flush()
    print(f"\nassessor: stopped; {what_now}", file=sys.stderr)
    return 130
