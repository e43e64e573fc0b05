"""Names from the environment and text written for other programs stay what they claim to be.

- The counsellor's name (ASSESSOR_COUNSELLOR / --counsellor, else $USER) is stored with every session: one line
  of plain, valid text, or one sentence and nothing saved.
- `vocabulary export` writes TOML that a maintainer appends to roles/lexicon.toml: whatever a stored phrase
  holds (quotes, newlines, a `[table]` header, DEL, bidi controls, half a character), the snippet loads as
  exactly its concepts and adds no key of its own.
- Every HTML report forbids itself, by Content-Security-Policy, from fetching anything or posting anywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assessor.core.catalog import Catalog
from assessor.core.errors import AssessorError
from assessor.sessions.models import LearnedPhrase
from assessor.sessions.store import Store
from assessor.sessions.vocabulary import _checked_snippet, lexicon_snippet
from assessor.sessions.vocabulary import current_counsellor as counsellor_now

ANSWERS = 'job_title = "Medical Coder"\nyears_experience = 3\n'


def assessor(
    home: Path, *argv: str | bytes, env: dict[bytes, bytes] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environb, b"ASSESSOR_HOME": os.fsencode(home)}
    environ.pop(b"ASSESSOR_COUNSELLOR", None)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "assessor", *argv], capture_output=True, timeout=120, check=False, env=environ
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (b"Ann\x1b]52;c;aGk=\x07", "holds a control character (U+001B); type plain text"),
        (b"Ann \xe2\x80\xae Lee", "holds a control character (U+202E); type plain text"),
        (b"Ann\xff", "is not UTF-8 text"),
        (b"a" * 201, "is 201 characters (at most 200)"),
    ],
)
def test_a_counsellor_name_that_is_not_plain_text_is_one_sentence_and_saves_nothing(
    tmp_path: Path, name: bytes, reason: str
) -> None:
    home = tmp_path / "home"
    answers = tmp_path / "a.toml"
    answers.write_text(ANSWERS)
    done = assessor(
        home, "ask", "--client", "C", "--answers", str(answers), env={b"ASSESSOR_COUNSELLOR": name}
    )
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert done.stderr.decode() == (
        f"assessor: the counsellor's name (ASSESSOR_COUNSELLOR or --counsellor) {reason}\n"
    )
    assert not (home / "sessions.db").exists() or Store.open(home).list_sessions() == []


def test_zero_width_characters_in_a_counsellor_name_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_COUNSELLOR", "  Ann\u200b   Lee\ufeff ")
    assert counsellor_now() == "Ann Lee"


def test_a_login_name_with_escapes_is_kept_as_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSESSOR_COUNSELLOR", raising=False)
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "u\x1b[2Jx")
    assert counsellor_now() == "u\\u001b[2Jx"


# -- vocabulary export -----------------------------------------------------------------------------------

HOSTILE_PHRASES = [
    'chart "work"',
    'x"]\n[evil]\nowned = true\n#',
    "back\\slash \\u0041",
    "del\x7f and nul\x00",
    "bidi \u202e reversed",
    "half \ud800 character",
    "tag \U000e0041 hidden",
]


def learned(phrase: str, task_id: str) -> LearnedPhrase:
    return LearnedPhrase(
        phrase=phrase, said=phrase, task_id=task_id, task_name='Name "quoted"\n[x]', times=1,
        first_at="2026-01-01T00:00:00+00:00", last_at="2026-01-01T00:00:00+00:00",
    )  # fmt: skip


def test_a_snippet_of_hostile_phrases_loads_as_exactly_its_concepts(catalog: Catalog) -> None:
    tasks = sorted({task.id for role in catalog.roles for task in role.tasks})
    entries = [learned(phrase, tasks[index]) for index, phrase in enumerate(HOSTILE_PHRASES)]
    entries.append(learned("x" * 81, tasks[0]))  # too long for a lexicon term: left out, said why
    snippet = lexicon_snippet(entries, catalog, 'dana"\n[x]')
    data = tomllib.loads(snippet)
    assert set(data) == {"concepts"}
    assert [set(concept) for concept in data["concepts"]] == [{"id", "gloss", "terms", "tasks"}] * 6
    terms = {term for concept in data["concepts"] for term in concept["terms"]}
    expected = {phrase for phrase in HOSTILE_PHRASES if "\n" not in phrase}
    assert terms == {term.replace("\ud800", "\ufffd") for term in expected}
    assert "not a lexicon term: 81 characters" in snippet and "more than one line" in snippet
    assert all(line.startswith(("#", "[[concepts]]", "id = ", "gloss = ", "terms = ", "tasks = ")) or not line
               for line in snippet.splitlines())  # fmt: skip
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", snippet)


def test_a_snippet_that_would_add_other_keys_is_never_written() -> None:
    with pytest.raises(AssessorError, match="more than its concepts"):
        _checked_snippet(
            'owned = true\n[[concepts]]\nid = "a"\ngloss = "g"\nterms = ["t"]\ntasks = ["t"]\n', 1
        )
    with pytest.raises(AssessorError, match="would not load as lexicon TOML"):
        _checked_snippet('[[concepts]]\nid = "a"\n"', 1)


# -- HTML reports ----------------------------------------------------------------------------------------

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_html_report_forbids_fetching_anything(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = tmp_path / "a.toml"
    answers.write_text(ANSWERS)
    client = assessor(home, "report", str(answers), "--format", "html")
    assert assessor(home, "ask", "--client", "C", "--answers", str(answers)).returncode == 0
    caseload = assessor(home, "sessions", "report", "--format", "html")
    for done in (client, caseload):
        assert done.returncode == 0, done.stderr
        page = done.stdout.decode()
        head = page[: page.index("</head>")]
        found = POLICY.search(head)
        assert found, head[:300]
        directives = dict(part.strip().split(" ", 1) for part in found.group(1).split(";"))
        assert directives == {
            "default-src": "'none'",
            "style-src": "'unsafe-inline'",
            "img-src": "data:",
            "base-uri": "'none'",
            "form-action": "'none'",
        }
        assert '<meta name="referrer" content="no-referrer">' in head
        assert head.index("Content-Security-Policy") < head.index("<style>")  # before anything it governs


# -- the database URL's password -------------------------------------------------------------------------

LEAKY_URLS = [
    "postgresql://ann:s3cretPW@[::1/care",  # libpq quotes the whole URI it could not read
    "postgresql://ann:s3cretPW@127.0.0.1:1/care?connect_timeout=2",
    "postgresql://ann@127.0.0.1:1/care?sslpassword=s3cretPW&connect_timeout=2",
    "postgresql://ann@127.0.0.1:1/care?pass%77ord=s3cretPW&connect_timeout=2",
    "postgresql://ann:s3cret%50W@127.0.0.1:1/care?connect_timeout=2",
    "host=127.0.0.1 port=1 password=s3cretPW",
]


@pytest.mark.parametrize("url", LEAKY_URLS)
def test_no_error_shows_the_database_password(tmp_path: Path, url: str) -> None:
    pytest.importorskip("psycopg")
    for how in ("environment", "option"):
        if how == "environment":
            done = assessor(tmp_path, "sessions", "list", env={b"ASSESSOR_DATABASE_URL": url.encode()})
        else:
            done = assessor(tmp_path, "--database", url, "sessions", "list")
        err = done.stderr.decode()
        assert done.returncode == 2 and "Traceback" not in err, err
        assert "s3cret" not in err and "s3cretPW" not in err, err
        assert len(err.splitlines()) == 1 and err.startswith("assessor: "), err


def test_a_password_given_on_the_command_line_is_warned_about_after_the_work(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    done = assessor(tmp_path, "--database", f"sqlite:///{folder}?password=s3cretPW", "sessions", "list")
    assert done.returncode == 2 and b"s3cret" not in done.stderr  # a sqlite URL takes no options: one line
    from assessor.cli import password_in

    assert password_in("postgresql://ann:pw@db/care") and password_in("host=db PASSWORD=pw")
    assert password_in("postgresql://db/care?pass%77ord=x") and not password_in("postgresql://ann@db/care")


def test_safe_url_shows_only_parameters_known_to_hold_no_secret() -> None:
    from assessor.sessions.database import redact, safe_url

    url = (
        "postgresql://ann:pw1234@db/care?sslmode=require&sslpassword=pw1234&pass%77ord=pw1234&options=-c%20x"
    )
    assert safe_url(url) == "postgresql://ann@db/care?sslmode=require"
    assert (
        redact(f"could not read {url}: pw1234", url)
        == "could not read postgresql://ann@db/care?sslmode=require: ***"
    )
    assert safe_url("postgresql://ann%3Apw1234@db/care") == "postgresql://db/care"
