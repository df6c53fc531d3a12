"""A static DTS 1.0 endpoint (Level 0): every response a client can reach, as files.

The Distributed Text Services API (https://dtsapi.org/specifications/, version 1.0) allows
a Level 0 server made of static files; its URI templates then put the parameters in the
path, as the specification's example for static sites does. From the TEI of each document:
``index.jsonld`` (the entry point), ``collection{/id}{;nav}.jsonld``,
``navigation/{resource}{;down}{/ref}.jsonld`` (every ``down`` that gives a different
answer: 1 up to the tree's depth, -1, and 0 with a ``ref``) and
``document/{resource}{/ref}.xml`` (the whole TEI, or a unit in a ``dts:wrapper``). The
limits (no ranges, one tree, TEI only, the host's 404) are on the How-to-cite page. Links
are relative to the file they are in unless the site's address is known, so that the
endpoint works wherever the site is copied.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from .dts_layout import (
    COLLECTION_TEMPLATE,
    DOCUMENT_TEMPLATE,
    ENTRY_FILE,
    NAVIGATION_TEMPLATE,
    Addresses,
    expand,
)

DTS_CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
DTS_NAMESPACE = "https://w3id.org/api/dts#"
TEI_NAMESPACE = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class CitableUnit:
    """One node of a document's citation tree, in document order."""

    identifier: str  # the DTS reference, e.g. "source.p3"
    cite_type: str  # e.g. "paragraph"
    parent: str | None
    level: int  # 1 for the tree's first level
    element_id: str  # the xml:id of the TEI element that holds the unit


@dataclass(frozen=True)
class DtsResource:
    """One document of the collection."""

    identifier: str  # the document's slug: static templates need a path segment
    title: str
    description: str | None
    dublin_core: dict[str, Any]
    cite_structure: dict[str, Any]  # the citation tree's shape: {"citeType", "citeStructure"}
    units: tuple[CitableUnit, ...]
    tei: bytes  # the whole TEI file

    @property
    def depth(self) -> int:
        return max((unit.level for unit in self.units), default=0)


@dataclass(frozen=True)
class DtsCollection:
    identifier: str
    title: str
    description: str | None
    resources: tuple[DtsResource, ...]


def _json(data: dict[str, Any]) -> bytes:
    # Compact: json's C encoder serves no indent (thousands of navigation files).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _head(type_: str | None = None) -> dict[str, Any]:
    return {"@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION} | (
        {"@type": type_} if type_ else {}
    )


def _citation_tree(resource: DtsResource) -> dict[str, Any]:
    return {"@type": "CitationTree", **resource.cite_structure}


def _resource_json(resource: DtsResource, templates: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@id": resource.identifier,
        "@type": "Resource",
        "title": resource.title,
        "totalParents": 1,
        "totalChildren": 0,
        "citationTrees": [_citation_tree(resource)],
        **templates,
    }
    if resource.description:
        data["description"] = resource.description
    if resource.dublin_core:
        data["dublinCore"] = resource.dublin_core
    return data


def _collection_json(collection: DtsCollection, templates: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@id": collection.identifier,
        "@type": "Collection",
        "title": collection.title,
        "totalParents": 0,
        "totalChildren": len(collection.resources),
        "collection": templates["collection"],
    }
    if collection.description:
        data["description"] = collection.description
    return data


def _unit_json(unit: CitableUnit) -> dict[str, Any]:
    return {
        "@type": "CitableUnit",
        "identifier": unit.identifier,
        "citeType": unit.cite_type,
        "level": unit.level,
        "parent": unit.parent,
    }


def _subtree(resource: DtsResource, ref: CitableUnit | None, down: int) -> list[CitableUnit]:
    """The units under ``ref`` (or the root) down to ``down`` levels (-1: all), in order."""
    top = ref.level if ref else 0
    bottom = resource.depth if down == -1 else top + down
    if ref is None:
        inside = list(resource.units)
    else:
        start = resource.units.index(ref)
        inside = [ref]
        for unit in resource.units[start + 1 :]:
            if unit.level <= ref.level:
                break
            inside.append(unit)
    # The unit itself is part of its own subtree (as in the reference implementation).
    return [unit for unit in inside if (unit is ref or top < unit.level) and unit.level <= bottom]


def _siblings(resource: DtsResource, ref: CitableUnit) -> list[CitableUnit]:
    return [unit for unit in resource.units if unit.parent == ref.parent]


def _navigation_files(
    resource: DtsResource, addresses: Addresses
) -> Iterator[tuple[str, dict[str, Any]]]:
    downs = [*range(1, resource.depth + 1), -1]
    requests: list[tuple[CitableUnit | None, int | None]] = [(None, down) for down in downs]
    for unit in resource.units:
        # Under a unit, only the levels below it: from a paragraph, -1 says all there is.
        below = [*range(1, resource.depth - unit.level + 1), -1]
        # A paragraph's siblings (down=0) are its text's members (down=1): published once
        # there, not again for each of a few hundred paragraphs (a Level 0 limit).
        siblings = [(unit, 0)] if unit.level < resource.depth else []
        requests += [(unit, None), *siblings] + [(unit, down) for down in below]
    for ref, down in requests:
        path = expand(
            NAVIGATION_TEMPLATE,
            resource=resource.identifier,
            down=down,
            ref=ref.identifier if ref else None,
        )
        templates = addresses.templates(path, resource=resource.identifier)
        response: dict[str, Any] = {
            **_head("Navigation"),
            "@id": addresses.link(path, path),
            "resource": _resource_json(resource, templates),
        }
        if ref is not None:
            response["ref"] = _unit_json(ref)
        if down is not None:
            members = _siblings(resource, ref) if down == 0 and ref else None
            if members is None:
                members = _subtree(resource, ref, down)
            response["member"] = [_unit_json(unit) for unit in members]
        yield path, response


def _passages(resource: DtsResource) -> dict[str, bytes]:
    """Each unit's TEI element in a ``dts:wrapper`` inside a ``TEI`` root, by reference."""
    ElementTree.register_namespace("", TEI_NAMESPACE)
    ElementTree.register_namespace("dts", DTS_NAMESPACE)
    tree = ElementTree.fromstring(resource.tei)
    parents = {child: parent for parent in tree.iter() for child in parent}
    by_id = {node.get(XML_ID): node for node in tree.iter() if node.get(XML_ID)}
    passages = {}
    for unit in resource.units:
        found = by_id.get(unit.element_id)
        if found is None:
            raise ValueError(f"{resource.identifier}: no element with xml:id {unit.element_id!r}")
        # The unit's language is declared on the text around it: carry it to the wrapper.
        language, node = None, found  # type: str | None, ElementTree.Element | None
        while node is not None and language is None:
            language = node.get(XML_LANG)
            node = parents.get(node)
        element = copy.deepcopy(found)
        element.tail = None
        root = ElementTree.Element(f"{{{TEI_NAMESPACE}}}TEI")
        wrapper = ElementTree.SubElement(root, f"{{{DTS_NAMESPACE}}}wrapper", ref=unit.identifier)
        if language:
            wrapper.set(XML_LANG, language)
        wrapper.append(element)
        passages[unit.identifier] = b'<?xml version="1.0" encoding="UTF-8"?>\n' + (
            ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
        )
    return passages


def dts_files(collection: DtsCollection, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the endpoint, by its path under ``dts/``."""
    addresses = Addresses(base_url)
    files: dict[str, bytes] = {}
    entry = {
        **_head("EntryPoint"),
        "@id": addresses.link(ENTRY_FILE, ENTRY_FILE),
        **addresses.templates(ENTRY_FILE),
    }
    files[ENTRY_FILE] = _json(entry)

    def collection_file(path: str, nav: str) -> bytes:
        templates = addresses.templates(path)
        members = (
            [
                _resource_json(r, addresses.templates(path, resource=r.identifier))
                for r in collection.resources
            ]
            if nav == "children"
            else []
        )
        return _json({**_head(), **_collection_json(collection, templates), "member": members})

    for id_ in (None, collection.identifier):
        for nav in (None, "children", "parents"):
            path = expand(COLLECTION_TEMPLATE, id=id_, nav=nav)
            files[path] = collection_file(path, nav or "children")
    for resource in collection.resources:
        for nav in (None, "children", "parents"):
            path = expand(COLLECTION_TEMPLATE, id=resource.identifier, nav=nav)
            templates = addresses.templates(path, resource=resource.identifier)
            own = _resource_json(resource, templates)
            parent = _collection_json(collection, addresses.templates(path))
            files[path] = _json({**_head(), **own, "member": [parent] if nav == "parents" else []})
        for path, response in _navigation_files(resource, addresses):
            files[path] = _json(response)
        files[expand(DOCUMENT_TEMPLATE, resource=resource.identifier)] = resource.tei
        for reference, passage in _passages(resource).items():
            path = expand(DOCUMENT_TEMPLATE, resource=resource.identifier, ref=reference)
            files[path] = passage
    return files
