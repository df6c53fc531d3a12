"""Memory and Python's cycle collector during a build.

Sphinx keeps every page it reads in memory until that page is written; with the
register's large pages among them that made the peak memory of a large edition twice a
plain build's. Here no page is kept: each is read back from its pickle when written.

Python's cycle collector traverses everything alive in each full collection, and there
are more objects, and more collections, the larger the edition: at N = 500 it took a
third of the build. What lives until the end of the build (the edition's data once
loaded, the environment once every page is read) is frozen out of its collections, and
during the build it runs less often, so that a page's nodes are freed young instead of
surviving into the oldest generation. Both are undone when the build ends.

Two more moments traverse everything: Sphinx reading back its environment, before the
edition's data is loaded (four full collections, a tenth of a one-note rebuild at
N = 1000), and the interpreter's exit, which collects all that is left (a third of that
rebuild). The collector is off from the configuration's end until the data is loaded,
and what is alive at exit is frozen and left to the operating system.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .settings import edition_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


THRESHOLDS = (50_000, 20, 20)  # the collector's, during a build
_saved_thresholds: list[tuple[int, int, int]] = []  # the process's own, restored at the end


@dataclasses.dataclass
class _Pause:
    """The collector's state before the pause around Sphinx's environment load."""

    enabled_before: bool | None = None  # None: no pause under way
    exit_freeze_registered: bool = False  # once per process


_pause = _Pause()


class _Unkept(dict[str, Any]):
    """A cache that keeps nothing: Sphinx then reads each page back from its pickle."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def _keep_no_doctrees(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not edition_config(app.config).lean_memory:
        return
    if isinstance(getattr(env, "_write_doc_doctree_cache", None), dict):
        env._write_doc_doctree_cache = _Unkept()


def _pause_for_the_environment(app: Sphinx, config: Config) -> None:
    """Sphinx reads its environment back next (then the edition loads its data): both
    make objects that live until the build ends, for the collector to traverse again."""
    if not edition_config(config).lean_memory:
        return
    if _pause.enabled_before is None:  # a build that failed before its load keeps the first
        _pause.enabled_before = gc.isenabled()
    gc.disable()
    if not _pause.exit_freeze_registered:
        # Frozen objects are not traversed by the exit's collections; the operating
        # system frees the memory, and Python never promised to finalise them.
        atexit.register(gc.freeze)
        _pause.exit_freeze_registered = True


def _end_pause() -> bool:
    """Whether the collector ran before the pause (and is to run again after it)."""
    enabled, _pause.enabled_before = _pause.enabled_before, None
    return gc.isenabled() if enabled is None else enabled


def _freeze_what_lives() -> None:
    gc.collect()
    gc.freeze()


@contextlib.contextmanager
def collect_less_after() -> Iterator[None]:
    """No collection while the block runs (loading the edition's data); then what is
    alive is frozen out of the collector's work, and it collects less often until the
    build ends.

    Nothing is collected before the freeze: a full collection traversed all the data
    again (a tenth of a one-note rebuild at N = 1000), and loading leaves little garbage
    in cycles (none when the files are read back from the parse cache: a test holds it to
    that; a parsed file's, kept until the build ends)."""
    enabled = _end_pause()
    gc.disable()
    try:
        yield
        gc.freeze()
        _saved_thresholds.append(gc.get_threshold())
        gc.set_threshold(*THRESHOLDS)
    finally:
        if enabled:
            gc.enable()


def _after_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if not edition_config(app.config).lean_memory:
        return []
    _freeze_what_lives()
    return []


def _restore(app: Sphinx, exception: BaseException | None) -> None:
    if _end_pause():  # a build that never loaded the data
        gc.enable()
    gc.unfreeze()
    if _saved_thresholds:
        gc.set_threshold(*_saved_thresholds.pop())


def setup_memory(app: Sphinx) -> None:
    app.connect("config-inited", _pause_for_the_environment, priority=900)  # after checks
    app.connect("env-before-read-docs", _keep_no_doctrees)
    app.connect("env-updated", _after_reading, priority=900)
    app.connect("build-finished", _restore)
