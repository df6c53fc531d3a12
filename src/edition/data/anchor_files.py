"""The anchor lock (``sources/anchors.lock.yaml``) and the retired targets
(``sources/retired.yaml``), read and checked against their schemas: what the edition has
published, and the redirects and tombstones of what it no longer publishes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.problems import DataError, Problem
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml, parse_yaml

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


@dataclass
class Lock:
    """The anchor lock: page -> anchors, with the line of each page and of ``pages:``."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # page or page#anchor -> line
    line: int = 0


def _is_blank(text: str) -> bool:
    """Nothing but blank lines and comments: an emptied file."""
    return not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _lock_of(data: Any, path: Path) -> tuple[Lock, list[Problem]]:
    problems = validate(data, "anchors-lock", path)
    if problems:
        return Lock(), problems
    pages: LocatedDict = data["pages"] or LocatedDict()
    lines = {page: pages.where(page)[0] for page in pages}
    for page, anchors in pages.items():
        for anchor, (line, _column) in zip(anchors, anchors.item_lines, strict=True):
            lines[f"{page}#{anchor}"] = line
    locked = {page: list(anchors) for page, anchors in pages.items()}
    return Lock(locked, lines, data.where("pages")[0]), []


def parse_lock(text: str, path: Path) -> tuple[Lock, list[Problem]]:
    """The lock written in ``text`` (``path`` names it in problems). A blank text is an
    empty lock, which :func:`check_anchors` judges by what the edition publishes."""
    if _is_blank(text):
        return Lock(), []
    try:
        data = parse_yaml(text, path)
    except DataError as exc:
        return Lock(), exc.problems
    return _lock_of(data, path)


def load_lock(path: Path) -> tuple[Lock, list[Problem]]:
    """The lock file (an empty lock when there is none), and any problems."""
    if not path.exists():
        return Lock(), []
    try:
        data = load_yaml(path)
    except DataError as exc:
        try:
            blank = _is_blank(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            blank = False
        return Lock(), [] if blank else exc.problems
    return _lock_of(data, path)


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
