"""The register as TEI (``tei/register.xml``): ``<listPerson>``, ``<listOrg>``,
``<listPlace>`` and ``<listEvent>``, each entry with its ``xml:id`` (the register's ID),
every name form with its language, roles with their dates, event dates with precision."""

from __future__ import annotations

from ..core.register_entry import EventDate
from ..core.vocabulary import LANGUAGES
from ..data.register import Entry, Register, wikidata_id
from .citation import Edition
from .tei_serialise import serialise
from .tei_xml import (
    CERTAINTY,
    Element,
    editors_statement,
    plain_myst,
    publication_statement,
    sub,
    tei,
    xml_id,
)

# Register type -> (list element, entry element, name element)
SHAPES = {
    "person": ("listPerson", "person", "persName"),
    "state": ("listOrg", "org", "orgName"),
    "organisation": ("listOrg", "org", "orgName"),
    "media": ("listOrg", "org", "orgName"),
    "place": ("listPlace", "place", "placeName"),
    "event": ("listEvent", "event", "label"),
}
ORDER = ("listPerson", "listOrg", "listPlace", "listEvent")


def event_dates(date: EventDate | None) -> dict[str, str]:
    """TEI dating attributes of a register event: ``@when`` for one day (or month, year),
    ``@from``/``@to`` for a span, ``@notBefore``/``@notAfter`` with ``@cert="low"`` when
    the date is approximate."""
    if date is None:
        return {}
    start, end = date.start, date.end or ""
    if date.precision == "approximate":
        return {"notBefore": start, "notAfter": end or start, "cert": "low"}
    if end and end != start:
        return {"from": start, "to": end}
    return {"when": start}


def _names(element: Element, tag: str, entry: Entry) -> None:
    sub(element, tag, {"type": "main", "xml:lang": "en"}, entry.name)
    hangul = entry.hangul
    # The Hangul form carries how far the editors checked it.
    checked = {"cert": CERTAINTY[entry.hangul_status]}
    for lang in LANGUAGES:
        for form in entry.names.get(lang, []):
            if form != entry.name or lang != "en":
                extra = checked if lang == "ko" and form == hangul else {}
                sub(element, tag, {"type": "form", "xml:lang": lang, **extra}, form)
    if hangul and hangul not in entry.names.get("ko", []):
        sub(element, tag, {"type": "form", "xml:lang": "ko", **checked}, hangul)


def _entry(entry: Entry) -> tuple[str, Element]:
    kind = entry.type if entry.kind == "actor" else "event"
    listing, tag, name_tag = SHAPES.get(kind, SHAPES["organisation"])
    element = tei(tag, {"xml:id": xml_id(entry.id)})
    if kind == "event":
        element.attrib.update(event_dates(entry.date))
    elif kind != "person":  # a <person> has no @type; its element says it
        element.set("type", kind)
    _names(element, name_tag, entry)
    qid = wikidata_id(entry)
    if qid:
        sub(element, "idno", {"type": "wikidata"}, qid)
    for role in entry.roles:
        dates = {k: v for k, v in (("from", role.start), ("to", role.end)) if v is not None}
        occupation = sub(element, "occupation" if kind == "person" else "state", dates)
        if kind == "person":
            occupation.text = role.title
        else:
            sub(occupation, "label", text=role.title)
    if kind == "event" and entry.place:
        sub(sub(element, "desc", {"type": "place"}), "placeName", text=entry.place)
    description = sub(element, "note", {"type": "description"}, plain_myst(entry.description))
    for participant in entry.participants:
        sub(description, "ref", {"type": "participant", "target": f"#{xml_id(participant)}"})
    return listing, element


def register_tei(register: Register, edition: Edition, url: str | None) -> bytes:
    root = tei("TEI", {"xml:lang": "en"})
    header = sub(root, "teiHeader")
    file_desc = sub(header, "fileDesc")
    file_desc.append(editors_statement(f"{edition.title}: register", edition, "compiled by"))
    file_desc.append(publication_statement(edition, url))
    sub(sub(file_desc, "sourceDesc"), "p", text="Born digital: the edition's register.")
    body = sub(sub(root, "text"), "body")
    lists: dict[str, Element] = {}
    entries = sorted(register.entries.values(), key=lambda e: (e.sort_date, e.sort_name))
    for entry in entries:
        listing, element = _entry(entry)
        lists.setdefault(listing, tei(listing)).append(element)
    for listing in ORDER:
        if listing in lists:
            body.append(lists[listing])
    return serialise(root)
