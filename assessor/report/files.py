"""Every file assessor writes for a person (reports, session exports, answers): one safe way to write it.

- only a regular file is written: a folder, a symbolic link, a FIFO, a device or a socket is refused with a
  sentence (as root, `export-all /dev/null` must not replace /dev/null);
- atomically: a temporary file in the same folder, fsync, then moved into place, so readers see the old file
  or the new one, never half of one;
- private: 0600, since reports and exports hold a client's answers;
- never over an existing file unless asked (`--force`); the final step is a hard link, which fails if the
  name was taken meanwhile;
- `-` means standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import TextIO

from assessor.core.errors import AssessorError
from assessor.core.text import shell_word, shown_path

__all__ = ["shell_word", "shown_path"]  # the ways a command names a file it wrote

PRIVATE_MODE = 0o600
MAX_UNIQUE_TRIES = 10_000


class OutputError(AssessorError):
    """A file that cannot be written where the person asked."""


class OutputExists(OutputError):
    """The name is taken and overwriting was not asked for."""


class NotAFile(OutputError):
    """The name is a symbolic link, a device, a pipe or a socket: nothing is written through it."""


# Said where `-` is accepted, when the name given was a way to reach standard output (/dev/stdout is a link to
# /proc/self/fd/1, which is a link to the terminal or the pipe) or some other device, link or pipe.
STANDARD_OUTPUT_HINT = "to print to standard output, give - as the file name"


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


def _exists(path: Path) -> OutputExists:
    return OutputExists(f"{path}: already exists; use --force to overwrite it")


def check_name(path: Path) -> None:
    """Refuse a file name holding a line break, a tab or a character a terminal would obey: every listing,
    log and message that names the file would be misread ('Wrote a\\nWrote evil.md'), or would obey it."""
    from assessor.core.text import first_control_character, one_line

    name = path.name
    bad = next((char for char in name if char in "\n\r\t"), None) or first_control_character(name)
    if bad is not None:
        raise OutputError(
            one_line(
                f"{path}: the file name holds a line break or control character (U+{ord(bad):04X}); "
                "choose a plain name; nothing was saved"
            )
        )


def foreign_link(path: Path) -> Path | None:
    """The first folder on the way to `path` that is a symbolic link owned by another user (not this user,
    not root), or None.

    A link someone else planted in a shared folder (/tmp/reports -> /etc) would take what this user (or root)
    writes wherever its owner likes; the kernel's protected_symlinks guards only the last part of a path, in
    sticky folders. Links of one's own, and the system's (/var/run), are followed as usual.
    """
    if not hasattr(os, "getuid"):
        return None
    trusted = {os.getuid(), 0}
    walked = Path(path.anchor) if path.is_absolute() else Path()
    for part in path.parent.parts[1:] if path.is_absolute() else path.parent.parts:
        walked = walked / part
        try:
            info = os.lstat(walked)
        except OSError:
            return None  # a missing folder is said by the checks that follow
        if stat.S_ISLNK(info.st_mode) and info.st_uid not in trusted:
            return walked
    return None


def check_target(path: Path, force: bool = False) -> None:
    """Refuse, before anything is written, a target that is not (or would not be) a plain regular file."""
    check_name(path)
    planted = foreign_link(path)
    if planted is not None:
        raise NotAFile(
            f"{path}: the folder {planted} is a symbolic link owned by another user (it could point anywhere); "
            "give the folder's real name; nothing was saved"
        )
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise OutputError(f"{path}: the folder {folder} does not exist; nothing was saved") from None
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({_reason(exc)})") from None
    if stat.S_ISLNK(info.st_mode):
        raise NotAFile(
            f"{path}: is a symbolic link; give the file's own name (a link could point anywhere); "
            "nothing was saved"
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile(
            f"{path}: is not a regular file (a device, pipe or socket); give a file name; nothing was saved"
        )
    if not force:
        raise _exists(path)


def write_file(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` as a private (0600) regular file, atomically; see the module's rules."""
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    # Not named after the target: a name near the 255-byte limit must not make the temporary name too long.
    temp = folder / f".assessor-{os.getpid()}-{secrets.token_hex(6)}.tmp"
    data = text.encode("utf-8")
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_MODE)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({_reason(exc)})") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            check_target(path, force=True)  # still a regular file (or nothing) just before the swap
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise _exists(path) from None
            except OSError:
                # File systems without hard links: a rename after one more check.
                check_target(path, force=False)
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


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    """The report command's name for `write_file`."""
    write_file(path, text, force)


def check_output(target: str, force: bool = False) -> None:
    """`check_target` for a command where `-` means standard output: a refused link or device (`-o /dev/stdout`,
    `/dev/fd/1`, `/dev/tty`) says that `-` is the way to print."""
    if target == "-":
        return
    try:
        check_target(Path(target), force)
    except NotAFile as exc:
        raise NotAFile(f"{exc.message}; {STANDARD_OUTPUT_HINT}") from None


def write_output(target: str, text: str, force: bool, stdout: TextIO) -> Path | None:
    """`-` writes to standard output (returns None); anything else is a file written by `write_file`."""
    if target == "-":
        stdout.write(text)
        stdout.flush()
        return None
    check_output(target, force)
    path = Path(target)
    write_file(path, text, force)
    return path


def write_unique(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write to directory/stem[-N].suffix under the first name not taken (never over an earlier file)."""
    for number in range(1, MAX_UNIQUE_TRIES + 1):
        name = f"{stem}.{suffix}" if number == 1 else f"{stem}-{number}.{suffix}"
        path = directory / name
        if os.path.lexists(path):
            continue
        try:
            write_file(path, text)
        except OutputExists:
            continue
        return path
    raise OutputError(
        f"{directory}: already holds {MAX_UNIQUE_TRIES} files named {stem}; choose another folder"
    )
