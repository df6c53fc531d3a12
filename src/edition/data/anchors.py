"""Stable anchors: the lock file of published pages and anchors, redirects and tombstones.

What the edition publishes is computed from the data (page paths from ``docs/``,
anchors from the sources), so the lock is checked without a build. The lock only
grows; a locked page or anchor that disappears must be declared in
``sources/retired.yaml`` as a redirect or a tombstone, which the build then
renders so that old links still land somewhere that explains.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.problems import Code, DataError, Problem
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


# The lock of an earlier commit, read with git, so that a change that takes anchors out of
# the lock (rather than out of the data, which check_anchors sees) is caught too.

AUTO_BASE = "auto"  # the merge base with origin/main, else the latest tag, else HEAD
MAIN_BRANCH = "refs/remotes/origin/main"
GIT_TIMEOUT_SECONDS = 60


class GitFailed(Exception):
    """git could not answer: not installed, not a repository, an unknown revision."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    # A list argv (no shell), no prompt, and a time limit: the check never hangs on git.
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=environment,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise GitFailed("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitFailed(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise GitFailed(f"cannot run git: {exc}") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """git's first line of error, for a message."""
    lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0] if lines else f"exit status {result.returncode}"


def _output(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8", errors="replace").strip()


def _auto_base(root: Path) -> tuple[str, str]:
    """The revision (and how to describe it) that CI compares with by default."""
    if _git(root, "rev-parse", "--verify", "--quiet", MAIN_BRANCH).returncode == 0:
        merge_base = _git(root, "merge-base", "HEAD", MAIN_BRANCH)
        if merge_base.returncode == 0:  # none in a shallow clone: then a tag or HEAD
            return _output(merge_base), "the merge base with origin/main"
    tag = _git(root, "describe", "--tags", "--abbrev=0", "HEAD")
    if tag.returncode == 0:
        return _output(tag), f"the latest tag, {_output(tag)}"
    return "HEAD", "HEAD"


def resolve_lock_base(root: Path, ref: str) -> tuple[str, str]:
    """The commit that ``ref`` (or :data:`AUTO_BASE`) names, and a description of it."""
    if ref.startswith("-"):
        raise GitFailed(f"{ref!r} is not a revision")  # never read as an option of git
    repository = _git(root, "rev-parse", "--show-toplevel")
    if repository.returncode != 0:
        raise GitFailed(f"{root} is not in a git repository ({_said(repository)})")
    revision, described = _auto_base(root) if ref == AUTO_BASE else (ref, ref)
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise GitFailed(f"unknown revision {revision!r}")
    sha = _output(commit)
    return sha, f"{described}, commit {sha[:12]}"


def read_base_lock(root: Path, commit: str) -> str | None:
    """The text of the lock at ``commit``, or None when the lock did not exist there."""
    # ``commit:./path`` is relative to the edition's root, wherever the repository starts.
    spec = f"{commit}:./sources/{LOCK_FILE}"
    if _git(root, "cat-file", "-e", spec).returncode != 0:
        return None
    shown = _git(root, "show", spec)
    if shown.returncode != 0:
        raise GitFailed(f"git show {spec} failed ({_said(shown)})")
    return shown.stdout.decode("utf-8-sig", errors="replace")


def check_lock_growth(
    lock_path: Path, retired_path: Path, base: Lock, base_name: str
) -> list[Problem]:
    """Every page and anchor of the ``base`` lock is still in the lock, or retired.

    Taking a line out of the lock hides a removed anchor from :func:`check_anchors`; this
    compares with the lock as it was published."""
    lock, problems = load_lock(lock_path)
    retired, found = load_retired(retired_path)
    if problems or found or not lock.pages:
        return []  # reported by check_anchors, which runs on every check
    hint = (
        "put it back in the lock (the lock only grows; `edition lock` restores what is "
        f"still published), or declare a redirect or tombstone for it in {RETIRED_FILE}"
    )
    for page, anchors in base.pages.items():
        if page not in lock.pages:
            if not retired.covers(page):
                problems.append(
                    Problem(
                        lock_path,
                        lock.line,
                        1,
                        Code.LOCK_SHRUNK,
                        f"published page {page!r} (with {len(anchors)} anchor(s); line "
                        f"{base.lines[page]} of the lock at {base_name}) is no longer in the lock",
                        hint,
                    )
                )
            continue
        for anchor in anchors:
            target = f"{page}#{anchor}"
            if anchor not in lock.pages[page] and not retired.covers(target):
                problems.append(
                    Problem(
                        lock_path,
                        lock.lines[page],
                        1,
                        Code.LOCK_SHRUNK,
                        f"published anchor {target!r} (line {base.lines[target]} of the lock "
                        f"at {base_name}) is no longer in the lock",
                        hint,
                    )
                )
    return problems


def lock_base_problems(
    root: Path, lock_path: Path, retired_path: Path, ref: str
) -> tuple[list[Problem], str]:
    """Compare the lock with the lock at ``ref``: the problems, and a note on what it was
    compared with ("" when git failed). Whatever git says, the answer is a located
    problem, never an exception."""
    try:
        commit, described = resolve_lock_base(root, ref)
        text = read_base_lock(root, commit)
    except GitFailed as exc:
        problem = Problem(
            lock_path,
            0,
            0,
            Code.LOCK_BASE,
            f"cannot read the anchor lock at {ref!r} to compare with it: {exc}",
            "give --lock-base a branch, tag or commit of this repository, where git is installed",
        )
        return [problem], ""
    if text is None:
        return [], f"there was no anchor lock at {described} to compare with"
    base, problems = parse_lock(text, Path(f"{commit[:12]}:sources/{LOCK_FILE}"))
    compared = f"the anchor lock was compared with the lock at {described}"
    if problems:
        return problems, compared
    return check_lock_growth(lock_path, retired_path, base, described), compared
