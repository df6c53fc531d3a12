"""Computations kept in the parse cache (:mod:`edition.data.parse_cache`) per content of
the data files they depend on: a file's checks, a document, the register. Each is made
once per content of its files and the code, then read back."""

from __future__ import annotations

import functools
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from .parse_cache import KEY_ATTRIBUTE, MAX_BYTES, ParseCache, active_cache, parts_digest

T = TypeVar("T")
U = TypeVar("U")


def remembered_for(paths: list[Path], parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the active cache when it depends only on the data files
    ``paths`` (absent, or read as they are now) and the code: computed once per content
    of those files. A file ``compute`` parses must be the one keyed, or nothing is kept
    (a file saved while the run reads it)."""
    cache = active_cache()
    keys = _keys_of(cache, paths) if cache is not None else None
    if cache is None or keys is None:
        return compute()  # no cache, or a file unreadable: the computation reports it
    return cache.remember((*keys, *parts), compute, _still_keyed(cache, paths, keys))


def remembered_apart(
    paths: list[Path], parts: tuple[str, ...], compute: Callable[[], tuple[T, U]]
) -> tuple[T, Callable[[], U]]:
    """Like :func:`remembered_for` for a ``compute()`` that gives a small value and a
    large one (a document's checks and its texts): the small is read back at once, the
    large kept apart and read back only when the returned function is first called."""
    cache = active_cache()
    keys = _keys_of(cache, paths) if cache is not None else None
    if cache is None or keys is None:
        small, large = compute()
        return small, lambda: large
    small_key, large_key = (parts_digest((*keys, *parts, part)) for part in ("small", "large"))
    kept_small, read_large = cache.get(small_key), cache.later(large_key)
    if kept_small is not None and read_large is not None:

        def read_back() -> U:
            try:
                return cast(U, read_large())
            except Exception:  # kept, but cannot be read back: made again, never trusted
                return compute()[1]

        return cast(T, kept_small), functools.cache(read_back)
    small, large = compute()
    if _still_keyed(cache, paths, keys)():
        cache.put(small_key, small)
        cache.put(large_key, large)
    return small, lambda: large


def _keys_of(cache: ParseCache, paths: list[Path]) -> list[str] | None:
    """The key of each file of ``paths``, or None if one is not a plain readable file. A
    file is keyed once per run (a document's files count for its texts, its notes and its
    mentions): the run sees each file as it first read it."""
    keys = []
    for path in paths:
        key = cache.file_keys.get(path) or cache.keyed.get(path) or _key_now(cache, path)
        if key is None:
            return None
        keys.append(key)
    return keys


def _still_keyed(cache: ParseCache, paths: list[Path], keys: list[str]) -> Callable[[], bool]:
    """Whether each file a computation parsed is still the one keyed before it."""
    return lambda: all(cache.file_keys.get(p, k) == k for p, k in zip(paths, keys, strict=True))


def _key_now(cache: ParseCache, path: Path) -> str | None:
    """The key of a data file not parsed in this run, from its bytes (None if it is not a
    plain readable file: the loader refuses links and reports what it cannot read)."""
    try:
        read_at = time.time_ns()
        found = path.lstat()
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
            return None
        status = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
        key = cache.key_by_status(path, status)
        if key is None:
            key = cache.key(path, path.read_bytes())
            cache.note_status(path, status, key, read_at)
        cache.keyed[path] = key
        return key
    except FileNotFoundError:
        key = cache.keyed[path] = f"absent\0{path}"
        return key
    except OSError:
        return None


def remembered(data: Any, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the active cache when ``data`` is a whole parsed file (a
    check of a file's content is the same for the same content)."""
    cache = active_cache()
    key = getattr(data, KEY_ATTRIBUTE, None)
    if cache is None or key is None:
        return compute()
    return cache.remember((key, *parts), compute)
