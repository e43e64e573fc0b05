"""From a person's answers to their personal assessment: match a role, build their day, adjust, score."""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import MISSING, fields, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn

from assessor.core.answers_check import UNCHECKED, checked_answers, checked_field
from assessor.core.catalog import Catalog
from assessor.core.engine import Breakdown, TaskKind, compute, rounded_parts, score_only, task_kind
from assessor.core.errors import AnswersError, AssessorError, MatchError
from assessor.core.matching import (
    YEARS_STAY_MID,
    TitleMatch,
    level_from_years,
    pick_variant,
    resolve_title,
    title_level,
)
from assessor.core.models import (
    MAX_SPLIT_TASKS,
    Adjustment,
    Answers,
    Condition,
    RoleCard,
    SharedTask,
    Task,
)
from assessor.core.plain import Checked, checker
from assessor.core.records import record
from assessor.core.splits import ParsedSplit, parse_split, split_from_table, table_shares
from assessor.core.understanding import TaskUnderstanding, shared_share_pairs, understand_task
from assessor.core.wording import country_name, joined

if TYPE_CHECKING:  # pydantic is imported only when answers need its verdict
    from pydantic import ValidationError

# Days and scored days remembered per catalog: enough for the days a batch repeats, small enough that its memory
# stays flat however many rows it has (the least recently used is forgotten first).
MEMO_SIZE = 1024
# Role choices, adjustments and named tasks: small, and enough for the titles, kinds of coder and phrases that
# repeat (4x more gave no speed and 8 MiB more peak memory over 50,000 varied rows).
ROLE_MEMO_SIZE = 2048
# Role choices (title or picked role, level, setting where it keeps the mid card, country): small entries, and
# 50,000 varied rows come to more than 2,048 of them (12,271 choices made at 2,048, 5,744 at 8,192).
CHOSEN_ROLE_MEMO_SIZE = 8192


@record(frozen=True, kw_only=True)
class PersonalTask(Checked):
    """One task of this person's day, with where its figures come from."""

    id: str
    name: str
    time_pct: float
    automation: int
    base_automation: int
    kind: TaskKind
    origin: Literal["role", "family", "shared"]  # own card, another card of the role family, the shared list
    card: str | None = None  # the role card whose figures are used (None: the shared list)
    said: str | None = None  # what the person called it, when they named it
    deciding: tuple[str, ...] = ()  # the person's words that decided which task it is
    confidence: float = 100.0
    rationale: str
    source: str | None = None
    estimate: bool = False
    skills: tuple[str, ...] = ()


class DayTask(NamedTuple):
    """A task of the person's day as plain data: all that the score and the result read of it (a PersonalTask
    adds its rationale, source and skills). `score --batch` scores and writes days from these alone."""

    id: str
    name: str
    time_pct: float
    automation: int
    base_automation: int
    kind: TaskKind
    origin: Literal["role", "family", "shared"]
    card: str | None
    said: str | None
    deciding: tuple[str, ...]
    confidence: float


@record(frozen=True, kw_only=True)
class AppliedAdjustment(Checked):
    """An adjustment that applied to this person, with how far it alone moved the score."""

    id: str
    title: str
    changes: tuple[str, ...]
    effect: float  # points the score moved because of this adjustment alone
    rationale: str
    source: str | None = None
    estimate: bool = False
    # why a shown adjustment moved the score by nothing ("+0.0 points" alone reads as a mistake)
    no_effect: str | None = None


@record(frozen=True, kw_only=True)
class Assessment(Checked):
    """A person's whole result: the role chosen, their day's tasks, the breakdown and the notes."""

    answers: Answers
    role: RoleCard
    match_confidence: float
    tasks: tuple[PersonalTask, ...]
    evidence: dict[str, int]
    breakdown: Breakdown
    adjustments: tuple[AppliedAdjustment, ...]
    notes: tuple[str, ...] = ()
    data_version: str = "unversioned"

    @property
    def score(self) -> float:
        return self.breakdown.score

    @property
    def zone(self) -> str:
        return self.breakdown.zone

    @property
    def label(self) -> str:
        return self.breakdown.label


def choose_role(answers: Answers, catalog: Catalog) -> tuple[RoleCard, float, TitleMatch | None]:
    """The base role for these answers: a role the person picked, or the matched title's variant."""
    if answers.role_id:
        picked = catalog.role(answers.role_id)
        if picked.family != picked.id or picked.level == "any":
            return picked, 100.0, None
        variant = pick_variant(catalog, picked.family, None, answers.years_experience, answers.work_setting)
        return variant, 100.0, None
    role, found = resolve_title(answers.job_title, catalog, answers.years_experience, answers.work_setting)
    elsewhere = role.equivalents.get(answers.country)
    if elsewhere and answers.country not in role.countries:
        level = title_level(found, answers.work_setting)
        role = pick_variant(catalog, elsewhere, level, answers.years_experience, answers.work_setting)
    return role, found.confidence, found


def seniority_note(
    answers: Answers, role: RoleCard, found: TitleMatch | None, catalog: Catalog
) -> str | None:
    """Say so when the title's level word or the years alone would have picked the senior card but the work
    setting kept the mid one."""
    if role.level != "mid":
        return None
    if found is not None and found.level == "senior" and answers.work_setting in YEARS_STAY_MID:
        senior = next((card for card in catalog.family(role.family) if card.level == "senior"), None)
        if senior is None:
            return None
        return (
            f"Your title says senior, but the {senior.title} card describes complex inpatient work; for "
            f"{answers.work_setting} work you are scored on the {role.title} card."
        )
    if found is not None and (found.level or found.implied_level):
        return None
    if (
        level_from_years(answers.years_experience) != "senior"
        or level_from_years(answers.years_experience, answers.work_setting) != "mid"
    ):
        return None
    senior = next((card for card in catalog.family(role.family) if card.level == "senior"), None)
    if senior is None:
        return None
    return (
        f"With over 5 years you count as senior, but the {senior.title} card describes complex inpatient work; "
        f"for {answers.work_setting} work you are scored on the {role.title} card."
    )


def country_note(answers: Answers, role: RoleCard, found: TitleMatch | None, catalog: Catalog) -> str | None:
    """Say so when the title named a job from another country and we scored its local equivalent."""
    if found is None or found.family is None or found.family == role.family:
        return None
    cards = catalog.family(found.family)
    named = next((card for card in cards if card.level in ("mid", "any")), cards[0])
    return (
        f"{named.title} is what the job is called in {joined([country_name(c) for c in named.countries])}; "
        f"for {country_name(answers.country)} you are scored with the {role.title} card."
    )


def parsed_split(answers: Answers, catalog: Catalog | None = None) -> ParsedSplit | None:
    """The person's time split, parsed (free text is remembered with the catalog: batches repeat it)."""
    if answers.time_split is None:
        return None
    if isinstance(answers.time_split, str):
        if catalog is None:
            return parse_split(answers.time_split, in_a_file=True)
        memo: dict[str, ParsedSplit | AssessorError] = catalog.derived("split-parses", lambda _: {})
        found = memo.get(answers.time_split)
        if found is None:
            if len(memo) >= 4096:
                memo.clear()
            try:
                found = parse_split(answers.time_split, in_a_file=True)
            except AssessorError as error:
                found = _without_traceback(error)
            memo[answers.time_split] = found
        if isinstance(found, AssessorError):
            _raise_remembered(found)
        return found
    return split_from_table(answers.time_split)


def personal_tasks(
    answers: Answers, role: RoleCard, catalog: Catalog
) -> tuple[list[PersonalTask], list[str]]:
    """The person's day: the role's typical day, or the tasks they named mapped onto the catalog (a phrase
    the person picked a task for when asked, `task_choices`, is read as that task).

    A pure function of (role, time split), so it is remembered with the catalog: a batch repeats days.
    """
    _, tasks, notes, _ = _remembered_day(answers, role, catalog)
    return list(tasks), list(notes)


DayKey = tuple[str, Any, tuple[tuple[str, str], ...]]


def day_key(answers: Answers, role: RoleCard) -> DayKey:
    """What a day follows from: the role, the time split and the tasks picked for phrases."""
    # In the order given, not sorted: the tasks of a day are listed in the order the person named them (and
    # of two choices for one phrase, the later wins).
    split = answers.time_split
    return (
        role.id,
        tuple(split.items()) if isinstance(split, dict) else split,
        tuple(answers.task_choices.items()),
    )


def _remembered_day(
    answers: Answers, role: RoleCard, catalog: Catalog
) -> tuple[DayKey, tuple[PersonalTask, ...], tuple[str, ...], frozenset[str]]:
    """`_personal_tasks` remembered with the catalog, the key it is remembered by (role, split, picks) and the
    day's task ids."""
    memo: OrderedDict[Any, Any] = catalog.derived("personal-days", lambda _: OrderedDict())
    key = day_key(answers, role)
    found = _recall(memo, key)
    if found is None:
        try:
            tasks, notes = _personal_tasks(answers, role, catalog)
            found = (tuple(tasks), tuple(notes), frozenset(task.id for task in tasks))
        except AssessorError as error:
            found = _without_traceback(error)
        _keep(memo, key, found)
    if isinstance(found, AssessorError):
        _raise_remembered(found)
    return key, found[0], found[1], found[2]


def _personal_tasks(
    answers: Answers, role: RoleCard, catalog: Catalog
) -> tuple[list[PersonalTask], list[str]]:
    """`day_tasks` with each task's rationale, source, estimate and skills from the card or list it is of."""
    day, notes = day_tasks(answers, role, catalog)
    if not day or day[0].said is None:  # the role's typical day, task by task
        sources: Sequence[Task | SharedTask] = role.tasks
    else:
        sources = [_source_task(task.card, task.id, catalog) for task in day]
    tasks = [
        PersonalTask(
            **task._asdict(),
            rationale=source.rationale,
            source=source.source,
            estimate=source.estimate,
            skills=source.skills,
        )
        for task, source in zip(day, sources, strict=True)
    ]
    return tasks, notes


def day_tasks(answers: Answers, role: RoleCard, catalog: Catalog) -> tuple[list[DayTask], list[str]]:
    """The person's day as plain data, and its notes: the role's typical day, or the tasks they named mapped
    onto the catalog (a phrase the person picked a task for when asked, `task_choices`, is read as that
    task); two phrases naming one task are one task of both their shares."""
    split = parsed_split(answers, catalog) if isinstance(answers.time_split, str) else None
    if split is not None:
        parts, note = [(part.said, part.pct) for part in split.parts], split.note
    elif isinstance(answers.time_split, dict):  # as parsed_split reads it, without a model per part
        parts, note = table_shares(answers.time_split)
    else:
        return [
            DayTask(
                task.id,
                task.name,
                task.time_pct,
                task.automation,
                task.automation,
                task_kind(task.automation),
                "role",
                role.id,
                None,
                (),
                100.0,
            )
            for task in role.tasks
        ], []
    learned = answers.task_choices or None
    # A share told for several tasks at once is divided evenly between them (as the assessment divides it).
    parts, notes = shared_share_pairs(parts, role, catalog, learned)
    if notes:
        note = " ".join(filter(None, [note, *notes]))
    merged: dict[str, DayTask] = {}
    # What a phrase names for a role, remembered (a batch's days are the same phrases in ever new shares);
    # not for a person's own picks, which are theirs alone.
    memo: dict[tuple[str, str], NamedPart | AssessorError] | None = (
        None if learned else catalog.derived("named-parts", lambda _: {})
    )
    for said, pct in parts:
        named: NamedPart | AssessorError | None = memo.get((role.id, said)) if memo is not None else None
        if named is None:
            try:
                named = _named_part(said, role, catalog, learned)
            except MatchError as error:
                named = _without_traceback(error)
            if memo is not None:
                if len(memo) >= ROLE_MEMO_SIZE:
                    memo.clear()
                memo[(role.id, said)] = named
        if isinstance(named, AssessorError):
            _raise_remembered(named)
        task_id, name, automation, kind, origin, card, deciding, confidence = named
        previous = merged.get(task_id)
        if previous is None:
            time_pct = pct + 0.0
        else:
            said = f"{previous.said}; {said}"
            time_pct = pct + previous.time_pct
            deciding = tuple(dict.fromkeys((*previous.deciding, *deciding)))
            confidence = min(confidence, previous.confidence)
        merged[task_id] = DayTask(
            task_id, name, time_pct, automation, automation, kind, origin, card, said, deciding, confidence
        )
    return list(merged.values()), [note] if note else []


class NamedPart(NamedTuple):
    """What a phrase of a day names: the task, the figures it takes, the words that decided it, how sure."""

    task_id: str
    name: str
    automation: int
    kind: TaskKind
    origin: Literal["role", "family", "shared"]
    card: str | None
    deciding: tuple[str, ...]
    confidence: float  # at most 100


def _named_part(said: str, role: RoleCard, catalog: Catalog, learned: dict[str, str] | None) -> NamedPart:
    """The task a phrase names for a person of this role (MatchError when it is not understood)."""
    found = understand_task(said, role, catalog, learned)
    option = found.match
    if option is None:
        raise MatchError(not_understood(found), tuple(candidate.name for candidate in found.candidates))
    source_task = _source_task(option.card, option.task_id, catalog)
    return NamedPart(
        option.task_id,
        source_task.name,
        source_task.automation,
        task_kind(source_task.automation),
        option.origin,
        option.card,
        tuple(dict.fromkeys(option.deciding)),
        min(option.confidence, 100.0),
    )


def _source_task(card: str | None, task_id: str, catalog: Catalog) -> Task | SharedTask:
    """The task of a card (None: of the shared list) whose figures a named task takes."""
    source_task = catalog.derived("task-sources", _task_sources).get((card or None, task_id))
    assert source_task is not None
    return source_task


def _task_sources(catalog: Catalog) -> dict[tuple[str | None, str], Task | SharedTask]:
    """Every task by (card, task id), the shared list's by (None, task id); the first of a repeated id, as
    `catalog.role` and `catalog.shared_task` find them."""
    found: dict[tuple[str | None, str], Task | SharedTask] = {}
    for role in catalog.roles:
        for task in role.tasks:
            found.setdefault((role.id, task.id), task)
    for shared in catalog.shared_tasks:
        found.setdefault((None, shared.id), shared)
    return found


def not_understood(found: TaskUnderstanding) -> str:
    """One line refusing a task phrase, naming the candidates with their task ids (which `score` accepts)."""
    if not found.candidates:
        return (
            f"I could not match the task {found.said!r} to one I know; name it another way or give a task id."
        )
    names = ", ".join(f"{candidate.name!r} ({candidate.task_id})" for candidate in found.candidates)
    return f"I could not match the task {found.said!r} to one I know with confidence; did you mean {names}?"


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as whole words, a plural s or es allowed (compiled once: every row of a batch asks)."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(keyword.lower())}(?:e?s)?(?![a-z0-9])")


def _keyword_spans(keyword: str, text: str) -> list[tuple[int, int]]:
    """Where a keyword occurs in the text as whole words (a plural s or es allowed)."""
    if keyword.lower() not in text:  # no whole-word match without the letters: skip compiling its pattern
        return []
    return [match.span() for match in _keyword_pattern(keyword).finditer(text)]


def automation_pull(adjustment: Adjustment) -> int:
    """Which way an adjustment pulls: positive makes the work more automatable, negative protects it."""
    return sum(adjustment.task_automation.values()) - sum(adjustment.evidence.values())


def specialty_adjustments(specialty: str, rules: Sequence[Adjustment]) -> tuple[list[Adjustment], str | None]:
    """The specialty rule that applies to this specialty (at most one), and a note when others were left out.

    Most specific first: keywords are found as whole words, longest first, and a keyword inside words a longer
    one already matched does not count ("interventional radiology" is not also "radiology"). If the rules
    left pull opposite ways (complex and high-volume work named together), neither applies, since we do not
    know the mix; rules pulling the same way do not stack, the most specific applies.
    """
    text = specialty.lower()
    hits = [
        (keyword, span, rule)
        for rule in rules
        if rule.when.field == "specialty"
        for keyword in rule.when.any_of
        for span in _keyword_spans(keyword, text)
    ]
    hits.sort(key=lambda hit: (-len(hit[0].split()), -len(hit[0]), hit[1][0]))
    taken: list[tuple[int, int]] = []
    chosen: dict[str, tuple[str, Adjustment]] = {}
    for keyword, (start, end), rule in hits:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        chosen.setdefault(rule.id, (keyword, rule))
    found = list(chosen.values())
    if len(found) <= 1:
        return [rule for _, rule in found], None
    named = ", ".join(f"{keyword!r} ({rule.title})" for keyword, rule in found)
    if len({automation_pull(rule) > 0 for _, rule in found}) > 1:
        return [], (
            f"Your specialty names work that pulls both ways: {named}. We do not know your mix, so neither "
            "specialty adjustment is applied."
        )
    keyword, rule = found[0]
    return [rule], f"Your specialty matches {named}; they do not stack, so only {rule.title} is applied."


def code_set_note(answers: Answers, role: RoleCard) -> str | None:
    """Say so when a card built for non-US code sets stands in for the person's own country."""
    if answers.country in role.countries or "us" in role.countries:
        return None
    return (
        f"The {role.title} card already allows for coding outside US code sets, so no separate adjustment "
        f"for {answers.country.upper()} is added on top of it."
    )


def adjustment_applies(adjustment: Adjustment, answers: Answers, role: RoleCard) -> bool:
    if adjustment.families and role.family not in adjustment.families:
        return False
    if adjustment.unless is not None and condition_holds(adjustment.unless, answers):
        return False
    return condition_holds(adjustment.when, answers)


def condition_holds(condition: Condition, answers: Answers) -> bool:
    """Whether the answers meet a condition (specialty: any keyword within it; else one of the values)."""
    field = condition.field
    if field == "specialty":
        specialty = answers.specialty.lower()
        return bool(specialty) and any(_keyword_spans(keyword, specialty) for keyword in condition.any_of)
    wanted = [value.lower() for value in condition.any_of]
    if field == "certifications":
        return any(cert.lower() in wanted for cert in answers.certifications)
    value = getattr(answers, field)
    return str(value).lower() in wanted


def _deltas(adjustments: list[Adjustment]) -> tuple[dict[str, int], dict[str, int]]:
    """The summed changes of these adjustments: automation per task id, and per evidence key."""
    task_delta: dict[str, int] = {}
    evidence_delta: dict[str, int] = {}
    for adjustment in adjustments:
        for task_id, delta in adjustment.task_automation.items():
            task_delta[task_id] = task_delta.get(task_id, 0) + delta
        for key, delta in adjustment.evidence.items():
            evidence_delta[key] = evidence_delta.get(key, 0) + delta
    return task_delta, evidence_delta


def _score_with(
    adjustments: list[Adjustment],
    tasks: Sequence[PersonalTask | DayTask],
    evidence: dict[str, int],
    figures: _RoleFigures,
) -> float:
    """The score with just these adjustments applied: `_apply` then `_breakdown`, for the score alone."""
    task_delta, evidence_delta = _deltas(adjustments)
    shares = [
        (task.time_pct, min(5, max(1, task.base_automation + task_delta.get(task.id, 0)))) for task in tasks
    ]
    total_evidence = sum(
        min(2, max(-2, value + evidence_delta.get(key, 0))) for key, value in evidence.items()
    )
    return score_only(shares, total_evidence, figures.barriers, figures.growth)


def _apply(
    adjustments: list[Adjustment], tasks: list[PersonalTask], evidence: dict[str, int]
) -> tuple[list[PersonalTask], dict[str, int]]:
    task_delta, evidence_delta = _deltas(adjustments)
    new_tasks = []
    for task in tasks:
        automation = min(5, max(1, task.base_automation + task_delta.get(task.id, 0)))
        if automation == task.automation:
            new_tasks.append(task)
            continue
        new_tasks.append(replace(task, automation=automation, kind=task_kind(automation)))
    new_evidence = {
        key: min(2, max(-2, value + evidence_delta.get(key, 0))) for key, value in evidence.items()
    }
    return new_tasks, new_evidence


def _breakdown(tasks: list[PersonalTask], evidence: dict[str, int], figures: _RoleFigures) -> Breakdown:
    return compute(
        tasks,  # figures from checked cards and a parsed split, automation kept in 1-5 by _apply (no TaskInput copy)
        evidence=sum(evidence.values()),
        barriers=figures.barriers,
        growth=figures.growth,
        protective=figures.protective,
    )


def _describe(adjustment: Adjustment, tasks: Sequence[PersonalTask | DayTask]) -> tuple[str, ...]:
    return _changes(adjustment, {task.id: task.name for task in tasks})


def _changes(adjustment: Adjustment, names: dict[str, str]) -> tuple[str, ...]:
    """What an adjustment changes of a day whose tasks are named `names` (task id -> name)."""
    changes = [
        f"{names[task_id]}: automation {delta:+d}"
        for task_id, delta in adjustment.task_automation.items()
        if task_id in names
    ]
    changes += [f"evidence {key.replace('_', ' ')}: {delta:+d}" for key, delta in adjustment.evidence.items()]
    return tuple(changes)


@record(frozen=True, kw_only=True)
class _RoleFigures(Checked):
    """What every assessment of a role reads of its card, read once (a card's scores are models)."""

    evidence: dict[str, int]
    barriers: int
    growth: int
    protective: int


def _role_figures(role: RoleCard, catalog: Catalog) -> _RoleFigures:
    memo: dict[str, _RoleFigures] = catalog.derived("role-figures", lambda _: {})
    found = memo.get(role.id)
    if found is None:
        found = _RoleFigures(
            evidence={key: score.value for key, score in role.evidence},
            barriers=role.barriers.total,
            growth=role.ai_growth.value,
            protective=role.protective.total,
        )
        memo[role.id] = found
    return found


def _scored(
    day: tuple[PersonalTask, ...],
    applicable: list[Adjustment],
    role: RoleCard,
    figures: _RoleFigures,
) -> tuple[tuple[PersonalTask, ...], dict[str, int], Breakdown, tuple[AppliedAdjustment, ...]]:
    """The adjusted day, its evidence, the breakdown and each adjustment's own effect."""
    tasks = list(day)
    base_evidence = figures.evidence
    final_tasks, final_evidence = _apply(applicable, tasks, base_evidence)
    breakdown = _breakdown(final_tasks, final_evidence, figures)
    applied = []
    for adjustment in applicable:
        others = [other for other in applicable if other.id != adjustment.id]
        effect = breakdown.score - _score_with(others, tasks, base_evidence, figures)
        changes = _describe(adjustment, tasks)
        applied.append(
            AppliedAdjustment(
                id=adjustment.id,
                title=adjustment.title,
                changes=changes,
                effect=effect,
                rationale=adjustment.rationale,
                source=adjustment.source,
                estimate=adjustment.estimate,
                no_effect=None
                if abs(effect) >= NO_EFFECT
                else _why_no_effect(adjustment, changes, tasks, base_evidence, figures),
            )
        )
    return tuple(final_tasks), final_evidence, breakdown, tuple(applied)


NO_EFFECT = 0.05  # an adjustment that moves the score less than this shows as +0.0 points, and says why


def _why_no_effect(
    adjustment: Adjustment,
    changes: tuple[str, ...],
    tasks: Sequence[PersonalTask | DayTask],
    evidence: dict[str, int],
    figures: _RoleFigures,
) -> str:
    """Why an adjustment that applies moved the score by nothing: what it changes is not in the day, is already
    at the limit of its scale, or is taken there by the other adjustments."""
    if not changes:
        return "nothing it changes is part of your day"
    alone = _score_with([adjustment], tasks, evidence, figures) - _score_with([], tasks, evidence, figures)
    if abs(alone) < NO_EFFECT:
        return "what it changes is already at the limit of its scale"
    return "the other adjustments already take what it changes to the limit of its scale"


class _Remembered:
    """What `assess` remembers with a catalog, each map bounded (least recently used forgotten first).

    A batch repeats titles, days and kinds of coder far more than whole rows: the role a title, level and
    country come to; the adjustments that apply to a role and the answers they read.
    """

    def __init__(self, _: Catalog) -> None:
        self.roles: OrderedDict[Any, Any] = OrderedDict()
        self.adjustments: OrderedDict[Any, Any] = OrderedDict()
        self.applicable: OrderedDict[Any, Any] = OrderedDict()
        # The credentials (lower case) some adjustment's condition names, with the adjustments they are of.
        self.credentials: tuple[tuple[Adjustment, ...], frozenset[str]] = ((), frozenset())
        self.verdicts = _Verdicts(())

    def adjustment_verdicts(self, adjustments: tuple[Adjustment, ...]) -> _Verdicts:
        """The verdicts remembered for these adjustments (started afresh for a catalog with others)."""
        if self.verdicts.adjustments is not adjustments:
            self.verdicts = _Verdicts(adjustments)
        return self.verdicts

    def condition_credentials(self, adjustments: tuple[Adjustment, ...]) -> frozenset[str]:
        if self.credentials[0] is not adjustments:
            named = frozenset(
                value.lower()
                for adjustment in adjustments
                for condition in (adjustment.when, adjustment.unless)
                if condition is not None and condition.field == "certifications"
                for value in condition.any_of
            )
            self.credentials = (adjustments, named)
        return self.credentials[1]


class _Verdicts:
    """What each condition of a catalog's adjustments makes of the one value of the answers it reads, and which
    specialty rule a specialty keeps of those it calls for, remembered value by value.

    The adjustments a kind of coder calls for are remembered whole by every value they read together (role,
    specialty, setting, AI tools, country, credentials): 50,000 varied rows come to over 10,000 such kinds, each
    worked out by matching every specialty keyword again. Each condition reads a single field, so its verdict on
    that field's value is the same in every kind that value is part of: a handful of values per field.
    tests/unit/test_batch_shortcuts.py compares `_called` with the adjustments worked out condition by condition.
    """

    SIZE = 4096  # verdicts remembered; forgotten all at once when full (memory stays flat)

    def __init__(self, adjustments: tuple[Adjustment, ...]) -> None:
        self.adjustments = adjustments
        self.holds: dict[tuple[Condition, object], bool] = {}
        # (specialty, the ids of the rules it called for) -> the rules kept and the note (the rules are among
        # `adjustments`, which this holds, so their ids stay theirs)
        self.specialty: dict[tuple[str, tuple[int, ...]], tuple[list[Adjustment], str | None]] = {}
        self.changing = {
            id(adjustment): (
                adjustment,
                None if adjustment.evidence else frozenset(adjustment.task_automation),
            )
            for adjustment in adjustments
        }

    def holds_for(self, condition: Condition, answers: Answers) -> bool:
        """condition_holds(condition, answers), remembered by the condition and the value it reads."""
        value = getattr(answers, condition.field)
        key = (condition, tuple(value) if type(value) is list else value)
        found = self.holds.get(key)
        if found is None:
            if len(self.holds) >= self.SIZE:
                self.holds.clear()
            found = self.holds[key] = condition_holds(condition, answers)
        return found

    def applies(self, adjustment: Adjustment, answers: Answers, role: RoleCard) -> bool:
        """adjustment_applies, with each condition's verdict remembered."""
        if adjustment.families and role.family not in adjustment.families:
            return False
        if adjustment.unless is not None and self.holds_for(adjustment.unless, answers):
            return False
        return self.holds_for(adjustment.when, answers)

    def specialty_rules(self, specialty: str, rules: list[Adjustment]) -> tuple[list[Adjustment], str | None]:
        """specialty_adjustments(specialty, rules), remembered (the list returned is shared: read it only)."""
        key = (specialty, tuple(map(id, rules)))
        found = self.specialty.get(key)
        if found is None:
            if len(self.specialty) >= self.SIZE:
                self.specialty.clear()
            found = self.specialty[key] = specialty_adjustments(specialty, rules)
        return found


def _recall(memo: OrderedDict[Any, Any], key: Any) -> Any:
    """The remembered value (now the most recently used), or None."""
    found = memo.get(key)
    if found is not None:
        memo.move_to_end(key)
    return found


def _keep(memo: OrderedDict[Any, Any], key: Any, value: Any, size: int = MEMO_SIZE) -> Any:
    if len(memo) >= size:
        memo.popitem(last=False)  # the least recently used
    memo[key] = value
    return value


def _without_traceback(error: AssessorError) -> AssessorError:
    """An error to remember: without the traceback (its frames hold the answers and the frame that holds the
    error, a cycle only the garbage collector frees) or the error it was raised while handling."""
    error.__context__ = error.__cause__ = None
    return error.with_traceback(None)


def _raise_remembered(error: AssessorError) -> NoReturn:
    """Raise a copy of a remembered error (a caller may add to the message of the one it catches)."""
    raise copy.copy(error).with_traceback(None)


def _chosen_role(
    answers: Answers, catalog: Catalog, memo: OrderedDict[Any, Any]
) -> tuple[RoleCard, float, str | None]:
    """choose_role and country_note, remembered: they read the title (or picked role), the level the years
    give, and the country."""
    found = _chosen_role_or_error(answers, catalog, memo)
    if isinstance(found, AssessorError):
        _raise_remembered(found)
    return found


def _chosen_role_or_error(
    answers: Answers, catalog: Catalog, memo: OrderedDict[Any, Any]
) -> tuple[RoleCard, float, str | None] | AssessorError:
    """`_chosen_role`, its error returned as remembered (not to be changed) rather than raised."""
    # the work setting can keep the mid-level card (years beyond 5, a senior title), the one named or, when none
    # is, the one the title names ("Outpatient Coder"), so it is part of the key
    key = (
        answers.role_id,
        answers.job_title,
        level_from_years(answers.years_experience),
        answers.work_setting,
        answers.country,
    )
    found = _recall(memo, key)
    if found is None:
        try:
            role, confidence, match = choose_role(answers, catalog)
            told = [
                note
                for note in (
                    country_note(answers, role, match, catalog),
                    seniority_note(answers, role, match, catalog),
                )
                if note
            ]
            found = (role, confidence, " ".join(told) or None)
        except AssessorError as error:
            found = _without_traceback(error)
        _keep(memo, key, found, CHOSEN_ROLE_MEMO_SIZE)
    return found  # type: ignore[no-any-return]


def adjustment_kind(answers: Answers, role: RoleCard, credentials: frozenset[str]) -> tuple[object, ...]:
    """What the adjustments read of a person: the role, specialty, work setting, AI tools, country, and of the
    credentials only those some condition names (`credentials`, lower case). The key the adjustments that
    apply are remembered by, row by row and in `score --batch` alike."""
    return (
        role.id,
        answers.specialty,
        answers.work_setting,
        answers.ai_tools,
        answers.country,
        tuple(cert for cert in answers.certifications if cert.lower() in credentials) if credentials else (),
    )


def _applicable(
    answers: Answers, role: RoleCard, task_ids: frozenset[str], catalog: Catalog, remembered: _Remembered
) -> tuple[tuple[Adjustment, ...], tuple[str, ...], tuple[str, ...]]:
    """The adjustments that apply, their ids, and the notes about them.

    Remembered by what they read: the role, specialty, work setting, AI tools, country, of the credentials
    only those some condition names, and the day's tasks (an adjustment that changes only tasks the day does
    not have is left out).
    """
    kind = adjustment_kind(answers, role, remembered.condition_credentials(catalog.adjustments))
    key = (kind, task_ids)
    found = _recall(remembered.applicable, key)
    # Shared by copies of the catalog with other adjustments: only for the very ones it was found among.
    if found is None or found[0] is not catalog.adjustments or found[1] is not role:
        changing, notes = _called(answers, role, kind, catalog, remembered.adjustments)
        applicable = tuple(
            adjustment for adjustment, tasks in changing if tasks is None or not tasks.isdisjoint(task_ids)
        )
        found = _keep(
            remembered.applicable,
            key,
            (catalog.adjustments, role, applicable, tuple(adjustment.id for adjustment in applicable), notes),
            ROLE_MEMO_SIZE,
        )
    return found[2], found[3], found[4]


def _called(
    answers: Answers, role: RoleCard, kind: tuple[object, ...], catalog: Catalog, memo: OrderedDict[Any, Any]
) -> tuple[tuple[tuple[Adjustment, frozenset[str] | None], ...], tuple[str, ...]]:
    """The adjustments a kind of coder's answers call for, each with the tasks it changes (None: it changes
    evidence, so it applies to any day), and the notes about them."""
    found = _recall(memo, kind)
    if found is None or found[0] is not catalog.adjustments or found[1] is not role:
        verdicts = catalog.derived("assessments", _Remembered).adjustment_verdicts(catalog.adjustments)
        called = [
            adjustment for adjustment in catalog.adjustments if verdicts.applies(adjustment, answers, role)
        ]
        by_specialty = [adjustment for adjustment in called if adjustment.when.field == "specialty"]
        kept, specialty_note = verdicts.specialty_rules(answers.specialty, by_specialty)
        changing = tuple(
            verdicts.changing[id(adjustment)]
            for adjustment in called
            if adjustment not in by_specialty or adjustment in kept
        )
        notes = tuple(extra for extra in (specialty_note, code_set_note(answers, role)) if extra)
        found = _keep(memo, kind, (catalog.adjustments, role, changing, notes), ROLE_MEMO_SIZE)
    return found[2], found[3]


def assess(answers: Answers, catalog: Catalog) -> Assessment:
    """The whole personal assessment, as a pure function of the answers and the catalog.

    What follows from the title, the day and the adjustments that apply is remembered with the catalog
    (keyed by what it reads), so a batch that repeats them works each out once.
    """
    remembered: _Remembered = catalog.derived("assessments", _Remembered)
    role, confidence, country = _chosen_role(answers, catalog, remembered.roles)
    day_key, day, day_notes, task_ids = _remembered_day(answers, role, catalog)
    applicable, applicable_ids, adjustment_notes = _applicable(answers, role, task_ids, catalog, remembered)
    notes = (country, *day_notes, *adjustment_notes) if country else (*day_notes, *adjustment_notes)
    memo: OrderedDict[Any, Any] = catalog.derived("scored-days", lambda _: OrderedDict())
    key = (day_key, applicable_ids)
    scored = _recall(memo, key)
    # The memo is shared by copies of the catalog with other adjustments: the very same ones, or score again.
    if scored is None or (
        scored[0] is not applicable
        and any(old is not new for old, new in zip(scored[0], applicable, strict=True))
    ):
        scored = _keep(
            memo, key, (applicable, _scored(day, list(applicable), role, _role_figures(role, catalog)))
        )
    final_tasks, final_evidence, breakdown, applied = scored[1]
    return Assessment(
        answers=answers,
        role=role,
        match_confidence=confidence,
        tasks=final_tasks,
        evidence=dict(final_evidence),
        breakdown=breakdown,
        adjustments=applied,
        notes=notes,
        data_version=catalog.version,
    )


def load_answers(data: Any, label: str = "answers") -> Answers:
    """Check a mapping as Answers: in plain Python when every field plainly is valid (core/answers_check.py),
    else by pydantic, its error turned into one sentence naming the field."""
    if not isinstance(data, dict):
        raise AnswersError(f"{label}: expected a table of answers (job_title, years_experience, ...)")
    plain = checked_answers(data)
    return plain if plain is not None else validated_answers(data, label)


def validated_answers(data: dict[str, Any], label: str = "answers") -> Answers:
    """pydantic's verdict on a mapping as Answers (imports pydantic)."""
    from pydantic import ValidationError

    try:
        return checker(Answers).validate_python(data)
    except ValidationError as exc:
        reason = _refusal(exc, data)
    # Raised once pydantic's error is gone: a validator's ValueError it keeps holds the frames above it, this
    # one among them, and this frame held the error (a cycle only the garbage collector frees, row by row).
    raise AnswersError(f"{label}: {reason}") from None


def _refusal(exc: ValidationError, data: dict[str, Any]) -> str:
    """The sentence for pydantic's refusal of answers, with a hint where a person wrote something else."""
    from assessor.core.loading import describe_validation_error

    reason = describe_validation_error(exc, Answers, data)
    first = exc.errors()[0]
    if len(first["loc"]) == 1 and first["type"] in ("literal_error", "float_parsing", "float_type"):
        from assessor.core.readers import answer_file_hint

        hint = answer_file_hint(str(first["loc"][0]), first.get("input"))
        if hint and first["type"] == "literal_error":
            reason = reason.split("; did you mean", 1)[0] + f"; {hint}"
        elif hint:
            reason = f"{first['loc'][0]}: {hint}"
    return reason


# Each field of Answers with its default, in the order of the fields (None for the title and years, which a
# checked row always has), and the fields whose default is made fresh for each answers (a table).
_ANSWER_DEFAULTS = {item.name: None if item.default is MISSING else item.default for item in fields(Answers)}
_ANSWER_FACTORIES = tuple(
    (item.name, item.default_factory) for item in fields(Answers) if item.default_factory is not MISSING
)


def _checked_answers(values: dict[str, object]) -> Answers:
    """Answers of checked values, not validated again (the others keep their defaults).

    Built as `Answers(**values)` builds it, its fields set in one go: a frozen dataclass's __init__ sets its
    eleven fields one by one through object.__setattr__, half the time a batch row's check took. Every
    field is set, a default made by a factory (task_choices' empty table) made fresh.
    """
    answers = object.__new__(Answers)
    given = _ANSWER_DEFAULTS | values
    for name, factory in _ANSWER_FACTORIES:
        if name not in values:
            given[name] = factory()
    object.__setattr__(answers, "__dict__", given)
    return answers


_UNSEEN = object()
_INVALID = object()


class AnswersChecker:
    """`load_answers` for the many rows of a batch, remembering each field's checked value (rows vary, but
    their titles, specialties, credentials and typed days repeat).

    Exact because Answers checks every field on its own (it has no model validator, and its field validators
    read only their own value): a row is valid when each of its fields is, with the very values pydantic gives
    them. A field value seen for the first time is checked by pydantic itself (beside a valid title and
    years), and a row with any invalid, unknown or missing field is checked whole by `load_answers`, so its
    error reads as it always did. Task tables rarely repeat: they are checked each time, as is the number of
    years (a type check and a range).
    """

    SIZE = 4096  # remembered field values; forgotten all at once when full (memory stays flat)

    def __init__(self) -> None:
        self.checked: dict[tuple[object, ...], object] = {}

    def load(self, data: dict[str, Any], label: str = "answers") -> Answers:
        values: dict[str, object] = {}
        checked = self.checked
        for name, value in data.items():
            kind = type(value)
            # A memo key says the kind (1, 1.0, true and "1" are not the same answer to pydantic).
            if kind is str:
                key: tuple[object, ...] = (name, value)
            elif kind is list:
                key = (name, list, tuple(value), tuple(map(type, value)))
            elif kind is float or kind is int:
                if name == "years_experience" and 0 <= value <= 60:  # pydantic: the number, as a float
                    values[name] = float(value)
                    continue
                key = (name, kind, value)
            else:  # a table of tasks (rarely the same twice), true/false, null: checked each time
                if kind is dict and name == "time_split":
                    found = self._checked_table(value)
                else:
                    found = _checked_field(name, value)
                if found is _INVALID:
                    return load_answers(data, label)
                values[name] = found
                continue
            try:
                found = checked.get(key, _UNSEEN)
            except TypeError:  # a list holding lists or tables: not a value any field takes
                return load_answers(data, label)
            if found is _UNSEEN:
                if len(checked) >= self.SIZE:
                    checked.clear()
                found = checked[key] = _checked_field(name, value)
            if found is _INVALID:
                return load_answers(data, label)
            values[name] = found
        if "job_title" not in values or "years_experience" not in values:
            return load_answers(data, label)
        return _checked_answers(values)

    def _checked_table(self, table: dict[Any, Any]) -> object:
        """What pydantic makes of a time_split table (each share as a float), or _INVALID.

        Its task names repeat where the tables do not: each name's verdict is pydantic's own, for that name
        alone, remembered; the shares are checked here as Answers checks them (a finite number, not true or
        false, within 0..100, adding up to at most 105), and anything else is left to pydantic.
        """
        if len(table) > MAX_SPLIT_TASKS:
            return _INVALID
        checked = self.checked
        shares: dict[str, float] = {}
        for name, share in table.items():
            kind = type(share)
            if type(name) is not str or (kind is not int and kind is not float) or not 0 <= share <= 100:
                return _INVALID  # NaN is not within 0..100 either
            key = ("time_split name", name)
            verdict = checked.get(key)
            if verdict is None:
                if len(checked) >= self.SIZE:
                    checked.clear()
                verdict = checked[key] = _checked_field("time_split", {name: 1}) is not _INVALID
            if not verdict:
                return _INVALID
            shares[name] = float(share)
        if sum(shares.values()) > 105:
            return _INVALID
        return shares


def _checked_field(name: str, value: object) -> object:
    """The value pydantic makes of one answers field (plainly checked when it can be), or _INVALID."""
    found = checked_field(name, value)
    if found is not UNCHECKED:
        return found
    from pydantic import ValidationError

    data: dict[str, object] = {"job_title": "coder", "years_experience": 0, name: value}
    try:
        return getattr(checker(Answers).validate_python(data), name)
    except ValidationError:
        return _INVALID


def assessment_summary(assessment: Assessment) -> dict[str, Any]:
    """The machine-readable result of `assessor score --json`."""
    return {
        "role": role_summary(assessment),
        **scores_summary(assessment),
        "notes": list(assessment.notes),
        "data_version": assessment.data_version,
    }


def role_summary(assessment: Assessment) -> dict[str, Any]:
    """The summary's role: which card, and how sure the title match was."""
    return card_summary(assessment.role, assessment.match_confidence)


def card_summary(role: RoleCard, confidence: float) -> dict[str, Any]:
    """`role_summary` of an assessment scored with this card, its title matched this surely."""
    return {"id": role.id, "title": role.title, "level": role.level, "confidence": round(confidence, 1)}


def scores_summary(assessment: Assessment) -> dict[str, Any]:
    """The summary's middle: the adjusted tasks, every figure of the breakdown and the adjustments.

    `score --batch` writes the same text from plain data (core/batch_scoring.py: RowScorer._written): a change
    here goes there too (tests/unit/test_batch_equivalence.py compares the two, row by row).
    """
    breakdown = assessment.breakdown
    return {
        "tasks": [
            {
                "id": task.id,
                "name": task.name,
                "time_pct": round(task.time_pct, 2),
                "automation": task.automation,
                "base_automation": task.base_automation,
                "kind": task.kind,
                "origin": task.origin,
                "card": task.card,
                "said": task.said,
                "deciding": list(task.deciding),
                "confidence": round(task.confidence, 1),
            }
            for task in assessment.tasks
        ],
        "task_resistance": round(breakdown.task_resistance, 4),
        "evidence": breakdown.evidence,
        "barriers": breakdown.barriers,
        "ai_growth": breakdown.growth,
        "protective": breakdown.protective,
        "raw": round(breakdown.raw, 5),
        "score": round(breakdown.score, 1),
        "score_unrounded": breakdown.score,
        "zone": breakdown.zone,
        "label": breakdown.label,
        "waterfall": [
            {"part": part, "points": points}
            for part, points in rounded_parts(breakdown.waterfall, breakdown.score)
        ],
        "adjustments": [
            {"id": adj.id, "title": adj.title, "changes": list(adj.changes), "effect": round(adj.effect, 2)}
            for adj in assessment.adjustments
        ],
    }
