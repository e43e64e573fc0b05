"""Each session records the counsellor who created it; `sessions list` is one's own caseload, `--all` everyone's.

On the SQLite store the counsellor is the configured name (`--counsellor`, ASSESSOR_COUNSELLOR) or the login
name; every session in the file is the one user's, so `--all` lists them all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.sessions.database import open_store, safe_url
from assessor.sessions.errors import StoreError
from assessor.sessions.store import Store
from assessor.sessions.vocabulary import current_counsellor, os_user


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(folder))
    monkeypatch.delenv("ASSESSOR_COUNSELLOR", raising=False)
    monkeypatch.delenv("ASSESSOR_DATABASE_URL", raising=False)
    return folder


def listed(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[dict[str, object]]:
    assert main([*arguments, "sessions", "list", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_the_configured_counsellor_names_new_sessions(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert current_counsellor() == os_user()
    monkeypatch.setenv("ASSESSOR_COUNSELLOR", "  Ann   Lee ")
    assert current_counsellor() == "Ann Lee"
    store = Store.open(home)
    session_id = store.create_session("Client A")
    assert store.get(session_id).counsellor == "Ann Lee"
    assert [summary.counsellor for summary in store.list_sessions()] == ["Ann Lee"]


def test_list_is_ones_own_caseload_and_all_is_everyones(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = Store.open(home, counsellor="ann")
    bob = Store.open(home, counsellor="bob")
    ann_client = ann.create_session("Ann's client")
    bob_client = bob.create_session("Bob's client")
    assert [summary.id for summary in ann.list_sessions()] == [ann_client]
    assert [summary.id for summary in bob.list_sessions()] == [bob_client]
    assert {summary.id for summary in ann.list_sessions(everyone=True)} == {ann_client, bob_client}

    assert [row["id"] for row in listed(capsys, "--counsellor", "ann")] == [ann_client]
    assert [row["id"] for row in listed(capsys, "--counsellor", "bob")] == [bob_client]
    assert main(["--counsellor", "ann", "sessions", "list", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(row["id"], row["counsellor"]) for row in rows} == {(ann_client, "ann"), (bob_client, "bob")}

    assert main(["--counsellor", "ann", "sessions", "list", "--all"]) == 0
    text = capsys.readouterr().out
    header, *lines = text.splitlines()
    assert "counsellor" in header
    assert any(bob_client in line and " bob " in line for line in lines)
    assert main(["--counsellor", "ann", "sessions", "list"]) == 0
    text = capsys.readouterr().out
    assert ann_client in text and bob_client not in text and "counsellor" not in text


def test_the_option_does_not_outlive_the_command(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed(capsys, "--counsellor", "ann")
    assert current_counsellor() == os_user()


def test_export_carries_the_counsellor_and_old_files_import(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = Store.open(home, counsellor="ann")
    session_id = ann.create_session("Client A")
    export = tmp_path / "all.json"
    ann.export_all(export)
    document = json.loads(export.read_text())
    assert document["sessions"][0]["counsellor"] == "ann"

    elsewhere = Store.open(tmp_path / "elsewhere", counsellor="cleo")
    assert elsewhere.import_file(export).imported == 1
    assert elsewhere.get(session_id).counsellor == "ann"  # kept as it was

    del document["sessions"][0]["counsellor"]  # a file from before counsellors were recorded
    old_file = tmp_path / "old.json"
    old_file.write_text(json.dumps(document))
    third = Store.open(tmp_path / "third", counsellor="dan")
    assert third.import_file(old_file).imported == 1
    assert third.get(session_id).counsellor == "dan"  # the importer's caseload
    assert [summary.id for summary in third.list_sessions()] == [session_id]


# -- the database URL ------------------------------------------------------------------------------------


def test_no_url_and_sqlite_urls_open_the_sqlite_store(tmp_path: Path, home: Path) -> None:
    default = open_store()
    assert isinstance(default, Store) and default.path == home / "sessions.db"
    folder = tmp_path / "chosen folder"
    by_folder = open_store(f"sqlite://{folder.as_posix().replace(' ', '%20')}")
    assert isinstance(by_folder, Store) and by_folder.path == folder / "sessions.db"
    by_file = open_store(f"sqlite://{folder}/sessions.db")
    assert isinstance(by_file, Store) and by_file.path == folder / "sessions.db"
    assert isinstance(open_store("sqlite://"), Store)


def test_the_environment_variable_chooses_the_database(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSESSOR_DATABASE_URL", f"sqlite://{tmp_path}/team")
    Store.open(tmp_path / "team").create_session("In the team folder")
    assert [row["client_label"] for row in listed(capsys)] == ["In the team folder"]
    assert listed(capsys, "--database", f"sqlite://{home}") == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://ann:s3cret@db/x", r"^mysql://ann@db/x: not a database URL assessor knows"),
        ("ann:s3cret@db", r"^\(not shown: it may hold a password\): not a database URL"),
        ("sqlite:relative/folder", "three slashes"),
        ("sqlite:///tmp/x?mode=ro", "takes no options"),
    ],
)
def test_a_bad_url_is_one_sentence_without_the_password(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        open_store(url)
    assert "s3cret" not in raised.value.message


def test_a_sqlite_url_naming_another_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match=r"names the folder that holds sessions\.db"):
        open_store(f"sqlite://{tmp_path}/notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_bad_url_on_the_command_line_is_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", "oracle://ann:s3cret@db/x", "sessions", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3cret" not in err and err.startswith("assessor: oracle://ann@db/x")


def test_safe_url_removes_every_password() -> None:
    assert safe_url("postgresql://ann:s3cret@db.example:5432/care") == "postgresql://ann@db.example:5432/care"
    assert safe_url("postgresql://db/care?password=s3cret&sslmode=require") == (
        "postgresql://db/care?sslmode=require"
    )
    assert safe_url("postgresql://:s3cret@db/care") == "postgresql://db/care"
