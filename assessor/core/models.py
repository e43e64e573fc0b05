"""The role data (roles/*.toml) and a person's answers, as plain frozen dataclasses.

pydantic checks them when they are read (core/plain.py: `checker`), with the rules written in their annotations:
every type refuses unknown fields, so a typo in a data file is an error, never a silent default. Code that
builds them from checked pieces does not check them again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import field
from typing import Annotated, Literal

from assessor.core.conversions import EloundouLabels, converted_automation
from assessor.core.plain import After, Before, Checked, Rule
from assessor.core.records import record

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Rule(pattern=SLUG, min_length=1, max_length=80)]
NonEmpty = Annotated[str, Rule(min_length=1, max_length=2000)]
WebAddress = Annotated[str, Rule(pattern=r"^https?://[^\s<>\"'`]+$", max_length=2000)]


@record(frozen=True, kw_only=True)
class Source(Checked):
    """Where a figure comes from: enough for a reader to find it again."""

    title: NonEmpty
    publisher: NonEmpty  # publisher name or URL
    date: NonEmpty  # the date the figure describes or was published ("2026", "May 2024", "n.d.")
    # The reports turn it into a link: only a web address, never javascript:, data: or a file path.
    url: WebAddress | None = None


def source_or_estimate(source: str | None, estimate: bool) -> None:
    """A figure either names a source key or says it is our own estimate (with a rationale)."""
    if source is None and not estimate:
        raise ValueError("needs a source (a key of [sources]) or estimate = true with a rationale")


@record(frozen=True, kw_only=True)
class Sourced(Checked):
    """A figure that either names a source key or says it is our own estimate, with why."""

    rationale: NonEmpty
    source: str | None = None
    estimate: bool = False

    def check(self) -> None:
        source_or_estimate(self.source, self.estimate)


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


@record(frozen=True, kw_only=True)
class Task(Sourced):
    """One slice of a working day: its share of time and how automatable it is (1 human .. 5 automatable)."""

    id: Slug
    name: NonEmpty
    time_pct: Annotated[float, Rule(ge=0, le=100)]
    automation: Annotated[int, Rule(ge=1, le=5)]
    aliases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    eloundou: tuple[EloundouLabels, ...] = ()  # set when `automation` is converted from these labels

    def check(self) -> None:
        super().check()
        _check_conversion(self.automation, self.eloundou)


@record(frozen=True, kw_only=True)
class Score(Sourced):
    """One scored dimension, with its source or rationale."""

    value: int


class ScoreGroup(Checked):
    """Scores of one kind, each within its range; iterating gives (name, score) pairs in the card's order."""

    def __iter__(self) -> Iterator[tuple[str, Score]]:
        for name in self.__dataclass_fields__:  # type: ignore[attr-defined]
            yield name, getattr(self, name)

    @property
    def total(self) -> int:
        return sum(score.value for _, score in self)

    def _bounded(self, name: str, low: int, high: int) -> None:
        for key, score in self:
            if not low <= score.value <= high:
                raise ValueError(f"{name}.{key}: {score.value} is outside {low}..{high}")


@record(frozen=True, kw_only=True)
class Evidence(ScoreGroup):
    """Market signals, each -2..2 (seed 001)."""

    job_postings: Score
    company_actions: Score
    wage_trends: Score
    ai_tool_maturity: Score
    expert_consensus: Score

    def check(self) -> None:
        self._bounded("evidence", -2, 2)


@record(frozen=True, kw_only=True)
class Barriers(ScoreGroup):
    """Structural barriers to AI, each 0..2 (seed 001)."""

    regulatory: Score
    physical: Score
    union: Score
    liability: Score
    cultural: Score

    def check(self) -> None:
        self._bounded("barriers", 0, 2)


@record(frozen=True, kw_only=True)
class Protective(ScoreGroup):
    """Human-only factors, each 0..3 (seed 001). Shown and used in the quick screen, not in the formula."""

    physicality: Score
    interpersonal: Score
    moral_judgment: Score

    def check(self) -> None:
        self._bounded("protective", 0, 3)


@record(frozen=True, kw_only=True)
class Published(Checked):
    """A score the publisher printed for this role; the catalog must reproduce it within 0.05.

    `card` says where the card's own figures come from: "publisher" when the publisher printed the whole card
    (tasks, evidence, barriers: an independent check of the formula), "fitted" when only the score was
    published and the figures are our estimates chosen so the formula reproduces it (no independent check).
    """

    score: Annotated[float, Rule(ge=0, le=100)]
    label: NonEmpty
    source: str
    card: Literal["publisher", "fitted"] = "fitted"


def _growth_range(growth: Score) -> Score:
    if not -2 <= growth.value <= 2:
        raise ValueError(f"{growth.value} is outside -2..2")
    return growth


Level = Literal["entry", "mid", "senior", "any"]
Country = Literal["us", "uk", "australia", "canada", "other"]


@record(frozen=True, kw_only=True)
class RoleCard(Checked):
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
    equivalents: dict[Country, Slug] = field(default_factory=dict)
    published: Published | None = None
    sources: dict[str, Source]
    tasks: Annotated[tuple[Task, ...], Rule(min_length=1)]
    evidence: Evidence
    barriers: Barriers
    protective: Protective
    ai_growth: Annotated[Score, After(_growth_range)]

    def check(self) -> None:
        total = sum(task.time_pct for task in self.tasks)
        if abs(total - 100) > 0.01:
            raise ValueError(f"tasks: time_pct adds up to {total:g}, not 100")
        ids = [task.id for task in self.tasks]
        duplicates = sorted({task_id for task_id in ids if ids.count(task_id) > 1})
        if duplicates:
            raise ValueError(f"tasks: id {duplicates[0]!r} is used twice")

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


@record(frozen=True, kw_only=True)
class SharedTask(Sourced):
    """A task coders really do that a base role's card may leave out (roles/tasks.toml)."""

    id: Slug
    name: NonEmpty
    automation: Annotated[int, Rule(ge=1, le=5)]
    aliases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    # Role families whose people really do this task; empty means every family. Keeps a pharmacy
    # technician's "coding" from landing on a coder's audit task.
    families: tuple[Slug, ...] = ()
    eloundou: tuple[EloundouLabels, ...] = ()  # set when `automation` is converted from these labels

    def check(self) -> None:
        super().check()
        _check_conversion(self.automation, self.eloundou)


TaskPhrase = Annotated[str, Rule(min_length=1, max_length=2000)]  # a split is at most 2,000 characters
WorkSetting = Literal["inpatient", "outpatient", "payer", "vendor", "other"]
AiTools = Literal["none", "suggestions", "autonomous"]


Goal = Literal["stay-in-coding", "cdi", "auditing", "risk-adjustment", "analytics", "management", "undecided"]


def not_a_boolean(value: object) -> object:
    """true/false is not a number of years or a share of the day (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def finite(value: object) -> object:
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


def plain_text(value: object) -> object:
    """Typed text holds no control characters (NUL, ESC sequences, bidi overrides, invalid Unicode...)."""
    from assessor.core.text import first_control_character

    bad = first_control_character(value) if isinstance(value, str) else None
    if bad is not None:
        raise ValueError(f"contains a control character (U+{ord(bad):04X}); type plain text")
    return value


def one_line_text(value: object) -> object:
    """A title, specialty or credential is one line: line breaks and runs of spaces become one space, and
    zero-width characters pasted along with it are dropped."""
    from assessor.core.text import without_invisible

    value = plain_text(without_invisible(value) if isinstance(value, str) else value)
    return " ".join(value.split()) if isinstance(value, str) else value


MAX_CERTIFICATION = 100
MAX_SPLIT_TEXT = 2000
MAX_SPLIT_TASKS = 40
MAX_TASK_NAME = 200
MAX_LIST_TEXT = 2000


def listed(value: object) -> object:
    """Credentials or goals typed as one line ("CPC, CCS and RHIT") are a list."""
    if isinstance(value, str):
        if len(value) > MAX_LIST_TEXT:
            raise ValueError(f"{len(value)} characters is too long (at most {MAX_LIST_TEXT})")
        value = tuple(part.strip() for part in re.split(r"[,;/]| and ", value) if part.strip())
    return value


def listed_goals(value: object) -> object:
    """Goals as a list, each in the questionnaire's lower case."""
    value = listed(value)
    if isinstance(value, list | tuple):
        return tuple(item.strip().lower() if isinstance(item, str) else item for item in value)
    return value


def split_is_plain(value: object) -> object:
    if isinstance(value, str):
        plain_text(value)
        if len(value) > MAX_SPLIT_TEXT:
            raise ValueError(f"{len(value)} characters is too long (at most {MAX_SPLIT_TEXT})")
    elif isinstance(value, dict):
        if len(value) > MAX_SPLIT_TASKS:
            raise ValueError(f"{len(value)} tasks is too many (at most {MAX_SPLIT_TASKS})")
        for name, share in value.items():
            if isinstance(name, str):
                plain_text(name)
                if len(name) > MAX_TASK_NAME:
                    raise ValueError(f"a task name of {len(name)} characters is too long")
            if isinstance(share, bool):
                raise ValueError(f"{name!r}: expected a share of the day in percent, not true/false")
            if not isinstance(share, int | float) or (isinstance(share, float) and not math.isfinite(share)):
                raise ValueError(
                    f"{name!r}: expected a share of the day in percent (a number such as 50), not "
                    + (repr(share) if isinstance(share, str) else str(share))
                )
    return value


def normalise_certifications(value: tuple[str, ...]) -> tuple[str, ...]:
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


def split_values(value: dict[str, float] | str | None) -> dict[str, float] | str | None:
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


# A rule constrains the type it follows, so it comes before the functions that run on the value first.
LineText = Annotated[str, Before(one_line_text)]
TimeSplit = dict[str, float] | str | None


@record(frozen=True, kw_only=True)
class Answers(Checked):
    """What a person told us. Everything but the title and years has a default.

    Strict where a person could type the wrong kind: a boolean is not a number, text is plain text of a
    bounded length, and goals are the questionnaire's own. Read by `assessor.core.answers_check` (plain
    Python, the same verdicts) or `checker(Answers)`.
    """

    job_title: Annotated[str, Rule(min_length=1, max_length=200), Before(one_line_text)]
    years_experience: Annotated[float, Rule(ge=0, le=60), Before(not_a_boolean), Before(finite)]
    work_setting: WorkSetting = "other"
    specialty: Annotated[str, Rule(max_length=200), Before(one_line_text)] = ""
    certifications: Annotated[
        tuple[LineText, ...], Rule(max_length=30), Before(listed), After(normalise_certifications)
    ] = ()
    time_split: Annotated[TimeSplit, Before(split_is_plain), After(split_values)] = None
    ai_tools: AiTools = "suggestions"
    country: Country = "us"
    goals: Annotated[tuple[Goal, ...], Before(listed_goals)] = ()
    role_id: Slug | None = None  # set when a person picked a role from a "did you mean" question
    # A task phrase of time_split -> the task id the person picked for it when asked "Did you mean ...?".
    task_choices: Annotated[dict[TaskPhrase, Slug], Rule(max_length=100)] = field(default_factory=dict)


EVIDENCE_DIMENSIONS = (
    "job_postings",
    "company_actions",
    "wage_trends",
    "ai_tool_maturity",
    "expert_consensus",
)
AdjustableField = Literal["specialty", "work_setting", "ai_tools", "country", "certifications"]


@record(frozen=True, kw_only=True)
class Condition(Checked):
    """When an adjustment applies: a field of the answers and the values (or specialty keywords) that trigger it."""

    field: AdjustableField
    any_of: Annotated[tuple[str, ...], Rule(min_length=1)]


@record(frozen=True, kw_only=True)
class Adjustment(Sourced):
    """A personal shift to a base role's figures, kept as data with its reason (roles/adjustments.toml)."""

    id: Slug
    title: NonEmpty
    when: Condition
    unless: Condition | None = None  # not when this holds (an outpatient coder's surgery is not inpatient)
    families: tuple[Slug, ...] = ()  # role families it applies to; empty means every role
    # Task id -> change in automation score (result kept within 1..5).
    task_automation: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)  # evidence dimension -> change (kept within -2..2)

    def check(self) -> None:
        super().check()
        if not self.task_automation and not self.evidence:
            raise ValueError("an adjustment needs task_automation or evidence changes")
        for key in self.evidence:
            if key not in EVIDENCE_DIMENSIONS:
                raise ValueError(f"evidence: unknown dimension {key!r}")


OneLine = Annotated[str, Rule(min_length=1, max_length=200, pattern=r"^[^\r\n]+$")]
Term = Annotated[str, Rule(min_length=1, max_length=80, pattern=r"^[^\r\n]+$")]


@record(frozen=True, kw_only=True)
class Concept(Checked):
    """One idea of coders' working vocabulary (roles/lexicon.toml) and the catalog tasks it points to.

    `tasks` is in order of preference: the first that a person's role family (or the shared list) has is the
    one the concept means for them ("queries" is a coder's clinician queries, a CDI specialist's CDI queries).
    """

    id: Slug
    gloss: OneLine  # what the concept means, in our own words
    terms: Annotated[tuple[Term, ...], Rule(min_length=1)]  # words and phrases coders use for it
    abbreviations: tuple[Term, ...] = ()  # "DNFB", "E/M", "ROI": matched as one unit however punctuated
    spellings: tuple[Term, ...] = ()  # US, UK, Australian and Canadian spellings and run-together forms
    tasks: Annotated[tuple[Slug, ...], Rule(min_length=1)]
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


@record(frozen=True, kw_only=True)
class Lexicon(Checked):
    """Coders' vocabulary as data: concepts, plus word-level spelling variants read as one word."""

    # A variant -> the word it is read as ("paediatric" = "pediatric").
    spellings: dict[str, str] = field(default_factory=dict)
    # Words that say where, for whom or with what the work is done (specialties, settings, systems, payers), not
    # what it is: read lightly, so "coding radiology" is coding and "radiology" alone decides nothing.
    context: tuple[Term, ...] = ()
    # Words of life and trades outside health-information work ("Facebook", "Python", "school run"): a phrase
    # naming one is not taken as a task however many of its other words are ours ("posting on Facebook" is not
    # payment posting, "coding in Python" is not coding charts); it is asked about, with nothing offered.
    outside: tuple[Term, ...] = ()
    concepts: tuple[Concept, ...] = ()

    def check(self) -> None:
        ids = [concept.id for concept in self.concepts]
        duplicates = sorted({concept_id for concept_id in ids if ids.count(concept_id) > 1})
        if duplicates:
            raise ValueError(f"concepts: id {duplicates[0]!r} is used twice")
        for variant, word in self.spellings.items():
            if not re.fullmatch(r"[a-z]+", variant) or not re.fullmatch(r"[a-z]+", word):
                raise ValueError(f"spellings.{variant}: variants and words are single lower-case words")
