"""The notes as W3C Web Annotations (``annotations/<slug>.jsonld``, one
``AnnotationCollection`` per document) and in the JSON that Hypothesis exports and imports
(``annotations/<slug>.hypothesis.json``).

An annotation's target is the paragraph's address on its page (``…/zhebin-2024.html#p3``)
with a ``TextQuoteSelector`` (the phrase, with up to 32 characters before and after) and a
``TextPositionSelector`` counted on the paragraph's text in its column as the page shows
it without the note marks, which is the transcription (or translation) itself. The body is
the note as HTML, made through the same conversion as its TEI.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from ..core.model import Source
from ..data.notes import Note
from .citation import Edition
from .tei_document import RoleResolver
from .tei_xml import Element, myst_blocks

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32
# What each kind of note does, as a Web Annotation motivation.
MOTIVATIONS = {
    "identification": "identifying",
    "fact-correction": "editing",
    "name-correction": "editing",
    "translation": "commenting",
    "context": "describing",
    "disputed": "assessing",
    "reference": "linking",
}
# TEI elements of a note body and the HTML each becomes.
HTML_TAGS = {"p": "p", "item": "li", "quote": "blockquote", "code": "code", "ref": "a"}


def _html(element: Element) -> Element:
    tag = element.tag.rpartition("}")[2]
    if tag == "hi":
        name = "em" if element.get("rend") == "italic" else "strong"
    elif tag == "list":
        name = "ol" if element.get("rend") == "numbered" else "ul"
    elif tag == "ref" and element.get("type") == "bibl":
        name = "span"  # a citation reads as text: "(Los Angeles Times, 2019)"
    else:
        name = HTML_TAGS.get(tag, "span")
    html = ElementTree.Element(name)
    if name == "a":
        html.set("href", element.get("target", ""))
    html.text, html.tail = element.text, element.tail
    html.extend(_html(child) for child in element)
    return html


def note_html(note: Note, slug: str, labels: dict[str, str], site: str) -> str:
    """The note's body as HTML: citations as they read, ``{para}`` links into the site
    (``site``: the site's address, or a path back to its root)."""
    to_tei = RoleResolver(slug, labels)

    def resolve(role: str, content: str) -> tuple[str, str]:
        text, target = to_tei(role, content)
        page, _, anchor = target.partition(".xml#")
        return text, f"{site}sources/{page}.html#{anchor.removeprefix('source-')}"

    html = (_html(block) for block in myst_blocks(note.body, resolve))
    return "".join(ElementTree.tostring(b, encoding="unicode", method="html") for b in html)


def _markdown(node: ElementTree.Element) -> str:
    """Hypothesis shows an annotation's text as Markdown."""
    text = node.text or ""
    for child in node:
        inner = _markdown(child)
        if child.tag == "a":
            inner = f"[{inner}]({child.get('href')})"
        elif child.tag == "em":
            inner = f"*{inner}*"
        elif child.tag == "strong":
            inner = f"**{inner}**"
        elif child.tag == "li":
            inner = f"\n- {inner}"
        elif child.tag in ("p", "blockquote", "ul", "ol"):
            inner = f"\n\n{'> ' if child.tag == 'blockquote' else ''}{inner}"
        text += inner + (child.tail or "")
    return text


def _selectors(text: str, note: Note) -> list[dict[str, Any]]:
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[note.start : note.end],
            "prefix": text[max(0, note.start - CONTEXT_CHARS) : note.start],
            "suffix": text[note.end : note.end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": note.start, "end": note.end},
    ]


def _column_text(source: Source, note: Note) -> str:
    text = source.original if note.column == "original" else source.translation
    return text.by_id()[note.paragraph].text


def _page(source: Source, edition: Edition) -> str:
    return edition.url(source.docname) or f"../{source.docname}.html"


def _site(edition: Edition) -> str:
    return edition.base_url.rstrip("/") + "/" if edition.base_url else "../"


def annotation_collection(
    source: Source, edition: Edition, labels: dict[str, str]
) -> dict[str, Any]:
    page, base = _page(source, edition), _site(edition)
    items = []
    for note in source.notes:
        created = f"{note.date}T00:00:00Z"
        language = (
            source.meta.language if note.column == "original" else source.meta.translation_language
        )
        items.append(
            {
                "id": f"{page}#{note.id}",
                "type": "Annotation",
                "motivation": MOTIVATIONS.get(note.kind, "commenting"),
                "creator": {"type": "Organization", "name": note.by},
                "created": created,
                "modified": created,
                "body": {
                    "type": "TextualBody",
                    "value": note_html(note, source.slug, labels, base),
                    "format": "text/html",
                    "language": "en",
                    "purpose": MOTIVATIONS.get(note.kind, "commenting"),
                },
                "target": {
                    "source": f"{page}#{note.paragraph}",
                    "language": language,
                    "selector": _selectors(_column_text(source, note), note),
                },
            }
        )
    collection_id = f"{base}annotations/{source.slug}.jsonld"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Editorial notes: {source.meta.editorial_title}",
        "total": len(items),
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def hypothesis_export(source: Source, edition: Edition, labels: dict[str, str]) -> dict[str, Any]:
    """The notes in the shape of Hypothesis's own JSON export (the client's annotations
    exporter: ``export_date``, ``export_userid``, ``client_version``, ``annotations`` in
    the API's form), which Hypothesis imports. Hypothesis anchors a quote anywhere on the
    page, so only the TextQuoteSelector is given; its ``uri`` must be the live page's
    address (a site built with ``EDITION_BASE_URL``)."""
    page = _page(source, edition)
    annotations = []
    for note in source.notes:
        created = f"{note.date}T00:00:00Z"
        quote = _selectors(_column_text(source, note), note)[0]
        annotations.append(
            {
                "created": created,
                "updated": created,
                "uri": page,
                "text": _markdown(
                    ElementTree.fromstring(
                        f"<div>{note_html(note, source.slug, labels, _site(edition))}</div>"
                    )
                ).strip(),
                "tags": [note.kind],
                "target": [{"source": page, "selector": [quote]}],
                "document": {"title": [source.meta.editorial_title]},
            }
        )
    return {
        "export_date": f"{edition.issued}T00:00:00Z",
        "export_userid": "",
        "client_version": "",
        "annotations": annotations,
    }


def annotation_files(source: Source, edition: Edition, labels: dict[str, str]) -> dict[str, bytes]:
    def dump(data: dict[str, Any]) -> bytes:
        # Compact: json's C encoder serves no indent (a JSON viewer shows the structure).
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    return {
        f"annotations/{source.slug}.jsonld": dump(annotation_collection(source, edition, labels)),
        f"annotations/{source.slug}.hypothesis.json": dump(
            hypothesis_export(source, edition, labels)
        ),
    }
