"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, started on a free loopback port,
stopped and removed after. Run as a non-root user (root runs the binaries as the `postgres` user).

PostgreSQL's binaries are found through ASSESSOR_PG_BIN, `initdb` on PATH, or /usr/lib/postgresql/*/bin
(Debian's `apt-get install postgresql`). Without them, or without psycopg, the PostgreSQL tests skip with one
line saying how to run them; with ASSESSOR_REQUIRE_REAL_PARTS=1 (CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

HOW_TO_RUN = (
    "PostgreSQL tests need PostgreSQL's server binaries and psycopg: `apt-get install postgresql` and "
    "`pip install -e '.[test]'` (or set ASSESSOR_PG_BIN to the folder holding initdb)"
)
SUPERUSER = "assessor_admin"


def require_real_parts() -> bool:
    return os.environ.get("ASSESSOR_REQUIRE_REAL_PARTS") == "1"


def missing(reason: str) -> None:
    """Skip (locally) or fail (in CI) for a missing real part."""
    import pytest  # here, so bench/ can start a cluster without pytest

    if require_real_parts():
        pytest.fail(f"{reason}; ASSESSOR_REQUIRE_REAL_PARTS=1 turns this skip into a failure. {HOW_TO_RUN}")
    pytest.skip(f"{reason}. {HOW_TO_RUN}")


def pg_bin() -> Path | None:
    candidates = [os.environ.get("ASSESSOR_PG_BIN", "")]
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A running cluster: superuser URLs for new databases, and roles made for the tests."""

    def __init__(self, bin_dir: Path, folder: Path, run_as: str | None) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.run_as = run_as
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.databases = 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:2])} failed: {done.stderr.strip() or done.stdout.strip()}"
            )

    def start(self) -> None:
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self.run_as:
            shutil.chown(pwfile, self.run_as)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=on"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"
            )

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        secret = self.password if password is None and user == SUPERUSER else password
        auth = f"{user}:{secret}" if secret else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def execute(self, statement: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement as the superuser (autocommit), returning its rows."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cur = conn.execute(statement.encode())
            return list(cur.fetchall()) if cur.description else []

    def new_database(self) -> str:
        """A fresh, empty database; its name."""
        self.databases += 1
        name = f"t{os.getpid()}_{self.databases}"
        self.execute(f'CREATE DATABASE "{name}"')
        return name


class Service:
    """A counselling service's database: owned by an administrator's role (not a superuser), set up with
    `assessor db init`, with two counsellors and a supervisor who log in with roles of their own."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.database = cluster.new_database()
        suffix = self.database
        self.owner, self.ann, self.bob, self.sue = (
            f"{name}_{suffix}" for name in ("owner", "ann", "bob", "sue")
        )
        cluster.execute(f"CREATE ROLE {self.owner} LOGIN CREATEROLE PASSWORD 'owner-pw'")
        cluster.execute(f'ALTER DATABASE "{self.database}" OWNER TO {self.owner}')
        cluster.execute(f"ALTER SCHEMA public OWNER TO {self.owner}", self.database)

    def url(self, role: str) -> str:
        return self.cluster.url(self.database, role, f"{role.split('_')[0]}-pw")

    def add_people(self) -> None:
        for role, group in ((self.ann, "counsellor"), (self.bob, "counsellor"), (self.sue, "supervisor")):
            self.cluster.execute(
                f"CREATE ROLE {role} LOGIN PASSWORD '{role.split('_')[0]}-pw' IN ROLE assessor_{group}"
            )

    def raw(
        self, role: str, statement: str, parameters: tuple[object, ...] = ()
    ) -> tuple[int, list[tuple[object, ...]]]:
        """One statement as this role over its own connection: (rows affected, rows returned)."""
        import psycopg

        with psycopg.connect(self.url(role), autocommit=True) as conn:
            cur = conn.execute(statement.encode(), parameters)
            return cur.rowcount, (list(cur.fetchall()) if cur.description else [])


def chown_tree(folder: Path, user: str) -> None:
    shutil.chown(folder, user)


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster | str]:
    """A started cluster, or the reason there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield "psycopg is not installed"
        return
    bin_dir = pg_bin()
    if bin_dir is None:
        yield "PostgreSQL's server binaries (initdb, pg_ctl) were not found"
        return
    run_as: str | None = None
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            yield "tests run as root and there is no `postgres` user to run the server as"
            return
        run_as = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="assessor-pg-"))
    if run_as:
        chown_tree(folder, run_as)
    cluster = Cluster(bin_dir, folder, run_as)
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
        yield f"the throwaway PostgreSQL cluster did not start ({str(exc)[:300]})"
        return
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
