"""Everything the edition publishes for other tools, by path in the site: the TEI files
(``tei/``), the static DTS endpoint built on them (``dts/``) and the notes as Web
Annotations and for Hypothesis (``annotations/``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.model import Document, Source
from ..data.project import Project
from .citation import Edition
from .dts import (
    CitableUnit,
    CollectionHead,
    DtsCollection,
    DtsResource,
    collection_files,
    resource_files,
)
from .tei_bibliography import bibliography_labels, bibliography_tei
from .tei_document import citable_blocks, document_tei
from .tei_register import register_tei
from .tei_serialise import Passage
from .web_annotation import annotation_files

TEI_DIR = "tei"
ANNOTATIONS_DIR = "annotations"
DTS_DIR = "dts"
COLLECTION_ID = "edition"  # the one collection: every document of the edition


def _url(edition: Edition, path: str) -> str | None:
    return f"{edition.base_url.rstrip('/')}/{path}" if edition.base_url else None


def _units(source: Source) -> tuple[CitableUnit, ...]:
    return tuple(
        CitableUnit(
            identifier=block.reference,
            cite_type=block.unit,
            parent=block.parent,
            level=1 if block.parent is None else 2,
            element_id=block.element_id,
        )
        for block in citable_blocks(source)
    )


def _resource(
    source: Document | Source,
    units: tuple[CitableUnit, ...],
    tei: bytes,
    passages: dict[str, Passage] | None,
) -> DtsResource:
    meta = source.meta
    dublin_core: dict[str, Any] = {
        "language": [meta.language, meta.translation_language],
        "creator": [a.name for a in meta.authors] or [meta.authorship],
    }
    if meta.date:
        dublin_core["date"] = str(meta.date.start)
    return DtsResource(
        identifier=source.slug,
        title=meta.editorial_title,
        description=meta.genre,
        dublin_core=dublin_core,
        cite_structure={
            "citeType": "text",
            "citeStructure": [{"@type": "CiteStructure", "citeType": "paragraph"}],
        },
        units=units,
        tei=tei,
        passages=passages,
    )


# The parts the exports are made in: one per document (``document:<slug>``: its TEI, its
# annotations, its DTS resource), the register's and the bibliography's TEI, and the DTS
# collection that lists the documents. A part is made again only when what it is made from
# changed (see edition.sphinx_ext.standard_exports).
REGISTER_PART = "register"
BIBLIOGRAPHY_PART = "bibliography"
COLLECTION_PART = "collection"


def document_part(slug: str) -> str:
    return f"document:{slug}"


ALL = None  # every part


def dts_collection(project: Project, edition: Edition) -> DtsCollection:
    """The DTS collection of the edition: each document's description (not its text or
    units: the documents' texts are not read)."""
    documents = sorted(project.documents.items())
    resources = tuple(_resource(document, (), b"", None) for _, document in documents)
    return DtsCollection(COLLECTION_ID, edition.title, None, resources)


def iter_standard_exports(
    project: Project,
    edition: Edition,
    bib_text: str,
    parts: frozenset[str] | None = ALL,
    labels: dict[str, str] | None = None,
) -> Iterator[tuple[str, str, bytes]]:
    """Every file of ``tei/``, ``dts/`` and ``annotations/`` as (part, path in the site,
    content), each document's as soon as they are made (so that they can be written
    meanwhile); with ``parts``, only the files of those parts. ``labels``: the
    bibliography's labels, when they are known (:func:`bibliography_labels`)."""
    if labels is None:
        labels = bibliography_labels(bib_text)
    dts_url = _url(edition, f"{DTS_DIR}/")
    head = CollectionHead(COLLECTION_ID, edition.title, None, len(project.documents))
    for slug in sorted(project.documents):
        part = document_part(slug)
        if parts is not ALL and part not in parts:
            continue
        source = project.sources[slug]
        units = _units(source)
        page = _url(edition, f"{source.docname}.html")
        passages = {unit.element_id: Passage() for unit in units}
        tei = document_tei(source, project.register, edition, labels, page, passages)
        yield part, f"{TEI_DIR}/{slug}.xml", tei
        for path, content in annotation_files(source, edition, labels).items():
            yield part, path, content
        resource = _resource(source, units, tei, passages)
        for path, content in resource_files(resource, head, dts_url):
            yield part, f"{DTS_DIR}/{path}", content
    if parts is ALL or REGISTER_PART in parts:
        address = _url(edition, f"{TEI_DIR}/register.xml")
        register = register_tei(project.register, edition, address)
        yield REGISTER_PART, f"{TEI_DIR}/register.xml", register
    if parts is ALL or BIBLIOGRAPHY_PART in parts:
        address = _url(edition, f"{TEI_DIR}/bibliography.xml")
        bibliography = bibliography_tei(bib_text, edition, address)
        yield BIBLIOGRAPHY_PART, f"{TEI_DIR}/bibliography.xml", bibliography
    if parts is ALL or COLLECTION_PART in parts:
        for path, content in collection_files(dts_collection(project, edition), dts_url):
            yield COLLECTION_PART, f"{DTS_DIR}/{path}", content


def standard_exports(project: Project, edition: Edition, bib_text: str) -> dict[str, bytes]:
    """Every file of ``tei/``, ``dts/`` and ``annotations/``, by its path in the site."""
    return {path: content for _, path, content in iter_standard_exports(project, edition, bib_text)}
