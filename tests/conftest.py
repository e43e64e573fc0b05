"""Shared fixtures: the shipped catalog, loaded once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

from assessor.core.catalog import Catalog, load_catalog

# The validated-catalog cache of this test run lives in a fresh private folder, never in the user's cache.
os.environ["ASSESSOR_CACHE"] = tempfile.mkdtemp(prefix="assessor-test-cache-")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
