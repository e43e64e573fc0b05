"""A counsellor with their own database login, attacking the row-level security with raw SQL on a real
PostgreSQL: objects of their own that shadow what the policies' supervisor test reads.

Before: `assessor_is_supervisor()` named `pg_roles` and `pg_has_role` without a schema and ran with the
caller's search_path, and a session's temporary schema is searched before pg_catalog for relations, so a
counsellor who made `CREATE TEMP VIEW pg_roles AS SELECT 'assessor_supervisor'::name AS rolname, <their own
role's oid> AS oid` was a supervisor to every policy: they read, changed and deleted every other counsellor's
sessions.
"""

from __future__ import annotations

import psycopg
import pytest

from assessor.sessions.database import open_store
from assessor.sessions.postgres import SCHEMA_VERSION, PostgresStore
from tests.pg_cluster import Service

SHADOWS = {
    "temp-view": [
        "CREATE TEMP VIEW pg_roles AS SELECT 'assessor_supervisor'::name AS rolname, "
        "(SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) AS oid",
    ],
    "temp-view-first-on-the-path": [
        "CREATE TEMP VIEW pg_roles AS SELECT 'assessor_supervisor'::name AS rolname, "
        "(SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) AS oid",
        "SET search_path = pg_temp, public, pg_catalog",
    ],
    "temp-table": [
        "CREATE TEMP TABLE pg_roles AS SELECT 'assessor_supervisor'::name AS rolname, oid "
        "FROM pg_catalog.pg_roles WHERE rolname = current_user",
    ],
}


@pytest.mark.parametrize("shadow", sorted(SHADOWS))
def test_a_counsellor_cannot_make_themselves_a_supervisor_with_objects_of_their_own(
    service: Service, shadow: str
) -> None:
    bob = open_store(service.url(service.bob))
    bob_id = bob.create_session("Bob's client")
    bob.record_answer(bob_id, "job_title", "auditor", {"job_title": "auditor"})
    bob.remember_phrase(service.bob, "chart work", "chart work", "abstract-data", "Abstract data")
    with psycopg.connect(service.url(service.ann), autocommit=True) as conn:
        for statement in SHADOWS[shadow]:
            conn.execute(statement.encode())
        assert conn.execute("SELECT id FROM sessions").fetchall() == []
        assert conn.execute("SELECT * FROM answers").fetchall() == []
        assert conn.execute("SELECT * FROM vocabulary").fetchall() == []
        assert conn.execute("SELECT assessor_is_supervisor()").fetchall() == [(False,)]
        assert conn.execute(b"UPDATE sessions SET notes = 'x' WHERE id = %s", (bob_id,)).rowcount == 0
        assert conn.execute(b"DELETE FROM answers WHERE session_id = %s", (bob_id,)).rowcount == 0
        assert conn.execute(b"DELETE FROM sessions WHERE id = %s", (bob_id,)).rowcount == 0
    record = bob.get(bob_id)
    assert record.notes == "" and [answer.raw_text for answer in record.raw_answers] == ["auditor"]
    # the supervisor still sees everyone's
    with psycopg.connect(service.url(service.sue), autocommit=True) as conn:
        assert [row[0] for row in conn.execute("SELECT id FROM sessions").fetchall()] == [bob_id]


def test_an_existing_service_is_mended_by_db_init(service: Service) -> None:
    """A service set up by an older assessor (schema 2) is mended when its administrator runs `db init`; a
    counsellor's own app cannot do it and is told who can."""
    service.cluster.execute(
        "CREATE OR REPLACE FUNCTION assessor_is_supervisor() RETURNS boolean LANGUAGE sql STABLE AS $$ "
        "SELECT coalesce((SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles "
        "WHERE rolname = 'assessor_supervisor'), false) $$; "
        "UPDATE schema_version SET version = 2",
        service.database,
    )
    from assessor.sessions.errors import StoreError

    with pytest.raises(StoreError, match="db init"):
        PostgresStore.open(service.url(service.ann))
    owner = PostgresStore.open(service.url(service.owner))
    assert owner.schema_version() == SCHEMA_VERSION
    ann = PostgresStore.open(service.url(service.ann))
    assert ann.schema_version() == SCHEMA_VERSION
    test_a_counsellor_cannot_make_themselves_a_supervisor_with_objects_of_their_own(service, "temp-view")
