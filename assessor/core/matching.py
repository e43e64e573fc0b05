"""Match what a person types (a job title, a task name) to the catalog, with a confidence, never by force.

Pipeline (see ecosystem notes on rapidfuzz): normalise with an alias table, try an exact hit, else score with
token_sort_ratio on default_process'd text; refuse below the cutoff; ask when the top two are close.

Titles are first read as postings write them (read_posting): the job is the part before " - ", "(", " at "...,
without context words (Remote, PRN), credentials (RN, CPC) or grades (Band 4); its head noun, read with the
rules in roles/titles/postings.toml, names the family when no card title fits exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import field, replace
from typing import Any, Literal

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from assessor.core.catalog import Catalog
from assessor.core.errors import MatchError
from assessor.core.models import RoleCard
from assessor.core.plain import Checked
from assessor.core.records import record
from assessor.core.text import foreign_title_note, look_alike_problem
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
    "adj": "adjustment",
    "profee": "pro fee",
    # short forms postings use ("Rev Cycle Manager", "Health Info Clerk", "Multi-Specialty Coder", "HIM Ops")
    "rev": "revenue",
    "info": "information",
    "multi specialty": "multispecialty",
    "mgmt": "management",
    "ops": "operations",
    "coord": "coordinator",
    "assoc": "associate",
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
    "leader": "senior",
    "intern": "entry",
    "principal": "senior",
    "snr": "senior",
    "jnr": "entry",
    "mid": "mid",
    "intermediate": "mid",
}
_NUMERAL_LEVELS = frozenset(("i", "1", "ii", "2", "iii", "3", "iv"))
# "level" is filler next to a level word ("coder level 2"); a number after it is read with that scale's table.
FILLER_WORDS = {"level", "grade", "band"}
GradeTables = dict[str, dict[str, Level]]


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


def split_level(text: str, grades: GradeTables | None = None) -> tuple[str, Level | None]:
    """Strip level words from a normalised title and say which level they named.

    A number after "band", "grade" or "level" is read with that scale's table (roles/titles/postings.toml: NHS
    band 4 is a qualified coder, not a senior one), else as a plain level number; it is never a title word.
    """
    level: Level | None = None
    said: Level | None = None  # from a word ("Sr.", "Junior", "Lead"): it outranks a grade number
    kept: list[str] = []
    words = text.split()
    for index, word in enumerate(words):
        after = words[index - 1] if index else ""
        if after in FILLER_WORDS and re.fullmatch(r"[0-9]{1,2}[a-z]?", word):
            table = (grades or {}).get(after, {})
            level = table.get(word) or LEVEL_WORDS.get(word) or level
            continue
        if word in LEVEL_WORDS:
            if word in _NUMERAL_LEVELS:
                level = LEVEL_WORDS[word]
            else:
                said = LEVEL_WORDS[word]
            continue
        if word in FILLER_WORDS:
            continue
        kept.append(word)
    # "Sr. Coding Specialist II": the posting's grade ladder (II) sits inside the seniority the words name
    return " ".join(kept), said or level


# Seed 001: the senior coder's higher score comes from complex inpatient, oncology and trauma work, not from the
# years alone; years in outpatient or payer work (E/M, pro-fee, claims, risk adjustment) keep the mid-level card.
YEARS_STAY_MID = frozenset({"outpatient", "payer"})


# Title words that name where the work is done, when the person did not say (the work setting question was not
# answered, or answered "other"): "Outpatient Coder", "ED Coder - Pro Fee", "E/M Coder" code no complex inpatient
# stays however many years they have; a title that also names inpatient work says nothing of the setting.
_OUTPATIENT_TITLE_WORDS = (
    "outpatient", "op", "pro fee", "professional fee", "profee", "physician", "provider", "clinic", "asc",
    "ambulatory", "evaluation and management", "ed", "er", "emergency", "urgent care", "radiology", "anesthesia",
    "pathology", "dermatology", "office", "practice",
)  # fmt: skip
_TITLE_SETTINGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("outpatient", frozenset(_OUTPATIENT_TITLE_WORDS)),
    ("payer", frozenset(("payer", "payor", "health plan", "insurance", "insurer"))),
)
_INPATIENT_TITLE_WORDS = frozenset(("inpatient", "ip", "drg", "acute", "complex", "facility"))


def setting_from_title(title: str) -> str | None:
    """The work setting a title names ("Outpatient Coder" -> outpatient), or None when it names none or both."""
    job = re.split(r"\s(?:at|for|with|@)\s", title, maxsplit=1)[0]  # not the employer: "Coder at Mayo Clinic"
    text = f" {normalise(job)} "
    if any(f" {word} " in text for word in _INPATIENT_TITLE_WORDS):
        return None
    named = [setting for setting, words in _TITLE_SETTINGS if any(f" {word} " in text for word in words)]
    return named[0] if len(named) == 1 else None


def level_from_years(years: float, work_setting: str | None = None) -> Level:
    """Seed 001: entry is 0-2 years, mid-level 2-5; beyond 5 a coder is senior, unless they work where the
    senior card's complex inpatient work is not done (YEARS_STAY_MID)."""
    if years < 2:
        return "entry"
    if years <= 5 or work_setting in YEARS_STAY_MID:
        return "mid"
    return "senior"


@record(frozen=True, kw_only=True)
class Candidate(Checked):
    """One card a title could mean, with how well the title matched it."""

    family: str
    title: str
    score: float


@record(frozen=True, kw_only=True)
class TitleMatch(Checked):
    """The outcome of matching a title: a role, or a question to ask."""

    role_id: str | None
    family: str | None
    confidence: float  # 0..100
    level: Level | None  # from the title's own words, when it had any
    implied_level: Level | None = (
        None  # the title is an alias only an entry or senior card has ("Junior Coder")
    )
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False
    other_trade: bool = False  # refused as another trade's coding ("Survey Coder", "Coder (Python)")
    uncovered: bool = (
        False  # a healthcare job no card describes ("Utilization Review Nurse"): asked, not refused
    )


def _title_variants(text: str) -> list[str]:
    """A title as written and without its bracketed part ("Clinical Coder (UK)" -> "Clinical Coder")."""
    bare = re.sub(r"\([^)]*\)", " ", text).strip()
    return [text, bare] if bare and bare != text else [text]


@record(frozen=True, kw_only=True)
class TitleRow(Checked):
    """One normalised title or alias of a family, as the matcher compares it."""

    text: str
    words: tuple[str, ...]
    word_set: frozenset[str]
    family: str
    display: str
    level: str


@record(frozen=True, kw_only=True)
class HeadPattern(Checked):
    """A head-noun rule of roles/titles/postings.toml with its phrases normalised like a typed title."""

    family: str
    topics: tuple[tuple[str, ...], ...]
    heads: tuple[tuple[str, ...], ...]


@record(frozen=True, kw_only=True)
class PostingVocabulary(Checked):
    """The posting words of roles/titles/postings.toml as token tuples (lower case, punctuation to spaces)."""

    context: tuple[tuple[str, ...], ...] = ()  # longest first
    credentials: tuple[tuple[str, ...], ...] = ()  # longest first
    other_trades: tuple[tuple[str, ...], ...] = ()
    other_trade_marks: tuple[str, ...] = ()  # written with symbols ("c++", ".net"): found in the raw text
    uncovered: tuple[tuple[str, ...], ...] = ()  # healthcare jobs no card describes, normalised
    grades: dict[str, dict[str, Level]] = field(default_factory=dict)
    heads: tuple[HeadPattern, ...] = ()


@record(frozen=True, kw_only=True)
class TitleIndex(Checked):
    """Every title and alias of the catalog, normalised once, with the lookups a match needs.

    Built once per catalog (Catalog.derived) so a match costs a C-speed prefilter plus a few exact scores,
    not a Python loop over every alias of every role. Rows are the cards' titles and aliases, then the O*NET and
    ESCO titles of roles/titles/ that no card already uses and that have two words or more.
    """

    rows: tuple[TitleRow, ...]
    texts: tuple[str, ...]  # rows' texts
    sorted_texts: tuple[str, ...] = ()  # rows' words sorted: token_sort_ratio is then a plain ratio
    by_head: dict[str, tuple[int, ...]]  # last word -> row numbers
    texts_known: frozenset[str] = frozenset()  # rows' texts: a title typed exactly as written
    domain: tuple[str, ...] = ()  # words of healthcare work: title words and the lexicon's terms and contexts
    vocabulary: tuple[str, ...]  # every word of every row
    postings: PostingVocabulary = field(default_factory=PostingVocabulary)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(utils.default_process(text.replace("/", " ")).split())


def _longest_first(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    tokens = {_tokens(phrase) for phrase in phrases} - {()}
    return tuple(sorted(tokens, key=lambda words: (-len(words), words)))


def build_posting_vocabulary(catalog: Catalog) -> PostingVocabulary:
    words = catalog.titles.postings
    families = {role.family for role in catalog.roles}
    marks = tuple(
        phrase.lower() for phrase in words.other_trades if re.search(r"[^a-z0-9 -]", phrase.lower())
    )
    return PostingVocabulary(
        context=_longest_first(words.context),
        credentials=_longest_first(words.credentials),
        other_trades=_longest_first(phrase for phrase in words.other_trades if phrase.lower() not in marks),
        other_trade_marks=marks,
        uncovered=_longest_first(normalise(phrase) for phrase in words.uncovered),
        grades={scale: dict(grade.levels) for scale, grade in words.grades.items()},
        heads=tuple(
            HeadPattern(
                family=rule.family,
                topics=tuple(tuple(normalise(topic).split()) for topic in rule.topics),
                heads=tuple(tuple(normalise(head).split()) for head in rule.heads),
            )
            for rule in words.heads
            if rule.family in families  # a smaller catalog (tests, benchmarks) skips absent families' rules
        ),
    )


def _domain_words(catalog: Catalog, rows: list[TitleRow]) -> tuple[str, ...]:
    """Every word that says a title is healthcare work: the titles' own, and the lexicon's terms and contexts."""
    lexicon = catalog.lexicon
    texts = [*lexicon.context, *lexicon.spellings, *lexicon.spellings.values()]
    texts += catalog.titles.postings.healthcare_words
    for concept in lexicon.concepts:
        texts += [*concept.terms, *concept.abbreviations]
    words = {word for row in rows for word in row.words}
    words |= {word for text in texts for word in normalise(text).split()}
    for rule in catalog.titles.postings.heads:  # "head of clinical coding": the rules' own words
        words |= {word for phrase in (*rule.topics, *rule.heads) for word in normalise(phrase).split()}
    return tuple(sorted(words | {"of", "and", "the", "in", "to", "a"}))


def build_title_index(catalog: Catalog) -> TitleIndex:
    display: dict[str, str] = {}
    for role in catalog.roles:
        if role.family not in display or role.level in ("mid", "any"):
            display[role.family] = role.title
    rows: list[TitleRow] = []
    seen: set[tuple[str, str, str]] = set()

    def add(text: str, family: str, level: str) -> None:
        rows.append(
            TitleRow(
                text=text,
                words=tuple(text.split()),
                word_set=frozenset(text.split()),
                family=family,
                display=display[family],
                level=level,
            )
        )

    for role in catalog.roles:
        for written in (role.title, *role.aliases):
            for text in _title_variants(written):
                stripped, _ = split_level(normalise(text))
                key = (stripped, role.family, role.level)
                if stripped and key not in seen:
                    seen.add(key)
                    add(stripped, role.family, role.level)
    # O*NET and ESCO titles: never a card's own title or alias (the card keeps it, with its level), never one
    # word ("Coder", "Clerk" would take matches from every card), only for families this catalog has.
    owned = {text for text, _, _ in seen}
    for alias in catalog.titles.aliases:
        if alias.family not in display:
            continue
        bare = re.sub(r"\([^)]*\)", " ", alias.text).strip()
        for text in (bare, *re.findall(r"\(([^)]*)\)", alias.text)):  # "HIM Technician (HIM Tech)": both
            stripped, _ = split_level(normalise(text))
            if len(stripped.split()) < 2 or stripped in owned or (stripped, alias.family, "any") in seen:
                continue
            seen.add((stripped, alias.family, "any"))
            add(stripped, alias.family, "any")
    by_head: dict[str, list[int]] = {}
    for number, row in enumerate(rows):
        by_head.setdefault(row.words[-1], []).append(number)
    return TitleIndex(
        rows=tuple(rows),
        texts=tuple(row.text for row in rows),
        sorted_texts=tuple(" ".join(sorted(row.words)) for row in rows),
        by_head={head: tuple(numbers) for head, numbers in by_head.items()},
        texts_known=frozenset(row.text for row in rows),
        domain=_domain_words(catalog, rows),
        vocabulary=tuple(sorted({word for row in rows for word in row.words})),
        postings=build_posting_vocabulary(catalog),
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
    limit = PREFILTER_LIMIT
    # token_sort_ratio is the ratio of the words sorted: the rows' are sorted once, in the index.
    query = " ".join(sorted(typed.split()))
    while True:  # enough rows to hold the three nearest families, however many titles one family has
        nearest = process.extract(query, index.sorted_texts, scorer=fuzz.ratio, limit=limit)
        if len(nearest) < limit or len({index.rows[number].family for _, _, number in nearest}) > 3:
            break
        limit *= 4
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

    A similarity ratio is too loose for short words: "auditor" and "editor" score 77 but are different jobs;
    four-letter words only forgive a missing or extra letter ("codr", "nurs"), not a changed one ("case" is not
    "care").
    """
    if word == other:
        return True
    shorter = min(len(word), len(other))
    if shorter < 4 or word[0] != other[0] or (shorter == 4 and len(word) == len(other)):
        return False
    return OSA.distance(word, other) <= (2 if shorter >= 9 else 1)


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


def _row_scorer(index: TitleIndex, typed: str) -> Callable[[int], float]:
    """title_similarity(typed, row text) for the index's rows, with the typed words' near words found once.

    same_word(word, other) is `other in _near_words(word, vocabulary)` for any word of a row (the vocabulary holds
    them all, and same_word is symmetric), so the word-by-word comparisons become set operations.
    """
    typed_words = typed.split()
    near = {word: _near_words(word, index.vocabulary) for word in typed_words}
    anywhere = frozenset().union(*near.values())
    query = " ".join(sorted(typed_words))
    head = near[typed_words[-1]] if typed_words else frozenset()

    def score(number: int) -> float:
        row = index.rows[number]
        if typed == row.text:
            return 100.0
        if not typed_words or not row.words:
            return 0.0
        sort_score = float(fuzz.ratio(query, index.sorted_texts[number]))
        typed_in_known = all(not near[word].isdisjoint(row.word_set) for word in typed_words)
        known_in_typed = row.word_set <= anywhere
        same_head = row.words[-1] in head
        if typed_in_known and known_in_typed:
            return sort_score
        if known_in_typed and same_head:
            return 78.0 + 12.0 * len(row.words) / len(typed_words)
        if typed_in_known and same_head:
            return 85.0
        return min(sort_score, TITLE_CUTOFF - 5.0)

    return score


def pick_variant(
    catalog: Catalog, family: str, level: Level | None, years: float | None, work_setting: str | None = None
) -> RoleCard:
    """Choose the entry, mid or senior card of a family: the title's level word wins, then the years (and the
    work setting they were spent in)."""
    members = catalog.family(family)
    if len(members) == 1:
        return members[0]
    wanted = level or (level_from_years(years, work_setting) if years is not None else "mid")
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
        found = _two_jobs(_match_title(title, catalog), title, catalog)
        found = memo[title] = _with_topic_level(found, title, catalog)
    return found


def _two_jobs(found: TitleMatch, title: str, catalog: Catalog) -> TitleMatch:
    """'Health Information Manager / Clinical Coder': two jobs of different roles joined by a spaced slash are
    asked about (which one is the day?), never scored silently as the first."""
    sides = [side.strip() for side in re.split(r"\s+/\s+", title)]
    # a lone head after the slash ("Medical Coder / Biller") is one job named twice, as '&' is
    if found.family is None or len(sides) != 2 or any(len(side.split()) < 2 for side in sides):
        return found
    first, second = (_match_title(side, catalog) for side in sides)
    if first.family is None or second.family is None or first.family == second.family:
        return found
    pair = tuple(
        Candidate(family=side.family, title=side.candidates[0].title, score=side.confidence)
        for side in (first, second)
        if side.family is not None and side.candidates
    )
    if len(pair) != 2:
        return found
    return replace(found, ambiguous=True, candidates=pair)


def _with_topic_level(found: TitleMatch, title: str, catalog: Catalog) -> TitleMatch:
    """'Inpatient Medical Coder', 'Coding Professional - Inpatient': a word of a level's own card title that no
    other card of the family uses (the senior card's 'Complex Inpatient') implies that level when the title
    names none."""
    if found.family is None or found.level is not None or found.implied_level is not None:
        return found
    topics = catalog.derived("title-level-topics", _level_topics).get(found.family, {})
    named = {topics[word] for word in normalise(title).split() if word in topics}
    if len(named) != 1:
        return found
    return replace(found, implied_level=named.pop())


def _level_topics(catalog: Catalog) -> dict[str, dict[str, Level]]:
    """Per family, the words of its entry or senior card's title that no other card of the family uses in a title
    or alias (level words aside)."""
    out: dict[str, dict[str, Level]] = {}
    for family in {role.family for role in catalog.roles}:
        members = catalog.family(family)
        if len(members) < 2:
            continue
        words = {
            role.id: {
                word
                for text in (role.title, *role.aliases)
                for word in split_level(normalise(text))[0].split()
            }
            for role in members
        }
        found: dict[str, Level] = {}
        for role in members:
            if role.level not in ("entry", "senior"):
                continue
            others = set().union(*(words[other.id] for other in members if other.id != role.id))
            own = set(split_level(normalise(role.title))[0].split())
            found.update(dict.fromkeys(own - others, role.level))
        if found:
            out[family] = found
    return out


_CODING_HEADS = {"coder", "coders", "coding"}
RULE_CONFIDENCE = (
    90.0  # a family named by the job's head noun (roles/titles/postings.toml), not by a card title
)

# Between the job and its context: " - ", " | ", "(", ",", " at ", " for "... ("Coder II - Remote").
_SEPARATOR = re.compile(
    r"(\s+-+\s*|\s*-+\s+|\s*[\u2013\u2014|\u2022\u00b7:;,()\[\]{}]\s*|\s+/\s+|\s+(?:at|for|with|@)(?:\s+|$))",
    re.IGNORECASE,
)
# A lone head before a comma names the job the next part describes ("Manager, Coding Quality").
_INVERTED_HEADS = {
    "manager", "director", "supervisor", "specialist", "analyst", "coordinator", "auditor", "coder", "technician",
    "officer", "clerk", "assistant", "representative", "associate", "administrator", "consultant", "educator",
}  # fmt: skip


@record(frozen=True, kw_only=True)
class PostingTitle(Checked):
    """A title as a posting writes it, read into the job (normalised) and what surrounds it."""

    job: str  # normalised, without context words, credentials or context parts; level words still in
    level: Level | None  # from a context part made only of level words ("Coder (Senior)", "- Band 4")
    other_trade: bool  # names another trade that also says "coding" ("Coder (Python)")
    fallback: str = ""  # a credential written as the job before it ("RN - ICU"): matched when the job is not
    context: str = (
        ""  # the other parts, normalised ("Coding Specialist - Risk Adjustment": "risk adjustment")
    )


def _remove_phrases(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    firsts = {phrase[0] for phrase in phrases}
    kept: list[str] = []
    index = 0
    while index < len(tokens):
        if tokens[index] in firsts:  # most words start no phrase: one set lookup
            for phrase in phrases:
                if tuple(tokens[index : index + len(phrase)]) == phrase:
                    index += len(phrase)
                    break
            else:
                kept.append(tokens[index])
                index += 1
            continue
        kept.append(tokens[index])
        index += 1
    return kept


def _has_phrase(tokens: tuple[str, ...] | list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        tuple(tokens[index : index + len(phrase)]) == phrase
        for phrase in phrases
        for index in range(len(tokens) - len(phrase) + 1)
    )


def _only_levels(tokens: list[str]) -> bool:
    return all(
        token in LEVEL_WORDS or token in FILLER_WORDS or re.fullmatch(r"[0-9]{1,2}[a-z]?", token)
        for token in tokens
    )


def read_posting(title: str, words: PostingVocabulary, heads: Collection[str] = ()) -> PostingTitle:
    """Find the job in a title written like a posting: "Sr. Medical Coder (Inpatient) - Remote, CPC required".

    `heads` are the last words of known titles: a credential is dropped only when the job still ends in one
    ("CDI Specialist RN" -> "CDI Specialist"), so "Staff RN" and "ER RN" keep the RN that names the job.
    """
    raw = title.lower()
    other_trade = _has_phrase(_tokens(raw), words.other_trades) or any(
        re.search(rf"(?<![a-z0-9]){re.escape(mark)}(?![a-z0-9])", raw) for mark in words.other_trade_marks
    )
    pieces = _SEPARATOR.split(title)
    parts = [
        (pieces[index], pieces[index + 1] if index + 1 < len(pieces) else "")
        for index in range(0, len(pieces), 2)
    ]
    segments: list[tuple[list[str], list[str], str]] = []  # (tokens as written, job tokens, separator after)
    for text, separator in parts:
        tokens = list(_tokens(text))
        if tokens:
            job = _remove_phrases(tokens, words.context)
            bare = _remove_phrases(job, words.credentials)
            # A credential goes when the job is still there without it ("CDI Specialist RN"), not from
            # "Staff RN"; a part made only of credentials is context ("Coder I, CPC-A").
            kept = normalise(" ".join(split_level(" ".join(bare))[0].split())).split() if bare else []
            segments.append(
                (tokens, bare if not bare or (kept and kept[-1] in heads) else job, separator.strip())
            )
    if not segments:
        return PostingTitle(job="", level=None, other_trade=other_trade)
    found = next((index for index, (_, job, _) in enumerate(segments) if job and not _only_levels(job)), None)
    fallback = ""
    if found is None:  # only credentials or context: "CPC", "RN" are still titles people type
        job_tokens = _remove_phrases(segments[0][0], words.context)
        context = segments[1:]
    else:
        job_tokens = segments[found][1]
        context = segments[:found] + segments[found + 1 :]
        if found:
            fallback = " ".join(segments[0][0])
        after = segments[found + 1] if found + 1 < len(segments) else None
        if (
            segments[found][2] == ","
            and after
            and after[1]
            and len(job_tokens) == 1
            and normalise(job_tokens[0]) in _INVERTED_HEADS
        ):
            job_tokens = after[1] + job_tokens
            context = [segment for segment in context if segment is not after]
    level: Level | None = None
    for _, tokens, _ in context:
        if tokens and _only_levels(tokens):
            level = level or split_level(" ".join(tokens), words.grades)[1]
    return PostingTitle(
        job=normalise(" ".join(job_tokens)),
        level=level,
        other_trade=other_trade,
        fallback=fallback,
        context=normalise(" ".join(word for _, tokens, _ in context for word in tokens)),
    )


def _ends_with(words: list[str], head: tuple[str, ...]) -> bool:
    tail = words[len(words) - len(head) :] if len(head) <= len(words) else []
    return bool(tail) and all(same_word(word, want) for word, want in zip(tail, head, strict=True))


def _topic_word(word: str, want: str) -> bool:
    """Topics forgive a slip only in long words: "dental" is not a typo of "denial"."""
    return word == want or (min(len(word), len(want)) >= 7 and same_word(word, want))


def _contains(words: list[str], topic: tuple[str, ...]) -> bool:
    return any(
        all(
            _topic_word(word, want)
            for word, want in zip(words[index : index + len(topic)], topic, strict=True)
        )
        for index in range(len(words) - len(topic) + 1)
    )


# Heads that postings write before their topic ("Director HIM & Coding", "Manager Coding Operations").
_LEADING_HEADS = frozenset(("director", "manager", "supervisor", "head", "chief", "mgr", "administrator"))


def head_family(job: str, rules: tuple[HeadPattern, ...]) -> str | None:
    """The family the job's head noun and topic name ("HCC coding specialist" -> risk adjustment), or None.

    Tried on the job as written, then without trailing level words ("coding specialist iii"), then with an
    "X of Y" title turned round ("director of coding" -> "coding director").
    """
    words = job.split()
    variants = [words]
    trimmed = list(words)
    while trimmed and (trimmed[-1] in LEVEL_WORDS or trimmed[-1] in FILLER_WORDS or trimmed[-1].isdigit()):
        trimmed.pop()
    if trimmed != words:
        variants.append(trimmed)
    if "of" in trimmed[1:-1]:
        cut = trimmed.index("of")
        variants.append(trimmed[cut + 1 :] + trimmed[:cut])
    lasts = {head[-1] for rule in rules for head in rule.heads}
    # "Director HIM & Coding", "Sr Manager Revenue Cycle": a one-word head written first, its topic after it
    first = next((number for number, word in enumerate(trimmed) if word not in LEVEL_WORDS), len(trimmed))
    if first < len(trimmed) - 1 and trimmed[first] in _LEADING_HEADS and trimmed[-1] not in lasts:
        variants.append([*trimmed[first + 1 :], trimmed[first]])
    variants = [variant for variant in variants if variant]
    # Which heads' last words each variant's last word can be (typos forgiven), found once, not once per rule.
    ending = [{last for last in lasts if same_word(variant[-1], last)} for variant in variants]
    for rule in rules:
        for variant, ends in zip(variants, ending, strict=True):
            if rule.heads and not any(head[-1] in ends and _ends_with(variant, head) for head in rule.heads):
                continue
            if rule.topics and not any(_contains(variant, topic) for topic in rule.topics):
                continue
            return rule.family
    return None


def _match_title(title: str, catalog: Catalog) -> TitleMatch:
    index = title_index(catalog)
    as_typed = PostingTitle(job=normalise(title), level=None, other_trade=False)
    if split_level(as_typed.job, index.postings.grades)[0] in index.texts_known:
        return _rank(as_typed, index, catalog)  # a title or alias typed as it is written: no reading needed
    posting = read_posting(title, index.postings, index.by_head)
    found = _rank(posting, index, catalog)
    if found.family is not None and posting.context and not posting.other_trade:
        # Context can say which kind of coder: "Coding Specialist (Remote) - Risk Adjustment" is an HCC coder.
        generic = next((rule.family for rule in index.postings.heads if not rule.topics), None)
        specific = head_family(f"{posting.context} {posting.job}", index.postings.heads)
        if found.family == generic and specific not in (None, generic):
            return _rank(replace(posting, job=f"{posting.context} {posting.job}"), index, catalog)
        # ... or that a records title is the coding desk: "Health Information Specialist - Coding" is a coder,
        # read as "health information coding specialist" (the head-noun rules then decide).
        words = posting.job.split()
        if {"coding", "coder"} & set(posting.context.split()) and not {"coding", "coder"} & set(words):
            recoded = " ".join([*words[:-1], "coding", words[-1]])
            if head_family(recoded, index.postings.heads) not in (None, found.family):
                return _rank(replace(posting, job=recoded), index, catalog)
        # ... or which level: "Certified Coding Specialist - Inpatient" is the title only the senior card has
        if found.implied_level is None and found.level in (None, "mid"):
            joined = _rank(replace(posting, job=f"{posting.context} {posting.job}"), index, catalog)
            if joined.family == found.family and joined.implied_level is not None:
                return replace(found, implied_level=joined.implied_level)
    if found.family is not None or posting.other_trade:
        return found
    # Not understood as a posting: the credential written first ("RN - ICU"), then the title as one piece.
    if posting.fallback:
        first = _match_title(posting.fallback, catalog)
        if first.family is not None:
            return first
    if as_typed.job != posting.job:
        whole = _rank(as_typed, index, catalog)
        if whole.family is not None:
            return whole
    return found


def _rank(posting: PostingTitle, index: TitleIndex, catalog: Catalog) -> TitleMatch:
    """Score a read title against every title row and the head-noun rules; refuse or ask when unsure."""
    normalised, level = split_level(posting.job, index.postings.grades)
    level = level or posting.level
    if not normalised:
        return TitleMatch(role_id=None, family=None, confidence=0.0, level=level)
    best: dict[str, float] = {}
    display: dict[str, str] = {}
    levels: dict[str, set[str]] = {}
    row_score = _row_scorer(index, normalised)
    for number in sorted(_candidate_rows(index, normalised)):
        row = index.rows[number]
        score = row_score(number)
        family = row.family
        if score > best.get(family, -1):
            best[family] = score
            display[family] = row.display
            levels[family] = {row.level}
        elif score == best[family]:
            levels[family].add(row.level)
    named = None if posting.other_trade else head_family(posting.job, index.postings.heads)
    # "Warehouse Coder", "Research Data Coder": a word no healthcare title or term has, around "coder" or
    # "coding", is another trade's coding; it is refused with the closest roles, not forced onto a coder.
    words = normalised.split()
    foreign = bool(index.domain) and words[-1] in _CODING_HEADS
    foreign = foreign and any(not _near_words(word, index.domain) for word in words[:-1])
    if foreign:
        named = None
    # "Utilization Review Nurse": a healthcare job no card describes is asked about with the closest roles,
    # never scored silently with the nearest one; a head-noun rule still names its family ("Patient Access Manager").
    uncovered = named is None and _has_phrase(words, index.postings.uncovered)
    if named is not None and max(best.values(), default=0.0) < 100:
        # The head noun names the family; a card title typed exactly still wins over it.
        best[named] = max(best.get(named, 0.0), RULE_CONFIDENCE)
        display[named] = next(row.display for row in index.rows if row.family == named)
        levels.setdefault(named, {"any"})
        if best[named] == RULE_CONFIDENCE:
            levels[named] = {"any"}
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0] != named, item[0]))
    candidates = tuple(
        Candidate(family=family, title=display[family], score=round(score, 1)) for family, score in ranked[:3]
    )  # always the three nearest: a refusal names them, a clarification uses the close ones
    if not ranked:
        return TitleMatch(role_id=None, family=None, confidence=0.0, level=level)
    top_family, top_score = ranked[0]
    if (
        posting.other_trade or foreign or uncovered
    ):  # "Coder (Python)": never forced onto a role, however close
        top_score = min(top_score, TITLE_CUTOFF - 5.0)
        candidates = tuple(
            replace(candidate, score=min(candidate.score, top_score)) for candidate in candidates
        )
    if top_score < TITLE_CUTOFF:
        return TitleMatch(
            role_id=None,
            family=None,
            confidence=top_score,
            level=level,
            candidates=candidates,
            other_trade=posting.other_trade or foreign,
            uncovered=uncovered and not (posting.other_trade or foreign),
        )
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    ambiguous = top_family != named and top_score < 100 and top_score - runner_up < AMBIGUOUS_WITHIN
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


def resolve_title(
    title: str, catalog: Catalog, years: float | None, work_setting: str | None = None
) -> tuple[RoleCard, TitleMatch]:
    """Match a title to one role card or raise MatchError naming the closest roles (never force a match).

    Full-width and other compatibility forms are read as the letters they are (NFKC); a title mixing Latin
    letters with look-alikes from another alphabet is refused saying so (text.look_alike_problem)."""
    if not title.isascii():
        problem = look_alike_problem(title)
        if problem is not None:
            raise MatchError(problem, ())
    found = match_title(title if title.isascii() else unicodedata.normalize("NFKC", title), catalog)
    if found.family is None:
        names = ", ".join(candidate.title for candidate in found.candidates)
        hint = foreign_title_note(title) + (f" The closest roles are: {names}." if names else "")
        if found.other_trade and not re.search(r"cod(e|er|ers|ing)\b|programm", title.lower()):
            raise MatchError(
                f"{title!r} reads as a job in another trade or industry, not health-information work; this "
                f"assessment covers healthcare roles.{hint}",
                tuple(candidate.title for candidate in found.candidates),
            )
        if found.other_trade:
            raise MatchError(
                f"{title!r} reads as coding of another kind (software, survey or research data), not coding "
                f"patient records; this assessment covers healthcare roles.{hint}",
                tuple(candidate.title for candidate in found.candidates),
            )
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
    # the years are read in the setting the person named or, failing that, the one their title names
    # ("Outpatient Coder" with 10 years stays mid-level); a title's own level word is read in the named one only
    # ("Coding Team Lead - Pro Fee" is a lead)
    setting = setting_from_title(title) if work_setting in (None, "other") else None
    level = title_level(found, work_setting)
    role = pick_variant(catalog, found.family, level, years, setting or work_setting)
    return role, found


def title_level(found: TitleMatch, work_setting: str | None) -> Level | None:
    """The level a title asks for: its level word wins, then an alias only one variant has; None leaves it to
    the years. A senior title in outpatient or payer work keeps the mid card, for the reason the years do
    (YEARS_STAY_MID); a title naming the senior card's own work ('Complex Inpatient Coder') keeps it."""
    if found.level == "senior" and work_setting in YEARS_STAY_MID:
        return "mid"
    return found.level or found.implied_level


@record(frozen=True, kw_only=True)
class TaskOption(Checked):
    """A task a person's words can name: its id, name and whose figures it carries."""

    id: str
    name: str
    origin: Literal["role", "family", "shared"]
    card: str | None = None  # the role card whose figures are used; None for a shared task


@record(frozen=True, kw_only=True)
class TaskMatch(Checked):
    """What a person's task words matched: a task (or none), how surely, and the words that decided."""

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
