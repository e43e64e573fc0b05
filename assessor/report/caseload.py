"""The caseload report's model: what a counselling service's saved sessions add up to, for a supervisor.

Plain frozen models only (no store, no database): `assessor.sessions.caseload.build_caseload` fills them from
saved sessions, and the Markdown and HTML renderers (caseload_markdown.py, caseload_html.py) are pure
functions of them, so the command line and the app print the same figures.

Figures about scores, tasks and plans count each client once, by their latest finished session: a returning
client's earlier visits are history, not another client. Counts of sessions and unfinished conversations
count every session.
"""

from __future__ import annotations

from typing import Literal

from assessor.core.frozen import Frozen

ZoneName = Literal["red", "yellow", "green"]
LIST_LIMIT = 100  # rows a rendered list shows; the JSON holds them all


class CaseloadCounts(Frozen):
    sessions: int
    clients: int  # distinct client labels (case and spacing ignored, as the Sessions screen groups them)
    finished: int  # sessions with a result
    unfinished: int  # conversations stopped before the result
    scored_clients: int  # clients with at least one finished session (the figures below count these)
    returning_clients: int  # clients with more than one session


class CounsellorCount(Frozen):
    """One counsellor's part of a caseload read across counsellors (`--all`)."""

    counsellor: str  # "(not recorded)" for sessions saved before counsellors were recorded
    clients: int
    sessions: int
    unfinished: int


class ScoreBin(Frozen):
    """One bar of the histogram: clients whose latest score is in [low, high) (the last bar includes 100)."""

    low: float
    high: float
    red: int
    yellow: int
    green: int

    @property
    def total(self) -> int:
        return self.red + self.yellow + self.green


class ZoneCount(Frozen):
    zone: ZoneName
    label: str  # the zone's name as results show it ("Red: at risk")
    clients: int


class ScoreSpread(Frozen):
    bins: tuple[ScoreBin, ...]
    zones: tuple[ZoneCount, ...]  # red, yellow, green
    lowest: float | None
    median: float | None
    mean: float | None
    highest: float | None
    at_risk_share: float | None  # the mean share of a client's day in automation 4-5 tasks, in %


class TaskAtRisk(Frozen):
    """A task AI tools can already do most of (automation 4-5) for several clients."""

    task_id: str
    name: str
    clients: int  # clients for whom this task is automation 4-5
    share_of_clients: float  # % of scored clients
    mean_time_pct: float  # its mean share of those clients' day, in %


class PlanActionCount(Frozen):
    """A plan action and how often the stored plans recommend it."""

    action_id: str
    title: str
    clients: int  # clients whose plan holds it
    first_choice: int  # clients whose plan ranks it first
    mean_gain: float  # points, over the clients whose plan holds it
    mean_months: float


class ChangedResult(Frozen):
    """A client's latest result scored again on today's role data, when the score would move."""

    session_id: str
    client: str
    counsellor: str | None
    old_score: float
    new_score: float | None  # None: the stored answers no longer score (see `error`)
    old_label: str
    new_label: str | None
    old_version: str | None
    reasons: tuple[str, ...]  # which figures moved, one sentence each
    error: str | None = None

    @property
    def change(self) -> float | None:
        return None if self.new_score is None else round(self.new_score - self.old_score, 1)


class UnfinishedConversation(Frozen):
    session_id: str
    client: str
    counsellor: str | None
    answers: int  # answers given before it stopped
    last_question: str | None  # the last question answered, as asked
    updated_at: str  # when the last answer was saved (UTC, ISO 8601)
    later_finished: bool  # the same client has a finished session created after this one


class Caseload(Frozen):
    """Everything the caseload report shows, computed from saved sessions; nothing written by hand."""

    scope: str  # whose sessions these are, in words ("Your sessions (ann) in /path/sessions.db")
    everyone: bool = False  # read across counsellors: rows name their counsellor
    created: str | None  # when the report was made, as the reader should see it; None keeps it reproducible
    data_version: str  # today's role data
    counts: CaseloadCounts
    counsellors: tuple[CounsellorCount, ...] = ()  # with `everyone`: who holds which part, most clients first
    spread: ScoreSpread
    tasks_at_risk: tuple[TaskAtRisk, ...]
    plan_actions: tuple[PlanActionCount, ...]
    older_data: int  # latest results scored on older role data
    changed: tuple[ChangedResult, ...]  # of those, the ones whose score would move, largest move first
    unfinished: tuple[UnfinishedConversation, ...]  # most recently updated first
    unreadable: tuple[str, ...] = ()  # stored sessions that no longer check, one sentence each
