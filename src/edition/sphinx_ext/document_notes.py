"""The notes of a document page as footnotes, and the retired anchors of the page, which
keep old links landing somewhere that explains what happened."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..core.dates import display_date
from ..core.model import Source
from ..core.vocabulary import NOTE_KINDS
from ..data.anchors import Retired
from .myst_text import gated
from .xref import page_ref


def retired_notes(source: Source, retired: Retired) -> list[nodes.Node]:
    """Old anchors of this page keep landing somewhere that explains what happened."""
    entries = retired.for_page(source.docname)
    if not entries:
        return []
    box = nodes.container(classes=["ed-retired"])
    box += nodes.rubric("", "Withdrawn and moved paragraphs")
    for anchor, (kind, value) in sorted(entries.items()):
        item = nodes.paragraph(ids=[anchor], classes=[f"ed-retired-{kind}"])
        since = retired.since.get(f"{source.docname}#{anchor}", "")
        if kind == "redirect":
            item += nodes.Text(f"¶ {anchor} has moved (since {since}): see ")
            item += page_ref(value, value, classes=["ed-redirect"])
        else:
            item += nodes.Text(f"¶ {anchor} was withdrawn (since {since}): {value}")
        box += item
    return [box]


def _kind(text: str, key: str) -> nodes.inline:
    """The label that opens a note: its kind, or that it is on the translation."""
    return nodes.inline(text, text, classes=["ed-kind", f"ed-kind-{key}"])


def render_notes(directive: SphinxDirective, source: Source) -> list[nodes.Node]:
    """The notes as footnotes in number order, each with a link back to its mark."""
    if not source.notes:
        return []
    box = nodes.container(classes=["ed-notes"])
    box += nodes.rubric("", "Notes")
    for note in source.notes:
        footnote = nodes.footnote(
            ids=[note.id],
            backrefs=[note.mark_id],
            classes=["ed-note", f"ed-note-{note.kind}"],
        )
        footnote += nodes.label("", str(note.number))
        parsed = nodes.container()
        body = gated(note.body, f"{note.path}:{note.body_line}: note {note.id!r}")
        directive.state.nested_parse(
            StringList(body.splitlines()), directive.content_offset, parsed
        )
        footnote.extend(parsed.children)
        # The kind opens the note; the credit closes it (both in its own paragraphs
        # when the body does not begin or end with one).
        first = next(iter(footnote.findall(nodes.paragraph)), None)
        if first is None:
            first = nodes.paragraph()
            footnote += first
        kinds = [_kind(NOTE_KINDS[note.kind], note.kind)]
        if note.column == "translation":
            kinds.append(_kind("on the translation", "on-translation"))
        for kind in reversed(kinds):
            first.insert(0, nodes.Text(" "))  # a real space for readers and previews
            first.insert(0, kind)
        last = list(footnote.findall(nodes.paragraph))[-1]
        credit = f"— {note.by}, {display_date(note.date)}"
        last += [nodes.Text(" "), nodes.inline(credit, credit, classes=["ed-credit"])]
        box += footnote
    return [box]
