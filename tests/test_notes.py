"""Notes render as numbered footnotes at their phrases; the bibliography links back."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def built(app: Any) -> Any:
    app.build()
    assert app.warning.getvalue() == ""
    return app


def _soup(app: Any, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="basic")
def test_marks_follow_their_phrases_numbered_in_reading_order(built: Any) -> None:
    page = _soup(built, "sources/demo.html")
    marks = [(m["id"], m.get_text()) for m in page.select(".ed-mark")]
    # crosshead, then ¶ 1 original, ¶ 1 translation, then ¶ 2
    assert marks == [
        ("n-head-mark", "[1]"),
        ("n-marker-mark", "[2]"),
        ("n-trans-mark", "[3]"),
        ("n-second-mark", "[4]"),
    ]
    mark = page.select_one("#n-marker-mark")
    assert mark["href"] == "#n-marker"
    text_before = mark.find_parent("p").get_text().split("[2]")[0]
    assert text_before == "First paragraph with a [4]"
    assert page.select_one("#n-head-mark").previous_sibling.endswith("A *heading*")


@pytest.mark.sphinx("html", testroot="basic")
def test_mark_inside_a_line_block_lands_on_its_line(built: Any) -> None:
    lines = _soup(built, "sources/demo.html").select("#p2 .ed-orig .line")
    assert lines[0].select(".ed-mark") == []
    assert lines[1].select_one(".ed-mark")["id"] == "n-second-mark"
    assert lines[1].get_text().startswith("with a second line[4]")


@pytest.mark.sphinx("html", testroot="basic")
def test_notes_are_reachable_and_link_back(built: Any) -> None:
    page = _soup(built, "sources/demo.html")
    notes = page.select(".ed-notes .ed-note")
    assert [n["id"] for n in notes] == ["n-head", "n-marker", "n-trans", "n-second"]
    back = page.select_one("#n-second .label a")
    assert back["href"] == "#n-second-mark" and back.get_text() == "4"
    second = page.select_one("#n-second")
    assert "It has two paragraphs." in second.get_text(" ", strip=True)
    assert second.select_one("em").get_text() == "two"
    assert "A. Contributor, 24 November 2026" in second.select_one(".ed-credit").get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_kind_and_translation_column_are_shown(built: Any) -> None:
    page = _soup(built, "sources/demo.html")
    translation = page.select_one("#n-trans").get_text(" ", strip=True)
    assert "Translation and transcription" in translation
    assert "on the translation" in translation
    assert "ed-mark-trans" in page.select_one("#n-trans-mark")["class"]
    assert "on the translation" not in page.select_one("#n-marker").get_text()
    assert "Reference" in page.select_one("#n-marker").get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_citations_and_paragraph_links_resolve(built: Any) -> None:
    note = _soup(built, "sources/demo.html").select_one("#n-marker")
    hrefs = [a["href"] for a in note.select("a.reference")]
    assert hrefs[0].startswith("../bibliography.html#")
    assert "#p2" in hrefs and "#n-second" in hrefs
    assert "(Doe, 2019)" in note.get_text(" ", strip=True).replace("( ", "(").replace(" )", ")")


@pytest.mark.sphinx("html", testroot="basic")
def test_bibliography_lists_where_each_entry_is_cited(built: Any) -> None:
    page = _soup(built, "bibliography.html")
    entries = page.select(".citation")
    cited = entries[0].select_one(".ed-cited-in")
    assert [a["href"] for a in cited.select("a")] == [
        "sources/demo.html#n-marker",
        "sources/demo.html#n-second",
    ]
    assert "Demo ¶ 1, note 2" in cited.get_text()
    assert "25 July 2019" in entries[0].get_text()
    assert "Not cited" in entries[1].select_one(".ed-cited-in").get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_notes_are_anchors_in_the_lock(built: Any) -> None:
    from edition.sphinx_ext.state import project_of

    anchors = project_of(built).anchors()["sources/demo"]
    assert anchors[-4:] == ["n-head", "n-marker", "n-trans", "n-second"]


@pytest.mark.sphinx("singlehtml", testroot="basic")
def test_a_single_page_build_has_the_cited_in_and_mentioned_in_lists(built: Any) -> None:
    """A builder that assembles every page in one doctree (as the book does) fills the
    lists too: they are resolved under the root document's name."""
    page = _soup(built, "index.html")
    cited = page.select(".ed-cited-in")
    assert cited and "Demo ¶ 1, note 2" in cited[0].get_text()
    mentioned = page.select(".ed-mentioned-in")
    assert mentioned and any(m.select("a") for m in mentioned)
