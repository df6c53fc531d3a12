"""A source's text as parallel rows: original and translation side by side, paragraph by
paragraph, with register links on the mentions and note marks after the notes' phrases.

The doctree is format-neutral: containers with classes (``ed-row``, ``ed-cell``) and
``language-xx`` classes, which Sphinx's HTML writer turns into ``lang`` attributes. Every row
and section carries the ID written in the data; the text is put in as text nodes, so no
transcribed character is read as markup.
"""

from __future__ import annotations

from docutils import nodes

from ..core.labels import register_label
from ..core.model import Block, Source
from ..core.vocabulary import LANGUAGE_NAMES
from ..data.mentions import Mention
from ..data.notes import Note
from .xref import std_ref


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


def _register_link(text: str, mention: Mention, linked: set[str]) -> nodes.Node:
    """A mention of a register entry: the literal text, linked to the entry's anchor the
    first time the paragraph names it (``linked``: the entries it has named so far); later
    mentions are marked but not linked, so that the text is not one link in ten words."""
    if mention.entry in linked:
        return nodes.inline(text, text, classes=["ed-reg-again"])
    linked.add(mention.entry)
    return std_ref(register_label(mention.entry), text, ["ed-reg"])


def _inline(
    text: str,
    offset: int,
    notes: list[Note],
    mentions: list[Mention],
    linked: set[str] | None = None,
) -> list[nodes.Node]:
    """``text`` (which starts at ``offset`` in its block) as literal text, with register
    links on the mentions and note marks at the ends of the notes' phrases. ``linked``:
    the entries already linked in the same paragraph (its earlier lines)."""
    linked = set() if linked is None else linked
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
            out.append(_register_link(text[start:end], mention, linked))
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
    linked: set[str] = set()  # one paragraph: a name is linked on its first line only
    for line in lines:
        node = nodes.line(line)
        node.extend(_inline(line, offset, *layer, linked))
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


class ed_omission(nodes.container):
    """A passage of the seed left out of the transcription, where it stood: a quiet marker
    that says what it was, and the omitted text (opened on demand in the site; in small
    type in the book and the e-book). Not a row: it has no number and no translation."""

    support_smartquotes = False


def omission_label(block: Block) -> str:
    return f"[Omitted: {block.reason}]" if block.reason else "[Omitted]"


def _omission(block: Block, lang: str) -> ed_omission:
    marker = ed_omission(classes=["ed-omission"])
    label = omission_label(block)
    marker += nodes.paragraph(label, label, classes=["ed-omission-label"])
    text = nodes.container(classes=["ed-omission-text", f"language-{lang}"])
    lines = nodes.line_block()
    for line in block.text.splitlines():
        lines += nodes.line(line, line)
    text += lines
    marker += text
    return marker


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
    # Every block, the omissions too: each is marked where it stood.
    for block in source.original.blocks:
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
        if block.kind == "omission":
            current += _omission(block, source.original.lang)
        else:
            current += _row(block, translation, source, layers)
    return out
