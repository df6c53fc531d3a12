"""Writing data files so that no crash, kill or second command can lose what they held.

A file is never truncated in place: the new content goes to a temporary file in the same
folder, is flushed to disk (fsync), and replaces the old file in one step (``os.replace``);
the folder is then flushed too, so that the new name survives a power cut. A reader, or a
kill at any moment, sees the old file or the new one, never a mixture or an empty file.

Commands that read, change and write files hold :func:`write_lock` around the whole
read-modify-write, so that two commands run at once cannot both read the old file and each
write it back without the other's addition.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; commands then run unlocked
    fcntl = None  # type: ignore[assignment]

# Left behind only by a kill: hidden, ignored by git (.gitignore) and by the edition.
TEMP_SUFFIX = ".edition-tmp"
# The lock is a file of its own, never a data file: a data file's inode changes with
# every os.replace, so a lock held on it would not exclude a command that opened the new one.
LOCK_NAME = ".edition-write.lock"
LOCK_TIMEOUT = 60.0  # seconds to wait for another command to finish writing


def temp_path(path: Path) -> Path:
    """A fresh, unused name beside ``path`` for its next content."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a new or replaced name) to disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:  # pragma: no cover - some systems cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Create ``path`` (which must not exist) with ``data``, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Give ``path`` the content ``data`` in one step; the old content stays until then.

    With ``exclusive`` the file must not exist yet: it is never overwritten, not even one
    created by another program between a check and this write."""
    temp = temp_path(path)
    try:
        existing_mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        existing_mode = None
    try:
        write_new(temp, data)
        if existing_mode is not None:
            os.chmod(temp, existing_mode)  # an edited file keeps its permissions
        if exclusive:
            os.link(temp, path)  # fails when path exists, where os.replace would overwrite
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


@contextlib.contextmanager
def write_lock(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the edition's write lock (the file ``folder/.edition-write.lock``).

    Raises TimeoutError when another command keeps it longer than ``timeout`` seconds.
    The lock file stays: removing it would let a waiting command lock a deleted file."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"another edition command has been writing for {timeout:.0f} s "
                            f"(lock {folder / LOCK_NAME}); try again when it has finished"
                        ) from None
                    time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
