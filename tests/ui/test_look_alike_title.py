"""The app's chat says why a job title with letters that only look Latin is refused (see
tests/unit/test_look_alike_titles.py for score, batch and ask)."""

from __future__ import annotations

from tests.ui.helpers import chat, messages, say, settle

GREEK_IOTAS = "Coder \u0399\u0399"


async def test_the_app_says_why(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(show_consent=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await say(pilot, GREEK_IOTAS)
        (error,) = messages(app, "error")
        assert "mixes Latin letters with Greek ones that only look like them" in error
        assert chat(app).live_question.id == "job_title"
