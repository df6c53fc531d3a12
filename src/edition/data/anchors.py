"""Stable anchors: the lock file of published pages and anchors, redirects and tombstones.

What the edition publishes is computed from the data (page paths from ``docs/``,
anchors from the sources), so the lock is checked without a build. The lock only
grows; a locked page or anchor that disappears must be declared in
``sources/retired.yaml`` as a redirect or a tombstone, which the build then
renders so that old links still land somewhere that explains.

The lock and the retired targets are read in :mod:`edition.data.anchor_files`; the lock is
compared with an earlier commit's in :mod:`edition.data.lock_base`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.model import Document
from ..core.problems import Code, Problem
from .anchor_files import (
    LOCK_FILE,
    RETIRED_FILE,
    Lock,
    Retired,
    load_lock,
    load_retired,
    parse_lock,
)
from .lock_base import (
    AUTO_BASE,
    GitFailed,
    check_lock_growth,
    lock_base_problems,
    read_base_lock,
    resolve_lock_base,
)

__all__ = [
    "AUTO_BASE",
    "LOCK_FILE",
    "RETIRED_FILE",
    "GitFailed",
    "Lock",
    "Retired",
    "check_anchors",
    "check_lock_growth",
    "load_lock",
    "load_retired",
    "lock_base_problems",
    "lost_lock_problem",
    "parse_lock",
    "published_anchors",
    "published_pages",
    "read_base_lock",
    "register_pages",
    "resolve_lock_base",
]


def published_pages(docs_dir: Path, markdown: Iterable[Path]) -> list[str]:
    """Docnames of the pages among ``markdown`` (the ``.md`` files under ``docs/``),
    skipping ``_`` folders such as _templates."""
    pages = []
    for path in markdown:
        rel = path.relative_to(docs_dir)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        pages.append(rel.with_suffix("").as_posix())
    return sorted(pages)


REGISTER_DIRECTIVE = re.compile(
    r"^[`:]{3,}\{edition-register\}\s+(actors|events|chronology)\s*$", re.M
)


def register_pages(docs_dir: Path, pages: list[str]) -> dict[str, str]:
    """The ``pages`` that render a register list (by their directive): page ->
    actors|events|chronology."""
    found = {}
    for page in pages:
        text = (docs_dir / f"{page}.md").read_text(encoding="utf-8")
        for kind in REGISTER_DIRECTIVE.findall(text):
            found[page] = kind
    return found


def published_anchors(
    documents: list[Document],
    register: dict[str, list[str]],
    pages: list[str],
    register_kinds: dict[str, str],
) -> dict[str, list[str]]:
    """page -> anchors, for every page: source pages carry their paragraph and note IDs,
    register pages (``register_kinds``: page -> the list it renders) the IDs of their
    entries. ``register`` maps ``actors``, ``events`` and ``chronology`` to the anchors
    each lists."""
    anchors: dict[str, list[str]] = {page: [] for page in pages}
    for document in documents:
        anchors[document.docname] = document.anchors
    for page, kind in register_kinds.items():
        anchors[page] += register.get(kind, [])
    return anchors


def check_anchors(
    lock_path: Path,
    retired_path: Path,
    current: dict[str, list[str]],
    unknown: Callable[[str], bool] = lambda target: False,
) -> list[Problem]:
    """Every locked page and anchor still exists, or is declared retired.

    Targets (``page`` or ``page#anchor``) for which ``unknown`` is true come from data that
    could not be loaded, which is reported already: they are not checked, so that one
    broken file does not also report every anchor in it as removed.
    """
    lock, problems = load_lock(lock_path)
    retired, found = load_retired(retired_path)
    problems += found
    if problems:
        return problems
    locked, lines = lock.pages, lock.lines
    if not locked and current:
        return [lost_lock_problem(lock_path, len(current))]
    live = {page for page in current} | {
        f"{p}#{a}" for p, anchors in current.items() for a in anchors
    }
    for page, anchors in locked.items():
        if unknown(page):
            continue
        line = lines[page]
        if page not in current:
            if not retired.covers(page):
                problems.append(
                    Problem(
                        lock_path,
                        line,
                        1,
                        Code.PAGE_REMOVED,
                        f"published page {page!r} no longer exists",
                        f"restore it, or declare a redirect or tombstone for {page!r} "
                        f"in {RETIRED_FILE}",
                    )
                )
            continue
        for anchor in anchors:
            target = f"{page}#{anchor}"
            if target not in live and not retired.covers(target) and not unknown(target):
                problems.append(
                    Problem(
                        lock_path,
                        line,
                        1,
                        Code.ANCHOR_REMOVED,
                        f"published anchor {target!r} no longer exists",
                        f"restore the ID, or declare a redirect or tombstone for {target!r} "
                        f"in {RETIRED_FILE}",
                    )
                )
    for source, target in retired.redirects.items():
        if target not in live:
            problems.append(
                Problem(
                    retired_path,
                    retired.lines[source],
                    1,
                    Code.RETIRED_TARGET,
                    f"redirect from {source!r} points at {target!r}, which does not exist",
                    "point the redirect at a live page or anchor",
                )
            )
    for source in [*retired.redirects, *retired.tombstones]:
        if source in live:
            problems.append(
                Problem(
                    retired_path,
                    retired.lines[source],
                    1,
                    Code.RETIRED_LIVE,
                    f"{source!r} is declared retired but is still published",
                    "remove the declaration, or retire the page or anchor",
                )
            )
    return problems


def lost_lock_problem(lock_path: Path, published: int) -> Problem:
    """The lock deleted or emptied while the edition publishes pages: nothing it held
    could be checked, so this is an error of its own."""
    state = "lists no page" if lock_path.exists() else "is missing"
    return Problem(
        lock_path,
        0,
        0,
        Code.LOCK_LOST,
        f"the anchor lock {state}, but the edition publishes {published} page(s)",
        f"restore it from git (git checkout -- sources/{LOCK_FILE}): the lock only grows. "
        "A new edition starts its lock with `edition lock`",
    )
