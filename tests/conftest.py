"""Shared fixtures: the sphinx.testing root folder, the real edition and its seeds."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from edition.data.project import Project, load_project
from edition.data.sources import default_seeds_dir

TESTS = Path(__file__).parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"


@pytest.fixture(autouse=True)
def collector_left_on() -> Iterator[None]:
    """The build and `edition check` turn Python's cycle collector off while they load
    (edition.sphinx_ext.memory, edition.cli.check): each test must leave it on, as a
    process that goes on after them needs it."""
    yield
    left = {"off": not gc.isenabled(), "frozen": gc.get_freeze_count()}
    gc.enable()  # the next test starts as a process would
    gc.unfreeze()
    assert left == {"off": False, "frozen": 0}, "the cycle collector was left as it was not"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds ``test-<name>`` roots."""
    return ROOTS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seeds of the real edition; in CI their absence is a failure, never a skip."""
    seeds = default_seeds_dir(REPO)
    if not seeds.is_dir():
        message = f"seeds folder {seeds} not found (set EDITION_SEEDS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return seeds


@pytest.fixture(scope="session")
def edition(seeds_dir: Path) -> Project:
    """The real edition, loaded and checked against its seeds."""
    return load_project(REPO, seeds_dir)


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The real edition, built once with -W --keep-going -n; fails on any warning."""
    out = tmp_path_factory.mktemp("html")
    warnings = out.parent / "warnings.txt"
    options = ["-b", "html", "-W", "--keep-going", "-n", "-q", "-E", "-w", str(warnings)]
    status = build_main([*options, str(REPO / "docs"), str(out)])
    assert warnings.read_text(encoding="utf-8") == ""
    assert status == 0
    return out


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """A writable copy of the small test edition's data (sources/, docs pages, seeds)."""
    root = tmp_path / "edition"
    shutil.copytree(ROOTS / "test-basic" / "data", root)
    docs = root / "docs" / "sources"
    docs.mkdir(parents=True)
    shutil.copy(ROOTS / "test-basic" / "sources" / "demo.md", docs / "demo.md")
    for page in ("index.md", "bibliography.md", "register"):
        source = ROOTS / "test-basic" / page
        if source.is_dir():
            shutil.copytree(source, root / "docs" / page)
        else:
            shutil.copy(source, root / "docs" / page)
    shutil.copytree(ROOTS / "test-basic" / "seeds", root / "seeds")
    return root


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def record_calls(
    monkeypatch: pytest.MonkeyPatch,
    owner: Any,
    name: str,
    pick: Callable[..., Any] = lambda *args, **kwargs: args[0],
) -> list[Any]:
    """What ``pick`` takes from each call of ``owner.name`` (by default its first
    argument), in order; the function still runs."""
    calls: list[Any] = []
    original = getattr(owner, name)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        calls.append(pick(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls
