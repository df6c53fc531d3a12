"""The citation metadata of a page's HTML head: Highwire ``citation_*`` tags (which Zotero
and Google Scholar read), Dublin Core, Open Graph and schema.org JSON-LD, for a document
page and for the whole edition; and the data of the "cite" buttons (edition.js). Made from
the same citation records as the downloads, so that they say the same thing."""

from __future__ import annotations

import html
import json
from typing import Any

from ..core.model import Source
from ..data.mentions import entries_in_reading_order
from ..data.register import Register, wikidata_url
from .citation import (
    Edition,
    document_item,
    document_title,
    edition_item,
    format_reference,
    to_bibtex,
)


def script_json(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON to put inside a <script> element: no "<" may end the element (or
    open a comment) early, so "<", ">" and "&" are written as JSON escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(content, quote=True)}">\n'


def _book(edition: Edition) -> dict[str, Any]:
    """The edition as a schema.org ``Book``."""
    return {
        "@type": "Book",
        "name": edition.title,
        "bookEdition": edition.version,
        "version": edition.version,
        "datePublished": edition.issued,
        "inLanguage": edition_item(edition)["language"],
        "publisher": {"@type": "Organization", "name": edition.editors},
    }


def _json_ld(data: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">\n{script_json(data, indent=1)}\n</script>\n'


# schema.org types of the register's entries, for a page's "mentions".
MENTION_TYPES = {"person": "Person", "place": "Place", "event": "Event"}


def mentions(source: Source, register: Register, edition: Edition) -> list[dict[str, Any]]:
    """What the document names or reports, as schema.org things with their register
    addresses: each entry once, in the order of its first mention."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _paragraph, entry_id in entries_in_reading_order(source):
        entry = register.entries.get(entry_id)
        if entry is None or entry.id in seen:
            continue
        seen.add(entry.id)
        kind = entry.type if entry.kind == "actor" else "event"
        page = "register/actors" if entry.kind == "actor" else "register/events"
        url = edition.url(page, entry.id) or f"../{page}.html#{entry.id}"
        thing = {"@type": MENTION_TYPES.get(kind, "Organization"), "name": entry.name, "url": url}
        same_as = wikidata_url(entry)
        if same_as:
            thing["sameAs"] = same_as
        found.append(thing)
    return found


def head_metadata(source: Source, edition: Edition, register: Register | None = None) -> str:
    """Highwire Press ``citation_*`` tags and schema.org JSON-LD for a document page: the
    document as a part of the edition, published with the edition's version, as in the
    downloads. The original's own date has no Highwire tag (reference managers would take
    it for the date of publication); the JSON-LD gives it as ``dateCreated``, the CSL-JSON
    as ``original-date``, the BibTeX as ``origdate``."""
    meta = source.meta
    tags = [_meta("citation_title", document_title(source))]
    if meta.authorship == "named":
        tags += [_meta("citation_author", author.name) for author in meta.authors]
    tags += [
        _meta("citation_publication_date", edition.issued.replace("-", "/")),
        _meta("citation_inbook_title", edition.title),
        _meta("citation_book_title", edition.title),
        _meta("citation_publisher", edition.editors),
        _meta("citation_editor", edition.editors),
        _meta("citation_language", meta.language),
        _meta("citation_version", edition.version),
    ]
    url = edition.url(source.docname)
    if url:
        tags.append(_meta("citation_public_url", url))
    if edition.pdf_url:
        tags.append(_meta("citation_pdf_url", edition.pdf_url))
    work: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": document_title(source),
        "inLanguage": meta.language,
        "datePublished": edition.issued,
        "version": edition.version,
        "isPartOf": _book(edition),
        "workTranslation": {
            "@type": "CreativeWork",
            "translationOfWork": {"@id": url} if url else {"name": document_title(source)},
            "inLanguage": meta.translation_language,
            "translator": {"@type": "Organization", "name": edition.editors},
        },
        "editor": {"@type": "Organization", "name": edition.editors},
    }
    if register is not None:
        work["mentions"] = mentions(source, register, edition)
    if meta.date:
        work["dateCreated"] = str(meta.date.start)  # the original's date
    if meta.authorship == "named":
        work["author"] = [{"@type": "Person", "name": a.name} for a in meta.authors]
    if url:
        work["url"] = url
    tags.append(_json_ld(work))
    return "".join(tags)


def edition_head_metadata(edition: Edition) -> str:
    """The whole edition's ``citation_*`` tags and JSON-LD, for the pages that stand for it
    (the index and the How-to-cite page): the same data as ``cite/edition.*``."""
    item = edition_item(edition)
    tags = [
        _meta("citation_title", edition.title),
        _meta("citation_publication_date", edition.issued.replace("-", "/")),
        _meta("citation_publisher", edition.editors),
        _meta("citation_language", item["language"]),
        _meta("citation_version", edition.version),
    ]
    url = edition.url("index")
    if url:
        tags.append(_meta("citation_public_url", url))
    book: dict[str, Any] = {"@context": "https://schema.org", **_book(edition)}
    if url:
        book["url"] = url
    tags.append(_json_ld(book))
    return "".join(tags)


def cite_data(source: Source, edition: Edition) -> dict[str, Any]:
    """What edition.js needs to compose "cite this paragraph" and "cite this note"."""
    item = document_item(source, edition)
    return {
        "citation": format_reference(item),
        "bibtex": to_bibtex(item),
        "url": edition.url(source.docname),
        "local": edition.base_url is None,
        "version": edition.version,
    }
