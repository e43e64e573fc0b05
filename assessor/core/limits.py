"""What remains our estimate, said from the data: which published scores are independent checks, and which
figures behind one person's score are our own estimates. Generated, never hand-written, so it cannot drift."""

from __future__ import annotations

from assessor.core.assess import Assessment
from assessor.core.catalog import Catalog
from assessor.core.models import RoleCard
from assessor.core.uncertainty import Band


def _titles(roles: list[RoleCard]) -> str:
    names = [role.title for role in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def published_cards_note(catalog: Catalog) -> str | None:
    """Say how many reproduced published scores rest on cards we fitted to them (so they check nothing)."""
    published = [role for role in catalog.roles if role.published is not None]
    if not published:
        return None
    own = [role for role in published if role.published is not None and role.published.card == "publisher"]
    fitted = [role for role in published if role not in own]
    if not fitted:
        return f"All {len(published)} published scores are reproduced from the publisher's own cards."
    own_part = (
        f"only the {_titles(own)} card{'s are' if len(own) > 1 else ' is'} the publisher's own"
        if own
        else "none is the publisher's own card"
    )
    return (
        f"{len(fitted)} of the {len(published)} published scores are reproduced by cards whose figures are our "
        f"estimates, chosen so the formula gives the published score ({_titles(fitted)}); {own_part}. "
        f"Reproducing them checks our arithmetic, not {len(published)} independent assessments."
    )


def role_card_note(role: RoleCard) -> str:
    """Where the figures of the person's base card come from."""
    if role.published is None:
        return f"Your base card, {role.title}, has no published score: its figures are our estimates."
    if role.published.card == "publisher":
        return f"Your base card, {role.title}, is the publisher's own card (score {role.published.score:g})."
    return (
        f"Your base card, {role.title}, has a published score ({role.published.score:g}) but its figures are our "
        "estimates, chosen to reproduce that score."
    )


def estimate_limits(assessment: Assessment, band: Band, catalog: Catalog) -> tuple[str, ...]:
    """The limits that come from the data: the estimate figures behind this score, counted and listed."""
    lines = [role_card_note(assessment.role)]
    estimated_adjustments = [adjustment.title for adjustment in assessment.adjustments if adjustment.estimate]
    figures = [figure.where for figure in band.figures]
    if figures:
        lines.append(
            f"{len(figures)} figure{'s' if len(figures) != 1 else ''} behind your score "
            f"{'are' if len(figures) != 1 else 'is'} our own estimate{'s' if len(figures) != 1 else ''}, not "
            f"published figures: {'; '.join(figures)}."
        )
    else:
        lines.append("No figure behind your score is our own estimate.")
    if assessment.answers.time_split is None:
        shares = [task.name for task in assessment.tasks if task.estimate]
        if shares:
            lines.append(
                f"You gave no time split, so your day is the card's typical day; {len(shares)} of its "
                f"{len(assessment.tasks)} time shares are our estimates."
            )
    if estimated_adjustments:
        lines.append(
            f"{len(estimated_adjustments)} of the adjustments to your answers "
            f"{'are' if len(estimated_adjustments) != 1 else 'is'} sized by us: "
            f"{'; '.join(estimated_adjustments)}."
        )
    note = published_cards_note(catalog)
    if note:
        lines.append(note)
    return tuple(lines)
