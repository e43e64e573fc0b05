"""The caseload report from saved sessions: a pure function of the records, the catalog and the questionnaire.

It lives here, not in assessor/report, because it reads SessionRecord and re-scores stored answers
(records.rescore); the report package only holds the model it fills and the renderers.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from assessor.core.catalog import Catalog
from assessor.core.engine import zone_of
from assessor.core.questionnaire import Questionnaire
from assessor.core.wording import zone_words
from assessor.report.caseload import (
    Caseload,
    CaseloadCounts,
    ChangedResult,
    CounsellorCount,
    PlanActionCount,
    ScoreBin,
    ScoreSpread,
    TaskAtRisk,
    UnfinishedConversation,
    ZoneCount,
    ZoneName,
)
from assessor.sessions.backend import SessionStore
from assessor.sessions.models import SessionRecord, StoredResult
from assessor.sessions.records import GONE_BACK, rescore

BIN_WIDTH = 10
ZONES: tuple[ZoneName, ...] = ("red", "yellow", "green")
AT_RISK_FROM = 4  # automation 4-5: the tasks AI tools can already do most of ("displaced")


def client_key(label: str) -> str:
    """Two labels that differ only in case or spacing are one client (the Sessions screen groups so)."""
    return " ".join(label.split()).casefold()


def zone_name(result: StoredResult) -> ZoneName:
    stored = (result.zone or "").lower()
    for zone in ZONES:
        if stored == zone:
            return zone
    return zone_of(result.score)


def latest_finished(records: Sequence[SessionRecord]) -> list[SessionRecord]:
    """Each client's most recent finished session (by creation, then last update), in label order."""
    latest: dict[str, SessionRecord] = {}
    for record in records:
        if record.result is None:
            continue
        key = client_key(record.client_label)
        known = latest.get(key)
        if known is None or (record.created_at, record.updated_at) > (known.created_at, known.updated_at):
            latest[key] = record
    return [latest[key] for key in sorted(latest)]


def score_spread(results: Sequence[StoredResult]) -> ScoreSpread:
    counts = {low: dict.fromkeys(ZONES, 0) for low in range(0, 100, BIN_WIDTH)}
    at_risk: list[float] = []
    for result in results:
        low = min(int(result.score // BIN_WIDTH) * BIN_WIDTH, 100 - BIN_WIDTH)
        counts[low][zone_name(result)] += 1
        total_time = sum(task.time_pct for task in result.tasks)
        if total_time > 0:
            risky = sum(task.time_pct for task in result.tasks if task.automation >= AT_RISK_FROM)
            at_risk.append(100.0 * risky / total_time)
    scores = [result.score for result in results]
    zones = Counter(zone_name(result) for result in results)
    return ScoreSpread(
        bins=tuple(
            ScoreBin(low=low, high=low + BIN_WIDTH, red=row["red"], yellow=row["yellow"], green=row["green"])
            for low, row in counts.items()
        ),
        zones=tuple(
            ZoneCount(zone=zone, label=zone_words(zone, zone.capitalize()), clients=zones[zone])
            for zone in ZONES
        ),
        lowest=min(scores) if scores else None,
        median=round(statistics.median(scores), 1) if scores else None,
        mean=round(statistics.fmean(scores), 1) if scores else None,
        highest=max(scores) if scores else None,
        at_risk_share=round(statistics.fmean(at_risk), 1) if at_risk else None,
    )


def tasks_at_risk(results: Sequence[StoredResult]) -> tuple[TaskAtRisk, ...]:
    """Tasks at automation 4-5, by how many clients have them so (then by their share of the day)."""
    times: dict[str, list[float]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        for task in {task.id: task for task in result.tasks}.values():  # a task counts once per client
            if task.automation >= AT_RISK_FROM:
                times[task.id].append(task.time_pct)
                names[task.id][task.name] += 1
    scored = max(len(results), 1)
    rows = [
        TaskAtRisk(
            task_id=task_id,
            name=names[task_id].most_common(1)[0][0],
            clients=len(shares),
            share_of_clients=round(100.0 * len(shares) / scored, 1),
            mean_time_pct=round(statistics.fmean(shares), 1),
        )
        for task_id, shares in times.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.clients, -row.mean_time_pct, row.name)))


def plan_actions(records: Sequence[SessionRecord]) -> tuple[PlanActionCount, ...]:
    """The actions the stored plans recommend, by how many clients' plans hold them (then mean gain)."""
    gains: dict[str, list[float]] = defaultdict(list)
    months: dict[str, list[float]] = defaultdict(list)
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    first: Counter[str] = Counter()
    for record in records:
        actions = record.plan.actions if record.plan is not None else ()
        if actions:
            first[actions[0].id] += 1
        for action in {action.id: action for action in actions}.values():
            gains[action.id].append(action.gain)
            months[action.id].append(action.months)
            titles[action.id][action.title] += 1
    rows = [
        PlanActionCount(
            action_id=action_id,
            title=titles[action_id].most_common(1)[0][0],
            clients=len(values),
            first_choice=first[action_id],
            mean_gain=round(statistics.fmean(values), 1),
            mean_months=round(statistics.fmean(months[action_id]), 1),
        )
        for action_id, values in gains.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.clients, -row.mean_gain, row.title)))


def changed_results(
    records: Sequence[SessionRecord], catalog: Catalog
) -> tuple[int, tuple[ChangedResult, ...]]:
    """(how many latest results were scored on older role data, those whose score would move today)."""
    older = 0
    changed: list[ChangedResult] = []
    for record in records:
        again = rescore(record, catalog)
        if again is None or again.old_score is None:
            continue
        older += 1
        if again.error is None and again.new_score == again.old_score:
            continue
        changed.append(
            ChangedResult(
                session_id=record.id,
                client=record.client_label,
                counsellor=record.counsellor,
                old_score=again.old_score,
                new_score=again.new_score,
                old_label=again.old_label or zone_of(again.old_score).capitalize(),
                new_label=again.new_label,
                old_version=again.old_version,
                reasons=again.changes,
                error=again.error,
            )
        )
    changed.sort(key=lambda row: (row.change is None, -abs(row.change or 0.0), client_key(row.client)))
    return older, tuple(changed)


def short_prompt(questionnaire: Questionnaire, question_id: str) -> str:
    try:
        prompt = questionnaire.question(question_id).prompt
    except KeyError:
        return question_id
    return prompt.split("?")[0] + "?" if "?" in prompt else prompt


def unfinished(
    records: Sequence[SessionRecord], questionnaire: Questionnaire
) -> tuple[UnfinishedConversation, ...]:
    """Conversations stopped before the result: how many answers stand, the last one, and whether the client
    finished a later session."""
    finished_since: dict[str, str] = {}
    for record in records:
        if record.result is not None:
            key = client_key(record.client_label)
            finished_since[key] = max(finished_since.get(key, ""), record.created_at)
    rows = []
    for record in records:
        if record.status == "finished":
            continue
        standing: dict[str, str] = {}
        order: list[str] = []
        for raw in record.raw_answers:
            standing[raw.question_id] = raw.raw_text
            if raw.raw_text != GONE_BACK:
                order.append(raw.question_id)
        given = [question_id for question_id in order if standing[question_id] != GONE_BACK]
        rows.append(
            UnfinishedConversation(
                session_id=record.id,
                client=record.client_label,
                counsellor=record.counsellor,
                answers=len(set(given)),
                last_question=short_prompt(questionnaire, given[-1]) if given else None,
                updated_at=record.updated_at,
                later_finished=finished_since.get(client_key(record.client_label), "") > record.created_at,
            )
        )
    rows.sort(key=lambda row: row.updated_at, reverse=True)
    return tuple(rows)


NOT_RECORDED = "(not recorded)"


def counsellor_counts(records: Sequence[SessionRecord]) -> tuple[CounsellorCount, ...]:
    """Clients, sessions and unfinished conversations of each counsellor, most clients first."""
    clients: dict[str, set[str]] = defaultdict(set)
    sessions: Counter[str] = Counter()
    open_ones: Counter[str] = Counter()
    for record in records:
        who = record.counsellor or NOT_RECORDED
        clients[who].add(client_key(record.client_label))
        sessions[who] += 1
        open_ones[who] += record.status == "open"
    rows = [
        CounsellorCount(counsellor=who, clients=len(keys), sessions=sessions[who], unfinished=open_ones[who])
        for who, keys in clients.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.clients, row.counsellor.casefold())))


def build_caseload(
    records: Sequence[SessionRecord],
    catalog: Catalog,
    questionnaire: Questionnaire,
    scope: str,
    created: str | None = None,
    unreadable: Sequence[str] = (),
    everyone: bool = False,
) -> Caseload:
    """The caseload report of these sessions (any order); `created` dates it (None: reproducible)."""
    latest = latest_finished(records)
    results = [record.result for record in latest if record.result is not None]
    visits = Counter(client_key(record.client_label) for record in records)
    finished = sum(record.status == "finished" for record in records)
    older, changed = changed_results(latest, catalog)
    return Caseload(
        scope=scope,
        everyone=everyone,
        created=created,
        data_version=catalog.version,
        counts=CaseloadCounts(
            sessions=len(records),
            clients=len(visits),
            finished=finished,
            unfinished=len(records) - finished,
            scored_clients=len(latest),
            returning_clients=sum(count > 1 for count in visits.values()),
        ),
        counsellors=counsellor_counts(records) if everyone else (),
        spread=score_spread(results),
        tasks_at_risk=tasks_at_risk(results),
        plan_actions=plan_actions(latest),
        older_data=older,
        changed=changed,
        unfinished=unfinished(records, questionnaire),
        unreadable=tuple(unreadable),
    )


def read_caseload(
    store: SessionStore, catalog: Catalog, everyone: bool = False, created: str | None = None
) -> Caseload:
    """The caseload report of the counsellor's sessions (with `everyone`, of every session the database
    lets them read, as `sessions list --all`), from one read of the store."""
    from assessor.core.questionnaire import load_questionnaire

    read = store.all_records(everyone=everyone)
    if everyone:
        scope = f"Every counsellor's sessions you can see in {store.location}"
    else:
        scope = f"Your sessions ({store.counsellor}) in {store.location}"
    return build_caseload(
        read.records,
        catalog,
        load_questionnaire(),
        scope=scope,
        created=created,
        unreadable=read.unreadable,
        everyone=everyone,
    )


def caseload_text(caseload: Caseload, kind: str) -> str:
    """The report as `md`, `html` or `json` text."""
    if kind == "json":
        return json.dumps(caseload_json(caseload), indent=2, ensure_ascii=False) + "\n"
    if kind == "html":
        from assessor.report.caseload_html import render_caseload_html

        return render_caseload_html(caseload)
    from assessor.report.caseload_markdown import render_caseload_markdown

    return render_caseload_markdown(caseload)


def caseload_json(caseload: Caseload) -> dict[str, Any]:
    """The machine-readable report: every list whole, and each changed result's change."""
    data = caseload.model_dump(mode="json")
    for row, model in zip(data["changed"], caseload.changed, strict=True):
        row["change"] = model.change
    for bar, bin_model in zip(data["spread"]["bins"], caseload.spread.bins, strict=True):
        bar["total"] = bin_model.total
    return data
