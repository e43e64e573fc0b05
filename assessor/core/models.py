"""Pydantic models of the role data (roles/*.toml) and of a person's answers.

Every model is frozen and refuses unknown fields, so a typo in a data file is an error, never a silent default.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assessor.core.conversions import EloundouLabels, converted_automation

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=2000)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Source(Frozen):
    """Where a figure comes from: enough for a reader to find it again."""

    title: NonEmpty
    publisher: NonEmpty  # publisher name or URL
    date: NonEmpty  # the date the figure describes or was published ("2026", "May 2024", "n.d.")
    # The reports turn it into a link: only a web address, never javascript:, data: or a file path.
    url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"'`]+$", max_length=2000)] | None = None


class Sourced(Frozen):
    """A figure that either names a source key or says it is our own estimate, with why."""

    rationale: NonEmpty
    source: str | None = None
    estimate: bool = False

    @model_validator(mode="after")
    def _source_or_estimate(self) -> Sourced:
        if self.source is None and not self.estimate:
            raise ValueError("needs a source (a key of [sources]) or estimate = true with a rationale")
        return self


def _check_conversion(automation: int, labels: tuple[EloundouLabels, ...]) -> None:
    """A figure marked as converted from Eloundou labels must be what the rule gives (core/conversions.py)."""
    if not labels:
        return
    converted = converted_automation(labels)
    if converted is None:
        raise ValueError(
            "eloundou: the merged O*NET tasks convert to different scores; score it as an estimate"
        )
    if automation != converted:
        levels = ", ".join(f"{label.automation}/{label.human}/{label.gpt4}" for label in labels)
        raise ValueError(
            f"automation: {automation} is not what the Eloundou rule gives for {levels} ({converted})"
        )


class Task(Sourced):
    """One slice of a working day: its share of time and how automatable it is (1 human .. 5 automatable)."""

    id: Slug
    name: NonEmpty
    time_pct: Annotated[float, Field(ge=0, le=100)]
    automation: Annotated[int, Field(ge=1, le=5)]
    aliases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    eloundou: tuple[EloundouLabels, ...] = ()  # set when `automation` is converted from these labels

    @model_validator(mode="after")
    def _converted(self) -> Task:
        _check_conversion(self.automation, self.eloundou)
        return self


class Score(Sourced):
    value: int


def _bounded(name: str, low: int, high: int, scores: dict[str, Score]) -> None:
    for key, score in scores.items():
        if not low <= score.value <= high:
            raise ValueError(f"{name}.{key}: {score.value} is outside {low}..{high}")


class Evidence(Frozen):
    """Market signals, each -2..2 (seed 001)."""

    job_postings: Score
    company_actions: Score
    wage_trends: Score
    ai_tool_maturity: Score
    expert_consensus: Score

    @model_validator(mode="after")
    def _range(self) -> Evidence:
        _bounded("evidence", -2, 2, dict(self))
        return self

    @property
    def total(self) -> int:
        return sum(score.value for _, score in self)


class Barriers(Frozen):
    """Structural barriers to AI, each 0..2 (seed 001)."""

    regulatory: Score
    physical: Score
    union: Score
    liability: Score
    cultural: Score

    @model_validator(mode="after")
    def _range(self) -> Barriers:
        _bounded("barriers", 0, 2, dict(self))
        return self

    @property
    def total(self) -> int:
        return sum(score.value for _, score in self)


class Protective(Frozen):
    """Human-only factors, each 0..3 (seed 001). Shown and used in the quick screen, not in the formula."""

    physicality: Score
    interpersonal: Score
    moral_judgment: Score

    @model_validator(mode="after")
    def _range(self) -> Protective:
        _bounded("protective", 0, 3, dict(self))
        return self

    @property
    def total(self) -> int:
        return sum(score.value for _, score in self)


class Published(Frozen):
    """A score the publisher printed for this role; the catalog must reproduce it within 0.05.

    `card` says where the card's own figures come from: "publisher" when the publisher printed the whole card
    (tasks, evidence, barriers: an independent check of the formula), "fitted" when only the score was
    published and the figures are our estimates chosen so the formula reproduces it (no independent check).
    """

    score: Annotated[float, Field(ge=0, le=100)]
    label: NonEmpty
    source: str
    card: Literal["publisher", "fitted"] = "fitted"


Level = Literal["entry", "mid", "senior", "any"]
Country = Literal["us", "uk", "australia", "canada", "other"]


class RoleCard(Frozen):
    """A base role: its typical day as tasks, plus the market, barrier and growth figures of the AIJRI."""

    id: Slug
    title: NonEmpty
    family: Slug  # variants of one job share a family (entry / mid / senior)
    level: Level = "any"
    countries: tuple[Country, ...] = ("us",)
    summary: NonEmpty
    aliases: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()  # credentials typical of the role (for career-move gaps)
    # The family that describes the same job in another country ("clinical coder" in the US is a medical coder).
    equivalents: dict[Country, Slug] = {}
    published: Published | None = None
    sources: dict[str, Source]
    tasks: tuple[Task, ...] = Field(min_length=1)
    evidence: Evidence
    barriers: Barriers
    protective: Protective
    ai_growth: Score

    @field_validator("ai_growth")
    @classmethod
    def _growth_range(cls, growth: Score) -> Score:
        if not -2 <= growth.value <= 2:
            raise ValueError(f"{growth.value} is outside -2..2")
        return growth

    @model_validator(mode="after")
    def _consistent(self) -> RoleCard:
        total = sum(task.time_pct for task in self.tasks)
        if abs(total - 100) > 0.01:
            raise ValueError(f"tasks: time_pct adds up to {total:g}, not 100")
        ids = [task.id for task in self.tasks]
        duplicates = sorted({task_id for task_id in ids if ids.count(task_id) > 1})
        if duplicates:
            raise ValueError(f"tasks: id {duplicates[0]!r} is used twice")
        return self

    def source_keys_used(self) -> list[tuple[str, str]]:
        """(field path, source key) for every figure that names a source."""
        used: list[tuple[str, str]] = []
        for index, task in enumerate(self.tasks):
            if task.source:
                used.append((f"tasks[{index}].source", task.source))
        for group_name in ("evidence", "barriers", "protective"):
            group = getattr(self, group_name)
            for key, score in group:
                if score.source:
                    used.append((f"{group_name}.{key}.source", score.source))
        if self.ai_growth.source:
            used.append(("ai_growth.source", self.ai_growth.source))
        if self.published:
            used.append(("published.source", self.published.source))
        return used


class SharedTask(Sourced):
    """A task coders really do that a base role's card may leave out (roles/tasks.toml)."""

    id: Slug
    name: NonEmpty
    automation: Annotated[int, Field(ge=1, le=5)]
    aliases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    # Role families whose people really do this task; empty means every family. Keeps a pharmacy
    # technician's "coding" from landing on a coder's audit task.
    families: tuple[Slug, ...] = ()
    eloundou: tuple[EloundouLabels, ...] = ()  # set when `automation` is converted from these labels

    @model_validator(mode="after")
    def _converted(self) -> SharedTask:
        _check_conversion(self.automation, self.eloundou)
        return self


TaskPhrase = Annotated[str, Field(min_length=1, max_length=2000)]  # a split is at most 2,000 characters
WorkSetting = Literal["inpatient", "outpatient", "payer", "vendor", "other"]
AiTools = Literal["none", "suggestions", "autonomous"]


Goal = Literal["stay-in-coding", "cdi", "auditing", "risk-adjustment", "analytics", "management", "undecided"]


def _not_a_boolean(value: object) -> object:
    """true/false is not a number of years or a share of the day (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def _finite(value: object) -> object:
    """NaN and infinity (as numbers, or as text such as "1e309") are not a count of years: said as such,
    before the range check reads NaN as below 0 and infinity as above the top."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"expected a finite number, not {value}")
    return value


def _plain_text(value: object) -> object:
    """Typed text holds no control characters (NUL, ESC sequences, bidi overrides, invalid Unicode...)."""
    from assessor.core.text import first_control_character

    bad = first_control_character(value) if isinstance(value, str) else None
    if bad is not None:
        raise ValueError(f"contains a control character (U+{ord(bad):04X}); type plain text")
    return value


def _one_line(value: object) -> object:
    """A title, specialty or credential is one line: line breaks and runs of spaces become one space, and
    zero-width characters pasted along with it are dropped."""
    from assessor.core.text import without_invisible

    value = _plain_text(without_invisible(value) if isinstance(value, str) else value)
    return " ".join(value.split()) if isinstance(value, str) else value


Number = Annotated[float, BeforeValidator(_not_a_boolean)]
LineText = Annotated[str, BeforeValidator(_one_line)]
MAX_CERTIFICATION = 100
MAX_SPLIT_TEXT = 2000
MAX_SPLIT_TASKS = 40
MAX_TASK_NAME = 200


class Answers(Frozen):
    """What a person told us. Everything but the title and years has a default.

    Strict where a person could type the wrong kind: a boolean is not a number, text is plain text of a
    bounded length, and goals are the questionnaire's own.
    """

    job_title: Annotated[LineText, Field(min_length=1, max_length=200)]
    years_experience: Annotated[Number, BeforeValidator(_finite), Field(ge=0, le=60)]
    work_setting: WorkSetting = "other"
    specialty: Annotated[LineText, Field(max_length=200)] = ""
    certifications: Annotated[tuple[LineText, ...], Field(max_length=30)] = ()
    time_split: dict[str, float] | str | None = None
    ai_tools: AiTools = "suggestions"
    country: Country = "us"
    goals: tuple[Goal, ...] = ()
    role_id: Slug | None = None  # set when a person picked a role from a "did you mean" question
    # A task phrase of time_split -> the task id the person picked for it when asked "Did you mean ...?".
    task_choices: Annotated[dict[TaskPhrase, Slug], Field(max_length=100)] = {}

    @field_validator("certifications", "goals", mode="before")
    @classmethod
    def _listify(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            if len(value) > 2000:
                raise ValueError(f"{len(value)} characters is too long (at most 2000)")
            value = tuple(part.strip() for part in re.split(r"[,;/]| and ", value) if part.strip())
        if info.field_name == "goals" and isinstance(value, list | tuple):
            return tuple(item.strip().lower() if isinstance(item, str) else item for item in value)
        return value

    @field_validator("time_split", mode="before")
    @classmethod
    def _split_is_plain(cls, value: object) -> object:
        if isinstance(value, str):
            _plain_text(value)
            if len(value) > MAX_SPLIT_TEXT:
                raise ValueError(f"{len(value)} characters is too long (at most {MAX_SPLIT_TEXT})")
        elif isinstance(value, dict):
            if len(value) > MAX_SPLIT_TASKS:
                raise ValueError(f"{len(value)} tasks is too many (at most {MAX_SPLIT_TASKS})")
            for name, share in value.items():
                if isinstance(name, str):
                    _plain_text(name)
                    if len(name) > MAX_TASK_NAME:
                        raise ValueError(f"a task name of {len(name)} characters is too long")
                if isinstance(share, bool):
                    raise ValueError(f"{name!r}: expected a share of the day in percent, not true/false")
                # An int is finite however long (math.isfinite of one past float's range overflows).
                if not isinstance(share, int | float) or (
                    isinstance(share, float) and not math.isfinite(share)
                ):
                    raise ValueError(
                        f"{name!r}: expected a share of the day in percent (a number such as 50), not "
                        + (repr(share) if isinstance(share, str) else str(share))
                    )
        return value

    @field_validator("certifications")
    @classmethod
    def _normalise_certifications(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: list[str] = []
        for cert in value:
            if len(cert) > MAX_CERTIFICATION:
                raise ValueError(
                    f"a credential of {len(cert)} characters is too long (at most {MAX_CERTIFICATION})"
                )
            upper = cert.strip().upper()
            if upper and upper not in seen:
                seen.append(upper)
        return tuple(seen)

    @field_validator("time_split")
    @classmethod
    def _split_values(cls, value: dict[str, float] | str | None) -> dict[str, float] | str | None:
        if isinstance(value, dict):
            for name, pct in value.items():
                if pct < 0:
                    raise ValueError(f"{name!r} has a negative share ({pct:g}%)")
                if pct > 100:
                    raise ValueError(f"{name!r} has {pct:g}%, more than the whole day")
            total = sum(value.values())
            if total > 105:
                raise ValueError(f"the shares add up to {total:g}%, more than 100%")
        if isinstance(value, str) and not value.strip():
            return None
        return value


AdjustableField = Literal["specialty", "work_setting", "ai_tools", "country", "certifications"]


class Condition(Frozen):
    """When an adjustment applies: a field of the answers and the values (or specialty keywords) that trigger it."""

    field: AdjustableField
    any_of: tuple[str, ...] = Field(min_length=1)


class Adjustment(Sourced):
    """A personal shift to a base role's figures, kept as data with its reason (roles/adjustments.toml)."""

    id: Slug
    title: NonEmpty
    when: Condition
    unless: Condition | None = None  # not when this holds (an outpatient coder's surgery is not inpatient)
    families: tuple[Slug, ...] = ()  # role families it applies to; empty means every role
    task_automation: dict[str, int] = {}  # task id -> change in automation score (result kept within 1..5)
    evidence: dict[str, int] = {}  # evidence dimension -> change (result kept within -2..2)

    @model_validator(mode="after")
    def _has_effect(self) -> Adjustment:
        if not self.task_automation and not self.evidence:
            raise ValueError("an adjustment needs task_automation or evidence changes")
        known = set(Evidence.model_fields)
        for key in self.evidence:
            if key not in known:
                raise ValueError(f"evidence: unknown dimension {key!r}")
        return self


OneLine = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\r\n]+$")]
Term = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\r\n]+$")]


class Concept(Frozen):
    """One idea of coders' working vocabulary (roles/lexicon.toml) and the catalog tasks it points to.

    `tasks` is in order of preference: the first that a person's role family (or the shared list) has is the
    one the concept means for them ("queries" is a coder's clinician queries, a CDI specialist's CDI queries).
    """

    id: Slug
    gloss: OneLine  # what the concept means, in our own words
    terms: tuple[Term, ...] = Field(min_length=1)  # words and phrases coders use for it
    abbreviations: tuple[Term, ...] = ()  # "DNFB", "E/M", "ROI": matched as one unit however punctuated
    spellings: tuple[Term, ...] = ()  # US, UK, Australian and Canadian spellings and run-together forms
    tasks: tuple[Slug, ...] = Field(min_length=1)
    # Offered as choices, never taken silently, when the person's role has none of `tasks`: the nearest work of
    # another system ("denials" to a UK clinical coder: coding audits and data-quality corrections are closest).
    nearest: tuple[Slug, ...] = ()
    source: OneLine | None = (
        None  # where the usage in the gloss can be read (a manual, a glossary, a posting)
    )
    # "activity": the work itself ("DNFB", "queries"). "object": what the work is on (a code set, a payment
    # model): it names its task when said alone, but the activity in a phrase decides ("ICD-10 updates").
    kind: Literal["activity", "object"] = "activity"

    @property
    def phrases(self) -> tuple[str, ...]:
        return (*self.terms, *self.abbreviations, *self.spellings)


class Lexicon(Frozen):
    """Coders' vocabulary as data: concepts, plus word-level spelling variants read as one word."""

    spellings: dict[str, str] = {}  # a variant -> the word it is read as ("paediatric" = "pediatric")
    # Words that say where, for whom or with what the work is done (specialties, settings, systems, payers), not
    # what it is: read lightly, so "coding radiology" is coding and "radiology" alone decides nothing.
    context: tuple[Term, ...] = ()
    concepts: tuple[Concept, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Lexicon:
        ids = [concept.id for concept in self.concepts]
        duplicates = sorted({concept_id for concept_id in ids if ids.count(concept_id) > 1})
        if duplicates:
            raise ValueError(f"concepts: id {duplicates[0]!r} is used twice")
        for variant, word in self.spellings.items():
            if not re.fullmatch(r"[a-z]+", variant) or not re.fullmatch(r"[a-z]+", word):
                raise ValueError(f"spellings.{variant}: variants and words are single lower-case words")
        return self
