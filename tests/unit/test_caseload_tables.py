"""The caseload report's tables come from one model: Markdown and HTML print the same rows and cells."""

from __future__ import annotations

import re
from html import unescape

from assessor.report.caseload import (
    Caseload,
    CaseloadCounts,
    ChangedResult,
    ScoreSpread,
    UnfinishedConversation,
)
from assessor.report.caseload_html import render_caseload_html
from assessor.report.caseload_markdown import render_caseload_markdown
from assessor.report.caseload_tables import list_sections


def caseload(everyone: bool) -> Caseload:
    changed = (
        ChangedResult(
            session_id="ab12-cdef",
            client="Client | A",
            counsellor="ann" if everyone else None,
            old_score=40.0,
            new_score=43.5,
            old_label="Mixed",
            new_label="Mixed",
            old_version="v1",
            reasons=(),
        ),
        ChangedResult(
            session_id="gh34-ijkl",
            client="B",
            counsellor=None,
            old_score=40.0,
            new_score=None,
            old_label="Mixed",
            new_label=None,
            old_version="v1",
            reasons=("a reason",),
            error="no role",
        ),
    )
    unfinished = (
        UnfinishedConversation(
            session_id="mn56-opqr",
            client="C",
            counsellor=None,
            answers=2,
            last_question=None,
            updated_at="2026-11-30T14:05:00+00:00",
            later_finished=True,
        ),
    )
    return Caseload(
        scope="Your sessions",
        everyone=everyone,
        created=None,
        data_version="v2",
        counts=CaseloadCounts(
            sessions=3, clients=3, finished=2, unfinished=1, scored_clients=0, returning_clients=0
        ),
        spread=ScoreSpread(
            bins=(), zones=(), lowest=None, median=None, mean=None, highest=None, at_risk_share=None
        ),
        tasks_at_risk=(),
        plan_actions=(),
        older_data=2,
        changed=changed,
        unfinished=unfinished,
    )


def html_rows(page: str, heading: str) -> list[list[str]]:
    section = page.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section)
    return [[unescape(re.sub(r"<[^>]+>", " ", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in rows[1:]]  # fmt: skip


def markdown_rows(text: str, heading: str) -> list[list[str]]:
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    return [
        [cell.strip().replace("\\", "") for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[1:]
    ]


def test_markdown_and_html_print_the_same_cells() -> None:
    for everyone in (False, True):
        report = caseload(everyone)
        page = render_caseload_html(report)
        text = render_caseload_markdown(report)
        for heading in ("Results that change on today's role data", "Conversations left unfinished"):
            in_html = html_rows(page, heading)
            in_markdown = markdown_rows(text, heading)
            assert len(in_html) == len(in_markdown) > 0
            for html_row, markdown_row in zip(in_html, in_markdown, strict=True):
                assert html_row == markdown_row


def test_cells_say_what_they_hold() -> None:
    tasks, actions, changed, unfinished = list_sections(caseload(everyone=True))
    assert tasks.table is None and tasks.intro == "No client's latest result has a task at automation 4-5."
    assert actions.table is None
    assert changed.table is not None
    assert [column.heading for column in changed.table.columns] == [
        "Client", "Counsellor", "Session", "Score then", "Today", "Change", "Why"
    ]  # fmt: skip
    first, second = changed.table.rows
    assert [cell.text for cell in first[:6]] == ["Client | A", "ann", "ab12-cdef", "40.0", "43.5", "+3.5"]
    assert first[5].tone == "up" and first[6].items == ()
    assert second[1].text == "-" and not second[1].stored  # no counsellor recorded: our dash, not stored text
    assert second[6].items == ("its answers no longer score: no role",)
    assert unfinished.table is not None
    assert unfinished.table.rows[0][4].text == "(none yet)" and unfinished.table.rows[0][4].quiet


def test_a_result_with_no_reason_shows_a_plain_dash_in_markdown() -> None:
    text = render_caseload_markdown(caseload(everyone=False))
    assert "| Client \\| A | ab12-cdef | 40.0 | 43.5 | +3.5 | - |" in text
