"""A static DTS 1.0 endpoint (Level 0): every response a client can reach, as files.

The Distributed Text Services API (https://dtsapi.org/specifications/, version 1.0) allows
a Level 0 server made of static files; its URI templates then put the parameters in the
path, as the specification's example for static sites does. From the TEI of each document:
``index.jsonld`` (the entry point), ``collection{/id}{;nav}.jsonld``,
``navigation/{resource}{;down}{/ref}.jsonld`` (every ``down`` that gives a different
answer: 1 up to the tree's depth, -1, and 0 with a text's ``ref``; a paragraph has only
its own response) and
``document/{resource}{/ref}.xml`` (the whole TEI, or a unit in a ``dts:wrapper``). The
limits (no ranges, one tree, TEI only, the host's 404) are on the How-to-cite page. Links
are relative to the file they are in unless the site's address is known, so that the
endpoint works wherever the site is copied.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from typing import Any

from .dts_layout import (
    COLLECTION_TEMPLATE,
    DOCUMENT_TEMPLATE,
    ENTRY_FILE,
    NAVIGATION_TEMPLATE,
    Addresses,
    expand,
)
from .dts_model import (
    CitableUnit,
    CollectionHead,
    DtsCollection,
    DtsResource,
    FileItem,
)
from .dts_passages import passage_files

DTS_CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"


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
    for reference, passage in passage_files(resource).items():
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


__all__ = [  # the model, with the files made from it
    "COLLECTION_TEMPLATE",
    "DOCUMENT_TEMPLATE",
    "ENTRY_FILE",
    "NAVIGATION_TEMPLATE",
    "CitableUnit",
    "CollectionHead",
    "DtsCollection",
    "DtsResource",
    "collection_files",
    "dts_files",
    "expand",
    "resource_files",
]
