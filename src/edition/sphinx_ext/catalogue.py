"""The ``edition-catalogue`` directive: the table (or cards) of the edition's documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..core.dates import display_source_date
from ..core.model import Document
from ..core.source_meta import SourceMeta
from ..core.vocabulary import LANGUAGE_NAMES
from . import myst_text
from .data_dependencies import note_data_dependency
from .state import builder_of, project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


VIEWS = ("table", "cards", "columns")
COLUMNS = ("Document", "Author", "Outlet", "Date", "Language", "Provenance")
# Per cent. Words are never hyphenated in the book's table cells: "Provenance", "November"
# and "Ukrainian" must each fit on a line of their column.
WIDTHS = (23, 14, 18, 16, 13, 16)


def _doc_link(document: Document) -> addnodes.pending_xref:
    title = document.meta.editorial_title
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget=f"/{document.docname}", refexplicit=True
    )
    ref += nodes.inline(title, title)
    return ref


def _cells(document: Document) -> list[nodes.Node | str]:
    meta = document.meta
    if meta.authorship == "named":
        author = "; ".join(a.name for a in meta.authors)
    else:
        author = meta.authorship
    outlet = meta.outlet.name if meta.outlet else "not identified"
    date = display_source_date(meta)
    language = LANGUAGE_NAMES[meta.language]
    return [_doc_link(document), author, outlet, date, language, meta.provenance_status]


def _table(documents: list[Document]) -> nodes.table:
    table = nodes.table(classes=["ed-catalogue", "colwidths-given"])
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for width in WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for name in COLUMNS:
        row += nodes.entry("", nodes.paragraph(name, name))
    head += row
    body = nodes.tbody()
    group += body
    for document in documents:
        row = nodes.row()
        for value in _cells(document):
            paragraph = nodes.paragraph()
            paragraph += value if isinstance(value, nodes.Node) else nodes.Text(value)
            row += nodes.entry("", paragraph)
        body += row
    return table


def _summary(meta: SourceMeta) -> str:
    """Language, date and genre of a source, as its card or list entry gives them (MyST)."""
    date = myst_text.escape(display_source_date(meta, status=False))
    return f"{LANGUAGE_NAMES[meta.language]} · {date} · {myst_text.escape(meta.genre)}"


def _cards_myst(documents: list[Document]) -> list[str]:
    lines = ["::::{grid} 1 1 2 2", ":gutter: 3", ""]
    for document in documents:
        meta = document.meta
        lines += [
            f":::{{grid-item-card}} {myst_text.escape(meta.editorial_title)}",
            f":link: /{document.docname}",
            ":link-type: doc",
            "",
            _summary(meta),
            ":::",
            "",
        ]
    lines.append("::::")
    return lines


def _list_myst(documents: list[Document]) -> list[str]:
    """The cards' content as a definition list: title, then language, date and genre."""
    lines: list[str] = []
    for document in documents:
        lines += [f"{{doc}}`/{document.docname}`", f": {_summary(document.meta)}", ""]
    return lines


def _columns_myst(documents: list[Document]) -> list[str]:
    """For each source, what its original and translation columns are (editorial MyST)."""
    lines: list[str] = []
    for document in documents:
        meta = document.meta
        where = f"sources/{document.slug}/source.yaml"
        original_is = myst_text.gated(meta.original_is, f"{where}: original_is")
        translation_is = myst_text.gated(meta.translation_is, f"{where}: translation_is")
        lines += [
            f"{{doc}}`/{document.docname}`",
            f": **Original ({LANGUAGE_NAMES[meta.language]}).** {original_is}",
            "",
            f"  **Translation ({LANGUAGE_NAMES[meta.translation_language]}).** {translation_is}",
            "",
        ]
    return lines


class CatalogueDirective(SphinxDirective):
    """``{edition-catalogue}``: every source as a table (default), as cards, or with what its
    two columns are (``:view: cards`` / ``:view: columns``)."""

    option_spec: ClassVar[dict[str, Any]] = {"view": lambda value: directives.choice(value, VIEWS)}

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        for document in project.documents.values():
            note_data_dependency(self.env, document.folder / "source.yaml")
        # In the order of their dates; a document without one comes last.
        documents = sorted(
            project.documents.values(), key=lambda s: s.meta.date.start if s.meta.date else "9999"
        )
        view = self.options.get("view", "table")
        if view == "table":
            return [_table(documents)]
        if view == "cards" and builder_of(self.env).format == "latex":
            view = "list"  # cards are a screen layout: on paper, a list says the same
        make = {"cards": _cards_myst, "list": _list_myst, "columns": _columns_myst}[view]
        lines = make(documents)
        holder = nodes.container()
        self.state.nested_parse(StringList(lines), self.content_offset, holder)
        return list(holder.children)


def setup_catalogue(app: Sphinx) -> None:
    app.add_directive("edition-catalogue", CatalogueDirective)
