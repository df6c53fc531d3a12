"""The panels of a document page: provenance and editorial status, how to cite it, and
the actors and events it mentions; each a dropdown, or a plain section where the output
cannot hold one (the e-book)."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..core.labels import register_label
from ..core.model import Source
from ..core.vocabulary import STATUSES
from ..data.mentions import entries_in_reading_order
from ..data.register import Register
from . import myst_text
from .cite_pages import GUIDE, cite_downloads, cite_panel_lines, edition_of
from .myst_text import gated
from .outputs import is_site
from .register_directive import TYPE_LABELS
from .state import builder_of
from .xref import std_ref

# sphinx-design's badge for each status of the vocabulary.
STATUS_BADGES = dict(
    zip(STATUSES, ("bdg-success", "bdg-warning", "bdg-secondary", "bdg-secondary"), strict=True)
)


def provenance_myst(source: Source) -> list[str]:
    """The provenance dropdown as MyST: editorial prose is MyST, seed text is escaped."""
    meta = source.meta
    where = f"sources/{source.slug}/source.yaml"
    status = meta.provenance_status
    lines = [
        f"**Provenance:** {{{STATUS_BADGES[status]}}}`{status}`",
        "",
        gated(meta.provenance, f"{where}: provenance"),
        "",
    ]
    if meta.date and meta.date.note:
        date_note = gated(meta.date.note, f"{where}: date note")
        lines += [f"**Date.** {date_note}", ""]
    lines += [
        f"**The original column.** {gated(meta.original_is, f'{where}: original_is')}",
        "",
        f"**The translation column.** {gated(meta.translation_is, f'{where}: translation_is')}",
        "",
    ]
    omissions = [b for b in source.original.blocks if b.kind == "omission"]
    if omissions:
        lines += ["**Omitted from the transcription** (exact text, whitespace normalised):", ""]
        previous = None
        for block in source.original.blocks:
            if block.kind == "omission":
                where = f"after ¶ {previous.label}" if previous else "at the start"
                lines.append(
                    f"- {where}, {myst_text.escape(block.reason)}: “{myst_text.escape(block.text)}”"
                )
            else:
                previous = block
        lines.append("")
    return lines


def register_panel(source: Source, register: Register) -> list[nodes.Node]:
    """ "Actors and events in this document": each entry once, grouped, in order of first
    mention, linked to the register."""
    # Each entry once, where the text first names or reports it.
    entries = list(dict.fromkeys(entry for _, entry in entries_in_reading_order(source)))
    if not entries:
        return []
    panel = nodes.container(classes=["ed-panel-body"])
    groups = [
        (label, [e for e in entries if register.entries[e].type == key])
        for key, label in (*TYPE_LABELS.items(), ("event", "Events"))
    ]
    for label, group in groups:
        if not group:
            continue
        line = nodes.paragraph(classes=["ed-panel-group"])
        line += nodes.strong(label, label)
        line += nodes.Text(": ")
        for index, entry_id in enumerate(group):
            if index:
                line += nodes.Text(", ")
            name = register.entries[entry_id].name
            line += std_ref(register_label(entry_id), name, ["ed-reg"])
        panel += line
    return [panel]


def panel(
    directive: SphinxDirective, title: str, css_class: str, lines: list[str]
) -> list[nodes.Node]:
    """A titled panel of MyST ``lines``: a sphinx-design dropdown, or, where the output
    cannot hold one (``edition_plain_panels``, set for the e-book), a plain section."""
    if directive.config.edition_plain_panels:
        head = [f"::::{{container}} {css_class}", f":::{{rubric}} {title}", ":::", ""]
    else:
        head = [f"::::{{dropdown}} {title}", f":class-container: {css_class}", ""]
    holder = nodes.container()
    directive.state.nested_parse(
        StringList([*head, *lines, "", "::::"]), directive.content_offset, holder
    )
    return list(holder.children)


def in_dropdown(
    directive: SphinxDirective, title: str, content: list[nodes.Node]
) -> list[nodes.Node]:
    """``content`` (made of nodes, not MyST) in a panel like the provenance one."""
    if not content:
        return []
    made = panel(directive, title, "ed-panel", ["PLACEHOLDER"])
    placeholder = next(
        p for node in made for p in node.findall(nodes.paragraph) if p.astext() == "PLACEHOLDER"
    )
    placeholder.replace_self(content)
    return made


def cite_panel(directive: SphinxDirective, source: Source) -> list[nodes.Node]:
    """The "How to cite this document" panel, with a place for the download links."""
    cite = panel(
        directive,
        "How to cite this document",
        "ed-cite",
        [
            *cite_panel_lines(
                source,
                edition_of(directive.config),
                GUIDE if GUIDE in directive.env.found_docs else None,
                # The book and the e-book have no buttons, and their own doctrees.
                site=is_site(builder_of(directive.env)),
            ),
            "CITE-DOWNLOADS",
        ],
    )
    # The download links are made for the HTML site only (CiteDownloadsTransform).
    placeholder = next(
        p for node in cite for p in node.findall(nodes.paragraph) if p.astext() == "CITE-DOWNLOADS"
    )
    placeholder.replace_self(cite_downloads(key=source.slug))
    return cite
