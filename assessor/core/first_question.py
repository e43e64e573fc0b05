"""The first question of the questionnaire, read without pydantic: the app paints it while the rest loads.

Only the first question's words are read here (the first file in name order, its first [[questions]] table);
the whole questionnaire is still validated (core.questionnaire) right after the first paint, and anything
wrong with it is reported then. When the first question cannot be read this simply, the caller loads and
validates the questionnaire first, as before.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from assessor.core.data import data_dir
from assessor.core.records import record


@record(frozen=True)
class FirstQuestion:
    """What the app shows of the first question before the questionnaire is validated."""

    prompt: str
    help: str = ""
    placeholder: str = ""


def first_question(folder: Path | None = None) -> FirstQuestion | None:
    """The first question's prompt, help and placeholder, or None when they are not plainly there."""
    root = folder or data_dir("questionnaires")
    try:
        paths = sorted(root.glob("*.toml"))
        data = tomllib.loads(paths[0].read_text(encoding="utf-8")) if paths else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions or not isinstance(questions[0], dict):
        return None
    first = questions[0]
    prompt, help_text, placeholder = first.get("prompt"), first.get("help", ""), first.get("placeholder", "")
    if not (
        isinstance(prompt, str) and prompt and isinstance(help_text, str) and isinstance(placeholder, str)
    ):
        return None
    return FirstQuestion(prompt=prompt, help=help_text, placeholder=placeholder)
