"""One document of the edition as TEI P5 (``tei/<slug>.xml``).

The transcription and the translation are two ``<text>``s of a ``<group>``; each paragraph
(``<p>``) and crosshead (``<ab type="heading">``) carries its edition ID as ``@n`` and,
prefixed by its text (``source-p3``, ``translation-p3``), as ``xml:id``. Register mentions
are ``persName``/``orgName``/``placeName``/``rs`` around their words; omissions are
``<gap>`` with the omitted text in ``<desc>``. The notes stand apart in ``<standOff>``, each
pointing at its phrase through two ``<anchor>``s (``@target`` and ``@targetEnd``), so that
the transcription's text is untouched: a paragraph's text is exactly the block's.

The ``refsDecl`` declares the citation tree that DTS clients (and MyDapytains) read: a
text (``source``, ``translation``), then its paragraphs and crossheads (``source.p3``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Block, Source, TextFile
from ..core.vocabulary import LANGUAGE_NAMES
from ..data.notes import Note
from ..data.register import Register
from .citation import Edition
from .tei_serialise import Passage, serialise
from .tei_xml import (
    CERTAINTY,
    EDITORS_ID,
    Element,
    append_text,
    editors_statement,
    myst_blocks,
    plain_myst,
    publication_statement,
    sub,
    tei,
    xml_id,
)

TEXTS = (("source", "original"), ("translation", "translation"))  # TEI type, edition column
PARAGRAPH_UNIT = "paragraph"
MENTION_ELEMENTS = {"person": "persName", "place": "placeName", "event": "rs"}


@dataclass(frozen=True)
class CitableBlock:
    """A citable unit of the TEI: its DTS reference and the element's ``xml:id``."""

    reference: str  # "source" or "source.p3"
    unit: str  # "text" or "paragraph"
    parent: str | None
    element_id: str


def element_id(text_type: str, block_id: str) -> str:
    return f"{text_type}-{block_id}"


def citable_blocks(source: Source) -> list[CitableBlock]:
    """The citation tree of the document's TEI, in document order."""
    units = []
    for text_type, column in TEXTS:
        units.append(CitableBlock(text_type, "text", None, text_type))
        for block in _text(source, column).rendered:
            units.append(
                CitableBlock(
                    f"{text_type}.{block.id}",
                    PARAGRAPH_UNIT,
                    text_type,
                    element_id(text_type, block.id),
                )
            )
    return units


def _text(source: Source, column: str) -> TextFile:
    return source.original if column == "original" else source.translation


class RoleResolver:
    """How a ``{cite}`` or ``{para}`` role of a note on page ``slug`` reads, and where it
    points in the TEI files."""

    def __init__(self, slug: str, labels: dict[str, str]) -> None:
        self.slug, self.labels = slug, labels

    def __call__(self, role: str, content: str) -> tuple[str, str]:
        if role.startswith("cite"):
            keys = [key.strip() for key in content.split(",") if key.strip()]
            text = "; ".join(self.labels.get(key, key) for key in keys)
            text = text if role == "cite:t" else f"({text})"
            return text, " ".join(f"bibliography.xml#{xml_id(k)}" for k in keys)
        slug, _, anchor = content.rpartition("#")
        slug = slug or self.slug
        label = anchor[1:] if anchor.startswith("p") and anchor[1:].isdigit() else anchor
        target = anchor if anchor.startswith("n-") else element_id("source", anchor)
        return (f"¶ {label}" if target != anchor else "note"), f"{slug}.xml#{target}"


def _header(source: Source, edition: Edition, url: str | None) -> Element:
    meta = source.meta
    header = tei("teiHeader")
    file_desc = sub(header, "fileDesc")
    file_desc.append(
        editors_statement(
            meta.editorial_title, edition, "transcription, translation and annotation"
        )
    )
    sub(sub(file_desc, "editionStmt"), "edition", {"n": edition.version}, edition.title)
    file_desc.append(publication_statement(edition, url))
    bibl = sub(sub(file_desc, "sourceDesc"), "bibl")
    if meta.title:
        sub(bibl, "title", {"type": "main"}, meta.title)
    else:
        sub(bibl, "title", {"type": "desc"}, "[untitled]")
    if meta.title_translation:
        sub(bibl, "title", {"type": "translated"}, meta.title_translation)
    for author in meta.authors or []:
        sub(bibl, "author", text=author.name)
    if meta.authorship != "named":
        sub(bibl, "author", {"role": meta.authorship}, meta.authorship)
    outlet = meta.outlet
    if outlet:
        sub(bibl, "publisher", {"cert": CERTAINTY.get(outlet.status, "unknown")}, outlet.name)
    date = meta.date
    if date:
        when = {"from": date.start, "to": date.end}
        if when["from"] == when["to"]:
            when = {"when": when["from"]}
        cert = CERTAINTY.get(date.status, "unknown")
        sub(bibl, "date", {**when, "cert": cert}, date.start)
    else:
        sub(bibl, "date", text="undated")
    if meta.url:
        sub(bibl, "ptr", {"target": meta.url})
    sub(bibl, "idno", {"type": "sha256"}, meta.seed.sha256)
    sub(bibl, "note", {"type": "genre"}, meta.genre)
    sub(bibl, "note", {"type": "verification"}, f"provenance: {meta.provenance_status}")
    sub(bibl, "note", {"type": "provenance"}, plain_myst(meta.provenance))
    encoding = sub(header, "encodingDesc")
    decl = sub(encoding, "editorialDecl")
    for column_is in (meta.original_is, meta.translation_is):
        sub(decl, "p", text=plain_myst(column_is))
    refs = sub(encoding, "refsDecl")
    texts = sub(
        refs, "citeStructure", {"unit": "text", "match": "/TEI/text/group/text", "use": "@type"}
    )
    sub(
        texts,
        "citeStructure",
        {"unit": PARAGRAPH_UNIT, "match": "body/*[@n]", "use": "@n", "delim": "."},
    )
    usage = sub(sub(header, "profileDesc"), "langUsage")
    for lang in (meta.language, meta.translation_language):
        sub(usage, "language", {"ident": lang}, LANGUAGE_NAMES[lang])
    return header


def _block(parent: Element, text_type: str, block: Block) -> Element:
    ident = element_id(text_type, block.id)
    if block.kind == "omission":
        gap = sub(parent, "gap", {"xml:id": ident, "reason": block.reason or "omitted"})
        sub(gap, "desc", text=block.text)
        return gap
    if block.is_heading:
        attrib = {"type": "heading" if block.kind == "heading" else "editorial-heading"}
        if block.kind == "editorial-heading":
            attrib["resp"] = f"#{EDITORS_ID}"
        return sub(parent, "ab", {**attrib, "n": block.id, "xml:id": ident})
    return sub(parent, "p", {"n": block.id, "xml:id": ident})


def _fill(element: Element, text: str, marks: list[tuple[int, int, Element | None]]) -> None:
    """Set ``text`` into ``element`` with mention elements around their spans and empty
    anchors at their offsets: ``marks`` holds (start, end, element); end == start for an
    anchor. Mentions never overlap one another (the matcher takes the longest form)."""
    marks = sorted(marks, key=lambda m: (m[0], -(m[1] - m[0])))
    at, open_mention = 0, None  # open_mention: (end, element)
    for start, end, mark in marks:
        if mark is None:
            continue
        if open_mention and start >= open_mention[0]:
            append_text(open_mention[1], text[at : open_mention[0]])
            at, open_mention = open_mention[0], None
        here = open_mention[1] if open_mention else element
        append_text(here, text[at:start])
        here.append(mark)
        at = start
        if end > start and open_mention is None:
            open_mention = (end, mark)
    if open_mention:
        append_text(open_mention[1], text[at : open_mention[0]])
        at = open_mention[0]
    append_text(element, text[at:])


def document_tei(
    source: Source,
    register: Register,
    edition: Edition,
    labels: dict[str, str],
    url: str | None,
    passages: dict[str, Passage] | None = None,
) -> bytes:
    """The TEI file of ``source``; ``labels`` are the bibliography's author–date labels
    (:func:`edition.products.tei_bibliography.bibliography_labels`). With ``passages``
    (by ``xml:id``), the elements with those IDs as written in the file."""
    root = tei("TEI", {"xml:lang": "en"})
    root.append(_header(source, edition, url))
    stand_off = sub(root, "standOff")
    annotations = sub(stand_off, "listAnnotation")
    group = sub(sub(root, "text"), "group")
    column_notes: dict[tuple[str, str], list[Note]] = {}
    for note in source.notes:
        column_notes.setdefault((note.column, note.paragraph), []).append(note)
    resolve = RoleResolver(source.slug, labels)
    for text_type, column in TEXTS:
        text_file = _text(source, column)
        attrib = {"type": text_type, "xml:lang": text_file.lang, "xml:id": text_type}
        body = sub(sub(group, "text", attrib), "body")
        mentions = [m for m in source.mentions if m.column == column]
        for block in text_file.blocks:
            element = _block(body, text_type, block)
            if block.kind == "omission":
                continue
            marks: list[tuple[int, int, Element | None]] = []
            for mention in (m for m in mentions if m.paragraph == block.id):
                marks.append((mention.start, mention.end, _mention(register, mention.entry)))
            for note in column_notes.get((column, block.id), []):
                marks.append((note.start, note.start, tei("anchor", {"xml:id": f"{note.id}-from"})))
                marks.append((note.end, note.end, tei("anchor", {"xml:id": f"{note.id}-to"})))
                annotations.append(_note(note, resolve))
            _fill(element, block.text, marks)
    return serialise(root, passages)


def _mention(register: Register, entry_id: str) -> Element | None:
    entry = register.entries.get(entry_id)
    if entry is None:
        return None
    kind = entry.type if entry.kind == "actor" else "event"
    tag = MENTION_ELEMENTS.get(kind, "orgName")
    attrib = {"ref": f"register.xml#{xml_id(entry_id)}"}
    if tag == "rs":
        attrib["type"] = "event"
    return tei(tag, attrib)


def _note(note: Note, resolve: RoleResolver) -> Element:
    element = tei(
        "note",
        {
            "xml:id": note.id,
            "type": note.kind,
            "n": str(note.number),
            "resp": f"#{EDITORS_ID}",
            "target": f"#{note.id}-from",
            "targetEnd": f"#{note.id}-to",
        },
    )
    for block in myst_blocks(note.body, resolve):
        element.append(block)
    sub(element, "note", {"type": "credit"}, f"{note.by}, {note.date}")
    return element
