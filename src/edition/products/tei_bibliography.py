"""The edition's bibliography as TEI (``tei/bibliography.xml``: one ``<listBibl>``), and the
short author–date labels by which the notes' citations read in the TEI files."""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.backends.plaintext import Backend
from pybtex.richtext import Text

from ..data.bibliography import BibEntry, parse_bibliography
from .citation import Edition
from .tei_serialise import serialise
from .tei_xml import editors_statement, publication_statement, sub, tei, xml_id

# BibTeX fields and the TEI element each becomes inside <bibl>.
FIELDS = {
    "title": "title",
    "journaltitle": "title",
    "journal": "title",
    "booktitle": "title",
    "publisher": "publisher",
    "organization": "publisher",
    "institution": "publisher",
    "date": "date",
    "year": "date",
    "url": "ptr",
    "doi": "idno",
    "issn": "idno",
    "note": "note",
}
LEVELS = {"journaltitle": "j", "journal": "j", "booktitle": "m", "title": "a"}
# Text.render_as("text") looks the backend up among the installed entry points on every
# call (15 ms each): one backend serves them all.
PLAIN_TEXT = Backend()


def plain(value: str) -> str:
    """A BibTeX value as the reader sees it (braces and LaTeX escapes resolved)."""
    try:
        return " ".join(Text.from_latex(value).render(PLAIN_TEXT).split())
    except Exception:  # pybtex refuses unbalanced braces: the check reports those
        return " ".join(value.replace("{", "").replace("}", "").split())


def _fields(entry: BibEntry) -> dict[str, str]:
    return {field.name.lower(): field.value for field in entry.fields}


def _label(entry: BibEntry) -> str:
    fields = _fields(entry)
    who = fields.get("author") or fields.get("editor")
    if who:
        first = plain(who).split(" and ")[0]
        name = first.split(",")[0] if "," in first else first.split()[-1]
    else:
        name = next(
            (
                plain(fields[f])
                for f in ("organization", "journaltitle", "publisher", "title")
                if f in fields
            ),
            entry.key,
        )
    year = re.match(r"\d{4}", plain(fields.get("date") or fields.get("year") or ""))
    return f"{name}, {year.group(0) if year else 'n.d.'}"


def bibliography_labels(bib_text: str) -> dict[str, str]:
    entries = parse_bibliography(bib_text, Path("bibliography.bib")).entries
    return {entry.key: _label(entry) for entry in entries if entry.key}


def bibliography_tei(bib_text: str, edition: Edition, url: str | None) -> bytes:
    root = tei("TEI", {"xml:lang": "en"})
    header = sub(root, "teiHeader")
    file_desc = sub(header, "fileDesc")
    file_desc.append(editors_statement(f"{edition.title}: bibliography", edition, "compiled by"))
    file_desc.append(publication_statement(edition, url))
    sub(sub(file_desc, "sourceDesc"), "p", text="Born digital: the edition's bibliography.bib.")
    listing = sub(sub(sub(root, "text"), "body"), "listBibl")
    for entry in parse_bibliography(bib_text, Path("bibliography.bib")).entries:
        if not entry.key:
            continue
        bibl = sub(listing, "bibl", {"xml:id": xml_id(entry.key), "type": entry.kind})
        fields = _fields(entry)
        for name in ("author", "editor"):
            for person in plain(fields.get(name, "")).split(" and "):
                if person:
                    sub(bibl, name, text=person)
        for name, tag in FIELDS.items():
            if name not in fields or (name == "year" and "date" in fields):
                continue
            value = plain(fields[name])
            if tag == "ptr":
                sub(bibl, "ptr", {"target": value})
            elif tag == "idno":
                sub(bibl, "idno", {"type": name.upper()}, value)
            elif tag == "title":
                sub(bibl, "title", {"level": LEVELS[name]}, value)
            elif tag == "date":
                when = {"when": value} if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) else {}
                sub(bibl, "date", when, value)
            else:
                sub(bibl, tag, text=value)
    return serialise(root)
