"""Configuration values and loading the data once per build."""

from __future__ import annotations

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
        try:
            path = problem.path.resolve().relative_to(root)
        except ValueError:
            pass
    message = f"{problem.message} (hint: {problem.hint})" if problem.hint else problem.message
    logger.warning(
        message, type="edition", subtype=str(problem.code), location=f"{path}:{problem.line}"
    )


def project_of(app: Any) -> Project:
    project: Project = app.edition_project
    return project


def _load(app: Any) -> None:
    confdir = Path(app.confdir)
    root = (confdir / (app.config.edition_root or "..")).resolve()
    configured = app.config.edition_seeds_dir
    seeds = (confdir / configured).resolve() if configured else default_seeds_dir(root)
    if not seeds.is_dir():
        # The build does not need the seeds; the test suite proves fidelity against them.
        logger.info(f"edition: seeds folder {seeds} not found; fidelity not checked in this build")
        seeds = None
    app.edition_project = load_project(root, seeds, Path(app.srcdir))
    for problem in sorted(app.edition_project.problems):
        warn(problem, root)


def setup_config(app: Any) -> None:
    # Both paths are relative to the folder of conf.py.
    app.add_config_value("edition_root", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("edition_seeds_dir", None, "env", types=frozenset({str, type(None)}))
    app.connect("builder-inited", _load)
