"""The SQLite store's files on disk, checked before SQLite reads a byte of them.

Why this is separate from the store's behaviour: these checks are about one embedded database file and its
sidecars in one folder (a PostgreSQL backend has none of them), and each of them must run before SQLite opens
the file, because SQLite itself writes on open (it replays a write-ahead log, makes a -shm index).

- a planted store: the folder and every file in it must belong to the current user and be closed to group
  and others; nothing here ever widens or tightens a permission, it says the exact command instead;
- a damaged write-ahead log: SQLite replays frames up to the first one whose checksum fails and silently
  drops every transaction after it (the next checkpoint makes that loss permanent), so the log's checksums
  are verified here and a log with committed frames after a bad one is refused;
- a file verified once is not verified again on every open: its (inode, size, mtime) is remembered in a
  small stamp file after a full check, and refreshed after our own writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import struct
import time
from pathlib import Path

from assessor.core.text import shell_word, shown_path
from assessor.sessions.errors import StoreError

SIDECARS = ("-wal", "-shm", "-journal")
STAMP_SUFFIX = ".checked"
# Every file of ours is opened without waiting and without following a link: a FIFO opened for reading (or
# for writing) blocks until someone opens its other end, which in a planted store is never.
_NO_WAIT = os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000
WAL_HEADER = 32
FRAME_HEADER = 24


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def disk_full_sentence(folder: Path) -> str:
    return f"{folder}: the disk is full; free some space and try again (nothing saved was changed or lost)"


def is_disk_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has no space left for us."""
    try:
        usage = os.statvfs(folder)
    except OSError:
        return False
    return usage.f_bavail * usage.f_frsize < 64 * 1024


def prepare_folder(home: Path) -> None:
    """Create the session folder 0700 when it is missing; refuse one we do not own, open to others, or read-only.

    Never changes the mode of an existing folder: a 0500 folder someone made read-only stays read-only.
    """
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(
            f"{shown_path(home)}: is not a folder; set ASSESSOR_HOME to a folder of your own"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise StoreError(disk_full_sentence(home.parent)) from None
        raise StoreError(f"{shown_path(home)}: cannot create the session folder ({exc.strerror})") from None
    try:
        info = home.stat()
    except OSError as exc:
        raise StoreError(f"{shown_path(home)}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown_path(home)}: is not a folder; set ASSESSOR_HOME to a folder of your own")
    quoted = shell_word(home)
    if info.st_uid != os.geteuid():
        raise StoreError(
            f"{shown_path(home)}: the session folder belongs to another user ({_owner_name(info.st_uid)}), who could read "
            f"or replace the sessions in it; it was left untouched: set ASSESSOR_HOME to a folder of your own "
            f"(or, if it is really yours, `sudo chown -R {_owner_name(os.geteuid())} {quoted}`)"
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        could = "add or replace files in it" if mode & 0o022 else "look into it"
        raise StoreError(
            f"{shown_path(home)}: the session folder is open to other users (mode {mode:04o}), who can {could}; "
            f"it was left untouched: run `chmod 700 {quoted}` or set ASSESSOR_HOME to a private folder"
        )
    if mode & 0o700 != 0o700:
        raise StoreError(
            f"{shown_path(home)}: the session folder is not writable by you (mode {mode:04o}), so sessions cannot be "
            f"saved there; it was left as it is: run `chmod 700 {quoted}` if sessions belong there, "
            "or set ASSESSOR_HOME to another folder"
        )


def _planted(candidate: Path, kind: str) -> StoreError:
    return StoreError(
        f"{shown_path(candidate)}: is {kind}, not a regular file, so it may have been planted; it was left "
        "untouched: move it away or set ASSESSOR_HOME to a folder of your own"
    )


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` (None when there is none), read without ever waiting on it.

    StoreError, at once, for anything but a regular file: a FIFO, a device, a socket, a folder or a link put
    there between the folder's check and this read (opened non-blocking, checked on the open descriptor).
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NO_WAIT)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise _planted(path, "a link") from None
        if exc.errno in (errno.ENXIO, errno.EISDIR, errno.ENODEV):
            raise _planted(path, "a special file") from None
        raise StoreError(f"{shown_path(path)}: cannot be read ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _planted(path, "a special file")
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise StoreError(f"{shown_path(path)}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


def check_private_files(path: Path) -> None:
    """The database, its sidecars and its stamp, where present: regular files of ours, closed to others."""
    named = (*(path.with_name(path.name + suffix) for suffix in SIDECARS), stamp_path(path))
    for candidate in (path, *named):
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"{shown_path(candidate)}: cannot be read ({exc.strerror})") from None
        quoted = shell_word(candidate)
        if not stat.S_ISREG(info.st_mode):
            raise _planted(candidate, "a link" if stat.S_ISLNK(info.st_mode) else "a special file")
        if info.st_uid != os.geteuid():
            raise StoreError(
                f"{shown_path(candidate)}: belongs to another user ({_owner_name(info.st_uid)}), so it may have been "
                "planted to read clients' sessions; it was left untouched: move it away, or if it is really "
                f"yours, `sudo chown {_owner_name(os.geteuid())} {quoted}`"
            )
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise StoreError(
                f"{shown_path(candidate)}: is open to other users (mode {mode:04o}), who could read clients' sessions; "
                f"it was left untouched: run `chmod 600 {quoted}`"
            )


# -- the write-ahead log --------------------------------------------------------------------------------


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum (two running 32-bit sums over pairs of 32-bit words)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & mask
        s1 = (s1 + words[index + 1] + s0) & mask
    return s0, s1


def wal_damage(data: bytes, page_size_hint: int) -> str | None:
    """Why SQLite would silently drop committed transactions of this write-ahead log, or None.

    SQLite replays frames while their salts match the header and their running checksum holds, and stops at
    the first that fails. A torn tail (a crash while the last, unconfirmed, transaction was written) is
    normal. Damage is a failing frame followed by a later commit frame of the same log generation that holds
    on its own (checked against the stored checksum of the frame before it), or a broken header in front of
    whole frames.
    """
    if len(data) < WAL_HEADER:
        return None
    magic, version, page_size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:WAL_HEADER])
    big_endian = magic == WAL_MAGIC[1]
    header_ok = (
        magic in WAL_MAGIC
        and version == WAL_VERSION
        and page_size >= 512
        and page_size & (page_size - 1) == 0
        and _checksum(data[:24], big_endian, 0, 0) == (sum1, sum2)
    )
    if not header_ok:
        if len(data) >= WAL_HEADER + FRAME_HEADER + page_size_hint:
            return "its header fails its checksum"
        return None
    frame_size = FRAME_HEADER + page_size
    count = (len(data) - WAL_HEADER) // frame_size
    previous = (sum1, sum2)
    broken_at: int | None = None
    for index in range(count):
        start = WAL_HEADER + index * frame_size
        header = data[start : start + FRAME_HEADER]
        _, commit_size, frame_salt1, frame_salt2, frame_sum1, frame_sum2 = struct.unpack(">6I", header)
        if (frame_salt1, frame_salt2) == (salt1, salt2):
            body = header[:8] + data[start + FRAME_HEADER : start + frame_size]
            holds = _checksum(body, big_endian, *previous) == (frame_sum1, frame_sum2)
        else:
            holds = False
        if broken_at is None and not holds:
            broken_at = index + 1
        elif broken_at is not None and holds and commit_size:
            return f"frame {broken_at} fails its checksum and committed frames follow it"
        previous = (frame_sum1, frame_sum2)
    return None


def check_wal(path: Path) -> None:
    """Refuse a store whose write-ahead log SQLite would replay only in part (see wal_damage).

    A log being written by another assessor at this moment can look torn for an instant, so a finding is
    confirmed by reading again.
    """
    wal = path.with_name(path.name + "-wal")
    page_size_hint = 4096
    header = read_regular(path) or b""
    if len(header) >= 100:
        value = int.from_bytes(header[16:18], "big")
        page_size_hint = 65536 if value == 1 else max(512, value)
    problem = None
    for attempt in range(3):
        data = read_regular(wal)
        if data is None:
            return
        problem = wal_damage(data, page_size_hint)
        if problem is None:
            return
        if attempt < 2:
            time.sleep(0.05)
    raise StoreError(
        f"{wal}: the session database's write-ahead log is damaged ({problem}), so sessions saved in it "
        "would be lost silently; every file was left untouched: copy the folder somewhere safe before "
        "anything else (moving the -wal file aside opens the sessions saved up to its last checkpoint)"
    )


# -- verified once, not on every open -------------------------------------------------------------------


def _signature(path: Path) -> str | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{info.st_ino} {info.st_size} {info.st_mtime_ns}"


def stamp_path(path: Path) -> Path:
    return path.with_name(path.name + STAMP_SUFFIX)


def is_verified(path: Path) -> bool:
    """Whether the database is exactly as it was after its last full check or one of our own writes."""
    signature = _signature(path)
    return signature is not None and _stamp(path) == signature


def _stamp(path: Path) -> str | None:
    """The stamp's text; None when it is missing, unreadable or not a regular file (never waited on)."""
    try:
        data = read_regular(stamp_path(path))
        return None if data is None else data.decode("ascii")
    except (StoreError, UnicodeDecodeError):
        return None


def signature(path: Path) -> str | None:
    return _signature(path)


def remember_verified(path: Path, before: str | None = None) -> None:
    """Record the database's current signature as verified.

    With `before`, only when the file was verified when our connection began (its changes since are ours);
    a stamp that cannot be written only means a full check next time.
    """
    if before is not None and _stamp(path) != before:
        return
    current = _signature(path)
    if current is None:
        return
    with contextlib.suppress(OSError):
        # No O_TRUNC on open: a FIFO or device put there is left alone (checked on the descriptor first).
        fd = os.open(stamp_path(path), os.O_WRONLY | os.O_CREAT | _NO_WAIT, 0o600)
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.ftruncate(fd, 0)
                os.write(fd, current.encode("ascii"))
        finally:
            os.close(fd)
