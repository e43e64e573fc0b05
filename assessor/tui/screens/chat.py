"""The conversation: transcript, one input whose form suits the question, and the live score panel.

Every answer goes through the core conversation engine (ConversationState.submit); this screen only shows
its questions, errors, clarifications and notices, saves each accepted answer, and re-scores in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from assessor.core.errors import AssessorError
from assessor.core.plain import dumped
from assessor.core.wording import APP_INTRO
from assessor.tui.base import AppScreen
from assessor.tui.widgets.answer import AnswerArea, AnswerSubmitted, InputKind
from assessor.tui.widgets.footer import AppFooter
from assessor.tui.widgets.side_panel import LiveScore
from assessor.tui.widgets.transcript import PersonMessage, Transcript

if TYPE_CHECKING:
    from assessor.core.catalog import Catalog
    from assessor.core.conversation import Clarification, ConfirmedPhrase, ConversationState
    from assessor.core.first_question import FirstQuestion
    from assessor.core.models import Answers
    from assessor.core.questionnaire import Question, Questionnaire
    from assessor.sessions.backend import SessionStore
    from assessor.sessions.models import SessionRecord
    from assessor.sessions.records import Rescore
    from assessor.tui.screens.results import SavedResult

ResolvedAnswers = dict[str, object]  # the Answers fields the conversation holds so far, as stored

OTHER_TITLE = "__other__"  # the clarification choice that goes back to typing a title
OTHER_TASK = "__other_task__"  # the task clarification choice that asks for another name for the phrase
FOLLOW_UP_HINTS = {
    "share": "e.g. 75%, half or 2 hours",
    "day": "hours in your working day, e.g. 8",
    "week": "days you work in a week, e.g. 5",
    "task": "the task, e.g. queries",
}
INTRO = APP_INTRO


@dataclass(frozen=True)
class LiveResult:
    """What the side panel shows after a re-score (computed in a worker thread)."""

    role: str | None
    confidence: float | None
    score: float | None
    zone: str | None
    label: str | None
    # (field, title, effect) of each personal adjustment: the figures "Adjusted for you" shows in the report
    adjustments: tuple[tuple[str, str, float], ...] = ()


def title_suggestions(catalog: Catalog) -> list[str]:
    """Role titles and aliases, for suggestions as the person types a job title."""
    seen: dict[str, None] = {}
    for role in catalog.roles:
        for text in (role.title, *role.aliases):
            seen.setdefault(text, None)
    return sorted(seen, key=str.lower)


def split_preview(
    state: ConversationState, question_id: str, text: str
) -> list[tuple[str, str, float]] | str:
    """How a typed time split would be understood (read on the immutable state, in a worker); a phrase that
    will be asked about shows its candidates."""
    try:
        lines = state.read_split(text)
    except AssessorError as exc:
        return exc.message
    return [
        (
            line.said,
            line.task_name if line.task_id else f"? I will ask ({len(line.candidates)} choices)",
            line.pct,
        )
        for line in lines
    ]


class ChatScreen(AppScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "edit", "Edit answer", id="edit"),
        Binding("ctrl+r", "results", "Results", id="results"),
        Binding("f3", "app.session_notes", "Notes", id="notes-chat"),
        Binding("ctrl+n", "new", "New", show=False, id="new"),
    ]

    def __init__(
        self,
        catalog: Catalog | None,
        questionnaire: Questionnaire | None,
        *,
        client: str | None = None,
        session_id: str | None = None,
        first_question: FirstQuestion | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.questionnaire = questionnaire
        # The first question's words (core.first_question), shown while the questionnaire is still loading.
        self.first_question = first_question
        self.client = client
        self.session_id = session_id
        self.state: ConversationState | None = None
        self.question: Question | None = None
        self.clarify: Clarification | None = None
        self.last_score: float | None = None
        self.last_change: str | None = None
        self._saving = False  # an answer is being committed; the next question waits for it
        self._suggestions = title_suggestions(catalog) if catalog is not None else []
        self._typed_early: str | None = None  # an answer sent before the role data finished loading
        self._naming_task = False  # "None of these" was picked: the next text is another name for the phrase
        self._learned: dict[str, str] = {}  # task phrases this user confirmed before (from the store)
        self._last_result: SavedResult | None = None
        self._changed = True  # answers given or changed since the session was opened: its result is stale
        self._conversation = 0  # bumped on every new conversation: a late score of the last one is dropped

    @property
    def store(self) -> SessionStore | None:
        """The app's session store; None until a client label or a saved session has opened it."""
        return self.assessor.store

    # -- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="?")
        with Horizontal(id="chat-body"):
            with Vertical(id="chat-main"):
                yield Transcript(id="transcript")
                yield AnswerArea(id="answer", cursor_blink=self.assessor.cursor_blink)
            yield LiveScore(id="live")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.start_over()
        self._load_vocabulary()

    def _vocabulary_in_use(self) -> bool:
        """Phrases are remembered (and used) only when the store is in use: a client or a saved session."""
        return self.store is not None and bool(self.client or self.session_id)

    @work(thread=True, group="vocabulary")
    def _load_vocabulary(self) -> None:
        store = self.store
        if store is None or not self._vocabulary_in_use():
            return
        from assessor.sessions.vocabulary import Vocabulary

        try:
            learned = Vocabulary(store, store.counsellor).learned()
        except (AssessorError, OSError):
            return  # the conversation works without it; phrases are asked about instead
        self.app.call_from_thread(self._vocabulary_loaded, learned)

    def _vocabulary_loaded(self, learned: dict[str, str]) -> None:
        self._learned = learned
        if self.state is not None:
            self.state = self.state.with_learned(learned)

    @work(thread=True, group="vocabulary")
    def _remember(self, confirmed: ConfirmedPhrase) -> None:
        from assessor.sessions.vocabulary import Vocabulary

        store = self.store
        if store is None:
            return
        try:
            Vocabulary(store, store.counsellor).remember(
                confirmed.phrase, confirmed.task_id, confirmed.task_name
            )
        except (AssessorError, OSError) as exc:
            self.app.call_from_thread(
                self.notify, f"Could not remember that phrase: {exc}", severity="warning"
            )

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def answer_area(self) -> AnswerArea:
        return self.query_one(AnswerArea)

    # -- the conversation ------------------------------------------------------------------------------------

    def catalog_ready(self, catalog: Catalog) -> None:
        """The role data has loaded: start the engine behind the question already on screen."""
        from assessor.core.conversation import ConversationState

        self.catalog = catalog
        self._suggestions = title_suggestions(catalog)
        state = ConversationState.start(self._questionnaire(), catalog, learned=self._learned)
        self.state = state
        self.question = state.next_question()
        if self.question is not None and self.question.id == "job_title":
            self.answer_area.suggest(self._suggestions)
        if self._typed_early is not None:
            text, self._typed_early = self._typed_early, None
            self._submit(text)

    def _first_question_without_data(self) -> None:
        """Paint the first question at once; the engine starts when the role data has loaded."""
        self.state = None
        self.question = None
        self.transcript.clear()
        self.transcript.say(INTRO)
        first: Question | FirstQuestion = (
            self.first_question
            if self.questionnaire is None and self.first_question is not None
            else self._questionnaire().questions[0]
        )
        self.transcript.say(first.prompt)
        if first.help:
            self.transcript.say(first.help, "hint")
        self.answer_area.ask("text", placeholder=first.placeholder or "type your answer and press Enter")

    @property
    def live_state(self) -> ConversationState:
        """The conversation's state: there is one from the moment the role data has loaded, and every
        answer, change or clarification is handled only after that."""
        assert self.state is not None, "the conversation is used before the role data has loaded"
        return self.state

    @property
    def live_question(self) -> Question:
        """The question being answered (an answer arrives only while one is on screen)."""
        assert self.question is not None, "an answer arrived with no question on screen"
        return self.question

    def start_over(self, initial: ResolvedAnswers | None = None, finished: bool = False) -> None:
        """A fresh conversation, or one resumed from saved answers (a finished one takes the defaults left)."""
        if self.catalog is None:
            self._first_question_without_data()
            return
        questionnaire = self._questionnaire()
        from assessor.core.conversation import ConversationState

        state = ConversationState.start(questionnaire, self.catalog, initial, self._learned)
        if finished:
            # A finished session stored only the answers that differ from the defaults: take the rest.
            taken = state.defaults_taken()
            if taken:
                state = taken[-1]
        self.state = state
        self.clarify = None
        self._naming_task = False
        self.last_score = None
        self.last_change = None
        if initial is None:
            self.session_id = None
        self._conversation += 1
        self._last_result = None
        self._changed = True
        self.query_one(LiveScore).reset()
        self.transcript.clear()
        self.transcript.say(INTRO)
        self._replay()
        self._rescore()
        if state.pending is not None:  # a saved day with a phrase to ask about
            self._show_clarification(state, state.pending)
            return
        self.ask_next()

    def _questionnaire(self) -> Questionnaire:
        if self.questionnaire is None:
            from assessor.core.questionnaire import load_questionnaire

            self.questionnaire = load_questionnaire()
        return self.questionnaire

    def resume(self, session_id: str, visit_of: SessionRecord | None = None) -> None:
        """Continue a saved session where it stopped; `visit_of`: the earlier visit a new one starts from.

        The session is read (and re-scored on today's role data) in a worker: a store another process
        holds busy never freezes the app."""
        self._read_session(session_id, visit_of)

    @work(thread=True, exclusive=True, group="resume")
    def _read_session(self, session_id: str, visit_of: SessionRecord | None) -> None:
        from assessor.sessions.records import rescore

        store = self.assessor.open_store_blocking()
        if store is None:  # the app has said why
            return
        catalog = self.catalog
        try:
            record = store.get(session_id)
            again = rescore(record, catalog) if visit_of is None and catalog is not None else None
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._resumed, record, again, visit_of)

    def _resumed(self, record: SessionRecord, again: Rescore | None, visit_of: SessionRecord | None) -> None:
        session_id = record.id
        self.client = record.client_label
        finished = record.status == "finished" or (visit_of is not None and visit_of.status == "finished")
        try:
            self.start_over(dict(record.answers), finished=finished)
        except AssessorError as exc:
            self.notify(
                f"Session {session_id} cannot be reopened: {exc.message}", severity="error", timeout=10
            )
            self.start_over()
            return
        self.session_id = session_id
        if not self._learned:
            self._load_vocabulary()  # the store is in use from now on: phrases confirmed before apply
        # Looking at a finished session changes nothing in it: its result is saved again only after an edit.
        self._changed = visit_of is not None or record.status != "finished"
        if visit_of is not None:
            self.transcript.say(
                f"New visit {session_id} for {record.client_label}, starting from the answers of "
                f"{visit_of.id} (kept as it was). F2 changes what has changed since.",
                "notice",
            )
            return
        self.transcript.say(f"Reopened the saved session {session_id} for {record.client_label}.", "notice")
        if again is not None:
            if again.error:
                self.transcript.say(
                    f"On today's role data these answers no longer score: {again.error}", "error"
                )
            else:
                changes = "; ".join(again.changes)
                self.transcript.say(
                    f"The role data changed since this session was scored: {again.old_score} → {again.new_score} "
                    f"({changes}).",
                    "notice",
                )

    def _replay(self) -> None:
        """Show the answers already in the state (after a resume or a change)."""
        for question, raw, value in self.live_state.answered:
            self.transcript.say(question.prompt)
            self.transcript.answer(self._shown(question, raw, value), question.id)

    def _shown(self, question: Question, raw: str, value: object) -> str:
        """An answer as the person would recognise it: option labels for choices, the default spelled out."""
        labels = {option.value: option.label for option in question.options}
        if question.kind == "choice" and isinstance(value, str) and value in labels:
            return str(labels[value])
        if raw.strip():
            return raw
        return f"(default: {question.default_text()})"

    def ask_next(self, prefill: str = "", prefill_for: str | None = None) -> None:
        """Ask the next question; `prefill` is shown for editing only when it is the answer to that question."""
        question = self.live_state.next_question()
        self.question = question
        if question is None or (prefill_for is not None and question.id != prefill_for):
            prefill = ""
        if question is None:
            self.transcript.say("That is everything I need. Here are your results.")
            self.answer_area.ask(
                "text", placeholder="Enter or ctrl+r: show the results · F2: change an answer"
            )
            self.call_after_refresh(self.action_results)
            return
        prompt = question.prompt
        if question.kind == "multi" and prefill.strip():
            prompt += f"  (Enter keeps: {prefill.strip()})"
        elif question.has_default:
            prompt += f"  (Enter: {question.default_text()})"
        self.transcript.say(prompt)
        if question.help:
            self.transcript.say(question.help, "hint")
        self._ask_form(question, prefill)

    def _ask_form(self, question: Question, prefill: str = "") -> None:
        kind: InputKind = question.kind
        choices = [(option.value, option.label) for option in question.options]
        default = None if question.default is None else str(question.default)
        placeholder = question.placeholder
        if kind == "choice":
            values = [value for value, _ in choices]
            self.answer_area.ask("choice", choices=choices, default=prefill if prefill in values else default)
        elif kind == "multi":
            from assessor.core.readers import read_typed_items

            self.answer_area.ask(
                "multi",
                choices=choices,
                placeholder=placeholder or "type them, or ↓ and Space to tick; Enter sends",
                reader=partial(read_typed_items, question=question),
                value=prefill,
            )
        elif kind == "split":
            self.answer_area.ask(
                "split",
                placeholder=placeholder or "e.g. half coding, 20% denials, the rest queries",
                preview=partial(split_preview, self.live_state, question.id),
                value=prefill,
            )
        elif kind == "number":
            self.answer_area.ask(
                "number", placeholder=placeholder or f"a number of {question.unit or 'units'}", value=prefill
            )
        else:
            suggestions = self._suggestions if question.id == "job_title" else ()
            if not placeholder:
                placeholder = "type your answer and press Enter"
                if question.has_default:
                    placeholder = f"Enter on empty: {question.default_text()}"
            self.answer_area.ask("text", placeholder=placeholder, suggestions=suggestions, value=prefill)

    def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        if self.state is None or self._saving:
            self._typed_early = event.text  # handled once the role data is loaded / the answer is saved
            return
        if self.question is None:
            self.action_results()
            return
        if self._naming_task:
            self._naming_task = False
            self._answer_task(event.text, event.text)
            return
        if self.clarify is not None:
            self._answer_clarification(event.text)
            return
        self._submit(event.text)

    def _submit(self, text: str) -> None:
        question = self.live_question
        shown = text if text.strip() else f"(default: {question.default_text()})"
        if question.kind == "choice" and text:
            label = next((option.label for option in question.options if option.value == text), text)
            shown = label
        self.transcript.answer(shown, question.id)
        try:
            step = self.live_state.submit(question.id, text)
        except AssessorError as exc:
            self.transcript.say(exc.message, "error")
            self._ask_form(question, text if question.kind == "split" else "")
            return
        if step.error:
            self.transcript.say(step.error, "error")
            self._ask_form(question, text if question.kind == "split" else "")
            return
        if step.clarify is not None:
            self._show_clarification(step.state, step.clarify)
            return
        if step.kept_for is not None:  # an answer to a later question: saved as that one's
            question = step.state.questionnaire.question(step.kept_for)
        self._accepted(step.state, question, text, step.notice)

    def _show_clarification(self, state: ConversationState, clarify: Clarification) -> None:
        """'Did you mean A or B?' as a choice in the chat, with a way out to type a fuller title or another
        name for a task (a digit key or Enter on the first picks at once); a follow-up about the day ("How much
        of your day is coding?") as an empty box for a bare answer."""
        self.state = state
        self.clarify = clarify
        if clarify.about == "task":
            self.transcript.say(f"Which task is {clarify.phrase!r}? Did you mean (a number key picks):")
            choices = [
                (option.value, f"{option.label}  ({option.detail})" if option.detail else option.label)
                for option in clarify.options
            ]
            choices.append((OTHER_TASK, "None of these: I will type another name for it"))
            self.answer_area.ask("choice", choices=choices, default=choices[0][0], numbered=True)
            return
        self.transcript.say(clarify.question)
        if clarify.day is not None:
            gap = clarify.day.gap
            hint = FOLLOW_UP_HINTS.get(gap.kind, "")
            if gap.kind == "share" and gap.left_pct is not None:
                hint += f" · Enter: the other {gap.left_pct:.3g}%"
            elif gap.kind == "day" and gap.offer_hours is not None:
                hint += f" · Enter: {gap.offer_hours:g} hours"
            self.answer_area.ask("text", placeholder=hint)
            return
        choices = [(option.value, option.label) for option in clarify.options]
        choices.append((OTHER_TITLE, "None of these: I will type a fuller title"))
        self.answer_area.ask("choice", choices=choices, default=choices[0][0])

    def _answer_task(self, value: str, shown: str) -> None:
        """The person picked a task for the phrase asked about, or typed another name for it."""
        question = self.live_question
        self.transcript.answer(shown, question.id)
        step = self.live_state.submit(question.id, value)
        if step.error:
            self.transcript.say(step.error, "error")
            if step.state.pending is None:
                self.state = step.state
                self.clarify = None
                self.ask_next()
            else:
                self._show_clarification(step.state, step.state.pending)
            return
        if self._vocabulary_in_use():
            for confirmed in step.confirmed:
                self._remember(confirmed)
        if step.clarify is not None:
            if step.notice:
                self.transcript.say(step.notice, "notice")
            self._show_clarification(step.state, step.clarify)
            return
        self.clarify = None
        self._accepted(step.state, question, step.state.raw(question.id), step.notice)

    def _answer_clarification(self, value: str) -> None:
        clarify = self.clarify
        question = self.live_question
        assert clarify is not None  # called only while a clarification is on screen
        if clarify.about == "task":
            if value == OTHER_TASK:
                self.transcript.answer("None of these", question.id)
                self._naming_task = True
                self.transcript.say(f"What would you call {clarify.phrase!r} instead?", "hint")
                self.answer_area.ask("text", placeholder=f"another name for {clarify.phrase!r}")
                return
            label = next((option.label for option in clarify.options if option.value == value), value)
            self._answer_task(value, label)
            return
        self.clarify = None
        if clarify.day is not None:
            self._answer_follow_up(value)
            return
        if value == OTHER_TITLE:
            self.transcript.answer("None of these", question.id)
            self.state = self.live_state.change(question.id)
            self.ask_next()
            return
        label = next((option.label for option in clarify.options if option.value == value), value)
        self.transcript.answer(label, question.id)
        step = self.live_state.submit(question.id, value)
        if step.error:
            self.transcript.say(step.error, "error")
            self._show_clarification(step.state, clarify)
            return
        self._accepted(step.state, question, value, step.notice)

    def _answer_follow_up(self, text: str) -> None:
        """A bare answer ('75%', 'half', '2 hours', 'queries') to the follow-up about the day."""
        question = self.live_question
        self.transcript.answer(text if text.strip() else "(Enter)", question.id)
        step = self.live_state.submit(question.id, text)
        if step.error:
            self.transcript.say(step.error, "error")
            pending = step.state.pending
            if pending is not None:  # the same follow-up, asked again
                self.state, self.clarify = step.state, pending
                gap = pending.day.gap.kind if pending.day is not None else ""
                self.answer_area.ask("text", placeholder=FOLLOW_UP_HINTS.get(gap, ""))
            else:  # the day has to be told again
                self.state = step.state
                self._ask_form(question)
            return
        if step.clarify is not None:
            self._show_clarification(step.state, step.clarify)
            return
        self._accepted(step.state, question, str(step.state.value(question.id) or text), step.notice)

    def _accepted(self, state: ConversationState, question: Question, text: str, notice: str | None) -> None:
        self.state = state
        self._changed = True
        if notice:
            self.transcript.say(notice, "notice")
        self.last_change = f"{question.answer_field.replace('_', ' ')}"
        if not self.client or not self.assessor.can_store:
            self._continue()
            return
        # Saved before the next question appears (in a worker: the UI stays responsive meanwhile), so an
        # answer the person has seen accepted is on disk even if the process is killed a moment later.
        self._saving = True
        self._save_answer(self.session_id, self.client, question.id, text, self._resolved())

    def _continue(self) -> None:
        self._rescore()
        self.ask_next()
        if self._typed_early is not None and self.state is not None:
            text, self._typed_early = self._typed_early, None
            self._submit(text)

    # -- saving ---------------------------------------------------------------------------------------------

    def _resolved(self) -> ResolvedAnswers:
        from assessor.sessions.records import answers_so_far

        return answers_so_far(self.live_state)

    @work(thread=True, group="save")
    def _save_answer(
        self, session_id: str | None, client: str, question_id: str, raw: str, answers: ResolvedAnswers
    ) -> None:
        created = session_id is None
        problem: str | None = None
        store = self.assessor.open_store_blocking()
        if store is None:  # the app has said once why sessions are not saved
            self.app.call_from_thread(self._saved, None, False, None)
            return
        try:
            if session_id is None:
                session_id = store.create_session(client)
            store.record_answer(session_id, question_id, raw, answers)
        except AssessorError as exc:
            problem = exc.message
        except OSError as exc:
            problem = exc.strerror or str(exc)
        self.app.call_from_thread(self._saved, session_id, created, problem)

    def _saved(self, session_id: str | None, created: bool, problem: str | None) -> None:
        self._saving = False
        if session_id is not None:
            self.session_id = session_id
            if created and problem is None:
                self.notify(f"Saving as session {session_id} for {self.client}.")
        if problem is not None:
            # The answer stays in the conversation; the next save writes every answer so far again.
            self.notify(f"Could not save this answer: {problem}", severity="error", timeout=10)
        self._continue()

    def save_so_far(self, then: Callable[[str], None] | None = None) -> None:
        """Save the conversation so far under the client label just given; then `then(session_id)`."""
        if self.state is None or not self.client:
            return
        answered = [(question.id, raw) for question, raw, _ in self.state.answered]
        self._save_so_far(self.client, answered, self._resolved(), then)

    @work(thread=True, group="save")
    def _save_so_far(
        self,
        client: str,
        answered: list[tuple[str, str]],
        answers: ResolvedAnswers,
        then: Callable[[str], None] | None,
    ) -> None:
        store = self.assessor.open_store_blocking()
        if store is None:
            return
        try:
            session_id = store.create_session(client)
            for question_id, raw in answered:
                store.record_answer(session_id, question_id, raw, answers)
        except (AssessorError, OSError) as exc:
            self.app.call_from_thread(self.notify, f"Could not save: {exc}", severity="error", markup=False)
            return
        self.app.call_from_thread(self._saved_so_far, session_id, then)

    def _saved_so_far(self, session_id: str, then: Callable[[str], None] | None) -> None:
        self.session_id = session_id
        self.notify(f"Saving as session {session_id} for {self.client}.", markup=False)
        if self._last_result is not None:  # the results were shown before the label was given
            self._save_result(session_id, self._last_result, self._final_answers())
        if then is not None:
            then(session_id)

    @work(thread=True, group="save")
    def _save_result(self, session_id: str, saved: SavedResult, answers: ResolvedAnswers) -> None:
        store = self.assessor.open_store_blocking()
        if store is None:
            return
        try:
            store.finish(session_id, saved.result_json(), saved.plan_json(), saved.data_version, answers)
        except (AssessorError, OSError) as exc:
            self.app.call_from_thread(self.notify, f"Could not save the result: {exc}", severity="error")

    # -- live score -----------------------------------------------------------------------------------------

    def _rescore(self) -> None:
        if self.state is None:
            return
        try:
            answers = self.state.to_answers()
        except AssessorError:
            return
        self._score_worker(answers, self.last_change, self._conversation)

    @work(thread=True, exclusive=True, group="live-score")
    def _score_worker(self, answers: Answers, changed: str | None, conversation: int) -> None:
        from assessor.core.assess import assess

        assert self.catalog is not None  # a state (and so answers) exists only once the catalog has loaded
        try:
            assessment = assess(answers, self.catalog)
        except AssessorError as exc:
            self.app.call_from_thread(self._show_live_error, exc.message)
            return
        fields = {adjustment.id: adjustment.when.field for adjustment in self.catalog.adjustments}
        live = LiveResult(
            role=assessment.role.title,
            confidence=assessment.match_confidence,
            score=assessment.score,
            zone=assessment.zone,
            label=assessment.label,
            adjustments=tuple(
                (fields.get(adjustment.id, ""), adjustment.title, adjustment.effect)
                for adjustment in assessment.adjustments
            ),
        )
        self.app.call_from_thread(self._show_live, live, changed, conversation)

    def _show_live(self, live: LiveResult, changed: str | None, conversation: int) -> None:
        if conversation != self._conversation:
            return  # computed for a conversation that has since been replaced
        moved = None
        field = (changed or "").replace(" ", "_")
        own = [(title, effect) for name, title, effect in live.adjustments if name == field]
        if own and changed:
            # The same figure the report's "Adjusted for you" shows for this answer (one source of figures).
            moved = "; ".join(f"{title}: {effect:+.1f} points" for title, effect in own)
        elif live.score is not None and self.last_score is not None and changed:
            delta = round(live.score, 1) - round(self.last_score, 1)
            moved = f"{changed}: {delta:+.1f} points" if abs(delta) >= 0.05 else f"{changed}: no change"
        elif changed:
            moved = f"{changed}: first score"
        self.last_score = live.score
        self.query_one(LiveScore).show(live.role, live.confidence, live.score, live.zone, live.label, moved)

    def _show_live_error(self, message: str) -> None:
        self.query_one("#live-moved", Static).update(message)

    # -- actions --------------------------------------------------------------------------------------------

    def action_edit(self) -> None:
        from assessor.tui.screens.edit import EditAnswerScreen

        if self.state is None:
            return
        answered = [
            (question.id, question.prompt, self._shown(question, raw, value))
            for question, raw, value in self.state.answered
        ]
        if not answered:
            self.notify("There is no answer to change yet.")
            return
        self.app.push_screen(EditAnswerScreen(answered), self.change_answer)

    def on_person_message_edit_requested(self, event: PersonMessage.EditRequested) -> None:
        event.stop()
        self.change_answer(event.question_id)

    def change_answer(self, question_id: str | None) -> None:
        """Go back to one answer: forget it, keep the others still relevant, continue from there."""
        if not question_id:
            return
        state = self.live_state
        previous = next((raw for question, raw, _ in state.answered if question.id == question_id), "")
        self.state = state.change(question_id)
        self.clarify = None
        self._naming_task = False
        self.last_change = question_id.replace("_", " ")
        self.transcript.clear()
        self.transcript.say(INTRO)
        self._replay()
        self.transcript.say("Changing that answer; the conversation continues from here.", "notice")
        self.ask_next(prefill=previous, prefill_for=question_id)

    def action_results(self) -> None:
        from assessor.tui.screens.results import ResultsScreen

        if self.state is None or self.state.next_question() is not None:
            self.notify("Answer the remaining questions first (Enter takes the default).")
            return
        try:
            answers = self.state.to_answers()
        except AssessorError as exc:
            self.notify(exc.message, severity="error")
            return
        assert self.catalog is not None
        self.app.push_screen(ResultsScreen(answers, self.catalog, on_finished=self._finished))

    def _final_answers(self) -> ResolvedAnswers:
        answers: ResolvedAnswers = dumped(self.live_state.to_answers(), json=True, exclude_none=True)
        return answers

    def _finished(self, saved: SavedResult) -> None:
        self._last_result = saved
        if self.store is not None and self.session_id is not None and self._changed:
            self._save_result(self.session_id, saved, self._final_answers())

    def action_new(self) -> None:
        self.start_over()
