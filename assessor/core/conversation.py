"""The conversation engine: questionnaire + answers so far -> next question; typed text -> value or error.

Pure Python, no Textual: `assessor ask`, the Textual app and tests all drive this one engine.

API CONTRACT (implemented by the conversation work; the app and `ask` code against exactly this):

    questionnaire = load_questionnaire()            # questionnaires/*.toml -> Questionnaire
    state = ConversationState.start(questionnaire, catalog, initial: dict | None = None)
    question = state.next_question()                # Question | None (None = every needed answer given)
    step = state.submit(question.id, text)          # -> Step
        step.state        # the new ConversationState (states are immutable)
        step.error        # None, or one sentence saying what was wrong and what to type
        step.clarify      # None, or a Clarification: a "Did you mean A or B?" choice to put to the person
        step.notice       # None, or one sentence to tell the person (e.g. "I scaled your shares to 100%")
    state = state.change(question_id)               # go back: forget that answer, keep others still relevant
    state.answered                                  # tuple[(Question, raw_text, value)] in order
    state.to_answers()                              # -> models.Answers (raises AnswersError if incomplete)
    question.prompt_line()                          # "[years_experience] How many years ...? (default: ...)"

Empty text on a question with a default accepts the default.

ADDITIONS (beyond the contract):

    state.pending                  # the Clarification still waiting for a choice, or None
    clarification.prompt_line()    # "[job_title] Did you mean 1. Medical Coder or 2. Clinical Coder? ..."
    clarification.options          # tuple[ClarifyOption(value=role id, label=role title)]
    # Answer a clarification by submitting to the same question id: the option's number, role id or title
    # (fuzzily); any other text is read as a new job title.
    state.missing_required()       # ids of required questions still unanswered
    state.role()                   # the RoleCard the answers so far point to, or None
    state.value(question_id)       # the stored value of one answer, or None
    state.split_preview()          # tuple[SplitLine]: how the time split was understood (task, share, said)
    read_partial_answers(path)     # a partial answers file (TOML or JSON) as a dict for start(initial=...)

A time split is kept as the text the person typed (or the table a file gave): `assessor score` re-reads the
saved file through the same parse and match, so `ask` and `score` give the same result by construction.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from assessor.core.assess import choose_role, country_note, load_answers
from assessor.core.catalog import Catalog
from assessor.core.errors import AnswersError, AssessorError
from assessor.core.matching import AMBIGUOUS_WITHIN, match_role_task, match_title, pick_variant
from assessor.core.models import Answers, Frozen, RoleCard
from assessor.core.questionnaire import Option, Question, Questionnaire
from assessor.core.splits import ParsedSplit, parse_split, split_from_table

MAX_ANSWER_CHARS = 5000
CHOICE_CUTOFF = 75.0
MAX_PARTIAL_BYTES = 1_000_000


class ClarifyOption(Frozen):
    value: str  # a role id
    label: str  # the role's title


class Clarification(Frozen):
    """A question put back to the person when what they typed fits more than one thing."""

    question_id: str
    said: str
    question: str
    options: tuple[ClarifyOption, ...]

    def prompt_line(self) -> str:
        listed = " or ".join(f"{index}. {option.label}" for index, option in enumerate(self.options, start=1))
        return f"[{self.question_id}] Did you mean {listed}? Type the number or the name, or a fuller title."

    def resolve(self, text: str) -> ClarifyOption | None:
        """The option `text` picks (number, role id or title, fuzzily), or None."""
        cleaned = text.strip()
        if cleaned.isdigit() and 1 <= int(cleaned) <= len(self.options):
            return self.options[int(cleaned) - 1]
        key = utils.default_process(cleaned)
        for option in self.options:
            if key in (utils.default_process(option.value), utils.default_process(option.label)):
                return option
        choices = {index: option.label for index, option in enumerate(self.options)}
        found = process.extractOne(cleaned, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        if found is not None and found[1] >= 90:
            return self.options[int(found[2])]
        return None


class SplitLine(Frozen):
    said: str
    task_id: str
    task_name: str
    pct: float
    confidence: float


class Entry(Frozen):
    question_id: str
    raw: str
    value: Any


class Step(Frozen):
    state: ConversationState
    error: str | None = None
    clarify: Clarification | None = None
    notice: str | None = None


class ConversationState(Frozen):
    """Everything said so far. Immutable: every change returns a new state."""

    questionnaire: Questionnaire
    catalog: Catalog
    entries: tuple[Entry, ...] = ()
    role_id: str | None = None  # set when the person picked a role from a clarification
    pending: Clarification | None = None
    preset: dict[str, Any] = Field(default_factory=dict)  # answers-file fields no question asks (kept)

    # ----- starting -------------------------------------------------------------------------------------

    @classmethod
    def start(
        cls, questionnaire: Questionnaire, catalog: Catalog, initial: dict[str, Any] | None = None
    ) -> ConversationState:
        """A new conversation, optionally resuming from a partial answers mapping (refused field by field)."""
        state = cls(questionnaire=questionnaire, catalog=catalog)
        if not initial:
            return state
        if not isinstance(initial, dict):
            raise AnswersError("answers: expected a table of answers (job_title, years_experience, ...)")
        known = set(Answers.model_fields)
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
        used: set[str] = {"role_id"}
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
        step = self.submit(question.id, raw, allow_unknown=True)
        if step.error:
            raise AnswersError(f"answers: {question.answer_field}: {step.error}")
        if step.clarify:
            names = " or ".join(option.label for option in step.clarify.options)
            raise AnswersError(
                f"answers: {question.answer_field}: {raw!r} could be {names}; add role_id to choose"
            )
        return step.state

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
        info = Answers.model_fields[field]
        return None if info.is_required() else info.default

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
        info = Answers.model_fields[field]
        return None if info.is_required() else info.default

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
        return load_answers(self._answers_data(), "answers")

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

    # ----- changing the state ---------------------------------------------------------------------------

    def change(self, question_id: str) -> ConversationState:
        """Go back to a question: forget its answer; answers that still apply are kept."""
        question = self._question(question_id)
        entries = tuple(entry for entry in self.entries if entry.question_id != question.id)
        role_id = None if question.answer_field == "job_title" else self.role_id
        preset = {key: value for key, value in self.preset.items() if key != question.answer_field}
        return self._copy(entries=entries, role_id=role_id, pending=None, preset=preset)

    def _question(self, question_id: str) -> Question:
        try:
            return self.questionnaire.question(question_id)
        except KeyError as exc:
            raise AnswersError(str(exc.args[0])) from None

    def submit(self, question_id: str, text: str, allow_unknown: bool = False) -> Step:
        """Read one typed answer. Never raises for bad input: the Step carries the error instead."""
        try:
            question = self._question(question_id)
        except AnswersError as exc:
            return Step(state=self, error=exc.message)
        text = " ".join(str(text).split()) if question.kind != "split" else str(text).strip()
        if len(text) > MAX_ANSWER_CHARS or (
            len(text) > question.max_length and question.kind in ("text", "split")
        ):
            limit = min(MAX_ANSWER_CHARS, question.max_length)
            return Step(
                state=self, error=f"That answer is {len(text)} characters; please keep it under {limit}."
            )
        if self.pending is not None and self.pending.question_id == question.id:
            picked = self.pending.resolve(text) if text else None
            if picked is not None:
                state = self._store(question, self.pending.said, self.pending.said)._copy(
                    role_id=picked.value, pending=None
                )
                return state._after_change(question, f"Noted: {picked.label}.")
            if not text:
                return Step(
                    state=self, error="Please type the number of one of the roles, or a fuller title."
                )
        state = self._copy(pending=None) if self.pending is not None else self
        if not state._applies(question):
            return Step(state=state, error=f"[{question.id}] does not apply given your earlier answers.")
        if not text:
            if question.required:
                return Step(
                    state=state, error=f"This one needs an answer. {question.help or question.prompt}"
                )
            return state._store(question, "", state._default_value(question))._after_change(question, None)
        try:
            value, notice = state._read(question, text, allow_unknown)
        except AssessorError as exc:
            return Step(state=state, error=exc.message)
        if question.answer_field == "job_title":
            return state._read_title(question, text)
        return state._store(question, text, value)._after_change(question, notice)

    def _store(self, question: Question, raw: str, value: Any) -> ConversationState:
        entries = tuple(entry for entry in self.entries if entry.question_id != question.id)
        entries += (Entry(question_id=question.id, raw=raw, value=value),)
        order = {item.id: index for index, item in enumerate(self.questionnaire.questions)}
        entries = tuple(sorted(entries, key=lambda entry: order[entry.question_id]))
        preset = {key: value for key, value in self.preset.items() if key != question.answer_field}
        return self._copy(entries=entries, preset=preset)

    def _after_change(self, question: Question, notice: str | None) -> Step:
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
                    state._match_split(split)
                except AssessorError as exc:
                    state = state._copy(
                        entries=tuple(item for item in state.entries if item.question_id != other.id)
                    )
                    notes.append(f"Your answer to [{other.id}] no longer fits and will be asked again: {exc}")
        if question.answer_field in ("country", "job_title"):
            notes += state._country_notes()
        return Step(state=state, notice=" ".join(notes) if notes else None)

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
            info = Answers.model_fields[question.answer_field]
            return None if info.is_required() else info.default
        return str(default)

    # ----- reading typed answers ------------------------------------------------------------------------

    def _read(self, question: Question, text: str, allow_unknown: bool) -> tuple[Any, str | None]:
        if question.kind == "number":
            return read_number(text, question), None
        if question.kind == "choice":
            return read_choice(text, question).value, None
        if question.kind == "multi":
            return read_multi(text, question, allow_unknown)
        if question.kind == "split":
            return self._read_split(text)
        return text, None

    def _read_title(self, question: Question, text: str) -> Step:
        found = match_title(text, self.catalog)
        if found.family is None:
            names = ", ".join(candidate.title for candidate in found.candidates)
            hint = f" The closest roles I know are {names}." if names else ""
            return Step(
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
            return Step(state=state, clarify=clarification)
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

    def _read_split(self, text: str) -> tuple[Any, str | None]:
        split = parse_split(text)
        lines = self._match_split(split)
        understood = ", ".join(f"{line.pct:.0f}% {line.task_name}" for line in lines)
        notice = f"I read that as: {understood}."
        if split.note:
            notice = f"{split.note} {notice}"
        return text, notice

    def _match_split(self, split: ParsedSplit) -> tuple[SplitLine, ...]:
        role = self.role()
        if role is None:
            raise AnswersError(
                "Please answer the job title and years questions first; the tasks depend on the role."
            )
        lines: list[SplitLine] = []
        misses: list[str] = []
        for part in split.parts:
            found = match_role_task(part.said, role, self.catalog)
            if found.task is None:
                closest = ", ".join(repr(name) for name in found.closest)
                misses.append(f"I could not match {part.said!r} to a task I know (closest: {closest})")
                continue
            lines.append(
                SplitLine(
                    said=part.said,
                    task_id=found.task.id,
                    task_name=found.task.name,
                    pct=part.pct,
                    confidence=found.confidence,
                )
            )
        if misses:
            raise AnswersError("; ".join(misses) + ". Please rename it or fold it into one of those.")
        return tuple(lines)


# ----- readers for each kind of question (pure functions, used by the state and by tests) -------------

_NUMBER_WORDS = {
    "zero": 0, "none": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "couple": 2, "few": 3,
}  # fmt: skip
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_FILLER_NUMBER = re.compile(
    r"\b(about|around|roughly|approximately|approx|almost|nearly|over|under|just|i|i've|ive|have|has|been|"
    r"worked|working|for|of|experience|exp|the|past|last|total|in|coding|as|coder|a\s+bit|some|maybe|"
    r"probably|more\s+than)\b"
)
_UNIT = {
    "years": 1.0, "year": 1.0, "yrs": 1.0, "yr": 1.0, "y": 1.0,
    "months": 1 / 12, "month": 1 / 12, "mos": 1 / 12, "mo": 1 / 12, "mths": 1 / 12, "mth": 1 / 12,
    "m": 1 / 12,
    "weeks": 1 / 52, "week": 1 / 52, "wks": 1 / 52, "wk": 1 / 52,
}  # fmt: skip


def _words_to_digits(text: str) -> str:
    """'twenty five years and a half' -> '25 years +0.5'."""
    text = re.sub(r"(\d)\s*½", r"\1.5", text).replace("½", "0.5")
    text = re.sub(r"\band\s+a\s+half\b", " +0.5 ", text)
    text = re.sub(r"\b(half\s+(a|an)|a\s+half)\b", " 0.5 ", text)
    words = re.split(r"(\s+|-)", text)
    out: list[str] = []
    index = 0
    tokens = [word for word in words if word and not word.isspace() and word != "-"]
    while index < len(tokens):
        word = tokens[index]
        if word in _NUMBER_WORDS:
            number = _NUMBER_WORDS[word]
            nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
            if (
                word in _TENS
                and nxt in _NUMBER_WORDS
                and 0 < _NUMBER_WORDS[nxt] < 10
                and nxt not in ("a", "an")
            ):
                number += _NUMBER_WORDS[nxt]
                index += 1
            if word in ("a", "an", "couple", "few") and nxt not in _UNIT and nxt != "of":
                out.append(word)
                index += 1
                continue
            out.append(str(number))
        else:
            out.append(word)
        index += 1
    return " ".join(out)


def read_number(text: str, question: Question) -> float:
    """A number, with units when the question has them ('3 years', '18 months', 'three', '2.5')."""
    cleaned = text.lower().strip().replace(",", ".") if re.fullmatch(r"\s*\d+,\d+\s*", text) else text.lower()
    what = question.unit or "a number"
    example = "3, 2.5, 'three' or '18 months'" if question.unit == "years" else "a number such as 3 or 2.5"
    if re.search(r"(^|\s)-\s*\d", cleaned) or "minus" in cleaned or "negative" in cleaned:
        low = question.min if question.min is not None else 0
        raise AnswersError(f"The number cannot be negative; type {low:g} or more.")
    if question.unit == "years" and re.search(
        r"\b(less\s+than|under|not\s+yet)\s+(a|one|1)\s+year\b", cleaned
    ):
        return 0.5  # "less than a year": any value below one picks the same (entry) variant
    cleaned = _FILLER_NUMBER.sub(" ", cleaned.replace("~", " ").replace("+ ", " "))
    cleaned = _words_to_digits(cleaned)
    cleaned = re.sub(r"\bof\b", " ", cleaned)
    units = "|".join(sorted(_UNIT, key=len, reverse=True))
    pattern = rf"(\+?\d+(?:\.\d+)?)\s*(\+0\.5)?\s*(?:({units})\b)?"
    pairs = re.findall(pattern, cleaned)
    leftovers = re.sub(pattern, " ", cleaned)
    leftovers = re.sub(r"[\s.!?+]+", " ", leftovers).strip()
    if not pairs:
        raise AnswersError(f"I could not find {what} in {text!r}; type {example}.")
    total = 0.0
    units_seen = 0
    for number, half, unit in pairs:
        value = float(number.lstrip("+")) + (0.5 if half else 0.0)
        if unit:
            if question.unit != "years" or unit not in _UNIT:
                raise AnswersError(f"I could not read {text!r} as {what}; type {example}.")
            value *= _UNIT[unit]
            units_seen += 1
        total += value
    if (
        len(pairs) > 1
        and units_seen < len(pairs)
        and not all(number.startswith("+") for number, _, _ in pairs[1:])
    ):
        raise AnswersError(f"{text!r} has more than one number; please give just one, e.g. {example}.")
    if leftovers and not re.fullmatch(r"(and|or|so|ish|plus|yes)( (and|or|so|ish|plus|yes))*", leftovers):
        raise AnswersError(f"I could not read {text!r} as {what}; type {example}.")
    if question.min is not None and total < question.min:
        raise AnswersError(f"{total:g} is less than {question.min:g}; please check the number.")
    if question.max is not None and total > question.max:
        unit = f" {question.unit}" if question.unit else ""
        raise AnswersError(
            f"{total:g}{unit} is more than the {question.max:g}{unit} I can accept; please check it."
        )
    return round(total, 4)


def _option_texts(question: Question) -> dict[str, Option]:
    texts: dict[str, Option] = {}
    for option in question.options:
        for text in (option.value, option.label, *option.aliases):
            texts.setdefault(utils.default_process(text), option)
    return texts


def _listing(question: Question) -> str:
    return "; ".join(f"{index}. {option.label}" for index, option in enumerate(question.options, start=1))


def read_choice(text: str, question: Question) -> Option:
    """One option: its number, value, label or an alias, fuzzily; two close options are asked back."""
    cleaned = text.strip().rstrip(".")
    if re.fullmatch(r"\d+", cleaned):
        index = int(cleaned)
        if 1 <= index <= len(question.options):
            return question.options[index - 1]
        raise AnswersError(f"There is no option {index}; type one of: {_listing(question)}.")
    texts = _option_texts(question)
    key = utils.default_process(cleaned)
    if key in texts:
        return texts[key]
    ranked = process.extract(key, list(texts), scorer=fuzz.WRatio, limit=len(texts))
    best: dict[str, float] = {}
    for choice, score, _ in ranked:
        option = texts[choice]
        best[option.value] = max(best.get(option.value, 0.0), float(score))
    order = sorted(best.items(), key=lambda item: -item[1])
    listing = _listing(question)
    if not order or order[0][1] < CHOICE_CUTOFF:
        raise AnswersError(f"I did not recognise {text!r}; type one of: {listing}.")
    if len(order) > 1 and order[0][1] - order[1][1] < 5 and order[0][1] < 100:
        first, second = (next(o for o in question.options if o.value == value) for value, _ in order[:2])
        raise AnswersError(f"Did you mean {first.label} or {second.label}? Type its number: {listing}.")
    return next(option for option in question.options if option.value == order[0][0])


def _multi_items(text: str, question: Question) -> list[str]:
    parts = [part.strip() for part in re.split(r"[,;/&+\n]|\band\b", text) if part.strip()]
    if not question.allow_other:
        return parts
    known = _option_texts(question)
    items: list[str] = []
    for part in parts:
        words = part.split()
        # "CPC CRC" (codes separated by spaces) is two credentials; "certified professional coder" is one.
        if (
            len(words) > 1
            and utils.default_process(part) not in known
            and all(
                utils.default_process(word.rstrip("!")) in known or word.isupper() or word.endswith("!")
                for word in words
            )
        ):
            items += words
        else:
            items.append(part)
    return items


def read_multi(
    text: str, question: Question, allow_unknown: bool = False
) -> tuple[tuple[str, ...], str | None]:
    """Several options at once ("CPC, CRC"); typos get a suggestion, unknown values a notice if allowed."""
    if utils.default_process(text) in ("none", "no", "nothing", "n a", "na", "not yet"):
        return (), None
    values: list[str] = []
    unknown: list[str] = []
    known = _option_texts(question)
    codes = [option.value for option in question.options]
    for item in _multi_items(text, question):
        forced = item.endswith("!")
        item = item.rstrip("!").strip()
        if not item:
            continue
        key = utils.default_process(item)
        if key in known:
            option_value = known[key].value
        elif not question.allow_other:
            option_value = read_choice(item, question).value
        elif forced or allow_unknown:
            option_value = item.upper()
            unknown.append(option_value)
        else:
            near = process.extractOne(
                item.upper(), codes, scorer=Levenshtein.distance, processor=utils.default_process
            )
            if (
                near is not None
                and len(key) >= 3
                and (near[1] <= 1 or fuzz.ratio(key, near[0].lower()) >= 85)
            ):
                raise AnswersError(
                    f"I don't know {item!r}; did you mean {near[0]}? Type the list again with {near[0]}, "
                    f"or write {item}! to keep {item!r} as it is."
                )
            option_value = item.upper()
            unknown.append(option_value)
        if option_value not in values:
            values.append(option_value)
    notice = None
    if unknown and not allow_unknown:
        names = ", ".join(unknown)
        notice = f"I don't know {names} yet; I kept {'it' if len(unknown) == 1 else 'them'} as you wrote it."
    return tuple(values), notice


def partial_answers_from_text(text: str, label: str) -> dict[str, Any]:
    """A partial answers file (TOML, or JSON when it starts with '{') as a plain mapping."""
    from assessor.core.answers_io import answers_table_from_text

    return answers_table_from_text(text, label)


def read_partial_answers(path: Path) -> dict[str, Any]:
    """Read an answers file that may lack required answers (ask --answers)."""
    from assessor.core.answers_io import read_user_text

    return partial_answers_from_text(read_user_text(path, max_bytes=MAX_PARTIAL_BYTES), str(path))


Step.model_rebuild()
