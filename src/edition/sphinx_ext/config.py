"""Configuration values and loading the data once per build."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..core.problems import Problem
from ..data.project import default_cache_dir, load_project
from ..data.safety import check_myst_config
from ..data.sources import default_seeds_dir
from .memory import collect_less_after
from .settings import edition_config
from .state import state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


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


def _load(app: Sphinx) -> None:
    state = state_of(app)
    state.builder = app.builder
    confdir = Path(app.confdir)
    settings = edition_config(app.config)
    root = (confdir / (settings.root or "..")).resolve()
    configured = settings.seeds_dir
    seeds: Path | None = (confdir / configured).resolve() if configured else default_seeds_dir(root)
    if seeds is None or not seeds.is_dir():
        # The build does not need the seeds; the test suite proves fidelity against them.
        logger.info(f"edition: seeds folder {seeds} not found; fidelity not checked in this build")
        seeds = None
    cache = default_cache_dir(root)  # parsed data files, shared with edition check
    # The data lives as long as the build: out of the cycle collector's way, before a
    # collection traverses it.
    with collect_less_after() if settings.lean_memory else contextlib.nullcontext():
        project = state.project = load_project(root, seeds, Path(app.srcdir), cache)
    for problem in sorted(project.problems):
        warn(problem, root)


def _settings(app: Sphinx, config: Config) -> None:
    # Contributed MyST is checked by the gate for the syntax it knows; a build that
    # enabled more (substitutions above all: Jinja2 on every string) would render unchecked.
    refused = check_myst_config(getattr(config, "myst_enable_extensions", []) or [])
    if refused:
        raise ConfigError(refused)
    # SmartQuotes would turn a seed's ' and " into typographic quotes and -- into a dash:
    # the transcription is printed to the letter, so the edition never lets it run.
    config.smartquotes = False
    # The edition's templates (the sidebar's search box opens the edition's search).
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]


# What {edition-config}`NAME` may show on the editors' own pages (no substitutions).
SHOWN_CONFIG = ("release", "version", "edition_issued")


class ConfigValueRole(SphinxRole):
    """``{edition-config}`release```: a configuration value as text, for the title pages."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        if name not in SHOWN_CONFIG:
            message = self.inliner.reporter.warning(
                f"{{edition-config}} shows only {', '.join(SHOWN_CONFIG)}, not {name!r}",
                line=self.lineno,
            )
            return [nodes.inline(self.rawtext, self.text)], [message]
        value = str(getattr(self.config, name))
        return [nodes.Text(value)], []


def setup_config(app: Sphinx) -> None:
    app.add_role("edition-config", ConfigValueRole())
    app.connect("config-inited", _settings)
    app.connect("builder-inited", _load)
