"""The edition's TEI written out: indented for a human reader where an element holds only
elements, and each element that a DTS passage needs kept as written, so that the file
is not parsed again for them. ElementTree's own writer walks a tree twice (once for its
namespaces) and is called once per element; this one knows the edition's two namespaces."""

from __future__ import annotations

from dataclasses import dataclass

from .tei_xml import TEI, XML, Element

# Elements that hold only other elements: indented for a human reader. Everything else may
# hold text (a paragraph, a note's body), where added whitespace would change the text.
STRUCTURAL = {
    "TEI",
    "teiHeader",
    "fileDesc",
    "titleStmt",
    "respStmt",
    "editionStmt",
    "publicationStmt",
    "availability",
    "sourceDesc",
    "bibl",
    "encodingDesc",
    "editorialDecl",
    "refsDecl",
    "citeStructure",
    "profileDesc",
    "langUsage",
    "standOff",
    "listAnnotation",
    "text",
    "group",
    "body",
    "listBibl",
    "listPerson",
    "listOrg",
    "listPlace",
    "listEvent",
    "person",
    "org",
    "place",
    "event",
    "note",
    "list",
    "state",
    "gap",
}


def _indent(element: Element, level: int = 0) -> None:
    local = element.tag.rpartition("}")[2]
    mixed = (element.text or "").strip() or any((c.tail or "").strip() for c in element)
    if local not in STRUCTURAL or mixed or not len(element):
        return
    pad = "\n" + " " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + " " * level


def serialise(root: Element, passages: dict[str, Passage] | None = None) -> bytes:
    """The TEI file; with ``passages``, also each element with an ``xml:id`` among its
    keys, as written in the file (the DTS passages, without writing them twice)."""
    _indent(root)
    body = xml_text(root, declare=True, passages=passages)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


@dataclass
class Passage:
    """An element of a TEI file as written there, and the language declared around it."""

    xml: str = ""
    language: str | None = None


def _escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str) -> str:
    value = _escape_text(value)
    for raw, escaped in (('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#09;")):
        if raw in value:
            value = value.replace(raw, escaped)
    return value


_TEI_PREFIX, _XML_PREFIX = f"{{{TEI}}}", f"{{{XML}}}"
_XML_ID, _XML_LANG = f"{_XML_PREFIX}id", f"{_XML_PREFIX}lang"
_written_names: dict[str, str] = {}


def _local_name(name: str) -> str:
    """A TEI element's or attribute's name as written (the TEI namespace is the default one)."""
    written = _written_names.get(name)
    if written is None:
        if name.startswith(_TEI_PREFIX):
            written = name[len(_TEI_PREFIX) :]
        elif name.startswith(_XML_PREFIX):
            written = "xml:" + name[len(_XML_PREFIX) :]
        elif name.startswith("{"):
            raise ValueError(f"not a TEI name: {name}")
        else:
            written = name
        _written_names[name] = written
    return written


def xml_text(
    element: Element, declare: bool = False, passages: dict[str, Passage] | None = None
) -> str:
    """``element`` (without its tail) as XML text, as ElementTree writes it, with the TEI
    namespace as the default one (declared on it if ``declare``); each element whose
    ``xml:id`` is a key of ``passages`` is kept there as written."""
    out: list[str] = []

    def write(node: Element, namespace: str, language: str | None) -> None:
        name = _local_name(node.tag)
        identifier = node.get(_XML_ID)
        passage = passages.get(identifier) if passages and identifier else None
        start = len(out)
        language = node.get(_XML_LANG) or language
        out.append(f"<{name}{namespace}")
        for key, value in node.items():
            out.append(f' {_local_name(key)}="{_escape_attribute(value)}"')
        if node.text or len(node):
            out.append(">")
            if node.text:
                out.append(_escape_text(node.text))
            for child in node:
                write(child, "", language)
                if child.tail:
                    out.append(_escape_text(child.tail))
            out.append(f"</{name}>")
        else:
            out.append(" />")
        if passage is not None:
            passage.xml, passage.language = "".join(out[start:]), language

    write(element, f' xmlns="{TEI}"' if declare else "", None)
    return "".join(out)
