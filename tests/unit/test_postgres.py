"""The PostgreSQL store on a real server: a foreign or newer schema refused untouched, migrations under a
version number, clear one-line refusals (no psycopg, a bad URL, no server), and row-level security tested with
two counsellors' roles and a supervisor's: a counsellor cannot read, change or delete another's sessions,
even with raw SQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.sessions.database import open_store
from assessor.sessions.errors import SessionNotFound, StoreError
from tests.pg_cluster import Cluster, Service


def snapshot(cluster: Cluster, database: str) -> list[tuple[object, ...]]:
    """Every table of the schema with a digest of its rows, and the policies: what "untouched" compares."""
    tables = [
        str(row[0])
        for row in cluster.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", database
        )
    ]
    found: list[tuple[object, ...]] = [("tables", *tables)]
    for table in tables:
        found += cluster.execute(
            f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f"FROM {table} t",
            database,
        )
    found += cluster.execute("SELECT tablename, policyname FROM pg_policies ORDER BY 1, 2", database)
    return found


def test_a_foreign_schema_is_refused_untouched(pg_cluster: Cluster) -> None:
    database = pg_cluster.new_database()
    pg_cluster.execute("CREATE TABLE recipes (name text)", database)
    pg_cluster.execute("INSERT INTO recipes VALUES ('bread')", database)
    before = snapshot(pg_cluster, database)
    with pytest.raises(StoreError, match=r"holds tables of another program \(recipes\).*left untouched"):
        open_store(pg_cluster.url(database))
    assert snapshot(pg_cluster, database) == before


def test_another_programs_schema_version_table_is_refused(pg_cluster: Cluster) -> None:
    database = pg_cluster.new_database()
    pg_cluster.execute("CREATE TABLE schema_version (application text, version integer)", database)
    pg_cluster.execute("INSERT INTO schema_version VALUES ('wiki', 3)", database)
    before = snapshot(pg_cluster, database)
    with pytest.raises(StoreError, match="another program"):
        open_store(pg_cluster.url(database))
    assert snapshot(pg_cluster, database) == before


def test_a_newer_schema_is_refused_untouched(pg_cluster: Cluster) -> None:
    database = pg_cluster.new_database()
    store = open_store(pg_cluster.url(database))
    store.create_session("From the future")
    pg_cluster.execute("UPDATE schema_version SET version = 99", database)
    before = snapshot(pg_cluster, database)
    with pytest.raises(StoreError, match=r"newer assessor \(schema 99"):
        open_store(pg_cluster.url(database))
    assert snapshot(pg_cluster, database) == before


def test_migration_from_the_first_schema(pg_cluster: Cluster) -> None:
    from assessor.sessions.postgres import APPLICATION, SCHEMA_V1, SCHEMA_VERSION

    database = pg_cluster.new_database()
    for statement in SCHEMA_V1:
        pg_cluster.execute(statement, database)
    pg_cluster.execute(f"UPDATE schema_version SET version = 1 WHERE application = '{APPLICATION}'", database)
    pg_cluster.execute(
        "INSERT INTO sessions (id, counsellor, client_label, created_at, updated_at) "
        "VALUES ('abcd-efgh', 'ann', 'Old client', '2026-05-01T10:00:00+00:00', '2026-05-01T10:00:00+00:00')",
        database,
    )
    store = open_store(pg_cluster.url(database))
    assert store.schema_version() == SCHEMA_VERSION == 3
    assert store.get("abcd-efgh").counsellor == "ann"
    assert pg_cluster.execute("SELECT count(*) FROM pg_policies", database) == [(3,)]
    again = open_store(pg_cluster.url(database))  # already current: nothing to do
    assert again.schema_version() == SCHEMA_VERSION


def test_the_location_shown_has_no_password(pg_cluster: Cluster) -> None:
    database = pg_cluster.new_database()
    store = open_store(pg_cluster.url(database))
    assert pg_cluster.password not in store.location
    assert store.location == f"postgresql://assessor_admin@127.0.0.1:{pg_cluster.port}/{database}"
    wrong = pg_cluster.url(database, "assessor_admin", "not-the-password")
    with pytest.raises(StoreError, match="cannot connect to the database") as raised:
        open_store(wrong)
    assert "not-the-password" not in raised.value.message and "\n" not in raised.value.message


def test_no_server_and_a_bad_url_are_one_line(
    pg_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pg_cluster import free_port

    assert (
        main(["--database", f"postgresql://ann:s3cret@127.0.0.1:{free_port()}/care", "sessions", "list"]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3cret" not in err
    assert err.startswith("assessor: postgresql://ann@127.0.0.1:") and "cannot connect" in err
    assert main(["--database", "postgresql://ann:s3cret@db/care?bogus=1", "sessions", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3cret" not in err and "not a PostgreSQL URL libpq can read" in err


def test_without_psycopg_a_postgresql_url_is_refused_with_the_install_command(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if it were not installed\n"
        "from assessor.cli import main\n"
        "sys.exit(main(['--database', 'postgresql://ann:s3cret@db/care', 'sessions', 'list']))\n"
    )
    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (
        "assessor: postgresql://ann@db/care: a PostgreSQL database needs psycopg, which is not installed: "
        "pip install 'assessor[postgres]'\n"
    )


def test_a_laptop_never_loads_psycopg(tmp_path: Path) -> None:
    code = (
        "import sys, json\n"
        "from assessor.cli import main\n"
        "main(['sessions', 'list', '--json'])\n"
        "print(json.dumps([n for n in sys.modules if n.startswith('psycopg')]), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE_", "ASSESSOR_DATABASE"))}
    env["ASSESSOR_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


# -- who sees what: row-level security with real roles ------------------------------------------------------


def test_a_counsellor_cannot_set_up_the_tables(pg_cluster: Cluster) -> None:
    fresh = Service(pg_cluster)
    pg_cluster.execute(f"CREATE ROLE cleo_{fresh.database} LOGIN PASSWORD 'cleo-pw'")
    with pytest.raises(StoreError, match="db init") as raised:
        open_store(fresh.url(f"cleo_{fresh.database}"))
    assert "\n" not in raised.value.message
    assert snapshot(pg_cluster, fresh.database) == [("tables",)]


def test_each_counsellor_sees_only_their_own_and_the_supervisor_sees_all(service: Service) -> None:
    ann = open_store(service.url(service.ann))
    bob = open_store(service.url(service.bob))
    sue = open_store(service.url(service.sue))
    assert (ann.counsellor, bob.counsellor, sue.counsellor) == (service.ann, service.bob, service.sue)
    ann_id = ann.create_session("Ann's client")
    ann.record_answer(ann_id, "job_title", "coder", {"job_title": "coder"})
    bob_id = bob.create_session("Bob's client")
    bob.record_answer(bob_id, "job_title", "auditor", {"job_title": "auditor"})
    bob.set_notes(bob_id, "private to Bob")

    assert [s.id for s in ann.list_sessions()] == [ann_id]
    assert [s.id for s in ann.list_sessions(everyone=True)] == [ann_id]  # --all: what the database allows
    assert [s.id for s in bob.list_sessions(everyone=True)] == [bob_id]
    assert sue.list_sessions() == []  # the supervisor's own caseload
    everyone = {(s.id, s.counsellor) for s in sue.list_sessions(everyone=True)}
    assert everyone == {(ann_id, service.ann), (bob_id, service.bob)}
    assert sue.get(bob_id).notes == "private to Bob"
    assert ann.export_document()[0] == 1 and bob_id not in ann.export_document()[1]
    assert {r.id for r in sue.all_records(everyone=True).records} == {ann_id, bob_id}
    assert sue.all_records().records == ()
    assert [r.id for r in ann.all_records(everyone=True).records] == [ann_id]

    for attempt in (
        lambda: ann.get(bob_id),
        lambda: ann.set_notes(bob_id, "overwritten"),
        lambda: ann.append_notes(bob_id, "more"),
        lambda: ann.record_answer(bob_id, "job_title", "x", {}),
        lambda: ann.finish(bob_id, {"score": 1.0}, None, "v"),
        lambda: ann.delete(bob_id),
    ):
        with pytest.raises(SessionNotFound) as raised:
            attempt()
        assert bob_id not in raised.value.message.split("'", 2)[2]  # no "did you mean" naming Bob's id
    assert bob.get(bob_id).notes == "private to Bob"
    assert len(bob.get(bob_id).raw_answers) == 1


def test_raw_sql_cannot_reach_another_counsellors_sessions(service: Service) -> None:
    bob = open_store(service.url(service.bob))
    bob_id = bob.create_session("Bob's client")
    bob.record_answer(bob_id, "job_title", "auditor", {"job_title": "auditor"})
    bob.remember_phrase(service.bob, "chart work", "chart work", "abstract-data", "Abstract data")
    ann = open_store(service.url(service.ann))
    ann_id = ann.create_session("Ann's client")
    import psycopg

    raw = service.raw
    assert raw(service.ann, "SELECT id FROM sessions")[1] == [(ann_id,)]
    assert raw(service.ann, "SELECT * FROM answers WHERE session_id = %s", (bob_id,))[1] == []
    assert raw(service.ann, "SELECT * FROM vocabulary")[1] == []
    assert raw(service.ann, "UPDATE sessions SET notes = 'x' WHERE id = %s", (bob_id,))[0] == 0
    assert raw(service.ann, "UPDATE answers SET raw_text = 'x' WHERE session_id = %s", (bob_id,))[0] == 0
    assert raw(service.ann, "DELETE FROM answers WHERE session_id = %s", (bob_id,))[0] == 0
    assert raw(service.ann, "DELETE FROM sessions WHERE id = %s", (bob_id,))[0] == 0
    assert raw(service.ann, "DELETE FROM vocabulary")[0] == 0
    refused = [
        ("INSERT INTO answers VALUES (%s, 9, 'job_title', 'planted', 'now')", (bob_id,)),
        (
            "INSERT INTO sessions (id, counsellor, client_label, created_at, updated_at) "
            "VALUES ('zzzz-zzzz', %s, 'planted', 'now', 'now')",
            (service.bob,),
        ),
        ("UPDATE sessions SET counsellor = %s WHERE id = %s", (service.bob, ann_id)),  # hand one over
        ("INSERT INTO vocabulary VALUES (%s, 'p', 'p', 't', 't', 1, 'now', 'now')", (service.bob,)),
        ("ALTER TABLE sessions DISABLE ROW LEVEL SECURITY", ()),
        ("DROP POLICY own_or_supervised ON sessions", ()),
        (f"SET ROLE {service.bob}", ()),
        (f"SET ROLE {service.sue}", ()),
        (
            "CREATE OR REPLACE FUNCTION assessor_is_supervisor() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$",
            (),
        ),
    ]
    for statement, parameters in refused:
        with pytest.raises(psycopg.Error):
            raw(service.ann, statement, parameters)
    # Bob's session, answers and vocabulary are exactly as Bob left them.
    assert [r.raw_text for r in bob.get(bob_id).raw_answers] == ["auditor"]
    assert bob.get(bob_id).notes == ""
    assert [p.phrase for p in bob.learned_phrases(service.bob)] == ["chart work"]
    assert service.cluster.execute("SELECT count(*) FROM sessions", service.database) == [(2,)]
    # The supervisor reads everything with raw SQL too.
    assert sorted(str(row[0]) for row in raw(service.sue, "SELECT id FROM sessions")[1]) == sorted(
        [ann_id, bob_id]
    )


def test_the_cli_lists_by_role(service: Service, capsys: pytest.CaptureFixture[str]) -> None:
    ann_id = open_store(service.url(service.ann)).create_session("Ann's client")
    bob_id = open_store(service.url(service.bob)).create_session("Bob's client")
    assert main(["--database", service.url(service.ann), "sessions", "list", "--all", "--json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [ann_id]
    assert main(["--database", service.url(service.sue), "sessions", "list", "--all"]) == 0
    out = capsys.readouterr().out
    assert ann_id in out and bob_id in out and "counsellor" in out.splitlines()[0]
    assert main(["--database", service.url(service.ann), "--counsellor", "bob", "sessions", "list"]) == 2
    err = capsys.readouterr().err
    assert "the counsellor is the database role" in err and err.count("\n") == 1


def test_db_needs_a_postgresql_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSESSOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path))
    assert main(["db", "init"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--database postgresql://" in err
    assert not (tmp_path / "sessions.db").exists()


def test_roles_sql_is_printed_for_a_dba(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "roles-sql"]) == 0
    out = capsys.readouterr().out
    assert (
        "CREATE ROLE assessor_counsellor NOLOGIN" in out and "CREATE ROLE assessor_supervisor NOLOGIN" in out
    )
    assert (
        "GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, answers, vocabulary TO assessor_counsellor;" in out
    )


def test_a_counsellors_import_renames_ids_it_cannot_see_and_keeps_others_sessions_out(
    service: Service, tmp_path: Path
) -> None:
    """The batched import decides as the one-by-one import did: a session already here (same client, same
    creation time) is skipped, an id held by a session this role cannot see or by another client is given a
    new one, a file naming the same id twice keeps both, and a session of another counsellor refuses the
    whole file (row-level security), nothing imported."""
    ann = open_store(service.url(service.ann))
    bob = open_store(service.url(service.bob))
    bob_id = bob.create_session("Bob's client")
    ann_id = ann.create_session("Ann's client")
    ann.record_answer(ann_id, "job_title", "coder", {"job_title": "coder"})
    export = tmp_path / "ann.json"
    ann.export_all(export)
    document = json.loads(export.read_text())
    [mine] = document["sessions"]
    hidden_clash = {**mine, "id": bob_id, "client_label": "Clashes with Bob's id"}
    twice = {**mine, "id": "abcd-efgh", "client_label": "Same id twice, first"}
    twice_again = {**twice, "client_label": "Same id twice, second"}
    document["sessions"] = [mine, hidden_clash, twice, twice_again]
    export.write_text(json.dumps(document))

    outcome = ann.import_file(export)
    assert (outcome.imported, outcome.skipped) == (3, 1)
    renamed = dict(outcome.renamed)
    assert set(renamed) == {bob_id, "abcd-efgh"} and bob_id not in renamed.values()
    labels = {s.id: s.client_label for s in ann.list_sessions()}
    assert labels == {
        ann_id: "Ann's client",
        renamed[bob_id]: "Clashes with Bob's id",
        "abcd-efgh": "Same id twice, first",
        renamed["abcd-efgh"]: "Same id twice, second",
    }
    assert [raw.raw_text for raw in ann.get(renamed[bob_id]).raw_answers] == ["coder"]
    assert bob.get(bob_id).client_label == "Bob's client"  # untouched, and still only Bob's
    assert [s.id for s in bob.list_sessions(everyone=True)] == [bob_id]
    again = ann.import_file(export)  # the same file again: what is here under its id is skipped
    assert (again.imported, again.skipped) == (2, 2)
    assert {old for old, _ in again.renamed} == {bob_id, "abcd-efgh"}

    document["sessions"] = [{**mine, "id": "wxyz-wxyz", "client_label": "Planted", "counsellor": service.bob}]
    export.write_text(json.dumps(document))
    with pytest.raises(StoreError, match="may not do this"):
        ann.import_file(export)
    assert service.cluster.execute(
        "SELECT count(*) FROM sessions WHERE id = 'wxyz-wxyz'", service.database
    ) == [(0,)]


def test_the_password_can_come_from_a_password_file_never_the_command_line(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """libpq's own ways, as an IT person sets them: PGPASSFILE (or ~/.pgpass) and PGPASSWORD. A password
    file libpq would skip with a warning (others may read it) is refused in one line with the chmod that
    fixes it; a missing password says where it goes."""
    url = service.cluster.url(service.database, service.ann, password="")
    assert ":" not in url.split("//", 1)[1].split("@", 1)[0]  # no password in the URL
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.pgpass of the machine's
    passfile = tmp_path / "ann.pgpass"
    passfile.write_text(f"127.0.0.1:{service.cluster.port}:*:{service.ann}:ann-pw\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert open_store(url).counsellor == service.ann

    passfile.chmod(0o640)
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert raised.value.message == (
        f"{passfile}: the PostgreSQL password file is open to others (mode 0640), so PostgreSQL's client "
        f"would not use it: chmod 600 {passfile}"
    )
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path))  # a folder, not a file
    with pytest.raises(StoreError, match="is not a file"):
        open_store(url)

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none-here"))
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert "no password supplied" in raised.value.message and "PGPASSFILE" in raised.value.message
    assert "\n" not in raised.value.message
    monkeypatch.setenv("PGPASSWORD", "ann-pw")  # the environment's password (a private environment file)
    assert open_store(url).counsellor == service.ann
    assert capfd.readouterr().err == ""  # libpq printed no warning of its own
