"""Shared fixtures: the shipped catalog, loaded once per test session."""

from __future__ import annotations

import pytest

from assessor.core.catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
