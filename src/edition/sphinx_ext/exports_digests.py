"""What each part of the exports is made from, as one digest per part: equal digests,
equal files (see :mod:`edition.sphinx_ext.standard_exports`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data.bibliography import BIB_FILE
from ..data.parse_cache import PARSING_CODE, code_digest
from ..products.citation import Edition
from ..products.standard_exports import (
    BIBLIOGRAPHY_PART,
    COLLECTION_PART,
    REGISTER_PART,
    document_part,
    dts_collection,
)
from .data_dependencies import keys_by_name

if TYPE_CHECKING:
    from ..data.project import Project


def _digest_of_files(digest: Any, files: list[tuple[str, str | Path]]) -> None:
    """Each file's name and content: the key of its bytes where the data's load read it
    (a str), else the bytes read now (a Path)."""
    for name, file in files:
        content = file.encode() if isinstance(file, str) else file.read_bytes()
        digest.update(name.encode("utf-8") + b"\0" + content + b"\0")


def _files_under(folder: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    """The files under ``folder`` (their names relative to it, and their paths), not
    hidden, links not followed (the loader refuses links); the entries' types come with
    the listing, without a stat each."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir():
                yield from _files_under(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.path


def _files_by_source(project: Project) -> dict[str, list[tuple[str, str | Path]]]:
    """The files under the sources folder (name relative to it, and the key of its bytes
    or its path), sorted, by the source whose folder they are in ("" for those in none:
    the register and the other shared files). Where the data's load keyed the files it
    read, those are the files, listed without a look at the disk: what the exports are
    made from is what the load read (a file absent is keyed too). Else the folder is
    walked, and its files read."""
    sources_dir, slugs = project.sources_dir, set(project.documents)
    files: dict[str, list[tuple[str, str | Path]]] = {}

    def add(name: str, file: str | Path) -> None:
        folder, inside, _ = name.partition("/")
        files.setdefault(folder if inside and folder in slugs else "", []).append((name, file))

    if project.file_keys:
        prefix = f"{sources_dir.relative_to(project.root).as_posix()}/"
        for name, key in keys_by_name(project).items():
            if name.startswith(prefix):
                add(name[len(prefix) :], key)
    elif sources_dir.is_dir():
        for name, found in _files_under(str(sources_dir)):
            add(name, Path(found))
    return {slug: sorted(found, key=lambda file: file[0]) for slug, found in files.items()}


def _hex(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def part_digests(project: Project, edition: Edition) -> dict[str, str]:
    """For each part of the exports, a digest of everything it is made from: the code that
    makes them and the edition's settings; the register and the other files shared by the
    sources; the bibliography; a document's own folder, and those of the documents its
    notes link to (a link shows their numbers); the collection's descriptions of the
    documents. Equal digests, equal files."""
    common = _hex(repr(edition), code_digest(*PARSING_CODE, "products"))
    files = _files_by_source(project)
    shared = hashlib.sha256()
    _digest_of_files(shared, files.pop("", []))
    bibliography = hashlib.sha256()
    _digest_of_files(bibliography, [(BIB_FILE, project.bib_path)])
    own = {}
    for slug in project.documents:
        digest = hashlib.sha256()
        _digest_of_files(digest, files.get(slug, []))
        own[slug] = digest.hexdigest()
    slugs = " ".join(sorted(project.documents))
    digests = {
        REGISTER_PART: _hex(common, shared.hexdigest()),
        BIBLIOGRAPHY_PART: _hex(common, bibliography.hexdigest()),
        COLLECTION_PART: _hex(common, repr(dts_collection(project, edition))),
    }
    for slug, document in project.documents.items():
        linked = sorted({target for note in document.notes for target, _ in note.links} - {slug})
        digests[document_part(slug)] = _hex(
            common,
            shared.hexdigest(),
            bibliography.hexdigest(),
            slugs,
            own[slug],
            *(own.get(target, "") for target in linked),
        )
    return digests
