"""The files for other tools, written into the HTML site at the end of each build: the TEI
of every document, the register and the bibliography (``tei/``) and the static DTS
endpoint (``dts/``), made by :mod:`edition.products.standard_exports` from the same data as
the pages. A file is replaced only when its content changed, in one step (temporary file,
then rename), and files of documents that are gone are removed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..products.standard_exports import ANNOTATIONS_DIR, DTS_DIR, TEI_DIR, standard_exports
from .cite_pages import edition_of
from .outputs import is_site


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.replace(temporary, path)
    return True


def _write_exports(app: Any, exception: Exception | None) -> None:
    from .config import project_of

    if exception is not None or not is_site(app.builder):
        return
    project = project_of(app)
    if not project.bib_path.is_file():
        return  # no bibliography, nothing cited: the build has said so already
    bib_text = project.bib_path.read_text(encoding="utf-8")
    files = standard_exports(project, edition_of(app.config), bib_text)
    out = Path(app.outdir)
    for name, content in files.items():
        write_if_changed(out / name, content)
    for folder in (TEI_DIR, DTS_DIR, ANNOTATIONS_DIR):
        for path in sorted((out / folder).rglob("*"), reverse=True):
            name = path.relative_to(out).as_posix()
            if path.is_file() and name not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)


def setup_standard_exports(app: Any) -> None:
    app.connect("build-finished", _write_exports)
