"""What one build keeps between its events, in one place: the loaded data, the builder,
the search index and the exports made beside it, the incremental bookkeeping, the
navigation cache.

It is kept beside Sphinx rather than on ``app`` or in the environment (which is pickled,
and which parallel readers copy): one :class:`BuildState` per source folder, reached from
the app or the environment with :func:`state_of`. Parallel readers are forked, so they
inherit the state of their build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..data.project import Project
from .beside import Beside

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


@dataclass
class BuildState:
    project: Project | None = None  # the edition's data, loaded and checked once per build
    builder: Builder | None = None  # for the transforms that make addresses
    search_index: Any = None  # products.search_pages.BackgroundIndex, while it runs
    # The exports (standard_exports.py): what this build makes of them, and the process
    # making them beside the build while it runs.
    exports_plan: Any = None
    exports_beside: Beside | None = None
    navigation: Any = None  # navigation.NavigationCache, for the standalone HTML builder
    # Incremental builds: the pages being read and each one's digest before reading; the
    # pages whose listing pages were held back from rewriting (see incremental.py).
    read_now: set[str] = field(default_factory=set)
    digests_before: dict[str, str] = field(default_factory=dict)
    suspended: dict[str, set[str]] = field(default_factory=dict)
    # The navigation tree's generation (navigation.py): whether pages came or went.
    pages_came_or_went: bool = False


_STATES: dict[str, BuildState] = {}


def state_of(app_or_env: Sphinx | BuildEnvironment) -> BuildState:
    """The state of the build that ``app_or_env`` (a Sphinx app or environment) belongs to."""
    return _STATES.setdefault(str(app_or_env.srcdir), BuildState())


def builder_of(env: BuildEnvironment) -> Builder:
    """The builder of the build that ``env`` belongs to (for transforms that make URIs)."""
    builder = state_of(env).builder
    assert builder is not None, "the builder is known once it is initialised"
    return builder


def project_of(app_or_env: Sphinx | BuildEnvironment) -> Project:
    """The edition data of the build that ``app_or_env`` (a Sphinx app or env) belongs to."""
    project = state_of(app_or_env).project
    assert project is not None, "the edition's data is loaded when the builder starts"
    return project
