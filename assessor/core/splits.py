"""Turn a sentence like "about half coding, 20% denials, the rest queries" into shares of the day.

Amounts may be percentages, bare numbers, fraction words or hours; "the rest" takes what is left. Anything
vague ("mostly coding") is refused with a question back, never guessed.
"""

from __future__ import annotations

import re

from assessor.core.errors import AnswersError
from assessor.core.models import Frozen
from assessor.core.readers import NUMBER_WORDS

MAX_SPLIT_TEXT = 2000
VAGUE_NUMBER_WORDS = frozenset({"a", "an", "couple", "few"})
NORMALISE_LOW, NORMALISE_HIGH = 95.0, 105.0

FRACTIONS: dict[str, float] = {
    "all": 100.0,
    "whole": 100.0,
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "about half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
}
# Number words that stand for an amount in a split ('six hours'); not 'a', 'couple' and other vague ones.
SPLIT_NUMBER_WORDS = {
    word: number for word, number in NUMBER_WORDS.items() if number > 0 and word not in VAGUE_NUMBER_WORDS
}
REST_WORDS = re.compile(
    r"\b(the\s+rest|the\s+remainder|remainder|the\s+remaining(\s+time)?|remaining|everything\s+else|"
    r"all\s+else|rest\s+of\s+(the|my)\s+(day|time)|^rest)\b"
)
VAGUE_WORDS = re.compile(r"\b(mostly|mainly|majority|most|some|bit|little|lot|occasionally|sometimes)\b")
_PERCENT = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|percent|per\s*cent|pct|hours?|hrs?|h\b)?"
_DAY_LENGTH = re.compile(
    r"(?:\b(?:in|on|during|over|of|out\s+of|from)\s+)?(?:\b(?:an?|my|the|our)\s+)?"
    r"\b(?P<num>\d+(?:\.\d+)?)[\s-]*(?:hour|hr|h)s?[\s-]*(?:work(?:ing)?\s*)?(?:day|shift)\b"
    r"|\b(?:my|a|the)?\s*(?:work(?:ing)?\s+)?(?:day|shift)\s+(?:is|of|lasts)\s+(?P<num2>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b"
    r"|\bi\s+work\s+(?P<num3>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\s+(?:a|per|each)\s+day\b"
)
_AMOUNT_START = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b|pct\b|hours?\b|hrs?\b|h\b)?"
)


class SplitPart(Frozen):
    said: str  # the task words as the person wrote them
    pct: float


class ParsedSplit(Frozen):
    parts: tuple[SplitPart, ...]
    note: str | None = None  # e.g. "Your shares added up to 97%; I scaled them to 100%."


def _clauses(text: str) -> list[str]:
    text = re.sub(r"[ \t\r\f\v]+", " ", text.strip().lower()).replace("\n", ",")
    # "and" joins clauses only when an amount or "the rest" follows it.
    text = re.sub(
        r"\s+(?:and|plus|then)\s+(?=(?:\d|the rest|the remain|everything else|half|a third|a quarter))",
        ", ",
        text,
    )
    clauses = [clause.strip(" .") for clause in re.split(r"[,;\n]+", text) if clause.strip(" .")]
    return [piece for clause in clauses for piece in _split_run_on(clause)]


def _split_run_on(clause: str) -> list[str]:
    """'6h coding 2h queries' -> two clauses: several amounts in one clause each take their own words."""
    found = list(_AMOUNT_START.finditer(clause))
    if len(found) < 2:
        return [clause]
    if found[0].start() == 0:  # amounts first: "6h coding 2h queries"
        cuts = [match.start() for match in found[1:]]
    elif found[-1].end() >= len(clause.rstrip()):  # amounts last: "coding 6h queries 2h"
        cuts = [match.end() for match in found[:-1]]
    else:
        return [clause]
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(clause[last:cut].strip(" ."))
        last = cut
    pieces.append(clause[last:].strip(" ."))
    return [piece for piece in pieces if piece]


def _amount(clause: str) -> tuple[float | None, str | None, str]:
    """(amount, unit, remaining words) of one clause."""
    for phrase in sorted(FRACTIONS, key=len, reverse=True):
        pattern = rf"\b{phrase}\b(\s+(of\s+)?(my\s+)?(the\s+)?(time|day)(\s+on)?)?"
        found = re.search(pattern, clause)
        if found:
            return FRACTIONS[phrase], "%", (clause[: found.start()] + " " + clause[found.end() :]).strip()
    found = re.search(_PERCENT, clause)
    if found:
        unit = found.group("unit") or ""
        kind = "h" if unit.startswith("h") else "%" if unit else "bare"
        rest = (clause[: found.start()] + " " + clause[found.end() :]).strip()
        return float(found.group("num")), kind, rest
    for word, number in SPLIT_NUMBER_WORDS.items():
        found = re.search(rf"\b{word}\b\s*(?P<unit>%|percent|per\s*cent|hours?|hrs?)", clause)
        if found:
            kind = "h" if found.group("unit").startswith("h") else "%"
            return float(number), kind, (clause[: found.start()] + " " + clause[found.end() :]).strip()
    return None, None, clause


def _task_words(words: str) -> str:
    words = re.sub(
        r"\b(about|around|roughly|approximately|approx|maybe|nearly|almost|just|over|under|"
        r"spent|spend|on|of|in|doing|my|time|day|is|the|i|a)\b",
        " ",
        words,
    )
    return " ".join(words.split()).strip(" -:")


def parse_split(text: str) -> ParsedSplit:
    """Parse a free-text time split; raise AnswersError with a question when it cannot be read."""
    if len(text) > MAX_SPLIT_TEXT:
        raise AnswersError(
            f"That description is {len(text)} characters; please keep it under {MAX_SPLIT_TEXT}."
        )
    day_hours: float | None = None
    day = _DAY_LENGTH.search(text.lower())
    if day:
        day_hours = float(day.group("num") or day.group("num2") or day.group("num3"))
        text = text[: day.start()] + text[day.end() :]
    parts: list[tuple[str, float | None, str]] = []  # (task words, amount, unit) ; amount None = the rest
    for clause in _clauses(text):
        rest_match = REST_WORDS.search(clause)
        if rest_match:
            words = _task_words(clause[: rest_match.start()] + " " + clause[rest_match.end() :])
            parts.append((words, None, "rest"))
            continue
        amount, unit, words = _amount(clause)
        words = _task_words(words)
        if amount is None:
            if VAGUE_WORDS.search(clause):
                raise AnswersError(
                    f"How much of your day is {_task_words(VAGUE_WORDS.sub(' ', clause)) or clause!r}? "
                    "Please give a share, such as 60% or 'half'."
                )
            raise AnswersError(
                f"I could not find an amount in {clause!r}; add a share such as 20% or 'a quarter'."
            )
        if not words:
            raise AnswersError(f"Which task does {clause!r} describe? Name it, e.g. '20% denials'.")
        parts.append((words, amount, unit or "%"))
    if not parts:
        raise AnswersError("Tell me how your day splits, e.g. 'half coding, 20% denials, the rest queries'.")
    rests = [part for part in parts if part[2] == "rest"]
    if len(rests) > 1:
        raise AnswersError("'The rest' appears more than once; name the amount of all but one task.")
    units = {unit for _, _, unit in parts if unit != "rest"}
    bare_only = units == {"bare"}
    if "h" in units and units - {"h", "bare"} == set():
        # "5 hours coding, 2 on queries, 1 in meetings": bare numbers next to hours are hours too.
        parts = [(words, amount, "h" if unit == "bare" else unit) for words, amount, unit in parts]
        units = {"h"}
    if day_hours is not None and units <= {"bare"} and units:
        parts = [(words, amount, "h" if unit == "bare" else unit) for words, amount, unit in parts]
        units = {"h"}
    units = {"%" if unit == "bare" else unit for unit in units}
    parts = [(words, amount, "%" if unit == "bare" else unit) for words, amount, unit in parts]
    if units == {"h", "%"}:
        raise AnswersError("Please use either hours or percentages for the whole day, not both.")
    note: str | None = None
    if units == {"h"}:
        hours = {words: amount for words, amount, unit in parts if unit == "h" and amount is not None}
        named = sum(hours.values())
        total_hours = day_hours or named
        if total_hours <= 0:
            raise AnswersError("Those hours add up to nothing; how many hours does each task take?")
        if rests:
            if day_hours is None:
                raise AnswersError("How long is your working day in hours? Say e.g. 'in an 8 hour day'.")
            if named > total_hours:
                raise AnswersError(
                    f"Those tasks take {named:g} hours, more than your {total_hours:g}-hour day."
                )
        elif day_hours is not None and abs(named - day_hours) > 1e-9:
            raise AnswersError(
                f"Those tasks add up to {named:g} hours but your day is {day_hours:g}; which one is off?"
            )
        converted = [
            (words, (amount or 0) * 100 / total_hours if unit == "h" else None, unit)
            for words, amount, unit in parts
        ]
        parts = converted
    named_total = sum(amount for _, amount, unit in parts if unit != "rest" and amount is not None)
    if rests:
        remainder = 100.0 - named_total
        if remainder <= 0:
            raise AnswersError(
                f"The named shares already add up to {named_total:g}%, leaving nothing for the rest."
            )
        parts = [(words, remainder if unit == "rest" else amount, unit) for words, amount, unit in parts]
    total = sum(amount or 0 for _, amount, _ in parts)
    if not NORMALISE_LOW <= total <= NORMALISE_HIGH:
        if bare_only and total <= 24:
            raise AnswersError(
                f"Those numbers add up to {total:g}; if they are hours, say so (e.g. '5 hours coding'), "
                "otherwise give percentages that add up to 100."
            )
        raise AnswersError(
            f"Those shares add up to {total:g}%, not 100%; which task should take more or less time?"
        )
    if abs(total - 100) > 1e-9:
        note = f"Your shares added up to {total:g}%; I scaled them to 100%."
    merged: dict[str, float] = {}
    for words, amount, _ in parts:
        if not words:
            raise AnswersError("One share has no task named with it; say which task it is.")
        merged[words] = merged.get(words, 0.0) + (amount or 0) * 100 / total
    kept = tuple(SplitPart(said=words, pct=pct) for words, pct in merged.items() if pct > 0)
    return ParsedSplit(parts=kept, note=note)


def split_from_table(table: dict[str, float]) -> ParsedSplit:
    """A split given as a table of task -> percent, checked like a typed one."""
    total = sum(table.values())
    if not table or total <= 0:
        raise AnswersError("time_split is empty; give at least one task with a share.")
    if not NORMALISE_LOW <= total <= NORMALISE_HIGH:
        raise AnswersError(
            f"time_split adds up to {total:g}%, not 100%; which task should take more or less time?"
        )
    note = None if abs(total - 100) < 1e-9 else f"Your shares added up to {total:g}%; I scaled them to 100%."
    return ParsedSplit(
        parts=tuple(SplitPart(said=name, pct=pct * 100 / total) for name, pct in table.items() if pct > 0),
        note=note,
    )
