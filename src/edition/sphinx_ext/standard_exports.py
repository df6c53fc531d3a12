"""The files for other tools, written into the HTML site by each build: the TEI of every
document, the register and the bibliography (``tei/``), the static DTS endpoint
(``dts/``) and the notes as Web Annotations (``annotations/``), made by
:mod:`edition.products.standard_exports` from the same data as the pages. They need the
data only, not Sphinx's pages: when many are to be made, they are made beside the build
(:mod:`edition.sphinx_ext.beside`) while Sphinx writes its pages, else at its end.

They are made in parts (a document's files, the register's TEI, the bibliography's TEI,
the DTS collection), and a part is made again only when what it is made from changed: a
record in the output folder (``.exports-manifest.json``) keeps each part's digest and
files, and the bibliography's labels with the digest they were made from. A damaged
record is not trusted (everything is made again); a file is written only when its content
changed; files no longer made (a document removed) are removed."""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..products.citation import Edition
from ..products.output_files import read_json_object, write_if_changed
from ..products.standard_exports import (
    ANNOTATIONS_DIR,
    BIBLIOGRAPHY_PART,
    COLLECTION_PART,
    DTS_DIR,
    REGISTER_PART,
    TEI_DIR,
    iter_standard_exports,
)
from ..products.tei_bibliography import bibliography_labels
from .beside import start_beside, wait_beside
from .cite_pages import edition_of
from .exports_digests import part_digests
from .outputs import is_site
from .state import project_of, state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..data.project import Project


MANIFEST_FILE = ".exports-manifest.json"  # in the output folder: each part's digest and files
# 2: each part's ends, the bibliography's labels, the collection a part; 3: a part's files
# as one text, a name per line (175 000 names in lists took 0.07 s to read and write)
MANIFEST_VERSION = 3
LISTED_FROM = 8  # files to look for in one folder, from which it is listed instead
# Parts to make from which they are made beside the build (see beside.py): a document's
# take a few hundredths of a second, about what a fork costs a large build (10 ms for
# 500 MB, then its pages copied as the build writes to them while the child lives).
MADE_BESIDE_FROM = 8


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


@dataclass(frozen=True)
class _Plan:
    """What a build is to make: the parts whose digests changed or whose files are gone,
    with the record of the build before."""

    out: Path
    digests: dict[str, str]
    manifest: dict[str, Any] | None
    wanted: frozenset[str]


def _plan(app: Sphinx) -> _Plan | None:
    """None where there are no exports: not the HTML site, or no bibliography (nothing
    cited: the build has said so already)."""
    if not is_site(app.builder) or not project_of(app).bib_path.is_file():
        return None
    out = Path(app.outdir)
    digests = part_digests(project_of(app), edition_of(app.config))
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
    return _Plan(out, digests, manifest, wanted)


def _start_exports(app: Sphinx, builder: Builder) -> None:
    """What to make, found when Sphinx starts writing its pages; when many parts are to be
    made (a full build), they are made beside the build meanwhile."""
    state = state_of(app)
    state.exports_plan = plan = _plan(app)
    state.exports_beside = None  # not one of a build interrupted before its end
    if plan is not None and len(plan.wanted) >= MADE_BESIDE_FROM:
        project, edition = project_of(app), edition_of(app.config)
        state.exports_beside = start_beside(lambda: _make(project, edition, plan))


def _write_exports(app: Sphinx, exception: Exception | None) -> None:
    """The exports made (or waited for, if made beside the build) once the build
    succeeded; a build that failed waits for the work beside it, and makes nothing."""
    state = state_of(app)
    plan, state.exports_plan = state.exports_plan, None
    beside, state.exports_beside = state.exports_beside, None
    if beside is not None:
        if exception is None:
            wait_beside(beside)
        else:
            with contextlib.suppress(Exception):  # the build's own error is the one told
                wait_beside(beside)
    elif exception is None and plan is not None:
        _make(project_of(app), edition_of(app.config), plan)


def _make(project: Project, edition: Edition, plan: _Plan) -> None:
    """The parts of ``plan`` made and written, and the record of what was made."""
    out, digests, manifest, wanted = plan.out, plan.digests, plan.manifest, plan.wanted
    made_before: dict[str, Any] = manifest["parts"] if manifest else {}
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
    app.connect("write-started", _start_exports)
    app.connect("build-finished", _write_exports)
