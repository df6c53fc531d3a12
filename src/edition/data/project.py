"""The whole edition's data: every source, the pages, the anchor lock. Free of Sphinx."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..core.model import Document, Mention, Report, Source
from ..core.problems import Code, Problem
from .anchors import (
    LOCK_FILE,
    RETIRED_FILE,
    check_anchors,
    published_anchors,
    published_pages,
    register_pages,
)
from .bibliography import BIB_FILE, bib_keys, entry_digests
from .bibliography_groups import group_problems
from .collector import without_cycle_collection
from .mentions import MENTIONS_FILE, find_mentions, load_mentions, unlinked_reports
from .notes import NOTE_PREFIX, NOTES_FILE, Note, link_problems, load_notes
from .parse_cache import parse_cache
from .register import REGISTER_DIR, REGISTER_FILES, NameForms, Register, load_register
from .remembered import remembered_apart, remembered_for
from .source_map import SourcesReadWhenAsked
from .sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE, load_source, source_folders


@dataclass
class Project:
    root: Path
    seeds_dir: Path | None
    docs: Path | None = None  # the Sphinx source folder; root/docs unless given
    # What every page and check needs of each document (metadata, languages, paragraph
    # IDs, notes), and each document whole, its texts read when first asked for.
    documents: dict[str, Document] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    register: Register = field(default_factory=Register)
    # The key of each data file as this load read it (with a parse cache): what changed
    # since an earlier build is known without reading the files again (the exports).
    file_keys: dict[Path, str] = field(default_factory=dict)
    # Each bibliography entry's digest by key: what a page citing it shows (incremental).
    entry_digests: dict[str, str] = field(default_factory=dict)
    # The published pages, and the register pages among them (page -> the list it
    # renders), as the load found them.
    pages: list[str] = field(default_factory=list)
    register_kinds: dict[str, str] = field(default_factory=dict)

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def bib_path(self) -> Path:
        return self.root / BIB_FILE

    @property
    def notes(self) -> dict[str, tuple[Note, ...]]:
        return {slug: document.notes for slug, document in self.documents.items()}

    @property
    def docs_dir(self) -> Path:
        return self.docs or self.root / "docs"

    @property
    def lock_path(self) -> Path:
        return self.sources_dir / LOCK_FILE

    @property
    def retired_path(self) -> Path:
        return self.sources_dir / RETIRED_FILE

    def anchors(self) -> dict[str, list[str]]:
        return published_anchors(
            list(self.documents.values()),
            self.register.anchors(),
            self.pages,
            self.register_kinds,
        )


def _page_problems(project: Project, markdown: list[Path]) -> list[Problem]:
    """Every source has its page and every source page its source (``markdown``: the
    ``.md`` files under ``docs/``)."""
    problems = []
    pages_dir = project.docs_dir / "sources"
    source_pages = sorted(page for page in markdown if page.parent == pages_dir)
    for slug, document in project.documents.items():
        page = pages_dir / f"{slug}.md"
        if not page.is_file():
            problems.append(
                Problem(
                    document.folder / "source.yaml",
                    1,
                    1,
                    Code.PAGE,
                    f"source {slug!r} has no page docs/sources/{slug}.md",
                    "add the thin page with an edition-document directive",
                )
            )
    for page in source_pages:
        if page.stem not in project.documents and not (project.sources_dir / page.stem).is_dir():
            problems.append(
                Problem(
                    page,
                    1,
                    1,
                    Code.PAGE,
                    f"page {page.name} has no source folder sources/{page.stem}/",
                    "add the source folder or remove the page",
                )
            )
    return problems


def load_project(
    root: Path,
    seeds_dir: Path | None,
    docs_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> Project:
    """Load every source and run every data check (no Sphinx involved); with
    ``cache_dir``, data files unchanged since an earlier run are not parsed again."""
    with parse_cache(cache_dir) as cache, without_cycle_collection():
        project = _load_project(root, seeds_dir, docs_dir)
        if cache is not None:
            project.file_keys = cache.content_keys()
        return project


def default_cache_dir(root: Path) -> Path:
    """Where the build and ``edition check`` keep parsed files: the build folder."""
    return root / "build" / ".edition-cache"


# The files of a document its notes are checked against (with the bibliography's keys).
NOTES_DEPEND_ON = (SOURCE_FILE, ORIGINAL_FILE, TRANSLATION_FILE, NOTES_FILE)


def _load_project(root: Path, seeds_dir: Path | None, docs_dir: Path | None) -> Project:
    project = Project(root.resolve(), seeds_dir, docs_dir.resolve() if docs_dir else None)
    folders = source_folders(project.sources_dir)
    documents = project.documents
    texts: dict[str, Callable[[], Source | None]] = {}  # slug -> its source, when asked for
    for folder in folders:
        (document, problems), texts[folder.name] = load_source(folder, seeds_dir)
        project.problems += problems
        if document is not None:
            documents[document.slug] = document
    bib, docs = project.bib_path, project.docs_dir
    # The bibliography's checks depend on its file only, its groups' on it and the pages
    # (their filters): made once per content of those.
    keys, problems = remembered_for([bib], ("bibliography",), partial(bib_keys, bib))
    project.entry_digests = remembered_for([bib], ("entry digests",), partial(entry_digests, bib))
    markdown = sorted(docs.rglob("*.md"))
    problems += remembered_for([bib, *markdown], ("groups",), partial(group_problems, bib, docs))
    project.problems += problems
    project.pages = published_pages(docs, markdown)
    published = [docs / f"{page}.md" for page in project.pages]
    project.register_kinds = remembered_for(
        published, ("register pages",), partial(register_pages, docs, project.pages)
    )
    # A document's notes depend on their file, the document's files and the bibliography's
    # keys only: loaded once per content of those.
    cited = (
        "unreadable"
        if keys is None
        else hashlib.sha256("\0".join(sorted(keys)).encode()).hexdigest()
    )
    for slug, document in documents.items():
        notes, problems, refused = remembered_for(
            [document.folder / name for name in NOTES_DEPEND_ON],
            ("notes", cited),
            partial(_notes_of, texts[slug], keys),
        )
        project.problems += problems
        documents[slug] = replace(
            document,
            notes=tuple(notes),
            broken_notes=frozenset(refused),
            notes_unreadable=any(p.code in (Code.YAML, Code.SCHEMA) for p in problems),
        )
    register_files = [project.sources_dir / REGISTER_DIR / name for name, _ in REGISTER_FILES]
    load = partial(load_register, project.sources_dir, keys)
    if (project.sources_dir / REGISTER_DIR).is_symlink():
        project.register, problems = load()  # refused, and never taken from the cache
    else:
        # The register, its checks and its name forms depend on its files and the
        # bibliography's keys only: made once per content of those, the forms kept apart.
        (project.register, problems), forms = remembered_apart(
            register_files, ("register", cited), partial(_forms_apart, load)
        )
        project.register.forms = forms
    project.problems += problems
    whole: dict[str, Callable[[], Source]] = {}
    for slug, document in documents.items():
        # The mentions depend on the texts, the records and the register only: found once
        # per content of those files, and read back only with the texts.
        files = [document.folder / name for name in (ORIGINAL_FILE, TRANSLATION_FILE)]
        problems, mentions = remembered_apart(
            [*files, document.folder / MENTIONS_FILE, *register_files],
            ("mentions",),
            partial(_mentions_of, texts[slug], project.register),
        )
        project.problems += problems
        whole[slug] = partial(_whole, document, texts[slug], mentions)
    project.sources = SourcesReadWhenAsked(whole)
    unloaded = {f"sources/{folder.name}" for folder in folders if folder.name not in documents}
    broken_notes = {
        f"{document.docname}#{note_id}"
        for document in documents.values()
        for note_id in document.broken_notes
    }
    unreadable_notes = {d.docname for d in documents.values() if d.notes_unreadable}

    register_lost = set(project.register_kinds) if project.register.incomplete else set()

    def unknown(target: str) -> bool:
        page, _, anchor = target.partition("#")
        notes_lost = page in unreadable_notes and anchor.startswith(NOTE_PREFIX)
        entries_lost = page in register_lost and bool(anchor)
        return page in unloaded or target in broken_notes or notes_lost or entries_lost

    # A link into a source, or to a note, that could not be loaded is not reported: the
    # broken file is, once, and its targets are unknown rather than missing.
    project.problems += link_problems(list(documents.values()), unknown)
    project.problems += _page_problems(project, markdown)
    project.problems += check_anchors(
        project.lock_path, project.retired_path, project.anchors(), unknown
    )
    return project


def _forms_apart(
    load: Callable[[], tuple[Register, list[Problem]]],
) -> tuple[tuple[Register, list[Problem]], NameForms]:
    """The register and its problems, and apart from them its name forms."""
    register, problems = load()
    forms = register.name_forms()
    register.forms = NameForms()
    return (register, problems), forms


def _notes_of(
    read: Callable[[], Source | None], bib_keys: set[str] | None
) -> tuple[list[Note], list[Problem], set[str]]:
    return load_notes(_present(read()), bib_keys)


def _mentions_of(
    read: Callable[[], Source | None], register: Register
) -> tuple[list[Problem], tuple[tuple[Mention, ...], tuple[Report, ...]]]:
    """The problems of a document's mentions (its records, and the reports of entries it
    does not link), then its mentions and reports."""
    source = _present(read())
    records, problems = load_mentions(source, register)
    mentions = find_mentions(source, register, records)
    reports, found = unlinked_reports(mentions, records, source.folder / MENTIONS_FILE)
    return problems + found, (tuple(mentions), tuple(reports))


def _whole(
    document: Document,
    read: Callable[[], Source | None],
    mentions: Callable[[], tuple[tuple[Mention, ...], tuple[Report, ...]]],
) -> Source:
    """The document with its texts, notes and mentions."""
    found, reports = mentions()
    return replace(
        _present(read()),
        notes=document.notes,
        broken_notes=document.broken_notes,
        notes_unreadable=document.notes_unreadable,
        mentions=found,
        reports=reports,
    )


def _present(source: Source | None) -> Source:
    if source is None:  # only a document with an index entry is read
        raise ValueError("a document without texts was asked for")
    return source
