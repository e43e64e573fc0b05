"""The app paints its first question from the questionnaire's words alone, then validates the questionnaire.

`assessor` (commands/app.py) hands the app loaders for the questionnaire and the role data and the first
question's words (core.first_question, no pydantic); both loaders run in a worker after the first paint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from assessor.core.catalog import Catalog
from assessor.core.errors import DataFileError
from assessor.core.first_question import FirstQuestion, first_question
from assessor.core.questionnaire import Questionnaire, load_questionnaire
from assessor.sessions.backend import SessionStore
from assessor.tui.app import AssessorApp
from tests.ui.helpers import SIZE, chat, say, settle


def loading_app(
    tmp_path: Path,
    catalog: Callable[[], Catalog],
    questionnaire: Questionnaire | Callable[[], Questionnaire],
    store: SessionStore | None = None,
) -> AssessorApp:
    """The app as `assessor` starts it: the first question painted while the loaders run in a thread."""
    return AssessorApp(
        catalog,
        questionnaire,
        store,
        first_question=first_question(),
        show_consent=False,
        cursor_blink=False,
        export_dir=tmp_path,
        settings_path=tmp_path / "settings.json",
    )


def assistant_lines(app: AssessorApp) -> list[str]:
    from assessor.tui.widgets.transcript import ChatMessage

    return [str(message.render()) for message in chat(app).query(ChatMessage) if message.kind == "assistant"]


def test_first_question_has_the_words_the_validated_questionnaire_has() -> None:
    first = load_questionnaire().questions[0]
    assert first_question() == FirstQuestion(
        prompt=first.prompt, help=first.help, placeholder=first.placeholder
    )


def test_first_question_is_none_when_its_words_are_not_plainly_there(tmp_path: Path) -> None:
    assert first_question(tmp_path) is None  # no files
    (tmp_path / "a.toml").write_text("[[questions]\n", encoding="utf-8")
    assert first_question(tmp_path) is None  # not TOML
    (tmp_path / "a.toml").write_text('[[questions]]\nid = "job_title"\nprompt = 3\n', encoding="utf-8")
    assert first_question(tmp_path) is None  # a prompt that is not text
    (tmp_path / "a.toml").write_bytes(b'[[questions]]\nprompt = "\xff"\n')
    assert first_question(tmp_path) is None  # not UTF-8


async def test_first_question_is_painted_before_the_questionnaire_is_loaded(
    catalog: Catalog, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    painted_before_loading: list[bool] = []
    release = threading.Event()

    def load_questionnaire_later() -> Questionnaire:
        release.wait(10)
        return questionnaire

    app = loading_app(tmp_path, lambda: catalog, load_questionnaire_later)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted_before_loading.append("What is your job title?" in assistant_lines(app))
        assert app.questionnaire is None and chat(app).state is None
        release.set()
        await settle(pilot)
        assert app.questionnaire is questionnaire and chat(app).questionnaire is questionnaire
        await say(pilot, "medical coder")
        await settle(pilot)
        assert chat(app).question is not None and chat(app).question.id == "years_experience"
    assert painted_before_loading == [True]


async def test_a_broken_questionnaire_found_after_the_first_paint_exits_with_its_message(
    catalog: Catalog, tmp_path: Path
) -> None:
    def broken() -> Questionnaire:
        raise DataFileError("questionnaires/intake.toml: question 'years_experience': kind: 'numbr' is wrong")

    app = AssessorApp(
        lambda: catalog,
        broken,
        None,
        first_question=FirstQuestion(prompt="What is your job title?"),
        show_consent=False,
        cursor_blink=False,
        export_dir=tmp_path,
        settings_path=tmp_path / "settings.json",
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_value == 2  # what `assessor` exits with (commands/app.py: run_app)


async def test_sessions_asked_for_while_the_role_data_loads_open_once_it_is_in(
    catalog: Catalog, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    """A counsellor who opens Sessions (ctrl+p) in the first second is not told to try again: they open."""
    from assessor.sessions.store import Store
    from assessor.tui.screens.sessions import SessionsScreen

    release = threading.Event()

    def load_catalog_later() -> Catalog:
        release.wait(10)
        return catalog

    app = loading_app(tmp_path, load_catalog_later, questionnaire, Store.open(tmp_path / "home"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.catalog is None
        app.action_sessions()
        await pilot.pause()
        assert not isinstance(app.screen, SessionsScreen)
        assert [note.message for note in app._notifications] == [
            "The role data is still loading; the sessions open as soon as it is ready."
        ]
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
