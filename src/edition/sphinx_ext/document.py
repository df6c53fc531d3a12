"""The ``edition-document`` directive: one source as a parallel-text page.

The doctree is format-neutral: containers with classes (``ed-row``,
``ed-cell``) and ``language-xx`` classes, which Sphinx's HTML writer turns into
``lang`` attributes. Every row and section carries the ID written in the data;
the text is put in as text nodes, so no transcribed character is read as markup.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.dates import display_date, display_source_date
from ..core.model import LANGUAGE_NAMES, Block, Source
from ..data.anchors import Retired, load_retired
from ..data.notes import KIND_LABELS, Note
from ..data.register import Mention, Register
from . import myst_text
from .cite_pages import GUIDE, cite_downloads, cite_panel_lines, edition_of
from .config import project_of
from .myst_text import gated
from .paragraph_refs import register_targets
from .register_pages import TYPE_LABELS, note_mentions, register_label
from .xref import page_ref, std_ref

logger = logging.getLogger(__name__)

STATUS_BADGES = {
    "verified": "bdg-success",
    "partly verified": "bdg-warning",
    "unverified": "bdg-secondary",
    "not identified": "bdg-secondary",
}


class ed_text(nodes.container):
    """A run of aligned rows (between two crossheads of the source)."""


class ed_row(nodes.container):
    """One paragraph: number, original cell, translation cell."""


class ed_cell(nodes.container):
    """One column of a row, with its language."""

    # SmartQuotes would turn the seed's ' and " into typographic quotes: never in a text.
    support_smartquotes = False


class ed_heading_text(nodes.inline):
    """The original or translated wording of a crosshead of the source."""

    support_smartquotes = False


Layer = tuple[list[Note], list[Mention]]  # what stands on one column of one paragraph


class Layers(dict[str, Layer]):
    """``"<paragraph>/<column>"`` -> the notes and register mentions there."""

    def at(self, paragraph: str, column: str) -> Layer:
        return self.get(f"{paragraph}/{column}", ([], []))


def _layers(source: Source) -> Layers:
    layers = Layers()
    for note in sorted(source.notes, key=lambda n: (n.end, n.number)):
        layers.setdefault(f"{note.paragraph}/{note.column}", ([], []))[0].append(note)
    for mention in source.mentions:
        layers.setdefault(f"{mention.paragraph}/{mention.column}", ([], []))[1].append(mention)
    return layers


def _mark(note: Note) -> nodes.footnote_reference:
    """The footnote mark after a note's phrase; its ID is stable, written in the data."""
    number = str(note.number)
    mark = nodes.footnote_reference(number, number, ids=[note.mark_id], refid=note.id)
    mark["classes"] += ["ed-mark"] + (["ed-mark-trans"] if note.column == "translation" else [])
    return mark


def _register_link(text: str, mention: Mention) -> nodes.reference:
    """A mention of a register entry: the literal text, linked to the entry's anchor."""
    return std_ref(register_label(mention.entry), text, ["ed-reg"])


def _inline(text: str, offset: int, notes: list[Note], mentions: list[Mention]) -> list[nodes.Node]:
    """``text`` (which starts at ``offset`` in its block) as literal text, with register
    links on the mentions and note marks at the ends of the notes' phrases."""
    length = len(text)
    marks = [(n.end - offset, n) for n in notes if 0 < n.end - offset <= length]
    points = {position for position, _note in marks}
    spans: list[tuple[int, int, Mention]] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        start, end = mention.start - offset, mention.end - offset
        inside = start >= 0 and end <= length
        after_previous = not spans or start >= spans[-1][1]
        # A mark inside a name would split the link: the note is the more specific.
        if inside and after_previous and not any(start < p < end for p in points):
            spans.append((start, end, mention))
    # At one position a mark (closing the text before it) comes before a link.
    events = sorted(
        [(p, 0, i) for i, (p, _n) in enumerate(marks)]
        + [(s, 1, i) for i, (s, _e, _m) in enumerate(spans)]
    )
    out: list[nodes.Node] = []
    position = 0
    for at, what, index in events:
        if at > position:
            out.append(nodes.Text(text[position:at]))
            position = at
        if what == 0:
            out.append(_mark(marks[index][1]))
        else:
            start, end, mention = spans[index]
            out.append(_register_link(text[start:end], mention))
            position = end
    if position < length:
        out.append(nodes.Text(text[position:]))
    return out


def _text_nodes(text: str, layer: Layer) -> nodes.Element:
    """A paragraph, or a line block where the source breaks lines: always literal text,
    with register links and note marks."""
    lines = text.split("\n")
    if len(lines) == 1:
        paragraph = nodes.paragraph(text)
        paragraph.extend(_inline(text, 0, *layer))
        return paragraph
    block = nodes.line_block()
    offset = 0
    for line in lines:
        node = nodes.line(line)
        node.extend(_inline(line, offset, *layer))
        block += node
        offset += len(line) + 1
    return block


def _cell(block: Block, lang: str, column: str, layer: Layer) -> ed_cell:
    cell = ed_cell(classes=["ed-cell", f"ed-{column}", f"language-{lang}"])
    cell += _text_nodes(block.text, layer)
    return cell


def _number(block: Block) -> nodes.paragraph:
    number = nodes.paragraph(classes=["ed-pnum"])
    number += nodes.reference(
        "",
        block.label,
        refuri=f"#{block.id}",
        classes=["ed-permalink"],
        reftitle=f"Permalink to paragraph {block.label}",
    )
    return number


def _row(block: Block, translation: Block, source: Source, layers: Layers) -> ed_row:
    row = ed_row(ids=[block.id], classes=["ed-row"])
    row += _number(block)
    row += _cell(block, source.original.lang, "orig", layers.at(block.id, "original"))
    row += _cell(translation, source.translation.lang, "trans", layers.at(block.id, "translation"))
    return row


def _heading(block: Block, translation: Block, source: Source, layers: Layers) -> nodes.section:
    """A crosshead of the source, or one the editors supply (shown in square brackets)."""
    editorial = not block.from_seed
    section = nodes.section(ids=[block.id], classes=["ed-section"])
    if editorial:
        section["classes"].append("ed-editorial")
    title = nodes.title()
    for text, lang, column, where in (
        (block.text, source.original.lang, "orig", "original"),
        (translation.text, source.translation.lang, "trans", "translation"),
    ):
        if column == "trans":
            title += nodes.inline(" / ", " / ", classes=["ed-sep"])
        heading = ed_heading_text(text, classes=[f"ed-{column}", f"language-{lang}"])
        # An editorial heading is bracketed; the brackets sit outside the marked text.
        heading.extend(
            [nodes.Text("[")] * editorial
            + _inline(text, 0, *layers.at(block.id, where))
            + [nodes.Text("]")] * editorial
        )
        title += heading
    section += title
    return section


class ed_labels(nodes.container):
    """The column heads of a parallel text."""


def _column_labels(source: Source) -> nodes.container:
    labels = ed_labels(classes=["ed-labels"])
    labels += nodes.paragraph("", "", classes=["ed-pnum"])
    for column, lang, word in (
        ("orig", source.original.lang, "Original"),
        ("trans", source.translation.lang, "Translation"),
    ):
        text = f"{word} · {LANGUAGE_NAMES[lang]}"
        labels += nodes.paragraph(text, text, classes=["ed-label", f"ed-{column}"])
    return labels


def render_text(source: Source) -> list[nodes.Node]:
    """Rows keyed by paragraph ID; a heading of the source opens a section with its ID."""
    translations = source.translation.by_id()
    layers = _layers(source)
    out: list[nodes.Node] = []
    parent: list[nodes.Node] | nodes.Element = out
    current: ed_text | None = None
    first = True
    for block in source.original.rendered:
        # A missing translation (already reported) shows as an empty, marked cell.
        translation = translations.get(block.id) or Block(block.id, block.kind, "", 0)
        if block.is_heading:
            section = _heading(block, translation, source, layers)
            out.append(section)
            parent, current = section, None
            continue
        if current is None:
            current = ed_text(
                classes=["ed-text"],
            )
            if first:
                current += _column_labels(source)
                first = False
            if isinstance(parent, list):
                parent.append(current)
            else:
                parent += current
        current += _row(block, translation, source, layers)
    return out


def _retired_notes(source: Source, retired: Retired) -> list[nodes.Node]:
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


def _field(name: str, *body: nodes.Node) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    paragraph = nodes.paragraph()
    paragraph.extend(body)
    field += nodes.field_body("", paragraph)
    return field


def _lang_text(text: str, lang: str) -> nodes.inline:
    return nodes.inline(text, text, classes=[f"language-{lang}"])


def _metadata(source: Source) -> nodes.field_list:
    meta = source.meta
    fields = nodes.field_list(classes=["ed-metadata"])
    if meta["title"]:
        body: list[nodes.Node] = [_lang_text(meta["title"], meta["language"])]
        if meta.get("title_translation"):
            body += [
                nodes.Text(" ("),
                _lang_text(meta["title_translation"], meta["translation_language"]),
                nodes.Text(", editorial translation)"),
            ]
        fields += _field("Title", *body)
    else:
        fields += _field("Title", nodes.emphasis("", "untitled in the source"))
    if meta["authorship"] == "named":
        people = []
        for author in meta["authors"]:
            text = author["name"]
            if author.get("name_original"):
                text += f" ({author['name_original']})"
            if author.get("affiliation"):
                text += f", {author['affiliation']}"
            people.append(text)
        fields += _field("Author", nodes.Text("; ".join(people)))
        for author in meta["authors"]:
            if author.get("orcid"):
                url = f"https://orcid.org/{author['orcid']}"
                fields += _field("ORCID", nodes.reference("", author["orcid"], refuri=url))
    else:
        fields += _field("Author", nodes.emphasis("", meta["authorship"]))
    outlet = meta["outlet"]
    if outlet:
        text = outlet["name"]
        if outlet.get("name_original"):
            text += f" ({outlet['name_original']})"
        if outlet.get("issn"):
            text += f", ISSN {outlet['issn']}"
        fields += _field("Outlet", nodes.Text(f"{text} [{outlet['status']}]"))
    else:
        fields += _field("Outlet", nodes.emphasis("", "not identified"))
    fields += _field("Date", nodes.Text(display_source_date(meta)))
    language = LANGUAGE_NAMES[meta["language"]]
    target = LANGUAGE_NAMES[meta["translation_language"]]
    fields += _field(
        "Languages", nodes.Text(f"{language} (original); {target} (editorial translation)")
    )
    fields += _field("Genre", nodes.Text(meta["genre"]))
    if meta["url"]:
        fields += _field("URL", nodes.reference("", meta["url"], refuri=meta["url"]))
    else:
        fields += _field("URL", nodes.emphasis("", "not identified"))
    fields += _field(
        "Seed",
        nodes.literal("", meta["seed"]["file"]),
        nodes.Text(", SHA-256 "),
        nodes.literal("", meta["seed"]["sha256"], classes=["ed-sha"]),
    )
    return fields


def _provenance_myst(source: Source) -> list[str]:
    """The provenance dropdown as MyST: editorial prose is MyST, seed text is escaped."""
    meta: dict[str, Any] = {
        key: gated(value, f"sources/{source.slug}/source.yaml: {key}")
        if key in ("provenance", "original_is", "translation_is")
        else value
        for key, value in source.meta.items()
    }
    status = meta["provenance_status"]
    lines = [
        f"**Provenance:** {{{STATUS_BADGES[status]}}}`{status}`",
        "",
        meta["provenance"],
        "",
    ]
    date: dict[str, Any] = meta["date"] or {}
    if date.get("note"):
        date_note = gated(date["note"], f"sources/{source.slug}/source.yaml: date note")
        lines += [f"**Date.** {date_note}", ""]
    lines += [
        f"**The original column.** {meta['original_is']}",
        "",
        f"**The translation column.** {meta['translation_is']}",
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


def _register_panel(source: Source, register: Register) -> list[nodes.Node]:
    """ "Actors and events in this document": each entry once, grouped, in order of first
    mention, linked to the register."""
    order = {block.id: index for index, block in enumerate(source.original.rendered)}
    first: dict[str, tuple[int, int]] = {}
    for mention in source.mentions:
        where = (order[mention.paragraph], mention.start)
        first[mention.entry] = min(first.get(mention.entry, where), where)
    if not first:
        return []
    entries = sorted(first, key=lambda entry_id: first[entry_id])
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


def _fill(panel: list[nodes.Node], placeholder: str, content: list[nodes.Node]) -> None:
    """Put ``content`` (nodes, not MyST) where the panel's MyST had ``placeholder``."""
    paragraph = next(
        p for node in panel for p in node.findall(nodes.paragraph) if p.astext() == placeholder
    )
    paragraph.replace_self(content)


def _kind(text: str, key: str) -> nodes.inline:
    """The label that opens a note: its kind, or that it is on the translation."""
    return nodes.inline(text, text, classes=["ed-kind", f"ed-kind-{key}"])


class DocumentDirective(SphinxDirective):
    """``{edition-document} <slug>``: metadata header and the parallel text of a source."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        slug = self.arguments[0]
        folder = project.sources_dir / slug
        for path in sorted(folder.glob("*.yaml")):
            self.env.note_dependency(str(path))
        # A dependency that does not exist makes Sphinx read the page again on every build.
        if project.retired_path.exists():
            self.env.note_dependency(str(project.retired_path))
        # The register decides which names are linked on this page.
        for path in sorted((project.sources_dir / "register").glob("*.yaml")):
            self.env.note_dependency(str(path))
        source = project.sources.get(slug)
        if source is None:
            # The data problems themselves were reported when the data was loaded.
            logger.warning(
                f"source {slug!r} could not be loaded (see the problems reported for "
                f"sources/{slug}/)",
                type="edition",
                subtype="document",
                location=self.get_location(),
            )
            return []
        header = nodes.container(classes=["ed-header"])
        header += _metadata(source)
        header.extend(
            self._panel(
                "Provenance and editorial status", "ed-provenance", _provenance_myst(source)
            )
        )
        cite = self._panel(
            "How to cite this document",
            "ed-cite",
            [
                *cite_panel_lines(
                    source,
                    edition_of(self.config),
                    GUIDE if GUIDE in self.env.found_docs else None,
                ),
                "CITE-DOWNLOADS",
            ],
        )
        # The download links are made for the HTML site only (CiteDownloadsTransform).
        placeholder = next(
            p
            for node in cite
            for p in node.findall(nodes.paragraph)
            if p.astext() == "CITE-DOWNLOADS"
        )
        placeholder.replace_self(cite_downloads(key=source.slug))
        header.extend(cite)
        register_targets(self.env, source)
        note_mentions(self.env, source)
        retired, _problems = load_retired(project.retired_path)
        return [
            header,
            *self._in_dropdown(
                "Actors and events in this document", _register_panel(source, project.register)
            ),
            *render_text(source),
            *self._notes(source),
            *_retired_notes(source, retired),
        ]

    def _panel(self, title: str, css_class: str, lines: list[str]) -> list[nodes.Node]:
        """A titled panel of MyST ``lines``: a sphinx-design dropdown, or, where the output
        cannot hold one (``edition_plain_panels``, set for the e-book), a plain section."""
        if self.config.edition_plain_panels:
            head = [f"::::{{container}} {css_class}", f":::{{rubric}} {title}", ":::", ""]
        else:
            head = [f"::::{{dropdown}} {title}", f":class-container: {css_class}", ""]
        holder = nodes.container()
        self.state.nested_parse(
            StringList([*head, *lines, "", "::::"]), self.content_offset, holder
        )
        return list(holder.children)

    def _in_dropdown(self, title: str, content: list[nodes.Node]) -> list[nodes.Node]:
        """``content`` (made of nodes, not MyST) in a panel like the provenance one."""
        if not content:
            return []
        panel = self._panel(title, "ed-panel", ["PLACEHOLDER"])
        placeholder = next(
            p
            for node in panel
            for p in node.findall(nodes.paragraph)
            if p.astext() == "PLACEHOLDER"
        )
        placeholder.replace_self(content)
        return panel

    def _notes(self, source: Source) -> list[nodes.Node]:
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
            self.state.nested_parse(StringList(body.splitlines()), self.content_offset, parsed)
            footnote.extend(parsed.children)
            # The kind opens the note; the credit closes it (both in its own paragraphs
            # when the body does not begin or end with one).
            first = next(iter(footnote.findall(nodes.paragraph)), None)
            if first is None:
                first = nodes.paragraph()
                footnote += first
            kinds = [_kind(KIND_LABELS[note.kind], note.kind)]
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


def setup_document(app: Any) -> None:
    from . import latex

    app.add_directive("edition-document", DocumentDirective)
    app.add_node(ed_text, latex=(latex.visit_text_latex, latex.depart_text_latex))
    app.add_node(ed_row, latex=(latex.visit_row_latex, latex.depart_row_latex))
    app.add_node(ed_cell, latex=(latex.visit_cell_latex, latex.depart_cell_latex))
    app.add_node(ed_labels, latex=(latex.visit_labels_latex, None))
    app.add_node(ed_heading_text)
