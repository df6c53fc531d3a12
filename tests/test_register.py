"""The register links every mention, inflected and misspelt forms too, never inside a word;
ambiguous forms only by a mention record; and its pages list where each entry is named."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from edition.data.matcher import FormMatcher
from edition.data.project import Project, load_project


def _linked(edition: Project, slug: str, entry: str) -> list[str]:
    """The texts of the mentions of ``entry`` in document ``slug``."""
    source = edition.sources[slug]
    found = []
    for mention in source.mentions:
        if mention.entry != entry:
            continue
        text_file = source.original if mention.column == "original" else source.translation
        found.append(text_file.by_id()[mention.paragraph].text[mention.start : mention.end])
    return found


@pytest.mark.parametrize(
    ("slug", "form"),
    [
        ("essay-dprk-us-2019", "Трампа"),
        ("essay-dprk-us-2019", "Трампом"),
        ("essay-dprk-us-2019", "Ким Чен Ына"),
        ("essay-dprk-us-2019", "Бигэн"),
        ("pompeo-bloomberg-2019", "Кім Чен Ина"),
        ("pompeo-bloomberg-2019", "Помпео"),
        ("rt-choe-son-hui-2019", "Choi Son-Hee"),
        ("rt-choe-son-hui-2019", "Tsoi Son Hi"),
        ("rt-choe-son-hui-2019", "Stephen Beagan"),
    ],
)
def test_inflected_and_variant_forms_are_linked(edition: Project, slug: str, form: str) -> None:
    source = edition.sources[slug]
    texts = [b.text for b in source.original.rendered]
    assert any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", t) for t in texts), form
    owners = {
        e for e in edition.register.entries if any(form in t for t in _linked(edition, slug, e))
    }
    assert len(owners) == 1, form


def test_people_are_linked_to_the_right_entries(edition: Project) -> None:
    entries = edition.register.entries
    biegun = next(e for e in entries.values() if "Stephen Beagan" in e.names["en"])
    assert "Бигэн" in " ".join(_linked(edition, "essay-dprk-us-2019", biegun.id))
    choe = next(e for e in entries.values() if "Tsoi Son Hi" in e.names["en"])
    assert "Choi Son-Hee" in choe.names["en"]
    assert "Чхве Сон Хи" in choe.names["ru"]


def test_translations_are_linked_too(edition: Project) -> None:
    source = edition.sources["essay-dprk-us-2019"]
    assert any(m.column == "translation" for m in source.mentions)


def test_never_inside_a_word() -> None:
    matcher = FormMatcher(["США", "Трамп", "Трампа", "Kim Jong Un"])
    text = "СШАшный Трамповский ТрампаX Kim Jong Unx; США, Трампа. (Kim Jong Un)"
    assert [m.form for m in matcher.finditer(text)] == ["США", "Трампа", "Kim Jong Un"]


def test_longest_form_wins() -> None:
    matcher = FormMatcher(["Ким", "Ким Чен Ын", "Ким Чен Ына"])
    assert [m.form for m in matcher.finditer("лидер Ким Чен Ына и Ким")] == [
        "Ким Чен Ына",
        "Ким",
    ]


def test_matcher_finds_what_one_regular_expression_would() -> None:
    """The word index agrees with ``(?<!\\w)(?:longest|...|shortest)(?!\\w)`` on random
    texts: whole words, leftmost, longest, never overlapping."""
    rng = random.Random(7)
    alphabet = ["a", "b", "й", "Ы", " ", " ", "-", "«", "»", ".", "_", "1"]
    for _ in range(300):
        forms = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(8)}
        forms = {f for f in forms if f.strip()}
        text = "".join(rng.choice(alphabet) for _ in range(80))
        ordered = sorted(forms, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
        expected = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text) if m.group(0)]
        found = [(m.start, m.end, m.form) for m in FormMatcher(forms).finditer(text)]
        assert found == expected, (sorted(forms), text)


def test_matching_is_linear_in_the_text_whatever_the_register() -> None:
    """One pattern for all forms: a register a hundred times larger costs about the same.
    (A ratio within one run, not a timing goal.)"""
    words = [f"имя{i:05d}форма" for i in range(5000)]
    text = " ".join(words[i * 37 % 5000] if i % 20 == 0 else "слово" for i in range(60000))

    def cost(forms: list[str]) -> float:
        matcher = FormMatcher(forms)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            sum(1 for _ in matcher.finditer(text))
            best = min(best, time.perf_counter() - start)
        return best

    assert cost(words) < 5 * cost(words[:50])


SCRIPTS = {  # what a name form of each language is written in
    "en": re.compile(r"^[^\u0400-\u04ff\uac00-\ud7a3]+$"),
    # (a Russian or Ukrainian phrase may hold a Latin brand: «интервью Bloomberg»)
    "ru": re.compile(r"^(?=.*[\u0400-\u04ff])[^\uac00-\ud7a3іїєґІЇЄҐ]+$"),
    "uk": re.compile(r"^(?=.*[\u0400-\u04ff])[^\uac00-\ud7a3ыэъёЫЭЪЁ]+$"),
    "ko": re.compile(r"^[\uac00-\ud7a3 ]+$"),
}


def test_name_forms_stand_under_the_language_they_are_in(edition: Project) -> None:
    """Not under the column they were found in: a Russian form met in an English text
    (Zhebin's references) is a Russian form."""
    misfiled = [
        (entry.id, lang, form)
        for entry in edition.register.entries.values()
        for lang, forms in entry.names.items()
        for form in forms
        if not SCRIPTS[lang].match(form)
    ]
    assert misfiled == []


def test_a_form_is_found_in_a_text_of_another_language(edition: Project) -> None:
    """Zhebin's English page cites Russian titles: «США» there links to the United States,
    though it is listed as a Russian form only."""
    usa = edition.register.entries["usa"]
    assert "США" in usa.names["ru"] and "США" not in usa.names.get("en", [])
    source = edition.sources["zhebin-2024"]
    texts = source.original.by_id()
    found = [
        m
        for m in source.mentions
        if m.column == "original"
        and m.entry == "usa"
        and texts[m.paragraph].text[m.start : m.end] == "США"
    ]
    assert found


def test_hangul_says_how_far_it_was_checked(built_edition: Path) -> None:
    """A Hangul form not looked up is marked unverified, on the page and in the TEI."""
    page = BeautifulSoup(
        (built_edition / "register" / "actors.html").read_text(encoding="utf-8"), "html.parser"
    )

    def korean(entry: str) -> str:
        fields = page.select_one(f"section#{entry} dl")
        assert fields is not None
        label = next(dt for dt in fields.select("dt") if dt.get_text().startswith("Korean"))
        return label.find_next_sibling("dd").get_text(" ", strip=True)

    assert korean("kim-jong-un").endswith("[unverified]")
    assert korean("choe-son-hui").endswith("[verified]")
    tei = (built_edition / "tei" / "register.xml").read_text(encoding="utf-8")
    assert '<persName type="form" xml:lang="ko" cert="low">김정은</persName>' in tei
    assert '<persName type="form" xml:lang="ko" cert="high">최선희</persName>' in tei


def test_actors_no_document_names_are_editorial_additions(edition: Project) -> None:
    """An actor that no text names (no link, and none of its forms anywhere in a text) is
    marked as the editors' addition, with the reason; an actor marked so is named nowhere."""
    linked = {m.entry for source in edition.sources.values() for m in source.mentions}
    texts = [
        block.text
        for source in edition.sources.values()
        for text_file in (source.original, source.translation)
        for block in text_file.rendered
    ]
    for entry in edition.register.entries.values():
        if entry.kind != "actor":
            continue
        forms = [form for forms in entry.names.values() for form in forms]
        named = entry.id in linked or any(form in text for form in forms for text in texts)
        added = bool(entry.added_by_editors)
        assert named != added, (entry.id, "named" if named else "not named")


def test_an_editorial_addition_says_so_on_the_register_page(built_edition: Path) -> None:
    page = BeautifulSoup(
        (built_edition / "register" / "actors.html").read_text(encoding="utf-8"), "html.parser"
    )
    fields = page.select_one("section#sweden dl")
    assert fields is not None
    assert "Editorial addition" in fields.get_text()
    assert "No document names Sweden" in fields.get_text()


def test_a_paragraph_that_reports_an_event_is_listed_under_it(
    built_edition: Path, edition: Project
) -> None:
    """A report record ("this paragraph reports event E") puts the paragraph in the entry's
    list on the register page, and the entry in the document's panel and JSON-LD."""
    reports = [(source, r) for source in edition.sources.values() for r in source.reports]
    assert len(reports) >= 15  # Choe Son Hui's press conference alone is told in eight
    pages: dict[str, BeautifulSoup] = {}

    def page(name: str) -> BeautifulSoup:
        if name not in pages:
            path = built_edition / f"{name}.html"
            pages[name] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return pages[name]

    for source, report in reports:
        entry = edition.register.entries[report.entry]
        register = page("register/actors" if entry.kind == "actor" else "register/events")
        section = register.select_one(f"section#{entry.id}")
        assert section is not None
        targets = [a["href"] for a in section.select(".ed-mentioned-in a")]
        assert f"../{source.docname}.html#{report.paragraph}" in targets, (entry.id, targets)
        document = page(source.docname)
        panel = " ".join(p.get_text(" ") for p in document.select(".ed-panel"))
        assert entry.name in panel, (source.slug, entry.id)
        data = json.loads(document.select_one('script[type="application/ld+json"]').string)
        named = [thing["name"] for thing in data.get("mentions", [])]
        assert entry.name in named, (source.slug, entry.id)


def test_ambiguous_forms_are_not_linked_automatically(edition: Project) -> None:
    for form in ("Kim", "Ким", "Кім", "the President"):
        assert form not in edition.register.owner


def test_mention_record_links_and_exclusion_stops(demo_root: Path) -> None:
    project = load_project(demo_root, demo_root / "seeds")
    assert project.problems == []
    source = project.sources["demo"]
    by_entry = {(m.paragraph, m.column, m.entry) for m in source.mentions}
    assert ("p2", "original", "second-person") in by_entry  # "bold", by a mention record
    assert ("p1", "original", "angle-org") in by_entry  # automatic
    assert ("p1", "translation", "angle-org") not in by_entry  # excluded


@pytest.mark.sphinx("html", testroot="basic")
def test_register_pages_list_mentions_by_document(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    actors = BeautifulSoup((app.outdir / "register/actors.html").read_text(), "html.parser")
    entry = actors.select_one("section#second-person")
    assert entry.select_one("h2, h3").get_text().startswith("Second Person")
    mentioned = entry.select_one(".ed-mentioned-in")
    assert [a["href"] for a in mentioned.select("a")] == ["../sources/demo.html#p2"]
    assert "Demo" in mentioned.get_text()
    text = entry.get_text(" ")
    assert "Второй абзац" in text and "둘째" in text and "11 June 2019" in text
    assert entry.select_one("[lang=ru]").get_text() == "Второй абзац"
    unmentioned = actors.select_one("section#angle-org .ed-mentioned-in a")
    assert unmentioned["href"] == "../sources/demo.html#p1"
    events = BeautifulSoup((app.outdir / "register/events.html").read_text(), "html.parser")
    event = events.select_one("section#first-event")
    assert "25–26 July 2019" in event.get_text()
    assert [a["href"] for a in event.select(".field-list a")] == [
        "actors.html#angle-org",
        "actors.html#second-person",
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_mentions_link_with_the_description(app: Any) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "sources/demo.html").read_text(), "html.parser")
    link = page.select_one("#p2 .ed-orig a.ed-reg-link")
    assert link.get_text() == "Second paragraph"
    assert link["href"] == "../register/actors.html#second-person"
    assert link["title"].startswith("Second Person: A fixture person")
    panel = page.select_one(".ed-panel").get_text(" ")
    assert "Actors and events in this document" in panel
    assert "Second Person" in panel and "First event" in panel


@pytest.mark.sphinx("html", testroot="basic")
def test_chronology_has_the_timeline_and_events_in_order(app: Any) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "register/chronology.html").read_text(), "html.parser")
    image = page.select_one("figure.ed-timeline img")
    svg = (app.outdir / "register" / image["src"]).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "First event" in svg and "Demo" in svg
    item = page.select_one("#chrono-first-event")
    assert item.select_one(".ed-mentioned-in a")["href"] == "../sources/demo.html#p1"


@pytest.mark.sphinx("html", testroot="basic")
def test_search_finds_every_name_form(app: Any) -> None:
    """The edition's search indexes each register entry under all its name forms; the
    sidebar's box opens that search, and Sphinx's English-only index is not built."""
    from edition.products.search_pages import pages
    from edition.sphinx_ext.state import project_of

    app.build()
    register = pages(project_of(app))["en"]["register/actors.html"]
    for form in ("Второй абзац", "Second paragraph", "угловые", "Second Person"):
        assert form in register, form
    assert (app.outdir / "_search" / "en" / "pagefind-entry.json").exists()
    assert (app.outdir / "_search" / "notes" / "pagefind-entry.json").exists()
    assert not (app.outdir / "searchindex.js").exists()


def test_the_timeline_spans_its_years_and_shows_earlier_events_as_such() -> None:
    """Events before the axis's first year are drawn above it, in a band marked as
    earlier, with their own dates (not on the first year's line)."""
    from types import SimpleNamespace

    from edition.core.register_entry import EventDate
    from edition.core.source_meta import DocumentDate
    from edition.products.timeline import default_years, timeline_svg

    def event(name: str, day: str) -> SimpleNamespace:
        return SimpleNamespace(name=name, date=EventDate(day, "day"))

    date = DocumentDate("2019-03-15", "2019-03-15", "verified")
    source = SimpleNamespace(meta=SimpleNamespace(date=date, short_title="A text"))
    events = [event("An old test", "2006-10-09"), event("A summit", "2018-06-12")]
    assert default_years([source], events) == (2019, 2019)
    svg = timeline_svg(events, [source], (2017, 2024))
    assert "before 2017" in svg and "2006-10-09</tspan> An old test" in svg
    assert "2017–2024, and 1 earlier" in svg
    years = [int(y) for y in re.findall(r'font-size="13">(\d{4})</text>', svg)]
    assert years == list(range(2017, 2025))
    without = timeline_svg(events[1:], [source], (2017, 2024))
    assert "before 2017" not in without and "earlier" not in without


def test_persons_are_listed_by_their_family_name(built_edition: Path) -> None:
    """A register of persons is read by surname: Korean names have theirs first (Kim Jong
    Un under K, after Kashin), Western names last (Biden, Blinken, Bolton)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (built_edition / "register" / "actors.html").read_text(encoding="utf-8"), "html.parser"
    )
    persons = page.select_one("section#type-person")
    names = [h.get_text().rstrip("¶").strip() for h in persons.select("section.ed-entry > h3")]
    assert len(names) > 10

    def surname(name: str) -> str:
        first_word = ("Kim", "Moon", "Choe", "Ri", "Kang", "Luong")
        return name.split()[0] if name.split()[0] in first_word else name.split()[-1]

    assert names == sorted(names, key=lambda n: (surname(n).lower(), n.lower()))
    assert names.index("Vasily Kashin") < names.index("Kim Jong Un") < names.index("Moon Jae-in")


def test_the_inventory_lists_every_entry_once_by_its_id(built_edition: Path, edition: Any) -> None:
    """``objects.inv`` (for other projects' links) names each register entry by its ID,
    once, at its anchor on its register page."""
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.loads((built_edition / "objects.inv").read_bytes(), uri="").data
    listed = {**inventory["edition:actor"], **inventory["edition:event"]}
    assert sorted(listed) == sorted(edition.register.entries)
    for entry_id, item in listed.items():
        entry = edition.register.entries[entry_id]
        assert item.uri == f"register/{entry.kind}s.html#{entry_id}"
        assert item.display_name == entry.name


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-hangul-role")
def test_register_fields_mark_korean_and_link_participants(app_params: Any, make_app: Any) -> None:
    """The website's entry fields are written as HTML after the post-transforms
    (register_fields_html): a Korean run in a role is still marked as Korean, as the
    post-transform marks it in any other text, and the participants of an event still link
    to their entries."""
    args, kwargs = app_params
    actors = kwargs["srcdir"] / "data" / "sources" / "register" / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("- title: Fixture", "- title: Fixture 둘째"), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "register/actors.html").read_text(), "html.parser")
    field = page.select_one("section#second-person .field-list")
    assert [span.get_text() for span in field.select("[lang=ko]")] == ["둘째", "둘째"]
    events = BeautifulSoup((app.outdir / "register/events.html").read_text(), "html.parser")
    links = events.select("section#first-event .field-list a")
    assert [a["href"] for a in links] == ["actors.html#angle-org", "actors.html#second-person"]
