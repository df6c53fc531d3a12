"""The ``edition-document`` directive: one source as a parallel-text page.

The page is the metadata header (:mod:`edition.sphinx_ext.document_metadata`), the panels
(:mod:`edition.sphinx_ext.document_panels`), the parallel text
(:mod:`edition.sphinx_ext.parallel_text`), then the notes and the retired anchors
(:mod:`edition.sphinx_ext.document_notes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.problems import Code
from ..data.anchors import load_retired
from ..data.mentions import MENTIONS_FILE
from ..data.notes import NOTES_FILE
from ..data.sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE
from .data_dependencies import note_data_dependency
from .document_metadata import metadata_fields
from .document_notes import render_notes, retired_notes
from .document_panels import cite_panel, in_dropdown, panel, provenance_myst, register_panel
from .paragraph_refs import register_targets
from .parallel_text import (
    ed_cell,
    ed_heading_text,
    ed_labels,
    ed_omission,
    ed_row,
    ed_text,
    render_text,
)
from .register_domain import note_mentions
from .state import project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)

# A document's data files (sources/<slug>/).
DOCUMENT_FILES = (SOURCE_FILE, ORIGINAL_FILE, TRANSLATION_FILE, NOTES_FILE, MENTIONS_FILE)


class DocumentDirective(SphinxDirective):
    """``{edition-document} <slug>``: metadata header and the parallel text of a source."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        slug = self.arguments[0]
        folder = project.sources_dir / slug
        # The folder's files, and those the load looked for and did not find (keyed as
        # absent): a mentions file added later has the page read again.
        looked_for = {folder / name for name in DOCUMENT_FILES} & project.file_keys.keys()
        for path in sorted({*folder.glob("*.yaml"), *looked_for}):
            note_data_dependency(self.env, path)
        # A dependency that does not exist makes Sphinx read the page again on every build.
        if project.retired_path.exists():
            note_data_dependency(self.env, project.retired_path)
        # The register decides which names are linked on this page.
        for path in sorted((project.sources_dir / "register").glob("*.yaml")):
            note_data_dependency(self.env, path)
        source = project.sources.get(slug)
        if source is None:
            # The data problems themselves were reported when the data was loaded.
            logger.warning(
                f"source {slug!r} could not be loaded (see the problems reported for "
                f"sources/{slug}/)",
                type="edition",
                subtype=str(Code.DOCUMENT),
                location=self.get_location(),
            )
            return []
        header = nodes.container(classes=["ed-header"])
        header += metadata_fields(source)
        header.extend(
            panel(self, "Provenance and editorial status", "ed-provenance", provenance_myst(source))
        )
        header.extend(cite_panel(self, source))
        register_targets(self.env, source)
        note_mentions(self.env, source)
        retired, _problems = load_retired(project.retired_path)
        return [
            header,
            *in_dropdown(
                self, "Actors and events in this document", register_panel(source, project.register)
            ),
            *render_text(source),
            *render_notes(self, source),
            *retired_notes(source, retired),
        ]


def setup_document(app: Sphinx) -> None:
    from . import latex, omissions

    app.add_directive("edition-document", DocumentDirective)
    app.add_node(ed_text, latex=(latex.visit_text_latex, latex.depart_text_latex))
    app.add_node(ed_row, latex=(latex.visit_row_latex, latex.depart_row_latex))
    app.add_node(ed_cell, latex=(latex.visit_cell_latex, latex.depart_cell_latex))
    app.add_node(ed_labels, latex=(latex.visit_labels_latex, None))
    app.add_node(ed_heading_text)
    app.add_node(
        ed_omission,
        # The e-book is an HTML format too: a handler keyed "epub" would hide every other
        # extension's HTML handlers from it. The visitor asks which one it writes.
        html=(omissions.visit_omission_html, None),
        latex=(omissions.visit_omission_latex, None),
    )
