"""The document page in a real browser (Debian's chromium driven by Playwright): reading
modes remembered across pages, columns stacking on a phone, permalinks and the targeted row.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pybtex.database
import pytest

from chromium import CHROMIUM, FLAGS  # scripts/chromium.py

RT = "sources/rt-choe-son-hui-2019.html"
ESSAY = "sources/essay-dprk-us-2019.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site(built_edition: Path) -> Iterator[str]:
    """The built edition served on loopback (localStorage needs a real origin)."""
    with _served(built_edition) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        message = "chromium not installed (scripts/install-system-deps.sh chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_reading_mode_is_remembered_across_pages(page: Any, site: str) -> None:
    page.goto(site + RT)
    assert (
        page.locator(".ed-toolbar button[data-mode][aria-pressed=true]")
        .inner_text()
        .endswith("Parallel")
    )
    page.get_by_role("button", name="Original only").click()
    assert page.locator("#p1 .ed-trans").is_hidden()
    assert page.locator("#p1 .ed-orig").is_visible()
    page.goto(site + ESSAY)
    assert page.locator("#p1 .ed-trans").is_hidden()
    pressed = page.locator(".ed-toolbar button[data-mode][aria-pressed=true]")
    assert pressed.inner_text().endswith("Original only")
    page.get_by_role("button", name="Translation only").click()
    page.reload()
    assert page.locator("#p1 .ed-orig").is_hidden()
    assert page.locator("#p1 .ed-trans").is_visible()


def test_columns_side_by_side_on_a_wide_screen(page: Any, site: str) -> None:
    page.goto(site + ESSAY)
    original, translation = _box(page, "#p2 .ed-orig"), _box(page, "#p2 .ed-trans")
    assert abs(original["y"] - translation["y"]) < 2
    assert translation["x"] >= original["x"] + original["width"]


def test_columns_stack_on_a_phone_original_first(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + ESSAY)
    original, translation = _box(page, "#p2 .ed-orig"), _box(page, "#p2 .ed-trans")
    assert translation["y"] >= original["y"] + original["height"] - 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing overflows the phone's width"
    # Each stacked cell is labelled; a crosshead's words are not ("OriginalOn the …").
    label = "el => getComputedStyle(el, '::before').content"
    assert page.locator("#p2 .ed-cell.ed-orig").evaluate(label) == '"Original"'
    page.goto(site + RT)  # the RT text has crossheads
    heading = page.locator(".ed-section h2 .ed-orig").first
    assert heading.evaluate(label) in ("none", "normal")
    context.close()


def test_permalink_targets_and_highlights_the_row(page: Any, site: str) -> None:
    page.goto(site + RT)
    page.locator("#p5 .ed-pnum a").click()
    assert page.url.endswith("#p5")
    highlighted = page.evaluate("getComputedStyle(document.getElementById('p5')).backgroundColor")
    plain = page.evaluate("getComputedStyle(document.getElementById('p4')).backgroundColor")
    assert highlighted != plain


def test_note_marks_can_be_hidden_and_the_choice_is_remembered(page: Any, site: str) -> None:
    page.goto(site + RT)
    mark = page.locator("a.ed-mark").first
    assert mark.is_visible()
    toggle = page.locator("button.ed-marks-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert mark.is_hidden()
    assert toggle.get_attribute("aria-pressed") == "false"
    page.goto(site + ESSAY)
    assert page.locator("a.ed-mark").first.is_hidden()
    page.locator("button.ed-marks-toggle").click()
    assert page.locator("a.ed-mark").first.is_visible()


def test_a_mark_leads_to_its_note_and_back(page: Any, site: str) -> None:
    page.goto(site + RT)
    mark = page.locator("a.ed-mark").first
    mark_id = mark.get_attribute("id")
    note_id = mark.get_attribute("href").lstrip("#")
    mark.click()
    assert page.url.endswith("#" + note_id)
    assert page.locator(f"[id='{note_id}']").is_visible()
    page.locator(f"[id='{note_id}'] .label a").click()
    assert page.url.endswith("#" + mark_id)


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("Бигэн", "register/actors.html#stephen-biegun"),
        ("Кім Чен Ин", "register/actors.html#kim-jong-un"),
        ("Biegun", "register/actors.html#stephen-biegun"),
    ],
)
def test_search_finds_the_register_entry_by_any_name_form(
    page: Any, site: str, query: str, anchor: str
) -> None:
    """From the sidebar's search box of any page to the entry, among the first results."""
    page.goto(site + RT)
    page.fill("input.sidebar-search", query)
    page.press("input.sidebar-search", "Enter")
    page.wait_for_selector(".ed-search-results li", timeout=15000)
    hrefs = page.locator(".ed-search-results li a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert any(anchor in href for href in hrefs[:3]), hrefs


def test_register_link_shows_its_description_on_keyboard_focus(page: Any, site: str) -> None:
    page.goto(site + RT)
    link = page.locator("#p3 .ed-orig a.ed-reg-link").first
    link.focus()
    tip = page.locator("#ed-tip")
    assert tip.is_visible()
    description = link.get_attribute("data-description")
    assert description and ": " in description  # "Name: short description"
    assert tip.inner_text() == description
    assert link.get_attribute("aria-describedby") == "ed-tip"
    page.keyboard.press("Tab")
    assert link.get_attribute("aria-describedby") is None


def test_register_links_can_be_hidden_and_the_choice_is_remembered(page: Any, site: str) -> None:
    """ "Register links" beside "Note marks": hidden, the names read as plain text (no
    underline, no tab stop), on every page until shown again."""
    page.goto(site + ESSAY)
    button = page.get_by_role("button", name="Register links")
    assert button.get_attribute("aria-pressed") == "true"
    link = page.locator("#p3 .ed-orig a.ed-reg-link").first
    assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert link.get_attribute("tabindex") == "-1"
    page.goto(site + RT)
    button = page.get_by_role("button", name="Register links")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.locator("a.ed-reg-link").first.get_attribute("tabindex") == "-1"
    button.click()
    assert page.locator("a.ed-reg-link").first.get_attribute("tabindex") is None
    assert button.get_attribute("aria-pressed") == "true"


def test_cite_a_paragraph_copies_its_citation(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "sources/zhebin-2024.html")
    page.locator("#p1 .ed-cite-button").click()
    popover = page.locator(".ed-cite-popover")
    text = popover.locator("p").inner_text()
    assert text.startswith("Zhebin, A. Z. (2024)")
    assert "version 0.1.0" in text and "¶ 1." in text and "zhebin-2024.html#p1" in text
    popover.get_by_role("button", name="Copy", exact=True).click()
    assert page.evaluate("navigator.clipboard.readText()") == text
    popover.get_by_role("button", name="Copy BibTeX").click()
    bibtex = page.evaluate("navigator.clipboard.readText()")
    entry = pybtex.database.parse_string(bibtex, "bibtex").entries["zhebin-2024-p1"]
    assert entry.fields["pages"] == "¶ 1" and entry.fields["url"].endswith("#p1")
    page.keyboard.press("Escape")
    assert popover.count() == 0
    context.close()


def test_cite_a_note(page: Any, site: str) -> None:
    page.goto(site + RT)
    note = page.locator(".ed-note").first
    note.locator(".ed-cite-button").click()
    text = page.locator(".ed-cite-popover p").inner_text()
    assert "note 1." in text and f"#{note.get_attribute('id')}" in text


def test_note_mark_previews_its_note_on_focus(page: Any, site: str) -> None:
    page.goto(site + RT)
    mark = page.locator("a.ed-mark").first
    mark.focus()
    tip = page.locator("#ed-tip")
    assert tip.is_visible()
    note_id = mark.get_attribute("href").lstrip("#")
    note_text = " ".join(page.locator(f"[id='{note_id}'] p").first.inner_text().split())
    assert tip.inner_text()[:40].lower() == note_text[:40].lower()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert page.url.endswith(RT)  # the preview never left the page


def test_first_tap_on_a_phone_previews_and_does_not_navigate(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site + RT)
    mark = page.locator("a.ed-mark").first
    mark.scroll_into_view_if_needed()
    mark.tap()
    assert page.locator("#ed-tip").is_visible()
    assert "#" not in page.url
    context.close()


def _is_redirect(path: Path) -> bool:
    """A page the edition writes only to send the reader on (site_pages, retired pages)."""
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violation_on_any_page(
    browser: Any, site: str, built_edition: Path, width: int, theme: str
) -> None:
    """axe-core (bundled with axe-playwright-python, nothing downloaded) on every page, on a
    wide screen and a phone, in furo's light and dark themes: no violation of any impact
    (landmark-unique is "moderate"; a code block that scrolls sideways, "serious")."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = sorted(
        p.relative_to(built_edition).as_posix()
        for p in built_edition.rglob("*.html")
        if not _is_redirect(p)
    )
    assert len(pages) > 15
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")  # furo's switch
    page = context.new_page()
    found = {}
    for name in pages:
        page.goto(site + name)
        assert page.evaluate("document.body.dataset.theme") == theme
        violations = axe.run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], v["impact"]) for v in violations]
    context.close()
    assert found == {}


def test_a_code_block_wider_than_a_phone_can_be_scrolled_from_the_keyboard(
    browser: Any, site: str
) -> None:
    """A code block that scrolls sideways takes focus (and says so); one that fits takes
    no tab stop, also after the window changes width."""
    mismatched = """[...document.querySelectorAll('pre')].filter(pre =>
        (pre.scrollWidth > pre.clientWidth) !== (pre.getAttribute('tabindex') === '0')
        || (pre.hasAttribute('tabindex') && !pre.getAttribute('aria-label'))).length"""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(site + "performance.html")
    assert page.locator("pre[tabindex='0'][role='region']").count() > 0
    assert page.evaluate(mismatched) == 0
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_timeout(400)
    assert page.evaluate(mismatched) == 0
    context.close()


SERVE_HINT = "make serve"


def test_search_opened_from_disk_says_why_it_needs_a_server(page: Any, built_edition: Path) -> None:
    """On file:// the browser refuses Pagefind's module: the search page, and the sidebar's
    box on every other page, say why in one sentence, and what to type."""
    page.goto((built_edition / "find.html").as_uri() + "?q=Trump")
    note = page.locator("#ed-search .ed-search-offline")
    assert note.is_visible()
    sentence = note.inner_text()
    assert SERVE_HINT in sentence and "served over HTTP" in sentence and "disk" in sentence
    assert sentence.count(".") == 1 and sentence.endswith(".")  # one sentence
    assert page.locator(".ed-search-offline").count() == 1  # not again in the sidebar
    page.goto((built_edition / "sources" / "zhebin-2024.html").as_uri())
    sidebar = page.locator(".sidebar-search-container + .ed-search-offline")
    assert sidebar.inner_text() == sentence
    assert sidebar.is_visible()


def test_search_served_says_nothing_of_a_server(page: Any, site: str) -> None:
    page.goto(site + "find.html")
    page.wait_for_selector("#ed-search-input")
    page.goto(site + "index.html")
    assert page.locator(".ed-search-offline").count() == 0


def test_no_page_requests_anything_missing(page: Any, site: str) -> None:
    """Every request a page makes is answered: the favicon among them (no /favicon.ico)."""
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    for name in ("index.html", "find.html", RT, "register/actors.html"):
        page.goto(site + name)
        page.wait_for_load_state("networkidle")
    assert missing == []
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert page.request.get(icon).headers["content-type"].startswith("image/svg+xml")


def test_screenshots_go_to_build_and_only_readme_images_replace_the_readmes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make screenshots` writes build/screenshots/; the tracked docs/images/ pictures are
    replaced only on purpose, by `make readme-images` (scripts/screenshot.py --readme)."""
    import subprocess
    import sys

    import screenshot  # scripts/screenshot.py

    html = tmp_path / "html"
    html.mkdir()
    (html / "index.html").write_text("<p>built</p>", encoding="utf-8")
    outs = []
    monkeypatch.setattr(screenshot, "shoot", lambda shots, html, out: outs.append(out) or [])
    for argv in ([], ["--readme"]):
        monkeypatch.setattr(sys, "argv", ["screenshot.py", "--html", str(html), *argv])
        assert screenshot.main() == 0
    assert outs == [screenshot.ROOT / "build" / "screenshots", screenshot.ROOT / "docs" / "images"]
    for target, flag in (("screenshots", False), ("readme-images", True)):
        dry = subprocess.run(  # as on a fresh machine: -W makes every install step due
            ["make", "-n", "-W", "pyproject.toml", target],
            cwd=screenshot.ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "'.[test]'" in dry  # Playwright
        assert "scripts/install-system-deps.sh chromium" in dry
        command = next(line for line in dry.splitlines() if "scripts/screenshot.py" in line)
        assert command.endswith("--readme") == flag, command


def test_every_column_and_quotation_has_its_language(page: Any, site: str) -> None:
    page.goto(site + ESSAY)
    langs = page.locator(".ed-row .ed-cell").evaluate_all("cells => cells.map(c => c.lang)")
    assert set(langs) == {"ru", "en"}
    order = page.locator("#p2 .ed-cell").evaluate_all("cells => cells.map(c => c.lang)")
    assert order == ["ru", "en"]  # a screen reader reads the original, then the translation


def test_dark_mode_keeps_the_targeted_row_readable(browser: Any, site: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site + ESSAY + "#p2")
    background = page.evaluate("getComputedStyle(document.getElementById('p2')).backgroundColor")
    red, green, blue = (int(c) for c in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 3 * 128, background  # a dark highlight under light text
    contrast = [v for v in Axe().run(page).response["violations"] if v["id"] == "color-contrast"]
    assert contrast == []
    context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Трампом", "sources/essay-dprk-us-2019.html#p"),  # Russian, another inflection
        ("Кім Чен Ин", "sources/pompeo-bloomberg-2019.html#p"),  # Ukrainian
        ("sanction", "sources/rt-choe-son-hui-2019.html#p"),  # English stem of "sanctions"
        ("Бигэн", "register/actors.html#stephen-biegun"),  # a name form finds the entry
        ("McCune", "sources/rt-choe-son-hui-2019.html#n-name-choi-son-hee"),  # a note
    ],
)
def test_search_finds_paragraphs_in_every_language(
    page: Any, site: str, query: str, expected: str
) -> None:
    page.goto(site + "find.html?q=" + quote(query))
    page.wait_for_selector(".ed-search-results li", timeout=15000)
    links = page.locator(".ed-search-results li a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert any(expected in link for link in links), links
    assert page.locator(".ed-search-results mark").count() > 0  # the words are highlighted


def test_search_merges_every_bundle_of_the_notes(
    page: Any, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large edition's notes are in several bundles (_search/notes-1/ and on): the
    search page merges every bundle _search/bundles.json lists, and finds a note in any."""
    from sphinx.cmd.build import build_main

    from conftest import REPO
    from edition.products import search_pages

    monkeypatch.setattr(search_pages, "NOTES_PER_BUNDLE", 1)  # a bundle per document
    out = tmp_path / "site"
    assert build_main(["-b", "html", "-q", str(REPO / "docs"), str(out)]) == 0
    listed = json.loads((out / "_search" / "bundles.json").read_text(encoding="utf-8"))
    slugs = ("rt-choe-son-hui-2019", "essay-dprk-us-2019", "pompeo-bloomberg-2019")
    bundles = {search_pages.notes_bundle(slug, 4) for slug in slugs}
    assert len(bundles) == 3 and bundles <= set(listed)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    with _served(out) as address:
        for query, note in (  # notes of three documents, in three bundles
            ("McCune", "sources/rt-choe-son-hui-2019.html#n-name-choi-son-hee"),
            ("Singapore summit", "sources/essay-dprk-us-2019.html#n-"),
            ("Yonhap", "sources/pompeo-bloomberg-2019.html#n-"),
        ):
            page.goto(address + "find.html?q=" + quote(query))
            page.wait_for_selector(".ed-search-results li", timeout=15000)
            links = page.locator(".ed-search-results li a").evaluate_all(
                "links => links.map(link => link.getAttribute('href'))"
            )
            assert any(note in link for link in links), links
    assert missing == []


@pytest.mark.parametrize("width", [390, 768, 1440])
def test_document_pages_fit_every_width(browser: Any, site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name in (RT, ESSAY, "sources/zhebin-2024.html", "sources/pompeo-bloomberg-2019.html"):
        page.goto(site + name)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, width, overflow)
        stacked = page.evaluate(
            "(() => { const [o, t] = document.querySelectorAll('.ed-row .ed-cell');"
            " return t.getBoundingClientRect().top > o.getBoundingClientRect().top + 5; })()"
        )
        assert stacked == (width < 740), (name, width)
    context.close()


def test_print_hides_the_controls(page: Any, site: str) -> None:
    page.goto(site + RT)
    page.emulate_media(media="print")
    assert page.locator(".ed-toolbar").is_hidden()
    assert page.locator(".ed-cite-button").first.is_hidden()
    assert page.locator("#p1 .ed-trans").is_visible()  # both columns print
