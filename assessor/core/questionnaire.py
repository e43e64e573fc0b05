"""The questions of the conversation, kept as data (questionnaires/*.toml) and validated like the role data.

A file holds `[[questions]]` tables; files are read in name order and their questions asked in that order.
A broken file is refused with the file, the question id and the field, e.g.
`questionnaires/intake.toml: question 'years_experience': max: Input should be a valid number`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from assessor.core.data import data_dir
from assessor.core.errors import DataFileError
from assessor.core.frozen import Frozen
from assessor.core.loading import closest, describe_validation_error, read_toml
from assessor.core.models import Answers
from assessor.core.plain import field_names

QuestionKind = Literal["text", "number", "choice", "multi", "split"]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=60)]
ANSWER_FIELDS = tuple(name for name in field_names(Answers) if name != "role_id")


class Option(Frozen):
    """One answer a choice or multi question allows: the stored value, what we show, other ways to say it."""

    value: Annotated[str, Field(min_length=1, max_length=80)]
    label: Annotated[str, Field(min_length=1, max_length=200)]
    aliases: tuple[str, ...] = ()


class When(Frozen):
    """Ask a question only when an earlier answer (by Answers field) is, or is not, one of some values."""

    field: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_test(self) -> When:
        if self.field not in ANSWER_FIELDS:
            guess = closest(self.field, ANSWER_FIELDS)
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise ValueError(f"{self.field!r} is not an answer field{hint}")
        if bool(self.any_of) == bool(self.none_of):
            raise ValueError("give exactly one of any_of or none_of")
        return self

    def holds(self, value: object) -> bool:
        """Whether the condition is met by `value` (a string, a number or a tuple of strings)."""
        values = {str(item).lower() for item in value} if isinstance(value, tuple) else {str(value).lower()}
        if self.any_of:
            return bool(values & {item.lower() for item in self.any_of})
        return not values & {item.lower() for item in self.none_of}


class Question(Frozen):
    """One question: what to ask, how to read the answer, its default and when it is relevant."""

    id: QuestionId
    field: str = ""  # the Answers field it fills; defaults to the id
    prompt: Annotated[str, Field(min_length=1, max_length=400)]
    help: Annotated[str, Field(max_length=2000)] = ""
    # The grey hint inside the empty answer box; one line, so no line breaks and short enough for 80 columns.
    placeholder: Annotated[str, Field(max_length=70, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""
    kind: QuestionKind
    required: bool = False
    default: str | float | int | None = None  # None on an optional question: the Answers default is used
    default_label: str = ""  # how the default is shown when the raw value would mean little
    min: float | None = None
    max: float | None = None
    unit: str = ""  # "years": numbers may be given in months too
    max_length: Annotated[int, Field(ge=1, le=5000)] = 200
    options: tuple[Option, ...] = ()
    allow_other: bool = False  # multi: accept values that are not options (with a notice)
    when: When | None = None
    depends_on: tuple[str, ...] = ()  # question ids whose change makes this answer need checking again

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        field = self.field or self.id
        if field not in ANSWER_FIELDS:
            guess = closest(field, ANSWER_FIELDS)
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise ValueError(f"field: {field!r} is not an answer field{hint}")
        if self.kind in ("choice", "multi") and not self.options:
            raise ValueError(f"options: a {self.kind} question needs options")
        if self.kind == "choice" and self.placeholder:
            raise ValueError("placeholder: a choice question shows a list, not a text box")
        if self.kind == "choice" and self.default is not None:
            values = [option.value for option in self.options]
            if str(self.default) not in values:
                raise ValueError(f"default: {self.default!r} is not one of the options {values}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min: {self.min:g} is more than max {self.max:g}")
        values = [option.value for option in self.options]
        if len(set(values)) != len(values):
            raise ValueError("options: two options share a value")
        return self

    @property
    def answer_field(self) -> str:
        return self.field or self.id

    @property
    def has_default(self) -> bool:
        return not self.required

    def default_text(self) -> str:
        """The default as the person would see it in the prompt."""
        if self.default_label:
            return self.default_label
        if self.default is None or self.default == "":
            return "none"
        if self.kind == "choice":
            for option in self.options:
                if option.value == str(self.default):
                    return option.label
        if isinstance(self.default, float) and self.default.is_integer():
            return str(int(self.default))
        return str(self.default)

    def prompt_line(self, with_id: bool = True) -> str:
        """`[id] prompt (default: …)`: the line `assessor ask` prints; the id only helps scripts, and is
        noise to a screen reader, so a person at a terminal gets the prompt alone."""
        suffix = f" (default: {self.default_text()})" if self.has_default else ""
        prefix = f"[{self.id}] " if with_id else ""
        return f"{prefix}{self.prompt}{suffix}"

    def option_lines(self) -> list[str]:
        """Numbered options, for choice and multi questions."""
        return [f"  {index}. {option.label}" for index, option in enumerate(self.options, start=1)]


class Questionnaire(Frozen):
    """The ordered questions and where they came from."""

    questions: tuple[Question, ...] = Field(min_length=1)
    version: str = "unversioned"

    @model_validator(mode="after")
    def _unique(self) -> Questionnaire:
        ids = [question.id for question in self.questions]
        for question_id in ids:
            if ids.count(question_id) > 1:
                raise ValueError(f"question id {question_id!r} is used twice")
        for question in self.questions:
            for other in question.depends_on:
                if other not in ids:
                    raise ValueError(f"question {question.id!r}: depends_on: unknown question {other!r}")
        return self

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        guess = closest(question_id, [question.id for question in self.questions])
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise KeyError(f"no question {question_id!r}{hint}")


class _QuestionFile(Frozen):
    questions: tuple[dict[str, Any], ...] = Field(min_length=1)


def _question_from(data: Any, label: str, index: int) -> Question:
    if not isinstance(data, dict):
        raise DataFileError(f"{label}: questions[{index}]: expected a table")
    name = f"question {data['id']!r}" if isinstance(data.get("id"), str) else f"questions[{index}]"
    for key in data:
        if key not in Question.model_fields:  # a misspelt key is the likeliest mistake: name it first
            guess = closest(str(key), list(Question.model_fields))
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise DataFileError(f"{label}: {name}: {key}: unknown field{hint}")
    try:
        return Question.model_validate(data)
    except ValidationError as exc:
        reason = describe_validation_error(exc, Question, data).removeprefix("(top level): ")
        raise DataFileError(f"{label}: {name}: {reason}") from None


def load_questionnaire(folder: Path | None = None) -> Questionnaire:
    """Read questionnaires/*.toml in name order; a broken file is refused naming file, question, field."""
    from assessor.core.fingerprint import fingerprint
    from assessor.core.loading import validate

    root = folder or data_dir("questionnaires")
    paths = sorted(root.glob("*.toml"))
    if not paths:
        raise DataFileError(f"{root}: no questionnaire files found")
    questions: list[Question] = []
    for path in paths:
        label = f"questionnaires/{path.name}"
        data = read_toml(path)
        unknown = [key for key in data if key != "questions"]
        if unknown:
            raise DataFileError(f"{label}: {unknown[0]}: unknown top-level key; expected [[questions]]")
        file = validate(_QuestionFile, data, label)
        questions += [_question_from(item, label, index) for index, item in enumerate(file.questions)]
    try:
        return Questionnaire(questions=tuple(questions), version=fingerprint(paths))
    except ValidationError as exc:
        raise DataFileError(f"questionnaires: {describe_validation_error(exc, Questionnaire)}") from None


__all__ = ["Option", "Question", "QuestionKind", "Questionnaire", "When", "load_questionnaire"]
