"""The document page, built by sphinx.testing from the small root ``tests/roots/test-basic``.

Its seed is full of characters that MyST or HTML would read as markup.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def page(app: Any) -> BeautifulSoup:
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def text_only(page: BeautifulSoup) -> BeautifulSoup:
    """The page without its note marks: the text as transcribed."""
    for mark in page.select(".ed-mark"):
        mark.decompose()
    return page


@pytest.mark.sphinx("html", testroot="basic")
def test_rows_are_keyed_by_the_ids_in_the_data(page: BeautifulSoup) -> None:
    rows = page.select(".ed-row")
    assert [row["id"] for row in rows] == ["p1", "p2"]
    assert page.select_one("section#head") is not None


@pytest.mark.sphinx("html", testroot="basic")
def test_each_cell_has_its_language(page: BeautifulSoup) -> None:
    for row in page.select(".ed-row"):
        original, translation = row.select(".ed-cell")
        assert original["lang"] == "en"
        assert translation["lang"] == "ru"
        assert "ed-orig" in original["class"]
        assert "ed-trans" in translation["class"]


@pytest.mark.sphinx("html", testroot="basic")
def test_paragraph_number_is_a_permalink(page: BeautifulSoup) -> None:
    link = page.select_one("#p2 .ed-pnum a")
    assert link["href"] == "#p2"
    assert link.get_text() == "2"


@pytest.mark.sphinx("html", testroot="basic")
def test_transcribed_characters_are_never_markup(text_only: BeautifulSoup) -> None:
    page = text_only
    first = page.select_one("#p1 .ed-orig").get_text().strip()
    assert first == (
        "First paragraph with a [4] marker, an <b>angle</b> & \"quotes\", 'apostrophes' -- "
        "dashes... `code` $x$ &amp; [link](http://x)."
    )
    assert page.select_one("#p1 .ed-orig b") is None
    # the only links are the register's, never the source's "[link](http://x)"
    links = page.select("#p1 .ed-orig a")
    assert links and all("ed-reg" in a["class"] for a in links)
    second = page.select_one("#p2 .ed-orig")
    assert "**bold?** _under_ {sub}`x` <script>alert(1)</script>" in second.get_text()
    assert second.select("script, strong, em") == []
    heading = page.select_one("#head h1, #head h2").get_text()
    assert "A *heading* <i>not</i> emphasis" in heading


@pytest.mark.sphinx("html", testroot="basic")
def test_editorial_heading_is_bracketed_and_anchored(page: BeautifulSoup) -> None:
    section = page.select_one("section#second-part")
    assert "ed-editorial" in section["class"]
    assert section.select_one(".ed-orig").get_text() == "[Second <part>]"
    assert section.select_one(".ed-trans").get_text() == "[Вторая часть]"
    assert section.select_one(".ed-trans")["lang"] == "ru"


@pytest.mark.sphinx("html", testroot="basic")
def test_line_breaks_of_the_source_are_kept(text_only: BeautifulSoup) -> None:
    page = text_only
    lines = page.select("#p2 .ed-orig .line")
    assert [line.get_text() for line in lines] == [
        "Second paragraph: **bold?** _under_ {sub}`x` <script>alert(1)</script>",
        "with a second line.",
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_omissions_are_listed_not_shown(page: BeautifulSoup) -> None:
    assert "Site boilerplate to omit" not in " ".join(c.get_text() for c in page.select(".ed-cell"))
    provenance = page.select_one(".ed-provenance").get_text()
    assert "Site boilerplate to omit" in provenance
    assert "after ¶ 1" in provenance


@pytest.mark.sphinx("html", testroot="basic")
def test_header_shows_metadata_and_unknowns(page: BeautifulSoup) -> None:
    header = page.select_one(".ed-header").get_text(" ")
    assert "25–26 July 2019" in header
    assert "not identified" in header
    assert "58ac661099eeb18d80feb8d77d7558d9abe99d6a0f00943f5f9253ac03dbf97a" in header


@pytest.mark.sphinx("html", testroot="basic")
def test_reading_mode_assets_are_on_the_page(page: BeautifulSoup, app: Any) -> None:
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any(src.split("?")[0].endswith("edition.js") for src in scripts)
    assert (app.outdir / "_static" / "edition.js").read_text(encoding="utf-8").count("localStorage")
    css = (app.outdir / "_static" / "edition.css").read_text(encoding="utf-8")
    assert "@media (max-width" in css


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-rebuild")
def test_rebuild_replaces_a_stale_stylesheet(app_params: Any, make_app: Any) -> None:
    """A second `make html` (a new process, an incremental build) refreshes the CSS."""
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    stale = first.outdir / "_static" / "edition.css"
    stale.write_text("/* from an older build */", encoding="utf-8")
    first.cleanup()
    second = make_app(*args, **kwargs)
    second.build()
    assert second.warning.getvalue() == ""
    assert "ed-row" in stale.read_text(encoding="utf-8")
