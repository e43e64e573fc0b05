"""`assessor db init|roles-sql`: set up a shared PostgreSQL database for a counselling service.

Run once by the administrator, as the role that is to own the tables (not a counsellor's):
    assessor --database postgresql://admin@host/care db init
creates or upgrades the tables (with their row-level security) and the group roles `assessor_counsellor` and
`assessor_supervisor` with their grants. `roles-sql` prints those statements instead, for a DBA to run.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assessor.commands.common import open_store
from assessor.core.errors import AssessorError

if TYPE_CHECKING:
    from assessor.sessions.postgres import PostgresStore

ACTIONS = ("init", "roles-sql")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "db",
        help="set up a shared PostgreSQL database: init, roles-sql",
        description="For a counselling service's PostgreSQL database (--database or ASSESSOR_DATABASE_URL): "
        "`init`, run by the administrator as the tables' owner, creates or upgrades the tables with their "
        "row-level security, the group roles assessor_counsellor and assessor_supervisor and their grants. "
        "Each counsellor then logs in with a role of their own in one of the groups.",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create or upgrade the tables, the group roles and their grants")
    init.set_defaults(run=run_init)
    sql = actions.add_parser("roles-sql", help="print the roles and grants as SQL instead of running them")
    sql.set_defaults(run=run_roles_sql)


def _postgres_store() -> PostgresStore:
    from assessor.sessions.database import configured_url

    url = configured_url()
    if url is None or not url.lower().startswith(("postgresql:", "postgres:")):
        raise AssessorError(
            "`assessor db` sets up a PostgreSQL database: give it with --database postgresql://USER@HOST/DB "
            "(or ASSESSOR_DATABASE_URL); the SQLite file needs no set-up"
        )
    from assessor.sessions.postgres import PostgresStore

    store = open_store()
    assert isinstance(store, PostgresStore)
    return store


def run_init(args: argparse.Namespace) -> int:
    store = _postgres_store()
    store.init_roles()
    print(
        f"{store.location}: assessor tables at schema {store.schema_version()}, with row-level security; "
        "group roles assessor_counsellor and assessor_supervisor granted.\n"
        "In psql as this role, add a counsellor:  CREATE ROLE ann LOGIN IN ROLE assessor_counsellor;  \\password ann\n"
        "and a supervisor:  CREATE ROLE sue LOGIN IN ROLE assessor_supervisor;  \\password sue\n"
        "(\\password asks for the password and sends it hashed: it is on no command line and in no history)"
    )
    return 0


def run_roles_sql(args: argparse.Namespace) -> int:
    from assessor.sessions.database import INSTALL_POSTGRES

    try:
        from assessor.sessions.postgres import roles_sql
    except ImportError:
        raise AssessorError(f"`assessor db` needs psycopg: {INSTALL_POSTGRES}") from None
    print(";\n".join(roles_sql()) + ";")
    return 0
