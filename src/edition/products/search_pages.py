"""Search in every language of the edition, with Pagefind (the ``pagefind`` package and its
``pagefind-bin`` binary from PyPI; nothing is downloaded at build time).

Sphinx's own search stems English only, and is not built: the sidebar's search box
opens this one (``templates/sidebar/search.html``). Here each paragraph of each column,
each note and each register entry is a sub-result (a heading with the anchor's ID on a
page made for the indexer), indexed in its own language: Russian and English with their
stemmers (a query for «Трампом» finds «Трампа»), Ukrainian without one, as
Pagefind has none. Each language gets its own bundle (``_search/<lang>/``), and the
notes theirs (``_search/notes/``, English; in a large edition one bundle per hundred
documents or so, ``_search/notes-1/`` and on); the search page (``{edition-search}``)
loads the English one and merges the others it finds listed in ``_search/bundles.json``,
so one query searches all of them, and each result links to its paragraph's anchor with
the words highlighted.

A bundle is indexed again only when what its pages are made from changed (a digest of the
data files they are made from, as their load keyed them, is kept beside the bundles; of
the pages themselves when the load kept no keys): after a changed note only the bundle of
that document's notes is made and indexed.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.note_record import NOTES_FILE
from ..data.parse_cache import PARSING_CODE, code_digest
from ..data.register import REGISTER_DIR, REGISTER_FILES
from ..data.sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE
from .link_text import link_text
from .output_files import read_json_object

if TYPE_CHECKING:
    from ..data.project import Project


SEARCH_DIR = "_search"
PAGEFIND_SITE = "edition.products.pagefind_site"  # run as a process: python -m
ROLE = re.compile(r"\{([a-z:-]+)\}`([^`]*)`")  # {cite:p}`key`, {para}`#p3`


def _plain(body: str, project: Project, docname: str) -> str:
    """A note's MyST as the words a reader searches for: a {para} link as the text the page
    shows ("¶ 3", "Zhebin (2024), note 5"), a citation as its key."""

    def role(match: re.Match[str]) -> str:
        if match.group(1) == "para":
            return link_text(project, docname, match.group(2))[2] or match.group(2)
        return match.group(2)

    return ROLE.sub(role, body).replace("**", "").replace("*", "")


def _page(lang: str, title: str, sections: list[tuple[str, str, str]]) -> str:
    """A page for the indexer only: each section (anchor, heading, text) becomes a
    sub-result that links to the anchor."""
    body = "".join(
        f'<h2 id="{html.escape(anchor)}">{html.escape(heading)}</h2><p>{html.escape(text)}</p>\n'
        for anchor, heading, text in sections
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>\n"
        f"{body}</body></html>\n"
    )


NOTES_BUNDLE = "notes"  # the notes, English, in a bundle of their own
# Documents whose notes share a bundle, about: a changed note has Pagefind index its
# bundle's notes again, not all of them (the notes of 1000 documents took a second).
NOTES_PER_BUNDLE = 100


def notes_bundle(slug: str, documents: int) -> str:
    """The bundle of the notes of document ``slug`` in an edition of ``documents``: one
    bundle (``notes``) up to :data:`NOTES_PER_BUNDLE` documents, then ``notes-1``,
    ``notes-2``… by a digest of the slug, so that a document keeps its bundle while the
    number of bundles stays the same."""
    count = -(-documents // NOTES_PER_BUNDLE)  # rounded up
    if count <= 1:
        return NOTES_BUNDLE
    number = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % count
    return f"{NOTES_BUNDLE}-{number + 1}"


def is_notes_bundle(name: str) -> bool:
    return name == NOTES_BUNDLE or name.startswith(f"{NOTES_BUNDLE}-")


def pages(project: Project, wanted: set[str] | None = None) -> dict[str, dict[str, str]]:
    """bundle -> {page path: HTML}: the texts of each language by column (the register's
    pages with the English), and the notes (English) apart, in bundles of their own
    (:func:`notes_bundle`): a changed note indexes only its bundle's notes again. With
    ``wanted``, only those bundles."""

    def made(bundle: str) -> bool:
        return wanted is None or bundle in wanted

    found: dict[str, dict[str, str]] = defaultdict(dict)
    count = len(project.documents)
    for slug, document in project.documents.items():
        page = f"{document.docname}.html"
        short = document.meta.short_title
        for lang, label in zip(document.languages, ("original", "translation"), strict=True):
            if not made(lang):
                continue  # the document's texts are not read
            source = project.sources[slug]
            text = source.original if label == "original" else source.translation
            texts = {block.id: block.text for block in text.rendered}
            sections = [
                (b.id, f"¶ {b.label} ({label})", texts.get(b.id, ""))
                for b in source.original.rendered
                if texts.get(b.id, "").strip()
            ]
            found[lang][page] = _page(lang, short, sections)
        bundle = notes_bundle(slug, count)
        if document.notes and made(bundle):
            notes = [
                (n.id, f"Note {n.number}", _plain(n.body, project, document.docname))
                for n in document.notes
            ]
            found[bundle][page] = _page("en", f"{short}: notes", notes)
    pages_of_register = (("actor", "register/actors.html"), ("event", "register/events.html"))
    for kind, page in pages_of_register if made("en") else ():
        sections = []
        for entry in project.register.entries.values():
            if entry.kind == kind:
                forms = sorted({entry.name, *(f for fs in entry.names.values() for f in fs)})
                sections.append((entry.id, entry.name, f"{' · '.join(forms)}. {entry.description}"))
        found["en"][page] = _page("en", f"Register: {kind}s", sections)
    return found


DIGESTS_FILE = "bundles.json"  # in the search folder: each bundle's digest


def bundles(
    project: Project, wanted: set[str] | None = None
) -> dict[str, tuple[str, dict[str, str]]]:
    """bundle -> (its language, {page path: HTML}); with ``wanted``, only those."""
    return {
        name: ("en" if is_notes_bundle(name) else name, site)
        for name, site in pages(project, wanted).items()
    }


def bundle_names(project: Project) -> set[str]:
    """The bundles :func:`bundles` makes, without making their pages."""
    names = {"en"}  # the register's pages
    for slug, document in project.documents.items():
        names |= set(document.languages)
        if document.notes:
            names.add(notes_bundle(slug, len(project.documents)))
    return names


def _inputs(project: Project) -> dict[str, list[Path]]:
    """bundle -> the data files its pages are made from: a language's, the texts of the
    documents with a column in it (the English's, the register too); a notes' bundle's,
    its documents' notes and every document's texts (a note's link shows the text of the
    paragraph or note it links to, wherever it is)."""
    texts = (SOURCE_FILE, ORIGINAL_FILE, TRANSLATION_FILE)
    found: dict[str, list[Path]] = defaultdict(list)
    every_text: list[Path] = []
    notes: dict[str, list[Path]] = defaultdict(list)
    for slug, document in project.documents.items():
        for lang in sorted(set(document.languages)):
            found[lang] += [document.folder / name for name in texts]
        every_text += [document.folder / name for name in texts]
        notes[notes_bundle(slug, len(project.documents))].append(document.folder / NOTES_FILE)
    for bundle, files in notes.items():
        found[bundle] = every_text + files
    register = project.sources_dir / REGISTER_DIR
    found["en"] += [register / name for name, _ in REGISTER_FILES]
    return found


def input_digests(project: Project) -> dict[str, str]:
    """Each bundle's digest made from the keys the data's load made of the files its pages
    are made from, without making them; a bundle with a file the load did not key (no
    parse cache) has none here, and is digested by its pages."""
    common = f"{_indexer()}\0{code_digest(*PARSING_CODE, 'products')}"
    digests = {}
    for name, paths in _inputs(project).items():
        keys = [project.file_keys.get(path) for path in paths]
        if all(keys):
            joined = "\0".join(key for key in keys if key)
            digests[name] = hashlib.sha256(f"{common}\0{joined}".encode()).hexdigest()
    return digests


@functools.cache
def _indexer() -> str:
    """The indexer's version: a bundle made by another one is made again."""
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def _digest(lang: str, site: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{_indexer()}\0{lang}\0".encode())
    for name in sorted(site):
        digest.update(f"{name}\0{site[name]}\0".encode())
    return digest.hexdigest()


def _unchanged(earlier: Path | None, kept: dict[str, object], name: str, digest: str) -> bool:
    """Whether bundle ``name`` of the earlier build was made from the same (and is there)."""
    return (
        earlier is not None
        and kept.get(name) == digest
        and (earlier / name / "pagefind-entry.json").is_file()
    )


def write_index(
    project: Project, out: Path, threads: int | None = None, earlier: Path | None = None
) -> set[str]:
    """One Pagefind bundle per bundle of :func:`bundles` in ``out/<bundle>/`` (the CLI, one
    run each); ``threads`` limits the indexer's threads (Pagefind uses rayon). A bundle
    whose pages are those of the bundle in ``earlier`` (an earlier build's search folder)
    is not indexed again: the bundles to take from there are returned."""
    env = {**os.environ, "RAYON_NUM_THREADS": str(threads)} if threads else None
    kept = (read_json_object(earlier / DIGESTS_FILE) if earlier is not None else None) or {}
    digests = input_digests(project)
    names = bundle_names(project)
    reused = {
        name for name in names if name in digests and _unchanged(earlier, kept, name, digests[name])
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, (lang, site) in bundles(project, names - reused).items():
        if name not in digests:  # no keys of its files: its pages' digest
            digests[name] = _digest(lang, site)
            if _unchanged(earlier, kept, name, digests[name]):
                reused.add(name)
                continue
        with tempfile.TemporaryDirectory(dir=out, prefix=".pages-") as folder:
            # One write of the pages, indexed by a process of their own (pagefind_site).
            pages = Path(folder) / "pages.json"
            pages.write_text(json.dumps(site), encoding="utf-8")
            command = [sys.executable, "-m", PAGEFIND_SITE, str(pages), str(out / name)]
            done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
            if done.returncode != 0:
                raise RuntimeError(f"pagefind failed for {name}: {done.stdout}{done.stderr}")
    # The search page merges every bundle listed here: only those made.
    made = {name: digest for name, digest in digests.items() if name in names}
    (out / DIGESTS_FILE).write_text(json.dumps(made, sort_keys=True), encoding="utf-8")
    return reused


class BackgroundIndex:
    """Pagefind indexes the edition's data, not Sphinx's output, so it can run while
    Sphinx reads and writes the pages: on a second core it costs the build nothing. The
    bundle is built beside the output and put in place when the build has finished."""

    def __init__(self, project: Project, outdir: Path) -> None:
        self.outdir = outdir
        self.staging = outdir / f"{SEARCH_DIR}.new"
        self.error: BaseException | None = None
        self.reused: set[str] = set()
        shutil.rmtree(self.staging, ignore_errors=True)
        self.thread = threading.Thread(target=self._run, args=(project,), daemon=True)
        self.thread.start()

    def _run(self, project: Project) -> None:
        try:
            # One thread: the other core is Sphinx's.
            earlier = self.outdir / SEARCH_DIR
            self.reused = write_index(project, self.staging, threads=1, earlier=earlier)
        except BaseException as exc:  # reported by finish(), in the main thread
            self.error = exc

    def finish(self, succeeded: bool) -> None:
        self.thread.join()
        if not succeeded:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        if self.error is not None:
            raise self.error
        final = self.outdir / SEARCH_DIR
        for name in self.reused:  # unchanged since the last build: moved, not indexed
            (final / name).rename(self.staging / name)
        shutil.rmtree(final, ignore_errors=True)
        self.staging.rename(final)
