"""Reports for generated answer sets: the HTML always parses and loads nothing; the parts add up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.engine import rounded_parts
from assessor.core.models import Answers
from assessor.core.opinions import load_opinions
from assessor.core.plan import load_actions
from assessor.report.html import render_html
from assessor.report.markdown import render_markdown
from assessor.report.model import build_report
from tests.helpers import PageCollector, answer_sets, external_loads

CATALOG: Catalog = load_catalog()
ACTIONS = load_actions(CATALOG)
OPINIONS = load_opinions(CATALOG)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets())
def test_every_report_renders_self_contained_and_adds_up(answers: Answers) -> None:
    report = build_report(answers, CATALOG, ACTIONS, OPINIONS)
    page = render_html(report)
    collector = PageCollector()
    collector.feed(page)
    collector.close()
    assert collector.errors == [] and collector.open == []
    assert external_loads(page) == []
    breakdown = report.assessment.breakdown
    parts = rounded_parts(breakdown.waterfall, breakdown.score)
    assert round(sum(points for _, points in parts), 1) == round(breakdown.score, 1)
    assert round(sum(row.contribution_shown for row in report.tasks), 1) == round(breakdown.unclamped, 1)
    assert report.band.low <= breakdown.score <= report.band.high
    text = render_markdown(report)
    assert f"**{breakdown.score:.1f} / 100, {breakdown.label}**" in text
