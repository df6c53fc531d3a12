"""Paragraphs and notes as cross-reference targets, and the ``{para}`` role.

Each paragraph and note of a document page is registered as a std-domain label
``<slug>-<id>`` (see :func:`edition.citations.label`), so that links to it resolve in
every builder, HTML and LaTeX alike. ``{para}`slug#p3``` (or ``{para}`#p3``` on the same
page) links a paragraph or note from a note body or an editorial page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..core.labels import label
from ..core.model import Source
from ..data.project import Project
from ..products.link_text import link_text
from .shown import PARA, note_shown
from .state import project_of
from .xref import std_ref

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def register_targets(env: BuildEnvironment, source: Source) -> None:
    std = env.domains.standard_domain
    for block in source.original.rendered:
        std.note_hyperlink_target(label(source.slug, block.id), env.docname, block.id)
    for note in source.notes:
        std.note_hyperlink_target(label(source.slug, note.id), env.docname, note.id)


def para_text_now(project: Project, docname: str, value: str) -> str | None:
    return link_text(project, docname, value)[2]


class ParaRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        slug, anchor, text = link_text(project_of(self.env), self.env.docname, self.text)
        # The text shows the target's data (short title, number): when that changes, the
        # page is read again (edition.incremental).
        note_shown(self.env, PARA, self.text, text)
        if text is None:
            message = self.inliner.reporter.warning(
                f"{{para}} link to unknown paragraph or note {slug}#{anchor}", line=self.lineno
            )
            return [nodes.inline(self.rawtext, self.text)], [message]
        ref = std_ref(label(slug, anchor), text)
        return [ref], []


def setup_paragraph_refs(app: Sphinx) -> None:
    app.add_role("para", ParaRole())
