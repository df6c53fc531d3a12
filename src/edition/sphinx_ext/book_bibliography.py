"""The printed book's bibliography in place: each group of entries under its heading.

Sphinx's LaTeX builder gathers every citation of the book into one list at its end
(``BibliographyTransform``): the bibliography's headings stood empty and all its entries
followed in one list, in no order a reader could search. Here, before that happens, each
run of entries is kept where it stands, as a list of its own under its heading, in nodes
that Sphinx's gathering does not move, and written as the same ``\\bibitem``s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.latex import MAX_CITATION_LABEL_LENGTH

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class placed_bibliography(nodes.General, nodes.Element):
    """A run of bibliography entries that stays under its heading in the book."""


class placed_citation(nodes.General, nodes.Element):
    """A bibliography entry of a :class:`placed_bibliography` (a citation, kept in place)."""


class BibliographyInPlace(SphinxPostTransform):
    default_priority = 740  # before Sphinx gathers the citations at the end (750)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        placed: set[int] = set()
        for citation in list(self.document.findall(nodes.citation)):
            parent = citation.parent
            if parent is None or id(citation) in placed:
                continue  # moved with the run it belongs to
            # The entries that follow one another form one list.
            start = parent.index(citation)
            run = []
            for sibling in parent.children[start:]:
                if not isinstance(sibling, nodes.citation):
                    break
                run.append(sibling)
            group = placed_bibliography()
            for entry in run:
                placed.add(id(entry))
                kept = placed_citation(**entry.attributes)
                kept.extend(entry.children)
                group += kept
            parent.replace(run[0], group)
            for entry in run[1:]:
                parent.remove(entry)


def visit_placed_bibliography(self: Any, node: nodes.Element) -> None:
    labels = [entry[0].astext() for entry in node.children if isinstance(entry, nodes.Element)]
    longest = max(labels, key=len)[:MAX_CITATION_LABEL_LENGTH]
    self.body.append(f"\n\\begin{{sphinxthebibliography}}{{{self.encode(longest)}}}\n")


def depart_placed_bibliography(self: Any, node: nodes.Element) -> None:
    self.body.append("\\end{sphinxthebibliography}\n")


def visit_placed_citation(self: Any, node: nodes.Element) -> None:
    # As Sphinx writes a citation: its label goes into \bibitem, not into the text.
    label = node[0]
    self.body.append(
        f"\\bibitem[{self.encode(label.astext())}]{{{node['docname']}:{node['ids'][0]}}}"
    )
    node.remove(label)


def depart_placed_citation(self: Any, node: nodes.Element) -> None:
    pass


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_book_bibliography(app: Sphinx) -> None:
    app.add_node(
        placed_bibliography,
        latex=(visit_placed_bibliography, depart_placed_bibliography),
        html=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        placed_citation,
        latex=(visit_placed_citation, depart_placed_citation),
        html=(skip, None),
        text=(skip, None),
    )
    app.add_post_transform(BibliographyInPlace)
