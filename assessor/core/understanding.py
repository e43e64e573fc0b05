"""Understand a task the way a coding manager would: by what the words mean, not how they are spelt.

A phrase is read against everything known of each task the person can name (its names and aliases on every card
of their role family, the shared list, and the lexicon concepts that point to it). Jargon and abbreviations are
recognised as units ("DNFB list", "E/M", "pro fee"), words are compared by Snowball stem, an unknown word one slip
from a known one is read as that word, and every word carries a weight (IDF over the catalog's tasks), so a word
most tasks share ("coding", "review") cannot decide alone. The result keeps its confidence and the person's own
words that decided it, or, when not confident, up to three ranked candidates to ask about.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assessor.core.catalog import Catalog
from assessor.core.models import RoleCard
from assessor.core.plain import Checked
from assessor.core.records import record
from assessor.core.splits import ParsedSplit, SplitPart
from assessor.core.wording import joined
from assessor.core.words import Token, phrase_key, stem, tokens, unstretched

CONFIDENT = 80.0  # a match at or above this, clear of the runner-up, is taken without asking
CLEAR_BY = 8.0  # the runner-up (another task) must be this many points behind, or we ask
CANDIDATE_FLOOR = 25.0  # below this a task is not worth offering as a choice
SOLE_CONFIDENT = 60.0  # a match at or above this is taken when no other task reaches CANDIDATE_FLOOR
FAR_AHEAD_CONFIDENT = 70.0  # ... or when it is at least this and FAR_AHEAD_BY points ahead of the runner-up
FAR_AHEAD_BY = 30.0
MAX_CANDIDATES = 3
DECISIVE = 2.0  # matched evidence (summed word weights) a phrase needs before it can be confident
LEXICON_BOOST = 1.5  # a jargon unit from the lexicon says more than the same words loose
UNKNOWN_WEIGHT = 1.5  # a word nothing in the catalog knows counts against every task
LIGHT_WEIGHT = 0.15  # "working", "handling", "doing": they say that work happens, not which
SECOND_CHOICE = 0.85  # a concept's second and later tasks, relative to its first
ALIAS_IN_FAMILY = 0.95  # a name or alias written on another card of the family or in the shared list
ALIAS_ELSEWHERE = 0.8  # ... written on another family's card (the same task id, other people's words)
WORDS_ONLY = 0.9  # a unit's words found in a task that the unit itself does not name
WORDS_BEHIND_NAME = 0.7  # ... at most, when the unit is another task's own name or alias for this person
LEXICON_WORD = 0.6  # a word found only inside a lexicon phrase for the task ("run" of "running reports")
OBJECT_WEIGHT = 1.0  # a concept that names what the work is on (a code set), not the work: "ICD-10 updates"
MAX_WORDS = 40  # a task is named in a few words; a longer text is read no further (bounded work per phrase)
TYPO_FACTOR = 0.95  # a phrase read through a typo is a little less certain
MODIFIER = 0.5  # a known word after a preposition, once the words before it decide: it qualifies the work
NEAREST = 0.6  # a concept's nearest task in another system: offered as a choice, never confident alone
# After one of these, an unknown word says for whom, where or with what ("coding for the hospitalists", "prior
# auths for MRIs", "indexing into the EMR"): it is read as context, not held against every task.
CONTEXT_PREPOSITIONS = frozenset((
    "for", "in", "at", "from", "on", "into", "with", "before", "after", "during", "per", "by", "via", "across",
    "within", "under", "inside", "until", "till", "off", "between", "through", "thru",
    # "checking codes against the LCD", "queries about the principal diagnosis", "pro fee incl. caths", "w/ time"
    "against", "about", "regarding", "re", "incl", "including", "like", "esp", "especially", "w", "vs", "versus",
))  # fmt: skip
# A clause after the work says when or why it is done, not which: "ROI when the vendor is out", "coding office
# visits while I learn", "final coding once CAC has run", "appeal letters when the payer drops the MCC". Once the
# words before it decide, the clause's words are read lightly, known or not.
SUBORDINATORS = frozenset(("when", "whenever", "while", "whilst", "once", "if", "because", "since", "unless"))

# Words that carry no meaning about which task ("my", "of"); dropped before anything is compared.
STOPWORDS = frozenset((
    "a", "an", "the", "my", "our", "their", "his", "her", "its", "your", "of", "on", "in", "at", "to", "for",
    "from", "with", "by", "about", "around", "into", "onto", "over", "per", "and", "or", "plus", "also", "as",
    "is", "are", "was", "were", "be", "been", "being", "i", "we", "me", "us", "it", "this", "that",
    "these", "those", "there", "here", "some", "any", "all", "each", "every", "most", "much", "many", "more",
    "lot", "lots", "loads", "heaps", "tons", "bunch", "plenty", "few", "bit", "couple", "other", "others", "rest", "etc", "roughly", "approximately",
    "approx", "nearly", "almost", "maybe", "mostly", "mainly", "usually", "generally", "typically", "percent",
    "pct", "cent", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "day", "days", "daily",
    "week", "weekly", "shift", "time", "times", "spend", "spent", "spending", "half", "quarter", "third",
    "remainder", "remaining", "just", "really", "very", "quite", "too", "so", "then", "than", "before", "after",
    "during", "via", "within", "under", "until", "till", "inside", "across", "upon", "throughout",
    # hedges: how often, not what ("the odd appeal", "occasional audits")
    "odd", "occasional", "occasionally", "sometimes", "often", "largely", "primarily", "predominantly", "ish",
    "between", "through", "thru",
    # relations, not work: "against the work plan", "w/ base units", "incl. caths", "DRG vs final DRG"
    "against", "regarding", "incl", "including", "w", "vs", "versus",
    # chat and hedges around the work: "honestly mostly DRG coding lol", "tbh half my life is denials", "a little
    # auditing i guess", "lots of appeals lately"
    "honestly", "tbh", "lol", "lmao", "idk", "ngl", "imo", "imho", "fwiw", "guess", "kinda", "sorta", "basically",
    "literally", "actually", "probably", "prob", "probs", "obviously", "definitely", "little", "life", "lately",
    "recently", "nowadays",
))  # fmt: skip
# The act of coding: an unknown word right after it ("coding OB deliveries", "coding IR S&I") or right before it
# ("Mohs coding") names what is coded, not which task: it is read as context, as after a preposition.
# Context words that are a break, not a place of work: said alone they offer no task ("lunch")
_MEALS = frozenset(("lunch", "breakfast"))
_CODING_STEMS = frozenset(stem(word) for word in ("code", "codes", "coded", "coding", "recode", "recoding"))
# Words that say work is done without saying which: a small weight, whether or not a task uses them.
LIGHT_WORDS = frozenset(stem(word) for word in (
    "work", "working", "worked", "works", "do", "doing", "does", "did", "done", "handle", "handling",
    "handled", "handles", "deal", "dealing", "dealt", "perform", "performing", "complete", "completing",
    "completed", "task", "tasks", "stuff", "things", "thing", "job", "jobs", "various", "general", "misc",
    "miscellaneous", "get", "getting", "got", "make", "making", "take", "taking", "go", "going", "help",
    "helping", "answer", "answering", "answered", "respond", "responding", "responded", "reply", "replying",
    "process", "processing", "processed", "finish", "finishing", "start", "starting", "keep", "keeping",
    "clear", "clearing", "cleared", "fix", "fixing", "fixed", "earn", "earning", "earned", "attend",
    "attending", "attended", "use", "using", "used", "knock", "knocking", "knocked", "tackle", "tackling",
    "crank", "cranking", "churn", "churning", "plug", "plugging", "out", "sure", "based", "leading", "hosting",
    "facilitating", "chairing",
    # how hard or fast, not what: "hitting 30 charts an hour", "grinding through", "DNFB cleanup"; and "am" ("I
    # am coding"), light rather than dropped, so "ICD-10-AM" stays apart from "ICD-10"
    "am", "hitting", "hit", "grinding", "grind", "slogging", "powering", "blasting", "cleanup", "flagged",
    "ready", "applying", "running", "up",
    # "building suspect lists", "building PCS codes", "building the schedule": the thing built says which work
    "build", "building", "builds", "built",
    # "fighting denials", "battling the DNFB", "juggling queries": effort, not which work
    "fighting", "fight", "battling", "battle", "wrangling", "juggling",
    # how often or how recent, not what: "annual performance reviews", "monthly reports", "new admits"
    "annual", "annually", "monthly", "quarterly", "yearly", "biweekly", "new",
))  # fmt: skip

Origin = Literal["role", "family", "shared"]
How = Literal["id", "learned", "exact", "meaning", "none"]


@record(frozen=True, kw_only=True)
class TaskCandidate(Checked):
    """A task a phrase may mean, with where its figures come from and why we think so."""

    task_id: str
    name: str
    card: str | None  # the role card whose figures are used; None for a task of the shared list
    origin: Origin  # the person's own card, another card of their family, or the shared list
    confidence: float  # 0..100
    deciding: tuple[str, ...] = ()  # the person's own words that pointed here ("DNFB list", "E/M")


@record(frozen=True, kw_only=True)
class TaskUnderstanding(Checked):
    """What a task phrase was understood as: a confident match, or candidates to ask about."""

    said: str
    key: str  # phrase_key(said): the form the learned vocabulary stores
    match: TaskCandidate | None  # set only when confident
    candidates: tuple[
        TaskCandidate, ...
    ] = ()  # up to 3, best first; candidates[0] is the match when there is one
    how: How = "none"

    @property
    def confident(self) -> bool:
        return self.match is not None

    def explain(self) -> str:
        """ "you said 'DNFB list' -> Resolve ..." for a report or a chat line."""
        if self.match is None:
            return f"you said {self.said!r}: not understood with confidence"
        words = ", ".join(repr(word) for word in self.match.deciding) or repr(self.said)
        return f"you said {words} -> {self.match.name}"


@record(frozen=True, kw_only=True)
class TaskEntry(Checked):
    """One task a role's person can name, with the card its figures come from."""

    id: str
    name: str
    card: str | None
    origin: Origin


@record(frozen=True, kw_only=True)
class Unit(Checked):
    """A phrase recognised as one unit: a lexicon term or a task's own name or alias."""

    concepts: tuple[str, ...] = ()  # lexicon concept ids it belongs to
    tasks: tuple[str, ...] = ()  # task ids that have it as a name or alias
    owners: tuple[tuple[str, str], ...] = ()  # (task id, card id or "shared") where it is written
    lexicon: bool = False


@record(frozen=True, kw_only=True)
class TaskIndex(Checked):
    """Everything the matcher needs about the catalog, built once per catalog (Catalog.derived)."""

    spellings: dict[str, str]
    units: dict[tuple[str, ...], Unit]
    longest_unit: int
    documents: dict[str, frozenset[str]]  # task id -> every stem known of it
    own_words: dict[str, frozenset[str]]  # task id -> stems of its own names and aliases
    idf: dict[str, float]
    known_words: tuple[str, ...]  # every word (not stem) the catalog uses, for reading typos
    known_word_set: frozenset[str]
    concept_tasks: dict[str, tuple[str, ...]]
    concept_nearest: dict[str, tuple[str, ...]] = field(default_factory=dict)
    light: frozenset[str]  # stems read with a small weight: LIGHT_WORDS and the lexicon's context words
    objects: frozenset[str]  # concept ids of kind "object"
    outside: frozenset[tuple[str, ...]] = frozenset()  # words outside the domain as typed (Lexicon.outside)
    # role id -> (stems, task id) of each name or alias of two words or more written on that role's own card
    card_names: dict[str, tuple[tuple[frozenset[str], str], ...]] = field(default_factory=dict)


def _content(stem_seq: Iterable[str]) -> tuple[str, ...]:
    return tuple(item for item in stem_seq if item not in _STOP_STEMS)


_STOP_STEMS = frozenset(stem(word) for word in STOPWORDS)


def content_key(text: str, spellings: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """A phrase's stems as the matcher reads them, without the words that carry no meaning ("my", "of")."""
    return _content(stem(token.word) for token in tokens(text, spellings))


def _all_texts(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(task id, card id or "shared", text) for every name and alias on every card and in the shared list."""
    texts: list[tuple[str, str, str]] = []
    for role in catalog.roles:
        for task in role.tasks:
            texts += [(task.id, role.id, text) for text in (task.name, *task.aliases)]
    for shared in catalog.shared_tasks:
        texts += [(shared.id, "shared", text) for text in (shared.name, *shared.aliases)]
    return texts


def build_task_index(catalog: Catalog) -> TaskIndex:
    lexicon = catalog.lexicon
    spellings = dict(lexicon.spellings)
    texts = _all_texts(catalog)
    documents: dict[str, set[str]] = {}
    own_words: dict[str, set[str]] = {}
    words: set[str] = set()
    units: dict[tuple[str, ...], dict[str, list[str]]] = {}
    owners: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    lexicon_keys: set[tuple[str, ...]] = set()

    def read(text: str) -> tuple[str, ...]:
        found = tokens(text, spellings)
        words.update(token.word for token in found)
        return _content(stem(token.word) for token in found)

    for task_id, where, text in texts:
        key = read(text)
        documents.setdefault(task_id, set()).update(key)
        own_words.setdefault(task_id, set()).update(key)
        if key:
            targets = units.setdefault(key, {"concepts": [], "tasks": []})["tasks"]
            if task_id not in targets:
                targets.append(task_id)
            owners.setdefault(key, []).append((task_id, where))
    concept_tasks: dict[str, tuple[str, ...]] = {}
    for concept in lexicon.concepts:
        concept_tasks[concept.id] = concept.tasks
        for task_id in concept.nearest:
            documents.setdefault(task_id, set())
        for phrase in concept.phrases:
            key = read(phrase)
            if not key:
                continue
            lexicon_keys.add(key)
            named_by = units.setdefault(key, {"concepts": [], "tasks": []})["concepts"]
            if concept.id not in named_by:
                named_by.append(concept.id)
            for task_id in concept.tasks:
                documents.setdefault(task_id, set()).update(key)
    total = len(documents) or 1
    frequency: dict[str, int] = {}
    for stems_of_task in documents.values():
        for item in stems_of_task:
            frequency[item] = frequency.get(item, 0) + 1
    idf = {item: math.log((total + 1) / (count + 0.5)) for item, count in frequency.items()}
    card_names: dict[str, list[tuple[frozenset[str], str]]] = {}
    for key, value in owners.items():
        if len(key) < 2:
            continue
        for task_id, where in value:
            card_names.setdefault(where, []).append((frozenset(key), task_id))
    return TaskIndex(
        card_names={where: tuple(names) for where, names in card_names.items() if where != "shared"},
        spellings=spellings,
        units={
            key: Unit(
                concepts=tuple(value["concepts"]),
                tasks=tuple(value["tasks"]),
                owners=tuple(owners.get(key, ())),
                lexicon=key in lexicon_keys,
            )
            for key, value in units.items()
        },
        longest_unit=max((len(key) for key in units), default=1),
        documents={task_id: frozenset(found) for task_id, found in documents.items()},
        own_words={task_id: frozenset(found) for task_id, found in own_words.items()},
        idf=idf,
        known_words=tuple(sorted(words)),
        known_word_set=frozenset(words),
        concept_tasks=concept_tasks,
        concept_nearest={concept.id: concept.nearest for concept in lexicon.concepts if concept.nearest},
        objects=frozenset(concept.id for concept in lexicon.concepts if concept.kind == "object"),
        outside=frozenset(
            key for key in (tuple(token.word for token in tokens(word)) for word in lexicon.outside) if key
        ),
        light=LIGHT_WORDS
        | {stem(token.word) for word in lexicon.context for token in tokens(word, spellings)},
    )


def task_index(catalog: Catalog) -> TaskIndex:
    return catalog.derived("task-index", build_task_index)


def role_tasks(role: RoleCard, catalog: Catalog) -> dict[str, TaskEntry]:
    """The tasks a person of this role can name, best source first: their own card, the shared list, then the
    other cards of their role family (entry, mid, senior), each task with the card its figures come from."""
    return catalog.derived("role-tasks", _all_role_tasks)[role.id]


def _all_role_tasks(catalog: Catalog) -> dict[str, dict[str, TaskEntry]]:
    result: dict[str, dict[str, TaskEntry]] = {}
    for role in catalog.roles:
        entries: dict[str, TaskEntry] = {}
        for task in role.tasks:
            entries.setdefault(task.id, TaskEntry(id=task.id, name=task.name, card=role.id, origin="role"))
        for shared in catalog.shared_tasks:
            if shared.families and role.family not in shared.families:
                continue
            entries.setdefault(
                shared.id, TaskEntry(id=shared.id, name=shared.name, card=None, origin="shared")
            )
        family = sorted(
            (other for other in catalog.family(role.family) if other.id != role.id),
            key=lambda other: (other.level not in ("mid", "any"), other.id),
        )
        for other in family:
            for task in other.tasks:
                entries.setdefault(
                    task.id, TaskEntry(id=task.id, name=task.name, card=other.id, origin="family")
                )
        result[role.id] = entries
    return result


# Work no longer done or not done at all ("no more charge entry since we went live", "used to do ROI", "stopped
# doing denials", "we don't do queries, CDI handles those"): whatever it names is asked about, never taken.
_NOT_DONE = re.compile(
    r"\b(?:no\s+(?:more|longer)\b(?!\s+than)|not\s+any\s*more|any\s*more\b|used\s+to\b|stopped\b|quit\b|"
    r"gave\s+up\b|(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|never)\s+(?:do|does|did|handle|work|code)\b)",
    re.IGNORECASE,
)


# Keys that sit next to each other on a QWERTY keyboard, and letters that sound alike ("releace", "querys"): a
# one-letter substitution is a slip only between these. Any other swap of one letter makes another English word
# ("commute" is not "compute", "trach" is not "track"), never a typo of ours.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = frozenset(
    pair
    for upper, lower in itertools.pairwise(_KEY_ROWS)
    for index, letter in enumerate(upper)
    for other in lower[max(0, index - 1) : index + 2]
    for pair in ((letter, other), (other, letter))
) | frozenset(
    pair
    for row in _KEY_ROWS
    for letter, other in itertools.pairwise(row)
    for pair in ((letter, other), (other, letter))
)
_SOUND_ALIKE = ("aeiouy", "csz", "ck", "gj", "fv", "mn", "dt", "bp")
_SIMILAR = _NEIGHBOURS | frozenset(
    (letter, other) for group in _SOUND_ALIKE for letter in group for other in group if letter != other
)


def _plausible_slip(word: str, other: str) -> bool:
    """A one-letter substitution is a slip only between neighbouring keys or letters that sound alike."""
    if len(word) != len(other):
        return True
    differ = [(a, b) for a, b in zip(word, other, strict=True) if a != b]
    if len(differ) != 1:
        return True
    typed, known = differ[0]
    if typed in "aeiouy" and known in "aeiouy" and len(word) < 7:
        return False  # one vowel for another in a short word makes another word ("simple" is not "sample")
    # a look-alike or accented letter ("cоding" with a Cyrillic o, "codificación") is the letter it looks like
    return (typed, known) in _SIMILAR or not (typed.isascii() and known.isascii())


def _same_word(word: str, other: str) -> bool:
    """One slip apart (an edit or a swap; two in long words), first letter kept; short words must be exact."""
    if min(len(word), len(other)) < 4 or word[0] != other[0]:
        return False
    return OSA.distance(word, other) <= (2 if min(len(word), len(other)) >= 9 else 1) and _plausible_slip(
        word, other
    )


def _read_typo(word: str, index: TaskIndex) -> str | None:
    """The catalog word an unknown word most likely meant, or None."""
    if len(word) < 4 or not word.isalpha():
        return None
    near = process.extract(word, index.known_words, scorer=OSA.distance, score_cutoff=2, limit=8)
    fits = sorted(
        (distance, found) for found, distance, _ in near if found != word and _same_word(word, found)
    )
    return fits[0][1] if fits else None


@record(frozen=True, kw_only=True)
class _Feature(Checked):
    """One word or unit of a phrase, with how strongly it points at each task."""

    surface: str
    weight: float
    strengths: dict[str, float]
    kind: Literal["word", "unit", "activity", "object"] = "word"  # activity/object: a lexicon concept's unit
    stems: tuple[str, ...] = ()  # the stems it covers
    start: int = 0  # its first word's position among the phrase's read words


def _concept_order(
    concept_id: str, index: TaskIndex, available: Mapping[str, TaskEntry], role_id: str, key: tuple[str, ...]
) -> list[str]:
    """A concept's tasks this person can name, in the lexicon's order, except that a task whose own name or
    alias on the person's card is inside the words said leads: the order is written for most people, but a
    card's own words say what its people mean ("retrospective chart reviews" hold a risk-adjustment coder's
    "retrospective review" and "chart review": their HCC reviews, where a coder's are audits)."""
    ranked = [task_id for task_id in index.concept_tasks.get(concept_id, ()) if task_id in available]
    if len(ranked) < 2:
        return ranked
    said = frozenset(key)
    own = {task_id for names, task_id in index.card_names.get(role_id, ()) if names <= said}
    return sorted(ranked, key=lambda task_id: task_id not in own)


def _word_strength(item: str, task_id: str, index: TaskIndex) -> float:
    """A word of the task's own names or aliases counts fully; one only from a lexicon phrase, less."""
    return 1.0 if item in index.own_words.get(task_id, ()) else LEXICON_WORD


def _alias_strength(where: str, role_id: str, family: frozenset[str]) -> float:
    if where == role_id:
        return 1.0
    if where == "shared" or where in family:
        return ALIAS_IN_FAMILY
    return ALIAS_ELSEWHERE


def _features(
    said: str, index: TaskIndex, available: Mapping[str, TaskEntry], role_id: str, family: frozenset[str]
) -> tuple[list[_Feature], bool, tuple[str, ...]]:
    """The phrase as weighted evidence for each available task; whether a typo was read; its content stems
    without the unknown words read as context."""
    typo = False
    read: list[tuple[Token, str]] = []  # token, its stem after typo reading
    context: set[int] = set()  # positions in `read` of unknown words after a preposition: read lightly
    slips: set[int] = set()  # positions read as a typo of a known word
    after_preposition = False
    after_coding = False  # a word of _CODING_STEMS was read: unknown words after it are what is coded
    unknown: set[int] = set()  # positions of words nothing in the catalog knows, not (yet) read as context
    modifiers_from: int | None = None  # position in `read` where the words after the first preposition start
    previous_end = 0
    clause_from: int | None = None  # position in `read` where a clause after the work starts ("when ...")
    purpose_from: int | None = None  # ... where a purpose starts, when the first preposition is "for"
    for token in tokens(said, index.spellings)[:MAX_WORDS]:
        word = unstretched(token.word)
        if word in SUBORDINATORS and read and clause_from is None:
            clause_from = len(read)
            after_preposition = True
            if modifiers_from is None:
                modifiers_from = len(read)
            continue
        # "IP coding, mostly med/surg": what follows a comma, a semicolon or a bracket qualifies the work, as
        # what follows a preposition does
        qualifies = bool(read) and any(mark in said[previous_end : token.start] for mark in ",;(")
        previous_end = token.end
        if (word in CONTEXT_PREPOSITIONS or qualifies) and read:
            after_preposition = True
            if modifiers_from is None:
                modifiers_from = len(read)
                purpose_from = len(read) if word == "for" else None
        if word in STOPWORDS:
            continue
        item = stem(word)
        if item not in index.idf and word not in index.known_word_set and item not in index.light:
            # an abbreviation typed in capitals ("MRIs", "SNFs") is not a slip of a word we know
            short_caps = len(token.typed) <= 4 and token.typed.rstrip("s").isupper()
            fixed = None if short_caps else _read_typo(word, index)
            if fixed is not None and stem(fixed) not in index.light:  # "faxing" is not a slip of "fixing"
                item, typo = stem(fixed), True
                slips.add(len(read))
            elif after_preposition or after_coding:
                context.add(len(read))
            else:
                unknown.add(len(read))
        if item in _STOP_STEMS:
            continue
        if item in _CODING_STEMS:  # "Mohs coding": the unknown words just before it are what is coded
            after_coding = True
            before = len(read) - 1
            while before in unknown:
                unknown.discard(before)
                context.add(before)
                before -= 1
        read.append((token, item))

    def longest(start: int) -> tuple[Unit | None, int]:
        size = min(index.longest_unit, len(read) - start)
        while size >= 1:
            found = index.units.get(tuple(item for _, item in read[start : start + size]))
            if found is not None and (size > 1 or found.concepts or found.tasks):
                return found, size
            size -= 1
        return None, 0

    features: list[_Feature] = []
    position = 0
    while position < len(read):
        unit, size = longest(position)
        if unit is not None and read[position][1] in index.light and position + 1 < len(read):
            # "working edit WQs", "working my CDI worklist": a light verb that starts a unit gives way when the
            # unit after it reaches further ("edit WQs", "CDI worklist")
            _, after = longest(position + 1)
            if after and position + 1 + after > position + size:
                unit, size = None, 0
        if unit is None:
            token, item = read[position]
            if token.word.isdigit():  # "30 charts an hour", "within 24 hrs": a count says nothing of the task
                position += 1
                continue
            # a word read as a typo counts only inside jargon or a task's name ("denails", "codin charts"):
            # alone it may be another English word ("carve" is not "care")
            if item in index.light or position in context or position in slips:
                weight = LIGHT_WEIGHT
            else:
                weight = index.idf.get(item, UNKNOWN_WEIGHT) if item in index.idf else UNKNOWN_WEIGHT
            strengths = {
                task_id: _word_strength(item, task_id, index)
                for task_id in available
                if item in index.documents.get(task_id, ())
            }
            features.append(_Feature(surface=token.typed, weight=weight, strengths=strengths, start=position))
            position += 1
            continue
        span = read[position : position + size]
        key = tuple(item for _, item in span)
        surface = said[span[0][0].start : span[-1][0].end]
        weights = [
            LIGHT_WEIGHT if item in index.light else index.idf.get(item, UNKNOWN_WEIGHT) for item in key
        ]
        weight = sum(weights) * (LEXICON_BOOST if unit.lexicon else 1.0)
        kind: Literal["unit", "activity", "object"] = "activity" if unit.concepts else "unit"
        # "facility coding", "pro fee coding": an object named with the work itself ('-ing' of a word that is a
        # task's own name) is the work, not only what it is on
        names_work = any(
            token.word.endswith("ing") and index.units.get((item,)) is not None for token, item in span
        )
        if (
            unit.concepts
            and all(concept_id in index.objects for concept_id in unit.concepts)
            and not names_work
        ):
            weight, kind = OBJECT_WEIGHT, "object"
        elif unit.lexicon and unit.concepts and size > 1:
            # "oncology coding", "coding edits": jargon of several words typed whole decides, however common its
            # words are
            weight = max(weight, DECISIVE)
        strengths = {}
        total = sum(weights) or 1.0
        for task_id in available:
            document = index.documents.get(task_id, frozenset())
            found = sum(
                w * _word_strength(item, task_id, index)
                for item, w in zip(key, weights, strict=True)
                if item in document
            )
            if found:
                strengths[task_id] = WORDS_ONLY * found / total
        for task_id, where in unit.owners:
            if task_id in available:  # a name or alias: where it is written says how much
                strength = _alias_strength(where, role_id, family)
                strengths[task_id] = max(strengths.get(task_id, 0.0), strength)
        own = {task_id for task_id, where in unit.owners if where == role_id}
        firsts = {
            ranked[0]
            for ranked in (
                _concept_order(concept_id, index, available, role_id, key) for concept_id in unit.concepts
            )
            if ranked
        }
        if firsts:  # the lexicon's order decides: loose words never lift another task above its second choice
            strengths = {
                task_id: value if task_id in firsts or task_id in own else min(value, SECOND_CHOICE)
                for task_id, value in strengths.items()
            }
        named = {
            task_id
            for task_id, where in unit.owners
            if task_id in available and _alias_strength(where, role_id, family) > ALIAS_ELSEWHERE
        }
        if (
            named and not firsts
        ):  # a task's own name or alias: tasks sharing only some of its words stay behind
            strengths = {
                task_id: value if task_id in named else min(value, WORDS_BEHIND_NAME)
                for task_id, value in strengths.items()
            }
        for concept_id in unit.concepts:
            ranked = _concept_order(concept_id, index, available, role_id, key)
            for rank, task_id in enumerate(ranked):
                strengths[task_id] = max(strengths.get(task_id, 0.0), 1.0 if rank == 0 else SECOND_CHOICE)
            nearest = [
                task_id for task_id in index.concept_nearest.get(concept_id, ()) if task_id in available
            ]
            if not ranked and nearest:  # none of its tasks is this person's: the nearest ones, to ask about
                strengths = {task_id: min(value, NEAREST) for task_id, value in strengths.items()}
                for task_id in nearest:
                    strengths[task_id] = NEAREST
        features.append(
            _Feature(
                surface=surface, weight=weight, strengths=strengths, kind=kind, stems=key, start=position
            )
        )
        position += size
    if (
        len(features) > 1
        and features[0].kind == "activity"
        and features[0].weight >= DECISIVE
        and re.fullmatch(r"[a-z]+ing(?:\s+(?:up|out|through|back|over))?", features[0].surface.lower())
    ):  # "writing up audit results", "auditing CDI queries": an act said alone first names the work, and
        features = [  # the jargon after it (up to a preposition, which has its own rule) says what it is on; an
            # act with its own object ("writing the query" of "writing the query policy") is not alone
            replace(feature, weight=min(feature.weight, OBJECT_WEIGHT))
            if index
            and feature.strengths  # a word nothing knows still counts against ("scanning the news")
            and (modifiers_from is None or feature.start < modifiers_from)
            else feature
            for index, feature in enumerate(features)
        ]
    if clause_from is not None and any(
        f.kind != "word" and f.weight >= DECISIVE and f.start < clause_from for f in features
    ):
        features = [
            replace(feature, weight=LIGHT_WEIGHT) if feature.start >= clause_from else feature
            for feature in features
        ]
    head = [feature for feature in features if modifiers_from is None or feature.start < modifiers_from]
    if len(head) < len(features) and any(f.kind != "word" and f.weight >= DECISIVE for f in head):
        # "ward coding with the clinicians": what follows a preposition says more about the work, not which
        # but a purpose that is work of its own says which ("chart chase for RADV", "queries for clarification")
        features = [
            feature
            if feature in head
            or (purpose_from is not None and feature.start == purpose_from and feature.kind == "activity")
            else replace(feature, weight=feature.weight * MODIFIER)
            for feature in features
        ]
    if modifiers_from is not None:  # "coding from case notes, paper and EPR", "reviews on modifier 25" (an
        features = [  # auditor): qualifying words none of this person's tasks knows say where or on what, not which
            replace(feature, weight=LIGHT_WEIGHT)
            if feature.kind in ("word", "activity", "object")
            and feature.start >= modifiers_from
            and not feature.strengths
            else feature
            for feature in features
        ]
    if any(feature.kind == "activity" for feature in features):  # "HCC queries", "suspecting HCCs": the work
        features = [  # decides, and what it is on says only a little
            replace(feature, weight=LIGHT_WEIGHT) if feature.kind == "object" else feature
            for feature in features
        ]
    # the words read as context (unknown words after a preposition or next to 'coding') say where or on what,
    # so the phrase without them is what is compared whole: "coding IR S&I" is "coding IR"
    return features, typo, tuple(item for position, (_, item) in enumerate(read) if position not in context)


def _rank(
    said: str, index: TaskIndex, available: Mapping[str, TaskEntry], role_id: str, family: frozenset[str]
) -> tuple[list[TaskCandidate], bool, frozenset[str]]:
    """The tasks ranked, whether the whole phrase is a name or term, and the tasks a unit (jargon or a task's own
    name) points at first: only those may be taken without the usual margin."""
    features, typo, key = _features(said, index, available, role_id, family)
    total = sum(feature.weight for feature in features)
    if not features or total <= 0:
        return [], False, frozenset()
    backed = frozenset(
        task_id
        for feature in features
        if (feature.kind in ("activity", "unit") and feature.weight >= DECISIVE) or feature.kind == "object"
        for task_id, strength in feature.strengths.items()
        if strength >= 1.0
    )
    # Light words ("working", "radiology") never stop a whole-phrase hit: "coding radiology" is "coding"; but a
    # light word inside a longer unit is part of it ("lunch and learns" is not "learns").
    light_in_unit = any(
        len(feature.stems) > 1 and any(item in index.light for item in feature.stems) for feature in features
    )
    # Only light words at either end are dropped: dropping one in the middle would join words the person did not
    # put together ("coding telehealth visits for the clinic" is not "coding clinic").
    trimmed = list(key)
    while trimmed and trimmed[0] in index.light:
        trimmed.pop(0)
    while trimmed and trimmed[-1] in index.light:
        trimmed.pop()
    exact_unit = index.units.get(key) or (None if light_in_unit else index.units.get(tuple(trimmed)))
    exact_ids: list[str] = []
    if exact_unit is not None:
        # a name or alias only counts whole when written for this person: their card, family or the shared list
        exact_ids = [
            task_id
            for task_id, where in exact_unit.owners
            if task_id in available and _alias_strength(where, role_id, family) > ALIAS_ELSEWHERE
        ]
        for concept_id in exact_unit.concepts:
            exact_ids += _concept_order(concept_id, index, available, role_id, key)
    order = {task_id: number for number, task_id in enumerate(available)}
    # only words of where, for whom or with what ("radiology", "ED", "Epic"): the tasks they are written with are
    # choices to offer, never a match
    context_only = all(feature.weight <= LIGHT_WEIGHT for feature in features) and any(
        feature.kind == "word" and feature.strengths and feature.surface.lower() not in _MEALS
        for feature in features
    )
    scored: list[tuple[float, int, TaskCandidate]] = []
    for task_id, entry in available.items():
        evidence = sum(feature.weight * feature.strengths.get(task_id, 0.0) for feature in features)
        if evidence <= 0:
            continue
        share = evidence / total
        confidence = 100.0 * share * min(1.0, evidence / DECISIVE) * (TYPO_FACTOR if typo else 1.0)
        if context_only:  # "radiology", "ED": where the work is, said alone; offered, never taken silently
            confidence = CANDIDATE_FLOOR + 20.0 * share  # ranked by how much of the phrase they share
        deciding = tuple(
            feature.surface
            for feature in sorted(features, key=lambda f: -f.weight * f.strengths.get(task_id, 0.0))
            if feature.strengths.get(task_id, 0.0) > 0
        )
        candidate = TaskCandidate(
            task_id=task_id,
            name=entry.name,
            card=entry.card,
            origin=entry.origin,
            confidence=round(confidence, 1),
            deciding=deciding,
        )
        scored.append((confidence, order[task_id], candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    exact = bool(exact_ids)
    if exact:  # the whole phrase is a name, alias or term: its best-placed task is certain (typos aside)
        best = next(number for number, item in enumerate(scored) if item[2].task_id in exact_ids)
        certain = 100.0 * (TYPO_FACTOR if typo else 1.0)
        winner = replace(scored.pop(best)[2], confidence=certain)
        scored.insert(0, (certain, -1, winner))
    return [candidate for _, _, candidate in scored], exact, backed


def understand_task(
    said: str, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None = None
) -> TaskUnderstanding:
    """Understand a task phrase for a person of `role`: a confident match, or up to 3 candidates to ask about.

    - A task id ("clinician-queries") is taken as that task.
    - `learned` maps phrases the person confirmed before to task ids (the learned vocabulary); keys are compared
      by `phrase_key`, so a remembered phrase matches directly however it is cased or spaced.
    - Otherwise the phrase is read for meaning. `match` is set only when the best task is at least CONFIDENT
      and clear of the runner-up; `candidates` always holds the (up to) three best, each with its card, its
      confidence and the person's words that decided it, so a caller can ask "Did you mean 1. 2. 3.?".
    Tasks come from the person's own card, the shared list, and the other cards of their family; each
    candidate says which card its figures come from. Remembered per catalog (a batch repeats phrases).
    """
    if learned:
        key = phrase_key(said)
        available = role_tasks(role, catalog)
        wanted = {phrase_key(phrase): task_id for phrase, task_id in learned.items()}.get(key)
        if wanted is not None and wanted in available:
            entry = available[wanted]
            chosen = TaskCandidate(
                task_id=entry.id,
                name=entry.name,
                card=entry.card,
                origin=entry.origin,
                confidence=100.0,
                deciding=(said.strip(),),
            )
            return TaskUnderstanding(said=said, key=key, match=chosen, candidates=(chosen,), how="learned")
    memo: dict[tuple[str, str], TaskUnderstanding] = catalog.derived("task-understanding", lambda _: {})
    found = memo.get((role.id, said))
    if found is None:
        if len(memo) >= 8192:
            memo.clear()
        family = frozenset(member.id for member in catalog.family(role.family))
        available = role_tasks(role, catalog)
        found = memo[(role.id, said)] = _understand(
            said, phrase_key(said), available, task_index(catalog), role.id, family
        )
    return found


def _names_outside(said: str, index: TaskIndex) -> bool:
    """Whether the phrase names a word or phrase of life or trades outside health-information work."""
    if not index.outside:
        return False
    found = tuple(unstretched(token.word) for token in tokens(said)[:MAX_WORDS])
    longest = max(len(key) for key in index.outside)
    return any(
        found[start : start + size] in index.outside
        for start in range(len(found))
        for size in range(1, min(longest, len(found) - start) + 1)
    )


def _understand(
    said: str,
    key: str,
    available: Mapping[str, TaskEntry],
    index: TaskIndex,
    role_id: str,
    family: frozenset[str],
) -> TaskUnderstanding:
    typed_id = said.strip().lower()
    if typed_id in available:
        entry = available[typed_id]
        chosen = TaskCandidate(
            task_id=entry.id, name=entry.name, card=entry.card, origin=entry.origin, confidence=100.0
        )
        return TaskUnderstanding(said=said, key=key, match=chosen, candidates=(chosen,), how="id")
    if _names_outside(
        said, index
    ):  # "posting on Facebook", "coding in Python": not our work, nothing offered
        return TaskUnderstanding(said=said, key=key, match=None, candidates=(), how="none")
    ranked, exact, backed = _rank(said, index, available, role_id, family)
    candidates = tuple(candidate for candidate in ranked if candidate.confidence >= CANDIDATE_FLOOR)[
        :MAX_CANDIDATES
    ]
    if not candidates:
        return TaskUnderstanding(said=said, key=key, match=None, candidates=(), how="none")
    top = candidates[0]
    if _NOT_DONE.search(said):  # "no more charge entry since Epic", "used to do ROI": asked, never taken
        return TaskUnderstanding(said=said, key=key, match=None, candidates=candidates, how="none")
    runner_up = candidates[1].confidence if len(candidates) > 1 else 0.0
    # the only task the words point to at all, with most of the words behind it: "ROI requests when HIM is short
    # staffed", "FTE budget", "escalating to the physician advisor" (nothing else is worth offering)
    # (both only for a task that jargon or a task's own name points at first: one plain word, "projects" or
    # "people", is not enough)
    sole = len(candidates) == 1 and top.confidence >= SOLE_CONFIDENT and top.task_id in backed
    # far ahead of everything else: "trach and ECMO cases, the high-weight DRGs" (coding 77, audits 43)
    far_ahead = (
        top.confidence >= FAR_AHEAD_CONFIDENT
        and top.confidence - runner_up >= FAR_AHEAD_BY
        and top.task_id in backed
    )
    if exact or sole or far_ahead or (top.confidence >= CONFIDENT and top.confidence - runner_up >= CLEAR_BY):
        return TaskUnderstanding(
            said=said, key=key, match=top, candidates=candidates, how="exact" if exact else "meaning"
        )
    return TaskUnderstanding(said=said, key=key, match=None, candidates=candidates, how="none")


# "queries and denials", "coding & abstracting", "ROI / scanning": one share told for several tasks.
_JOINED_TASKS = re.compile(r"\s*(?:\band\b|\bplus\b|\bas\s+well\s+as\b|&|\+|/)\s*")
MAX_JOINED_TASKS = 3


def shared_share_parts(
    said: str, pct: float, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None = None
) -> tuple[tuple[str, float], ...] | None:
    """One share told for two or three tasks ("40% queries and denials") as each task's even part of it, when
    the phrase as a whole names no one task but each joined phrase names its own, different task; None
    otherwise (a phrase that is one task, "denials and appeals", is never split)."""
    names = joined_task_names(said, role, catalog, learned)
    return None if names is None else tuple((name, pct / len(names)) for name in names)


def joined_task_names(
    said: str, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None = None
) -> tuple[str, ...] | None:
    """The joined phrases of `shared_share_parts`, or None; remembered per role and phrase, as what the
    phrases name is (a batch's days repeat phrases in ever new shares), but for a person's own picks."""
    if learned:
        return _joined_task_names(said, role, catalog, learned)
    memo: dict[tuple[str, str], tuple[str, ...] | None] = catalog.derived("joined-task-names", lambda _: {})
    key = (role.id, said)
    found = memo.get(key, ())
    if found == ():
        if len(memo) >= 8192:
            memo.clear()
        found = memo[key] = _joined_task_names(said, role, catalog, None)
    return found


def _joined_task_names(
    said: str, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None
) -> tuple[str, ...] | None:
    names = [name.strip() for name in _JOINED_TASKS.split(said) if name.strip()]
    if not 2 <= len(names) <= MAX_JOINED_TASKS or understand_task(said, role, catalog, learned).match:
        return None
    tasks = [understand_task(name, role, catalog, learned).match for name in names]
    ids = [task.task_id for task in tasks if task is not None]
    if len(ids) != len(names) or len(set(ids)) != len(ids):
        return None
    return tuple(names)


def shared_share_pairs(
    parts: Iterable[tuple[str, float]],
    role: RoleCard,
    catalog: Catalog,
    learned: Mapping[str, str] | None = None,
) -> tuple[list[tuple[str, float]], list[str]]:
    """`split_shared_shares` of (task words, percent) pairs, for callers that build no models: the pairs with
    each share told for several tasks divided evenly between them, and a note for each one divided."""
    pairs: list[tuple[str, float]] = []
    notes: list[str] = []
    for said, pct in parts:
        shared = shared_share_parts(said, pct, role, catalog, learned)
        if shared is None:
            pairs.append((said, pct))
            continue
        pairs += shared
        named = joined([f"'{name}'" for name, _ in shared])
        notes.append(
            f"I split the {pct:g}% you gave to '{said}' evenly: {shared[0][1]:g}% each for {named}; "
            "give each its own share if that is not right."
        )
    return pairs, notes


def split_shared_shares(
    split: ParsedSplit, role: RoleCard, catalog: Catalog, learned: Mapping[str, str] | None = None
) -> ParsedSplit:
    """The day with each share told for several tasks divided evenly between them, and a note saying so."""
    pairs, notes = shared_share_pairs(((part.said, part.pct) for part in split.parts), role, catalog, learned)
    if not notes:
        return split
    parts = tuple(SplitPart(said=said, pct=pct) for said, pct in pairs)
    return ParsedSplit(parts=parts, note=" ".join(filter(None, [split.note, *notes])))
