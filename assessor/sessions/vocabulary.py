"""Task phrases a person confirmed ("chart crunching" -> assign-codes), remembered per counsellor in the store.

The conversation asks "Did you mean 1. 2. 3.?" when a task phrase is not understood with confidence; the pick
is remembered here, so the same counsellor's next conversation understands the phrase directly (the task
matcher's learned-phrases parameter). `assessor vocabulary export` turns the remembered phrases into a TOML
snippet in roles/lexicon.toml's format, for a maintainer to review and merge for everyone.

Phrases are stored under the matcher's phrase key (case, spacing and punctuation do not matter), one row per
(counsellor, phrase): confirming a phrase again counts it; confirming it as another task replaces the task.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable

from assessor.core.catalog import Catalog
from assessor.core.words import phrase_key
from assessor.sessions.backend import SessionStore
from assessor.sessions.errors import StoreError
from assessor.sessions.models import LearnedPhrase as LearnedPhrase

MAX_PHRASE_CHARS = 80  # a lexicon term's limit: a longer phrase is not vocabulary but a sentence
UNKNOWN_COUNSELLOR = "unknown"
COUNSELLOR_ENV = "ASSESSOR_COUNSELLOR"


def os_user() -> str:
    """The operating-system user, or "unknown" where there is none."""
    try:
        name = getpass.getuser() or UNKNOWN_COUNSELLOR
    except (KeyError, OSError):  # no login name and no password-database entry (some containers)
        return UNKNOWN_COUNSELLOR
    # From $LOGNAME or $USER, so any bytes: invalid UTF-8 is kept as \xNN and control characters as \uXXXX
    # (a store takes only plain, valid text).
    from assessor.core.text import terminal_safe

    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return terminal_safe(" ".join(text.split()))[:COUNSELLOR_MAX_CHARS] or UNKNOWN_COUNSELLOR


COUNSELLOR_MAX_CHARS = 200


def configured_counsellor() -> str | None:
    """The counsellor's name as configured (ASSESSOR_COUNSELLOR, which `--counsellor` sets), if any: one line
    of plain text (StoreError, one sentence, for control characters or more than 200 characters)."""
    from assessor.core.text import without_invisible
    from assessor.sessions.backend import plain_text_problem

    name = " ".join(without_invisible(os.environ.get(COUNSELLOR_ENV, "")).split())
    problem = plain_text_problem(name)  # invalid UTF-8 arrives as lone surrogates: "is not UTF-8 text"
    if problem is None and len(name) > COUNSELLOR_MAX_CHARS:
        problem = f"is {len(name):,} characters (at most {COUNSELLOR_MAX_CHARS})"
    if problem:
        raise StoreError(f"the counsellor's name ({COUNSELLOR_ENV} or --counsellor) {problem}")
    return name or None


def current_counsellor() -> str:
    """Who is counselling: the configured name, else the operating-system user.

    On the SQLite store this names the sessions a counsellor creates and whose vocabulary is used; on
    PostgreSQL the database role is the counsellor (the store's `counsellor`), since the database enforces it.
    """
    return configured_counsellor() or os_user()


class Vocabulary:
    """One counsellor's remembered phrases in a session store (each call is its own transaction)."""

    def __init__(self, store: SessionStore, counsellor: str) -> None:
        self.store = store
        self.counsellor = counsellor

    def remember(self, said: str, task_id: str, task_name: str) -> LearnedPhrase | None:
        """Remember that `said` means `task_id`; None when the phrase is empty or too long to be vocabulary."""
        key = phrase_key(said)
        if not key or len(key) > MAX_PHRASE_CHARS:
            return None
        said = " ".join(said.split())
        self.store.remember_phrase(self.counsellor, key, said, task_id, task_name)
        return self.find(said)

    def find(self, phrase: str) -> LearnedPhrase | None:
        key = phrase_key(phrase)
        return next((entry for entry in self.entries() if entry.phrase == key), None)

    def entries(self) -> list[LearnedPhrase]:
        """Every remembered phrase, most used first (then alphabetical)."""
        return self.store.learned_phrases(self.counsellor)

    def learned(self) -> dict[str, str]:
        """phrase -> task id: what the task matcher takes as learned phrases."""
        return {entry.phrase: entry.task_id for entry in self.entries()}

    def forget(self, phrase: str) -> LearnedPhrase:
        """Remove one phrase (however it is cased or spaced); StoreError when it is not remembered."""
        found = self.find(phrase)
        if found is None:
            known = [entry.said for entry in self.entries()]
            from assessor.core.loading import closest

            guess = closest(" ".join(phrase.split()), known) if known else None
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise StoreError(f"no remembered phrase {' '.join(phrase.split())!r}{hint}")
        self.store.forget_phrase(self.counsellor, found.phrase)
        return found


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _TOML_SHORT:
        return _TOML_SHORT[char]
    if "\ud800" <= char <= "\udfff":  # half a character: TOML has no escape for it
        return "\\ufffd"
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_TOML_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _toml_string(text: str) -> str:
    """A TOML basic string of any text: quotes, backslashes, line breaks and every character a terminal or
    TOML itself would not take plainly (controls, DEL, format characters, lone surrogates) escaped, so a
    phrase can never end the string and add keys of its own to roles/lexicon.toml."""
    from assessor.core.text import UNSAFE_CLASS

    return '"' + re.sub(f'["\\\\\n\t{UNSAFE_CLASS}]', _toml_escape, text) + '"'


def _term_problem(phrase: str) -> str | None:
    """Why a stored phrase cannot be a lexicon term (Concept.terms), or None."""
    if not phrase or len(phrase) > 80:
        return f"{len(phrase)} characters, not 1 to 80"
    if "\n" in phrase or "\r" in phrase:
        return "more than one line"
    return None


def _checked_snippet(text: str, concepts: int) -> str:
    """The snippet, after proving it is TOML holding exactly the concepts written and nothing else."""
    import tomllib

    from assessor.core.errors import AssessorError
    from assessor.core.models import Concept

    try:
        data = tomllib.loads(text)
        found = [Concept.validated(item) for item in data.get("concepts", [])]
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise AssessorError(
            f"the vocabulary export would not load as lexicon TOML ({exc}); nothing was written"
        ) from None
    if set(data) - {"concepts"} or len(found) != concepts:
        raise AssessorError("the vocabulary export would add more than its concepts; nothing was written")
    return text


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60].strip("-") or "task"


def lexicon_snippet(entries: Iterable[LearnedPhrase], catalog: Catalog, counsellor: str) -> str:
    """Remembered phrases as [[concepts]] in roles/lexicon.toml's format, one concept per task.

    Phrases the lexicon already has, and tasks the catalog no longer has, are left out (and said so in a
    comment), so the snippet appended to roles/lexicon.toml still loads.
    """
    known_tasks = {task.id for role in catalog.roles for task in role.tasks}
    known_tasks |= {task.id for task in catalog.shared_tasks}
    known_phrases = {phrase_key(phrase) for concept in catalog.lexicon.concepts for phrase in concept.phrases}
    used_ids = {concept.id for concept in catalog.lexicon.concepts}
    by_task: dict[str, list[LearnedPhrase]] = {}
    skipped: list[str] = []
    for entry in entries:
        term_problem = _term_problem(entry.phrase)
        if term_problem:
            skipped.append(f"{entry.said!r} (not a lexicon term: {term_problem})")
        elif entry.task_id not in known_tasks:
            skipped.append(f"{entry.said!r} (task {entry.task_id!r} is no longer in the catalog)")
        elif entry.phrase in known_phrases:
            skipped.append(f"{entry.said!r} (already in the lexicon)")
        else:
            by_task.setdefault(entry.task_id, []).append(entry)
    lines = [
        f"# Task phrases confirmed in assessor conversations by {_toml_string(counsellor)} (assessor vocabulary "
        "export).",
        "# Review each phrase, then merge the concepts you agree with into roles/lexicon.toml.",
    ]
    lines += [f"# Left out: {_toml_string(item)[1:-1]}" for item in skipped]
    for task_id in sorted(by_task):
        phrases = by_task[task_id]
        concept_id = f"learned-{_slug(task_id)}"
        suffix = 2
        while concept_id in used_ids:
            concept_id, suffix = f"learned-{_slug(task_id)}-{suffix}", suffix + 1
        used_ids.add(concept_id)
        name = " ".join(phrases[0].task_name.split())[:120]  # the gloss is one line of at most 200
        times = sum(entry.times for entry in phrases)
        lines += [
            "",
            "[[concepts]]",
            f"id = {_toml_string(concept_id)}",
            f"gloss = {_toml_string(f'Confirmed in conversations as meaning: {name} ({_times(times)}).')}",
            "terms = [" + ", ".join(_toml_string(entry.phrase) for entry in phrases) + "]",
            f"tasks = [{_toml_string(task_id)}]",
        ]
    return _checked_snippet("\n".join(lines) + "\n", len(by_task))
