"""The role data's version: a hash of its files' bytes, computed without pydantic or rapidfuzz.

`assessor --version`, the session list and load_catalog() all call `data_version`, so they agree by construction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

TITLE_FILES = ("onet.toml", "esco.toml", "postings.toml")


def fingerprint(paths: Sequence[Path]) -> str:
    """A short hash of the data files' bytes: the "version of the role data" stored with each session."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def title_data_paths(root: Path) -> list[Path]:
    """roles/titles/*.toml that exist, in their loading order."""
    folder = root / "titles"
    return [path for path in (folder / name for name in TITLE_FILES) if path.exists()]


def role_data_paths(root: Path) -> list[Path]:
    """The files whose bytes make the role data's version (catalog.version)."""
    paths = [
        *sorted((root / "cards").glob("*.toml")),
        root / "tasks.toml",
        root / "adjustments.toml",
        root / "lexicon.toml",
    ]
    return [*(path for path in paths if path.exists()), *title_data_paths(root)]


def data_version(roles_dir: Path) -> str:
    """The role data's version without parsing it."""
    return fingerprint(role_data_paths(roles_dir))
