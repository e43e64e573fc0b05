"""Session records over the store: recording a conversation, re-scoring on new role data, comparing.

Everything here is a pure function of stored records and the catalog, except SessionRecorder, which writes
each accepted answer to the store the moment the conversation accepts it.

A stored result is what the client was told at the time; it is never overwritten by a re-score. When the role
data changed since (catalog.version differs), `rescore` scores the stored answers again and lists which
figures moved: old -> new and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assessor.core.assess import assess, assessment_summary, load_answers
from assessor.core.catalog import Catalog
from assessor.core.errors import AssessorError
from assessor.core.frozen import Frozen
from assessor.core.models import Answers
from assessor.core.plain import dumped
from assessor.sessions.backend import SessionStore
from assessor.sessions.errors import StoreError
from assessor.sessions.models import SessionRecord, StoredResult

if TYPE_CHECKING:
    from assessor.core.conversation import ConversationState
    from assessor.core.questionnaire import Question, Questionnaire


# -- recording a conversation -------------------------------------------------------------------------


def answers_so_far(state: ConversationState) -> dict[str, Any]:
    """The answers fields the conversation holds now (what `ConversationState.start(initial=...)` resumes)."""
    data: dict[str, Any] = dict(state.preset)
    for question, _, value in state.answered:
        if value is None:
            data.pop(question.answer_field, None)
        else:
            data[question.answer_field] = list(value) if isinstance(value, tuple) else value
    if state.role_id:
        data["role_id"] = state.role_id
    choices = state.task_choices_used()
    if choices:
        data["task_choices"] = choices
    return data


GONE_BACK = "<"  # the raw text logged when an answer was reopened to be given again


class SessionRecorder:
    """The `on_answer` hook of a conversation: each accepted answer is committed before the next question."""

    def __init__(self, store: SessionStore, session_id: str, state: ConversationState | None = None) -> None:
        self.store = store
        self.session_id = session_id
        # Answers already in the state (resumed or preloaded) are not recorded twice.
        self.seen: set[tuple[str, str]] = set()
        if state is not None:
            self.seen = {(entry.question_id, entry.raw) for entry in state.entries}

    def on_answer(self, state: ConversationState) -> None:
        answers = answers_so_far(state)
        current = [(entry.question_id, entry.raw) for entry in state.entries]
        added = [key for key in current if key not in self.seen]
        for question_id, raw in added:
            self.store.record_answer(self.session_id, question_id, raw, answers)
        if not added:
            # The person went back ("<"): log which answer was reopened, and store the answers without it,
            # so a resume after a crash asks that question again.
            for question_id, _ in sorted(self.seen - set(current)):
                self.store.record_answer(self.session_id, question_id, GONE_BACK, answers)
        self.seen = set(current)

    def record_all(self, state: ConversationState) -> None:
        """Record every answer in `state` not recorded yet (answers preloaded from a file)."""
        self.on_answer(state)


def score_answers(
    answers: Answers, catalog: Catalog
) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    """(result, plan, why the plan is missing) for storing with `Store.finish`."""
    result = assessment_summary(assess(answers, catalog))
    try:
        from assessor.core.plan import build_plan, plan_summary

        return result, plan_summary(build_plan(answers, catalog)), None
    except AssessorError as exc:
        return result, None, exc.message


def finish_session(store: SessionStore, session_id: str, answers: Answers, catalog: Catalog) -> str | None:
    """Store the result and plan of a finished conversation; returns a warning when no plan could be made."""
    result, plan, problem = score_answers(answers, catalog)
    store.finish(
        session_id, result, plan, catalog.version, answers=dumped(answers, json=True, exclude_none=True)
    )
    return problem


def session_answers(record: SessionRecord) -> Answers:
    """The stored answers as Answers; refuses an unfinished session, saying how to finish it."""
    try:
        return load_answers(record.answers, f"session {record.id}")
    except AssessorError:
        raise StoreError(
            f"session {record.id} ({record.client_label}) is not finished: "
            f"`assessor sessions resume {record.id}` continues it"
        ) from None


# -- re-scoring on new role data ----------------------------------------------------------------------


def answer_in_words(question: Question, value: Any, raw: str) -> str:
    """A stored answer as a person reads it: option labels, not values or the number typed ("2")."""
    labels = {option.value: option.label for option in question.options}
    if question.kind == "choice" and isinstance(value, str):
        return str(labels.get(value, value))
    if question.kind == "multi":
        items = value if isinstance(value, list | tuple) else ()
        shown = [str(item) for item in items]
        return ", ".join(shown) if shown else f"(default: {question.default_text()})"
    if question.kind == "split":
        return raw or f"(default: {question.default_text()})"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or value == "":
        return raw or f"(default: {question.default_text()})"
    return raw if question.kind == "text" and raw else str(value)


def answers_in_words(record: SessionRecord, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(question prompt, answer in words) for each answer given, in the order it was given."""
    lines = []
    for raw in record.raw_answers:
        try:
            question = questionnaire.question(raw.question_id)
        except KeyError:
            lines.append((raw.question_id, raw.raw_text or "(default)"))
            continue
        value = record.answers.get(question.answer_field)
        lines.append((question.prompt, answer_in_words(question, value, raw.raw_text)))
    return lines


class Rescore(Frozen):
    """A stored result next to the same answers scored on today's role data."""

    session_id: str
    old_version: str | None
    new_version: str
    old_score: float | None
    new_score: float | None
    old_label: str | None
    new_label: str | None
    changes: tuple[str, ...]  # which figures moved, one sentence each
    result: StoredResult | None = None
    error: str | None = None  # the stored answers no longer score on today's data, and why


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def result_changes(old: StoredResult, new: StoredResult) -> list[str]:
    """The figures that differ between two results, one sentence each."""
    changes: list[str] = []
    old_role_id = old.role.id if old.role else None
    new_role_id = new.role.id if new.role else None
    if old_role_id != new_role_id:
        old_title = old.role.title if old.role else None
        new_title = new.role.title if new.role else None
        changes.append(f"matched role: {old_title} -> {new_title}")
    old_tasks = {task.id: task for task in old.tasks}
    new_tasks = {task.id: task for task in new.tasks}
    for task_id, task in new_tasks.items():
        before = old_tasks.get(task_id)
        if before is None:
            changes.append(f"task added: {task.name} ({_fmt(task.time_pct)}% of the day)")
            continue
        if before.automation != task.automation:
            changes.append(f"task {task.name}: automation {before.automation}/5 -> {task.automation}/5")
        if abs(before.time_pct - task.time_pct) >= 0.05:
            changes.append(
                f"task {task.name}: share of the day {_fmt(before.time_pct)}% -> {_fmt(task.time_pct)}%"
            )
    for task_id, task in old_tasks.items():
        if task_id not in new_tasks:
            changes.append(f"task removed: {task.name}")
    figures = (
        ("task resistance", old.task_resistance, new.task_resistance),
        ("market evidence", old.evidence, new.evidence),
        ("barriers to AI", old.barriers, new.barriers),
        ("AI growth", old.ai_growth, new.ai_growth),
        ("protective factors", old.protective, new.protective),
    )
    for name, before_value, after_value in figures:
        if before_value is not None and after_value is not None and before_value != after_value:
            changes.append(f"{name}: {_fmt(before_value)} -> {_fmt(after_value)}")
    old_adjustments = {item.id: item for item in old.adjustments}
    new_adjustments = {item.id: item for item in new.adjustments}
    for adjustment_id, item in new_adjustments.items():
        previous = old_adjustments.get(adjustment_id)
        if previous is None:
            changes.append(f"adjustment now applies: {item.title} ({item.effect:+g} points)")
        elif previous.effect != item.effect:
            changes.append(f"adjustment {item.title}: {previous.effect:+g} -> {item.effect:+g} points")
    for adjustment_id, item in old_adjustments.items():
        if adjustment_id not in new_adjustments:
            changes.append(f"adjustment no longer applies: {item.title}")
    return changes


def rescore(record: SessionRecord, catalog: Catalog) -> Rescore | None:
    """None when scored on today's role data (or not scored yet); else old -> new and why."""
    if record.result is None or record.data_version == catalog.version:
        return None
    old = record.result
    base = {
        "session_id": record.id,
        "old_version": record.data_version,
        "new_version": catalog.version,
        "old_score": old.score,
        "old_label": old.label,
    }
    try:
        summary = assessment_summary(assess(load_answers(record.answers, f"session {record.id}"), catalog))
    except AssessorError as exc:
        return Rescore(**base, new_score=None, new_label=None, changes=(), error=exc.message)
    new = StoredResult.model_validate(summary)
    changes = result_changes(old, new)
    if not changes and old.score == new.score:
        changes = ["no figure used by these answers changed"]
    return Rescore(**base, new_score=new.score, new_label=new.label, changes=tuple(changes), result=new)


# -- comparing two sessions ---------------------------------------------------------------------------


class TaskSide(Frozen):
    id: str
    name: str
    time_a: float | None
    time_b: float | None
    automation_a: int | None
    automation_b: int | None


class PlanSide(Frozen):
    title: str
    gain_a: float | None
    gain_b: float | None
    months_a: float | None = None
    months_b: float | None = None
    cost_a: float | None = None
    cost_b: float | None = None


class AnswerChange(Frozen):
    """One answer that differs between two visits, in words (a credential earned, time moved)."""

    question: str
    before: str
    after: str
    added: tuple[str, ...] = ()  # on a list answer: what the later visit has that the earlier lacked
    removed: tuple[str, ...] = ()


def answer_changes(a: SessionRecord, b: SessionRecord) -> tuple[AnswerChange, ...]:
    """What changed in the answers from visit a to visit b, question by question, in words."""
    from assessor.core.questionnaire import load_questionnaire

    raw_a = {raw.question_id: raw.raw_text for raw in a.raw_answers}
    raw_b = {raw.question_id: raw.raw_text for raw in b.raw_answers}
    changes: list[AnswerChange] = []
    seen: set[str] = set()
    for question in load_questionnaire().questions:
        field = question.answer_field
        if field in seen:
            continue
        value_a, value_b = a.answers.get(field), b.answers.get(field)
        if question.kind == "split":
            value_a, value_b = raw_a.get(question.id) or value_a, raw_b.get(question.id) or value_b
        if value_a == value_b or (not value_a and not value_b):
            continue
        seen.add(field)
        before = answer_in_words(question, value_a, raw_a.get(question.id, ""))
        after = answer_in_words(question, value_b, raw_b.get(question.id, ""))
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if question.kind == "multi":
            items_a = [str(item) for item in value_a or ()]
            items_b = [str(item) for item in value_b or ()]
            added = tuple(item for item in items_b if item not in items_a)
            removed = tuple(item for item in items_a if item not in items_b)
        prompt = question.prompt.split("?")[0] + "?"
        changes.append(
            AnswerChange(question=prompt, before=before, after=after, added=added, removed=removed)
        )
    return tuple(changes)


class Comparison(Frozen):
    """Two sessions side by side (a client today and months later): task time, score and plan."""

    a: SessionRecord
    b: SessionRecord
    score_a: float
    score_b: float
    label_a: str
    label_b: str
    role_a: str
    role_b: str
    tasks: tuple[TaskSide, ...]
    plan: tuple[PlanSide, ...]
    notes: tuple[str, ...]  # e.g. the two were scored on different role data, and what today's data says
    answers: tuple[AnswerChange, ...] = ()  # what the client answered differently, a to b

    @property
    def score_change(self) -> float:
        return round(self.score_b - self.score_a, 1)


def _result(record: SessionRecord) -> StoredResult:
    if record.result is None:
        raise StoreError(
            f"session {record.id} ({record.client_label}) has no result yet: "
            f"`assessor sessions resume {record.id}` finishes it"
        )
    return record.result


def compare(a: SessionRecord, b: SessionRecord, catalog: Catalog | None = None) -> Comparison:
    """Side by side from the stored results, the older visit first; with a catalog, also each one
    re-scored on today's data."""
    if (b.created_at, b.updated_at) < (a.created_at, a.updated_at):  # same second: the later-updated is newer
        a, b = b, a
    result_a, result_b = _result(a), _result(b)
    tasks_a = {task.id: task for task in result_a.tasks}
    tasks_b = {task.id: task for task in result_b.tasks}
    order = list(tasks_a) + [task_id for task_id in tasks_b if task_id not in tasks_a]
    tasks = []
    for task_id in order:
        left, right = tasks_a.get(task_id), tasks_b.get(task_id)
        either = left or right
        assert either is not None
        tasks.append(
            TaskSide(
                id=task_id,
                name=either.name,
                time_a=left.time_pct if left else None,
                time_b=right.time_pct if right else None,
                automation_a=left.automation if left else None,
                automation_b=right.automation if right else None,
            )
        )
    tasks.sort(key=lambda side: -max(side.time_a or 0.0, side.time_b or 0.0))
    gains_a = {item.id: item for item in (a.plan.actions if a.plan else ())}
    gains_b = {item.id: item for item in (b.plan.actions if b.plan else ())}
    plan_order = list(gains_a) + [action for action in gains_b if action not in gains_a]
    plan = tuple(
        PlanSide(
            title=(gains_a.get(action) or gains_b[action]).title,
            gain_a=gains_a[action].gain if action in gains_a else None,
            gain_b=gains_b[action].gain if action in gains_b else None,
            months_a=gains_a[action].months if action in gains_a else None,
            months_b=gains_b[action].months if action in gains_b else None,
            cost_a=gains_a[action].cost_usd if action in gains_a else None,
            cost_b=gains_b[action].cost_usd if action in gains_b else None,
        )
        for action in plan_order
    )
    notes: list[str] = []
    if a.data_version != b.data_version:
        notes.append(
            f"the two sessions were scored on different role data ({a.data_version} and {b.data_version})"
        )
    if catalog is not None:
        for record in (a, b) if a.id != b.id else (a,):
            again = rescore(record, catalog)
            if again is not None and again.new_score is not None:
                notes.append(
                    f"{record.id} on today's role data: {_fmt(again.old_score)} -> {_fmt(again.new_score)} "
                    f"({len(again.changes)} figure(s) changed)"
                )
    return Comparison(
        a=a,
        b=b,
        score_a=result_a.score,
        score_b=result_b.score,
        label_a=result_a.label or "",
        label_b=result_b.label or "",
        role_a=result_a.role.title if result_a.role else "",
        role_b=result_b.role.title if result_b.role else "",
        tasks=tuple(tasks),
        plan=plan,
        notes=tuple(notes),
        answers=answer_changes(a, b),
    )


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The machine-readable comparison (`assessor sessions compare A B --json`)."""
    return {
        "a": {
            "id": comparison.a.id,
            "client": comparison.a.client_label,
            "created_at": comparison.a.created_at,
        },
        "b": {
            "id": comparison.b.id,
            "client": comparison.b.client_label,
            "created_at": comparison.b.created_at,
        },
        "score": {"a": comparison.score_a, "b": comparison.score_b, "change": comparison.score_change},
        "label": {"a": comparison.label_a, "b": comparison.label_b},
        "role": {"a": comparison.role_a, "b": comparison.role_b},
        "tasks": [side.model_dump() for side in comparison.tasks],
        "plan": [side.model_dump() for side in comparison.plan],
        "answers": [change.model_dump() for change in comparison.answers],
        "notes": list(comparison.notes),
    }
