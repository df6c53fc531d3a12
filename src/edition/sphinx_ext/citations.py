"""The bibliography's "cited in" lists.

sphinxcontrib-bibtex formats the entries and resolves the cite roles; it links back only
within one page. The "cited in" lists are computed here from the notes' data (which every
build loads whole) and added beside each entry of the bibliography page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.labels import label
from ..core.model import paragraph_label
from .outputs import assembles_pages
from .state import builder_of, project_of
from .xref import std_ref

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..data.project import Project


def cited_in(project: Project) -> dict[str, list[tuple[str, str, str]]]:
    """key -> [(slug, paragraph ID, note ID)] for every note that cites the key."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for slug, notes in project.notes.items():
        for note in notes:
            for key in note.cites:
                found[key].append((slug, note.paragraph, note.id))
    return found


def cited_in_links(project: Project) -> dict[str, list[tuple[str, str]]]:
    """key -> [(label, link text)]: the "Cited in" list of each bibliography entry, as
    shown ("Demo ¶ 3, note 5")."""
    numbers = {(slug, n.id): n.number for slug, notes in project.notes.items() for n in notes}
    documents = project.documents
    return {
        key: [
            (
                label(slug, note_id),
                f"{documents[slug].meta.short_title} ¶ {paragraph_label(paragraph)}, "
                f"note {numbers[slug, note_id]}",
            )
            for slug, paragraph, note_id in places
        ]
        for key, places in cited_in(project).items()
    }


def bibliography_pages(env: BuildEnvironment) -> list[str]:
    if "bibtex_bibfiles" not in env.config:
        return []
    domain: Any = env.get_domain("cite")  # sphinxcontrib-bibtex's, untyped
    return sorted({key.docname for key in domain.bibliographies})


def cited_in_shown(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    return cited_in_links(project_of(env))


class CitedInTransform(SphinxPostTransform):
    """Adds "Cited in" back-links after each entry of the page's bibliographies.

    Runs after sphinxcontrib-bibtex has made the entries (priority 5) and before Sphinx
    resolves references (priority 10), so the back-links resolve like any ``{ref}``.
    The lists show other pages' data: ``edition.incremental`` writes the page again
    whenever they change.
    """

    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        if "bibtex_bibfiles" not in self.config:
            return  # a project without a bibliography has nothing to link back from
        domain = self.env.get_domain("cite")
        pages = {key.docname for key in domain.bibliographies}  # type: ignore[attr-defined]
        if self.env.docname not in pages and not self._assembles(pages):
            return  # only a page with a bibliography has entries to link back from
        links = cited_in_links(project_of(self.env))
        by_id = {c.citation_id: c.key for c in domain.citations}  # type: ignore[attr-defined]
        # An entry is a citation or a list item, by the bibliography's :list: option.
        for citation in list(self.document.findall(nodes.Element)):
            ids: list[str] = citation.get("ids", [])
            key = next((by_id[i] for i in ids if i in by_id), None)
            if key is None:
                continue
            places = links.get(key, [])
            line = nodes.paragraph(classes=["ed-cited-in"])
            if not places:
                line += nodes.emphasis("", "Not cited in the documents' notes.")
                citation += line
                continue
            line += nodes.Text("Cited in: ")
            for index, (target, text) in enumerate(places):
                if index:
                    line += nodes.Text("; ")
                line += std_ref(target, text)
            citation += line

    def _assembles(self, pages: set[str]) -> bool:
        """Whether this doctree assembles every page (the printed book: one doctree under
        the root's name) and holds a page with a bibliography."""
        if not assembles_pages(builder_of(self.env)):
            return False
        included = self.document.findall(addnodes.start_of_file)
        return any(node["docname"] in pages for node in included)


def setup_citations(app: Sphinx) -> None:
    app.add_post_transform(CitedInTransform)
