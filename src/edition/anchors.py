"""Stable anchors: the lock file of published pages and anchors, redirects and tombstones.

What the edition publishes is computed from the data (page paths from ``docs/``,
anchors from the sources), so the lock is checked without a build. The lock only
grows; a locked page or anchor that disappears must be declared in
``sources/retired.yaml`` as a redirect or a tombstone, which the build then
renders so that old links still land somewhere that explains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Code, DataError, Problem
from .safety import scan
from .schema import validate
from .yamlio import load_yaml

LOCK_FILE = "anchors.lock.yaml"
RETIRED_FILE = "retired.yaml"


@dataclass
class Retired:
    """Declared fates of retired targets: ``page`` or ``page#anchor``."""

    redirects: dict[str, str] = field(default_factory=dict)
    tombstones: dict[str, str] = field(default_factory=dict)
    since: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def covers(self, target: str) -> bool:
        return target in self.redirects or target in self.tombstones

    def for_page(self, page: str) -> dict[str, tuple[str, str]]:
        """Retired anchors on ``page``: anchor -> (``redirect``|``tombstone``, target or reason)."""
        found: dict[str, tuple[str, str]] = {}
        for table, kind in ((self.redirects, "redirect"), (self.tombstones, "tombstone")):
            for target, value in table.items():
                name, _, anchor = target.partition("#")
                if name == page and anchor:
                    found[anchor] = (kind, value)
        return found


def published_pages(docs_dir: Path) -> list[str]:
    """Docnames of every page in ``docs/`` (skipping ``_`` folders such as _templates)."""
    pages = []
    for path in docs_dir.rglob("*.md"):
        rel = path.relative_to(docs_dir)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        pages.append(rel.with_suffix("").as_posix())
    return sorted(pages)


REGISTER_DIRECTIVE = re.compile(
    r"^[`:]{3,}\{edition-register\}\s+(actors|events|chronology)\s*$", re.M
)


def register_pages(docs_dir: Path) -> dict[str, str]:
    """Pages that render a register list (by their directive): page -> actors|events|..."""
    found = {}
    for page in published_pages(docs_dir):
        text = (docs_dir / f"{page}.md").read_text(encoding="utf-8")
        for kind in REGISTER_DIRECTIVE.findall(text):
            found[page] = kind
    return found


def published_anchors(
    docs_dir: Path, sources: list[Any], register: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """page -> anchors, for every page: source pages carry their paragraph and note IDs,
    register pages (found by their directive) the IDs of their entries.

    ``register`` maps ``actors``, ``events`` and ``chronology`` to the anchors each lists."""
    anchors: dict[str, list[str]] = {page: [] for page in published_pages(docs_dir)}
    for source in sources:
        anchors[source.docname] = list(source.anchors)
    for page, kind in register_pages(docs_dir).items():
        anchors[page] += (register or {}).get(kind, [])
    return anchors


def load_lock(path: Path) -> tuple[dict[str, list[str]], dict[str, int], list[Problem]]:
    """The lock as page -> anchors, the line of each page, and any problems."""
    if not path.exists():
        return {}, {}, []
    try:
        data = load_yaml(path)
    except DataError as exc:
        return {}, {}, exc.problems
    problems = validate(data, "anchors-lock", path)
    if problems:
        return {}, {}, problems
    pages = data["pages"] or {}
    lines = {page: pages.where(page)[0] for page in pages}
    return {page: list(anchors) for page, anchors in pages.items()}, lines, []


def load_retired(path: Path) -> tuple[Retired, list[Problem]]:
    retired = Retired()
    if not path.exists():
        return retired, []
    try:
        data = load_yaml(path)
    except DataError as exc:
        return retired, exc.problems
    problems = validate(data, "retired", path) + scan(data, path)
    if problems:
        return retired, problems
    for items, key, table in (
        (data.get("redirects"), "to", retired.redirects),
        (data.get("tombstones"), "reason", retired.tombstones),
    ):
        if not items:
            continue
        for item, (line, _col) in zip(items, items.item_lines, strict=True):
            source = item["from"] if "from" in item else item["target"]
            table[source] = item[key]
            retired.since[source] = item["since"]
            retired.lines[source] = line
    return retired, []


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
    locked, lines, problems = load_lock(lock_path)
    retired, found = load_retired(retired_path)
    problems += found
    if problems:
        return problems
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


def setup_anchors(app: Any) -> None:
    from .sphinx_anchors import setup_sphinx_anchors

    setup_sphinx_anchors(app)
