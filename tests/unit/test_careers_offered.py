"""Career moves a counsellor can use: real for the person's country, raising the score, with months and cost
where a plan action leads there, and the ordering rule said."""

from __future__ import annotations

from assessor.core.careers import ORDER_RULE
from assessor.core.catalog import load_catalog
from assessor.core.models import Answers
from assessor.report.markdown import render_markdown
from assessor.report.model import build_report

CATALOG = load_catalog()


def test_a_us_coder_is_not_offered_the_uk_card_nor_lower_scoring_moves() -> None:
    report = build_report(
        Answers.validated(dict(job_title="medical coder", years_experience=3, country="us")), CATALOG
    )
    offered = [move for move in report.careers if move.offered]
    assert offered and all(move.score_change >= 0.05 and move.in_country for move in offered)
    assert "clinical-coder" not in {move.role_id for move in offered}  # the UK card
    assert any(not move.offered for move in report.careers)  # kept, for a counsellor who asks
    uk = build_report(
        Answers.validated(dict(job_title="clinical coder", years_experience=3, country="uk")), CATALOG
    )
    assert all(move.in_country for move in uk.careers if move.offered)


def test_moves_a_plan_action_leads_to_carry_its_months_and_cost() -> None:
    report = build_report(Answers.validated(dict(job_title="medical coder", years_experience=3)), CATALOG)
    moves = {move.role_id: move for move in report.careers}
    cdi = next(item for item in report.plan.items if item.action_id == "cdi-path")
    assert (moves["cdi-specialist"].months, moves["cdi-specialist"].cost_usd) == (cdi.months, cdi.cost_usd)
    assert moves["registered-nurse"].months is None  # no action leads there: unknown, not zero
    text = render_markdown(report)
    assert ORDER_RULE in text and "| Months |" in text
