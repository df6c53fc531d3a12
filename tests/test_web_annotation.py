"""The notes as W3C Web Annotations and for Hypothesis: valid JSON-LD with the Web
Annotation context (expanded by pyld, offline), and selectors that find each note's phrase
again in the built page.

``tests/data/anno.jsonld`` is the Web Annotation Data Model's JSON-LD context
(https://www.w3.org/ns/anno.jsonld, as published by the W3C), kept here so that the test
never fetches it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from edition.data.project import Project
from edition.products.citation import Edition
from edition.products.web_annotation import CONTEXT, note_html

pytestmark = pytest.mark.slow
CONTEXT_FILE = Path(__file__).parent / "data" / "anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


def _expand(data: dict[str, Any], base: str) -> list[dict[str, Any]]:
    loader = FrozenDocumentLoader(documents={CONTEXT: CONTEXT_FILE})
    return jsonld.expand(data, {"documentLoader": loader, "base": base})


def _collections(site: Path, edition: Project) -> dict[str, dict[str, Any]]:
    found = {}
    for slug in edition.sources:
        path = site / "annotations" / f"{slug}.jsonld"
        found[slug] = json.loads(path.read_text(encoding="utf-8"))
    return found


def test_every_collection_is_web_annotation_json_ld(built_edition: Path, edition: Project) -> None:
    for slug, data in _collections(built_edition, edition).items():
        base = f"https://example.org/edition/annotations/{slug}.jsonld"
        (collection,) = _expand(data, base)
        assert collection["@type"] == [f"{AS}OrderedCollection"]
        (page,) = collection[f"{AS}first"]
        items = page[f"{AS}items"][0]["@list"]
        assert len(items) == len(edition.sources[slug].notes) > 0
        for item in items:
            assert item["@type"] == [f"{OA}Annotation"]
            assert item["@id"].startswith(f"https://example.org/edition/sources/{slug}.html#n-")
            assert item[f"{OA}motivatedBy"][0]["@id"].startswith(OA)
            (body,) = item[f"{OA}hasBody"]
            assert body["@type"] == [f"{OA}TextualBody"]
            (target,) = item[f"{OA}hasTarget"]
            (source,) = target[f"{OA}hasSource"]
            assert source["@id"].startswith(f"https://example.org/edition/sources/{slug}.html#")
            kinds = {s["@type"][0] for s in target[f"{OA}hasSelector"]}
            assert kinds == {f"{OA}TextQuoteSelector", f"{OA}TextPositionSelector"}


def test_an_unknown_context_is_refused_not_fetched() -> None:
    """The check above can fail: a document with another context does not expand."""
    with pytest.raises(jsonld.JsonLdError):
        _expand({"@context": "https://example.org/other.jsonld", "id": "x"}, "https://e.org/")


def _column_text(page: BeautifulSoup, paragraph: str, language: str) -> str:
    """The paragraph's (or crosshead's) text in the column of ``language``, as the page
    shows it, without the note marks: the text of the column's paragraph elements (the
    cell's own line breaks around them are markup), or of the heading's span."""
    element = page.find(id=paragraph)
    if "ed-section" in element.get("class", []):  # a crosshead: its heading's two spans
        column = element.find(["h2", "h3", "h4"]).find("span", lang=language)
        parts = [column]
    else:
        column = element.select_one(f'.ed-cell[lang="{language}"]')
        parts = column.find_all(["p", "div"], recursive=False)
    for mark in column.select("a.ed-mark"):
        mark.decompose()
    lines = []
    for part in parts:  # a line block (an address) is one line per element
        found = part.select("div.line") if "line-block" in part.get("class", []) else [part]
        lines += [line.get_text() for line in found]
    return "\n".join(lines)


def test_every_selector_finds_its_phrase_in_the_built_page(
    built_edition: Path, edition: Project
) -> None:
    for slug, data in _collections(built_edition, edition).items():
        html = (built_edition / "sources" / f"{slug}.html").read_text(encoding="utf-8")
        notes = {note.id: note for note in edition.sources[slug].notes}
        for item in data["first"]["items"]:
            note = notes[item["id"].rpartition("#")[2]]
            target = item["target"]
            paragraph = target["source"].rpartition("#")[2]
            text = _column_text(BeautifulSoup(html, "html.parser"), paragraph, target["language"])
            quote, position = target["selector"]
            assert text[position["start"] : position["end"]] == note.phrase
            context = quote["prefix"] + quote["exact"] + quote["suffix"]
            assert quote["exact"] == note.phrase and text.count(context) == 1, note.id


def test_hypothesis_files_carry_the_notes_in_its_export_shape(
    built_edition: Path, edition: Project
) -> None:
    for slug, source in edition.sources.items():
        path = built_edition / "annotations" / f"{slug}.hypothesis.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"export_date", "export_userid", "client_version", "annotations"}
        assert len(data["annotations"]) == len(source.notes)
        for annotation, note in zip(data["annotations"], source.notes, strict=True):
            (target,) = annotation["target"]
            (quote,) = target["selector"]
            assert quote["type"] == "TextQuoteSelector" and quote["exact"] == note.phrase
            assert annotation["uri"] == target["source"]
            assert annotation["text"] and "{cite" not in annotation["text"]


def test_note_markup_stays_text_in_the_html_body(edition: Project) -> None:
    source = next(iter(edition.sources.values()))
    note = source.notes[0]
    hostile = type(note)(**{**note.__dict__, "body": "A <script>x()</script> & *b*"})
    html = note_html(hostile, source.slug, {}, "../")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<em>b</em>" in html
    site = Edition("E", "Ed", "1.0.0", "2026-12-03", "https://example.org/e/")
    assert site.base_url is not None
