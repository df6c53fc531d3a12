"""Incremental builds rewrite only what a change shows on.

Sphinx rewrites, with every changed page, each page whose table of contents lists it
(here the title page), in case its title or sections changed. A changed note changes
neither; so the pages listing a page are rewritten only when its title or table of
contents did change.
"""

from __future__ import annotations

import hashlib
from typing import Any

_BEFORE: dict[str, dict[str, str]] = {}  # source folder -> docname -> digest before reading
_SUSPENDED: dict[str, dict[str, set[str]]] = {}  # source folder -> docname -> its listers


def _digest(env: Any, docname: str) -> str | None:
    if docname not in env.tocs or docname not in env.titles:
        return None
    shown = env.titles[docname].pformat() + env.tocs[docname].pformat()
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()


def _before_read(app: Any, env: Any, docnames: list[str]) -> None:
    digests = {name: _digest(env, name) for name in docnames}
    _BEFORE[str(env.srcdir)] = {name: d for name, d in digests.items() if d is not None}


def _write_started(app: Any, builder: Any) -> None:
    env = builder.env
    suspended: dict[str, set[str]] = {}
    for docname, before in _BEFORE.pop(str(env.srcdir), {}).items():
        listers = env.files_to_rebuild.get(docname)
        if listers and _digest(env, docname) == before:
            suspended[docname] = listers
            env.files_to_rebuild[docname] = set()
    _SUSPENDED[str(env.srcdir)] = suspended


def _restore(app: Any, exception: Exception | None) -> None:
    # The environment was saved before writing; this keeps the one in memory whole too.
    for docname, listers in _SUSPENDED.pop(str(app.env.srcdir), {}).items():
        app.env.files_to_rebuild[docname] = listers


def setup_incremental(app: Any) -> None:
    app.connect("env-before-read-docs", _before_read)
    app.connect("write-started", _write_started)
    app.connect("build-finished", _restore)
