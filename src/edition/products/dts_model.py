"""What a static DTS endpoint is made from: a collection of resources, each with its TEI
and its citation tree in document order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .tei_serialise import Passage


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
