"""Everything the edition publishes for other tools, by path in the site: the TEI files
(``tei/``), the static DTS endpoint built on them (``dts/``) and the notes as Web
Annotations and for Hypothesis (``annotations/``)."""

from __future__ import annotations

from typing import Any

from ..core.model import Source
from ..data.project import Project
from .citation import Edition
from .dts import CitableUnit, DtsCollection, DtsResource, dts_files
from .tei_bibliography import bibliography_labels, bibliography_tei
from .tei_document import citable_blocks, document_tei
from .tei_register import register_tei
from .web_annotation import annotation_files

TEI_DIR = "tei"
ANNOTATIONS_DIR = "annotations"
DTS_DIR = "dts"


def _url(edition: Edition, path: str) -> str | None:
    return f"{edition.base_url.rstrip('/')}/{path}" if edition.base_url else None


def _resource(source: Source, tei: bytes) -> DtsResource:
    meta = source.meta
    units = tuple(
        CitableUnit(
            identifier=block.reference,
            cite_type=block.unit,
            parent=block.parent,
            level=1 if block.parent is None else 2,
            element_id=block.element_id,
        )
        for block in citable_blocks(source)
    )
    dublin_core: dict[str, Any] = {
        "language": [meta["language"], meta["translation_language"]],
        "creator": [a["name"] for a in meta.get("authors") or []] or [meta["authorship"]],
    }
    if meta.get("date"):
        dublin_core["date"] = str(meta["date"]["from"])
    return DtsResource(
        identifier=source.slug,
        title=meta["editorial_title"],
        description=meta["genre"],
        dublin_core=dublin_core,
        cite_structure={
            "citeType": "text",
            "citeStructure": [{"@type": "CiteStructure", "citeType": "paragraph"}],
        },
        units=units,
        tei=tei,
    )


def standard_exports(project: Project, edition: Edition, bib_text: str) -> dict[str, bytes]:
    """Every file of ``tei/`` and ``dts/``, by its path in the site."""
    files: dict[str, bytes] = {}
    resources = []
    labels = bibliography_labels(bib_text)
    for slug, source in sorted(project.sources.items()):
        page = _url(edition, f"{source.docname}.html")
        tei = document_tei(source, project.register, edition, labels, page)
        files[f"{TEI_DIR}/{slug}.xml"] = tei
        resources.append(_resource(source, tei))
        files.update(annotation_files(source, edition, labels))
    files[f"{TEI_DIR}/register.xml"] = register_tei(
        project.register, edition, _url(edition, f"{TEI_DIR}/register.xml")
    )
    files[f"{TEI_DIR}/bibliography.xml"] = bibliography_tei(
        bib_text, edition, _url(edition, f"{TEI_DIR}/bibliography.xml")
    )
    collection = DtsCollection("edition", edition.title, None, tuple(resources))
    for path, content in dts_files(collection, _url(edition, f"{DTS_DIR}/")).items():
        files[f"{DTS_DIR}/{path}"] = content
    return files
