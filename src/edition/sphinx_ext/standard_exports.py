"""The files for other tools, written into the HTML site at the end of each build: the TEI
of every document, the register and the bibliography (``tei/``), the static DTS endpoint
(``dts/``) and the notes as Web Annotations (``annotations/``), made by
:mod:`edition.products.standard_exports` from the same data as the pages.

They are made in parts (a document's files, the register's TEI, the bibliography's TEI,
the DTS collection), and a part is made again only when what it is made from changed: a
record in the output folder (``.exports-manifest.json``) keeps each part's digest and
files, and the bibliography's labels with the digest they were made from. A damaged
record is not trusted (everything is made again); a file is written only when its content
changed; files no longer made (a document removed) are removed."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data.bibliography import BIB_FILE
from ..data.parse_cache import PARSING_CODE, code_digest
from ..products.citation import Edition
from ..products.output_files import read_json_object, write_if_changed
from ..products.standard_exports import (
    ANNOTATIONS_DIR,
    BIBLIOGRAPHY_PART,
    COLLECTION_PART,
    DTS_DIR,
    REGISTER_PART,
    TEI_DIR,
    document_part,
    dts_collection,
    iter_standard_exports,
)
from ..products.tei_bibliography import bibliography_labels
from .cite_pages import edition_of
from .data_dependencies import keys_by_name
from .outputs import is_site
from .state import project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data.project import Project


MANIFEST_FILE = ".exports-manifest.json"  # in the output folder: each part's digest and files
# 2: each part's ends, the bibliography's labels, the collection a part; 3: a part's files
# as one text, a name per line (175 000 names in lists took 0.07 s to read and write)
MANIFEST_VERSION = 3
LISTED_FROM = 8  # files to look for in one folder, from which it is listed instead


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


def _read_manifest(out: Path) -> dict[str, Any] | None:
    manifest = read_json_object(out / MANIFEST_FILE)
    if manifest is None or manifest.get("version") != MANIFEST_VERSION:
        return None
    parts = manifest.get("parts")
    return manifest if isinstance(parts, dict) else None


def _ends(files: list[str]) -> list[str]:
    """A part's files that show it is still there: in each folder of the exports, its
    first and last file (a folder deleted by hand takes them all with it)."""
    ends: dict[str, list[str]] = {}
    for name in files:
        ends.setdefault(name.partition("/")[0], [name, name])[1] = name
    return [name for pair in ends.values() for name in pair]


def _kept_labels(manifest: dict[str, Any] | None, digest: str) -> dict[str, str] | None:
    """The bibliography's labels the record keeps, if made from the same bibliography and
    code (their digest is the bibliography part's)."""
    kept = manifest.get("labels") if manifest else None
    if not isinstance(kept, dict) or kept.get("digest") != digest:
        return None
    labels = kept.get("labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        return None
    return labels


def _present(out: Path, names: set[str]) -> set[str]:
    """Those of ``names`` (in ``out``) that are files: a folder holding many of them is
    listed once (tei/ and annotations/ hold a file or two of every document), the others
    looked at one by one."""
    by_folder: dict[str, list[str]] = {}
    for name in names:
        by_folder.setdefault(posixpath.dirname(name), []).append(name)
    present: set[str] = set()
    for folder, inside in by_folder.items():
        where = os.path.join(out, folder)
        if len(inside) > LISTED_FROM:
            with contextlib.suppress(OSError), os.scandir(where) as entries:
                files = {entry.name for entry in entries if entry.is_file()}
                present.update(name for name in inside if posixpath.basename(name) in files)
        else:
            present.update(name for name in inside if os.path.isfile(os.path.join(out, name)))
    return present


def _remove(out: Path, names: set[str]) -> None:
    """Remove files no longer made, and the folders they leave empty."""
    folders: set[Path] = set()
    for name in sorted(names):
        path = out / name
        if path.is_file():
            path.unlink()
        folders.update(path.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        inside = folder.is_relative_to(out) and folder != out
        if inside and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app.builder):
        return
    project = project_of(app)
    if not project.bib_path.is_file():
        return  # no bibliography, nothing cited: the build has said so already
    edition = edition_of(app.config)
    out = Path(app.outdir)
    digests = part_digests(project, edition)
    manifest = _read_manifest(out)
    made_before: dict[str, Any] = manifest["parts"] if manifest else {}
    # A part is made again when what it is made from changed (or its files are gone).
    unchanged = {
        part: made_before[part]["ends"]
        for part, digest in digests.items()
        if isinstance(made_before.get(part), dict)
        and made_before[part].get("digest") == digest
        and isinstance(made_before[part].get("ends"), list)
    }
    present = _present(out, {name for ends in unchanged.values() for name in ends})
    wanted = frozenset(
        part
        for part in digests
        if not (unchanged.get(part) and all(name in present for name in unchanged[part]))
    )
    bib_text = project.bib_path.read_text(encoding="utf-8")
    labels = _kept_labels(manifest, digests[BIBLIOGRAPHY_PART])
    if labels is None and wanted - {REGISTER_PART, BIBLIOGRAPHY_PART, COLLECTION_PART}:
        labels = bibliography_labels(bib_text)  # a document's TEI and annotations cite them
    # A site without exports yet has nothing stale to remove (and 35 000 files to write).
    folders_of_exports = (TEI_DIR, DTS_DIR, ANNOTATIONS_DIR)
    earlier = any((out / folder).exists() for folder in folders_of_exports)
    files: dict[str, list[str]] = {}
    folders: set[Path] = set()
    # Each document's files written as soon as they are made: no 65 MB held at once.
    for part, name, content in iter_standard_exports(
        project, edition, bib_text, wanted, labels or {}
    ):
        files.setdefault(part, []).append(name)
        write_if_changed(out / name, content, folders)
    parts = {
        part: {"digest": digests[part], "files": "\n".join(files[part]), "ends": _ends(files[part])}
        if part in files
        else made_before[part]
        for part in sorted(set(files) | (set(digests) - wanted))
    }
    if manifest is not None:
        _remove(out, _no_longer_made(made_before, parts, files))
    elif earlier:
        # No record of what an earlier build made: whatever is not made now goes.
        kept = {name for record in parts.values() for name in _names(record)}
        found = {
            path.relative_to(out).as_posix()
            for folder in folders_of_exports
            if (out / folder).exists()
            for path in (out / folder).rglob("*")
            if path.is_file()
        }
        _remove(out, found - kept)
    record: dict[str, Any] = {"version": MANIFEST_VERSION, "parts": parts}
    if labels is not None:
        record["labels"] = {"digest": digests[BIBLIOGRAPHY_PART], "labels": labels}
    write_if_changed(out / MANIFEST_FILE, json.dumps(record, separators=(",", ":")).encode("utf-8"))


def _no_longer_made(
    made_before: dict[str, Any], parts: dict[str, Any], files: dict[str, list[str]]
) -> set[str]:
    """The files an earlier build made that this one does not: those a part made again no
    longer has, and those of parts gone (the parts left alone keep theirs)."""
    gone: set[str] = set()
    for part, record in made_before.items():
        before = _names(record)
        if part in files:
            gone.update(set(before) - set(files[part]))
        elif part not in parts:
            gone.update(before)
    if gone:  # a name one part gave up and another now makes stays
        gone -= {name for record in parts.values() for name in _names(record)}
    return gone


def _names(record: Any) -> list[str]:
    """A part's files as its record keeps them: one text, a name per line (no name made
    holds a line break)."""
    files = record.get("files") if isinstance(record, dict) else None
    return files.split("\n") if isinstance(files, str) and files else []


def setup_standard_exports(app: Sphinx) -> None:
    app.connect("build-finished", _write_exports)
