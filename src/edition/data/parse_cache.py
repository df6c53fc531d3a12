"""Parsed data files kept between runs, so that a build or ``edition check`` parses again
only the files that changed (issue 19: a register of thousands of entries took most of a
second to parse at every build).

A parsed file is kept under the digest of everything its parse depends on: the package's
version and the code of its data layer, the file's path (its problems name it) and its
bytes. A file edited without a new
timestamp has new bytes, hence a new digest; a new version of the package reads nothing of
the old one's. A kept file that cannot be read back (truncated, corrupted) counts as
missing and is written again. The cache is build output, in the build folder (never in the
repository, never contributed): only the edition's own runs write it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .. import __version__

CACHE_FORMAT = 1  # raised when what is kept changes shape


@functools.cache
def code_digest() -> str:
    """The package's version and the code that parses and checks a data file (the data and
    core layers, the schemas): between two releases the code changes under one version
    number, and a file parsed by other code must be parsed again."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0".encode())
    for folder in ("core", "data", "schemas"):
        for path in sorted((package / folder).iterdir()):
            if path.suffix in (".py", ".json"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ParseCache:
    """Parsed files, one pickle each, in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(path: Path, raw: bytes) -> str:
        digest = hashlib.sha256(f"{code_digest()}\0{path}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        try:
            with open(self.folder / f"{key}.pickle", "rb") as kept:
                value = pickle.load(kept)
        except FileNotFoundError:
            value = None
        except Exception:  # a truncated or corrupted file: never trusted, made again
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Written whole or not at all: a temporary file, then a rename."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a read-only build folder: the run is only slower


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
    finally:
        _ACTIVE.reset(token)
