"""Turn a working day told in a person's own words into shares of the day, or say exactly what is missing.

"3/4 coding and 1/4 abstracting", "I code for 6 of my 8 hours and spend the other 2 on denials", "an hour of
queries on a 7.5-hour shift, the rest coding", "3 days a week coding and 2 days auditing": amounts may be
percentages, fractions, ratios, hours, minutes or days of a week, in digits or in words; "the rest",
"otherwise" and "except" take what is left. Nothing vague is guessed ("mostly coding, some denials", "the
rest varies", "depends on the day"): reading stops at a Gap whose question names what is missing; the
conversation asks it and hands the answer back as a Fill, and `parse_split` (files, batches) refuses with
that question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field, replace
from typing import Literal

from assessor.core.errors import AnswersError
from assessor.core.number_words import NUMBER_WORDS, TENS
from assessor.core.patterns import LazyPattern
from assessor.core.plain import Checked
from assessor.core.records import record
from assessor.core.wording import joined

MAX_SPLIT_TEXT = 2000
NORMALISE_LOW, NORMALISE_HIGH = 95.0, 105.0
MAX_DAY_HOURS = 24.0
# Offered (never assumed) when a day told in hours leaves time for a task without saying how long the day is:
# the full-time day of a 40-hour, five-day week; the person presses Enter to take it or types their own.
FULL_TIME_DAY = 8.0
MAX_WEEK_DAYS = 7.0

GapKind = Literal["share", "task", "day", "week", "whole"]
Unit = Literal["%", "h", "d"]


@record(frozen=True, kw_only=True)
class SplitPart(Checked):
    """One task of a day split: the person's words and its share of the day."""

    said: str  # the task words as the person wrote them
    pct: float


@record(frozen=True, kw_only=True)
class ParsedSplit(Checked):
    """A day split read from text or a table, with a note when the shares were adjusted."""

    parts: tuple[SplitPart, ...]
    note: str | None = None  # e.g. "Your shares added up to 97%; I scaled them to 100%."


@record(frozen=True, kw_only=True)
class Gap(Checked):
    """What a described day leaves open, with the one question that names it."""

    kind: GapKind
    question: str
    item: int = -1  # the part the question is about (share and task gaps)
    said: str = ""  # that part's task words
    left_pct: float | None = None  # share gaps: what is left for this part when it is the last one open
    hours: bool = False  # share gaps: the day is counted in hours, so a bare '2' means 2 hours
    offer_hours: float | None = (
        None  # day gaps: a full-time day's length, offered when the hours named fit in it
    )


@record(frozen=True, kw_only=True)
class Fill(Checked):
    """The answer to one Gap: a part's amount, the task for time left unnamed, or the day's length."""

    kind: GapKind
    item: int = -1
    amount: float = 0.0
    unit: Unit = "%"
    words: str = ""  # task gaps: the task (or a small split) that fills the time
    within: str | None = None  # share gaps: this part's time is counted in another ('' = the one before it)


@record(frozen=True, kw_only=True)
class DayReading(Checked):
    """A described day read as far as it goes: the split, or the first gap; `text` re-reads to the split."""

    split: ParsedSplit | None = None
    gap: Gap | None = None
    text: str = ""


# ----- words ------------------------------------------------------------------------------------------

_UNICODE_FRACTIONS = {"½": " 1/2", "¼": " 1/4", "¾": " 3/4", "⅓": " 1/3", "⅔": " 2/3", "⅕": " 1/5"}
_PROTECT = str.maketrans("0123456789", "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009")
_RESTORE = str.maketrans(
    "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue010\ue011\ue012", "0123456789day"
)
# "day cases", "day surgery", "regular day attenders": 'day' naming the kind of stay, not the working day, is
# kept out of reach of the readers of amounts ("3 hrs day case coding" is not a 3-hour day) and of the fillers
_DAY_OF_A_STAY = str.maketrans("day", "\ue010\ue011\ue012")
_DAY_COMPOUND = LazyPattern(
    r"\bday(?=[\s-]+(?:cases?|surgery|surgeries|units?|procedures?|patients?|attenders?|admissions?|stays?|"
    r"hospitals?|oncology|treatments?|wards?|only\s+(?:cases?|patients?|stays?)|care\s+(?:cases?|unit))\b)"
)
_FRACTION_WORDS: list[tuple[str, float]] = [
    (r"(?:a|one)[\s-]+half|half", 1 / 2),
    (r"(?:a|one)[\s-]+third|third", 1 / 3),
    (r"two[\s-]+thirds", 2 / 3),
    (r"three[\s-]+(?:quarters|fourths)", 3 / 4),
    (r"(?:a|one)[\s-]+(?:quarter|fourth)|quarter", 1 / 4),
    (r"(?:a|one)[\s-]+fifth", 1 / 5),
    (r"two[\s-]+fifths", 2 / 5),
    (r"three[\s-]+fifths", 3 / 5),
    (r"four[\s-]+fifths", 4 / 5),
    (r"(?:a|one)[\s-]+tenth", 1 / 10),
]
_SPELLED = {
    word: value
    for word, value in NUMBER_WORDS.items()
    if value > 0 and word not in {"a", "an", "couple", "few"}
}
_ONES = "|".join(word for word, value in _SPELLED.items() if value < 10)
_SPELLED_RE = "|".join(sorted(_SPELLED, key=len, reverse=True))
# "40 charts a week", "25-30 encounters an hour", "about forty cases a day": how much work a person gets through,
# not a share of the day. Things counted are volumes as they stand; tasks counted ("12 audits") only with a
# rate, since "30 audits" may be a share written without its %.
_COUNTED_THINGS = (
    r"charts?|cases?|encounters?|accounts?|claims?|records?|patients?|visits?|pages?|documents?|notes?|"
    r"episodes?|admissions?|discharges?|procedures?|operations?|ops|studies|scans?|images?|lines?|items?|faxe?s"
)
_COUNTED_TASKS = (
    r"reviews?|audits?|denials?|appeals?|quer(?:y|ies)|abstracts?|abstractions?|validations?|reports?|"
    r"tickets?|calls?|e-?mails?|requests?|letters?|consults?"
)
_PER = (
    r"(?:\s*(?:a|an|per|each|every|/)\s*(?:day|shift|hour|hr|week|wk|month)\b|\s+(?:daily|weekly|hourly)\b)"
)
_VOLUME_ONLY = LazyPattern(
    r"\s*(?:(?:about|around|roughly|approx(?:imately)?|maybe|say|like|usually|typically|normally|generally|"
    r"on\s+average|average|avg|i|we|do|get|through|see|handle|process|probably|max|min(?:imum)?|quota|target|"
    r"of|is|are|my|our|productivity|standard|expected|at\s+least|up\s+to|ish|and|or|so)\b\s*)*"
)
_VOLUME = LazyPattern(
    rf"(?<![\w./:])(?P<n>\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?|(?:{'|'.join(sorted(TENS))})[\s-]+(?:{_ONES})"
    rf"|{_SPELLED_RE})\s+(?!(?:%|percent|pct|hours?|hrs?|hr|h|days?|mins?|minutes?|weeks?)\b)"
    rf"(?P<what>(?:(?!(?:and|or|then|plus|but|with)\b)[a-z/&'-]+\s+){{0,2}}?(?P<noun>{_COUNTED_THINGS}|{_COUNTED_TASKS})\b)(?P<per>{_PER})?"
)

_AMOUNT = LazyPattern(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|hours?\b|hrs?\b|hr\b|h\b|days?\b)?")
_VAGUE_MOST = r"mostly|mainly|majority|most|primarily|largely|predominantly|bulk"
_VAGUE = LazyPattern(
    rf"\b(?P<vague>{_VAGUE_MOST}|lots?|loads|plenty|heaps|some|bits?|little|few|several|occasional(?:ly)?|"
    r"sometimes|now\s+and\s+then|here\s+and\s+there|part\s+of|partly|odd|(?:good\s+|big\s+|large\s+|fair\s+)?chunk|mornings?|afternoons?|"
    r"evenings?)\b"
)
_MOST = LazyPattern(rf"^(?:{_VAGUE_MOST})$")
_REST = LazyPattern(
    r"\b(?:the\s+rest(?:\s+of\s+(?:the|my|our)\s+(?:day|time|shift|week))?|the\s+remainder|remainder|"
    r"the\s+remaining(?:\s+time)?|remaining\s+time|everything\s+else|anything\s+else|all\s+else|otherwise|"
    r"the\s+balance|left\s*over|leftover|other\s+than\s+that|^rest)\b"
)
_UNNAMED_REST = LazyPattern(
    r"\b(?:other|misc(?:ellaneous)?|random|various)\s+(?:bits|stuff|things|tasks|duties|work|odds\s+and\s+ends)\b"
    r"|\bodds\s+and\s+ends\b|\bbits\s+and\s+pieces\b|\bwhatever\s+(?:comes\s+up|else|is\s+needed)\b"
    # "whatever my manager throws at me", "whatever the lead needs": someone else's choice names no task
    r"|\bwhatever\s+(?:(?:my|the|our|they|he|she|management|manager|lead|boss|supervisor)\b[^,;]*)"
    # "whatever's in the WQ", "whatever lands in my queue", "whatever gets assigned": the queue's choice, no task
    r"|\bwhatever(?:'s|s|\s+is|\s+gets|\s+lands|\s+comes|\s+drops|\s+shows)\s+(?:in|on|into|up|assigned|thrown|there)\b[^,;]*"
)
_ALL_DAY = LazyPattern(
    r"\b(?:all\s+(?:day(?:\s+long)?|the\s+time|of\s+(?:the|my)\s+(?:day|time|shift))|full[\s-]+time|"
    r"the\s+(?:whole|entire)\s+(?:day|shift)|(?:whole|entire)\s+(?:day|shift)|^all)\b"
)
_SPLIT_AMONG = LazyPattern(
    r"^(?:split|divided|shared|spread)\s+(?P<even>evenly\s+|equally\s+)?(?:between|across|among|over)\s+(?P<tasks>.+)$"
)
_CONNECTOR = LazyPattern(r"\s+(?:and|&|plus|\+|then|but|while|with|as\s+well\s+as|along\s+with|alongside)\s+")
_EXCEPT = LazyPattern(
    r"\s+(?:except(?:\s+for)?|apart\s+from|other\s+than|besides|aside\s+from|excluding|save\s+for|but\s+for)\s+"
)
_LEADING_EXCEPT = LazyPattern(
    r"^(?:except(?:\s+for)?|apart\s+from|other\s+than|besides|aside\s+from|excluding|save\s+for|but\s+for)\s+"
)
_OCCASION = LazyPattern(
    r"^(?:when|whenever|if|on\s+days\s+when|unless)\s+(?:there\s+(?:is|are)\s+|i\s+(?:have|get)\s+|we\s+(?:have|get)\s+)?"
    r"(?P<task>.+?)(?:\s+(?:pile|stack|build|back)\s+up|\s+come\s+(?:in|up)|\s+get\s+busy|\s+spike|\s+hit)?$"
)
# Work no longer done ("no more ROI since we outsourced it", "used to do denials", "not auditing any more"): the
# clause tells the past, not the day, and is left out ("no more than 2 hours" is an amount, kept).
_EACH = LazyPattern(r"\beach\b|\bapiece\b")
_NO_LONGER = LazyPattern(
    r"\bno\s+(?:more|longer)\b(?!\s+than)|\bany\s*more\b|\bused\s+to\b|\bstopped\b|\bnot\s+anymore\b"
)
_FILLERS = LazyPattern(  # a filler glued into a compound by a hyphen ("same-day", "check-in") is kept
    r"(?<![\w-])(?:i'm|i'd|i'll|i've|it's|that's|there's|about|abt|around|roughly|approximately|approx|circa|ca|maybe|"
    r"good|solid|odd|"
    r"perhaps|nearly|almost|just|over|under|spent|spend|spending|spends|on|of|in|doing|do|does|did|my|our|"
    r"time|day|days|shift|is|are|was|be|the|im|id|we|me|i|a|an|for|at|to|go|goes|going|gets|get|usually|"
    r"typically|generally|normally|average|probably|prob|probs|honestly|like|say|would|think|guess|total|"
    r"each|per|them|those|these|now|nowadays|currently|"
    r"week|its|it|that|this|there|also|other|then|ish|give\s+or\s+take|or\s+so|daily|from|up\s+to|mins?|"
    r"hours?|hrs?|hr|h|percent|remaining|rest)(?![\w-])"
)
_LEFTOVER = LazyPattern(
    r"\b(?:everything|anything|whatever|stuff|things?|bits?|pieces|misc|miscellaneous|random|mix|mixed|"
    r"other|others|else|vary|varies|varied|various|variety|bag|assortment|hodgepodge|know|sure|unsure|idea|"
    r"dunno)\b"
)
_EDGE = LazyPattern(
    r"^(?:(?:and|or|plus|with|but|then|so|also|&)\s+)+|(?:\s+(?:and|or|plus|with|but|then|so|&))+$"
)
_NON_TASK = LazyPattern(
    r"\b(?:vary|varies|varied|various|variety|varying|random|mix|mixed|mixture|misc|miscellaneous|stuff|"
    r"things?|bits?|pieces|odds|ends|whatever|comes|come|everything|anything|other|others|else|depends?|"
    r"depending|different|differs|changes|every|typical|normal|usual|regular|standard|ordinary|honestly|general|generally|all|sorts|kinds?|lots?|"
    r"week|weeks|day|days|really|just|it's|it|on|the|a|an|and|of|to|is|up|whats|what|needed|needs|so|much|work|"
    r"working|job|role|shift|i'm|i|my|me|do|does|be|can|will|coder|coders|am|as|average|usually|normally|bag|"
    r"assortment|hodgepodge|don't|dont|know|not|sure|unsure|no|idea|dunno|place|tbh|idk|ngl|imo|lol|over|"
    # "don't really have a typical day", "there's no set routine": no task named
    r"have|has|had|got|set|fixed|routine|any|there|there's|theres|doesn't|isn't|nothing)\b"
)


@record
class _Part:
    """One clause read: task words, its amount (or why it has none) and how it joined the previous one."""

    said: str
    amount: float | None = None
    unit: str = ""  # "%", "h", "d", "bare" or "" (no amount)
    role: str = "amount"  # "amount", "rest" (takes what is left) or "open" (asked)
    vague: str = ""  # the word that left it open ("mostly", "some", "except"), "" when it named no amount
    joined: str = ""  # ",", "and" or "except": how this clause joined the one before it

    @property
    def named(self) -> bool:
        return bool(_NON_TASK.sub(" ", self.said).strip(" -:/&.'"))


@record
class _Day:
    """A day being read: its clauses, and the day's and week's lengths when told."""

    parts: list[_Part]
    hours: float | None = None  # the length of the working day (or week, when told in hours a week)
    days: float | None = None  # working days a week
    notes: list[str] = field(default_factory=list)


# ----- times of day and days of the week ----------------------------------------------------------------

_NOT_AFTER_CLOCK = r"(?!\s*(?:%|percent|pct|hours?\b|hrs?\b|hr\b|h\b|days?\b|mins?\b|minutes?\b|[/.]\d|-\d))"
_TIME = (
    r"(?:(?P<{n}h>\d{{1,2}})(?::(?P<{n}m>[0-5]\d))?(?:\s*(?P<{n}ap>[ap])\.?m\b\.?)?|(?P<{n}noon>noon|midday))"
)
_CLOCK_RANGE = LazyPattern(
    r"(?<![\w.:/-])(?:(?P<lead>from|between)\s+)?"
    + _TIME.format(n="a")
    + r"\s*(?P<sep>-|to|till|until|til|'til|through|thru|and)\s*"
    + _TIME.format(n="b")
    + _NOT_AFTER_CLOCK
)
# "10-12 charts a day", "8-10 per hour": a range of things counted, not hours of the clock.
_COUNTED = LazyPattern(
    r"\s*(?:charts?|cases?|accounts?|encounters?|claims?|records?|visits?|patients?|documents?|pages?|files?|"
    r"notes?|per|an?|each|every|x)\b"
)
_CLOCK_UNTIL = LazyPattern(r"\b(?:till|until|til|'til|up\s+to)\s+" + _TIME.format(n="b") + _NOT_AFTER_CLOCK)
_SAME_STRETCH = LazyPattern(r"\s*(?:and|&|\+)\s*(?:from\s+)?")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?)s?\b\.?"
)
_WEEKDAY_RANGE = LazyPattern(
    rf"\b(?:(?:from|on)\s+)?(?P<a>{_WEEKDAY})\s*(?:-|to|through|thru|till|until)\s*(?P<b>{_WEEKDAY})"
)
_WEEKDAY_LIST = LazyPattern(rf"\b(?:(?:on|every)\s+)?{_WEEKDAY}(?:\s*(?:,|and|&|/)\s*{_WEEKDAY})*")


def _clock_hour(found: re.Match[str], n: str) -> tuple[float, str | None]:
    """(hour of the clock, 'a'/'p' when the person said am/pm) for one time read by _TIME."""
    if found.group(f"{n}noon"):
        return 12.0, "p"
    hour = float(found.group(f"{n}h")) + float(found.group(f"{n}m") or 0) / 60
    return hour, found.group(f"{n}ap")


def _on_the_clock(hour: float, meridiem: str | None, after: float | None) -> float | None:
    """A told time on a 24-hour clock: am/pm when said; otherwise the first time at or after `after` (a working
    day runs forward: '8:00 until 2:30' ends at 14:30), or, for the first time told, 1-5 o'clock read as pm."""
    if hour > 24 or (meridiem and not 1 <= hour < 13):
        return None
    if meridiem == "a":
        return hour % 12
    if meridiem == "p":
        return hour % 12 + 12
    if hour > 12:
        return hour
    if after is None:
        return hour + 12 if hour < 6 else hour
    for candidate in (hour, hour + 12):
        if candidate >= after and candidate <= 24:
            return candidate
    return None


def _is_clock(found: re.Match[str], told_clock: bool) -> bool:
    """A range is a time of day when it says so (a colon, am/pm, noon, 'from', 'between', 'until'), when it wraps
    past noon ('9-5', '8-4'), or when the text already told a time of day and both ends are clock hours."""
    if found.group("sep") == "and" and found.group("lead") != "between":
        return False
    said = any(found.group(f"{n}{what}") for n in "ab" for what in ("m", "ap", "noon"))
    if said or found.group("lead") or found.group("sep") in ("till", "until", "til", "'til"):
        return True
    start, end = int(found.group("ah")), int(found.group("bh"))
    if not (1 <= start <= 12 and 1 <= end <= 12) or _COUNTED.match(found.string, found.end()):
        return False
    return end <= start or told_clock or (start >= 7 and end - start >= 2)  # '9-12': a morning, not 10.5


def _clock_ranges(text: str) -> str:
    """'8:00 until 2:30 coding, then queries till 4:30' -> '6.5 hours coding, then queries 2 hours': times of
    day become how long each stretch lasts, read forward through the day; a range that cannot be read stays."""
    told_clock = any(_is_clock(found, False) for found in _CLOCK_RANGE.finditer(text))
    last_end: float | None = None
    stretch: float | None = None  # the hours of the last stretch written, which a next one may join
    pieces: list[str] = []
    position = 0
    spans = sorted(
        [(m.start(), m.end(), m) for m in _CLOCK_RANGE.finditer(text)]
        + [(m.start(), m.end(), m) for m in _CLOCK_UNTIL.finditer(text)],
        key=lambda item: (item[0], -item[1]),
    )
    for start, end, found in spans:
        if start < position:
            continue
        is_range = "ah" in found.re.groupindex
        if is_range and not _is_clock(found, told_clock):
            continue
        if is_range:
            begin_hour, begin_said = _clock_hour(found, "a")
            end_hour, end_said = _clock_hour(found, "b")
            if (
                begin_said is None
                and end_said is not None
                and begin_hour <= end_hour % 12 + (12 if end_said == "p" else 0)
            ):
                begin_said = end_said if begin_hour % 12 <= end_hour % 12 else None
            begin = _on_the_clock(begin_hour, begin_said, last_end)
        else:
            if last_end is None:
                continue
            begin = last_end
            end_hour, end_said = _clock_hour(found, "b")
        finish = None if begin is None else _on_the_clock(end_hour, end_said, begin)
        if begin is None or finish is None or not 0 < finish - begin <= 16:
            continue
        told_clock, last_end = True, finish
        between = text[position:start]
        if (  # "coding 8 to 12 and 1 to 5": one task's two stretches (not "8-12, 1-5 audits")
            pieces
            and stretch is not None
            and _SAME_STRETCH.fullmatch(between)
            and re.match(r"\s*(?:[,;.]|$)", text[end:])
        ):
            stretch += finish - begin
            pieces[-1] = f" {_num(stretch)} hours "
        else:
            stretch = finish - begin
            pieces.append(between)
            pieces.append(f" {_num(stretch)} hours ")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# An amount of hours on days of the week, or so many times a week: "1 hour on Fridays", "2 hrs every Mon and
# Wed", "an hour twice a week" are hours of the week, not of every day.
_HOURS_ON_WEEKDAYS = LazyPattern(
    rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?|\ban?\b|\bone\b)\s*(?:hours?|hrs?|hr|h)\s+(?:on\s+|every\s+|each\s+)?"
    rf"(?P<days>{_WEEKDAY}(?:\s*(?:,|and|&|/)\s*{_WEEKDAY})*)"
    r"(?!\s*(?:-|to\b|through\b|thru\b|till\b|until\b))"
)
_TIMES = {"once": 1, "twice": 2, "three times": 3, "3 times": 3, "2 times": 2, "1 time": 1}
_HOURS_N_TIMES = LazyPattern(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|hr|h)\s+"
    r"(?P<times>once|twice|three\s+times|[123]\s+times?)\s+(?:a|per|each|every)\s+week\b"
)


def _hours_said(number: str) -> float:
    return 1.0 if number in ("a", "an", "one") else float(number)


def _weekday_count(found: re.Match[str]) -> int:
    names = re.findall(r"mon|tue|wed|thu|fri|sat|sun", found.group(0))
    if "a" in found.re.groupindex:
        first, last = _WEEKDAYS.index(names[0]), _WEEKDAYS.index(names[-1])
        return (last - first) % 7 + 1
    return len(set(names))


def _weekdays(text: str) -> str:
    """'Mon-Thu coding, Fridays audits' -> '4 days coding, 1 days audits'. When the day is told in hours the
    days of the week say when, not how much ('coding 8-4 mon to fri'), and are dropped."""
    in_hours = re.search(rf"\d\s*{_HOUR}\b", text) is not None

    def count(found: re.Match[str]) -> str:
        return " " if in_hours else f" {_weekday_count(found)} days "

    def hours_a_week(found: re.Match[str]) -> str:  # "1 hour on Fridays": an hour of each such day
        days = _weekday_count(_WEEKDAY_LIST.search(found.group("days")) or found)
        if days >= WEEK_DAYS:  # every working day: hours of each day, the days saying when
            return found.group(0)
        return f" {_num(_hours_said(found.group('n')) * days)} hours a week "

    text = _HOURS_ON_WEEKDAYS.sub(hours_a_week, text)

    text = _WEEKDAY_RANGE.sub(count, text)
    return _WEEKDAY_LIST.sub(count, text)


# ----- normalising ------------------------------------------------------------------------------------

_FRACTION_NOUN = r"(?:halves|halfs|thirds?|quarters?|fourths?|fifths?|tenths?)"
_HOUR = r"(?:hours?|hrs?|hr|h)"


def _num(value: float) -> str:
    return repr(round(value, 10))


# "80-20 coding/queries", "70-30 split": two amounts with no unit adding up to 100 are a ratio, not a range of
# the clock or of an amount ("8-4", "5-6 hours" are left to the readers of those).
_DASHED_RATIO = LazyPattern(
    r"(?<![\w.:/-])(?P<a>\d{1,2})\s*-\s*(?P<b>\d{1,2})(?![\w.:/%-])"
    r"(?!\s*(?:%|percent|pct|hours?\b|hrs?\b|hr\b|h\b|days?\b|mins?\b|minutes?\b|charts?\b|cases?\b|per\b))"
)


def _dashed_ratio(found: re.Match[str]) -> str:
    first, second = int(found.group("a")), int(found.group("b"))
    return f" {first}/{second} " if first and second and first + second == 100 else found.group(0)


def _midpoint(notes: list[str]) -> Callable[[re.Match[str]], str]:
    def replace_range(found: re.Match[str]) -> str:
        low, high = float(found.group("low")), float(found.group("high"))
        unit = found.group("unit") or found.group("unit1") or ""
        if high <= low:  # "8-4", "9 to 5": hours of the clock, not an amount
            return found.group(0).translate(_PROTECT)
        unit = (
            "%"
            if unit == "%"
            else ""
            if not unit
            else {"h": " hours", "d": " days", "m": " minutes"}[unit[0]]
        )
        middle = (low + high) / 2
        notes.append(f"I took {found.group('low')}-{found.group('high')}{unit} as {middle:g}{unit}.")
        return f"{_num(middle)}{unit} "

    return replace_range


def _volumes(text: str, notes: list[str]) -> str:
    """Counts of work done ("40 charts a week") kept as words of their task, never read as amounts of time; a
    part of the day that only gives a count ("about 40 charts a day, all coding") is left out."""
    told: list[str] = []
    for found in reversed(list(_VOLUME.finditer(text))):
        if found.group("per") is None and re.fullmatch(_COUNTED_TASKS, found.group("noun")):
            continue  # "30 audits" may be a share written without its %
        told.append(" ".join(found.group(0).split()))
        clause_start = max(text.rfind(mark, 0, found.start()) for mark in ",;:\n") + 1
        ends = [at for mark in ",;:\n" if (at := text.find(mark, found.end())) >= 0]
        clause_end = min(ends, default=len(text))
        # A count of tasks ("12 audits a week") names a task, kept; unless the day names that work again
        # ("about 15 reviews a day, 70% concurrent reviews"): then the count only describes it.
        noun = found.group("noun")
        stem = noun[:-3] if noun.endswith("ies") else noun.rstrip("s")
        elsewhere = f"{text[:clause_start]} {text[clause_end:]}"
        counted_task = re.fullmatch(_COUNTED_TASKS, noun) is not None and not re.search(
            rf"\b{re.escape(stem)}", elsewhere
        )
        around = f"{text[clause_start : found.start()]} {text[found.end() : clause_end]}"
        if not counted_task and _VOLUME_ONLY.fullmatch(around):
            text = f"{text[:clause_start]} {text[clause_end:]}"
            continue
        number = found.group("n")
        words = number.replace("-", " ").split()
        if words[0] in TENS or words[0] in _SPELLED:
            number = str(sum(_SPELLED[word] for word in words))
        kept = f" {number.translate(_PROTECT)} {found.group('what')} "
        text = f"{text[: found.start()]}{kept}{text[found.end() :]}"
    for said in reversed(told):
        notes.append(f"I read {said!r} as how much work you get through, not a share of your day.")
    return text


def _normalise(text: str, notes: list[str]) -> str:
    """Lower case; bullets, lines and sentences become commas; number words, fractions and minutes become
    digits; a range becomes its midpoint (and a note says so)."""
    for char, plain in _UNICODE_FRACTIONS.items():
        text = text.replace(char, plain)
    text = text.replace("\u2013", "-").replace("\u2014", " - ").replace("\u2019", "'").replace("~", " about ")
    text = _weekdays(_clock_ranges(text.lower()))
    lines = [
        re.sub(r"^\s*(?:[-*\u2022\u00b7>]+|\d{1,2}[.)])\s+", "", line) for line in text.lower().splitlines()
    ]
    text = " , ".join(line for line in lines if line.strip())
    text = re.sub(r"\b(approx|est|appr|apprx)\.", r"\1", text)
    text = re.sub(r"\.(?=\s|$)|(?<=[a-z%])\.(?=[a-z])", " , ", text)
    text = re.sub(r"[()\[\]{}\"=]", " ", text)
    text = re.sub(r"\s*\|\s*", " , ", text)  # "65% facility | 35% pro fee": a bar between parts
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s+odd\b", r"\1", text)  # "70 odd percent": about 70
    # Numbers that belong to words are not amounts: "ICD-10", "OPCS-4", "3M", "2nd level", "CPT 99213".
    text = re.sub(
        r"\b[a-z]{2,}-\d+[a-z0-9-]*|\b\d+(?!\.\d)(?!(?:%|hours?|hrs?|hr|h|days?|mins?|minutes?|ish|pc)\b)[a-z]+\b"
        r"|\b\d{4,}\b",
        lambda found: found.group(0).translate(_PROTECT),
        text,
    )
    text = re.sub(
        r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?!\s*[:/])",
        lambda found: found.group(0).translate(_PROTECT),
        text,
    )
    text = _DAY_COMPOUND.sub(lambda found: found.group(0).translate(_DAY_OF_A_STAY), text)
    text = _volumes(text, notes)
    text = re.sub(r"\bhalf\s+(?:and|&|n)\s+half\b|\bfifty[\s-]+fifty\b", " 50/50 ", text)
    # "mornings coding, afternoons denials", "ROI all morning, scanning all afternoon": half the day each
    if re.search(r"\bmornings?\b", text) and re.search(r"\bafternoons?\b", text):
        text = re.sub(
            r"\b(?:(?:all|the|in|most|every|each)\s+)*(?:mornings?|afternoons?)\b"
            r"(?!\s+(?:huddles?|meetings?|calls?|stand[\s-]*ups?|breaks?|briefings?))",
            " half ",
            text,
        )
    text = _DASHED_RATIO.sub(_dashed_ratio, text)
    # "coding with interruptions": interruptions take time the person did not measure; asked, not dropped
    text = re.sub(r"\b(with|and|plus|but)\s+(interruptions|distractions|disruptions)\b", r"\1 some \2", text)
    text = re.sub(r"[?!]+", " ", text)
    text = re.sub(  # what the person would like to do is not how the day splits today
        r"\b(?:but\s+|and\s+)?(?:i'?d|i\s+would|i'?m|i\s+am|i)\s+(?:really\s+)?"
        r"(?:like|love|hoping|hope|want|wanna|planning|plan|aim|wish)\s+to\b[^,;\n]*",
        " ",
        text,
    )
    text = re.sub(
        r"\b(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|less\s+than|"
        r"more\s+than|fewer\s+than|upwards\s+of|just\s+over|just\s+under|a\s+(?:bit|little)\s+(?:over|under))\b",
        " about ",
        text,
    )
    text = re.sub(r"\b(?:part|full)[\s-]*tim(?:e|er)\s+(?=\d|\()", " ", text)
    text = re.sub(r"\b(?:per[\s-]*cent|percent|pct)\b|(?<=\d)\s*pc\b", "%", text)
    text = re.sub(r"\s+%", "%", text)
    # Hours and days in words.
    text = re.sub(rf"\b(?:(?:an?|one)\s+)?{_HOUR}\s+and\s+a\s+half\b", "1.5 hours", text)
    text = re.sub(rf"(?<!and\s)(?<!and\sa\s)\b(?:half\s+an?|a\s+half|half)[\s-]+{_HOUR}\b", "0.5 hours", text)
    text = re.sub(r"\bhalf\s+(?:a|the)\s+(?:day|shift)\b", "half", text)
    text = re.sub(r"\b(?:a\s+)?couple\s+(?:of\s+)?(hours?|hrs?|days?)\b", r"2 \1", text)
    # "8 hours a day", "a day a week": rates, not amounts; "in a typical day" says nothing. Hours a week are
    # kept as they are until the number words are digits, then read as hours of a day (_weekly_hours).
    text = re.sub(
        rf"(?<![a-z])(hours?|hrs?|hr|h|days?)\s*(?:a|per|each|every|/)\s*(?:day|shift|{_WEEK})\b",
        lambda found: (
            found.group(0)
            if found.group(1)[0] == "h" and found.group(0).rstrip("s").endswith(("week", "wk"))
            else found.group(1)
        ),
        text,
    )
    text = re.sub(
        r"\b(?:in|on|during|over|across|throughout|of|for)\s+(?:an?|the|my|our)\s+"
        r"(?:typical\s+|normal\s+|usual\s+|average\s+|regular\s+|given\s+)?(?:work(?:ing)?\s+)?(?:day|shift|week)\b",
        " ",
        text,
    )
    text = re.sub(
        r"\s+(?:a|per|each|every)\s+(?:day|shift)\b(?!\s*(?:a|per|each|every)\s+week)|\s+daily\b", " ", text
    )
    text = re.sub(r"\b(?:an?|one)\s+(hour|hr|day)\b", r"1 \1", text)
    # Number words ("twenty-five", "six", "two and a half"), but not "two thirds".
    text = re.sub(
        rf"\b({'|'.join(sorted(TENS))})[\s-]+({_ONES})\b",
        lambda found: str(_SPELLED[found.group(1)] + _SPELLED[found.group(2)]),
        text,
    )
    text = re.sub(
        rf"\b(?:a|one)\s+hundred\b|\b(?:{_SPELLED_RE})\b(?![\s-]+{_FRACTION_NOUN}\b)",
        lambda found: "100" if "hundred" in found.group(0) else str(_SPELLED[found.group(0)]),
        text,
    )
    # "2 and a half (hours)": a whole number and a fraction; never the end of a fraction ("1/4 and a quarter").
    whole = r"(?<![/.\d])\b(\d+(?:\.\d+)?)"
    text = re.sub(whole + r"\s+and\s+(?:a\s+)?half\b", lambda f: _num(float(f.group(1)) + 0.5), text)
    text = re.sub(whole + r"\s+and\s+a\s+quarter\b", lambda f: _num(float(f.group(1)) + 0.25), text)
    text = re.sub(
        rf"\b(\d+)\s+(\d)/(\d)(?=\s*(?:{_HOUR}|days?)\b)",
        lambda f: _num(int(f.group(1)) + int(f.group(2)) / int(f.group(3))),
        text,
    )
    text = re.sub(r"\b(\d)[\s-]+(thirds?|quarters?|fourths?|fifths?|tenths?)\b", _count_fraction, text)
    for phrase, value in _FRACTION_WORDS:
        text = re.sub(rf"\b(?:{phrase})\b", f" {_num(value * 100)}% ", text)
    # 3/4, 1/3: fractions of the day. 60/40 stays a ratio.
    text = re.sub(
        r"(?<![\w./])(\d{1,2})\s*/\s*(\d{1,2})(?![\w./%])",
        lambda f: (
            f" {_num(int(f.group(1)) * 100 / int(f.group(2)))}% "
            if 0 < int(f.group(1)) < int(f.group(2)) <= 12
            else f.group(0)
        ),
        text,
    )
    text = re.sub(r"(?<=\d)\s*-?\s*ish\b", "", text)
    text = re.sub(
        r"(?<![\w.])(?P<low>\d+(?:\.\d+)?)\s*(?P<unit1>%|hours?|hrs?)?\s*(?:-|to|or)\s*(?P<high>\d+(?:\.\d+)?)\s*"
        r"(?P<unit>%|hours?\b|hrs?\b|hr\b|h\b|days?\b|minutes?\b|mins?\b)?",
        _midpoint(notes),
        text,
    )
    text = re.sub(
        r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:minutes?|mins?)\b",
        lambda f: f"{_num(float(f.group(1)) / 60)} hours",
        text,
    )
    text = _HOURS_N_TIMES.sub(
        lambda found: (
            f" {_num(float(found.group('n')) * _TIMES[' '.join(found.group('times').split())])} hours a week "
        ),
        text,
    )
    return _ratio(" ".join(text.split()))


_WEEK = r"(?:week|wk|wks)"
_WEEKLY_HOURS = LazyPattern(
    rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\s*(?:(?:a|per|each|every|/|in\s+a|in\s+the)\s*{_WEEK}|weekly)\b"
)
_WEEK_WORD = LazyPattern(rf"\b(?:{_WEEK}|weekly)\b")
_DAILY_HOURS = LazyPattern(rf"{_HOUR}\s*(?:a|per|each|every|/)\s*(?:day|shift)\b|\bdaily\b")
WEEK_DAYS = 5  # a week told in hours is taken as five working days, and the person is told so


def _weekly_hours(text: str, notes: list[str], period_told: bool, daily_told: bool = False) -> str:
    """'3 hours a week on audits' beside '60% coding' or '6 hours a day coding': the week's hours are read as
    hours of a day of a five-day week, so they add up with the rest and with the length of a day, and a note
    says so. When the person gave their working time, or gave other hours without saying they are a day's
    ('30 hrs a week coding, 10 hrs denials'), all hours are taken as the same week's, as they are."""
    if not _WEEKLY_HOURS.search(text):
        return text
    others = [
        found
        for found in _AMOUNT.finditer(_WEEKLY_HOURS.sub(" ", text))
        if (found.group("unit") or "").startswith("h")
    ]
    if period_told or (others and not daily_told):
        return _WEEKLY_HOURS.sub(lambda each: f" {each.group('n')} hours ", text)
    read: list[str] = []

    def per_day(each: re.Match[str]) -> str:
        hours = float(each.group("n"))
        daily = round(hours / WEEK_DAYS, 3)
        read.append(f"{hours:g} as {daily:g}")
        return f" {_num(daily)} hours "

    text = _WEEKLY_HOURS.sub(per_day, text)
    notes.append(f"I read hours a week as hours of a day of a {WEEK_DAYS}-day week ({joined(read)}).")
    return text


_RATIO = LazyPattern(r"(?<![\w./:])\d{1,3}(?:\s*[/:]\s*\d{1,3}){1,4}(?![\w./:%])")
_RATIO_WORDS = LazyPattern(
    r"\b(?:split|ratio|roughly|about|around|approx|maybe|is|my|the|a|of|time|day|between|on|doing)\b|[:\-]"
)


def _ratio(text: str) -> str:
    """'60/40 coding and auditing', 'coding/auditing 70/30': one ratio naming as many tasks as it has parts."""
    found = list(_RATIO.finditer(text))
    if len(found) != 1:
        return text
    numbers = [float(number) for number in re.split(r"\s*[/:]\s*", found[0].group(0))]
    if not NORMALISE_LOW <= sum(numbers) <= NORMALISE_HIGH:
        return text
    words = _RATIO_WORDS.sub(" ", text[: found[0].start()] + " " + text[found[0].end() :])
    tasks = [
        " ".join(task.split())
        for task in re.split(r"\s*(?:/|,|&|\band\b|\bvs\.?|\bversus\b|\bthen\b)\s*", words)
        if task.strip()
    ]
    if len(tasks) != len(numbers):
        return text
    return ", ".join(f"{_num(number)}% {task}" for number, task in zip(numbers, tasks, strict=True))


def _count_fraction(found: re.Match[str]) -> str:
    """'2 thirds' (written with a digit) -> 66.67%."""
    count, noun = int(found.group(1)), found.group(2)
    size = {"th": 3, "qu": 4, "fo": 4, "fi": 5, "te": 10}[noun[:2]]
    return f" {_num(count * 100 / size)}% " if 0 < count <= size else found.group(0)


# ----- the length of the day --------------------------------------------------------------------------

_PERIOD_HOURS = [
    LazyPattern(
        r"(?:\b(?:i|we)\s+(?:usually\s+|normally\s+)?(?:work|do)\s+)?"
        r"(?:\b(?:on|in|during|over|of|for|from|out\s+of|across|within|across)\s+)?"
        r"(?:\b(?:an?|my|the|our|a\s+typical|typical|normal|usual)\s+)?"
        rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?)[\s-]*{_HOUR}[\s-]*(?:work(?:ing)?[\s-]*)?(?:day|shift|week)s?\b"
    ),
    LazyPattern(
        r"\b(?:my|a|the|our)?\s*(?:work(?:ing)?\s+)?(?:day|shift|week)s?\s+(?:is|are|of|lasts?|=)\s+"
        rf"(?:about\s+|around\s+)?(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\b(?:\s+long)?"
    ),
    LazyPattern(
        rf"\b(?:i|we)\s+work\s+(?:about\s+|around\s+)?(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\b(?:\s+shifts?)?"
        rf"(?:\s*(?:a|per|each|every|/)\s*{_WEEK}\b|\s+weekly\b)?"
    ),
    LazyPattern(
        rf"\b(?:of|out\s+of|in|from|across)\s+(?:my|our|a|the)\s+(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\s*"
        rf"(?:(?:a|per|each|every|/)\s*{_WEEK}\b|weekly\b)"
    ),
    LazyPattern(rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\s+(?:in\s+)?total\b"),
    # the day's length written as a heading before its parts: "7.5 hrs: 6 coding, 1.5 validation"
    LazyPattern(rf"^\s*(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}(?:\s+(?:work(?:ing)?\s+)?(?:day|shift))?\s*:(?=.*\d)"),
    LazyPattern(rf"\b(?:a\s+)?total\s+of\s+(?P<n>\d+(?:\.\d+)?)\s*{_HOUR}\b"),
]
_REST_OF_MY_HOURS = (
    LazyPattern(  # "chart pulls the rest of my 8": the day is 8 hours, the task takes what is left
        r"\b(?P<rest>the\s+rest|the\s+remainder|the\s+remaining)\s+(?:of\s+)?(?:my|the|our|an?)\s+"
        rf"(?P<n>\d+(?:\.\d+)?)(?:[\s-]*{_HOUR}\b)?(?:[\s-]*(?:work(?:ing)?\s+)?(?:day|shift)s?\b)?"
    )
)
_OF_MY_HOURS = LazyPattern(
    rf"(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s*(?:{_HOUR}\s+)?(?:of|out\s+of)\s+(?:(?P<my>my|the|our|an?)\s+)?"
    rf"(?P<n>\d+(?:\.\d+)?)(?:[\s-]*(?P<u>{_HOUR})\b)?(?:[\s-]*(?:work(?:ing)?\s+)?(?:day|shift)s?\b)?"
    rf"(?:\s*(?:a|per|each|every|/)\s*{_WEEK}\b|\s+weekly\b)?"
)
_PERIOD_DAYS = [
    LazyPattern(
        r"(?:\b(?:in|on|of|over)\s+)?(?:\b(?:an?|my|the|our)\s+)?(?<![\w.])(?P<n>\d)[\s-]*days?[\s-]*(?:work(?:ing)?[\s-]*)?week\b"
    ),
    LazyPattern(r"\b(?:i|we)\s+work\s+(?P<n>\d)\s*days?\b"),
]
_OF_MY_DAYS = LazyPattern(
    r"(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s*days?\s+(?:of|out\s+of)\s+(?:my|the|our)?\s*(?P<n>\d)\s*(?:work(?:ing)?\s*)?days?\b"
)


def _period(text: str) -> tuple[str, float | None, float | None, bool]:
    """Take the day's length in hours (or the week's in days) out of the text: (text, hours, days, whether
    the hours are a week's: "my 40-hour week", "I work 37.5 hours a week")."""
    hours: list[float] = []
    days: list[float] = []
    weekly: list[bool] = []

    def of_my_hours(found: re.Match[str]) -> str:
        if not (found.group("my") or found.group("u")):
            return found.group(0)
        hours.append(float(found.group("n")))
        weekly.append(_WEEK_WORD.search(found.group(0)) is not None)
        return f" {found.group('a')} hours "

    def of_my_days(found: re.Match[str]) -> str:
        days.append(float(found.group("n")))
        return f" {found.group('a')} days "

    def rest_of_my_hours(found: re.Match[str]) -> str:
        hours.append(float(found.group("n")))
        return f" {found.group('rest')} "

    text = _REST_OF_MY_HOURS.sub(rest_of_my_hours, text)
    text = _OF_MY_HOURS.sub(of_my_hours, text)
    text = _OF_MY_DAYS.sub(of_my_days, text)
    for pattern, into in [(pattern, hours) for pattern in _PERIOD_HOURS] + [(p, days) for p in _PERIOD_DAYS]:
        for found in list(pattern.finditer(text)):
            into.append(float(found.group("n")))
            if into is hours:
                weekly.append(_WEEK_WORD.search(found.group(0)) is not None)
        text = pattern.sub(" ", text)
    for told, what in ((hours, "hours"), (days, "days")):
        if len(set(told)) > 1:
            shown = " and ".join(f"{value:g}" for value in sorted(set(told)))
            raise AnswersError(
                f"You gave two lengths ({shown} {what}); which one is your usual working time?"
            )
        if told and not 0 < told[0] <= (MAX_DAY_HOURS * 7 if what == "hours" else MAX_WEEK_DAYS):
            raise AnswersError(f"A working time of {told[0]:g} {what} does not look right; please check it.")
    return text, (hours[0] if hours else None), (days[0] if days else None), any(weekly)


# ----- clauses ----------------------------------------------------------------------------------------


def _marker(text: str) -> bool:
    """Does this piece carry an amount, or a word standing for one (the rest, mostly, all day)?"""
    return bool(
        _AMOUNT.search(text)
        or _VAGUE.search(text)
        or _REST.search(text.strip())
        or _ALL_DAY.search(text)
        or _UNNAMED_REST.search(text)
    )


_LEAD = LazyPattern(
    r"^(?:(?:i|we|also|then|spend|spent|spending|do|doing|about|around|roughly|maybe|approx|approximately|"
    r"another|the|other|is|are|i'd|say|probably|usually|just|only|with|and|plus|go|goes)\s+)*"
)


def _starts_with_marker(text: str) -> bool:
    rest = _LEAD.sub("", text.strip())
    return bool(
        re.match(r"(?<![\w.])\d", rest)
        or _VAGUE.match(rest)
        or _REST.match(rest)
        or _ALL_DAY.match(rest)
        or _UNNAMED_REST.match(rest)
    )


def _clauses(text: str) -> list[tuple[str, str]]:
    """(clause, how it joined the one before: ',', 'and' or 'except')."""
    text = re.sub(r"\s+/\s+|(?<=%)\s*/\s*|(?<=\d)\s*\+\s*(?=\d)", " , ", text)
    out: list[tuple[str, str]] = []
    for piece in re.split(
        r"\s*[,;\n]+\s*|\s*(?<![\ue000-\ue009]):(?![\ue000-\ue009])\s*|\s+-\s+(?=[a-z]*\s*\d)|(?<=%)\s+-\s+",
        text,
    ):
        piece = piece.strip(" .-")
        if not piece or _NO_LONGER.search(piece):
            continue
        for part, how in _split_except(piece):
            for index, clause in enumerate(_split_connectors(part)):
                out.append((clause, how if index == 0 else "and"))
    return [(clause, how) for clause, how in out if clause.strip(" .-&")]


def _split_except(piece: str) -> list[tuple[str, str]]:
    """'coding except denials' -> coding, then denials joined by 'except'; ', except when denials pile up' too."""
    lead = _LEADING_EXCEPT.match(piece)
    first = "except" if lead else ","
    pieces = _EXCEPT.split(piece[lead.end() :] if lead else piece)
    return [(_occasion(pieces[0]) if lead else pieces[0], first)] + [
        (_occasion(part), "except") for part in pieces[1:]
    ]


def _occasion(words: str) -> str:
    """'when denials pile up' -> 'denials': an exception told as an occasion names the task it brings."""
    found = _OCCASION.match(words)
    return found.group("task") if found else words


def _split_connectors(piece: str) -> list[str]:
    """'6 hours coding and 2 hours queries' -> two clauses; 'coding and abstracting 50%' stays one."""
    cuts = list(_CONNECTOR.finditer(piece))
    if not cuts:
        return [piece]
    out: list[str] = []
    start = 0
    for index, cut in enumerate(cuts):
        left = piece[start : cut.start()]
        right_end = cuts[index + 1].start() if index + 1 < len(cuts) else len(piece)
        right = piece[cut.end() : right_end]
        if (_marker(right) and (_marker(left) or _starts_with_marker(right))) or _amount_last(left):
            out.append(left)
            start = cut.end()
    out.append(piece[start:])
    return [clause.strip() for clause in out if clause.strip()]


def _amount_last(words: str) -> bool:
    """'coding 6 hrs' of 'coding 6 hrs and queries': task words, then their amount, closing the clause, so
    what follows the 'and' is another task, not a second name for this share."""
    found = list(_AMOUNT.finditer(words))
    return (
        bool(found) and not words[found[-1].end() :].strip() and bool(_task_words(words[: found[-1].start()]))
    )


def _task_words(words: str) -> str:
    words = " ".join(_FILLERS.sub(" ", words).split()).strip(" -:.'&/")
    return _EDGE.sub("", words).strip(" -:.'&/").translate(_RESTORE)


def _run_on(clause: str) -> list[str]:
    """'6h coding 2h queries' -> two clauses: several amounts in one clause each take their own words."""
    found = list(_AMOUNT.finditer(clause))
    if len(found) < 2:
        return [clause]
    if found[0].start() == 0 or not _task_words(clause[: found[0].start()]):  # amounts first
        cuts = [match.start() for match in found[1:]]
    elif found[-1].end() >= len(clause.rstrip()) or not _task_words(
        clause[found[-1].end() :]
    ):  # amounts last
        cuts = [match.end() for match in found[:-1]]
    else:
        return [clause]
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(clause[last:cut])
        last = cut
    pieces.append(clause[last:])
    return [piece.strip() for piece in pieces if piece.strip()]


_DAY_TO_DAY = LazyPattern(r"\bsome\s+(?:days|weeks)\b.*\b(?:other|some|most)\s+(?:days|weeks)\b")
_DEPENDS = LazyPattern(
    r"^(?:(?:it|that|this|honestly|really|well|just)\s+)*(?:all\s+)?(?:depends|varies|changes|differs)\b"
)


def _read_clause(clause: str, joined: str) -> list[_Part]:
    if _DEPENDS.search(clause) and not _AMOUNT.search(clause):  # "depends what's in the queue": no task named
        return [_Part(said="", role="open", joined=joined)]
    pieces = _run_on(clause)
    if len(pieces) > 1:
        return [
            part
            for index, piece in enumerate(pieces)
            for part in _read_clause(piece, joined if index == 0 else ",")
        ]
    found = _AMOUNT.search(clause)
    if found:
        unit = found.group("unit") or ""
        kind = (
            "%" if unit == "%" else "h" if unit.startswith("h") else "d" if unit.startswith("d") else "bare"
        )
        words = clause[: found.start()] + " " + clause[found.end() :]
        words = _task_words(_VAGUE.sub(" ", _ALL_DAY.sub(" ", _REST.sub(" ", words))))
        names = _names(words) if _EACH.search(clause) else [words]
        # "1 hour each for queries and meetings": the amount is every named task's
        return [
            _Part(
                said=name, amount=float(found.group("num")), unit=kind, joined=joined if index == 0 else ","
            )
            for index, name in enumerate(names or [words])
        ]
    rest = _REST.search(clause) or _UNNAMED_REST.search(clause)
    if rest:
        words = clause[: rest.start()] + " " + clause[rest.end() :]
        if _UNNAMED_REST.search(clause):
            words = _UNNAMED_REST.sub(" ", words)
        return [_Part(said=_task_words(_REST.sub(" ", words)), role="rest", joined=joined)]
    if _ALL_DAY.search(clause):
        return [_Part(said=_task_words(_ALL_DAY.sub(" ", clause)), role="rest", vague="all", joined=joined)]
    vague = _VAGUE.search(clause)
    if vague:
        words = _VAGUE.sub(" ", clause)
        words = re.sub(r"\b(?:the\s+)?time\b|\b(?:of|the|my)\b|\bhours?\b|\bdays?\b", " ", words)
        return [_Part(said=_task_words(words), role="open", vague=vague.group("vague"), joined=joined)]
    return [_Part(said=_task_words(clause), role="open", joined=joined)]


# ----- reading a day ----------------------------------------------------------------------------------


def _read(text: str) -> _Day:
    notes: list[str] = []
    lower = text.lower()
    daily_told = any(pattern.search(lower) for pattern in (_DAILY_HOURS, _HOURS_ON_WEEKDAYS, _HOURS_N_TIMES))
    text, hours, days, weekly_period = _period(_normalise(text, notes))
    text = _weekly_hours(text, notes, weekly_period, daily_told or (hours is not None and not weekly_period))
    parts: list[_Part] = []
    for clause, joiner in _clauses(text):
        for part in _read_clause(clause, joiner):
            previous = parts[-1] if parts else None
            if (  # "mostly coding, about 90%": the amount belongs to the clause before it (not "... each")
                previous is not None
                and not _EACH.search(text)
                and part.amount is not None
                and not part.named
                and previous.amount is None
                and previous.role == "open"
                and previous.named
            ):
                parts[-1] = replace(previous, amount=part.amount, unit=part.unit, role="amount", vague="")
                first = parts[-2] if len(parts) > 1 else None
                if (  # "mostly inpatient episodes, FCEs, about 70%": the second name restates the first
                    first is not None
                    and first.amount is None
                    and first.role == "open"
                    and first.named
                    and _MOST.match(first.vague)
                    and previous.joined == ","
                    and not previous.vague
                ):
                    parts[-2:] = [
                        replace(parts[-1], said=f"{first.said}, {previous.said}", joined=first.joined)
                    ]
                continue
            parts.append(part)
    parts = _expand_split_rest(parts)
    parts = _each(parts, text)
    bare = [part for part in parts if part.unit == "h" and not part.named]
    others = [part for part in parts if part not in bare]
    if (  # "most of the day coding, an hour of queries, 8 hrs", "9 to 5, mostly coding": a stretch of hours
        len(bare) == 1  # no task names is the day itself, when another part takes what is left
        and others
        and hours is None
        and any(part.role == "rest" or _MOST.match(part.vague) for part in others)
        and sum(part.amount or 0 for part in others if part.unit == "h") < (bare[0].amount or 0)
    ):
        hours, parts = bare[0].amount, others
    for index, part in enumerate(parts):
        if part.joined == "except":
            before = parts[index - 1] if index else None
            if before is not None and before.amount is None:
                parts[index - 1] = replace(before, role="rest", vague="")
            elif (  # "coding 9 to 5 except a 1 hour meeting": the first stretch is the whole day
                before is not None
                and hours is None
                and before.unit == "h"
                and part.unit == "h"
                and (before.amount or 0) > (part.amount or 0)
            ):
                hours = before.amount
                parts[index - 1] = replace(before, amount=None, unit="", role="rest", vague="")
            if part.amount is None:
                parts[index] = replace(part, role="open", vague="except")
    # What names no task and no amount ("whatever comes up", "a bit of everything") is time still unnamed.
    unnamed = [part for part in parts if part.amount is None and not part.named]
    parts = [part for part in parts if part.amount is not None or part.named]
    leftover = [part for part in unnamed if part.vague or part.role == "rest" or _LEFTOVER.search(part.said)]
    if leftover and any(part.named for part in parts):
        parts.append(_Part(said="", role="rest"))
    if len(parts) == 1 and parts[0].amount is None and parts[0].role == "open" and not parts[0].vague:
        names = [name for name in re.split(r"\s+(?:and|&|\+)\s+|\s*/\s*", parts[0].said) if name]
        if len(names) > 1:  # "coding and denials": two tasks, no amounts
            parts = [_Part(said=name, role="open") for name in names]
    rests = [part for part in parts if part.role == "rest"]
    plain = [index for index, part in enumerate(parts) if part.role == "open" and not part.vague]
    if not rests and len(plain) == 1:  # "coding and some queries": coding takes the rest
        parts[plain[0]] = replace(parts[plain[0]], role="rest")
    opens = [index for index, part in enumerate(parts) if part.role == "open"]
    if (
        not rests
        and len(opens) == 1
        and len(parts) > 1
        and _MOST.match(parts[opens[0]].vague)
        and all(part.amount is not None for part in parts if part.role != "open")
    ):  # "most of the day coding and about an hour on queries": most is what is left
        parts[opens[0]] = replace(parts[opens[0]], role="rest")
    return _Day(parts=parts, hours=hours, days=days, notes=notes)


def _each(parts: list[_Part], text: str) -> list[_Part]:
    """'a third each: coding, audits, denials', 'coding and audits, 4 hours each', '2 hours each on queries and
    denials': one amount told once for every task named with it."""
    amounts = [part for part in parts if part.amount is not None]
    if not _EACH.search(text) or len(amounts) != 1:
        return parts
    amount = amounts[0]
    if amount.named:
        names = _names(amount.said)
        if len(names) < 2:
            return parts
        out: list[_Part] = []
        for part in parts:
            if part is amount:
                out += [
                    _Part(said=name, amount=part.amount, unit=part.unit, role="amount", joined=part.joined)
                    for name in names
                ]
            else:
                out.append(part)
        return out
    takers = [part for part in parts if part.named and part.role == "open" and not part.vague]
    names = [name for part in takers for name in _names(part.said)]
    if len(names) < 2 or sum(part.named for part in parts) != len(takers):
        return parts
    return [_Part(said=name, amount=amount.amount, unit=amount.unit, role="amount") for name in names]


def _names(said: str) -> list[str]:
    return [name for name in re.split(r"\s+(?:and|&|\+)\s+|\s*/\s*", said) if name.strip()]


def _expand_split_rest(parts: list[_Part]) -> list[_Part]:
    """'the rest is split between queries and denials' -> each of them open (or equal, when 'evenly')."""
    out: list[_Part] = []
    for part in parts:
        found = _SPLIT_AMONG.match(part.said) if part.role == "rest" else None
        if found is None:
            out.append(part)
            continue
        names = [name for name in re.split(r"\s*(?:,|\band\b|\bor\b|&|/)\s*", found.group("tasks")) if name]
        vague = "evenly" if found.group("even") else "split"
        out += [_Part(said=name, role="open", vague=vague, joined=part.joined) for name in names]
    return out


def _apply(day: _Day, fill: Fill) -> _Day:
    if fill.kind == "day":
        return replace(day, hours=fill.amount)
    if fill.kind == "week":
        return replace(day, days=fill.amount)
    parts = list(day.parts)
    if fill.kind == "task" and fill.item == len(parts):  # the time no part of the sentence names
        parts.append(_Part(said="", role="rest"))
    if not 0 <= fill.item < len(parts):
        raise AnswersError(
            "That answer is about a part of the day that is no longer there; please start again."
        )
    target = parts[fill.item]
    if fill.kind == "share" and fill.within is not None:
        host = _host(parts, fill.item, fill.within)
        parts[host] = replace(parts[host], said=f"{parts[host].said} and {target.said}")
        del parts[fill.item]
    elif fill.kind == "share":
        parts[fill.item] = replace(target, amount=fill.amount, unit=fill.unit, role="amount", vague="")
    elif fill.kind == "task":
        told = _read(fill.words)
        if any(part.amount is not None for part in told.parts):
            parts[fill.item : fill.item + 1] = told.parts
        else:
            parts[fill.item] = replace(target, said=_task_words(_normalise(fill.words, [])))
    return replace(day, parts=parts)


def _host(parts: list[_Part], item: int, within: str) -> int:
    """The part whose time another is counted in: the one told by that amount ('70') or by those words
    ('coding'), else the nearest one before (or after) it that has an amount of its own."""
    timed = [index for index, part in enumerate(parts) if index != item and part.amount is not None]
    if re.fullmatch(r"\d+(?:\.\d+)?", within):
        told = [index for index in timed if abs((parts[index].amount or 0) - float(within)) < 1e-9]
    elif within:
        words = set(_task_words(within).split())
        told = [index for index, part in enumerate(parts) if index != item and words & set(part.said.split())]
        told = [index for index in told if parts[index].amount is not None or parts[index].role == "rest"]
    else:
        told = sorted(timed, key=lambda index: (index > item, abs(index - item)))
    if not told:
        raise AnswersError(
            "I could not tell which part of your day that time is counted in; please give it a share such as "
            "25% or 'a quarter', or hours such as '2 hours'."
        )
    return told[0]


def _show(value: float) -> str:
    return f"{round(value, 1):g}"


def _hint() -> str:
    return "give a share such as 25% or 'a quarter', or hours such as '2 hours'"


def _share_gap(day: _Day, index: int, left: float | None, hours: bool) -> Gap:
    part = day.parts[index]
    names = [other.said for other in day.parts if other.vague in ("split", "evenly")]
    if part.vague == "except":
        rest = next((other.said for other in day.parts if other.role == "rest" and other.said), "")
        question = f"How much of your day goes to {part.said}?" + (f" The rest is {rest}." if rest else "")
    elif part.vague in ("split", "evenly"):
        question = (
            f"How much of your day is {part.said}? You said the rest is split between {' and '.join(names)}."
        )
    elif part.vague:
        question = f"How much of your day is {part.said}? You said '{part.vague}'."
        # "coding, the odd appeal, some training": say what takes the rest, so the answer is only this share
        rest = next((other.said for other in day.parts if other.role == "rest" and other.said), "")
        if rest and rest != part.said:
            question += f" The rest is {rest}."
    else:
        question = f"How much of your day is {part.said}?"
    return Gap(
        kind="share",
        question=f"{question} Please {_hint()}.",
        item=index,
        said=part.said,
        left_pct=left,
        hours=hours,
    )


def _percentages(day: _Day) -> tuple[list[float | None], Gap | None]:
    """Each part's share in percent (None: takes the rest or still open), or the day/week gap in the way."""
    parts = day.parts
    units = {part.unit for part in parts if part.amount is not None}
    pending = any(part.amount is None for part in parts)
    unit_of: dict[str, str] = {"%": "%", "h": "h", "d": "d"}
    if "bare" in units:
        bare = [part.amount or 0.0 for part in parts if part.unit == "bare"]
        if "h" in units or (day.hours is not None and "%" not in units and "d" not in units):
            unit_of["bare"] = "h"
        elif "d" in units or (day.days is not None and "%" not in units):
            unit_of["bare"] = "d"
        elif (
            units == {"bare"}
            and not NORMALISE_LOW <= sum(bare) <= NORMALISE_HIGH
            and sum(bare) <= MAX_DAY_HOURS
        ):
            if not pending:
                raise AnswersError(
                    f"Those numbers add up to {sum(bare):g}; if they are hours, say so (e.g. '5 hours coding'), "
                    "otherwise give percentages that add up to 100."
                )
            unit_of["bare"] = "%"
        else:
            unit_of["bare"] = "%"
    kinds = {unit_of[unit] for unit in units}
    if {"h", "d"} <= kinds:
        raise AnswersError("Please count your time either in hours of a day or in days of a week, not both.")
    length: float | None = None
    if "h" in kinds:
        length = day.hours
        if length is None:
            if "%" in kinds:
                return (
                    [],
                    Gap(
                        kind="day",
                        question="How long is your working day, in hours? You gave both hours and percentages, "
                        "so I need it to turn the hours into shares.",
                    ),
                )
            if pending:  # "coding 6 hrs, queries": the question names the tasks told after the hours
                told = max(index for index, part in enumerate(parts) if part.amount is not None)
                open_names = [part.said for part in parts[told + 1 :] if part.amount is None and part.said]
                after = all(part.amount is not None for part in parts[:told])
                left_for = joined(open_names) if after and 0 < len(open_names) <= 3 else "the rest"
                named = sum(part.amount or 0.0 for part in parts if unit_of.get(part.unit) == "h")
                return (
                    [],
                    Gap(
                        kind="day",
                        question="How long is your working day, in hours? I need it to work out the time left "
                        f"for {left_for}.",
                        offer_hours=FULL_TIME_DAY if named < FULL_TIME_DAY else None,
                    ),
                )
            length = sum(part.amount or 0.0 for part in parts)
    if "d" in kinds:
        length = day.days
        if length is None:
            if "%" in kinds or pending:
                return (
                    [],
                    Gap(
                        kind="week",
                        question="How many days a week do you work? I need it to work out the time left for the rest.",
                    ),
                )
            length = sum(part.amount or 0.0 for part in parts)
    if length is not None and length <= 0:
        raise AnswersError("Those hours add up to nothing; how many hours does each task take?")
    shares: list[float | None] = []
    for part in parts:
        if part.amount is None:
            shares.append(None)
        elif unit_of[part.unit] == "%":
            shares.append(part.amount)
        else:
            shares.append(part.amount * 100 / (length or 1.0))
    return shares, None


def _whole_gap(original: str) -> DayReading:
    shown = original.strip()
    shown = repr(shown if len(shown) <= 60 else shown[:57] + "...") if shown else "that"
    return DayReading(
        gap=Gap(
            kind="whole",
            question=f"On a typical day, which tasks fill your time and how much of each? {shown} does "
            "not say; e.g. 'half coding, 20% denials, the rest queries'.",
        )
    )


def _resolve(day: _Day, original: str) -> DayReading:
    parts = day.parts
    if not any(part.named for part in parts):
        return _whole_gap(original)
    opens = [index for index, part in enumerate(parts) if part.role == "open" and part.vague != "evenly"]
    rests = [index for index, part in enumerate(parts) if part.role == "rest"]
    if len(rests) > 1:
        raise AnswersError("'The rest' appears more than once; name the amount of all but one task.")
    if opens:
        left: float | None = None
        hours = day.hours is not None or any(part.unit == "h" for part in parts)
        if len(opens) == 1 and not rests and len(parts) > 1:
            try:
                others = _Day(
                    parts=[part for part in parts if part.role != "open"], hours=day.hours, days=day.days
                )
                shares, gap = _percentages(others)
                if gap is None:
                    room = 100 - sum(share or 0.0 for share in shares)
                    left = room if room > 0 else None
            except AnswersError:
                left = None
        return DayReading(gap=_share_gap(day, opens[0], left, hours))
    shares, gap = _percentages(day)
    if gap is not None:
        return DayReading(gap=gap)
    hours_day = day.hours if any(part.unit == "h" for part in parts) else None
    for index, part in enumerate(parts):
        if part.amount is not None and not part.named and (part.amount or 0) > 0:
            amount = f"{part.amount:g}{'%' if part.unit in ('%', 'bare') and hours_day is None else ' ' + {'h': 'hours', 'd': 'days'}.get(part.unit, 'hours')}"
            return DayReading(
                gap=Gap(
                    kind="task",
                    item=index,
                    question=f"Which task takes {amount} of your day? Name it, e.g. 'denials'.",
                )
            )
    named_total = sum(share or 0.0 for share in shares)
    evenly = [index for index, part in enumerate(parts) if part.vague == "evenly" and part.role == "open"]
    if rests or evenly:
        left = 100 - named_total
        if left <= 1e-9:
            raise AnswersError(
                f"The named shares already add up to {named_total:g}%, leaving nothing for the rest."
            )
        if rests:
            rest = parts[rests[0]]
            if rest.vague and _MOST.match(rest.vague) and left < 50:
                return DayReading(gap=_share_gap(day, rests[0], None, hours_day is not None))
            if not rest.named:
                return DayReading(gap=_task_gap(rests[0], left, hours_day, None))
            shares[rests[0]] = left
        else:
            for index in evenly:
                shares[index] = left / len(evenly)
        total = 100.0
    else:
        total = named_total
        if total < NORMALISE_LOW:
            parts = [*parts, _Part(said="", role="rest")]
            return DayReading(gap=_task_gap(len(parts) - 1, 100 - total, hours_day, total))
        if total > NORMALISE_HIGH:
            if hours_day is not None:
                hours_named = total * hours_day / 100
                raise AnswersError(
                    f"Those tasks take {hours_named:g} hours, more than your {hours_day:g}-hour day; which one is off?"
                )
            raise AnswersError(
                f"Those shares add up to {total:g}%, not 100%; which task should take more or less time?"
            )
    notes = list(day.notes)
    if abs(total - 100) > 1e-9:
        notes.append(f"Your shares added up to {total:g}%; I scaled them to 100%.")
    merged: dict[str, float] = {}
    for part, share in zip(parts, shares, strict=True):
        merged[part.said] = merged.get(part.said, 0.0) + (share or 0.0) * 100 / total
    kept = tuple(SplitPart(said=said, pct=pct) for said, pct in merged.items() if pct > 1e-9)
    if not kept:
        raise AnswersError("Tell me how your day splits, e.g. 'half coding, 20% denials, the rest queries'.")
    split = ParsedSplit(parts=kept, note=" ".join(notes) or None)
    return DayReading(split=split, text=_written(split, day))


def _task_gap(index: int, left: float, hours_day: float | None, total: float | None) -> Gap:
    other = f"{_show(left)}% of your day"
    if hours_day is not None:
        other = f"{_show(left * hours_day / 100)} hours ({_show(left)}%) of your day"
    start = f"Your shares add up to {_show(total)}%; what" if total is not None else "What"
    return Gap(
        kind="task",
        item=index,
        question=f"{start} do you do in the other {other}? Name the task, e.g. 'queries', or split it, "
        "e.g. '20% queries, 10% meetings'.",
    )


def _written(split: ParsedSplit, day: _Day) -> str:
    """The split as text that reads back to the same shares (what a conversation stores)."""
    lines = [f"{round(part.pct, 2):g}% {part.said}" for part in split.parts[:-1]]
    lines.append(
        f"the rest {split.parts[-1].said}" if len(split.parts) > 1 else f"100% {split.parts[-1].said}"
    )
    return ", ".join(lines)


# ----- the public readers ------------------------------------------------------------------------------


_CLOCK = LazyPattern(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?!\s*[:/])"
    r"|\b(?P<start>\d{1,2})\s*(?:-|to|till|until|til)\s*(?P<end>\d{1,2})\b(?!\s*(?:%|\.\d|hours?|hrs?|h\b|days?|min))"
)


def _clock_time(text: str) -> str | None:
    """A time of day ('8:30', '9am', '9-5'): the person told a schedule, not how long each task takes."""
    for found in _CLOCK.finditer(text.lower()):
        if found.group("start") is None:
            return found.group(0)
        start, end = int(found.group("start")), int(found.group("end"))
        if end <= start <= 24:  # '9-5' wraps past noon; '80-20' is no time of day (a ratio, read elsewhere)
            return found.group(0)
    return None


def read_day(text: str, fills: tuple[Fill, ...] = ()) -> DayReading:
    """Read a described day, with the answers given so far to its gaps; raises AnswersError when it cannot."""
    if len(text) > MAX_SPLIT_TEXT:
        raise AnswersError(
            f"That description is {len(text)} characters; please keep it under {MAX_SPLIT_TEXT}."
        )
    if not text.strip():
        raise AnswersError("Tell me how your day splits, e.g. 'half coding, 20% denials, the rest queries'.")
    clock = _clock_time(_weekdays(_clock_ranges(text.lower().replace("\u2013", "-"))))
    if clock is not None:
        return DayReading(
            gap=Gap(
                kind="whole",
                question=f"How long does each task take? Times of day ({clock!r}) do not say; give hours or "
                "shares, e.g. '6 hours coding, the rest denials'.",
            )
        )
    if _DAY_TO_DAY.search(text.lower()) and not fills:  # "some days all coding, other days all denials"
        return _whole_gap(text)
    day = _read(text)
    for fill in fills:
        day = _apply(day, fill)
    return _resolve(day, text)


_IN_A_FILE = {
    "day": "the day's length, e.g. '..., of my 8-hour day'",
    "week": "the days of your week, e.g. '..., of my 5-day week'",
    "share": "a share for each task, e.g. 'queries 20%'",
    "task": "the task for the time left, e.g. '..., the rest queries'",
    "whole": "how your day splits, e.g. 'half coding, the rest queries'",
}


def parse_split(text: str, in_a_file: bool = False) -> ParsedSplit:
    """Parse a free-text time split; raise AnswersError with the question that names what is missing (and,
    for an answers file, which cannot answer back, what to write into time_split instead)."""
    reading = read_day(text)
    if reading.split is None:
        question = reading.gap.question if reading.gap else "I could not read that day."
        if in_a_file and reading.gap is not None:
            question += f" (In the file, write {_IN_A_FILE[reading.gap.kind]} into time_split.)"
        raise AnswersError(question)
    return reading.split


# "included in the 70", "that's part of the coding", "same as coding", "in with the coding": the part asked
# about has no time of its own; it is counted in another part of the day, named by its words or its amount.
_WITHIN = LazyPattern(
    r"^(?:(?:it|that|this|they|those|these|it's|that's|its|thats|theyre|they're|is|are|was|all|already|just|"
    r"really|oh|well|no|nah|sorry|basically|kind\s+of|sort\s+of|pretty\s+much|also)\s+)*"
    r"(?:(?:included|incl|inc|part|counted|covered|inside|within|lumped|bundled|combined|grouped|same)\b|"
    r"(?:in|goes|go|comes|come|falls|fall|mixed|together|done)\s+(?:in\s+)?(?:with|under|into)\b)"
    r"(?:\s+(?:in|into|with|of|as|under|by|within|inside|that|the\s+same\s+as))*"
    r"(?P<ref>.*)$"
)
_WITHIN_VAGUE = LazyPattern(
    r"^(?:it|that|this|those|these|above|the\s+above|one\s+before|previous|the\s+previous\s+one|first|"
    r"the\s+first\s+one|time|one|same\s+time|too|as\s+well)?$"
)


def _within(gap: Gap, text: str) -> Fill | None:
    """'included in the 70', 'part of the coding': the part's time is counted in another; None if not that."""
    found = _WITHIN.match(
        " ".join(re.sub(r"[,;]", " ", text.lower().replace("\u2019", "'")).split()).strip(" .!")
    )
    if found is None:
        return None
    words = re.sub(
        r"\b(?:the|my|our|that|this|those|these|same|one|part|bit|share|time|of|in|with)\b",
        " ",
        found.group("ref"),
    )
    words = " ".join(words.split()).strip(" .,!")
    number = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:%|percent|pc|hours?|hrs?|h)?", words)
    if number is not None:
        return Fill(kind="share", item=gap.item, within=number.group(1))
    return Fill(kind="share", item=gap.item, within="" if _WITHIN_VAGUE.match(words) else words)


_BARE_AMOUNT = LazyPattern(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|hours?|hrs?|hr|h|days?)?$")


def read_fill(gap: Gap, text: str) -> Fill:
    """A bare answer to one gap ('75%', 'half', '2 hours', 'about 3', 'queries'); AnswersError if it is not one."""
    if gap.kind == "task":
        if len(text) > MAX_SPLIT_TEXT or not any(part.named for part in _read(text).parts):
            raise AnswersError(f"Please name the task, e.g. 'queries'. {gap.question}")
        return Fill(kind="task", item=gap.item, words=text.strip())
    if gap.kind == "share" and (within := _within(gap, text)) is not None:
        return within
    cleaned = _weekly_hours(_normalise(text, []), [], gap.kind != "share")
    if gap.said:  # "6 hours coding" to "How much of your day is coding?": the amount is the answer
        cleaned = re.sub(rf"(?<!\w){re.escape(gap.said)}(?!\w)", " ", cleaned)
    cleaned = re.sub(
        r"\b(?:i'd|i'm|it's|that's|about|around|roughly|approximately|approx|maybe|nearly|almost|just|say|id|"
        r"probably|of|my|the|day|time|shift|a|an|week|it|is|its|i|on|in|doing|spend|spent|for|say|so|ish|"
        r"or\s+so|tops|max|at\s+most|at\s+least|also|too)\b",
        " ",
        cleaned,
    )
    cleaned = " ".join(cleaned.split()).strip(" .,!")
    if cleaned in ("none", "nothing", "no", "0"):
        return Fill(kind=gap.kind, item=gap.item, amount=0.0, unit="%" if gap.kind == "share" else "h")
    if (gap.kind == "share" and _REST.fullmatch(cleaned)) or cleaned in (
        "rest",
        "what is left",
        "whats left",
    ):
        if gap.left_pct is None:
            raise AnswersError(
                "I cannot tell yet what is left; please give a share such as 25% or '2 hours'."
            )
        return Fill(kind="share", item=gap.item, amount=gap.left_pct, unit="%")
    found = _BARE_AMOUNT.match(cleaned)
    if gap.kind in ("day", "week"):
        what = "hours" if gap.kind == "day" else "days"
        limit = MAX_DAY_HOURS if gap.kind == "day" else MAX_WEEK_DAYS
        if (
            found is None
            or (found.group("unit") or what)[0] != what[0]
            or not 0 < float(found.group("num")) <= limit
        ):
            raise AnswersError(f"Please give the number of {what}, e.g. {'8' if what == 'hours' else '5'}.")
        return Fill(kind=gap.kind, amount=float(found.group("num")), unit="h" if gap.kind == "day" else "d")
    if found is None:
        raise AnswersError(f"I could not read {text.strip()!r} as a share of your day; {_hint()}.")
    amount, unit = float(found.group("num")), found.group("unit") or ""
    kind: Unit
    if unit == "%":
        kind = "%"
    elif unit.startswith("h"):
        kind = "h"
    elif unit.startswith("d"):
        kind = "d"
    elif (gap.hours and amount <= MAX_DAY_HOURS) or (not gap.hours and amount <= 12 and gap.left_pct is None):
        kind = "h"
    else:
        kind = "%"
    if (kind == "%" and amount > 100) or (kind == "h" and amount > MAX_DAY_HOURS):
        raise AnswersError(f"{text.strip()!r} is more than a whole day; {_hint()}.")
    return Fill(kind="share", item=gap.item, amount=amount, unit=kind)


def split_from_table(table: dict[str, float]) -> ParsedSplit:
    """A split given as a table of task -> percent, checked like a typed one."""
    parts, note = table_shares(table)
    return ParsedSplit(parts=tuple(SplitPart(said=said, pct=pct) for said, pct in parts), note=note)


def table_shares(table: dict[str, float]) -> tuple[list[tuple[str, float]], str | None]:
    """`split_from_table` as plain data: (task words, percent) for each task given time, and the note."""
    total = sum(table.values())
    if not table or total <= 0:
        raise AnswersError("time_split is empty; give at least one task with a share.")
    fractions = NORMALISE_LOW / 100 <= total <= NORMALISE_HIGH / 100
    if not fractions and not NORMALISE_LOW <= total <= NORMALISE_HIGH:
        raise AnswersError(
            f"time_split adds up to {total:g}%, not 100%; which task should take more or less time?"
        )
    if fractions:  # {coding = 0.6, queries = 0.4}: shares of 1, as a spreadsheet writes them
        first = next(iter(table.values()))
        note: str | None = (
            f"Your shares add up to {total:g}, so I read them as fractions of the day ({first:g} as {first * 100:g}%)."
        )
    else:
        note = (
            None if abs(total - 100) < 1e-9 else f"Your shares added up to {total:g}%; I scaled them to 100%."
        )
    return [(name, pct * 100 / total) for name, pct in table.items() if pct > 0], note
