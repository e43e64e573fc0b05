"""Learn from the person: a picked task phrase is remembered in the store, understood directly next time (in
another process), listed, forgotten, and exported as a lexicon snippet that the lexicon loader accepts."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.catalog import Catalog, load_catalog
from assessor.core.understanding import understand_task
from assessor.sessions.store import SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION, Store, StoreError
from assessor.sessions.vocabulary import Vocabulary, lexicon_snippet

LOOSE_PHRASES = ("chart work", "charts", "reviews", "records", "billing", "chart stuff", "paperwork")
ROLES = Path(__file__).resolve().parents[2] / "roles"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def phrase(catalog: Catalog) -> str:
    """A phrase the matcher asks about for a medical coder (with at least two choices)."""
    role = catalog.role("medical-coder")
    for text in LOOSE_PHRASES:
        found = understand_task(text, role, catalog)
        if found.match is None and len(found.candidates) >= 2:
            return text
    raise AssertionError("the matcher is sure of every loose phrase: pick looser ones for this test")


def second_candidate(catalog: Catalog, text: str) -> str:
    return understand_task(text, catalog.role("medical-coder"), catalog).candidates[1].task_id


def assessor(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def conversation(split: str, *picks: str) -> str:
    # title, years, country, setting, specialty, credentials, split (+ picks), ai tools, goals
    return "\n".join(["medical coder", "3", "", "", "", "", split, *picks, "", ""]) + "\n"


def test_a_pick_is_remembered_and_understood_directly_in_the_next_process(
    tmp_path: Path, catalog: Catalog, phrase: str
) -> None:
    home = tmp_path / "home"
    split = f"60% coding, 40% {phrase}"
    first = assessor(
        home, "ask", "--client", "A", "--save", str(tmp_path / "a.toml"), stdin=conversation(split, "2")
    )
    assert first.returncode == 0, first.stderr
    assert f"Which task is {phrase!r}?" in first.stdout
    picked = second_candidate(catalog, phrase)

    listed = assessor(home, "vocabulary", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(row["phrase"], row["task_id"], row["times"]) for row in rows] == [(phrase, picked, 1)]

    # Another client, same counsellor: the phrase is understood without a question (no pick in the input).
    second = assessor(
        home, "ask", "--client", "B", "--save", str(tmp_path / "b.toml"), stdin=conversation(split)
    )
    assert second.returncode == 0, second.stderr
    assert "Which task is" not in second.stdout
    saved = (tmp_path / "b.toml").read_text(encoding="utf-8")
    assert f'"{phrase}" = "{picked}"' in saved  # the saved answers carry it: `score` agrees without the store
    scored = assessor(tmp_path / "elsewhere", "score", "--json", str(tmp_path / "b.toml"))
    assert scored.returncode == 0, scored.stderr
    assert picked in {task["id"] for task in json.loads(scored.stdout)["tasks"]}

    # Without a session store in use nothing is learned or used: the question is asked again.
    plain = assessor(home, "ask", stdin=conversation(split, "1"))
    assert plain.returncode == 0 and f"Which task is {phrase!r}?" in plain.stdout
    assert json.loads(assessor(home, "vocabulary", "list", "--json").stdout)[0]["times"] == 1


def test_forget_removes_one_phrase(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vocabulary = Vocabulary(Store.open(home), "dana")
    vocabulary.remember("Chart  Work", "assign-codes", "Assign codes")
    vocabulary.remember("chart work", "assign-codes", "Assign codes")
    vocabulary.remember("pro fee charts", "charge-entry", "Charge entry")
    assert [(entry.phrase, entry.times) for entry in vocabulary.entries()] == [
        ("chart work", 2),
        ("pro fee charts", 1),
    ]
    assert Vocabulary(Store.open(home), "someone-else").entries() == []  # per counsellor
    removed = vocabulary.forget("CHART work ")
    assert removed.task_id == "assign-codes"
    assert vocabulary.learned() == {"pro fee charts": "charge-entry"}
    with pytest.raises(
        StoreError, match="no remembered phrase 'pro fee chart'; did you mean 'pro fee charts'"
    ):
        vocabulary.forget("pro fee chart")


def test_a_new_task_for_a_phrase_replaces_the_old(tmp_path: Path) -> None:
    vocabulary = Vocabulary(Store.open(tmp_path / "home"), "dana")
    vocabulary.remember("charts", "assign-codes", "Assign codes")
    vocabulary.remember("charts", "assign-codes", "Assign codes")
    entry = vocabulary.remember("charts", "abstract-data", "Abstract data")
    assert entry is not None and (entry.task_id, entry.times) == ("abstract-data", 1)
    assert vocabulary.remember("   ", "assign-codes", "Assign codes") is None
    assert vocabulary.remember("x" * 200, "assign-codes", "Assign codes") is None


def test_forget_and_list_through_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Vocabulary(Store.open(home), _os_user()).remember("chart \x1b[2Jwork", "assign-codes", "Assign codes")
    listed = assessor(home, "vocabulary", "list")
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout
    assert "-> assign-codes (Assign codes); once, last " in listed.stdout
    gone = assessor(home, "vocabulary", "forget", "CHART [2JWORK")
    assert gone.returncode == 0, gone.stderr
    assert "Forgot" in gone.stdout and "\x1b" not in gone.stdout
    again = assessor(home, "vocabulary", "forget", "chart work")
    assert again.returncode == 2 and again.stderr.count("\n") == 1
    assert "no remembered phrase 'chart work'" in again.stderr
    empty = assessor(home, "vocabulary", "list")
    assert empty.returncode == 0 and "No remembered phrases" in empty.stdout


def _os_user() -> str:
    from assessor.sessions.vocabulary import current_counsellor

    return current_counsellor()


def test_export_round_trips_through_the_lexicon_loader(tmp_path: Path, catalog: Catalog, phrase: str) -> None:
    home = tmp_path / "home"
    target = second_candidate(catalog, phrase)
    vocabulary = Vocabulary(Store.open(home), _os_user())
    vocabulary.remember(phrase, target, "its name")
    vocabulary.remember('the "special" list', target, "its name")
    known = catalog.lexicon.concepts[0]
    vocabulary.remember(known.phrases[0], known.tasks[0], "known")  # already in the lexicon: left out
    vocabulary.remember("retired work", "no-such-task", "Gone")  # no longer in the catalog: left out
    out = tmp_path / "learned.toml"
    done = assessor(home, "vocabulary", "export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Wrote 1 concept(s)" in done.stdout
    snippet = out.read_text(encoding="utf-8")
    assert "Left out" in snippet and "no-such-task" in snippet
    refused = assessor(home, "vocabulary", "export", "-o", str(out))
    assert refused.returncode == 2 and "already exists" in refused.stderr

    # Merged into a copy of roles/, the catalog loads (lexicon validated) and the phrase is understood by all.
    roles = tmp_path / "roles"
    shutil.copytree(ROLES, roles)
    with (roles / "lexicon.toml").open("a", encoding="utf-8") as lexicon:
        lexicon.write("\n" + snippet)
    merged = load_catalog(roles)
    concept = next(item for item in merged.lexicon.concepts if item.id == f"learned-{target}")
    assert set(concept.terms) == {phrase, "the special list"} and concept.tasks == (target,)
    found = understand_task(phrase, merged.role("medical-coder"), merged)
    assert found.match is not None and found.match.task_id == target
    stdout = assessor(home, "vocabulary", "export")
    assert stdout.returncode == 0 and stdout.stdout == snippet


def test_export_of_nothing_is_a_valid_empty_snippet(catalog: Catalog, tmp_path: Path) -> None:
    snippet = lexicon_snippet([], catalog, "dana")
    roles = tmp_path / "roles"
    shutil.copytree(ROLES, roles)
    with (roles / "lexicon.toml").open("a", encoding="utf-8") as lexicon:
        lexicon.write("\n" + snippet)
    assert len(load_catalog(roles).lexicon.concepts) == len(catalog.lexicon.concepts)


def test_a_version_2_store_gains_the_vocabulary_table(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    path = home / "sessions.db"
    path.touch(mode=0o600)
    with sqlite3.connect(path) as conn:
        for statement in (*SCHEMA_V1, *SCHEMA_V2):
            conn.execute(statement)
        conn.execute("PRAGMA application_id = 1095979858")
        conn.execute("PRAGMA user_version = 2")
    store = Store.open(home)
    assert store.schema_version() == SCHEMA_VERSION
    vocabulary = Vocabulary(store, "dana")
    vocabulary.remember("charts", "assign-codes", "Assign codes")
    assert vocabulary.learned() == {"charts": "assign-codes"}
