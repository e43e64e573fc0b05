"""Pilot tests: the whole conversation to the results, with a bad answer, a disambiguation and an edit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, TabbedContent

from assessor.core.assess import assess
from assessor.core.models import Answers
from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.consent import ConsentScreen
from assessor.tui.screens.help import HelpScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.widgets.answer import ChoiceList
from assessor.tui.widgets.result_parts import ScoreHeadline
from assessor.tui.widgets.transcript import PersonMessage
from tests.ui.helpers import (
    SIZE,
    chat,
    defaults_until,
    enter_to_results,
    messages,
    say,
    settle,
    title_and_years,
    to_results,
)


def headline(app: AssessorApp) -> str:
    return str(app.screen.query_one(ScoreHeadline).render())


async def test_consent_comes_first_and_enter_starts(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert messages(app, "assistant")[-1] == "What is your job title?"


async def test_whole_conversation_with_bad_answer_disambiguation_and_edit(
    make_app, catalog, ambiguous_title
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # An ambiguous title becomes a choice in the chat, not an error.
        await say(pilot, ambiguous_title)
        assert messages(app, "assistant")[-1].startswith("Did you mean")
        choice = app.screen.query_one(ChoiceList)
        labels = [str(option.prompt) for option in choice.options]
        assert len(labels) >= 3  # two or more roles, and "none of these"
        picked = labels[1]  # not the first: the choice must really be the person's
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert messages(app, "person")[-1] == picked
        role_id = chat(app).live_state.role_id
        assert catalog.role(role_id).title == picked
        # A bad answer: an inline error, and the person types again.
        await say(pilot, "lots")
        assert messages(app, "error"), "a bad number of years gives an error message"
        assert chat(app).live_question.id == "years_experience"
        await say(pilot, "3")
        assert chat(app).live_question.id != "years_experience"
        # Enter through the rest: every later question takes its default.
        await enter_to_results(pilot)
        expected = assess(
            Answers.validated(dict(job_title=ambiguous_title, years_experience=3, role_id=role_id)), catalog
        )
        assert f"{expected.score:.1f}/100" in headline(app)
        assert expected.label in headline(app)
        assert expected.role.title in headline(app)
        first_score = expected.score
        # Change an earlier answer: back to the chat, pick years, answer again, new results.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        edit_list = app.screen.query_one(OptionList)
        ids = [option.id for option in edit_list.options]
        edit_list.highlighted = ids.index("job_title")
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_question.id == "job_title"
        field = app.screen.query_one(Input)
        field.value = ""
        await say(pilot, "senior medical coder")
        await enter_to_results(pilot)
        changed = assess(
            Answers.validated(dict(job_title="senior medical coder", years_experience=3)), catalog
        )
        assert changed.score != first_score
        assert f"{changed.score:.1f}/100" in headline(app)


async def test_person_message_can_be_picked_to_change_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await title_and_years(pilot, years="4")
        assert chat(app).live_question.id == "country"
        answers = list(app.screen.query(PersonMessage))
        years = next(message for message in answers if message.question_id == "years_experience")
        years.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_question.id == "years_experience"
        assert app.screen.query_one(Input).value == "4"  # the old answer is there to edit


async def test_live_panel_shows_score_and_what_moved_it(make_app, catalog) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await title_and_years(pilot)
        expected = assess(Answers.validated(dict(job_title="medical coder", years_experience=3)), catalog)
        live = str(app.screen.query_one("#live-score").render())
        assert f"{expected.score:.1f}/100" in live
        assert "Medical Coder" in str(app.screen.query_one("#live-role").render())
        assert "years experience" in str(app.screen.query_one("#live-moved").render())


async def test_time_split_preview_updates_as_you_type(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "time_split")
        await pilot.press(*"half coding, 20% denials, the rest queries")
        await settle(pilot)
        from assessor.tui.widgets.answer import SplitTable

        table = app.screen.query_one(SplitTable)
        assert [pct for _, _, pct in table.rows] == [50, 20, 30]
        # Task names wrap at word boundaries instead of being cut mid-word at 80 columns.
        shown = " ".join(strip.text for strip in table.render_lines(table.region.reset_offset)).split()
        for _, task, _ in table.rows:
            for word in task.split():
                assert word in shown, f"{word!r} of {task!r} is cut"


async def test_follow_up_about_the_day_takes_a_bare_answer(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "time_split")
        await say(pilot, "mostly coding, some denials")
        assert "How much of your day is coding?" in messages(app, "assistant")[-1]
        assert app.screen.query_one(Input).value == ""
        await say(pilot, "75%")
        assert "How much of your day is denials?" in messages(app, "assistant")[-1]
        assert "Enter: the other 25%" in (app.screen.query_one(Input).placeholder or "")
        await say(pilot, "")
        assert not any("Which task does" in text for text in messages(app, "error"))
        assert any("75%" in text and "25%" in text for text in messages(app, "notice"))
        assert chat(app).live_question.id != "time_split"
        assert chat(app).live_state.value("time_split") == "75% coding, the rest denials"


async def test_help_opens_on_f1_and_question_mark(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert len(app.screen_stack) == 2
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1
        app.screen.query_one("#transcript").focus()  # '?' outside a text input
        app.set_focus(None)
        await pilot.press("question_mark")
        await settle(pilot)
        assert len(app.screen_stack) == 2


async def test_ctrl_q_quits_with_status_zero_from_any_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0


async def test_results_export_writes_markdown_and_what_if_rescoring(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await to_results(pilot)
        assert results.data is not None
        assert results.data.report is not None, results.data.plan_error
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")  # the folder offered
        await settle(pilot)
        written = sorted(tmp_path.glob("assessor-report*.md"))
        assert len(written) == 1
        assert f"{results.data.assessment.score:.1f}" in written[0].read_text(encoding="utf-8")
        await pilot.press("m", "enter")
        await settle(pilot)
        assert len(sorted(tmp_path.glob("assessor-report*.md"))) == 2  # never overwrites
        await pilot.press("h", "enter")
        await settle(pilot)
        [page] = sorted(tmp_path.glob("assessor-report*.html"))
        assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
        assert results.last_export is not None and str(page) in results.last_export  # the path is said
        assert str(page) not in (results.sub_title or "") + app.sub_title  # not kept in the title bar
        assert results.data.plan is not None
        items = results.data.plan.items
        assert items, "the shipped actions give a medical coder at least one plan action"
        if items:
            await pilot.press("2")
            await settle(pilot)
            assert results.query_one(TabbedContent).active == "plan"
            await pilot.press("w")
            await settle(pilot)
            after = assess(items[0].answers_after, app.catalog)
            assert results.what_if_result is not None
            assert abs(results.what_if_result.score - after.score) < 1e-9
            assert abs(after.score - items[0].score_after) < 0.05
            await pilot.press("w")
            await settle(pilot)
            assert results.what_if_result is None


async def test_multi_choice_keeps_ticked_and_typed_credentials(make_app) -> None:  # type: ignore[no-untyped-def]
    from assessor.tui.widgets.answer import MultiChoice

    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "certifications")
        multi = app.screen.query_one(MultiChoice)
        values = [value for value, _ in multi.choices]
        # Keys pressed quickly, as a fast typist or a paste would: Enter must not overtake the ticks.
        await pilot.press(*"CHDA", "down", "space", *["down"] * values.index("CRC"), "space", "enter")
        await settle(pilot)
        assert chat(app).live_state.value("certifications") == ("CPC", "CRC", "CHDA")


async def test_typed_credentials_land_where_they_are_seen_and_tick_rows(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Static

    from assessor.tui.widgets.answer import AnswerArea, MultiChoice

    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "certifications")
        await pilot.press(*"CPC, ABCD")
        await settle(pilot)
        multi = app.screen.query_one(MultiChoice)
        assert multi.ticked == ("CPC",)
        rows = [str(multi.get_option_at_index(index).prompt) for index in range(multi.option_count)]
        assert rows[0].startswith("[x] CPC") and rows[1].startswith("[ ] ")  # not told apart by colour alone
        status = str(app.screen.query_one(AnswerArea).query_one(".multi-status", Static).render())
        assert "ABCD" in status and "CPC" in status  # the credential not in the list is kept and shown
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_state.value("certifications") == ("CPC", "ABCD")
        # A letter typed while the list has the focus goes to the text box, in view.
        await pilot.press("enter")  # time split: the default
        await settle(pilot)
        while chat(app).live_question.id != "goals":
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("down")
        assert isinstance(app.focused, MultiChoice)
        await pilot.press(*"cdi", "enter")
        await settle(pilot)
        assert chat(app).live_state.value("goals") == ("cdi",)


async def test_changing_a_multi_answer_shows_what_is_ticked(make_app) -> None:  # type: ignore[no-untyped-def]
    from assessor.tui.widgets.answer import MultiChoice

    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "certifications")
        await say(pilot, "CPC, CRC")
        chat(app).change_answer("certifications")
        await settle(pilot)
        assert app.screen.query_one(MultiChoice).ticked == ("CPC", "CRC")
        assert "Enter keeps: CPC, CRC" in messages(app, "assistant")[-1]
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_state.value("certifications") == ("CPC", "CRC")


async def test_placeholders_come_from_the_questionnaire(make_app, questionnaire) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "goals")
        field = app.screen.query_one("#multi-typed", Input)
        assert field.placeholder == questionnaire.question("goals").placeholder
        assert "CPC" not in field.placeholder


def test_every_binding_has_a_description_and_an_id() -> None:
    from textual.binding import Binding

    from assessor.tui.screens.consent import ConsentScreen
    from assessor.tui.screens.edit import EditAnswerScreen
    from assessor.tui.screens.help import HelpScreen
    from assessor.tui.screens.sessions import CompareScreen, ConfirmScreen, NotesScreen, SessionsScreen
    from assessor.tui.widgets.answer import MultiChoice
    from assessor.tui.widgets.transcript import PersonMessage

    owners = [
        AssessorApp,
        ChatScreen,
        ResultsScreen,
        ConsentScreen,
        EditAnswerScreen,
        HelpScreen,
        SessionsScreen,
        CompareScreen,
        ConfirmScreen,
        NotesScreen,
        MultiChoice,
        PersonMessage,
    ]
    for owner in owners:
        for binding in owner.BINDINGS:  # type: ignore[attr-defined]
            assert isinstance(binding, Binding), f"{owner.__name__}: {binding!r}"
            assert binding.description, f"{owner.__name__}: {binding.key} has no description"
            assert binding.id, f"{owner.__name__}: {binding.key} has no id"


async def test_command_palette_offers_the_apps_own_commands(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in (
            "New assessment",
            "Export Markdown report",
            "Export HTML report",
            "What-if",
            "Sessions",
        ):
            assert wanted in titles
        assert "Theme" in " ".join(titles) or any("theme" in title.lower() for title in titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert len(app.screen_stack) == 2
        await pilot.press(*"New assessment")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        from assessor.tui.screens.consent import ConsentScreen

        assert isinstance(app.screen, ConsentScreen)  # a new assessment asks for consent (and a label) again


async def test_changing_an_answer_prefills_it_with_the_cursor_at_the_end(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await title_and_years(pilot, years="4")
        chat(app).change_answer("job_title")
        await settle(pilot)
        field = app.screen.query_one(Input)
        assert field.value == "medical coder"
        await pilot.press("ctrl+u", *"coding auditor", "enter")
        await settle(pilot)
        assert chat(app).live_state.value("job_title") == "coding auditor"
        assert (
            chat(app).live_question.id == "country"
        )  # years was kept: the conversation goes on from the change
        assert app.screen.query_one(ChoiceList).highlighted == 0


async def test_under_textual_serve_reports_go_to_the_browser(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    delivered: list[tuple[str, str | None]] = []

    def fake_deliver(self, path_or_file, **options):  # type: ignore[no-untyped-def]
        delivered.append((path_or_file.read(), options.get("save_filename")))
        return "key"

    monkeypatch.setattr(AssessorApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(AssessorApp, "deliver_text", fake_deliver)
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE):
        where = app.deliver_report("# report\n", "md", "assessor-report-client-a-2026-11-30")
    assert delivered == [("# report\n", "assessor-report-client-a-2026-11-30.md")]
    assert "browser" in where


async def test_a_new_assessment_clears_the_last_clients_score(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await title_and_years(pilot)
        assert "/100" in str(app.screen.query_one("#live-score").render())
        app.action_new_assessment()
        await settle(pilot)
        await pilot.press("enter")  # the purpose screen, no label
        await settle(pilot)
        assert "/100" not in str(app.screen.query_one("#live-score").render())
        assert "Medical Coder" not in str(app.screen.query_one("#live-role").render())
        assert str(app.screen.query_one("#live-moved").render()) == "—"
        assert [message for message in messages(app, "person")] == []


async def test_results_tabs_take_the_focus_and_tab_keys_always_work(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual.containers import VerticalScroll

    app = make_app(show_consent=False)
    async with app.run_test(size=SIZE) as pilot:
        results = await to_results(pilot)
        tabs = results.query_one(TabbedContent)
        await pilot.press("2")
        await settle(pilot)
        plan_list = results.query_one("#plan-list", OptionList)
        assert app.focused is plan_list  # the arrows work at once
        await pilot.press("down")
        assert plan_list.highlighted == 1
        for key, tab in (("3", "careers"), ("2", "plan"), ("4", "limits"), ("2", "plan"), ("1", "score")):
            await pilot.press(key)  # from the plan list too
            await settle(pilot)
            assert tabs.active == tab
        await pilot.press("3")
        await settle(pilot)
        careers = results.query_one("#careers-scroll", VerticalScroll)
        assert app.focused is not None and app.focused.id == "careers-scroll"
        assert careers.max_scroll_y > 0, "the careers tab fits the screen: nothing to test PgDn with"
        await pilot.press("pagedown")
        await settle(pilot)
        assert careers.scroll_y > 0


async def test_careers_table_sorts_and_shows_every_role_on_request(make_app) -> None:  # type: ignore[no-untyped-def]
    from assessor.tui.screens.results import CareerTable

    app = make_app(show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await to_results(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = results.query_one(CareerTable)
        assert results.data is not None and results.data.report is not None
        offered = [move for move in results.data.report.careers if move.offered]
        assert table.row_count == len(offered) < len(results.data.report.careers)
        assert "Ordered by how much of your day carries over" in str(
            results.query_one("#careers-rule").render()
        )
        await pilot.press("s")  # by score, highest first
        await settle(pilot)
        scores = [float(str(table.get_row_at(i)[1]).split()[0]) for i in range(table.row_count)]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("a")
        await settle(pilot)
        assert table.row_count == len(results.data.report.careers)
        await pilot.press("2")
        await settle(pilot)
        first = str(results.query_one("#plan-list", OptionList).get_option_at_index(0).prompt)
        assert "mo " in first  # the plan shows months
        assert "points gained per month" in str(results.query_one("#plan-detail").render())


async def test_live_panel_shows_the_adjustment_figure_the_report_shows(make_app, catalog) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "work_setting")
        app.screen.query_one(ChoiceList).highlighted = 0  # Inpatient hospital
        await pilot.press("enter")
        await settle(pilot)
        moved = " ".join(str(app.screen.query_one("#live-moved").render()).split())
        expected = assess(
            Answers.validated(dict(job_title="medical coder", years_experience=3, work_setting="inpatient")),
            catalog,
        )
        [adjustment] = [a for a in expected.adjustments if a.id.startswith("setting-")]
        assert f"{adjustment.effect:+.1f} points" in moved
        assert " ".join(adjustment.title.split()[:2]) in moved


def zone_background(widget: ScoreHeadline, words: str) -> tuple[int, int, int] | None:
    """The background colour the zone's words are painted on, as rendered."""
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            if words in segment.text and segment.style is not None and segment.style.bgcolor is not None:
                return tuple(segment.style.bgcolor.get_truecolor())  # type: ignore[return-value]
    return None


def near(rendered: tuple[int, int, int] | None, colour: str) -> bool:
    """Rendered colours are rounded on the way to the terminal: within 2 of each channel is the same."""
    from textual.color import Color

    wanted = Color.parse(colour)
    return rendered is not None and all(
        abs(a - b) <= 2 for a, b in zip(rendered, (wanted.r, wanted.g, wanted.b), strict=True)
    )


async def test_zone_colours_come_from_the_theme_and_follow_a_theme_switch(make_app, catalog) -> None:  # type: ignore[no-untyped-def]
    from assessor.core.wording import zone_words

    expected = assess(Answers.validated(dict(job_title="medical coder", years_experience=3)), catalog)
    tone = {"red": "error", "yellow": "warning", "green": "success"}[expected.zone]
    words = zone_words(expected.zone, expected.label)
    app = make_app(show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await to_results(pilot)
        headline = results.query_one(ScoreHeadline)
        before = zone_background(headline, words)
        assert near(before, getattr(app.current_theme, tone)), before
        app.theme = "nord"
        await settle(pilot)
        after = zone_background(headline, words)
        assert near(after, getattr(app.current_theme, tone)), after
        assert after != before  # the same widget, repainted in the new theme's colour


async def test_words_typed_on_a_choice_list_are_the_answer(make_app) -> None:  # type: ignore[no-untyped-def]
    """Typing "payor" on the list of settings answers with those words; the highlighted default is not sent
    in their place, and words naming two options are asked back."""
    app = make_app(show_consent=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await defaults_until(pilot, app, "work_setting")
        choice = app.screen.query_one(ChoiceList)
        await pilot.press(*"inpatient and outpatient")
        assert "inpatient and outpatient" in str(choice.border_title)
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_question.id == "work_setting"
        assert messages(app, "error")[-1].startswith("Did you mean Inpatient hospital or Outpatient")
        choice = app.screen.query_one(ChoiceList)
        await pilot.press(*"payx", "backspace", "o", "r")
        assert choice.typed == "payor"
        await pilot.press("enter")
        await settle(pilot)
        assert chat(app).live_question.id != "work_setting"
        assert dict((q.id, v) for q, _, v in chat(app).live_state.answered)["work_setting"] == "payer"
