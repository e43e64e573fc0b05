"""Match what a person types (a job title, a task name) to the catalog, with a confidence, never by force.

Pipeline (see ecosystem notes on rapidfuzz): normalise with an alias table, try an exact hit, else score with
token_sort_ratio on default_process'd text; refuse below the cutoff; ask when the top two are close.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from rapidfuzz import fuzz, process, utils

from assessor.core.catalog import Catalog
from assessor.core.errors import MatchError
from assessor.core.models import Frozen, RoleCard

TITLE_CUTOFF = 80.0  # below this a title is not a confident match
TITLE_FLOOR = 55.0  # below this a candidate is not even worth naming
AMBIGUOUS_WITHIN = 5.0  # top two different roles this close: ask, don't guess
TASK_CUTOFF = 72.0

# Abbreviations coders use, expanded before matching (lower case, whole words).
ABBREVIATIONS: dict[str, str] = {
    "cdi": "clinical documentation improvement",
    "cdis": "clinical documentation improvement specialist",
    "cds": "clinical documentation specialist",
    "hcc": "risk adjustment",
    "him": "health information management",
    "rhit": "health information technician",
    "rhia": "health information administrator",
    "cpc": "certified professional coder",
    "ccs": "certified coding specialist",
    "cca": "certified coding associate",
    "crc": "risk adjustment coder",
    "cpma": "coding auditor",
    "e m": "evaluation and management",
    "em": "evaluation and management",
    "rn": "registered nurse",
    "cno": "chief nursing officer",
    "don": "director of nursing",
    "rcm": "revenue cycle",
    "mgr": "manager",
    "spec": "specialist",
    "tech": "technician",
    "dept": "department",
    "qa": "quality assurance",
}

Level = Literal["entry", "mid", "senior"]
LEVEL_WORDS: dict[str, Level] = {
    "i": "entry",
    "1": "entry",
    "junior": "entry",
    "jr": "entry",
    "trainee": "entry",
    "apprentice": "entry",
    "entry": "entry",
    "associate": "entry",
    "assistant": "entry",
    "ii": "mid",
    "2": "mid",
    "iii": "senior",
    "3": "senior",
    "iv": "senior",
    "senior": "senior",
    "sr": "senior",
    "lead": "senior",
    "principal": "senior",
}
# "level" is filler next to a level word ("coder level 2").
FILLER_WORDS = {"level", "grade", "band"}


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, abbreviations expanded."""
    cleaned = utils.default_process(text.replace("/", " "))
    words = cleaned.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        if pair in ABBREVIATIONS:
            out.append(ABBREVIATIONS[pair])
            index += 2
            continue
        out.append(ABBREVIATIONS.get(words[index], words[index]))
        index += 1
    return " ".join(out)


def split_level(text: str) -> tuple[str, Level | None]:
    """Strip level words from a normalised title and say which level they named."""
    level: Level | None = None
    kept: list[str] = []
    for word in text.split():
        if word in LEVEL_WORDS:
            level = LEVEL_WORDS[word]
            continue
        if word in FILLER_WORDS:
            continue
        kept.append(word)
    return " ".join(kept), level


def level_from_years(years: float) -> Level:
    """Seed 001: entry is 0-2 years, mid-level 2-5; beyond 5 we treat a coder as senior."""
    if years < 2:
        return "entry"
    if years <= 5:
        return "mid"
    return "senior"


class Candidate(Frozen):
    family: str
    title: str
    score: float


class TitleMatch(Frozen):
    """The outcome of matching a title: a role, or a question to ask."""

    role_id: str | None
    family: str | None
    confidence: float  # 0..100
    level: Level | None  # from the title's own words, when it had any
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False


def _family_titles(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """family -> [(normalised text, display title)] over titles and aliases of every variant."""
    table: dict[str, list[tuple[str, str]]] = {}
    for role in catalog.roles:
        display = _family_display(catalog, role.family)
        for text in (role.title, *role.aliases):
            stripped, _ = split_level(normalise(text))
            if stripped:
                table.setdefault(role.family, []).append((stripped, display))
    return table


def _family_display(catalog: Catalog, family: str) -> str:
    members = catalog.family(family)
    mid = next((role for role in members if role.level in ("mid", "any")), members[0])
    return mid.title


def pick_variant(catalog: Catalog, family: str, level: Level | None, years: float | None) -> RoleCard:
    """Choose the entry, mid or senior card of a family: the title's level word wins, then the years."""
    members = catalog.family(family)
    if len(members) == 1:
        return members[0]
    wanted = level or (level_from_years(years) if years is not None else "mid")
    for role in members:
        if role.level == wanted:
            return role
    return next((role for role in members if role.level in ("mid", "any")), members[0])


def match_title(title: str, catalog: Catalog) -> TitleMatch:
    """Rank role families for a typed title; the caller decides what to do with ambiguity."""
    normalised, level = split_level(normalise(title))
    if not normalised:
        return TitleMatch(role_id=None, family=None, confidence=0.0, level=level)
    table = _family_titles(catalog)
    best: dict[str, float] = {}
    display: dict[str, str] = {}
    for family, texts in table.items():
        for text, shown in texts:
            if text == normalised:
                score = 100.0
            else:
                sort_score = fuzz.token_sort_ratio(normalised, text)
                # A subset match ("coder" in "medical coder") counts, but less than an exact one.
                set_score = fuzz.token_set_ratio(normalised, text) * 0.9
                score = max(sort_score, set_score)
            if score > best.get(family, -1):
                best[family] = score
                display[family] = shown
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    candidates = tuple(
        Candidate(family=family, title=display[family], score=round(score, 1))
        for family, score in ranked[:3]
        if score >= TITLE_FLOOR
    )
    top_family, top_score = ranked[0]
    if top_score < TITLE_CUTOFF:
        return TitleMatch(role_id=None, family=None, confidence=top_score, level=level, candidates=candidates)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    ambiguous = top_score < 100 and top_score - runner_up < AMBIGUOUS_WITHIN
    return TitleMatch(
        role_id=None,
        family=top_family,
        confidence=top_score,
        level=level,
        candidates=candidates,
        ambiguous=ambiguous,
    )


def resolve_title(title: str, catalog: Catalog, years: float | None) -> tuple[RoleCard, TitleMatch]:
    """Match a title to one role card or raise MatchError naming the closest roles (never force a match)."""
    found = match_title(title, catalog)
    if found.family is None:
        names = ", ".join(candidate.title for candidate in found.candidates)
        hint = f" The closest roles are: {names}." if names else ""
        raise MatchError(
            f"No role in the catalog matches {title!r} with confidence.{hint}",
            tuple(candidate.title for candidate in found.candidates),
        )
    if found.ambiguous:
        first, second = found.candidates[0], found.candidates[1]
        raise MatchError(
            f"{title!r} could be {first.title} or {second.title}; give a fuller title or pick a role id.",
            (first.title, second.title),
        )
    role = pick_variant(catalog, found.family, found.level, years)
    return role, found


class TaskOption(Frozen):
    id: str
    name: str
    origin: Literal["role", "shared"]


class TaskMatch(Frozen):
    said: str
    task: TaskOption | None
    confidence: float
    closest: tuple[str, ...] = ()


_FILLER = re.compile(
    r"\b(my|the|of|on|in|with|doing|spent|spend|time|day|about|around|roughly|approximately|approx|"
    r"maybe|some|mostly|percent|per|cent|hours?|hrs?|a|an|and|for|to|i|do|is|are|work|working)\b"
)


def task_phrase(text: str) -> str:
    """Drop filler words so "about 20% on denials" compares as "denials"."""
    cleaned = _FILLER.sub(" ", normalise(text))
    return " ".join(cleaned.split())


def match_task(said: str, options: Iterable[tuple[TaskOption, tuple[str, ...]]]) -> TaskMatch:
    """Map a task a person named to the closest catalog task (by its name and aliases)."""
    phrase = task_phrase(said)
    choices: dict[int, str] = {}
    owners: dict[int, TaskOption] = {}
    for option, aliases in options:
        for text in (option.name, *aliases):
            key = len(choices)
            choices[key] = task_phrase(text) or normalise(text)
            owners[key] = option
    if not phrase:
        return TaskMatch(said=said, task=None, confidence=0.0)
    exact = [owners[key] for key, text in choices.items() if text == phrase]
    if exact:
        return TaskMatch(said=said, task=exact[0], confidence=100.0)
    ranked = process.extract(phrase, choices, scorer=fuzz.WRatio, limit=len(choices))
    seen: list[str] = []
    top: TaskOption | None = None
    top_score = 0.0
    for _, score, key in ranked:
        owner = owners[key]
        if owner.id in seen:
            continue
        if top is None:
            top, top_score = owner, float(score)
        seen.append(owner.id)
    names = {owner.id: owner.name for owner in owners.values()}
    closest_names = tuple(names[task_id] for task_id in seen[:3])
    if top is None or top_score < TASK_CUTOFF:
        return TaskMatch(said=said, task=None, confidence=top_score, closest=closest_names)
    return TaskMatch(said=said, task=top, confidence=top_score, closest=closest_names)


def task_options(role: RoleCard, catalog: Catalog) -> list[tuple[TaskOption, tuple[str, ...]]]:
    """The tasks a person of this role can name: the role's own, then the shared catalog."""
    options = [(TaskOption(id=task.id, name=task.name, origin="role"), task.aliases) for task in role.tasks]
    own = {task.id for task in role.tasks}
    options += [
        (TaskOption(id=task.id, name=task.name, origin="shared"), task.aliases)
        for task in catalog.shared_tasks
        if task.id not in own
    ]
    return options
