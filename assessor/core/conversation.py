"""The conversation engine: questionnaire + answers so far -> next question; typed text -> value or error.

Pure Python, no Textual: `assessor ask`, the Textual app and tests all drive this one engine.

    state = ConversationState.start(questionnaire, catalog, initial)   # initial: a partial answers mapping
    question = state.next_question()        # None once every relevant question is answered
    turn = state.submit(question.id, text)  # Turn: the new state, and an error, a clarification or a notice
    state = state.change(question_id)       # go back to a question; answers that still apply are kept
    state.to_answers()                      # the Answers model (AnswersError while one is missing)

States are immutable. Empty text on a question with a default accepts the default. While a clarification is
pending ("Did you mean 1. Medical Coder or 2. Clinical Coder?"), the same question is asked again and its
answer picks an option (number, role id or title); any other text is read as a new job title.

A task phrase in the time split that is not understood with confidence is asked about the same way, one
phrase at a time ("Which task is 'chart work'? Did you mean: 1. ... 2. ... 3. ..., or type another task"):
a number (or the task's id or name) picks, other text is matched as that one phrase again, and the rest of
the day is kept. Each pick is kept in `task_choices` (phrase -> task id) and written to the answers file, so
`score` of the saved answers understands the phrase the same way; the Turn lists it in `confirmed` so a
caller with a session store can remember it (`learned`, passed back in next time, is read the same way).

An answer that does not fit the question asked but plainly answers a later one (the work setting typed at
the country question) is kept for that question and told back, and the question is asked again.

A time split is kept as the text the person typed (or the table a file gave): `assessor score` re-reads the
saved file through the same parse and match, so `ask` and `score` give the same result by construction.
The text readers for each kind of answer live in readers.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from rapidfuzz import fuzz, process, utils

from assessor.core.assess import (
    adjustment_applies,
    choose_role,
    country_note,
    load_answers,
    specialty_adjustments,
)
from assessor.core.catalog import Catalog
from assessor.core.errors import AnswersError, AssessorError
from assessor.core.frozen import Frozen
from assessor.core.matching import AMBIGUOUS_WITHIN, match_title, pick_variant
from assessor.core.models import Answers, RoleCard
from assessor.core.plain import default_of, field_names
from assessor.core.questionnaire import Question, Questionnaire
from assessor.core.readers import credentials_only, read_choice, read_multi, read_number
from assessor.core.splits import Fill, Gap, ParsedSplit, parse_split, read_day, read_fill, split_from_table
from assessor.core.text import (
    foreign_title_note,
    has_control_characters,
    has_surrogates,
    look_alike_problem,
    readable_answer,
    without_invisible,
)
from assessor.core.understanding import TaskUnderstanding, split_shared_shares, understand_task
from assessor.core.wording import joined

MAX_ANSWER_CHARS = 5000
# Answers kept for their own question when typed one step early (see _answer_for_later).
_ANSWERED_AHEAD = frozenset({"country", "work_setting", "certifications", "time_split", "goals"})
_NOT_KEPT_AHEAD = frozenset({"other", "undecided"})
# A specialty answer that names none: "n/a", "a bit of everything", "multi-specialty" is the question's default.
_NO_SPECIALTY = re.compile(
    r"^(?:no|none|nope|nah|n/?a|not really|none really|no specialty|no specific one|nothing (?:in )?particular|"
    r"no particular (?:one|specialty)|general|generalist|general coding|all|all of them|all specialties|any|"
    r"anything|everything|a (?:bit|little) of everything|bit of everything|mixed|a mix|mix|multi-?specialty|"
    r"multi specialty|multiple|various|it varies|varies|whatever comes(?: in| up)?)$"
)  # answers too vague to file under another question
MAX_PARTIAL_BYTES = 1_000_000


class ClarifyOption(Frozen):
    value: str  # a role id, or a task id
    label: str  # the role's title, or the task's name
    detail: str = ""  # for a task from another card or the shared list: where its figures come from


class DayDraft(Frozen):
    """A described day with something missing: the text, the answers to its gaps so far, the gap now open."""

    text: str
    fills: tuple[Fill, ...] = ()
    gap: Gap


class Clarification(Frozen):
    """A question put back to the person: which of several roles they meant, what their day leaves open, or
    which task a phrase of their day means.

    A day's follow-up has no options: it takes a bare answer ("75%", "half", "2 hours", "queries"). About a
    task, `said` is the whole day as typed (kept, never retyped) and `phrase` the one part of it asked about.
    """

    question_id: str
    said: str
    question: str
    options: tuple[ClarifyOption, ...] = ()
    day: DayDraft | None = None
    about: Literal["title", "task"] = "title"
    phrase: str = ""
    lead: str = ""  # a title question's own opening, when it is not "Did you mean" (a job no card describes)

    def prompt_line(self, with_id: bool = True) -> str:
        prefix = f"[{self.question_id}] " if with_id else ""
        if self.day is not None or self.about == "task":
            return f"{prefix}{self.question}"
        listed = " or ".join(f"{index}. {option.label}" for index, option in enumerate(self.options, start=1))
        return (
            f"{prefix}{self.lead or 'Did you mean'} {listed}? Type the number or the name, or a fuller title."
        )

    def resolve(self, text: str) -> ClarifyOption | None:
        """The option `text` picks (number, id or name; a title also fuzzily), or None."""
        cleaned = text.strip()
        if cleaned.isdigit() and 1 <= int(cleaned) <= len(self.options):
            return self.options[int(cleaned) - 1]
        key = utils.default_process(cleaned)
        for option in self.options:
            if key in (utils.default_process(option.value), utils.default_process(option.label)):
                return option
        if self.about == "task":
            return None  # other words are matched again as the task phrase, by meaning
        choices = {index: option.label for index, option in enumerate(self.options)}
        found = process.extractOne(cleaned, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        if found is not None and found[1] >= 90:
            return self.options[int(found[2])]
        return None


class SplitLine(Frozen):
    said: str
    task_id: str  # "" while the phrase is not understood with confidence (it will be asked about)
    task_name: str
    pct: float
    confidence: float
    candidates: tuple[str, ...] = ()  # the task names offered when it is asked about


class ConfirmedPhrase(Frozen):
    """A task phrase the person confirmed by picking a task: what a session store may remember."""

    phrase: str
    task_id: str
    task_name: str


class Entry(Frozen):
    question_id: str
    raw: str
    value: Any


class Turn(Frozen):
    """What one submitted answer did: the new state and at most one of an error, a clarification, a notice."""

    state: ConversationState
    error: str | None = None
    clarify: Clarification | None = None
    notice: str | None = None
    confirmed: tuple[ConfirmedPhrase, ...] = ()  # task phrases the person picked a task for in this step
    kept_for: str | None = None  # the later question an answer was kept for (the one asked stays open)


class ConversationState(Frozen):
    """Everything said so far. Immutable: every change returns a new state."""

    questionnaire: Questionnaire
    catalog: Catalog
    entries: tuple[Entry, ...] = ()
    role_id: str | None = None  # set when the person picked a role from a clarification
    pending: Clarification | None = None
    preset: dict[str, Any] = Field(default_factory=dict)  # answers-file fields no question asks (kept)
    task_choices: dict[str, str] = Field(default_factory=dict)  # phrase -> task id the person picked
    learned: dict[str, str] = Field(default_factory=dict)  # phrase -> task id remembered from before

    # ----- starting -------------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        questionnaire: Questionnaire,
        catalog: Catalog,
        initial: dict[str, Any] | None = None,
        learned: dict[str, str] | None = None,
    ) -> ConversationState:
        """A new conversation, optionally resuming from a partial answers mapping (refused field by field).

        `learned`: task phrases this person (or counsellor) confirmed before, understood directly.
        """
        state = cls(questionnaire=questionnaire, catalog=catalog, learned=dict(learned or {}))
        if not initial:
            return state
        if not isinstance(initial, dict):
            raise AnswersError("answers: expected a table of answers (job_title, years_experience, ...)")
        known = set(field_names(Answers))
        for key in initial:
            if key not in known:
                from assessor.core.loading import closest

                guess = closest(str(key), sorted(known))
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise AnswersError(f"answers: {key}: unknown field{hint}")
        role_id = initial.get("role_id")
        if role_id is not None:
            try:
                catalog.role(str(role_id))
            except AssessorError as exc:
                raise AnswersError(f"answers: role_id: {exc}") from None
            state = state._copy(role_id=str(role_id))
        if initial.get("task_choices") is not None:
            try:
                choices = Answers.validated(
                    {"job_title": "-", "years_experience": 0, "task_choices": initial["task_choices"]}
                ).task_choices
            except ValueError:
                raise AnswersError(
                    "answers: task_choices: expected a table of phrase = task id (text = text)"
                ) from None
            state = state._copy(task_choices=dict(choices))
        used: set[str] = {"role_id", "task_choices"}
        for question in questionnaire.questions:
            field = question.answer_field
            if field not in initial or field in used or not state._applies(question):
                continue
            used.add(field)
            state = state._preload(question, initial[field])
        preset = {key: value for key, value in initial.items() if key not in used and value is not None}
        return state._copy(preset=preset)

    def _preload(self, question: Question, given: Any) -> ConversationState:
        role_known = self._entry("job_title") is not None or self.role_id is not None
        if question.kind == "split" and isinstance(given, str) and given.strip() and not role_known:
            # No title yet: keep the text; it is checked once the title and years are answered.
            try:
                parse_split(given)
            except AssessorError as exc:
                raise AnswersError(f"answers: {question.answer_field}: {exc}") from None
            return self._store(question, given.strip(), given.strip())
        if question.kind == "split" and isinstance(given, dict):
            try:
                table = {str(name): float(pct) for name, pct in given.items()}
                split = split_from_table(table)
                if role_known:
                    self._match_split(split)
            except (TypeError, ValueError):
                raise AnswersError(f"answers: {question.answer_field}: shares must be numbers") from None
            except AssessorError as exc:
                raise AnswersError(f"answers: {question.answer_field}: {exc}") from None
            raw = ", ".join(f"{pct:g}% {name}" for name, pct in table.items())
            return self._store(question, raw, table)
        if isinstance(given, list | tuple):
            raw = ", ".join(str(item) for item in given)
        elif isinstance(given, bool) or not isinstance(given, str | int | float):
            raise AnswersError(f"answers: {question.answer_field}: {given!r} is not a value I can read")
        else:
            raw = str(given)
        turn = self.submit(question.id, raw, allow_unknown=True)
        if turn.error:
            raise AnswersError(f"answers: {question.answer_field}: {turn.error}")
        if turn.clarify is not None and turn.clarify.day is not None:
            raise AnswersError(f"answers: {question.answer_field}: {turn.clarify.day.gap.question}")
        if turn.clarify is not None and turn.clarify.about == "task":
            return turn.state  # the conversation asks which task the phrase means
        if turn.clarify:
            names = " or ".join(option.label for option in turn.clarify.options)
            raise AnswersError(
                f"answers: {question.answer_field}: {raw!r} could be {names}; add role_id to choose"
            )
        return turn.state

    # ----- reading the state ----------------------------------------------------------------------------

    def _copy(self, **changes: Any) -> ConversationState:
        return self.model_copy(update=changes)

    def _entry(self, question_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.question_id == question_id), None)

    def _field_value(self, field: str) -> Any:
        """The value an answer field has now: answered, or the Answers default."""
        for question in self.questionnaire.questions:
            if question.answer_field != field:
                continue
            entry = self._entry(question.id)
            if entry is not None and self._applies(question, depth=1):
                return entry.value
        if field in self.preset:
            return self.preset[field]
        return default_of(Answers, field)

    def _applies(self, question: Question, depth: int = 0) -> bool:
        if question.when is None:
            return True
        if depth > 5:  # conditions on conditions: stop rather than loop on a bad file
            return True
        value = None
        for other in self.questionnaire.questions:
            if other.answer_field == question.when.field:
                entry = self._entry(other.id)
                if entry is not None and self._applies(other, depth + 1):
                    value = entry.value
                    break
        if value is None:
            value = self._field_value_default(question.when.field)
        return question.when.holds(value)

    def _field_value_default(self, field: str) -> Any:
        if field in self.preset:
            return self.preset[field]
        return default_of(Answers, field)

    def value(self, question_id: str) -> Any:
        entry = self._entry(question_id)
        return None if entry is None else entry.value

    @property
    def answered(self) -> tuple[tuple[Question, str, Any], ...]:
        """(question, what was typed, value) of every answer that still applies, in questionnaire order."""
        rows = []
        for question in self.questionnaire.questions:
            entry = self._entry(question.id)
            if entry is not None and self._applies(question):
                rows.append((question, entry.raw, entry.value))
        return tuple(rows)

    def next_question(self) -> Question | None:
        """The first relevant question without an answer; the title again while a clarification waits."""
        if self.pending is not None:
            return self.questionnaire.question(self.pending.question_id)
        for question in self.questionnaire.questions:
            if self._entry(question.id) is None and self._applies(question):
                return question
        return None

    def defaults_taken(self) -> tuple[ConversationState, ...]:
        """Each state after taking the next question's default, stopping at a question that has none or
        whose default needs a clarification: one loop for `ask` at end of input and the app's resume."""
        states: list[ConversationState] = []
        state = self
        while (question := state.next_question()) is not None and question.has_default:
            step = state.submit(question.id, "")
            if step.error or step.clarify is not None:
                break
            state = step.state
            states.append(state)
        return tuple(states)

    def missing_required(self) -> tuple[str, ...]:
        return tuple(
            question.id
            for question in self.questionnaire.questions
            if question.required and self._applies(question) and self._entry(question.id) is None
        )

    def _answers_data(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.preset)
        for question, _, value in self.answered:
            if value is None:
                data.pop(question.answer_field, None)
                continue
            data[question.answer_field] = value
        if self.role_id:
            data["role_id"] = self.role_id
        return data

    def to_answers(self) -> Answers:
        """The answers file these answers make; refuses while a required answer is missing."""
        missing = self.missing_required()
        if missing or self.pending is not None:
            names = ", ".join(missing) if missing else self.pending.question_id if self.pending else ""
            raise AnswersError(f"These questions still need an answer: {names}.")
        data = self._answers_data()
        choices = self.task_choices_used()
        if choices:
            data["task_choices"] = choices
        return load_answers(data, "answers")

    def task_choices_used(self) -> dict[str, str]:
        """phrase -> task id for the phrases of the time split understood through a pick (or learned before):
        what the answers file keeps so that scoring it understands them the same way."""
        value = self._field_value("time_split")
        role = self.role()
        if not isinstance(value, str) or role is None or not (self.task_choices or self.learned):
            return {}
        try:
            split = parse_split(value)
        except AssessorError:
            return {}
        used: dict[str, str] = {}
        for part in split.parts:
            found = self._understand(part.said, role)
            if found.how == "learned" and found.match is not None:
                used[part.said] = found.match.task_id
        return used

    def with_learned(self, learned: dict[str, str]) -> ConversationState:
        """The same conversation, also knowing these remembered phrases (loaded after it started)."""
        return self._copy(learned={**self.learned, **learned})

    def raw(self, question_id: str) -> str:
        """What the person typed for a question ("" when unanswered)."""
        entry = self._entry(question_id)
        return "" if entry is None else entry.raw

    def role(self) -> RoleCard | None:
        """The role the title (or the picked role) and the years point to now; None until both are known."""
        return self._role_and_note()[0]

    def _role_and_note(self) -> tuple[RoleCard | None, str | None]:
        """The role now, and a note when the title named another country's job (scored as the local card)."""
        data = self._answers_data()
        if "job_title" not in data and not self.role_id:
            return None, None
        data.setdefault("job_title", self.role_id or "")
        data.setdefault("years_experience", 3.0)
        data.pop("time_split", None)
        data.pop("task_choices", None)
        try:
            answers = load_answers(data)
            role, _, found = choose_role(answers, self.catalog)
        except AssessorError:
            return None, None
        return role, country_note(answers, role, found, self.catalog)

    def split_preview(self) -> tuple[SplitLine, ...]:
        """How the stored time split was understood, task by task (empty when none was given)."""
        value = self._field_value("time_split")
        if value is None:
            return ()
        try:
            split = parse_split(value) if isinstance(value, str) else split_from_table(value)
            return self._match_split(split)
        except AssessorError:
            return ()

    def read_split(self, text: str) -> tuple[SplitLine, ...]:
        """How a time split being typed would be understood, phrase by phrase, without answering: a phrase
        that would be asked about has no task_id and names its candidates. Raises AssessorError."""
        lines, unclear = self._understand_split(parse_split(text))
        for found, pct in unclear:
            names = tuple(candidate.name for candidate in found.candidates)
            lines.append(
                SplitLine(
                    said=found.said, task_id="", task_name="", pct=pct, confidence=0.0, candidates=names
                )
            )
        order = {part.said: index for index, part in enumerate(parse_split(text).parts)}
        return tuple(sorted(lines, key=lambda line: order.get(line.said, 0)))

    # ----- changing the state ---------------------------------------------------------------------------

    def change(self, question_id: str) -> ConversationState:
        """Go back to a question: forget its answer; answers that still apply are kept."""
        question = self._question(question_id)
        entries = tuple(entry for entry in self.entries if entry.question_id != question.id)
        role_id = None if question.answer_field == "job_title" else self.role_id
        preset = {key: value for key, value in self.preset.items() if key != question.answer_field}
        return self._copy(entries=entries, role_id=role_id, pending=None, preset=preset)

    def _shared_shares_split(self, split: ParsedSplit, role: RoleCard) -> ParsedSplit:
        """The day with a share told for several tasks ('the rest queries and denials') divided between them."""
        return split_shared_shares(split, role, self.catalog, {**self.learned, **self.task_choices} or None)

    def _understand(self, said: str, role: RoleCard) -> TaskUnderstanding:
        """A task phrase read for this role; phrases picked in this conversation or remembered come first."""
        known = {**self.learned, **self.task_choices}
        return understand_task(said, role, self.catalog, known or None)

    def _question(self, question_id: str) -> Question:
        try:
            return self.questionnaire.question(question_id)
        except KeyError as exc:
            raise AnswersError(str(exc.args[0])) from None

    def submit(self, question_id: str, text: str, allow_unknown: bool = False) -> Turn:
        """Read one typed answer. Never raises for bad input: the Turn carries the error instead."""
        try:
            question = self._question(question_id)
        except AnswersError as exc:
            return Turn(state=self, error=exc.message)
        raw = str(
            text
        )  # read as plain text; an endless paste is only cleaned of invisible characters (bounded)
        text = readable_answer(raw) if len(raw) <= MAX_ANSWER_CHARS * 4 else without_invisible(raw)
        text = " ".join(text.split()) if question.kind != "split" else text.strip()
        if has_surrogates(text):
            return Turn(
                state=self,
                error="That answer is not UTF-8 text (is the terminal set to UTF-8?); please type it again.",
            )
        if has_control_characters(text):
            return Turn(
                state=self,
                error="That answer holds a control character (an escape or similar); please type plain text.",
            )
        if question.answer_field in ("specialty", "certifications") and not text.isascii():
            problem = look_alike_problem(text, question.answer_field == "certifications")
            if problem is not None:
                return Turn(state=self, error=f"{problem[0].upper()}{problem[1:]}.")
        if len(text) > MAX_ANSWER_CHARS or (
            len(text) > question.max_length and question.kind in ("text", "split")
        ):
            limit = min(MAX_ANSWER_CHARS, question.max_length)
            return Turn(
                state=self, error=f"That answer is {len(text)} characters; please keep it under {limit}."
            )
        if (
            self.pending is not None
            and self.pending.question_id == question.id
            and self.pending.day is not None
        ):
            return self._answer_day_gap(question, self.pending.day, text)
        if (
            self.pending is not None
            and self.pending.question_id == question.id
            and self.pending.about == "task"
        ):
            return self._answer_task_question(question, text)
        if self.pending is not None and self.pending.question_id == question.id:
            picked = self.pending.resolve(text) if text else None
            if picked is not None:
                state = self._store(question, self.pending.said, self.pending.said)._copy(
                    role_id=picked.value, pending=None
                )
                return state._after_change(question, f"Noted: {picked.label}.")
            if not text:
                return Turn(
                    state=self, error="Please type the number of one of the roles, or a fuller title."
                )
        same = self.pending is not None and self.pending.question_id == question.id
        state = self._copy(pending=None) if same else self
        if not state._applies(question):
            return Turn(state=state, error=f"[{question.id}] does not apply given your earlier answers.")
        if not text:
            if question.required:
                return Turn(
                    state=state, error=f"This one needs an answer. {question.help or question.prompt}"
                )
            return state._store(question, "", state._default_value(question))._after_change(question, None)
        if question.kind == "split":
            return state._read_day(question, text, ())
        try:
            value, notice = state._read(question, text, allow_unknown)
        except AssessorError as exc:
            ahead = state._answer_for_later(question, text)
            return ahead if ahead is not None else Turn(state=state, error=exc.message)
        if question.answer_field == "job_title":
            return state._read_title(question, text)
        return state._store(question, text, value)._after_change(question, notice)

    def _answer_for_later(self, asked: Question, text: str) -> Turn | None:
        """An answer that does not fit the question asked but plainly answers a later one (the work setting
        typed at the country question, credentials at the specialty one, the whole day at the years): kept
        for that question and told back, and the question asked again, so a person a step ahead of the
        questions loses nothing. Only a clear reading counts: an option named outright (not "other"), only
        known credentials, a day of several parts read with no question back."""
        for other in self.questionnaire.questions:
            if (
                other.id == asked.id
                or other.answer_field not in _ANSWERED_AHEAD
                or self._entry(other.id) is not None
                or not self._applies(other)
            ):
                continue
            kept: ConversationState | None = None
            try:
                if other.kind == "choice":
                    option = read_choice(text, other)
                    if option.value not in _NOT_KEPT_AHEAD:
                        kept, told = self._store(other, text, option.value), option.label
                elif other.kind == "multi" and credentials_only(text, other):
                    values, _ = read_multi(text, other)
                    if values and not set(values) & _NOT_KEPT_AHEAD:
                        # each option by its label's head: "CPC", "Clinical documentation improvement"
                        labels = {option.value: option.label.split(" (")[0] for option in other.options}
                        told = ", ".join(labels.get(value, value) for value in values)
                        kept = self._store(other, text, values)
                elif other.kind == "split" and _names_a_day(text):
                    turn = self._read_day(other, text, ())
                    if turn.error is None and turn.clarify is None and turn.state.pending is None:
                        kept, told = turn.state, "your day"
            except AssessorError:
                continue
            if kept is None:
                continue
            after = kept._after_change(other, None)
            said = f" {after.notice}" if after.notice else ""
            return Turn(
                state=after.state,
                kept_for=other.id,
                notice=f"That answers a later question ({other.prompt}), so I kept it there: {told}.{said} "
                f"Now, {asked.prompt[0].lower()}{asked.prompt[1:]}",
            )
        return None

    def _store(self, question: Question, raw: str, value: Any) -> ConversationState:
        entries = tuple(entry for entry in self.entries if entry.question_id != question.id)
        entries += (Entry(question_id=question.id, raw=raw, value=value),)
        order = {item.id: index for index, item in enumerate(self.questionnaire.questions)}
        entries = tuple(sorted(entries, key=lambda entry: order[entry.question_id]))
        preset = {key: value for key, value in self.preset.items() if key != question.answer_field}
        return self._copy(entries=entries, preset=preset)

    def _after_change(self, question: Question, notice: str | None) -> Turn:
        """Re-check answers that depend on the changed one; drop those no longer valid or relevant."""
        state = self
        notes = [notice] if notice else []
        for other in self.questionnaire.questions:
            entry = state._entry(other.id)
            if entry is None:
                continue
            if not state._applies(other):
                state = state._copy(
                    entries=tuple(item for item in state.entries if item.question_id != other.id)
                )
                continue
            if question.id in other.depends_on and entry.value is not None and other.kind == "split":
                try:
                    split = (
                        parse_split(entry.value)
                        if isinstance(entry.value, str)
                        else split_from_table(entry.value)
                    )
                    _, unclear = state._understand_split(split)
                    if (
                        unclear
                        and isinstance(entry.value, str)
                        and all(found.candidates for found, _ in unclear)
                    ):
                        asked = state._task_clarification(other, entry.value, unclear[0][0])
                        state = state._copy(
                            entries=tuple(item for item in state.entries if item.question_id != other.id),
                            pending=asked,
                        )
                        notes.append(f"Your answer to [{other.id}] needs one more word from you.")
                        continue
                    state._match_split(split)
                except AssessorError as exc:
                    state = state._copy(
                        entries=tuple(item for item in state.entries if item.question_id != other.id)
                    )
                    notes.append(f"Your answer to [{other.id}] no longer fits and will be asked again: {exc}")
        if question.answer_field in ("country", "job_title"):
            notes += state._country_notes()
        return Turn(state=state, notice=" ".join(notes) if notes else None)

    def _country_notes(self) -> list[str]:
        """Point out a role written for another country (e.g. the UK clinical coder for a US coder)."""
        asked = [q.id for q in self.questionnaire.questions if q.answer_field == "country"]
        if not any(self._entry(question_id) is not None for question_id in asked):
            return []  # not asked yet: the default says nothing about the person
        country = self._field_value("country")
        role, switched = self._role_and_note()
        if switched:
            return [f"Note: {switched}"]
        if (
            role is None
            or country in (None, "other")
            or country in role.countries
            or "other" in role.countries
        ):
            return []
        names = {"us": "the US", "uk": "the UK", "australia": "Australia", "canada": "Canada"}
        where = ", ".join(names.get(item, item) for item in role.countries)
        return [
            f"Note: {role.title} describes the job in {where}, not in {names.get(str(country), country)}; "
            "go back to the title if another role fits you better."
        ]

    def _default_value(self, question: Question) -> Any:
        default = question.default
        if question.kind == "multi":
            return ()
        if question.kind == "split":
            return None
        if question.kind == "number":
            return None if default is None or default == "" else float(default)
        if default is None:
            return default_of(Answers, question.answer_field)
        return str(default)

    # ----- reading typed answers ------------------------------------------------------------------------

    def _read(self, question: Question, text: str, allow_unknown: bool) -> tuple[Any, str | None]:
        if question.kind == "number":
            number = read_number(text, question)
            plain = re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*(?:years?|yrs?)?\s*", text, re.IGNORECASE)
            unit = f" {question.unit}" if question.unit else ""
            shown = f"{round(number, 2):g}"  # 8 months: 0.67 years, not 0.666667
            return number, None if plain else f"I read that as {shown}{unit}."
        if question.kind == "choice":
            option = read_choice(text, question)
            said = " ".join(text.split()).casefold()
            named = said in (option.label.casefold(), option.value.casefold())  # a pick from the list
            return (
                option.value,
                None if named else f"I read that as {option.label}.",
            )
        if question.kind == "multi":
            return read_multi(text, question, allow_unknown)
        if question.answer_field == "specialty":
            if _NO_SPECIALTY.match(" ".join(re.sub(r"[.!,;]", " ", text.lower()).split())):
                return "", "No particular specialty, then: your role's usual tasks are used."
            return text, self._specialty_notice(question, text)
        return text, None

    def _specialty_notice(self, question: Question, text: str) -> str:
        """Tell back what a typed specialty changes: the adjustment it calls for, or that none applies, so a
        specialty the figures do not know is not silently taken as one they do. Credentials typed here (an
        answer meant for the next question) are refused with the reason."""
        held = [
            other
            for other in self.questionnaire.questions
            if other.answer_field == "certifications" and other.kind == "multi"
        ]
        if held and credentials_only(text, held[0]):
            raise AnswersError(
                f"{text!r} reads as credentials, not a specialty (credentials have their own question). "
                "Type the kind of charts you code (e.g. oncology, E/M, radiology), or press Enter for none."
            )
        role = self.role()
        rules = [
            rule
            for rule in self.catalog.adjustments
            if rule.when.field == "specialty"
            and (role is None or not rule.families or role.family in rule.families)
        ]
        kept, note = specialty_adjustments(text, rules)
        if kept:
            rule = kept[0]
            try:
                answers: Answers | None = self._store(question, text, text).to_answers()
            except AssessorError:
                answers = None
            if answers is not None and role is not None and not adjustment_applies(rule, answers, role):
                field = rule.unless.field.replace("_", " ") if rule.unless else "other answers"
                return f"I read that as {rule.title}, which is not applied with your {field}."
            return f"I read that as {rule.title}." + (f" {note}" if note else "")
        if note:
            return note
        known = f" (those with their own figures: {joined([rule.title for rule in rules])})" if rules else ""
        return (
            f"I have no separate figures for {text!r} as a specialty, so your role's usual tasks are "
            f"used{known}."
        )

    def _read_title(self, question: Question, text: str) -> Turn:
        problem = look_alike_problem(text)
        if problem is not None:
            return Turn(state=self, error=f"{problem[0].upper()}{problem[1:]}.")
        found = match_title(text, self.catalog)
        if found.family is None and found.uncovered and found.candidates:
            # A healthcare job no card describes ("Utilization Review Nurse"): ask which card is nearest to the
            # person's work instead of refusing; another title typed instead is read again as a title.
            picked = [self._family_pick(candidate.family, found.level) for candidate in found.candidates]
            options = tuple(
                ClarifyOption(value=role.id, label=role.title)
                for index, role in enumerate(picked)
                if role.id not in {earlier.id for earlier in picked[:index]}
            )
            lead = f"I have no card for {text!r} itself. Is your work closest to"
            clarification = Clarification(
                question_id=question.id,
                said=text,
                question=f"{lead} {' or '.join(option.label for option in options)}? Or type another title.",
                options=options,
                lead=lead,
            )
            return Turn(state=self._copy(pending=clarification), clarify=clarification)
        if found.family is None:
            names = ", ".join(candidate.title for candidate in found.candidates)
            hint = foreign_title_note(text) + (f" The closest roles I know are {names}." if names else "")
            return Turn(
                state=self,
                error=f"I have no role that matches {text!r} well enough to score it.{hint} "
                "Type another title, or the closest role's name.",
            )
        if found.ambiguous:
            top = found.candidates[0].score
            close = [candidate for candidate in found.candidates if top - candidate.score < AMBIGUOUS_WITHIN]
            options = tuple(
                ClarifyOption(value=role.id, label=role.title)
                for role in (
                    self._family_pick(candidate.family, found.level or found.implied_level)
                    for candidate in close
                )
            )
            clarification = Clarification(
                question_id=question.id,
                said=text,
                question="Did you mean " + " or ".join(option.label for option in options) + "?",
                options=options,
            )
            state = self._copy(pending=clarification)
            return Turn(state=state, clarify=clarification)
        state = self._store(question, text, text)._copy(role_id=None)
        title = found.candidates[0].title if found.candidates else found.family
        notice = (
            None
            if found.confidence >= 100
            else f"I took {text!r} to mean {title} ({found.confidence:.0f}% sure)."
        )
        return state._after_change(question, notice)

    def _family_pick(self, family: str, level: Any) -> RoleCard:
        """The card a clarification stores: the level word's variant, else the family's card (years pick)."""
        if level is not None:
            return pick_variant(self.catalog, family, level, None)
        members = self.catalog.family(family)
        return next(
            (role for role in members if role.id == family), pick_variant(self.catalog, family, None, None)
        )

    def _read_day(self, question: Question, text: str, fills: tuple[Fill, ...]) -> Turn:
        """Read a described day; what it leaves open is asked back as a follow-up naming what is missing."""
        state = self._copy(pending=None)
        try:
            reading = read_day(text, fills)
        except AssessorError as exc:
            if fills and self.pending is not None:  # the answer to a follow-up does not fit: ask it again
                return Turn(state=self, error=exc.message)
            return Turn(state=state, error=exc.message)
        if reading.gap is not None:
            gap = reading.gap
            if gap.kind == "whole":
                return Turn(state=state, error=gap.question)
            question_text = gap.question
            if gap.kind == "share" and gap.left_pct is not None:
                question_text += f" (Enter: the other {gap.left_pct:.3g}%)"
            elif gap.kind == "day" and gap.offer_hours is not None:
                question_text += f" (Enter: {gap.offer_hours:g} hours)"
            follow_up = Clarification(
                question_id=question.id,
                said=text,
                question=question_text,
                day=DayDraft(text=text, fills=fills, gap=gap),
            )
            return Turn(state=state._copy(pending=follow_up), clarify=follow_up)
        split = reading.split
        assert split is not None
        stored = text if not fills else reading.text
        try:
            lines, unclear = state._understand_split(split)
        except AssessorError as exc:
            return Turn(state=state, error=exc.message)
        unknown = [found for found, _ in unclear if not found.candidates]
        if unknown:  # nothing to offer: the day needs rewording (or a task id) for these phrases
            from assessor.core.assess import not_understood

            return Turn(state=state, error="; ".join(not_understood(found) for found in unknown))
        if unclear:  # ask about the first phrase; the day (with its follow-up answers) is kept in `said`
            asked = state._task_clarification(question, stored, unclear[0][0])
            return Turn(state=state._copy(pending=asked), clarify=asked)
        shares: dict[str, float] = {}  # parts of the day that are one task are told back as one share
        for line in lines:
            shares[line.task_name] = shares.get(line.task_name, 0.0) + line.pct
        understood = ", ".join(f"{round(pct, 1):g}% {name}" for name, pct in shares.items())
        notice = f"I read that as: {understood}."
        role = state.role()
        note = state._shared_shares_split(split, role).note if role is not None else split.note
        if note:
            notice = f"{note} {notice}"
        return state._store(question, stored, stored)._after_change(question, notice)

    def _answer_day_gap(self, question: Question, draft: DayDraft, text: str) -> Turn:
        """A follow-up's answer: a bare amount for the task it asked about, the day's length, or a task."""
        gap = draft.gap
        if not text and gap.kind == "share" and gap.left_pct is not None:
            fill = Fill(kind="share", item=gap.item, amount=gap.left_pct, unit="%")
        elif not text and gap.kind == "day" and gap.offer_hours is not None:
            fill = Fill(kind="day", amount=gap.offer_hours)
        elif not text:
            return Turn(state=self, error=f"This one needs an answer. {gap.question}")
        else:
            try:
                fill = read_fill(gap, text)
            except AssessorError as exc:
                if _names_a_day(text):  # the person wrote the whole day again
                    return self._copy(pending=None)._read_day(question, text, ())
                return Turn(state=self, error=exc.message)
        return self._read_day(question, draft.text, (*draft.fills, fill))

    def _task_clarification(self, question: Question, text: str, found: TaskUnderstanding) -> Clarification:
        options = tuple(
            ClarifyOption(
                value=candidate.task_id,
                label=candidate.name,
                detail=self._card_note(candidate.card, candidate.origin),
            )
            for candidate in found.candidates
        )
        listed = " ".join(f"{index}. {option.label}" for index, option in enumerate(options, start=1))
        asked = (
            f"Which task is {found.said!r}? Did you mean: {listed}, or type another task. "
            f"(Type 1-{len(options)}; the rest of your day is kept.)"
        )
        return Clarification(
            question_id=question.id,
            said=text,
            question=asked,
            options=options,
            about="task",
            phrase=found.said,
        )

    def _card_note(self, card: str | None, origin: str) -> str:
        """Where a candidate task's figures come from, in the person's terms."""
        if card is None:
            return "a task many coders do"
        if origin == "role":
            return ""  # the person's own card: nothing to add
        try:
            return f"on the {self.catalog.role(card).title} card"
        except AssessorError:
            return f"on the {card} card"

    def _answer_task_question(self, question: Question, text: str) -> Turn:
        """The person answered "Which task is X?": a pick, or another name for X (matched on its own)."""
        pending = self.pending
        assert pending is not None
        picked = pending.resolve(text) if text else None
        if picked is None and (not text or text.isdigit()):
            return Turn(
                state=self, error=f"Type 1-{len(pending.options)} or another name for {pending.phrase!r}."
            )
        if picked is None:
            role = self.role()
            if role is None:
                return Turn(state=self._copy(pending=None), error="Please answer the job title first.")
            found = self._understand(text, role)
            if found.match is None:
                if not found.candidates:
                    return Turn(
                        state=self,
                        error=f"I know no task like {text!r}; type 1-{len(pending.options)} or another name "
                        f"for {pending.phrase!r}.",
                    )
                again = self._task_clarification(question, pending.said, replace(found, said=pending.phrase))
                return Turn(state=self._copy(pending=again), clarify=again)
            picked = ClarifyOption(value=found.match.task_id, label=found.match.name)
        choices = {**self.task_choices, pending.phrase: picked.value}
        state = self._copy(task_choices=choices, pending=None)
        turn = state._read_day(question, pending.said, ())
        noted = f"Noted: {pending.phrase!r} is {picked.label}."
        confirmed = (ConfirmedPhrase(phrase=pending.phrase, task_id=picked.value, task_name=picked.label),)
        if turn.error:  # cannot happen: the same text was read a moment ago
            return Turn(state=self, error=turn.error)
        return turn.model_copy(
            update={"notice": f"{noted} {turn.notice}" if turn.notice else noted, "confirmed": confirmed}
        )

    def _understand_split(
        self, split: ParsedSplit
    ) -> tuple[list[SplitLine], list[tuple[TaskUnderstanding, float]]]:
        """Each phrase read for the role now: the lines understood, and those to ask about (with shares)."""
        role = self.role()
        if role is None:
            raise AnswersError(
                "Please answer the job title and years questions first; the tasks depend on the role."
            )
        lines: list[SplitLine] = []
        unclear: list[tuple[TaskUnderstanding, float]] = []
        for part in self._shared_shares_split(split, role).parts:
            found = self._understand(part.said, role)
            if found.match is None:
                unclear.append((found, part.pct))
                continue
            lines.append(
                SplitLine(
                    said=part.said,
                    task_id=found.match.task_id,
                    task_name=found.match.name,
                    pct=part.pct,
                    confidence=found.match.confidence,
                )
            )
        return lines, unclear

    def _match_split(self, split: ParsedSplit) -> tuple[SplitLine, ...]:
        lines, unclear = self._understand_split(split)
        if unclear:
            from assessor.core.assess import not_understood

            raise AnswersError("; ".join(not_understood(found) for found, _ in unclear))
        return tuple(lines)


def _names_a_day(text: str) -> bool:
    """Is this a whole described day (tasks with amounts) rather than a bare amount?"""
    try:
        split = read_day(text).split
    except AssessorError:
        return False
    return split is not None and len(split.parts) > 1


def partial_answers_from_text(text: str, label: str) -> dict[str, Any]:
    """A partial answers file (TOML, or JSON when it starts with '{') as a plain mapping."""
    from assessor.core.answers_io import answers_table_from_text

    return answers_table_from_text(text, label)


def read_partial_answers(path: Path) -> dict[str, Any]:
    """Read an answers file that may lack required answers (ask --answers)."""
    from assessor.core.answers_io import read_user_text

    return partial_answers_from_text(read_user_text(path, max_bytes=MAX_PARTIAL_BYTES), str(path))


Turn.model_rebuild()
