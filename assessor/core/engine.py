"""The AIJRI formula of seed 001 (JobZone Risk, "Medical Coder (Mid-Level)"), reproduced exactly.

task resistance = 6 - sum(time share x automation score)
raw   = task resistance x (1 + 0.04 x evidence) x (1 + 0.02 x barriers) x (1 + 0.05 x growth)
score = (raw - 0.54) / 7.93 x 100, clamped to 0..100
zone  = green >= 48, yellow 25..47.99, red < 25

The published card has a "waterfall" whose parts do not add up to its own score; ours is a Shapley
attribution of the three modifiers on top of what the tasks alone give, so the parts always sum to the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import permutations
from typing import Literal, NamedTuple, Protocol

from assessor.core.records import record

# Constants of the formula, all from seed 001 ("JobZone Composite Score (AIJRI)" table).
EVIDENCE_STEP = 0.04
BARRIER_STEP = 0.02
GROWTH_STEP = 0.05
RAW_FLOOR = 0.54
RAW_SPAN = 7.93
GREEN_FROM = 48.0
YELLOW_FROM = 25.0
# Imminent criteria, from the seed's sub-label table (task resistance < 1.8, evidence <= -6, barriers <= 2).
# The seed says one criterion of three is not enough; we read that as "two or more of three".
IMMINENT_TASK_RESISTANCE_BELOW = 1.8
IMMINENT_EVIDENCE_AT_MOST = -6
IMMINENT_BARRIERS_AT_MOST = 2
IMMINENT_CRITERIA_NEEDED = 2
# Green sub-label: "Transforming" when at least this share of time is displaced or augmented (score >= 3).
# Estimate: chosen so that the seed's Compliance Manager (75% augmented or displaced) reads Transforming and
# Registered Nurse (mostly hands-on care) reads Stable.
GREEN_TRANSFORMING_SHARE = 40.0

Zone = Literal["red", "yellow", "green"]
TaskKind = Literal["displaced", "augmented", "not involved"]


@record(frozen=True, kw_only=True)
class TaskInput:
    """What the formula needs of one task (refused out of range: 0..100% of the day, automation 1..5)."""

    name: str
    time_pct: float
    automation: int

    def __post_init__(self) -> None:
        if not 0 <= self.time_pct <= 100:
            raise ValueError(f"time_pct: {self.time_pct} is outside 0..100")
        if not 1 <= self.automation <= 5:
            raise ValueError(f"automation: {self.automation} is outside 1..5")


class TaskFigures(Protocol):
    """What the formula reads of a task: a TaskInput, or a person's task already checked as one."""

    @property
    def time_pct(self) -> float: ...

    @property
    def automation(self) -> int: ...


@record(frozen=True, kw_only=True)
class WaterfallPart:
    """One step of the score's waterfall: what it is and the points it adds."""

    part: str
    points: float


@record(frozen=True, kw_only=True)
class Breakdown:
    """Every number between the inputs and the score, so a reader can check the arithmetic."""

    weighted_automation: float
    task_resistance: float
    evidence: int
    barriers: int
    growth: int
    protective: int
    evidence_modifier: float
    barrier_modifier: float
    growth_modifier: float
    raw: float
    unclamped: float
    score: float
    zone: Zone
    label: str
    imminent_criteria_met: int
    displaced_pct: float
    augmented_pct: float
    not_involved_pct: float
    waterfall: tuple[WaterfallPart, ...]


def task_kind(automation: int) -> TaskKind:
    """Seed 001 shows 4-5 as displacement, 2-3 as augmentation; 1 is work AI does not touch."""
    if automation >= 4:
        return "displaced"
    if automation >= 2:
        return "augmented"
    return "not involved"


def task_resistance(tasks: Sequence[TaskFigures]) -> float:
    total_time = sum(task.time_pct for task in tasks)
    if total_time <= 0:
        raise ValueError("tasks have no time")
    weighted = sum(task.time_pct * task.automation for task in tasks) / total_time
    return 6.0 - weighted


def score_from_raw(raw: float) -> float:
    return (raw - RAW_FLOOR) / RAW_SPAN * 100.0


def zone_of(score: float) -> Zone:
    # Zones are read off the score as published, to one decimal (47.96 shows as 48.0, Green).
    shown = round(score, 1)
    if shown >= GREEN_FROM:
        return "green"
    if shown >= YELLOW_FROM:
        return "yellow"
    return "red"


def _shapley(base: float, modifiers: dict[str, float]) -> dict[str, float]:
    """Exact Shapley values of multiplicative modifiers on top of `base` (score units)."""
    names = list(modifiers)
    contributions = dict.fromkeys(names, 0.0)
    orders = list(permutations(names))
    start = score_from_raw(base)  # base * 1.0 is base
    for order in orders:
        product = 1.0
        before = start
        for name in order:
            product *= modifiers[name]
            after = score_from_raw(base * product)
            contributions[name] += after - before
            before = after
    return {name: value / len(orders) for name, value in contributions.items()}


def score_only(shares: list[tuple[float, int]], evidence: int, barriers: int, growth: int) -> float:
    """The score alone, from (time share, automation) pairs: what `compute` gives as `score`, with the same
    arithmetic in the same order (so the same float), for callers that need no breakdown (adjustment effects)."""
    total_time = sum(time_pct for time_pct, _ in shares)
    if total_time <= 0:
        raise ValueError("tasks have no time")
    resistance = 6.0 - sum(time_pct * automation for time_pct, automation in shares) / total_time
    raw = (
        resistance
        * (1.0 + evidence * EVIDENCE_STEP)
        * (1.0 + barriers * BARRIER_STEP)
        * (1.0 + growth * GROWTH_STEP)
    )
    return min(100.0, max(0.0, score_from_raw(raw)))


class Part(NamedTuple):
    """A part of the waterfall as plain data (a WaterfallPart's fields)."""

    part: str
    points: float


class Figures(NamedTuple):
    """Every number of a breakdown as plain data: a Breakdown's fields, its waterfall as `Part`s."""

    weighted_automation: float
    task_resistance: float
    evidence: int
    barriers: int
    growth: int
    protective: int
    evidence_modifier: float
    barrier_modifier: float
    growth_modifier: float
    raw: float
    unclamped: float
    score: float
    zone: Zone
    label: str
    imminent_criteria_met: int
    displaced_pct: float
    augmented_pct: float
    not_involved_pct: float
    waterfall: tuple[Part, ...]


def compute(
    tasks: Sequence[TaskFigures],
    evidence: int,
    barriers: int,
    growth: int,
    protective: int = 0,
) -> Breakdown:
    """The whole AIJRI computation, pure: same inputs, same breakdown."""
    found = figures(tasks, evidence, barriers, growth, protective)
    waterfall = tuple(WaterfallPart(part=part.part, points=part.points) for part in found.waterfall)
    return Breakdown(**{**found._asdict(), "waterfall": waterfall})


def figures(
    tasks: Sequence[TaskFigures],
    evidence: int,
    barriers: int,
    growth: int,
    protective: int = 0,
) -> Figures:
    """`compute` as plain data, for callers that build no models (`score --batch`)."""
    if not -10 <= evidence <= 10:
        raise ValueError(f"evidence {evidence} is outside -10..10")
    if not 0 <= barriers <= 10:
        raise ValueError(f"barriers {barriers} is outside 0..10")
    if not -2 <= growth <= 2:
        raise ValueError(f"growth {growth} is outside -2..2")
    total_time = sum(task.time_pct for task in tasks)
    if total_time <= 0:
        raise ValueError("tasks have no time")
    resistance = 6.0 - sum(task.time_pct * task.automation for task in tasks) / total_time  # task_resistance
    shares = {"displaced": 0.0, "augmented": 0.0, "not involved": 0.0}
    for task in tasks:
        shares[task_kind(task.automation)] += task.time_pct * 100.0 / total_time
    exposed_share = shares["displaced"] + shares["augmented"]
    found = _modified(resistance, evidence, barriers, growth)
    if found.zone == "red":
        label = "Red (Imminent)" if found.imminent_criteria_met >= IMMINENT_CRITERIA_NEEDED else "Red"
    elif found.zone == "yellow":
        label = "Yellow"
    else:
        label = "Green (Transforming)" if exposed_share >= GREEN_TRANSFORMING_SHARE else "Green (Stable)"
    return found._replace(
        protective=protective,
        label=label,
        displaced_pct=shares["displaced"],
        augmented_pct=shares["augmented"],
        not_involved_pct=shares["not involved"],
    )


@lru_cache(maxsize=4096, typed=True)  # typed: an evidence of 1.0 is written as 1.0, of 1 as 1
def _modified(resistance: float, evidence: int, barriers: int, growth: int) -> Figures:
    """What follows from the task resistance and the three modifiers (all but the label and the day's shares):
    remembered, as days of other tasks and shares come to the same resistance (16,024 days of a 50,000-row
    batch came to 1,077 of them, each with a Shapley attribution to work out)."""
    evidence_modifier = 1.0 + evidence * EVIDENCE_STEP
    barrier_modifier = 1.0 + barriers * BARRIER_STEP
    growth_modifier = 1.0 + growth * GROWTH_STEP
    raw = resistance * evidence_modifier * barrier_modifier * growth_modifier
    unclamped = score_from_raw(raw)
    score = min(100.0, max(0.0, unclamped))
    if abs(score - unclamped) < 1e-9:
        # Floating-point dust at the ends (all tasks at 5 gives -1e-15): no clamp worth showing.
        unclamped = score
    criteria = sum(
        (
            resistance < IMMINENT_TASK_RESISTANCE_BELOW,
            evidence <= IMMINENT_EVIDENCE_AT_MOST,
            barriers <= IMMINENT_BARRIERS_AT_MOST,
        )
    )
    tasks_alone = score_from_raw(resistance)
    parts = _shapley(
        resistance,
        {"Evidence": evidence_modifier, "Barriers": barrier_modifier, "AI growth": growth_modifier},
    )
    waterfall = [Part("Task resistance", tasks_alone)]
    waterfall += [Part(name, points) for name, points in parts.items()]
    waterfall.append(Part("Protective principles", 0.0))
    if score != unclamped:
        waterfall.append(Part("Clamped to 0-100", score - unclamped))
    return Figures(
        weighted_automation=6.0 - resistance,
        task_resistance=resistance,
        evidence=evidence,
        barriers=barriers,
        growth=growth,
        protective=0,
        evidence_modifier=evidence_modifier,
        barrier_modifier=barrier_modifier,
        growth_modifier=growth_modifier,
        raw=raw,
        unclamped=unclamped,
        score=score,
        zone=zone_of(score),
        label="",
        imminent_criteria_met=criteria,
        displaced_pct=0.0,
        augmented_pct=0.0,
        not_involved_pct=0.0,
        waterfall=tuple(waterfall),
    )


def rounded_parts(
    parts: Sequence[WaterfallPart | Part], total: float, digits: int = 1
) -> list[tuple[str, float]]:
    """Round the parts so the shown numbers still add up to the shown total (largest remainder)."""
    scale = 10**digits
    target = round(round(total, digits) * scale)
    floors = [int(part.points * scale // 1) for part in parts]
    remainders = [part.points * scale - floor for part, floor in zip(parts, floors, strict=True)]
    missing = target - sum(floors)
    order = sorted(range(len(parts)), key=lambda index: remainders[index], reverse=True)
    adjusted = list(floors)
    if missing >= 0:
        for index in order[:missing]:
            adjusted[index] += 1
    else:
        for index in list(reversed(order))[:-missing]:
            adjusted[index] -= 1
    return [(part.part, value / scale) for part, value in zip(parts, adjusted, strict=True)]
