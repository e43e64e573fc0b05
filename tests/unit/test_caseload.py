"""The caseload report: built from saved sessions (real scorings, a real store), rendered as Markdown and HTML,
and printed by `assessor sessions report`."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import stat
from collections import Counter
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.catalog import Catalog
from assessor.core.models import Answers
from assessor.core.questionnaire import load_questionnaire
from assessor.report.caseload import Caseload
from assessor.report.caseload_html import render_caseload_html
from assessor.report.caseload_markdown import render_caseload_markdown
from assessor.sessions.caseload import build_caseload, caseload_json
from assessor.sessions.models import SessionRecord
from assessor.sessions.records import GONE_BACK
from assessor.sessions.store import Store
from tests.helpers import PageCollector, changed_catalog, external_loads, finished_session

CODER = Answers.validated(dict(job_title="medical coder", years_experience=4))
AUDITOR = Answers.validated(
    dict(job_title="coding auditor", years_experience=12, certifications=["CPC", "CPMA"])
)
HOSTILE = "# Boss | <script>alert(1)</script> [x](http://evil) \x1b[31mred"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(folder))
    monkeypatch.delenv("ASSESSOR_COUNSELLOR", raising=False)
    monkeypatch.delenv("ASSESSOR_DATABASE_URL", raising=False)
    return folder


def dated(record: SessionRecord, day: str) -> SessionRecord:
    stamp = f"2026-{day}T10:00:00+00:00"
    finished_at = stamp if record.finished_at else None
    return record.model_copy(update={"created_at": stamp, "updated_at": stamp, "finished_at": finished_at})


def caseload_records(home: Path, catalog: Catalog) -> list[SessionRecord]:
    """Client A twice (a coder, then an auditor, the label typed differently), B a coder, C half-way through
    (went back on one answer), D with no answer yet, E unfinished and later finished."""
    store = Store.open(home)
    a_first = finished_session(store, "Client A", CODER, catalog)
    a_again = finished_session(store, "client a", AUDITOR, catalog)
    b = finished_session(store, "Client B", CODER, catalog)
    c = store.create_session("Client C")
    store.record_answer(c, "job_title", "coder", {"job_title": "coder"})
    store.record_answer(c, "years_experience", "4", {"job_title": "coder", "years_experience": 4})
    store.record_answer(c, "years_experience", GONE_BACK, {"job_title": "coder"})
    d = store.create_session("Client D")
    e_open = store.create_session("Client E")
    store.record_answer(e_open, "job_title", "coder", {"job_title": "coder"})
    e_done = finished_session(store, "Client E", CODER, catalog)
    days = {
        a_first: "01-05",
        a_again: "03-05",
        b: "02-01",
        c: "04-01",
        d: "04-02",
        e_open: "01-10",
        e_done: "02-10",
    }
    return [dated(store.get(session_id), day) for session_id, day in days.items()]


def build(records: list[SessionRecord], catalog: Catalog) -> Caseload:
    return build_caseload(records, catalog, load_questionnaire(), scope="Every session in a test store")


def test_counts_each_client_once_by_their_latest_finished_session(home: Path, catalog: Catalog) -> None:
    records = caseload_records(home, catalog)
    caseload = build(records, catalog)
    counts = caseload.counts
    assert (counts.sessions, counts.clients, counts.finished, counts.unfinished) == (7, 5, 4, 3)
    assert (counts.scored_clients, counts.returning_clients) == (3, 2)  # A, B, E scored; A and E came back
    by_label = {record.client_label: record for record in records}
    latest = [by_label["client a"], by_label["Client B"]] + [
        record for record in records if record.client_label == "Client E" and record.result is not None
    ]
    scores = sorted(record.result.score for record in latest if record.result is not None)
    spread = caseload.spread
    assert (spread.lowest, spread.highest) == (scores[0], scores[-1])
    assert spread.median == round(scores[1], 1)
    assert sum(bar.total for bar in spread.bins) == 3
    assert sum(zone.clients for zone in spread.zones) == 3
    zones = Counter(record.result.zone for record in latest if record.result is not None)
    assert {zone.zone: zone.clients for zone in spread.zones} == {
        zone: zones.get(zone, 0) for zone in ("red", "yellow", "green")
    }
    for bar in spread.bins:  # each client sits in the bar of its score
        inside = [
            score for score in scores if bar.low <= score < bar.high or (bar.high == 100 and score == 100)
        ]
        assert bar.total == len(inside)


def test_tasks_at_risk_and_plan_actions_are_counted_across_clients(home: Path, catalog: Catalog) -> None:
    records = caseload_records(home, catalog)
    caseload = build(records, catalog)
    latest = [
        record
        for record in records
        if record.result is not None
        and record.client_label in ("client a", "Client B", "Client E")
        and record.created_at >= "2026-02"
    ]
    assert len(latest) == 3
    expected: dict[str, list[float]] = {}
    for record in latest:
        assert record.result is not None
        for task in record.result.tasks:
            if task.automation >= 4:
                expected.setdefault(task.id, []).append(task.time_pct)
    assert expected, "the coder's day has tasks at automation 4-5"
    found = {task.task_id: task for task in caseload.tasks_at_risk}
    assert set(found) == set(expected)
    for task_id, shares in expected.items():
        assert found[task_id].clients == len(shares)
        assert found[task_id].mean_time_pct == round(sum(shares) / len(shares), 1)
        assert found[task_id].share_of_clients == round(100 * len(shares) / 3, 1)
    counts = [task.clients for task in caseload.tasks_at_risk]
    assert counts == sorted(counts, reverse=True)

    gains: dict[str, list[float]] = {}
    firsts: Counter[str] = Counter()
    for record in latest:
        actions = record.plan.actions if record.plan else ()
        if actions:
            firsts[actions[0].id] += 1
        for action in actions:
            gains.setdefault(action.id, []).append(action.gain)
    assert gains, "the stored plans recommend actions"
    actions_found = {action.action_id: action for action in caseload.plan_actions}
    assert set(actions_found) == set(gains)
    for action_id, values in gains.items():
        assert actions_found[action_id].clients == len(values)
        assert actions_found[action_id].mean_gain == round(sum(values) / len(values), 1)
        assert actions_found[action_id].first_choice == firsts[action_id]


def test_unfinished_conversations_say_how_far_they_got(home: Path, catalog: Catalog) -> None:
    caseload = build(caseload_records(home, catalog), catalog)
    rows = {row.client: row for row in caseload.unfinished}
    assert set(rows) == {"Client C", "Client D", "Client E"}
    assert rows["Client C"].answers == 1  # years_experience was reopened ("<"): it no longer stands
    assert rows["Client C"].last_question == "What is your job title?"
    assert (rows["Client D"].answers, rows["Client D"].last_question) == (0, None)
    assert rows["Client E"].later_finished and not rows["Client C"].later_finished
    assert [row.client for row in caseload.unfinished] == ["Client D", "Client C", "Client E"]  # newest first


def test_results_that_change_on_newer_role_data(home: Path, catalog: Catalog) -> None:

    records = caseload_records(home, catalog)
    same = build(records, catalog)
    assert (same.older_data, same.changed) == (0, ())
    newer, task_name = changed_catalog(catalog, 1)
    caseload = build(records, newer)
    assert caseload.older_data == 3
    changed = {row.client: row for row in caseload.changed}
    assert set(changed) == {"Client B", "Client E"}  # the coders; the auditor's role did not change
    row = changed["Client B"]
    assert row.new_score is not None and row.new_score > row.old_score  # an automation 1 task protects
    assert row.change == round(row.new_score - row.old_score, 1)
    assert any(task_name in reason and "-> 1/5" in reason for reason in row.reasons)


def test_markdown_shows_every_figure_and_typed_text_literally(home: Path, catalog: Catalog) -> None:

    records = caseload_records(home, catalog)
    records = [
        record.model_copy(update={"client_label": HOSTILE}) if record.client_label == "Client B" else record
        for record in records
    ]
    caseload = build(records, changed_catalog(catalog, 1)[0])
    text = render_caseload_markdown(caseload)
    assert text.startswith("# Caseload report\n")
    assert "\x1b" not in text and "\\u001b\\[31mred" in text
    assert not re.search(r"^# Boss", text, re.MULTILINE)
    assert not re.search(r"(?<!\\)<script>", text) and "\\<script>" in text
    assert "\\| \\<script>" in text  # the "|" cannot end the table cell
    assert "7 sessions: 4 finished, 3 left unfinished" in text
    for task in caseload.tasks_at_risk[:10]:
        assert f"| {task.clients} | {task.share_of_clients:.0f}% | {task.mean_time_pct:.0f}% |" in text
    for action in caseload.plan_actions[:10]:
        assert f"{action.mean_gain:+.1f} | {action.mean_months:g} |" in text
    change = next(row for row in caseload.changed if row.client == HOSTILE)
    assert f"| {change.old_score:.1f} | {change.new_score:.1f} | {change.change:+.1f} |" in text


def test_html_is_self_contained_with_charts_and_escapes_typed_text(home: Path, catalog: Catalog) -> None:
    records = [
        record.model_copy(update={"client_label": HOSTILE}) if record.client_label == "Client C" else record
        for record in caseload_records(home, catalog)
    ]
    caseload = build(records, catalog)
    page = render_caseload_html(caseload)
    collector = PageCollector()
    collector.feed(page)
    collector.close()
    assert collector.errors == []
    assert external_loads(page) == []
    tags = [tag for tag, _ in collector.tags]
    assert "script" not in tags and "a" not in tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page
    assert tags.count("svg") == 2  # the histogram and the zone bars
    assert 'aria-label="Clients by AI protection score: 3 clients' in page
    zone_bars = [attrs for tag, attrs in collector.tags if tag == "rect" and attrs.get("height") == "18"]
    assert len(zone_bars) == 3
    histogram = [attrs for tag, attrs in collector.tags if tag == "rect" and attrs.get("height") != "18"]
    assert len(histogram) == sum(
        (bar.red > 0) + (bar.yellow > 0) + (bar.green > 0) for bar in caseload.spread.bins
    )


def test_an_empty_store_is_a_report_of_nothing(catalog: Catalog) -> None:
    caseload = build([], catalog)
    text = render_caseload_markdown(caseload)
    assert "0 clients in 0 sessions" in text
    assert "No client has a finished session yet" in text
    page = render_caseload_html(caseload)
    assert "<svg" not in page and "No finished sessions yet." in page


def test_cli_report_writes_each_format(
    home: Path, tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(home)
    finished_session(store, "Client A", CODER, catalog)
    store.create_session("Client B")
    assert main(["sessions", "report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["clients"] == 2 and data["counts"]["unfinished"] == 1
    assert data["scope"] == f"Your sessions ({store.counsellor}) in {store.location}"
    target = tmp_path / "caseload.html"
    assert main(["sessions", "report", "--all", "--format", "html", "-o", str(target)]) == 0
    assert "caseload report of 2 client(s), 2 session(s)" in capsys.readouterr().err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert main(["sessions", "report", "--format", "html", "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already exists; use --force" in error
    assert main(["sessions", "report", "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("# Caseload report")
    assert main(["sessions", "report"]) == 0
    assert "2 clients in 2 sessions" in capsys.readouterr().out


def test_a_session_that_no_longer_checks_is_named_not_fatal(
    home: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(home)
    finished_session(store, "Client A", CODER, catalog)
    broken = store.create_session("Client B")
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        conn.execute("UPDATE sessions SET result_json = ? WHERE id = ?", ('{"score": 400}', broken))
        conn.commit()
    assert main(["sessions", "report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["sessions"] == 1
    assert [line.split(":")[0] for line in data["unreadable"]] == [f"session {broken}"]
    assert main(["sessions", "report"]) == 0
    text = capsys.readouterr().out
    assert "1 stored session could not be read" in text and f"session {broken}: result.score" in text


def test_json_carries_every_row_and_the_changes(home: Path, catalog: Catalog) -> None:

    caseload = build(caseload_records(home, catalog), changed_catalog(catalog, 1)[0])
    data = caseload_json(caseload)
    assert [row["change"] for row in data["changed"]] == [row.change for row in caseload.changed]
    assert [bar["total"] for bar in data["spread"]["bins"]] == [bar.total for bar in caseload.spread.bins]
    assert len(data["unfinished"]) == 3


def test_own_caseload_by_default_and_every_counsellors_with_all(
    home: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = Store.open(home, counsellor="ann")
    bob = Store.open(home, counsellor="Bob <b>")
    finished_session(ann, "Ann's client", CODER, catalog)
    ann.create_session("Ann's other client")
    bob_open = bob.create_session("Bob's client")
    assert {record.client_label for record in ann.all_records().records} == {
        "Ann's client",
        "Ann's other client",
    }
    assert len(ann.all_records(everyone=True).records) == 3

    assert main(["--counsellor", "ann", "sessions", "report", "--json"]) == 0
    own = json.loads(capsys.readouterr().out)
    assert own["counts"]["clients"] == 2 and own["everyone"] is False and own["counsellors"] == []
    assert own["scope"].startswith("Your sessions (ann) in ")
    assert main(["--counsellor", "ann", "sessions", "report", "--all", "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert every["counts"]["clients"] == 3
    assert {row["counsellor"]: (row["clients"], row["unfinished"]) for row in every["counsellors"]} == {
        "ann": (2, 1),
        "Bob <b>": (1, 1),
    }
    assert {row["session_id"]: row["counsellor"] for row in every["unfinished"]}[bob_open] == "Bob <b>"

    assert main(["--counsellor", "ann", "sessions", "report"]) == 0
    assert "Counsellor" not in capsys.readouterr().out
    assert main(["--counsellor", "ann", "sessions", "report", "--all"]) == 0
    text = capsys.readouterr().out
    assert "| Client | Counsellor | Session | Answers |" in text
    assert f"| Bob's client | Bob \\<b> | {bob_open} |" in text
    assert main(["--counsellor", "ann", "sessions", "report", "--all", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<h2>Counsellors</h2>" in page and "<td>Bob &lt;b&gt;</td>" in page
