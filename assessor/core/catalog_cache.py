"""The validated catalog kept on disk, so a command does not re-parse and re-validate roles/ on every start.

One file per data folder (the folder's path names it), holding the key it was built for: the package and
Python versions (the catalog is plain data; the compiled pydantic validators kept beside it add pydantic's),
the domain's code (its modules' sizes and times, so an edited type is never served an object pickled from the
old one under an unchanged version number) and the data files' fingerprint. Anything else found there
(another key, an unreadable or foreign file, a folder others may write to) is ignored and the TOML files are
loaded instead.
Only our own file in the user's cache folder is unpickled: 0600 in a 0700 folder, owned by the user.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TypeVar

from assessor import __version__
from assessor.core.fingerprint import sha256

CatalogT = TypeVar("CatalogT")


def cache_dir() -> Path | None:
    """ASSESSOR_CACHE (empty: no cache), else the user cache folder."""
    override = os.environ.get("ASSESSOR_CACHE")
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("assessor", appauthor=False))


def code_fingerprint() -> str:
    """The domain's modules as they are on disk (name, size, modification time): a stat each, no reading."""
    entries = []
    for module in sorted(Path(__file__).parent.glob("*.py")):
        try:
            info = module.stat()
        except OSError:
            continue
        entries.append(f"{module.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(entries)


def cache_key(roles_dir: Path, data_fingerprint: str) -> str:
    parts = (
        __version__,
        sys.version,
        code_fingerprint(),
        str(roles_dir.resolve()),
        data_fingerprint,
    )
    return sha256("\0".join(parts).encode()).hexdigest()


def cache_file(folder: Path, roles_dir: Path, what: str = "catalog") -> Path:
    """The file keeping `what` ("catalog", or "models": the compiled validators) for this data folder."""
    name = sha256(str(roles_dir.resolve()).encode()).hexdigest()[:24]
    return folder / f"{what}-{name}.pickle"


def _private(path: Path, mode: int) -> bool:
    """Owned by this user and not readable or writable by anyone else."""
    return _private_info(path.lstat(), mode)


def _private_info(info: os.stat_result, mode: int) -> bool:
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owned and stat.S_IMODE(info.st_mode) & 0o077 == 0 and stat.S_IFMT(info.st_mode) == mode


def _read_private(folder: Path, name: str) -> bytes | None:
    """The bytes of `folder/name` if the folder and the file, as opened, are private to this user.

    Checked on the open descriptors, not on the paths: a folder or file swapped in between a check by path
    and the read (by someone who can write a parent folder) is never the one read."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    folder_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow)
    try:
        if not _private_info(os.fstat(folder_fd), stat.S_IFDIR):
            return None
        # Not waiting on the open: a FIFO put in the cache's place would block every start for good.
        file_fd = os.open(name, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=folder_fd)
        with os.fdopen(file_fd, "rb") as cached:
            if not _private_info(os.fstat(cached.fileno()), stat.S_IFREG):
                return None
            os.set_blocking(file_fd, True)
            return cached.read()
    finally:
        os.close(folder_fd)


def read_cached(roles_dir: Path, key: str, kind: type[CatalogT], what: str = "catalog") -> CatalogT | None:
    """The cached `what` for `key` if it is a `kind`, or None when there is none we can trust."""
    folder = cache_dir()
    if folder is None:
        return None
    path = cache_file(folder, roles_dir, what)
    try:
        data = _read_private(folder, path.name)
        if data is None:
            return None
        stored_key, value = pickle.loads(data)
    except Exception:  # a missing, truncated or foreign cache file only means loading the TOML files
        return None
    if stored_key != key or not isinstance(value, kind):
        return None
    return value


def write_cached(roles_dir: Path, key: str, value: object, what: str = "catalog") -> None:
    """Keep `value` for the next start; a cache that cannot be written is simply not kept."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile  # only when writing: a start that reads the cache does without it

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder, stat.S_IFDIR):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{what}-", suffix=".tmp")  # 0600
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cache_file(folder, roles_dir, what))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
