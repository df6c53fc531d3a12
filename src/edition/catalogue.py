"""The ``edition-catalogue`` directive: the table (or cards) of the edition's documents."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import myst_text
from .config import project_of
from .dates import display_source_date
from .model import LANGUAGE_NAMES, Source

VIEWS = ("table", "cards", "columns")
COLUMNS = ("Document", "Author", "Outlet", "Date", "Language", "Provenance")
WIDTHS = (30, 12, 22, 16, 10, 10)  # per cent: the document's title needs the room


def _doc_link(source: Source) -> addnodes.pending_xref:
    title = source.meta["editorial_title"]
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget=f"/{source.docname}", refexplicit=True
    )
    ref += nodes.inline(title, title)
    return ref


def _cells(source: Source) -> list[nodes.Node | str]:
    meta = source.meta
    if meta["authorship"] == "named":
        author = "; ".join(a["name"] for a in meta["authors"])
    else:
        author = meta["authorship"]
    outlet = meta["outlet"]["name"] if meta["outlet"] else "not identified"
    date = display_source_date(meta)
    language = LANGUAGE_NAMES[meta["language"]]
    return [_doc_link(source), author, outlet, date, language, meta["provenance_status"]]


def _table(sources: list[Source]) -> nodes.table:
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
    for source in sources:
        row = nodes.row()
        for value in _cells(source):
            paragraph = nodes.paragraph()
            paragraph += value if isinstance(value, nodes.Node) else nodes.Text(value)
            row += nodes.entry("", paragraph)
        body += row
    return table


def _cards_myst(sources: list[Source]) -> list[str]:
    lines = ["::::{grid} 1 1 2 2", ":gutter: 3", ""]
    for source in sources:
        meta = source.meta
        lines += [
            f":::{{grid-item-card}} {myst_text.escape(meta['editorial_title'])}",
            f":link: /{source.docname}",
            ":link-type: doc",
            "",
            f"{LANGUAGE_NAMES[meta['language']]} · "
            f"{myst_text.escape(display_source_date(meta, status=False))} · "
            f"{myst_text.escape(meta['genre'])}",
            ":::",
            "",
        ]
    lines.append("::::")
    return lines


def _columns_myst(sources: list[Source]) -> list[str]:
    """For each source, what its original and translation columns are (editorial MyST)."""
    lines: list[str] = []
    for source in sources:
        meta = source.meta
        lines += [
            f"{{doc}}`/{source.docname}`",
            f": **Original ({LANGUAGE_NAMES[meta['language']]}).** {meta['original_is']}",
            "",
            f"  **Translation ({LANGUAGE_NAMES[meta['translation_language']]}).** "
            f"{meta['translation_is']}",
            "",
        ]
    return lines


class CatalogueDirective(SphinxDirective):
    """``{edition-catalogue}``: every source as a table (default), as cards, or with what its
    two columns are (``:view: cards`` / ``:view: columns``)."""

    option_spec: ClassVar[dict[str, Any]] = {"view": lambda value: directives.choice(value, VIEWS)}

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        for source in project.sources.values():
            self.env.note_dependency(str(source.folder / "source.yaml"))
        # In the order of their dates; a document without one comes last.
        sources = sorted(
            project.sources.values(), key=lambda s: str((s.meta["date"] or {}).get("from", "9999"))
        )
        view = self.options.get("view", "table")
        if view == "table":
            return [_table(sources)]
        lines = _cards_myst(sources) if view == "cards" else _columns_myst(sources)
        holder = nodes.container()
        self.state.nested_parse(StringList(lines), self.content_offset, holder)
        return list(holder.children)


def setup_catalogue(app: Any) -> None:
    app.add_directive("edition-catalogue", CatalogueDirective)
