"""Match what a person types (a job title, a task name) to the catalog, with a confidence, never by force.

Pipeline (see ecosystem notes on rapidfuzz): normalise with an alias table, try an exact hit, else score with
token_sort_ratio on default_process'd text; refuse below the cutoff; ask when the top two are close.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from assessor.core.catalog import Catalog
from assessor.core.errors import MatchError
from assessor.core.models import Frozen, RoleCard
from assessor.core.understanding import CONFIDENT, understand_task

TITLE_CUTOFF = 80.0  # below this a title is not a confident match
TITLE_FLOOR = 55.0  # below this a candidate is not even worth naming
AMBIGUOUS_WITHIN = 5.0  # top two different roles this close: ask, don't guess
TASK_CUTOFF = CONFIDENT  # a task phrase below this is asked about, not taken

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
    "cpc a": "apprentice certified professional coder",
    "coc a": "apprentice certified outpatient coder",
    "ccs p": "certified coding specialist physician",
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
    "cac": "computer assisted coding",
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
    implied_level: Level | None = None  # the title is an alias only an entry or senior card has ("E/M coder")
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False


def _title_variants(text: str) -> list[str]:
    """A title as written and without its bracketed part ("Clinical Coder (UK)" -> "Clinical Coder")."""
    bare = re.sub(r"\([^)]*\)", " ", text).strip()
    return [text, bare] if bare and bare != text else [text]


class TitleRow(Frozen):
    """One normalised title or alias of a family, as the matcher compares it."""

    text: str
    words: tuple[str, ...]
    word_set: frozenset[str]
    family: str
    display: str
    level: str


class TitleIndex(Frozen):
    """Every title and alias of the catalog, normalised once, with the lookups a match needs.

    Built once per catalog (Catalog.derived) so a match costs a C-speed prefilter plus a few exact scores,
    not a Python loop over every alias of every role.
    """

    rows: tuple[TitleRow, ...]
    texts: tuple[str, ...]  # rows' texts, for rapidfuzz's prefilter
    by_head: dict[str, tuple[int, ...]]  # last word -> row numbers
    vocabulary: tuple[str, ...]  # every word of every row


def build_title_index(catalog: Catalog) -> TitleIndex:
    display: dict[str, str] = {}
    for role in catalog.roles:
        if role.family not in display or role.level in ("mid", "any"):
            display[role.family] = role.title
    rows: list[TitleRow] = []
    seen: set[tuple[str, str, str]] = set()
    for role in catalog.roles:
        for written in (role.title, *role.aliases):
            for text in _title_variants(written):
                stripped, _ = split_level(normalise(text))
                key = (stripped, role.family, role.level)
                if stripped and key not in seen:
                    seen.add(key)
                    rows.append(
                        TitleRow(
                            text=stripped,
                            words=tuple(stripped.split()),
                            word_set=frozenset(stripped.split()),
                            family=role.family,
                            display=display[role.family],
                            level=role.level,
                        )
                    )
    by_head: dict[str, list[int]] = {}
    for number, row in enumerate(rows):
        by_head.setdefault(row.words[-1], []).append(number)
    return TitleIndex(
        rows=tuple(rows),
        texts=tuple(row.text for row in rows),
        by_head={head: tuple(numbers) for head, numbers in by_head.items()},
        vocabulary=tuple(sorted({word for row in rows for word in row.words})),
    )


def title_index(catalog: Catalog) -> TitleIndex:
    return catalog.derived("title-index", build_title_index)


PREFILTER_LIMIT = 60  # rows kept by the C-speed token_sort_ratio prefilter before exact scoring


def _near_words(word: str, vocabulary: tuple[str, ...]) -> frozenset[str]:
    """The catalog words `same_word` accepts for `word`, found at C speed (an OSA prefilter)."""
    near = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=2, limit=None)
    return frozenset(found for found, _, _ in near if same_word(word, found))


def _candidate_rows(index: TitleIndex, typed: str) -> set[int]:
    """Rows that can score above what the prefilter drops.

    title_similarity scores a row above its token_sort_ratio only through its subset rules, which need the
    same head noun and one title's words all found in the other's; those rows are found with set operations.
    Every other row scores at most its token_sort_ratio, so the nearest PREFILTER_LIMIT of those suffice.
    """
    nearest = process.extract(typed, index.texts, scorer=fuzz.token_sort_ratio, limit=PREFILTER_LIMIT)
    numbers = {number for _, _, number in nearest}
    typed_words = typed.split()
    near = [_near_words(word, index.vocabulary) for word in typed_words]
    anywhere = frozenset().union(*near)
    for head in near[-1]:
        for number in index.by_head.get(head, ()):
            row_words = index.rows[number].word_set
            if row_words <= anywhere or all(not options.isdisjoint(row_words) for options in near):
                numbers.add(number)
    return numbers


def same_word(word: str, other: str) -> bool:
    """Equal, or one slip apart (an edit or a swap; two in long words) with the first letter kept.

    A similarity ratio is too loose for short words: "auditor" and "editor" score 77 but are different jobs.
    """
    if word == other:
        return True
    if min(len(word), len(other)) < 4 or word[0] != other[0]:
        return False
    return OSA.distance(word, other) <= (2 if min(len(word), len(other)) >= 9 else 1)


def _covered(words: list[str], others: list[str]) -> bool:
    return all(any(same_word(word, other) for other in others) for word in words)


def title_similarity(typed: str, known: str) -> float:
    """How well a normalised typed title fits a normalised catalog title, 0..100.

    Word order and typos are forgiven (token_sort_ratio). Extra words around a known title still match
    ("pediatric coder" ~ "coder") when the last word, the head noun of a job title, is the same; a title
    whose head differs ("coding auditor" vs "coding trainee") or with a word that matches nothing ("billing
    specialist" vs "coding specialist") stays below the cutoff, so it is refused or asked about, never forced.
    """
    if typed == known:
        return 100.0
    typed_words, known_words = typed.split(), known.split()
    if not typed_words or not known_words:
        return 0.0
    sort_score = float(fuzz.token_sort_ratio(typed, known))
    typed_in_known = _covered(typed_words, known_words)
    known_in_typed = _covered(known_words, typed_words)
    same_head = same_word(typed_words[-1], known_words[-1])
    if typed_in_known and known_in_typed:
        return sort_score
    if known_in_typed and same_head:  # more specific than a known title: "senior pediatric coder"
        return 78.0 + 12.0 * len(known_words) / len(typed_words)
    if typed_in_known and same_head:  # less specific: "nurse" for "registered nurse"
        return 85.0
    return min(sort_score, TITLE_CUTOFF - 5.0)


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


MEMO_SIZE = 4096  # remembered matches per catalog; a batch of many rows repeats the same few titles


def _memo(catalog: Catalog, key: str) -> dict[Any, Any]:
    memo: dict[Any, Any] = catalog.derived(key, lambda _: {})
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    return memo


def match_title(title: str, catalog: Catalog) -> TitleMatch:
    """Rank role families for a typed title; the caller decides what to do with ambiguity.

    Pure in (title, catalog), so the result is remembered with the catalog.
    """
    memo = _memo(catalog, "title-matches")
    found = memo.get(title)
    if found is None:
        found = memo[title] = _match_title(title, catalog)
    return found


def _match_title(title: str, catalog: Catalog) -> TitleMatch:
    normalised, level = split_level(normalise(title))
    if not normalised:
        return TitleMatch(role_id=None, family=None, confidence=0.0, level=level)
    index = title_index(catalog)
    best: dict[str, float] = {}
    display: dict[str, str] = {}
    levels: dict[str, set[str]] = {}
    for number in sorted(_candidate_rows(index, normalised)):
        row = index.rows[number]
        score = title_similarity(normalised, row.text)
        family = row.family
        if score > best.get(family, -1):
            best[family] = score
            display[family] = row.display
            levels[family] = {row.level}
        elif score == best[family]:
            levels[family].add(row.level)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    candidates = tuple(
        Candidate(family=family, title=display[family], score=round(score, 1)) for family, score in ranked[:3]
    )  # always the three nearest: a refusal names them, a clarification uses the close ones
    top_family, top_score = ranked[0]
    if top_score < TITLE_CUTOFF:
        return TitleMatch(role_id=None, family=None, confidence=top_score, level=level, candidates=candidates)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    ambiguous = top_score < 100 and top_score - runner_up < AMBIGUOUS_WITHIN
    only = levels[top_family]
    implied: Level | None = None
    if len(only) == 1 and next(iter(only)) in ("entry", "senior"):
        implied = "entry" if "entry" in only else "senior"
    return TitleMatch(
        role_id=None,
        family=top_family,
        confidence=top_score,
        level=level,
        implied_level=implied,
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
    # A level word in the title wins; then an alias only one variant has; then the years.
    role = pick_variant(catalog, found.family, found.level or found.implied_level, years)
    return role, found


class TaskOption(Frozen):
    id: str
    name: str
    origin: Literal["role", "family", "shared"]
    card: str | None = None  # the role card whose figures are used; None for a shared task


class TaskMatch(Frozen):
    said: str
    task: TaskOption | None
    confidence: float
    closest: tuple[str, ...] = ()
    deciding: tuple[str, ...] = ()  # the person's words that decided the match


def match_role_task(
    said: str, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None = None
) -> TaskMatch:
    """A task phrase for a person of `role`, as a TaskMatch (see understanding.understand_task, which it wraps).

    `closest` names the candidates when the phrase was not understood with confidence.
    """
    found = understand_task(said, role, catalog, learned)
    closest = tuple(candidate.name for candidate in found.candidates)
    if found.match is None:
        top = found.candidates[0].confidence if found.candidates else 0.0
        return TaskMatch(said=said, task=None, confidence=min(top, TASK_CUTOFF - 0.1), closest=closest)
    chosen = found.match
    return TaskMatch(
        said=said,
        task=TaskOption(id=chosen.task_id, name=chosen.name, origin=chosen.origin, card=chosen.card),
        confidence=chosen.confidence,
        closest=closest,
        deciding=chosen.deciding,
    )
