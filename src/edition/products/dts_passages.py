"""The DTS document responses for the citable units: each unit's TEI element inside a
``dts:wrapper`` in a ``TEI`` root, with the language declared around it."""

from __future__ import annotations

from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

from .dts_model import DtsResource
from .tei_serialise import Passage, xml_text

DTS_NAMESPACE = "https://w3id.org/api/dts#"
TEI_NAMESPACE = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _read_passages(resource: DtsResource) -> dict[str, Passage]:
    """Each unit's element as the TEI file has it, by xml:id, with its language."""
    tree = ElementTree.fromstring(resource.tei)
    parents = {child: parent for parent in tree.iter() for child in parent}
    by_id = {node.get(XML_ID): node for node in tree.iter() if node.get(XML_ID)}
    passages = {}
    for unit in resource.units:
        found = by_id.get(unit.element_id)
        if found is None:
            continue
        # The unit's language is declared on the text around it.
        language, node = None, found  # type: str | None, ElementTree.Element | None
        while node is not None and language is None:
            language = node.get(XML_LANG)
            node = parents.get(node)
        passages[unit.element_id] = Passage(xml_text(found), language)
    return passages


def passage_files(resource: DtsResource) -> dict[str, bytes]:
    """Each unit's TEI element in a ``dts:wrapper`` inside a ``TEI`` root, by reference,
    the wrapper written as text around the element (tens of thousands of passages)."""
    kept = resource.passages if resource.passages is not None else _read_passages(resource)
    passages = {}
    for unit in resource.units:
        found = kept.get(unit.element_id)
        if found is None or not found.xml:
            raise ValueError(f"{resource.identifier}: no element with xml:id {unit.element_id!r}")
        lang = f" xml:lang={quoteattr(found.language)}" if found.language else ""
        passages[unit.identifier] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<TEI xmlns="{TEI_NAMESPACE}" xmlns:dts="{DTS_NAMESPACE}">'
            f"<dts:wrapper ref={quoteattr(unit.identifier)}{lang}>{found.xml}</dts:wrapper></TEI>"
        ).encode()
    return passages
