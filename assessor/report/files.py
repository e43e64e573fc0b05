"""Write a report file safely: never half-written, never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from assessor.core.errors import AssessorError


class OutputError(AssessorError):
    """A report file that cannot be written where the person asked."""


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then move it into place.

    Without `force` an existing file is left alone (the final step is a hard link, which fails if the name is
    taken, so a file created meanwhile is not overwritten either). Readers see the old file or the new one.
    """
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    temp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    data = text.encode("utf-8")
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({_reason(exc)})") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise OutputError(f"{path}: already exists; use --force to overwrite it") from None
            except OSError:
                # File systems without hard links: fall back to a rename after one more check.
                if path.exists():
                    raise OutputError(f"{path}: already exists; use --force to overwrite it") from None
                os.replace(temp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({_reason(exc)})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
