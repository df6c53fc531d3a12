"""Incremental builds rewrite only what a change shows on, and everything it shows on.

Sphinx rewrites, with every changed page, each page whose table of contents lists it
(here the title page), in case its title or sections changed. A changed note changes
neither; so the pages listing a page are rewritten only when its title or table of
contents did change.

Sphinx does not know that a page shows data of other pages: a ``{para}`` link's text
("Demo, note 5") is the target's short title and number, the bibliography lists the notes
that cite each entry. Rather than make such pages depend on whole data files (and be built
again whenever a note is edited), they are built again when what they show has changed:

- text made while a page is read is recorded with ``shown.note_shown``; before reading,
  ``env-get-outdated`` computes it again from the data and reads the page again if it
  differs;
- lists filled in while pages are written ("Cited in", "Mentioned in") are listed in
  :data:`AGGREGATES`; after reading, ``env-get-updated`` has their pages written again if
  the lists' content differs from the last build's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from .citations import bibliography_pages, cited_in_shown
from .cite_pages import example_data
from .mention_lists import mentioned_in_shown, register_docnames
from .paragraph_refs import para_text_now
from .register_domain import domain_of
from .shown import CITED, EXAMPLES, PARA, note_shown, shown_of
from .state import project_of, state_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..data.project import Project


def shown_digest(env: BuildEnvironment, docname: str) -> str | None:
    """A digest of what other pages show of the page: its title and table of contents."""
    if docname not in env.tocs or docname not in env.titles:
        return None
    shown = env.titles[docname].pformat() + env.tocs[docname].pformat()
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    digests = {name: shown_digest(env, name) for name in docnames}
    state = state_of(env)
    state.digests_before = {name: d for name, d in digests.items() if d is not None}
    state.read_now = set(docnames)


def _write_started(app: Sphinx, builder: Builder) -> None:
    env = builder.env
    suspended: dict[str, set[str]] = {}
    state = state_of(env)
    before_reading, state.digests_before = state.digests_before, {}
    for docname, before in before_reading.items():
        listers = env.files_to_rebuild.get(docname)
        if listers and shown_digest(env, docname) == before:
            suspended[docname] = listers
            env.files_to_rebuild[docname] = set()
    state.suspended = suspended


def _restore(app: Sphinx, exception: Exception | None) -> None:
    # The environment was saved before writing; this keeps the one in memory whole too.
    state = state_of(app)
    suspended, state.suspended = state.suspended, {}
    for docname, listers in suspended.items():
        app.env.files_to_rebuild[docname] = listers


ShownNow = Callable[[str, str], str | None]


def _cited_now(project: Project) -> ShownNow:
    # Made by the data's load, once per content of the bibliography (parsing it at every
    # build took 0.04 s of a one-note rebuild at N = 1000).
    return lambda docname, key: project.entry_digests.get(key)


# What a page read shows of other data (``shown.note_shown``), computed again: kind ->
# project -> (docname, key) -> the text a new read would show.
SHOWN_NOW: dict[str, Callable[[Any], ShownNow]] = {
    PARA: lambda project: partial(para_text_now, project),
    CITED: _cited_now,
    EXAMPLES: lambda project: partial(example_data, project),
}

# The lists filled in while pages are written ("Cited in", "Mentioned in"): name -> (their
# pages, their content from the data, JSON-serialisable and in a stable order). The pages
# are written again whenever that content changes.
AGGREGATES: dict[str, tuple[Callable[[Any], Iterable[str]], Callable[[Any], Any]]] = {
    "cited-in": (bibliography_pages, cited_in_shown),
    "mentioned-in": (register_docnames, mentioned_in_shown),
}


def _showing_other_data(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages not otherwise read again whose shown text the data now makes different."""
    project = project_of(env)
    now = {kind: shown_now(project) for kind, shown_now in SHOWN_NOW.items()}
    stale = []
    for docname, kinds in shown_of(env).items():
        if docname in added or docname in changed or docname in removed:
            continue
        # A kind no longer known (a saved environment of another version) is read again.
        if any(
            kind not in now or now[kind](docname, key) != text
            for kind, shown in kinds.items()
            for key, text in shown.items()
        ):
            stale.append(docname)
    return sorted(stale)


def _written_from_changed_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digests: dict[str, str] = domain_of(env).data["written"]
    stale: set[str] = set()
    for name, (pages, content) in AGGREGATES.items():
        text = json.dumps(content(env), ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digests.get(name) != digest:
            digests[name] = digest
            stale.update(pages(env))
    # Kept in the domain's data, which Sphinx saves after this event when pages are written.
    return sorted(stale)


def _note_citations(app: Sphinx, doctree: nodes.document) -> None:
    """A page's citations show their entries (author, date, title): when an entry changes,
    the page is read again, so that its citations read as the bibliography now says."""
    project = project_of(app.env)
    for reference in doctree.findall(addnodes.pending_xref):
        if reference.get("refdomain") == "cite":
            for key in str(reference["reftarget"]).split(","):
                key = key.strip()
                note_shown(app.env, CITED, key, project.entry_digests.get(key))


def setup_incremental(app: Sphinx) -> None:
    app.connect("doctree-read", _note_citations)
    app.connect("env-before-read-docs", _before_read)
    app.connect("write-started", _write_started)
    app.connect("build-finished", _restore)
    app.connect("env-get-outdated", _showing_other_data)
    app.connect("env-get-updated", _written_from_changed_data)
