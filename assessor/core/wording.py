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

# "Your data" when the sessions are in a counselling service's database (`--database postgresql://...`).
SHARED_DATA = (
    "Your data.",
    "No tracking. Without a client label nothing you type is kept; with one, each answer is saved in the "
    "counselling service's shared database, where only your counsellor and the service's supervisors can "
    "read it.",
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
    "closes. Delete the session from the Sessions screen (F4) or with "
    "'assessor sessions delete ID'; it is then gone from the database for good.",
)

NOT_SAVED_UNLESS_ASKED = (
    "Not saved unless you ask.",
    "Nothing is written to disk except a report you export. Counsellors: type a client label below "
    "(initials or a case number) and every answer is saved on this computer as it is given; the Sessions "
    "screen (F4) can delete it for good.",
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

LINE_CONSENT_SHARED = (
    "Because a client label was given, this session is saved in the counselling service's shared database "
    "({path}), where only your database role and the service's supervisors can read it: each answer is "
    "stored the moment it is given, so an interrupted session can be resumed with `assessor sessions resume "
    "{session_id}`. The counsellor can add notes with `assessor sessions notes {session_id} TEXT`. "
    "To remove it for good: `assessor sessions delete {session_id}`."
)


def purpose_sections(shared: bool = False) -> tuple[tuple[str, str], ...]:
    """The purpose paragraphs; `shared`: sessions go to a counselling service's database, not this computer."""
    return (*PURPOSE_SECTIONS[:-1], SHARED_DATA) if shared else PURPOSE_SECTIONS


def purpose_text(shared: bool = False) -> str:
    """The purpose paragraphs as one plain paragraph for a line-by-line terminal."""
    return " ".join(f"{heading} {body}" for heading, body in purpose_sections(shared)) + " " + LINE_KEYS


def store_name(shared: bool = False) -> str:
    """Where a client's saved answers are, as a noun ("removed from ...")."""
    return "the counselling service's shared database" if shared else "this computer"


def saved_where(shared: bool = False) -> str:
    """Where a client's saved answers are, as the end of a sentence ("saved ...")."""
    return f"in {store_name(shared)}" if shared else f"on {store_name(shared)}"


def storage_wording(can_store: bool, client: str | None, shared: bool = False) -> tuple[str, str]:
    """The paragraph on what happens to the answers: not saved, saved for a client, or no store to save in."""
    if not can_store:
        return STORE_UNAVAILABLE
    heading, body = SAVED_FOR_CLIENT if client else NOT_SAVED_UNLESS_ASKED
    return heading, body.replace("on this computer", saved_where(shared))


# -- one vocabulary for the score, its zones and the tasks, on every surface --------------------------------
# The score is a PROTECTION score: 0-100, higher is better (the seed's card: "0 - At Risk, 100 - Protected").
# Zones keep the seed's names (Red < 25 <= Yellow < 48 <= Green); tasks keep the seed's three kinds.

SCORE_NAME = "AI protection score"
SCALE_NOTE = "0 = at risk, 100 = protected: higher is better"
APP_SUBTITLE = "your AI protection score: higher is better"
REPORT_TITLE = "Your AI protection score: a personal report"
ZONE_MEANING = {"red": "at risk", "yellow": "changing", "green": "protected"}
# The task kinds as the JSON carries them (a contract), and what each means in words.
TASK_KIND_MEANING = {
    "displaced": "automation 4-5: AI tools can already do most of it",
    "augmented": "automation 2-3: AI does part of it, with you",
    "not involved": "automation 1: work AI does not touch",
}
PLAN_RANKING = "The plan is ranked by points gained per month of effort: the quickest gains first."

# Another index's skill outlook (NestorBot: vulnerable / resilient) in the same words as ours.
SKILL_OUTLOOK = {"vulnerable": "exposed", "resilient": "protected", "not rated": "not rated"}


def zone_words(zone: str, label: str) -> str:
    """A zone as shown: its label and, in words, what it means ("Red: at risk")."""
    meaning = ZONE_MEANING.get(zone.lower())
    return f"{label}: {meaning}" if meaning and meaning not in label.lower() else label


def task_kind_legend() -> str:
    return " ".join(f"{kind.capitalize()}: {meaning}." for kind, meaning in TASK_KIND_MEANING.items())


def opinion_direction(direction: str) -> str:
    """Another index's direction, said the same way every time, against ours (higher = better protected)."""
    lowered = direction.lower()
    if "higher" in lowered and any(word in lowered for word in ("risk", "expos", "applicable", "automat")):
        return "higher = more exposed (the opposite direction to the protection score)"
    if "higher" in lowered and any(word in lowered for word in ("protect", "resist", "safe")):
        return "higher = better protected (the same direction as the protection score)"
    return direction
