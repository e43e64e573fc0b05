"""The validated catalog cached on disk: used only when built from the same files, never trusted otherwise."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from assessor.core.catalog import load_catalog, load_catalog_files
from assessor.core.catalog_cache import cache_file
from assessor.core.data import data_dir
from assessor.core.fingerprint import data_version
from assessor.core.matching import build_title_index, title_index
from assessor.core.plain import dumped
from assessor.core.understanding import build_task_index, task_index


@pytest.fixture
def roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped roles/ and an empty private cache folder."""
    copy = tmp_path / "roles"
    shutil.copytree(data_dir("roles"), copy)
    monkeypatch.setenv("ASSESSOR_CACHE", str(tmp_path / "cache"))
    return copy


def test_the_cached_catalog_equals_the_freshly_loaded_one(roles: Path, tmp_path: Path) -> None:
    first = load_catalog(roles)
    stored = cache_file(tmp_path / "cache", roles)
    assert stored.is_file()
    assert stored.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    again = load_catalog(roles)
    fresh = load_catalog_files(roles)
    assert dumped(again) == dumped(fresh) == dumped(first)
    # The matching indices come with the cached copy, equal to ones built afresh.
    assert again._derived.keys() >= {"task-index", "title-index", "role-tasks"}
    assert task_index(again) == build_task_index(fresh)
    assert title_index(again) == build_title_index(fresh)
    assert again.version == fresh.version == data_version(roles)
    assert again.role("cdi-specialist").title == fresh.role("cdi-specialist").title


def test_a_changed_data_file_gives_a_fresh_catalog(roles: Path) -> None:
    before = load_catalog(roles)
    card = roles / "cards" / "cdi-specialist.toml"
    card.write_text(
        card.read_text(encoding="utf-8").replace(
            'title = "Clinical Documentation Improvement Specialist"', 'title = "CDI Specialist, renamed"'
        ),
        encoding="utf-8",
    )
    after = load_catalog(roles)
    assert after.role("cdi-specialist").title == "CDI Specialist, renamed"
    assert before.role("cdi-specialist").title == "Clinical Documentation Improvement Specialist"
    assert after.version == data_version(roles) != before.version


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(("wrong key", "not a catalog"))])
def test_a_corrupted_cache_file_is_ignored_and_replaced(roles: Path, tmp_path: Path, garbage: bytes) -> None:
    expected = load_catalog(roles)
    stored = cache_file(tmp_path / "cache", roles)
    stored.write_bytes(garbage)
    assert dumped(load_catalog(roles)) == dumped(expected)
    assert stored.read_bytes() != garbage  # rebuilt


def test_a_cache_file_others_could_have_written_is_not_trusted(roles: Path, tmp_path: Path) -> None:
    load_catalog(roles)
    stored = cache_file(tmp_path / "cache", roles)
    key, catalog = pickle.loads(stored.read_bytes())
    forged = catalog.model_copy(update={"version": "forged"})
    stored.write_bytes(pickle.dumps((key, forged)))
    assert load_catalog(roles).version == "forged"  # proves the forged file would be read when private
    os.chmod(stored, 0o644)
    assert load_catalog(roles).version == data_version(roles)
    stored.write_bytes(pickle.dumps((key, forged)))
    os.chmod(stored, 0o600)
    os.chmod(tmp_path / "cache", 0o777)
    assert load_catalog(roles).version == data_version(roles)


def test_each_data_folder_has_its_own_cache(roles: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(roles, other)
    load_catalog(roles)
    load_catalog(other)
    assert cache_file(tmp_path / "cache", roles) != cache_file(tmp_path / "cache", other)
    assert cache_file(tmp_path / "cache", other).is_file()


def test_an_empty_cache_setting_turns_the_cache_off(
    roles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESSOR_CACHE", "")
    assert dumped(load_catalog(roles)) == dumped(load_catalog_files(roles))
    assert not (tmp_path / "cache").exists()


def test_a_changed_domain_module_gives_another_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited model under an unchanged version number must not be served an object pickled from the old one."""
    import assessor.core.catalog_cache as catalog_cache

    package = tmp_path / "core"
    package.mkdir()
    (package / "models.py").write_text("class Role: ...\n", encoding="utf-8")
    monkeypatch.setattr(catalog_cache, "__file__", str(package / "catalog_cache.py"))
    before = catalog_cache.cache_key(tmp_path, "data")
    assert catalog_cache.cache_key(tmp_path, "data") == before
    (package / "models.py").write_text("class Role:\n    level: str\n", encoding="utf-8")
    assert catalog_cache.cache_key(tmp_path, "data") != before


def test_a_cache_reached_through_a_link_is_not_trusted(roles: Path, tmp_path: Path) -> None:
    """A link swapped in for the cache file or folder (by someone who can write a parent folder) is never
    followed, even to a private file of ours: the checks are made on what is opened, not on the path."""
    load_catalog(roles)
    stored = cache_file(tmp_path / "cache", roles)
    key, catalog = pickle.loads(stored.read_bytes())
    planted = tmp_path / "planted.pickle"
    planted.write_bytes(pickle.dumps((key, catalog.model_copy(update={"version": "forged"}))))
    os.chmod(planted, 0o600)
    stored.unlink()
    stored.symlink_to(planted)
    assert load_catalog(roles).version == data_version(roles)
    # The folder itself as a link to a private folder holding a forged cache.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    shutil.copy(planted, elsewhere / stored.name)
    os.chmod(elsewhere / stored.name, 0o600)
    shutil.rmtree(tmp_path / "cache")
    (tmp_path / "cache").symlink_to(elsewhere)
    assert load_catalog(roles).version == data_version(roles)
