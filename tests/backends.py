"""The two session-store backends as the store's tests see them: a fresh store location, its URL, raw SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assessor.sessions.backend import SessionStore
from assessor.sessions.database import open_store
from tests.pg_cluster import Cluster


class Backend:
    """One backend: `url` is this test's store; `new_url()` another, empty one (a folder or a database)."""

    def __init__(self, kind: str, tmp_path: Path, cluster: Cluster | None = None) -> None:
        self.kind = kind
        self.tmp_path = tmp_path
        self.cluster = cluster
        self.made = 0
        self.url = self.new_url()

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    def new_url(self) -> str:
        self.made += 1
        if self.cluster is not None:
            return self.cluster.url(self.cluster.new_database())
        return f"sqlite://{self.tmp_path}/store-{self.made}"

    def open(self, url: str | None = None, counsellor: str | None = None) -> SessionStore:
        return open_store(url or self.url, counsellor)

    def env(self, url: str | None = None) -> dict[str, str]:
        """What a child `assessor` process needs to use this store."""
        return {"ASSESSOR_DATABASE_URL": url or self.url}

    def sql(self, statement: str, url: str | None = None) -> list[tuple[Any, ...]]:
        """Raw SQL on the store as its owner (PostgreSQL's superuser, or the SQLite file)."""
        target = url or self.url
        if self.cluster is not None:
            return self.cluster.execute(statement, target.rsplit("/", 1)[1])
        import contextlib
        import sqlite3

        folder = Path(target[len("sqlite://") :])
        with contextlib.closing(sqlite3.connect(folder / "sessions.db")) as conn:
            rows = conn.execute(statement).fetchall()
            conn.commit()
        return rows
