"""The anchor lock compared with the lock of an earlier commit, read with git
(``edition check --lock-base``): a change that takes anchors out of the lock, rather than
out of the data, is caught too. Whatever git says, the answer is a located problem."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..core.problems import Code, Problem
from .anchor_files import LOCK_FILE, RETIRED_FILE, Lock, load_lock, load_retired, parse_lock

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
