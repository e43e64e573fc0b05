"""The project's own error type: every failure a user can cause ends as one of these."""

from __future__ import annotations

MAX_MESSAGE = 1000


class AssessorError(Exception):
    """A problem a person can fix, told in one sentence.

    The CLI and the app catch this type and show its message; anything else is a bug.
    """

    def __init__(self, message: str) -> None:
        # One line, always: a user sees this on stderr or in the chat. And never more than MAX_MESSAGE
        # characters: a sentence that quotes what it read (a CSV header, a title) must not pour a whole
        # file into a log (`score --batch /proc/self/environ` printed every environment variable).
        text = " ".join(str(message).split())
        if len(text) > MAX_MESSAGE:
            text = text[: MAX_MESSAGE - 3] + "..."
        super().__init__(text)

    @property
    def message(self) -> str:
        return str(self.args[0])


class DataFileError(AssessorError):
    """A roles/ or questionnaires/ file that does not validate; names the file and the field."""


class AnswersError(AssessorError):
    """An answers file or typed answer that cannot be used."""


class MatchError(AssessorError):
    """A job title or task that matches nothing in the catalog with confidence."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates
