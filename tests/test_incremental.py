"""Incremental builds leave no stale page: after each kind of edit, the HTML of an
incremental build is, byte for byte, that of a clean build of the same data.

The pages at risk show data of other pages: the bibliography's "Cited in" lists (note
numbers, paragraphs, short titles), ``{para}`` link texts ("Demo, note 2"), the register's
"mentioned in" lists (short titles, paragraph labels)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from conftest import ROOTS, record_calls

# A page of another document, as it were: {para} links to a paragraph and to notes of demo.
LINKS_PAGE = """# Links

See {para}`demo#p2`, {para}`demo#n-second` and {para}`demo#n-head`.

How to cite, with examples made from the data:

```{edition-citations}
```
"""


def _edition(where: Path) -> Path:
    source = where / "src"
    shutil.copytree(ROOTS / "test-basic", source)
    (source / "links.md").write_text(LINKS_PAGE, encoding="utf-8")
    index = source / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("bibliography\n", "bibliography\nlinks\n"),
        encoding="utf-8",
    )
    return source


def _build(source: Path, out: Path, jobs: str, *, clean: bool) -> str:
    """Build; the warnings (there should be none)."""
    warnings = out.parent / f"{out.name}-warnings.txt"
    options = ["-b", "html", "-q", "-j", jobs, "-w", str(warnings)]
    status = build_main([*options, *(["-E"] if clean else []), str(source), str(out)])
    assert status == 0
    return warnings.read_text(encoding="utf-8")


def _pages(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def _same_pages_as_a_clean_build(source: Path, out: Path) -> bool:
    """Whether the pages in ``out`` are those a clean build of ``source`` writes (made
    beside ``out``, in ``clean``)."""
    clean = out.parent / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    return _pages(out) == _pages(clean)


def _exports(out: Path) -> dict[str, bytes]:
    """The files for other tools (TEI, DTS, Web Annotations)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for folder in ("tei", "dts", "annotations")
        for p in sorted((out / folder).rglob("*"))
        if p.is_file()
    }


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _data(source: Path) -> Path:
    return source / "data" / "sources"


def change_a_note_body(source: Path) -> None:
    _replace(_data(source) / "demo" / "notes.yaml", "A note on the crosshead.", "A new body.")


def delete_a_note(source: Path) -> None:
    """n-marker, the first note, cites demo2019: the others are renumbered."""
    notes = _data(source) / "demo" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    start = text.index("- id: n-marker")
    end = text.index("- id: n-second")
    notes.write_text(text[:start] + text[end:], encoding="utf-8")
    (_data(source) / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#n-marker\n  reason: a test\n  since: 0.2.0\n",
        encoding="utf-8",
    )


def add_a_note_citing_a_key(source: Path) -> None:
    """A note before n-second, in the same paragraph: n-second's number changes."""
    notes = _data(source) / "demo" / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8")
        + "- id: n-under\n"
        + "  paragraph: p2\n"
        + "  column: original\n"
        + "  phrase: _under_\n"
        + "  kind: reference\n"
        + "  body: As {cite:t}`demo2019` says.\n"
        + "  credit: {by: The editors, date: 2026-11-25}\n",
        encoding="utf-8",
    )


def change_the_short_title(source: Path) -> None:
    _replace(_data(source) / "demo" / "source.yaml", "short_title: Demo", "short_title: Shown")


def change_the_metadata(source: Path) -> None:
    """The editorial title, shown by the How-to-cite examples only."""
    _replace(
        _data(source) / "demo" / "source.yaml",
        "editorial_title: Demo document",
        "editorial_title: Demo document, retitled",
    )


def change_a_paragraph(source: Path) -> None:
    """The translation of p2 now names the Angle Organisation."""
    _replace(
        _data(source) / "demo" / "translation.yaml",
        "со второй строкой.",
        "со второй строкой, угловые.",
    )


def change_a_register_name_form(source: Path) -> None:
    _replace(_data(source) / "register" / "actors.yaml", "en: [angle]", "en: [angle, marker]")


def change_a_cited_entry(source: Path) -> None:
    """The date and author of the entry the notes cite: their citations read differently."""
    bib = source / "data" / "bibliography.bib"
    _replace(bib, "date         = {2019-07-25},", "date         = {2018-07-25},")
    _replace(bib, "year         = {2019},", "year         = {2018},")
    _replace(bib, "author       = {Doe, Jane},", "author       = {Roe, Richard},")


EDITS: list[Callable[[Path], None]] = [
    change_a_note_body,
    delete_a_note,
    add_a_note_citing_a_key,
    change_the_short_title,
    change_the_metadata,
    change_a_paragraph,
    change_a_register_name_form,
    change_a_cited_entry,
]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_edit_gives_the_pages_of_a_clean_build(tmp_path: Path, jobs: str) -> None:
    source = _edition(tmp_path)
    incremental = tmp_path / "incremental"
    assert _build(source, incremental, jobs, clean=True) == ""
    for number, edit in enumerate(EDITS):
        edit(source)
        assert _build(source, incremental, jobs, clean=False) == "", edit.__name__
        clean = tmp_path / f"clean-{number}"
        assert _build(source, clean, jobs, clean=True) == "", edit.__name__
        expected, got = _pages(clean), _pages(incremental)
        assert sorted(got) == sorted(expected), edit.__name__
        stale = [page for page in expected if got[page] != expected[page]]
        assert stale == [], edit.__name__
        expected, got = _exports(clean), _exports(incremental)
        assert sorted(got) == sorted(expected), edit.__name__
        stale = [name for name in expected if got[name] != expected[name]]
        assert stale == [], edit.__name__


def test_a_note_body_rewrites_no_page_that_shows_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The edition stays incremental: a changed note body shows on its own page only, so
    the bibliography, the register and the page that links the note are neither read nor
    written again."""
    source = _edition(tmp_path)
    out = tmp_path / "out"
    _build(source, out, "1", clean=True)
    change_a_note_body(source)
    capsys.readouterr()
    assert build_main(["-b", "html", "-N", str(source), str(out)]) == 0
    status = capsys.readouterr().out
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)
    written = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status)
    assert read == ["sources/demo"]
    assert written == ["sources/demo"]


def test_a_note_indexes_again_only_the_search_bundle_it_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a changed note only the notes' bundle is made and indexed again, and the
    others are kept (moved, not made: their data files are unchanged); the search folder is
    then that of a clean build."""
    from edition.products import search_pages

    made: list[set[str]] = []
    pages = search_pages.pages

    def watched(project: Any, wanted: set[str] | None = None) -> Any:
        found = pages(project, wanted)
        made.append(set(found))
        return found

    monkeypatch.setattr(search_pages, "pages", watched)
    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert made == [{"en", "ru", "notes"}]
    texts = [out / "_search" / lang / "pagefind-entry.json" for lang in ("en", "ru")]
    notes = out / "_search" / "notes" / "pagefind-entry.json"
    kept, before = [text.stat().st_ino for text in texts], notes.read_bytes()
    change_a_note_body(source)
    assert _build(source, out, "1", clean=False) == ""
    assert [text.stat().st_ino for text in texts] == kept  # the same files: not indexed
    assert notes.read_bytes() != before
    assert made[1:] == [{"notes"}]  # the texts' pages were not even made
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""

    def search_files(folder: Path) -> dict[str, bytes]:
        found = sorted((folder / "_search").rglob("*"))
        return {str(p.relative_to(folder)): p.read_bytes() for p in found if p.is_file()}

    assert search_files(out) == search_files(clean)


# A note of its own (a new label in the inventory), on a word of ¶ 1 no other note marks.
NEW_NOTE = """- id: n-dashes
  paragraph: p1
  column: original
  phrase: dashes
  kind: context
  body: A note on the dashes.
  credit: {by: The editors, date: 2026-12-04}
"""


def test_the_inventory_is_written_again_only_when_what_it_lists_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """objects.inv (edition.sphinx_ext.inventory): a rebuild after a note's body changed
    does not write it again; a new note (a new label) or a deleted file does, and it is
    then a clean build's."""
    from sphinx.util.inventory import InventoryFile

    written: list[str] = []
    dump = InventoryFile.dump

    def counted(filename: Any, env: Any, builder: Any) -> None:
        written.append(str(filename))
        dump(filename, env, builder)

    monkeypatch.setattr(InventoryFile, "dump", counted)
    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert len(written) == 1
    notes = source / "data" / "sources" / "demo" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("A note on the crosshead.", "A new note."), encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert len(written) == 1  # the same labels, pages and titles: not written again
    added = text.replace("A note on the crosshead.", "A new note.") + "\n" + NEW_NOTE
    notes.write_text(added, encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert len(written) == 2
    (out / "objects.inv").unlink()
    assert _build(source, out, "1", clean=False) == ""
    assert len(written) == 3
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    assert (out / "objects.inv").read_bytes() == (clean / "objects.inv").read_bytes()


def test_search_bundles_without_kept_keys_are_compared_by_their_pages(
    demo_root: Path, tmp_path: Path
) -> None:
    """Loaded without a parse cache, the data has no keys of its files: each bundle is
    then digested by its pages, and an unchanged one is still not indexed again."""
    from edition.data.project import load_project
    from edition.products.search_pages import bundle_names, input_digests, write_index

    project = load_project(demo_root, demo_root / "seeds")
    assert project.file_keys == {} and input_digests(project) == {}
    first, second = tmp_path / "first", tmp_path / "second"
    assert write_index(project, first, threads=1) == set()
    assert write_index(project, second, threads=1, earlier=first) == bundle_names(project)


def test_the_notes_of_a_large_edition_are_indexed_in_bundles_of_their_own(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In an edition of more documents than a notes' bundle holds, each document's notes
    go to one of several bundles: every note page is in exactly one, the search page's
    list names every bundle made, and a changed note indexes only its document's bundle
    again (the notes of 1000 documents in one bundle took Pagefind a second)."""
    from conftest import REPO
    from edition.data.note_record import NOTES_FILE
    from edition.data.project import load_project
    from edition.products import search_pages

    monkeypatch.setattr(search_pages, "NOTES_PER_BUNDLE", 1)
    project = load_project(REPO, seeds_dir, REPO / "docs", tmp_path / "cache")
    count = len(project.documents)
    of_slug = {slug: search_pages.notes_bundle(slug, count) for slug in project.documents}
    notes_bundles = {name for name in search_pages.bundle_names(project) if name != "en"}
    notes_bundles -= {lang for d in project.documents.values() for lang in d.languages}
    assert notes_bundles == set(of_slug.values()) and len(notes_bundles) > 1
    made = search_pages.pages(project, notes_bundles)
    for slug, document in project.documents.items():
        holding = [name for name, site in made.items() if f"{document.docname}.html" in site]
        assert holding == [of_slug[slug]]
    first, second = tmp_path / "first", tmp_path / "second"
    assert search_pages.write_index(project, first, threads=1) == set()
    listed = json.loads((first / search_pages.DIGESTS_FILE).read_text(encoding="utf-8"))
    assert set(listed) == search_pages.bundle_names(project)
    assert all((first / name / "pagefind-entry.json").is_file() for name in listed)
    slug, document = sorted(project.documents.items())[0]
    project.file_keys[document.folder / NOTES_FILE] = "an edited note"
    reused = search_pages.write_index(project, second, threads=1, earlier=first)
    assert reused == search_pages.bundle_names(project) - {of_slug[slug]}


def test_a_document_keeps_its_notes_bundle() -> None:
    """One bundle up to a hundred documents; beyond, the bundles are used evenly enough
    and a document's depends on its slug and the number of bundles only."""
    from edition.products.search_pages import NOTES_BUNDLE, notes_bundle

    assert {notes_bundle(f"doc-{n:04}", 100) for n in range(100)} == {NOTES_BUNDLE}
    names = [notes_bundle(f"doc-{n:04}", 1000) for n in range(1000)]
    assert set(names) == {f"notes-{n}" for n in range(1, 11)}
    assert max(names.count(name) for name in set(names)) < 150
    assert notes_bundle("doc-0001", 1000) == notes_bundle("doc-0001", 950)  # ten bundles


def test_the_register_pages_compare_a_digest_of_each_pages_mentions(tmp_path: Path) -> None:
    """Each page's mentions are kept as one JSON text (not thousands of small tuples in the
    environment), and whether the "Mentioned in" lists changed is decided from one digest
    per page (the mentions of a large edition made a 4 MB JSON at every build): a
    paragraph that names another entry changes its page's digest only."""
    import pickle
    from types import SimpleNamespace

    from edition.sphinx_ext.register_domain import EditionDomain

    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""

    def kept_mentions() -> Any:
        with open(out / ".doctrees" / "environment.pickle", "rb") as saved:
            mentions = pickle.load(saved).domaindata["edition"]["mentions"]
        return SimpleNamespace(mentions=mentions)

    kept = kept_mentions()
    assert kept.mentions and all(isinstance(text, str) for text in kept.mentions.values())
    found = EditionDomain.mention_map(kept)  # type: ignore[arg-type]
    assert {"angle-org", "first-event", "second-person"} <= set(found)
    assert ("sources/demo", "demo", "p1") in found["first-event"]
    before = EditionDomain.mention_digests(kept)  # type: ignore[arg-type]
    assert set(before) == set(kept.mentions)
    change_a_paragraph(source)
    assert _build(source, out, "1", clean=False) == ""
    after = EditionDomain.mention_digests(kept_mentions())  # type: ignore[arg-type]
    assert {name for name in after if after[name] != before.get(name)} == {"sources/demo"}


def test_a_page_is_read_again_when_a_data_file_it_shows_has_new_bytes(tmp_path: Path) -> None:
    """A page records the key of each data file it is made from (its bytes), not a Sphinx
    dependency (its modification time, looked at twice per file and page at every build):
    a note edited with its file's time set back is still seen, and the page is a clean
    build's."""
    import os
    import pickle

    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    with open(out / ".doctrees" / "environment.pickle", "rb") as saved:
        env = pickle.load(saved)
    data = _data(source)  # (sphinxcontrib-bibtex notes the bibliography its own way)
    assert not [
        path for paths in env.dependencies.values() for path in paths if data in Path(path).parents
    ]
    recorded = env.domaindata["edition"]["data_files"]
    assert "sources/demo/notes.yaml" in recorded["sources/demo"][0]
    assert "sources/register/actors.yaml" in recorded["register/actors"][0]
    notes = _data(source) / "demo" / "notes.yaml"
    before = notes.stat()
    change_a_note_body(source)
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _build(source, out, "1", clean=False) == ""
    assert "A new body." in (out / "sources" / "demo.html").read_text(encoding="utf-8")
    assert _same_pages_as_a_clean_build(source, out)


def test_the_templates_are_compiled_once_and_kept_with_the_doctrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML templates are compiled in the first build and read back compiled in the
    next (Jinja checks each against its source); a damaged compiled template is compiled
    again, and the pages are a clean build's."""
    import jinja2

    def template_name(env: Any, source: Any, name: Any = None, *args: Any, **kwargs: Any) -> Any:
        return name

    compiled = record_calls(monkeypatch, jinja2.Environment, "compile", template_name)
    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    first = [name for name in compiled if name]
    assert "page.html" in first
    folders = list((out / ".doctrees").glob("jinja-*"))
    assert len(folders) == 1 and any(folders[0].iterdir())
    compiled.clear()
    change_a_note_body(source)
    assert _build(source, out, "1", clean=False) == ""
    assert "page.html" not in compiled and len(compiled) < len(first)
    for kept in folders[0].iterdir():
        kept.write_bytes(kept.read_bytes()[:20])  # damaged: compiled again
    compiled.clear()
    change_a_paragraph(source)
    assert _build(source, out, "1", clean=False) == ""
    assert "page.html" in compiled
    assert _same_pages_as_a_clean_build(source, out)


def test_the_bibliography_is_parsed_for_the_citations_only_when_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each entry's citations show (a digest of the entry) is made by the data's
    load once per content of the bibliography, not at every build; when it changed, the
    pages citing a changed entry are read again, and they are a clean build's."""
    from edition.data import project

    parsed = record_calls(monkeypatch, project, "entry_digests")
    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    parsed.clear()
    change_a_note_body(source)
    assert _build(source, out, "1", clean=False) == ""
    assert parsed == []
    change_a_cited_entry(source)
    assert _build(source, out, "1", clean=False) == ""
    assert parsed
    assert _same_pages_as_a_clean_build(source, out)


def test_a_data_file_added_to_a_document_is_seen(tmp_path: Path) -> None:
    """A document's page records the files the data's load looked for, found or not: a
    mentions file added to a document that had none has its page read again."""
    source = _edition(tmp_path)
    mentions = _data(source) / "demo" / "mentions.yaml"
    kept = mentions.read_bytes()
    mentions.unlink()
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    mentions.write_bytes(kept)
    assert _build(source, out, "1", clean=False) == ""
    assert _same_pages_as_a_clean_build(source, out)
