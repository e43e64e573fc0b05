"""The results: score, waterfall, day, adjustments, plan with what-if, career moves, opinions, limits.

Everything shown comes from core models built in a worker thread (assess, build_plan, build_report);
selecting a plan action shows its steps, and `w` re-scores that action's answers_after in a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    DataTable,
    Header,
    LoadingIndicator,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from assessor.core.assess import Assessment
from assessor.core.careers import ORDER_RULE, CareerMove
from assessor.core.catalog import Catalog
from assessor.core.errors import AssessorError
from assessor.core.models import Answers
from assessor.core.plan import Plan, PlanItem
from assessor.core.wording import opinion_direction
from assessor.report.model import Report
from assessor.tui.base import AppScreen
from assessor.tui.widgets.footer import AppFooter
from assessor.tui.widgets.format import titled
from assessor.tui.widgets.result_parts import (
    AdjustmentList,
    LinesView,
    PlanDetail,
    ScoreHeadline,
    TaskBars,
    WaterfallView,
)

if TYPE_CHECKING:
    from assessor.sessions.models import StoredPlan, StoredResult

TAB_FOCUS = {
    "score": "#score-scroll",
    "plan": "#plan-list",
    "careers": "#careers-scroll",
    "limits": "#limits-scroll",
}


@dataclass(frozen=True)
class ResultsData:
    """What the worker hands the screen: the core's models, untouched."""

    assessment: Assessment
    plan: Plan | None = None
    report: Report | None = None
    plan_error: str | None = None


@dataclass(frozen=True)
class SavedResult:
    """A finished conversation's result and plan as a session keeps them, checked by the store's models
    when made (in the results worker), so what the chat screen saves is what a session can hold."""

    result: StoredResult
    plan: StoredPlan | None
    data_version: str

    def result_json(self) -> dict[str, object]:
        from assessor.sessions.models import stored_json

        return stored_json(self.result)

    def plan_json(self) -> dict[str, object] | None:
        from assessor.sessions.models import stored_json

        return None if self.plan is None else stored_json(self.plan)


Finished = Callable[[SavedResult], None]


def build_results(answers: Answers, catalog: Catalog) -> ResultsData:
    """Run the core: the whole report; if the plan data cannot be read, the assessment alone and why."""
    from assessor.core.assess import assess
    from assessor.report.model import build_report

    try:
        report = build_report(answers, catalog)
    except AssessorError as exc:
        return ResultsData(assessment=assess(answers, catalog), plan_error=f"No plan: {exc.message}")
    return ResultsData(assessment=report.assessment, plan=report.plan, report=report)


class ResultsScreen(AppScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("w", "what_if", "What-if", show=False, id="what-if"),  # the plan detail says "w: what-if"
        Binding("m", "export('md')", "Save .md", id="export-md"),
        Binding("h", "export('html')", "Save .html", id="export-html"),
        Binding("f2", "edit", "Edit", id="edit-results"),
        Binding("f3", "app.session_notes", "Notes", id="notes-results"),
        # Priority: the tab keys work whichever part of a tab has the focus (this screen has no text box).
        Binding("1", "tab('score')", "Score", show=False, priority=True, id="tab-score"),
        Binding("2", "tab('plan')", "Plan", show=False, priority=True, id="tab-plan"),
        Binding("3", "tab('careers')", "Careers", show=False, priority=True, id="tab-careers"),
        Binding("4", "tab('limits')", "Limits", show=False, priority=True, id="tab-limits"),
        Binding("s", "sort_careers", "Sort", show=False, id="careers-sort"),  # said on the Careers tab
        Binding("a", "all_careers", "All roles", show=False, id="careers-all"),
    ]

    def __init__(self, answers: Answers, catalog: Catalog, on_finished: Finished | None = None) -> None:
        super().__init__()
        self.answers = answers
        self.catalog = catalog
        self.on_finished = on_finished
        self.data: ResultsData | None = None
        self.what_if_on = False
        self.what_if_result: Assessment | None = None
        self.last_export: str | None = None
        self.career_sort = 0  # index into CAREER_SORTS
        self.all_careers = False  # only moves in the person's country that raise the score, unless asked

    def compose(self) -> ComposeResult:
        yield Header(icon="?")
        yield LoadingIndicator(id="results-loading")
        with TabbedContent(id="results-tabs", initial="score"):
            with TabPane("1 Score", id="score"), VerticalScroll(id="score-scroll"):
                yield ScoreHeadline(id="headline")
                yield WaterfallView(id="waterfall")
                yield TaskBars(id="tasks")
                yield AdjustmentList(id="adjustments")
            with TabPane("2 Plan", id="plan"), Horizontal(id="plan-body"):
                yield OptionList(id="plan-list")
                with VerticalScroll(id="plan-detail-scroll"):
                    yield PlanDetail(id="plan-detail")
            with TabPane("3 Careers", id="careers"), VerticalScroll(id="careers-scroll"):
                yield Static("", id="careers-rule")
                yield CareerTable(id="careers-table")
                yield LinesView(id="opinions-view")
            with TabPane("4 Limits", id="limits"), VerticalScroll(id="limits-scroll"):
                yield LinesView(id="limits-view")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results-tabs").display = False
        self.compute()

    @work(thread=True, exclusive=True, group="results")
    def compute(self) -> None:
        try:
            data = build_results(self.answers, self.catalog)
        except AssessorError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        saved: SavedResult | None = None
        try:
            saved = saved_result(data, self.catalog)
        except AssessorError as exc:  # shown all the same; only the session keeps no result
            self.app.call_from_thread(self.notify, exc.message, severity="warning", timeout=10)
        self.app.call_from_thread(self._show, data, saved)

    def _failed(self, message: str) -> None:
        self.query_one("#results-loading").display = False
        self.notify(message, severity="error", timeout=10)

    def _show(self, data: ResultsData, saved: SavedResult | None) -> None:
        self.data = data
        assessment = data.assessment
        self.query_one("#results-loading").display = False
        self.query_one("#results-tabs").display = True
        band = _band(data.report)
        items = _plan_items(data)
        self.query_one(ScoreHeadline).show(assessment, band, items[0] if items else None)
        self.query_one(WaterfallView).show(assessment.breakdown)
        self.query_one(TaskBars).show(data.report.tasks if data.report is not None else assessment.tasks)
        self.query_one(AdjustmentList).show(assessment.adjustments, assessment.notes)
        plan_list = self.query_one("#plan-list", OptionList)
        plan_list.clear_options()
        for item in items:
            plan_list.add_option(
                Option(Text(f"{item.gain:+5.1f} {item.months:>3g}mo  {item.title}"), id=item.action_id)
            )
        if items:
            plan_list.highlighted = 0
        else:
            reason = data.plan_error or "No plan action raises this score."
            self.query_one(PlanDetail).show_text(lambda: Text(reason))
        self._show_careers()
        self.query_one("#opinions-view", LinesView).show(
            "Second opinions (other indices, other scales)",
            _opinions(data),
            "No other index covers this role.",
        )
        self.query_one("#limits-view", LinesView).show("Limits of this estimate", _limits(data))
        self.query_one("#score-scroll").focus()
        if self.on_finished is not None and saved is not None:
            self.on_finished(saved)

    # -- plan and what-if ----------------------------------------------------------------------------------

    def _selected_item(self) -> PlanItem | None:
        if self.data is None:
            return None
        plan_list = self.query_one("#plan-list", OptionList)
        index = plan_list.highlighted
        items = _plan_items(self.data)
        if index is None or not 0 <= index < len(items):
            return None
        return items[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "plan-list":
            return
        self.what_if_on = False
        self.what_if_result = None
        self.query_one(PlanDetail).show(self._selected_item())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "plan-list":
            self.query_one(PlanDetail).show(self._selected_item())

    def action_what_if(self) -> None:
        item = self._selected_item()
        if item is None:
            self.notify("Pick a plan action first (tab 2).")
            return
        self.query_one(TabbedContent).active = "plan"
        if self.what_if_on:
            self.what_if_on = False
            self.what_if_result = None
            self.query_one(PlanDetail).show(item)
            return
        self.what_if_on = True
        self._what_if_worker(item)

    @work(thread=True, exclusive=True, group="what-if")
    def _what_if_worker(self, item: PlanItem) -> None:
        from assessor.core.assess import assess

        try:
            after = assess(item.answers_after, self.catalog)
        except AssessorError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._show_what_if, item, after)

    def _show_what_if(self, item: PlanItem, after: Assessment) -> None:
        if not self.what_if_on or self._selected_item() is not item:
            return
        self.what_if_result = after
        self.query_one(PlanDetail).show(item, after)

    # -- careers -------------------------------------------------------------------------------------------

    def _show_careers(self) -> None:
        moves = tuple(self.data.report.careers) if self.data is not None and self.data.report else ()
        shown = moves if self.all_careers else tuple(move for move in moves if move.offered)
        key = CAREER_SORTS[self.career_sort]
        table = self.query_one(CareerTable)
        table.show(sorted(shown, key=key[1]) if key[1] is not None else list(shown))
        text = titled("Career moves\n")
        text.append(f"{ORDER_RULE}\n", style="dim")
        text.append(f"Sorted by {key[0]} (s: sort by another column). ", style="dim")
        left_out = len(moves) - len(shown)
        if self.all_careers:
            text.append(
                "Showing every role (a: only those in your country that raise your score).", style="dim"
            )
        elif left_out:
            text.append(f"{left_out} more role(s) not shown (a: show all).", style="dim")
        if not shown:
            text.append("\nNo role both exists in your country and raises your score.", style="italic")
        self.query_one("#careers-rule", Static).update(text)

    def action_sort_careers(self) -> None:
        self.career_sort = (self.career_sort + 1) % len(CAREER_SORTS)
        self.query_one(TabbedContent).active = "careers"
        self._show_careers()

    def action_all_careers(self) -> None:
        self.all_careers = not self.all_careers
        self.query_one(TabbedContent).active = "careers"
        self._show_careers()

    # -- other actions -------------------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab shown by key or click hands the focus to its content: arrows and PgDn work at once."""
        if event.pane.id:
            self._focus_tab(event.pane.id)

    def _focus_tab(self, tab: str) -> None:
        target = TAB_FOCUS.get(tab)
        if not target or self.data is None:
            return
        widget = self.query_one(target)
        if self.focused is not widget:
            widget.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        self.app.pop_screen()
        self.app.call_after_refresh(self.app.run_action, "edit_answer")

    def action_export(self, fmt: str) -> None:
        if self.data is None:
            self.notify("The results are still being computed.")
            return
        if self.data.report is None:
            self.notify(f"Could not export: {self.data.plan_error}", severity="error", markup=False)
            return
        self.assessor.export_report(self.data.report, "html" if fmt == "html" else "md")


def _plan_items(data: ResultsData) -> tuple[PlanItem, ...]:
    return data.plan.items if data.plan is not None else ()


def _band(report: Report | None) -> tuple[float, float] | None:
    if report is None:
        return None
    return report.band.low, report.band.high


CAREER_SORTS: tuple[tuple[str, Callable[[CareerMove], tuple[float, float]] | None], ...] = (
    ("the rule above", None),
    ("score, highest first", lambda move: (-move.score, 0.0)),
    ("change, largest first", lambda move: (-move.score_change, 0.0)),
    ("share of the day carried over", lambda move: (-move.fit, 0.0)),
    ("credentials needed, fewest first", lambda move: (len(move.credentials_gap), 0.0)),
    ("months, quickest first (unknown last)", lambda move: (move.months is None, move.months or 0.0)),
)


def _listed(items: Sequence[str], most: int) -> str:
    return ", ".join(items[:most]) + (f" +{len(items) - most}" if len(items) > most else "")


class CareerTable(DataTable[str | Text]):
    """The career moves as a table a counsellor can sort (s) and widen to every role (a)."""

    can_focus = False

    def on_mount(self) -> None:
        self.add_columns("Role", "Score", "Change", "Carries over", "Credentials needed", "Months", "Cost")
        self.cursor_type = "none"
        self.show_cursor = False

    def show(self, moves: Sequence[CareerMove]) -> None:
        self.clear()
        for move in moves:
            where = "" if move.in_country else " (not in your country)"
            self.add_row(
                Text(move.title + where),
                f"{move.score:.1f} {move.label.split()[0]}",
                f"{move.score_change:+.1f}",
                f"{move.fit:.0f}%",
                _listed(move.credentials_gap, 3) or "none more",
                "unknown" if move.months is None else f"{move.months:g}",
                "unknown" if move.cost_usd is None else f"${move.cost_usd:,.0f}",
            )


def _opinions(data: ResultsData) -> list[str]:
    if data.report is None:
        return []
    return [
        f"{opinion.index}: {opinion.shown} ({opinion.scale}; {opinion_direction(opinion.direction)}). "
        f"{opinion.why_differs}"
        for opinion in data.report.opinions
    ]


def _limits(data: ResultsData) -> list[str]:
    lines = list(data.report.limitations) if data.report is not None else []
    if data.plan_error:
        lines.insert(0, data.plan_error)
    return lines


def saved_result(data: ResultsData, catalog: Catalog) -> SavedResult:
    """The result and plan as `score --json` and `plan --json` give them, checked as a session keeps them."""
    import json

    from pydantic import ValidationError

    from assessor.core.assess import assessment_summary
    from assessor.core.plan import plan_summary
    from assessor.sessions.models import StoredPlan, StoredResult

    try:
        result = StoredResult.model_validate_json(json.dumps(assessment_summary(data.assessment)))
        plan = (
            None if data.plan is None else StoredPlan.model_validate_json(json.dumps(plan_summary(data.plan)))
        )
    except ValidationError as exc:
        raise AssessorError(f"the result cannot be saved: {exc.errors()[0]['msg']}") from None
    return SavedResult(result=result, plan=plan, data_version=catalog.version)
