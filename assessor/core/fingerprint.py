"""The role data's version: a hash of its files' bytes, computed without pydantic or rapidfuzz.

`assessor --version`, the session list and load_catalog() all call `data_version`, so they agree by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

TITLE_FILES = ("onet.toml", "esco.toml", "postings.toml")


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def sha256(data: bytes = b"") -> Digest:
    """SHA-256 from Python's own module (_sha256; _sha2 from Python 3.12) when it has one.

    Importing hashlib loads OpenSSL first, which costs a cold `assessor score` more than all of its hashing; the
    digest is the same whichever module makes it.
    """
    try:
        from _sha256 import sha256 as made_here  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256 as made_here  # type: ignore[import-not-found]
        except ImportError:
            from hashlib import sha256 as made_here
    digest: Digest = made_here(data)
    return digest


def fingerprint(paths: Sequence[Path]) -> str:
    """A short hash of the data files' bytes: the "version of the role data" stored with each session."""
    digest = sha256()
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
