"""What the assessment is, what it is not, and where answers go: written once, shown by `ask`, the app's
purpose screen and chat, and the saved-session commands. Plain text; each surface adds its own emphasis."""

from __future__ import annotations

PURPOSE_SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "What this does.",
        "A few questions about your coding work (title, years, setting, credentials, how your day splits), "
        "then an estimate of how exposed your mix of tasks is to AI automation, where that number comes "
        "from, and which moves would raise it, each with its computed gain.",
    ),
    (
        "What it does not do.",
        "It is not a test of you, not a prediction that you will lose your job, and not advice to an "
        "employer. It is an estimate from published sources; the results list its limits.",
    ),
    ("Your data.", "Nothing you type leaves this computer: no network, no tracking."),
)

COUNTRY_NAMES = {
    "us": "the US",
    "uk": "the UK",
    "canada": "Canada",
    "australia": "Australia",
    "other": "other countries",
}


def country_name(code: str) -> str:
    """A country code as it reads in a sentence ("in the UK"), for the codes the answers allow."""
    return COUNTRY_NAMES.get(code, code.upper())


def joined(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


LINE_KEYS = "Press Enter to accept a default, type ? for help on a question, < to go back."

APP_INTRO = (
    "Hello. I will ask a few questions about your work, then show how exposed your day is to AI "
    "automation and what would raise your score. Press Enter on an empty answer to take the default shown; "
    "F2 changes an earlier answer; F1 shows help."
)

SAVED_FOR_CLIENT = (
    "Saved for {client}.",
    "Every answer is saved on this computer the moment it is given, so nothing is lost if the window "
    "closes. Delete the session from the Sessions screen (ctrl+p, Sessions) or with "
    "'assessor sessions delete ID'; it is then gone from the database for good.",
)

NOT_SAVED_UNLESS_ASKED = (
    "Not saved unless you ask.",
    "Nothing is written to disk except a report you export. Counsellors: type a client label below "
    "(initials or a case number) and every answer is saved on this computer as it is given; the Sessions "
    "screen (ctrl+p) can delete it for good.",
)

STORE_UNAVAILABLE = (
    "Not saved.",
    "The session store is unavailable, so nothing is written to disk except a report you export.",
)

LINE_CONSENT = (
    "Because a client label was given, this session is saved on this machine only ({path}): each answer is "
    "stored the moment it is given, so an interrupted session can be resumed with `assessor sessions resume "
    "{session_id}`. The counsellor can add notes with `assessor sessions notes {session_id} TEXT`. "
    "To remove it for good: `assessor sessions delete {session_id}`."
)


def purpose_text() -> str:
    """The purpose paragraphs as one plain paragraph for a line-by-line terminal."""
    return " ".join(f"{heading} {body}" for heading, body in PURPOSE_SECTIONS) + " " + LINE_KEYS
