"""The files for other tools, written into the HTML site at the end of each build: the TEI
of every document, the register and the bibliography (``tei/``), the static DTS endpoint
(``dts/``) and the notes as Web Annotations (``annotations/``), made by
:mod:`edition.products.standard_exports` from the same data as the pages. They are made
again only when what they are made from changed (a digest kept in the output folder); a
file is written only when its content changed, and files of documents that are gone are
removed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..products import standard_exports as standard_exports_module
from ..products.citation import Edition
from ..products.standard_exports import (
    ANNOTATIONS_DIR,
    DTS_DIR,
    TEI_DIR,
    iter_standard_exports,
)
from .cite_pages import edition_of
from .outputs import is_site
from .state import project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data.project import Project


def write_if_changed(path: Path, content: bytes, folders: set[Path] | None = None) -> bool:
    """Build output, made again from the data at any time: written in place (as Sphinx
    writes its pages), and only when it changed, so that a host sees what changed.
    ``folders``: those known to exist (tens of thousands of files share a few hundred)."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        if folders is None or path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            if folders is not None:
                folders.add(path.parent)
    path.write_bytes(content)
    return True


DIGEST_FILE = ".exports-digest"  # in the output folder: what the exports were made from


def _inputs_digest(project: Project, edition: Edition) -> str:
    """A digest of everything the exports are made from: the data files, the edition's
    settings, and the code that makes them. Equal digests, equal exports."""
    digest = hashlib.sha256(repr(edition).encode("utf-8"))
    code = Path(standard_exports_module.__file__).parent
    files = [*sorted(project.sources_dir.rglob("*")), project.bib_path]
    files += sorted(code.glob("*.py"))
    for path in files:
        if path.is_file() and not path.name.startswith("."):
            digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app.builder):
        return
    project = project_of(app)
    if not project.bib_path.is_file():
        return  # no bibliography, nothing cited: the build has said so already
    edition = edition_of(app.config)
    out = Path(app.outdir)
    # An incremental build after a change elsewhere (a docs page) need not make them again.
    digest = _inputs_digest(project, edition)
    marker = out / DIGEST_FILE
    present = (out / DTS_DIR / "index.jsonld").is_file()  # not deleted by hand since
    if present and marker.is_file() and marker.read_text(encoding="utf-8") == digest:
        return
    bib_text = project.bib_path.read_text(encoding="utf-8")
    folders_of_exports = (TEI_DIR, DTS_DIR, ANNOTATIONS_DIR)
    # A site without exports yet has nothing stale to remove (and 35 000 files to write).
    earlier = any((out / folder).exists() for folder in folders_of_exports)
    names: set[str] = set()
    folders: set[Path] = set()
    # Each document's files written as soon as they are made: no 65 MB held at once.
    for name, content in iter_standard_exports(project, edition, bib_text):
        names.add(name)
        write_if_changed(out / name, content, folders)
    for folder in folders_of_exports if earlier else ():
        for path in sorted((out / folder).rglob("*"), reverse=True):
            name = path.relative_to(out).as_posix()
            if path.is_file() and name not in names:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
    write_if_changed(marker, digest.encode("utf-8"))


def setup_standard_exports(app: Sphinx) -> None:
    app.connect("build-finished", _write_exports)
