"""The real edition builds with -W --keep-going -n and zero warnings, and every page has
every paragraph of its document with its translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.data.project import Project

pytestmark = pytest.mark.slow


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_paragraph_is_on_its_page_with_its_translation(
    built_edition: Path, edition: Project
) -> None:
    for source in edition.sources.values():
        page = _soup(built_edition / f"{source.docname}.html")
        for mark in page.select(".ed-mark"):
            mark.decompose()  # the note marks are not part of the text
        translations = source.translation.by_id()
        for block in source.original.rendered:
            element = page.find(id=block.id)
            assert element is not None, f"{source.docname}#{block.id}"
            if block.is_heading:
                continue
            original = element.select_one(".ed-orig")
            translation = element.select_one(".ed-trans")
            assert original["lang"] == source.original.lang
            assert translation["lang"] == source.translation.lang
            assert " ".join(original.get_text().split()) == " ".join(block.text.split())
            assert " ".join(translation.get_text().split()) == " ".join(
                translations[block.id].text.split()
            )


def test_title_page_lists_the_four_documents(built_edition: Path, edition: Project) -> None:
    page = _soup(built_edition / "index.html")
    rows = page.select("table.ed-catalogue tbody tr")
    assert len(rows) == len(edition.sources) == 4
    text = " ".join(row.get_text(" ") for row in rows)
    assert "unsigned" in text and "not identified" in text
    assert "Alexander Z. Zhebin" in text
    links = {a["href"] for a in page.select("table.ed-catalogue a")}
    assert links == {f"{source.docname}.html" for source in edition.sources.values()}


def test_omitted_passages_are_marked_where_they_stood(
    built_edition: Path, edition: Project
) -> None:
    """Each omission of the transcription is a marker in the text, after the block it
    followed, that says what was left out and opens on the omitted text."""
    marked = 0
    for source in edition.sources.values():
        page = _soup(built_edition / f"{source.docname}.html")
        markers = page.select("details.ed-omission")
        omissions = [b for b in source.original.blocks if b.kind == "omission"]
        assert len(markers) == len(omissions), source.slug
        for marker, block in zip(markers, omissions, strict=True):
            assert marker.summary is not None
            assert marker.summary.get_text() == f"[Omitted: {block.reason}]"
            text = marker.select_one(".ed-omission-text")
            assert text is not None and text.get("lang") == source.original.lang
            assert text.get_text("\n") == block.text
            # Between the block it followed and the one after it (omissions have no ID).
            at = source.original.blocks.index(block)
            before = [b for b in source.original.blocks[:at] if b.kind != "omission"]
            after = [b for b in source.original.blocks[at:] if b.kind != "omission"]
            assert not before or marker.find_previous(id=before[-1].id), (source.slug, block.id)
            assert not after or marker.find_next(id=after[0].id), (source.slug, block.id)
            marked += 1
    assert marked >= 5  # the RT text's two photo captions, Zhebin's page furniture


def test_a_name_is_linked_at_its_first_mention_in_each_paragraph(
    built_edition: Path, edition: Project
) -> None:
    """In each paragraph of each column, a register entry is linked once, where the
    paragraph first names it; later mentions are marked, not linked."""
    again = 0
    for source in edition.sources.values():
        page = _soup(built_edition / f"{source.docname}.html")
        for cell in page.select(".ed-row .ed-cell"):
            targets = [a["href"] for a in cell.select("a.ed-reg-link")]
            assert len(targets) == len(set(targets)), (source.slug, cell.get_text()[:60])
            for repeat in cell.select(".ed-reg-again"):
                # the same name was linked before it, in the same paragraph
                assert repeat.find_previous("a", class_="ed-reg-link") in cell.select("a")
            again += len(cell.select(".ed-reg-again"))
        mentions = len(source.mentions)
        shown = len(page.select(".ed-cell a.ed-reg-link, .ed-cell .ed-reg-again"))
        assert shown <= mentions
    assert again > 50  # «США», "US", «КНДР» named again and again


def test_principles_page_explains_the_policies(built_edition: Path) -> None:
    text = _soup(built_edition / "principles.html").get_text(" ")
    for phrase in ("Transcription policy", "Translation policy", "Names and transliteration"):
        assert phrase in text


def test_every_page_in_the_lock_is_built(built_edition: Path, edition: Project) -> None:
    for page, anchors in edition.anchors().items():
        html = built_edition / f"{page}.html"
        assert html.is_file(), page
        soup = _soup(html)
        for anchor in anchors:
            assert soup.find(id=anchor) is not None, f"{page}#{anchor}"


def test_one_search_for_the_whole_site(built_edition: Path) -> None:
    """Every page's sidebar search opens the multilingual search; Sphinx's English-only
    search page and index are not built."""
    for name in ("index.html", "sources/rt-choe-son-hui-2019.html", "register/actors.html"):
        form = _soup(built_edition / name).select_one("form.sidebar-search-container")
        assert form is not None and form["action"].endswith("find.html"), name
    assert (built_edition / "find.html").exists()
    assert not (built_edition / "search.html").exists()
    assert not (built_edition / "searchindex.js").exists()


def test_the_navigation_is_furos_own(
    built_edition: Path, tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sidebar navigation built once per folder (edition.sphinx_ext.navigation) gives every page
    the same HTML as furo computing it page by page, in every folder of the edition. (And the
    build's output, read here too, is what a contributor needs: no dump of MyST's settings,
    no page "referenced in multiple toctrees" by the book's own contents.)"""
    from sphinx.cmd.build import build_main

    from conftest import REPO

    out = tmp_path / "furo-navigation"
    # sphinxcontrib-bibtex's own cite domain too (edition_bibtex_index): the same pages.
    options = [
        "-b",
        "html",
        "-E",
        "-D",
        "edition_navigation_cache=0",
        "-D",
        "edition_bibtex_index=0",
    ]
    assert build_main([*options, str(REPO / "docs"), str(out)]) == 0
    log = capsys.readouterr().out
    assert "build succeeded" in log
    assert "MdParserConfig" not in log
    assert "multiple toctrees" not in log
    pages = sorted(p.relative_to(out) for p in out.rglob("*.html"))
    assert {p.parent for p in pages} >= {Path("."), Path("sources"), Path("register")}
    for page in pages:
        ours = (built_edition / page).read_text(encoding="utf-8")
        assert 'class="sidebar-tree"' in ours or 'http-equiv="refresh"' in ours, page
        assert ours == (out / page).read_text(encoding="utf-8"), page
    # And the cache marks something: the page's own entry, as furo would.
    page = _soup(built_edition / "sources" / "essay-dprk-us-2019.html")
    marked = page.select(".sidebar-tree li.current-page > a.current")
    assert len(marked) == 1 and marked[0]["href"] == "#"


def test_title_pages_show_the_release_without_substitutions(built_edition: Path) -> None:
    """The version reaches the title page through {edition-config}, not MyST substitutions
    (which would render {{ … }} in contributed data with Jinja2)."""
    from importlib.metadata import version

    text = BeautifulSoup((built_edition / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert f"version {version('dprk-us-edition')}." in text.get_text()
    assert "{{" not in text.get_text()


def test_the_search_text_of_a_note_shows_its_links_as_the_page_does(edition: Project) -> None:
    """A {para} link is searched for as the words the page shows ("¶ 3", "Zhebin (2024),
    note 5"), not as its target."""
    import html
    import re

    from edition.products.link_text import link_text
    from edition.products.search_pages import pages

    indexed = "".join(page for site in pages(edition).values() for page in site.values())
    linked = [
        (source, value)
        for source in edition.sources.values()
        for note in source.notes
        for value in re.findall(r"\{para\}`([^`]*)`", note.body)
    ]
    assert len(linked) > 10
    for source, value in linked:
        text = link_text(edition, source.docname, value)[2]
        assert text is not None
        assert f"{{para}}`{value}`" not in indexed and f" {value} " not in indexed
        assert html.escape(text) in indexed


def _is_redirect(soup: BeautifulSoup) -> bool:
    return soup.find("meta", attrs={"http-equiv": "refresh"}) is not None


def test_every_published_page_is_reachable_from_the_title_page(built_edition: Path) -> None:
    """Following the links a reader can click, from index.html, reaches every page the site
    publishes. Not walked: the redirects the edition writes on purpose (the book's own
    pages, book.html and front.html, whose contents the title page shows; retired pages),
    which must lead to a page that exists; the cite/ downloads are not HTML."""
    from urllib.parse import urldefrag, urljoin, urlparse

    published = {p.relative_to(built_edition).as_posix() for p in built_edition.rglob("*.html")}
    redirects = {name for name in published if _is_redirect(_soup(built_edition / name))}
    assert {"book.html", "front.html"} <= redirects
    assert "genindex.html" not in published  # no empty "Index" page
    for name in redirects:
        meta = _soup(built_edition / name).find("meta", attrs={"http-equiv": "refresh"})
        target = urldefrag(urljoin(name, str(meta["content"]).split("url=", 1)[1]))[0]
        assert target in published - redirects, (name, target)

    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        name = queue.pop()
        for link in _soup(built_edition / name).find_all(["a", "form"]):
            href = link.get("href") if link.name == "a" else link.get("action")
            if not href or urlparse(str(href)).scheme:
                continue
            target = urldefrag(urljoin(name, str(href)))[0]
            if target.endswith(".html") and target in published and target not in seen:
                seen.add(target)
                queue.append(target)
    assert published - redirects - seen == set()


def test_every_page_links_the_favicon(built_edition: Path) -> None:
    """The edition's own icon (docs/_static/favicon.svg, drawn, no font), on every page."""
    from urllib.parse import urljoin

    pages = sorted(built_edition.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        name = page.relative_to(built_edition).as_posix()
        icon = _soup(page).find("link", rel=lambda rel: rel and "icon" in rel)
        assert icon is not None, name
        target = built_edition / urljoin(name, str(icon["href"]))
        assert target.is_file(), (name, icon["href"])
        assert target.read_text(encoding="utf-8").lstrip().startswith("<svg"), name


def test_the_sidebars_are_told_apart(built_edition: Path) -> None:
    """furo's two <aside> landmarks carry names (axe-core: landmark-unique)."""
    for name in ("index.html", "sources/zhebin-2024.html", "find.html"):
        asides = _soup(built_edition / name).select("aside.sidebar-drawer, aside.toc-drawer")
        labels = [aside.get("aria-label") for aside in asides]
        assert len(labels) == 2 and None not in labels and len(set(labels)) == 2, name


VNU_JAR = Path(__file__).resolve().parents[1] / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"
# What the Nu HTML Checker says of furo's page structure, not of the edition's markup: the
# page's title is an h1 inside furo's <article>.
THEME_WARNINGS = (
    "Consider using the “h1” element as a top-level heading only",
    "Article lacks heading.",
)


def test_the_nu_html_checker_finds_nothing_in_the_pages(built_edition: Path) -> None:
    """Every page of the site through the Nu HTML Checker (npm's vnu-jar; make test
    installs it): no error, and no warning but the theme's."""
    import json
    import os
    import shutil
    import subprocess

    if not VNU_JAR.is_file() or shutil.which("java") is None:
        message = f"the Nu HTML Checker needs {VNU_JAR} and java (make test installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(built_edition)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    checked = {m["url"] for m in messages}
    reported = [
        f"{m['url'].rpartition('/html/')[2]}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] == "error"
        or (m.get("subType") == "warning" and not m["message"].startswith(THEME_WARNINGS))
    ]
    assert reported == []
    assert len(checked) >= 15  # the pages were read (each has at least the theme's warning)
