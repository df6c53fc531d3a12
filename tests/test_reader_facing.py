"""Readers never meet the editors' working notes: no BibTeX key, no "dossier", no event
number of the research notes (E5, E26) and no research-note section number in any text a
reader can see, in the built site (text and tooltips), the LaTeX source of the book and the
e-book. URLs, the attributes that only machines read (href, id, class …), the labels of the
bibliography's own lists and the downloadable citation files are not reader-facing prose and
are left out."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pybtex.database
import pytest

from conftest import REPO

# Attributes whose values a reader sees (tooltips, accessible names, alternative text).
READ_ATTRIBUTES = {"title", "aria-label", "alt"}
URL = re.compile(r"(?:https?|mailto|ftp)://\S+|www\.\S+")
DOSSIER = re.compile(r"\bdossier\b", re.IGNORECASE)
EVENT_NUMBER = re.compile(r"\bE\d{1,2}\b")
# Pages this test does not own: the data-format reference, generated from the JSON Schemas
# in src/ (contributors' documentation), and the changelog, a record written by the
# maintainers. Their wording is reported to their owners; remove an entry once it is fixed.
SECTION_NUMBER = re.compile(r"\bsections?\s+\d+(?:\s*(?:and|,|–|-)\s*\d+)*\b|§\s*\d", re.IGNORECASE)


def _keys() -> list[str]:
    return sorted(pybtex.database.parse_file(str(REPO / "bibliography.bib")).entries.keys())


def _key_pattern(keys: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.:#-])(?:{alternatives})(?![\w-])")


class _ReaderText(HTMLParser):
    """The text of a page as a reader meets it: text nodes and tooltips, without scripts,
    styles and the labels ([E12], [P3]) of the bibliography's lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0  # depth inside script/style
        self._label = 0  # depth inside a bibliography label span

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        classes = dict(attrs).get("class") or ""
        if tag == "span" and ("label" in classes.split() or self._label):
            self._label += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        if tag == "span" and self._label:
            self._label -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._label:
            self.parts.append(data)


def _html_text(page: Path) -> str:
    parser = _ReaderText()
    parser.feed(page.read_text(encoding="utf-8"))
    return URL.sub(" ", " ".join(parser.parts))


# LaTeX: what a command takes as a target, not as text (labels, references, URLs), and the
# labels of the bibliography's lists.
LATEX_TARGETS = re.compile(
    r"\\(?:label|ref|pageref|hyperref|hyperlink|hypertarget|href|url|sphinxhref|sphinxurl"
    r"|sphinxnolinkurl|sphinxstepscope|sphinxAtStartPar|index|ednotemark|ednote\w*)"
    r"(?:\[[^\]]*\])?\{(?:[^{}]|\{[^{}]*\})*\}"
    r"|\\bibitem\[[^\]]*\]|\\begin\{sphinxthebibliography\}\{[^}]*\}"
)


def _latex_text(tex: Path) -> str:
    source = tex.read_text(encoding="utf-8")
    source = source.split(r"\begin{document}", 1)[-1]  # the preamble is not the book's text
    source = LATEX_TARGETS.sub(" ", source)
    source = source.replace(r"\sphinxhyphen{}", "-").replace(r"\_", "_")
    return URL.sub(" ", source)


def _defects(texts: dict[str, str]) -> list[str]:
    keys = _key_pattern(_keys())
    found = []
    for where, text in texts.items():
        for name, pattern in (
            ("BibTeX key", keys),
            ("dossier", DOSSIER),
            ("event number", EVENT_NUMBER),
            ("section number", SECTION_NUMBER),
        ):
            for match in pattern.finditer(text):
                context = " ".join(text[max(0, match.start() - 60) : match.end() + 40].split())
                found.append(f"{where}: {name} {match.group(0)!r}: …{context}…")
    return found


def _report(found: list[str]) -> str:
    return f"{len(found)} places, for example:\n" + "\n".join(found[:40])


def test_the_built_site_shows_no_working_notes(built_edition: Path) -> None:
    texts = {
        str(page.relative_to(built_edition)): _html_text(page)
        for page in sorted(built_edition.rglob("*.html"))
        if "_sources" not in page.parts
    }
    assert len(texts) > 10
    found = _defects(texts)
    assert not found, _report(found)


def _sphinx(builder: str, out: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-E", *extra]
    done = subprocess.run(
        [*command, str(REPO / "docs"), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]


@pytest.fixture(scope="module")
def latex_source(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The LaTeX source of the book, as Sphinx writes it (no xelatex needed)."""
    out = tmp_path_factory.mktemp("latex")
    _sphinx("latex", out)
    return out / "dprk-us-edition.tex"


@pytest.fixture(scope="module")
def epub_pages(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The e-book's pages, as Sphinx writes them before zipping (no epubcheck needed)."""
    out = tmp_path_factory.mktemp("epub")
    _sphinx("epub", out, "-t", "epub", "-D", "epub_basename=dprk-us-edition")
    return out


def test_the_book_shows_no_working_notes(latex_source: Path) -> None:
    found = _defects({latex_source.name: _latex_text(latex_source)})
    assert not found, _report(found)


def test_the_ebook_shows_no_working_notes(epub_pages: Path) -> None:
    texts = {
        str(page.relative_to(epub_pages)): _html_text(page)
        for page in sorted(epub_pages.rglob("*.xhtml"))
    }
    assert texts
    found = _defects(texts)
    assert not found, _report(found)


def test_the_scan_finds_what_it_looks_for() -> None:
    """The patterns catch the defects they are for and pass ordinary prose."""
    text = (
        "see kcna2023kangsunnam (dossier [V], E26); research notes, section 5; "
        "the year in the key is that of the event"
    )
    assert len(_defects({"sample": text})) == 4
    clean = "Published by KCNA on 13 April 2019 (E-mail; see Section A). URL: https://x.org/E5"
    assert _defects({"sample": URL.sub(" ", clean)}) == []
