"""`score --batch`'s results as JSON text, scored from plain data: for each row, the very text of
`assessment_summary(assess(answers, catalog))` as `score --batch` writes it, without building an assessment.

A batch's rows repeat titles, kinds of coder and phrases, but most of their days are new (two thirds of the
task tables in varied rows occur once), so each new day is scored as cheaply as it can be: its tasks are
`DayTask` tuples (`assess.day_tasks`), the role, the adjustments that apply, their effects and the figures come
from the functions `assess` uses, and the middle of a result is written once per day and set of adjustments.
Errors are the ones `assess` raises, from the same functions. tests/unit/test_batch_equivalence.py compares
every line with `assess`, row by row.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from assessor.core.assess import (
    MEMO_SIZE,
    ROLE_MEMO_SIZE,
    DayKey,
    DayTask,
    _called,
    _changes,
    _chosen_role_or_error,
    _deltas,
    _raise_remembered,
    _Remembered,
    _role_figures,
    _score_with,
    _without_traceback,
    adjustment_kind,
    card_summary,
    day_key,
    day_tasks,
)
from assessor.core.catalog import Catalog
from assessor.core.engine import Figures, rounded_parts, task_kind
from assessor.core.engine import figures as breakdown_figures
from assessor.core.errors import AssessorError
from assessor.core.models import Adjustment, Answers, RoleCard
from assessor.core.text import terminal_safe

# What json.dumps(value, ensure_ascii=False, allow_nan=False, default=str) builds on every call, built once;
# results are trees of fresh dicts and lists, never circular, so the check for that is left out (same text).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=str, check_circular=False)


def safe_json(value: object) -> str:
    """terminal_safe(json.dumps(value, ...)); printable ASCII (most of it) has nothing to escape.

    terminal_safe works character by character, so the parts of a line escaped apart are the line escaped.
    """
    text = _ENCODER.encode(value)
    return text if text.isascii() and text.isprintable() else terminal_safe(text)


TEXTS_SIZE = 8192


class AdjustmentEffect(NamedTuple):
    """An adjustment as a result names it: what it changed, and the points it moved the score by alone."""

    id: str
    title: str
    changes: tuple[str, ...]
    effect: float


def id_json(row_id: str | int | None) -> str:
    """safe_json of a row's id: most are printable ASCII with nothing to escape (r17, 42), written as they are."""
    if (
        type(row_id) is str
        and row_id.isascii()
        and row_id.isprintable()
        and '"' not in row_id
        and "\\" not in row_id  # what JSON escapes in printable ASCII
    ):
        return f'"{row_id}"'
    return "null" if row_id is None else safe_json(row_id)


class Day(NamedTuple):
    """A day as `day_tasks` gives it, and the middles of the results written for it so far."""

    tasks: tuple[DayTask, ...]
    notes: tuple[str, ...]
    task_ids: frozenset[str]
    # the ids of the adjustments that apply -> the result's middle, "tasks" to "adjustments"
    middles: dict[tuple[str, ...], str]


class RowScorer:
    """The JSON text of each row's result, for one catalog; each memo bounded (forgotten all at once when
    full: most days occur once, and keeping the most recently used ones cost more than it saved), so memory
    stays flat however many rows a batch has."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.remembered: _Remembered = catalog.derived("assessments", _Remembered)
        self.days: dict[DayKey, Day | AssessorError] = {}
        self.cards: dict[tuple[str, float], str] = {}
        self.evidence_totals: dict[str, int] = {}  # role id -> the card's evidence, unadjusted
        self.notes: dict[tuple[str, ...], str] = {}
        self.texts: dict[str | None, str] = {}  # strings of the results as escaped JSON
        self.task_texts: dict[DayTask, str] = {}
        # (task resistance, evidence, barriers, growth, protective, label): all ints but the resistance
        self.figure_texts: dict[tuple[float, int, int, int, int, str], str] = {}
        self.version = safe_json(catalog.version)
        # The credentials (lower case) some adjustment's condition names; a kind of coder's adjustments
        self.credentials = self.remembered.condition_credentials(catalog.adjustments)
        self.kinds: dict[
            tuple[object, ...], tuple[tuple[tuple[Adjustment, frozenset[str] | None], ...], tuple[str, ...]]
        ] = {}

    def result(self, answers: Answers) -> str:
        """safe_json(assessment_summary(assess(answers, catalog))); AssessorError as `assess` raises it."""
        found = self.outcome(answers)
        if isinstance(found, AssessorError):
            _raise_remembered(found)
        return found

    def outcome(self, answers: Answers) -> str | AssessorError:
        """`result`, or the error `assess` raises as remembered (to read, not to change): a batch's refused
        rows repeat a title or a phrase, and are told without copying, raising and catching an error each."""
        catalog = self.catalog
        chosen = _chosen_role_or_error(answers, catalog, self.remembered.roles)
        if isinstance(chosen, AssessorError):
            return chosen
        role, confidence, country = chosen
        day = self._day(answers, role)
        if isinstance(day, AssessorError):
            return day
        task_ids = day.task_ids
        # The adjustments a kind of coder calls for, those that change this day, and the notes (as _applicable).
        kind = adjustment_kind(answers, role, self.credentials)
        called = self.kinds.get(kind)
        if called is None:
            if len(self.kinds) >= ROLE_MEMO_SIZE:
                self.kinds.clear()
            called = self.kinds[kind] = _called(answers, role, kind, catalog, self.remembered.adjustments)
        changing, adjustment_notes = called
        applicable = tuple(
            adjustment for adjustment, tasks in changing if tasks is None or not tasks.isdisjoint(task_ids)
        )
        applicable_ids = tuple(adjustment.id for adjustment in applicable)
        middle = day.middles.get(applicable_ids)
        if middle is None:
            middle = day.middles[applicable_ids] = self._middle(day.tasks, applicable, role)
        card = self.cards.get((role.id, confidence))
        if card is None:
            if len(self.cards) >= MEMO_SIZE:
                self.cards.clear()
            card = self.cards[(role.id, confidence)] = safe_json(card_summary(role, confidence))
        notes = (country, *day.notes, *adjustment_notes) if country else (*day.notes, *adjustment_notes)
        notes_text = self.notes.get(notes)
        if notes_text is None:
            if len(self.notes) >= MEMO_SIZE:
                self.notes.clear()
            notes_text = self.notes[notes] = safe_json(list(notes))
        return f'{{"role": {card}, {middle}, "notes": {notes_text}, "data_version": {self.version}}}'

    def _day(self, answers: Answers, role: RoleCard) -> Day | AssessorError:
        """`day_tasks`, remembered by what it reads (an error too, returned as remembered)."""
        key = day_key(answers, role)
        found = self.days.get(key)
        if found is None:
            try:
                tasks, notes = day_tasks(answers, role, self.catalog)
                found = Day(tuple(tasks), tuple(notes), frozenset(task.id for task in tasks), {})
            except AssessorError as error:
                found = _without_traceback(error)
            if len(self.days) >= MEMO_SIZE:
                self.days.clear()
            self.days[key] = found
        return found

    def _middle(self, day: tuple[DayTask, ...], applicable: tuple[Adjustment, ...], role: RoleCard) -> str:
        """The middle of a result ("tasks" to "adjustments"): the day adjusted, its breakdown and each
        adjustment's own effect, worked out as `assess` does (its `_scored`)."""
        figures = _role_figures(role, self.catalog)
        adjustments = list(applicable)
        task_delta, evidence_delta = _deltas(adjustments)
        tasks = list(day)  # a day's tasks are at their own automation, within 1..5 (day_tasks, the cards)
        if task_delta:
            for number, task in enumerate(day):
                automation = min(5, max(1, task.base_automation + task_delta.get(task.id, 0)))
                if automation != task.automation:
                    tasks[number] = task._replace(automation=automation, kind=task_kind(automation))
        if evidence_delta:
            evidence = sum(
                min(2, max(-2, value + evidence_delta.get(key, 0))) for key, value in figures.evidence.items()
            )
        else:  # the card's own evidence, summed once per card
            found = self.evidence_totals.get(role.id)
            if found is None:
                found = self.evidence_totals[role.id] = sum(
                    min(2, max(-2, value)) for value in figures.evidence.values()
                )
            evidence = found
        breakdown = breakdown_figures(
            tasks,
            evidence=evidence,
            barriers=figures.barriers,
            growth=figures.growth,
            protective=figures.protective,
        )
        names = {task.id: task.name for task in day} if adjustments else {}
        effects = [
            AdjustmentEffect(
                adjustment.id,
                adjustment.title,
                _changes(adjustment, names),
                breakdown.score
                - _score_with(
                    [other for other in adjustments if other.id != adjustment.id],
                    day,
                    figures.evidence,
                    figures,
                ),
            )
            for adjustment in adjustments
        ]
        return self._written(tasks, breakdown, effects)

    def _written(self, tasks: list[DayTask], breakdown: Figures, effects: list[AdjustmentEffect]) -> str:
        """safe_json(scores_summary(...))[1:-1] of these figures, written part by part: json.dumps's
        separators, its numbers (repr of a float or int, all finite here) and its strings, each escaped once.

        Parts repeat from day to day and are remembered: a task with its share (a third of a batch's are
        new), the figures that follow from the task resistance and the modifiers (a fifteenth are new).
        """
        texts = self.task_texts
        written = []
        for task in tasks:
            found = texts.get(task)
            if found is None:
                if len(texts) >= TEXTS_SIZE:
                    texts.clear()
                found = texts[task] = self._task_text(task)
            written.append(found)
        key = (
            breakdown.task_resistance,
            breakdown.evidence,
            breakdown.barriers,
            breakdown.growth,
            breakdown.protective,
            breakdown.label,
        )
        numbers = self.figure_texts.get(key)
        if numbers is None:
            if len(self.figure_texts) >= TEXTS_SIZE:
                self.figure_texts.clear()
            numbers = self.figure_texts[key] = self._figures_text(breakdown)
        text = self._text
        adjustments = [
            f'{{"id": {text(effect.id)}, "title": {text(effect.title)}, '
            f'"changes": [{", ".join(map(text, effect.changes))}], "effect": {round(effect.effect, 2)!r}}}'
            for effect in effects
        ]
        return f'"tasks": [{", ".join(written)}], {numbers}, "adjustments": [{", ".join(adjustments)}]'

    def _task_text(self, task: DayTask) -> str:
        text = self._text
        return (
            f'{{"id": {text(task.id)}, "name": {text(task.name)}, "time_pct": {round(task.time_pct, 2)!r}, '
            f'"automation": {task.automation!r}, "base_automation": {task.base_automation!r}, '
            f'"kind": {text(task.kind)}, "origin": {text(task.origin)}, "card": {text(task.card)}, '
            f'"said": {text(task.said)}, "deciding": [{", ".join(map(text, task.deciding))}], '
            f'"confidence": {round(task.confidence, 1)!r}}}'
        )

    def _figures_text(self, breakdown: Figures) -> str:
        """From "task_resistance" to "waterfall"."""
        text = self._text
        waterfall = [
            f'{{"part": {text(part)}, "points": {points!r}}}'
            for part, points in rounded_parts(breakdown.waterfall, breakdown.score)
        ]
        return (
            f'"task_resistance": {round(breakdown.task_resistance, 4)!r}, '
            f'"evidence": {breakdown.evidence!r}, "barriers": {breakdown.barriers!r}, '
            f'"ai_growth": {breakdown.growth!r}, "protective": {breakdown.protective!r}, '
            f'"raw": {round(breakdown.raw, 5)!r}, "score": {round(breakdown.score, 1)!r}, '
            f'"score_unrounded": {breakdown.score!r}, "zone": {text(breakdown.zone)}, '
            f'"label": {text(breakdown.label)}, "waterfall": [{", ".join(waterfall)}]'
        )

    def _text(self, value: str | None) -> str:
        """safe_json of a string (or null), remembered."""
        found = self.texts.get(value)
        if found is None:
            if len(self.texts) >= TEXTS_SIZE:
                self.texts.clear()
            found = self.texts[value] = safe_json(value)
        return found
