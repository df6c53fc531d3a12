"""Pages that show data files are read again when those files change: by the keys of
their bytes, not by Sphinx's dependencies.

Sphinx looks at every dependency of every page before each build (two ``stat`` calls
each), and keeps each as a path object that is slow to read back: a document page depends
on its folder's files and the register's, the catalogue on every document's metadata, some
8000 dependencies at N = 1000 and a tenth of a one-note rebuild. The data's load has
already keyed every file it read, by its bytes (:mod:`edition.data.parse_cache`): a page
records its data files (by their names in the edition) and a digest of their keys when it
is read, and before the next build reads anything, a page whose files' digest is now
another (a file changed, or is gone or no longer read) is read again. A file the load did
not key is left to Sphinx.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .register_domain import domain_of
from .state import project_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..data.project import Project


def note_data_dependency(env: BuildEnvironment, path: Path) -> None:
    """The page being read is made from the data file ``path``."""
    project = project_of(env)
    if path not in project.file_keys or not path.is_relative_to(project.root):
        env.note_dependency(str(path))  # not a file the load read (or no cache): Sphinx's way
        return
    _reading.setdefault(env.docname, set()).add(path.relative_to(project.root).as_posix())


# The data files of each page being read, recorded with their digest once it is read.
_reading: dict[str, set[str]] = {}


def _record(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    names = _reading.pop(env.docname, None)
    if names:
        ordered = tuple(sorted(names))
        domain_of(env).data_files[env.docname] = (
            ordered,
            _digest(keys_by_name(project_of(env)), ordered),
        )


# The last load's keys, and the same by name (made once per load, asked for per page).
_by_name: list[tuple[dict[Path, str], dict[str, str]]] = []


def keys_by_name(project: Project) -> dict[str, str]:
    """The key of each data file the load read, by its name relative to the edition."""
    if not _by_name or _by_name[0][0] is not project.file_keys:
        root = f"{project.root}{os.sep}"
        by_name = {
            text[len(root) :].replace(os.sep, "/"): key
            for path, key in project.file_keys.items()
            if (text := str(path)).startswith(root)
        }
        _by_name[:] = [(project.file_keys, by_name)]
    return _by_name[0][1]


def _digest(keys: dict[str, str], names: Iterable[str]) -> str:
    """A digest of the files' keys (a file the load did not read counts as none)."""
    return hashlib.sha256("\0".join(keys.get(name, "") for name in names).encode()).hexdigest()


def _pages_of_changed_data(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    keys = keys_by_name(project_of(env))
    return sorted(
        docname
        for docname, (names, digest) in domain_of(env).data_files.items()
        if docname not in changed and docname not in removed and _digest(keys, names) != digest
    )


def setup_data_dependencies(app: Sphinx) -> None:
    app.connect("env-get-outdated", _pages_of_changed_data)
    app.connect("doctree-read", _record)
