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

import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

from .dts_layout import (
    COLLECTION_TEMPLATE,
    DOCUMENT_TEMPLATE,
    ENTRY_FILE,
    NAVIGATION_TEMPLATE,
    Addresses,
    expand,
)
from .tei_xml import Passage, xml_text

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
    # Each unit's element as written in the TEI file, by xml:id, when the file's writer
    # kept them (else they are read from the file).
    passages: dict[str, Passage] | None = None

    @property
    def depth(self) -> int:
        return max((unit.level for unit in self.units), default=0)


@dataclass(frozen=True)
class CollectionHead:
    """What a resource's files say of the collection that holds it."""

    identifier: str
    title: str
    description: str | None
    size: int  # how many resources it holds


@dataclass(frozen=True)
class DtsCollection:
    identifier: str
    title: str
    description: str | None
    resources: tuple[DtsResource, ...]

    @property
    def head(self) -> CollectionHead:
        return CollectionHead(self.identifier, self.title, self.description, len(self.resources))


FileItem = tuple[str, bytes]  # a file's path under dts/, and its content


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


def _collection_json(collection: CollectionHead, templates: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@id": collection.identifier,
        "@type": "Collection",
        "title": collection.title,
        "totalParents": 0,
        "totalChildren": collection.size,
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


def _subtree(
    resource: DtsResource, depth: int, ref: CitableUnit | None, down: int
) -> list[CitableUnit]:
    """The units under ``ref`` (or the root) down to ``down`` levels (-1: all), in order."""
    top = ref.level if ref else 0
    bottom = depth if down == -1 else top + down
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


def _navigation_requests(resource: DtsResource) -> list[tuple[CitableUnit | None, int | None]]:
    """The (ref, down) pairs published: every one that gives a different answer, except
    that the units of the last level (the paragraphs, a few hundred per document) have only
    their own response: their siblings (down=0) are their text's members (down=1) and
    nothing is below them (down=-1 would list the unit alone): a Level 0 limit."""
    depth = resource.depth
    requests: list[tuple[CitableUnit | None, int | None]] = [
        (None, down) for down in (*range(1, depth + 1), -1)
    ]
    for unit in resource.units:
        requests.append((unit, None))
        if unit.level < depth:
            below = (*range(1, depth - unit.level + 1), -1)
            requests += [(unit, 0)] + [(unit, down) for down in below]
    return requests


def _navigation_files(
    resource: DtsResource, addresses: Addresses
) -> Iterator[tuple[str, dict[str, Any]]]:
    depth = resource.depth
    resource_json: dict[str, dict[str, Any]] = {}  # by folder: its links are relative to it
    for ref, down in _navigation_requests(resource):
        path = expand(
            NAVIGATION_TEMPLATE,
            resource=resource.identifier,
            down=down,
            ref=ref.identifier if ref else None,
        )
        folder = posixpath.dirname(path)
        if folder not in resource_json:
            templates = addresses.templates(path, resource=resource.identifier)
            resource_json[folder] = _resource_json(resource, templates)
        response: dict[str, Any] = {
            **_head("Navigation"),
            "@id": addresses.link(path, path),
            "resource": resource_json[folder],
        }
        if ref is not None:
            response["ref"] = _unit_json(ref)
        if down is not None:
            members = _siblings(resource, ref) if down == 0 and ref else None
            if members is None:
                members = _subtree(resource, depth, ref, down)
            response["member"] = [_unit_json(unit) for unit in members]
        yield path, response


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


def _passages(resource: DtsResource) -> dict[str, bytes]:
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


def resource_files(
    resource: DtsResource, collection: CollectionHead, base_url: str | None = None
) -> Iterator[FileItem]:
    """The files of one resource (its collection entries, navigation and passages), made as
    soon as its TEI is: they need nothing from the other resources."""
    addresses = Addresses(base_url)
    for nav in (None, "children", "parents"):
        path = expand(COLLECTION_TEMPLATE, id=resource.identifier, nav=nav)
        templates = addresses.templates(path, resource=resource.identifier)
        own = _resource_json(resource, templates)
        parent = _collection_json(collection, addresses.templates(path))
        yield path, _json({**_head(), **own, "member": [parent] if nav == "parents" else []})
    for path, response in _navigation_files(resource, addresses):
        yield path, _json(response)
    yield expand(DOCUMENT_TEMPLATE, resource=resource.identifier), resource.tei
    for reference, passage in _passages(resource).items():
        yield expand(DOCUMENT_TEMPLATE, resource=resource.identifier, ref=reference), passage


def collection_files(collection: DtsCollection, base_url: str | None = None) -> Iterator[FileItem]:
    """The entry point and the collection's own files (which list every resource)."""
    addresses = Addresses(base_url)
    entry = {
        **_head("EntryPoint"),
        "@id": addresses.link(ENTRY_FILE, ENTRY_FILE),
        **addresses.templates(ENTRY_FILE),
    }
    yield ENTRY_FILE, _json(entry)
    for id_ in (None, collection.identifier):
        for nav in (None, "children", "parents"):
            path = expand(COLLECTION_TEMPLATE, id=id_, nav=nav)
            templates = addresses.templates(path)
            members = (
                [
                    _resource_json(r, addresses.templates(path, resource=r.identifier))
                    for r in collection.resources
                ]
                if nav in (None, "children")
                else []
            )
            own = _collection_json(collection.head, templates)
            yield path, _json({**_head(), **own, "member": members})


def dts_files(collection: DtsCollection, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the endpoint, by its path under ``dts/``."""
    files = dict(collection_files(collection, base_url))
    for resource in collection.resources:
        files.update(resource_files(resource, collection.head, base_url))
    return files
