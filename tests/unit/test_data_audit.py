"""Rules an audit of roles/ against its sources asked the data to keep (issue 17)."""

from __future__ import annotations

import pytest

from assessor.core.assess import assess
from assessor.core.catalog import Catalog
from assessor.core.models import Answers, Evidence
from assessor.core.plan import ActionCatalog, build_plan, load_actions


@pytest.fixture(scope="module")
def actions(catalog: Catalog) -> ActionCatalog:
    return load_actions(catalog)


def test_the_employers_tools_move_a_company_figure_not_the_markets_tool_maturity(catalog: Catalog) -> None:
    """AI tool maturity is market-wide; what one employer runs is a company action."""
    employer = [adjustment for adjustment in catalog.adjustments if adjustment.when.field == "ai_tools"]
    assert {adjustment.id for adjustment in employer} >= {"ai-tools-none", "ai-tools-autonomous"}
    for adjustment in employer:
        assert set(adjustment.evidence) <= {"company_actions"}, adjustment.id
    coder = Answers(job_title="Medical Coder", years_experience=3)
    base = assess(coder, catalog)
    for tools in ("none", "autonomous"):
        result = assess(coder.model_copy(update={"ai_tools": tools}), catalog)
        assert result.evidence["ai_tool_maturity"] == base.evidence["ai_tool_maturity"]
        assert result.evidence["company_actions"] != base.evidence["company_actions"]
    assert set(Evidence.model_fields) >= {"company_actions", "ai_tool_maturity"}


def test_a_recommended_year_of_coding_is_not_a_required_step(
    catalog: Catalog, actions: ActionCatalog
) -> None:
    """IHRIM recommends, but does not require, a year of coding before the NCCQ."""
    trainee = Answers(job_title="Clinical Coder", years_experience=0, country="uk")
    plan = build_plan(trainee, catalog, actions)
    auditor = next(item for item in plan.items if item.action_id == "nhs-coding-auditor-path")
    assert [step.kind for step in auditor.steps] == ["credential", "move"]
    acc = auditor.steps[0]
    assert acc.grants == "ACC" and acc.requires_years == 0
    assert acc.check is not None and "recommends" in acc.check
