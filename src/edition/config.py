"""Configuration values and loading the data once per build."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .problems import Problem
from .project import Project, load_project
from .sources import default_seeds_dir

logger = logging.getLogger(__name__)


def warn(problem: Problem, root: Path | None = None) -> None:
    """Report a data problem as a Sphinx warning ``[edition.<code>]`` at its file and line."""
    path = problem.path
    if root is not None:
        with contextlib.suppress(ValueError):
            path = problem.path.resolve().relative_to(root)
    message = f"{problem.message} (hint: {problem.hint})" if problem.hint else problem.message
    logger.warning(
        message, type="edition", subtype=str(problem.code), location=f"{path}:{problem.line}"
    )


# The loaded data of each build, by source folder. Kept beside Sphinx rather than in the
# environment (which is pickled) and reached from a directive without the deprecated env.app;
# parallel readers are forked, so they inherit it.
_PROJECTS: dict[str, Project] = {}


_BUILDERS: dict[str, Any] = {}


def builder_of(env: Any) -> Any:
    """The builder of the build that ``env`` belongs to (for transforms that make URIs)."""
    return _BUILDERS[str(env.srcdir)]


def project_of(app_or_env: Any) -> Project:
    """The edition data of the build that ``app_or_env`` (a Sphinx app or env) belongs to."""
    return _PROJECTS[str(app_or_env.srcdir)]


# The collector's thresholds during a build: a page's nodes are made and dropped in their
# thousands; collected less often, they are freed young instead of surviving into the
# oldest generation, whose every collection traverses everything alive.
GC_THRESHOLDS = (50_000, 20, 20)
_THRESHOLDS: list[tuple[int, int, int]] = []  # the process's own, restored at the end


def _load(app: Any) -> None:
    _BUILDERS[str(app.srcdir)] = app.builder
    confdir = Path(app.confdir)
    root = (confdir / (app.config.edition_root or "..")).resolve()
    configured = app.config.edition_seeds_dir
    seeds = (confdir / configured).resolve() if configured else default_seeds_dir(root)
    if not seeds.is_dir():
        # The build does not need the seeds; the test suite proves fidelity against them.
        logger.info(f"edition: seeds folder {seeds} not found; fidelity not checked in this build")
        seeds = None
    project = _PROJECTS[str(app.srcdir)] = load_project(root, seeds, Path(app.srcdir))
    for problem in sorted(project.problems):
        warn(problem, root)
    # The data lives as long as the build, and Python's cycle collector would traverse all
    # of it in every full collection, whose cost grows with the edition: at N = 500 the
    # collector took a third of the build. Frozen, the data is left out (until the end).
    gc.collect()
    gc.freeze()
    _THRESHOLDS.append(gc.get_threshold())
    gc.set_threshold(*GC_THRESHOLDS)


def _freeze_what_was_read(app: Any, env: Any) -> list[str]:
    # What is alive once every page is read lives until the end too (the environment;
    # the pages themselves are not kept): left out of the collector's work as well.
    gc.collect()
    gc.freeze()
    return []


def _unfreeze(app: Any, exception: BaseException | None) -> None:
    gc.unfreeze()
    if _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop())


def _settings(app: Any, config: Any) -> None:
    # SmartQuotes would turn a seed's ' and " into typographic quotes and -- into a dash:
    # the transcription is printed to the letter, so the edition never lets it run.
    config.smartquotes = False
    # The edition's templates (the sidebar's search box opens the edition's search).
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]


class _Unkept(dict[str, Any]):
    """A cache that keeps nothing: Sphinx then reads each page back from its pickle."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def _keep_no_doctrees(app: Any, env: Any, docnames: list[str]) -> None:
    # Sphinx keeps every page it reads in memory until that page is written; with the
    # register's large pages among them that made the peak memory of a large edition
    # twice a plain build's. The pages are pickled already and are read back one by one.
    if isinstance(getattr(env, "_write_doc_doctree_cache", None), dict):
        env._write_doc_doctree_cache = _Unkept()


def setup_config(app: Any) -> None:
    app.connect("env-before-read-docs", _keep_no_doctrees)
    app.connect("env-updated", _freeze_what_was_read, priority=900)
    app.connect("build-finished", _unfreeze)
    app.connect("config-inited", _settings)
    # Both paths are relative to the folder of conf.py.
    app.add_config_value("edition_root", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("edition_seeds_dir", None, "env", types=frozenset({str, type(None)}))
    # Panels as plain sections instead of dropdowns: e-books cannot hold the dropdowns'
    # inline SVG icons (epubcheck rejects them). `make epub` sets it.
    app.add_config_value("edition_plain_panels", False, "env", types=frozenset({bool}))
    app.connect("builder-inited", _load)
