"""Parsed data files kept between runs (edition.data.parse_cache): the same project as
without them, and never trusted when stale or damaged."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import edition.data.parse_cache as parse_cache_module
from edition.core.problems import Code
from edition.data.parse_cache import ParseCache
from edition.data.project import Project, load_project


def _summary(project: Project) -> list[str]:
    """What a build takes from the data: the problems, texts, notes, mentions, register."""
    lines = [str(problem) for problem in project.problems]
    for slug, source in sorted(project.sources.items()):
        lines.append(f"{slug}: {[b.text for b in source.original.blocks]}")
        lines.append(f"{slug}: {[(n.id, n.body) for n in source.notes]}")
        lines.append(f"{slug}: {source.mentions} {source.reports}")
    for entry in project.register.entries.values():
        lines.append(f"{entry.id}: {entry.name} {entry.names} {entry.description}")
    return lines


def _kept(folder: Path) -> set[str]:
    """The keys kept in the cache file."""
    with open(folder / ParseCache.FILE, "rb") as kept:
        return set(pickle.load(kept))


def _stamp(folder: Path) -> tuple[int, int]:
    path = folder / ParseCache.FILE
    return path.stat().st_size, path.stat().st_mtime_ns


def test_a_second_run_reads_the_kept_files_and_finds_the_same(demo_root: Path) -> None:
    cache = demo_root / "build" / ".edition-cache"
    plain = _summary(load_project(demo_root, demo_root / "seeds"))
    first = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    assert len(_kept(cache)) >= 5  # source, texts, notes, mentions, register files
    second = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    # The second run took each document's notes whole from the cache: the parsed notes
    # files it no longer needed are dropped once; from then on the cache is only read.
    stamp = _stamp(cache)
    third = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    assert plain == first == second == third
    assert _stamp(cache) == stamp  # read, not written again


def test_a_damaged_kept_file_is_made_again(demo_root: Path) -> None:
    cache = demo_root / "build" / ".edition-cache"
    expected = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    keys = _kept(cache)
    path = cache / ParseCache.FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
    assert _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache)) == expected
    assert _kept(cache) == keys  # made again, whole


def test_a_new_version_of_the_package_reads_nothing_kept_by_the_old(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = demo_root / "build" / ".edition-cache"
    expected = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    old = _kept(cache)
    monkeypatch.setattr(parse_cache_module, "__version__", "999.0.0")
    parse_cache_module.code_digest.cache_clear()  # the digest is computed once per process
    try:
        assert _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache)) == expected
    finally:
        monkeypatch.undo()
        parse_cache_module.code_digest.cache_clear()
    new = _kept(cache)
    assert len(new) == len(old) and not new & old  # every file parsed again, under new keys


def test_an_edit_that_keeps_the_timestamp_is_seen(demo_root: Path) -> None:
    cache = demo_root / "build" / ".edition-cache"
    load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    register = demo_root / "sources" / "register" / "actors.yaml"
    times = register.stat()
    text = register.read_text(encoding="utf-8")
    assert "A fixture person" in text
    register.write_text(text.replace("A fixture person", "A changed person"), encoding="utf-8")
    os.utime(register, ns=(times.st_atime_ns, times.st_mtime_ns))
    project = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    described = [e.description for e in project.register.entries.values()]
    assert any("A changed person" in d for d in described)
    assert not any("A fixture person" in d for d in described)


def test_kept_results_follow_every_file_they_depend_on(demo_root: Path) -> None:
    """The mentions are kept per content of the texts, the records and the register; a
    document's notes per content of its files: a change to any of them is seen."""
    cache = demo_root / "build" / ".edition-cache"
    before = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    linked = [m for s in before.sources.values() for m in s.mentions if m.entry == "angle-org"]
    register = demo_root / "sources" / "register" / "actors.yaml"
    text = register.read_text(encoding="utf-8")
    assert "en: [angle]" in text
    register.write_text(text.replace("en: [angle]", "en: [angle, marker]"), encoding="utf-8")
    notes = demo_root / "sources" / "demo" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    assert "A note on the crosshead." in text
    notes.write_text(text.replace("A note on the crosshead.", "A <b>raw</b> note."), "utf-8")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert _summary(after) == _summary(load_project(demo_root, demo_root / "seeds"))
    assert any(p.path == notes and "raw HTML" in p.message for p in after.problems)
    now = [m for s in after.sources.values() for m in s.mentions if m.entry == "angle-org"]
    assert len(now) > len(linked)  # "marker" is linked too


def test_kept_notes_follow_the_bibliography_and_the_texts_they_quote(demo_root: Path) -> None:
    """A document's notes are kept whole, per content of its files and the bibliography's
    keys: a renamed key, then a quoted phrase gone from the text, each with notes.yaml
    unchanged, is seen."""
    cache = demo_root / "build" / ".edition-cache"
    load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    bib = demo_root / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{demo2019,", "{demo2020,"), "utf-8")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert _summary(after) == _summary(load_project(demo_root, demo_root / "seeds"))
    unknown = "'demo2019', which is not in bibliography.bib"
    assert any(unknown in p.message for p in after.problems)
    translation = demo_root / "sources" / "demo" / "translation.yaml"
    text = translation.read_text(encoding="utf-8")
    assert "пометой" in text  # the phrase of note n-trans
    translation.write_text(text.replace("пометой", "меткой"), encoding="utf-8")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert _summary(after) == _summary(load_project(demo_root, demo_root / "seeds"))
    assert any("пометой" in p.message for p in after.problems)


def test_a_kept_document_follows_its_seed(demo_root: Path) -> None:
    """A document is kept whole per content of its files and of its seed: a changed seed,
    a seed put in the source's own folder, and a seed replaced by a link are each seen."""
    cache = demo_root / "build" / ".edition-cache"
    seed = demo_root / "seeds" / "demo.txt"
    text = seed.read_bytes()
    assert load_project(demo_root, demo_root / "seeds", cache_dir=cache).problems == []
    seed.write_bytes(text + b"\n")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert _summary(after) == _summary(load_project(demo_root, demo_root / "seeds"))
    assert [p.code for p in after.problems] == [Code.CHECKSUM]
    local = demo_root / "sources" / "demo" / "demo.txt"  # found before the seeds folder's
    local.write_bytes(text)
    assert load_project(demo_root, demo_root / "seeds", cache_dir=cache).problems == []
    local.unlink()
    seed.unlink()
    seed.symlink_to(local.parent / "original.yaml")
    linked = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert [p.code for p in linked.problems] == [Code.SEED_MISSING]
    assert "symbolic link" in linked.problems[0].message


def test_reading_back_leaves_no_garbage_in_cycles(demo_root: Path) -> None:
    """The build freezes what loading made out of the cycle collector's work without a
    collection first (edition.sphinx_ext.memory.collect_less_after): read back from the
    parse cache, as in every build but the first, the data must leave no garbage that
    only a collection would free (it would stay until the build ends)."""
    import gc

    cache = demo_root / "build" / ".edition-cache"
    load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    gc.collect()
    gc.disable()
    try:
        project = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert project.sources and unreachable == 0


def test_a_load_knows_the_key_of_every_data_file_as_it_read_it(demo_root: Path) -> None:
    """The exports' digests take each file of sources/ by the key its load made (they read
    the files again before): every file is keyed, whether parsed or read back from the
    cache, and an edit gives a new key."""
    cache = demo_root / "build" / ".edition-cache"
    files = {p for p in (demo_root / "sources").rglob("*") if p.is_file()}
    assert len(files) > 5
    for _ in range(2):  # parsed, then read back
        project = load_project(demo_root.resolve(), demo_root / "seeds", cache_dir=cache)
        resolved = {p.resolve() for p in files}
        assert resolved <= set(project.file_keys)
    register = (demo_root / "sources" / "register" / "actors.yaml").resolve()
    before = project.file_keys[register]
    register.write_text(register.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    project = load_project(demo_root.resolve(), demo_root / "seeds", cache_dir=cache)
    assert project.file_keys[register] != before
    assert load_project(demo_root, demo_root / "seeds").file_keys == {}  # no cache, no keys


def test_the_kept_register_follows_its_files_and_the_bibliography(demo_root: Path) -> None:
    """The register is kept whole (entries, checks, matcher) per content of its files and
    the bibliography's keys: a cited key renamed in bibliography.bib, then a name form
    added, each is seen; a register folder replaced by a link is refused, not read back."""
    cache = demo_root / "build" / ".edition-cache"
    events = demo_root / "sources" / "register" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert "cites: [demo2019]" in text
    load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    bib = demo_root / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{demo2019,", "{demo2020,"), "utf-8")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert _summary(after) == _summary(load_project(demo_root, demo_root / "seeds"))
    assert any(p.path == events and "demo2019" in p.message for p in after.problems)
    folder = demo_root / "sources" / "register"
    moved = demo_root / "elsewhere"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    linked = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert any("is a symbolic link" in p.message for p in linked.problems)
    assert linked.register.entries == {}


def test_a_file_known_by_its_status_is_not_read_and_an_edit_is_still_seen(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose last change was well before a run read it is known by its status
    (device, inode, size, modification and change times) the next time, and not read: an
    edit that restores the modification time still changes the change time, and is seen.
    (Here every file counts as settled: the test's files are seconds old.)"""
    monkeypatch.setattr(parse_cache_module, "SETTLED_NS", -(10**18))
    cache = demo_root / "build" / ".edition-cache"
    expected = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    read: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        read.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache)) == expected
    register = demo_root / "sources" / "register" / "actors.yaml"
    assert register not in read  # known by its status
    times = register.stat()
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("A fixture person", "A changed person"), encoding="utf-8")
    os.utime(register, ns=(times.st_atime_ns, times.st_mtime_ns))
    project = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    described = [e.description for e in project.register.entries.values()]
    assert any("A changed person" in d for d in described)
    assert register in read


def test_the_bibliography_and_the_pages_are_read_once_per_content(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bibliography's checks, its groups' (the pages' filters) and the register pages
    (found by their directive) are kept per content of those files: a run with none of
    them changed reads none; a page that stops listing the register is seen. (Every file
    counts as settled, as above.)"""
    monkeypatch.setattr(parse_cache_module, "SETTLED_NS", -(10**18))
    cache = demo_root / "build" / ".edition-cache"
    first = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert first.anchors()["register/actors"]  # the entries it lists
    read: list[Path] = []
    read_text = Path.read_text

    def counted(path: Path, *args: Any, **kwargs: Any) -> str:
        read.append(path)
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    again = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert (_summary(again), again.anchors()) == (_summary(first), first.anchors())
    assert [p for p in read if p.suffix in (".bib", ".md")] == []
    page = demo_root / "docs" / "register" / "actors.md"
    page.write_text(read_text(page).replace("{edition-register} actors", "{note}"), "utf-8")
    after = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert after.anchors()["register/actors"] == []
    assert after.anchors() == load_project(demo_root, demo_root / "seeds").anchors()


def test_a_check_of_kept_files_imports_no_validator_or_markup_parser(demo_root: Path) -> None:
    """The schema validators and the MyST parser are imported when a file is first parsed:
    a check whose files are all kept (a pre-commit hook's) spends no time importing them."""
    cache = demo_root / "build" / ".edition-cache"
    load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    script = (
        "import sys; from pathlib import Path; from edition.data.project import load_project\n"
        f"root = Path({str(demo_root)!r})\n"
        "load_project(root, root / 'seeds', cache_dir=root / 'build' / '.edition-cache')\n"
        "parsers = ('jsonschema', 'fastjsonschema', 'markdown_it')\n"
        "print(sorted(name for name in parsers if name in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    demo = demo_root / "sources" / "demo" / "notes.yaml"
    demo.write_text(demo.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "['fastjsonschema', 'markdown_it']"  # a file parsed again


def _count_read_backs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The type of each value read back apart (a document's texts, its mentions)."""
    read_back: list[str] = []
    later = ParseCache.later

    def counted(self: ParseCache, key: str) -> Any:
        read = later(self, key)
        if read is None:
            return None

        def reading() -> Any:
            value = read()
            read_back.append(type(value).__name__)
            return value

        return reading

    monkeypatch.setattr(ParseCache, "later", counted)
    return read_back


def test_a_documents_texts_are_read_back_only_when_asked_for(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading reads back each document's index entry (metadata, languages, paragraph
    IDs, notes) and its checks, not its texts and mentions: those are read back when the
    document is first asked for, once. What every page needs of every document (the
    cited-in lists, the notes' search pages) is made without them."""
    from edition.products.search_pages import NOTES_BUNDLE, pages
    from edition.sphinx_ext.citations import cited_in_links

    cache = demo_root / "build" / ".edition-cache"
    first = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    expected = (_summary(first), cited_in_links(first), pages(first, {NOTES_BUNDLE}))
    read_back = _count_read_backs(monkeypatch)
    project = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert [str(p) for p in project.problems] == [str(p) for p in first.problems]
    assert project.anchors() == first.anchors()
    assert "demo" in project.sources and project.documents["demo"].notes
    assert cited_in_links(project) == expected[1]
    assert pages(project, {NOTES_BUNDLE}) == expected[2]
    assert read_back == []
    assert project.sources["demo"] is project.sources["demo"]
    assert sorted(read_back) == ["Source", "tuple"]  # its texts and its mentions, once
    assert _summary(project) == expected[0]


def test_a_document_whose_kept_texts_cannot_be_read_back_is_made_again(
    demo_root: Path,
) -> None:
    cache = demo_root / "build" / ".edition-cache"
    expected = _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache))
    path = cache / ParseCache.FILE
    kept = pickle.loads(path.read_bytes())
    damaged = 0
    for key, value in kept.items():
        try:
            texts = type(pickle.loads(value)).__name__ == "Source"
        except Exception:
            continue
        if texts:
            kept[key], damaged = value[: len(value) // 2], damaged + 1
    assert damaged
    path.write_bytes(pickle.dumps(kept))
    assert _summary(load_project(demo_root, demo_root / "seeds", cache_dir=cache)) == expected


def test_documents_read_when_asked_are_read_once_even_by_two_threads() -> None:
    """The build's thread and the search index's ask for documents at once: both get the
    same one, an unknown slug is a KeyError, and asking whether a slug is there reads
    nothing."""
    import threading
    import time

    from edition.data.source_map import SourcesReadWhenAsked

    reads: list[str] = []

    def reader(slug: str) -> Any:
        def read() -> object:
            reads.append(slug)
            time.sleep(0.05)  # long enough for the other thread to ask meanwhile
            return object()

        return read

    sources = SourcesReadWhenAsked({slug: reader(slug) for slug in ("a", "b")})
    assert "a" in sources and "c" not in sources and list(sources) == ["a", "b"]
    assert reads == []
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(sources["a"])) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 2 and found[0] is found[1] is sources["a"]
    assert set(reads) == {"a"}
    with pytest.raises(KeyError):
        sources["c"]
    assert sources.get("c") is None and len(sources) == 2


def test_the_registers_name_forms_are_read_back_only_to_find_mentions(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register's name forms (each form's entry, and their matcher) are kept apart from
    its entries: a load that finds no text's mentions again does not read them back; one
    whose text changed reads them back once, and finds the same. The entries keep no record
    as loaded (the lines of their values, only the register's checks need them)."""
    cache = demo_root / "build" / ".edition-cache"
    first = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    expected, owner = _summary(first), dict(first.register.owner)
    assert owner
    assert all(entry.located is None for entry in first.register.entries.values())
    read_back = _count_read_backs(monkeypatch)
    project = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert project.register.entries == first.register.entries
    assert read_back == []
    assert project.register.owner == owner
    assert read_back == ["NameForms"]
    translation = demo_root / "sources" / "demo" / "translation.yaml"
    translation.write_text(translation.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read_back.clear()
    again = load_project(demo_root, demo_root / "seeds", cache_dir=cache)
    assert read_back == ["NameForms"]
    assert _summary(again) == expected
