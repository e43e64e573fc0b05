"""Shared fixtures: the shipped catalog, loaded once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assessor.core.catalog import Catalog, load_catalog

if TYPE_CHECKING:
    from tests.backends import Backend
    from tests.pg_cluster import Cluster, Service

# The validated-catalog cache of this test run lives in a fresh private folder, never in the user's cache.
# The folder goes when the run ends, so test runs leave nothing behind in the temporary folder.
_TEST_CACHE = tempfile.mkdtemp(prefix="assessor-test-cache-")
os.environ["ASSESSOR_CACHE"] = _TEST_CACHE
atexit.register(shutil.rmtree, _TEST_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def pg_cluster_or_reason() -> Iterator[object]:
    """One throwaway PostgreSQL cluster for the whole run (started on first use), or why there is none."""
    from tests.pg_cluster import running_cluster

    with running_cluster() as found:
        yield found


@pytest.fixture
def pg_cluster(pg_cluster_or_reason: object) -> Cluster:
    """The running cluster; skips with how to run these tests (fails in CI) when there is none."""
    from tests.pg_cluster import Cluster, missing

    if not isinstance(pg_cluster_or_reason, Cluster):
        missing(str(pg_cluster_or_reason))
    assert isinstance(pg_cluster_or_reason, Cluster)
    return pg_cluster_or_reason


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The store's behaviour tests run once on each backend: a fresh store location per test."""
    from tests.backends import Backend

    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    return Backend(request.param, tmp_path, cluster)


@pytest.fixture
def service(pg_cluster: Cluster) -> Service:
    """A service's database set up by its administrator with `assessor db init`, with two counsellors
    (ann, bob) and a supervisor (sue), each logging in with a role of their own."""
    import contextlib
    import io

    from assessor.cli import main
    from tests.pg_cluster import Service

    found = Service(pg_cluster)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--database", found.url(found.owner), "db", "init"]) == 0
    out = printed.getvalue()
    assert "row-level security" in out and "owner-pw" not in out
    found.add_people()
    return found
