"""Widgets of the results screen; each renders one model the core produced (never recomputes a score)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from assessor.core.engine import rounded_parts
from assessor.core.wording import PLAN_RANKING, SCALE_NOTE
from assessor.tui.widgets.format import bar, zone_text

BAR_WIDTH = 18
KIND_STYLE = {"displaced": "red", "augmented": "yellow", "not involved": "green"}


class ScoreHeadline(Static):
    """Score, zone and label, the role it is for, and how to read the scale."""

    def show(self, assessment: Any, band: tuple[float, float] | None = None, best: Any = None) -> None:
        text = Text()
        text.append("Your AI protection score  ")
        text.append_text(zone_text(assessment.score, assessment.zone, assessment.label))
        text.append("\n")
        text.append(f"as a {assessment.role.title} (match {assessment.match_confidence:.0f}%)", style="dim")
        text.append(f"\n{SCALE_NOTE}", style="dim")
        if band is not None:
            low, high = band
            if high - low >= 0.05:
                text.append(f"\nLikely range {low:.1f} to {high:.1f}", style="italic")
                text.append(" (how far our own estimates could move it)", style="dim")
            else:
                text.append("\nNone of our own estimates moves this score (no range).", style="dim")
        if best is not None:
            text.append("\nBest next step: ", style="bold")
            text.append(f"{best.title} ({best.gain:+.1f} points, about {best.months:g} months)")
            text.append("  2: the whole plan", style="dim")
        self.update(text)


class WaterfallView(Static):
    """Where the score comes from: parts that add up to the shown score."""

    def show(self, breakdown: Any) -> None:
        parts = rounded_parts(breakdown.waterfall, breakdown.score)
        widest = max((abs(points) for _, points in parts), default=1.0) or 1.0
        text = Text("Where the score comes from\n", style="bold")
        for part, points in parts:
            style = "green" if points > 0 else "red" if points < 0 else "dim"
            text.append(f"{part:<21.21} {points:+6.1f} ")
            text.append(bar(abs(points), widest, BAR_WIDTH), style=style)
            text.append("\n")
        text.append(f"{'Total':<21} {breakdown.score:6.1f}", style="bold")
        self.update(text)


class TaskBars(Static):
    """The person's day: share of time, automation 1-5, status and the points each task adds to the score."""

    def show(self, tasks: Sequence[Any]) -> None:
        ordered = sorted(tasks, key=lambda task: (-task.time_pct, task.name))
        widest = max((task.time_pct for task in ordered), default=1.0) or 1.0
        text = Text("Your day: time share, automation 1-5, kind, points it adds\n", style="bold")
        for task in ordered:
            status = task.kind
            style = KIND_STYLE.get(status, "")
            text.append(f"{task.time_pct:5.1f}% ")
            text.append(f"{bar(task.time_pct, widest, 10):<10} ", style=style)
            text.append(f"{task.automation}/5 ")
            text.append(f"{status:<12} ", style=style)
            # The rounded contributions, which add up to the shown score (the reports show the same figures).
            contribution = getattr(task, "contribution_shown", None)
            if contribution is not None:
                text.append(f"{contribution:+5.1f} ")
            text.append(task.name)
            said = getattr(task, "said", None)
            if said:
                text.append(f"\n       you said: {said}", style="dim")
            text.append("\n")
        text.rstrip()
        self.update(text)


class AdjustmentList(Static):
    """The personal adjustments applied to the base role, with the points each moved."""

    def show(self, adjustments: Sequence[Any], notes: Sequence[str] = ()) -> None:
        text = Text("Adjusted for you\n", style="bold")
        if not adjustments:
            text.append("No adjustment applied: the base role's figures are used as they are.\n", style="dim")
        for adjustment in adjustments:
            text.append(f"{adjustment.effect:+5.1f}  ", style="green" if adjustment.effect >= 0 else "red")
            text.append(adjustment.title)
            if adjustment.estimate:
                text.append("  (estimate)", style="dim")
            text.append("\n")
        for note in notes:
            text.append(f"Note: {note}\n", style="italic")
        text.rstrip()
        self.update(text)


class LinesView(Static):
    """A titled list of sentences (limitations, second opinions, career moves)."""

    def show(self, title: str, lines: Sequence[str], empty: str = "None.") -> None:
        text = Text(f"{title}\n", style="bold")
        if not lines:
            text.append(empty, style="dim")
        for line in lines:
            text.append(f"• {line}\n")
        text.rstrip()
        self.update(text)


class PlanDetail(Static):
    """One plan action: gain, effort, the what-if re-score when on, why, and the steps to get there."""

    def show(self, item: Any, what_if: Any = None) -> None:
        if item is None:
            self.update(Text("No action selected.", style="dim"))
            return
        text = Text(f"{PLAN_RANKING}\n\n", style="dim")
        text.append(f"{item.title}\n", style="bold")
        text.append(f"Score {item.score_before:.1f} → {item.score_after:.1f}  ")
        text.append(f"({item.gain:+.1f} points)", style="bold green" if item.gain > 0 else "bold")
        text.append(f"\nAbout {item.months:g} months, about ${item.cost_usd:,.0f}")
        if item.estimate:
            text.append(" (estimates)", style="dim")
        if what_if is not None:
            text.append("\n\nWhat-if ON: re-scored as if done\n", style="bold reverse")
            text.append("Score ")
            text.append_text(zone_text(what_if.score, what_if.zone, what_if.label))
            text.append(f"  as {what_if.role.title}\n")
            for task in sorted(what_if.tasks, key=lambda task: -task.time_pct):
                text.append(f"{task.time_pct:5.1f}% {task.automation}/5 {task.name}\n")
        else:
            text.append("\nw: what-if, the score and day as if this were done", style="dim")
        text.append(f"\n\n{item.summary}\n", style="italic")
        if item.why:
            text.append("Why:\n", style="bold")
            for line in item.why:
                text.append(f"• {line}\n")
        text.append("Steps:\n", style="bold")
        for number, step in enumerate(item.steps, start=1):
            text.append(f"{number}. {step.title}")
            if step.months:
                text.append(f" ({step.months:g} mo)", style="dim")
            if step.check:
                text.append(f"  check: {step.check}", style="yellow")
            text.append("\n")
        text.rstrip()
        self.update(text)
