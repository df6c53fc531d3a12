"""Parsed data files kept between runs, so that a build or ``edition check`` parses again
only the files that changed (issue 19: a register of thousands of entries took most of a
second to parse at every build).

A parsed file is kept under the digest of everything its parse depends on: the package's
version and the code of its data layer, the file's path (its problems name it) and its
bytes. A file edited without a new timestamp has new bytes, hence a new digest; a new
version of the package reads nothing of the old one's. A file a run did not parse is
keyed by reading it, or by its status where an earlier run read it long after its last
change (its change time, which every write sets and no tool sets back, is part of the
status). A kept file that cannot be read back (truncated, corrupted) counts as missing and
is written again. The cache is build output, in the build folder (never in the
repository, never contributed): only the edition's own runs write it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar, cast

from .. import __version__

CACHE_FORMAT = 1  # raised when what is kept changes shape
T = TypeVar("T")
# The key of the file a parsed value came from, set on it by yamlio.load_yaml: the checks
# of that value are kept under it too.
KEY_ATTRIBUTE = "edition_cache_key"


MAX_BYTES = 5 * 1024 * 1024  # a data file larger than this is a mistake, not data
# A file last changed this long before a run read it is known by its status next time.
SETTLED_NS = 2_000_000_000
STATUSES = "\0statuses"  # the kept key of the files' statuses (no digest begins with \0)
Status = tuple[int, int, int, int, int]  # device, inode, size, mtime and ctime (ns)
PARSING_CODE = ("core", "data", "schemas")  # what parses and checks a data file


@functools.cache
def code_digest(*parts: str) -> str:
    """The package's version and its code in ``parts`` (folders or files of the package;
    by default the code that parses and checks a data file): between two releases the
    code changes under one version number, and what other code made must be made again."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0".encode())
    for part in parts or PARSING_CODE:
        where = package / part
        for path in sorted(where.iterdir()) if where.is_dir() else [where]:
            if path.suffix in (".py", ".json"):
                name = path.relative_to(package).as_posix()
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ParseCache:
    """Parsed files and their checks, kept in one file in ``folder`` (read once at the first
    use, written once at the end of the run, and only if something changed): thousands of
    small files would cost a first build more than they save."""

    FILE = "parsed.pickle"

    def __init__(self, folder: Path, name: str = FILE) -> None:
        self.folder = folder
        self.path = folder / name
        self._kept: dict[str, bytes] | None = None
        self._used: dict[str, bytes] = {}  # what this run read or made: what is kept
        self.file_keys: dict[Path, str] = {}  # the key of each data file this run parsed
        self.keyed: dict[Path, str] = {}  # and of each it keyed without parsing it
        self._statuses_now: dict[str, tuple[Status, str]] = {}  # see key_by_status
        self._status_cache: dict[str, tuple[Status, str]] | None = None
        self._changed = False

    @staticmethod
    def key(path: Path, raw: bytes) -> str:
        digest = hashlib.sha256(f"{code_digest()}\0{path}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def _load(self) -> dict[str, bytes]:
        if self._kept is None:
            try:
                with open(self.path, "rb") as kept_file:
                    kept = pickle.load(kept_file)
                if not isinstance(kept, dict):
                    raise TypeError("not a cache")
            except Exception:  # missing, truncated or corrupted: never trusted, made again
                kept = {}
                self._changed = self.path.exists()
            self._kept = kept
        return self._kept

    def _statuses(self) -> dict[str, tuple[Status, str]]:
        """The statuses an earlier run kept (read back once)."""
        if self._status_cache is None:
            pickled = self._load().get(STATUSES)
            try:
                kept = pickle.loads(pickled) if pickled is not None else {}
            except Exception:
                kept = {}
            self._status_cache = kept if isinstance(kept, dict) else {}
        return self._status_cache

    def key_by_status(self, path: Path, status: Status) -> str | None:
        """The key of the file at ``path`` from an earlier run that read it with the same
        status (device, inode, size, modification and change times) and the same code, or
        None. Any write changes a file's change time, which no tool can set back (editing
        a file and restoring its modification time is seen)."""
        name = f"{code_digest()}\0{path}"
        known = self._statuses().get(name)
        if known is None or known[0] != status:
            return None
        self._statuses_now[name] = known
        return known[1]

    def note_status(self, path: Path, status: Status, key: str, read_at_ns: int) -> None:
        """Remember ``key`` under the status the file had when it was read, if its last
        change was well before the read: a change after the read cannot then leave the
        change time as it was, however coarse the file system's clock (git's "racy"
        files)."""
        if read_at_ns - status[4] > SETTLED_NS:
            self._statuses_now[f"{code_digest()}\0{path}"] = (status, key)

    def get(self, key: str) -> Any | None:
        """A fresh copy of what is kept under ``key`` (callers may change it), or None."""
        pickled = self._load().get(key)
        if pickled is None:
            return None
        try:
            value = pickle.loads(pickled)
        except Exception:
            return None
        self._used[key] = pickled
        return value

    def later(self, key: str) -> Callable[[], Any] | None:
        """A function that reads back what is kept under ``key`` (it raises if that cannot
        be read back), or None if nothing is: kept for the next run either way."""
        pickled = self._load().get(key)
        if pickled is None:
            return None
        self._used[key] = pickled
        return functools.partial(pickle.loads, pickled)

    def remember(
        self,
        parts: tuple[str, ...],
        compute: Callable[[], T],
        still_valid: Callable[[], bool] = lambda: True,
    ) -> T:
        """The result of ``compute`` for the file and check named by ``parts`` (a parsed
        file's key first): computed once per content, then read back; kept only if
        ``still_valid()`` after computing."""
        key = parts_digest(parts)
        kept = self.get(key)
        if kept is not None:
            return cast(T, kept)
        value = compute()
        if still_valid():
            self.put(key, value)
        return value

    def put(self, key: str, value: Any) -> None:
        self._used[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._changed = True

    def carry_over(self, wanted: Callable[[str], bool]) -> None:
        """Keep too what an earlier run kept under a key that ``wanted`` accepts, though
        this run had no use for it (the next may)."""
        for key, pickled in self._load().items():
            if key not in self._used and wanted(key):
                self._used[key] = pickled

    def content_keys(self) -> dict[Path, str]:
        """The key of each data file this run read, as it read it last: a digest of its
        bytes (and of its path and the code, which change rarely), or "absent"."""
        return {**self.keyed, **self.file_keys}

    def save(self) -> None:
        """Keep what this run used (what it did not is stale): written whole or not at all,
        a temporary file then a rename."""
        kept = self._load()
        if self._statuses_now != self._statuses():
            self._used[STATUSES] = pickle.dumps(self._statuses_now, pickle.HIGHEST_PROTOCOL)
            self._changed = True
        elif STATUSES in kept:
            self._used[STATUSES] = kept[STATUSES]
        if not self._changed and set(kept) == set(self._used):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(self._used, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only build folder: the next run is only slower


_ACTIVE: ContextVar[ParseCache | None] = ContextVar("edition_parse_cache", default=None)


def active_cache() -> ParseCache | None:
    return _ACTIVE.get()


@contextlib.contextmanager
def parse_cache(folder: Path | None) -> Iterator[ParseCache | None]:
    """Within the block, data files are parsed through the cache in ``folder`` (none if
    ``folder`` is None)."""
    cache = ParseCache(folder) if folder is not None else None
    token = _ACTIVE.set(cache)
    try:
        yield cache
        if cache is not None:
            cache.save()
    finally:
        _ACTIVE.reset(token)


def parts_digest(parts: tuple[str, ...]) -> str:
    """The key of what is kept for ``parts`` (file keys, then what was made of them)."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
