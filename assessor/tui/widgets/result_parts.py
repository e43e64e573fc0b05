"""Widgets of the results screen; each renders one model the core produced (never recomputes a score).

Each is a ThemedText: its colours (zones, points up or down, task kinds, checks) come from the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from assessor.core.engine import rounded_parts
from assessor.core.wording import PLAN_RANKING, SCALE_NOTE
from assessor.report.model import TaskRow
from assessor.tui.widgets.format import KIND_TONE, ThemedText, bar, titled

if TYPE_CHECKING:
    from assessor.core.assess import AppliedAdjustment, Assessment, PersonalTask
    from assessor.core.engine import Breakdown
    from assessor.core.plan import PlanItem

BAR_WIDTH = 18


class ScoreHeadline(ThemedText):
    """Score, zone and label, the role it is for, and how to read the scale."""

    def show(
        self, assessment: Assessment, band: tuple[float, float] | None = None, best: PlanItem | None = None
    ) -> None:
        self.show_text(lambda: self._text(assessment, band, best))

    def _text(self, assessment: Assessment, band: tuple[float, float] | None, best: PlanItem | None) -> Text:
        text = Text()
        text.append("Your AI protection score  ")
        text.append_text(self.zone_text(assessment.score, assessment.zone, assessment.label))
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
        return text


class WaterfallView(ThemedText):
    """Where the score comes from: parts that add up to the shown score."""

    def show(self, breakdown: Breakdown) -> None:
        self.show_text(lambda: self._text(breakdown))

    def _text(self, breakdown: Breakdown) -> Text:
        parts = rounded_parts(breakdown.waterfall, breakdown.score)
        widest = max((abs(points) for _, points in parts), default=1.0) or 1.0
        text = titled("Where the score comes from\n")
        for part, points in parts:
            text.append(f"{part:<21.21} {points:+6.1f} ")
            text.append(bar(abs(points), widest, BAR_WIDTH), style=self.points_tone(points))
            text.append("\n")
        text.append(f"{'Total':<21} {breakdown.score:6.1f}", style="bold")
        return text


class TaskBars(ThemedText):
    """The person's day: share of time, automation 1-5, status and the points each task adds to the score."""

    def show(self, tasks: Sequence[TaskRow | PersonalTask]) -> None:
        self.show_text(lambda: self._text(tasks))

    def _text(self, tasks: Sequence[TaskRow | PersonalTask]) -> Text:
        ordered = sorted(tasks, key=lambda task: (-task.time_pct, task.name))
        widest = max((task.time_pct for task in ordered), default=1.0) or 1.0
        text = titled("Your day: time share, automation 1-5, kind, points it adds\n")
        for task in ordered:
            status = task.kind
            tone = KIND_TONE.get(status)
            style = self.tone(tone) if tone else ""
            text.append(f"{task.time_pct:5.1f}% ")
            text.append(f"{bar(task.time_pct, widest, 10):<10} ", style=style)
            text.append(f"{task.automation}/5 ")
            text.append(f"{status:<12} ", style=style)
            # The rounded contributions, which add up to the shown score (the reports show the same figures);
            # the report's rows carry them (a bare assessment, when the plan could not be built, does not).
            if isinstance(task, TaskRow):
                text.append(f"{task.contribution_shown:+5.1f} ")
            text.append(task.name)
            if task.said:
                text.append(f"\n       you said: {task.said}", style="dim")
            text.append("\n")
        text.rstrip()
        return text


class AdjustmentList(ThemedText):
    """The personal adjustments applied to the base role, with the points each moved."""

    def show(self, adjustments: Sequence[AppliedAdjustment], notes: Sequence[str] = ()) -> None:
        self.show_text(lambda: self._text(adjustments, notes))

    def _text(self, adjustments: Sequence[AppliedAdjustment], notes: Sequence[str]) -> Text:
        text = titled("Adjusted for you\n")
        if not adjustments:
            text.append("No adjustment applied: the base role's figures are used as they are.\n", style="dim")
        for adjustment in adjustments:
            text.append(f"{adjustment.effect:+5.1f}  ", style=self.points_tone(adjustment.effect))
            text.append(adjustment.title)
            if adjustment.estimate:
                text.append("  (estimate)", style="dim")
            if adjustment.no_effect:
                text.append(f"  (no effect: {adjustment.no_effect})", style="dim")
            text.append("\n")
        for note in notes:
            text.append(f"Note: {note}\n", style="italic")
        text.rstrip()
        return text


class LinesView(ThemedText):
    """A titled list of sentences (limitations, second opinions, career moves)."""

    def show(self, title: str, lines: Sequence[str], empty: str = "None.") -> None:
        text = titled(f"{title}\n")
        if not lines:
            text.append(empty, style="dim")
        for line in lines:
            text.append(f"• {line}\n")
        text.rstrip()
        self.update(text)


class PlanDetail(ThemedText):
    """One plan action: gain, effort, the what-if re-score when on, why, and the steps to get there."""

    def show(self, item: PlanItem | None, what_if: Assessment | None = None) -> None:
        if item is None:
            self.show_text(lambda: Text("No action selected.", style="dim"))
            return
        self.show_text(lambda: self._text(item, what_if))

    def _text(self, item: PlanItem, what_if: Assessment | None) -> Text:
        text = titled(f"{PLAN_RANKING}\n\n", "dim")
        text.append(f"{item.title}\n", style="bold")
        text.append(f"Score {item.score_before:.1f} → {item.score_after:.1f}  ")
        text.append(f"({item.gain:+.1f} points)", style=self.points_tone(item.gain) + Style(bold=True))
        text.append(f"\nAbout {item.months:g} months, about ${item.cost_usd:,.0f}")
        if item.estimate:
            text.append(" (estimates)", style="dim")
        if what_if is not None:
            text.append("\n\nWhat-if ON: re-scored as if done\n", style="bold reverse")
            text.append("Score ")
            text.append_text(self.zone_text(what_if.score, what_if.zone, what_if.label))
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
                text.append(f"  check: {step.check}", style=self.tone("caution"))
            text.append("\n")
        text.rstrip()
        return text
