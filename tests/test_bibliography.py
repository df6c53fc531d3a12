"""The single bibliography: every printed reference and identified marker has its entry,
entries are normalised without losing the printed form, and the page links back."""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.database
import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from edition.project import Project

TRACKING = re.compile(r"[?&](utm_[a-z]+|fbclid|gclid|ysclid|yclid|mc_[a-z]+)=", re.I)
MARKER_REFERENTS = {
    "[1]": "kim2018newyear",
    "[6]": "singapore2018statement",
    "[2]": "kim2019spa",
    "[5]": "biegun2019carnegie",
}


@pytest.fixture(scope="module")
def bib() -> pybtex.database.BibliographyData:
    return pybtex.database.parse_file(str(REPO / "bibliography.bib"))


def test_every_printed_reference_has_a_normalised_entry(
    bib: pybtex.database.BibliographyData,
) -> None:
    for number in range(1, 24):
        entry = bib.entries[f"zhebin-ref{number:02d}"]
        assert entry.fields["keywords"] == "printed"
        assert entry.fields["note"].startswith(f"Printed as reference {number} in Zhebin (2024).")


def test_urls_carry_no_tracking_parameters(bib: pybtex.database.BibliographyData) -> None:
    for key, entry in bib.entries.items():
        assert not TRACKING.search(entry.fields.get("url", "")), key


def test_dates_are_iso_and_agree_with_the_year(bib: pybtex.database.BibliographyData) -> None:
    for key, entry in bib.entries.items():
        for name in ("date", "urldate"):
            if name in entry.fields:
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry.fields[name]), key
        if "date" in entry.fields:
            assert entry.fields["year"] == entry.fields["date"][:4], key


def test_every_entry_is_in_one_group(bib: pybtex.database.BibliographyData) -> None:
    groups = {"printed", "marker", "editorial", "edition-source"}
    for key, entry in bib.entries.items():
        assert entry.fields.get("keywords") in groups, key


def test_each_printed_reference_links_to_its_entry(edition: Project) -> None:
    notes = edition.sources["zhebin-2024"].notes
    for number in range(1, 24):
        on_reference = [n for n in notes if n.paragraph == f"r{number}"]
        assert any(f"zhebin-ref{number:02d}" in n.cites for n in on_reference), number


def test_each_essay_marker_has_its_note(edition: Project) -> None:
    notes = edition.sources["essay-dprk-us-2019"].notes
    for marker in ("[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]"):
        on_marker = [n for n in notes if n.phrase == marker and n.kind == "reference"]
        assert len(on_marker) == 1, marker
        if marker in MARKER_REFERENTS:
            assert MARKER_REFERENTS[marker] in on_marker[0].cites, marker
        else:
            assert "identif" in on_marker[0].body, marker


def test_bibliography_page_shows_every_entry_with_back_links(
    built_edition: Path, bib: pybtex.database.BibliographyData, edition: Project
) -> None:
    page = BeautifulSoup(
        (built_edition / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    entries = page.select("div.citation")
    assert len(entries) == len(bib.entries)
    cited = {key for notes in edition.notes.values() for n in notes for key in n.cites}
    linked = [e for e in entries if e.select(".ed-cited-in a")]
    assert len(linked) == len(cited)
    ids: dict[str, set[str]] = {}  # page -> its element IDs, each page parsed once
    for entry in linked:
        for link in entry.select(".ed-cited-in a"):
            page_name, _, anchor = link["href"].partition("#")
            if page_name not in ids:
                html = (built_edition / page_name).read_text(encoding="utf-8")
                ids[page_name] = set(re.findall(r'\bid="([^"]+)"', html))
            assert anchor in ids[page_name], link["href"]
